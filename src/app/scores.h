/* scores.h — score CSV files in and out of the store.
 *
 * The file is the `tiepcan score` input (tests/cases/README.md): header
 * `unit,year,item,field,value`, one value per row, here with `unit` a GSO
 * commune code that existed in that year's list of units.
 *
 * Import checks the whole file first (the engine's parser and evaluation,
 * the units, existing assessments) and writes it in ONE transaction: one
 * assessment per (unit, year) with source 'imported', pinned to the year's
 * rule set (id + version), each row as a raw input, each indicator's
 * computed points, and the total and verdict. Any error: "FILE:LINE: ..."
 * (TC_EINPUT/TC_ECONFLICT) and nothing written.
 *
 * Export writes the stored raw inputs back as the same CSV in a canonical
 * order (unit code, then year, item, field in byte order), so export ->
 * import -> export is byte-identical.
 */
#ifndef TC_SCORES_H
#define TC_SCORES_H

#include <stddef.h>

#include "app/registry.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

typedef void (*scores_progress_fn)(long done, long total, void *ctx);

/* data has room for len + 1 bytes (tc_read_file); it is parsed in place.
 * replace: an existing assessment of the same unit and year is deleted
 * first (otherwise it is an error). *n = assessments written. */
int scores_import(struct store *st, const struct reg *reg, char *data, size_t len,
		  const char *name, int replace, const char *source,
		  scores_progress_fn progress, void *pctx, long *n, struct tc_err *err);

/* Appends the score CSV of the assessments of `year` (unit NULL = all;
 * scope restricts as in the store) to out. *n = assessments exported. */
int scores_export_input(struct store *st, int year, const char *unit,
			const struct store_scope *scope, struct buf *out, long *n,
			struct tc_err *err);

#endif
