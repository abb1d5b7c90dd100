/* utf8.c — see utf8.h. Follows the well-formed byte sequences table of the
 * Unicode standard (chapter 3, table 3-7). */
#include "util/utf8.h"

#include <stdint.h>

/* Length of the valid sequence starting at s (at most n bytes), or 0. */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

int utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Fast path over ASCII, 8 bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			__builtin_memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		size_t l = seq_len(p + i, n - i);
		if (l == 0) {
			if (bad_off)
				*bad_off = i;
			return 0;
		}
		i += l;
	}
	return 1;
}
