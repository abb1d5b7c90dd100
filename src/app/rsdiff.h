/* rsdiff.h — what changed between two rule sets, one line per change:
 * "+ what" added in B, "- what" removed from B, "~ what: field: old -> new".
 * Shared by `tiepcan rules diff` (which prints it as is) and the
 * administrator's web page. The rule text itself (conditions and kinds as
 * written in the file) comes from app/rsjson.h. */
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

const char *rsdiff_conf_name(enum rs_conf c);
const char *rsdiff_type_name(enum rs_input_type t);

#endif
