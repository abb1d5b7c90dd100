/* scorecsv.c — see scorecsv.h. */
#include "core/scorecsv.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/csv.h"
#include "util/mem.h"

struct unit_year {
	const char *unit;     /* borrowed from the CSV buffer */
	int year;
	uint32_t hash;
	const struct rs_ruleset *rs;
	struct sc_sheet *sheet;
};

struct lay_ref {
	const struct rs_ruleset *rs;
	struct sc_layout *lay;
};

struct scsv_batch {
	struct unit_year *uy;
	size_t n, cap;
	uint32_t *index;      /* uy index + 1; 0 empty; size index_mask + 1 */
	size_t index_mask;
	struct lay_ref *lays;
	size_t n_lays;
	size_t last;          /* the previous row's unit-year (rows come grouped) */
	/* The sheets live in zeroed chunks of SHEET_CHUNK bytes (one calloc per
	 * ~300 sheets instead of one per sheet), all freed by scsv_free. */
	void **chunks;
	size_t n_chunks;
	char *free_at;        /* next free byte of the last chunk */
	size_t free_left;
};

#define SHEET_CHUNK ((size_t)1 << 20)

static uint32_t hash_uy(const char *unit, int year)
{
	uint32_t h = 2166136261u ^ (uint32_t)year;
	for (; *unit; unit++)
		h = (h ^ (unsigned char)*unit) * 16777619u;
	return h;
}

static int oom(struct tc_err *err)
{
	return tc_err_set(err, TC_ENOMEM, "out of memory reading the score file");
}

static int grow_index(struct scsv_batch *b, struct tc_err *err)
{
	size_t size = b->index ? 2 * (b->index_mask + 1) : 64;
	uint32_t *ix = tc_calloc(size, sizeof *ix);
	if (ix == NULL)
		return oom(err);
	for (size_t i = 0; i < b->n; i++) {
		size_t h = b->uy[i].hash & (size - 1);
		while (ix[h] != 0)
			h = (h + 1) & (size - 1);
		ix[h] = (uint32_t)(i + 1);
	}
	tc_free(b->index);
	b->index = ix;
	b->index_mask = size - 1;
	return 0;
}

static const struct sc_layout *layout_for(struct scsv_batch *b, const struct rs_ruleset *rs,
					  struct tc_err *err)
{
	for (size_t i = 0; i < b->n_lays; i++)
		if (b->lays[i].rs == rs)
			return b->lays[i].lay;
	struct lay_ref *l = tc_reallocarray(b->lays, b->n_lays + 1, sizeof *l);
	if (l == NULL) {
		oom(err);
		return NULL;
	}
	b->lays = l;
	struct sc_layout *lay = sc_layout_new(rs, err);
	if (lay == NULL)
		return NULL;
	b->lays[b->n_lays].rs = rs;
	b->lays[b->n_lays++].lay = lay;
	return lay;
}

/* A zeroed, aligned sheet of `lay` from the current chunk (or a new one). */
static struct sc_sheet *sheet_alloc(struct scsv_batch *b, const struct sc_layout *lay,
				    struct tc_err *err)
{
	size_t al = _Alignof(max_align_t);
	size_t need = (sc_sheet_size(lay) + al - 1) / al * al;
	if (need > b->free_left) {
		size_t size = need > SHEET_CHUNK ? need : SHEET_CHUNK;
		void **cs = tc_reallocarray(b->chunks, b->n_chunks + 1, sizeof *cs);
		if (cs == NULL) {
			oom(err);
			return NULL;
		}
		b->chunks = cs;
		void *c = tc_calloc(1, size);
		if (c == NULL) {
			oom(err);
			return NULL;
		}
		b->chunks[b->n_chunks++] = c;
		b->free_at = c;
		b->free_left = size;
	}
	struct sc_sheet *sh = sc_sheet_place(b->free_at, lay);
	b->free_at += need;
	b->free_left -= need;
	return sh;
}

static int parse_year(const char *s, int *year, struct tc_err *err)
{
	long v = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || n > 4)
			return tc_err_set(err, TC_EINPUT, "year '%s' is not a year (write four "
					  "digits, e.g. 2018)", s);
		v = v * 10 + (s[i] - '0');
	}
	if (n == 0 || v < 1900 || v > 2200)
		return tc_err_set(err, TC_EINPUT, "year '%s' is not a year (write four digits, "
				  "e.g. 2018)", s);
	*year = (int)v;
	return 0;
}

/* Adds a new unit-year with its sheet; returns its index or -1. */
static long add_unit_year(struct scsv_batch *b, const char *unit, int year, uint32_t h,
			  scsv_resolve_fn resolve, void *ctx, struct tc_err *err)
{
	const struct rs_ruleset *rs = resolve(ctx, year, err);
	if (rs == NULL)
		return -1;
	const struct sc_layout *lay = layout_for(b, rs, err);
	if (lay == NULL)
		return -1;
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		struct unit_year *uy = tc_reallocarray(b->uy, cap, sizeof *uy);
		if (uy == NULL)
			return oom(err);
		b->uy = uy;
		b->cap = cap;
	}
	if (2 * (b->n + 1) > b->index_mask + 1 && grow_index(b, err) != 0)
		return -1;
	struct sc_sheet *sh = sheet_alloc(b, lay, err);
	if (sh == NULL)
		return -1;
	b->uy[b->n] = (struct unit_year){unit, year, h, rs, sh};
	size_t i = h & b->index_mask;
	while (b->index[i] != 0)
		i = (i + 1) & b->index_mask;
	b->index[i] = (uint32_t)(b->n + 1);
	return (long)b->n++;
}

static long find_unit_year(struct scsv_batch *b, const char *unit, int year,
			   scsv_resolve_fn resolve, void *ctx, struct tc_err *err)
{
	if (b->n > 0 && b->uy[b->last].year == year && strcmp(b->uy[b->last].unit, unit) == 0)
		return (long)b->last;
	uint32_t h = hash_uy(unit, year);
	for (size_t i = h & b->index_mask; b->index != NULL; i = (i + 1) & b->index_mask) {
		uint32_t v = b->index[i];
		if (v == 0)
			break;
		const struct unit_year *u = &b->uy[v - 1];
		if (u->hash == h && u->year == year && strcmp(u->unit, unit) == 0)
			return (long)(v - 1);
	}
	return add_unit_year(b, unit, year, h, resolve, ctx, err);
}

static int check_header(struct csv_reader *r, struct tc_err *err)
{
	static const char *const want[] = {"unit", "year", "item", "field", "value"};
	char **f;
	size_t n;
	int rc = csv_next(r, &f, &n, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return tc_err_set(err, TC_EINPUT, "%s:1: empty file: the first line must be the "
				  "header unit,year,item,field,value", csv_name(r));
	bool ok = n == 5;
	for (size_t i = 0; ok && i < 5; i++)
		ok = strcmp(f[i], want[i]) == 0;
	if (!ok)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: bad header: the first line must be "
				  "exactly unit,year,item,field,value", csv_name(r), csv_line(r));
	return 0;
}

struct row_cb {
	scsv_row_fn fn;
	void *ctx;
};

static int read_row(struct scsv_batch *b, struct csv_reader *r, char **f, size_t n,
		    scsv_resolve_fn resolve, void *ctx, const struct row_cb *cb,
		    struct tc_err *err)
{
	int year = 0;
	if (n != 5)
		return tc_err_set(err, TC_EINPUT, "expected 5 fields (unit,year,item,field,value), "
				  "found %zu", n);
	if (f[0][0] == '\0')
		return tc_err_set(err, TC_EINPUT, "the unit is empty: name the commune");
	if (parse_year(f[1], &year, err) != 0)
		return -1;
	long i = find_unit_year(b, f[0], year, resolve, ctx, err);
	if (i < 0)
		return -1;
	b->last = (size_t)i;
	if (sc_sheet_set(b->uy[i].sheet, f[2], f[3], f[4], csv_line(r), err) != 0)
		return -1;
	if (cb->fn != NULL && cb->fn(cb->ctx, (size_t)i, (const char *const *)f, csv_line(r), err) != 0)
		return -1;
	return 0;
}

struct scsv_batch *scsv_parse(char *data, size_t len, const char *name,
			      scsv_resolve_fn resolve, void *ctx, struct tc_err *err)
{
	return scsv_parse_rows(data, len, name, resolve, ctx, NULL, NULL, err);
}

struct scsv_batch *scsv_parse_rows(char *data, size_t len, const char *name,
				   scsv_resolve_fn resolve, void *ctx, scsv_row_fn row,
				   void *row_ctx, struct tc_err *err)
{
	struct row_cb cb = {row, row_ctx};
	struct scsv_batch *b = tc_calloc(1, sizeof *b);
	if (b == NULL) {
		oom(err);
		return NULL;
	}
	struct csv_reader *r = csv_open(data, len, name, err);
	if (r == NULL || check_header(r, err) != 0)
		goto fail;
	for (;;) {
		char **f;
		size_t n;
		int rc = csv_next(r, &f, &n, err);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			break;
		if (read_row(b, r, f, n, resolve, ctx, &cb, err) != 0) {
			if (err != NULL && err->code != TC_ENOMEM)
				tc_err_prefix(err, "%s:%ld: ", name, csv_line(r));
			goto fail;
		}
	}
	csv_close(r);
	return b;
fail:
	csv_close(r);
	scsv_free(b);
	return NULL;
}

void scsv_free(struct scsv_batch *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n_chunks; i++)
		tc_free(b->chunks[i]);
	tc_free(b->chunks);
	for (size_t i = 0; i < b->n_lays; i++)
		sc_layout_free(b->lays[i].lay);
	tc_free(b->uy);
	tc_free(b->index);
	tc_free(b->lays);
	tc_free(b);
}

size_t scsv_count(const struct scsv_batch *b)
{
	return b->n;
}

const char *scsv_unit(const struct scsv_batch *b, size_t i)
{
	return b->uy[i].unit;
}

int scsv_year(const struct scsv_batch *b, size_t i)
{
	return b->uy[i].year;
}

const struct sc_sheet *scsv_sheet(const struct scsv_batch *b, size_t i)
{
	return b->uy[i].sheet;
}

const struct rs_ruleset *scsv_ruleset(const struct scsv_batch *b, size_t i)
{
	return b->uy[i].rs;
}
