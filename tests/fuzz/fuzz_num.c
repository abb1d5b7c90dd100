/* Fuzz target: util/num. The input sits in a block of exactly its size, so
 * any read past len is caught. A parsed number prints and parses back to
 * itself. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/mem.h"
#include "util/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = tc_malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	int64_t v, back;
	if (num_parse_i64n(copy, size, INT64_MIN, INT64_MAX, &v) == 0) {
		char buf[NUM_FMT_MAX], plain[NUM_FMT_MAX];
		num_format_vi(v, buf, sizeof buf);
		size_t o = 0;
		for (const char *p = buf; *p; p++)
			if (*p != '.')
				plain[o++] = *p;
		if (num_parse_i64n(plain, o, INT64_MIN, INT64_MAX, &back) != 0 || back != v)
			__builtin_trap();
		for (int d = 0; d <= 18; d++)
			if (num_format_vi_fixed(v, d, d & 1, buf, sizeof buf)[0] == '\0')
				__builtin_trap();
	}
	tc_free(copy);
	return 0;
}
