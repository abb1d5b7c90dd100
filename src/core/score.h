/* score.h — the scoring and recognition engine.
 *
 * Given a rule set and one commune-year's inputs (a "sheet"), returns every
 * indicator's points with the rule, band and inputs that produced them,
 * criterion totals, the total, and the verdict with machine-readable reasons.
 * Pure: no I/O, no globals; all arithmetic on integer hundredths (pts.h).
 *
 * Owner: score.c. A sheet borrows its rule set (which must outlive it); a
 * result borrows the sheet's rule set and owns its own strings. Results are a
 * public read-only tree (like the rule-set model): formatters in the CLI,
 * web and reports walk them; only score.c writes them.
 */
#ifndef TC_SCORE_H
#define TC_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pts.h"
#include "core/ruleset.h"
#include "util/err.h"

/* ---- Input: one commune-year ----------------------------------------- */

struct sc_sheet; /* opaque */

struct sc_sheet *sc_sheet_new(const struct rs_ruleset *rs, struct tc_err *err);
void sc_sheet_free(struct sc_sheet *sh);

/* Sets one value, as one row "item,field,value" of the score CSV:
 *   item  an indicator or sub-item code, a gate code, a criterion code (only
 *         when the criterion has no indicators), or "commune_class";
 *   field "points", "met", "not_arising", "triggered", "value", or an input
 *         name declared by the indicator;
 *   value a number (dot or comma decimal), I/II/III for commune_class.
 * `line` is remembered so later cross-field errors can name it.
 * Errors (TC_EINPUT, message without file:line, the caller prefixes it):
 * unknown item or field, non-numeric value, out of range, above the maximum,
 * duplicate (item, field). */
int sc_sheet_set(struct sc_sheet *sh, const char *item, const char *field,
		 const char *value, long line, struct tc_err *err);

/* ---- Output ------------------------------------------------------------ */

enum sc_source { SC_COMPUTED, SC_ENTERED, SC_NOT_ARISING, SC_MISSING };

struct sc_item_result {
	const struct rs_item *item;
	tc_pts points;        /* achievement: 100 if met, 0 if not */
	tc_pts max;           /* TC_PTS_NONE for achievement */
	enum sc_source source;
	int met;              /* achievement: 1 met, 0 not met; -1 n/a */
	bool provisional;     /* depends on a provisional value */
	const char *explain;  /* Vietnamese: the rule/band and the inputs used */
};

struct sc_crit_result {
	const struct rs_criterion *crit;
	tc_pts points;        /* achievement: number of indicators met x 100 */
	tc_pts max;
	bool met;             /* >= min fraction (points) / all met (achievement) */
	enum sc_source source;  /* criterion scored as a whole: entered/missing */
	const struct sc_item_result *items; /* this criterion's indicators */
	size_t n_items;
};

struct sc_result {
	const struct rs_ruleset *rs;
	tc_pts total;         /* achievement regimes: indicators met x 100 */
	bool provisional;
	bool recognised;
	const struct sc_crit_result *crits;
	size_t n_crits;
	/* Machine-readable: "total_below_min", "criterion_below_min:<code>",
	 * "indicator_below_min:<code>", "gate:<code>", "incomplete:<code>". */
	const char *const *reasons;
	size_t n_reasons;
};

/* Evaluates a sheet. Returns NULL on error: a cross-field inconsistency
 * (e.g. a numerator above its denominator), message naming the item and the
 * line (see sc_sheet_set). Caller frees with sc_result_free(). */
struct sc_result *sc_evaluate(const struct sc_sheet *sh, struct tc_err *err);
void sc_result_free(struct sc_result *res);

#endif
