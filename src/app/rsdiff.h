/* rsdiff.h — what changed between two rule sets, one line per change:
 * "+ what" added in B, "- what" removed from B, "~ what: field: old -> new".
 * Shared by `tiepcan rules diff` (which prints it as is) and the
 * administrator's web page. Also the rule-set text helpers the CLI's
 * `rules show` uses (conditions and kinds as written in the file). */
#ifndef TC_RSDIFF_H
#define TC_RSDIFF_H

#include <stddef.h>

#include "core/ruleset.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends the differences from a to b to out (nothing when identical).
 * 0, or -1 (TC_ENOMEM) when out of memory or out's cap is reached. */
int rsdiff_text(const struct rs_ruleset *a, const struct rs_ruleset *b, struct buf *out,
		struct tc_err *err);

/* "done >= total" style condition ("" when unset); returns buf. */
char *rsdiff_cond_str(const struct rs_cond *c, char *buf, size_t n);
/* The kind line as written in the file, e.g. "ratio_bands done total". */
char *rsdiff_kind_str(const struct rs_item *it, char *buf, size_t n);
const char *rsdiff_conf_name(enum rs_conf c);
const char *rsdiff_type_name(enum rs_input_type t);

#endif
