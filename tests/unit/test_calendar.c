/* Unit tests for core/calendar: dates, parsing, the shipped holiday list,
 * working days and the deadline helpers. Expected dates were counted by hand
 * on the 2024/2025 calendars. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/embedded.h"
#include "core/calendar.h"
#include "util/err.h"
#include "util/mem.h"

static struct cal_date D(int d, int m, int y)
{
	struct cal_date r = { y, m, d };
	return r;
}

#define assert_date(got, dd, mm, yy) do { \
		char b_[16]; \
		assert_string_equal(cal_format_vn((got), b_, sizeof b_), \
				    cal_format_vn(D(dd, mm, yy), (char[16]){0}, 16)); \
	} while (0)

static struct cal_holidays *shipped(void)
{
	const struct embedded_file *f = embedded_find("data/holidays.csv");
	assert_non_null(f);
	struct tc_err err;
	struct cal_holidays *h = cal_holidays_parse((const char *)f->data, f->len,
						    "data/holidays.csv", &err);
	if (h == NULL)
		fail_msg("%s", err.msg);
	return h;
}

static void test_validity(void **state)
{
	(void)state;
	assert_true(cal_valid(D(29, 2, 2024)));
	assert_false(cal_valid(D(29, 2, 2025)));
	assert_false(cal_valid(D(31, 2, 2025)));
	assert_false(cal_valid(D(29, 2, 1900)));
	assert_true(cal_valid(D(29, 2, 2000)));
	assert_false(cal_valid(D(31, 4, 2025)));
	assert_false(cal_valid(D(1, 13, 2025)));
	assert_false(cal_valid(D(0, 1, 2025)));
	assert_false(cal_valid(D(1, 1, 0)));
	assert_true(cal_valid(D(31, 12, 9999)));
	assert_int_equal(cal_days_in_month(2024, 2), 29);
	assert_int_equal(cal_days_in_month(2025, 2), 28);
	assert_int_equal(cal_days_in_month(2025, 0), 0);
}

static void test_parse_vn(void **state)
{
	(void)state;
	struct cal_date d;
	struct tc_err err;
	assert_int_equal(cal_parse_vn("29/02/2024", 10, &d, &err), 0);
	assert_date(d, 29, 2, 2024);
	assert_int_equal(cal_parse_vn("5/1/2025", 8, &d, &err), 0);
	assert_date(d, 5, 1, 2025);
	assert_int_equal(cal_parse_vn("29/02/2025", 10, &d, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_string_equal(err.msg, "29/02/2025 is not a valid date: month 2 of 2025 has 28 days");
	assert_int_equal(cal_parse_vn("31/02/2025", 10, &d, &err), -1);
	static const char *bad[] = { "", "05/01/25", "05-01-2025", " 05/01/2025", "05/01/2025 ",
				     "05/01/2025x", "005/01/2025", "05//2025", "05/01/20255",
				     "+5/01/2025", "05/13/2025", "00/01/2025", "05/01/0000" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(cal_parse_vn(bad[i], strlen(bad[i]), &d, &err), -1);
	assert_int_equal(cal_parse_vn("05/01/25", 8, &d, &err), -1);
	assert_string_equal(err.msg, "\"05/01/25\" is not a date in the form dd/mm/yyyy (e.g. 05/01/2025)");
	/* Reads only len bytes: no NUL needed, trailing bytes ignored. */
	char raw[10];
	memcpy(raw, "05/01/2025", 10);
	assert_int_equal(cal_parse_vn(raw, 10, &d, &err), 0);
	assert_int_equal(cal_parse_vn("05/01/20251", 10, &d, &err), 0);
	assert_int_equal(cal_parse_vn("05/01/20", 8, &d, &err), -1);
	/* Junk bytes are not echoed into the message. */
	assert_int_equal(cal_parse_vn("\xC3\x28/01/2025", 10, &d, &err), -1);
	assert_null(strchr(err.msg, '\xC3'));
	assert_int_equal(cal_parse_vn("05/0\0/2025", 10, &d, &err), -1);
}

static void test_parse_iso_and_format(void **state)
{
	(void)state;
	struct cal_date d;
	struct tc_err err;
	char b[16];
	assert_int_equal(cal_parse_iso("2024-02-29", 10, &d, &err), 0);
	assert_string_equal(cal_format_vn(d, b, sizeof b), "29/02/2024");
	assert_string_equal(cal_format_iso(d, b, sizeof b), "2024-02-29");
	assert_int_equal(cal_parse_iso("2025-02-29", 10, &d, &err), -1);
	assert_int_equal(cal_parse_iso("2025-1-05", 9, &d, &err), -1);
	assert_int_equal(cal_parse_iso("2025-01-05T00", 13, &d, &err), -1);
	assert_int_equal(cal_parse("2025-01-05", 10, &d, &err), 0);
	assert_date(d, 5, 1, 2025);
	assert_int_equal(cal_parse("05/01/2025", 10, &d, &err), 0);
	assert_date(d, 5, 1, 2025);
	assert_int_equal(cal_parse("20250105", 8, &d, &err), -1);
	assert_int_equal(cal_parse("", 0, &d, &err), -1);
	/* Too-small buffers and invalid dates give "". */
	assert_string_equal(cal_format_vn(d, b, 10), "");
	assert_string_equal(cal_format_iso(D(30, 2, 2024), b, sizeof b), "");
}

static void test_day_numbers_and_weekdays(void **state)
{
	(void)state;
	struct cal_date d;
	assert_int_equal(cal_to_days(D(1, 1, 1970)), 0);
	assert_int_equal(cal_to_days(D(1, 3, 2000)), 11017);
	assert_int_equal(cal_weekday(D(1, 1, 1970)), CAL_THU);
	assert_int_equal(cal_weekday(D(2, 9, 1945)), CAL_SUN);
	assert_int_equal(cal_weekday(D(10, 2, 2024)), CAL_SAT);
	assert_int_equal(cal_weekday(D(29, 1, 2025)), CAL_WED);
	assert_int_equal(cal_weekday(D(1, 1, 1)), CAL_MON);
	/* Round trip over every day of 1890..2110: consecutive, valid. */
	int64_t first = cal_to_days(D(1, 1, 1890)), last = cal_to_days(D(31, 12, 2110));
	struct cal_date prev = D(31, 12, 1889);
	for (int64_t n = first; n <= last; n++) {
		assert_int_equal(cal_from_days(n, &d), 0);
		assert_true(cal_valid(d));
		assert_true(cal_cmp(prev, d) < 0);
		assert_int_equal(cal_to_days(d), n);
		prev = d;
	}
	assert_int_equal(cal_from_days(cal_to_days(D(1, 1, 1)) - 1, &d), -1);
	assert_int_equal(cal_from_days(cal_to_days(D(31, 12, 9999)) + 1, &d), -1);
	assert_int_equal(cal_from_days(cal_to_days(D(31, 12, 9999)), &d), 0);
	assert_date(d, 31, 12, 9999);
}

static void test_add_days(void **state)
{
	(void)state;
	struct cal_date d;
	struct tc_err err;
	assert_int_equal(cal_add_days(D(28, 2, 2024), 1, &d, &err), 0);
	assert_date(d, 29, 2, 2024);
	assert_int_equal(cal_add_days(D(28, 2, 2025), 1, &d, &err), 0);
	assert_date(d, 1, 3, 2025);
	assert_int_equal(cal_add_days(D(31, 12, 2024), 366, &d, &err), 0);
	assert_date(d, 1, 1, 2026);
	assert_int_equal(cal_add_days(D(1, 1, 2025), -1, &d, &err), 0);
	assert_date(d, 31, 12, 2024);
	assert_int_equal(cal_days_between(D(1, 1, 2024), D(1, 1, 2025)), 366);
	assert_int_equal(cal_days_between(D(1, 1, 2025), D(1, 1, 2024)), -366);
	assert_int_equal(cal_add_days(D(31, 12, 9999), 1, &d, &err), -1);
	assert_int_equal(cal_add_days(D(30, 2, 2024), 1, &d, &err), -1);
	assert_int_equal(cal_add_days(D(1, 1, 2024), INT64_MAX, &d, &err), -1);
}

static void test_shipped_list(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	enum cal_basis basis;
	int workday;
	assert_true(cal_holidays_count(h) > 200);
	for (int y = 2017; y <= 2030; y++)
		assert_true(cal_holidays_covers(h, y));
	assert_false(cal_holidays_covers(h, 2016));
	assert_false(cal_holidays_covers(h, 2031));
	assert_string_equal(cal_holiday_lookup(h, D(10, 2, 2024), &basis, &workday),
			    "Tết Nguyên đán (mùng 1)");
	assert_int_equal(basis, CAL_ANNOUNCED);
	assert_int_equal(workday, 0);
	assert_non_null(cal_holiday_lookup(h, D(4, 5, 2024), NULL, &workday));
	assert_int_equal(workday, 1);
	assert_string_equal(cal_holiday_lookup(h, D(2, 9, 2021), &basis, NULL), "Quốc khánh");
	assert_int_equal(basis, CAL_STATUTORY);
	assert_null(cal_holiday_lookup(h, D(3, 9, 2020), NULL, NULL)); /* 1 day before 2021 */
	assert_non_null(cal_holiday_lookup(h, D(3, 9, 2021), NULL, NULL));
	assert_null(cal_holiday_lookup(h, D(11, 3, 2024), NULL, NULL));
	assert_null(cal_holiday_lookup(h, D(30, 2, 2024), NULL, NULL));
	cal_holidays_free(h);
}

/* The lunar rows must be plausible: mùng 1 Tết between 21/01 and 20/02;
 * Giỗ Tổ (10/3 lunar) 68–69 days after Tết, or 97–99 with a leap 1st/2nd
 * month (2023); exactly 5 weekdays off for Tết (Labour Code). */
static void test_shipped_lunar_plausible(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	for (int y = 2017; y <= 2030; y++) {
		struct cal_date tet = { 0, 0, 0 }, gio = { 0, 0, 0 }, d;
		int tet_weekdays = 0;
		for (int64_t n = cal_to_days(D(1, 1, y)); n <= cal_to_days(D(31, 12, y)); n++) {
			assert_int_equal(cal_from_days(n, &d), 0);
			const char *name = cal_holiday_lookup(h, d, NULL, NULL);
			if (name == NULL)
				continue;
			if (strcmp(name, "Tết Nguyên đán (mùng 1)") == 0)
				tet = d;
			if (strncmp(name, "Giỗ Tổ", strlen("Giỗ Tổ")) == 0)
				gio = d;
			if ((strncmp(name, "Tết Nguyên đán", strlen("Tết Nguyên đán")) == 0 ||
			     strcmp(name, "Nghỉ bù Tết Nguyên đán") == 0) && cal_weekday(d) < CAL_SAT)
				tet_weekdays++;
		}
		assert_int_equal(tet.y, y);
		assert_true(cal_cmp(tet, D(21, 1, y)) >= 0 && cal_cmp(tet, D(20, 2, y)) <= 0);
		int64_t gap = cal_days_between(tet, gio);
		if (y == 2023)
			assert_true(gap >= 97 && gap <= 99);
		else
			assert_true(gap == 68 || gap == 69);
		if (tet_weekdays != 5)
			fail_msg("%d: %d weekdays off for Tết, expected 5", y, tet_weekdays);
	}
	cal_holidays_free(h);
}

static void test_working_days_tet_2024(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	struct cal_date d;
	struct tc_err err;
	assert_false(cal_is_working_day(D(8, 2, 2024), h));   /* Thu, 29 Tết */
	assert_true(cal_is_working_day(D(7, 2, 2024), h));
	assert_true(cal_is_working_day(D(8, 2, 2024), NULL)); /* weekends only */
	/* 10 working days after Wed 07/02/2024, across Tết 08–14/02. */
	assert_int_equal(cal_add_working_days(D(7, 2, 2024), 10, h, &d, &err), 0);
	assert_date(d, 28, 2, 2024);
	assert_int_equal(cal_working_days_between(D(7, 2, 2024), D(28, 2, 2024), h), 10);
	assert_int_equal(cal_add_working_days(D(7, 2, 2024), 10, NULL, &d, &err), 0);
	assert_date(d, 21, 2, 2024);
	assert_int_equal(cal_add_working_days(D(28, 2, 2024), -10, h, &d, &err), 0);
	assert_date(d, 7, 2, 2024);
	assert_int_equal(cal_add_working_days(D(10, 2, 2024), 0, h, &d, &err), 0);
	assert_date(d, 10, 2, 2024);
	assert_int_equal(cal_working_days_between(D(28, 2, 2024), D(7, 2, 2024), h), -10);
	cal_holidays_free(h);
}

static void test_working_days_30_4_2025(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	struct cal_date d;
	struct tc_err err;
	/* Sat 26/04/2025 was worked in exchange for Fri 02/05/2025. */
	assert_true(cal_is_working_day(D(26, 4, 2025), h));
	assert_false(cal_is_working_day(D(2, 5, 2025), h));
	assert_false(cal_is_working_day(D(27, 4, 2025), h));
	assert_int_equal(cal_add_working_days(D(25, 4, 2025), 10, h, &d, &err), 0);
	assert_date(d, 13, 5, 2025);
	assert_int_equal(cal_working_days_between(D(25, 4, 2025), D(13, 5, 2025), h), 10);
	assert_int_equal(cal_add_working_days(D(25, 4, 2025), 10, NULL, &d, &err), 0);
	assert_date(d, 9, 5, 2025);
	cal_holidays_free(h);
}

/* between(a, add(a, n)) == n for many starts and spans, and the O(1)
 * count agrees with a day-by-day count. */
static void test_working_days_consistency(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	struct cal_date a, b;
	struct tc_err err;
	for (int64_t s = cal_to_days(D(15, 12, 2016)); s < cal_to_days(D(1, 1, 2031)); s += 13) {
		assert_int_equal(cal_from_days(s, &a), 0);
		for (int n = -40; n <= 40; n += 7) {
			assert_int_equal(cal_add_working_days(a, n, h, &b, &err), 0);
			assert_int_equal(cal_working_days_between(a, b, h), n);
		}
		assert_int_equal(cal_from_days(s + 45, &b), 0);
		int64_t slow = 0;
		for (int64_t k = s + 1; k <= s + 45; k++) {
			struct cal_date x;
			cal_from_days(k, &x);
			slow += cal_is_working_day(x, h);
		}
		assert_int_equal(cal_working_days_between(a, b, h), slow);
	}
	assert_int_equal(cal_working_days_between(D(1, 1, 2024), D(1, 1, 2024), h), 0);
	/* 2024 had 262 weekdays; (01/01/2024, 01/01/2025] swaps Mon for Wed. */
	assert_int_equal(cal_working_days_between(D(1, 1, 2024), D(1, 1, 2025), NULL), 262);
	cal_holidays_free(h);
}

static void test_deadlines(void **state)
{
	(void)state;
	struct cal_holidays *h = shipped();
	struct cal_date d;
	struct tc_err err;
	/* Posting for 10 working days (TT 07/2017) from Mon 22/01/2024. */
	assert_int_equal(cal_period_end(D(22, 1, 2024), 10, CAL_WORKING_DAYS, h, &d, &err), 0);
	assert_date(d, 2, 2, 2024);
	/* ... from Mon 05/02/2024, across Tết. */
	assert_int_equal(cal_period_end(D(5, 2, 2024), 10, CAL_WORKING_DAYS, h, &d, &err), 0);
	assert_date(d, 23, 2, 2024);
	/* Posted on a Saturday: the first working day is Monday. */
	assert_int_equal(cal_period_end(D(3, 2, 2024), 10, CAL_WORKING_DAYS, h, &d, &err), 0);
	assert_date(d, 23, 2, 2024);
	/* At least 5 days (TT 09/2021) counts calendar days, start included. */
	assert_int_equal(cal_period_end(D(6, 2, 2024), 5, CAL_DAYS, h, &d, &err), 0);
	assert_date(d, 10, 2, 2024);
	/* Supplement within 5 working days of a request on Wed 07/02/2024. */
	assert_int_equal(cal_deadline(D(7, 2, 2024), 5, CAL_WORKING_DAYS, h, &d, &err), 0);
	assert_date(d, 21, 2, 2024);
	/* 3 calendar days from Wed 07/02/2024 end on Sat 10/02, a holiday:
	 * Civil Code art. 148 moves the end to the next working day. */
	assert_int_equal(cal_deadline(D(7, 2, 2024), 3, CAL_DAYS, h, &d, &err), 0);
	assert_date(d, 15, 2, 2024);
	assert_int_equal(cal_deadline(D(5, 2, 2024), 2, CAL_DAYS, h, &d, &err), 0);
	assert_date(d, 7, 2, 2024);
	/* Papers at least 3 working days before a meeting on Thu 02/05/2024. */
	assert_int_equal(cal_latest_before(D(2, 5, 2024), 3, CAL_WORKING_DAYS, h, &d, &err), 0);
	assert_date(d, 24, 4, 2024);
	assert_int_equal(cal_latest_before(D(2, 5, 2024), 3, CAL_DAYS, h, &d, &err), 0);
	assert_date(d, 29, 4, 2024);
	/* Bad arguments. */
	assert_int_equal(cal_deadline(D(7, 2, 2024), 0, CAL_DAYS, h, &d, &err), -1);
	assert_int_equal(cal_period_end(D(30, 2, 2024), 5, CAL_DAYS, h, &d, &err), -1);
	assert_int_equal(cal_add_working_days(D(1, 1, 2024), CAL_MAX_SPAN + 1, h, &d, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(cal_add_working_days(D(30, 12, 9999), 5, h, &d, &err), -1);
	cal_holidays_free(h);
}

static struct cal_holidays *parse_str(const char *s, struct tc_err *err)
{
	return cal_holidays_parse(s, strlen(s), "h.csv", err);
}

static void test_holidays_parse(void **state)
{
	(void)state;
	struct tc_err err;
	enum cal_basis basis;
	struct cal_holidays *h = parse_str("\xEF\xBB\xBF" "date,name,basis,type\r\n"
					   "# comment\r\n\r\n"
					   "  2031-01-01 , Tết Dương lịch , statutory\r\n"
					   "04/01/2031,Làm bù,provisional,workday\n"
					   "2031-01-02,Nghỉ,,off", &err);
	if (h == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(cal_holidays_count(h), 3);
	assert_string_equal(cal_holiday_lookup(h, D(1, 1, 2031), &basis, NULL), "Tết Dương lịch");
	assert_int_equal(basis, CAL_STATUTORY);
	assert_true(cal_is_working_day(D(4, 1, 2031), h));
	assert_false(cal_is_working_day(D(2, 1, 2031), h));
	assert_true(cal_holidays_covers(h, 2031));
	cal_holidays_free(h);

	h = parse_str("", &err);
	assert_non_null(h);
	assert_int_equal(cal_holidays_count(h), 0);
	cal_holidays_free(h);
}

static void test_holidays_parse_errors(void **state)
{
	(void)state;
	struct tc_err err;
	static const struct { const char *in, *msg; } cases[] = {
		{ "2025-01-01,a\n2025-02-30,b\n", "h.csv:2: 30/02/2025 is not a valid date" },
		{ "2025-01-01,a\n2025-01-01,b\n", "h.csv: 01/01/2025 is listed twice" },
		{ "2025-01-06,a,announced,workday\n", "h.csv:1: 06/01/2025 is a weekday" },
		{ "2025-01-01\n", "h.csv:1: expected date,name" },
		{ "2025-01-01,a,b,c,d\n", "h.csv:1: expected date,name" },
		{ "2025-01-01,,announced\n", "h.csv:1: the name must be" },
		{ "2025-01-01,a,maybe\n", "h.csv:1: basis must be" },
		{ "2025-01-01,a,announced,sometimes\n", "h.csv:1: type must be" },
		{ "2025-01-01,S\xF3" "c\n", "h.csv:1: the name must be" },
		{ "x,a\n2025-01-01,a\n", "h.csv:1: \"x\" is not a date" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_null(parse_str(cases[i].in, &err));
		assert_int_equal(err.code, TC_EINPUT);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got \"%s\"", i, err.msg);
	}
	/* A header after data rows is an error, not skipped. */
	assert_null(parse_str("2025-01-01,a\ndate,name\n", &err));
	assert_non_null(strstr(err.msg, "h.csv:2:"));
	assert_null(cal_holidays_parse("2025-01-01,a\0b\n", 15, "h.csv", &err));
	assert_non_null(strstr(err.msg, "h.csv:1: NUL byte"));
	/* Only len bytes are read: the second line is outside. */
	struct cal_holidays *h = cal_holidays_parse("2025-01-01,a\n2025-01-01,b", 12, "h.csv", &err);
	assert_non_null(h);
	assert_int_equal(cal_holidays_count(h), 1);
	cal_holidays_free(h);
}

static void test_holidays_parse_oom(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/holidays.csv");
	struct tc_err err;
	int failed = 0;
	for (long n = 0; n < 400; n++) {
		tc_mem_fail_after(n);
		struct cal_holidays *h = cal_holidays_parse((const char *)f->data, f->len, "x", &err);
		tc_mem_fail_after(-1);
		if (h == NULL) {
			assert_int_equal(err.code, TC_ENOMEM);
			failed++;
		}
		cal_holidays_free(h);
	}
	assert_true(failed > 200);
}

/* Every prefix of real input, each in a heap block of exactly that size, so
 * the sanitizer build catches any read past len. */
static void test_prefixes_never_overread(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("data/holidays.csv");
	const char *dates[] = { "29/02/2024", "2024-02-29", "5/1/2025" };
	struct tc_err err;
	struct cal_date d;
	for (size_t n = 0; n <= 3000 && n <= f->len; n++) {
		char *copy = tc_malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, f->data, n);
		cal_holidays_free(cal_holidays_parse(copy, n, "p", &err));
		for (size_t k = 0; k < 3; k++) {
			size_t m = strlen(dates[k]) < n ? strlen(dates[k]) : n;
			memcpy(copy, dates[k], m);
			int rc = cal_parse(copy, m, &d, &err);
			assert_int_equal(rc, m == strlen(dates[k]) ? 0 : -1);
		}
		tc_free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_parse_vn),
		cmocka_unit_test(test_parse_iso_and_format),
		cmocka_unit_test(test_day_numbers_and_weekdays),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_shipped_list),
		cmocka_unit_test(test_shipped_lunar_plausible),
		cmocka_unit_test(test_working_days_tet_2024),
		cmocka_unit_test(test_working_days_30_4_2025),
		cmocka_unit_test(test_working_days_consistency),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_holidays_parse),
		cmocka_unit_test(test_holidays_parse_errors),
		cmocka_unit_test(test_holidays_parse_oom),
		cmocka_unit_test(test_prefixes_never_overread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
