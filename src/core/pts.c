/* pts.c — see pts.h. Pure: no I/O, no globals. */
#include "core/pts.h"

#include <stdio.h>

int pts_parse(const char *s, tc_pts *out)
{
	int neg = 0;
	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	if (*s < '0' || *s > '9')
		return -1;
	int64_t whole = 0;
	while (*s >= '0' && *s <= '9') {
		if (whole > (INT64_MAX / 1000))
			return -1;
		whole = whole * 10 + (*s++ - '0');
	}
	int64_t frac = 0;
	if (*s == '.' || *s == ',') {
		s++;
		int digits = 0;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9') {
			if (digits == 2) {
				/* Allow trailing zeros beyond two decimals: 1.500 */
				if (*s != '0')
					return -1;
				s++;
				continue;
			}
			frac = frac * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	int64_t v = whole * TC_PTS_SCALE + frac;
	*out = neg ? -v : v;
	return 0;
}

char *pts_format(tc_pts p, char *buf, size_t n)
{
	const char *sign = p < 0 ? "-" : "";
	uint64_t a = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	snprintf(buf, n, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
	return buf;
}

char *pts_format_vi(tc_pts p, char *buf, size_t n)
{
	const char *sign = p < 0 ? "-" : "";
	uint64_t a = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	unsigned long long w = a / 100, f = a % 100;
	if (f == 0)
		snprintf(buf, n, "%s%llu", sign, w);
	else if (f % 10 == 0)
		snprintf(buf, n, "%s%llu,%llu", sign, w, f / 10);
	else
		snprintf(buf, n, "%s%llu,%02llu", sign, w, f);
	return buf;
}
