/* csvw.h — CSV writer for report documents (data exchange, not for print).
 *
 * Writes ONE table of a document: its header row, then every row. Conventions
 * (docs/REPORTS.md): UTF-8; by default a byte-order mark first, because Excel
 * on Windows reads a BOM-less CSV as the local ANSI code page and mangles
 * Vietnamese; LF line ends (the project's choice; Excel and every CSV reader
 * accept them); RFC 4180 quoting: a field is quoted when it contains a comma,
 * a double quote, CR or LF, or starts or ends with a space, and quotes inside
 * are doubled. Numbers as data: 95.45 (dot, two decimals for points),
 * percents 87.50 (no sign), integers without grouping, dates yyyy-mm-dd
 * (unambiguous in every locale). A group row is written with its heading in
 * the first field and the other fields empty; metadata, footnotes and
 * signatures are not written.
 */
#ifndef TC_CSVW_H
#define TC_CSVW_H

#include <stddef.h>

#include "report/doc.h"
#include "util/buf.h"
#include "util/err.h"

#define CSVW_BOM 1u /* start with EF BB BF */

/* Appends table `t` of d to out. flags: CSVW_BOM or 0. */
int csvw_write(const struct doc *d, size_t t, unsigned flags, struct buf *out,
	       struct tc_err *err);

/* Appends one field, quoted if needed (exposed for other CSV exports). */
void csvw_field(struct buf *out, const char *s);

#endif
