/* store_pg.h — the PostgreSQL (libpq) driver under the store.
 *
 * Called only by db.c, which forwards the sqlite3-shaped calls of the store
 * (see db.h) here when a connection was opened on a postgres:// URL. The
 * functions mirror the SQLite API they replace: same arguments, same
 * SQLITE_* result codes (SQLSTATEs are mapped: unique violation ->
 * SQLITE_CONSTRAINT_UNIQUE, lock timeout -> SQLITE_BUSY, lost connection ->
 * SQLITE_IOERR, ...), so the store's error handling is the same on both.
 *
 * What PostgreSQL needs that SQLite does not, done here:
 *   - `?` / `?NNN` placeholders become `$N`, group_concat() string_agg();
 *     statements are prepared once per
 *     connection (and again after a reconnect);
 *   - BEGIN IMMEDIATE becomes BEGIN + a transaction-scoped advisory lock, so
 *     writers are serialised exactly as in SQLite (one audit chain, no gaps);
 *   - inside a transaction every writing statement runs in its own savepoint,
 *     so a failed statement undoes only itself (SQLite's statement
 *     atomicity) instead of aborting the whole transaction;
 *   - a lost connection outside a transaction is re-established before the
 *     next statement; inside one, the transaction fails as a whole with a
 *     message saying nothing of it was saved.
 * One spg_conn = one PGconn: never share it between threads.
 */
#ifndef TC_STORE_PG_H
#define TC_STORE_PG_H

#include <stdint.h>

struct spg_conn;
struct spg_stmt;

int spg_open(const char *url, int flags, struct spg_conn **out);
int spg_close(struct spg_conn *c);
const char *spg_errmsg(struct spg_conn *c);
/* Runs one or more statements without parameters (transactions control,
 * migrations); SQLite-only PRAGMAs are accepted and ignored. */
int spg_exec(struct spg_conn *c, const char *sql);
int spg_prepare(struct spg_conn *c, const char *sql, struct spg_stmt **out);
void spg_set_statement_atomic(struct spg_conn *c, int on);
int spg_busy_timeout(struct spg_conn *c, int ms);
int64_t spg_last_insert_rowid(struct spg_conn *c);
int spg_changes(struct spg_conn *c);
/* 1 if the database has the tiepcan schema (table schema_version); 0 if
 * not; -1 if it cannot be reached (then open reports why). */
int spg_has_schema(const char *url);

int spg_step(struct spg_stmt *s);
int spg_reset(struct spg_stmt *s);
int spg_clear_bindings(struct spg_stmt *s);
int spg_finalize(struct spg_stmt *s);
int spg_bind(struct spg_stmt *s, int i, const void *v, int n, int binary);
int spg_bind_parameter_count(struct spg_stmt *s);
int spg_column_count(struct spg_stmt *s);
int spg_column_type(struct spg_stmt *s, int i);
const char *spg_column_name(struct spg_stmt *s, int i);
const char *spg_column_text(struct spg_stmt *s, int i);
const void *spg_column_blob(struct spg_stmt *s, int i);
int spg_column_bytes(struct spg_stmt *s, int i);

/* `?`/`?NNN` -> `$N` outside quotes; *nparams = highest number; SQLite's
 * group_concat(X[, SEP]) -> string_agg(CAST(X AS text), SEP or ','). Caller
 * frees with tc_free. Exposed for the unit test. */
char *spg_translate(const char *sql, int *nparams);

#endif
