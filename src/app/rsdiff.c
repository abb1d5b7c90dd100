/* rsdiff.c — what changed between two rule sets (see rsdiff.h). Moved here
 * from cli/cmd_rules.c so that `tiepcan rules diff` and the web page share
 * one implementation; the output is unchanged byte for byte. */
#include "app/rsdiff.h"
#include "app/rsjson.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/pts.h"
#include "util/mem.h"


static const char *const conf_names[] = {"high", "medium", "low"};
static const char *const type_names[] = {"count", "number", "percent", "bool"};

const char *rsdiff_conf_name(enum rs_conf c)
{
	return conf_names[c];
}

const char *rsdiff_type_name(enum rs_input_type t)
{
	return type_names[t];
}


#define MAX_FIELDS 16
#define FIELD_LEN 1536

/* One comparable property of an element, rendered as text. */
struct field {
	const char *name;
	char val[FIELD_LEN];
};

static void fset(struct field *f, size_t *n, const char *name, const char *val)
{
	f[*n].name = name;
	snprintf(f[*n].val, FIELD_LEN, "%s", val ? val : "");
	(*n)++;
}

static void fset_pts(struct field *f, size_t *n, const char *name, tc_pts p)
{
	char v[32];
	fset(f, n, name, p == TC_PTS_NONE ? "(none)" : pts_format_vi(p, v, sizeof v));
}

static void source_fields(const struct rs_source *s, struct field *f, size_t *n)
{
	fset(f, n, "cite", s->cite);
	fset(f, n, "confidence", rsdiff_conf_name(s->confidence));
	fset(f, n, "provisional", s->provisional ? s->provisional_reason : "(no)");
}

static size_t item_fields(const struct rs_item *it, struct field *f)
{
	size_t n = 0;
	char buf[FIELD_LEN];
	fset(f, &n, "title", it->title);
	fset_pts(f, &n, "max", it->max);
	fset(f, &n, "kind", rsjson_rule_text(it, buf, sizeof buf));
	if (!it->not_arising)
		fset(f, &n, "not_arising", "(no)");
	else if (it->not_arising_points == TC_PTS_NONE)
		fset(f, &n, "not_arising", "met");
	else
		fset_pts(f, &n, "not_arising", it->not_arising_points);
	fset(f, &n, "not_arising_when", rsjson_cond_text(&it->not_arising_when, buf, sizeof buf));
	fset_pts(f, &n, "min", it->min);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < it->n_bands && len < sizeof buf; i++) {
		char lo[32], hi[32], p[32];
		const struct rs_band *b = &it->bands[i];
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s[%s, %s) %s", i ? "; " : "",
					pts_format_vi(b->lo, lo, sizeof lo),
					b->hi == TC_PTS_NONE ? "*" : pts_format_vi(b->hi, hi, sizeof hi),
					pts_format_vi(b->points, p, sizeof p));
	}
	fset(f, &n, "bands", buf);
	fset(f, &n, "below_zero", it->kind == RS_DEDUCTION && it->below_zero ? "yes" : "no");
	source_fields(&it->src, f, &n);
	return n;
}

static size_t crit_fields(const struct rs_criterion *c, struct field *f)
{
	size_t n = 0;
	fset(f, &n, "title", c->title);
	fset_pts(f, &n, "max", c->max);
	fset(f, &n, "scored", c->n_items ? "by indicators" : "as a whole");
	source_fields(&c->src, f, &n);
	return n;
}

static size_t gate_fields(const struct rs_gate *g, struct field *f)
{
	size_t n = 0;
	fset(f, &n, "title", g->title);
	source_fields(&g->src, f, &n);
	return n;
}

static size_t head_fields(const struct rs_ruleset *rs, struct field *f)
{
	size_t n = 0;
	char buf[FIELD_LEN];
	fset(f, &n, "title", rs->title);
	fset(f, &n, "version", rs->version);
	snprintf(buf, sizeof buf, "%d-%d", rs->year_from, rs->year_to);
	fset(f, &n, "years", buf);
	fset(f, &n, "mode", rs->mode == RS_MODE_POINTS ? "points" : "achievement");
	fset(f, &n, "rounding", rs->rounding == RS_ROUND_HALF_UP ? "half_up" : "down");
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < rs->n_basis && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " | " : "",
					rs->basis[i]);
	fset(f, &n, "basis", buf);
	return n;
}

static size_t pass_fields(const struct rs_pass *p, struct field *f)
{
	size_t n = 0;
	char buf[FIELD_LEN], a[32], b[32], c[32];
	fset_pts(f, &n, "total_min", p->total_min);
	if (p->total_min_by_class[0] == TC_PTS_NONE)
		snprintf(buf, sizeof buf, "(none)");
	else
		snprintf(buf, sizeof buf, "I=%s II=%s III=%s",
			 pts_format_vi(p->total_min_by_class[0], a, sizeof a),
			 pts_format_vi(p->total_min_by_class[1], b, sizeof b),
			 pts_format_vi(p->total_min_by_class[2], c, sizeof c));
	fset(f, &n, "total_min_by_class", buf);
	fset_pts(f, &n, "criterion_min_fraction",
		 p->frac_den ? p->frac_num * TC_PTS_SCALE / p->frac_den : TC_PTS_NONE);
	fset(f, &n, "all_met", p->all_met ? "yes" : "no");
	fset(f, &n, "complete", p->complete ? "yes" : "no");
	return n;
}

/* One diff in progress: the output and the two field tables (too big for
 * the stack; per call, so threads of the web server never share them). */
struct dctx {
	struct buf *out;
	struct field fa[MAX_FIELDS], fb[MAX_FIELDS];
};

/* Fields come in the same order on both sides. */
static void diff_fields(struct dctx *x, const char *label, const struct field *a, const struct field *b,
			size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].val, b[i].val) != 0)
			buf_printf(x->out, "~ %s: %s: %s -> %s\n", label, a[i].name, a[i].val, b[i].val);
}

static void diff_inputs(struct dctx *dx, const char *label, const struct rs_item *a, const struct rs_item *b)
{
	if (a->parent != NULL) /* sub-items show their indicator's inputs */
		return;
	for (size_t i = 0; i < a->n_inputs; i++) {
		const struct rs_input *x = &a->inputs[i], *y = rs_find_input(b, x->name);
		if (y == NULL)
			buf_printf(dx->out, "~ %s: input %s removed\n", label, x->name);
		else if (x->type != y->type)
			buf_printf(dx->out, "~ %s: input %s: type: %s -> %s\n", label, x->name,
			       rsdiff_type_name(x->type), rsdiff_type_name(y->type));
		else if (strcmp(x->label, y->label) != 0)
			buf_printf(dx->out, "~ %s: input %s: label: %s -> %s\n", label, x->name, x->label,
			       y->label);
	}
	for (size_t i = 0; i < b->n_inputs; i++)
		if (rs_find_input(a, b->inputs[i].name) == NULL)
			buf_printf(dx->out, "~ %s: input %s added (%s)\n", label, b->inputs[i].name,
			       rsdiff_type_name(b->inputs[i].type));
}


static void diff_item(struct dctx *x, const struct rs_item *a, const struct rs_ruleset *B, bool removed_only)
{
	char label[64];
	snprintf(label, sizeof label, "%s %s", a->parent ? "sub" : "indicator", a->code);
	const struct rs_item *b = rs_find_item(B, a->code);
	if (b == NULL) {
		buf_printf(x->out, "%c %s: %s\n", removed_only ? '+' : '-', label, a->title);
	} else if (!removed_only) {
		size_t n = item_fields(a, x->fa);
		item_fields(b, x->fb);
		diff_fields(x, label, x->fa, x->fb, n);
		diff_inputs(x, label, a, b);
	}
	for (size_t i = 0; i < a->n_subs; i++)
		diff_item(x, &a->subs[i], B, removed_only);
}

/* Elements of A missing from B ("-", or "+" when called with the sides
 * swapped, removed_only) and, unless removed_only, what changed. */
static void diff_sets(struct dctx *x, const struct rs_ruleset *A, const struct rs_ruleset *B, bool removed_only)
{
	char label[96];
	for (size_t i = 0; i < A->n_gates; i++) {
		const struct rs_gate *g = &A->gates[i], *h = rs_find_gate(B, g->code);
		snprintf(label, sizeof label, "gate %s", g->code);
		if (h == NULL)
			buf_printf(x->out, "%c %s: %s\n", removed_only ? '+' : '-', label, g->title);
		else if (!removed_only)
			diff_fields(x, label, x->fa, x->fb, (gate_fields(g, x->fa), gate_fields(h, x->fb)));
	}
	for (size_t i = 0; i < A->n_criteria; i++) {
		const struct rs_criterion *c = &A->criteria[i], *d = rs_find_criterion(B, c->code);
		snprintf(label, sizeof label, "criterion %s", c->code);
		if (d == NULL)
			buf_printf(x->out, "%c %s: %s\n", removed_only ? '+' : '-', label, c->title);
		else if (!removed_only)
			diff_fields(x, label, x->fa, x->fb, (crit_fields(c, x->fa), crit_fields(d, x->fb)));
		for (size_t k = 0; k < c->n_items; k++)
			diff_item(x, &c->items[k], B, removed_only);
	}
}

static void diff_all(struct dctx *x, const struct rs_ruleset *A, const struct rs_ruleset *B)
{
	if (strcmp(A->id, B->id) != 0)
		buf_printf(x->out, "~ ruleset: id: %s -> %s\n", A->id, B->id);
	diff_fields(x, "ruleset", x->fa, x->fb, (head_fields(A, x->fa), head_fields(B, x->fb)));
	diff_fields(x, "pass", x->fa, x->fb, (pass_fields(&A->pass, x->fa), pass_fields(&B->pass, x->fb)));
	diff_sets(x, A, B, false);
	diff_sets(x, B, A, true);
}

int rsdiff_text(const struct rs_ruleset *a, const struct rs_ruleset *b, struct buf *out,
		struct tc_err *err)
{
	struct dctx *x = tc_calloc(1, sizeof *x);
	if (x == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory comparing rule sets");
	x->out = out;
	diff_all(x, a, b);
	tc_free(x);
	if (buf_failed(out))
		return tc_err_set(err, TC_ENOMEM, "out of memory comparing rule sets (output too large)");
	return 0;
}
