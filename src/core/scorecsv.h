/* scorecsv.h — the score CSV: rows "unit,year,item,field,value" into
 * per-unit-year score sheets.
 *
 * Format (the contract of `tiepcan score`, see tests/cases/README.md):
 * UTF-8 (BOM and CRLF tolerated), header exactly `unit,year,item,field,value`,
 * then one value per row (see sc_sheet_set for item/field/value). `unit` is
 * free text (not empty); `year` a whole number 1900..2200. Rows of the same
 * (unit, year) may be anywhere in the file; sheets come back in the order of
 * each unit-year's first row. Every error reads "NAME:LINE: what is wrong".
 *
 * Pure: the caller reads the file and supplies the rule set of each year
 * through `resolve` (the registry lives in src/app). Memory: sheets are
 * carved from zeroed 1 MiB chunks (not one allocation each), one layout per
 * rule set used, tables grown by doubling; unit names are not copied.
 *
 * Owner: scsv_parse() returns a batch the caller frees with scsv_free(). The
 * batch BORROWS `data` (unit names point into it, as the CSV reader parses
 * in place) and the rule sets: both must outlive it.
 */
#ifndef TC_SCORECSV_H
#define TC_SCORECSV_H

#include <stddef.h>

#include "core/ruleset.h"
#include "core/score.h"
#include "util/err.h"

struct scsv_batch; /* opaque */

/* The rule set for `year`, or NULL with err set (message without file:line;
 * the parser prefixes the line of the row that asked). */
typedef const struct rs_ruleset *(*scsv_resolve_fn)(void *ctx, int year,
						     struct tc_err *err);

/* data must have room for len + 1 bytes (tc_read_file buffers do). `name`
 * is used in messages ("-" for standard input). */
struct scsv_batch *scsv_parse(char *data, size_t len, const char *name,
			      scsv_resolve_fn resolve, void *ctx, struct tc_err *err);
void scsv_free(struct scsv_batch *b);

/* Called for every data row once the engine accepted it: `sheet` is the
 * index of its unit-year (as in scsv_unit etc.), f[0..4] its five fields
 * (in `data`, valid as long as it is), `line` its line. Return 0, or -1
 * with err set to stop the parse (which then fails with that error, with
 * "NAME:LINE: " prefixed unless TC_ENOMEM). */
typedef int (*scsv_row_fn)(void *ctx, size_t sheet, const char *const *f, long line,
			   struct tc_err *err);

/* scsv_parse() that also hands each row to `row` (NULL: none), so that a
 * caller who keeps the rows as written (the store import) reads the file
 * once. */
struct scsv_batch *scsv_parse_rows(char *data, size_t len, const char *name,
				   scsv_resolve_fn resolve, void *ctx, scsv_row_fn row,
				   void *row_ctx, struct tc_err *err);

size_t scsv_count(const struct scsv_batch *b);
const char *scsv_unit(const struct scsv_batch *b, size_t i);
int scsv_year(const struct scsv_batch *b, size_t i);
const struct sc_sheet *scsv_sheet(const struct scsv_batch *b, size_t i);
const struct rs_ruleset *scsv_ruleset(const struct scsv_batch *b, size_t i);

#endif
