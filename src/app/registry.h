/* registry.h — the set of rule sets known to a process.
 *
 * The built-in rule sets are embedded in the binary from rules/NAME.rules at
 * build time; an administrator adds or replaces rule sets without a rebuild
 * by pointing --rules-dir at a directory of NAME.rules files (same id: the
 * file replaces the built-in one).
 *
 * Rule sets an administrator uploads through the web are kept in the store
 * (store_ruleset_*) and loaded after those (reg_load_more): an upload with
 * the id of a built-in or directory set replaces it, and of several uploads
 * with one id the latest wins.
 *
 * Owner: the registry owns every rule set in it; rs pointers stay valid
 * until the registry is freed. A registry is immutable once loaded and
 * reference-counted: reg_free() drops one reference and the last one frees
 * it, so a server swaps in a new registry (reg_holder_set) while requests
 * still read the one they took (reg_holder_get).
 */
#ifndef TC_REGISTRY_H
#define TC_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/ruleset.h"
#include "util/err.h"

struct reg;  /* opaque */

/* extra_dir may be NULL. Caller frees with reg_free(). */
struct reg *reg_load(const char *extra_dir, struct tc_err *err);
/* Drops one reference; the last frees the registry (NULL is fine). */
void reg_free(struct reg *r);

/* One uploaded rule-set text; name is used in messages ("NAME:LINE: ..."). */
struct reg_text {
	const char *name;
	const char *text;
	size_t len;
};
/* reg_load, then the n texts in order, each replacing any set with its id;
 * gen is recorded (reg_generation: the store's upload generation the
 * registry includes). A text that does not load fails the whole call. */
struct reg *reg_load_more(const char *extra_dir, const struct reg_text *texts, size_t n,
			  int64_t gen, struct tc_err *err);
/* reg_load_more with every upload kept in st (store_ruleset_list), in
 * upload order, gen = the highest upload id: what `tiepcan serve` and the
 * commands that read a database use, so all score with the same sets. */
struct store;
struct reg *reg_load_store(const char *extra_dir, struct store *st, struct tc_err *err);
int64_t reg_generation(const struct reg *r);
/* Hex SHA-256 of the text the set `id` was loaded from, or NULL. */
const char *reg_sha256(const struct reg *r, const char *id);
/* Takes one more reference (returns r). */
struct reg *reg_ref(struct reg *r);

/* A holder: the current registry of a process, shared by threads.
 * reg_holder_new takes r's reference (and frees r on failure). get returns
 * the current registry with a new reference (never NULL; caller reg_free's
 * it); set installs r (taking its reference) and drops the holder's
 * reference to the old one, which readers may still hold. peek returns the
 * current one WITHOUT a reference: only for code that knows no set() can
 * run meanwhile (start-up, single-threaded tests). */
struct reg_holder;
struct reg_holder *reg_holder_new(struct reg *r, struct tc_err *err);
void reg_holder_free(struct reg_holder *h);
struct reg *reg_holder_get(struct reg_holder *h);
void reg_holder_set(struct reg_holder *h, struct reg *r);
const struct reg *reg_holder_peek(const struct reg_holder *h);

size_t reg_count(const struct reg *r);
const struct rs_ruleset *reg_at(const struct reg *r, size_t i);   /* sorted by year_from */
const struct rs_ruleset *reg_find(const struct reg *r, const char *id);
/* The rule set whose evaluation years contain `year`, or NULL. */
const struct rs_ruleset *reg_for_year(const struct reg *r, int year);

/* Reads and parses one rule-set file (I/O wrapper around rs_load_text). */
struct rs_ruleset *reg_load_file(const char *path, struct tc_err *err);

#endif
