/* xlsx.h — writes a report document as an Excel workbook (libxlsxwriter).
 *
 * One worksheet per table, named after the table (sanitised, at most 31
 * characters, unique). Each sheet: the issuing body and the national motto
 * block, form number, place and date, the title, the table with a bold,
 * wrapped header row, group rows merged across the table in bold, a bold
 * totals row, footnotes and the signature block. Printing: A4, the document's
 * orientation, fit to one page wide, the header row repeated on every page,
 * page numbers "Trang N/M" in the footer; the panes are frozen below the
 * header row. Numbers are numbers: points with format "0.00", percents
 * "0.00%", integers "#,##0", dates are dates shown "dd/mm/yyyy".
 */
#ifndef TC_XLSX_H
#define TC_XLSX_H

#include <stddef.h>

#include "report/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* Writes the workbook to path atomically (tc_write_file_atomic). */
int xlsx_write_file(const struct doc *d, const char *path, struct tc_err *err);

/* Appends the workbook's bytes to out (libxlsxwriter writes files only, so this
 * goes through a temp file in $TMPDIR or /tmp, removed afterwards). */
int xlsx_write(const struct doc *d, struct buf *out, struct tc_err *err);

/* The sheet name for `name` (table index `index`, 0-based, used when the name
 * is empty): characters Excel forbids ([]:*?/\) removed, at most 31
 * characters (not bytes), no leading or trailing apostrophe. out needs
 * 128 bytes. Returns out. */
char *xlsx_sheet_name(const char *name, size_t index, char *out, size_t n);

#endif
