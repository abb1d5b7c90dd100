/* store_sqlite.c — the SQLite implementation of store.h.
 *
 * One struct store = one sqlite3 connection (WAL, foreign keys on, busy
 * timeout, synchronous=FULL). Every statement is a compile-time constant SQL
 * string with bound parameters, prepared once per connection and cached
 * (stmt()). The schema and its numbered migrations come from the embedded
 * src/store/schema.sql (format described at its top).
 */
#include "store/db.h" /* first: the sqlite3 calls below go through the driver layer */
#include "store/store.h"

#include "app/embedded.h"
#include "util/buf.h"
#include "util/mem.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STMT_CACHE 256
#define BUSY_TIMEOUT_MS 5000

struct stmt_slot {
	const char *sql; /* identity: the constant string's address */
	sqlite3_stmt *st;
};

struct store {
	sqlite3 *db;
	char *path;
	int readonly;
	int busy_ms;
	int depth;               /* transaction nesting: 0 = none */
	int counted;             /* commits bump store_change (not while migrating) */
	char actor[64];
	char fixed_now[21];      /* "" = real clock */
	struct stmt_slot cache[STMT_CACHE];
	size_t n_cache;
	/* store_assessment_import: the audit entry being built (reused), and
	 * the sorted column order of the assessment snapshot */
	struct buf bulk;
	int snap_order[64];
	int snap_n;
};

/* ---- Errors ---------------------------------------------------------------- */

/* Maps a SQLite failure to the error convention, with a message a user can
 * act on (locked, read-only, full, corrupt). */
static int db_fail(struct store *st, int rc, const char *what, struct tc_err *err)
{
	const char *m = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	const char *p = st && st->path ? st->path : "database";
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tc_err_set(err, TC_EIO, "%s: %s: the database is locked by another "
				  "process (waited %d ms); nothing was changed: retry when it has "
				  "finished", p, what, st ? st->busy_ms : BUSY_TIMEOUT_MS);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return tc_err_set(err, TC_EIO, "%s: %s: cannot write the database (%s); nothing "
				  "was changed: check the permissions of the file and its directory",
				  p, what, m);
	case SQLITE_FULL:
		return tc_err_set(err, TC_EIO, "%s: %s: the disk is full; nothing was changed: "
				  "free some space and retry", p, what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return tc_err_set(err, TC_EIO, "%s: %s: not a tiepcan database or damaged (%s): "
				  "restore it from a backup", p, what, m);
	case SQLITE_CONSTRAINT:
		return tc_err_set(err, TC_ECONFLICT, "%s: %s: %s", p, what, m);
	default:
		return tc_err_set(err, TC_EIO, "%s: %s: %s", p, what, m);
	}
}

/* ---- Statements ------------------------------------------------------------ */

/* The cached, reset statement for `sql` (a string constant). */
static sqlite3_stmt *stmt(struct store *st, const char *sql, struct tc_err *err)
{
	for (size_t i = 0; i < st->n_cache; i++)
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].st);
			sqlite3_clear_bindings(st->cache[i].st);
			return st->cache[i].st;
		}
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		db_fail(st, rc, "preparing a query", err);
		return NULL;
	}
	if (st->n_cache == STMT_CACHE) {
		sqlite3_finalize(s);
		tc_err_set(err, TC_EINTERNAL, "store: statement cache full (raise STMT_CACHE)");
		return NULL;
	}
	st->cache[st->n_cache].sql = sql;
	st->cache[st->n_cache].st = s;
	st->n_cache++;
	return s;
}

/* Binds a text parameter; "" and NULL bind as SQL NULL when null_empty. */
static void bind_text(sqlite3_stmt *s, int i, const char *v, int null_empty)
{
	if (v == NULL || (null_empty && v[0] == '\0'))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_pts(sqlite3_stmt *s, int i, tc_pts p)
{
	if (p == STORE_NO_PTS)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, p);
}

/* Binds an optional number (a reference id, a year): 0 means "none" and
 * binds SQL NULL, so that foreign keys and "IS NULL" tests see no value. */
static void bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static void col_copy(sqlite3_stmt *s, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t len = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
	if (len >= n)
		len = n - 1; /* fields are sized for what the store accepts */
	if (len)
		memcpy(dst, t, len);
	dst[len] = '\0';
}

#define COPY(s, i, field) col_copy((s), (i), (field), sizeof(field))

static tc_pts col_pts(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? STORE_NO_PTS : sqlite3_column_int64(s, i);
}

/* Runs a statement that returns no rows. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what, struct tc_err *err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, what, err);
	return 0;
}

/* What step_write returns when the statement broke a table rule (CHECK, NOT
 * NULL, UNIQUE, FOREIGN KEY): the caller says what was wrong with the input. */
enum { STEP_BROKE_RULE = 1 };

/* Steps a write and resets s: 0 when done, STEP_BROKE_RULE (err untouched)
 * when a constraint failed, -1 on another failure (err says `what`). */
static int step_write(struct store *st, sqlite3_stmt *s, const char *what, struct tc_err *err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return STEP_BROKE_RULE;
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, what, err);
}

static int exec(struct store *st, const char *sql, const char *what, struct tc_err *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_fail(st, rc, what, err);
}

/* Copies s into a fixed field, failing if it does not fit. */
static int fit(char *dst, size_t n, const char *s, const char *what, struct tc_err *err)
{
	size_t len = strlen(s);
	if (len >= n)
		return tc_err_set(err, TC_EINPUT, "%s is too long (%zu bytes, at most %zu)", what,
				  len, n - 1);
	memcpy(dst, s, len + 1);
	return 0;
}

/* ---- Reading rows ----------------------------------------------------------- */

/* Copies the current result row into the caller's struct (`row`); one per
 * query shape, so getters and listers of the same rows share it. */
typedef void (*row_reader)(sqlite3_stmt *s, void *row);

/* What read_one returns when the query found no row. */
enum { STEP_NO_ROW = 1 };

/* Runs a query that returns at most one row, copies the row into out with
 * read() and resets s: 0 with the row, STEP_NO_ROW (err untouched, for the
 * caller's "not found" message) or -1 on a failure (err says `what`). */
static int read_one(struct store *st, sqlite3_stmt *s, row_reader read, void *out,
		    const char *what, struct tc_err *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STEP_NO_ROW;
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, what, err);
}

/* read_one for a lookup by id: no row is TC_ENOTFOUND "no <noun> with id
 * <id>" (callers and tests match that text). */
static int one_row(struct store *st, sqlite3_stmt *s, row_reader read, void *out,
		   const char *noun, int64_t id, const char *what, struct tc_err *err)
{
	int rc = read_one(st, s, read, out, what, err);
	if (rc == STEP_NO_ROW)
		return tc_err_set(err, TC_ENOTFOUND, "no %s with id %lld", noun, (long long)id);
	return rc;
}

/* One step of a lister: reads the next row into `row` with read() and
 * returns 1; at the end returns 0, on a failure -1 (err says `what`). At the
 * end and on failure s is reset, so that it holds no read lock. */
static int next_row(struct store *st, sqlite3_stmt *s, row_reader read, void *row,
		    const char *what, struct tc_err *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read(s, row);
		return 1;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, what, err);
}

/* Ends a listing that the caller's callback stopped early: that is success;
 * s is reset so that it holds no read lock. */
static int rows_stop(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	return 0;
}

/* ---- Clock, actor ------------------------------------------------------- */

void store_now(struct store *st, char out[21])
{
	if (st && st->fixed_now[0]) {
		memcpy(out, st->fixed_now, 21);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void store_set_now(struct store *st, const char *fixed)
{
	st->fixed_now[0] = '\0';
	if (fixed && strlen(fixed) == 20)
		memcpy(st->fixed_now, fixed, 21);
}

int store_set_actor(struct store *st, const char *actor, struct tc_err *err)
{
	if (actor == NULL || actor[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "store: the actor must not be empty");
	return fit(st->actor, sizeof st->actor, actor, "actor name", err);
}

/* ---- Transactions ------------------------------------------------------ */

static int tx_begin(struct store *st, struct tc_err *err)
{
	if (st->readonly)
		return tc_err_set(err, TC_EPERM, "%s: opened read-only; nothing can be changed",
				  st->path);
	const char *sql = st->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp";
	if (exec(st, sql, "starting a transaction", err) != 0)
		return -1;
	st->depth++;
	return 0;
}

static const char SQL_CHANGE_BUMP[] = "UPDATE store_change SET seq = seq + 1 WHERE id = 1";
static const char SQL_CHANGE_SEQ[] = "SELECT seq FROM store_change WHERE id = 1";

/* One more committed write (migration 008). A database that has no counter
 * row (only possible if someone deleted it) is a store bug worth failing on:
 * caches would serve stale pages. */
static int change_bump(struct store *st, struct tc_err *err)
{
	if (!st->counted)
		return 0; /* migrations run before the counter exists */
	sqlite3_stmt *s = stmt(st, SQL_CHANGE_BUMP, err);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, "counting the change", err);
	if (sqlite3_changes(st->db) != 1)
		return tc_err_set(err, TC_EINTERNAL, "%s: the change counter row (table "
				  "store_change) is missing: run 'tiepcan check'", st->path);
	return 0;
}

/* Ends the innermost transaction level: commit/release when ok, else undo. */
static int tx_end(struct store *st, int ok, struct tc_err *err)
{
	if (st->depth <= 0)
		return tc_err_set(err, TC_EINTERNAL, "store: no transaction to end");
	st->depth--;
	if (st->depth > 0) {
		if (ok)
			return exec(st, "RELEASE sp", "releasing a savepoint", err);
		sqlite3_exec(st->db, "ROLLBACK TO sp; RELEASE sp", NULL, NULL, NULL);
		return -1;
	}
	if (!ok) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	/* Every committed write advances the change counter in the same
	 * transaction: web response caches key on it (store_change_seq). */
	if (change_bump(st, err) != 0 || exec(st, "COMMIT", "committing", err) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* Finishes a mutating call: `rc` is the body's result. */
static int tx_finish(struct store *st, int rc, struct tc_err *err)
{
	if (rc != 0) {
		tx_end(st, 0, NULL);
		return -1;
	}
	return tx_end(st, 1, err);
}

int store_begin(struct store *st, struct tc_err *err)
{
	return tx_begin(st, err);
}

int store_commit(struct store *st, struct tc_err *err)
{
	return tx_end(st, 1, err);
}

int store_rollback(struct store *st)
{
	if (st->depth <= 0)
		return -1;
	/* Undo everything, however deep: the caller abandons the whole batch. */
	st->depth = 0;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* ---- Audit ----------------------------------------------------------------- */

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];
	if (s == NULL) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	size_t n = strlen(s);
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
	crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
}

/* SHA-256 over the previous hash and every field of the entry, each
 * length-prefixed ("N:bytes;", NULL as "-;") so no two entries collide. */
static void audit_hash(const struct store_audit *a, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	crypto_hash_sha256_init(&h);
	hash_field(&h, a->prev_hash);
	hash_field(&h, id);
	hash_field(&h, a->at);
	hash_field(&h, a->actor);
	hash_field(&h, a->action);
	hash_field(&h, a->entity);
	hash_field(&h, a->entity_key);
	hash_field(&h, a->before);
	hash_field(&h, a->after);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

static const char SQL_AUDIT_LAST[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_INS[] =
	"INSERT INTO audit (id, at, actor, action, entity, entity_key, before, after, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static int audit_body(struct store *st, struct store_audit *a, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_AUDIT_LAST, err);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		a->id = sqlite3_column_int64(s, 0) + 1;
		COPY(s, 1, a->prev_hash);
	} else if (rc == SQLITE_DONE) {
		a->id = 1;
		memset(a->prev_hash, '0', 64);
		a->prev_hash[64] = '\0';
	} else {
		sqlite3_reset(s);
		return db_fail(st, rc, "reading the audit log", err);
	}
	sqlite3_reset(s);
	audit_hash(a, a->hash);
	if ((s = stmt(st, SQL_AUDIT_INS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	bind_text(s, 2, a->at, 0);
	bind_text(s, 3, a->actor, 0);
	bind_text(s, 4, a->action, 0);
	bind_text(s, 5, a->entity, 0);
	bind_text(s, 6, a->entity_key, 0);
	bind_text(s, 7, a->before, 0);
	bind_text(s, 8, a->after, 0);
	bind_text(s, 9, a->prev_hash, 0);
	bind_text(s, 10, a->hash, 0);
	return step_done(st, s, "appending to the audit log", err);
}

int store_audit_append(struct store *st, const char *action, const char *entity,
		       const char *key, const char *before, const char *after,
		       struct tc_err *err)
{
	struct store_audit a;
	memset(&a, 0, sizeof a);
	store_now(st, a.at);
	if (fit(a.actor, sizeof a.actor, st->actor, "actor", err) ||
	    fit(a.action, sizeof a.action, action, "audit action", err) ||
	    fit(a.entity, sizeof a.entity, entity, "audit entity", err) ||
	    fit(a.entity_key, sizeof a.entity_key, key, "audit key", err))
		return -1;
	a.before = before;
	a.after = after;
	if (tx_begin(st, err) != 0)
		return -1;
	return tx_finish(st, audit_body(st, &a, err), err);
}

static const char SQL_AUDIT_LIST[] =
	"SELECT id, at, actor, action, entity, entity_key, before, after, prev_hash, hash "
	"FROM audit WHERE id > ? ORDER BY id";

static void audit_row(sqlite3_stmt *s, void *row)
{
	struct store_audit *a = row;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, a->at);
	COPY(s, 2, a->actor);
	COPY(s, 3, a->action);
	COPY(s, 4, a->entity);
	COPY(s, 5, a->entity_key);
	a->before = (const char *)sqlite3_column_text(s, 6);
	a->after = (const char *)sqlite3_column_text(s, 7);
	COPY(s, 8, a->prev_hash);
	COPY(s, 9, a->hash);
}

int store_audit_list(struct store *st, int64_t after_id, store_audit_cb cb, void *ctx,
		     struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_AUDIT_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after_id);
	struct store_audit a;
	int got;
	while ((got = next_row(st, s, audit_row, &a, "reading the audit log", err)) == 1)
		if (cb(&a, ctx) != 0)
			return rows_stop(s);
	return got;
}

int store_audit_verify(struct store *st, long *n, struct tc_err *err)
{
	/* Reads the raw columns: a tampered row may hold anything. */
	sqlite3_stmt *s = stmt(st, SQL_AUDIT_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, 0);
	char prev[65], h[65];
	memset(prev, '0', 64);
	prev[64] = '\0';
	long count = 0;
	int64_t want_id = 1;
	int rc, bad = 0;
	struct store_audit a;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		audit_row(s, &a);
		audit_hash(&a, h);
		if (a.id != want_id || strcmp(a.prev_hash, prev) != 0 || strcmp(a.hash, h) != 0 ||
		    sqlite3_column_bytes(s, 9) != 64) {
			bad = 1;
			tc_err_set(err, TC_EINTERNAL,
				   "%s: audit log entry %lld (expected %lld) does not match the hash "
				   "chain: it was altered, removed or inserted outside tiepcan; "
				   "restore the database from a backup and investigate",
				   st->path, (long long)a.id, (long long)want_id);
			break;
		}
		memcpy(prev, a.hash, 65);
		want_id++;
		count++;
	}
	sqlite3_reset(s);
	if (bad)
		return -1;
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, "reading the audit log", err);
	if (n)
		*n = count;
	return 0;
}

/* JSON of one row selected by `sql` bound with (i1) or (i1, t2[, t3]); NULL
 * when no row. Column order and names come from the SELECT. Caller frees
 * with free() (jansson's allocator). *fail is set on a database error. */
static char *snapshot(struct store *st, const char *sql, int64_t i1, const char *t2,
		      const char *t3, int *fail, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL) {
		*fail = 1;
		return NULL;
	}
	sqlite3_bind_int64(s, 1, i1);
	if (t2)
		bind_text(s, 2, t2, 0);
	if (t3)
		bind_text(s, 3, t3, 0);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			*fail = 1;
			db_fail(st, rc, "reading a row for the audit log", err);
		}
		return NULL;
	}
	json_t *o = json_object();
	for (int i = 0; o && i < sqlite3_column_count(s); i++) {
		json_t *v;
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(s, i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default: v = json_string((const char *)sqlite3_column_text(s, i)); break;
		}
		json_object_set_new(o, sqlite3_column_name(s, i), v);
	}
	sqlite3_reset(s);
	char *out = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (out == NULL) {
		*fail = 1;
		tc_err_set(err, TC_ENOMEM, "store: out of memory writing the audit log");
	}
	return out;
}

/* Audits a change of one row: before (may be NULL) and a fresh after. */
static int audit_change(struct store *st, const char *action, const char *entity,
			const char *key, char *before, const char *sql, int64_t i1,
			const char *t2, const char *t3, struct tc_err *err)
{
	int fail = 0;
	char *after = sql ? snapshot(st, sql, i1, t2, t3, &fail, err) : NULL;
	int rc = fail ? -1 : store_audit_append(st, action, entity, key, before, after, err);
	free(after);
	free(before);
	return rc;
}

/* The first half of an audited UPDATE of the row `snap` finds by id: takes
 * the row's before-snapshot (*before, then owned by the caller) and returns
 * the cached statement `sql` to bind and step. NULL (err set, *before NULL)
 * when there is no such row ("no <noun> with id <id>") or on a failure. */
static sqlite3_stmt *update_start(struct store *st, const char *snap, const char *sql,
				  const char *noun, int64_t id, char **before, struct tc_err *err)
{
	int fail = 0;
	*before = snapshot(st, snap, id, NULL, NULL, &fail, err);
	if (fail)
		return NULL;
	if (*before == NULL) {
		tc_err_set(err, TC_ENOTFOUND, "no %s with id %lld", noun, (long long)id);
		return NULL;
	}
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL) {
		free(*before);
		*before = NULL;
	}
	return s;
}

/* ---- Open, migrate, close ------------------------------------------------ */

/* The text of migration `n` inside schema.sql, or NULL if there is none. */
static const char *migration(const char *schema, int n, size_t *len)
{
	char tag[40];
	snprintf(tag, sizeof tag, "\n-- migration %03d:", n);
	const char *p = strstr(schema, tag);
	if (p == NULL)
		return NULL;
	const char *end = strstr(p + 1, "\n-- migration ");
	*len = end ? (size_t)(end - p) : strlen(p);
	return p;
}

static int current_version(struct store *st, int *v, struct tc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master WHERE "
				    "type = 'table' AND name = 'schema_version'", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "reading the schema version", err);
	int has = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	rc = sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "reading the schema version", err);
	*v = 0;
	if (!has)
		return 0;
	rc = sqlite3_prepare_v2(st->db, "SELECT coalesce(max(version), 0) FROM schema_version",
				-1, &s, NULL);
	if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	rc = sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : db_fail(st, rc, "reading the schema version", err);
}

static int apply_migration(struct store *st, int n, const char *text, size_t len,
			   struct tc_err *err)
{
	char *sql = tc_strndup(text, len);
	if (sql == NULL)
		return tc_err_set(err, TC_ENOMEM, "store: out of memory reading the schema");
	int rc = tx_begin(st, err);
	if (rc == 0)
		rc = exec(st, sql, "applying a schema migration", err);
	tc_free(sql);
	if (rc == 0) {
		sqlite3_stmt *s = stmt(st, "INSERT INTO schema_version VALUES (?, ?)", err);
		char now[21];
		store_now(st, now);
		rc = s ? 0 : -1;
		if (s) {
			sqlite3_bind_int(s, 1, n);
			bind_text(s, 2, now, 0);
			rc = step_done(st, s, "recording a migration", err);
		}
	}
	if (tx_finish(st, rc, err) != 0) {
		tc_err_prefix(err, "migration %03d: ", n);
		return -1;
	}
	return 0;
}

/* 1 in *done if migration n is recorded (no schema_version table: 0). */
static int migration_applied(struct store *st, int n, int *done, struct tc_err *err)
{
	*done = 0;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master WHERE type = "
				    "'table' AND name = 'schema_version'", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "reading the schema version", err);
	int has = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (!has)
		return 0;
	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM schema_version WHERE version = ?",
				-1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "reading the schema version", err);
	sqlite3_bind_int(s, 1, n);
	if (sqlite3_step(s) == SQLITE_ROW)
		*done = sqlite3_column_int(s, 0) > 0;
	rc = sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : db_fail(st, rc, "reading the schema version", err);
}

/* How many migrations present in the schema are not yet recorded. */
static int pending_count(struct store *st, const char *schema, int latest, int *n,
			 struct tc_err *err)
{
	size_t len;
	*n = 0;
	for (int k = 1; k <= latest; k++) {
		int done = 0;
		if (migration(schema, k, &len) == NULL)
			continue;
		if (migration_applied(st, k, &done, err) != 0)
			return -1;
		*n += !done;
	}
	return 0;
}

static int migrate(struct store *st, struct tc_err *err)
{
	const struct embedded_file *f = embedded_find(db_schema_file(st->db));
	if (f == NULL)
		return tc_err_set(err, TC_EINTERNAL, "store: schema.sql is not embedded (build bug)");
	const char *schema = (const char *)f->data;
	int v;
	if (current_version(st, &v, err) != 0)
		return -1;
	size_t len;
	int latest = 0;
	/* Numbers are reserved per branch, so a schema may have gaps (005
	 * before 003): the latest is the highest present, and every present
	 * migration not yet recorded is applied in number order. */
	for (int n = 1; n <= 999; n++)
		if (migration(schema, n, &len) != NULL)
			latest = n;
	if (v > latest)
		return tc_err_set(err, TC_EINPUT, "%s: the database has schema version %d, newer than "
				  "this tiepcan knows (%d): use a newer tiepcan", st->path, v, latest);
	int pending = 0;
	if (pending_count(st, schema, latest, &pending, err) != 0)
		return -1;
	if (pending == 0)
		return 0;
	if (st->readonly)
		return tc_err_set(err, TC_EINPUT, "%s: the database has schema version %d and this "
				  "tiepcan needs %d: open it once read-write (e.g. 'tiepcan check') "
				  "to upgrade it", st->path, v, latest);
	for (int n = 1; n <= latest; n++) {
		const char *text = migration(schema, n, &len);
		int done = 0;
		if (text == NULL)
			continue;
		if (migration_applied(st, n, &done, err) != 0)
			return -1;
		if (done)
			continue;
		if (apply_migration(st, n, text, len, err) != 0)
			return -1;
	}
	return 0;
}

static int configure(struct store *st, struct tc_err *err)
{
	st->busy_ms = BUSY_TIMEOUT_MS;
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	/* temp_store: savepoint journals and sorts stay in memory (no temp
	 * files on bulk loads); cache: 8 MiB, so a national list fits. */
	if (exec(st, "PRAGMA foreign_keys = ON", "opening", err) != 0 ||
	    exec(st, "PRAGMA temp_store = MEMORY", "opening", err) != 0 ||
	    exec(st, "PRAGMA cache_size = -8192", "opening", err) != 0)
		return -1;
	if (st->readonly)
		return 0;
	/* journal_mode returns a row; exec ignores it. FULL: a commit that
	 * returned is on disk. */
	if (exec(st, "PRAGMA journal_mode = WAL", "opening", err) != 0 ||
	    exec(st, "PRAGMA synchronous = FULL", "opening", err) != 0)
		return -1;
	return 0;
}

/* A WAL database on a read-only file system cannot be opened normally (its
 * shared-memory file cannot be created). Nobody can write there, so reading
 * it as immutable is safe. The path goes into a URI: escape it. */
static int reopen_immutable(struct store *st, struct tc_err *err)
{
	struct buf uri;
	buf_init(&uri, 8192);
	buf_puts(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)st->path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21)
			buf_printf(&uri, "%%%02X", *p);
		else
			buf_putc(&uri, (char)*p);
	}
	buf_puts(&uri, "?immutable=1");
	sqlite3_close(st->db);
	st->db = NULL;
	int rc = buf_failed(&uri) ? SQLITE_NOMEM
				  : sqlite3_open_v2(buf_cstr(&uri), &st->db,
						    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
						    SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&uri);
	return rc == SQLITE_OK ? 0 : db_fail(st, rc, "opening read-only", err);
}

struct store *store_open(const char *path, int flags, struct tc_err *err)
{
	if (!(flags & STORE_OPEN_CREATE) && !db_exists(path)) {
		tc_err_set(err, TC_ENOTFOUND, "%s: no such database: create it with 'tiepcan init "
			   "--db %s' or pass --db PATH (or set TIEPCAN_DB)", path, path);
		return NULL;
	}
	if (sodium_init() < 0) {
		tc_err_set(err, TC_EINTERNAL, "store: libsodium failed to initialise");
		return NULL;
	}
	struct store *st = tc_calloc(1, sizeof *st);
	if (st == NULL || (st->path = db_display_name(path)) == NULL) {
		tc_free(st);
		tc_err_set(err, TC_ENOMEM, "store: out of memory");
		return NULL;
	}
	memcpy(st->actor, "system", 7);
	buf_init(&st->bulk, (size_t)16 << 20);
	st->readonly = (flags & STORE_OPEN_READONLY) != 0;
	int oflags = st->readonly ? SQLITE_OPEN_READONLY
				  : SQLITE_OPEN_READWRITE | ((flags & STORE_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_fail(st, rc, "opening", err);
		store_close(st);
		return NULL;
	}
	if (st->readonly && configure(st, NULL) != 0 && reopen_immutable(st, err) != 0) {
		store_close(st);
		return NULL;
	}
	if (configure(st, err) != 0 || migrate(st, err) != 0) {
		store_close(st);
		return NULL;
	}
	st->counted = 1; /* every migration applied: table store_change exists */
	return st;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->depth > 0)
		store_rollback(st);
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].st);
	sqlite3_close(st->db);
	buf_free(&st->bulk);
	tc_free(st->path);
	tc_free(st);
}

void store_set_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms > 0 ? ms : 0;
	sqlite3_busy_timeout(st->db, st->busy_ms);
}

int store_schema_version(struct store *st, struct tc_err *err)
{
	int v;
	return current_version(st, &v, err) == 0 ? v : -1;
}

/* ---- Scope ------------------------------------------------------------------ */

/* Scope as two parameters (kind, code) for the fragment
 *   (?K = 'all' OR (?K = 'province' AND province_code = ?C)
 *    OR (?K = 'district' AND district_code = ?C) OR (?K = 'unit' AND X = ?C))
 * which every scoped query contains. */
#define SCOPE_SQL(k, c, unitcol)                                                        \
	"(?" #k " = 'all' OR (?" #k " = 'province' AND province_code = ?" #c ") OR (?" #k \
	" = 'district' AND district_code = ?" #c ") OR (?" #k " = 'unit' AND " unitcol " = ?" #c "))"

static void bind_scope(sqlite3_stmt *s, int k, int c, const struct store_scope *sc)
{
	static const char *const kinds[] = {"all", "province", "district", "unit"};
	if (sc == NULL || sc->kind < STORE_SCOPE_ALL || sc->kind > STORE_SCOPE_UNIT) {
		sqlite3_bind_text(s, k, "all", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, c, "", -1, SQLITE_STATIC);
		return;
	}
	sqlite3_bind_text(s, k, kinds[sc->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, c, sc->code, -1, SQLITE_TRANSIENT);
}

/* ---- Vintages and units -------------------------------------------------- */

static const char SQL_VINTAGE_GET[] =
	"SELECT id, title, valid_from, valid_to, tiers, source FROM vintage WHERE id = ?";
static const char SQL_VINTAGE_YEAR[] =
	"SELECT id, title, valid_from, valid_to, tiers, source FROM vintage "
	"WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC LIMIT 1";

static int vintage_row(struct store *st, sqlite3_stmt *s, struct store_vintage *out,
		       const char *what, struct tc_err *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		COPY(s, 0, out->id);
		COPY(s, 1, out->title);
		COPY(s, 2, out->valid_from);
		COPY(s, 3, out->valid_to);
		out->tiers = sqlite3_column_int(s, 4);
		COPY(s, 5, out->source);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "%s: the known lists are 2020-02, 2025-03 "
				  "and 2025-07 (years 2017 onwards)", what);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "reading vintages", err);
}

int store_vintage_get(struct store *st, const char *id, struct store_vintage *out,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_VINTAGE_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, id, 0);
	char what[64];
	snprintf(what, sizeof what, "no list of units called '%.20s'", id);
	return vintage_row(st, s, out, what, err);
}

int store_vintage_for_year(struct store *st, int year, struct store_vintage *out,
			   struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_VINTAGE_YEAR, err);
	if (s == NULL)
		return -1;
	char day[16];
	snprintf(day, sizeof day, "%04d-12-31", year);
	bind_text(s, 1, day, 0);
	bind_text(s, 2, day, 0);
	char what[64];
	snprintf(what, sizeof what, "no list of units covers the year %d", year);
	return vintage_row(st, s, out, what, err);
}

static const char SQL_UNIT_INS[] =
	"INSERT INTO unit (vintage, code, name, type, level, parent_code, province_code, district_code) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
#define UNIT_COLS "u.vintage, u.code, u.name, u.type, u.level, u.parent_code, u.province_code, " \
	"u.district_code, v.valid_from, v.valid_to FROM unit u JOIN vintage v ON v.id = u.vintage "
static const char SQL_UNIT_GET[] = "SELECT " UNIT_COLS "WHERE u.vintage = ? AND u.code = ?";
static const char SQL_UNIT_VERSIONS[] = "SELECT " UNIT_COLS "WHERE u.code = ? ORDER BY v.valid_from";
static const char SQL_UNIT_LIST[] =
	"SELECT " UNIT_COLS "WHERE u.vintage = ?1 AND (?2 IS NULL OR u.level = ?2) AND "
	SCOPE_SQL(3, 4, "u.code") " ORDER BY u.code";

static void unit_row(sqlite3_stmt *s, void *row)
{
	struct store_unit *u = row;
	memset(u, 0, sizeof *u);
	COPY(s, 0, u->vintage);
	COPY(s, 1, u->code);
	COPY(s, 2, u->name);
	COPY(s, 3, u->type);
	COPY(s, 4, u->level);
	COPY(s, 5, u->parent);
	COPY(s, 6, u->province);
	COPY(s, 7, u->district);
	COPY(s, 8, u->valid_from);
	COPY(s, 9, u->valid_to);
}

static void bind_unit(sqlite3_stmt *s, int base, const struct store_unit *u);

/* Province/district of a new unit from its parent, unless given. */
static int unit_place(struct store *st, const struct store_unit *u, char prov[4],
		      char dist[4], struct tc_err *err)
{
	prov[0] = dist[0] = '\0';
	if (strcmp(u->level, "province") == 0) {
		snprintf(prov, 4, "%.3s", u->code);
		return 0;
	}
	if (strcmp(u->level, "district") == 0) {
		snprintf(prov, 4, "%.3s", u->parent);
		snprintf(dist, 4, "%.3s", u->code);
		return 0;
	}
	if (u->province[0]) {
		memcpy(prov, u->province, 4);
		memcpy(dist, u->district, 4);
		return 0;
	}
	struct store_unit p;
	if (store_unit_get(st, u->vintage, u->parent, &p, err) != 0)
		return tc_err_set(err, TC_EINPUT, "unit %s: its parent %s is not in the list %s: "
				  "list the parent before its units", u->code, u->parent, u->vintage);
	memcpy(prov, p.province, 4);
	memcpy(dist, p.district, 4);
	return 0;
}

int store_unit_insert(struct store *st, const struct store_unit *u, struct tc_err *err)
{
	char prov[4], dist[4];
	if (unit_place(st, u, prov, dist, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_UNIT_INS, err);
	if (s == NULL)
		return -1;
	/* Static binds (the strings outlive the step), cleared after. */
	struct store_unit placed = *u;
	memcpy(placed.province, prov, 4);
	memcpy(placed.district, dist, 4);
	bind_unit(s, 0, &placed);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
		return tc_err_set(err, TC_ECONFLICT, "unit %s is already in the list %s: remove "
				  "the duplicate row", u->code, u->vintage);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "unit %s (%s) breaks a rule of the list %s "
				  "(unknown parent or list, bad code length or level): %s", u->code,
				  u->name, u->vintage, sqlite3_errmsg(st->db));
	return db_fail(st, rc, "inserting a unit", err);
}

#define UNIT_ROW "(?,?,?,?,?,?,?,?)"
#define UNIT_ROWS4 UNIT_ROW "," UNIT_ROW "," UNIT_ROW "," UNIT_ROW
#define UNIT_BATCH 16
static const char SQL_UNIT_INS16[] =
	"INSERT INTO unit (vintage, code, name, type, level, parent_code, province_code, district_code) "
	"VALUES " UNIT_ROWS4 "," UNIT_ROWS4 "," UNIT_ROWS4 "," UNIT_ROWS4;

static void bind_unit(sqlite3_stmt *s, int base, const struct store_unit *u)
{
	sqlite3_bind_text(s, base + 1, u->vintage, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 2, u->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 3, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 4, u->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 5, u->level, -1, SQLITE_STATIC);
	if (u->parent[0])
		sqlite3_bind_text(s, base + 6, u->parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 7, u->province, -1, SQLITE_STATIC);
	if (u->district[0])
		sqlite3_bind_text(s, base + 8, u->district, -1, SQLITE_STATIC);
}

/* UNIT_BATCH rows in one statement; -1 (err untouched) if it failed, so
 * the caller retries row by row to name the culprit. */
static int insert_batch(struct store *st, const struct store_unit *u, struct tc_err *err)
{
	struct store_unit placed[UNIT_BATCH];
	for (int i = 0; i < UNIT_BATCH; i++) {
		placed[i] = u[i];
		if (unit_place(st, &u[i], placed[i].province, placed[i].district, err) != 0)
			return -2;
	}
	sqlite3_stmt *s = stmt(st, SQL_UNIT_INS16, err);
	if (s == NULL)
		return -2;
	for (int i = 0; i < UNIT_BATCH; i++)
		bind_unit(s, i * 8, &placed[i]);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_unit_insert_many(struct store *st, const struct store_unit *u, size_t n,
			   struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	size_t i = 0;
	int rc = 0;
	while (rc == 0 && i + UNIT_BATCH <= n) {
		int r = insert_batch(st, &u[i], err);
		if (r == -2)
			rc = -1;
		else if (r == -1)
			break; /* the statement undid itself: find the bad row below */
		else
			i += UNIT_BATCH;
	}
	for (; rc == 0 && i < n; i++)
		rc = store_unit_insert(st, &u[i], err);
	return tx_finish(st, rc, err);
}

long store_unit_count(struct store *st, const char *vintage, const char *level,
		      struct tc_err *err)
{
	static const char sql[] = "SELECT count(*) FROM unit WHERE vintage = ? AND (? IS NULL OR level = ?)";
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, vintage, 0);
	bind_text(s, 2, level, 0);
	bind_text(s, 3, level, 0);
	int rc = sqlite3_step(s);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (n < 0)
		db_fail(st, rc, "counting units", err);
	return n;
}

int store_unit_get(struct store *st, const char *vintage, const char *code,
		   struct store_unit *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_UNIT_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, vintage, 0);
	bind_text(s, 2, code, 0);
	int rc = read_one(st, s, unit_row, out, "reading a unit", err);
	if (rc == STEP_NO_ROW)
		return tc_err_set(err, TC_ENOTFOUND, "no unit with code '%.16s' in the list %s",
				  code, vintage);
	return rc;
}

static int each_unit(struct store *st, sqlite3_stmt *s, store_unit_cb cb, void *ctx,
		     struct tc_err *err)
{
	struct store_unit u;
	int got;
	while ((got = next_row(st, s, unit_row, &u, "reading units", err)) == 1)
		if (cb(&u, ctx) != 0)
			return rows_stop(s);
	return got;
}

int store_unit_list(struct store *st, const char *vintage, const char *level,
		    const struct store_scope *scope, store_unit_cb cb, void *ctx,
		    struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_UNIT_LIST, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, vintage, 0);
	bind_text(s, 2, level, 0);
	bind_scope(s, 3, 4, scope);
	return each_unit(st, s, cb, ctx, err);
}

int store_unit_versions(struct store *st, const char *code, store_unit_cb cb, void *ctx,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_UNIT_VERSIONS, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, code, 0);
	return each_unit(st, s, cb, ctx, err);
}

struct years_ctx {
	struct buf b;
};

static int years_cb(const struct store_unit *u, void *ctx)
{
	struct years_ctx *y = ctx;
	buf_printf(&y->b, "%s%s %s (%s..%s)", buf_len(&y->b) ? "; " : "", u->type, u->name,
		   u->valid_from, u->valid_to[0] ? u->valid_to : "now");
	return 0;
}

int store_unit_at_year(struct store *st, const char *code, int year,
		       struct store_unit *out, struct tc_err *err)
{
	struct store_vintage v;
	if (store_vintage_for_year(st, year, &v, err) != 0)
		return -1;
	struct tc_err e2;
	if (store_unit_get(st, v.id, code, out, &e2) == 0)
		return 0;
	if (e2.code != TC_ENOTFOUND) {
		if (err)
			*err = e2;
		return -1;
	}
	struct years_ctx y;
	buf_init(&y.b, 4096);
	if (store_unit_versions(st, code, years_cb, &y, err) != 0) {
		buf_free(&y.b);
		return -1;
	}
	if (buf_len(&y.b))
		tc_err_set(err, TC_ENOTFOUND, "unit %.16s did not exist in %d (list %s); it is "
			   "listed as: %s", code, year, v.id, buf_cstr(&y.b));
	else
		tc_err_set(err, TC_ENOTFOUND, "unit %.16s is in none of the lists of units: "
			   "check the code (GSO codes: province 2 digits, district 3, commune 5)",
			   code);
	buf_free(&y.b);
	return -1;
}

int store_vintage_clear(struct store *st, const char *vintage, struct tc_err *err)
{
	static const char del_lin[] = "DELETE FROM unit_lineage WHERE old_vintage = ? OR new_vintage = ?";
	static const char del_com[] = "DELETE FROM unit WHERE vintage = ? AND level = 'commune'";
	static const char del_dis[] = "DELETE FROM unit WHERE vintage = ? AND level = 'district'";
	static const char del_pro[] = "DELETE FROM unit WHERE vintage = ?";
	const char *const sqls[] = {del_lin, del_com, del_dis, del_pro};
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = 0;
	long before = store_unit_count(st, vintage, NULL, err);
	if (before < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < 4; i++) {
		sqlite3_stmt *s = stmt(st, sqls[i], err);
		if (s == NULL) {
			rc = -1;
			break;
		}
		bind_text(s, 1, vintage, 0);
		if (i == 0)
			bind_text(s, 2, vintage, 0);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			rc = (r & 0xff) == SQLITE_CONSTRAINT
				     ? tc_err_set(err, TC_ECONFLICT, "list %s: assessments or "
						  "officials refer to its units; it cannot be "
						  "replaced", vintage)
				     : db_fail(st, r, "removing units", err);
	}
	if (rc == 0 && before > 0) {
		char b[48];
		snprintf(b, sizeof b, "{\"units\":%ld}", before);
		rc = store_audit_append(st, "delete", "unit", vintage, b, NULL, err);
	}
	return tx_finish(st, rc, err);
}

/* ---- Lineage --------------------------------------------------------------- */

static const char SQL_LIN_INS[] =
	"INSERT INTO unit_lineage (old_vintage, old_code, new_vintage, new_code, relation, note) "
	"VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LIN_SUCC[] =
	"SELECT old_vintage, old_code, new_vintage, new_code, relation, note FROM unit_lineage "
	"WHERE old_vintage = ? AND old_code = ? ORDER BY new_vintage, new_code";
static const char SQL_LIN_PRED[] =
	"SELECT old_vintage, old_code, new_vintage, new_code, relation, note FROM unit_lineage "
	"WHERE new_vintage = ? AND new_code = ? ORDER BY old_vintage, old_code";

int store_lineage_insert(struct store *st, const struct store_lineage *l, struct tc_err *err)
{
	struct store_unit u;
	if (store_unit_get(st, l->new_vintage, l->new_code, &u, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_LIN_INS, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, l->old_vintage, 0);
	bind_text(s, 2, l->old_code, 0);
	bind_text(s, 3, l->new_vintage, 0);
	bind_text(s, 4, l->new_code, 0);
	bind_text(s, 5, l->relation, 0);
	bind_text(s, 6, l->note, 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return tc_err_set(err, TC_ECONFLICT, "lineage %s -> %s is listed twice: remove "
				  "the duplicate row", l->old_code, l->new_code);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "lineage %s -> %s: relation must be full, "
				  "partial or same-code, lists must be known and in order",
				  l->old_code, l->new_code);
	return db_fail(st, rc, "inserting lineage", err);
}

static void lineage_row(sqlite3_stmt *s, void *row)
{
	struct store_lineage *l = row;
	memset(l, 0, sizeof *l);
	COPY(s, 0, l->old_vintage);
	COPY(s, 1, l->old_code);
	COPY(s, 2, l->new_vintage);
	COPY(s, 3, l->new_code);
	COPY(s, 4, l->relation);
	COPY(s, 5, l->note);
}

static int each_lineage(struct store *st, const char *sql, const char *vintage,
			const char *code, store_lineage_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, vintage, 0);
	bind_text(s, 2, code, 0);
	struct store_lineage l;
	int got;
	while ((got = next_row(st, s, lineage_row, &l, "reading lineage", err)) == 1)
		if (cb(&l, ctx) != 0)
			return rows_stop(s);
	return got;
}

int store_lineage_successors(struct store *st, const char *vintage, const char *code,
			     store_lineage_cb cb, void *ctx, struct tc_err *err)
{
	return each_lineage(st, SQL_LIN_SUCC, vintage, code, cb, ctx, err);
}

int store_lineage_predecessors(struct store *st, const char *vintage, const char *code,
			       store_lineage_cb cb, void *ctx, struct tc_err *err)
{
	return each_lineage(st, SQL_LIN_PRED, vintage, code, cb, ctx, err);
}

static const char SQL_LIN_CLEAR[] =
	"DELETE FROM unit_lineage WHERE old_vintage = ? AND new_vintage = ?";
static const char SQL_LIN_CLEAR_SAME[] =
	"DELETE FROM unit_lineage WHERE old_vintage = ? AND new_vintage = ? AND relation = 'same-code'";
static const char SQL_LIN_SAME[] =
	"INSERT INTO unit_lineage (old_vintage, old_code, new_vintage, new_code, relation, note) "
	"SELECT o.vintage, o.code, n.vintage, n.code, 'same-code', '' FROM unit o "
	"JOIN unit n ON n.code = o.code AND n.level = o.level WHERE o.vintage = ? AND n.vintage = ?";

static int lineage_exec(struct store *st, const char *sql, const char *a, const char *b,
			long *n, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, a, 0);
	bind_text(s, 2, b, 0);
	if (step_done(st, s, "updating lineage", err) != 0)
		return -1;
	if (n)
		*n = (long)sqlite3_changes(st->db);
	return 0;
}

int store_lineage_clear(struct store *st, const char *old_vintage, const char *new_vintage,
			struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	long n = 0;
	int rc = lineage_exec(st, SQL_LIN_CLEAR, old_vintage, new_vintage, &n, err);
	if (rc == 0 && n > 0) {
		char b[48], key[32];
		snprintf(b, sizeof b, "{\"rows\":%ld}", n);
		snprintf(key, sizeof key, "%.7s->%.7s", old_vintage, new_vintage);
		rc = store_audit_append(st, "delete", "unit_lineage", key, b, NULL, err);
	}
	return tx_finish(st, rc, err);
}

int store_lineage_derive_same_code(struct store *st, const char *old_vintage,
				   const char *new_vintage, long *n, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = lineage_exec(st, SQL_LIN_CLEAR_SAME, old_vintage, new_vintage, NULL, err);
	if (rc == 0)
		rc = lineage_exec(st, SQL_LIN_SAME, old_vintage, new_vintage, n, err);
	return tx_finish(st, rc, err);
}

long store_lineage_count(struct store *st, const char *old_vintage, struct tc_err *err)
{
	static const char sql[] = "SELECT count(*) FROM unit_lineage WHERE old_vintage = ?";
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, old_vintage, 0);
	int rc = sqlite3_step(s);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (n < 0)
		db_fail(st, rc, "counting lineage", err);
	return n;
}

/* ---- Officials ------------------------------------------------------------ */

static const char SQL_OFF_INS[] =
	"INSERT INTO official (vintage, unit_code, full_name, position, phone, email, source) "
	"VALUES (?, ?, ?, ?, ?, ?, ?)";
#define OFF_COLS "SELECT o.id, o.vintage, o.unit_code, o.full_name, o.position, o.phone, " \
	"o.email, o.source FROM official o JOIN unit u ON u.vintage = o.vintage AND u.code = o.unit_code "
static const char SQL_OFF_GET[] = OFF_COLS "WHERE o.id = ?1 AND " SCOPE_SQL(2, 3, "u.code");
static const char SQL_OFF_LIST[] =
	OFF_COLS "WHERE (?1 IS NULL OR o.unit_code = ?1) AND " SCOPE_SQL(2, 3, "u.code")
	" ORDER BY o.unit_code, o.id";
static const char SQL_OFF_SNAP[] = "SELECT * FROM official WHERE id = ?";

int store_official_add(struct store *st, const struct store_official *o, int64_t *id,
		       struct tc_err *err)
{
	if (o->full_name[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "an official needs a full name");
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_OFF_INS, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, o->vintage, 0);
		bind_text(s, 2, o->unit_code, 0);
		bind_text(s, 3, o->full_name, 0);
		bind_text(s, 4, o->position, 0);
		bind_text(s, 5, o->phone, 0);
		bind_text(s, 6, o->email, 0);
		bind_text(s, 7, o->source[0] ? o->source : "entered", 0);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			rc = (r & 0xff) == SQLITE_CONSTRAINT
				     ? tc_err_set(err, TC_EINPUT, "official %s: unit %s is not in "
						  "the list %s (or bad source)", o->full_name,
						  o->unit_code, o->vintage)
				     : db_fail(st, r, "adding an official", err);
	}
	int64_t nid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)nid);
	if (rc == 0)
		rc = audit_change(st, "insert", "official", key, NULL, SQL_OFF_SNAP, nid, NULL, NULL, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

static void official_row(sqlite3_stmt *s, void *row)
{
	struct store_official *o = row;
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, o->vintage);
	COPY(s, 2, o->unit_code);
	COPY(s, 3, o->full_name);
	COPY(s, 4, o->position);
	COPY(s, 5, o->phone);
	COPY(s, 6, o->email);
	COPY(s, 7, o->source);
}

int store_official_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_official *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_OFF_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_scope(s, 2, 3, scope);
	return one_row(st, s, official_row, out, "official", id, "reading an official", err);
}

int store_official_list(struct store *st, const char *unit_code,
			const struct store_scope *scope, store_official_cb cb, void *ctx,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_OFF_LIST, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, unit_code, 0);
	bind_scope(s, 2, 3, scope);
	struct store_official o;
	int got;
	while ((got = next_row(st, s, official_row, &o, "reading officials", err)) == 1)
		if (cb(&o, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* ---- Users and sessions -------------------------------------------------- */

static const char SQL_USER_INS[] =
	"INSERT INTO app_user (username, display_name, password_hash, role, scope_kind, scope_code, "
	"official_id, active, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?9)";
#define USER_COLS "SELECT id, username, display_name, password_hash, role, scope_kind, " \
	"scope_code, official_id, active, created_at, password_changed_at FROM app_user "
static const char SQL_USER_GET[] = USER_COLS "WHERE username = ?";
/* The audit snapshot leaves out the password hash. */
static const char SQL_USER_SNAP[] =
	"SELECT id, username, display_name, role, scope_kind, scope_code, official_id, active, "
	"created_at FROM app_user WHERE id = ?";
static const char SQL_USER_ACTIVE[] = "UPDATE app_user SET active = ? WHERE id = ?";

static const char *const scope_kinds[] = {"all", "province", "district", "unit"};

int store_user_add(struct store *st, const struct store_user *u, int64_t *id,
		   struct tc_err *err)
{
	if (u->scope.kind < STORE_SCOPE_ALL || u->scope.kind > STORE_SCOPE_UNIT)
		return tc_err_set(err, TC_EINPUT, "user %s: bad scope", u->username);
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_USER_INS, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, u->username, 0);
		bind_text(s, 2, u->display_name, 0);
		bind_text(s, 3, u->password_hash, 0);
		bind_text(s, 4, u->role, 0);
		bind_text(s, 5, scope_kinds[u->scope.kind], 0);
		bind_text(s, 6, u->scope.kind == STORE_SCOPE_ALL ? "" : u->scope.code, 0);
		if (u->official_id > 0)
			sqlite3_bind_int64(s, 7, u->official_id);
		sqlite3_bind_int(s, 8, u->active ? 1 : 0);
		bind_text(s, 9, now, 0);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r == SQLITE_CONSTRAINT_UNIQUE)
			rc = tc_err_set(err, TC_ECONFLICT, "user name '%s' is taken: choose another",
					u->username);
		else if (r != SQLITE_DONE)
			rc = (r & 0xff) == SQLITE_CONSTRAINT
				     ? tc_err_set(err, TC_EINPUT, "user %s: bad role, scope or "
						  "official (role must be commune, reviewer, council "
						  "or admin)", u->username)
				     : db_fail(st, r, "adding a user", err);
	}
	int64_t nid = sqlite3_last_insert_rowid(st->db);
	if (rc == 0)
		rc = audit_change(st, "insert", "app_user", u->username, NULL, SQL_USER_SNAP, nid,
				  NULL, NULL, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

static void user_row(sqlite3_stmt *s, void *row)
{
	struct store_user *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, out->username);
	COPY(s, 2, out->display_name);
	COPY(s, 3, out->password_hash);
	COPY(s, 4, out->role);
	char kind[16];
	COPY(s, 5, kind);
	for (int k = 0; k < 4; k++)
		if (strcmp(kind, scope_kinds[k]) == 0)
			out->scope.kind = (enum store_scope_kind)k;
	COPY(s, 6, out->scope.code);
	out->official_id = sqlite3_column_int64(s, 7);
	out->active = sqlite3_column_int(s, 8);
	COPY(s, 9, out->created_at);
	COPY(s, 10, out->password_changed_at);
}

int store_user_get(struct store *st, const char *username, struct store_user *out,
		   struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_USER_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, username, 0);
	int rc = read_one(st, s, user_row, out, "reading a user", err);
	if (rc == STEP_NO_ROW)
		return tc_err_set(err, TC_ENOTFOUND, "no user called '%.64s'", username);
	return rc;
}

int store_user_set_active(struct store *st, int64_t id, int active, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	char *before;
	sqlite3_stmt *s = update_start(st, SQL_USER_SNAP, SQL_USER_ACTIVE, "user", id, &before, err);
	int rc = s ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int(s, 1, active ? 1 : 0);
		sqlite3_bind_int64(s, 2, id);
		rc = step_done(st, s, "updating a user", err);
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (rc == 0)
		rc = audit_change(st, "update", "app_user", key, before, SQL_USER_SNAP, id, NULL,
				  NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

static const char SQL_SES_INS[] =
	"INSERT INTO session (token_hash, user_id, created_at, expires_at, csrf, last_seen) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_SES_GET[] =
	"SELECT token_hash, user_id, created_at, expires_at, csrf, last_seen FROM session "
	"WHERE token_hash = ? AND expires_at > ?";
static const char SQL_SES_DEL[] = "DELETE FROM session WHERE token_hash = ?";
static const char SQL_SES_PURGE[] = "DELETE FROM session WHERE expires_at <= ?";

/* Sessions are audited by user and hash prefix only: the log must not hold
 * anything that identifies a live session. */
static int audit_session(struct store *st, const char *action, const char *hash,
			 int64_t user_id, struct tc_err *err)
{
	char key[24], after[64];
	snprintf(key, sizeof key, "%.8s", hash);
	snprintf(after, sizeof after, "{\"user_id\":%lld}", (long long)user_id);
	return store_audit_append(st, action, "session", key, NULL, after, err);
}

int store_session_add(struct store *st, const struct store_session *se, struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_SES_INS, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, se->token_hash, 0);
		sqlite3_bind_int64(s, 2, se->user_id);
		const char *created = se->created_at[0] ? se->created_at : now;
		bind_text(s, 3, created, 0);
		bind_text(s, 4, se->expires_at, 0);
		bind_text(s, 5, se->csrf, 0);
		bind_text(s, 6, se->last_seen[0] ? se->last_seen : created, 0);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			rc = (r & 0xff) == SQLITE_CONSTRAINT
				     ? tc_err_set(err, TC_EINPUT, "session: unknown user, duplicate "
						  "token, a hash that is not 64 hex digits, or an "
						  "expiry not after its creation")
				     : db_fail(st, r, "adding a session", err);
	}
	if (rc == 0)
		rc = audit_session(st, "insert", se->token_hash, se->user_id, err);
	return tx_finish(st, rc, err);
}

int store_session_get(struct store *st, const char *token_hash, struct store_session *out,
		      struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	sqlite3_stmt *s = stmt(st, SQL_SES_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, token_hash, 0);
	bind_text(s, 2, now, 0);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		COPY(s, 0, out->token_hash);
		out->user_id = sqlite3_column_int64(s, 1);
		COPY(s, 2, out->created_at);
		COPY(s, 3, out->expires_at);
		COPY(s, 4, out->csrf);
		COPY(s, 5, out->last_seen);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "no such session, or it has expired: sign in again");
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "reading a session", err);
}

int store_session_delete(struct store *st, const char *token_hash, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_SES_DEL, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, token_hash, 0);
		rc = step_done(st, s, "deleting a session", err);
	}
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = tc_err_set(err, TC_ENOTFOUND, "no such session");
	if (rc == 0)
		rc = audit_session(st, "delete", token_hash, 0, err);
	return tx_finish(st, rc, err);
}

int store_session_purge(struct store *st, long *n, struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_SES_PURGE, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, now, 0);
		rc = step_done(st, s, "purging sessions", err);
	}
	long k = rc == 0 ? (long)sqlite3_changes(st->db) : 0;
	if (rc == 0 && k > 0) {
		char after[48];
		snprintf(after, sizeof after, "{\"purged\":%ld}", k);
		rc = store_audit_append(st, "purge", "session", "expired", NULL, after, err);
	}
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (n)
		*n = k;
	return 0;
}

/* ---- Assessments ------------------------------------------------------------ */

#define ASM_COLS "SELECT id, year, vintage, unit_code, province_code, district_code, ruleset_id, " \
	"ruleset_version, status, source, commune_class, total_pts, recognised, version, " \
	"created_at, self_assessed_at, posted_at, reviewed_at, decided_at, updated_at, " \
	"submitted_at, returned_at, council_at FROM assessment "
static const char SQL_ASM_GET[] = ASM_COLS "WHERE id = ?1 AND " SCOPE_SQL(2, 3, "unit_code");
static const char SQL_ASM_FIND[] =
	ASM_COLS "WHERE unit_code = ?1 AND year = ?4 AND " SCOPE_SQL(2, 3, "unit_code");
static const char SQL_ASM_LIST[] =
	ASM_COLS "WHERE (?1 = 0 OR year = ?1) AND " SCOPE_SQL(2, 3, "unit_code")
	" ORDER BY year, unit_code";
/* The two common shapes get their own statement, as the generic one's ORs
 * keep the planner from the indexes: one unit's assessments of every year
 * (a commune page lists its predecessors' results: a full scan per
 * predecessor took 0.26 s on the national data) and one province's year. */
static const char SQL_ASM_LIST_UNIT[] =
	ASM_COLS "WHERE unit_code = ?3 AND ?2 = 'unit' AND (?1 = 0 OR year = ?1)"
	" ORDER BY year, unit_code";
static const char SQL_ASM_LIST_PROV[] =
	ASM_COLS "WHERE year = ?1 AND province_code = ?3 AND ?2 = 'province'"
	" ORDER BY year, unit_code";
static const char SQL_ASM_SNAP[] = "SELECT * FROM assessment WHERE id = ?";
static const char SQL_ASM_INS[] =
	"INSERT INTO assessment (year, vintage, unit_code, province_code, district_code, ruleset_id, "
	"ruleset_version, status, source, commune_class, total_pts, recognised, version, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
static const char SQL_ASM_VER[] = "SELECT version FROM assessment WHERE id = ?";
static const char SQL_ASM_BUMP[] =
	"UPDATE assessment SET version = version + 1, updated_at = ? WHERE id = ?";
static const char SQL_ASM_RESULT[] =
	"UPDATE assessment SET total_pts = ?, recognised = ? WHERE id = ?";
static const char SQL_ASM_DEL[] = "DELETE FROM assessment WHERE id = ?";

static void assessment_row(sqlite3_stmt *s, void *row)
{
	struct store_assessment *a = row;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, 0);
	a->year = sqlite3_column_int(s, 1);
	COPY(s, 2, a->vintage);
	COPY(s, 3, a->unit_code);
	COPY(s, 4, a->province);
	COPY(s, 5, a->district);
	COPY(s, 6, a->ruleset_id);
	COPY(s, 7, a->ruleset_version);
	COPY(s, 8, a->status);
	COPY(s, 9, a->source);
	COPY(s, 10, a->commune_class);
	a->total = col_pts(s, 11);
	a->recognised = sqlite3_column_type(s, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 12);
	a->version = sqlite3_column_int64(s, 13);
	COPY(s, 14, a->created_at);
	COPY(s, 15, a->self_assessed_at);
	COPY(s, 16, a->posted_at);
	COPY(s, 17, a->reviewed_at);
	COPY(s, 18, a->decided_at);
	COPY(s, 19, a->updated_at);
	COPY(s, 20, a->submitted_at);
	COPY(s, 21, a->returned_at);
	COPY(s, 22, a->council_at);
}

static int one_assessment(struct store *st, sqlite3_stmt *s, struct store_assessment *out,
			  const char *what, struct tc_err *err)
{
	int rc = read_one(st, s, assessment_row, out, "reading an assessment", err);
	if (rc == STEP_NO_ROW)
		return tc_err_set(err, TC_ENOTFOUND, "%s", what);
	return rc;
}

int store_assessment_get(struct store *st, int64_t id, const struct store_scope *scope,
			 struct store_assessment *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_ASM_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_scope(s, 2, 3, scope);
	char what[64];
	snprintf(what, sizeof what, "no assessment with id %lld", (long long)id);
	return one_assessment(st, s, out, what, err);
}

int store_assessment_find(struct store *st, const char *unit_code, int year,
			  const struct store_scope *scope, struct store_assessment *out,
			  struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_ASM_FIND, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, unit_code, 0);
	bind_scope(s, 2, 3, scope);
	sqlite3_bind_int(s, 4, year);
	char what[80];
	snprintf(what, sizeof what, "no assessment of unit %.8s for %d", unit_code, year);
	return one_assessment(st, s, out, what, err);
}

int store_assessment_list(struct store *st, int year, const struct store_scope *scope,
			  store_assessment_cb cb, void *ctx, struct tc_err *err)
{
	const char *sql = SQL_ASM_LIST;
	if (scope && scope->kind == STORE_SCOPE_UNIT)
		sql = SQL_ASM_LIST_UNIT;
	else if (scope && scope->kind == STORE_SCOPE_PROVINCE && year != 0)
		sql = SQL_ASM_LIST_PROV;
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	struct store_assessment a;
	int got;
	while ((got = next_row(st, s, assessment_row, &a, "reading assessments", err)) == 1)
		if (cb(&a, ctx) != 0)
			return rows_stop(s);
	return got;
}

static int assessment_insert(struct store *st, const struct store_assessment *a,
			     const struct store_unit *u, const char *now, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_ASM_INS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, a->year);
	bind_text(s, 2, u->vintage, 0);
	bind_text(s, 3, u->code, 0);
	bind_text(s, 4, u->province, 0);
	bind_text(s, 5, u->district, 1);
	bind_text(s, 6, a->ruleset_id, 0);
	bind_text(s, 7, a->ruleset_version, 0);
	bind_text(s, 8, a->status[0] ? a->status : "draft", 0);
	bind_text(s, 9, a->source[0] ? a->source : "entered", 0);
	bind_text(s, 10, a->commune_class, 1);
	bind_pts(s, 11, a->total);
	if (a->recognised >= 0)
		sqlite3_bind_int(s, 12, a->recognised ? 1 : 0);
	bind_text(s, 13, now, 0);
	bind_text(s, 14, now, 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return tc_err_set(err, TC_ECONFLICT, "unit %s already has an assessment for %d: "
				  "edit that one instead", a->unit_code, a->year);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "assessment of %s for %d: bad status, source, "
				  "class or rule set (%s)", a->unit_code, a->year,
				  sqlite3_errmsg(st->db));
	return db_fail(st, rc, "adding an assessment", err);
}

int store_assessment_add(struct store *st, const struct store_assessment *a, int64_t *id,
			 struct tc_err *err)
{
	struct store_unit u;
	if (store_unit_at_year(st, a->unit_code, a->year, &u, err) != 0) {
		if (err && err->code == TC_ENOTFOUND)
			err->code = TC_EINPUT; /* the caller's input names a unit that was not there */
		return -1;
	}
	if (strcmp(u.level, "commune") != 0)
		return tc_err_set(err, TC_EINPUT, "unit %s is a %s, not a commune: assessments "
				  "are per commune", u.code, u.level);
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = assessment_insert(st, a, &u, now, err);
	int64_t nid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)nid);
	if (rc == 0)
		rc = audit_change(st, "insert", "assessment", key, NULL, SQL_ASM_SNAP, nid, NULL,
				  NULL, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

/* Checks the version (expected < 0: any), bumps it and the update time. */
static int asm_touch(struct store *st, int64_t id, int64_t expected, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_ASM_VER, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "no assessment with id %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, "reading an assessment", err);
	if (expected >= 0 && v != expected)
		return tc_err_set(err, TC_ECONFLICT, "assessment %lld was changed by someone else "
				  "(version %lld, you had %lld): reload it and apply your change again",
				  (long long)id, (long long)v, (long long)expected);
	char now[21];
	store_now(st, now);
	if ((s = stmt(st, SQL_ASM_BUMP, err)) == NULL)
		return -1;
	bind_text(s, 1, now, 0);
	sqlite3_bind_int64(s, 2, id);
	return step_done(st, s, "updating an assessment", err);
}

/* Runs `body` on assessment `id` inside a transaction with the version
 * check, auditing the row before and after. */
static int asm_update(struct store *st, int64_t id, int64_t expected, const char *action,
		      int (*body)(struct store *, int64_t, const void *, struct tc_err *),
		      const void *arg, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_ASM_SNAP, id, NULL, NULL, &fail, err);
	int rc = fail ? -1 : asm_touch(st, id, expected, err);
	if (rc == 0)
		rc = body(st, id, arg, err);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (rc == 0)
		rc = audit_change(st, action, "assessment", key, before,
				  strcmp(action, "delete") ? SQL_ASM_SNAP : NULL, id, NULL, NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

static int status_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	/* Column names are fixed strings chosen here, never input. */
	static const struct {
		const char *status, *sql;
	} steps[] = {
		{"draft", "UPDATE assessment SET status = ? WHERE id = ?"},
		{"signed", "UPDATE assessment SET status = ?, self_assessed_at = ? WHERE id = ?"},
		{"submitted", "UPDATE assessment SET status = ?, submitted_at = ? WHERE id = ?"},
		{"returned", "UPDATE assessment SET status = ?, returned_at = ? WHERE id = ?"},
		{"reviewed", "UPDATE assessment SET status = ?, reviewed_at = ? WHERE id = ?"},
		{"council", "UPDATE assessment SET status = ?, council_at = ? WHERE id = ?"},
		{"recognised", "UPDATE assessment SET status = ?, decided_at = ? WHERE id = ?"},
		{"not_recognised", "UPDATE assessment SET status = ?, decided_at = ? WHERE id = ?"},
	};
	const char *status = arg;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (strcmp(status, steps[i].status) != 0)
			continue;
		sqlite3_stmt *s = stmt(st, steps[i].sql, err);
		if (s == NULL)
			return -1;
		char now[21];
		store_now(st, now);
		bind_text(s, 1, status, 0);
		if (i == 0) {
			sqlite3_bind_int64(s, 2, id);
		} else {
			bind_text(s, 2, now, 0);
			sqlite3_bind_int64(s, 3, id);
		}
		return step_done(st, s, "changing an assessment's status", err);
	}
	return tc_err_set(err, TC_EINPUT, "unknown status '%.32s': use draft, signed, submitted, "
			  "returned, reviewed, council, recognised or not_recognised", status);
}

int store_assessment_set_status(struct store *st, int64_t id, int64_t expected_version,
				const char *status, struct tc_err *err)
{
	return asm_update(st, id, expected_version, "update", status_body, status, err);
}

struct result_arg {
	tc_pts total;
	int recognised;
};

static int result_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct result_arg *r = arg;
	sqlite3_stmt *s = stmt(st, SQL_ASM_RESULT, err);
	if (s == NULL)
		return -1;
	bind_pts(s, 1, r->total);
	if (r->recognised >= 0)
		sqlite3_bind_int(s, 2, r->recognised ? 1 : 0);
	sqlite3_bind_int64(s, 3, id);
	return step_done(st, s, "recording a result", err);
}

int store_assessment_set_result(struct store *st, int64_t id, int64_t expected_version,
				tc_pts total, int recognised, struct tc_err *err)
{
	struct result_arg r = {total, recognised};
	return asm_update(st, id, expected_version, "update", result_body, &r, err);
}

static int delete_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	(void)arg;
	sqlite3_stmt *s = stmt(st, SQL_ASM_DEL, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s, "deleting an assessment", err);
}

int store_assessment_delete(struct store *st, int64_t id, int64_t expected_version,
			    struct tc_err *err)
{
	return asm_update(st, id, expected_version, "delete", delete_body, NULL, err);
}

/* ---- Inputs and indicators ---------------------------------------------- */

static const char SQL_IN_SET[] =
	"INSERT INTO input_value (assessment_id, item_code, field, value) VALUES (?, ?, ?, ?) "
	"ON CONFLICT (assessment_id, item_code, field) DO UPDATE SET value = excluded.value";
static const char SQL_IN_SNAP[] =
	"SELECT * FROM input_value WHERE assessment_id = ? AND item_code = ? AND field = ?";
static const char SQL_IN_LIST[] =
	"SELECT item_code, field, value FROM input_value WHERE assessment_id = ? "
	"ORDER BY item_code, field";

struct input_arg {
	const struct store_input *in;
	char *before;
};

static int input_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct store_input *in = arg;
	sqlite3_stmt *s = stmt(st, SQL_IN_SET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, in->item, 0);
	bind_text(s, 3, in->field, 0);
	bind_text(s, 4, in->value, 0);
	int rc = step_write(st, s, "storing an input", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "input needs an item and a field");
	return rc;
}

int store_input_set(struct store *st, int64_t assessment_id, const struct store_input *in,
		    struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_IN_SNAP, assessment_id, in->item, in->field, &fail, err);
	int rc = fail ? -1 : asm_touch(st, assessment_id, -1, err);
	if (rc == 0)
		rc = input_body(st, assessment_id, in, err);
	char key[128];
	snprintf(key, sizeof key, "%lld/%.30s/%.30s", (long long)assessment_id, in->item, in->field);
	if (rc == 0)
		rc = audit_change(st, before ? "update" : "insert", "input_value", key, before,
				  SQL_IN_SNAP, assessment_id, in->item, in->field, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

static void input_row(sqlite3_stmt *s, void *row)
{
	struct store_input *in = row;
	memset(in, 0, sizeof *in);
	COPY(s, 0, in->item);
	COPY(s, 1, in->field);
	COPY(s, 2, in->value);
}

int store_input_list(struct store *st, int64_t assessment_id, store_input_cb cb, void *ctx,
		     struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_IN_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	struct store_input in;
	int got;
	while ((got = next_row(st, s, input_row, &in, "reading inputs", err)) == 1)
		if (cb(&in, ctx) != 0)
			return rows_stop(s);
	return got;
}

static const char SQL_IND_SET[] =
	"INSERT INTO indicator_value (assessment_id, item_code, computed_pts, self_pts, reviewed_pts, "
	"comment, official_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT (assessment_id, item_code) DO UPDATE SET computed_pts = excluded.computed_pts, "
	"self_pts = excluded.self_pts, reviewed_pts = excluded.reviewed_pts, "
	"comment = excluded.comment, official_id = excluded.official_id";
static const char SQL_IND_SNAP[] =
	"SELECT * FROM indicator_value WHERE assessment_id = ? AND item_code = ?";
#define IND_COLS "SELECT item_code, computed_pts, self_pts, reviewed_pts, comment, official_id " \
	"FROM indicator_value WHERE assessment_id = ? "
static const char SQL_IND_GET[] = IND_COLS "AND item_code = ?";
static const char SQL_IND_LIST[] = IND_COLS "ORDER BY item_code";

static int indicator_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct store_indicator *v = arg;
	sqlite3_stmt *s = stmt(st, SQL_IND_SET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, v->item, 0);
	bind_pts(s, 3, v->computed);
	bind_pts(s, 4, v->self);
	bind_pts(s, 5, v->reviewed);
	bind_text(s, 6, v->comment, 0);
	if (v->official_id > 0)
		sqlite3_bind_int64(s, 7, v->official_id);
	int rc = step_write(st, s, "storing an indicator", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "indicator %s: empty code or unknown official %lld",
				  v->item, (long long)v->official_id);
	return rc;
}

int store_indicator_set(struct store *st, int64_t assessment_id,
			const struct store_indicator *v, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_IND_SNAP, assessment_id, v->item, NULL, &fail, err);
	int rc = fail ? -1 : asm_touch(st, assessment_id, -1, err);
	if (rc == 0)
		rc = indicator_body(st, assessment_id, v, err);
	char key[64];
	snprintf(key, sizeof key, "%lld/%.30s", (long long)assessment_id, v->item);
	if (rc == 0)
		rc = audit_change(st, before ? "update" : "insert", "indicator_value", key, before,
				  SQL_IND_SNAP, assessment_id, v->item, NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

static void indicator_row(sqlite3_stmt *s, void *row)
{
	struct store_indicator *v = row;
	memset(v, 0, sizeof *v);
	COPY(s, 0, v->item);
	v->computed = col_pts(s, 1);
	v->self = col_pts(s, 2);
	v->reviewed = col_pts(s, 3);
	COPY(s, 4, v->comment);
	v->official_id = sqlite3_column_int64(s, 5);
}

int store_indicator_get(struct store *st, int64_t assessment_id, const char *item,
			struct store_indicator *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_IND_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	bind_text(s, 2, item, 0);
	int rc = read_one(st, s, indicator_row, out, "reading an indicator", err);
	if (rc == STEP_NO_ROW)
		return tc_err_set(err, TC_ENOTFOUND, "assessment %lld has no value for indicator %.30s",
				  (long long)assessment_id, item);
	return rc;
}

int store_indicator_list(struct store *st, int64_t assessment_id, store_indicator_cb cb,
			 void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_IND_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	struct store_indicator v;
	int got;
	while ((got = next_row(st, s, indicator_row, &v, "reading indicators", err)) == 1)
		if (cb(&v, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* ---- Evidence ---------------------------------------------------------------- */

int store_evidence_type_ok(const char *mime_type)
{
	static const char *const ok[] = {
		"application/pdf", "image/jpeg", "image/png", "application/msword",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.oasis.opendocument.text",
		"application/vnd.oasis.opendocument.spreadsheet",
	};
	for (size_t i = 0; mime_type && i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(mime_type, ok[i]) == 0)
			return 1;
	return 0;
}

static const char SQL_BLOB_INS[] =
	"INSERT INTO evidence_blob (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING";
static const char SQL_EV_INS[] =
	"INSERT INTO evidence (assessment_id, item_code, sha256, original_name, mime_type, size, "
	"uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EV_SNAP[] =
	"SELECT id, assessment_id, item_code, sha256, original_name, mime_type, size, uploaded_at, "
	"uploaded_by FROM evidence WHERE id = ?";
static const char SQL_EV_LIST[] =
	"SELECT id, assessment_id, item_code, sha256, original_name, mime_type, size, uploaded_at, "
	"uploaded_by FROM evidence WHERE assessment_id = ? ORDER BY id";
static const char SQL_BLOB_GET[] = "SELECT content FROM evidence_blob WHERE sha256 = ?";

static int evidence_check(const char *name, const char *mime, size_t len, struct tc_err *err)
{
	if (len == 0)
		return tc_err_set(err, TC_EINPUT, "evidence file '%.100s' is empty", name ? name : "");
	if (len > STORE_EVIDENCE_MAX)
		return tc_err_set(err, TC_EINPUT, "evidence file '%.100s' is %zu bytes; the limit is "
				  "%zu MiB: scan at a lower resolution or split it", name, len,
				  STORE_EVIDENCE_MAX >> 20);
	if (name == NULL || name[0] == '\0' || strlen(name) > 255)
		return tc_err_set(err, TC_EINPUT, "evidence needs a file name of 1 to 255 bytes");
	if (!store_evidence_type_ok(mime))
		return tc_err_set(err, TC_EINPUT, "evidence file '%.100s' has type '%.80s', which "
				  "is not accepted: send PDF, JPEG, PNG, Word, Excel or "
				  "OpenDocument files", name, mime ? mime : "");
	return 0;
}

static int evidence_body(struct store *st, int64_t aid, const char *item, const char *name,
			 const char *mime, const void *data, size_t len, const char *hex,
			 struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_BLOB_INS, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, hex, 0);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
	sqlite3_bind_blob(s, 3, data, (int)len, SQLITE_STATIC);
	if (step_done(st, s, "storing evidence", err) != 0)
		return -1;
	char now[21];
	store_now(st, now);
	if ((s = stmt(st, SQL_EV_INS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	bind_text(s, 2, item ? item : "", 0);
	bind_text(s, 3, hex, 0);
	bind_text(s, 4, name, 0);
	bind_text(s, 5, mime, 0);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)len);
	bind_text(s, 7, now, 0);
	bind_text(s, 8, st->actor, 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return tc_err_set(err, TC_ECONFLICT, "this file ('%.100s') is already attached there",
				  name);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "no assessment with id %lld", (long long)aid);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, "storing evidence", err);
}

static void evidence_row(sqlite3_stmt *s, void *row)
{
	struct store_evidence *e = row;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(s, 0);
	e->assessment_id = sqlite3_column_int64(s, 1);
	COPY(s, 2, e->item);
	COPY(s, 3, e->sha256);
	COPY(s, 4, e->original_name);
	COPY(s, 5, e->mime_type);
	e->size = sqlite3_column_int64(s, 6);
	COPY(s, 7, e->uploaded_at);
	COPY(s, 8, e->uploaded_by);
}

int store_evidence_add(struct store *st, int64_t assessment_id, const char *item,
		       const char *original_name, const char *mime_type,
		       const void *data, size_t len, struct store_evidence *out,
		       struct tc_err *err)
{
	if (evidence_check(original_name, mime_type, len, err) != 0)
		return -1;
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = asm_touch(st, assessment_id, -1, err);
	if (rc == 0)
		rc = evidence_body(st, assessment_id, item, original_name, mime_type, data, len,
				   hex, err);
	int64_t eid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)eid);
	if (rc == 0)
		rc = audit_change(st, "insert", "evidence", key, NULL, SQL_EV_SNAP, eid, NULL, NULL, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (out) {
		sqlite3_stmt *s = stmt(st, SQL_EV_SNAP, err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, eid);
		if (sqlite3_step(s) == SQLITE_ROW)
			evidence_row(s, out);
		sqlite3_reset(s);
	}
	return 0;
}

int store_evidence_list(struct store *st, int64_t assessment_id, store_evidence_cb cb,
			void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_EV_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	struct store_evidence e;
	int got;
	while ((got = next_row(st, s, evidence_row, &e, "reading evidence", err)) == 1)
		if (cb(&e, ctx) != 0)
			return rows_stop(s);
	return got;
}

int store_evidence_read(struct store *st, const char *sha256, void **data, size_t *len,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_BLOB_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, sha256, 0);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return tc_err_set(err, TC_ENOTFOUND, "no evidence with SHA-256 %.64s", sha256);
		return db_fail(st, rc, "reading evidence", err);
	}
	size_t n = (size_t)sqlite3_column_bytes(s, 0);
	void *p = tc_malloc(n ? n : 1);
	if (p == NULL) {
		sqlite3_reset(s);
		return tc_err_set(err, TC_ENOMEM, "out of memory reading evidence (%zu bytes)", n);
	}
	if (n)
		memcpy(p, sqlite3_column_blob(s, 0), n);
	sqlite3_reset(s);
	*data = p;
	*len = n;
	return 0;
}

/* ---- Check and backup -------------------------------------------------- */

static int integrity(struct store *st, struct tc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "checking integrity", err);
	struct buf b;
	buf_init(&b, 900);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);
		if (m && strcmp(m, "ok") != 0)
			buf_printf(&b, "%s%s", buf_len(&b) ? "; " : "", m);
	}
	sqlite3_finalize(s);
	int out = 0;
	if (rc != SQLITE_DONE)
		out = db_fail(st, rc, "checking integrity", err);
	else if (buf_len(&b) || buf_failed(&b))
		out = tc_err_set(err, TC_EINTERNAL, "%s: the database is damaged (%s): restore it "
				 "from a backup", st->path, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static int fk_check(struct store *st, struct tc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, "checking references", err);
	rc = sqlite3_step(s);
	char table[64] = "";
	if (rc == SQLITE_ROW)
		COPY(s, 0, table);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return tc_err_set(err, TC_EINTERNAL, "%s: table %s has rows that refer to missing "
				  "rows (edited outside tiepcan?): restore from a backup",
				  st->path, table);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, "checking references", err);
}

/* unit.parent_code is not a declared foreign key (see schema.sql). */
static int orphan_check(struct store *st, struct tc_err *err)
{
	static const char sql[] =
		"SELECT c.vintage, c.code FROM unit c WHERE c.parent_code IS NOT NULL AND NOT EXISTS "
		"(SELECT 1 FROM unit p WHERE p.vintage = c.vintage AND p.code = c.parent_code) LIMIT 1";
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	char v[8] = "", c[8] = "";
	if (rc == SQLITE_ROW) {
		COPY(s, 0, v);
		COPY(s, 1, c);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return tc_err_set(err, TC_EINTERNAL, "%s: unit %s of the list %s has a parent that "
				  "is not in that list: re-import the list", st->path, c, v);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, "checking units", err);
}

int store_exists(const char *path)
{
	return db_exists(path);
}

int store_check(struct store *st, long *n_audit, struct tc_err *err)
{
	if (integrity(st, err) != 0 || fk_check(st, err) != 0 || orphan_check(st, err) != 0)
		return -1;
	return store_audit_verify(st, n_audit, err);
}

static int backup_copy(struct store *st, sqlite3 *dst,
		       void (*progress)(long, long, void *), void *ctx, struct tc_err *err)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", st->db, "main");
	if (bk == NULL)
		return tc_err_set(err, TC_EIO, "backup: %s", sqlite3_errmsg(dst));
	int rc;
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (progress)
			progress(sqlite3_backup_pagecount(bk) - sqlite3_backup_remaining(bk),
				 sqlite3_backup_pagecount(bk), ctx);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE)
		return tc_err_set(err, TC_EIO, "backup failed: %s", sqlite3_errstr(rc));
	return 0;
}

int store_backup(struct store *st, const char *path,
		 void (*progress)(long done, long total, void *ctx), void *ctx,
		 struct tc_err *err)
{
	/* Into PATH.tmp, then rename: an interrupted backup never leaves a
	 * half-written file under the final name. */
	struct buf tmp;
	buf_init(&tmp, 4096);
	buf_printf(&tmp, "%s.tmp", path);
	if (buf_failed(&tmp)) {
		buf_free(&tmp);
		return tc_err_set(err, TC_EINPUT, "backup: path too long");
	}
	unlink(buf_cstr(&tmp));
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(buf_cstr(&tmp), &dst,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	int out = 0;
	if (rc != SQLITE_OK)
		out = tc_err_set(err, TC_EIO, "%s: cannot create the backup (%s): check the "
				 "directory exists and is writable", path, sqlite3_errstr(rc));
	else
		out = backup_copy(st, dst, progress, ctx, err);
	if (sqlite3_close(dst) != SQLITE_OK && out == 0)
		out = tc_err_set(err, TC_EIO, "%s: closing the backup failed", path);
	if (out == 0 && rename(buf_cstr(&tmp), path) != 0)
		out = tc_err_set(err, TC_EIO, "%s: %s", path, strerror(errno));
	if (out != 0)
		unlink(buf_cstr(&tmp));
	buf_free(&tmp);
	return out;
}

/* ---- Web sign-in (webauth: sessions, throttling, user admin) -------------- */

static const char SQL_USER_GET_ID[] = USER_COLS "WHERE id = ?";
static const char SQL_USER_LIST[] = USER_COLS "ORDER BY username";
static const char SQL_USER_PW[] =
	"UPDATE app_user SET password_hash = ?1, password_changed_at = ?2 WHERE id = ?3";
static const char SQL_SES_TOUCH[] = "UPDATE session SET last_seen = ?1 WHERE token_hash = ?2";
static const char SQL_SES_DEL_USER[] = "DELETE FROM session WHERE user_id = ?";
static const char SQL_LF_INS[] = "INSERT INTO login_failure (login, ip, at) VALUES (?1, ?2, ?3)";
static const char SQL_LF_PURGE[] = "DELETE FROM login_failure WHERE at < ?";
static const char SQL_LF_LOGIN[] =
	"SELECT count(*), coalesce(min(at), '') FROM login_failure WHERE login = ?1 AND at >= ?2";
static const char SQL_LF_IP[] =
	"SELECT count(*), coalesce(min(at), '') FROM login_failure WHERE ip = ?1 AND at >= ?2";
static const char SQL_LF_CLEAR[] = "DELETE FROM login_failure WHERE login = ?";
/* ?1/?2: entity and key filters ('' = any); ?3: before this id (0 = none). */
static const char SQL_AUDIT_PAGE[] =
	"SELECT id, at, actor, action, entity, entity_key, before, after, prev_hash, hash "
	"FROM audit WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR entity_key = ?2) "
	"AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4";

int store_user_get_id(struct store *st, int64_t id, struct store_user *out,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_USER_GET_ID, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, user_row, out, "user", id, "reading a user", err);
}

int store_user_list(struct store *st, store_user_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_USER_LIST, err);
	if (s == NULL)
		return -1;
	struct store_user u;
	int got;
	while ((got = next_row(st, s, user_row, &u, "reading users", err)) == 1)
		if (cb(&u, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* Runs a one-parameter-set DELETE/UPDATE by id inside the caller's
 * transaction; *changes = rows touched. */
static int run_by_id(struct store *st, const char *sql, int64_t id, const char *what,
		     long *changes, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (step_done(st, s, what, err) != 0)
		return -1;
	if (changes)
		*changes = (long)sqlite3_changes(st->db);
	return 0;
}

int store_user_set_password(struct store *st, int64_t id, const char *password_hash,
			    struct tc_err *err)
{
	if (password_hash == NULL || password_hash[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "store: empty password hash");
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	char *before;
	sqlite3_stmt *s = update_start(st, SQL_USER_SNAP, SQL_USER_PW, "user", id, &before, err);
	int rc = s ? 0 : -1;
	if (rc == 0) {
		bind_text(s, 1, password_hash, 0);
		bind_text(s, 2, now, 0);
		sqlite3_bind_int64(s, 3, id);
		rc = step_done(st, s, "changing a password", err);
	}
	long n = 0;
	if (rc == 0)
		rc = run_by_id(st, SQL_SES_DEL_USER, id, "ending a user's sessions", &n, err);
	char key[24], after[96];
	snprintf(key, sizeof key, "%lld", (long long)id);
	snprintf(after, sizeof after, "{\"password_changed_at\":\"%s\",\"sessions_ended\":%ld}",
		 now, n);
	if (rc == 0)
		rc = store_audit_append(st, "password", "app_user", key, before, after, err);
	free(before);
	return tx_finish(st, rc, err);
}

int store_session_touch(struct store *st, const char *token_hash, const char *at,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_SES_TOUCH, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, at, 0);
	bind_text(s, 2, token_hash, 0);
	if (step_done(st, s, "recording a session's activity", err) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return tc_err_set(err, TC_ENOTFOUND, "no such session");
	return 0;
}

int store_session_delete_user(struct store *st, int64_t user_id, long *n, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	long k = 0;
	int rc = run_by_id(st, SQL_SES_DEL_USER, user_id, "ending a user's sessions", &k, err);
	if (rc == 0 && k > 0) {
		char key[24], after[48];
		snprintf(key, sizeof key, "user:%lld", (long long)user_id);
		snprintf(after, sizeof after, "{\"sessions_ended\":%ld}", k);
		rc = store_audit_append(st, "delete", "session", key, NULL, after, err);
	}
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (n)
		*n = k;
	return 0;
}

int store_login_failure_add(struct store *st, const char *login, const char *ip,
			    const char *purge_before, struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_LF_PURGE, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, purge_before ? purge_before : "", 0);
		rc = step_done(st, s, "purging old sign-in failures", err);
	}
	s = rc == 0 ? stmt(st, SQL_LF_INS, err) : NULL;
	if (rc == 0 && s == NULL)
		rc = -1;
	if (rc == 0) {
		bind_text(s, 1, login, 0);
		bind_text(s, 2, ip ? ip : "", 0);
		bind_text(s, 3, now, 0);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			rc = (r & 0xff) == SQLITE_CONSTRAINT
				     ? tc_err_set(err, TC_EINPUT, "sign-in failure: the login must be "
						  "1 to 64 bytes")
				     : db_fail(st, r, "recording a sign-in failure", err);
	}
	return tx_finish(st, rc, err);
}

static int count_since(struct store *st, const char *sql, const char *key, const char *since,
		       long *n, char oldest[21], struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, key ? key : "", 0);
	bind_text(s, 2, since, 0);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(s, 0);
		col_copy(s, 1, oldest, 21);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "counting sign-in failures", err);
}

int store_login_failure_count(struct store *st, const char *login, const char *ip,
			      const char *since, struct store_login_failures *out,
			      struct tc_err *err)
{
	memset(out, 0, sizeof *out);
	if (count_since(st, SQL_LF_LOGIN, login, since, &out->n_login, out->oldest_login, err) != 0)
		return -1;
	return count_since(st, SQL_LF_IP, ip, since, &out->n_ip, out->oldest_ip, err);
}

int store_login_failure_clear(struct store *st, const char *login, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_LF_CLEAR, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, login, 0);
		rc = step_done(st, s, "clearing sign-in failures", err);
	}
	return tx_finish(st, rc, err);
}

int store_audit_page(struct store *st, const char *entity, const char *key, int64_t before_id,
		     int limit, store_audit_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_AUDIT_PAGE, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, entity ? entity : "", 0);
	bind_text(s, 2, key ? key : "", 0);
	sqlite3_bind_int64(s, 3, before_id > 0 ? before_id : 0);
	sqlite3_bind_int(s, 4, limit > 0 ? limit : 50);
	struct store_audit a;
	int got;
	while ((got = next_row(st, s, audit_row, &a, "reading the audit log", err)) == 1)
		if (cb(&a, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* ---- Dashboard aggregates (dash) -------------------------------------------- */

#define DASH_COUNT_COLS                                                               \
	"count(*), count(a.total_pts), "                                              \
	"sum(CASE WHEN a.recognised = 1 THEN 1 ELSE 0 END), "                         \
	"sum(CASE WHEN a.status = 'recognised' THEN 1 ELSE 0 END), "                  \
	"sum(CASE WHEN a.status = 'recognised' OR a.status = 'not_recognised' THEN 1 ELSE 0 END) "
/* SCOPE_SQL with every column qualified (the queries join unit, which has
 * province_code and district_code too). */
#define DASH_SCOPE_A "(?2 = 'all' OR (?2 = 'province' AND a.province_code = ?3) OR " \
	"(?2 = 'district' AND a.district_code = ?3) OR (?2 = 'unit' AND a.unit_code = ?3))"

static const char SQL_DASH_BY_YEAR[] =
	"SELECT a.year, '', " DASH_COUNT_COLS "FROM assessment a WHERE a.year BETWEEN ?4 AND ?5 AND "
	DASH_SCOPE_A " GROUP BY a.year ORDER BY a.year";
static const char SQL_DASH_BY_PROV[] =
	"SELECT a.year, a.province_code, " DASH_COUNT_COLS "FROM assessment a WHERE a.year "
	"BETWEEN ?4 AND ?5 AND " DASH_SCOPE_A " GROUP BY a.year, a.province_code ORDER BY a.year, "
	"a.province_code";
static const char SQL_DASH_BY_DIST[] =
	"SELECT a.year, a.district_code, " DASH_COUNT_COLS "FROM assessment a WHERE a.year "
	"BETWEEN ?4 AND ?5 AND a.district_code IS NOT NULL AND " DASH_SCOPE_A
	" GROUP BY a.year, a.district_code ORDER BY a.year, a.district_code";
/* Lineage walked backwards from the current communes; UNION removes the
 * pairs reached twice, so every old commune counts once per result. */
static const char SQL_DASH_CURRENT[] =
	"WITH RECURSIVE cur (vintage, code) AS ("
	" SELECT vintage, code FROM unit WHERE vintage = ?1 AND level = 'commune' AND "
	SCOPE_SQL(2, 3, "code") " UNION"
	" SELECT l.old_vintage, l.old_code FROM unit_lineage l JOIN cur"
	" ON l.new_vintage = cur.vintage AND l.new_code = cur.code)"
	" SELECT a.year, '', " DASH_COUNT_COLS "FROM cur JOIN assessment a"
	" ON a.vintage = cur.vintage AND a.unit_code = cur.code GROUP BY a.year ORDER BY a.year";

static int dash_each_count(struct store *st, sqlite3_stmt *s, store_dash_count_cb cb,
			   void *ctx, struct tc_err *err)
{
	int rc;
	struct store_dash_count c;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.year = sqlite3_column_int(s, 0);
		COPY(s, 1, c.key);
		c.assessed = (long)sqlite3_column_int64(s, 2);
		c.scored = (long)sqlite3_column_int64(s, 3);
		c.eligible = (long)sqlite3_column_int64(s, 4);
		c.recognised = (long)sqlite3_column_int64(s, 5);
		c.decided = (long)sqlite3_column_int64(s, 6);
		if (cb(&c, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_fail(st, rc, "counting assessments", err);
}

int store_dash_counts(struct store *st, int year, const struct store_scope *scope,
		      enum store_dash_by by, store_dash_count_cb cb, void *ctx,
		      struct tc_err *err)
{
	const char *sql = by == STORE_DASH_BY_PROVINCE ? SQL_DASH_BY_PROV
			: by == STORE_DASH_BY_DISTRICT ? SQL_DASH_BY_DIST : SQL_DASH_BY_YEAR;
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	/* A range on the indexed year column (not "?1 = 0 OR year = ?1", which
	 * the planner cannot use): year 0 = every year. */
	bind_scope(s, 2, 3, scope);
	sqlite3_bind_int(s, 4, year ? year : 2000);
	sqlite3_bind_int(s, 5, year ? year : 2100);
	return dash_each_count(st, s, cb, ctx, err);
}

int store_dash_counts_current(struct store *st, const char *vintage,
			      const struct store_scope *scope, store_dash_count_cb cb,
			      void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DASH_CURRENT, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, vintage, 0);
	bind_scope(s, 2, 3, scope);
	return dash_each_count(st, s, cb, ctx, err);
}

static const char SQL_DASH_HIST[] =
	"SELECT CASE WHEN a.total_pts < ?4 THEN 0 WHEN (a.total_pts - ?4) / ?5 >= ?6 THEN ?6 - 1"
	" ELSE (a.total_pts - ?4) / ?5 END AS bin, count(*) FROM assessment a"
	" WHERE a.year = ?1 AND a.total_pts IS NOT NULL AND " DASH_SCOPE_A
	" GROUP BY bin ORDER BY bin";

int store_dash_histogram(struct store *st, int year, const struct store_scope *scope,
			 tc_pts lo, tc_pts width, size_t nbins, long *counts,
			 struct tc_err *err)
{
	if (width <= 0 || nbins == 0 || nbins > 1000)
		return tc_err_set(err, TC_EINPUT, "histogram: width must be positive and bins 1 to 1000");
	sqlite3_stmt *s = stmt(st, SQL_DASH_HIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	sqlite3_bind_int64(s, 4, lo);
	sqlite3_bind_int64(s, 5, width);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)nbins);
	memset(counts, 0, nbins * sizeof *counts);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 bin = sqlite3_column_int64(s, 0);
		if (bin >= 0 && (size_t)bin < nbins)
			counts[bin] = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, "counting totals", err);
}

#define DASH_EFFECTIVE "COALESCE(v.reviewed_pts, v.self_pts, v.computed_pts)"

static const char SQL_DASH_ITEM_PTS[] =
	"SELECT v.item_code, " DASH_EFFECTIVE " AS p, count(*) FROM indicator_value v"
	" JOIN assessment a ON a.id = v.assessment_id WHERE a.year = ?1 AND " DASH_SCOPE_A
	" AND " DASH_EFFECTIVE " IS NOT NULL GROUP BY v.item_code, p ORDER BY v.item_code, p";

int store_dash_item_points(struct store *st, int year, const struct store_scope *scope,
			   store_dash_points_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DASH_ITEM_PTS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	int rc;
	struct store_dash_points p;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		COPY(s, 0, p.item);
		p.pts = sqlite3_column_int64(s, 1);
		p.n = (long)sqlite3_column_int64(s, 2);
		if (cb(&p, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_fail(st, rc, "reading indicator points", err);
}

/* Row columns shared by the per-commune queries: unit, name, province,
 * district, status, item, a, b, year, recognised. */
#define DASH_ROW_HEAD "SELECT a.unit_code, u.type || ' ' || u.name, a.province_code, " \
	"COALESCE(a.district_code, ''), a.status, "
#define DASH_ROW_UNIT " JOIN unit u ON u.vintage = a.vintage AND u.code = a.unit_code"

static const char SQL_DASH_RANK[] =
	DASH_ROW_HEAD "'', a.total_pts, 0, a.year, COALESCE(a.recognised, -1) FROM assessment a"
	DASH_ROW_UNIT " WHERE a.year = ?1 AND a.total_pts IS NOT NULL AND " DASH_SCOPE_A
	" ORDER BY a.total_pts DESC, a.unit_code";
static const char SQL_DASH_GATES[] =
	DASH_ROW_HEAD "i.item_code, 0, 0, a.year, COALESCE(a.recognised, -1), i.value"
	" FROM assessment a" DASH_ROW_UNIT
	" JOIN input_value i ON i.assessment_id = a.id AND i.field = 'triggered'"
	" WHERE a.year = ?1 AND " DASH_SCOPE_A " ORDER BY a.unit_code, i.item_code";
static const char SQL_DASH_JUMPS[] =
	DASH_ROW_HEAD "'', p.total_pts, a.total_pts, a.year, COALESCE(a.recognised, -1)"
	" FROM assessment a" DASH_ROW_UNIT " JOIN assessment p ON p.unit_code = a.unit_code"
	" AND p.year = a.year - 1 WHERE a.year = ?1 AND " DASH_SCOPE_A
	" AND a.total_pts IS NOT NULL AND p.total_pts IS NOT NULL"
	" AND (a.total_pts - p.total_pts >= ?4 OR p.total_pts - a.total_pts >= ?4)"
	" ORDER BY a.unit_code";
static const char SQL_DASH_SHARED[] =
	"WITH h AS (SELECT e.sha256 FROM evidence e JOIN assessment a ON a.id = e.assessment_id"
	" WHERE a.year = ?1 AND " DASH_SCOPE_A " GROUP BY e.sha256"
	" HAVING count(DISTINCT a.unit_code) > 1) "
	DASH_ROW_HEAD "min(e.item_code), 0, 0, a.year, COALESCE(a.recognised, -1), e.sha256"
	" FROM h JOIN evidence e ON e.sha256 = h.sha256 JOIN assessment a ON a.id = e.assessment_id"
	DASH_ROW_UNIT " WHERE a.year = ?1 AND " DASH_SCOPE_A
	" GROUP BY e.sha256, a.unit_code, u.type, u.name, a.province_code, a.district_code,"
	" a.status, a.year, a.recognised ORDER BY e.sha256, a.unit_code";
static const char SQL_DASH_GAPS[] =
	DASH_ROW_HEAD "'', sum(v.self_pts), sum(v.reviewed_pts), a.year, COALESCE(a.recognised, -1)"
	" FROM assessment a" DASH_ROW_UNIT " JOIN indicator_value v ON v.assessment_id = a.id"
	" WHERE a.year = ?1 AND " DASH_SCOPE_A
	" AND v.self_pts IS NOT NULL AND v.reviewed_pts IS NOT NULL"
	" GROUP BY a.unit_code, u.type, u.name, a.province_code, a.district_code, a.status,"
	" a.year, a.recognised"
	" HAVING sum(v.self_pts) - sum(v.reviewed_pts) >= ?4 OR sum(v.reviewed_pts) - sum(v.self_pts) >= ?4"
	" ORDER BY a.unit_code";
static const char SQL_DASH_DRAFT[] =
	DASH_ROW_HEAD "v.item_code, " DASH_EFFECTIVE ", 0, a.year, COALESCE(a.recognised, -1)"
	" FROM assessment a" DASH_ROW_UNIT " JOIN indicator_value v ON v.assessment_id = a.id"
	" WHERE a.year = ?1 AND a.status IN ('draft', 'signed', 'submitted', 'returned') AND "
	DASH_SCOPE_A " AND " DASH_EFFECTIVE " IS NOT NULL ORDER BY a.unit_code, v.item_code";

static int dash_each_row(struct store *st, const char *sql, int year,
			 const struct store_scope *scope, tc_pts threshold,
			 store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	if (sqlite3_bind_parameter_count(s) >= 4)
		sqlite3_bind_int64(s, 4, threshold);
	int rc;
	struct store_dash_row r;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		COPY(s, 0, r.unit);
		COPY(s, 1, r.name);
		COPY(s, 2, r.province);
		COPY(s, 3, r.district);
		COPY(s, 4, r.status);
		COPY(s, 5, r.item);
		r.a = col_pts(s, 6);
		r.b = col_pts(s, 7);
		r.year = sqlite3_column_int(s, 8);
		r.recognised = sqlite3_column_int(s, 9);
		/* Gates: the input as entered (text, e.g. "1" or "0.00") is read with
		 * the engine's number syntax here, not cast in SQL: a cast of text
		 * to a number differs between SQLite (lenient) and PostgreSQL
		 * (an error on anything but a plain number). */
		if (sql == SQL_DASH_GATES) {
			tc_pts v;
			const unsigned char *t = sqlite3_column_text(s, 10);
			if (t == NULL || pts_parse((const char *)t, &v) != 0 || v == 0)
				continue;
		} else if (sqlite3_column_count(s) > 10) {
			COPY(s, 10, r.name); /* shared evidence: the hash */
		}
		if (cb(&r, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_fail(st, rc, "reading the dashboard", err);
}

int store_dash_ranking(struct store *st, int year, const struct store_scope *scope,
		       store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_RANK, year, scope, 0, cb, ctx, err);
}

int store_dash_gates(struct store *st, int year, const struct store_scope *scope,
		     store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_GATES, year, scope, 0, cb, ctx, err);
}

int store_dash_jumps(struct store *st, int year, const struct store_scope *scope,
		     tc_pts threshold, store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_JUMPS, year, scope, threshold, cb, ctx, err);
}

int store_dash_shared_evidence(struct store *st, int year, const struct store_scope *scope,
			       store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_SHARED, year, scope, 0, cb, ctx, err);
}

int store_dash_review_gaps(struct store *st, int year, const struct store_scope *scope,
			   tc_pts threshold, store_dash_row_cb cb, void *ctx,
			   struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_GAPS, year, scope, threshold, cb, ctx, err);
}

int store_dash_draft_points(struct store *st, int year, const struct store_scope *scope,
			    store_dash_row_cb cb, void *ctx, struct tc_err *err)
{
	return dash_each_row(st, SQL_DASH_DRAFT, year, scope, 0, cb, ctx, err);
}

/* ---- Assessment workflow: sign-off, posting, submissions, settings,
 *      holidays, objections (migration 003) ---------------------------------- */

struct save_arg {
	const struct store_input *in;
	size_t n;
	const struct store_indicator *ind;
	size_t m;
	struct result_arg res;
};

static int save_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct save_arg *a = arg;
	sqlite3_stmt *s = stmt(st, "DELETE FROM input_value WHERE assessment_id = ?", err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (step_done(st, s, "replacing inputs", err) != 0)
		return -1;
	for (size_t i = 0; i < a->n; i++)
		if (input_body(st, id, &a->in[i], err) != 0)
			return -1;
	for (size_t i = 0; i < a->m; i++)
		if (indicator_body(st, id, &a->ind[i], err) != 0)
			return -1;
	return result_body(st, id, &a->res, err);
}

int store_assessment_save(struct store *st, int64_t id, int64_t expected_version,
			  const struct store_input *in, size_t n,
			  const struct store_indicator *ind, size_t m, tc_pts total,
			  int recognised, struct tc_err *err)
{
	struct save_arg a = {in, n, ind, m, {total, recognised}};
	return asm_update(st, id, expected_version, "save", save_body, &a, err);
}

static const char SQL_SO_SET[] =
	"INSERT INTO assessment_signoff (assessment_id, signed_on, signer_name, signer_position, "
	"posting_start, posting_end, posting_days, posting_unit, posting_place, signed_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET "
	"signed_on = excluded.signed_on, signer_name = excluded.signer_name, "
	"signer_position = excluded.signer_position, posting_start = excluded.posting_start, "
	"posting_end = excluded.posting_end, posting_days = excluded.posting_days, "
	"posting_unit = excluded.posting_unit, posting_place = excluded.posting_place, "
	"signed_at = excluded.signed_at";
static const char SQL_SO_GET[] =
	"SELECT signed_on, signer_name, signer_position, posting_start, posting_end, posting_days, "
	"posting_unit, posting_place, signed_at FROM assessment_signoff WHERE assessment_id = ?";
static const char SQL_SO_STATUS[] =
	"UPDATE assessment SET status = 'signed', self_assessed_at = ?, posted_at = ? WHERE id = ?";

static int signoff_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct store_signoff *so = arg;
	char now[21];
	store_now(st, now);
	sqlite3_stmt *s = stmt(st, SQL_SO_SET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, so->signed_on, 0);
	bind_text(s, 3, so->signer_name, 0);
	bind_text(s, 4, so->signer_position, 0);
	bind_text(s, 5, so->posting_start, 0);
	bind_text(s, 6, so->posting_end, 0);
	sqlite3_bind_int(s, 7, so->posting_days);
	bind_text(s, 8, so->posting_unit, 0);
	bind_text(s, 9, so->posting_place, 0);
	bind_text(s, 10, now, 0);
	int rc = step_write(st, s, "recording a sign-off", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "sign-off needs a date, the signer's name and "
				  "position, a posting period and a place (%s)", sqlite3_errmsg(st->db));
	if (rc != 0)
		return -1;
	if ((s = stmt(st, SQL_SO_STATUS, err)) == NULL)
		return -1;
	bind_text(s, 1, now, 0);
	bind_text(s, 2, now, 0);
	sqlite3_bind_int64(s, 3, id);
	return step_done(st, s, "recording a sign-off", err);
}

int store_assessment_sign_off(struct store *st, int64_t id, int64_t expected_version,
			      const struct store_signoff *so, struct tc_err *err)
{
	return asm_update(st, id, expected_version, "sign_off", signoff_body, so, err);
}

int store_signoff_get(struct store *st, int64_t assessment_id, struct store_signoff *out,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_SO_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		COPY(s, 0, out->signed_on);
		COPY(s, 1, out->signer_name);
		COPY(s, 2, out->signer_position);
		COPY(s, 3, out->posting_start);
		COPY(s, 4, out->posting_end);
		out->posting_days = sqlite3_column_int(s, 5);
		COPY(s, 6, out->posting_unit);
		COPY(s, 7, out->posting_place);
		COPY(s, 8, out->signed_at);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "assessment %lld has not been signed off",
				  (long long)assessment_id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "reading a sign-off", err);
}

static const char SQL_SUB_INS[] =
	"INSERT INTO assessment_submission (assessment_id, kind, at, actor, n_inputs, n_evidence, "
	"total_pts) VALUES (?1, ?2, ?3, ?4, "
	"(SELECT count(*) FROM input_value WHERE assessment_id = ?1), "
	"(SELECT count(*) FROM evidence WHERE assessment_id = ?1), "
	"(SELECT total_pts FROM assessment WHERE id = ?1))";
static const char SQL_SUB_LIST[] =
	"SELECT id, kind, at, actor, n_inputs, n_evidence, total_pts FROM assessment_submission "
	"WHERE assessment_id = ? ORDER BY id";

static int submit_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const char *kind = arg;
	if (strcmp(kind, "submit") != 0 && strcmp(kind, "resubmit") != 0)
		return tc_err_set(err, TC_EINPUT, "unknown submission kind '%.16s': use submit or "
				  "resubmit", kind);
	char now[21];
	store_now(st, now);
	sqlite3_stmt *s = stmt(st, SQL_SUB_INS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, kind, 0);
	bind_text(s, 3, now, 0);
	bind_text(s, 4, st->actor, 0);
	if (step_done(st, s, "recording a submission", err) != 0)
		return -1;
	return status_body(st, id, "submitted", err);
}

int store_assessment_submit(struct store *st, int64_t id, int64_t expected_version,
			    const char *kind, struct tc_err *err)
{
	return asm_update(st, id, expected_version, kind, submit_body, kind, err);
}

int store_submission_list(struct store *st, int64_t assessment_id, store_submission_cb cb,
			  void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_SUB_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	int rc;
	struct store_submission r;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(s, 0);
		COPY(s, 1, r.kind);
		COPY(s, 2, r.at);
		COPY(s, 3, r.actor);
		r.n_inputs = (long)sqlite3_column_int64(s, 4);
		r.n_evidence = (long)sqlite3_column_int64(s, 5);
		r.total = col_pts(s, 6);
		if (cb(&r, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
		: db_fail(st, rc, "reading submissions", err);
}

static const char SQL_SET_GET[] =
	"SELECT value FROM setting WHERE key = ?1 AND (year = ?2 OR year = 0) ORDER BY year DESC "
	"LIMIT 1";
static const char SQL_SET_SNAP[] = "SELECT * FROM setting WHERE year = ? AND key = ?";
static const char SQL_SET_PUT[] =
	"INSERT INTO setting (year, key, value) VALUES (?, ?, ?) "
	"ON CONFLICT (year, key) DO UPDATE SET value = excluded.value";

int store_setting_get(struct store *st, int year, const char *key, char *out, size_t n,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_SET_GET, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, key, 0);
	sqlite3_bind_int(s, 2, year);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, out, n);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "no setting '%.64s' for %d", key, year);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "reading a setting", err);
}

int store_setting_set(struct store *st, int year, const char *key, const char *value,
		      struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_SET_SNAP, year, key, NULL, &fail, err);
	sqlite3_stmt *s = fail ? NULL : stmt(st, SQL_SET_PUT, err);
	int rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int(s, 1, year);
		bind_text(s, 2, key, 0);
		bind_text(s, 3, value, 0);
		rc = step_write(st, s, "writing a setting", err);
		if (rc == STEP_BROKE_RULE)
			rc = tc_err_set(err, TC_EINPUT, "setting '%.64s' for %d: the year must be 0 or "
					"2000..2100 and the key 1..64 bytes", key, year);
	}
	char k[96];
	snprintf(k, sizeof k, "%d/%.64s", year, key);
	if (rc == 0)
		rc = audit_change(st, before ? "update" : "insert", "setting", k, before,
				  SQL_SET_SNAP, year, key, NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

static const char SQL_HOL_PUT[] =
	"INSERT INTO holiday (day, name, basis, type) VALUES (?, ?, ?, ?) ON CONFLICT (day) DO "
	"UPDATE SET name = excluded.name, basis = excluded.basis, type = excluded.type";
static const char SQL_HOL_SNAP[] = "SELECT * FROM holiday WHERE 0 = ? AND day = ?";
static const char SQL_HOL_LIST[] = "SELECT day, name, basis, type FROM holiday ORDER BY day";

int store_holiday_set(struct store *st, const char *day, const char *name, const char *basis,
		      const char *type, struct tc_err *err)
{
	if (strchr(name, ',') || strchr(name, '\n') || strchr(name, '"'))
		return tc_err_set(err, TC_EINPUT, "holiday name '%.64s' must not contain a comma, "
				  "a quote or a line break", name);
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_HOL_SNAP, 0, day, NULL, &fail, err);
	sqlite3_stmt *s = fail ? NULL : stmt(st, SQL_HOL_PUT, err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, day, 0);
		bind_text(s, 2, name, 0);
		bind_text(s, 3, basis ? basis : "announced", 0);
		bind_text(s, 4, type ? type : "off", 0);
		rc = step_write(st, s, "writing a holiday", err);
		if (rc == STEP_BROKE_RULE)
			rc = tc_err_set(err, TC_EINPUT, "holiday %.16s: the date must be YYYY-MM-DD, "
					"the name non-empty, basis announced|statutory|provisional "
					"and type off|workday", day);
	}
	if (rc == 0)
		rc = audit_change(st, before ? "update" : "insert", "holiday", day, before,
				  SQL_HOL_SNAP, 0, day, NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

int store_holiday_csv(struct store *st, struct buf *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_HOL_LIST, err);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++) {
			buf_puts(out, (const char *)sqlite3_column_text(s, i));
			buf_putc(out, i == 3 ? '\n' : ',');
		}
	sqlite3_reset(s);
	if (buf_failed(out))
		return tc_err_set(err, TC_ENOMEM, "store: out of memory reading holidays");
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, "reading holidays", err);
}

static const char SQL_OBJ_INS[] =
	"INSERT INTO objection (assessment_id, name, contact, body, at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_OBJ_SNAP[] = "SELECT * FROM objection WHERE id = ?";
static const char SQL_OBJ_LIST[] =
	"SELECT id, assessment_id, name, contact, body, at, status, note FROM objection "
	"WHERE assessment_id = ? ORDER BY id";

int store_objection_add(struct store *st, const struct store_objection *o, int64_t *id,
			struct tc_err *err)
{
	if (o->contact[0] == '\0' || o->body[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "an objection needs a contact and a text");
	char now[21];
	store_now(st, now);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_OBJ_INS, err);
	int rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, o->assessment_id);
		bind_text(s, 2, o->name, 0);
		bind_text(s, 3, o->contact, 0);
		bind_text(s, 4, o->body, 0);
		bind_text(s, 5, now, 0);
		rc = step_done(st, s, "recording an objection", err);
	}
	int64_t nid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)nid);
	if (rc == 0)
		rc = audit_change(st, "insert", "objection", key, NULL, SQL_OBJ_SNAP, nid, NULL,
				  NULL, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

int store_objection_list(struct store *st, int64_t assessment_id, store_objection_cb cb,
			 void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_OBJ_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	int rc;
	struct store_objection *o = tc_malloc(sizeof *o);
	if (o == NULL) {
		sqlite3_reset(s);
		return tc_err_set(err, TC_ENOMEM, "store: out of memory reading objections");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(s, 0);
		o->assessment_id = sqlite3_column_int64(s, 1);
		COPY(s, 2, o->name);
		COPY(s, 3, o->contact);
		COPY(s, 4, o->body);
		COPY(s, 5, o->at);
		COPY(s, 6, o->status);
		COPY(s, 7, o->note);
		if (cb(o, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	tc_free(o);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
		: db_fail(st, rc, "reading objections", err);
}

static long count_of(struct store *st, const char *sql, int64_t id, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		db_fail(st, rc, "counting rows", err);
	return n;
}

long store_objection_count(struct store *st, int64_t assessment_id, struct tc_err *err)
{
	return count_of(st, "SELECT count(*) FROM objection WHERE assessment_id = ?",
			assessment_id, err);
}

long store_evidence_count(struct store *st, int64_t assessment_id, struct tc_err *err)
{
	return count_of(st, "SELECT count(*) FROM evidence WHERE assessment_id = ?",
			assessment_id, err);
}

/* ---- Review, return for supplement, council, decision (owner: review) ---- */
/* Every function below is one transaction: the assessment's status change
 * goes through asm_update() (version check + audit of the row) nested in a
 * savepoint, next to the review rows it belongs with. */

static const char SQL_RV_SET[] =
	"INSERT INTO review_item (assessment_id, item_code, reviewed_pts, comment, reviewer, "
	"reviewed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, item_code) DO UPDATE "
	"SET reviewed_pts = excluded.reviewed_pts, comment = excluded.comment, "
	"reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at";
static const char SQL_RV_MIRROR[] =
	"INSERT INTO indicator_value (assessment_id, item_code, reviewed_pts) VALUES (?, ?, ?) "
	"ON CONFLICT (assessment_id, item_code) DO UPDATE SET reviewed_pts = excluded.reviewed_pts";
static const char SQL_RV_SNAP[] =
	"SELECT * FROM review_item WHERE assessment_id = ? AND item_code = ?";
static const char SQL_RV_LIST[] =
	"SELECT item_code, reviewed_pts, comment, reviewer, reviewed_at FROM review_item "
	"WHERE assessment_id = ? ORDER BY item_code";
static const char SQL_RV_FINISH[] =
	"UPDATE assessment SET status = 'reviewed', reviewed_at = ?, total_pts = ?, recognised = ? "
	"WHERE id = ?";

static int no_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	(void)st, (void)id, (void)arg, (void)err;
	return 0;
}

static int review_item_write(struct store *st, int64_t aid, const struct store_review_item *r,
			     const char *now, struct tc_err *err)
{
	int fail = 0;
	char *before = snapshot(st, SQL_RV_SNAP, aid, r->item, NULL, &fail, err);
	if (fail)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_RV_SET, err);
	if (s == NULL) {
		free(before);
		return -1;
	}
	sqlite3_bind_int64(s, 1, aid);
	bind_text(s, 2, r->item, 0);
	bind_pts(s, 3, r->reviewed);
	bind_text(s, 4, r->comment, 0);
	bind_text(s, 5, st->actor, 0);
	bind_text(s, 6, now, 0);
	int rc = step_done(st, s, "storing a review", err);
	if (rc == 0 && r->reviewed != STORE_NO_PTS) {
		if ((s = stmt(st, SQL_RV_MIRROR, err)) == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(s, 1, aid);
			bind_text(s, 2, r->item, 0);
			bind_pts(s, 3, r->reviewed);
			rc = step_done(st, s, "storing a reviewed score", err);
		}
	}
	if (rc != 0) {
		free(before);
		return -1;
	}
	char key[64];
	snprintf(key, sizeof key, "%lld/%.30s", (long long)aid, r->item);
	return audit_change(st, before ? "update" : "insert", "review_item", key, before,
			    SQL_RV_SNAP, aid, r->item, NULL, err);
}

int store_review_set(struct store *st, int64_t assessment_id, int64_t expected_version,
		     const struct store_review_item *items, size_t n, struct tc_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].item[0] == '\0')
			return tc_err_set(err, TC_EINPUT, "review: an item without a code");
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = asm_update(st, assessment_id, expected_version, "review", no_body, NULL, err);
	char now[21];
	store_now(st, now);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = review_item_write(st, assessment_id, &items[i], now, err);
	return tx_finish(st, rc, err);
}

static void review_item_row(sqlite3_stmt *s, void *row)
{
	struct store_review_item *r = row;
	memset(r, 0, sizeof *r);
	COPY(s, 0, r->item);
	r->reviewed = col_pts(s, 1);
	COPY(s, 2, r->comment);
	COPY(s, 3, r->reviewer);
	COPY(s, 4, r->reviewed_at);
}

int store_review_list(struct store *st, int64_t assessment_id, store_review_cb cb, void *ctx,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RV_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	struct store_review_item r;
	int got;
	while ((got = next_row(st, s, review_item_row, &r, "reading reviews", err)) == 1)
		if (cb(&r, ctx) != 0)
			return rows_stop(s);
	return got;
}

static int finish_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	const struct result_arg *r = arg;
	sqlite3_stmt *s = stmt(st, SQL_RV_FINISH, err);
	if (s == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	bind_text(s, 1, now, 0);
	bind_pts(s, 2, r->total);
	if (r->recognised >= 0)
		sqlite3_bind_int(s, 3, r->recognised ? 1 : 0);
	sqlite3_bind_int64(s, 4, id);
	return step_done(st, s, "finishing a review", err);
}

int store_review_finish(struct store *st, int64_t assessment_id, int64_t expected_version,
			tc_pts total, int recognised, struct tc_err *err)
{
	struct result_arg r = {total, recognised};
	return asm_update(st, assessment_id, expected_version, "review_finish", finish_body, &r,
			  err);
}

/* -- returns -- */

static const char SQL_RET_ROUND[] =
	"SELECT COALESCE(MAX(round), 0) + 1 FROM review_return WHERE assessment_id = ?";
static const char SQL_RET_INS[] =
	"INSERT INTO review_return (assessment_id, round, reason, deadline, supplement_days, "
	"returned_at, returned_by, inputs, returned_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_RET_SNAP[] = "SELECT * FROM review_return WHERE id = ?";
static const char SQL_RET_NOTE_INS[] =
	"INSERT INTO review_return_note (return_id, item_code, note) VALUES (?, ?, ?)";
static const char SQL_RET_NOTE_SNAP[] =
	"SELECT * FROM review_return_note WHERE return_id = ? AND item_code = ?";
#define RET_COLS "SELECT id, assessment_id, round, reason, deadline, supplement_days, " \
	"returned_at, returned_by, returned_on FROM review_return "
static const char SQL_RET_LIST[] = RET_COLS "WHERE assessment_id = ? ORDER BY round DESC";
static const char SQL_RET_NOTES[] =
	"SELECT item_code, note FROM review_return_note WHERE return_id = ? ORDER BY item_code";
static const char SQL_RET_INPUTS[] = "SELECT inputs FROM review_return WHERE id = ?";
/* returned_at / council_at: columns of migration 003. */
static const char SQL_ASM_RETURNED[] =
	"UPDATE assessment SET status = 'returned', returned_at = ? WHERE id = ?";
static const char SQL_ASM_COUNCIL[] =
	"UPDATE assessment SET status = 'council', council_at = ? WHERE id = ?";

/* arg: SQL_ASM_RETURNED or SQL_ASM_COUNCIL (fixed statements, never input). */
static int set_status_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, arg, err);
	if (s == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	bind_text(s, 1, now, 0);
	sqlite3_bind_int64(s, 2, id);
	return step_done(st, s, "changing an assessment's status", err);
}

static int input_json_cb(const struct store_input *in, void *ctx)
{
	json_t *o = json_pack("{s:s,s:s,s:s}", "item", in->item, "field", in->field, "value",
			      in->value);
	return o == NULL || json_array_append_new(ctx, o) != 0;
}

/* The assessment's inputs as a JSON array (caller frees with free()). */
static char *inputs_json(struct store *st, int64_t aid, struct tc_err *err)
{
	json_t *a = json_array();
	char *out = NULL;
	if (a && store_input_list(st, aid, input_json_cb, a, err) == 0) {
		out = json_dumps(a, JSON_COMPACT);
		if (out == NULL)
			tc_err_set(err, TC_ENOMEM, "store: out of memory keeping the inputs");
	} else if (a == NULL) {
		tc_err_set(err, TC_ENOMEM, "store: out of memory keeping the inputs");
	}
	json_decref(a);
	return out;
}

static int return_insert(struct store *st, int64_t aid, const struct store_return *r,
			 int64_t *rid, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RET_ROUND, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	int rc = sqlite3_step(s);
	int round = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, "numbering a return", err);
	char *snap = inputs_json(st, aid, err);
	if (snap == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	if ((s = stmt(st, SQL_RET_INS, err)) == NULL) {
		free(snap);
		return -1;
	}
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_int(s, 2, round);
	bind_text(s, 3, r->reason, 0);
	bind_text(s, 4, r->deadline, 0);
	sqlite3_bind_int(s, 5, r->supplement_days);
	bind_text(s, 6, now, 0);
	bind_text(s, 7, st->actor, 0);
	bind_text(s, 8, snap, 0);
	bind_text(s, 9, r->returned_on, 0);
	rc = step_write(st, s, "storing a return", err);
	free(snap);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "return: a reason, YYYY-MM-DD dates (the deadline "
				  "after the return) and at least one working day are required");
	if (rc != 0)
		return -1;
	*rid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)*rid);
	return audit_change(st, "insert", "review_return", key, NULL, SQL_RET_SNAP, *rid, NULL,
			    NULL, err);
}

static int return_note(struct store *st, int64_t rid, const struct store_return_note *n,
		       struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RET_NOTE_INS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, rid);
	bind_text(s, 2, n->item, 0);
	bind_text(s, 3, n->note, 0);
	int rc = step_write(st, s, "storing a return note", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "return note for '%.30s': empty or repeated",
				  n->item);
	if (rc != 0)
		return -1;
	char key[64];
	snprintf(key, sizeof key, "%lld/%.30s", (long long)rid, n->item);
	return audit_change(st, "insert", "review_return_note", key, NULL, SQL_RET_NOTE_SNAP, rid,
			    n->item, NULL, err);
}

int store_return_add(struct store *st, int64_t assessment_id, int64_t expected_version,
		     const struct store_return *r, const struct store_return_note *notes,
		     size_t n, int64_t *id, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int64_t rid = 0;
	int rc = asm_update(st, assessment_id, expected_version, "return", set_status_body,
			    SQL_ASM_RETURNED, err);
	if (rc == 0)
		rc = return_insert(st, assessment_id, r, &rid, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = return_note(st, rid, &notes[i], err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = rid;
	return 0;
}

static void return_row(sqlite3_stmt *s, void *row)
{
	struct store_return *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->assessment_id = sqlite3_column_int64(s, 1);
	r->round = sqlite3_column_int(s, 2);
	COPY(s, 3, r->reason);
	COPY(s, 4, r->deadline);
	r->supplement_days = sqlite3_column_int(s, 5);
	COPY(s, 6, r->returned_at);
	COPY(s, 7, r->returned_by);
	COPY(s, 8, r->returned_on);
}

int store_return_list(struct store *st, int64_t assessment_id, store_return_cb cb, void *ctx,
		      struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RET_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, assessment_id);
	struct store_return r;
	int got;
	while ((got = next_row(st, s, return_row, &r, "reading returns", err)) == 1)
		if (cb(&r, ctx) != 0)
			return rows_stop(s);
	return got;
}

static int first_return(const struct store_return *r, void *ctx)
{
	*(struct store_return *)ctx = *r;
	return 1;
}

int store_return_latest(struct store *st, int64_t assessment_id, struct store_return *out,
			struct tc_err *err)
{
	out->id = 0;
	if (store_return_list(st, assessment_id, first_return, out, err) != 0)
		return -1;
	if (out->id == 0)
		return tc_err_set(err, TC_ENOTFOUND, "assessment %lld was never returned",
				  (long long)assessment_id);
	return 0;
}

static void return_note_row(sqlite3_stmt *s, void *row)
{
	struct store_return_note *n = row;
	memset(n, 0, sizeof *n);
	COPY(s, 0, n->item);
	COPY(s, 1, n->note);
}

int store_return_notes(struct store *st, int64_t return_id, store_return_note_cb cb, void *ctx,
		       struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RET_NOTES, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, return_id);
	struct store_return_note n;
	int got;
	while ((got = next_row(st, s, return_note_row, &n, "reading notes", err)) == 1)
		if (cb(&n, ctx) != 0)
			return rows_stop(s);
	return got;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

int store_return_inputs(struct store *st, int64_t return_id, store_input_cb cb, void *ctx,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RET_INPUTS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, return_id);
	int rc = sqlite3_step(s);
	json_t *a = NULL;
	if (rc == SQLITE_ROW)
		a = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_ENOTFOUND, "no return with id %lld", (long long)return_id);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, "reading a return", err);
	if (!json_is_array(a)) {
		json_decref(a);
		return tc_err_set(err, TC_EINTERNAL, "return %lld: damaged input snapshot",
				  (long long)return_id);
	}
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o) {
		struct store_input in;
		memset(&in, 0, sizeof in);
		snprintf(in.item, sizeof in.item, "%s", jstr(o, "item"));
		snprintf(in.field, sizeof in.field, "%s", jstr(o, "field"));
		snprintf(in.value, sizeof in.value, "%s", jstr(o, "value"));
		if (cb(&in, ctx) != 0)
			break;
	}
	json_decref(a);
	return 0;
}

/* -- council -- */

#define CM_COLS "SELECT id, name, meeting_date, province_code, district_code, quorum_num, " \
	"quorum_den, minutes_sha256, minutes_name, minutes_mime, created_at, created_by, version " \
	"FROM council_meeting "
static const char SQL_CM_INS[] =
	"INSERT INTO council_meeting (name, meeting_date, province_code, district_code, quorum_num, "
	"quorum_den, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CM_SNAP[] = "SELECT * FROM council_meeting WHERE id = ?";
/* A commune scope ('unit') matches no meeting: the column compared is ''. */
static const char SQL_CM_GET[] = CM_COLS "WHERE id = ?1 AND " SCOPE_SQL(2, 3, "''");
static const char SQL_CM_LIST[] =
	CM_COLS "WHERE " SCOPE_SQL(1, 2, "''") " ORDER BY meeting_date DESC, id DESC";
static const char SQL_CM_MEM_INS[] =
	"INSERT INTO council_member (meeting_id, seq, full_name, role, present) VALUES (?, ?, ?, ?, ?)";
static const char SQL_CM_MEM_SNAP[] =
	"SELECT * FROM council_member WHERE meeting_id = ? AND seq = ?";
static const char SQL_CM_MEMS[] =
	"SELECT seq, full_name, role, present FROM council_member WHERE meeting_id = ? ORDER BY seq";
static const char SQL_CM_DOS_INS[] =
	"INSERT INTO council_dossier (meeting_id, assessment_id) VALUES (?, ?)";
static const char SQL_CM_DOS_SNAP[] =
	"SELECT * FROM council_dossier WHERE meeting_id = ? AND assessment_id = ?";
static const char SQL_CM_DOS_LIST[] =
	"SELECT meeting_id, assessment_id, outcome, reason FROM council_dossier WHERE "
	"(?1 = 0 OR meeting_id = ?1) AND (?2 = 0 OR assessment_id = ?2) "
	"ORDER BY meeting_id DESC, assessment_id";
static const char SQL_CM_DOS_SET[] =
	"UPDATE council_dossier SET outcome = ?, reason = ? WHERE meeting_id = ? AND assessment_id = ?";
static const char SQL_CM_OP_SET[] =
	"INSERT INTO council_opinion (meeting_id, member_seq, assessment_id, opinion, note) "
	"VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, member_seq, assessment_id) DO UPDATE "
	"SET opinion = excluded.opinion, note = excluded.note";
static const char SQL_CM_OP_SNAP[] =
	"SELECT * FROM council_opinion WHERE meeting_id = ? AND member_seq = ? AND assessment_id = ?";
static const char SQL_CM_OPS[] =
	"SELECT meeting_id, member_seq, assessment_id, opinion, note FROM council_opinion "
	"WHERE meeting_id = ? ORDER BY assessment_id, member_seq";
static const char SQL_CM_MINUTES[] =
	"UPDATE council_meeting SET minutes_sha256 = ?, minutes_name = ?, minutes_mime = ?, "
	"version = version + 1 WHERE id = ?";
static const char SQL_CM_IN_SCOPE[] =
	"SELECT a.id FROM assessment a, council_meeting m WHERE a.id = ?1 AND m.id = ?2 AND "
	"a.province_code = m.province_code AND (m.district_code IS NULL OR "
	"a.district_code = m.district_code)";

static int council_members_add(struct store *st, int64_t mid, const struct store_council_member *m,
			       size_t n, struct tc_err *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = stmt(st, SQL_CM_MEM_INS, err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, mid);
		sqlite3_bind_int(s, 2, (int)i + 1);
		bind_text(s, 3, m[i].full_name, 0);
		bind_text(s, 4, m[i].role, 0);
		sqlite3_bind_int(s, 5, m[i].present ? 1 : 0);
		int rc = step_write(st, s, "storing a council member", err);
		if (rc == STEP_BROKE_RULE)
			return tc_err_set(err, TC_EINPUT, "council member %zu: a name and a role "
					  "(chair, vice_chair, member, secretary) are required", i + 1);
		if (rc != 0)
			return -1;
		char key[48];
		snprintf(key, sizeof key, "%lld/%zu", (long long)mid, i + 1);
		char seq[24];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		if (audit_change(st, "insert", "council_member", key, NULL, SQL_CM_MEM_SNAP, mid, seq,
				 NULL, err) != 0)
			return -1;
	}
	return 0;
}

static int council_dossier_add(struct store *st, int64_t mid, int64_t aid, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_IN_SCOPE, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_int64(s, 2, mid);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_EINPUT, "assessment %lld is not within this council's "
				  "province/district", (long long)aid);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, "checking a dossier", err);
	if ((s = stmt(st, SQL_CM_DOS_INS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, mid);
	sqlite3_bind_int64(s, 2, aid);
	rc = step_write(st, s, "storing a dossier", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "assessment %lld is listed twice", (long long)aid);
	if (rc != 0)
		return -1;
	char key[48], a[24];
	snprintf(key, sizeof key, "%lld/%lld", (long long)mid, (long long)aid);
	snprintf(a, sizeof a, "%lld", (long long)aid);
	return audit_change(st, "insert", "council_dossier", key, NULL, SQL_CM_DOS_SNAP, mid, a,
			    NULL, err);
}

static int council_insert(struct store *st, const struct store_council *c, int64_t *mid,
			  struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_INS, err);
	if (s == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	bind_text(s, 1, c->name, 0);
	bind_text(s, 2, c->meeting_date, 0);
	bind_text(s, 3, c->province, 0);
	bind_text(s, 4, c->district, 1);
	sqlite3_bind_int(s, 5, c->quorum_num);
	sqlite3_bind_int(s, 6, c->quorum_den);
	bind_text(s, 7, now, 0);
	bind_text(s, 8, st->actor, 0);
	int rc = step_write(st, s, "storing a council meeting", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "council meeting: a name, a YYYY-MM-DD date and a "
				  "quorum are required");
	if (rc != 0)
		return -1;
	*mid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)*mid);
	return audit_change(st, "insert", "council_meeting", key, NULL, SQL_CM_SNAP, *mid, NULL,
			    NULL, err);
}

int store_council_add(struct store *st, const struct store_council *c,
		      const struct store_council_member *m, size_t n_members,
		      const int64_t *assessment_ids, size_t n_dossiers, int64_t *id,
		      struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int64_t mid = 0;
	int rc = council_insert(st, c, &mid, err);
	if (rc == 0)
		rc = council_members_add(st, mid, m, n_members, err);
	for (size_t i = 0; rc == 0 && i < n_dossiers; i++)
		rc = council_dossier_add(st, mid, assessment_ids[i], err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = mid;
	return 0;
}

static void council_row(sqlite3_stmt *s, void *row)
{
	struct store_council *c = row;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, c->name);
	COPY(s, 2, c->meeting_date);
	COPY(s, 3, c->province);
	COPY(s, 4, c->district);
	c->quorum_num = sqlite3_column_int(s, 5);
	c->quorum_den = sqlite3_column_int(s, 6);
	COPY(s, 7, c->minutes_sha256);
	COPY(s, 8, c->minutes_name);
	COPY(s, 9, c->minutes_mime);
	COPY(s, 10, c->created_at);
	COPY(s, 11, c->created_by);
	c->version = sqlite3_column_int64(s, 12);
}

int store_council_get(struct store *st, int64_t id, const struct store_scope *scope,
		      struct store_council *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_scope(s, 2, 3, scope);
	return one_row(st, s, council_row, out, "council meeting", id, "reading a council meeting",
		       err);
}

int store_council_list(struct store *st, const struct store_scope *scope, store_council_cb cb,
		       void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_LIST, err);
	if (s == NULL)
		return -1;
	bind_scope(s, 1, 2, scope);
	struct store_council c;
	int got;
	while ((got = next_row(st, s, council_row, &c, "reading meetings", err)) == 1)
		if (cb(&c, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void council_member_row(sqlite3_stmt *s, void *row)
{
	struct store_council_member *m = row;
	memset(m, 0, sizeof *m);
	m->seq = sqlite3_column_int(s, 0);
	COPY(s, 1, m->full_name);
	COPY(s, 2, m->role);
	m->present = sqlite3_column_int(s, 3);
}

int store_council_members(struct store *st, int64_t meeting_id, store_council_member_cb cb,
			  void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_MEMS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, meeting_id);
	struct store_council_member m;
	int got;
	while ((got = next_row(st, s, council_member_row, &m, "reading members", err)) == 1)
		if (cb(&m, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void council_dossier_row(sqlite3_stmt *s, void *row)
{
	struct store_council_dossier *d = row;
	memset(d, 0, sizeof *d);
	d->meeting_id = sqlite3_column_int64(s, 0);
	d->assessment_id = sqlite3_column_int64(s, 1);
	COPY(s, 2, d->outcome);
	COPY(s, 3, d->reason);
}

int store_council_dossiers(struct store *st, int64_t meeting_id, int64_t assessment_id,
			   store_council_dossier_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_DOS_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_int64(s, 2, assessment_id);
	struct store_council_dossier d;
	int got;
	while ((got = next_row(st, s, council_dossier_row, &d, "reading dossiers", err)) == 1)
		if (cb(&d, ctx) != 0)
			return rows_stop(s);
	return got;
}

static int opinion_write(struct store *st, const struct store_council_opinion *o,
			 struct tc_err *err)
{
	char seq[12], aid[24], key[64];
	snprintf(seq, sizeof seq, "%d", o->member_seq);
	snprintf(aid, sizeof aid, "%lld", (long long)o->assessment_id);
	snprintf(key, sizeof key, "%lld/%d/%lld", (long long)o->meeting_id, o->member_seq,
		 (long long)o->assessment_id);
	int fail = 0;
	char *before = snapshot(st, SQL_CM_OP_SNAP, o->meeting_id, seq, aid, &fail, err);
	if (fail)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_CM_OP_SET, err);
	if (s == NULL) {
		free(before);
		return -1;
	}
	sqlite3_bind_int64(s, 1, o->meeting_id);
	sqlite3_bind_int(s, 2, o->member_seq);
	sqlite3_bind_int64(s, 3, o->assessment_id);
	bind_text(s, 4, o->opinion, 0);
	bind_text(s, 5, o->note, 0);
	int rc = step_write(st, s, "storing an opinion", err);
	if (rc != 0) {
		free(before);
		if (rc == STEP_BROKE_RULE)
			return tc_err_set(err, TC_EINPUT, "opinion: unknown member or dossier of this "
					  "meeting, or an opinion other than agree, disagree, abstain");
		return -1;
	}
	return audit_change(st, before ? "update" : "insert", "council_opinion", key, before,
			    SQL_CM_OP_SNAP, o->meeting_id, seq, aid, err);
}

int store_council_opinion_set(struct store *st, const struct store_council_opinion *o,
			      struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	return tx_finish(st, opinion_write(st, o, err), err);
}

static void council_opinion_row(sqlite3_stmt *s, void *row)
{
	struct store_council_opinion *o = row;
	memset(o, 0, sizeof *o);
	o->meeting_id = sqlite3_column_int64(s, 0);
	o->member_seq = sqlite3_column_int(s, 1);
	o->assessment_id = sqlite3_column_int64(s, 2);
	COPY(s, 3, o->opinion);
	COPY(s, 4, o->note);
}

int store_council_opinions(struct store *st, int64_t meeting_id, store_council_opinion_cb cb,
			   void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CM_OPS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, meeting_id);
	struct store_council_opinion o;
	int got;
	while ((got = next_row(st, s, council_opinion_row, &o, "reading opinions", err)) == 1)
		if (cb(&o, ctx) != 0)
			return rows_stop(s);
	return got;
}

static int outcome_write(struct store *st, int64_t mid, int64_t aid, const char *outcome,
			 const char *reason, struct tc_err *err)
{
	char a[24], key[48];
	snprintf(a, sizeof a, "%lld", (long long)aid);
	snprintf(key, sizeof key, "%lld/%lld", (long long)mid, (long long)aid);
	int fail = 0;
	char *before = snapshot(st, SQL_CM_DOS_SNAP, mid, a, NULL, &fail, err);
	if (fail)
		return -1;
	if (before == NULL)
		return tc_err_set(err, TC_ENOTFOUND, "assessment %lld is not a dossier of council "
				  "meeting %lld", (long long)aid, (long long)mid);
	sqlite3_stmt *s = stmt(st, SQL_CM_DOS_SET, err);
	if (s == NULL) {
		free(before);
		return -1;
	}
	bind_text(s, 1, outcome, 0);
	bind_text(s, 2, reason ? reason : "", 0);
	sqlite3_bind_int64(s, 3, mid);
	sqlite3_bind_int64(s, 4, aid);
	int rc = step_write(st, s, "storing an outcome", err);
	if (rc != 0) {
		free(before);
		if (rc == STEP_BROKE_RULE)
			return tc_err_set(err, TC_EINPUT, "outcome must be propose or not_propose");
		return -1;
	}
	return audit_change(st, "update", "council_dossier", key, before, SQL_CM_DOS_SNAP, mid, a,
			    NULL, err);
}

int store_council_outcome(struct store *st, int64_t meeting_id, int64_t assessment_id,
			  int64_t expected_version, const char *outcome, const char *reason,
			  struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = outcome_write(st, meeting_id, assessment_id, outcome, reason, err);
	if (rc == 0)
		rc = asm_update(st, assessment_id, expected_version, "council", set_status_body,
				SQL_ASM_COUNCIL, err);
	return tx_finish(st, rc, err);
}

/* Stores a file's bytes once per SHA-256 (like evidence); hex gets the hash. */
static int blob_put(struct store *st, const char *name, const char *mime, const void *data,
		    size_t len, char hex[65], struct tc_err *err)
{
	if (evidence_check(name, mime, len, err) != 0)
		return -1;
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(hex, 65, d, sizeof d);
	sqlite3_stmt *s = stmt(st, SQL_BLOB_INS, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, hex, 0);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
	sqlite3_bind_blob(s, 3, data, (int)len, SQLITE_STATIC);
	return step_done(st, s, "storing a file", err);
}

int store_council_minutes(struct store *st, int64_t meeting_id, const char *name,
			  const char *mime, const void *data, size_t len, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char hex[65];
	char *before = snapshot(st, SQL_CM_SNAP, meeting_id, NULL, NULL, &fail, err);
	int rc = fail ? -1 : 0;
	if (rc == 0 && before == NULL)
		rc = tc_err_set(err, TC_ENOTFOUND, "no council meeting with id %lld",
				(long long)meeting_id);
	if (rc == 0)
		rc = blob_put(st, name, mime, data, len, hex, err);
	sqlite3_stmt *s = rc == 0 ? stmt(st, SQL_CM_MINUTES, err) : NULL;
	if (rc == 0 && s == NULL)
		rc = -1;
	if (rc == 0) {
		bind_text(s, 1, hex, 0);
		bind_text(s, 2, name, 0);
		bind_text(s, 3, mime, 0);
		sqlite3_bind_int64(s, 4, meeting_id);
		rc = step_done(st, s, "attaching the minutes", err);
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)meeting_id);
	if (rc == 0)
		rc = audit_change(st, "update", "council_meeting", key, before, SQL_CM_SNAP,
				  meeting_id, NULL, NULL, err);
	else
		free(before);
	return tx_finish(st, rc, err);
}

/* -- decisions -- */

#define DEC_COLS "SELECT id, number, decision_date, signer_name, signer_position, file_sha256, " \
	"file_name, file_mime, province_code, district_code, created_at, created_by FROM decision "
static const char SQL_DEC_INS[] =
	"INSERT INTO decision (number, decision_date, signer_name, signer_position, file_sha256, "
	"file_name, file_mime, province_code, district_code, created_at, created_by) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DEC_SNAP[] = "SELECT * FROM decision WHERE id = ?";
static const char SQL_DEC_GET[] = DEC_COLS "WHERE id = ?1 AND " SCOPE_SQL(2, 3, "''");
static const char SQL_DEC_LIST[] =
	DEC_COLS "WHERE " SCOPE_SQL(1, 2, "''") " ORDER BY decision_date DESC, id DESC";
static const char SQL_DEC_ITEM_INS[] =
	"INSERT INTO decision_item (decision_id, assessment_id, recognised, reason) VALUES (?, ?, ?, ?)";
static const char SQL_DEC_ITEM_SNAP[] =
	"SELECT * FROM decision_item WHERE decision_id = ? AND assessment_id = ?";
static const char SQL_DEC_ITEMS[] =
	"SELECT i.decision_id, i.assessment_id, i.recognised, i.reason, a.unit_code, a.year "
	"FROM decision_item i JOIN assessment a ON a.id = i.assessment_id "
	"WHERE (?1 = 0 OR i.decision_id = ?1) AND (?2 = 0 OR i.assessment_id = ?2) "
	"ORDER BY i.decision_id DESC, a.unit_code";
static const char SQL_DEC_DECIDE[] =
	"UPDATE assessment SET status = ?, decided_at = ?, recognised = ? WHERE id = ?";

static int decide_body(struct store *st, int64_t id, const void *arg, struct tc_err *err)
{
	int recognised = *(const int *)arg;
	sqlite3_stmt *s = stmt(st, SQL_DEC_DECIDE, err);
	if (s == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	bind_text(s, 1, recognised ? "recognised" : "not_recognised", 0);
	bind_text(s, 2, now, 0);
	sqlite3_bind_int(s, 3, recognised ? 1 : 0);
	sqlite3_bind_int64(s, 4, id);
	return step_done(st, s, "recording a decision", err);
}

static int decision_insert(struct store *st, const struct store_decision *d, const char *hex,
			   int64_t *did, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DEC_INS, err);
	if (s == NULL)
		return -1;
	char now[21];
	store_now(st, now);
	bind_text(s, 1, d->number, 0);
	bind_text(s, 2, d->decision_date, 0);
	bind_text(s, 3, d->signer_name, 0);
	bind_text(s, 4, d->signer_position, 0);
	bind_text(s, 5, hex, 0);
	bind_text(s, 6, d->file_name, 0);
	bind_text(s, 7, d->file_mime, 0);
	bind_text(s, 8, d->province, 0);
	bind_text(s, 9, d->district, 1);
	bind_text(s, 10, now, 0);
	bind_text(s, 11, st->actor, 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return tc_err_set(err, TC_ECONFLICT, "a decision numbered '%.64s' already exists",
				  d->number);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "decision: number, YYYY-MM-DD date, signer and "
				  "position are required");
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, "storing a decision", err);
	*did = sqlite3_last_insert_rowid(st->db);
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)*did);
	return audit_change(st, "insert", "decision", key, NULL, SQL_DEC_SNAP, *did, NULL, NULL,
			    err);
}

static int decision_item_add(struct store *st, int64_t did, const struct store_decision_item *it,
			     struct tc_err *err)
{
	int rec = it->recognised ? 1 : 0;
	if (asm_update(st, it->assessment_id, it->expected_version, "decide", decide_body, &rec,
		       err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_DEC_ITEM_INS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, did);
	sqlite3_bind_int64(s, 2, it->assessment_id);
	sqlite3_bind_int(s, 3, rec);
	bind_text(s, 4, it->reason, 0);
	int rc = step_write(st, s, "storing a decision item", err);
	if (rc == STEP_BROKE_RULE)
		return tc_err_set(err, TC_EINPUT, "assessment %lld is listed twice in the decision",
				  (long long)it->assessment_id);
	if (rc != 0)
		return -1;
	char key[48], a[24];
	snprintf(key, sizeof key, "%lld/%lld", (long long)did, (long long)it->assessment_id);
	snprintf(a, sizeof a, "%lld", (long long)it->assessment_id);
	return audit_change(st, "insert", "decision_item", key, NULL, SQL_DEC_ITEM_SNAP, did, a,
			    NULL, err);
}

int store_decision_add(struct store *st, const struct store_decision *d, const void *file,
		       size_t file_len, const struct store_decision_item *items, size_t n,
		       int64_t *id, struct tc_err *err)
{
	if (n == 0)
		return tc_err_set(err, TC_EINPUT, "a decision needs at least one dossier");
	if (tx_begin(st, err) != 0)
		return -1;
	char hex[65];
	int64_t did = 0;
	int rc = blob_put(st, d->file_name, d->file_mime, file, file_len, hex, err);
	if (rc == 0)
		rc = decision_insert(st, d, hex, &did, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = decision_item_add(st, did, &items[i], err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = did;
	return 0;
}

static void decision_row(sqlite3_stmt *s, void *row)
{
	struct store_decision *d = row;
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, d->number);
	COPY(s, 2, d->decision_date);
	COPY(s, 3, d->signer_name);
	COPY(s, 4, d->signer_position);
	COPY(s, 5, d->file_sha256);
	COPY(s, 6, d->file_name);
	COPY(s, 7, d->file_mime);
	COPY(s, 8, d->province);
	COPY(s, 9, d->district);
	COPY(s, 10, d->created_at);
	COPY(s, 11, d->created_by);
}

int store_decision_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_decision *out, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DEC_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_scope(s, 2, 3, scope);
	return one_row(st, s, decision_row, out, "decision", id, "reading a decision", err);
}

int store_decision_list(struct store *st, const struct store_scope *scope, store_decision_cb cb,
			void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DEC_LIST, err);
	if (s == NULL)
		return -1;
	bind_scope(s, 1, 2, scope);
	struct store_decision d;
	int got;
	while ((got = next_row(st, s, decision_row, &d, "reading decisions", err)) == 1)
		if (cb(&d, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void decision_item_row(sqlite3_stmt *s, void *row)
{
	struct store_decision_item *it = row;
	memset(it, 0, sizeof *it);
	it->decision_id = sqlite3_column_int64(s, 0);
	it->assessment_id = sqlite3_column_int64(s, 1);
	it->recognised = sqlite3_column_int(s, 2);
	COPY(s, 3, it->reason);
	COPY(s, 4, it->unit_code);
	it->year = sqlite3_column_int(s, 5);
}

int store_decision_items(struct store *st, int64_t decision_id, int64_t assessment_id,
			 store_decision_item_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DEC_ITEMS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, decision_id);
	sqlite3_bind_int64(s, 2, assessment_id);
	struct store_decision_item it;
	int got;
	while ((got = next_row(st, s, decision_item_row, &it, "reading decision items", err)) == 1)
		if (cb(&it, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* ---- Bulk import of assessments (imports; bench) ------------------------- */

/* Plain INSERTs (a new assessment has no rows to conflict with), bound with
 * SQLITE_STATIC (the caller's arrays outlive each step), several rows per
 * statement: each statement run opens and closes a cursor per table and
 * index, which cost as much as the row itself. Constant SQL for 16, 4 and
 * 1 rows: 23 inputs go in 5 statements. */
#define IN_ROW "(?,?,?,?)"
#define IN_ROW4 IN_ROW "," IN_ROW "," IN_ROW "," IN_ROW
#define IN_ROW16 IN_ROW4 "," IN_ROW4 "," IN_ROW4 "," IN_ROW4
#define IN_INS "INSERT INTO input_value (assessment_id, item_code, field, value) VALUES "
static const char SQL_BULK_IN1[] = IN_INS IN_ROW;
static const char SQL_BULK_IN4[] = IN_INS IN_ROW4;
static const char SQL_BULK_IN16[] = IN_INS IN_ROW16;
#define IND_ROW "(?,?,?,?,?,?,?)"
#define IND_ROW4 IND_ROW "," IND_ROW "," IND_ROW "," IND_ROW
#define IND_ROW16 IND_ROW4 "," IND_ROW4 "," IND_ROW4 "," IND_ROW4
#define IND_INS "INSERT INTO indicator_value (assessment_id, item_code, computed_pts, " \
	"self_pts, reviewed_pts, comment, official_id) VALUES "
static const char SQL_BULK_IND1[] = IND_INS IND_ROW;
static const char SQL_BULK_IND4[] = IND_INS IND_ROW4;
static const char SQL_BULK_IND16[] = IND_INS IND_ROW16;

/* s as a JSON string literal (escapes as jansson does by default). */
static void json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	for (;;) {
		size_t run = 0;
		while (s[run] != '\0' && s[run] != '"' && s[run] != '\\' &&
		       (unsigned char)s[run] >= 0x20)
			run++;
		buf_append(b, s, run);
		s += run;
		if (*s == '\0')
			break;
		unsigned char c = (unsigned char)*s++;
		char e[6] = {'\\', (char)c, 0, 0, 0, 0};
		size_t n = 2;
		switch (c) {
		case '"': case '\\': break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			memcpy(e + 1, "u00", 3);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			n = 6;
		}
		buf_append(b, e, n);
	}
	buf_putc(b, '"');
}

static void json_i64(struct buf *b, int64_t v)
{
	char d[24];
	int k = snprintf(d, sizeof d, "%lld", (long long)v);
	buf_append(b, d, (size_t)k);
}

/* The imported assessment's row as snapshot() writes it (every column,
 * keys sorted, compact), without building a jansson tree: appended to b.
 * The key order is sorted once per connection. */
static int asm_snapshot(struct store *st, int64_t id, struct buf *b, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_ASM_SNAP, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? tc_err_set(err, TC_EINTERNAL, "store: imported "
						      "assessment vanished")
					 : db_fail(st, rc, "reading a row for the audit log", err);
	}
	int n = sqlite3_column_count(s);
	if (n != st->snap_n) {
		if (n > (int)(sizeof st->snap_order / sizeof st->snap_order[0])) {
			sqlite3_reset(s);
			return tc_err_set(err, TC_EINTERNAL, "store: assessment has %d columns", n);
		}
		for (int i = 0; i < n; i++) { /* insertion sort of the column names */
			int j = i;
			while (j > 0 && strcmp(sqlite3_column_name(s, st->snap_order[j - 1]),
					       sqlite3_column_name(s, i)) > 0) {
				st->snap_order[j] = st->snap_order[j - 1];
				j--;
			}
			st->snap_order[j] = i;
		}
		st->snap_n = n;
	}
	buf_putc(b, '{');
	for (int k = 0; k < n; k++) {
		int i = st->snap_order[k];
		if (k)
			buf_putc(b, ',');
		json_str(b, sqlite3_column_name(s, i));
		buf_putc(b, ':');
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_INTEGER: json_i64(b, sqlite3_column_int64(s, i)); break;
		case SQLITE_NULL: buf_puts(b, "null"); break;
		default: json_str(b, (const char *)sqlite3_column_text(s, i)); break;
		}
	}
	buf_putc(b, '}');
	sqlite3_reset(s);
	return 0;
}

static void json_pts(struct buf *b, tc_pts p)
{
	if (p == STORE_NO_PTS)
		buf_puts(b, "null");
	else
		json_i64(b, p);
}

/* The audit entry of store_assessment_import, in b: the assessment's row
 * and every value set. An indicator is [item, computed], or [item,
 * computed, self, reviewed, comment, official_id] when any of the last four
 * is set (an import sets none). */
static int import_json(struct store *st, int64_t id, const struct store_input *in,
		       size_t n_in, const struct store_indicator *ind, size_t n_ind,
		       struct buf *b, struct tc_err *err)
{
	buf_puts(b, "{\"assessment\":");
	if (asm_snapshot(st, id, b, err) != 0)
		return -1;
	buf_puts(b, ",\"inputs\":[");
	for (size_t i = 0; i < n_in; i++) {
		buf_puts(b, i ? ",[" : "[");
		json_str(b, in[i].item);
		buf_putc(b, ',');
		json_str(b, in[i].field);
		buf_putc(b, ',');
		json_str(b, in[i].value);
		buf_putc(b, ']');
	}
	buf_puts(b, "],\"indicators\":[");
	for (size_t i = 0; i < n_ind; i++) {
		const struct store_indicator *v = &ind[i];
		buf_puts(b, i ? ",[" : "[");
		json_str(b, v->item);
		buf_putc(b, ',');
		json_pts(b, v->computed);
		if (v->self != STORE_NO_PTS || v->reviewed != STORE_NO_PTS || v->comment[0] ||
		    v->official_id > 0) {
			buf_putc(b, ',');
			json_pts(b, v->self);
			buf_putc(b, ',');
			json_pts(b, v->reviewed);
			buf_putc(b, ',');
			json_str(b, v->comment);
			buf_putc(b, ',');
			if (v->official_id > 0)
				json_i64(b, v->official_id);
			else
				buf_puts(b, "null");
		}
		buf_putc(b, ']');
	}
	buf_puts(b, "]}");
	return buf_failed(b) ? tc_err_set(err, TC_ENOMEM, "store: out of memory writing the "
					  "audit log") : 0;
}

/* store_audit_append without its own savepoint: the caller's transaction
 * is the one that must hold or lose the entry. */
static int audit_in_tx(struct store *st, const char *at, const char *action,
		       const char *entity, const char *key, const char *after,
		       struct tc_err *err)
{
	struct store_audit a;
	memset(&a, 0, sizeof a);
	memcpy(a.at, at, sizeof a.at);
	if (fit(a.actor, sizeof a.actor, st->actor, "actor", err) ||
	    fit(a.action, sizeof a.action, action, "audit action", err) ||
	    fit(a.entity, sizeof a.entity, entity, "audit entity", err) ||
	    fit(a.entity_key, sizeof a.entity_key, key, "audit key", err))
		return -1;
	a.after = after;
	return audit_body(st, &a, err);
}

static void bind_input(sqlite3_stmt *s, int base, int64_t id, const struct store_input *in)
{
	sqlite3_bind_int64(s, base + 1, id);
	sqlite3_bind_text(s, base + 2, in->item, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 3, in->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 4, in->value, -1, SQLITE_STATIC);
}

static void bind_indicator(sqlite3_stmt *s, int base, int64_t id,
			   const struct store_indicator *v)
{
	sqlite3_bind_int64(s, base + 1, id);
	sqlite3_bind_text(s, base + 2, v->item, -1, SQLITE_STATIC);
	bind_pts(s, base + 3, v->computed);
	bind_pts(s, base + 4, v->self);
	bind_pts(s, base + 5, v->reviewed);
	sqlite3_bind_text(s, base + 6, v->comment, -1, SQLITE_STATIC);
	if (v->official_id > 0)
		sqlite3_bind_int64(s, base + 7, v->official_id);
	else
		sqlite3_bind_null(s, base + 7);
}

/* Inserts the n inputs in statements of 16, 4 and 1 rows. */
static int bulk_inputs(struct store *st, int64_t id, const struct store_input *in, size_t n,
		       struct tc_err *err)
{
	static const char *const sql[] = {SQL_BULK_IN16, SQL_BULK_IN4, SQL_BULK_IN1};
	static const size_t per[] = {16, 4, 1};
	size_t i = 0;
	for (size_t k = 0; k < 3; k++)
		while (n - i >= per[k]) {
			sqlite3_stmt *s = stmt(st, sql[k], err);
			if (s == NULL)
				return -1;
			for (size_t j = 0; j < per[k]; j++)
				bind_input(s, (int)(4 * j), id, &in[i + j]);
			int rc = step_write(st, s, "storing inputs", err);
			if (rc == STEP_BROKE_RULE)
				return tc_err_set(err, TC_EINPUT, "inputs: an empty item or field, or "
						  "the same item and field twice (among %s %s ...)",
						  in[i].item, in[i].field);
			if (rc != 0)
				return -1;
			i += per[k];
		}
	return 0;
}

/* Inserts the n indicator values in statements of 16, 4 and 1 rows. */
static int bulk_indicators(struct store *st, int64_t id, const struct store_indicator *v,
			   size_t n, struct tc_err *err)
{
	static const char *const sql[] = {SQL_BULK_IND16, SQL_BULK_IND4, SQL_BULK_IND1};
	static const size_t per[] = {16, 4, 1};
	size_t i = 0;
	for (size_t k = 0; k < 3; k++)
		while (n - i >= per[k]) {
			sqlite3_stmt *s = stmt(st, sql[k], err);
			if (s == NULL)
				return -1;
			for (size_t j = 0; j < per[k]; j++)
				bind_indicator(s, (int)(7 * j), id, &v[i + j]);
			int rc = step_write(st, s, "storing indicators", err);
			if (rc == STEP_BROKE_RULE)
				return tc_err_set(err, TC_EINPUT, "indicators: an empty code, one given "
						  "twice or an unknown official (among %s ...)", v[i].item);
			if (rc != 0)
				return -1;
			i += per[k];
		}
	return 0;
}

/* The rows of one imported assessment, inside the caller's transaction. */
static int import_rows(struct store *st, const struct store_assessment *a,
		       const struct store_unit *u, const struct store_input *in, size_t n_in,
		       const struct store_indicator *ind, size_t n_ind, int64_t *id,
		       struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	if (assessment_insert(st, a, u, now, err) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	if (bulk_inputs(st, *id, in, n_in, err) != 0 ||
	    bulk_indicators(st, *id, ind, n_ind, err) != 0)
		return -1;
	buf_reset(&st->bulk);
	if (import_json(st, *id, in, n_in, ind, n_ind, &st->bulk, err) != 0)
		return -1;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)*id);
	return audit_in_tx(st, now, "import", "assessment", key, buf_cstr(&st->bulk), err);
}

/* The unit of the assessment: the caller's (checked to be the one named)
 * or looked up. */
static int import_unit(struct store *st, const struct store_assessment *a,
		       const struct store_unit *given, struct store_unit *u, struct tc_err *err)
{
	if (given != NULL && strcmp(given->code, a->unit_code) == 0)
		*u = *given;
	else if (store_unit_at_year(st, a->unit_code, a->year, u, err) != 0) {
		if (err && err->code == TC_ENOTFOUND)
			err->code = TC_EINPUT;
		return -1;
	}
	if (strcmp(u->level, "commune") != 0)
		return tc_err_set(err, TC_EINPUT, "unit %s is a %s, not a commune: assessments "
				  "are per commune", u->code, u->level);
	return 0;
}

int store_assessment_import(struct store *st, const struct store_assessment *a,
			    const struct store_unit *unit, const struct store_input *in,
			    size_t n_in, const struct store_indicator *ind, size_t n_ind,
			    int64_t *id, struct tc_err *err)
{
	struct store_unit u;
	if (import_unit(st, a, unit, &u, err) != 0)
		return -1;
	int64_t nid = 0;
	if (st->depth > 0) {
		/* Inside the caller's transaction (a file import): no savepoint per
		 * assessment, as each one copied every page it touched into a
		 * statement journal; on failure the caller rolls everything back. */
		if (st->readonly)
			return tc_err_set(err, TC_EPERM, "%s: opened read-only; nothing can be "
					  "changed", st->path);
		if (import_rows(st, a, &u, in, n_in, ind, n_ind, &nid, err) != 0)
			return -1;
	} else {
		if (tx_begin(st, err) != 0)
			return -1;
		if (tx_finish(st, import_rows(st, a, &u, in, n_in, ind, n_ind, &nid, err), err) != 0)
			return -1;
	}
	if (id)
		*id = nid;
	return 0;
}

/* ---- Pilot models and programme management (pilot, migration 005) ------ */

/* A 'YYYY-MM-DD' date that exists (day checked against the month). */
static int pilot_date_ok(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static int pilot_date(const char *s, const char *field, struct tc_err *err)
{
	if (pilot_date_ok(s))
		return 0;
	return tc_err_set(err, TC_EINPUT, "%s: '%s' is not a date (YYYY-MM-DD)", field,
			  s ? s : "");
}

/* The province a scope lies in ("" = no restriction). A district or unit
 * scope sees the plans of its province. */
static int scope_province(struct store *st, const struct store_scope *sc, char out[4],
			  struct tc_err *err)
{
	out[0] = '\0';
	if (sc == NULL || sc->kind == STORE_SCOPE_ALL)
		return 0;
	if (sc->kind == STORE_SCOPE_PROVINCE) {
		snprintf(out, 4, "%.2s", sc->code);
		return 0;
	}
	static const char sql[] = "SELECT province_code FROM unit WHERE code = ? LIMIT 1";
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, sc->code, 0);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, out, 4);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		snprintf(out, 4, "--"); /* unknown unit: sees nothing */
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, "reading a scope", err);
}

/* The cached statement for `sql`, bound with ?1 = key and ?2 = the province
 * code `scope` limits it to ("" = all): the shape of every scoped pilot
 * getter and lister. NULL (err set) on failure. */
static sqlite3_stmt *scoped_stmt(struct store *st, const char *sql, int64_t key,
				 const struct store_scope *scope, struct tc_err *err)
{
	char prov[4];
	if (scope_province(st, scope, prov, err) != 0)
		return NULL;
	sqlite3_stmt *s = stmt(st, sql, err);
	if (s == NULL)
		return NULL;
	sqlite3_bind_int64(s, 1, key);
	bind_text(s, 2, prov, 0);
	return s;
}

/* Steps an INSERT/UPDATE, mapping constraint failures to TC_EINPUT. */
static int pilot_step(struct store *st, sqlite3_stmt *s, const char *what, struct tc_err *err)
{
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r == SQLITE_DONE)
		return 0;
	if (r == SQLITE_CONSTRAINT_UNIQUE || r == SQLITE_CONSTRAINT_PRIMARYKEY)
		return tc_err_set(err, TC_ECONFLICT, "%s: it already exists", what);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return tc_err_set(err, TC_EINPUT, "%s: a value is missing, out of range or refers "
				  "to something that does not exist (%s)", what, sqlite3_errmsg(st->db));
	return db_fail(st, r, what, err);
}

static char *pilot_key(char buf[24], int64_t id)
{
	snprintf(buf, 24, "%lld", (long long)id);
	return buf;
}

/* One UPDATE of a pilot row with its audit entry (before/after snapshots of
 * `snap` keyed by id). bind() fills the statement's parameters. */
static int pilot_update(struct store *st, const char *entity, int64_t id, const char *snap,
			const char *sql, void (*bind)(sqlite3_stmt *s, const void *v),
			const void *v, struct tc_err *err)
{
	char *before;
	sqlite3_stmt *s = update_start(st, snap, sql, entity, id, &before, err);
	if (s == NULL)
		return -1;
	bind(s, v);
	if (pilot_step(st, s, entity, err) != 0) {
		free(before);
		return -1;
	}
	char key[24];
	return audit_change(st, "update", entity, pilot_key(key, id), before, snap, id, NULL, NULL,
			    err);
}

/* What pilot_insert needs to know about one kind of pilot row. */
struct ins_spec {
	const char *entity; /* audit entity */
	const char *what;   /* the row's name in constraint messages */
	const char *sql;    /* the INSERT */
	const char *snap;   /* the audit snapshot, keyed by the new id */
	void (*bind)(sqlite3_stmt *s, const void *v); /* fills the INSERT from v */
};

/* One INSERT of a pilot row with its audit entry, inside the caller's
 * transaction; *nid gets the new row's id. */
static int pilot_insert(struct store *st, const struct ins_spec *in, const void *v, int64_t *nid,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, in->sql, err);
	if (s == NULL)
		return -1;
	in->bind(s, v);
	if (pilot_step(st, s, in->what, err) != 0)
		return -1;
	*nid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	return audit_change(st, "insert", in->entity, pilot_key(key, *nid), NULL, in->snap, *nid,
			    NULL, NULL, err);
}

/* pilot_insert as a transaction of its own; *id (if wanted) is set only once
 * the row is committed. */
static int pilot_insert_tx(struct store *st, const struct ins_spec *in, const void *v,
			   int64_t *id, struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int64_t nid = 0;
	int rc = pilot_insert(st, in, v, &nid, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

/* -- plans -- */

static const char SQL_PLAN_INS[] =
	"INSERT INTO plan (number, issued_on, issuer, province_code, year, title, legal_basis, "
	"file_sha256, parent_id, status, lessons, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_PLAN_UPD[] =
	"UPDATE plan SET number = ?1, issued_on = ?2, issuer = ?3, year = ?5, title = ?6, "
	"legal_basis = ?7, file_sha256 = ?8, parent_id = ?9, status = ?10, lessons = ?11 "
	"WHERE id = ?13";
static const char SQL_PLAN_SNAP[] = "SELECT * FROM plan WHERE id = ?";
#define PLAN_COLS "SELECT p.id, p.number, p.issued_on, p.issuer, p.province_code, p.year, " \
	"p.title, p.legal_basis, p.file_sha256, coalesce(p.parent_id, 0), " \
	"coalesce(q.number, ''), p.status, p.lessons, p.source, p.file_name, p.file_mime FROM plan p " \
	"LEFT JOIN plan q ON q.id = p.parent_id "
static const char SQL_PLAN_GET[] = PLAN_COLS "WHERE p.id = ?1 AND (?2 = '' OR p.province_code = ?2)";
static const char SQL_PLAN_LIST[] = PLAN_COLS
	"WHERE (?1 = 0 OR p.year = ?1) AND (?2 = '' OR p.province_code = ?2) "
	"ORDER BY p.year, p.issued_on, p.number";

static int plan_check(const struct store_plan *p, struct tc_err *err)
{
	if (p->number[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "number: a plan needs a number (e.g. 198/KH-STP)");
	if (pilot_date(p->issued_on, "issued_on", err) != 0)
		return -1;
	if (p->issuer[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "issuer: a plan needs its issuing body");
	if (p->title[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "title: a plan needs a title");
	if (p->year < 2000 || p->year > 2100)
		return tc_err_set(err, TC_EINPUT, "year: %d is not a year between 2000 and 2100",
				  p->year);
	if (p->parent_id != 0 && p->parent_id == p->id)
		return tc_err_set(err, TC_EINPUT, "parent: a plan cannot be its own parent");
	return 0;
}

static void plan_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_plan *p = v;
	bind_text(s, 1, p->number, 0);
	bind_text(s, 2, p->issued_on, 0);
	bind_text(s, 3, p->issuer, 0);
	bind_text(s, 4, p->province, 0);
	sqlite3_bind_int(s, 5, p->year);
	bind_text(s, 6, p->title, 0);
	bind_text(s, 7, p->legal_basis, 0);
	bind_text(s, 8, p->file_sha256, 0);
	bind_opt(s, 9, p->parent_id);
	bind_text(s, 10, p->status[0] ? p->status : "active", 0);
	bind_text(s, 11, p->lessons, 0);
	bind_text(s, 12, p->source[0] ? p->source : "entered", 0);
}

int store_plan_add(struct store *st, const struct store_plan *p, int64_t *id,
		   struct tc_err *err)
{
	if (plan_check(p, err) != 0)
		return -1;
	if (strlen(p->province) != 2)
		return tc_err_set(err, TC_EINPUT, "province: a plan needs its province code (2 digits)");
	static const struct ins_spec ins = {"plan", "plan", SQL_PLAN_INS, SQL_PLAN_SNAP, plan_bind};
	return pilot_insert_tx(st, &ins, p, id, err);
}

/* The UPDATE takes the INSERT's parameters (province ?4 and source ?12 go unused) and
 * the id as ?13. */
static void plan_upd_bind(sqlite3_stmt *s, const void *v)
{
	plan_bind(s, v);
	sqlite3_bind_int64(s, 13, ((const struct store_plan *)v)->id);
}

int store_plan_update(struct store *st, const struct store_plan *p, struct tc_err *err)
{
	if (plan_check(p, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = pilot_update(st, "plan", p->id, SQL_PLAN_SNAP, SQL_PLAN_UPD, plan_upd_bind, p, err);
	return tx_finish(st, rc, err);
}

static void plan_row(sqlite3_stmt *s, void *row)
{
	struct store_plan *p = row;
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, p->number);
	COPY(s, 2, p->issued_on);
	COPY(s, 3, p->issuer);
	COPY(s, 4, p->province);
	p->year = sqlite3_column_int(s, 5);
	COPY(s, 6, p->title);
	COPY(s, 7, p->legal_basis);
	COPY(s, 8, p->file_sha256);
	p->parent_id = sqlite3_column_int64(s, 9);
	COPY(s, 10, p->parent_number);
	COPY(s, 11, p->status);
	COPY(s, 12, p->lessons);
	COPY(s, 13, p->source);
	COPY(s, 14, p->file_name);
	COPY(s, 15, p->file_mime);
}

int store_plan_get(struct store *st, int64_t id, const struct store_scope *scope,
		   struct store_plan *out, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_PLAN_GET, id, scope, err);
	if (s == NULL)
		return -1;
	return one_row(st, s, plan_row, out, "plan", id, "reading a plan", err);
}

int store_plan_list(struct store *st, int year, const struct store_scope *scope,
		    store_plan_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_PLAN_LIST, year, scope, err);
	if (s == NULL)
		return -1;
	struct store_plan p;
	int got;
	while ((got = next_row(st, s, plan_row, &p, "reading plans", err)) == 1)
		if (cb(&p, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* -- pilots -- */

static const char SQL_PILOT_INS[] =
	"INSERT INTO plan_pilot (plan_id, vintage, unit_code, target_year, ntm_year, kind) "
	"VALUES (?,?,?,?,?,?)";
static const char SQL_PILOT_SNAP[] =
	"SELECT * FROM plan_pilot WHERE plan_id = ? AND unit_code = ?";
static const char SQL_PILOT_LIST[] =
	"SELECT pp.plan_id, pp.vintage, pp.unit_code, coalesce(u.type || ' ' || u.name, ''), "
	"pp.target_year, coalesce(pp.ntm_year, 0), pp.kind FROM plan_pilot pp "
	"LEFT JOIN unit u ON u.vintage = pp.vintage AND u.code = pp.unit_code "
	"WHERE pp.plan_id = ? ORDER BY pp.kind DESC, pp.unit_code";

int store_plan_pilot_add(struct store *st, const struct store_plan_pilot *pp,
			 struct tc_err *err)
{
	struct store_unit u;
	if (pp->target_year < 2000 || pp->target_year > 2100)
		return tc_err_set(err, TC_EINPUT, "target_year: %d is not a year", pp->target_year);
	if (store_unit_at_year(st, pp->unit_code, pp->target_year, &u, err) != 0)
		return -1;
	if (strcmp(u.level, "commune") != 0)
		return tc_err_set(err, TC_EINPUT, "unit: %s is not a commune", pp->unit_code);
	if (tx_begin(st, err) != 0)
		return -1;
	sqlite3_stmt *s = stmt(st, SQL_PILOT_INS, err);
	int rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, pp->plan_id);
		bind_text(s, 2, u.vintage, 0);
		bind_text(s, 3, pp->unit_code, 0);
		sqlite3_bind_int(s, 4, pp->target_year);
		bind_opt(s, 5, pp->ntm_year);
		bind_text(s, 6, pp->kind[0] ? pp->kind : "pilot", 0);
		rc = pilot_step(st, s, "pilot commune", err);
	}
	char key[24];
	if (rc == 0)
		rc = audit_change(st, "insert", "plan_pilot", pilot_key(key, pp->plan_id), NULL,
				  SQL_PILOT_SNAP, pp->plan_id, pp->unit_code, NULL, err);
	return tx_finish(st, rc, err);
}

static void plan_pilot_row(sqlite3_stmt *s, void *row)
{
	struct store_plan_pilot *p = row;
	memset(p, 0, sizeof *p);
	p->plan_id = sqlite3_column_int64(s, 0);
	COPY(s, 1, p->vintage);
	COPY(s, 2, p->unit_code);
	COPY(s, 3, p->name);
	p->target_year = sqlite3_column_int(s, 4);
	p->ntm_year = sqlite3_column_int(s, 5);
	COPY(s, 6, p->kind);
}

int store_plan_pilot_list(struct store *st, int64_t plan_id, store_plan_pilot_cb cb,
			  void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_PILOT_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, plan_id);
	struct store_plan_pilot p;
	int got;
	while ((got = next_row(st, s, plan_pilot_row, &p, "reading pilots", err)) == 1)
		if (cb(&p, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* -- tasks -- */

static const char SQL_TASK_INS[] =
	"INSERT INTO plan_task (plan_id, grp, title, unit_code, responsible, person, deadline, "
	"status, illustrative) VALUES (?,?,?,?,?,?,?,?,?)";
static const char SQL_TASK_SNAP[] = "SELECT * FROM plan_task WHERE id = ?";
#define TASK_COLS "SELECT t.id, t.plan_id, t.grp, t.title, t.unit_code, t.responsible, " \
	"t.person, t.deadline, t.status, t.illustrative FROM plan_task t JOIN plan p ON p.id = t.plan_id "
static const char SQL_TASK_GET[] = TASK_COLS "WHERE t.id = ?";
static const char SQL_TASK_LIST[] = TASK_COLS
	"WHERE (?1 = 0 OR t.plan_id = ?1) AND (?2 = '' OR p.province_code = ?2) "
	"ORDER BY t.deadline, t.grp, t.id";
static const char SQL_TASK_STATUS[] = "UPDATE plan_task SET status = ? WHERE id = ?";
static const char SQL_NOTE_INS[] =
	"INSERT INTO plan_task_note (task_id, on_date, status, note, actor) VALUES (?,?,?,?,?)";
static const char SQL_NOTE_LIST[] =
	"SELECT task_id, on_date, status, note, actor FROM plan_task_note WHERE task_id = ? "
	"ORDER BY on_date, id";

static int task_status_ok(const char *s)
{
	return s && (strcmp(s, "open") == 0 || strcmp(s, "in_progress") == 0 ||
		     strcmp(s, "done") == 0);
}

static void task_ins_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_plan_task *t = v;
	sqlite3_bind_int64(s, 1, t->plan_id);
	sqlite3_bind_int(s, 2, t->grp);
	bind_text(s, 3, t->title, 0);
	bind_text(s, 4, t->unit_code, 0);
	bind_text(s, 5, t->responsible, 0);
	bind_text(s, 6, t->person, 0);
	bind_text(s, 7, t->deadline, 0);
	bind_text(s, 8, t->status[0] ? t->status : "open", 0);
	sqlite3_bind_int(s, 9, t->illustrative ? 1 : 0);
}

int store_plan_task_add(struct store *st, const struct store_plan_task *t, int64_t *id,
			struct tc_err *err)
{
	if (t->grp < 1 || t->grp > STORE_TASK_GROUPS)
		return tc_err_set(err, TC_EINPUT, "group: %d is not a group of work (1-7)", t->grp);
	if (t->title[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "title: a task needs a title");
	if (pilot_date(t->deadline, "deadline", err) != 0)
		return -1;
	if (t->status[0] && !task_status_ok(t->status))
		return tc_err_set(err, TC_EINPUT, "status: '%s' is not open, in_progress or done",
				  t->status);
	static const struct ins_spec ins = {"plan_task", "task", SQL_TASK_INS, SQL_TASK_SNAP,
					    task_ins_bind};
	return pilot_insert_tx(st, &ins, t, id, err);
}

static void task_row(sqlite3_stmt *s, void *row)
{
	struct store_plan_task *t = row;
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->plan_id = sqlite3_column_int64(s, 1);
	t->grp = sqlite3_column_int(s, 2);
	COPY(s, 3, t->title);
	COPY(s, 4, t->unit_code);
	COPY(s, 5, t->responsible);
	COPY(s, 6, t->person);
	COPY(s, 7, t->deadline);
	COPY(s, 8, t->status);
	t->illustrative = sqlite3_column_int(s, 9);
}

int store_plan_task_get(struct store *st, int64_t id, struct store_plan_task *out,
			struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_TASK_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, task_row, out, "task", id, "reading a task", err);
}

int store_plan_task_progress(struct store *st, int64_t task_id, const char *status,
			     const char *on_date, const char *note, struct tc_err *err)
{
	if (!task_status_ok(status))
		return tc_err_set(err, TC_EINPUT, "status: '%s' is not open, in_progress or done",
				  status ? status : "");
	if (pilot_date(on_date, "date", err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	char *before;
	sqlite3_stmt *s = update_start(st, SQL_TASK_SNAP, SQL_TASK_STATUS, "task", task_id, &before,
				       err);
	int rc = s ? 0 : -1;
	if (s) {
		bind_text(s, 1, status, 0);
		sqlite3_bind_int64(s, 2, task_id);
		rc = pilot_step(st, s, "task", err);
	}
	s = rc == 0 ? stmt(st, SQL_NOTE_INS, err) : NULL;
	if (rc == 0 && s == NULL)
		rc = -1;
	if (s) {
		sqlite3_bind_int64(s, 1, task_id);
		bind_text(s, 2, on_date, 0);
		bind_text(s, 3, status, 0);
		bind_text(s, 4, note ? note : "", 0);
		bind_text(s, 5, st->actor, 0);
		rc = pilot_step(st, s, "progress note", err);
	}
	char key[24];
	if (rc == 0) {
		rc = audit_change(st, "update", "plan_task", pilot_key(key, task_id), before,
				  SQL_TASK_SNAP, task_id, NULL, NULL, err);
		before = NULL;
	}
	free(before);
	return tx_finish(st, rc, err);
}

int store_plan_task_list(struct store *st, int64_t plan_id, const struct store_scope *scope,
			 store_plan_task_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_TASK_LIST, plan_id, scope, err);
	if (s == NULL)
		return -1;
	struct store_plan_task t;
	int got;
	while ((got = next_row(st, s, task_row, &t, "reading tasks", err)) == 1)
		if (cb(&t, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void task_note_row(sqlite3_stmt *s, void *row)
{
	struct store_task_note *n = row;
	memset(n, 0, sizeof *n);
	n->task_id = sqlite3_column_int64(s, 0);
	COPY(s, 1, n->on_date);
	COPY(s, 2, n->status);
	COPY(s, 3, n->note);
	COPY(s, 4, n->actor);
}

int store_task_note_list(struct store *st, int64_t task_id, store_task_note_cb cb,
			 void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_NOTE_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	struct store_task_note n;
	int got;
	while ((got = next_row(st, s, task_note_row, &n, "reading notes", err)) == 1)
		if (cb(&n, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* -- duty assignment and handovers -- */

static const char SQL_DUTY_CUR[] =
	"SELECT official_id FROM duty WHERE unit_code = ? AND year = ? AND item = ?";
static const char SQL_DUTY_SET[] =
	"INSERT INTO duty (unit_code, year, item, official_id, since) VALUES (?1,?2,?3,?4,?5) "
	"ON CONFLICT (unit_code, year, item) DO UPDATE SET official_id = ?4, since = ?5";
static const char SQL_DUTY_SNAP[] =
	"SELECT * FROM duty WHERE year = ?1 AND unit_code = ?2 AND item = ?3";
static const char SQL_HO_INS[] =
	"INSERT INTO duty_handover (unit_code, year, item, from_id, to_id, on_date, reason) "
	"VALUES (?,?,?,?,?,?,?)";
static const char SQL_OFF_UNIT[] = "SELECT unit_code FROM official WHERE id = ?";
static const char SQL_DUTY_LIST[] =
	"SELECT d.unit_code, d.year, d.item, d.official_id, o.full_name, d.since FROM duty d "
	"JOIN official o ON o.id = d.official_id WHERE d.unit_code = ? AND d.year = ? "
	"ORDER BY d.item";
static const char SQL_DUTY_OF[] =
	"SELECT item FROM duty WHERE unit_code = ? AND year = ? AND official_id = ? ORDER BY item";
static const char SQL_HO_LIST[] =
	"SELECT h.id, h.unit_code, h.year, h.item, coalesce(h.from_id, 0), h.to_id, "
	"coalesce(f.full_name, ''), t.full_name, h.on_date, h.reason FROM duty_handover h "
	"LEFT JOIN official f ON f.id = h.from_id JOIN official t ON t.id = h.to_id "
	"WHERE h.unit_code = ? AND h.year = ? ORDER BY h.on_date, h.id";

/* The official must serve this commune. */
static int duty_official_ok(struct store *st, const char *unit, int64_t id, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_OFF_UNIT, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	char u[8] = "";
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		COPY(s, 0, u);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, rc, "reading an official", err);
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_EINPUT, "official: there is no official with id %lld",
				  (long long)id);
	if (strcmp(u, unit) != 0)
		return tc_err_set(err, TC_EINPUT, "official: official %lld serves %s, not %s",
				  (long long)id, u, unit);
	return 0;
}

static int duty_body(struct store *st, const char *unit, int year, const char *item,
		     int64_t official_id, const char *on_date, const char *reason,
		     struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DUTY_CUR, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, unit, 0);
	sqlite3_bind_int(s, 2, year);
	bind_text(s, 3, item, 0);
	int64_t cur = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		cur = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, rc, "reading a duty", err);
	if (cur == official_id)
		return 0; /* nothing changes */
	char ykey[12];
	snprintf(ykey, sizeof ykey, "%d", year);
	int fail = 0;
	char *before = snapshot(st, SQL_DUTY_SNAP, year, unit, item, &fail, err);
	if (fail)
		return -1;
	if ((s = stmt(st, SQL_DUTY_SET, err)) == NULL) {
		free(before);
		return -1;
	}
	bind_text(s, 1, unit, 0);
	sqlite3_bind_int(s, 2, year);
	bind_text(s, 3, item, 0);
	sqlite3_bind_int64(s, 4, official_id);
	bind_text(s, 5, on_date, 0);
	if (pilot_step(st, s, "duty", err) != 0) {
		free(before);
		return -1;
	}
	if (cur != 0) {
		if ((s = stmt(st, SQL_HO_INS, err)) == NULL) {
			free(before);
			return -1;
		}
		bind_text(s, 1, unit, 0);
		sqlite3_bind_int(s, 2, year);
		bind_text(s, 3, item, 0);
		sqlite3_bind_int64(s, 4, cur);
		sqlite3_bind_int64(s, 5, official_id);
		bind_text(s, 6, on_date, 0);
		bind_text(s, 7, reason ? reason : "", 0);
		if (pilot_step(st, s, "handover", err) != 0) {
			free(before);
			return -1;
		}
	}
	char key[64];
	snprintf(key, sizeof key, "%s/%d/%s", unit, year, item[0] ? item : "focal");
	return audit_change(st, cur ? "handover" : "insert", "duty", key, before, SQL_DUTY_SNAP,
			    year, unit, item, err);
}

int store_duty_assign(struct store *st, const char *unit_code, int year, const char *item,
		      int64_t official_id, const char *on_date, const char *reason,
		      struct tc_err *err)
{
	if (unit_code == NULL || strlen(unit_code) != 5)
		return tc_err_set(err, TC_EINPUT, "unit: a commune code has 5 digits");
	if (item == NULL || strlen(item) >= 32)
		return tc_err_set(err, TC_EINPUT, "item: bad indicator code");
	if (pilot_date(on_date, "date", err) != 0)
		return -1;
	if (duty_official_ok(st, unit_code, official_id, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = duty_body(st, unit_code, year, item, official_id, on_date, reason, err);
	return tx_finish(st, rc, err);
}

struct duty_items {
	char (*items)[32];
	size_t n, cap;
};

int store_duty_handover_all(struct store *st, const char *unit_code, int year,
			    int64_t from, int64_t to, const char *on_date, const char *reason,
			    long *n, struct tc_err *err)
{
	if (pilot_date(on_date, "date", err) != 0)
		return -1;
	if (from == to)
		return tc_err_set(err, TC_EINPUT, "to: the new official is the same as the old one");
	if (duty_official_ok(st, unit_code, to, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	/* Collect first: the list statement must not be open while writing. */
	struct duty_items d = {NULL, 0, 0};
	sqlite3_stmt *s = stmt(st, SQL_DUTY_OF, err);
	int rc = s ? 0 : -1, r = SQLITE_DONE;
	if (s) {
		bind_text(s, 1, unit_code, 0);
		sqlite3_bind_int(s, 2, year);
		sqlite3_bind_int64(s, 3, from);
		while (rc == 0 && (r = sqlite3_step(s)) == SQLITE_ROW) {
			if (d.n == d.cap) {
				size_t nc = d.cap ? d.cap * 2 : 32;
				char (*p)[32] = tc_realloc(d.items, nc * sizeof *p);
				if (p == NULL) {
					rc = tc_err_set(err, TC_ENOMEM, "out of memory (handover)");
					break;
				}
				d.items = p;
				d.cap = nc;
			}
			col_copy(s, 0, d.items[d.n++], 32);
		}
		sqlite3_reset(s);
		if (rc == 0 && r != SQLITE_DONE)
			rc = db_fail(st, r, "reading duties", err);
	}
	if (rc == 0 && d.n == 0)
		rc = tc_err_set(err, TC_EINPUT, "from: official %lld holds no duty in %s for %d",
				(long long)from, unit_code, year);
	for (size_t i = 0; rc == 0 && i < d.n; i++)
		rc = duty_body(st, unit_code, year, d.items[i], to, on_date, reason, err);
	tc_free(d.items);
	if (n)
		*n = rc == 0 ? (long)d.n : 0;
	return tx_finish(st, rc, err);
}

static void duty_row(sqlite3_stmt *s, void *row)
{
	struct store_duty *d = row;
	memset(d, 0, sizeof *d);
	COPY(s, 0, d->unit_code);
	d->year = sqlite3_column_int(s, 1);
	COPY(s, 2, d->item);
	d->official_id = sqlite3_column_int64(s, 3);
	COPY(s, 4, d->official_name);
	COPY(s, 5, d->since);
}

int store_duty_list(struct store *st, const char *unit_code, int year, store_duty_cb cb,
		    void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DUTY_LIST, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, unit_code, 0);
	sqlite3_bind_int(s, 2, year);
	struct store_duty d;
	int got;
	while ((got = next_row(st, s, duty_row, &d, "reading duties", err)) == 1)
		if (cb(&d, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void handover_row(sqlite3_stmt *s, void *row)
{
	struct store_handover *h = row;
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, h->unit_code);
	h->year = sqlite3_column_int(s, 2);
	COPY(s, 3, h->item);
	h->from_id = sqlite3_column_int64(s, 4);
	h->to_id = sqlite3_column_int64(s, 5);
	COPY(s, 6, h->from_name);
	COPY(s, 7, h->to_name);
	COPY(s, 8, h->on_date);
	COPY(s, 9, h->reason);
}

int store_handover_list(struct store *st, const char *unit_code, int year,
			store_handover_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_HO_LIST, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, unit_code, 0);
	sqlite3_bind_int(s, 2, year);
	struct store_handover h;
	int got;
	while ((got = next_row(st, s, handover_row, &h, "reading handovers", err)) == 1)
		if (cb(&h, ctx) != 0)
			return rows_stop(s);
	return got;
}

/* -- trainings and inspections -- */

static const char SQL_TR_INS[] =
	"INSERT INTO training (plan_id, province_code, held_on, place, topic, trainer, materials) "
	"VALUES (?,?,?,?,?,?,?)";
static const char SQL_TR_ATT[] =
	"INSERT INTO training_attendee (training_id, official_id) VALUES (?, ?)";
/* The attendees in id order, so the audit snapshot is the same on both
 * backends (the PostgreSQL driver reads group_concat as string_agg). */
static const char SQL_TR_SNAP[] =
	"SELECT t.*, (SELECT group_concat(official_id) FROM (SELECT official_id FROM "
	"training_attendee a WHERE a.training_id = t.id ORDER BY official_id) AS ids) AS attendees "
	"FROM training t WHERE t.id = ?";
#define TR_COLS "SELECT t.id, coalesce(t.plan_id, 0), t.province_code, t.held_on, t.place, " \
	"t.topic, t.trainer, t.materials FROM training t "
static const char SQL_TR_LIST[] = TR_COLS
	"WHERE (?1 = 0 OR EXISTS (SELECT 1 FROM training_attendee a WHERE a.training_id = t.id "
	"AND a.official_id = ?1)) AND (?2 = '' OR t.province_code = ?2) ORDER BY t.held_on DESC, t.id";
static const char SQL_TR_WHO[] =
	"SELECT o.id, o.vintage, o.unit_code, o.full_name, o.position, o.phone, o.email, o.source "
	"FROM training_attendee a JOIN official o ON o.id = a.official_id "
	"WHERE a.training_id = ? ORDER BY o.unit_code, o.full_name";
static const char SQL_INSP_INS[] =
	"INSERT INTO inspection (plan_id, unit_code, visited_on, findings, follow_up) VALUES (?,?,?,?,?)";
static const char SQL_INSP_SNAP[] = "SELECT * FROM inspection WHERE id = ?";
static const char SQL_INSP_LIST[] =
	"SELECT i.id, coalesce(i.plan_id, 0), i.unit_code, i.visited_on, i.findings, i.follow_up "
	"FROM inspection i WHERE (?1 = 0 OR i.plan_id = ?1) AND (?2 = '' OR EXISTS (SELECT 1 FROM "
	"unit u WHERE u.code = i.unit_code AND u.province_code = ?2)) ORDER BY i.visited_on DESC, i.id";

static int training_body(struct store *st, const struct store_training *t,
			 const int64_t *att, size_t n, int64_t *nid, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_TR_INS, err);
	if (s == NULL)
		return -1;
	bind_opt(s, 1, t->plan_id);
	bind_text(s, 2, t->province, 0);
	bind_text(s, 3, t->held_on, 0);
	bind_text(s, 4, t->place, 0);
	bind_text(s, 5, t->topic, 0);
	bind_text(s, 6, t->trainer, 0);
	bind_text(s, 7, t->materials, 0);
	if (pilot_step(st, s, "training", err) != 0)
		return -1;
	*nid = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < n; i++) {
		if ((s = stmt(st, SQL_TR_ATT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, *nid);
		sqlite3_bind_int64(s, 2, att[i]);
		if (pilot_step(st, s, "attendee", err) != 0)
			return tc_err_prefix(err, "attendee %lld: ", (long long)att[i]), -1;
	}
	char key[24];
	return audit_change(st, "insert", "training", pilot_key(key, *nid), NULL, SQL_TR_SNAP,
			    *nid, NULL, NULL, err);
}

int store_training_add(struct store *st, const struct store_training *t,
		       const int64_t *attendees, size_t n, int64_t *id, struct tc_err *err)
{
	if (pilot_date(t->held_on, "held_on", err) != 0)
		return -1;
	if (t->place[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "place: a training needs its place");
	if (t->topic[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "topic: a training needs its topic");
	if (strlen(t->province) != 2)
		return tc_err_set(err, TC_EINPUT, "province: a training needs its province code");
	if (tx_begin(st, err) != 0)
		return -1;
	int64_t nid = 0;
	int rc = training_body(st, t, attendees, n, &nid, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (id)
		*id = nid;
	return 0;
}

static void training_row(sqlite3_stmt *s, void *row)
{
	struct store_training *t = row;
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->plan_id = sqlite3_column_int64(s, 1);
	COPY(s, 2, t->province);
	COPY(s, 3, t->held_on);
	COPY(s, 4, t->place);
	COPY(s, 5, t->topic);
	COPY(s, 6, t->trainer);
	COPY(s, 7, t->materials);
}

int store_training_list(struct store *st, int64_t official_id, const struct store_scope *scope,
			store_training_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_TR_LIST, official_id, scope, err);
	if (s == NULL)
		return -1;
	struct store_training t;
	int got;
	while ((got = next_row(st, s, training_row, &t, "reading trainings", err)) == 1)
		if (cb(&t, ctx) != 0)
			return rows_stop(s);
	return got;
}

int store_training_attendees(struct store *st, int64_t training_id, store_official_cb cb,
			     void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_TR_WHO, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, training_id);
	struct store_official o;
	int got;
	while ((got = next_row(st, s, official_row, &o, "reading attendees", err)) == 1)
		if (cb(&o, ctx) != 0)
			return rows_stop(s);
	return got;
}

static void insp_ins_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_inspection *in = v;
	bind_opt(s, 1, in->plan_id);
	bind_text(s, 2, in->unit_code, 0);
	bind_text(s, 3, in->visited_on, 0);
	bind_text(s, 4, in->findings, 0);
	bind_text(s, 5, in->follow_up, 0);
}

int store_inspection_add(struct store *st, const struct store_inspection *in, int64_t *id,
			 struct tc_err *err)
{
	if (pilot_date(in->visited_on, "visited_on", err) != 0)
		return -1;
	if (strlen(in->unit_code) != 5)
		return tc_err_set(err, TC_EINPUT, "unit: a commune code has 5 digits");
	static const struct ins_spec ins = {"inspection", "inspection", SQL_INSP_INS, SQL_INSP_SNAP,
					    insp_ins_bind};
	return pilot_insert_tx(st, &ins, in, id, err);
}

static void inspection_row(sqlite3_stmt *s, void *row)
{
	struct store_inspection *i = row;
	memset(i, 0, sizeof *i);
	i->id = sqlite3_column_int64(s, 0);
	i->plan_id = sqlite3_column_int64(s, 1);
	COPY(s, 2, i->unit_code);
	COPY(s, 3, i->visited_on);
	COPY(s, 4, i->findings);
	COPY(s, 5, i->follow_up);
}

int store_inspection_list(struct store *st, int64_t plan_id, const struct store_scope *scope,
			  store_inspection_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_INSP_LIST, plan_id, scope, err);
	if (s == NULL)
		return -1;
	struct store_inspection i;
	int got;
	while ((got = next_row(st, s, inspection_row, &i, "reading inspections", err)) == 1)
		if (cb(&i, ctx) != 0)
			return rows_stop(s);
	return got;
}

static const char SQL_INSP_UPD[] = "UPDATE inspection SET findings = ?, follow_up = ? WHERE id = ?";

static void insp_upd_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_inspection *in = v;
	bind_text(s, 1, in->findings, 0);
	bind_text(s, 2, in->follow_up, 0);
	sqlite3_bind_int64(s, 3, in->id);
}

int store_inspection_update(struct store *st, const struct store_inspection *in,
			    struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = pilot_update(st, "inspection", in->id, SQL_INSP_SNAP, SQL_INSP_UPD, insp_upd_bind,
			      in, err);
	return tx_finish(st, rc, err);
}

/* ---- Uploaded rule sets (webgaps, migration 006) ------------------------- */

static const char SQL_RSU_FIND[] =
	"SELECT id, sha256 FROM ruleset_upload WHERE ruleset_id = ? AND version = ?";
static const char SQL_RSU_INS[] =
	"INSERT INTO ruleset_upload (ruleset_id, version, title, year_from, year_to, file_name, "
	"sha256, size, text, uploaded_at, uploaded_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
/* The audit snapshot: everything but the text (its hash stands for it). */
static const char SQL_RSU_SNAP[] =
	"SELECT id, ruleset_id, version, title, year_from, year_to, file_name, sha256, size, "
	"uploaded_at, uploaded_by FROM ruleset_upload WHERE id = ?";
static const char SQL_RSU_LIST[] =
	"SELECT id, ruleset_id, version, title, year_from, year_to, file_name, sha256, size, "
	"uploaded_at, uploaded_by, text FROM ruleset_upload ORDER BY id";
static const char SQL_RSU_GEN[] = "SELECT coalesce(max(id), 0) FROM ruleset_upload";

static int rsu_check(const struct store_ruleset *r, size_t len, struct tc_err *err)
{
	if (len == 0 || len > STORE_RULESET_MAX)
		return tc_err_set(err, TC_EINPUT, "rule set: the file is empty or over %zu bytes",
				  STORE_RULESET_MAX);
	if (r->ruleset_id[0] == '\0' || r->version[0] == '\0' || r->file_name[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "rule set: id, version and file name are required");
	if (memchr(r->ruleset_id, '\0', sizeof r->ruleset_id) == NULL ||
	    memchr(r->version, '\0', sizeof r->version) == NULL ||
	    memchr(r->title, '\0', sizeof r->title) == NULL ||
	    memchr(r->file_name, '\0', sizeof r->file_name) == NULL)
		return tc_err_set(err, TC_EINTERNAL, "rule set: a field is not terminated");
	return 0;
}

/* 0 with *found_id 0 (none) or the stored row's id; *same: same text. */
static int rsu_find(struct store *st, const struct store_ruleset *r, int64_t *found_id,
		    int *same, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RSU_FIND, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, r->ruleset_id, 0);
	bind_text(s, 2, r->version, 0);
	int rc = sqlite3_step(s);
	*found_id = 0;
	*same = 0;
	if (rc == SQLITE_ROW) {
		char sha[65];
		*found_id = sqlite3_column_int64(s, 0);
		COPY(s, 1, sha);
		*same = strcmp(sha, r->sha256) == 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: db_fail(st, rc, "reading the uploaded rule sets", err);
}

static int rsu_insert(struct store *st, const struct store_ruleset *r, const char *text,
		      size_t len, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RSU_INS, err);
	if (s == NULL)
		return -1;
	bind_text(s, 1, r->ruleset_id, 0);
	bind_text(s, 2, r->version, 0);
	bind_text(s, 3, r->title, 0);
	sqlite3_bind_int(s, 4, r->year_from);
	sqlite3_bind_int(s, 5, r->year_to);
	bind_text(s, 6, r->file_name, 0);
	bind_text(s, 7, r->sha256, 0);
	sqlite3_bind_int64(s, 8, (int64_t)len);
	sqlite3_bind_text(s, 9, text, (int)len, SQLITE_TRANSIENT);
	bind_text(s, 10, r->uploaded_at, 0);
	bind_text(s, 11, r->uploaded_by, 0);
	return pilot_step(st, s, "uploaded rule set", err);
}

int store_ruleset_add(struct store *st, struct store_ruleset *r, const char *text,
		      size_t len, int *existed, struct tc_err *err)
{
	*existed = 0;
	if (rsu_check(r, len, err) != 0)
		return -1;
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, len);
	sodium_bin2hex(r->sha256, sizeof r->sha256, d, sizeof d);
	r->size = (int64_t)len;
	store_now(st, r->uploaded_at);
	if (fit(r->uploaded_by, sizeof r->uploaded_by, st->actor, "actor", err) != 0 ||
	    tx_begin(st, err) != 0)
		return -1;
	int64_t found = 0;
	int same = 0;
	int rc = rsu_find(st, r, &found, &same, err);
	if (rc == 0 && found && !same)
		rc = tc_err_set(err, TC_ECONFLICT, "rule set %s version %s is already stored (upload "
				"#%lld) with a different text; give the new file a new version",
				r->ruleset_id, r->version, (long long)found);
	if (rc == 0 && found) {
		*existed = 1;
		r->id = found;
		return tx_finish(st, 0, err);
	}
	if (rc == 0)
		rc = rsu_insert(st, r, text, len, err);
	r->id = sqlite3_last_insert_rowid(st->db);
	char key[140];
	snprintf(key, sizeof key, "%s@%s", r->ruleset_id, r->version);
	if (rc == 0 && strlen(key) >= 64)
		snprintf(key, sizeof key, "%lld", (long long)r->id); /* the audit key is 63 bytes */
	if (rc == 0)
		rc = audit_change(st, "insert", "ruleset", key, NULL, SQL_RSU_SNAP, r->id, NULL, NULL,
				  err);
	return tx_finish(st, rc, err);
}

static void rsu_row(sqlite3_stmt *s, void *row)
{
	struct store_ruleset *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	COPY(s, 1, r->ruleset_id);
	COPY(s, 2, r->version);
	COPY(s, 3, r->title);
	r->year_from = sqlite3_column_int(s, 4);
	r->year_to = sqlite3_column_int(s, 5);
	COPY(s, 6, r->file_name);
	COPY(s, 7, r->sha256);
	r->size = sqlite3_column_int64(s, 8);
	COPY(s, 9, r->uploaded_at);
	COPY(s, 10, r->uploaded_by);
}

int store_ruleset_list(struct store *st, store_ruleset_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RSU_LIST, err);
	if (s == NULL)
		return -1;
	int rc;
	struct store_ruleset r;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rsu_row(s, &r);
		r.text = (const char *)sqlite3_column_text(s, 11);
		int bytes = r.text ? sqlite3_column_bytes(s, 11) : 0;
		if ((int64_t)bytes != r.size) {
			sqlite3_reset(s);
			return tc_err_set(err, TC_EINTERNAL, "uploaded rule set #%lld: its text is %d "
					  "bytes, not the %lld recorded", (long long)r.id, bytes,
					  (long long)r.size);
		}
		if (cb(&r, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: db_fail(st, rc, "reading the uploaded rule sets", err);
}

int64_t store_ruleset_generation(struct store *st, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_RSU_GEN, err);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	int64_t g = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		db_fail(st, rc, "reading the uploaded rule sets", err);
	return g;
}

/* ---- Pilot: edits and attachments (pilot, migration 007) ---------------- */

static const char SQL_OFF_UPD[] =
	"UPDATE official SET full_name = ?1, position = ?2, phone = ?3, email = ?4 WHERE id = ?5";

static void off_upd_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_official *o = v;
	bind_text(s, 1, o->full_name, 0);
	bind_text(s, 2, o->position, 0);
	bind_text(s, 3, o->phone, 0);
	bind_text(s, 4, o->email, 0);
	sqlite3_bind_int64(s, 5, o->id);
}

int store_official_update(struct store *st, const struct store_official *o,
			  struct tc_err *err)
{
	if (o->full_name[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "name: an official needs a full name");
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = pilot_update(st, "official", o->id, SQL_OFF_SNAP, SQL_OFF_UPD, off_upd_bind, o, err);
	return tx_finish(st, rc, err);
}

static const char SQL_TR_UPD[] =
	"UPDATE training SET plan_id = ?1, held_on = ?2, place = ?3, topic = ?4, trainer = ?5, "
	"materials = ?6 WHERE id = ?7";
static const char SQL_TR_ATT_DEL[] = "DELETE FROM training_attendee WHERE training_id = ?";

static void tr_upd_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_training *t = v;
	bind_opt(s, 1, t->plan_id);
	bind_text(s, 2, t->held_on, 0);
	bind_text(s, 3, t->place, 0);
	bind_text(s, 4, t->topic, 0);
	bind_text(s, 5, t->trainer, 0);
	bind_text(s, 6, t->materials, 0);
	sqlite3_bind_int64(s, 7, t->id);
}

static int training_attendees_set(struct store *st, int64_t id, const int64_t *att, size_t n,
				  struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_TR_ATT_DEL, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (pilot_step(st, s, "attendee", err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((s = stmt(st, SQL_TR_ATT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, att[i]);
		if (pilot_step(st, s, "attendee", err) != 0)
			return tc_err_prefix(err, "attendee %lld: ", (long long)att[i]), -1;
	}
	return 0;
}

int store_training_update(struct store *st, const struct store_training *t,
			  const int64_t *attendees, size_t n, struct tc_err *err)
{
	if (pilot_date(t->held_on, "held_on", err) != 0)
		return -1;
	if (t->place[0] == '\0' || t->topic[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "place, topic: a training needs both");
	if (tx_begin(st, err) != 0)
		return -1;
	/* attendees first, so the audit's after-snapshot carries the new list */
	int rc = training_attendees_set(st, t->id, attendees, n, err);
	if (rc == 0)
		rc = pilot_update(st, "training", t->id, SQL_TR_SNAP, SQL_TR_UPD, tr_upd_bind, t, err);
	return tx_finish(st, rc, err);
}

static const char SQL_TASK_UPD[] =
	"UPDATE plan_task SET grp = ?1, title = ?2, unit_code = ?3, responsible = ?4, person = ?5, "
	"deadline = ?6 WHERE id = ?7";

static void task_upd_bind(sqlite3_stmt *s, const void *v)
{
	const struct store_plan_task *t = v;
	sqlite3_bind_int(s, 1, t->grp);
	bind_text(s, 2, t->title, 0);
	bind_text(s, 3, t->unit_code, 0);
	bind_text(s, 4, t->responsible, 0);
	bind_text(s, 5, t->person, 0);
	bind_text(s, 6, t->deadline, 0);
	sqlite3_bind_int64(s, 7, t->id);
}

int store_plan_task_update(struct store *st, const struct store_plan_task *t,
			   struct tc_err *err)
{
	if (t->grp < 1 || t->grp > STORE_TASK_GROUPS)
		return tc_err_set(err, TC_EINPUT, "group: %d is not a group of work (1-7)", t->grp);
	if (t->title[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "title: a task needs a title");
	if (pilot_date(t->deadline, "deadline", err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	int rc = pilot_update(st, "plan_task", t->id, SQL_TASK_SNAP, SQL_TASK_UPD, task_upd_bind, t,
			      err);
	return tx_finish(st, rc, err);
}

static const char SQL_PLAN_FILE[] =
	"UPDATE plan SET file_sha256 = ?1, file_name = ?2, file_mime = ?3 WHERE id = ?4";

struct plan_file_args {
	const char *hex, *name, *mime;
	int64_t id;
};

static void plan_file_bind(sqlite3_stmt *s, const void *v)
{
	const struct plan_file_args *a = v;
	bind_text(s, 1, a->hex, 0);
	bind_text(s, 2, a->name, 0);
	bind_text(s, 3, a->mime, 0);
	sqlite3_bind_int64(s, 4, a->id);
}

int store_plan_file(struct store *st, int64_t plan_id, const char *name, const char *mime,
		    const void *data, size_t len, struct tc_err *err)
{
	if (evidence_check(name, mime, len, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	char hex[65];
	int rc = blob_put(st, name, mime, data, len, hex, err);
	struct plan_file_args a = {hex, name, mime, plan_id};
	if (rc == 0)
		rc = pilot_update(st, "plan", plan_id, SQL_PLAN_SNAP, SQL_PLAN_FILE, plan_file_bind, &a,
				  err);
	return tx_finish(st, rc, err);
}

static const char SQL_TF_INS[] =
	"INSERT INTO plan_task_file (task_id, sha256, original_name, mime_type, size, uploaded_at, "
	"uploaded_by) VALUES (?,?,?,?,?,?,?)";
#define TF_COLS "SELECT id, task_id, sha256, original_name, mime_type, size, uploaded_at, " \
	"uploaded_by FROM plan_task_file "
static const char SQL_TF_SNAP[] = TF_COLS "WHERE id = ?";
static const char SQL_TF_LIST[] = TF_COLS "WHERE task_id = ? ORDER BY uploaded_at, id";

static void task_file_row(sqlite3_stmt *s, void *row)
{
	struct store_task_file *f = row;
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(s, 0);
	f->task_id = sqlite3_column_int64(s, 1);
	COPY(s, 2, f->sha256);
	COPY(s, 3, f->original_name);
	COPY(s, 4, f->mime_type);
	f->size = sqlite3_column_int64(s, 5);
	COPY(s, 6, f->uploaded_at);
	COPY(s, 7, f->uploaded_by);
}

static int task_file_body(struct store *st, int64_t task_id, const char *name, const char *mime,
			  const void *data, size_t len, int64_t *nid, struct tc_err *err)
{
	char hex[65], now[21];
	if (blob_put(st, name, mime, data, len, hex, err) != 0)
		return -1;
	store_now(st, now);
	sqlite3_stmt *s = stmt(st, SQL_TF_INS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	bind_text(s, 2, hex, 0);
	bind_text(s, 3, name, 0);
	bind_text(s, 4, mime, 0);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)len);
	bind_text(s, 6, now, 0);
	bind_text(s, 7, st->actor, 0);
	if (pilot_step(st, s, "task file", err) != 0)
		return -1;
	*nid = sqlite3_last_insert_rowid(st->db);
	char key[24];
	return audit_change(st, "insert", "plan_task_file", pilot_key(key, *nid), NULL, SQL_TF_SNAP,
			    *nid, NULL, NULL, err);
}

int store_task_file_add(struct store *st, int64_t task_id, const char *name, const char *mime,
			const void *data, size_t len, struct store_task_file *out,
			struct tc_err *err)
{
	if (evidence_check(name, mime, len, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	int64_t nid = 0;
	int rc = task_file_body(st, task_id, name, mime, data, len, &nid, err);
	if (tx_finish(st, rc, err) != 0)
		return -1;
	if (out) {
		sqlite3_stmt *s = stmt(st, SQL_TF_SNAP, err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, nid);
		if (sqlite3_step(s) == SQLITE_ROW)
			task_file_row(s, out);
		sqlite3_reset(s);
	}
	return 0;
}

int store_task_file_list(struct store *st, int64_t task_id, store_task_file_cb cb, void *ctx,
			 struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_TF_LIST, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	struct store_task_file f;
	int got;
	while ((got = next_row(st, s, task_file_row, &f, "reading task files", err)) == 1)
		if (cb(&f, ctx) != 0)
			return rows_stop(s);
	return got;
}

static const char SQL_INSP_GET[] =
	"SELECT id, coalesce(plan_id, 0), unit_code, visited_on, findings, follow_up FROM inspection "
	"WHERE id = ?";

int store_inspection_get(struct store *st, int64_t id, struct store_inspection *out,
			 struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_INSP_GET, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, inspection_row, out, "inspection", id, "reading an inspection", err);
}

static const char SQL_TR_GET[] = TR_COLS "WHERE t.id = ?1 AND (?2 = '' OR t.province_code = ?2)";

int store_training_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_training *out, struct tc_err *err)
{
	sqlite3_stmt *s = scoped_stmt(st, SQL_TR_GET, id, scope, err);
	if (s == NULL)
		return -1;
	return one_row(st, s, training_row, out, "training", id, "reading a training", err);
}

static const char SQL_PILOT_UPD[] =
	"UPDATE plan_pilot SET vintage = ?1, target_year = ?2, ntm_year = ?3, kind = ?4 "
	"WHERE plan_id = ?5 AND unit_code = ?6";

int store_plan_pilot_update(struct store *st, const struct store_plan_pilot *pp,
			    struct tc_err *err)
{
	struct store_unit u;
	if (pp->target_year < 2000 || pp->target_year > 2100)
		return tc_err_set(err, TC_EINPUT, "target_year: %d is not a year", pp->target_year);
	if (store_unit_at_year(st, pp->unit_code, pp->target_year, &u, err) != 0)
		return -1;
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_PILOT_SNAP, pp->plan_id, pp->unit_code, NULL, &fail, err);
	int rc = fail ? -1 : 0;
	if (rc == 0 && before == NULL)
		rc = tc_err_set(err, TC_ENOTFOUND, "plan %lld has no pilot commune %s",
				(long long)pp->plan_id, pp->unit_code);
	sqlite3_stmt *s = rc == 0 ? stmt(st, SQL_PILOT_UPD, err) : NULL;
	if (rc == 0 && s == NULL)
		rc = -1;
	if (s) {
		bind_text(s, 1, u.vintage, 0);
		sqlite3_bind_int(s, 2, pp->target_year);
		bind_opt(s, 3, pp->ntm_year);
		bind_text(s, 4, pp->kind[0] ? pp->kind : "pilot", 0);
		sqlite3_bind_int64(s, 5, pp->plan_id);
		bind_text(s, 6, pp->unit_code, 0);
		rc = pilot_step(st, s, "pilot commune", err);
	}
	char key[24];
	if (rc == 0) {
		rc = audit_change(st, "update", "plan_pilot", pilot_key(key, pp->plan_id), before,
				  SQL_PILOT_SNAP, pp->plan_id, pp->unit_code, NULL, err);
		before = NULL;
	}
	free(before);
	return tx_finish(st, rc, err);
}

/* ---- Change counter (web response cache, migration 008) ------------------ */

int store_change_seq(struct store *st, int64_t *seq, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_CHANGE_SEQ, err);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return tc_err_set(err, TC_EINTERNAL, "%s: the change counter row (table "
				  "store_change) is missing", st->path);
	return db_fail(st, rc, "reading the change counter", err);
}

/* ---- Dashboard: pilot communes and reviewers (reports) ----------------------- */

/* Pilot communes walked forward through the lineage: a commune that took
 * over a pilot commune's code or territory carries the pilot work on. */
static const char SQL_DASH_PILOT[] =
	"WITH RECURSIVE pil (vintage, code) AS ("
	" SELECT pp.vintage, pp.unit_code FROM plan_pilot pp JOIN plan p ON p.id = pp.plan_id"
	" WHERE pp.kind = 'pilot' AND p.status <> 'cancelled' AND p.year <= ?1 UNION"
	" SELECT l.new_vintage, l.new_code FROM unit_lineage l JOIN pil"
	" ON l.old_vintage = pil.vintage AND l.old_code = pil.code)"
	" SELECT g, count(*), count(t), sum(r), sum(d), COALESCE(sum(t), 0) FROM ("
	" SELECT CASE WHEN EXISTS (SELECT 1 FROM pil WHERE pil.vintage = a.vintage AND"
	" pil.code = a.unit_code) THEN 1 ELSE 0 END AS g, a.total_pts AS t,"
	" CASE WHEN a.status = 'recognised' THEN 1 ELSE 0 END AS r,"
	" CASE WHEN a.status = 'recognised' OR a.status = 'not_recognised' THEN 1 ELSE 0 END AS d"
	" FROM assessment a WHERE a.year = ?1 AND " DASH_SCOPE_A ") x GROUP BY g ORDER BY g DESC";

int store_dash_pilot(struct store *st, int year, const struct store_scope *scope,
		     store_dash_pilot_cb cb, void *ctx, struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DASH_PILOT, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	int rc;
	struct store_dash_pilot p;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.pilot = sqlite3_column_int(s, 0);
		p.assessed = (long)sqlite3_column_int64(s, 1);
		p.scored = (long)sqlite3_column_int64(s, 2);
		p.recognised = (long)sqlite3_column_int64(s, 3);
		p.decided = (long)sqlite3_column_int64(s, 4);
		p.sum_total = sqlite3_column_int64(s, 5);
		if (cb(&p, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
	       : db_fail(st, rc, "comparing pilot communes", err);
}

/* One gap per (reviewer, dossier), then per reviewer. */
static const char SQL_DASH_REVIEWERS[] =
	"SELECT who, count(*), sum(CASE WHEN gap >= ?4 OR 0 - gap >= ?4 THEN 1 ELSE 0 END),"
	" sum(CASE WHEN gap < 0 THEN 0 - gap ELSE gap END),"
	" max(CASE WHEN gap < 0 THEN 0 - gap ELSE gap END), sum(gap) FROM ("
	" SELECT r.reviewer AS who, sum(v.self_pts) - sum(r.reviewed_pts) AS gap"
	" FROM review_item r JOIN assessment a ON a.id = r.assessment_id"
	" JOIN indicator_value v ON v.assessment_id = r.assessment_id AND v.item_code = r.item_code"
	" WHERE a.year = ?1 AND " DASH_SCOPE_A
	" AND r.reviewed_pts IS NOT NULL AND v.self_pts IS NOT NULL"
	" GROUP BY r.reviewer, a.id) x GROUP BY who";

int store_dash_reviewer_gaps(struct store *st, int year, const struct store_scope *scope,
			     tc_pts threshold, store_dash_reviewer_cb cb, void *ctx,
			     struct tc_err *err)
{
	sqlite3_stmt *s = stmt(st, SQL_DASH_REVIEWERS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	bind_scope(s, 2, 3, scope);
	sqlite3_bind_int64(s, 4, threshold);
	int rc;
	struct store_dash_reviewer r;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		COPY(s, 0, r.reviewer);
		r.dossiers = (long)sqlite3_column_int64(s, 1);
		r.large = (long)sqlite3_column_int64(s, 2);
		r.sum_abs = sqlite3_column_int64(s, 3);
		r.max_abs = sqlite3_column_int64(s, 4);
		r.sum_signed = sqlite3_column_int64(s, 5);
		if (cb(&r, ctx) != 0)
			break;
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
	       : db_fail(st, rc, "comparing reviewers' scores", err);
}

/* ---- Pilot: deletions (pilotdel) ------------------------------------------ */

/* The task as it was, with how many notes it had and its files' hashes (the
 * blobs stay, so the audit entry still leads to the content). */
static const char SQL_TASK_DEL_SNAP[] =
	"SELECT t.*, (SELECT count(*) FROM plan_task_note n WHERE n.task_id = t.id) AS notes, "
	"(SELECT group_concat(sha256) FROM (SELECT sha256 FROM plan_task_file f WHERE "
	"f.task_id = t.id ORDER BY f.id) AS h) AS files FROM plan_task t WHERE t.id = ?";
static const char SQL_TASK_DEL_NOTES[] = "DELETE FROM plan_task_note WHERE task_id = ?";
static const char SQL_TASK_DEL_FILES[] = "DELETE FROM plan_task_file WHERE task_id = ?";
static const char SQL_TASK_DEL[] = "DELETE FROM plan_task WHERE id = ?";
static const char SQL_TR_DEL[] = "DELETE FROM training WHERE id = ?";
static const char SQL_INSP_DEL[] = "DELETE FROM inspection WHERE id = ?";
static const char SQL_PILOT_DEL[] = "DELETE FROM plan_pilot WHERE plan_id = ? AND unit_code = ?";
static const char SQL_OFF_DEL[] = "DELETE FROM official WHERE id = ?";
static const char SQL_OFF_REFS[] =
	"SELECT (SELECT count(*) FROM duty WHERE official_id = ?1), "
	"(SELECT count(*) FROM duty_handover WHERE from_id = ?1 OR to_id = ?1), "
	"(SELECT count(*) FROM training_attendee WHERE official_id = ?1), "
	"(SELECT count(*) FROM app_user WHERE official_id = ?1), "
	"(SELECT count(*) FROM indicator_value WHERE official_id = ?1)";
static const char SQL_PLAN_FILE_DEL[] =
	"UPDATE plan SET file_sha256 = '', file_name = '', file_mime = '' WHERE id = ?";

/* Children are deleted explicitly (not left to ON DELETE CASCADE) so the
 * result does not depend on the connection's foreign-key setting. */
struct del_spec {
	const char *entity;      /* audit entity, and the name in messages */
	const char *snap;        /* the row as it was (bound like the deletes) */
	const char *const *sqls; /* DELETE/UPDATE statements, NULL-terminated */
};

/* Runs spec's statements bound with (i1[, t2]) and audits the deletion. */
static int pilot_delete(struct store *st, const struct del_spec *d, int64_t i1, const char *t2,
			struct tc_err *err)
{
	int fail = 0;
	char *before = snapshot(st, d->snap, i1, t2, NULL, &fail, err);
	int rc = fail ? -1 : 0;
	if (rc == 0 && before == NULL)
		rc = tc_err_set(err, TC_ENOTFOUND, "no %s with id %lld%s%s", d->entity,
				(long long)i1, t2 ? " and commune " : "", t2 ? t2 : "");
	for (const char *const *q = d->sqls; rc == 0 && *q; q++) {
		sqlite3_stmt *s = stmt(st, *q, err);
		if (s == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(s, 1, i1);
		if (t2)
			bind_text(s, 2, t2, 0);
		rc = pilot_step(st, s, d->entity, err);
	}
	char key[24];
	if (rc == 0) {
		rc = audit_change(st, "delete", d->entity, pilot_key(key, i1), before, NULL, 0, NULL,
				  NULL, err);
		before = NULL;
	}
	free(before);
	return rc;
}

static int delete_tx(struct store *st, const struct del_spec *d, int64_t i1, const char *t2,
		     struct tc_err *err)
{
	if (tx_begin(st, err) != 0)
		return -1;
	return tx_finish(st, pilot_delete(st, d, i1, t2, err), err);
}

int store_plan_task_delete(struct store *st, int64_t id, struct tc_err *err)
{
	static const char *const sqls[] = {SQL_TASK_DEL_NOTES, SQL_TASK_DEL_FILES, SQL_TASK_DEL,
					   NULL};
	static const struct del_spec d = {"plan_task", SQL_TASK_DEL_SNAP, sqls};
	return delete_tx(st, &d, id, NULL, err);
}

int store_training_delete(struct store *st, int64_t id, struct tc_err *err)
{
	static const char *const sqls[] = {SQL_TR_ATT_DEL, SQL_TR_DEL, NULL};
	static const struct del_spec d = {"training", SQL_TR_SNAP, sqls};
	return delete_tx(st, &d, id, NULL, err);
}

int store_inspection_delete(struct store *st, int64_t id, struct tc_err *err)
{
	static const char *const sqls[] = {SQL_INSP_DEL, NULL};
	static const struct del_spec d = {"inspection", SQL_INSP_SNAP, sqls};
	return delete_tx(st, &d, id, NULL, err);
}

int store_plan_pilot_delete(struct store *st, int64_t plan_id, const char *unit_code,
			    struct tc_err *err)
{
	static const char *const sqls[] = {SQL_PILOT_DEL, NULL};
	static const struct del_spec d = {"plan_pilot", SQL_PILOT_SNAP, sqls};
	if (unit_code == NULL || unit_code[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "unit: name the commune to take out of the plan");
	return delete_tx(st, &d, plan_id, unit_code, err);
}

/* The plan's document is columns of the plan row: "deleting" it empties them;
 * the audit entry has the plan before and after. */
int store_plan_file_delete(struct store *st, int64_t plan_id, struct tc_err *err)
{
	struct store_plan p;
	if (store_plan_get(st, plan_id, NULL, &p, err) != 0)
		return -1;
	if (p.file_sha256[0] == '\0')
		return tc_err_set(err, TC_ENOTFOUND, "plan %lld has no document attached",
				  (long long)plan_id);
	if (tx_begin(st, err) != 0)
		return -1;
	int fail = 0;
	char *before = snapshot(st, SQL_PLAN_SNAP, plan_id, NULL, NULL, &fail, err);
	int rc = fail || before == NULL ? -1 : 0;
	if (rc != 0 && !fail)
		tc_err_set(err, TC_ENOTFOUND, "no plan with id %lld", (long long)plan_id);
	sqlite3_stmt *s = rc == 0 ? stmt(st, SQL_PLAN_FILE_DEL, err) : NULL;
	if (rc == 0 && s == NULL)
		rc = -1;
	if (s) {
		sqlite3_bind_int64(s, 1, plan_id);
		rc = pilot_step(st, s, "plan", err);
	}
	char key[24];
	if (rc == 0) {
		rc = audit_change(st, "delete", "plan_file", pilot_key(key, plan_id), before,
				  SQL_PLAN_SNAP, plan_id, NULL, NULL, err);
		before = NULL;
	}
	free(before);
	return tx_finish(st, rc, err);
}

int store_official_refs(struct store *st, int64_t id, struct store_official_refs *out,
			struct tc_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = stmt(st, SQL_OFF_REFS, err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->duties = (long)sqlite3_column_int64(s, 0);
		out->handovers = (long)sqlite3_column_int64(s, 1);
		out->trainings = (long)sqlite3_column_int64(s, 2);
		out->accounts = (long)sqlite3_column_int64(s, 3);
		out->indicators = (long)sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, "reading what refers to an official", err);
}

/* Refused rather than cascaded: duties and handovers are who answers (and
 * answered) for an indicator, attendance is a record of a session held, and
 * accounts and indicator values are other modules' rows. The caller tells
 * the user how to free the official first (hand over, edit the training). */
int store_official_delete(struct store *st, int64_t id, struct tc_err *err)
{
	static const char *const sqls[] = {SQL_OFF_DEL, NULL};
	static const struct del_spec d = {"official", SQL_OFF_SNAP, sqls};
	if (tx_begin(st, err) != 0)
		return -1;
	struct store_official_refs r;
	int rc = store_official_refs(st, id, &r, err);
	if (rc == 0 && r.duties + r.handovers + r.trainings + r.accounts + r.indicators > 0)
		rc = tc_err_set(err, TC_ECONFLICT, "official %lld is still referred to (%ld duties, "
				"%ld handovers, %ld trainings, %ld accounts, %ld indicator values): "
				"hand its duties over and take it off those rows first", (long long)id,
				r.duties, r.handovers, r.trainings, r.accounts, r.indicators);
	if (rc == 0)
		rc = pilot_delete(st, &d, id, NULL, err);
	return tx_finish(st, rc, err);
}
