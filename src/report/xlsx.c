/* xlsx.c — Excel writer (see xlsx.h). libxlsxwriter owns the workbook until
 * workbook_close(), which writes the file and frees everything. */
#include "report/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/fileio.h"
#include "util/mem.h"

#define FONT "Times New Roman"
#define NTYPES (DOC_DATE + 1)

struct fmts {
	lxw_format *cell[2][NTYPES]; /* [bold totals?][type] */
	lxw_format *header, *group, *title, *subtitle, *issuer, *motto, *motto2,
		*place, *formno, *note, *sig, *signame;
};

/* ---- sheet names ---- */

static size_t utf8_seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

char *xlsx_sheet_name(const char *name, size_t index, char *out, size_t n)
{
	size_t o = 0, chars = 0;
	for (const char *p = name ? name : ""; *p && chars < LXW_SHEETNAME_MAX;) {
		size_t len = utf8_seq_len((unsigned char)*p);
		if (strchr("[]:*?/\\", *p) || (unsigned char)*p < 0x20) {
			p++;
			continue;
		}
		if (o == 0 && *p == '\'') {
			p++;
			continue;
		}
		if (o + len + 1 > n)
			break;
		memcpy(out + o, p, len);
		o += len;
		p += len;
		chars++;
	}
	while (o > 0 && (out[o - 1] == '\'' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	if (o == 0)
		snprintf(out, n, "Bảng %zu", index + 1);
	return out;
}

/* ---- formats ---- */

static lxw_format *fmt_new(lxw_workbook *wb, int bold, int size, int align)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, FONT);
	format_set_font_size(f, size);
	if (bold)
		format_set_bold(f);
	if (align)
		format_set_align(f, (uint8_t)align);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static void make_fmts(lxw_workbook *wb, struct fmts *f)
{
	static const char *numfmt[NTYPES] = {NULL, NULL, "#,##0", "0.00", "0.00%", "dd/mm/yyyy"};
	for (int b = 0; b < 2; b++)
		for (int t = 0; t < NTYPES; t++) {
			int align = t == DOC_TEXT || t == DOC_EMPTY ? LXW_ALIGN_LEFT
				  : t == DOC_DATE ? LXW_ALIGN_CENTER : LXW_ALIGN_RIGHT;
			lxw_format *c = fmt_new(wb, b, 11, align);
			format_set_border(c, LXW_BORDER_THIN);
			format_set_text_wrap(c);
			if (numfmt[t])
				format_set_num_format(c, numfmt[t]);
			f->cell[b][t] = c;
		}
	f->header = fmt_new(wb, 1, 11, LXW_ALIGN_CENTER);
	format_set_border(f->header, LXW_BORDER_THIN);
	format_set_text_wrap(f->header);
	format_set_bg_color(f->header, 0xD9D9D9);
	f->group = fmt_new(wb, 1, 11, LXW_ALIGN_LEFT);
	format_set_border(f->group, LXW_BORDER_THIN);
	format_set_text_wrap(f->group);
	format_set_bg_color(f->group, 0xF2F2F2);
	f->title = fmt_new(wb, 1, 14, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->title);
	f->subtitle = fmt_new(wb, 0, 12, LXW_ALIGN_CENTER);
	format_set_italic(f->subtitle);
	format_set_text_wrap(f->subtitle);
	f->issuer = fmt_new(wb, 1, 12, LXW_ALIGN_CENTER);
	f->motto = fmt_new(wb, 1, 12, LXW_ALIGN_CENTER);
	f->motto2 = fmt_new(wb, 1, 12, LXW_ALIGN_CENTER);
	format_set_underline(f->motto2, LXW_UNDERLINE_SINGLE);
	f->place = fmt_new(wb, 0, 12, LXW_ALIGN_CENTER);
	format_set_italic(f->place);
	f->formno = fmt_new(wb, 1, 11, LXW_ALIGN_RIGHT);
	f->note = fmt_new(wb, 0, 11, LXW_ALIGN_LEFT);
	format_set_italic(f->note);
	format_set_text_wrap(f->note);
	f->sig = fmt_new(wb, 1, 12, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->sig);
	f->signame = fmt_new(wb, 1, 12, LXW_ALIGN_CENTER);
}

/* ---- sheet content ---- */

struct sheet {
	lxw_worksheet *ws;
	const struct fmts *f;
	lxw_col_t last;   /* last column of the table */
	lxw_row_t row;    /* next free row */
	lxw_error status; /* first libxlsxwriter error */
};

static void note_err(struct sheet *s, lxw_error e)
{
	if (e != LXW_NO_ERROR && s->status == LXW_NO_ERROR)
		s->status = e;
}

/* Writes text over columns c0..c1 of row r (merged when more than one). */
static void span(struct sheet *s, lxw_row_t r, lxw_col_t c0, lxw_col_t c1,
		 const char *text, lxw_format *f)
{
	if (c1 > c0)
		note_err(s, worksheet_merge_range(s->ws, r, c0, r, c1, text, f));
	else
		note_err(s, worksheet_write_string(s->ws, r, c0, text, f));
}

/* Line `i` (0-based) of a '\n'-separated text into out, "" past the end. */
static const char *line_of(const char *text, int i, char *out, size_t n)
{
	const char *p = text;
	for (; i > 0 && p; i--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		p = "";
	size_t len = strcspn(p, "\n");
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

static int n_lines(const char *text)
{
	int n = *text ? 1 : 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

/* Issuer on the left, motto on the right, form number, place and date. */
static void write_masthead(struct sheet *s, const struct doc *d)
{
	const char *issuer = doc_meta(d, DOC_ISSUER), *form = doc_meta(d, DOC_FORM_NO);
	lxw_col_t split = s->last >= 1 ? (lxw_col_t)((s->last + 1) / 2) : 0;
	lxw_col_t lend = split > 0 ? split - 1 : 0;
	char line[DOC_MAX_TEXT / 16];
	if (*form)
		span(s, s->row++, split, s->last, form, s->f->formno);
	int lines = n_lines(issuer);
	if (doc_motto(d) && lines < 2)
		lines = 2;
	for (int i = 0; i < lines; i++, s->row++) {
		if (i < n_lines(issuer))
			span(s, s->row, 0, lend, line_of(issuer, i, line, sizeof line),
			     s->f->issuer);
		if (doc_motto(d) && i < 2) {
			lxw_row_t r = split > 0 ? s->row : s->row + (lxw_row_t)lines;
			span(s, r, split, s->last, i ? DOC_MOTTO_2 : DOC_MOTTO_1,
			     i ? s->f->motto2 : s->f->motto);
		}
	}
	if (split == 0 && doc_motto(d))
		s->row += 2;
	doc_place_date(d, line, sizeof line);
	if (*line)
		span(s, s->row++, split, s->last, line, s->f->place);
	s->row++;
}

/* A rough row height for wrapped text in `chars` characters of width. */
static double wrapped_height(const char *text, int chars, double line_pt)
{
	int lines = 1, col = 0;
	if (chars < 1)
		chars = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			lines++;
			col = 0;
		} else if (((unsigned char)*p & 0xC0) != 0x80 && ++col > chars) {
			lines++;
			col = 1;
		}
	}
	return lines * line_pt;
}

static int total_width(const struct doc *d, size_t t)
{
	int w = 0;
	for (size_t c = 0; c < doc_n_cols(d, t); c++)
		w += doc_col(d, t, c).width;
	return w;
}

static void write_title(struct sheet *s, const struct doc *d, size_t t)
{
	const char *title = doc_meta(d, DOC_TITLE), *sub = doc_meta(d, DOC_SUBTITLE);
	int w = total_width(d, t);
	if (*title) {
		worksheet_set_row(s->ws, s->row, wrapped_height(title, w, 19), NULL);
		span(s, s->row++, 0, s->last, title, s->f->title);
	}
	if (*sub) {
		worksheet_set_row(s->ws, s->row, wrapped_height(sub, w, 16), NULL);
		span(s, s->row++, 0, s->last, sub, s->f->subtitle);
	}
	s->row++;
}

static void write_cell(struct sheet *s, const struct doc_cellv *v, lxw_col_t c, int bold)
{
	lxw_format *f = s->f->cell[bold][v->type];
	lxw_row_t r = s->row;
	switch (v->type) {
	case DOC_EMPTY:
		note_err(s, worksheet_write_blank(s->ws, r, c, f));
		break;
	case DOC_TEXT:
		note_err(s, worksheet_write_string(s->ws, r, c, v->text, f));
		break;
	case DOC_INT:
		note_err(s, worksheet_write_number(s->ws, r, c, (double)v->num, f));
		break;
	case DOC_PTS:
		note_err(s, worksheet_write_number(s->ws, r, c, (double)v->num / 100.0, f));
		break;
	case DOC_PERCENT:
		note_err(s, worksheet_write_number(s->ws, r, c, (double)v->num / 10000.0, f));
		break;
	case DOC_DATE: {
		lxw_datetime dt = {v->y, v->m, v->d, 0, 0, 0.0};
		note_err(s, worksheet_write_datetime(s->ws, r, c, &dt, f));
		break;
	}
	}
}

static void write_table(struct sheet *s, const struct doc *d, size_t t)
{
	size_t nc = doc_n_cols(d, t);
	double hh = 15;
	for (size_t c = 0; c < nc; c++) {
		struct doc_colv col = doc_col(d, t, c);
		note_err(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
						 col.width, NULL));
		double h = wrapped_height(col.header, col.width, 15);
		hh = h > hh ? h : hh;
		note_err(s, worksheet_write_string(s->ws, s->row, (lxw_col_t)c, col.header,
						   s->f->header));
	}
	worksheet_set_row(s->ws, s->row, hh, NULL);
	note_err(s, worksheet_repeat_rows(s->ws, s->row, s->row));
	worksheet_freeze_panes(s->ws, s->row + 1, 0);
	s->row++;
	for (size_t r = 0; r < doc_n_rows(d, t); r++, s->row++) {
		enum doc_rowkind k = doc_row_kind(d, t, r);
		if (k == DOC_ROW_GROUP) {
			span(s, s->row, 0, s->last, doc_group_text(d, t, r), s->f->group);
			continue;
		}
		for (size_t c = 0; c < nc; c++) {
			struct doc_cellv v = doc_cell(d, t, r, c);
			write_cell(s, &v, (lxw_col_t)c, k == DOC_ROW_TOTAL);
		}
	}
}

static void write_notes_and_sigs(struct sheet *s, const struct doc *d, size_t t)
{
	int w = total_width(d, t);
	if (doc_n_footnotes(d) > 0)
		s->row++;
	for (size_t i = 0; i < doc_n_footnotes(d); i++, s->row++) {
		worksheet_set_row(s->ws, s->row, wrapped_height(doc_footnote(d, i), w, 15), NULL);
		span(s, s->row, 0, s->last, doc_footnote(d, i), s->f->note);
	}
	size_t ns = doc_n_signatures(d);
	if (ns == 0)
		return;
	s->row++;
	lxw_col_t ncols = s->last + 1;
	for (size_t i = 0; i < ns; i++) {
		/* Signature i gets an equal share of the columns (all of them if too few). */
		lxw_col_t c0 = ns <= ncols ? (lxw_col_t)(i * ncols / ns) : 0;
		lxw_col_t c1 = ns <= ncols ? (lxw_col_t)((i + 1) * ncols / ns - 1) : s->last;
		lxw_row_t r = ns <= ncols ? s->row : s->row + (lxw_row_t)(i * 6);
		const char *pos = doc_sig_position(d, i);
		worksheet_set_row(s->ws, r, wrapped_height(pos, 200, 16), NULL);
		span(s, r, c0, c1, pos, s->f->sig);
		span(s, r + 4, c0, c1, doc_sig_name(d, i), s->f->signame);
	}
	s->row += ns <= ncols ? 5 : (lxw_row_t)(ns * 6);
}

static void page_setup(lxw_worksheet *ws, const struct doc *d)
{
	worksheet_set_paper(ws, 9); /* A4 */
	if (doc_orientation(d) == DOC_LANDSCAPE)
		worksheet_set_landscape(ws);
	else
		worksheet_set_portrait(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	/* Decree 30/2020 margins, roughly: left 30 mm, right 15 mm, top/bottom 20 mm. */
	worksheet_set_margins(ws, 1.18, 0.59, 0.79, 0.79);
	worksheet_set_footer(ws, "&C&\"" FONT ",Regular\"Trang &P/&N");
	worksheet_center_horizontally(ws);
}

/* A sheet name not used yet in wb: repeats get " (2)", " (3)"... */
static void unique_name(lxw_workbook *wb, const char *raw, size_t t, char *name, size_t n)
{
	char base[128];
	xlsx_sheet_name(raw, t, base, sizeof base);
	snprintf(name, n, "%s", base);
	for (int k = 2; k < 1000 && workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR;
	     k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof suffix, " (%d)", k);
		size_t chars = 0, cut = strlen(base);
		for (size_t i = 0; base[i]; i++)
			if (((unsigned char)base[i] & 0xC0) != 0x80 &&
			    ++chars > (size_t)(LXW_SHEETNAME_MAX - sl)) {
				cut = i;
				break;
			}
		snprintf(name, n, "%.*s%s", (int)cut, base, suffix);
	}
}

static int build(lxw_workbook *wb, const struct doc *d, struct tc_err *err)
{
	struct fmts f;
	make_fmts(wb, &f);
	for (size_t t = 0; t < doc_n_tables(d); t++) {
		char name[128];
		unique_name(wb, doc_table_name(d, t), t, name, sizeof name);
		struct sheet s = {workbook_add_worksheet(wb, name), &f, 0, 0, LXW_NO_ERROR};
		if (!s.ws)
			return tc_err_set(err, TC_EINTERNAL, "could not add worksheet '%s'", name);
		size_t nc = doc_n_cols(d, t);
		s.last = nc > 0 ? (lxw_col_t)(nc - 1) : 0;
		page_setup(s.ws, d);
		write_masthead(&s, d);
		write_title(&s, d, t);
		write_table(&s, d, t);
		write_notes_and_sigs(&s, d, t);
		if (s.status != LXW_NO_ERROR)
			return tc_err_set(err, TC_EINTERNAL, "writing worksheet '%s': %s", name,
					  lxw_strerror(s.status));
	}
	return 0;
}

/* Writes the workbook to `path` (not atomic; callers handle that). */
static int write_to(const struct doc *d, const char *path, struct tc_err *err)
{
	if (doc_n_tables(d) == 0)
		return tc_err_set(err, TC_EINTERNAL, "the report has no table to write as XLSX");
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return tc_err_set(err, TC_ENOMEM, "out of memory creating an XLSX workbook");
	char *title = tc_strdup(doc_meta(d, DOC_TITLE));
	char *creator = tc_strdup("tiepcan");
	lxw_doc_properties props;
	memset(&props, 0, sizeof props);
	props.title = title;
	props.author = creator;
	if (title && creator)
		workbook_set_properties(wb, &props);
	int rc = build(wb, d, err);
	lxw_error e = workbook_close(wb); /* frees wb in every case */
	tc_free(title);
	tc_free(creator);
	if (rc == 0 && e != LXW_NO_ERROR)
		rc = tc_err_set(err, TC_EIO, "cannot write the XLSX file %s: %s", path,
				lxw_strerror(e));
	return rc;
}

int xlsx_write(const struct doc *d, struct buf *out, struct tc_err *err)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s/tiepcan-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return tc_err_set(err, TC_EIO, "cannot create a temporary file %s: %s; set "
				  "TMPDIR to a writable directory", tmp, strerror(errno));
	close(fd);
	int rc = write_to(d, tmp, err);
	if (rc == 0) {
		size_t len;
		char *data = tc_read_file(tmp, out->max ? out->max : BUF_DEFAULT_MAX, &len, err);
		if (!data)
			rc = -1;
		else if (buf_append(out, data, len) < 0)
			rc = tc_err_set(err, TC_ENOMEM, "the XLSX report does not fit in memory");
		tc_free(data);
	}
	unlink(tmp);
	return rc;
}

int xlsx_write_file(const struct doc *d, const char *path, struct tc_err *err)
{
	/* Through memory, so the file appears whole (temp + rename) with the
	 * usual permissions, like every other file tiepcan writes. */
	struct buf b;
	buf_init(&b, 0);
	int rc = xlsx_write(d, &b, err);
	if (rc == 0)
		rc = tc_write_file_atomic(path, buf_cstr(&b), buf_len(&b), err);
	buf_free(&b);
	return rc;
}
