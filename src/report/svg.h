/* svg.h — server-rendered SVG charts for the dashboards (no JavaScript).
 *
 * Kinds: horizontal and vertical bar charts (one or more series, grouped),
 * line charts (several series over categories such as years), histograms
 * (counts per bin, bars touching) and a tile grid (labelled squares coloured
 * by category: the fallback "map" of communes).
 *
 * Exact numbers: a value is an int64 with `decimals` implied decimals fixed
 * per chart (decimals 2: 9545 is 95,45), like tc_pts. Labels are formatted
 * from the integers (decimal comma, as in the Vietnamese UI) and every
 * coordinate is computed in integer hundredths of a pixel, so the output is
 * the same on every machine and bar lengths are exactly proportional.
 *
 * Output: one <svg> element with a fixed viewBox, role="img", aria-label and
 * <title> (and <desc> if set); every bar, point and tile carries its own
 * <title> "label: value" (a tooltip, and read by screen readers). All text
 * goes through svg_escape(); fonts are the generic "sans-serif", nothing is
 * loaded. Bars are <rect class="bar">, points <circle class="pt">, tiles
 * <rect class="tile">; a theme's CSS may restyle them.
 *
 * Owner: svg_new()'s caller frees with svg_free().
 */
#ifndef TC_SVG_H
#define TC_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define SVG_NONE INT64_MIN       /* a missing value (a gap in a line) */
#define SVG_MAX_ABS 1000000000000LL /* |value| limit: 10^12 */
#define SVG_MAX_ITEMS 5000       /* categories, tiles */
#define SVG_MAX_SERIES 8

enum svg_kind { SVG_BAR_H, SVG_BAR_V, SVG_LINE, SVG_HIST, SVG_TILES };

struct svg_chart;

/* decimals: 0 to 4. */
struct svg_chart *svg_new(enum svg_kind kind, const char *title, int decimals,
			  struct tc_err *err);
void svg_free(struct svg_chart *c);

int svg_set_desc(struct svg_chart *c, const char *desc, struct tc_err *err);
/* Appended to every value label: "%", " điểm". */
int svg_set_unit(struct svg_chart *c, const char *unit, struct tc_err *err);

/* Categories: bars (one per category), x positions of a line chart, bins of a
 * histogram, or the legend entries (colours) of a tile grid. */
int svg_add_category(struct svg_chart *c, const char *label, struct tc_err *err);
/* A series, then its values, one per category in order. */
int svg_add_series(struct svg_chart *c, const char *name, struct tc_err *err);
int svg_add_value(struct svg_chart *c, int64_t v, struct tc_err *err);

/* Histogram: counts `vals` into nbins bins [lo + i*width, lo + (i+1)*width)
 * (the last bin also takes its upper edge; values outside are counted in the
 * nearest end bin) and adds the categories "a–b" and one series. */
int svg_hist(struct svg_chart *c, const int64_t *vals, size_t n, int64_t lo,
	     int64_t width, size_t nbins, struct tc_err *err);

/* Tile grid: a tile with a short label (shown, first 8 characters), a full
 * label (its tooltip) and a category index (its colour). col/row place it;
 * -1/-1 places it in reading order, 10 to a row. */
int svg_add_tile(struct svg_chart *c, const char *label, const char *full,
		 int col, int row, size_t category, struct tc_err *err);

int svg_render(const struct svg_chart *c, struct buf *out, struct tc_err *err);

/* Appends s with & < > " ' escaped (safe in XML text and attribute values). */
void svg_escape(struct buf *out, const char *s);

#endif
