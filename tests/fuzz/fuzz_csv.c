/* Fuzz target: the CSV reader (util/csv). Every record must stay inside the
 * buffer and every error must carry a message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/csv.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = tc_malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct tc_err err;
	struct csv_reader *r = csv_open(copy, size, "fuzz.csv", &err);
	if (r != NULL) {
		char **f;
		size_t n;
		int rc;
		while ((rc = csv_next(r, &f, &n, &err)) == 1) {
			for (size_t i = 0; i < n; i++)
				if (f[i] < copy || f[i] > copy + size)
					__builtin_trap();
		}
		if (rc < 0 && err.msg[0] == '\0')
			__builtin_trap();
		csv_close(r);
	} else if (err.msg[0] == '\0') {
		__builtin_trap();
	}
	tc_free(copy);
	return 0;
}
