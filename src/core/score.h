/* score.h — the scoring and recognition engine.
 *
 * Given a rule set and one commune-year's inputs (a "sheet"), returns every
 * indicator's points with the rule, band and inputs that produced them,
 * criterion totals, the total, and the verdict with machine-readable reasons.
 * Pure: no I/O, no globals; all arithmetic on integer hundredths (pts.h).
 *
 * Owner: score.c. A layout and a sheet borrow their rule set (which must
 * outlive them); a sheet made with sc_sheet_new_in() borrows its layout; a
 * result borrows the sheet's rule set and owns its own strings. Results are a
 * public read-only tree (like the rule-set model): formatters in the CLI,
 * web and reports walk them; only score.c writes them.
 *
 * Semantics (docs/RULES.md has the rule kinds):
 * - Precedence: an entered `points` (points regimes) or `met` (achievement)
 *   overrides everything; then `not_arising` = 1 gives the declared
 *   not-arising result; then `not_arising_when` detects it from the inputs
 *   (unless `not_arising` = 0 was entered); then the rule computes.
 * - A denominator of 0: not arising if the item allows it, else 0 / not met
 *   (said in the explanation). A numerator above its denominator is an input
 *   error of sc_evaluate() naming the item and the numerator's line.
 * - An indicator (or whole-scored criterion) without a value scores 0 with
 *   source SC_MISSING and always adds reason "incomplete:<code>": a commune
 *   is never recognised on incomplete data, whether or not the rule set says
 *   `pass complete`. A gate without a `triggered` row is not triggered.
 * - Reasons come in this order: incomplete:* (commune_class first, then rule
 *   order), gate:*, total_below_min, criterion_below_min:*, then
 *   indicator_below_min:*. In achievement regimes a criterion that is not
 *   fully met gives criterion_below_min:<c>, and each indicator that is not
 *   met (and not missing) gives indicator_below_min:<code>.
 * - Provisional: the result depends on a provisional element (an item,
 *   criterion, gate or pass condition that was used).
 */
#ifndef TC_SCORE_H
#define TC_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pts.h"
#include "core/ruleset.h"
#include "util/err.h"

/* ---- Input: one commune-year ----------------------------------------- */

/* A layout indexes one rule set's item codes and fields once, so that many
 * sheets of the same rule set (10,000 communes in one file) share it and each
 * sheet is a single allocation. Caller frees with sc_layout_free() after
 * every sheet made from it. */
struct sc_layout;
struct sc_layout *sc_layout_new(const struct rs_ruleset *rs, struct tc_err *err);
void sc_layout_free(struct sc_layout *lay);
const struct rs_ruleset *sc_layout_ruleset(const struct sc_layout *lay);

struct sc_sheet; /* opaque */

/* A sheet with its own private layout (convenient for one commune). */
struct sc_sheet *sc_sheet_new(const struct rs_ruleset *rs, struct tc_err *err);
/* A sheet sharing `lay` (which must outlive it). */
struct sc_sheet *sc_sheet_new_in(const struct sc_layout *lay, struct tc_err *err);
void sc_sheet_free(struct sc_sheet *sh);

/* For callers that allocate many sheets in one block (core/scorecsv: one
 * arena instead of a calloc per commune-year): the bytes a sheet of `lay`
 * takes, and a sheet made in `mem`, which must be that many ZEROED bytes
 * aligned for any type (max_align_t). The caller owns `mem` and never calls
 * sc_sheet_free() on such a sheet. */
size_t sc_sheet_size(const struct sc_layout *lay);
struct sc_sheet *sc_sheet_place(void *mem, const struct sc_layout *lay);

/* Sets one value, as one row "item,field,value" of the score CSV:
 *   item  an indicator or sub-item code, a gate code, a criterion code (only
 *         when the criterion has no indicators), or "commune_class";
 *   field "points" (points-based items), "met" (achievement items),
 *         "not_arising" (items that allow it), "triggered" (gates), "value"
 *         (commune_class), or an input name declared by the indicator
 *         (inputs are given on the indicator, never on its sub-items);
 *   value a number (dot or comma decimal), I/II/III for commune_class.
 * Ranges: points 0..max (a deduction sub-item -amount..0; an indicator with
 * a below-zero deduction may go down to minus its deductions); met,
 * not_arising, triggered and bool inputs 0 or 1; count inputs whole numbers;
 * percent 0..100; every input at most 10^10.
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
	tc_pts max;           /* TC_PTS_NONE for achievement and deductions */
	enum sc_source source;
	int met;              /* achievement: 1 met, 0 not met; -1 n/a */
	bool provisional;     /* depends on a provisional value */
	const char *explain;  /* Vietnamese: the rule/band and the inputs used */
	const struct sc_item_result *subs; /* sub-items, in rule order */
	size_t n_subs;
};

struct sc_crit_result {
	const struct rs_criterion *crit;
	tc_pts points;        /* achievement: number of indicators met x 100 */
	tc_pts max;           /* TC_PTS_NONE for achievement regimes */
	bool met;             /* >= min fraction (points; true when the rule set
			       * has no fraction) / all met (achievement) */
	enum sc_source source;  /* criterion scored as a whole: entered/missing;
				 * otherwise SC_COMPUTED */
	const char *explain;  /* whole-scored criteria only, else NULL */
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
 * (a numerator above its denominator, TC_EINPUT) with a message naming the
 * item, and *line (if line is not NULL) set to the input line it concerns
 * (0 if none), so the caller can prefix "FILE:LINE: "; or TC_ENOMEM.
 * Caller frees with sc_result_free(). */
struct sc_result *sc_evaluate(const struct sc_sheet *sh, long *line,
			      struct tc_err *err);
void sc_result_free(struct sc_result *res);

/* sc_evaluate() with options. SC_EXPLAIN builds the explanations; without
 * it every `explain` is "" (never NULL where sc_evaluate gives a string) and
 * the numbers and reasons are the same: for outputs that do not print
 * explanations (CSV, the text table, the store import), which it makes
 * about a fifth faster. */
#define SC_EXPLAIN 1u
struct sc_result *sc_evaluate_opt(const struct sc_sheet *sh, unsigned flags, long *line,
				  struct tc_err *err);

/* Runs only the checks that can make sc_evaluate() fail on input (a
 * numerator above its denominator), in the same order and with the same
 * message and *line. 0 means sc_evaluate() of this sheet cannot fail except
 * for lack of memory: `tiepcan score` checks every sheet first, then
 * streams its output. */
int sc_sheet_check(const struct sc_sheet *sh, long *line, struct tc_err *err);

const char *sc_source_name(enum sc_source s); /* "computed", "entered", ... */

#endif
