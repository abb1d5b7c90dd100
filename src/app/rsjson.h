/* rsjson.h — a rule set as JSON (jansson), for the web API.
 *
 * Same shape as `tiepcan rules show ID --format json` (cmd_rules.c): id,
 * title, version, mode, rounding, basis, years, provisional, pass{...},
 * criteria[{code,title,max,cite,confidence,provisional,provisional_reason,
 * notes,indicators[{...,subs[...]}]}]. Points are JSON numbers with at most
 * two decimals (95.45), null when absent. The CLI keeps its own copy
 * (cmd_rules.c); tests/suite-web.sh checks the two are equal for every
 * shipped rule set. They should become one: cmd_rules.c can call this.
 */
#ifndef TC_RSJSON_H
#define TC_RSJSON_H

#include <jansson.h>

#include "core/ruleset.h"

/* New reference, or NULL if out of memory. */
json_t *rsjson_ruleset(const struct rs_ruleset *rs);
/* The summary used in lists: id, title, version, years, mode, provisional. */
json_t *rsjson_summary(const struct rs_ruleset *rs);
/* "ratio_bands done total", "deduction 0,5 late > 0": the rule as written. */
char *rsjson_rule_text(const struct rs_item *it, char *buf, size_t n);
/* "late > 0" (empty string when not set). */
char *rsjson_cond_text(const struct rs_cond *c, char *buf, size_t n);

#endif
