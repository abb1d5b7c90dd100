/* utf8.h — strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
#ifndef TC_UTF8_H
#define TC_UTF8_H

#include <stddef.h>

/* Returns 1 if s[0..n) is valid UTF-8; otherwise 0 and, if bad_off is not
 * NULL, the offset of the first byte of the first invalid sequence. */
int utf8_valid(const char *s, size_t n, size_t *bad_off);

#endif
