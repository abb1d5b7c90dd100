/* db.h — the database driver layer under the store: SQLite or PostgreSQL.
 *
 * Why this shape: the store's logic (validation, transactions, audit chain,
 * scope, error messages) lives once, in store_sqlite.c, written against the
 * sqlite3 C API. Including this header FIRST in that file maps every sqlite3
 * name it uses to a db_* function that forwards to SQLite, or, when the
 * connection was opened on a postgres:// or postgresql:// URL, to the libpq
 * driver (store_pg.c). So both backends run the same code, the audit hash is
 * computed by the same function, and a store function added to
 * store_sqlite.c works on PostgreSQL as soon as its SQL is portable
 * (docs/STORE.md, "Adding a store function").
 *
 * What differs per backend is confined to the drivers: SQL placeholders,
 * locking (BEGIN IMMEDIATE = an advisory lock on PostgreSQL), per-statement
 * atomicity inside transactions, error codes, schema file, reconnects.
 *
 * The sqlite3_* names below are only macros in files that include this
 * header; db.c and store_pg.c use the real SQLite and libpq APIs.
 */
#ifndef TC_STORE_DB_H
#define TC_STORE_DB_H

#include <sqlite3.h> /* constants (SQLITE_ROW, ...) and sqlite3_int64 stay SQLite's */

typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;
typedef struct db_backup db_backup;

/* 1 if `path` names a PostgreSQL database (postgres:// or postgresql://). */
int db_is_url(const char *path);
/* The name of the database for messages (caller frees with tc_free): the
 * path, or the URL with any password replaced by "***". NULL if out of
 * memory. */
char *db_display_name(const char *path);
/* 1 if the database exists: the file, or (PostgreSQL) the tiepcan schema in
 * the database the URL names. */
int db_exists(const char *path);
/* The embedded schema file for this connection's dialect. */
const char *db_schema_file(db_conn *db);
/* 1 for PostgreSQL connections. */
int db_is_pg(db_conn *db);

/* PostgreSQL: 0 turns off the per-statement savepoints inside transactions
 * (a bulk copy that is all-or-nothing anyway). No-op on SQLite. */
void db_set_statement_atomic(db_conn *db, int on);

int db_open_v2(const char *path, db_conn **out, int flags, const char *vfs);
int db_close(db_conn *db);
const char *db_errmsg(db_conn *db);
int db_exec(db_conn *db, const char *sql, int (*cb)(void *, int, char **, char **),
	    void *arg, char **errmsg);
int db_prepare_v2(db_conn *db, const char *sql, int n, db_stmt **out, const char **tail);
int db_busy_timeout(db_conn *db, int ms);
int db_extended_result_codes(db_conn *db, int on);
sqlite3_int64 db_last_insert_rowid(db_conn *db);
int db_changes(db_conn *db);

int db_step(db_stmt *s);
int db_reset(db_stmt *s);
int db_clear_bindings(db_stmt *s);
int db_finalize(db_stmt *s);
int db_bind_int(db_stmt *s, int i, int v);
int db_bind_int64(db_stmt *s, int i, sqlite3_int64 v);
int db_bind_text(db_stmt *s, int i, const char *v, int n, void (*destructor)(void *));
int db_bind_null(db_stmt *s, int i);
int db_bind_parameter_count(db_stmt *s);
int db_bind_blob(db_stmt *s, int i, const void *v, int n, void (*destructor)(void *));
int db_column_count(db_stmt *s);
int db_column_type(db_stmt *s, int i);
const char *db_column_name(db_stmt *s, int i);
int db_column_int(db_stmt *s, int i);
sqlite3_int64 db_column_int64(db_stmt *s, int i);
const unsigned char *db_column_text(db_stmt *s, int i);
const void *db_column_blob(db_stmt *s, int i);
int db_column_bytes(db_stmt *s, int i);

db_backup *db_backup_init(db_conn *dst, const char *dn, db_conn *src, const char *sn);
int db_backup_step(db_backup *b, int pages);
int db_backup_finish(db_backup *b);
int db_backup_remaining(db_backup *b);
int db_backup_pagecount(db_backup *b);

#ifndef TC_DB_IMPL
#define sqlite3 db_conn
#define sqlite3_stmt db_stmt
#define sqlite3_backup db_backup
#define sqlite3_open_v2 db_open_v2
#define sqlite3_close db_close
#define sqlite3_errmsg db_errmsg
#define sqlite3_exec db_exec
#define sqlite3_prepare_v2 db_prepare_v2
#define sqlite3_busy_timeout db_busy_timeout
#define sqlite3_extended_result_codes db_extended_result_codes
#define sqlite3_last_insert_rowid db_last_insert_rowid
#define sqlite3_changes db_changes
#define sqlite3_step db_step
#define sqlite3_reset db_reset
#define sqlite3_clear_bindings db_clear_bindings
#define sqlite3_finalize db_finalize
#define sqlite3_bind_int db_bind_int
#define sqlite3_bind_int64 db_bind_int64
#define sqlite3_bind_text db_bind_text
#define sqlite3_bind_null db_bind_null
#define sqlite3_bind_parameter_count db_bind_parameter_count
#define sqlite3_bind_blob db_bind_blob
#define sqlite3_column_count db_column_count
#define sqlite3_column_type db_column_type
#define sqlite3_column_name db_column_name
#define sqlite3_column_int db_column_int
#define sqlite3_column_int64 db_column_int64
#define sqlite3_column_text db_column_text
#define sqlite3_column_blob db_column_blob
#define sqlite3_column_bytes db_column_bytes
#define sqlite3_backup_init db_backup_init
#define sqlite3_backup_step db_backup_step
#define sqlite3_backup_finish db_backup_finish
#define sqlite3_backup_remaining db_backup_remaining
#define sqlite3_backup_pagecount db_backup_pagecount
#endif

#endif
