/* csvw.c — CSV writer (see csvw.h). */
#include "report/csvw.h"

#include <string.h>

void csvw_field(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	if (!quote && strpbrk(s, ",\"\r\n"))
		quote = 1;
	if (!quote) {
		buf_append(out, s, n);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

static void write_row(const struct doc *d, size_t t, size_t r, struct buf *out)
{
	size_t nc = doc_n_cols(d, t);
	char tmp[64];
	for (size_t c = 0; c < nc; c++) {
		if (c > 0)
			buf_putc(out, ',');
		if (doc_row_kind(d, t, r) == DOC_ROW_GROUP) {
			if (c == 0)
				csvw_field(out, doc_group_text(d, t, r));
			continue;
		}
		struct doc_cellv v = doc_cell(d, t, r, c);
		if (v.type == DOC_TEXT)
			csvw_field(out, v.text);
		else
			csvw_field(out, doc_format_cell(&v, DOC_FMT_PLAIN, tmp, sizeof tmp));
	}
	buf_putc(out, '\n');
}

int csvw_write(const struct doc *d, size_t t, unsigned flags, struct buf *out,
	       struct tc_err *err)
{
	if (t >= doc_n_tables(d))
		return tc_err_set(err, TC_EINTERNAL, "the report has no table %zu to write "
				  "as CSV (it has %zu)", t + 1, doc_n_tables(d));
	if (flags & CSVW_BOM)
		buf_puts(out, "\xEF\xBB\xBF");
	size_t nc = doc_n_cols(d, t);
	for (size_t c = 0; c < nc; c++) {
		if (c > 0)
			buf_putc(out, ',');
		csvw_field(out, doc_col(d, t, c).header);
	}
	buf_putc(out, '\n');
	for (size_t r = 0; r < doc_n_rows(d, t); r++)
		write_row(d, t, r, out);
	if (buf_failed(out))
		return tc_err_set(err, TC_ENOMEM, "the CSV report does not fit in memory "
				  "(or passed the buffer's size cap)");
	return 0;
}
