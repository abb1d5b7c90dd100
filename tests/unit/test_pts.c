/* Unit tests for exact points (core/pts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/pts.h"

static void test_parse(void **state)
{
	(void)state;
	tc_pts p;
	assert_int_equal(pts_parse("95.45", &p), 0);
	assert_int_equal(p, 9545);
	assert_int_equal(pts_parse("9,5", &p), 0);
	assert_int_equal(p, 950);
	assert_int_equal(pts_parse("-0.25", &p), 0);
	assert_int_equal(p, -25);
	assert_int_equal(pts_parse("80", &p), 0);
	assert_int_equal(p, 8000);
	assert_int_equal(pts_parse("1.500", &p), 0);
	assert_int_equal(p, 150);
	assert_int_equal(pts_parse("79.995", &p), -1); /* three decimals: not exact */
	assert_int_equal(pts_parse("", &p), -1);
	assert_int_equal(pts_parse("1.", &p), -1);
	assert_int_equal(pts_parse("1e3", &p), -1);
	assert_int_equal(pts_parse(" 1", &p), -1);
	assert_int_equal(pts_parse("NaN", &p), -1);
	assert_int_equal(pts_parse("99999999999999999999", &p), -1);
}

static void test_format(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(pts_format(9545, b, sizeof b), "95.45");
	assert_string_equal(pts_format(-25, b, sizeof b), "-0.25");
	assert_string_equal(pts_format(0, b, sizeof b), "0.00");
	assert_string_equal(pts_format_vi(9545, b, sizeof b), "95,45");
	assert_string_equal(pts_format_vi(950, b, sizeof b), "9,5");
	assert_string_equal(pts_format_vi(1000, b, sizeof b), "10");
}

/* The hand-written formatters (no snprintf) at the edges: every value
 * against snprintf's answer, the extremes, and truncation like snprintf. */
static void test_format_edges(void **state)
{
	(void)state;
	char b[32], want[48];
	for (tc_pts p = -1234; p <= 1234; p++) {
		unsigned long long a = p < 0 ? (unsigned long long)-p : (unsigned long long)p;
		snprintf(want, sizeof want, "%s%llu.%02llu", p < 0 ? "-" : "", a / 100, a % 100);
		assert_string_equal(pts_format(p, b, sizeof b), want);
		if (a % 100 == 0)
			snprintf(want, sizeof want, "%s%llu", p < 0 ? "-" : "", a / 100);
		else if (a % 10 == 0)
			snprintf(want, sizeof want, "%s%llu,%llu", p < 0 ? "-" : "", a / 100, a % 100 / 10);
		else
			snprintf(want, sizeof want, "%s%llu,%02llu", p < 0 ? "-" : "", a / 100, a % 100);
		assert_string_equal(pts_format_vi(p, b, sizeof b), want);
	}
	assert_string_equal(pts_format(INT64_MAX, b, sizeof b), "92233720368547758.07");
	assert_string_equal(pts_format(INT64_MIN, b, sizeof b), "-92233720368547758.08");
	assert_string_equal(pts_format_vi(INT64_MIN, b, sizeof b), "-92233720368547758,08");
	char small[5] = "xxxx";
	assert_string_equal(pts_format(9545, small, sizeof small), "95.4");
	assert_string_equal(pts_format_vi(-9545, small, 3), "-9");
	small[0] = 'x';
	pts_format(9545, small, 0); /* n = 0: nothing written */
	assert_int_equal(small[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
