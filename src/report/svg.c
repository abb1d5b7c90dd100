/* svg.c — SVG charts (see svg.h). Coordinates are int64 hundredths of a pixel
 * ("centi-pixels", cp) and printed with exactly two decimals. */
#include "report/svg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

#define CP 100 /* centi-pixels per pixel */
#define W 640
#define MAX_LABEL 4096

static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
				      "#56B4E9", "#D55E00", "#F0E442", "#999999"};
#define NPAL (sizeof palette / sizeof palette[0])

struct series {
	char *name;
	int64_t *v;
	size_t n, cap;
};

struct tile {
	char *label, *full;
	int col, row;
	size_t cat;
};

struct svg_chart {
	enum svg_kind kind;
	int dec;  /* decimals of category values (histogram bin edges) */
	int vdec; /* decimals of the plotted values (dec, or 0 for counts) */
	char *title, *desc, *unit;
	char **cats;
	size_t ncats, capcats;
	struct series ser[SVG_MAX_SERIES];
	size_t nser;
	struct tile *tiles;
	size_t ntiles, captiles;
};

/* ---- building ---- */

static int check_label(const char *s, struct tc_err *err)
{
	size_t n = strlen(s), bad;
	if (n > MAX_LABEL)
		return tc_err_set(err, TC_EINPUT, "a chart label is %zu bytes long; at most "
				  "%d are allowed", n, MAX_LABEL);
	if (!utf8_valid(s, n, &bad))
		return tc_err_set(err, TC_EINPUT, "a chart label is not valid UTF-8 (byte %zu)",
				  bad);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return tc_err_set(err, TC_EINPUT, "a chart label contains the control "
					  "character 0x%02x; remove it", (unsigned char)s[i]);
	return 0;
}

static char *dup_label(const char *s, struct tc_err *err)
{
	if (check_label(s ? s : "", err) < 0)
		return NULL;
	char *d = tc_strdup(s ? s : "");
	if (!d)
		tc_err_set(err, TC_ENOMEM, "out of memory building a chart");
	return d;
}

static int grow(void **p, size_t *cap, size_t need, size_t size, struct tc_err *err)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *np = tc_reallocarray(*p, ncap, size);
	if (!np)
		return tc_err_set(err, TC_ENOMEM, "out of memory building a chart");
	*p = np;
	*cap = ncap;
	return 0;
}

struct svg_chart *svg_new(enum svg_kind kind, const char *title, int decimals,
			  struct tc_err *err)
{
	if (kind < SVG_BAR_H || kind > SVG_TILES || decimals < 0 || decimals > 4) {
		tc_err_set(err, TC_EINTERNAL, "svg_new: bad kind %d or decimals %d (0 to 4)",
			   (int)kind, decimals);
		return NULL;
	}
	struct svg_chart *c = tc_calloc(1, sizeof *c);
	if (!c) {
		tc_err_set(err, TC_ENOMEM, "out of memory creating a chart");
		return NULL;
	}
	c->kind = kind;
	c->dec = decimals;
	c->vdec = decimals;
	if (!(c->title = dup_label(title, err)) || !(c->desc = dup_label("", err)) ||
	    !(c->unit = dup_label("", err))) {
		svg_free(c);
		return NULL;
	}
	return c;
}

void svg_free(struct svg_chart *c)
{
	if (!c)
		return;
	tc_free(c->title);
	tc_free(c->desc);
	tc_free(c->unit);
	for (size_t i = 0; i < c->ncats; i++)
		tc_free(c->cats[i]);
	tc_free(c->cats);
	for (size_t i = 0; i < c->nser; i++) {
		tc_free(c->ser[i].name);
		tc_free(c->ser[i].v);
	}
	for (size_t i = 0; i < c->ntiles; i++) {
		tc_free(c->tiles[i].label);
		tc_free(c->tiles[i].full);
	}
	tc_free(c->tiles);
	tc_free(c);
}

static int replace(char **dst, const char *s, struct tc_err *err)
{
	char *d = dup_label(s, err);
	if (!d)
		return -1;
	tc_free(*dst);
	*dst = d;
	return 0;
}

int svg_set_desc(struct svg_chart *c, const char *desc, struct tc_err *err)
{
	return replace(&c->desc, desc, err);
}

int svg_set_unit(struct svg_chart *c, const char *unit, struct tc_err *err)
{
	return replace(&c->unit, unit, err);
}

int svg_add_category(struct svg_chart *c, const char *label, struct tc_err *err)
{
	if (c->ncats == SVG_MAX_ITEMS)
		return tc_err_set(err, TC_EINPUT, "a chart has more than %d categories",
				  SVG_MAX_ITEMS);
	if (grow((void **)&c->cats, &c->capcats, c->ncats + 1, sizeof *c->cats, err) < 0)
		return -1;
	if (!(c->cats[c->ncats] = dup_label(label, err)))
		return -1;
	c->ncats++;
	return 0;
}

int svg_add_series(struct svg_chart *c, const char *name, struct tc_err *err)
{
	if (c->nser == SVG_MAX_SERIES)
		return tc_err_set(err, TC_EINPUT, "a chart has more than %d series",
				  SVG_MAX_SERIES);
	struct series *s = &c->ser[c->nser];
	memset(s, 0, sizeof *s);
	if (!(s->name = dup_label(name, err)))
		return -1;
	c->nser++;
	return 0;
}

int svg_add_value(struct svg_chart *c, int64_t v, struct tc_err *err)
{
	if (c->nser == 0)
		return tc_err_set(err, TC_EINTERNAL, "a chart value before any series; call "
				  "svg_add_series() first");
	struct series *s = &c->ser[c->nser - 1];
	if (s->n == SVG_MAX_ITEMS)
		return tc_err_set(err, TC_EINPUT, "a chart series has more than %d values",
				  SVG_MAX_ITEMS);
	if (v != SVG_NONE && (v > SVG_MAX_ABS || v < -SVG_MAX_ABS))
		return tc_err_set(err, TC_EINPUT, "a chart value %" PRId64 " is out of range "
				  "(at most 10^12 in magnitude)", v);
	if (grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v, err) < 0)
		return -1;
	s->v[s->n++] = v;
	return 0;
}

int svg_add_tile(struct svg_chart *c, const char *label, const char *full,
		 int col, int row, size_t category, struct tc_err *err)
{
	if (c->ntiles == SVG_MAX_ITEMS)
		return tc_err_set(err, TC_EINPUT, "a tile grid has more than %d tiles",
				  SVG_MAX_ITEMS);
	if (col < -1 || row < -1 || col > 200 || row > 200 || (col < 0) != (row < 0))
		return tc_err_set(err, TC_EINPUT, "tile '%s' has position (%d, %d); use 0 to "
				  "200 for both, or -1 for both", label, col, row);
	if (grow((void **)&c->tiles, &c->captiles, c->ntiles + 1, sizeof *c->tiles, err) < 0)
		return -1;
	struct tile *t = &c->tiles[c->ntiles];
	memset(t, 0, sizeof *t);
	if (!(t->label = dup_label(label, err)) || !(t->full = dup_label(full, err))) {
		tc_free(t->label);
		return -1;
	}
	if (col < 0) {
		col = (int)(c->ntiles % 10);
		row = (int)(c->ntiles / 10);
	}
	t->col = col;
	t->row = row;
	t->cat = category;
	c->ntiles++;
	return 0;
}

/* ---- formatting ---- */

void svg_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_putc(out, *s);
		}
	}
}

static int64_t pow10i(int n)
{
	int64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* v with dec decimals, decimal comma, '.' between thousands. */
static void put_num(struct buf *b, int64_t v, int dec)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t div = (uint64_t)pow10i(dec);
	char ip[32];
	int len = snprintf(ip, sizeof ip, "%" PRIu64, mag / div);
	if (v < 0)
		buf_putc(b, '-');
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(b, '.');
		buf_putc(b, ip[i]);
	}
	if (dec > 0)
		buf_printf(b, ",%0*" PRIu64, dec, mag % div);
}

/* A plotted value, then the unit if asked. */
static void put_val(struct buf *b, const struct svg_chart *c, int64_t v, int unit)
{
	put_num(b, v, c->vdec);
	if (unit)
		svg_escape(b, c->unit);
}

/* A coordinate in centi-pixels as "12.34". */
static void put_cp(struct buf *b, int64_t cp)
{
	if (cp < 0) {
		buf_putc(b, '-');
		cp = -cp;
	}
	buf_printf(b, "%" PRId64 ".%02" PRId64, cp / CP, cp % CP);
}

/* The first max characters of s, "…" when cut (escaped). */
static void put_short(struct buf *b, const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	char *cut = tc_strndup(s, i);
	svg_escape(b, cut ? cut : "");
	tc_free(cut);
	if (s[i])
		buf_puts(b, "…");
}

/* <title>LABEL: VALUE</title> inside an element. */
static void put_tip(struct buf *b, const struct svg_chart *c, const char *ser,
		    const char *label, int64_t v)
{
	buf_puts(b, "<title>");
	if (c->nser > 1 && *ser) {
		svg_escape(b, ser);
		buf_puts(b, " – ");
	}
	svg_escape(b, label);
	buf_puts(b, ": ");
	put_val(b, c, v, 1);
	buf_puts(b, "</title>");
}

/* ---- scales ---- */

struct scale {
	int64_t lo, hi, step; /* value units */
};

/* A "nice" scale covering 0 and every value, at most 5 steps of 1, 2 or 5
 * times a power of ten. */
static struct scale nice_scale(const struct svg_chart *c)
{
	int64_t mn = 0, mx = 0;
	for (size_t s = 0; s < c->nser; s++)
		for (size_t i = 0; i < c->ser[s].n; i++) {
			int64_t v = c->ser[s].v[i];
			if (v == SVG_NONE)
				continue;
			mn = v < mn ? v : mn;
			mx = v > mx ? v : mx;
		}
	struct scale sc = {0, 0, 1};
	if (mx == mn)
		mx = mn + pow10i(c->vdec); /* all zero: one unit */
	static const int64_t m[3] = {1, 2, 5};
	for (int64_t p = 1;; p *= 10) {
		for (int k = 0; k < 3; k++) {
			int64_t st = m[k] * p;
			int64_t lo = mn < 0 ? -((-mn + st - 1) / st) * st : 0;
			int64_t hi = mx > 0 ? (mx + st - 1) / st * st : 0;
			if ((hi - lo) / st <= 5) {
				sc.lo = lo;
				sc.hi = hi;
				sc.step = st;
				return sc;
			}
		}
	}
}

/* Position of v on an axis from start (cp) of length len (cp). */
static int64_t map(const struct scale *sc, int64_t v, int64_t start, int64_t len)
{
	int64_t range = sc->hi - sc->lo, alen = len < 0 ? -len : len;
	int64_t off = ((v - sc->lo) * alen + range / 2) / range; /* rounded, >= 0 */
	return len < 0 ? start - off : start + off;
}

static int64_t value_at(const struct svg_chart *c, size_t s, size_t i)
{
	return i < c->ser[s].n ? c->ser[s].v[i] : SVG_NONE;
}

/* ---- pieces ---- */

static void open_svg(struct buf *b, const struct svg_chart *c, int w, int h)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		   "role=\"img\" aria-label=\"", w, h);
	svg_escape(b, c->title);
	buf_puts(b, "\" font-family=\"sans-serif\" font-size=\"12\"><title>");
	svg_escape(b, c->title);
	buf_puts(b, "</title>");
	if (*c->desc) {
		buf_puts(b, "<desc>");
		svg_escape(b, c->desc);
		buf_puts(b, "</desc>");
	}
	buf_printf(b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\" "
		   "text-anchor=\"middle\">", w, h, w / 2);
	put_short(b, c->title, 80);
	buf_puts(b, "</text>");
}

/* Series legend at y (px) when there is more than one series. */
static int legend(struct buf *b, const struct svg_chart *c, int y)
{
	if (c->nser < 2)
		return 0;
	int x = 60;
	for (size_t s = 0; s < c->nser; s++) {
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			   "<text x=\"%d\" y=\"%d\">", x, y, palette[s % NPAL], x + 16, y + 10);
		put_short(b, c->ser[s].name, 24);
		buf_puts(b, "</text>");
		x += 40 + 8 * (int)(strlen(c->ser[s].name) < 24 ? strlen(c->ser[s].name) : 24);
	}
	return 20;
}

/* Value ticks and grid lines along an axis. horiz: the value axis is x. */
static void ticks(struct buf *b, const struct svg_chart *c, const struct scale *sc,
		  int horiz, int64_t start, int64_t len, int64_t a0, int64_t a1)
{
	for (int64_t v = sc->lo; v <= sc->hi; v += sc->step) {
		int64_t p = map(sc, v, start, horiz ? len : -len);
		buf_puts(b, "<line stroke=\"#ccc\" stroke-width=\"1\" ");
		if (horiz) {
			buf_puts(b, "x1=\""); put_cp(b, p); buf_puts(b, "\" x2=\""); put_cp(b, p);
			buf_puts(b, "\" y1=\""); put_cp(b, a0); buf_puts(b, "\" y2=\"");
			put_cp(b, a1); buf_puts(b, "\"/><text text-anchor=\"middle\" x=\"");
			put_cp(b, p); buf_puts(b, "\" y=\""); put_cp(b, a1 + 16 * CP);
		} else {
			buf_puts(b, "y1=\""); put_cp(b, p); buf_puts(b, "\" y2=\""); put_cp(b, p);
			buf_puts(b, "\" x1=\""); put_cp(b, a0); buf_puts(b, "\" x2=\"");
			put_cp(b, a1); buf_puts(b, "\"/><text text-anchor=\"end\" x=\"");
			put_cp(b, a0 - 6 * CP); buf_puts(b, "\" y=\""); put_cp(b, p + 4 * CP);
		}
		buf_puts(b, "\">");
		put_val(b, c, v, 0);
		buf_puts(b, "</text>");
	}
}

/* A bar between value positions p0 and p1 across [q, q + thick). */
static void bar(struct buf *b, const struct svg_chart *c, size_t s, size_t i, int horiz,
		int64_t p0, int64_t p1, int64_t q, int64_t thick)
{
	int64_t lo = p0 < p1 ? p0 : p1, len = p0 < p1 ? p1 - p0 : p0 - p1;
	buf_printf(b, "<rect class=\"bar\" fill=\"%s\" x=\"", palette[s % NPAL]);
	put_cp(b, horiz ? lo : q);
	buf_puts(b, "\" y=\"");
	put_cp(b, horiz ? q : lo);
	buf_puts(b, "\" width=\"");
	put_cp(b, horiz ? len : thick);
	buf_puts(b, "\" height=\"");
	put_cp(b, horiz ? thick : len);
	buf_puts(b, "\">");
	put_tip(b, c, c->ser[s].name, c->cats[i], value_at(c, s, i));
	buf_puts(b, "</rect>");
}

/* ---- charts ---- */

static void bars_h(struct buf *b, const struct svg_chart *c)
{
	int top = 40, row = 24, h;
	int leg = 0;
	h = top + 20 * (c->nser > 1) + (int)c->ncats * row + 30;
	open_svg(b, c, W, h);
	leg = legend(b, c, top - 6);
	top += leg;
	struct scale sc = nice_scale(c);
	int64_t x0 = 200 * CP, len = 380 * CP, base = map(&sc, 0, x0, len);
	int64_t y1 = (int64_t)(top + (int)c->ncats * row) * CP;
	ticks(b, c, &sc, 1, x0, len, (int64_t)top * CP, y1);
	int64_t thick = 16 * CP / (int64_t)(c->nser ? c->nser : 1);
	for (size_t i = 0; i < c->ncats; i++) {
		int64_t yq = (int64_t)(top + (int)i * row + 4) * CP;
		buf_puts(b, "<text text-anchor=\"end\" x=\"194\" y=\"");
		put_cp(b, yq + 12 * CP);
		buf_puts(b, "\">");
		put_short(b, c->cats[i], 30);
		buf_puts(b, "</text>");
		for (size_t s = 0; s < c->nser; s++) {
			int64_t v = value_at(c, s, i);
			if (v == SVG_NONE)
				continue;
			int64_t p = map(&sc, v, x0, len);
			bar(b, c, s, i, 1, base, p, yq + (int64_t)s * thick, thick);
			buf_puts(b, "<text font-size=\"10\" x=\"");
			put_cp(b, (p > base ? p : base) + 4 * CP);
			buf_puts(b, "\" y=\"");
			put_cp(b, yq + (int64_t)s * thick + thick / 2 + 4 * CP);
			buf_puts(b, "\">");
			put_val(b, c, v, 1);
			buf_puts(b, "</text>");
		}
	}
	buf_puts(b, "<line stroke=\"#333\" x1=\"");
	put_cp(b, base);
	buf_printf(b, "\" x2=\"");
	put_cp(b, base);
	buf_printf(b, "\" y1=\"%d\" y2=\"", top);
	put_cp(b, y1);
	buf_puts(b, "\"/></svg>\n");
}

/* Category labels under a vertical plot, centred in slots of width slot. */
static void x_labels(struct buf *b, const struct svg_chart *c, int64_t x0, int64_t slot,
		     int64_t y)
{
	size_t max = (size_t)(slot / (8 * CP));
	max = max > 1 ? max - 1 : 0; /* room for the ellipsis */
	size_t every = 1;
	if (max < 4) { /* too narrow: label every k-th slot */
		every = (size_t)((5 * 8 * CP + slot - 1) / slot);
		max = 4;
	}
	for (size_t i = 0; i < c->ncats; i += every) {
		buf_puts(b, "<text text-anchor=\"middle\" x=\"");
		put_cp(b, x0 + (int64_t)i * slot + slot / 2);
		buf_puts(b, "\" y=\"");
		put_cp(b, y);
		buf_puts(b, "\">");
		put_short(b, c->cats[i], max);
		buf_puts(b, "</text>");
	}
}

static void bars_v(struct buf *b, const struct svg_chart *c, int touching)
{
	int h = 360;
	open_svg(b, c, W, h);
	int top = 40 + legend(b, c, 34);
	struct scale sc = nice_scale(c);
	int64_t x0 = 70 * CP, x1 = 620 * CP, y1 = 300 * CP, len = y1 - (int64_t)(top + 10) * CP;
	int64_t base = map(&sc, 0, y1, -len);
	ticks(b, c, &sc, 0, y1, len, x0, x1);
	int64_t n = (int64_t)(c->ncats ? c->ncats : 1);
	int64_t slot = (x1 - x0) / n;
	int64_t inner = touching ? slot : slot * 7 / 10;
	int64_t thick = inner / (int64_t)(c->nser ? c->nser : 1);
	for (size_t i = 0; i < c->ncats; i++)
		for (size_t s = 0; s < c->nser; s++) {
			int64_t v = value_at(c, s, i);
			if (v == SVG_NONE)
				continue;
			int64_t q = x0 + (int64_t)i * slot + (slot - inner) / 2 + (int64_t)s * thick;
			bar(b, c, s, i, 0, base, map(&sc, v, y1, -len), q, thick);
		}
	x_labels(b, c, x0, slot, y1 + 18 * CP);
	buf_puts(b, "<line stroke=\"#333\" x1=\"70\" x2=\"620\" y1=\"");
	put_cp(b, base);
	buf_puts(b, "\" y2=\"");
	put_cp(b, base);
	buf_puts(b, "\"/></svg>\n");
}

static void line_series(struct buf *b, const struct svg_chart *c, size_t s,
			const struct scale *sc, int64_t x0, int64_t slot, int64_t y1,
			int64_t len)
{
	const char *col = palette[s % NPAL];
	buf_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"", col);
	int pen = 0;
	for (size_t i = 0; i < c->ncats; i++) {
		int64_t v = value_at(c, s, i);
		if (v == SVG_NONE) {
			pen = 0; /* a gap, not a line through the missing year */
			continue;
		}
		buf_putc(b, pen ? 'L' : 'M');
		put_cp(b, x0 + (int64_t)i * slot + slot / 2);
		buf_putc(b, ' ');
		put_cp(b, map(sc, v, y1, -len));
		pen = 1;
	}
	buf_puts(b, "\"/>");
	for (size_t i = 0; i < c->ncats; i++) {
		int64_t v = value_at(c, s, i);
		if (v == SVG_NONE)
			continue;
		buf_printf(b, "<circle class=\"pt\" r=\"3.5\" fill=\"%s\" cx=\"", col);
		put_cp(b, x0 + (int64_t)i * slot + slot / 2);
		buf_puts(b, "\" cy=\"");
		put_cp(b, map(sc, v, y1, -len));
		buf_puts(b, "\">");
		put_tip(b, c, c->ser[s].name, c->cats[i], v);
		buf_puts(b, "</circle>");
	}
}

static void lines(struct buf *b, const struct svg_chart *c)
{
	open_svg(b, c, W, 360);
	int top = 40 + legend(b, c, 34);
	struct scale sc = nice_scale(c);
	int64_t x0 = 70 * CP, x1 = 620 * CP, y1 = 300 * CP, len = y1 - (int64_t)(top + 10) * CP;
	ticks(b, c, &sc, 0, y1, len, x0, x1);
	int64_t slot = (x1 - x0) / (int64_t)(c->ncats ? c->ncats : 1);
	for (size_t s = 0; s < c->nser; s++)
		line_series(b, c, s, &sc, x0, slot, y1, len);
	x_labels(b, c, x0, slot, y1 + 18 * CP);
	buf_puts(b, "</svg>\n");
}

static void tiles(struct buf *b, const struct svg_chart *c)
{
	int maxc = 0, maxr = -1;
	for (size_t i = 0; i < c->ntiles; i++) {
		maxc = c->tiles[i].col > maxc ? c->tiles[i].col : maxc;
		maxr = c->tiles[i].row > maxr ? c->tiles[i].row : maxr;
	}
	int w = 20 + (maxc + 1) * 60, top = 40;
	w = w < W ? W : w;
	int h = top + (maxr + 1) * 60 + 10 + (int)c->ncats * 20 + 10;
	open_svg(b, c, w, h);
	for (size_t i = 0; i < c->ntiles; i++) {
		const struct tile *t = &c->tiles[i];
		int x = 10 + t->col * 60, y = top + t->row * 60;
		const char *fill = t->cat < c->ncats ? palette[t->cat % NPAL] : "#eee";
		buf_printf(b, "<g><rect class=\"tile\" x=\"%d\" y=\"%d\" width=\"56\" "
			   "height=\"56\" rx=\"4\" fill=\"%s\" stroke=\"#333\"/><title>", x, y, fill);
		svg_escape(b, t->full);
		if (t->cat < c->ncats) {
			buf_puts(b, ": ");
			svg_escape(b, c->cats[t->cat]);
		}
		buf_printf(b, "</title><text x=\"%d\" y=\"%d\" font-size=\"10\" "
			   "text-anchor=\"middle\">", x + 28, y + 32);
		put_short(b, t->label, 8);
		buf_puts(b, "</text></g>");
	}
	int ly = top + (maxr + 1) * 60 + 10;
	for (size_t k = 0; k < c->ncats; k++, ly += 20) {
		buf_printf(b, "<rect x=\"10\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
			   "stroke=\"#333\"/><text x=\"30\" y=\"%d\">", ly, palette[k % NPAL],
			   ly + 11);
		put_short(b, c->cats[k], 60);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</svg>\n");
}

int svg_render(const struct svg_chart *c, struct buf *out, struct tc_err *err)
{
	if (c->kind != SVG_TILES && c->nser == 0)
		return tc_err_set(err, TC_EINPUT, "the chart '%s' has no data series", c->title);
	switch (c->kind) {
	case SVG_BAR_H: bars_h(out, c); break;
	case SVG_BAR_V: bars_v(out, c, 0); break;
	case SVG_HIST: bars_v(out, c, 1); break;
	case SVG_LINE: lines(out, c); break;
	case SVG_TILES: tiles(out, c); break;
	}
	if (buf_failed(out))
		return tc_err_set(err, TC_ENOMEM, "the chart does not fit in memory");
	return 0;
}

/* ---- histogram ---- */

int svg_hist(struct svg_chart *c, const int64_t *vals, size_t n, int64_t lo,
	     int64_t width, size_t nbins, struct tc_err *err)
{
	if (width <= 0 || nbins == 0 || nbins > 200 || lo > SVG_MAX_ABS || lo < -SVG_MAX_ABS ||
	    width > SVG_MAX_ABS / (int64_t)nbins)
		return tc_err_set(err, TC_EINPUT, "histogram bins: width must be positive and "
				  "there must be 1 to 200 bins within ±10^12");
	int64_t *count = tc_calloc(nbins, sizeof *count);
	if (!count)
		return tc_err_set(err, TC_ENOMEM, "out of memory counting a histogram");
	for (size_t i = 0; i < n; i++) {
		int64_t v = vals[i], end = lo + width * (int64_t)nbins;
		size_t k = v <= lo ? 0 : v >= end ? nbins - 1 : (size_t)((v - lo) / width);
		count[k]++;
	}
	int rc = 0;
	struct buf lab;
	buf_init(&lab, 256);
	for (size_t k = 0; k < nbins && rc == 0; k++) {
		buf_reset(&lab);
		put_num(&lab, lo + (int64_t)k * width, c->dec);
		buf_puts(&lab, "–");
		put_num(&lab, lo + (int64_t)(k + 1) * width, c->dec);
		rc = svg_add_category(c, buf_cstr(&lab), err);
	}
	buf_free(&lab);
	if (rc == 0)
		rc = svg_add_series(c, "", err);
	c->vdec = 0; /* the bars are counts */
	for (size_t k = 0; k < nbins && rc == 0; k++)
		rc = svg_add_value(c, count[k], err);
	tc_free(count);
	return rc;
}
