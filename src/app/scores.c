/* scores.c — see scores.h. The engine's parser (core/scorecsv) validates
 * every row against the year's rule set and hands each accepted row back
 * (scsv_parse_rows), so the rows are kept exactly as written for the
 * store's input_value table from the same, single read of the file. */
#include "app/scores.h"

#include "core/score.h"
#include "core/scorecsv.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_UNIT, F_YEAR, F_ITEM, F_FIELD, F_VALUE };

/* One row as written (pointers into the parsed file) and its unit-year
 * (whose unit and year the batch keeps): 1.1 million of these for the
 * national file. */
struct raw {
	const char *item, *field, *value;
	long line;
	size_t sheet;
};

struct raws {
	struct raw *v;
	size_t n, cap;
};

struct resolver {
	const struct reg *reg;
};

static const struct rs_ruleset *resolve(void *ctx, int year, struct tc_err *err)
{
	const struct resolver *rv = ctx;
	const struct rs_ruleset *rs = reg_for_year(rv->reg, year);
	if (rs == NULL)
		tc_err_set(err, TC_EINPUT, "no rule set covers the year %d: fix the year", year);
	return rs;
}

static int raw_push(void *ctx, size_t sheet, const char *const *f, long line,
		    struct tc_err *err)
{
	struct raws *r = ctx;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct raw *v = tc_reallocarray(r->v, cap, sizeof *v);
		if (v == NULL)
			return tc_err_set(err, TC_ENOMEM, "out of memory reading scores");
		r->v = v;
		r->cap = cap;
	}
	if (r->n >= UINT32_MAX)
		return tc_err_set(err, TC_EINPUT, "more than %lu rows: split the file",
				  (unsigned long)UINT32_MAX);
	struct raw *w = &r->v[r->n++];
	w->item = f[F_ITEM];
	w->field = f[F_FIELD];
	w->value = f[F_VALUE];
	w->line = line;
	w->sheet = sheet;
	return 0;
}

/* The rows' indexes grouped by unit-year, in the order of each unit-year's
 * first row (the batch's sheet order) and, inside a group, in file order: a
 * stable counting sort on the sheet index. *first gets n_sheets + 1 offsets
 * into the returned array. */
static uint32_t *group_rows(const struct raws *r, size_t n_sheets, size_t **first,
			    struct tc_err *err)
{
	size_t *off = tc_calloc(n_sheets + 1, sizeof *off);
	uint32_t *out = tc_reallocarray(NULL, r->n + 1, sizeof *out);
	if (off == NULL || out == NULL) {
		tc_free(off);
		tc_free(out);
		tc_err_set(err, TC_ENOMEM, "out of memory grouping the rows");
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++)
		off[r->v[i].sheet + 1]++;
	for (size_t s = 0; s < n_sheets; s++)
		off[s + 1] += off[s];
	for (size_t i = 0; i < r->n; i++)
		out[off[r->v[i].sheet]++] = (uint32_t)i;
	for (size_t s = n_sheets; s > 0; s--) /* back to the starts */
		off[s] = off[s - 1];
	off[0] = 0;
	*first = off;
	return out;
}

/* ---- Writing one unit-year -------------------------------------------------- */

struct group {
	const struct raw *rows;   /* all of them */
	const uint32_t *idx;      /* this group's, in file order */
	size_t n;
	size_t sheet;
	const char *unit;
	int year;
	long line;                /* of its first row */
};

static const struct raw *row_at(const struct group *g, size_t i)
{
	return &g->rows[g->idx[i]];
}

/* The unit list in force in each year, looked up once per year. */
#define VINTAGE_CACHE 32

struct import_ctx {
	struct store *st;
	const struct scsv_batch *b;
	const char *source;
	const char *name;
	int replace;
	struct {
		int year;
		char vintage[8];
	} vint[VINTAGE_CACHE];
	size_t n_vint;
	struct store_input *in;        /* scratch, sized for the largest group */
	struct store_indicator *ind;
	size_t cap_in, cap_ind;
};

static const char *vintage_of(struct import_ctx *x, int year)
{
	for (size_t i = 0; i < x->n_vint; i++)
		if (x->vint[i].year == year)
			return x->vint[i].vintage;
	struct store_vintage v;
	struct tc_err e2;
	if (x->n_vint == VINTAGE_CACHE || store_vintage_for_year(x->st, year, &v, &e2) != 0)
		return NULL;
	x->vint[x->n_vint].year = year;
	snprintf(x->vint[x->n_vint].vintage, sizeof x->vint[0].vintage, "%s", v.id);
	return x->vint[x->n_vint++].vintage;
}

/* The group's commune as it was in its year (store_unit_at_year, with the
 * year's list remembered: one query per group instead of two). */
static int check_unit(struct import_ctx *x, const struct group *g, struct store_unit *u,
		      struct tc_err *err)
{
	const char *vintage = vintage_of(x, g->year);
	struct tc_err e2;
	/* on a miss, the slow path says precisely what is wrong */
	if ((vintage == NULL || store_unit_get(x->st, vintage, g->unit, u, &e2) != 0) &&
	    store_unit_at_year(x->st, g->unit, g->year, u, err) != 0) {
		if (err->code == TC_ENOTFOUND)
			err->code = TC_EINPUT;
		tc_err_prefix(err, "%s:%ld: ", x->name, g->line);
		return -1;
	}
	if (strcmp(u->level, "commune") != 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: unit %s is a %s (%s %s): scores are "
				  "per commune; use the commune's GSO code", x->name, g->line,
				  u->code, u->level, u->type, u->name);
	return 0;
}

/* The assessment row of a group in *a (total and verdict set later); an
 * existing one for the same unit and year is deleted with --replace, else
 * an error. */
static int make_assessment(struct import_ctx *x, const struct group *g,
			   const struct rs_ruleset *rs, struct store_assessment *a,
			   struct tc_err *err)
{
	struct tc_err e2;
	if (store_assessment_find(x->st, g->unit, g->year, NULL, a, &e2) == 0) {
		if (!x->replace)
			return tc_err_set(err, TC_ECONFLICT, "%s:%ld: unit %s already has an "
					  "assessment for %d: import with --replace to overwrite it",
					  x->name, g->line, g->unit, g->year);
		if (store_assessment_delete(x->st, a->id, a->version, err) != 0)
			return -1;
	}
	memset(a, 0, sizeof *a);
	a->year = g->year;
	snprintf(a->unit_code, sizeof a->unit_code, "%s", g->unit);
	snprintf(a->ruleset_id, sizeof a->ruleset_id, "%s", rs->id);
	snprintf(a->ruleset_version, sizeof a->ruleset_version, "%s", rs->version ? rs->version : "");
	snprintf(a->source, sizeof a->source, "%s", x->source);
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(row_at(g, i)->item, "commune_class") == 0)
			snprintf(a->commune_class, sizeof a->commune_class, "%s", row_at(g, i)->value);
	a->total = STORE_NO_PTS;
	a->recognised = -1;
	return 0;
}

/* Copies s (with its NUL) into a fixed field; -1 if it does not fit. */
static int put_fixed(char *dst, size_t n, const char *s)
{
	size_t l = strlen(s);
	if (l >= n)
		return -1;
	memcpy(dst, s, l + 1);
	return 0;
}

/* The group's rows as store inputs (validated lengths), in `in` (n rows). */
static int fill_inputs(const struct group *g, struct store_input *in, const char *name,
		       struct tc_err *err)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct raw *r = row_at(g, i);
		if (put_fixed(in[i].item, sizeof in->item, r->item) ||
		    put_fixed(in[i].field, sizeof in->field, r->field) ||
		    put_fixed(in[i].value, sizeof in->value, r->value))
			return tc_err_set(err, TC_EINPUT, "%s:%ld: item, field or value too long",
					  name, r->line);
	}
	return 0;
}

static size_t count_indicators(const struct sc_result *res)
{
	size_t n = 0;
	for (size_t c = 0; c < res->n_crits; c++)
		n += res->crits[c].n_items ? res->crits[c].n_items : 1;
	return n;
}

/* Only the fields the store reads: the comment is 1 KiB and there are a
 * million of these on the national file. */
static void set_indicator(struct store_indicator *v, const char *code, tc_pts p)
{
	snprintf(v->item, sizeof v->item, "%s", code);
	v->computed = p;
	v->self = STORE_NO_PTS;
	v->reviewed = STORE_NO_PTS;
	v->comment[0] = '\0';
	v->official_id = 0;
}

/* The engine's result: each indicator's (or whole criterion's) points, in
 * `v` (count_indicators(res) entries). */
static void fill_indicators(const struct sc_result *res, struct store_indicator *v)
{
	size_t k = 0;
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		if (cr->n_items == 0)
			set_indicator(&v[k++], cr->crit->code, cr->points);
		for (size_t i = 0; i < cr->n_items; i++)
			set_indicator(&v[k++], cr->items[i].item->code, cr->items[i].points);
	}
}

/* Scratch arrays big enough for n inputs and m indicators (kept between
 * groups: one allocation for the whole file, not two per commune-year). */
static int reserve(struct import_ctx *x, size_t n, size_t m, struct tc_err *err)
{
	if (n > x->cap_in) {
		struct store_input *in = tc_reallocarray(x->in, n, sizeof *in);
		if (in == NULL)
			return tc_err_set(err, TC_ENOMEM, "%s: out of memory", x->name);
		x->in = in;
		x->cap_in = n;
	}
	if (m > x->cap_ind) {
		struct store_indicator *v = tc_reallocarray(x->ind, m, sizeof *v);
		if (v == NULL)
			return tc_err_set(err, TC_ENOMEM, "%s: out of memory", x->name);
		x->ind = v;
		x->cap_ind = m;
	}
	return 0;
}

/* The assessment with its inputs, indicator values, total and verdict: one
 * store_assessment_import call (one audit entry for all of it, not one per
 * row: that made the import ~100x slower than the data, bench/README.md). */
static int put_assessment(struct import_ctx *x, struct store_assessment *a,
			  const struct store_unit *u, const struct group *g,
			  const struct sc_result *res, struct tc_err *err)
{
	size_t n_ind = count_indicators(res);
	if (reserve(x, g->n, n_ind, err) != 0 || fill_inputs(g, x->in, x->name, err) != 0)
		return -1;
	fill_indicators(res, x->ind);
	a->total = res->total;
	a->recognised = res->recognised ? 1 : 0;
	if (store_assessment_import(x->st, a, u, x->in, g->n, x->ind, n_ind, &a->id, err) != 0) {
		tc_err_prefix(err, "%s:%ld: ", x->name, g->line);
		return -1;
	}
	return 0;
}

static int write_group(struct import_ctx *x, const struct group *g, struct tc_err *err)
{
	struct store_unit u;
	if (check_unit(x, g, &u, err) != 0)
		return -1;
	struct store_assessment a;
	if (make_assessment(x, g, scsv_ruleset(x->b, g->sheet), &a, err) != 0)
		return -1;
	long line = 0;
	/* no explanations: the store keeps the points, not their wording */
	struct sc_result *res = sc_evaluate_opt(scsv_sheet(x->b, g->sheet), 0, &line, err);
	if (res == NULL) {
		if (line > 0)
			tc_err_prefix(err, "%s:%ld: ", x->name, line);
		return -1;
	}
	int rc = put_assessment(x, &a, &u, g, res, err);
	sc_result_free(res);
	return rc;
}

/* Writes the groups in the order of their first row, so the first error
 * reported is the first in the file; all in one transaction. */
static int write_all(struct import_ctx *x, const struct raw *rows, const uint32_t *order,
		     const size_t *first,
		     scores_progress_fn progress, void *pctx, long *n, struct tc_err *err)
{
	size_t ng = scsv_count(x->b);
	int rc = store_begin(x->st, err);
	for (size_t k = 0; rc == 0 && k < ng; k++) {
		struct group g = {rows, &order[first[k]], first[k + 1] - first[k], k,
				  scsv_unit(x->b, k), scsv_year(x->b, k), rows[order[first[k]]].line};
		rc = write_group(x, &g, err);
		if (progress)
			progress((long)k + 1, (long)ng, pctx);
	}
	if (rc != 0) {
		store_rollback(x->st);
		return -1;
	}
	if (store_commit(x->st, err) != 0)
		return -1;
	*n = (long)ng;
	return 0;
}

int scores_import(struct store *st, const struct reg *reg, char *data, size_t len,
		  const char *name, int replace, const char *source,
		  scores_progress_fn progress, void *pctx, long *n, struct tc_err *err)
{
	struct raws r = {0};
	struct resolver rv = {reg};
	struct import_ctx x = {.st = st, .source = source ? source : "imported", .name = name,
			       .replace = replace};
	uint32_t *order = NULL;
	size_t *first = NULL;
	long done = 0;
	struct scsv_batch *b = scsv_parse_rows(data, len, name, resolve, &rv, raw_push, &r, err);
	x.b = b;
	int rc = b ? 0 : -1;
	if (rc == 0 && r.n == 0)
		rc = tc_err_set(err, TC_EINPUT, "%s: no rows after the header: nothing to import", name);
	if (rc == 0 && (order = group_rows(&r, scsv_count(x.b), &first, err)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = write_all(&x, r.v, order, first, progress, pctx, &done, err);
	if (rc == 0 && n)
		*n = done;
	tc_free(r.v);
	tc_free(order);
	tc_free(first);
	tc_free(x.in);
	tc_free(x.ind);
	scsv_free(b);
	return rc;
}

/* ---- Export ------------------------------------------------------------------ */

static void put_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

struct export_ctx {
	struct store *st;
	struct buf *out;
	const char *unit;
	long n;
	struct tc_err *err;
	int failed;
	const struct store_assessment *a;
};

static int input_row(const struct store_input *in, void *ctx)
{
	struct export_ctx *x = ctx;
	put_field(x->out, x->a->unit_code);
	buf_printf(x->out, ",%d,", x->a->year);
	put_field(x->out, in->item);
	buf_putc(x->out, ',');
	put_field(x->out, in->field);
	buf_putc(x->out, ',');
	put_field(x->out, in->value);
	buf_putc(x->out, '\n');
	return 0;
}

static int assessment_rows(const struct store_assessment *a, void *ctx)
{
	struct export_ctx *x = ctx;
	if (x->unit && strcmp(a->unit_code, x->unit) != 0)
		return 0;
	x->a = a;
	x->n++;
	if (store_input_list(x->st, a->id, input_row, x, x->err) != 0) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

int scores_export_input(struct store *st, int year, const char *unit,
			const struct store_scope *scope, struct buf *out, long *n,
			struct tc_err *err)
{
	struct export_ctx x = {st, out, unit, 0, err, 0, NULL};
	buf_puts(out, "unit,year,item,field,value\n");
	if (store_assessment_list(st, year, scope, assessment_rows, &x, err) != 0 || x.failed)
		return -1;
	if (buf_failed(out))
		return tc_err_set(err, TC_ENOMEM, "out of memory building the export");
	if (n)
		*n = x.n;
	return 0;
}
