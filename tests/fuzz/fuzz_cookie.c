/* Fuzz target: the Cookie header parser (web/form form_parse_cookies), which
 * is where the session cookie is read from. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/arena.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4 << 20);
	if (a == NULL)
		return 0;
	struct tc_err err;
	struct form f;
	if (form_parse_cookies(a, (const char *)data, size, &f, &err) == 0) {
		if (f.n > 64)
			__builtin_trap();
		for (size_t i = 0; i < f.n; i++)
			if (f.f[i].name == NULL || f.f[i].value == NULL ||
			    strlen(f.f[i].value) != f.f[i].len)
				__builtin_trap();
		(void)form_get(&f, "tc_session");
	} else if (err.msg[0] == '\0') {
		__builtin_trap();
	}
	arena_free(a);
	return 0;
}
