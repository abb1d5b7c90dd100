/* rsupload.h — adding an uploaded rule-set file to the store: the checks
 * and decisions shared by the administrator's web page (/quan-tri/quy-tac)
 * and `tiepcan rules add`, so both accept and refuse exactly the same files.
 * Each front end words the outcome in its own language (Vietnamese page,
 * English CLI); this module never prints.
 *
 * Steps: rsup_load parses and checks the text (every error "NAME:LINE:
 * ..."); rsup_save compares it with the registry in use and, when it is
 * new, stores it (store_ruleset_add: one transaction with its audit entry).
 */
#ifndef TC_RSUPLOAD_H
#define TC_RSUPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "app/registry.h"
#include "core/ruleset.h"
#include "store/store.h"
#include "util/err.h"

/* Largest file accepted (the store's own limit). */
#define RSUP_MAX STORE_RULESET_MAX

/* What rsup_save decided. Only RSUP_STORED writes anything. */
enum rsup_outcome {
	RSUP_STORED,         /* stored as upload #id; reload to use it */
	RSUP_TOO_LONG,       /* id or version over 63 bytes, or file name over 255 */
	RSUP_IN_USE,         /* the set in use under this id has exactly this text */
	RSUP_VERSION_TAKEN,  /* the set in use has this id and version, another text */
	RSUP_STORED_OTHER,   /* the store has this id and version with another text
			      * (stored meanwhile, e.g. by another server) */
	RSUP_STORED_UNUSED,  /* this very text is upload #id, but another version
			      * is in use: reusing it needs a new version */
};

struct rsup_result {
	enum rsup_outcome outcome;
	int64_t id;          /* upload number: RSUP_STORED and RSUP_STORED_UNUSED */
	char sha256[65];     /* hex SHA-256 of the text */
};

/* Parses and checks one rule-set text named `name` in messages. NULL with
 * TC_EINPUT for an empty or oversized text or any error of rs_load_text
 * ("NAME:LINE: what is wrong"). Caller frees with rs_free(). */
struct rs_ruleset *rsup_load(const char *name, const char *text, size_t len,
			     struct tc_err *err);

/* Decides what to do with rs (loaded by rsup_load from text/len) given the
 * registry in use, and stores it when new, recording file_name (the file's
 * base name) and the store's actor as uploader. 0 with res->outcome set;
 * -1 on a database failure (nothing stored). */
int rsup_save(struct store *st, const struct reg *in_use, const struct rs_ruleset *rs,
	      const char *file_name, const char *text, size_t len, struct rsup_result *res,
	      struct tc_err *err);

#endif
