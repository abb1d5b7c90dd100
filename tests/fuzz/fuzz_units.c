/* Fuzz target: the units CSV import (app/units) — list files of each
 * vintage and the 2025 mapping file. The parse and validation run on the
 * whole file before any write, so an in-memory SQLite store (created once,
 * reused) is enough; a valid input is written and replaces the previous one.
 * The first byte picks the vintage (or the mapping); the rest is the file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/units.h"
#include "store/store.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vintages[] = {"2020-02", "2025-03", "2025-07"};
	struct tc_err err;
	if (size < 1)
		return 0;
	if (st == NULL && (st = store_open(":memory:", STORE_OPEN_CREATE, &err)) == NULL)
		__builtin_trap();
	char *copy = tc_malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	long n = 0;
	int rc;
	if (data[0] % 4 == 3)
		rc = units_load_mapping(st, copy, size - 1, "fuzz.csv", NULL, NULL, &n, &err);
	else
		rc = units_load_list(st, vintages[data[0] % 4], copy, size - 1, "fuzz.csv",
				     NULL, NULL, &n, &err);
	if (rc != 0 && err.msg[0] == '\0')
		__builtin_trap();
	tc_free(copy);
	return 0;
}
