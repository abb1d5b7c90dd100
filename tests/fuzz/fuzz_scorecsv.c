/* Fuzz target: the score CSV (core/scorecsv) end to end — parse into sheets
 * with every shipped rule set resolvable by year, then sc_evaluate each
 * sheet. Every failure must carry a message; results are freed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/registry.h"
#include "core/score.h"
#include "core/scorecsv.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once: the shipped rule sets are read-only for the whole run. */
static struct reg *shipped;

static const struct rs_ruleset *resolve(void *ctx, int year, struct tc_err *err)
{
	const struct rs_ruleset *rs = reg_for_year(ctx, year);
	if (rs == NULL)
		tc_err_set(err, TC_EINPUT, "no rule set for year %d", year);
	return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tc_err err;
	if (shipped == NULL && (shipped = reg_load(NULL, &err)) == NULL)
		__builtin_trap();
	char *copy = tc_malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct scsv_batch *b = scsv_parse(copy, size, "fuzz.csv", resolve, shipped, &err);
	if (b == NULL) {
		if (err.msg[0] == '\0')
			__builtin_trap();
	} else {
		for (size_t i = 0; i < scsv_count(b); i++) {
			long line = 0;
			struct sc_result *res = sc_evaluate(scsv_sheet(b, i), &line, &err);
			if (res == NULL && err.msg[0] == '\0')
				__builtin_trap();
			sc_result_free(res);
		}
		scsv_free(b);
	}
	tc_free(copy);
	return 0;
}
