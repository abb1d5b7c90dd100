/* units.c — see units.h. Validation happens on the whole file in memory
 * (rows point into the caller's buffer), then one transaction writes it. */
#include "app/units.h"

#include "app/embedded.h"
#include "util/csv.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_HEADER "code,name,type,level,parent_code"
#define MAP_HEADER "old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note"
#define MAX_ROWS 200000

/* One parsed row: fields point into the file buffer. */
struct row {
	char *f[8];
	long line;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

/* ---- Code index: open addressing over row indexes ---------------------- */

struct index {
	long *slot; /* -1 empty, else row index */
	size_t mask;
};

static size_t hash_code(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int index_init(struct index *ix, size_t n, struct tc_err *err)
{
	size_t cap = 64;
	while (cap < 2 * n)
		cap <<= 1;
	ix->slot = tc_reallocarray(NULL, cap, sizeof *ix->slot);
	if (ix->slot == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory indexing unit codes");
	for (size_t i = 0; i < cap; i++)
		ix->slot[i] = -1;
	ix->mask = cap - 1;
	return 0;
}

/* Row index with code `key` in column `col`, or -1. With insert >= 0, adds it
 * when absent (returns -1 then). */
static long index_find(struct index *ix, const struct rows *rs, int col, const char *key,
		       long insert)
{
	size_t i = hash_code(key) & ix->mask;
	while (ix->slot[i] >= 0) {
		if (strcmp(rs->v[ix->slot[i]].f[col], key) == 0)
			return ix->slot[i];
		i = (i + 1) & ix->mask;
	}
	if (insert >= 0)
		ix->slot[i] = insert;
	return -1;
}

/* ---- Reading ---------------------------------------------------------------- */

static int check_header(char **f, size_t n, const char *want, const char *name,
			struct tc_err *err)
{
	char got[512];
	size_t off = 0;
	got[0] = '\0';
	for (size_t i = 0; i < n && off < sizeof got; i++)
		off += (size_t)snprintf(got + off, sizeof got - off, "%s%s", i ? "," : "", f[i]);
	if (strcmp(got, want) == 0)
		return 0;
	return tc_err_set(err, TC_EINPUT, "%s:1: the header is '%.200s' but must be exactly "
			  "'%s': fix or add the header line (columns in that order)", name, got, want);
}

/* Reads every row of a CSV with exactly `ncol` columns after `header`. */
static int read_rows(char *data, size_t len, const char *name, const char *header,
		     size_t ncol, struct rows *rs, struct tc_err *err)
{
	struct csv_reader *r = csv_open(data, len, name, err);
	if (r == NULL)
		return -1;
	char **f;
	size_t n;
	int rc = csv_next(r, &f, &n, err);
	if (rc == 0)
		rc = tc_err_set(err, TC_EINPUT, "%s: the file is empty: it needs the header '%s' "
				"and one row per unit", name, header);
	else if (rc > 0)
		rc = check_header(f, n, header, name, err);
	while (rc == 0 && (rc = csv_next(r, &f, &n, err)) > 0) {
		rc = 0;
		if (n != ncol) {
			rc = tc_err_set(err, TC_EINPUT, "%s:%ld: %zu fields, expected %zu (%s): fix "
					"the row (quote fields that contain commas)", name,
					csv_line(r), n, ncol, header);
			break;
		}
		if (rs->n == MAX_ROWS) {
			rc = tc_err_set(err, TC_EINPUT, "%s: more than %d rows: this is not a list "
					"of units", name, MAX_ROWS);
			break;
		}
		if (rs->n == rs->cap) {
			size_t cap = rs->cap ? rs->cap * 2 : 1024;
			struct row *v = tc_reallocarray(rs->v, cap, sizeof *v);
			if (v == NULL) {
				rc = tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
				break;
			}
			rs->v = v;
			rs->cap = cap;
		}
		struct row *w = &rs->v[rs->n++];
		memcpy(w->f, f, ncol * sizeof *f);
		w->line = csv_line(r);
	}
	csv_close(r);
	return rc < 0 ? -1 : 0;
}

/* ---- Unit lists ------------------------------------------------------------ */

enum { C_CODE, C_NAME, C_TYPE, C_LEVEL, C_PARENT };

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int level_len(const char *level)
{
	if (strcmp(level, "province") == 0)
		return 2;
	if (strcmp(level, "district") == 0)
		return 3;
	if (strcmp(level, "commune") == 0)
		return 5;
	return 0;
}

static int type_ok(const char *level, const char *type, int tiers)
{
	static const char *const prov[] = {"Tỉnh", "Thành phố", NULL};
	static const char *const dist[] = {"Quận", "Huyện", "Thị xã", "Thành phố", NULL};
	static const char *const com3[] = {"Xã", "Phường", "Thị trấn", NULL};
	static const char *const com2[] = {"Xã", "Phường", "Đặc khu", NULL};
	const char *const *t = level[0] == 'p' ? prov : level[0] == 'd' ? dist
						    : tiers == 3   ? com3 : com2;
	for (; *t; t++)
		if (strcmp(*t, type) == 0)
			return 1;
	return 0;
}

/* Checks one row on its own (not its parent). */
static int check_unit_row(const struct row *w, int tiers, const char *name, struct tc_err *err)
{
	int len = level_len(w->f[C_LEVEL]);
	if (len == 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: level '%.40s' must be province, district "
				  "or commune", name, w->line, w->f[C_LEVEL]);
	if (tiers == 2 && len == 3)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: the list from 01/07/2025 has no districts: "
				  "remove the row or choose a three-tier --vintage", name, w->line);
	if (!all_digits(w->f[C_CODE], (size_t)len))
		return tc_err_set(err, TC_EINPUT, "%s:%ld: code '%.20s' of a %s must be %d digits "
				  "(GSO code, keep leading zeros: format the column as text)", name,
				  w->line, w->f[C_CODE], w->f[C_LEVEL], len);
	if (w->f[C_NAME][0] == '\0' || strlen(w->f[C_NAME]) >= sizeof ((struct store_unit *)0)->name)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: the name must be 1 to 127 bytes", name,
				  w->line);
	if (!type_ok(w->f[C_LEVEL], w->f[C_TYPE], tiers))
		return tc_err_set(err, TC_EINPUT, "%s:%ld: type '%.40s' is not a %s type of this "
				  "list (e.g. Tỉnh, Huyện, Xã, Phường%s)", name, w->line, w->f[C_TYPE],
				  w->f[C_LEVEL], tiers == 3 ? ", Thị trấn" : ", Đặc khu");
	return 0;
}

/* The parent must be in the file at the level above. */
static int check_parent(const struct row *w, const struct rows *rs, struct index *ix,
			int tiers, const char *name, struct tc_err *err)
{
	const char *lv = w->f[C_LEVEL], *p = w->f[C_PARENT];
	const char *want = lv[0] == 'p' ? NULL : lv[0] == 'd' ? "province"
					  : tiers == 3 ? "district" : "province";
	if (want == NULL) {
		if (p[0] != '\0')
			return tc_err_set(err, TC_EINPUT, "%s:%ld: a province has no parent: empty "
					  "the parent_code column", name, w->line);
		return 0;
	}
	long k = p[0] ? index_find(ix, rs, C_CODE, p, -1) : -1;
	if (k < 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: parent_code '%.20s' of %.20s is not a "
				  "unit of this file: add the %s or correct the code", name, w->line,
				  p, w->f[C_CODE], want);
	if (strcmp(rs->v[k].f[C_LEVEL], want) != 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: parent %.20s is a %s; a %s of this list "
				  "belongs to a %s", name, w->line, p, rs->v[k].f[C_LEVEL], lv, want);
	return 0;
}

static int validate_list(const struct rows *rs, struct index *ix, int tiers, const char *name,
			 struct tc_err *err)
{
	if (rs->n == 0)
		return tc_err_set(err, TC_EINPUT, "%s: no units after the header", name);
	if (index_init(ix, rs->n, err) != 0)
		return -1;
	for (size_t i = 0; i < rs->n; i++) {
		const struct row *w = &rs->v[i];
		if (check_unit_row(w, tiers, name, err) != 0)
			return -1;
		long k = index_find(ix, rs, C_CODE, w->f[C_CODE], (long)i);
		if (k >= 0)
			return tc_err_set(err, TC_EINPUT, "%s:%ld: code %s is already on line %ld: "
					  "remove the duplicate row", name, w->line, w->f[C_CODE],
					  rs->v[k].line);
	}
	for (size_t i = 0; i < rs->n; i++)
		if (check_parent(&rs->v[i], rs, ix, tiers, name, err) != 0)
			return -1;
	return 0;
}

/* Bounded copy (validated fields fit; cut otherwise). snprintf here cost a
 * tenth of a national load. */
static void put(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);
	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

/* Fills a store_unit from a validated row; province/district from parents. */
static void to_unit(const struct row *w, const struct rows *rs, struct index *ix,
		    const char *vintage, struct store_unit *u)
{
	put(u->vintage, sizeof u->vintage, vintage);
	put(u->code, sizeof u->code, w->f[C_CODE]);
	put(u->name, sizeof u->name, w->f[C_NAME]);
	put(u->type, sizeof u->type, w->f[C_TYPE]);
	put(u->level, sizeof u->level, w->f[C_LEVEL]);
	put(u->parent, sizeof u->parent, w->f[C_PARENT]);
	u->province[0] = u->district[0] = '\0';
	if (u->level[0] != 'c')
		return;
	const struct row *p = &rs->v[index_find(ix, rs, C_CODE, u->parent, -1)];
	if (p->f[C_LEVEL][0] == 'p') {
		put(u->province, sizeof u->province, p->f[C_CODE]);
	} else {
		put(u->province, sizeof u->province, p->f[C_PARENT]);
		put(u->district, sizeof u->district, p->f[C_CODE]);
	}
}

static int cmp_unit_code(const void *a, const void *b)
{
	return strcmp(((const struct store_unit *)a)->code, ((const struct store_unit *)b)->code);
}

/* Inserts in code order (the table's key order: appends are the cheapest
 * B-tree inserts; parents need not come first, the file was checked), in
 * chunks so the progress bar moves. */
static int insert_list(struct store *st, const struct rows *rs, struct index *ix,
		       const char *vintage, const char *name, units_progress_fn progress,
		       void *pctx, struct tc_err *err)
{
	struct store_unit *us = tc_reallocarray(NULL, rs->n, sizeof *us);
	if (us == NULL)
		return tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
	size_t n = rs->n;
	for (size_t i = 0; i < n; i++)
		to_unit(&rs->v[i], rs, ix, vintage, &us[i]);
	qsort(us, n, sizeof *us, cmp_unit_code);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i += 2048) {
		size_t k = n - i < 2048 ? n - i : 2048;
		rc = store_unit_insert_many(st, &us[i], k, err);
		if (progress)
			progress((long)(i + k), (long)n, pctx);
	}
	if (rc != 0) {
		/* The store's message starts "unit CODE ": find the row's line. */
		for (size_t i = 0; i < rs->n; i++) {
			const char *c = rs->v[i].f[C_CODE];
			size_t cl = strlen(c);
			if (strncmp(err->msg, "unit ", 5) == 0 && strncmp(err->msg + 5, c, cl) == 0 &&
			    (err->msg[5 + cl] == ' ' || err->msg[5 + cl] == ':')) {
				tc_err_prefix(err, "%s:%ld: ", name, rs->v[i].line);
				break;
			}
		}
	}
	tc_free(us);
	return rc;
}

/* Only when both lists are loaded. */
static int derive_same_code(struct store *st, struct tc_err *err)
{
	long a = store_unit_count(st, "2020-02", "province", err);
	long b = a > 0 ? store_unit_count(st, "2025-03", "province", err) : 0;
	if (a < 0 || b < 0)
		return -1;
	if (a == 0 || b == 0)
		return 0;
	long n;
	return store_lineage_derive_same_code(st, "2020-02", "2025-03", &n, err);
}

static int write_list(struct store *st, const char *vintage, const struct rows *rs,
		      struct index *ix, const char *name, const char *what,
		      units_progress_fn progress, void *pctx, struct tc_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	int rc = store_vintage_clear(st, vintage, err);
	if (rc == 0)
		rc = insert_list(st, rs, ix, vintage, name, progress, pctx, err);
	if (rc == 0)
		rc = derive_same_code(st, err);
	if (rc == 0)
		rc = store_audit_append(st, "import", "unit", vintage, NULL, what, err);
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int units_load_list(struct store *st, const char *vintage, char *data, size_t len,
		    const char *name, units_progress_fn progress, void *pctx, long *n,
		    struct tc_err *err)
{
	struct store_vintage v;
	if (store_vintage_get(st, vintage, &v, err) != 0)
		return -1;
	struct rows rs = {0};
	struct index ix = {0};
	int rc = read_rows(data, len, name, LIST_HEADER, 5, &rs, err);
	if (rc == 0)
		rc = validate_list(&rs, &ix, v.tiers, name, err);
	if (rc == 0) {
		char what[160];
		snprintf(what, sizeof what, "{\"file\":\"%.80s\",\"units\":%zu}", name, rs.n);
		for (char *q = what + 9; *q && q < what + 89; q++)
			if (*q == '"' && q[1] != ',')
				*q = '\''; /* keep the JSON valid whatever the name */
		rc = write_list(st, vintage, &rs, &ix, name, what, progress, pctx, err);
	}
	if (rc == 0 && n)
		*n = (long)rs.n;
	tc_free(ix.slot);
	tc_free(rs.v);
	return rc;
}

/* ---- Mapping ---------------------------------------------------------------- */

enum { M_OLD, M_OLDNAME, M_OLDLEVEL, M_NEW, M_NEWNAME, M_NEWPROV, M_REL, M_NOTE };

static int check_map_row(struct store *st, const struct row *w, const char *name,
			 struct tc_err *err)
{
	struct store_unit u;
	struct tc_err e2;
	const char *rel = w->f[M_REL];
	if (strcmp(rel, "full") != 0 && strcmp(rel, "partial") != 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: relation '%.20s' must be full or partial",
				  name, w->line, rel);
	if (store_unit_get(st, "2025-07", w->f[M_NEW], &u, &e2) != 0)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: new_code '%.20s' is not a unit of the "
				  "list from 01/07/2025: correct the code", name, w->line, w->f[M_NEW]);
	if (store_unit_get(st, "2025-03", w->f[M_OLD], &u, &e2) != 0 && w->f[M_NOTE][0] == '\0')
		return tc_err_set(err, TC_EINPUT, "%s:%ld: old_code '%.20s' is not a unit of the "
				  "list of 01/03/2025: correct it, or explain it in the note column",
				  name, w->line, w->f[M_OLD]);
	if (strlen(w->f[M_NOTE]) >= sizeof ((struct store_lineage *)0)->note)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: note longer than 255 bytes", name, w->line);
	return 0;
}

static int validate_map(struct store *st, const struct rows *rs, const char *name,
			struct tc_err *err)
{
	if (rs->n == 0)
		return tc_err_set(err, TC_EINPUT, "%s: no rows after the header", name);
	/* Duplicate (old, new) pairs: an index over keys "old>new". */
	struct index ix = {0};
	struct rows keys = {0};
	char (*kbuf)[32] = tc_reallocarray(NULL, rs->n, sizeof *kbuf);
	keys.v = tc_reallocarray(NULL, rs->n, sizeof *keys.v);
	int rc = (kbuf && keys.v) ? index_init(&ix, rs->n, err)
				  : tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
	for (size_t i = 0; rc == 0 && i < rs->n; i++) {
		const struct row *w = &rs->v[i];
		rc = check_map_row(st, w, name, err);
		snprintf(kbuf[i], sizeof kbuf[i], "%.12s>%.12s", w->f[M_OLD], w->f[M_NEW]);
		keys.v[i].f[0] = kbuf[i];
		keys.n = i + 1;
		long k = rc == 0 ? index_find(&ix, &keys, 0, kbuf[i], (long)i) : -1;
		if (k >= 0)
			rc = tc_err_set(err, TC_EINPUT, "%s:%ld: %s -> %s is already on line %ld: "
					"remove the duplicate row", name, w->line, w->f[M_OLD],
					w->f[M_NEW], rs->v[k].line);
	}
	tc_free(ix.slot);
	tc_free(keys.v);
	tc_free(kbuf);
	return rc;
}

static int write_map(struct store *st, const struct rows *rs, const char *name,
		     units_progress_fn progress, void *pctx, struct tc_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	int rc = store_lineage_clear(st, "2025-03", "2025-07", err);
	struct store_lineage l;
	for (size_t i = 0; rc == 0 && i < rs->n; i++) {
		const struct row *w = &rs->v[i];
		memset(&l, 0, sizeof l);
		memcpy(l.old_vintage, "2025-03", 8);
		memcpy(l.new_vintage, "2025-07", 8);
		snprintf(l.old_code, sizeof l.old_code, "%s", w->f[M_OLD]);
		snprintf(l.new_code, sizeof l.new_code, "%s", w->f[M_NEW]);
		snprintf(l.relation, sizeof l.relation, "%s", w->f[M_REL]);
		snprintf(l.note, sizeof l.note, "%s", w->f[M_NOTE]);
		rc = store_lineage_insert(st, &l, err);
		if (rc != 0)
			tc_err_prefix(err, "%s:%ld: ", name, w->line);
		if (progress && (i & 1023) == 0)
			progress((long)i, (long)rs->n, pctx);
	}
	if (rc == 0) {
		char what[64];
		snprintf(what, sizeof what, "{\"rows\":%zu}", rs->n);
		rc = store_audit_append(st, "import", "unit_lineage", "2025-03->2025-07", NULL, what, err);
	}
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	if (progress)
		progress((long)rs->n, (long)rs->n, pctx);
	return store_commit(st, err);
}

int units_load_mapping(struct store *st, char *data, size_t len, const char *name,
		       units_progress_fn progress, void *pctx, long *n, struct tc_err *err)
{
	long a = store_unit_count(st, "2025-03", NULL, err);
	long b = a < 0 ? -1 : store_unit_count(st, "2025-07", NULL, err);
	if (a < 0 || b < 0)
		return -1;
	if (a == 0 || b == 0)
		return tc_err_set(err, TC_EINPUT, "%s: load the lists 2025-03 and 2025-07 before "
				  "the mapping between them ('tiepcan import units FILE --vintage V')",
				  name);
	struct rows rs = {0};
	int rc = read_rows(data, len, name, MAP_HEADER, 8, &rs, err);
	if (rc == 0)
		rc = validate_map(st, &rs, name, err);
	if (rc == 0)
		rc = write_map(st, &rs, name, progress, pctx, err);
	if (rc == 0 && n)
		*n = (long)rs.n;
	tc_free(rs.v);
	return rc;
}

/* ---- Shipped data -------------------------------------------------------------- */

static int load_embedded(struct store *st, const char *vintage, const char *file,
			 units_progress_fn progress, void *pctx, struct tc_err *err)
{
	const struct embedded_file *f = embedded_find(file);
	if (f == NULL)
		return tc_err_set(err, TC_EINTERNAL, "%s is not embedded in this binary (build bug)", file);
	char *copy = tc_malloc(f->len + 1); /* parsed in place */
	if (copy == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory loading %s", file);
	memcpy(copy, f->data, f->len + 1);
	long n;
	int rc = vintage ? units_load_list(st, vintage, copy, f->len, file, progress, pctx, &n, err)
			 : units_load_mapping(st, copy, f->len, file, progress, pctx, &n, err);
	tc_free(copy);
	return rc;
}

int units_load_shipped(struct store *st, units_progress_fn progress, void *pctx,
		       struct tc_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	int rc = load_embedded(st, "2020-02", "data/vn-admin-units-2020-02.csv", progress, pctx, err);
	if (rc == 0)
		rc = load_embedded(st, "2025-03", "data/vn-admin-units-2024.csv", progress, pctx, err);
	if (rc == 0)
		rc = load_embedded(st, "2025-07", "data/vn-admin-units-2025.csv", progress, pctx, err);
	if (rc == 0)
		rc = load_embedded(st, NULL, "data/vn-admin-units-2025-mapping-detailed.csv",
				   progress, pctx, err);
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* ---- Resolving and lineage ----------------------------------------------- */

struct node {
	char vintage[8], code[8];
};

struct walk {
	struct node *q;          /* BFS queue of visited nodes */
	size_t n, cap;
	char (*codes)[8];        /* result codes */
	size_t n_codes;
	int succ;                /* direction */
	int failed;
};

static int walk_seen(const struct walk *w, const char *vintage, const char *code)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->q[i].vintage, vintage) == 0 && strcmp(w->q[i].code, code) == 0)
			return 1;
	return 0;
}

static void walk_code(struct walk *w, const char *code)
{
	for (size_t i = 0; i < w->n_codes; i++)
		if (strcmp(w->codes[i], code) == 0)
			return;
	char (*c)[8] = tc_reallocarray(w->codes, w->n_codes + 1, sizeof *c);
	if (c == NULL) {
		w->failed = 1;
		return;
	}
	w->codes = c;
	snprintf(c[w->n_codes++], 8, "%s", code);
}

static int walk_cb(const struct store_lineage *l, void *ctx)
{
	struct walk *w = ctx;
	const char *v = w->succ ? l->new_vintage : l->old_vintage;
	const char *c = w->succ ? l->new_code : l->old_code;
	/* A persisted code is the same unit: follow it, do not list it. */
	if (strcmp(l->relation, "same-code") != 0)
		walk_code(w, c);
	if (walk_seen(w, v, c))
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct node *q = tc_reallocarray(w->q, cap, sizeof *q);
		if (q == NULL) {
			w->failed = 1;
			return 1;
		}
		w->q = q;
		w->cap = cap;
	}
	snprintf(w->q[w->n].vintage, 8, "%s", v);
	snprintf(w->q[w->n].code, 8, "%s", c);
	w->n++;
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Transitive predecessors or successors of (vintage, code). */
static int walk_all(struct store *st, const struct store_unit *u, int succ, char (**codes)[8],
		    size_t *n, struct tc_err *err)
{
	struct walk w = {0};
	w.succ = succ;
	struct store_lineage start;
	memset(&start, 0, sizeof start);
	memcpy(start.relation, "same-code", 10);
	snprintf(start.new_vintage, 8, "%s", u->vintage);
	snprintf(start.old_vintage, 8, "%s", u->vintage);
	snprintf(start.new_code, 8, "%s", u->code);
	snprintf(start.old_code, 8, "%s", u->code);
	walk_cb(&start, &w);
	int rc = 0;
	for (size_t i = 0; rc == 0 && !w.failed && i < w.n && i < 10000; i++) {
		struct node nd = w.q[i];
		rc = succ ? store_lineage_successors(st, nd.vintage, nd.code, walk_cb, &w, err)
			  : store_lineage_predecessors(st, nd.vintage, nd.code, walk_cb, &w, err);
	}
	tc_free(w.q);
	if (rc == 0 && w.failed)
		rc = tc_err_set(err, TC_ENOMEM, "out of memory following lineage");
	if (rc != 0) {
		tc_free(w.codes);
		return -1;
	}
	if (w.n_codes)
		qsort(w.codes, w.n_codes, sizeof *w.codes, cmp_code);
	*codes = w.codes;
	*n = w.n_codes;
	return 0;
}

struct span {
	const struct store_unit *u;
	char from[11], to[11];
	int state; /* 0 before the unit, 1 in its run, 2 after */
};

static int same_unit(const struct store_unit *a, const struct store_unit *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->type, b->type) == 0 &&
	       strcmp(a->level, b->level) == 0 && strcmp(a->parent, b->parent) == 0;
}

/* Versions arrive oldest first; extends the period over identical
 * neighbours of the resolved version. */
static int span_cb(const struct store_unit *v, void *ctx)
{
	struct span *s = ctx;
	int same = same_unit(v, s->u);
	if (strcmp(v->vintage, s->u->vintage) == 0) {
		s->state = 1;
		memcpy(s->to, v->valid_to, 11);
		return 0;
	}
	if (s->state == 0) {
		if (same) {
			if (s->from[0] == '\0')
				memcpy(s->from, v->valid_from, 11);
		} else {
			s->from[0] = '\0';
		}
		return 0;
	}
	if (s->state == 1 && same) {
		memcpy(s->to, v->valid_to, 11);
		return 0;
	}
	s->state = 2;
	return 1;
}

static int last_cb(const struct store_unit *u, void *ctx)
{
	*(struct store_unit *)ctx = *u;
	return 0;
}

/* Appends to a not-found message where the unit's last version went. */
static void explain_successors(struct store *st, const char *code, struct tc_err *err)
{
	struct store_unit last;
	last.code[0] = '\0';
	struct tc_err e2;
	char (*succ)[8] = NULL;
	size_t n = 0;
	if (store_unit_versions(st, code, last_cb, &last, &e2) != 0 || last.code[0] == '\0' ||
	    walk_all(st, &last, 1, &succ, &n, &e2) != 0 || n == 0) {
		tc_free(succ);
		return;
	}
	char list[160] = "";
	size_t off = 0;
	for (size_t i = 0; i < n && off + 8 < sizeof list; i++)
		off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "", succ[i]);
	tc_free(succ);
	size_t ml = strlen(err->msg);
	snprintf(err->msg + ml, sizeof err->msg - ml, "; its successors: %s (try 'tiepcan units "
		 "show CODE' with one of them)", list);
}

int units_view_get(struct store *st, const char *code, int year, struct units_view *v,
		   struct tc_err *err)
{
	memset(v, 0, sizeof *v);
	if (store_unit_at_year(st, code, year, &v->unit, err) != 0) {
		if (err && err->code == TC_ENOTFOUND)
			explain_successors(st, code, err);
		return -1;
	}
	struct span s = {0};
	s.u = &v->unit;
	if (store_unit_versions(st, code, span_cb, &s, err) != 0)
		return -1;
	memcpy(v->valid_from, s.from[0] ? s.from : v->unit.valid_from, 11);
	memcpy(v->valid_to, s.to, 11);
	if (walk_all(st, &v->unit, 0, &v->pred, &v->n_pred, err) != 0 ||
	    walk_all(st, &v->unit, 1, &v->succ, &v->n_succ, err) != 0) {
		units_view_free(v);
		return -1;
	}
	return 0;
}

void units_view_free(struct units_view *v)
{
	tc_free(v->pred);
	tc_free(v->succ);
	v->pred = v->succ = NULL;
	v->n_pred = v->n_succ = 0;
}

static json_t *code_array(char (*codes)[8], size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

int units_view_json(const struct units_view *v, struct buf *out)
{
	json_t *o = json_object();
	if (o == NULL)
		return -1;
	const struct store_unit *u = &v->unit;
	json_object_set_new(o, "code", json_string(u->code));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "type", json_string(u->type));
	json_object_set_new(o, "level", json_string(u->level));
	json_object_set_new(o, "parent", u->parent[0] ? json_string(u->parent) : json_null());
	json_object_set_new(o, "valid_from", json_string(v->valid_from));
	json_object_set_new(o, "valid_to", v->valid_to[0] ? json_string(v->valid_to) : json_null());
	json_object_set_new(o, "predecessors", code_array(v->pred, v->n_pred));
	json_object_set_new(o, "successors", code_array(v->succ, v->n_succ));
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(o);
	if (s == NULL)
		return -1;
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return buf_failed(out) ? -1 : 0;
}
