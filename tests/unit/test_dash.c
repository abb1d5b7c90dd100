/* Unit tests for the pure parts of the dashboard and the forms: shares in
 * hundredths of a percent (rounded half up), quartile tiers, the exact
 * "below half of the maximum" test, kind names, unit codes and reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "app/registry.h"
#include "report/dash.h"
#include "report/forms.h"

static void share(void **state)
{
	(void)state;
	assert_int_equal(dash_share_bp(105, 161), 6522);  /* 65.2173... */
	assert_int_equal(dash_share_bp(1, 3), 3333);
	assert_int_equal(dash_share_bp(2, 3), 6667);      /* 66.666... rounds up */
	assert_int_equal(dash_share_bp(1, 8), 1250);      /* exact */
	assert_int_equal(dash_share_bp(1, 20000), 1);     /* 0.005% = 0.5 hundredths: half up */
	assert_int_equal(dash_share_bp(1, 20001), 0);
	assert_int_equal(dash_share_bp(5, 5), 10000);
	assert_int_equal(dash_share_bp(0, 7), 0);
	assert_int_equal(dash_share_bp(3, 0), 0);         /* no assessments: 0, not a crash */
	assert_int_equal(dash_share_bp(10000000, 10000000), 10000);
}

static void mean(void **state)
{
	(void)state;
	assert_int_equal(dash_mean(1700, 2), 850);        /* exact */
	assert_int_equal(dash_mean(1, 2), 1);             /* half: away from zero */
	assert_int_equal(dash_mean(-1, 2), -1);
	assert_int_equal(dash_mean(-1400, 2), -700);
	assert_int_equal(dash_mean(10, 3), 3);            /* 3.33 */
	assert_int_equal(dash_mean(-20, 3), -7);          /* -6.67 */
	assert_int_equal(dash_mean(5, 0), 0);             /* no rows: 0, not a crash */
	assert_int_equal(dash_mean(INT64_C(1000000000000), 7), INT64_C(142857142857));
}

static void tiers(void **state)
{
	(void)state;
	int count[5] = {0};
	for (size_t i = 0; i < 161; i++)
		count[dash_tier(i, 161)]++;
	assert_int_equal(count[1], 41); /* ceil(161/4) */
	assert_int_equal(count[1] + count[2] + count[3] + count[4], 161);
	assert_int_equal(dash_tier(0, 1), 1);
	assert_int_equal(dash_tier(3, 4), 4);
	assert_int_equal(dash_tier(0, 0), 1);
	for (size_t i = 1; i < 100; i++)
		assert_true(dash_tier(i, 100) >= dash_tier(i - 1, 100));
}

static void below_half(void **state)
{
	(void)state;
	assert_true(dash_below_half(149, 300));
	assert_false(dash_below_half(150, 300));  /* exactly half is not below */
	assert_true(dash_below_half(349, 700));
	assert_false(dash_below_half(350, 700));
	assert_true(dash_below_half(0, 100));     /* achievement: not met */
	assert_false(dash_below_half(100, 100));
	assert_false(dash_below_half(0, TC_PTS_NONE));
	assert_true(dash_below_half(-25, 100));   /* a deduction below zero */
}

static void kinds(void **state)
{
	(void)state;
	assert_int_equal(forms_kind_parse("score-sheet"), FORMS_SCORE_SHEET);
	assert_int_equal(forms_kind_parse("new-rural"), FORMS_NEW_RURAL);
	assert_int_equal(forms_kind_parse("Score-Sheet"), -1);
	assert_int_equal(forms_kind_parse(""), -1);
	assert_int_equal(forms_kind_parse(NULL), -1);
	for (int k = 0; k < FORMS_N; k++)
		assert_int_equal(forms_kind_parse(forms_kind_name(k)), k);
	assert_true(forms_kind_is_commune(FORMS_EVAL_REPORT));
	assert_false(forms_kind_is_commune(FORMS_DECISION));
}

static void scopes(void **state)
{
	(void)state;
	struct store_scope s;
	struct tc_err err;
	assert_int_equal(forms_scope_of("04", &s, &err), 0);
	assert_int_equal(s.kind, STORE_SCOPE_PROVINCE);
	assert_int_equal(forms_scope_of("040", &s, &err), 0);
	assert_int_equal(s.kind, STORE_SCOPE_DISTRICT);
	assert_int_equal(forms_scope_of("01267", &s, &err), 0);
	assert_int_equal(s.kind, STORE_SCOPE_UNIT);
	assert_string_equal(s.code, "01267");
	assert_int_equal(forms_scope_of("0126", &s, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(forms_scope_of("4a", &s, &err), -1);
	assert_int_equal(forms_scope_of("", &s, &err), -1);
	assert_int_equal(forms_scope_of("04'--", &s, &err), -1);
}

static void reasons(void **state)
{
	(void)state;
	struct tc_err err;
	struct reg *reg = reg_load(NULL, &err);
	assert_non_null(reg);
	const struct rs_ruleset *rs = reg_find(reg, "qd25-2021");
	assert_non_null(rs);
	char out[512];
	assert_string_equal(forms_reason_vi(rs, "total_below_min", out, sizeof out),
			    "Tổng điểm thấp hơn mức tối thiểu để được công nhận");
	assert_string_equal(forms_reason_vi(rs, "criterion_below_min:2", out, sizeof out),
			    "Tiêu chí 2 dưới mức tối thiểu của điểm tối đa");
	assert_string_equal(forms_reason_vi(rs, "incomplete:1.1", out, sizeof out),
			    "Thiếu số liệu của chỉ tiêu 1.1");
	forms_reason_vi(rs, "gate:head_discipline", out, sizeof out);
	assert_non_null(strstr(out, "Vi phạm điều kiện bắt buộc: Trong năm đánh giá, người đứng đầu"));
	const struct rs_ruleset *ach = reg_find(reg, "qd27-2025");
	assert_non_null(ach);
	assert_string_equal(forms_reason_vi(ach, "criterion_below_min:1", out, sizeof out),
			    "Tiêu chí 1 chưa đạt đầy đủ");
	assert_string_equal(forms_reason_vi(rs, "something_new", out, sizeof out), "something_new");
	char small[8];
	forms_reason_vi(rs, "total_below_min", small, sizeof small); /* truncates, stays a string */
	assert_true(strlen(small) < sizeof small);
	reg_free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(share),      cmocka_unit_test(mean), cmocka_unit_test(tiers),  cmocka_unit_test(below_half),
		cmocka_unit_test(kinds),      cmocka_unit_test(scopes), cmocka_unit_test(reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
