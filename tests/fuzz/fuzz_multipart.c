/* Fuzz target: multipart/form-data (web/multipart). The first line of the
 * input is the Content-Type header value (boundary extraction is fuzzed
 * too); the rest is the body. File parts must point inside the body. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/arena.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(16 << 20);
	if (a == NULL)
		return 0;
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t hl = nl ? (size_t)(nl - s) : size;
	char *ct = arena_alloc(a, hl + 1);
	struct tc_err err;
	if (ct != NULL) {
		memcpy(ct, s, hl);
		ct[hl] = '\0';
		const char *body = nl ? nl + 1 : s + size;
		size_t blen = (size_t)(s + size - body);
		char *boundary = mp_boundary(a, ct, &err);
		if (boundary == NULL && err.msg[0] == '\0')
			__builtin_trap();
		struct mp_part *parts;
		size_t np;
		if (boundary != NULL) {
			if (mp_parse(a, boundary, body, blen, NULL, &parts, &np, &err) == 0) {
				for (size_t i = 0; i < np; i++)
					if (parts[i].filename != NULL &&
					    (parts[i].data < body || parts[i].data + parts[i].len > body + blen))
						__builtin_trap();
			} else if (err.msg[0] == '\0') {
				__builtin_trap();
			}
		}
	}
	arena_free(a);
	return 0;
}
