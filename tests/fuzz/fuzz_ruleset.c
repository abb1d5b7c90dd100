/* Fuzz target: the rule-set loader (core/ruleset). A load either succeeds
 * with a consistent tree or fails with a "NAME:LINE: " message; it never
 * crashes, leaks or reads past the input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/ruleset.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly-sized copy: any read past size is caught by ASan. */
	char *copy = tc_malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	struct tc_err err;
	err.msg[0] = '\0';
	struct rs_ruleset *rs = rs_load_text("f", copy, size, &err);
	if (rs == NULL) {
		if (strncmp(err.msg, "f:", 2) != 0)
			__builtin_trap();
	} else {
		for (size_t c = 0; c < rs->n_criteria; c++) {
			const struct rs_criterion *cr = &rs->criteria[c];
			if (rs_find_criterion(rs, cr->code) != cr)
				__builtin_trap();
			for (size_t i = 0; i < cr->n_items; i++)
				if (rs_find_item(rs, cr->items[i].code) != &cr->items[i])
					__builtin_trap();
		}
		rs_free(rs);
	}
	tc_free(copy);
	return 0;
}
