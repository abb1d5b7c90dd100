/* Fuzz target: util/text. The input sits in a block of exactly its size, so
 * any read past len is caught. Outputs must be valid UTF-8; NFC, the search
 * key and whitespace collapsing must be idempotent. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/mem.h"
#include "util/text.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef char *(*text_fn)(const char *, size_t, struct tc_err *);

/* f(x) is valid UTF-8 and f(f(x)) == f(x); or f(x) failed with a message. */
static void idempotent(text_fn f, const char *s, size_t n)
{
	struct tc_err err;
	char *a = f(s, n, &err);
	if (a == NULL) {
		if (err.msg[0] == '\0')
			__builtin_trap();
		return;
	}
	size_t al = strlen(a);
	if (!utf8_valid(a, al, NULL))
		__builtin_trap();
	char *b = f(a, al, &err);
	if (b == NULL || strcmp(a, b) != 0)
		__builtin_trap();
	tc_free(b);
	tc_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = tc_malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	idempotent(text_nfc, copy, size);
	idempotent(text_search_key, copy, size);
	idempotent(text_collapse_ws, copy, size);
	const char *g = text_guess_legacy(copy, size);
	if (g != NULL && utf8_valid(copy, size, NULL))
		__builtin_trap();   /* valid UTF-8 is never called a legacy encoding */
	tc_free(copy);
	return 0;
}
