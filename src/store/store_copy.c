/* store_copy.c — whole-database operations across backends: `tiepcan copy`
 * (SQLite <-> PostgreSQL, lossless, verified) and `tiepcan migrate`.
 *
 * The copy works table by table on the driver layer (db.h), not through the
 * row functions of store.h: it must move every column of every table,
 * including tables added by later migrations, ids, times and the audit log
 * exactly as they are (so the hash chain still verifies). Tables and columns
 * are matched by name; both databases are first brought to the same schema
 * version by store_open.
 *
 * Verification: for each table, a row count and a checksum that does not
 * depend on row order or column order: the SHA-256 of the sorted SHA-256s of
 * each row's canonical form (columns sorted by name; each value typed and
 * length-prefixed: "name=i:123;" for integers, "t5:bytes;" text, "b" blobs,
 * "n;" NULL). The target's checksums are computed inside the copy's
 * transaction after the rows are written; any difference rolls it back.
 */
#include "store/db.h"
#include "store/store.h"

#include "util/buf.h"
#include "util/mem.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TABLES 64
#define MAX_COLS 64

struct table_sum {
	long rows;
	char sha[65];
};

static int dbf(db_conn *db, const char *what, const char *where, struct tc_err *err)
{
	return tc_err_set(err, TC_EIO, "%s: %s: %s", where, what, db_errmsg(db));
}

/* Identifiers come from the database catalog; they are put into SQL text
 * (identifiers cannot be bound), so only plain names are accepted. */
static int plain_name(const char *s)
{
	if (s == NULL || s[0] == '\0' || strlen(s) > 63)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tables of a database, sorted by name. Caller frees each and *names. */
static int list_tables(db_conn *db, const char *where, char ***names, size_t *n,
		       struct tc_err *err)
{
	const char *sql = db_is_pg(db)
		? "SELECT table_name::text FROM information_schema.tables WHERE table_schema = "
		  "current_schema() AND table_type = 'BASE TABLE'"
		: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
	db_stmt *s;
	if (db_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return dbf(db, "listing tables", where, err);
	char **v = tc_calloc(MAX_TABLES, sizeof *v);
	size_t k = 0;
	int rc;
	while (v && (rc = db_step(s)) == SQLITE_ROW && k < MAX_TABLES) {
		const char *t = (const char *)db_column_text(s, 0);
		if (!plain_name(t)) {
			db_finalize(s);
			for (size_t i = 0; i < k; i++)
				tc_free(v[i]);
			tc_free(v);
			return tc_err_set(err, TC_EINPUT, "%s: table '%.64s' is not a tiepcan table: "
					  "copy only between tiepcan databases", where, t ? t : "");
		}
		if ((v[k++] = tc_strdup(t)) == NULL)
			break;
	}
	db_finalize(s);
	if (v == NULL || (k && v[k - 1] == NULL)) {
		tc_free(v);
		return tc_err_set(err, TC_ENOMEM, "copy: out of memory");
	}
	qsort(v, k, sizeof *v, cmp_str);
	*names = v;
	*n = k;
	return 0;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		tc_free(v[i]);
	tc_free(v);
}

/* ---- Checksums -------------------------------------------------------------- */

struct rowset {
	unsigned char (*h)[32];
	size_t n, cap;
};

static int cmp_hash(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

/* Column order of statement s sorted by name, into ord[]. */
static void sorted_cols(db_stmt *s, int n, int *ord)
{
	for (int i = 0; i < n; i++)
		ord[i] = i;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(db_column_name(s, ord[j - 1]),
						 db_column_name(s, ord[j])) > 0; j--) {
			int t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
}

static void hash_value(crypto_hash_sha256_state *h, db_stmt *s, int i)
{
	char pre[48];
	int type = db_column_type(s, i);
	const char *name = db_column_name(s, i);
	crypto_hash_sha256_update(h, (const unsigned char *)name, strlen(name));
	if (type == SQLITE_NULL) {
		crypto_hash_sha256_update(h, (const unsigned char *)"=n;", 3);
		return;
	}
	if (type == SQLITE_INTEGER) {
		int k = snprintf(pre, sizeof pre, "=i:%lld;", (long long)db_column_int64(s, i));
		crypto_hash_sha256_update(h, (const unsigned char *)pre, (unsigned long long)k);
		return;
	}
	const void *p = type == SQLITE_BLOB ? db_column_blob(s, i) : (const void *)db_column_text(s, i);
	int n = db_column_bytes(s, i);
	int k = snprintf(pre, sizeof pre, "=%c%d:", type == SQLITE_BLOB ? 'b' : 't', n);
	crypto_hash_sha256_update(h, (const unsigned char *)pre, (unsigned long long)k);
	if (n > 0)
		crypto_hash_sha256_update(h, p, (unsigned long long)n);
	crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
}

static int rowset_add(struct rowset *r, db_stmt *s, int ncol, const int *ord)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		void *p = tc_reallocarray(r->h, cap, 32);
		if (p == NULL)
			return -1;
		r->h = p;
		r->cap = cap;
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (int i = 0; i < ncol; i++)
		hash_value(&h, s, ord[i]);
	crypto_hash_sha256_final(&h, r->h[r->n++]);
	return 0;
}

static void rowset_sum(struct rowset *r, struct table_sum *out)
{
	unsigned char d[32];
	qsort(r->h, r->n, 32, cmp_hash);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < r->n; i++)
		crypto_hash_sha256_update(&h, r->h[i], 32);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out->sha, sizeof out->sha, d, sizeof d);
	out->rows = (long)r->n;
}

/* Count and checksum of one table. */
static int table_sum(db_conn *db, const char *table, const char *where, struct table_sum *out,
		     struct tc_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	db_stmt *s;
	if (db_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return dbf(db, "reading a table", where, err);
	struct rowset r = {0};
	int ord[MAX_COLS], rc, ncol = -1, out_rc = 0;
	while ((rc = db_step(s)) == SQLITE_ROW) {
		if (ncol < 0) {
			ncol = db_column_count(s);
			if (ncol > MAX_COLS)
				break;
			sorted_cols(s, ncol, ord);
		}
		if (rowset_add(&r, s, ncol, ord) != 0) {
			out_rc = tc_err_set(err, TC_ENOMEM, "copy: out of memory checksumming %s", table);
			break;
		}
	}
	if (out_rc == 0 && ncol > MAX_COLS)
		out_rc = tc_err_set(err, TC_EINTERNAL, "copy: table %s has over %d columns", table,
				    MAX_COLS);
	else if (out_rc == 0 && rc != SQLITE_DONE)
		out_rc = dbf(db, "reading a table", where, err);
	db_finalize(s);
	if (out_rc == 0)
		rowset_sum(&r, out);
	tc_free(r.h);
	return out_rc;
}

/* ---- Copying rows --------------------------------------------------------- */

static int insert_sql(db_stmt *src, const char *table, struct buf *b)
{
	int n = db_column_count(src);
	buf_reset(b);
	buf_printf(b, "INSERT INTO %s (", table);
	for (int i = 0; i < n; i++) {
		const char *c = db_column_name(src, i);
		if (!plain_name(c))
			return -1;
		buf_printf(b, "%s%s", i ? ", " : "", c);
	}
	buf_puts(b, ") VALUES (");
	for (int i = 0; i < n; i++)
		buf_puts(b, i ? ", ?" : "?");
	buf_puts(b, ")");
	return buf_failed(b) ? -1 : 0;
}

static int bind_row(db_stmt *src, db_stmt *dst)
{
	int n = db_column_count(src), rc = SQLITE_OK;
	db_reset(dst);
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		switch (db_column_type(src, i)) {
		case SQLITE_NULL: rc = db_bind_null(dst, i + 1); break;
		case SQLITE_INTEGER: rc = db_bind_int64(dst, i + 1, db_column_int64(src, i)); break;
		case SQLITE_BLOB:
			rc = db_bind_blob(dst, i + 1, db_column_blob(src, i), db_column_bytes(src, i),
					  SQLITE_TRANSIENT);
			break;
		default:
			rc = db_bind_text(dst, i + 1, (const char *)db_column_text(src, i),
					  db_column_bytes(src, i), SQLITE_TRANSIENT);
			break;
		}
	}
	return rc;
}

static int copy_table(db_conn *from, db_conn *to, const char *table, const char *where,
		      struct tc_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	db_stmt *s, *ins = NULL;
	if (db_prepare_v2(from, sql, -1, &s, NULL) != SQLITE_OK)
		return dbf(from, "reading a table", "source", err);
	struct buf b;
	buf_init(&b, 1 << 16);
	int rc, out = 0;
	while (out == 0 && (rc = db_step(s)) == SQLITE_ROW) {
		if (ins == NULL) {
			if (insert_sql(s, table, &b) != 0)
				out = tc_err_set(err, TC_EINPUT, "copy: table %s has an unexpected column",
						 table);
			else if (db_prepare_v2(to, buf_cstr(&b), -1, &ins, NULL) != SQLITE_OK)
				out = dbf(to, "preparing the copy", where, err);
			if (out)
				break;
		}
		if (bind_row(s, ins) != SQLITE_OK || db_step(ins) != SQLITE_DONE)
			out = tc_err_set(err, TC_EIO, "%s: copying table %s: %s", where, table,
					 db_errmsg(to));
	}
	if (out == 0 && rc != SQLITE_DONE)
		out = dbf(from, "reading a table", "source", err);
	db_finalize(ins);
	db_finalize(s);
	buf_free(&b);
	return out;
}

/* PostgreSQL identity columns: move each sequence past the copied ids
 * (explicit ids do not advance it). */
static int fix_sequences(db_conn *to, char **tables, size_t n, const char *where,
			 struct tc_err *err)
{
	if (!db_is_pg(to))
		return 0;
	static const char q[] = "SELECT 1 FROM information_schema.columns WHERE table_schema = "
				"current_schema() AND table_name = ? AND column_name = 'id' AND "
				"is_identity = 'YES'";
	for (size_t i = 0; i < n; i++) {
		db_stmt *s;
		if (db_prepare_v2(to, q, -1, &s, NULL) != SQLITE_OK)
			return dbf(to, "reading the catalog", where, err);
		db_bind_text(s, 1, tables[i], -1, SQLITE_TRANSIENT);
		int has = db_step(s) == SQLITE_ROW;
		db_finalize(s);
		if (!has)
			continue;
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
			 "(SELECT coalesce(max(id), 0) + 1 FROM %s), false)", tables[i], tables[i]);
		if (db_exec(to, sql, NULL, NULL, NULL) != SQLITE_OK)
			return dbf(to, "moving an id sequence", where, err);
	}
	return 0;
}

/* ---- The copy ------------------------------------------------------------------ */

/* Tables a new database fills itself (migration 001 inserts the vintages,
 * 008 the change counter): the copy replaces their rows; any other row
 * makes the target non-empty. */
static int seeded(const char *t)
{
	return strcmp(t, "schema_version") == 0 || strcmp(t, "vintage") == 0 ||
	       strcmp(t, "store_change") == 0;
}

static int check_empty(db_conn *to, char **tables, size_t n, const char *where,
		       struct tc_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (seeded(tables[i]))
			continue;
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		db_stmt *s;
		if (db_prepare_v2(to, sql, -1, &s, NULL) != SQLITE_OK)
			return dbf(to, "counting rows", where, err);
		long k = db_step(s) == SQLITE_ROW ? (long)db_column_int64(s, 0) : -1;
		db_finalize(s);
		if (k != 0)
			return tc_err_set(err, TC_ECONFLICT, "%s is not empty (table %s has %ld rows): "
					  "copy only into a new database; nothing was changed", where,
					  tables[i], k);
	}
	return 0;
}

static int same_tables(char **a, size_t na, char **b, size_t nb, struct tc_err *err)
{
	for (size_t i = 0; i < na || i < nb; i++)
		if (i >= na || i >= nb || strcmp(a[i], b[i]) != 0)
			return tc_err_set(err, TC_EINPUT, "the two databases do not have the same "
					  "tables (first difference: %s): are both tiepcan databases "
					  "at the same version?", i < na ? a[i] : b[i]);
	return 0;
}

/* Inside the target's transaction: replace the seeded rows, copy every
 * table, fix sequences, compare the sums. */
static int copy_all(db_conn *from, db_conn *to, char **tables, size_t n, const char *to_path,
		    store_copy_cb cb, void *ctx, struct tc_err *err)
{
	if (db_exec(to, "DELETE FROM schema_version", NULL, NULL, NULL) != SQLITE_OK ||
	    db_exec(to, "DELETE FROM vintage", NULL, NULL, NULL) != SQLITE_OK ||
	    db_exec(to, "DELETE FROM store_change", NULL, NULL, NULL) != SQLITE_OK)
		return dbf(to, "emptying the seeded tables", to_path, err);
	for (size_t i = 0; i < n; i++)
		if (copy_table(from, to, tables[i], to_path, err) != 0)
			return -1;
	if (fix_sequences(to, tables, n, to_path, err) != 0)
		return -1;
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct table_sum a, b;
		if (table_sum(from, tables[i], "source", &a, err) != 0 ||
		    table_sum(to, tables[i], to_path, &b, err) != 0)
			return -1;
		if (cb)
			cb(tables[i], a.rows, a.sha, b.rows, b.sha, ctx);
		if (a.rows != b.rows || strcmp(a.sha, b.sha) != 0)
			bad = bad ? bad : (int)i + 1;
	}
	if (bad)
		return tc_err_set(err, TC_EINTERNAL, "copy: table %s differs after copying "
				  "(rows or checksum): nothing was written; report this bug",
				  tables[bad - 1]);
	return 0;
}

static int schema_of(const char *path, int flags, int *version, struct tc_err *err)
{
	struct store *st = store_open(path, flags, err);
	if (st == NULL)
		return -1;
	*version = store_schema_version(st, err);
	store_close(st);
	return *version < 0 ? -1 : 0;
}

static int begin_copy(db_conn *to, const char *where, struct tc_err *err)
{
	/* SQLite: foreign keys on, checked at COMMIT; PostgreSQL: the schema's
	 * DEFERRABLE keys checked at COMMIT. Either way tables load in any order
	 * and a dangling reference fails the whole copy. */
	int rc = db_is_pg(to) ? SQLITE_OK : db_exec(to, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = db_exec(to, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = db_exec(to, db_is_pg(to) ? "SET CONSTRAINTS ALL DEFERRED"
					      : "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : dbf(to, "starting the copy", where, err);
}

int store_copy(const char *from_path, const char *to_path, store_copy_cb cb, void *ctx,
	       struct tc_err *err)
{
	int vf, vt, created = !store_exists(to_path);
	if (strcmp(from_path, to_path) == 0)
		return tc_err_set(err, TC_EINPUT, "copy: --from and --to are the same database");
	if (schema_of(from_path, STORE_OPEN_READONLY, &vf, err) != 0)
		return -1;
	if (schema_of(to_path, STORE_OPEN_CREATE, &vt, err) != 0)
		return -1;
	if (vf != vt)
		return tc_err_set(err, TC_EINPUT, "copy: the source has schema version %d and the "
				  "target %d: run 'tiepcan migrate' on the source first", vf, vt);
	db_conn *from = NULL, *to = NULL;
	char **ta = NULL, **tb = NULL;
	size_t na = 0, nb = 0;
	int rc = -1;
	if (db_open_v2(from_path, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		dbf(from, "opening", from_path, err);
	else if (db_open_v2(to_path, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		dbf(to, "opening", to_path, err);
	else if (list_tables(from, from_path, &ta, &na, err) == 0 &&
		 list_tables(to, to_path, &tb, &nb, err) == 0 &&
		 same_tables(ta, na, tb, nb, err) == 0 && check_empty(to, tb, nb, to_path, err) == 0 &&
		 begin_copy(to, to_path, err) == 0) {
		db_set_statement_atomic(to, 0); /* one all-or-nothing transaction */
		rc = copy_all(from, to, tb, nb, to_path, cb, ctx, err);
		if (rc == 0 && db_exec(to, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = dbf(to, "committing the copy (foreign keys are checked here)", to_path, err);
		if (rc != 0)
			db_exec(to, "ROLLBACK", NULL, NULL, NULL);
	}
	free_names(ta, na);
	free_names(tb, nb);
	db_close(from);
	db_close(to);
	if (rc != 0 && created && !db_is_url(to_path))
		unlink(to_path); /* a target file this copy created holds nothing useful */
	return rc;
}

/* ---- Migrate -------------------------------------------------------------- */

int store_migrate(const char *path, int *before, int *after, struct tc_err *err)
{
	*before = 0;
	if (store_exists(path)) {
		db_conn *db = NULL;
		if (db_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
			db_stmt *s;
			if (db_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_version", -1,
					  &s, NULL) == SQLITE_OK) {
				if (db_step(s) == SQLITE_ROW)
					*before = (int)db_column_int64(s, 0);
				db_finalize(s);
			}
		}
		db_close(db);
	} else if (!db_is_url(path)) {
		return tc_err_set(err, TC_ENOTFOUND, "%s: no such database: create it with "
				  "'tiepcan init --db %s'", path, path);
	}
	/* PostgreSQL: the DBA creates the (empty) database; migrate creates the schema. */
	return schema_of(path, db_is_url(path) ? STORE_OPEN_CREATE : STORE_OPEN_EXISTING, after, err);
}
