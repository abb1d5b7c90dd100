/* num.h — strict integer parsing (instead of atoi) and Vietnamese number
 * formatting (thousands dot, decimal comma: "1.234,5").
 *
 * Parsing is strict on purpose: user input such as "12abc", " 12", "1e3",
 * "1.000" or a number that does not fit is rejected, never silently read as
 * something else. Exact arithmetic only: no floating point anywhere.
 */
#ifndef TC_NUM_H
#define TC_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Big enough for any formatted int64 with separators and decimals. */
#define NUM_FMT_MAX 48

/* Parses s[0..len) as an optional '-' followed by one or more ASCII digits
 * (leading zeros allowed) and nothing else: no spaces, no '+', no
 * separators, no NUL. Returns 0 and *out if the value lies in [min, max];
 * -1 otherwise (junk, empty, overflow, out of range), *out untouched. Never
 * reads past len. */
int num_parse_i64n(const char *s, size_t len, int64_t min, int64_t max,
		   int64_t *out);

/* The same for a NUL-terminated string. */
int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* The same into an int (min, max are ints). */
int num_parse_int(const char *s, int min, int max, int *out);

/* 1234567 -> "1.234.567", -1234 -> "-1.234". buf must hold NUM_FMT_MAX
 * bytes (else it gets ""). Returns buf. */
char *num_format_vi(int64_t v, char *buf, size_t n);

/* A fixed-point value v * 10^-decimals (decimals 0..18):
 * (12345, 1) -> "1.234,5"; (-5, 2) -> "-0,05". With trim, trailing zero
 * decimals and then a bare comma are dropped: (12300, 2, trim) -> "123".
 * buf must hold NUM_FMT_MAX bytes (else, or a bad `decimals`, ""). */
char *num_format_vi_fixed(int64_t v, int decimals, int trim, char *buf, size_t n);

#endif
