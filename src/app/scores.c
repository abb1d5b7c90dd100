/* scores.c — see scores.h. The engine's parser (core/scorecsv) validates
 * every row against the year's rule set; a second, raw read of a pristine
 * copy keeps each row as written, for the store's input_value table. */
#include "app/scores.h"

#include "core/score.h"
#include "core/scorecsv.h"
#include "util/csv.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_UNIT, F_YEAR, F_ITEM, F_FIELD, F_VALUE };

struct raw {
	char *f[5];
	long line;
	int year;
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

static int raw_push(struct raws *r, char **f, long line, struct tc_err *err)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct raw *v = tc_reallocarray(r->v, cap, sizeof *v);
		if (v == NULL)
			return tc_err_set(err, TC_ENOMEM, "out of memory reading scores");
		r->v = v;
		r->cap = cap;
	}
	struct raw *w = &r->v[r->n++];
	memcpy(w->f, f, sizeof w->f);
	w->line = line;
	w->year = (int)strtol(f[F_YEAR], NULL, 10); /* validated by the engine's parser */
	return 0;
}

/* Reads the rows as written (the engine's parser already accepted the file). */
static int read_raw(char *copy, size_t len, const char *name, struct raws *r,
		    struct tc_err *err)
{
	struct csv_reader *cr = csv_open(copy, len, name, err);
	if (cr == NULL)
		return -1;
	char **f;
	size_t n;
	int rc = csv_next(cr, &f, &n, err); /* header */
	while (rc > 0 && (rc = csv_next(cr, &f, &n, err)) > 0) {
		if (n != 5) {
			rc = tc_err_set(err, TC_EINPUT, "%s:%ld: 5 fields expected", name, csv_line(cr));
			break;
		}
		if (raw_push(r, f, csv_line(cr), err) != 0) {
			rc = -1;
			break;
		}
	}
	csv_close(cr);
	return rc < 0 ? -1 : 0;
}

static int cmp_unit_year(const char *ua, int ya, const char *ub, int yb)
{
	int c = strcmp(ua, ub);
	return c ? c : (ya > yb) - (ya < yb);
}

static int cmp_raw(const void *a, const void *b)
{
	const struct raw *x = a, *y = b;
	int c = cmp_unit_year(x->f[F_UNIT], x->year, y->f[F_UNIT], y->year);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static const struct scsv_batch *g_batch; /* qsort context: set only around the sort */

static int cmp_sheet(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return cmp_unit_year(scsv_unit(g_batch, i), scsv_year(g_batch, i), scsv_unit(g_batch, j),
			     scsv_year(g_batch, j));
}

/* ---- Writing one unit-year -------------------------------------------------- */

struct group {
	const struct raw *rows;
	size_t n;
	size_t sheet;
};

static int check_unit(struct store *st, const struct group *g, const char *name,
		      struct tc_err *err)
{
	struct store_unit u;
	const struct raw *r = &g->rows[0];
	if (store_unit_at_year(st, r->f[F_UNIT], r->year, &u, err) != 0) {
		if (err->code == TC_ENOTFOUND)
			err->code = TC_EINPUT;
		tc_err_prefix(err, "%s:%ld: ", name, r->line);
		return -1;
	}
	if (strcmp(u.level, "commune") != 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: unit %s is a %s (%s %s): scores are "
				  "per commune; use the commune's GSO code", name, r->line, u.code,
				  u.level, u.type, u.name);
	return 0;
}

/* The assessment row of a group in *a (total and verdict set later); an
 * existing one for the same unit and year is deleted with --replace, else
 * an error. */
static int make_assessment(struct store *st, const struct group *g,
			   const struct rs_ruleset *rs, const char *source, int replace,
			   const char *name, struct store_assessment *a, struct tc_err *err)
{
	const struct raw *r = &g->rows[0];
	struct tc_err e2;
	if (store_assessment_find(st, r->f[F_UNIT], r->year, NULL, a, &e2) == 0) {
		if (!replace)
			return tc_err_set(err, TC_ECONFLICT, "%s:%ld: unit %s already has an "
					  "assessment for %d: import with --replace to overwrite it",
					  name, r->line, r->f[F_UNIT], r->year);
		if (store_assessment_delete(st, a->id, a->version, err) != 0)
			return -1;
	}
	memset(a, 0, sizeof *a);
	a->year = r->year;
	snprintf(a->unit_code, sizeof a->unit_code, "%s", r->f[F_UNIT]);
	snprintf(a->ruleset_id, sizeof a->ruleset_id, "%s", rs->id);
	snprintf(a->ruleset_version, sizeof a->ruleset_version, "%s", rs->version ? rs->version : "");
	snprintf(a->source, sizeof a->source, "%s", source);
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->rows[i].f[F_ITEM], "commune_class") == 0)
			snprintf(a->commune_class, sizeof a->commune_class, "%s", g->rows[i].f[F_VALUE]);
	a->total = STORE_NO_PTS;
	a->recognised = -1;
	return 0;
}

/* The group's rows as store inputs (validated lengths), in `in` (n rows). */
static int fill_inputs(const struct group *g, struct store_input *in, const char *name,
		       struct tc_err *err)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct raw *r = &g->rows[i];
		size_t li = strlen(r->f[F_ITEM]), lf = strlen(r->f[F_FIELD]), lv = strlen(r->f[F_VALUE]);
		if (li >= sizeof in->item || lf >= sizeof in->field || lv >= sizeof in->value)
			return tc_err_set(err, TC_EINPUT, "%s:%ld: item, field or value too long",
					  name, r->line);
		memset(&in[i], 0, sizeof in[i]);
		memcpy(in[i].item, r->f[F_ITEM], li + 1);
		memcpy(in[i].field, r->f[F_FIELD], lf + 1);
		memcpy(in[i].value, r->f[F_VALUE], lv + 1);
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

static void set_indicator(struct store_indicator *v, const char *code, tc_pts p)
{
	memset(v, 0, sizeof *v);
	snprintf(v->item, sizeof v->item, "%s", code);
	v->computed = p;
	v->self = STORE_NO_PTS;
	v->reviewed = STORE_NO_PTS;
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

/* The assessment with its inputs, indicator values, total and verdict: one
 * store_assessment_import call (one audit entry for all of it, not one per
 * row: that made the import ~100x slower than the data, bench/README.md). */
static int put_assessment(struct store *st, struct store_assessment *a, const struct group *g,
			  const struct sc_result *res, const char *name, struct tc_err *err)
{
	size_t n_ind = count_indicators(res);
	struct store_input *in = tc_reallocarray(NULL, g->n, sizeof *in);
	struct store_indicator *v = tc_reallocarray(NULL, n_ind + 1, sizeof *v);
	int rc = in && v ? 0 : tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
	if (rc == 0)
		rc = fill_inputs(g, in, name, err);
	if (rc == 0) {
		fill_indicators(res, v);
		a->total = res->total;
		a->recognised = res->recognised ? 1 : 0;
		rc = store_assessment_import(st, a, in, g->n, v, n_ind, &a->id, err);
		if (rc != 0)
			tc_err_prefix(err, "%s:%ld: ", name, g->rows[0].line);
	}
	tc_free(in);
	tc_free(v);
	return rc;
}

static int write_group(struct store *st, const struct scsv_batch *b, const struct group *g,
		       const char *source, int replace, const char *name, struct tc_err *err)
{
	if (check_unit(st, g, name, err) != 0)
		return -1;
	struct store_assessment a;
	if (make_assessment(st, g, scsv_ruleset(b, g->sheet), source, replace, name, &a, err) != 0)
		return -1;
	long line = 0;
	struct sc_result *res = sc_evaluate(scsv_sheet(b, g->sheet), &line, err);
	if (res == NULL) {
		if (line > 0)
			tc_err_prefix(err, "%s:%ld: ", name, line);
		return -1;
	}
	int rc = put_assessment(st, &a, g, res, name, err);
	sc_result_free(res);
	return rc;
}

static int cmp_group_line(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return (x->rows[0].line > y->rows[0].line) - (x->rows[0].line < y->rows[0].line);
}

/* Groups the sorted rows by unit-year (pairing each with its sheet, sorted
 * the same way), then writes them in file order, so the first error
 * reported is the first in the file. */
static struct group *make_groups(const struct scsv_batch *b, const size_t *order,
				 const struct raws *r, size_t *ng, const char *name,
				 struct tc_err *err)
{
	size_t count = scsv_count(b), s = 0;
	struct group *gs = tc_reallocarray(NULL, count + 1, sizeof *gs);
	if (gs == NULL) {
		tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	for (size_t i = 0; i < r->n; s++) {
		struct group g = {&r->v[i], 1, s < count ? order[s] : 0};
		while (i + g.n < r->n && cmp_unit_year(r->v[i + g.n].f[F_UNIT], r->v[i + g.n].year,
						       g.rows[0].f[F_UNIT], g.rows[0].year) == 0)
			g.n++;
		if (s >= count || strcmp(scsv_unit(b, g.sheet), g.rows[0].f[F_UNIT]) != 0 ||
		    scsv_year(b, g.sheet) != g.rows[0].year) {
			tc_free(gs);
			tc_err_set(err, TC_EINTERNAL, "%s: rows and sheets disagree (bug)", name);
			return NULL;
		}
		gs[s] = g;
		i += g.n;
	}
	qsort(gs, s, sizeof *gs, cmp_group_line);
	*ng = s;
	return gs;
}

static int write_all(struct store *st, const struct scsv_batch *b, const size_t *order,
		     const struct raws *r, const char *source, int replace, const char *name,
		     scores_progress_fn progress, void *pctx, long *n, struct tc_err *err)
{
	size_t ng = 0;
	struct group *gs = make_groups(b, order, r, &ng, name, err);
	if (gs == NULL)
		return -1;
	int rc = store_begin(st, err);
	for (size_t k = 0; rc == 0 && k < ng; k++) {
		rc = write_group(st, b, &gs[k], source, replace, name, err);
		if (progress)
			progress((long)k + 1, (long)ng, pctx);
	}
	tc_free(gs);
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) != 0)
		return -1;
	*n = (long)ng;
	return 0;
}

int scores_import(struct store *st, const struct reg *reg, char *data, size_t len,
		  const char *name, int replace, const char *source,
		  scores_progress_fn progress, void *pctx, long *n, struct tc_err *err)
{
	char *copy = tc_malloc(len + 1);
	if (copy == NULL)
		return tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
	memcpy(copy, data, len + 1);
	struct raws r = {0};
	size_t *order = NULL;
	long done = 0;
	struct resolver rv = {reg};
	struct scsv_batch *b = scsv_parse(data, len, name, resolve, &rv, err);
	int rc = b ? read_raw(copy, len, name, &r, err) : -1;
	if (rc == 0 && r.n == 0)
		rc = tc_err_set(err, TC_EINPUT, "%s: no rows after the header: nothing to import", name);
	if (rc == 0 && (order = tc_reallocarray(NULL, scsv_count(b) + 1, sizeof *order)) == NULL)
		rc = tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
	if (rc == 0) {
		qsort(r.v, r.n, sizeof *r.v, cmp_raw);
		for (size_t i = 0; i < scsv_count(b); i++)
			order[i] = i;
		g_batch = b;
		qsort(order, scsv_count(b), sizeof *order, cmp_sheet);
		g_batch = NULL;
		rc = write_all(st, b, order, &r, source ? source : "imported", replace, name,
			       progress, pctx, &done, err);
	}
	if (rc == 0 && n)
		*n = done;
	tc_free(order);
	tc_free(r.v);
	scsv_free(b);
	tc_free(copy);
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
