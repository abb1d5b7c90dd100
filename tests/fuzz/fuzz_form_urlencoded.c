/* Fuzz target: application/x-www-form-urlencoded bodies and query strings
 * (web/form). Every field must be NUL-terminated with len == strlen. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/arena.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(16 << 20);
	if (a == NULL)
		return 0;
	struct tc_err err;
	struct form f;
	/* Small limits too, so the limit paths are reached with short inputs. */
	struct form_limits small = {4, 8, 16};
	const struct form_limits *lim = size > 0 && (data[0] & 1) ? &small : NULL;
	if (form_parse_urlencoded(a, (const char *)data, size, lim, &f, &err) == 0) {
		for (size_t i = 0; i < f.n; i++)
			if (strlen(f.f[i].value) != f.f[i].len)
				__builtin_trap();
		if (f.n > 0) {
			(void)form_get(&f, f.f[0].name);
			(void)form_get_unique(&f, f.f[0].name, &err);
		}
	} else if (err.msg[0] == '\0') {
		__builtin_trap();
	}
	arena_free(a);
	return 0;
}
