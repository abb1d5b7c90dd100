/* score.c — the scoring and recognition engine (see score.h).
 *
 * Pure: no I/O, no globals. Every number is tc_pts (integer hundredths);
 * ratios are compared by cross-multiplication, so 80% exactly falls in
 * "from 80% to under 90%" and 79.99 never becomes 80.
 *
 * Memory: a layout is 2 allocations (targets + hash), a sheet is 1, a result
 * is 2 (one block for the tree, one for all its strings); explanations and
 * reasons are built as offsets into one text buffer and resolved at the end.
 */
#include "core/score.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

/* Inputs are capped so that num * 10000 and max * num * 2 fit in int64. */
#define INPUT_CAP ((tc_pts)10000000000 * TC_PTS_SCALE)

/* ---- Layout: item codes -> targets -> value slots ----------------------- */

enum tgt_kind { T_ITEM, T_CRIT, T_GATE, T_CLASS };

/* Fixed fields of every target, then the indicator's inputs. Each kind of
 * target takes exactly one "main" field (an item or criterion: points, or
 * met in achievement regimes; a gate: triggered; commune_class: value), so
 * those share slot F_MAIN: a national file has 85,797 sheets and the slots
 * were most of `tiepcan score`'s memory. */
enum { F_MAIN, F_NA, F_NFIXED };
#define F_POINTS F_MAIN
#define F_MET F_MAIN
#define F_TRIG F_MAIN
#define F_VALUE F_MAIN

struct target {
	enum tgt_kind kind;
	const char *code;
	const struct rs_item *item;       /* T_ITEM */
	const struct rs_item *owner;      /* T_ITEM: the indicator (itself or parent) */
	const struct rs_criterion *crit;  /* T_ITEM, T_CRIT */
	const struct rs_gate *gate;       /* T_GATE */
	size_t base;                      /* first slot */
	size_t owner_base;                /* the indicator's first slot */
};

struct sc_layout {
	const struct rs_ruleset *rs;
	struct target *t;
	size_t n_t;
	uint32_t *hash;       /* target index + 1; 0 = empty */
	size_t hmask;
	size_t n_slots;
	size_t n_results;     /* indicators + sub-items */
	size_t n_indicators;
};

/* One value slot: 16 bytes. line1 is the input line + 1; 0 = not set (so a
 * zeroed sheet is empty). */
struct val {
	tc_pts v;
	long line1;
};

static bool val_set(const struct val *v)
{
	return v->line1 != 0;
}

struct sc_sheet {
	const struct sc_layout *lay;
	struct sc_layout *own;   /* private layout (sc_sheet_new), or NULL */
	struct val s[];
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static long find_target(const struct sc_layout *lay, const char *code)
{
	for (size_t i = hash_str(code) & lay->hmask;; i = (i + 1) & lay->hmask) {
		uint32_t v = lay->hash[i];
		if (v == 0)
			return -1;
		if (strcmp(lay->t[v - 1].code, code) == 0)
			return (long)(v - 1);
	}
}

static size_t count_targets(const struct rs_ruleset *rs, size_t *n_results)
{
	size_t n = rs->n_gates + 1; /* + commune_class */
	*n_results = 0;
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0)
			n++;
		for (size_t i = 0; i < cr->n_items; i++) {
			n += 1 + cr->items[i].n_subs;
			*n_results += 1 + cr->items[i].n_subs;
		}
	}
	return n;
}

static struct target *add_target(struct sc_layout *lay, enum tgt_kind k, const char *code)
{
	struct target *t = &lay->t[lay->n_t++];
	t->kind = k;
	t->code = code;
	t->base = lay->n_slots;
	t->owner_base = t->base;
	lay->n_slots += F_NFIXED;
	return t;
}

static void fill_targets(struct sc_layout *lay)
{
	const struct rs_ruleset *rs = lay->rs;
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0)
			add_target(lay, T_CRIT, cr->code)->crit = cr;
		for (size_t i = 0; i < cr->n_items; i++) {
			const struct rs_item *ind = &cr->items[i];
			struct target *t = add_target(lay, T_ITEM, ind->code);
			t->item = t->owner = ind;
			t->crit = cr;
			lay->n_slots += ind->n_inputs;
			size_t ob = t->base;
			lay->n_indicators++;
			for (size_t s = 0; s < ind->n_subs; s++) {
				struct target *st = add_target(lay, T_ITEM, ind->subs[s].code);
				st->item = &ind->subs[s];
				st->owner = ind;
				st->crit = cr;
				st->owner_base = ob;
			}
		}
	}
	for (size_t g = 0; g < rs->n_gates; g++)
		add_target(lay, T_GATE, rs->gates[g].code)->gate = &rs->gates[g];
	add_target(lay, T_CLASS, "commune_class");
}

struct sc_layout *sc_layout_new(const struct rs_ruleset *rs, struct tc_err *err)
{
	struct sc_layout *lay = tc_calloc(1, sizeof *lay);
	size_t n_results = 0, n = count_targets(rs, &n_results);
	size_t hsize = 16;
	while (hsize < 2 * n)
		hsize *= 2;
	if (lay != NULL) {
		lay->t = tc_calloc(n, sizeof *lay->t);
		lay->hash = tc_calloc(hsize, sizeof *lay->hash);
	}
	if (lay == NULL || lay->t == NULL || lay->hash == NULL) {
		sc_layout_free(lay);
		tc_err_set(err, TC_ENOMEM, "out of memory indexing rule set %s", rs->id);
		return NULL;
	}
	lay->rs = rs;
	lay->hmask = hsize - 1;
	lay->n_results = n_results;
	fill_targets(lay);
	for (size_t i = 0; i < lay->n_t; i++) {
		size_t h = hash_str(lay->t[i].code) & lay->hmask;
		while (lay->hash[h] != 0)
			h = (h + 1) & lay->hmask;
		lay->hash[h] = (uint32_t)(i + 1);
	}
	return lay;
}

void sc_layout_free(struct sc_layout *lay)
{
	if (lay == NULL)
		return;
	tc_free(lay->t);
	tc_free(lay->hash);
	tc_free(lay);
}

const struct rs_ruleset *sc_layout_ruleset(const struct sc_layout *lay)
{
	return lay->rs;
}

size_t sc_sheet_size(const struct sc_layout *lay)
{
	return sizeof(struct sc_sheet) + lay->n_slots * sizeof(struct val);
}

struct sc_sheet *sc_sheet_place(void *mem, const struct sc_layout *lay)
{
	struct sc_sheet *sh = mem;
	sh->lay = lay;
	sh->own = NULL;
	return sh;
}

struct sc_sheet *sc_sheet_new_in(const struct sc_layout *lay, struct tc_err *err)
{
	void *mem = tc_calloc(1, sc_sheet_size(lay));
	if (mem == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory for a score sheet");
		return NULL;
	}
	return sc_sheet_place(mem, lay);
}

struct sc_sheet *sc_sheet_new(const struct rs_ruleset *rs, struct tc_err *err)
{
	struct sc_layout *lay = sc_layout_new(rs, err);
	if (lay == NULL)
		return NULL;
	struct sc_sheet *sh = sc_sheet_new_in(lay, err);
	if (sh == NULL) {
		sc_layout_free(lay);
		return NULL;
	}
	sh->own = lay;
	return sh;
}

void sc_sheet_free(struct sc_sheet *sh)
{
	if (sh == NULL)
		return;
	sc_layout_free(sh->own);
	tc_free(sh);
}

/* ---- Setting values ------------------------------------------------------ */

static bool is_ach(const struct rs_item *it)
{
	return it->kind == RS_ACHIEVEMENT;
}

static const char *fmt_vi(tc_pts p, char *b)
{
	return pts_format_vi(p, b, 32);
}

/* For English messages: 15.01, 15, 9.5 (a dot, no trailing zeros). */
static const char *fmt_en(tc_pts p, char *b)
{
	pts_format(p, b, 32);
	size_t n = strlen(b);
	while (b[n - 1] == '0')
		b[--n] = '\0';
	if (b[n - 1] == '.')
		b[--n] = '\0';
	return b;
}

static int parse_num(const char *item, const char *field, const char *value,
		     tc_pts *out, struct tc_err *err)
{
	if (pts_parse(value, out) != 0)
		return tc_err_set(err, TC_EINPUT,
				  "%s %s: value '%s' is not a number (write digits with a dot or "
				  "comma decimal and at most two decimals, e.g. 12.5 or \"12,5\")",
				  item, field, value);
	return 0;
}

static int check_range(const char *item, const char *field, tc_pts v, tc_pts lo,
		       tc_pts hi, const char *what, struct tc_err *err)
{
	char a[32], b[32], c[32];
	if (v < lo || v > hi)
		return tc_err_set(err, TC_EINPUT, "%s %s: value %s is out of range: %s must be "
				  "from %s to %s", item, field, fmt_en(v, a), what,
				  fmt_en(lo, b), fmt_en(hi, c));
	return 0;
}

static int check_bool(const char *item, const char *field, tc_pts v, struct tc_err *err)
{
	if (v != 0 && v != 100)
		return tc_err_set(err, TC_EINPUT, "%s %s: value must be 1 (yes) or 0 (no)",
				  item, field);
	return 0;
}

/* Lowest points an item may be entered with: a deduction sub-item down to
 * -amount; an indicator with below-zero deductions down to minus their sum. */
static tc_pts min_points(const struct rs_item *it)
{
	if (it->kind == RS_DEDUCTION)
		return -it->deduct;
	tc_pts lo = 0;
	for (size_t s = 0; s < it->n_subs; s++)
		if (it->subs[s].kind == RS_DEDUCTION && it->subs[s].below_zero)
			lo -= it->subs[s].deduct;
	return lo;
}

static tc_pts max_points(const struct rs_item *it)
{
	return it->max == TC_PTS_NONE ? 0 : it->max;
}

static int set_input(const struct rs_input *in, const char *item, tc_pts v,
		     struct tc_err *err)
{
	switch (in->type) {
	case RS_IN_BOOL:
		return check_bool(item, in->name, v, err);
	case RS_IN_PERCENT:
		return check_range(item, in->name, v, 0, 100 * TC_PTS_SCALE, "a percentage", err);
	case RS_IN_COUNT:
		if (v % TC_PTS_SCALE != 0)
			return tc_err_set(err, TC_EINPUT, "%s %s: value must be a whole number (a count)",
					  item, in->name);
		break;
	case RS_IN_NUMBER:
		break;
	}
	return check_range(item, in->name, v, 0, INPUT_CAP, "the figure", err);
}

static bool has_input(const struct rs_item *it, const char *name)
{
	for (size_t i = 0; i < it->n_inputs; i++)
		if (strcmp(it->inputs[i].name, name) == 0)
			return true;
	return false;
}

static void list_fields(const struct target *t, bool ach, char *out, size_t n)
{
	const struct rs_item *it = t->item;
	int w = snprintf(out, n, "%s", ach ? "met" : "points");
	if (it->not_arising && w >= 0 && (size_t)w < n)
		w += snprintf(out + w, n - (size_t)w, ", not_arising");
	if (it == t->owner)
		for (size_t i = 0; i < it->n_inputs && w >= 0 && (size_t)w < n; i++)
			w += snprintf(out + w, n - (size_t)w, ", %s", it->inputs[i].name);
}

/* Resolves the slot of (item target, field) and checks the value. */
static long item_field(const struct target *t, const char *field, const char *value,
		       tc_pts *v, struct tc_err *err)
{
	const struct rs_item *it = t->item;
	bool ach = is_ach(it);
	if (strcmp(field, ach ? "met" : "points") == 0) {
		if (parse_num(t->code, field, value, v, err) != 0)
			return -1;
		if (ach)
			return check_bool(t->code, field, *v, err) ? -1 : F_MET;
		if (*v > max_points(it)) {
			char a[32], b[32];
			return tc_err_set(err, TC_EINPUT, "%s points: %s is above the maximum of %s "
					  "points for this %s", t->code, fmt_en(*v, a),
					  fmt_en(max_points(it), b), it == t->owner ? "indicator" : "sub-item");
		}
		return check_range(t->code, field, *v, min_points(it), max_points(it),
				   "points", err) ? -1 : F_POINTS;
	}
	if (strcmp(field, "not_arising") == 0) {
		if (parse_num(t->code, field, value, v, err) || check_bool(t->code, field, *v, err))
			return -1;
		if (*v != 0 && !it->not_arising)
			return tc_err_set(err, TC_EINPUT, "%s not_arising: this %s does not allow "
					  "\"không phát sinh\" (not arising); enter its figures instead",
					  t->code, it == t->owner ? "indicator" : "sub-item");
		return F_NA;
	}
	for (size_t i = 0; it == t->owner && i < it->n_inputs; i++)
		if (strcmp(field, it->inputs[i].name) == 0) {
			if (parse_num(t->code, field, value, v, err) ||
			    set_input(&it->inputs[i], t->code, *v, err))
				return -1;
			return (long)(F_NFIXED + i);
		}
	char fields[512];
	list_fields(t, ach, fields, sizeof fields);
	if (it != t->owner && has_input(t->owner, field))
		return tc_err_set(err, TC_EINPUT, "%s: input '%s' belongs to indicator %s; write "
				  "it as %s,%s", t->code, field, t->owner->code, t->owner->code, field);
	return tc_err_set(err, TC_EINPUT, "%s: unknown field '%s' (this %s takes: %s)",
			  t->code, field, it == t->owner ? "indicator" : "sub-item", fields);
}

static long other_field(const struct sc_layout *lay, const struct target *t,
			const char *field, const char *value, tc_pts *v, struct tc_err *err)
{
	bool ach = lay->rs->mode == RS_MODE_ACHIEVEMENT;
	switch (t->kind) {
	case T_CLASS:
		if (strcmp(field, "value") != 0)
			return tc_err_set(err, TC_EINPUT, "commune_class: unknown field '%s' "
					  "(write commune_class,value,I or II or III)", field);
		if (strcmp(value, "I") == 0 || strcmp(value, "II") == 0 || strcmp(value, "III") == 0) {
			*v = (tc_pts)strlen(value);
			return F_VALUE;
		}
		return tc_err_set(err, TC_EINPUT, "commune_class: value '%s' is not a commune "
				  "class (write I, II or III)", value);
	case T_GATE:
		if (strcmp(field, "triggered") != 0)
			return tc_err_set(err, TC_EINPUT, "%s: unknown field '%s' (a gate takes: "
					  "triggered)", t->code, field);
		if (parse_num(t->code, field, value, v, err) || check_bool(t->code, field, *v, err))
			return -1;
		return F_TRIG;
	case T_CRIT:
		if (strcmp(field, ach ? "met" : "points") != 0)
			return tc_err_set(err, TC_EINPUT, "%s: unknown field '%s' (criterion %s is "
					  "scored as a whole and takes: %s)", t->code, field, t->code,
					  ach ? "met" : "points");
		if (parse_num(t->code, field, value, v, err) != 0)
			return -1;
		if (ach)
			return check_bool(t->code, field, *v, err) ? -1 : F_MET;
		if (*v > t->crit->max && t->crit->max != TC_PTS_NONE) {
			char a[32], b[32];
			return tc_err_set(err, TC_EINPUT, "%s points: %s is above the maximum of %s "
					  "points for this criterion", t->code, fmt_en(*v, a),
					  fmt_en(t->crit->max, b));
		}
		return check_range(t->code, field, *v, 0, t->crit->max, "points", err) ? -1 : F_POINTS;
	case T_ITEM:
		break;
	}
	return item_field(t, field, value, v, err);
}

static int unknown_item(const struct rs_ruleset *rs, const char *item, struct tc_err *err)
{
	for (size_t c = 0; c < rs->n_criteria; c++)
		if (strcmp(rs->criteria[c].code, item) == 0)
			return tc_err_set(err, TC_EINPUT, "criterion %s is scored from its indicators "
					  "(%s...): enter the indicators, not the criterion",
					  item, rs->criteria[c].items[0].code);
	return tc_err_set(err, TC_EINPUT, "unknown item '%s': not an indicator, sub-item, gate "
			  "or whole-scored criterion of rule set %s (nor commune_class)",
			  item, rs->id);
}

int sc_sheet_set(struct sc_sheet *sh, const char *item, const char *field,
		 const char *value, long line, struct tc_err *err)
{
	const struct sc_layout *lay = sh->lay;
	long ti = find_target(lay, item);
	if (ti < 0)
		return unknown_item(lay->rs, item, err);
	const struct target *t = &lay->t[ti];
	tc_pts v = 0;
	long f = other_field(lay, t, field, value, &v, err);
	if (f < 0)
		return -1;
	struct val *slot = &sh->s[t->base + (size_t)f];
	if (val_set(slot))
		return tc_err_set(err, TC_ECONFLICT, "duplicate value for %s %s (already given on "
				  "line %ld); keep one row", item, field, slot->line1 - 1);
	slot->v = v;
	slot->line1 = line < 0 ? 1 : line == LONG_MAX ? LONG_MAX : line + 1;
	return 0;
}

/* ---- Evaluation ------------------------------------------------------------ */

struct ev {
	const struct sc_sheet *sh;
	const struct sc_layout *lay;
	struct buf text;        /* every explanation and reason, NUL-separated */
	size_t *item_off;       /* per item result: offset of its explanation */
	size_t *crit_off;       /* per criterion; SIZE_MAX = none */
	size_t *reason_off;
	size_t n_reasons;
	long err_line;
	struct tc_err *err;
	bool provisional;
	bool explain;           /* build the explanations (SC_EXPLAIN) */
};

static void ex_put(struct ev *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ex_put(struct ev *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&e->text, fmt, ap);
	va_end(ap);
}

/* Appends to the explanation. A macro so that, when no output prints the
 * explanations (CSV, text, import), not even its arguments (number
 * formatting) are evaluated: that was ~20% of `tiepcan score --format csv`. */
#define ex(e, ...) do { if ((e)->explain) ex_put((e), __VA_ARGS__); } while (0)

/* Reasons are machine-readable and always built. */
static void add_reason(struct ev *e, const char *kind, const char *code)
{
	e->reason_off[e->n_reasons++] = buf_len(&e->text);
	buf_puts(&e->text, kind);
	if (code != NULL) {
		buf_putc(&e->text, ':');
		buf_puts(&e->text, code);
	}
	buf_putc(&e->text, '\0');
}

static const struct val *input_val(const struct ev *e, const struct target *t,
				   const char *name)
{
	const struct rs_item *o = t->owner;
	for (size_t i = 0; i < o->n_inputs; i++)
		if (strcmp(o->inputs[i].name, name) == 0) {
			const struct val *v = &e->sh->s[t->owner_base + F_NFIXED + i];
			return val_set(v) ? v : NULL;
		}
	return NULL;
}

static const char *op_text(enum rs_op op)
{
	static const char *const t[] = {"≥", ">", "≤", "<", "=", "≠"};
	return t[op];
}

static bool op_holds(enum rs_op op, tc_pts l, tc_pts r)
{
	switch (op) {
	case RS_OP_GE: return l >= r;
	case RS_OP_GT: return l > r;
	case RS_OP_LE: return l <= r;
	case RS_OP_LT: return l < r;
	case RS_OP_EQ: return l == r;
	case RS_OP_NE: return l != r;
	}
	return false;
}

/* 1 holds, 0 does not, -1 an input is missing (*missing names it). */
static int cond_eval(const struct ev *e, const struct target *t, const struct rs_cond *c,
		     tc_pts *l, tc_pts *r, const char **missing)
{
	const struct val *lv = input_val(e, t, c->lhs);
	if (lv == NULL) {
		*missing = c->lhs;
		return -1;
	}
	*l = lv->v;
	*r = c->rhs_value;
	if (c->rhs != NULL) {
		const struct val *rv = input_val(e, t, c->rhs);
		if (rv == NULL) {
			*missing = c->rhs;
			return -1;
		}
		*r = rv->v;
	}
	return op_holds(c->op, *l, *r) ? 1 : 0;
}

/* "issued ≥ assigned (5 ≥ 5)" */
static void ex_cond(struct ev *e, const struct rs_cond *c, tc_pts l, tc_pts r)
{
	char a[32], b[32], rn[32];
	if (!e->explain)
		return;
	const char *rhs = c->rhs ? c->rhs : fmt_vi(c->rhs_value, rn);
	ex(e, "%s %s %s (%s %s %s)", c->lhs, op_text(c->op), rhs, fmt_vi(l, a),
	   op_text(c->op), fmt_vi(r, b));
}

static void ex_points(struct ev *e, tc_pts p)
{
	char a[32];
	if (!e->explain)
		return;
	ex(e, "%s điểm", fmt_vi(p, a));
}

static void set_missing(struct ev *e, struct sc_item_result *r, const char *what)
{
	r->source = SC_MISSING;
	r->points = 0;
	if (strcmp(what, "points") == 0)
		ex(e, "Chưa nhập điểm");
	else if (strcmp(what, "met") == 0)
		ex(e, "Chưa nhập kết quả đạt / không đạt");
	else
		ex(e, "Thiếu số liệu: %s", what);
	if (is_ach(r->item)) {
		r->met = 0;
		ex(e, " → không đạt");
	} else {
		ex(e, " → 0 điểm");
	}
}

static void set_met(struct sc_item_result *r, bool met)
{
	r->met = met ? 1 : 0;
	r->points = met ? TC_PTS_SCALE : 0;
}

static void ex_met(struct ev *e, bool met)
{
	ex(e, "%s", met ? "đạt" : "không đạt");
}

/* The declared not-arising result; `why` is already in the explanation. */
static void set_not_arising(struct ev *e, struct sc_item_result *r)
{
	const struct rs_item *it = r->item;
	r->source = SC_NOT_ARISING;
	if (is_ach(it)) {
		set_met(r, true);
		ex(e, " → đạt");
		return;
	}
	r->points = it->not_arising_points == TC_PTS_NONE ? max_points(it) : it->not_arising_points;
	ex(e, " → ");
	ex_points(e, r->points);
}

static void fmt_pct(tc_pts num, tc_pts den, char *out, size_t n)
{
	/* Display only: ratio% with two decimals, half up. */
	int64_t h = (num * 10000 * 2 + den) / (2 * den);
	snprintf(out, n, "%lld,%02lld%%", (long long)(h / 100), (long long)(h % 100));
}

/* A numerator above its denominator is an input error whatever else was
 * entered (even when the item is not arising or its points are entered). */
static int check_ratio(struct ev *e, const struct target *t)
{
	const struct rs_item *it = t->item;
	if (it->num == NULL || it->den == NULL)
		return 0;
	const struct val *nv = input_val(e, t, it->num), *dv = input_val(e, t, it->den);
	if (nv == NULL || dv == NULL || nv->v <= dv->v)
		return 0;
	char a[32], b[32];
	e->err_line = nv->line1 - 1;
	return tc_err_set(e->err, TC_EINPUT, "%s %s: %s is greater than %s (%s); a numerator "
			  "cannot exceed its denominator", t->code, it->num, fmt_en(nv->v, a),
			  it->den, fmt_en(dv->v, b));
}

/* Reads NUM and DEN for the ratio kinds. Returns 0 with both set, 1 when the
 * result is already final (missing input, or denominator 0), -1 on error. */
static int ratio_inputs(struct ev *e, const struct target *t, struct sc_item_result *r,
			tc_pts *num, tc_pts *den)
{
	const struct rs_item *it = t->item;
	const struct val *nv = input_val(e, t, it->num), *dv = input_val(e, t, it->den);
	if (nv == NULL || dv == NULL) {
		set_missing(e, r, nv == NULL ? it->num : it->den);
		return 1;
	}
	*num = nv->v;
	*den = dv->v;
	if (*den == 0) {
		ex(e, "Mẫu số %s = 0: không phát sinh", it->den);
		if (it->not_arising) {
			set_not_arising(e, r);
		} else {
			ex(e, ", nhưng chỉ tiêu không cho phép \"không phát sinh\" → ");
			if (is_ach(it)) {
				set_met(r, false);
				ex_met(e, false);
			} else {
				r->points = 0;
				ex_points(e, 0);
			}
		}
		return 1;
	}
	char pct[32], a[32], b[32];
	if (e->explain) {
		fmt_pct(*num, *den, pct, sizeof pct);
		ex(e, "Tỷ lệ %s (%s/%s): ", pct, fmt_vi(*num, a), fmt_vi(*den, b));
	}
	return 0;
}

static int k_ratio_bands(struct ev *e, const struct target *t, struct sc_item_result *r)
{
	tc_pts num, den;
	int rc = ratio_inputs(e, t, r, &num, &den);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const struct rs_item *it = t->item;
	char lo[32], hi[32];
	for (size_t i = 0; i < it->n_bands; i++) {
		const struct rs_band *b = &it->bands[i];
		/* lo <= num/den*100 < hi, in hundredths of a percent */
		if (b->lo * den > num * 10000)
			continue;
		if (b->hi != TC_PTS_NONE && num * 10000 >= b->hi * den)
			continue;
		r->points = b->points;
		if (b->hi == TC_PTS_NONE)
			ex(e, "mức từ %s%% trở lên → ", fmt_vi(b->lo, lo));
		else
			ex(e, "mức từ %s%% đến dưới %s%% → ", fmt_vi(b->lo, lo), fmt_vi(b->hi, hi));
		ex_points(e, r->points);
		return 0;
	}
	r->points = 0;
	ex(e, "không thuộc mức nào → 0 điểm");
	return 0;
}

static int k_proportional(struct ev *e, const struct target *t, struct sc_item_result *r,
			  enum rs_rounding rounding)
{
	tc_pts num, den;
	int rc = ratio_inputs(e, t, r, &num, &den);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	tc_pts max = max_points(t->item);
	if (rounding == RS_ROUND_DOWN)
		r->points = max * num / den;
	else
		r->points = (max * num * 2 + den) / (2 * den);
	char a[32], b[32], c[32];
	ex(e, "%s × %s/%s = ", fmt_vi(max, a), fmt_vi(num, b), fmt_vi(den, c));
	ex_points(e, r->points);
	ex(e, " (%s đến 2 chữ số thập phân)",
	   rounding == RS_ROUND_DOWN ? "làm tròn xuống" : "làm tròn");
	return 0;
}

static void k_cond(struct ev *e, const struct target *t, struct sc_item_result *r)
{
	const struct rs_item *it = t->item;
	tc_pts l, rv;
	const char *miss = NULL;
	int h = cond_eval(e, t, &it->cond, &l, &rv, &miss);
	if (h < 0) {
		set_missing(e, r, miss);
		return;
	}
	ex(e, "Điều kiện ");
	ex_cond(e, &it->cond, l, rv);
	ex(e, " %s → ", h ? "đúng" : "không đúng");
	if (it->kind == RS_ACHIEVEMENT) {
		set_met(r, h == 1);
		ex_met(e, h == 1);
	} else if (it->kind == RS_DEDUCTION) {
		char a[32];
		r->points = h ? -it->deduct : 0;
		if (h)
			ex(e, "trừ %s điểm", fmt_vi(it->deduct, a));
		else
			ex(e, "không trừ điểm");
	} else {
		r->points = h ? max_points(it) : 0;
		ex_points(e, r->points);
	}
}

static void k_yes_no(struct ev *e, const struct target *t, struct sc_item_result *r)
{
	const struct rs_item *it = t->item;
	const char *name = it->num; /* yes_no NAME is kept in num (ruleset.c) */
	const struct val *v = name ? input_val(e, t, name) : NULL;
	if (v == NULL) {
		set_missing(e, r, name ? name : "?");
		return;
	}
	r->points = v->v != 0 ? max_points(it) : 0;
	ex(e, "%s = %s → ", name, v->v != 0 ? "1 (có)" : "0 (không)");
	ex_points(e, r->points);
}

/* Sum of the sub-items (already evaluated), clamped to 0..max unless a
 * deduction allows going below zero. */
static void k_sum(struct ev *e, struct sc_item_result *r, const struct sc_item_result *subs)
{
	const struct rs_item *it = r->item;
	tc_pts sum = 0;
	bool below = false;
	for (size_t s = 0; s < it->n_subs; s++) {
		if (subs[s].source == SC_MISSING) {
			set_missing(e, r, subs[s].item->code);
			return;
		}
	}
	ex(e, "Tổng các tiểu mục: ");
	for (size_t s = 0; s < it->n_subs; s++) {
		char a[32];
		ex(e, "%s%s: %s", s ? " + " : "", subs[s].item->code, fmt_vi(subs[s].points, a));
		sum += subs[s].points;
		if (it->subs[s].kind == RS_DEDUCTION && it->subs[s].below_zero)
			below = true;
		r->provisional = r->provisional || subs[s].provisional;
	}
	ex(e, " = ");
	ex_points(e, sum);
	r->points = sum;
	if (sum > max_points(it)) {
		r->points = max_points(it);
		ex(e, ", tối đa ");
		ex_points(e, r->points);
	} else if (sum < 0 && !below) {
		r->points = 0;
		ex(e, ", không thấp hơn 0 → 0 điểm");
	}
}

static void k_all(struct ev *e, struct sc_item_result *r, const struct sc_item_result *subs)
{
	const struct rs_item *it = r->item;
	for (size_t s = 0; s < it->n_subs; s++)
		if (subs[s].source == SC_MISSING) {
			set_missing(e, r, subs[s].item->code);
			return;
		}
	for (size_t s = 0; s < it->n_subs; s++) {
		r->provisional = r->provisional || subs[s].provisional;
		if (subs[s].met != 1) {
			set_met(r, false);
			ex(e, "Tiểu mục %s không đạt → không đạt", subs[s].item->code);
			return;
		}
	}
	set_met(r, true);
	ex(e, "Tất cả tiểu mục đạt → đạt");
}

static int k_achievement(struct ev *e, const struct target *t, struct sc_item_result *r,
			 const struct sc_item_result *subs)
{
	const struct rs_item *it = t->item;
	if (it->num != NULL && it->den != NULL) {
		tc_pts num, den;
		int rc = ratio_inputs(e, t, r, &num, &den);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		bool met = num * 10000 >= it->threshold * den;
		char a[32];
		ex(e, "%s ngưỡng %s%% → ", met ? "đạt" : "dưới", fmt_vi(it->threshold, a));
		set_met(r, met);
		ex_met(e, met);
	} else if (it->cond.set) {
		k_cond(e, t, r);
	} else if (it->all_subs) {
		k_all(e, r, subs);
	} else {
		set_missing(e, r, "met");
	}
	return 0;
}

static int compute(struct ev *e, const struct target *t, struct sc_item_result *r,
		   const struct sc_item_result *subs)
{
	switch (t->item->kind) {
	case RS_POINTS:
	case RS_NOT_ARISING:
		set_missing(e, r, "points");
		return 0;
	case RS_ALL_OR_NOTHING:
	case RS_DEDUCTION:
		k_cond(e, t, r);
		return 0;
	case RS_YES_NO:
		k_yes_no(e, t, r);
		return 0;
	case RS_RATIO_BANDS:
		return k_ratio_bands(e, t, r);
	case RS_PROPORTIONAL:
		return k_proportional(e, t, r, e->lay->rs->rounding);
	case RS_SUM:
		k_sum(e, r, subs);
		return 0;
	case RS_ACHIEVEMENT:
		return k_achievement(e, t, r, subs);
	}
	return tc_err_set(e->err, TC_EINTERNAL, "%s: unknown rule kind", t->code);
}

/* Entered values and not-arising take precedence over computation.
 * Returns 1 when one applied. */
static int overrides(struct ev *e, const struct target *t, struct sc_item_result *r)
{
	const struct val *s = &e->sh->s[t->base];
	const struct rs_item *it = t->item;
	char a[32];
	if (!is_ach(it) && val_set(&s[F_POINTS])) {
		r->source = SC_ENTERED;
		r->points = s[F_POINTS].v;
		ex(e, "Điểm nhập: %s điểm", fmt_vi(r->points, a));
		return 1;
	}
	if (is_ach(it) && val_set(&s[F_MET])) {
		r->source = SC_ENTERED;
		set_met(r, s[F_MET].v != 0);
		ex(e, "Nhập: ");
		ex_met(e, r->met == 1);
		return 1;
	}
	if (val_set(&s[F_NA]) && s[F_NA].v != 0) {
		ex(e, "Không phát sinh nhiệm vụ (nhập)");
		set_not_arising(e, r);
		return 1;
	}
	tc_pts l, rv;
	const char *miss;
	if (it->not_arising && it->not_arising_when.set && !val_set(&s[F_NA]) &&
	    cond_eval(e, t, &it->not_arising_when, &l, &rv, &miss) == 1) {
		ex(e, "Không phát sinh: ");
		ex_cond(e, &it->not_arising_when, l, rv);
		set_not_arising(e, r);
		return 1;
	}
	return 0;
}

/* Evaluates the item at target ti (its sub-items first, into `subs`). */
static int eval_item(struct ev *e, size_t ti, size_t ri, struct sc_item_result *res,
		     size_t sub_ri)
{
	const struct target *t = &e->lay->t[ti];
	const struct rs_item *it = t->item;
	struct sc_item_result *r = &res[ri];
	r->item = it;
	r->max = is_ach(it) ? TC_PTS_NONE : it->max;
	r->met = -1;
	r->source = SC_COMPUTED;
	r->provisional = it->src.provisional;
	for (size_t s = 0; s < it->n_subs; s++)
		if (eval_item(e, ti + 1 + s, sub_ri + s, res, 0) < 0)
			return -1;
	r->subs = it->n_subs ? &res[sub_ri] : NULL;
	r->n_subs = it->n_subs;
	if (check_ratio(e, t) != 0)
		return -1;
	e->item_off[ri] = e->explain ? buf_len(&e->text) : 0; /* 0: "" */
	int rc = overrides(e, t, r);
	if (rc == 0)
		rc = compute(e, t, r, r->subs);
	if (e->explain)
		buf_putc(&e->text, '\0');
	if (r->provisional)
		e->provisional = true;
	return rc < 0 ? -1 : 0;
}

/* The only input error sc_evaluate() can find (a numerator above its
 * denominator), checked in the same order: sub-items, then their indicator. */
static int check_item(struct ev *e, size_t ti)
{
	const struct target *t = &e->lay->t[ti];
	for (size_t s = 0; s < t->item->n_subs; s++)
		if (check_item(e, ti + 1 + s) != 0)
			return -1;
	return check_ratio(e, t);
}

int sc_sheet_check(const struct sc_sheet *sh, long *line, struct tc_err *err)
{
	struct ev e = {.sh = sh, .lay = sh->lay, .err = err};
	const struct rs_ruleset *rs = sh->lay->rs;
	size_t ti = 0;
	if (line != NULL)
		*line = 0;
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0)
			ti++;
		for (size_t i = 0; i < cr->n_items; i++) {
			if (check_item(&e, ti) != 0) {
				if (line != NULL)
					*line = e.err_line;
				return -1;
			}
			ti += 1 + cr->items[i].n_subs;
		}
	}
	return 0;
}

/* ---- Criteria, total, verdict --------------------------------------------- */

/* The result and everything it points to except the text: one allocation. */
struct res_block {
	struct sc_result pub;  /* first: sc_result_free casts back */
	char *text;
	struct sc_crit_result *crits;  /* writable views of pub's arrays */
	struct sc_item_result *items;
	const char **reasons;
};

static void whole_criterion(struct ev *e, const struct target *t, struct sc_crit_result *c,
			    size_t ci)
{
	const struct val *s = &e->sh->s[t->base];
	bool ach = e->lay->rs->mode == RS_MODE_ACHIEVEMENT;
	const struct val *v = &s[ach ? F_MET : F_POINTS];
	char a[32];
	e->crit_off[ci] = e->explain ? buf_len(&e->text) : 0; /* 0: "" */
	if (!val_set(v)) {
		c->source = SC_MISSING;
		c->points = 0;
		c->met = false;
		ex(e, "Chưa có số liệu (%s) → %s", ach ? "met" : "points",
		   ach ? "không đạt" : "0 điểm");
	} else if (ach) {
		c->source = SC_ENTERED;
		c->met = v->v != 0;
		c->points = c->met ? TC_PTS_SCALE : 0;
		ex(e, "Nhập: %s", c->met ? "đạt" : "không đạt");
	} else {
		c->source = SC_ENTERED;
		c->points = v->v;
		ex(e, "Điểm nhập cho cả tiêu chí: %s điểm", fmt_vi(v->v, a));
	}
	if (e->explain)
		buf_putc(&e->text, '\0');
}

/* Criterion `met`: points >= frac x max (exact), or every indicator met. */
static void criterion_met(const struct rs_ruleset *rs, struct sc_crit_result *c)
{
	if (rs->mode == RS_MODE_ACHIEVEMENT) {
		if (c->n_items == 0)
			return; /* whole-scored: entered */
		c->met = true;
		for (size_t i = 0; i < c->n_items; i++)
			c->met = c->met && c->items[i].met == 1;
		return;
	}
	c->met = true;
	if (rs->pass.frac_den != 0 && c->max != TC_PTS_NONE)
		c->met = c->points * rs->pass.frac_den >= rs->pass.frac_num * c->max;
}

static int eval_criteria(struct ev *e, struct sc_crit_result *crits,
			 struct sc_item_result *items, tc_pts *total)
{
	const struct rs_ruleset *rs = e->lay->rs;
	size_t ti = 0, ri = 0, sub_ri = e->lay->n_indicators;
	*total = 0;
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		struct sc_crit_result *cres = &crits[c];
		cres->crit = cr;
		cres->max = cr->max;
		cres->source = SC_COMPUTED;
		e->crit_off[c] = SIZE_MAX;
		if (cr->src.provisional)
			e->provisional = true;
		if (cr->n_items == 0)
			whole_criterion(e, &e->lay->t[ti++], cres, c);
		cres->items = &items[ri];
		cres->n_items = cr->n_items;
		for (size_t i = 0; i < cr->n_items; i++) {
			if (eval_item(e, ti, ri, items, sub_ri) < 0)
				return -1;
			if (rs->mode == RS_MODE_ACHIEVEMENT)
				cres->points += items[ri].met == 1 ? TC_PTS_SCALE : 0;
			else
				cres->points += items[ri].points;
			ti += 1 + cr->items[i].n_subs;
			sub_ri += cr->items[i].n_subs;
			ri++;
		}
		criterion_met(rs, cres);
		*total += cres->points;
	}
	return 0;
}

static bool uses(struct ev *e, bool used, const struct rs_source *src)
{
	if (used && src->provisional)
		e->provisional = true;
	return used;
}

static void reasons_incomplete(struct ev *e, const struct sc_result *res, bool need_class)
{
	const struct sc_layout *lay = e->lay;
	if (need_class && !val_set(&e->sh->s[lay->t[lay->n_t - 1].base + F_VALUE]))
		add_reason(e, "incomplete", "commune_class");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		if (cr->n_items == 0 && cr->source == SC_MISSING)
			add_reason(e, "incomplete", cr->crit->code);
		for (size_t i = 0; i < cr->n_items; i++)
			if (cr->items[i].source == SC_MISSING)
				add_reason(e, "incomplete", cr->items[i].item->code);
	}
}

static void reasons_indicators(struct ev *e, const struct sc_result *res, bool all_met)
{
	for (size_t c = 0; c < res->n_crits; c++)
		for (size_t i = 0; i < res->crits[c].n_items; i++) {
			const struct sc_item_result *r = &res->crits[c].items[i];
			bool low = r->item->min != TC_PTS_NONE && r->points < r->item->min;
			if (r->met == 0 && r->source != SC_MISSING && all_met)
				low = true;
			if (low)
				add_reason(e, "indicator_below_min", r->item->code);
		}
}

static void verdict(struct ev *e, struct sc_result *res)
{
	const struct rs_ruleset *rs = e->lay->rs;
	const struct rs_pass *p = &rs->pass;
	const struct val *slots = e->sh->s;
	const struct target *cls = &e->lay->t[e->lay->n_t - 1];
	bool by_class = uses(e, p->total_min_by_class[0] != TC_PTS_NONE, &p->src_class);
	reasons_incomplete(e, res, by_class);
	uses(e, p->complete, &p->src_complete);
	for (size_t g = 0; g < rs->n_gates; g++) {
		const struct target *t = &e->lay->t[e->lay->n_t - 1 - rs->n_gates + g];
		if (uses(e, true, &rs->gates[g].src) && slots[t->base + F_TRIG].v != 0)
			add_reason(e, "gate", rs->gates[g].code);
	}
	bool low = uses(e, p->total_min != TC_PTS_NONE, &p->src_total) && res->total < p->total_min;
	const struct val *cv = &slots[cls->base + F_VALUE];
	if (by_class && val_set(cv) && res->total < p->total_min_by_class[cv->v - 1])
		low = true;
	if (low)
		add_reason(e, "total_below_min", NULL);
	bool frac = uses(e, p->frac_den != 0, &p->src_frac);
	bool all = uses(e, p->all_met, &p->src_all_met);
	for (size_t c = 0; c < res->n_crits; c++)
		if ((frac || all) && !res->crits[c].met)
			add_reason(e, "criterion_below_min", res->crits[c].crit->code);
	reasons_indicators(e, res, all);
}

static size_t max_reasons(const struct sc_layout *lay)
{
	return 2 * lay->n_t + lay->rs->n_criteria + lay->n_results + 4;
}

static struct res_block *alloc_result(const struct sc_layout *lay, struct ev *e)
{
	size_t nc = lay->rs->n_criteria, ni = lay->n_results, nr = max_reasons(lay);
	size_t sz = sizeof(struct res_block) + nc * sizeof(struct sc_crit_result) +
		    ni * sizeof(struct sc_item_result) + nr * sizeof(char *) +
		    (ni + nc + nr) * sizeof(size_t);
	struct res_block *b = tc_calloc(1, sz);
	if (b == NULL)
		return NULL;
	char *p = (char *)(b + 1);
	b->crits = (struct sc_crit_result *)(void *)p;
	p += nc * sizeof(struct sc_crit_result);
	b->items = (struct sc_item_result *)(void *)p;
	p += ni * sizeof(struct sc_item_result);
	b->reasons = (const char **)(void *)p;
	p += nr * sizeof(char *);
	b->pub.crits = b->crits;
	b->pub.reasons = b->reasons;
	e->item_off = (size_t *)p;
	e->crit_off = e->item_off + ni;
	e->reason_off = e->crit_off + nc;
	return b;
}

/* Turns the text offsets into pointers once the text stops moving. */
static void resolve_text(struct ev *e, struct res_block *b, struct sc_item_result *items)
{
	b->text = buf_detach(&e->text, NULL);
	struct sc_crit_result *crits = b->crits;
	const char **reasons = b->reasons;
	for (size_t i = 0; i < e->lay->n_results; i++)
		items[i].explain = b->text + e->item_off[i];
	for (size_t c = 0; c < b->pub.n_crits; c++)
		crits[c].explain = e->crit_off[c] == SIZE_MAX ? NULL : b->text + e->crit_off[c];
	for (size_t r = 0; r < e->n_reasons; r++)
		reasons[r] = b->text + e->reason_off[r];
	b->pub.n_reasons = e->n_reasons;
}

struct sc_result *sc_evaluate(const struct sc_sheet *sh, long *line, struct tc_err *err)
{
	return sc_evaluate_opt(sh, SC_EXPLAIN, line, err);
}

struct sc_result *sc_evaluate_opt(const struct sc_sheet *sh, unsigned flags, long *line,
				  struct tc_err *err)
{
	struct ev e = {.sh = sh, .lay = sh->lay, .err = err, .explain = (flags & SC_EXPLAIN) != 0};
	if (line != NULL)
		*line = 0;
	buf_init(&e.text, 0);
	struct res_block *b = alloc_result(sh->lay, &e);
	if (b == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory evaluating a score sheet");
		return NULL;
	}
	struct sc_crit_result *crits = b->crits;
	struct sc_item_result *items = b->items;
	b->pub.rs = sh->lay->rs;
	b->pub.n_crits = sh->lay->rs->n_criteria;
	buf_reserve(&e.text, e.explain ? 4096 : 256); /* one allocation, usually */
	buf_putc(&e.text, '\0'); /* offset 0 is never a real string */
	if (eval_criteria(&e, crits, items, &b->pub.total) < 0) {
		if (line != NULL)
			*line = e.err_line;
		buf_free(&e.text);
		tc_free(b);
		return NULL;
	}
	verdict(&e, &b->pub);
	if (buf_failed(&e.text)) {
		buf_free(&e.text);
		tc_free(b);
		tc_err_set(err, TC_ENOMEM, "out of memory explaining a score sheet");
		return NULL;
	}
	resolve_text(&e, b, items);
	b->pub.recognised = e.n_reasons == 0;
	b->pub.provisional = e.provisional;
	return &b->pub;
}

void sc_result_free(struct sc_result *res)
{
	if (res == NULL)
		return;
	struct res_block *b = (struct res_block *)res;
	tc_free(b->text);
	tc_free(b);
}

const char *sc_source_name(enum sc_source s)
{
	switch (s) {
	case SC_COMPUTED: return "computed";
	case SC_ENTERED: return "entered";
	case SC_NOT_ARISING: return "not_arising";
	case SC_MISSING: return "missing";
	}
	return "?";
}
