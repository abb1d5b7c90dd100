/* pdf.h — writes a report document as PDF (cairo + pango).
 *
 * A4 pages (portrait or landscape per the document) with the margins of
 * Vietnamese administrative documents (Decree 30/2020: left 30 mm, right
 * 15 mm, top and bottom 20 mm). Page 1 starts with the issuing body on the
 * left and the national motto on the right, the form number, place and date,
 * then the title. Tables: the header row is repeated on every page; long text
 * wraps inside its cell; a row is never split across pages. Then footnotes
 * and the signature block; "Trang N/M" at the bottom of every page. Numbers
 * with a decimal comma and '.' between thousands (95,45; 1.234), percents
 * "87,50%", dates dd/mm/yyyy (doc_format_cell, DOC_FMT_VI).
 *
 * Font: DejaVu Serif (Debian fonts-dejavu-core), found through fontconfig and
 * embedded (subset) by cairo; pango shapes the Vietnamese diacritics. A row
 * taller than a whole page is drawn as is and runs over the bottom margin.
 */
#ifndef TC_PDF_H
#define TC_PDF_H

#include "report/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends the PDF to out. If pages is not NULL it receives the page count. */
int pdf_write(const struct doc *d, struct buf *out, int *pages, struct tc_err *err);

/* Writes the PDF to path atomically. */
int pdf_write_file(const struct doc *d, const char *path, struct tc_err *err);

#endif
