/* scorejson.h — one engine result in the JSON shape of `tiepcan score`
 * (docs/RULES.md): {"unit","year","ruleset","total","provisional",
 * "criteria":[...],"indicators":[...],"recognised","reasons":[...]}.
 * Shared by the CLI (cmd_score, export) and the web API so both print the
 * same bytes. Appends to a struct buf (check buf_failed once at the end). */
#ifndef TC_SCOREJSON_H
#define TC_SCOREJSON_H

#include "core/pts.h"
#include "core/score.h"
#include "util/buf.h"

/* Appends one result object; first = 0 prefixes ",\n" (array members). */
void sj_result(struct buf *b, const char *unit, int year, const struct sc_result *res,
	       int first);
/* A JSON number built exactly from hundredths: 95.45, 9.5, 80. */
void sj_put_num(struct buf *b, tc_pts p);
/* A JSON string literal (quotes and escapes). */
void sj_put_str(struct buf *b, const char *s);
/* The Vietnamese reading of one machine reason ("total_below_min", ...). */
void sj_reason_vi(struct buf *b, const struct sc_result *res, const char *r);

#endif
