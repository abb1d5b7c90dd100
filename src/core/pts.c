/* pts.c — see pts.h. Pure: no I/O, no globals. */
#include "core/pts.h"

#include <stdio.h>
#include <string.h>

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

/* The formatters write digits by hand: snprintf was a third of `tiepcan
 * score`'s time on the national file (bench/results/NOTES.md). */

/* Decimal digits of v at d (room for 20); returns how many. */
static size_t u64_digits(uint64_t v, char *d)
{
	char r[20];
	size_t n = 0;
	do {
		r[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		d[i] = r[n - 1 - i];
	return n;
}

/* s[0..l) into buf of size n as snprintf would: truncated, terminated. */
static char *put_out(char *buf, size_t n, const char *s, size_t l)
{
	if (n == 0)
		return buf;
	if (l >= n)
		l = n - 1;
	memcpy(buf, s, l);
	buf[l] = '\0';
	return buf;
}

char *pts_format(tc_pts p, char *buf, size_t n)
{
	char s[32];
	size_t l = 0;
	uint64_t a = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	if (p < 0)
		s[l++] = '-';
	l += u64_digits(a / 100, s + l);
	s[l++] = '.';
	s[l++] = (char)('0' + a % 100 / 10);
	s[l++] = (char)('0' + a % 10);
	return put_out(buf, n, s, l);
}

char *pts_format_vi(tc_pts p, char *buf, size_t n)
{
	char s[32];
	size_t l = 0;
	uint64_t a = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	uint64_t f = a % 100;
	if (p < 0)
		s[l++] = '-';
	l += u64_digits(a / 100, s + l);
	if (f != 0) {
		s[l++] = ',';
		s[l++] = (char)('0' + f / 10);
		if (f % 10 != 0)
			s[l++] = (char)('0' + f % 10);
	}
	return put_out(buf, n, s, l);
}
