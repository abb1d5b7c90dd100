/* ruleset.h — rule sets as data: the model and its loader.
 *
 * A rule set is one regime's criteria, indicators, sub-items, gates and
 * recognition conditions, read from a human-editable text file (format:
 * docs/RULES.md; shipped files: rules/ID.rules). Every element carries its
 * legal citation and confidence; values that are not officially known are
 * marked provisional with the reason.
 *
 * Owner: ruleset.c builds the tree and rs_free() frees it. The model is
 * deliberately a public, read-only tree (an exception to the opaque-struct
 * rule, see docs/HACKING.md): the engine, reports and web pages all walk it.
 * Nobody but ruleset.c writes to it. Pure: no I/O (files are read by
 * src/app/registry.c, which owns the set of rule sets a process knows).
 */
#ifndef TC_RULESET_H
#define TC_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pts.h"
#include "util/err.h"

enum rs_kind {
	RS_POINTS,         /* entered, 0..max, two decimals */
	RS_ALL_OR_NOTHING, /* max if cond holds, else 0 */
	RS_RATIO_BANDS,    /* num/den*100 -> points by bands */
	RS_PROPORTIONAL,   /* max * num/den, rounded per rule set */
	RS_SUM,            /* sum of sub-items (deductions subtract) */
	RS_NOT_ARISING,    /* entered when the task arose; declared points if not */
	RS_DEDUCTION,      /* -amount when cond holds (a sub-item) */
	RS_YES_NO,         /* bool input: 1 -> max, 0 -> 0 */
	RS_ACHIEVEMENT     /* met / not met / not arising (qd27-2025) */
};

enum rs_conf { RS_CONF_HIGH, RS_CONF_MEDIUM, RS_CONF_LOW };

enum rs_input_type {
	RS_IN_COUNT,   /* integer >= 0 */
	RS_IN_NUMBER,  /* >= 0, at most two decimals */
	RS_IN_PERCENT, /* 0..100, at most two decimals */
	RS_IN_BOOL     /* 0 or 1 */
};

enum rs_op { RS_OP_GE, RS_OP_GT, RS_OP_LE, RS_OP_LT, RS_OP_EQ, RS_OP_NE };

/* "<lhs> <op> <rhs>", rhs an input name or a number. */
struct rs_cond {
	bool set;
	const char *lhs;     /* input name */
	enum rs_op op;
	const char *rhs;     /* input name, or NULL when rhs_value is used */
	tc_pts rhs_value;    /* number in hundredths */
};

struct rs_input {
	const char *name;    /* [a-z][a-z0-9_]*, unique within the indicator */
	enum rs_input_type type;
	const char *label;   /* Vietnamese label for forms */
};

/* lo <= ratio% < hi (hi == TC_PTS_NONE: no upper bound). Percent in
 * hundredths: 80% = 8000. */
struct rs_band {
	tc_pts lo;
	tc_pts hi;
	tc_pts points;
};

/* Legal citation + confidence, on every element. */
struct rs_source {
	const char *cite;          /* required */
	enum rs_conf confidence;   /* required */
	bool provisional;
	const char *provisional_reason; /* required when provisional */
	const char *notes;         /* optional, lines joined by '\n' */
};

/* An indicator (depth 1) or a sub-item (depth 2). */
struct rs_item {
	const char *code;      /* "1.1", sub-items "1.1.1" */
	const char *title;
	tc_pts max;            /* TC_PTS_NONE for achievement items */
	enum rs_kind kind;
	/* Inputs are declared on the indicator; a sub-item's inputs/n_inputs
	 * point at its indicator's (so rs_find_input works on both). */
	const struct rs_input *inputs;
	size_t n_inputs;
	struct rs_cond cond;          /* all_or_nothing, deduction, achievement "when" */
	const char *num, *den;        /* ratio_bands, proportional, achievement ratio;
				       * yes_no: num is the bool input, den NULL */
	tc_pts threshold;             /* achievement ratio: met iff ratio% >= threshold */
	const struct rs_band *bands;
	size_t n_bands;
	tc_pts deduct;                /* deduction amount (positive number);
				       * a deduction sub-item has max TC_PTS_NONE */
	bool below_zero;              /* deduction may take the indicator below 0 */
	bool not_arising;             /* "không phát sinh" allowed */
	tc_pts not_arising_points;    /* points when not arising (points regimes) */
	struct rs_cond not_arising_when; /* optional automatic detection */
	tc_pts min;                   /* per-indicator minimum, or TC_PTS_NONE */
	/* RS_ACHIEVEMENT comes in four forms: ratio (num and den set, met iff
	 * ratio% >= threshold), when (cond.set), all (all_subs: met iff every
	 * sub-item is met), otherwise entered met / not met.
	 * In achievement regimes `not_arising met` sets not_arising and leaves
	 * not_arising_points at TC_PTS_NONE. */
	bool all_subs;
	const struct rs_item *subs;
	size_t n_subs;
	const struct rs_item *parent; /* NULL for indicators */
	struct rs_source src;
	int line;                     /* where it was defined */
};

struct rs_criterion {
	const char *code;     /* "1" */
	const char *title;
	tc_pts max;           /* TC_PTS_NONE for achievement regimes */
	const struct rs_item *items;  /* none: scored as a whole (kind points) */
	size_t n_items;
	struct rs_source src;
	int line;
};

struct rs_gate {
	const char *code;     /* e.g. "head_discipline" */
	const char *title;
	struct rs_source src;
	int line;
};

enum rs_mode { RS_MODE_POINTS, RS_MODE_ACHIEVEMENT };
enum rs_rounding { RS_ROUND_HALF_UP, RS_ROUND_DOWN };

struct rs_pass {
	tc_pts total_min;              /* TC_PTS_NONE if not a condition */
	tc_pts total_min_by_class[3];  /* I, II, III; all NONE if not used */
	/* criterion_min_fraction as an exact ratio frac_num/frac_den (0.5 = 50/100);
	 * frac_den == 0 if not a condition. */
	int64_t frac_num, frac_den;
	bool all_met;                  /* achievement: every indicator met */
	bool complete;                 /* every indicator must have a value */
	struct rs_source src_total, src_class, src_frac, src_all_met, src_complete;
};

struct rs_ruleset {
	const char *id;        /* stable: "qd25-2021" */
	const char *title;
	const char *version;   /* version of this file */
	const char *const *basis;
	size_t n_basis;
	int year_from, year_to;
	enum rs_mode mode;
	enum rs_rounding rounding;
	struct rs_pass pass;
	const struct rs_gate *gates;
	size_t n_gates;
	const struct rs_criterion *criteria;
	size_t n_criteria;
	bool provisional;      /* some element is provisional */
	const char *path;      /* file it came from */
};

/* Parses a rule-set text. `name` is used in messages: every error reads
 * "NAME:LINE: what is wrong". Caller frees with rs_free(). */
struct rs_ruleset *rs_load_text(const char *name, const char *text, size_t len,
				struct tc_err *err);
void rs_free(struct rs_ruleset *rs);

/* Look-ups; NULL when absent. Codes are exact ("1.1", "1.1.2", "1"). */
const struct rs_item *rs_find_item(const struct rs_ruleset *rs, const char *code);
const struct rs_criterion *rs_find_criterion(const struct rs_ruleset *rs, const char *code);
const struct rs_gate *rs_find_gate(const struct rs_ruleset *rs, const char *code);
const struct rs_input *rs_find_input(const struct rs_item *item, const char *name);
const char *rs_kind_name(enum rs_kind k);

#endif
