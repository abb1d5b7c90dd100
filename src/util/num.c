/* num.c — see num.h. */
#include "util/num.h"

#include <string.h>

int num_parse_i64n(const char *s, size_t len, int64_t min, int64_t max,
		   int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return -1;
	/* Accumulate the magnitude as unsigned, so INT64_MIN parses too. */
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t v = 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned dgt = (unsigned)(s[i] - '0');
		if (v > (limit - dgt) / 10)
			return -1;
		v = v * 10 + dgt;
	}
	int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v)
			: (int64_t)v;
	if (r < min || r > max)
		return -1;
	*out = r;
	return 0;
}

int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL)
		return -1;
	return num_parse_i64n(s, strlen(s), min, max, out);
}

int num_parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;
	if (num_parse_i64(s, min, max, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* Writes the digits of u with a '.' every three, right to left, ending just
 * before `end`; returns the first written byte. */
static char *group_digits(uint64_t u, char *end)
{
	char *p = end;
	int k = 0;
	do {
		if (k > 0 && k % 3 == 0)
			*--p = '.';
		*--p = (char)('0' + u % 10);
		u /= 10;
		k++;
	} while (u != 0);
	return p;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

char *num_format_vi(int64_t v, char *buf, size_t n)
{
	return num_format_vi_fixed(v, 0, 0, buf, n);
}

char *num_format_vi_fixed(int64_t v, int decimals, int trim, char *buf, size_t n)
{
	if (n < NUM_FMT_MAX || decimals < 0 || decimals > 18) {
		if (n > 0)
			buf[0] = '\0';
		return buf;
	}
	uint64_t scale = 1, u = magnitude(v);
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	uint64_t whole = u / scale, frac = u % scale;
	char tmp[NUM_FMT_MAX], *end = tmp + sizeof tmp;
	char *p = group_digits(whole, end);
	size_t len = (size_t)(end - p), o = 0;
	if (v < 0)
		buf[o++] = '-';
	memcpy(buf + o, p, len);
	o += len;
	if (decimals > 0) {
		char f[20];
		for (int i = decimals - 1; i >= 0; i--) {
			f[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		int keep = decimals;
		while (trim && keep > 0 && f[keep - 1] == '0')
			keep--;
		if (keep > 0) {
			buf[o++] = ',';
			memcpy(buf + o, f, (size_t)keep);
			o += (size_t)keep;
		}
	}
	buf[o] = '\0';
	return buf;
}
