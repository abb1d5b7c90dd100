/* dash.c — see dash.h. Each section of the model is filled from one store
 * aggregate; nothing here reads rows the store has not aggregated except the
 * ranking and the (internal) flags, which are per commune by nature. */
#include "report/dash.h"

#include "report/forms.h"
#include "report/svg.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const DASH_CHARTS[] = {"ty-le", "xu-huong", "pho-diem", "chi-tieu-yeu", "o-xa",
				   "thi-diem", "thi-diem-diem", NULL};

int64_t dash_share_bp(long num, long den)
{
	if (den <= 0)
		return 0;
	return ((int64_t)num * 20000 + den) / (2 * (int64_t)den);
}

int dash_tier(size_t i, size_t n)
{
	if (n == 0)
		return 1;
	return (int)(i * 4 / n) + 1;
}

int dash_below_half(tc_pts pts, tc_pts max)
{
	return max != TC_PTS_NONE && pts * 2 < max;
}

int64_t dash_mean(int64_t sum, long n)
{
	if (n <= 0)
		return 0;
	int64_t a = sum < 0 ? -sum : sum;
	int64_t m = (a * 2 + n) / (2 * (int64_t)n);
	return sum < 0 ? -m : m;
}

/* ---- growable arrays ---- */

struct build {
	struct store *st;
	struct dash *d;
	const struct rs_ruleset *rs;
	struct store_scope scope;
	const struct store_scope *sp;   /* NULL = national */
	struct tc_err *err;
	int failed;
	size_t cap_areas, cap_th, cap_tc, cap_weak, cap_gates, cap_rank, cap_flags, cap_warn;
	size_t cap_rev;
};

static void *grow(struct build *b, void *arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		void *v = tc_reallocarray(arr, c, size);
		if (v == NULL) {
			b->failed = 1;
			tc_err_set(b->err, TC_ENOMEM, "out of memory building the dashboard");
			return NULL;
		}
		arr = v;
		*cap = c;
	}
	memset((char *)arr + *n * size, 0, size);
	(*n)++;
	return arr;
}

#define PUSH(b, arr, n, cap) \
	((arr) = grow((b), (arr), &(n), &(cap), sizeof *(arr))) ? &(arr)[(n) - 1] : NULL

void dash_free(struct dash *d)
{
	if (d == NULL)
		return;
	tc_free(d->areas);
	tc_free(d->trend_hist);
	tc_free(d->trend_cur);
	tc_free(d->weak);
	tc_free(d->gates);
	tc_free(d->ranking);
	tc_free(d->flags);
	tc_free(d->warnings);
	tc_free(d->reviewers);
	tc_free(d);
}

static void unit_name(struct store *st, const char *vintage, const char *code, char *out,
		      size_t n)
{
	struct store_unit u;
	struct tc_err e;
	if (code[0] && store_unit_get(st, vintage, code, &u, &e) == 0)
		snprintf(out, n, "%s %s", u.type, u.name);
	else
		snprintf(out, n, "%s", code[0] ? code : "Toàn quốc");
}

static void fill_count(struct dash_count *o, const struct store_dash_count *c)
{
	o->year = c->year;
	memcpy(o->key, c->key, sizeof o->key);
	o->assessed = c->assessed;
	o->scored = c->scored;
	o->eligible = c->eligible;
	o->recognised = c->recognised;
	o->decided = c->decided;
	o->share_bp = dash_share_bp(c->recognised, c->assessed);
}

/* ---- counts ---- */

static int whole_cb(const struct store_dash_count *c, void *ctx)
{
	struct build *b = ctx;
	fill_count(&b->d->whole, c);
	return 0;
}

static int area_cb(const struct store_dash_count *c, void *ctx)
{
	struct build *b = ctx;
	struct dash_count *o = PUSH(b, b->d->areas, b->d->n_areas, b->cap_areas);
	if (o == NULL)
		return 1;
	fill_count(o, c);
	unit_name(b->st, b->d->vintage, c->key, o->name, sizeof o->name);
	return 0;
}

static int trend_hist_cb(const struct store_dash_count *c, void *ctx)
{
	struct build *b = ctx;
	struct dash_count *o = PUSH(b, b->d->trend_hist, b->d->n_trend_hist, b->cap_th);
	if (o == NULL)
		return 1;
	fill_count(o, c);
	return 0;
}

static int trend_cur_cb(const struct store_dash_count *c, void *ctx)
{
	struct build *b = ctx;
	struct dash_count *o = PUSH(b, b->d->trend_cur, b->d->n_trend_cur, b->cap_tc);
	if (o == NULL)
		return 1;
	fill_count(o, c);
	return 0;
}

static int build_counts(struct build *b)
{
	struct dash *d = b->d;
	struct tc_err *err = b->err;
	enum store_dash_by by = d->scope_code[0] == '\0' ? STORE_DASH_BY_PROVINCE
							: STORE_DASH_BY_DISTRICT;
	if (store_dash_counts(b->st, d->year, b->sp, STORE_DASH_BY_YEAR, whole_cb, b, err) < 0 ||
	    (!(by == STORE_DASH_BY_DISTRICT && d->tiers != 3) &&
	     store_dash_counts(b->st, d->year, b->sp, by, area_cb, b, err) < 0) ||
	    b->failed ||
	    store_dash_counts(b->st, 0, b->sp, STORE_DASH_BY_YEAR, trend_hist_cb, b, err) < 0 ||
	    b->failed)
		return -1;
	/* Current boundaries: the unit list in force today. */
	char now[21];
	store_now(b->st, now);
	struct store_vintage v;
	if (store_vintage_for_year(b->st, (int)strtol(now, NULL, 10), &v, err) < 0)
		return -1;
	memcpy(d->current_vintage, v.id, sizeof d->current_vintage);
	if (store_dash_counts_current(b->st, v.id, b->sp, trend_cur_cb, b, err) < 0 || b->failed)
		return -1;
	return 0;
}

/* ---- rule-set lookups ---- */

static const struct rs_item *find_item(const struct rs_ruleset *rs, const char *code,
				       size_t *crit)
{
	for (size_t c = 0; rs && c < rs->n_criteria; c++)
		for (size_t i = 0; i < rs->criteria[c].n_items; i++)
			if (strcmp(rs->criteria[c].items[i].code, code) == 0) {
				if (crit)
					*crit = c;
				return &rs->criteria[c].items[i];
			}
	return NULL;
}

static tc_pts item_max(const struct rs_item *it)
{
	return it->max == TC_PTS_NONE ? 100 : it->max; /* achievement: met = 100 */
}

static tc_pts crit_max(const struct rs_criterion *c)
{
	return c->max != TC_PTS_NONE ? c->max : (tc_pts)c->n_items * 100;
}

static tc_pts ruleset_max(const struct rs_ruleset *rs)
{
	tc_pts m = 0;
	for (size_t c = 0; rs && c < rs->n_criteria; c++)
		m += crit_max(&rs->criteria[c]);
	return m > 0 ? m : 10000;
}

/* ---- weakest indicators ---- */

static int points_cb(const struct store_dash_points *p, void *ctx)
{
	struct build *b = ctx;
	const struct rs_item *it = find_item(b->rs, p->item, NULL);
	if (it == NULL)
		return 0; /* a sub-item or an item of another rule set */
	struct dash *d = b->d;
	struct dash_weak *w = d->n_weak ? &d->weak[d->n_weak - 1] : NULL;
	if (w == NULL || strcmp(w->item, p->item) != 0) {
		w = PUSH(b, d->weak, d->n_weak, b->cap_weak);
		if (w == NULL)
			return 1;
		snprintf(w->item, sizeof w->item, "%s", p->item);
		snprintf(w->title, sizeof w->title, "%s", it->title ? it->title : "");
		w->max = item_max(it);
	}
	w->n += p->n;
	if (dash_below_half(p->pts, w->max))
		w->below += p->n;
	return 0;
}

static int cmp_weak(const void *x, const void *y)
{
	const struct dash_weak *a = x, *b = y;
	if (a->share_bp != b->share_bp)
		return a->share_bp < b->share_bp ? 1 : -1;
	return strcmp(a->item, b->item);
}

static int build_weak(struct build *b)
{
	if (store_dash_item_points(b->st, b->d->year, b->sp, points_cb, b, b->err) < 0 || b->failed)
		return -1;
	for (size_t i = 0; i < b->d->n_weak; i++)
		b->d->weak[i].share_bp = dash_share_bp(b->d->weak[i].below, b->d->weak[i].n);
	if (b->d->n_weak)
		qsort(b->d->weak, b->d->n_weak, sizeof *b->d->weak, cmp_weak);
	return 0;
}

/* ---- gates, ranking ---- */

static const char *gate_title(const struct rs_ruleset *rs, const char *code)
{
	for (size_t g = 0; rs && g < rs->n_gates; g++)
		if (strcmp(rs->gates[g].code, code) == 0)
			return rs->gates[g].title;
	return code;
}

static int gate_cb(const struct store_dash_row *r, void *ctx)
{
	struct build *b = ctx;
	struct dash *d = b->d;
	for (size_t i = 0; i < d->n_gates; i++)
		if (strcmp(d->gates[i].code, r->item) == 0) {
			d->gates[i].n++;
			return 0;
		}
	struct dash_gate *g = PUSH(b, d->gates, d->n_gates, b->cap_gates);
	if (g == NULL)
		return 1;
	snprintf(g->code, sizeof g->code, "%s", r->item);
	snprintf(g->title, sizeof g->title, "%s", gate_title(b->rs, r->item));
	g->n = 1;
	return 0;
}

static int rank_cb(const struct store_dash_row *r, void *ctx)
{
	struct build *b = ctx;
	struct dash_rank *k = PUSH(b, b->d->ranking, b->d->n_ranking, b->cap_rank);
	if (k == NULL)
		return 1;
	memcpy(k->unit, r->unit, sizeof k->unit);
	memcpy(k->name, r->name, sizeof k->name);
	memcpy(k->district, r->district, sizeof k->district);
	memcpy(k->status, r->status, sizeof k->status);
	k->total = r->a;
	k->recognised = r->recognised;
	return 0;
}

static int build_lists(struct build *b)
{
	if (store_dash_gates(b->st, b->d->year, b->sp, gate_cb, b, b->err) < 0 || b->failed ||
	    store_dash_ranking(b->st, b->d->year, b->sp, rank_cb, b, b->err) < 0 || b->failed)
		return -1;
	for (size_t i = 0; i < b->d->n_ranking; i++)
		b->d->ranking[i].tier = dash_tier(i, b->d->n_ranking);
	return 0;
}

/* ---- internal: integrity flags and early warnings ---- */

static struct dash_flag *add_flag(struct build *b, int warning, const char *kind,
				  const struct store_dash_row *r)
{
	struct dash *d = b->d;
	struct dash_flag *f = warning ? PUSH(b, d->warnings, d->n_warnings, b->cap_warn)
				      : PUSH(b, d->flags, d->n_flags, b->cap_flags);
	if (f == NULL)
		return NULL;
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	memcpy(f->unit, r->unit, sizeof f->unit);
	if (strcmp(kind, "shared-evidence") != 0)
		memcpy(f->name, r->name, sizeof f->name);
	return f;
}

static int jump_cb(const struct store_dash_row *r, void *ctx)
{
	struct dash_flag *f = add_flag(ctx, 0, "jump", r);
	if (f == NULL)
		return 1;
	char p[32], c[32];
	snprintf(f->detail, sizeof f->detail, "Tổng điểm thay đổi bất thường: %s (năm %d) → %s "
		 "(năm %d)", pts_format_vi(r->a, p, sizeof p), r->year - 1,
		 pts_format_vi(r->b, c, sizeof c), r->year);
	return 0;
}

static int shared_cb(const struct store_dash_row *r, void *ctx)
{
	struct dash_flag *f = add_flag(ctx, 0, "shared-evidence", r);
	if (f == NULL)
		return 1;
	snprintf(f->detail, sizeof f->detail, "Cùng một tệp kiểm chứng (SHA-256 %.64s) được "
		 "nhiều xã nộp; tại xã này cho chỉ tiêu %s", r->name, r->item[0] ? r->item : "chung");
	return 0;
}

static int gap_cb(const struct store_dash_row *r, void *ctx)
{
	struct dash_flag *f = add_flag(ctx, 0, "review-gap", r);
	if (f == NULL)
		return 1;
	char s[32], v[32];
	snprintf(f->detail, sizeof f->detail, "Chênh lệch lớn giữa điểm tự chấm (%s) và điểm "
		 "thẩm định (%s)", pts_format_vi(r->a, s, sizeof s), pts_format_vi(r->b, v, sizeof v));
	return 0;
}

/* Draft figures arrive by unit then item; sums per criterion are checked
 * when the unit changes (and once more at the end). */
struct draft {
	struct build *b;
	struct store_dash_row last;
	tc_pts sum[32];
	int any;
};

static int draft_flush(struct draft *w)
{
	const struct rs_ruleset *rs = w->b->rs;
	for (size_t c = 0; w->any && rs && c < rs->n_criteria && c < 32; c++) {
		tc_pts max = crit_max(&rs->criteria[c]);
		if (!dash_below_half(w->sum[c], max))
			continue;
		struct dash_flag *f = add_flag(w->b, 1, "criterion", &w->last);
		if (f == NULL)
			return -1;
		char s[32], m[32];
		snprintf(f->detail, sizeof f->detail, "Số liệu dự thảo: tiêu chí %s đạt %s/%s điểm, "
			 "dưới một nửa điểm tối đa", rs->criteria[c].code,
			 pts_format_vi(w->sum[c], s, sizeof s), pts_format_vi(max, m, sizeof m));
	}
	memset(w->sum, 0, sizeof w->sum);
	w->any = 0;
	return 0;
}

static int draft_cb(const struct store_dash_row *r, void *ctx)
{
	struct draft *w = ctx;
	if (w->any && strcmp(w->last.unit, r->unit) != 0 && draft_flush(w) < 0)
		return 1;
	size_t c = 0;
	if (find_item(w->b->rs, r->item, &c) && c < 32)
		w->sum[c] += r->a == STORE_NO_PTS ? 0 : r->a;
	w->last = *r;
	w->any = 1;
	return 0;
}

static int draft_gate_cb(const struct store_dash_row *r, void *ctx)
{
	struct build *b = ctx;
	/* Early warning is about figures not yet appraised (core/workflow.h):
	 * draft, signed off, submitted or returned for supplement. */
	if (strcmp(r->status, "draft") != 0 && strcmp(r->status, "signed") != 0 &&
	    strcmp(r->status, "submitted") != 0 && strcmp(r->status, "returned") != 0)
		return 0;
	struct dash_flag *f = add_flag(b, 1, "gate", r);
	if (f == NULL)
		return 1;
	snprintf(f->detail, sizeof f->detail, "Số liệu dự thảo: vi phạm điều kiện bắt buộc — %s",
		 gate_title(b->rs, r->item));
	return 0;
}

static int build_internal(struct build *b)
{
	struct dash *d = b->d;
	struct draft w = {.b = b};
	if (store_dash_jumps(b->st, d->year, b->sp, DASH_JUMP_PTS, jump_cb, b, b->err) < 0 ||
	    b->failed ||
	    store_dash_shared_evidence(b->st, d->year, b->sp, shared_cb, b, b->err) < 0 ||
	    b->failed ||
	    store_dash_review_gaps(b->st, d->year, b->sp, DASH_GAP_PTS, gap_cb, b, b->err) < 0 ||
	    b->failed ||
	    store_dash_gates(b->st, d->year, b->sp, draft_gate_cb, b, b->err) < 0 || b->failed ||
	    store_dash_draft_points(b->st, d->year, b->sp, draft_cb, &w, b->err) < 0 || b->failed ||
	    draft_flush(&w) < 0)
		return -1;
	return 0;
}

/* ---- pilot communes against the rest ---- */

static int pilot_cb(const struct store_dash_pilot *p, void *ctx)
{
	struct build *b = ctx;
	struct dash_group *g = p->pilot ? &b->d->pilot : &b->d->rest;
	if (p->pilot)
		b->d->pilot_available = 1;
	g->assessed = p->assessed;
	g->scored = p->scored;
	g->recognised = p->recognised;
	g->decided = p->decided;
	g->share_bp = dash_share_bp(p->recognised, p->assessed);
	g->mean_total = p->scored ? dash_mean(p->sum_total, p->scored) : TC_PTS_NONE;
	return 0;
}

static int build_pilot(struct build *b)
{
	b->d->pilot.mean_total = TC_PTS_NONE;
	b->d->rest.mean_total = TC_PTS_NONE;
	return store_dash_pilot(b->st, b->d->year, b->sp, pilot_cb, b, b->err);
}

/* ---- internal: gaps by reviewer ---- */

static int reviewer_cb(const struct store_dash_reviewer *r, void *ctx)
{
	struct build *b = ctx;
	struct dash_reviewer *o = PUSH(b, b->d->reviewers, b->d->n_reviewers, b->cap_rev);
	if (o == NULL)
		return 1;
	memcpy(o->reviewer, r->reviewer, sizeof o->reviewer);
	o->dossiers = r->dossiers;
	o->large = r->large;
	o->mean_abs = dash_mean(r->sum_abs, r->dossiers);
	o->max_abs = r->max_abs;
	o->mean_signed = dash_mean(r->sum_signed, r->dossiers);
	return 0;
}

/* Largest mean gap first; the store returns rows in no fixed order. */
static int cmp_reviewer(const void *x, const void *y)
{
	const struct dash_reviewer *a = x, *b = y;
	if (a->mean_abs != b->mean_abs)
		return a->mean_abs < b->mean_abs ? 1 : -1;
	return strcmp(a->reviewer, b->reviewer);
}

static int build_reviewers(struct build *b)
{
	if (store_dash_reviewer_gaps(b->st, b->d->year, b->sp, DASH_GAP_PTS, reviewer_cb, b,
				     b->err) < 0 || b->failed)
		return -1;
	if (b->d->n_reviewers)
		qsort(b->d->reviewers, b->d->n_reviewers, sizeof *b->d->reviewers, cmp_reviewer);
	return 0;
}

static int build_head(struct build *b)
{
	struct dash *d = b->d;
	struct store_vintage v;
	if (store_vintage_for_year(b->st, d->year, &v, b->err) < 0)
		return -1;
	memcpy(d->vintage, v.id, sizeof d->vintage);
	d->tiers = v.tiers;
	unit_name(b->st, d->vintage, d->scope_code, d->scope_name, sizeof d->scope_name);
	if (b->rs)
		snprintf(d->ruleset, sizeof d->ruleset, "%s", b->rs->id);
	d->hist_lo = 0;
	d->hist_width = ruleset_max(b->rs) / DASH_BINS;
	if (d->hist_width <= 0)
		d->hist_width = 1;
	return store_dash_histogram(b->st, d->year, b->sp, d->hist_lo, d->hist_width, DASH_BINS,
				    d->hist, b->err);
}

struct dash *dash_build(struct store *st, const struct reg *reg, int year,
			const char *province, int internal, struct tc_err *err)
{
	if (province && province[0] &&
	    (strlen(province) != 2 || strspn(province, "0123456789") != 2)) {
		tc_err_set(err, TC_EINPUT, "'%s' is not a province code (two digits, e.g. 04)", province);
		return NULL;
	}
	struct dash *d = tc_calloc(1, sizeof *d);
	if (d == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory building the dashboard");
		return NULL;
	}
	d->year = year;
	d->internal = internal;
	struct build b = {.st = st, .d = d, .rs = reg_for_year(reg, year), .err = err};
	if (province && province[0]) {
		snprintf(d->scope_code, sizeof d->scope_code, "%s", province);
		b.scope.kind = STORE_SCOPE_PROVINCE;
		snprintf(b.scope.code, sizeof b.scope.code, "%s", province);
		b.sp = &b.scope;
	}
	if (build_head(&b) < 0 || build_counts(&b) < 0 || build_weak(&b) < 0 ||
	    build_lists(&b) < 0 || build_pilot(&b) < 0 ||
	    (internal && (build_internal(&b) < 0 || build_reviewers(&b) < 0))) {
		dash_free(d);
		return NULL;
	}
	return d;
}

/* ---- JSON ---- */

static json_t *count_json(const struct dash_count *c)
{
	char pct[32];
	snprintf(pct, sizeof pct, "%lld.%02lld", (long long)(c->share_bp / 100),
		 (long long)(c->share_bp % 100));
	return json_pack("{s:i,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "year", c->year, "code",
			 c->key, "name", c->name, "assessed", (json_int_t)c->assessed, "scored",
			 (json_int_t)c->scored, "eligible", (json_int_t)c->eligible, "recognised",
			 (json_int_t)c->recognised, "decided", (json_int_t)c->decided, "share_bp",
			 (json_int_t)c->share_bp, "share_percent", pct);
}

static json_t *counts_json(const struct dash_count *c, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, count_json(&c[i]));
	return a;
}

static json_t *flags_json(const struct dash_flag *f, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s}", "kind", f[i].kind, "unit",
						   f[i].unit, "name", f[i].name, "detail", f[i].detail));
	return a;
}

static json_t *lists_json(const struct dash *d)
{
	json_t *o = json_object();
	json_t *w = json_array(), *g = json_array(), *r = json_array(), *h = json_array();
	for (size_t i = 0; i < d->n_weak; i++)
		json_array_append_new(w, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "item", d->weak[i].item,
			"title", d->weak[i].title, "max", (json_int_t)d->weak[i].max, "below",
			(json_int_t)d->weak[i].below, "n", (json_int_t)d->weak[i].n, "share_bp",
			(json_int_t)d->weak[i].share_bp));
	for (size_t i = 0; i < d->n_gates; i++)
		json_array_append_new(g, json_pack("{s:s,s:s,s:I}", "code", d->gates[i].code, "title",
						   d->gates[i].title, "n", (json_int_t)d->gates[i].n));
	for (size_t i = 0; i < d->n_ranking; i++)
		json_array_append_new(r, json_pack("{s:s,s:s,s:s,s:I,s:i,s:s,s:i}", "unit",
			d->ranking[i].unit, "name", d->ranking[i].name, "district", d->ranking[i].district,
			"total", (json_int_t)d->ranking[i].total, "recognised", d->ranking[i].recognised,
			"status", d->ranking[i].status, "tier", d->ranking[i].tier));
	for (size_t i = 0; i < DASH_BINS; i++)
		json_array_append_new(h, json_pack("{s:I,s:I,s:I}", "lo",
			(json_int_t)(d->hist_lo + (tc_pts)i * d->hist_width), "hi",
			(json_int_t)(d->hist_lo + (tc_pts)(i + 1) * d->hist_width), "n", (json_int_t)d->hist[i]));
	json_object_set_new(o, "weakest_indicators", w);
	json_object_set_new(o, "gate_failures", g);
	json_object_set_new(o, "ranking", r);
	json_object_set_new(o, "histogram", h);
	return o;
}

static json_t *pts_or_null(tc_pts p)
{
	return p == TC_PTS_NONE ? json_null() : json_integer(p);
}

static json_t *group_json(const struct dash_group *g)
{
	char pct[32];
	snprintf(pct, sizeof pct, "%lld.%02lld", (long long)(g->share_bp / 100),
		 (long long)(g->share_bp % 100));
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:s,s:o}", "assessed", (json_int_t)g->assessed,
			 "scored", (json_int_t)g->scored, "recognised", (json_int_t)g->recognised,
			 "decided", (json_int_t)g->decided, "share_bp", (json_int_t)g->share_bp,
			 "share_percent", pct, "mean_total", pts_or_null(g->mean_total));
}

static json_t *pilot_json(const struct dash *d)
{
	return json_pack("{s:b,s:s,s:o,s:o}", "available", d->pilot_available, "note",
			 d->pilot_available ? "Xã thí điểm: xã được kế hoạch (năm này hoặc trước) "
			 "chọn làm điểm, hoặc xã kế thừa xã đó sau sắp xếp đơn vị hành chính."
			 : "Năm này không có xã thí điểm trong phạm vi (theo các kế hoạch đã nhập).",
			 "pilot", group_json(&d->pilot), "rest", group_json(&d->rest));
}

static json_t *reviewers_json(const struct dash *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->n_reviewers; i++) {
		const struct dash_reviewer *r = &d->reviewers[i];
		json_array_append_new(a, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "reviewer",
			r->reviewer, "dossiers", (json_int_t)r->dossiers, "large", (json_int_t)r->large,
			"mean_gap", (json_int_t)r->mean_abs, "max_gap", (json_int_t)r->max_abs,
			"mean_signed_gap", (json_int_t)r->mean_signed));
	}
	return a;
}

json_t *dash_json(const struct dash *d)
{
	json_t *o = json_pack("{s:i,s:s,s:s,s:s,s:i,s:s,s:s,s:o,s:o,s:o,s:o}", "year", d->year,
			      "scope", d->scope_code, "scope_name", d->scope_name, "vintage",
			      d->vintage, "tiers", d->tiers, "ruleset", d->ruleset,
			      "current_vintage", d->current_vintage, "whole", count_json(&d->whole),
			      "by_area", counts_json(d->areas, d->n_areas), "trend_historical",
			      counts_json(d->trend_hist, d->n_trend_hist), "trend_current",
			      counts_json(d->trend_cur, d->n_trend_cur));
	if (o == NULL)
		return NULL;
	json_t *l = lists_json(d);
	json_object_update(o, l);
	json_decref(l);
	json_object_set_new(o, "points_scale", json_integer(100));
	json_object_set_new(o, "pilot", pilot_json(d));
	json_object_set_new(o, "internal", json_boolean(d->internal));
	if (d->internal) {
		json_object_set_new(o, "integrity_flags", flags_json(d->flags, d->n_flags));
		json_object_set_new(o, "early_warnings", flags_json(d->warnings, d->n_warnings));
		json_object_set_new(o, "review_gaps_by_reviewer", reviewers_json(d));
	}
	return o;
}

/* ---- SVG charts ---- */

static int chart_share(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	if (svg_set_unit(c, "%", err) < 0)
		return -1;
	for (size_t i = 0; i < d->n_areas; i++)
		if (svg_add_category(c, d->areas[i].name, err) < 0)
			return -1;
	if (svg_add_series(c, "Tỷ lệ xã được công nhận", err) < 0)
		return -1;
	for (size_t i = 0; i < d->n_areas; i++)
		if (svg_add_value(c, d->areas[i].share_bp, err) < 0)
			return -1;
	return 0;
}

static int64_t year_share(const struct dash_count *c, size_t n, int year)
{
	/* A year without any decision yet (the campaign under way) is a gap,
	 * not a fall to 0%. */
	for (size_t i = 0; i < n; i++)
		if (c[i].year == year)
			return c[i].decided ? c[i].share_bp : SVG_NONE;
	return SVG_NONE;
}

static int chart_trend(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	int lo = 9999, hi = 0;
	for (size_t i = 0; i < d->n_trend_hist; i++) {
		lo = d->trend_hist[i].year < lo ? d->trend_hist[i].year : lo;
		hi = d->trend_hist[i].year > hi ? d->trend_hist[i].year : hi;
	}
	for (size_t i = 0; i < d->n_trend_cur; i++) {
		lo = d->trend_cur[i].year < lo ? d->trend_cur[i].year : lo;
		hi = d->trend_cur[i].year > hi ? d->trend_cur[i].year : hi;
	}
	char s[200];
	if (svg_set_unit(c, "%", err) < 0)
		return -1;
	for (int y = lo; y <= hi; y++) {
		snprintf(s, sizeof s, "%d", y);
		if (svg_add_category(c, s, err) < 0)
			return -1;
	}
	/* Short legend names (the chart truncates them); the description and
	 * the page say what each boundary set is. */
	if (svg_add_series(c, "Địa giới từng năm", err) < 0)
		return -1;
	for (int y = lo; y <= hi; y++)
		if (svg_add_value(c, year_share(d->trend_hist, d->n_trend_hist, y), err) < 0)
			return -1;
	if (svg_add_series(c, "Địa giới hiện nay", err) < 0)
		return -1;
	for (int y = lo; y <= hi; y++)
		if (svg_add_value(c, year_share(d->trend_cur, d->n_trend_cur, y), err) < 0)
			return -1;
	return 0;
}

static int chart_hist(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	char s[64], a[32], b[32];
	if (svg_set_unit(c, " xã", err) < 0)
		return -1;
	for (size_t i = 0; i < DASH_BINS; i++) {
		snprintf(s, sizeof s, "%s–%s", pts_format_vi(d->hist_lo + (tc_pts)i * d->hist_width, a, sizeof a),
			 pts_format_vi(d->hist_lo + (tc_pts)(i + 1) * d->hist_width, b, sizeof b));
		if (svg_add_category(c, s, err) < 0)
			return -1;
	}
	if (svg_add_series(c, "Số xã", err) < 0)
		return -1;
	for (size_t i = 0; i < DASH_BINS; i++)
		if (svg_add_value(c, d->hist[i], err) < 0)
			return -1;
	return 0;
}

static int chart_weak(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	size_t n = d->n_weak < 10 ? d->n_weak : 10;
	char s[400];
	if (svg_set_unit(c, "%", err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		snprintf(s, sizeof s, "Chỉ tiêu %s", d->weak[i].item);
		if (svg_add_category(c, s, err) < 0)
			return -1;
	}
	if (svg_add_series(c, "Tỷ lệ xã dưới một nửa điểm tối đa", err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (svg_add_value(c, d->weak[i].share_bp, err) < 0)
			return -1;
	return 0;
}

static int chart_tiles(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	char full[300];
	if (d->scope_code[0] == '\0') {
		if (svg_add_category(c, "Từ 75% xã được công nhận", err) < 0 ||
		    svg_add_category(c, "Từ 50% đến dưới 75%", err) < 0 ||
		    svg_add_category(c, "Dưới 50%", err) < 0)
			return -1;
		for (size_t i = 0; i < d->n_areas; i++) {
			const struct dash_count *a = &d->areas[i];
			snprintf(full, sizeof full, "%s: %lld,%02lld%%", a->name,
				 (long long)(a->share_bp / 100), (long long)(a->share_bp % 100));
			size_t cat = a->share_bp >= 7500 ? 0 : a->share_bp >= 5000 ? 1 : 2;
			if (svg_add_tile(c, a->key, full, -1, -1, cat, err) < 0)
				return -1;
		}
		return 0;
	}
	if (svg_add_category(c, "Đạt chuẩn (kết quả chấm)", err) < 0 ||
	    svg_add_category(c, "Chưa đạt", err) < 0)
		return -1;
	size_t n = d->n_ranking < SVG_MAX_ITEMS ? d->n_ranking : SVG_MAX_ITEMS;
	for (size_t i = 0; i < n; i++) {
		const struct dash_rank *r = &d->ranking[i];
		snprintf(full, sizeof full, "%s (%s)", r->name, r->unit);
		if (svg_add_tile(c, r->unit, full, -1, -1, r->recognised == 1 ? 0 : 1, err) < 0)
			return -1;
	}
	return 0;
}

/* Pilot communes vs the rest: two bars per chart, one per group; a group
 * without figures is a gap (SVG_NONE), not a zero. */
static int chart_pilot_groups(const struct dash *d, struct svg_chart *c, const char *series,
			      const char *unit, int64_t vp, int64_t vr, struct tc_err *err)
{
	char a[64], b[64];
	snprintf(a, sizeof a, "Xã thí điểm (%ld xã)", d->pilot.assessed);
	snprintf(b, sizeof b, "Các xã còn lại (%ld xã)", d->rest.assessed);
	if (svg_set_unit(c, unit, err) < 0 || svg_add_category(c, a, err) < 0 ||
	    svg_add_category(c, b, err) < 0 || svg_add_series(c, series, err) < 0)
		return -1;
	return svg_add_value(c, vp, err) < 0 ? -1 : svg_add_value(c, vr, err);
}

static int chart_pilot_share(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	return chart_pilot_groups(d, c, "Tỷ lệ xã được công nhận", "%",
				  d->pilot.assessed ? d->pilot.share_bp : SVG_NONE,
				  d->rest.assessed ? d->rest.share_bp : SVG_NONE, err);
}

static int chart_pilot_mean(const struct dash *d, struct svg_chart *c, struct tc_err *err)
{
	return chart_pilot_groups(d, c, "Tổng điểm bình quân", " điểm",
				  d->pilot.mean_total == TC_PTS_NONE ? SVG_NONE : d->pilot.mean_total,
				  d->rest.mean_total == TC_PTS_NONE ? SVG_NONE : d->rest.mean_total,
				  err);
}

int dash_chart(const struct dash *d, const char *name, struct buf *out, struct tc_err *err)
{
	static const struct {
		const char *name, *title;
		enum svg_kind kind;
		int decimals;
		int (*fill)(const struct dash *, struct svg_chart *, struct tc_err *);
	} CH[] = {
		{"ty-le", "Tỷ lệ xã được công nhận đạt chuẩn theo đơn vị", SVG_BAR_H, 2, chart_share},
		{"xu-huong", "Tỷ lệ được công nhận qua các năm", SVG_LINE, 2, chart_trend},
		{"pho-diem", "Phân bố tổng điểm", SVG_HIST, 0, chart_hist},
		{"chi-tieu-yeu", "Chỉ tiêu yếu nhất", SVG_BAR_H, 2, chart_weak},
		{"o-xa", "Lưới ô đơn vị (không phải bản đồ)", SVG_TILES, 0, chart_tiles},
		{"thi-diem", "Tỷ lệ được công nhận: xã thí điểm và các xã còn lại", SVG_BAR_V, 2,
		 chart_pilot_share},
		{"thi-diem-diem", "Tổng điểm bình quân: xã thí điểm và các xã còn lại", SVG_BAR_V, 2,
		 chart_pilot_mean},
	};
	for (size_t i = 0; i < sizeof CH / sizeof *CH; i++) {
		if (strcmp(CH[i].name, name) != 0)
			continue;
		struct svg_chart *c = svg_new(CH[i].kind, CH[i].title, CH[i].decimals, err);
		if (c == NULL)
			return -1;
		char desc[300];
		snprintf(desc, sizeof desc, "%s — năm %d — số liệu trực tiếp từ cơ sở dữ liệu%s%s",
			 d->scope_name, d->year,
			 strcmp(name, "xu-huong") == 0 ? "; địa giới hiện nay = danh mục " : "",
			 strcmp(name, "xu-huong") == 0 ? d->current_vintage : "");
		int rc = svg_set_desc(c, desc, err);
		if (rc == 0)
			rc = CH[i].fill(d, c, err);
		if (rc == 0)
			rc = svg_render(c, out, err);
		svg_free(c);
		return rc;
	}
	return tc_err_set(err, TC_ENOTFOUND, "no chart '%s' (ty-le, xu-huong, pho-diem, "
			  "chi-tieu-yeu, o-xa, thi-diem, thi-diem-diem)", name);
}
