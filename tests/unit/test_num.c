/* Unit tests for util/num: strict integer parsing and Vietnamese formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/num.h"

static void test_parse_ok(void **state)
{
	(void)state;
	int64_t v = 0;
	int i = 0;
	assert_int_equal(num_parse_i64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_parse_i64("-17", -100, 100, &v), 0);
	assert_int_equal(v, -17);
	assert_int_equal(num_parse_i64("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(num_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(num_parse_int("2025", 1, 9999, &i), 0);
	assert_int_equal(i, 2025);
	assert_int_equal(num_parse_i64("10", 10, 10, &v), 0);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *bad[] = { "", "-", "+1", " 1", "1 ", "1a", "a1", "1.000", "1,5",
				     "1e3", "0x10", "--1", "-+1", "\t1", "1\n", "١",
				     "9223372036854775808", "-9223372036854775809",
				     "99999999999999999999999" };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		int64_t v = 42;
		if (num_parse_i64(bad[k], INT64_MIN, INT64_MAX, &v) != -1)
			fail_msg("accepted \"%s\"", bad[k]);
		assert_int_equal(v, 42); /* untouched */
	}
	int64_t v = 42;
	int i = 42;
	assert_int_equal(num_parse_i64("11", 0, 10, &v), -1);
	assert_int_equal(num_parse_i64("-1", 0, 10, &v), -1);
	assert_int_equal(num_parse_i64(NULL, 0, 10, &v), -1);
	assert_int_equal(num_parse_int("2147483648", INT32_MIN, INT32_MAX, &i), -1);
	assert_int_equal(i, 42);
}

static void test_parse_len(void **state)
{
	(void)state;
	int64_t v;
	/* Only len bytes are read: the buffer has no NUL. */
	char raw[3] = { '1', '2', '3' };
	assert_int_equal(num_parse_i64n(raw, 3, 0, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(num_parse_i64n(raw, 2, 0, 1000, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(num_parse_i64n(raw, 0, 0, 1000, &v), -1);
	assert_int_equal(num_parse_i64n("12\0003", 4, 0, 1000, &v), -1); /* NUL inside */
	/* A very long run of digits (and of zeros, which is a small number). */
	size_t n = 100000;
	char *big = tc_malloc(n);
	assert_non_null(big);
	memset(big, '9', n);
	assert_int_equal(num_parse_i64n(big, n, INT64_MIN, INT64_MAX, &v), -1);
	memset(big, '0', n);
	big[n - 1] = '5';
	assert_int_equal(num_parse_i64n(big, n, INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, 5);
	tc_free(big);
}

/* Every value 0..99999 and its negative round-trips through the dotted form
 * once the dots are removed. */
static void test_format_roundtrip(void **state)
{
	(void)state;
	char b[NUM_FMT_MAX], plain[NUM_FMT_MAX];
	for (int64_t x = -99999; x <= 99999; x += 7) {
		num_format_vi(x, b, sizeof b);
		size_t o = 0;
		for (const char *p = b; *p; p++)
			if (*p != '.')
				plain[o++] = *p;
		plain[o] = '\0';
		int64_t back;
		assert_int_equal(num_parse_i64(plain, INT64_MIN, INT64_MAX, &back), 0);
		assert_true(back == x);
	}
}

static void test_format(void **state)
{
	(void)state;
	char b[NUM_FMT_MAX];
	assert_string_equal(num_format_vi(0, b, sizeof b), "0");
	assert_string_equal(num_format_vi(999, b, sizeof b), "999");
	assert_string_equal(num_format_vi(1000, b, sizeof b), "1.000");
	assert_string_equal(num_format_vi(1234567, b, sizeof b), "1.234.567");
	assert_string_equal(num_format_vi(-1234, b, sizeof b), "-1.234");
	assert_string_equal(num_format_vi(INT64_MAX, b, sizeof b), "9.223.372.036.854.775.807");
	assert_string_equal(num_format_vi(INT64_MIN, b, sizeof b), "-9.223.372.036.854.775.808");
	assert_string_equal(num_format_vi_fixed(12345, 1, 0, b, sizeof b), "1.234,5");
	assert_string_equal(num_format_vi_fixed(-5, 2, 0, b, sizeof b), "-0,05");
	assert_string_equal(num_format_vi_fixed(-5, 2, 1, b, sizeof b), "-0,05");
	assert_string_equal(num_format_vi_fixed(12300, 2, 0, b, sizeof b), "123,00");
	assert_string_equal(num_format_vi_fixed(12300, 2, 1, b, sizeof b), "123");
	assert_string_equal(num_format_vi_fixed(12350, 2, 1, b, sizeof b), "123,5");
	assert_string_equal(num_format_vi_fixed(150000000, 2, 1, b, sizeof b), "1.500.000");
	assert_string_equal(num_format_vi_fixed(INT64_MIN, 18, 0, b, sizeof b), "-9,223372036854775808");
	assert_string_equal(num_format_vi_fixed(0, 3, 0, b, sizeof b), "0,000");
	assert_string_equal(num_format_vi_fixed(0, 3, 1, b, sizeof b), "0");
	/* Bad arguments give "". */
	assert_string_equal(num_format_vi_fixed(1, 19, 0, b, sizeof b), "");
	assert_string_equal(num_format_vi_fixed(1, -1, 0, b, sizeof b), "");
	char small[8] = "xxxxxxx";
	assert_string_equal(num_format_vi(1, small, sizeof small), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
