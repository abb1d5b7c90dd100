/* Unit tests for the scoring engine (core/score) and the score CSV
 * (core/scorecsv) on hand-built rule sets: exact band edges, rounding,
 * clamping, recognition boundaries, errors and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/score.h"
#include "core/scorecsv.h"
#include "util/mem.h"

#define NONE TC_PTS_NONE
#define SRC {"test", RS_CONF_HIGH, false, NULL, NULL}

/* ---- A points rule set with one indicator of each computed kind ---------- */

static const struct rs_input in_ratio[] = {
	{"done", RS_IN_COUNT, "done"}, {"total", RS_IN_COUNT, "total"}};
static const struct rs_band bands[] = {
	{9000, NONE, 200}, {8000, 9000, 100}, {7000, 8000, 50}, {5000, 7000, 25}};
static const struct rs_input in_flag[] = {{"ok", RS_IN_BOOL, "ok"}};
static const struct rs_input in_docs[] = {
	{"assigned", RS_IN_COUNT, "a"}, {"issued", RS_IN_COUNT, "i"},
	{"unlawful", RS_IN_COUNT, "u"}};

/* 3.1 sum: 3.1.1 all_or_nothing (1), 3.1.2 all_or_nothing (2), 3.1.3 deduction 0.25 */
static struct rs_item subs31[3];
static struct rs_item items1[2], items2[1], items3[1];
static struct rs_criterion crits[4];
static struct rs_gate gates[1];
static struct rs_ruleset rs;

static struct rs_item item(const char *code, tc_pts max, enum rs_kind k)
{
	struct rs_item it = {0};
	it.code = code;
	it.title = code;
	it.max = max;
	it.kind = k;
	it.min = NONE;
	it.not_arising_points = NONE;
	it.threshold = NONE;
	it.src = (struct rs_source)SRC;
	return it;
}

static struct rs_cond cond(const char *l, enum rs_op op, const char *r, tc_pts v)
{
	struct rs_cond c = {true, l, op, r, v};
	return c;
}

static void build(enum rs_rounding rounding, bool below_zero)
{
	items1[0] = item("1.1", 200, RS_RATIO_BANDS);
	items1[0].inputs = in_ratio;
	items1[0].n_inputs = 2;
	items1[0].num = "done";
	items1[0].den = "total";
	items1[0].bands = bands;
	items1[0].n_bands = 4;
	items1[1] = item("1.2", 3000, RS_PROPORTIONAL);
	items1[1].inputs = in_ratio;
	items1[1].n_inputs = 2;
	items1[1].num = "done";
	items1[1].den = "total";
	items1[1].not_arising = true;
	items1[1].not_arising_points = 3000;
	items2[0] = item("2.1", 500, RS_YES_NO);
	items2[0].inputs = in_flag;
	items2[0].n_inputs = 1;
	items2[0].num = "ok";
	items2[0].min = 500;
	subs31[0] = item("3.1.1", 100, RS_ALL_OR_NOTHING);
	subs31[0].cond = cond("issued", RS_OP_GE, "assigned", 0);
	subs31[1] = item("3.1.2", 200, RS_ALL_OR_NOTHING);
	subs31[1].cond = cond("unlawful", RS_OP_EQ, NULL, 0);
	subs31[2] = item("3.1.3", NONE, RS_DEDUCTION);
	subs31[2].cond = cond("unlawful", RS_OP_GT, NULL, 100);
	subs31[2].deduct = 25;
	subs31[2].below_zero = below_zero;
	items3[0] = item("3.1", 300, RS_SUM);
	items3[0].inputs = in_docs;
	items3[0].n_inputs = 3;
	items3[0].subs = subs31;
	items3[0].n_subs = 3;
	items3[0].not_arising = true;
	items3[0].not_arising_points = 300;
	items3[0].not_arising_when = cond("assigned", RS_OP_EQ, NULL, 0);
	for (int i = 0; i < 3; i++) {
		subs31[i].parent = &items3[0];
		subs31[i].inputs = in_docs;
		subs31[i].n_inputs = 3;
	}
	crits[0] = (struct rs_criterion){"1", "c1", 3200, items1, 2, SRC, 1};
	crits[1] = (struct rs_criterion){"2", "c2", 500, items2, 1, SRC, 2};
	crits[2] = (struct rs_criterion){"3", "c3", 300, items3, 1, SRC, 3};
	crits[3] = (struct rs_criterion){"4", "c4", 6000, NULL, 0, SRC, 4};
	gates[0] = (struct rs_gate){"head_discipline", "gate", SRC, 5};
	memset(&rs, 0, sizeof rs);
	rs.id = "t-points";
	rs.year_from = 2000;
	rs.year_to = 2100;
	rs.mode = RS_MODE_POINTS;
	rs.rounding = rounding;
	rs.pass.total_min = NONE;
	rs.pass.total_min_by_class[0] = 9000;
	rs.pass.total_min_by_class[1] = 8000;
	rs.pass.total_min_by_class[2] = 7000;
	rs.pass.frac_num = 50;
	rs.pass.frac_den = 100;
	rs.gates = gates;
	rs.n_gates = 1;
	rs.criteria = crits;
	rs.n_criteria = 4;
}

static int setup(void **state)
{
	(void)state;
	build(RS_ROUND_HALF_UP, false);
	return 0;
}

/* Sets "item,field,value" rows (NULL-terminated triples); fails the test on error. */
static struct sc_sheet *sheet(const char *const *rows)
{
	struct tc_err err;
	struct sc_sheet *sh = sc_sheet_new(&rs, &err);
	assert_non_null(sh);
	for (long i = 0; rows[i] != NULL; i += 3)
		if (sc_sheet_set(sh, rows[i], rows[i + 1], rows[i + 2], i / 3 + 2, &err) != 0)
			fail_msg("%s %s: %s", rows[i], rows[i + 1], err.msg);
	return sh;
}

static struct sc_result *eval(const char *const *rows)
{
	struct tc_err err;
	struct sc_sheet *sh = sheet(rows);
	struct sc_result *r = sc_evaluate(sh, NULL, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	sc_sheet_free(sh); /* the result does not borrow the sheet */
	return r;
}

static const struct sc_item_result *find(const struct sc_result *r, const char *code)
{
	for (size_t c = 0; c < r->n_crits; c++)
		for (size_t i = 0; i < r->crits[c].n_items; i++) {
			const struct sc_item_result *it = &r->crits[c].items[i];
			if (strcmp(it->item->code, code) == 0)
				return it;
			for (size_t s = 0; s < it->n_subs; s++)
				if (strcmp(it->subs[s].item->code, code) == 0)
					return &it->subs[s];
		}
	fail_msg("no result for %s", code);
	return NULL;
}

static tc_pts pts_of(const char *code, const char *done, const char *total)
{
	const char *rows[] = {code, "done", done, code, "total", total, NULL};
	struct sc_result *r = eval(rows);
	tc_pts p = find(r, code)->points;
	sc_result_free(r);
	return p;
}

static void test_band_edges(void **state)
{
	(void)state;
	assert_int_equal(pts_of("1.1", "8", "10"), 100);       /* 80% exactly: 80..<90 */
	assert_int_equal(pts_of("1.1", "7999", "10000"), 50);  /* 79.99% */
	assert_int_equal(pts_of("1.1", "9", "10"), 200);       /* 90% exactly: top band */
	assert_int_equal(pts_of("1.1", "8999", "10000"), 100);
	assert_int_equal(pts_of("1.1", "1", "2"), 25);         /* 50% */
	assert_int_equal(pts_of("1.1", "4999", "10000"), 0);   /* below every band */
	assert_int_equal(pts_of("1.1", "2", "3"), 25);         /* 66.67% */
	assert_int_equal(pts_of("1.1", "7", "10"), 50);
}

static void test_band_explain(void **state)
{
	(void)state;
	const char *rows[] = {"1.1", "done", "17", "1.1", "total", "20", NULL};
	struct sc_result *r = eval(rows);
	assert_string_equal(find(r, "1.1")->explain,
			    "Tỷ lệ 85,00% (17/20): mức từ 80% đến dưới 90% → 1 điểm");
	sc_result_free(r);
}

static void test_proportional(void **state)
{
	(void)state;
	assert_int_equal(pts_of("1.2", "80", "81"), 2963);     /* 29.6296 -> 29.63 */
	assert_int_equal(pts_of("1.2", "1", "3"), 1000);
	assert_int_equal(pts_of("1.2", "81", "81"), 3000);
	build(RS_ROUND_DOWN, false);
	assert_int_equal(pts_of("1.2", "80", "81"), 2962);
	assert_int_equal(pts_of("1.2", "2", "3"), 2000);
	/* a tie: 30 x 1/1200 = 0.025 -> 0.02 down, 0.03 half up */
	assert_int_equal(pts_of("1.2", "1", "1200"), 2);
	build(RS_ROUND_HALF_UP, false);
	assert_int_equal(pts_of("1.2", "1", "1600"), 2);       /* 0.01875 -> 0.02 */
	assert_int_equal(pts_of("1.2", "1", "4800"), 1);       /* 0.00625 -> 0.01 */
	assert_int_equal(pts_of("1.2", "1", "1200"), 3);       /* 0.025 -> 0.03 (tie up) */
}

static void test_denominator_zero(void **state)
{
	(void)state;
	/* 1.2 allows not arising: full points; 1.1 does not: 0 with the reason */
	const char *rows[] = {"1.1", "done", "0", "1.1", "total", "0",
			      "1.2", "done", "0", "1.2", "total", "0", NULL};
	struct sc_result *r = eval(rows);
	assert_int_equal(find(r, "1.2")->points, 3000);
	assert_int_equal(find(r, "1.2")->source, SC_NOT_ARISING);
	assert_int_equal(find(r, "1.1")->points, 0);
	assert_int_equal(find(r, "1.1")->source, SC_COMPUTED);
	assert_non_null(strstr(find(r, "1.1")->explain, "không cho phép"));
	sc_result_free(r);
}

static void test_numerator_above_denominator(void **state)
{
	(void)state;
	const char *rows[] = {"1.1", "total", "10", "1.1", "done", "11", NULL};
	struct tc_err err;
	struct sc_sheet *sh = sheet(rows);
	long line = -1;
	assert_null(sc_evaluate(sh, &line, &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(line, 3); /* the numerator's row */
	assert_non_null(strstr(err.msg, "1.1"));
	sc_sheet_free(sh);
}

/* The numbers, sources and reasons without explanations are those with. */
static void same_items(const struct sc_item_result *a, const struct sc_item_result *b)
{
	assert_ptr_equal(a->item, b->item);
	assert_int_equal(a->points, b->points);
	assert_int_equal(a->max, b->max);
	assert_int_equal(a->source, b->source);
	assert_int_equal(a->met, b->met);
	assert_int_equal(a->provisional, b->provisional);
	assert_string_equal(b->explain, "");
	assert_true(a->explain[0] != '\0');
	assert_int_equal(a->n_subs, b->n_subs);
	for (size_t s = 0; s < a->n_subs; s++)
		same_items(&a->subs[s], &b->subs[s]);
}

static void test_without_explanations(void **state)
{
	(void)state;
	const char *const sheets[][19] = {
		{"1.1", "done", "17", "1.1", "total", "20", "2.1", "ok", "0", NULL},
		{"1.2", "done", "0", "1.2", "total", "0", "3.1", "assigned", "2", "3.1", "issued",
		 "1", "3.1", "unlawful", "1", "4", "points", "1", NULL},
		{"1.1", "points", "2", "3.1", "not_arising", "1", "head_discipline", "triggered", "1", NULL},
	};
	for (size_t k = 0; k < sizeof sheets / sizeof sheets[0]; k++) {
		struct tc_err err;
		struct sc_sheet *sh = sheet(sheets[k]);
		struct sc_result *a = sc_evaluate(sh, NULL, &err);
		struct sc_result *b = sc_evaluate_opt(sh, 0, NULL, &err);
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->total, b->total);
		assert_int_equal(a->recognised, b->recognised);
		assert_int_equal(a->provisional, b->provisional);
		assert_int_equal(a->n_reasons, b->n_reasons);
		for (size_t r = 0; r < a->n_reasons; r++)
			assert_string_equal(a->reasons[r], b->reasons[r]);
		assert_int_equal(a->n_crits, b->n_crits);
		for (size_t c = 0; c < a->n_crits; c++) {
			const struct sc_crit_result *x = &a->crits[c], *y = &b->crits[c];
			assert_int_equal(x->points, y->points);
			assert_int_equal(x->met, y->met);
			assert_int_equal(x->source, y->source);
			if (x->explain == NULL)
				assert_null(y->explain);
			else
				assert_string_equal(y->explain, "");
			for (size_t i = 0; i < x->n_items; i++)
				same_items(&x->items[i], &y->items[i]);
		}
		sc_result_free(a);
		sc_result_free(b);
		sc_sheet_free(sh);
	}
}

/* sc_sheet_check finds what sc_evaluate would fail on, with the same
 * message and line, and passes what it would score. */
static void test_sheet_check(void **state)
{
	(void)state;
	const char *bad[] = {"2.1", "ok", "1", "1.2", "total", "10", "1.2", "done", "12", NULL};
	struct tc_err e1, e2;
	struct sc_sheet *sh = sheet(bad);
	long l1 = -1, l2 = -1;
	assert_null(sc_evaluate(sh, &l1, &e1));
	assert_int_equal(sc_sheet_check(sh, &l2, &e2), -1);
	assert_int_equal(e2.code, TC_EINPUT);
	assert_string_equal(e1.msg, e2.msg);
	assert_int_equal(l2, 4);
	assert_int_equal(l1, l2);
	sc_sheet_free(sh);
	const char *good[] = {"1.2", "total", "10", "1.2", "done", "10", NULL};
	sh = sheet(good);
	assert_int_equal(sc_sheet_check(sh, &l2, &e2), 0);
	assert_int_equal(l2, 0);
	sc_sheet_free(sh);
}

/* A sheet placed in caller memory behaves as an allocated one, and keeps
 * each value's line for the duplicate message. */
static void test_sheet_place(void **state)
{
	(void)state;
	struct tc_err err;
	struct sc_layout *lay = sc_layout_new(&rs, &err);
	assert_non_null(lay);
	size_t n = sc_sheet_size(lay);
	assert_true(n > 0 && n < 4096);
	static _Alignas(max_align_t) unsigned char mem[4096];
	memset(mem, 0, sizeof mem);
	struct sc_sheet *sh = sc_sheet_place(mem, lay);
	assert_int_equal(sc_sheet_set(sh, "1.1", "done", "17", 7, &err), 0);
	assert_int_equal(sc_sheet_set(sh, "1.1", "total", "20", 8, &err), 0);
	assert_int_equal(sc_sheet_set(sh, "1.1", "done", "1", 9, &err), -1);
	assert_non_null(strstr(err.msg, "line 7"));
	struct sc_result *r = sc_evaluate(sh, NULL, &err);
	assert_non_null(r);
	assert_int_equal(find(r, "1.1")->points, 100);
	sc_result_free(r);
	sc_layout_free(lay);
}

static tc_pts sum31(const char *a, const char *i, const char *u)
{
	const char *rows[] = {"3.1", "assigned", a, "3.1", "issued", i, "3.1", "unlawful", u, NULL};
	struct sc_result *r = eval(rows);
	tc_pts p = find(r, "3.1")->points;
	sc_result_free(r);
	return p;
}

static void test_sum_and_deduction(void **state)
{
	(void)state;
	assert_int_equal(sum31("2", "2", "0"), 300);
	assert_int_equal(sum31("2", "1", "0"), 200);
	assert_int_equal(sum31("2", "2", "1"), 100);
	assert_int_equal(sum31("2", "1", "1"), 0);
	assert_int_equal(sum31("2", "1", "2"), 0);   /* 0 + 0 - 0.25 clamped at 0 */
	assert_int_equal(sum31("0", "0", "0"), 300); /* not_arising_when assigned = 0 */
	build(RS_ROUND_HALF_UP, true);
	assert_int_equal(sum31("2", "1", "2"), -25); /* below_zero yes */
	assert_int_equal(sum31("2", "2", "2"), 75);
}

static void test_entered_overrides(void **state)
{
	(void)state;
	const char *rows[] = {"1.1", "done", "1", "1.1", "total", "10", "1.1", "points", "1.5",
			      "3.1", "not_arising", "1", NULL};
	struct sc_result *r = eval(rows);
	assert_int_equal(find(r, "1.1")->points, 150);
	assert_int_equal(find(r, "1.1")->source, SC_ENTERED);
	assert_int_equal(find(r, "3.1")->points, 300);
	assert_int_equal(find(r, "3.1")->source, SC_NOT_ARISING);
	sc_result_free(r);
}

/* A complete sheet: 1.1 = 2, 1.2 = 30, 2.1 = 5, 3.1 = 3, c4 = C4. */
static struct sc_result *full(const char *c4, const char *cls, const char *pts11)
{
	const char *rows[] = {"1.1", "points", pts11, "1.2", "points", "30", "2.1", "ok", "1",
			      "3.1", "points", "3", "4", "points", c4,
			      cls ? "commune_class" : NULL, "value", cls, NULL};
	return eval(rows);
}

static void expect(struct sc_result *r, bool recognised, const char *reasons)
{
	char got[512] = "";
	size_t w = 0;
	for (size_t i = 0; i < r->n_reasons; i++)
		w += (size_t)snprintf(got + w, sizeof got - w, "%s%s", i ? ";" : "", r->reasons[i]);
	assert_string_equal(got, reasons);
	assert_int_equal(r->recognised, recognised);
	sc_result_free(r);
}

static void test_class_thresholds(void **state)
{
	(void)state;
	/* 2 + 30 + 5 + 3 = 40, + criterion 4 */
	expect(full("50", "I", "2"), true, "");                    /* 90.00 */
	expect(full("49.99", "I", "2"), false, "total_below_min"); /* 89.99 */
	expect(full("40", "II", "2"), true, "");
	expect(full("39.99", "II", "2"), false, "total_below_min");
	expect(full("30", "III", "2"), true, "");
	expect(full("29.99", "III", "2"), false, "total_below_min;criterion_below_min:4");
	expect(full("50", NULL, "2"), false, "incomplete:commune_class");
}

static void test_criterion_fraction(void **state)
{
	(void)state;
	/* criterion 1 max 32: 16 is exactly 50% */
	struct sc_result *r = full("60", "III", "0");
	assert_int_equal(r->crits[0].points, 3000);
	expect(r, true, "");
	const char *rows[] = {"1.1", "points", "0", "1.2", "points", "15.99", "2.1", "ok", "1",
			      "3.1", "points", "3", "4", "points", "60", "commune_class", "value", "III",
			      NULL};
	expect(eval(rows), false, "criterion_below_min:1");
	const char *rows2[] = {"1.1", "points", "1", "1.2", "points", "15", "2.1", "ok", "1",
			       "3.1", "points", "3", "4", "points", "60", "commune_class", "value",
			       "III", NULL};
	expect(eval(rows2), true, ""); /* 16.00 of 32 */
}

static void test_missing_gate_indicator_min(void **state)
{
	(void)state;
	const char *rows[] = {"1.1", "points", "2", "2.1", "ok", "0", "3.1", "points", "3",
			      "4", "points", "60", "commune_class", "value", "I",
			      "head_discipline", "triggered", "1", NULL};
	struct sc_result *r = eval(rows);
	assert_int_equal(find(r, "1.2")->source, SC_MISSING);
	assert_int_equal(find(r, "1.2")->points, 0);
	expect(r, false, "incomplete:1.2;gate:head_discipline;total_below_min;"
		  "criterion_below_min:1;criterion_below_min:2;indicator_below_min:2.1");
}

static void test_provisional(void **state)
{
	(void)state;
	struct sc_result *r = full("50", "I", "2");
	assert_false(r->provisional);
	sc_result_free(r);
	items1[1].src.provisional = true;
	items1[1].src.provisional_reason = "not retrieved";
	r = full("50", "I", "2");
	assert_true(r->provisional);
	assert_true(find(r, "1.2")->provisional);
	assert_false(find(r, "1.1")->provisional);
	sc_result_free(r);
}

static void expect_set_error(const char *item, const char *field, const char *value,
			     const char *needle)
{
	struct tc_err err;
	struct sc_sheet *sh = sc_sheet_new(&rs, &err);
	assert_non_null(sh);
	assert_int_equal(sc_sheet_set(sh, item, field, value, 7, &err), -1);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, err.msg);
	sc_sheet_free(sh);
}

static void test_set_errors(void **state)
{
	(void)state;
	expect_set_error("9.9", "points", "1", "unknown item '9.9'");
	expect_set_error("1", "points", "1", "criterion 1 is scored from its indicators");
	expect_set_error("1.1", "pts", "1", "unknown field 'pts'");
	expect_set_error("1.1", "points", "2.01", "above the maximum");
	expect_set_error("1.1", "points", "-1", "out of range");
	expect_set_error("1.1", "points", "1,005", "not a number");
	expect_set_error("1.1", "points", "abc", "not a number");
	expect_set_error("1.1", "done", "1.5", "whole number");
	expect_set_error("1.1", "not_arising", "1", "does not allow");
	expect_set_error("2.1", "ok", "2", "1 (yes) or 0 (no)");
	expect_set_error("3.1.1", "issued", "1", "belongs to indicator 3.1");
	expect_set_error("4", "points", "60.01", "above the maximum");
	expect_set_error("commune_class", "value", "IV", "not a commune class");
	expect_set_error("head_discipline", "points", "1", "unknown field");
	expect_set_error("1.1", "done", "10000000001", "out of range");
	struct tc_err err;
	struct sc_sheet *sh = sc_sheet_new(&rs, &err);
	assert_int_equal(sc_sheet_set(sh, "1.1", "done", "1", 3, &err), 0);
	assert_int_equal(sc_sheet_set(sh, "1.1", "done", "1", 4, &err), -1);
	assert_non_null(strstr(err.msg, "already given on line 3"));
	sc_sheet_free(sh);
}

/* ---- Achievement -------------------------------------------------------- */

static struct rs_item a_items[4], a_subs[2];
static struct rs_criterion a_crits[1];
static struct rs_ruleset ars;
static const struct rs_input a_in[] = {{"n", RS_IN_COUNT, "n"}, {"d", RS_IN_COUNT, "d"}};

static void build_ach(void)
{
	for (int i = 0; i < 4; i++) {
		a_items[i] = item(i == 0 ? "1.1" : i == 1 ? "1.2" : i == 2 ? "1.3" : "1.4", NONE,
				  RS_ACHIEVEMENT);
		a_items[i].inputs = a_in;
		a_items[i].n_inputs = 2;
	}
	a_items[0].num = "n";
	a_items[0].den = "d";
	a_items[0].threshold = 10000;
	a_items[1].cond = cond("n", RS_OP_GE, NULL, 300);
	a_items[2].not_arising = true;
	a_items[3].all_subs = true;
	a_items[3].subs = a_subs;
	a_items[3].n_subs = 2;
	a_subs[0] = item("1.4.1", NONE, RS_ACHIEVEMENT);
	a_subs[1] = item("1.4.2", NONE, RS_ACHIEVEMENT);
	a_crits[0] = (struct rs_criterion){"1", "c", NONE, a_items, 4, SRC, 1};
	memset(&ars, 0, sizeof ars);
	ars.id = "t-ach";
	ars.mode = RS_MODE_ACHIEVEMENT;
	ars.pass.total_min = NONE;
	ars.pass.total_min_by_class[0] = ars.pass.total_min_by_class[1] =
		ars.pass.total_min_by_class[2] = NONE;
	ars.pass.all_met = true;
	ars.criteria = a_crits;
	ars.n_criteria = 1;
}

static struct sc_result *eval_ach(const char *const *rows)
{
	struct tc_err err;
	struct sc_sheet *sh = sc_sheet_new(&ars, &err);
	for (long i = 0; rows[i] != NULL; i += 3)
		if (sc_sheet_set(sh, rows[i], rows[i + 1], rows[i + 2], i / 3 + 2, &err) != 0)
			fail_msg("%s", err.msg);
	struct sc_result *r = sc_evaluate(sh, NULL, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	sc_sheet_free(sh);
	return r;
}

static void test_achievement(void **state)
{
	(void)state;
	build_ach();
	const char *ok[] = {"1.1", "n", "5", "1.1", "d", "5", "1.2", "n", "3", "1.3", "not_arising",
			    "1", "1.4.1", "met", "1", "1.4.2", "met", "1", NULL};
	struct sc_result *r = eval_ach(ok);
	assert_int_equal(r->total, 400);
	assert_true(find(r, "1.1")->max == NONE);
	assert_int_equal(find(r, "1.1")->met, 1);
	expect(r, true, "");
	const char *no[] = {"1.1", "n", "4", "1.1", "d", "5", "1.2", "n", "2.99", "1.3", "met", "0",
			    "1.4.1", "met", "1", "1.4.2", "met", "0", NULL};
	/* n is a count: 2.99 is refused before evaluation */
	struct tc_err err;
	struct sc_sheet *sh = sc_sheet_new(&ars, &err);
	assert_int_equal(sc_sheet_set(sh, "1.2", "n", "2.99", 2, &err), -1);
	sc_sheet_free(sh);
	no[8] = "2";
	r = eval_ach(no);
	assert_int_equal(r->total, 0);
	assert_int_equal(find(r, "1.4")->met, 0);
	expect(r, false, "criterion_below_min:1;indicator_below_min:1.1;indicator_below_min:1.2;"
		  "indicator_below_min:1.3;indicator_below_min:1.4");
	const char *miss[] = {"1.1", "met", "1", "1.2", "met", "1", "1.3", "met", "1",
			      "1.4.1", "met", "1", NULL};
	expect(eval_ach(miss), false, "incomplete:1.4;criterion_below_min:1");
}

/* ---- The score CSV and allocation failures ------------------------------ */

static const struct rs_ruleset *res_fixed(void *ctx, int year, struct tc_err *err)
{
	(void)ctx;
	if (year < 2000)
		return tc_err_set(err, TC_EINPUT, "no rule set covers year %d", year), NULL;
	return &rs;
}

static const char csv_text[] =
	"\xEF\xBB\xBFunit,year,item,field,value\r\n"
	"Sóc Hà,2018,1.1,points,2\r\n"
	"Đại Sơn,2018,1.1,points,\"1,5\"\r\n"
	"Sóc Hà,2018,1.2,done,80\r\n"
	"Sóc Hà,2018,1.2,total,81\r\n"
	"Sóc Hà,2019,1.1,points,1\r\n";

static struct scsv_batch *parse(const char *text, struct tc_err *err)
{
	static char data[4096];
	size_t n = strlen(text);
	memcpy(data, text, n + 1);
	return scsv_parse(data, n, "in.csv", res_fixed, NULL, err);
}

static void test_csv(void **state)
{
	(void)state;
	struct tc_err err;
	struct scsv_batch *b = parse(csv_text, &err);
	if (b == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(scsv_count(b), 3);
	assert_string_equal(scsv_unit(b, 0), "Sóc Hà");
	assert_string_equal(scsv_unit(b, 1), "Đại Sơn");
	assert_int_equal(scsv_year(b, 2), 2019);
	struct sc_result *r = sc_evaluate(scsv_sheet(b, 0), NULL, &err);
	assert_int_equal(find(r, "1.2")->points, 2963);
	assert_int_equal(r->crits[0].points, 3163);
	sc_result_free(r);
	scsv_free(b);
}

static void expect_csv_error(const char *text, const char *msg)
{
	struct tc_err err;
	assert_null(parse(text, &err));
	if (strstr(err.msg, msg) != err.msg)
		fail_msg("expected '%s...', got '%s'", msg, err.msg);
}

static void test_csv_errors(void **state)
{
	(void)state;
	expect_csv_error("unit,year,item,field\n", "in.csv:1: bad header");
	expect_csv_error("", "in.csv:1: empty file");
	expect_csv_error("unit,year,item,field,value\nA,2018,1.1,points,1\nA,2018,1.1,points,2\n",
			 "in.csv:3: duplicate value for 1.1 points (already given on line 2)");
	expect_csv_error("unit,year,item,field,value\nA,1999,1.1,points,1\n",
			 "in.csv:2: no rule set covers year 1999");
	expect_csv_error("unit,year,item,field,value\nA,20x8,1.1,points,1\n",
			 "in.csv:2: year '20x8' is not a year");
	expect_csv_error("unit,year,item,field,value\n,2018,1.1,points,1\n",
			 "in.csv:2: the unit is empty");
	expect_csv_error("unit,year,item,field,value\nA,2018,1.1,points\n",
			 "in.csv:2: expected 5 fields");
	expect_csv_error("unit,year,item,field,value\nA,2018,1.1,points,\xC3\n",
			 "in.csv:2: invalid UTF-8");
}

/* Every allocation in parsing and evaluation may fail: the result is a clean
 * TC_ENOMEM (ASan checks that nothing leaks), and eventually success. */
static void test_alloc_failures(void **state)
{
	(void)state;
	int succeeded = 0;
	for (long n = 0; n < 200 && !succeeded; n++) {
		struct tc_err err;
		tc_err_clear(&err);
		tc_mem_fail_after(n);
		struct scsv_batch *b = parse(csv_text, &err);
		struct sc_result *r = NULL;
		if (b != NULL) {
			r = sc_evaluate(scsv_sheet(b, 0), NULL, &err);
			succeeded = r != NULL;
		}
		tc_mem_fail_after(-1);
		if (!succeeded)
			assert_int_equal(err.code, TC_ENOMEM);
		sc_result_free(r);
		scsv_free(b);
	}
	assert_true(succeeded);
}

/* 150 unit-years: grows the unit-year table and its hash index several
 * times; every allocation failure on the way is clean. */
static void test_alloc_failures_growth(void **state)
{
	(void)state;
	static char text[16384];
	size_t w = (size_t)snprintf(text, sizeof text, "unit,year,item,field,value\n");
	for (int u = 0; u < 150; u++)
		w += (size_t)snprintf(text + w, sizeof text - w, "X%d,2018,1.1,points,1\n", u);
	int succeeded = 0;
	long n;
	for (n = 0; n < 2000 && !succeeded; n++) {
		struct tc_err err;
		tc_err_clear(&err);
		tc_mem_fail_after(n);
		struct scsv_batch *b = scsv_parse(text, w, "big.csv", res_fixed, NULL, &err);
		tc_mem_fail_after(-1);
		succeeded = b != NULL;
		if (!succeeded)
			assert_int_equal(err.code, TC_ENOMEM);
		else
			assert_int_equal(scsv_count(b), 150);
		scsv_free(b);
		/* the parser writes into text in place: rebuild it */
		w = (size_t)snprintf(text, sizeof text, "unit,year,item,field,value\n");
		for (int u = 0; u < 150; u++)
			w += (size_t)snprintf(text + w, sizeof text - w, "X%d,2018,1.1,points,1\n", u);
	}
	assert_true(succeeded);
	/* Sheets come from 1 MiB chunks (one allocation for these 150) and the
	 * tables grow by doubling: 15 allocations in all (batch, reader, layout,
	 * chunk list, chunk, table growths), each of which failed cleanly above. */
	assert_true(n > 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_band_edges, setup),
		cmocka_unit_test_setup(test_band_explain, setup),
		cmocka_unit_test_setup(test_proportional, setup),
		cmocka_unit_test_setup(test_denominator_zero, setup),
		cmocka_unit_test_setup(test_numerator_above_denominator, setup),
		cmocka_unit_test_setup(test_without_explanations, setup),
		cmocka_unit_test_setup(test_sheet_check, setup),
		cmocka_unit_test_setup(test_sheet_place, setup),
		cmocka_unit_test_setup(test_sum_and_deduction, setup),
		cmocka_unit_test_setup(test_entered_overrides, setup),
		cmocka_unit_test_setup(test_class_thresholds, setup),
		cmocka_unit_test_setup(test_criterion_fraction, setup),
		cmocka_unit_test_setup(test_missing_gate_indicator_min, setup),
		cmocka_unit_test_setup(test_provisional, setup),
		cmocka_unit_test_setup(test_set_errors, setup),
		cmocka_unit_test(test_achievement),
		cmocka_unit_test_setup(test_csv, setup),
		cmocka_unit_test_setup(test_csv_errors, setup),
		cmocka_unit_test_setup(test_alloc_failures, setup),
		cmocka_unit_test_setup(test_alloc_failures_growth, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
