/* units.h — administrative units: loading the official lists and their
 * lineage into the store, and resolving a code in a year with its
 * predecessors and successors. Shared by the CLI and (later) the web layer.
 *
 * Files (see data/SOURCES.md):
 *   unit lists   CSV "code,name,type,level,parent_code", one vintage each;
 *   the mapping  CSV "old_code,old_full_name,old_level,new_code,
 *                new_full_name,new_province_code,relation,note"
 *                (2025-03 list -> 2025-07 list).
 * Every load validates the whole file first (errors "FILE:LINE: what is
 * wrong and how to fix it", TC_EINPUT) and then writes it in ONE
 * transaction: a bad file changes nothing.
 */
#ifndef TC_UNITS_H
#define TC_UNITS_H

#include <stddef.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* Called now and then during long loads: done of total rows. */
typedef void (*units_progress_fn)(long done, long total, void *ctx);

/* Loads (replacing) the units of `vintage` from a CSV in data[0..len) (the
 * buffer must have room for len + 1 bytes and is parsed in place). `name`
 * names the file in messages. Also derives the same-code lineage with the
 * neighbouring three-tier list when it is loaded. *n = units loaded. */
int units_load_list(struct store *st, const char *vintage, char *data, size_t len,
		    const char *name, units_progress_fn progress, void *pctx, long *n,
		    struct tc_err *err);

/* Loads (replacing) the 2025-03 -> 2025-07 lineage from the mapping CSV. Both
 * lists must be loaded. *n = rows loaded. */
int units_load_mapping(struct store *st, char *data, size_t len, const char *name,
		       units_progress_fn progress, void *pctx, long *n, struct tc_err *err);

/* Loads every list and the mapping embedded in the binary (tiepcan init), in
 * one transaction. */
int units_load_shipped(struct store *st, units_progress_fn progress, void *pctx,
		       struct tc_err *err);

/* A unit as it was in a year, with the period over which it stayed the same
 * (identical code, name, type, level and parent in consecutive lists), and
 * the codes of its predecessors and successors across every reform known
 * (transitively; a persisted code is the same unit, not a predecessor). */
struct units_view {
	struct store_unit unit;
	char valid_from[11];
	char valid_to[11];       /* "" = still in force */
	char (*pred)[8];
	size_t n_pred;
	char (*succ)[8];
	size_t n_succ;
};

/* Caller frees with units_view_free. TC_ENOTFOUND if the code did not exist
 * in that year (the message says when it did, and its successors). */
int units_view_get(struct store *st, const char *code, int year, struct units_view *v,
		   struct tc_err *err);
void units_view_free(struct units_view *v);

/* The view as JSON {"code","name","type","level","parent","valid_from",
 * "valid_to","predecessors":[...],"successors":[...]} with a newline. */
int units_view_json(const struct units_view *v, struct buf *out);

#endif
