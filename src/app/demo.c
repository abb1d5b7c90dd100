/* demo.c — see demo.h. Builds one score CSV for all years (unit = GSO code)
 * and loads it with scores_import(), then walks the assessments through
 * their steps and adds officials. All randomness comes from splitmix64
 * streams derived from the seed and a unit code, so content is reproducible. */
#include "app/demo.h"

#include "app/dossier.h"
#include "app/pilotdemo.h"
#include "app/scores.h"
#include "core/calendar.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdio.h>
#include <string.h>

#define PROVINCE "04"
#define FIRST_YEAR 2018
#define LAST_YEAR 2026

/* splitmix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (integers). */
static long uniform(uint64_t *s, long lo, long hi)
{
	return lo + (long)(next(s) % (uint64_t)(hi - lo + 1));
}

/* A stream for (seed, text, salt). */
static uint64_t stream(uint64_t seed, const char *text, uint64_t salt)
{
	uint64_t h = UINT64_C(1469598103934665603) ^ seed;
	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * UINT64_C(1099511628211);
	h ^= salt * UINT64_C(0x9E3779B97F4A7C15);
	next(&h);
	return h;
}

/* ---- Capacity: the latent quality of a commune, in per mille ---------- */

static long base_capacity(uint64_t seed, const char *code)
{
	uint64_t s = stream(seed, code, 1);
	return uniform(&s, 740, 960);
}

struct mean_ctx {
	uint64_t seed;
	long sum, n;
};

static int pred_cb(const struct store_lineage *l, void *ctx)
{
	struct mean_ctx *m = ctx;
	m->sum += base_capacity(m->seed, l->old_code);
	m->n++;
	return 0;
}

/* A commune of the two-tier list starts from its predecessors' mean. */
static long capacity(struct store *st, uint64_t seed, const struct store_unit *u, int year,
		     struct tc_err *err)
{
	long base = base_capacity(seed, u->code);
	if (strcmp(u->vintage, "2025-07") == 0) {
		struct mean_ctx m = {seed, 0, 0};
		if (store_lineage_predecessors(st, u->vintage, u->code, pred_cb, &m, err) != 0)
			return -1;
		if (m.n > 0)
			base = m.sum / m.n;
	}
	long c = base + 6 * (year - FIRST_YEAR); /* slow improvement */
	return c > 980 ? 980 : c;
}

/* ---- One commune-year's rows -------------------------------------------- */

static void row(struct buf *b, const char *code, int year, const char *item, const char *field,
		const char *value)
{
	buf_printf(b, "%s,%d,%s,%s,%s\n", code, year, item, field, value);
}

static void points_row(struct buf *b, const char *code, int year, const char *item, tc_pts max,
		       long cap, uint64_t *s)
{
	long frac = cap + uniform(s, -120, 60);
	frac = frac < 300 ? 300 : frac > 1000 ? 1000 : frac;
	tc_pts p = max * frac / 1000;
	p -= p % 25; /* quarter points, as councils round */
	char v[24];
	pts_format(p, v, sizeof v);
	/* "14.00" -> "14", "27.50" -> "27.5": as people type them. */
	size_t l = strlen(v);
	if (strcmp(v + l - 3, ".00") == 0)
		v[l - 3] = '\0';
	else if (v[l - 1] == '0')
		v[l - 1] = '\0';
	row(b, code, year, item, "points", v);
}

static void item_rows(struct buf *b, const char *code, int year, const struct rs_ruleset *rs,
		      const struct rs_item *it, long cap, uint64_t *s)
{
	if (rs->mode == RS_MODE_ACHIEVEMENT) {
		row(b, code, year, it->code, "met", uniform(s, 0, 999) < cap + 80 ? "1" : "0");
		return;
	}
	if (it->max != TC_PTS_NONE && it->max > 0)
		points_row(b, code, year, it->code, it->max, cap, s);
}

static const char *commune_class(uint64_t seed, const char *code)
{
	uint64_t s = stream(seed, code, 2);
	long r = uniform(&s, 0, 99);
	return r < 8 ? "I" : r < 40 ? "II" : "III"; /* mountain communes: mostly III */
}

static void sheet_rows(struct buf *b, const char *code, int year, const struct rs_ruleset *rs,
		       long cap, uint64_t seed)
{
	uint64_t s = stream(seed, code, (uint64_t)year);
	if (rs->pass.total_min_by_class[0] != TC_PTS_NONE)
		row(b, code, year, "commune_class", "value", commune_class(seed, code));
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0) {
			if (rs->mode == RS_MODE_ACHIEVEMENT)
				row(b, code, year, cr->code, "met", uniform(&s, 0, 999) < cap + 80 ? "1" : "0");
			else
				points_row(b, code, year, cr->code, cr->max, cap, &s);
		}
		for (size_t i = 0; i < cr->n_items; i++)
			item_rows(b, code, year, rs, &cr->items[i], cap, &s);
	}
	for (size_t g = 0; g < rs->n_gates; g++)
		if (uniform(&s, 0, 999) < 15)
			row(b, code, year, rs->gates[g].code, "triggered", "1");
}

/* The 2018 pilot: the figures of demo/cao-bang-2018.csv (also synthetic). */
static const char PILOT_2018[] =
	"01417,2018,commune_class,value,II\n01417,2018,1,points,14\n01417,2018,2,points,27.5\n"
	"01417,2018,3,points,22\n01417,2018,4,points,9\n01417,2018,5,points,18.5\n"
	"01639,2018,commune_class,value,III\n01639,2018,1,points,12.5\n01639,2018,2,points,25.75\n"
	"01639,2018,3,points,18\n01639,2018,4,points,7\n01639,2018,5,points,16\n";

struct year_ctx {
	struct store *st;
	struct buf *b;
	const struct rs_ruleset *rs;
	int year;
	uint64_t seed;
	long n;
	struct tc_err *err;
	int failed;
};

static int commune_cb(const struct store_unit *u, void *ctx)
{
	struct year_ctx *y = ctx;
	if (y->year == 2018 && (strcmp(u->code, "01417") == 0 || strcmp(u->code, "01639") == 0))
		return 0; /* the pilot rows */
	long cap = capacity(y->st, y->seed, u, y->year, y->err);
	if (cap < 0) {
		y->failed = 1;
		return 1;
	}
	sheet_rows(y->b, u->code, y->year, y->rs, cap, y->seed);
	y->n++;
	return 0;
}

static int build_csv(struct store *st, const struct reg *reg, uint64_t seed, struct buf *b,
		     long *n, struct tc_err *err)
{
	buf_puts(b, "unit,year,item,field,value\n");
	buf_puts(b, PILOT_2018);
	*n = 2;
	struct store_scope sc = {STORE_SCOPE_PROVINCE, PROVINCE};
	for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
		struct store_vintage v;
		if (store_vintage_for_year(st, year, &v, err) != 0)
			return -1;
		struct year_ctx y = {st, b, reg_for_year(reg, year), year, seed, 0, err, 0};
		if (y.rs == NULL)
			return tc_err_set(err, TC_EINTERNAL, "demo: no rule set for %d", year);
		if (store_unit_list(st, v.id, "commune", &sc, commune_cb, &y, err) != 0 || y.failed)
			return -1;
		*n += y.n;
	}
	if (buf_failed(b))
		return tc_err_set(err, TC_ENOMEM, "demo: out of memory");
	return 0;
}

/* ---- Steps and officials ---------------------------------------------------- */

struct step_ctx {
	struct store *st;
	struct tc_err *err;
	int failed;
	int64_t ids[4096];
	size_t n;
};

static int collect_cb(const struct store_assessment *a, void *ctx)
{
	struct step_ctx *s = ctx;
	if (s->n < sizeof s->ids / sizeof s->ids[0])
		s->ids[s->n++] = a->id;
	return 0;
}

static const char *const FAMILY[] = {"Nông", "Hoàng", "Lương", "Đàm", "Lục", "Bế", "Triệu",
				     "Ma", "Lý", "Nguyễn", "La", "Hà", "Lâm", "Vi"};
static const char *const MIDDLE_M[] = {"Văn", "Đức", "Minh", "Quang", "Thanh"};
static const char *const MIDDLE_F[] = {"Thị", "Thu", "Ngọc", "Hồng", "Kim"};
static const char *const GIVEN[] = {"An", "Bình", "Chung", "Dũng", "Hà", "Hạnh", "Hùng", "Lan",
				    "Linh", "Mai", "Nam", "Nhung", "Phúc", "Quân", "Sơn", "Thảo",
				    "Thắng", "Tuấn", "Vân", "Yến"};

#define PICK(s, arr) (arr)[uniform((s), 0, (long)(sizeof(arr) / sizeof((arr)[0])) - 1)]

static const char *const POSITION[] = {"Chủ tịch UBND xã", "Công chức Tư pháp - Hộ tịch",
				       "Công chức Văn phòng - Thống kê"};

/* The chairman's sign-off on `when` (its date starts the public posting,
 * whose end the calendar computes as the web form does), so a signed demo
 * dossier has its posting notice (/niem-yet) like a real one. The signer's
 * name is synthetic, drawn from the unit code. */
static int demo_sign_off(struct store *st, const struct store_assessment *a, int64_t version,
			 const char *when, struct tc_err *err)
{
	struct store_signoff so;
	struct cal_date d, end;
	struct dos_posting rule;
	memset(&so, 0, sizeof so);
	if (cal_parse_iso(when, 10, &d, err) != 0)
		return -1;
	struct cal_holidays *h = dos_holidays(st, err);
	if (h == NULL)
		return -1;
	int rc = dos_posting_rule(st, a->year, a->ruleset_id, &rule, err) == 0 &&
			 cal_period_end(d, rule.days, rule.unit, h, &end, err) == 0
		 ? 0 : -1;
	cal_holidays_free(h);
	if (rc != 0)
		return -1;
	uint64_t s = stream(20170606u, a->unit_code, 31u);
	int female = uniform(&s, 0, 1) == 1;
	snprintf(so.signer_name, sizeof so.signer_name, "%s %s %s", PICK(&s, FAMILY),
		 female ? PICK(&s, MIDDLE_F) : PICK(&s, MIDDLE_M), PICK(&s, GIVEN));
	snprintf(so.signer_position, sizeof so.signer_position, "Chủ tịch UBND xã");
	snprintf(so.posting_place, sizeof so.posting_place,
		 "Trụ sở UBND xã và Trang thông tin điện tử của xã");
	cal_format_iso(d, so.signed_on, sizeof so.signed_on);
	cal_format_iso(d, so.posting_start, sizeof so.posting_start);
	cal_format_iso(end, so.posting_end, sizeof so.posting_end);
	so.posting_days = rule.days;
	snprintf(so.posting_unit, sizeof so.posting_unit, "%s",
		 rule.unit == CAL_DAYS ? "days" : "working_days");
	return store_assessment_sign_off(st, a->id, version, &so, err);
}

/* Walks one assessment through its steps, with dates early in year + 1. */
static int walk_steps(struct store *st, int64_t id, struct tc_err *err)
{
	struct store_assessment a;
	if (store_assessment_get(st, id, NULL, &a, err) != 0)
		return -1;
	char when[32];
	int last = a.year == LAST_YEAR ? 1 : 4;
	static const char *const steps[] = {"signed", "submitted", "reviewed", NULL};
	static const char *const days[] = {"01-10", "01-20", "02-15", "03-05"};
	for (int k = 0; k < last; k++) {
		const char *status = k < 3 ? steps[k] : a.recognised == 1 ? "recognised" : "not_recognised";
		if (a.year == LAST_YEAR)
			snprintf(when, sizeof when, "%04d-11-20T09:00:00Z", a.year % 10000);
		else
			snprintf(when, sizeof when, "%04d-%.5sT09:00:00Z", (a.year + 1) % 10000, days[k]);
		store_set_now(st, when);
		if (k == 0 ? demo_sign_off(st, &a, a.version, when, err) != 0
			   : store_assessment_set_status(st, id, a.version + k, status, err) != 0)
			return -1;
	}
	store_set_now(st, NULL);
	return 0;
}


struct off_ctx {
	struct store *st;
	uint64_t seed;
	int per_unit;
	struct tc_err *err;
	int failed;
};

static int officials_cb(const struct store_unit *u, void *ctx)
{
	struct off_ctx *o = ctx;
	uint64_t s = stream(o->seed, u->code, (uint64_t)o->per_unit * 7919u);
	for (int k = 0; k < o->per_unit; k++) {
		struct store_official off;
		memset(&off, 0, sizeof off);
		int female = uniform(&s, 0, 1) == 1;
		snprintf(off.full_name, sizeof off.full_name, "%s %s %s", PICK(&s, FAMILY),
			 female ? PICK(&s, MIDDLE_F) : PICK(&s, MIDDLE_M), PICK(&s, GIVEN));
		snprintf(off.position, sizeof off.position, "%s", POSITION[k % 3]);
		snprintf(off.vintage, sizeof off.vintage, "%s", u->vintage);
		snprintf(off.unit_code, sizeof off.unit_code, "%s", u->code);
		snprintf(off.source, sizeof off.source, "synthetic-demo");
		if (store_official_add(o->st, &off, NULL, o->err) != 0) {
			o->failed = 1;
			return 1;
		}
	}
	return 0;
}

static int add_officials(struct store *st, uint64_t seed, struct tc_err *err)
{
	struct store_scope sc = {STORE_SCOPE_PROVINCE, PROVINCE};
	struct off_ctx a = {st, seed, 2, err, 0}, b = {st, seed, 3, err, 0};
	if (store_unit_list(st, "2025-03", "commune", &sc, officials_cb, &a, err) != 0 || a.failed)
		return -1;
	if (store_unit_list(st, "2025-07", "commune", &sc, officials_cb, &b, err) != 0 || b.failed)
		return -1;
	return 0;
}

static int build(struct store *st, const struct reg *reg, uint64_t seed,
		 void (*progress)(long, long, void *), void *pctx, struct tc_err *err)
{
	struct buf b;
	buf_init(&b, 0);
	long n = 0, done = 0;
	int rc = build_csv(st, reg, seed, &b, &n, err);
	size_t len = buf_len(&b);
	char *data = rc == 0 ? buf_detach(&b, &len) : NULL;
	buf_free(&b);
	if (rc == 0 && data == NULL)
		rc = tc_err_set(err, TC_ENOMEM, "demo: out of memory");
	if (rc == 0)
		rc = scores_import(st, reg, data, len, "demo", 0, "synthetic-demo", progress, pctx,
				   &done, err);
	tc_free(data);
	struct step_ctx *sx = rc == 0 ? tc_calloc(1, sizeof *sx) : NULL;
	if (rc == 0 && sx == NULL)
		rc = tc_err_set(err, TC_ENOMEM, "demo: out of memory");
	if (rc == 0)
		rc = store_assessment_list(st, 0, NULL, collect_cb, sx, err);
	for (size_t i = 0; rc == 0 && sx && i < sx->n; i++)
		rc = walk_steps(st, sx->ids[i], err);
	tc_free(sx);
	if (rc == 0)
		rc = add_officials(st, seed, err);
	if (rc == 0)
		rc = pilotdemo_build(st, reg, err); /* the 2018 pilot model (pilotdemo.h) */
	return rc;
}

int demo_build(struct store *st, const struct reg *reg, uint64_t seed,
	       void (*progress)(long done, long total, void *ctx), void *pctx,
	       struct tc_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	if (build(st, reg, seed, progress, pctx, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}
