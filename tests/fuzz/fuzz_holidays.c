/* Fuzz target: the holiday list and date parsers (core/calendar). The input
 * sits in a block of exactly its size, so any read past len is caught. A
 * parsed list must answer look-ups and working-day counts consistently. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/calendar.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_dates(const char *s, size_t n)
{
	struct cal_date d, back;
	struct tc_err err;
	char buf[16];
	if (cal_parse(s, n, &d, &err) != 0) {
		if (err.msg[0] == '\0')
			__builtin_trap();
		return;
	}
	/* A parsed date is real and survives formatting. */
	if (!cal_valid(d))
		__builtin_trap();
	cal_format_vn(d, buf, sizeof buf);
	if (cal_parse_vn(buf, strlen(buf), &back, &err) != 0 || cal_cmp(d, back) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = tc_malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	check_dates(copy, size < 16 ? size : 16);
	struct tc_err err;
	struct cal_holidays *h = cal_holidays_parse(copy, size, "fuzz.csv", &err);
	if (h == NULL) {
		if (err.msg[0] == '\0')
			__builtin_trap();
	} else {
		struct cal_date a = { 2024, 1, 1 }, b;
		for (int n = -30; n <= 30; n += 10) {
			if (cal_add_working_days(a, n, h, &b, &err) != 0 ||
			    cal_working_days_between(a, b, h) != n)
				__builtin_trap();
		}
		cal_holidays_free(h);
	}
	tc_free(copy);
	return 0;
}
