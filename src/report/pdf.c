/* pdf.c — PDF writer (see pdf.h).
 *
 * The document is laid out twice with the same code: a first pass onto a
 * PDF surface whose bytes are discarded counts the pages, so that the second
 * pass can print "Trang N/M". Units are PostScript points (1/72 inch); the
 * pango context is set to 72 dpi so a 10 pt font is 10 units tall.
 */
#include "report/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "util/fileio.h"
#include "util/mem.h"

#define MM (72.0 / 25.4)
#define A4_W (210 * MM)
#define A4_H (297 * MM)
#define PAD 2.5        /* cell padding */
#define FOOTER_H 18.0  /* room kept for "Trang N/M" */

#define F_BODY "DejaVu Serif Condensed 9"
#define F_BODY_B "DejaVu Serif Condensed Bold 9"
#define F_NOTE "DejaVu Serif Italic 8.5"
#define F_HEAD "DejaVu Serif Bold 11"
#define F_HEAD_N "DejaVu Serif 11"
#define F_PLACE "DejaVu Serif Italic 11"
#define F_TITLE "DejaVu Serif Bold 13"
#define F_SUB "DejaVu Serif Italic 11"
#define F_FOOT "DejaVu Serif 8"

struct pdf {
	const struct doc *d;
	cairo_t *cr;
	PangoLayout *lay;
	double pw, ph;      /* page size */
	double x0, cw;      /* content left edge and width */
	double top, bottom; /* content top and bottom y */
	double y;           /* next free y */
	int page;           /* current page, 1-based */
	int total;          /* page count (0 in the counting pass) */
	int measure_only;   /* counting pass: lay out, draw nothing */
	struct cache *cache;
	double colx[DOC_MAX_COLS + 1];
};

/* Measurements shared by the two passes, so the second lays out each cell
 * once (to draw it) instead of measuring everything again. Owned by
 * pdf_write(). */
struct cache {
	size_t nt;
	double **rowh;                    /* [t][0] header, [t][r + 1] row r; 0 = unknown */
	double (*colx)[DOC_MAX_COLS + 1]; /* [t] column edges */
	int *have_cols;
};

/* ---- text ---- */

/* Lays out text in a box of width w; returns its height. Draws it at (x, y)
 * when draw is set. */
static double text_at(struct pdf *p, double x, double y, double w, const char *text,
		      const char *font, PangoAlignment al, int draw)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(p->lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->lay, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->lay, al);
	pango_layout_set_text(p->lay, text, -1);
	int lw, lh;
	pango_layout_get_size(p->lay, &lw, &lh);
	if (draw && !p->measure_only) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->lay);
	}
	return (double)lh / PANGO_SCALE;
}

/* Width of the first line of text in font (for the motto's underline). */
static double text_width(struct pdf *p, const char *text, const char *font)
{
	text_at(p, 0, 0, p->cw, text, font, PANGO_ALIGN_LEFT, 0);
	PangoRectangle ink, logical;
	pango_layout_get_extents(p->lay, &ink, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* A full-width paragraph at p->y; advances y. */
static void para(struct pdf *p, const char *text, const char *font, PangoAlignment al,
		 double gap)
{
	if (!*text)
		return;
	p->y += text_at(p, p->x0, p->y, p->cw, text, font, al, 1) + gap;
}

/* ---- pages ---- */

static void footer(struct pdf *p)
{
	char s[64];
	snprintf(s, sizeof s, "Trang %d/%d", p->page, p->total > 0 ? p->total : p->page);
	text_at(p, p->x0, p->bottom + FOOTER_H / 2, p->cw, s, F_FOOT, PANGO_ALIGN_CENTER, 1);
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = p->top;
}

/* Starts a new page unless h more points fit on this one. Returns 1 if it did. */
static int need(struct pdf *p, double h)
{
	if (p->y + h <= p->bottom || p->y <= p->top)
		return 0;
	new_page(p);
	return 1;
}

/* ---- masthead and title ---- */

/* Issuer (left 40 %) and motto (right 60 %), form number above the motto,
 * place and date under it. */
static void masthead(struct pdf *p)
{
	const struct doc *d = p->d;
	const char *form = doc_meta(d, DOC_FORM_NO);
	double lw = p->cw * 0.4, rx = p->x0 + lw, rw = p->cw - lw;
	if (*form)
		p->y += text_at(p, rx, p->y, rw, form, F_HEAD, PANGO_ALIGN_RIGHT, 1) + 2;
	double yl = p->y, yr = p->y;
	const char *issuer = doc_meta(d, DOC_ISSUER);
	if (*issuer) {
		yl += text_at(p, p->x0, yl, lw, issuer, F_HEAD, PANGO_ALIGN_CENTER, 1);
		/* A short rule under the issuer, as on official forms. */
		cairo_move_to(p->cr, p->x0 + lw * 0.35, yl + 2);
		cairo_line_to(p->cr, p->x0 + lw * 0.65, yl + 2);
		cairo_set_line_width(p->cr, 0.6);
		cairo_stroke(p->cr);
		yl += 4;
	}
	if (doc_motto(d)) {
		yr += text_at(p, rx, yr, rw, DOC_MOTTO_1, F_HEAD, PANGO_ALIGN_CENTER, 1);
		yr += text_at(p, rx, yr, rw, DOC_MOTTO_2, F_HEAD, PANGO_ALIGN_CENTER, 1);
		double uw = text_width(p, DOC_MOTTO_2, F_HEAD);
		cairo_move_to(p->cr, rx + (rw - uw) / 2, yr + 1.5);
		cairo_line_to(p->cr, rx + (rw + uw) / 2, yr + 1.5);
		cairo_set_line_width(p->cr, 0.6);
		cairo_stroke(p->cr);
		yr += 6;
	}
	char place[512];
	doc_place_date(d, place, sizeof place);
	if (*place)
		yr += text_at(p, rx, yr, rw, place, F_PLACE, PANGO_ALIGN_CENTER, 1);
	p->y = (yl > yr ? yl : yr) + 14;
	para(p, doc_meta(d, DOC_TITLE), F_TITLE, PANGO_ALIGN_CENTER, 3);
	para(p, doc_meta(d, DOC_SUBTITLE), F_SUB, PANGO_ALIGN_CENTER, 3);
	p->y += 8;
}

/* ---- tables ---- */

static PangoAlignment col_align(enum doc_type t)
{
	return t == DOC_INT || t == DOC_PTS || t == DOC_PERCENT ? PANGO_ALIGN_RIGHT
	       : t == DOC_DATE ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
}

/* Unwrapped width of the widest cell of non-text column c (0 for text). */
static double natural_width(struct pdf *p, size_t t, size_t c)
{
	struct doc_colv col = doc_col(p->d, t, c);
	if (col.type == DOC_TEXT)
		return 0;
	double w = 0;
	char tmp[64];
	/* The header may wrap between words, not inside one. */
	for (const char *h = col.header; *h;) {
		size_t n = strcspn(h, " \n");
		if (n > 0 && n < sizeof tmp) {
			memcpy(tmp, h, n);
			tmp[n] = '\0';
			double hw = text_width(p, tmp, F_BODY_B);
			w = hw > w ? hw : w;
		}
		h += n;
		h += *h != '\0';
	}
	for (size_t r = 0; r < doc_n_rows(p->d, t); r++) {
		struct doc_cellv v = doc_cell(p->d, t, r, c);
		if (v.type == DOC_EMPTY || v.type == DOC_TEXT)
			continue; /* text in a number column may wrap */
		double cw = text_width(p, doc_format_cell(&v, DOC_FMT_VI, tmp, sizeof tmp),
				       F_BODY_B);
		w = cw > w ? cw : w;
	}
	return w + 2 * PAD + 1;
}

/* Column edges: number and date columns get at least the width of their
 * widest value (numbers never wrap); the text columns share the rest in
 * proportion to their width hints. If that leaves the text columns less than
 * a third of the width, every column is sized by its hint alone. */
static void set_columns(struct pdf *p, size_t t)
{
	size_t nc = doc_n_cols(p->d, t);
	if (p->cache->have_cols[t]) {
		memcpy(p->colx, p->cache->colx[t], sizeof p->colx);
		return;
	}
	double w[DOC_MAX_COLS], fixed = 0, hint_all = 0, hint_text = 0;
	for (size_t c = 0; c < nc; c++) {
		double hint = doc_col(p->d, t, c).width;
		hint_all += hint;
		w[c] = natural_width(p, t, c);
		if (w[c] > 0)
			fixed += w[c];
		else
			hint_text += hint;
	}
	int simple = hint_text == 0 || p->cw - fixed < p->cw / 3;
	double x = p->x0;
	for (size_t c = 0; c < nc; c++) {
		double hint = doc_col(p->d, t, c).width;
		p->colx[c] = x;
		if (simple)
			x += p->cw * hint / hint_all;
		else if (w[c] > 0)
			x += w[c];
		else
			x += (p->cw - fixed) * hint / hint_text;
	}
	p->colx[nc] = p->x0 + p->cw;
	memcpy(p->cache->colx[t], p->colx, sizeof p->colx);
	p->cache->have_cols[t] = 1;
}

static void cell_box(struct pdf *p, double x0, double x1, double h, double grey)
{
	if (grey < 1.0) {
		cairo_set_source_rgb(p->cr, grey, grey, grey);
		cairo_rectangle(p->cr, x0, p->y, x1 - x0, h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	cairo_set_line_width(p->cr, 0.5);
	cairo_rectangle(p->cr, x0, p->y, x1 - x0, h);
	cairo_stroke(p->cr);
}

/* The text of cell c of row r (header row when r == SIZE_MAX). */
static const char *cell_text(struct pdf *p, size_t t, size_t r, size_t c, char *tmp,
			     size_t n)
{
	if (r == SIZE_MAX)
		return doc_col(p->d, t, c).header;
	struct doc_cellv v = doc_cell(p->d, t, r, c);
	return v.type == DOC_TEXT ? v.text : doc_format_cell(&v, DOC_FMT_VI, tmp, n);
}

/* Measures row r (SIZE_MAX: the header row) with the current columns. */
static double measure_row(struct pdf *p, size_t t, size_t r)
{
	size_t nc = doc_n_cols(p->d, t);
	int header = r == SIZE_MAX;
	enum doc_rowkind k = header ? DOC_ROW_TOTAL : doc_row_kind(p->d, t, r);
	const char *font = k != DOC_ROW_DATA ? F_BODY_B : F_BODY;
	char tmp[64];
	if (k == DOC_ROW_GROUP)
		return text_at(p, 0, 0, p->colx[nc] - p->colx[0] - 2 * PAD,
			       doc_group_text(p->d, t, r), font, PANGO_ALIGN_LEFT, 0) + 2 * PAD;
	double h = 0;
	for (size_t c = 0; c < nc; c++) {
		double w = p->colx[c + 1] - p->colx[c] - 2 * PAD;
		double ch = text_at(p, 0, 0, w, cell_text(p, t, r, c, tmp, sizeof tmp), font,
				    PANGO_ALIGN_LEFT, 0);
		h = ch > h ? ch : h;
	}
	return h + 2 * PAD;
}

/* The height of row r, measured once for both passes. */
static double row_h(struct pdf *p, size_t t, size_t r)
{
	double *slot = &p->cache->rowh[t][r == SIZE_MAX ? 0 : r + 1];
	if (*slot <= 0)
		*slot = measure_row(p, t, r);
	return *slot;
}

/* Draws row r at p->y (nothing in the counting pass); returns its height. */
static double draw_row(struct pdf *p, size_t t, size_t r)
{
	double h = row_h(p, t, r);
	if (p->measure_only)
		return h;
	size_t nc = doc_n_cols(p->d, t);
	int header = r == SIZE_MAX;
	enum doc_rowkind k = header ? DOC_ROW_TOTAL : doc_row_kind(p->d, t, r);
	const char *font = k != DOC_ROW_DATA ? F_BODY_B : F_BODY;
	char tmp[64];
	if (k == DOC_ROW_GROUP) {
		cell_box(p, p->colx[0], p->colx[nc], h, 0.93);
		text_at(p, p->colx[0] + PAD, p->y + PAD, p->colx[nc] - p->colx[0] - 2 * PAD,
			doc_group_text(p->d, t, r), font, PANGO_ALIGN_LEFT, 1);
		return h;
	}
	for (size_t c = 0; c < nc; c++) {
		double w = p->colx[c + 1] - p->colx[c] - 2 * PAD;
		cell_box(p, p->colx[c], p->colx[c + 1], h, header ? 0.85 : 1.0);
		PangoAlignment al = header ? PANGO_ALIGN_CENTER
				  : col_align(doc_col(p->d, t, c).type);
		text_at(p, p->colx[c] + PAD, p->y + PAD, w,
			cell_text(p, t, r, c, tmp, sizeof tmp), font, al, 1);
	}
	return h;
}

static void table(struct pdf *p, size_t t)
{
	set_columns(p, t);
	const char *name = doc_table_name(p->d, t);
	size_t nr = doc_n_rows(p->d, t);
	if (doc_n_tables(p->d) > 1 && *name) {
		need(p, 60);
		para(p, name, F_BODY_B, PANGO_ALIGN_LEFT, 4);
	}
	/* The header and the first row stay together. */
	need(p, row_h(p, t, SIZE_MAX) + (nr ? row_h(p, t, 0) : 0));
	p->y += draw_row(p, t, SIZE_MAX);
	for (size_t r = 0; r < nr; r++) {
		/* A group heading is not left alone at the bottom of a page. */
		double keep = doc_row_kind(p->d, t, r) == DOC_ROW_GROUP && r + 1 < nr
			      ? row_h(p, t, r + 1) : 0;
		if (need(p, row_h(p, t, r) + keep))
			p->y += draw_row(p, t, SIZE_MAX);
		p->y += draw_row(p, t, r);
	}
	p->y += 10;
}

/* ---- footnotes and signatures ---- */

static void notes(struct pdf *p)
{
	for (size_t i = 0; i < doc_n_footnotes(p->d); i++) {
		const char *s = doc_footnote(p->d, i);
		need(p, text_at(p, 0, 0, p->cw, s, F_NOTE, PANGO_ALIGN_LEFT, 0));
		para(p, s, F_NOTE, PANGO_ALIGN_LEFT, 2);
	}
}

/* Signatures side by side in equal columns; the block is kept on one page. */
static void signatures(struct pdf *p)
{
	size_t n = doc_n_signatures(p->d);
	if (n == 0)
		return;
	double w = p->cw / (double)n, hmax = 0;
	for (size_t i = 0; i < n; i++) {
		double h = text_at(p, 0, 0, w, doc_sig_position(p->d, i), F_HEAD,
				   PANGO_ALIGN_CENTER, 0);
		hmax = h > hmax ? h : hmax;
	}
	double gap = 60; /* room to sign and stamp */
	need(p, 12 + hmax + gap + 16);
	p->y += 12;
	for (size_t i = 0; i < n; i++) {
		double x = p->x0 + w * (double)i;
		text_at(p, x, p->y, w, doc_sig_position(p->d, i), F_HEAD, PANGO_ALIGN_CENTER, 1);
		text_at(p, x, p->y + hmax + gap, w, doc_sig_name(p->d, i), F_HEAD,
			PANGO_ALIGN_CENTER, 1);
	}
	p->y += hmax + gap + 16;
}

/* ---- driver ---- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;
	if (!b)
		return CAIRO_STATUS_SUCCESS; /* counting pass: discard */
	return buf_append(b, data, len) == 0 ? CAIRO_STATUS_SUCCESS
					      : CAIRO_STATUS_WRITE_ERROR;
}

static PangoLayout *make_layout(cairo_t *cr)
{
	PangoContext *ctx = pango_cairo_create_context(cr);
	pango_cairo_context_set_resolution(ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	PangoLayout *lay = pango_layout_new(ctx);
	g_object_unref(ctx);
	return lay;
}

/* One pass: lays out the document onto a PDF stream into out (NULL: discard).
 * Returns the page count, or -1 with err set. */
static int render(const struct doc *d, struct cache *cache, struct buf *out, int total,
		  struct tc_err *err)
{
	struct pdf p;
	memset(&p, 0, sizeof p);
	p.d = d;
	p.total = total;
	p.measure_only = out == NULL;
	p.cache = cache;
	int land = doc_orientation(d) == DOC_LANDSCAPE;
	p.pw = land ? A4_H : A4_W;
	p.ph = land ? A4_W : A4_H;
	p.x0 = 30 * MM;
	p.cw = p.pw - p.x0 - 15 * MM;
	p.top = 20 * MM;
	p.bottom = p.ph - 20 * MM - FOOTER_H;
	p.y = p.top;
	p.page = 1;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, p.pw, p.ph);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc_meta(d, DOC_TITLE));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "tiepcan");
	p.cr = cairo_create(s);
	p.lay = make_layout(p.cr);
	masthead(&p);
	for (size_t t = 0; t < doc_n_tables(d); t++)
		table(&p, t);
	notes(&p);
	signatures(&p);
	footer(&p);
	cairo_show_page(p.cr);
	cairo_status_t st = cairo_status(p.cr);
	g_object_unref(p.lay);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (out && buf_failed(out))
			return tc_err_set(err, TC_ENOMEM, "the PDF report does not fit in memory");
		return tc_err_set(err, TC_EINTERNAL, "drawing the PDF report failed: %s",
				  cairo_status_to_string(st));
	}
	return p.page;
}

static void cache_free(struct cache *c)
{
	for (size_t t = 0; c->rowh && t < c->nt; t++)
		tc_free(c->rowh[t]);
	tc_free(c->rowh);
	tc_free(c->colx);
	tc_free(c->have_cols);
}

static int cache_init(struct cache *c, const struct doc *d, struct tc_err *err)
{
	memset(c, 0, sizeof *c);
	c->nt = doc_n_tables(d);
	size_t n = c->nt ? c->nt : 1;
	c->rowh = tc_calloc(n, sizeof *c->rowh);
	c->colx = tc_calloc(n, sizeof *c->colx);
	c->have_cols = tc_calloc(n, sizeof *c->have_cols);
	int ok = c->rowh && c->colx && c->have_cols;
	for (size_t t = 0; ok && t < c->nt; t++)
		ok = (c->rowh[t] = tc_calloc(doc_n_rows(d, t) + 1, sizeof **c->rowh)) != NULL;
	if (!ok) {
		cache_free(c);
		return tc_err_set(err, TC_ENOMEM, "out of memory laying out the PDF report");
	}
	return 0;
}

int pdf_write(const struct doc *d, struct buf *out, int *pages, struct tc_err *err)
{
	struct cache c;
	if (cache_init(&c, d, err) < 0)
		return -1;
	int n = render(d, &c, NULL, 0, err);
	int n2 = n < 0 ? -1 : render(d, &c, out, n, err);
	cache_free(&c);
	if (n2 < 0)
		return -1;
	if (n2 != n)
		return tc_err_set(err, TC_EINTERNAL, "the PDF layout is not stable (%d pages, "
				  "then %d)", n, n2);
	if (pages)
		*pages = n;
	return 0;
}

int pdf_write_file(const struct doc *d, const char *path, struct tc_err *err)
{
	struct buf b;
	buf_init(&b, 0);
	int rc = pdf_write(d, &b, NULL, err);
	if (rc == 0)
		rc = tc_write_file_atomic(path, buf_cstr(&b), buf_len(&b), err);
	buf_free(&b);
	return rc;
}
