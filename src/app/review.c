/* review.c — see review.h. */
#include "app/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier.h"
#include "core/review.h"
#include "util/mem.h"

size_t review_targets(const struct rs_ruleset *rs, struct review_target *out, size_t cap)
{
	size_t n = 0;
	bool ach = rs->mode == RS_MODE_ACHIEVEMENT;
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0 && n < cap) {
			out[n++] = (struct review_target){cr->code, cr->title,
							  ach ? TC_PTS_SCALE : cr->max, cr, NULL};
			continue;
		}
		for (size_t i = 0; i < cr->n_items && n < cap; i++) {
			const struct rs_item *it = &cr->items[i];
			out[n++] = (struct review_target){it->code, it->title,
							  ach ? TC_PTS_SCALE : it->max, cr, it};
		}
	}
	return n;
}

struct load_ctx {
	struct sc_sheet *sh;
	const struct review_target *t;
	const tc_pts *rev;
	size_t n;
	const char *field;      /* "points" or "met": the overriding field */
	long line;
	struct tc_err *err;
	int fail;
};

static bool overridden(const struct load_ctx *c, const char *item)
{
	for (size_t i = 0; c->rev && i < c->n; i++)
		if (c->rev[i] != STORE_NO_PTS && strcmp(c->t[i].code, item) == 0)
			return true;
	return false;
}

/* Does `item` belong to (is or is a sub-item of) an overridden target? */
static bool under_override(const struct load_ctx *c, const char *item)
{
	for (size_t i = 0; c->rev && i < c->n; i++) {
		size_t k = strlen(c->t[i].code);
		if (c->rev[i] != STORE_NO_PTS && strncmp(c->t[i].code, item, k) == 0 &&
		    (item[k] == '\0' || item[k] == '.'))
			return true;
	}
	return false;
}

static int load_input(const struct store_input *in, void *ctx)
{
	struct load_ctx *c = ctx;
	c->line++;
	/* The reviewed value replaces the commune's entered points/met of the
	 * item and of its sub-items (a duplicate would be an error). */
	if ((strcmp(in->field, "points") == 0 || strcmp(in->field, "met") == 0 ||
	     strcmp(in->field, "not_arising") == 0) && under_override(c, in->item))
		return 0;
	if (sc_sheet_set(c->sh, in->item, in->field, in->value, c->line, c->err) != 0) {
		tc_err_prefix(c->err, "chỉ tiêu %s, trường %s: ", in->item, in->field);
		c->fail = 1;
		return 1;
	}
	return 0;
}

static int set_reviewed(struct load_ctx *c)
{
	for (size_t i = 0; c->rev && i < c->n; i++) {
		if (c->rev[i] == STORE_NO_PTS || !overridden(c, c->t[i].code))
			continue;
		char v[32];
		if (strcmp(c->field, "met") == 0)
			snprintf(v, sizeof v, "%d", c->rev[i] >= TC_PTS_SCALE ? 1 : 0);
		else
			pts_format(c->rev[i], v, sizeof v);
		if (sc_sheet_set(c->sh, c->t[i].code, c->field, v, ++c->line, c->err) != 0) {
			tc_err_prefix(c->err, "điểm thẩm định của %s: ", c->t[i].code);
			return -1;
		}
	}
	return 0;
}

struct sc_result *review_evaluate(struct store *st, const struct store_assessment *a,
				  const struct rs_ruleset *rs, const struct review_target *t,
				  const tc_pts *reviewed, size_t n, struct tc_err *err)
{
	struct sc_sheet *sh = sc_sheet_new(rs, err);
	if (sh == NULL)
		return NULL;
	struct load_ctx c = {sh, t, reviewed, n,
			     rs->mode == RS_MODE_ACHIEVEMENT ? "met" : "points", 0, err, 0};
	struct sc_result *res = NULL;
	if (store_input_list(st, a->id, load_input, &c, err) == 0 && !c.fail &&
	    set_reviewed(&c) == 0)
		res = sc_evaluate(sh, NULL, err);
	sc_sheet_free(sh);
	return res;
}

/* One holiday list and one "today" for the whole dossier: app/dossier's
 * (shipped list + administrators' rows; TIEPCAN_NOW test clock). */
struct cal_holidays *review_holidays(struct store *st, struct tc_err *err)
{
	return dos_holidays(st, err);
}

struct cal_date review_today(struct store *st)
{
	(void)st;
	struct cal_date d;
	dos_today(&d);
	return d;
}

int review_deadline(struct store *st, const char *ruleset_id, struct cal_date day,
		    struct cal_date *out, int *days, struct tc_err *err)
{
	const struct rv_regime *r = rv_regime_for(ruleset_id);
	struct cal_holidays *h = review_holidays(st, err);
	if (h == NULL)
		return -1;
	int rc = cal_deadline(day, r->supplement_days, CAL_WORKING_DAYS, h, out, err);
	cal_holidays_free(h);
	if (days)
		*days = r->supplement_days;
	return rc;
}

/* -- diff -- */

struct in_list {
	struct store_input *v;
	size_t n, cap;
	int fail;
};

static int collect(const struct store_input *in, void *ctx)
{
	struct in_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct store_input *p = tc_realloc(l->v, cap * sizeof *p);
		if (p == NULL) {
			l->fail = 1;
			return 1;
		}
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = *in;
	return 0;
}

static int in_cmp(const void *a, const void *b)
{
	const struct store_input *x = a, *y = b;
	int c = strcmp(x->item, y->item);
	return c ? c : strcmp(x->field, y->field);
}

static int emit(const struct store_input *b, const struct store_input *a, review_change_cb cb,
		void *ctx, long *n)
{
	struct review_change c;
	memset(&c, 0, sizeof c);
	const struct store_input *k = a ? a : b;
	snprintf(c.item, sizeof c.item, "%s", k->item);
	snprintf(c.field, sizeof c.field, "%s", k->field);
	if (b)
		snprintf(c.before, sizeof c.before, "%s", b->value);
	if (a)
		snprintf(c.after, sizeof c.after, "%s", a->value);
	(*n)++;
	return cb ? cb(&c, ctx) : 0;
}

/* Merge of two sorted lists. */
static void merge(const struct in_list *old, const struct in_list *cur, review_change_cb cb,
		  void *ctx, long *n)
{
	size_t i = 0, j = 0;
	while (i < old->n || j < cur->n) {
		int c = i == old->n ? 1 : j == cur->n ? -1 : in_cmp(&old->v[i], &cur->v[j]);
		int stop = 0;
		if (c < 0)
			stop = emit(&old->v[i++], NULL, cb, ctx, n);
		else if (c > 0)
			stop = emit(NULL, &cur->v[j++], cb, ctx, n);
		else {
			if (strcmp(old->v[i].value, cur->v[j].value) != 0)
				stop = emit(&old->v[i], &cur->v[j], cb, ctx, n);
			i++, j++;
		}
		if (stop)
			return;
	}
}

int review_diff(struct store *st, int64_t return_id, int64_t assessment_id,
		review_change_cb cb, void *ctx, long *n, struct tc_err *err)
{
	struct in_list old = {0}, cur = {0};
	long count = 0;
	int rc = store_return_inputs(st, return_id, collect, &old, err);
	if (rc == 0)
		rc = store_input_list(st, assessment_id, collect, &cur, err);
	if (rc == 0 && (old.fail || cur.fail))
		rc = tc_err_set(err, TC_ENOMEM, "out of memory comparing the dossier's versions");
	if (rc == 0) {
		if (old.n)
			qsort(old.v, old.n, sizeof *old.v, in_cmp);
		if (cur.n)
			qsort(cur.v, cur.n, sizeof *cur.v, in_cmp);
		merge(&old, &cur, cb, ctx, &count);
	}
	tc_free(old.v);
	tc_free(cur.v);
	if (n)
		*n = count;
	return rc;
}
