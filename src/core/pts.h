/* pts.h — exact points: integer hundredths.
 *
 * 95.45 points is held as 9545. Every sum, comparison and threshold in the
 * engine works on these integers, so 79.995 can never round its way to 80.
 * Ratios are compared by cross-multiplication, never as floating point.
 */
#ifndef TC_PTS_H
#define TC_PTS_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t tc_pts;

#define TC_PTS_NONE INT64_MIN   /* "no value" (unknown max, no minimum) */
#define TC_PTS_SCALE 100

/* Parses "12", "12.5", "12,50", "-0.25" (at most two decimals; dot or comma).
 * Returns 0 and *out, or -1 if s is not such a number (empty, more than two
 * decimals, junk, overflow). Leading/trailing spaces are not accepted. */
int pts_parse(const char *s, tc_pts *out);

/* Formats with exactly two decimals and a dot: 9545 -> "95.45", -25 -> "-0.25".
 * buf must hold at least 24 bytes. Returns buf. */
char *pts_format(tc_pts p, char *buf, size_t n);

/* Formats for Vietnamese display: decimal comma, trailing zeros dropped:
 * 9545 -> "95,45", 1000 -> "10", 950 -> "9,5". */
char *pts_format_vi(tc_pts p, char *buf, size_t n);

#endif
