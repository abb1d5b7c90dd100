/* registry.h — the set of rule sets known to a process.
 *
 * The built-in rule sets are embedded in the binary from rules/NAME.rules at
 * build time; an administrator adds or replaces rule sets without a rebuild
 * by pointing --rules-dir at a directory of NAME.rules files (same id: the
 * file replaces the built-in one).
 *
 * Owner: the registry owns every rule set in it; rs pointers stay valid
 * until reg_free().
 */
#ifndef TC_REGISTRY_H
#define TC_REGISTRY_H

#include <stddef.h>

#include "core/ruleset.h"
#include "util/err.h"

struct reg;  /* opaque */

/* extra_dir may be NULL. Caller frees with reg_free(). */
struct reg *reg_load(const char *extra_dir, struct tc_err *err);
void reg_free(struct reg *r);

size_t reg_count(const struct reg *r);
const struct rs_ruleset *reg_at(const struct reg *r, size_t i);   /* sorted by year_from */
const struct rs_ruleset *reg_find(const struct reg *r, const char *id);
/* The rule set whose evaluation years contain `year`, or NULL. */
const struct rs_ruleset *reg_for_year(const struct reg *r, int year);

/* Reads and parses one rule-set file (I/O wrapper around rs_load_text). */
struct rs_ruleset *reg_load_file(const char *path, struct tc_err *err);

#endif
