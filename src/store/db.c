/* db.c — the driver layer of db.h: each call goes to SQLite or to the
 * PostgreSQL driver (store_pg.c), chosen once when the connection opens. */
#define TC_DB_IMPL
#include "store/db.h"

#include "store/store_pg.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct db_conn {
	sqlite3 *sq;            /* exactly one of sq, pg is set */
	struct spg_conn *pg;
	char msg[256];          /* a message of this layer, shown by db_errmsg */
};

struct db_stmt {
	sqlite3_stmt *sq;
	struct spg_stmt *pg;
};

struct db_backup {
	sqlite3_backup *sq;
};

int db_is_url(const char *path)
{
	return path && (strncmp(path, "postgres://", 11) == 0 ||
			strncmp(path, "postgresql://", 13) == 0);
}

char *db_display_name(const char *path)
{
	if (!db_is_url(path))
		return tc_strdup(path);
	/* scheme://user:password@host... : what is between ':' and '@' goes. */
	const char *auth = strstr(path, "://") + 3;
	const char *at = strchr(auth, '@');
	const char *colon = strchr(auth, ':');
	if (at == NULL || colon == NULL || colon > at)
		return tc_strdup(path);
	size_t head = (size_t)(colon + 1 - path), tail = strlen(at);
	char *out = tc_malloc(head + 3 + tail + 1);
	if (out) {
		memcpy(out, path, head);
		memcpy(out + head, "***", 3);
		memcpy(out + head + 3, at, tail + 1);
	}
	return out;
}

int db_exists(const char *path)
{
	/* A server that cannot be reached counts as existing: opening it then
	 * says why it failed, which is more useful than "no such database". */
	if (db_is_url(path))
		return spg_has_schema(path) != 0;
	return access(path, F_OK) == 0;
}

int db_is_pg(db_conn *db)
{
	return db && db->pg != NULL;
}

const char *db_schema_file(db_conn *db)
{
	return db_is_pg(db) ? "src/store/schema_pg.sql" : "src/store/schema.sql";
}

void db_set_statement_atomic(db_conn *db, int on)
{
	if (db && db->pg)
		spg_set_statement_atomic(db->pg, on);
}

int db_open_v2(const char *path, db_conn **out, int flags, const char *vfs)
{
	db_conn *db = tc_calloc(1, sizeof *db);
	*out = db;
	if (db == NULL)
		return SQLITE_NOMEM;
	if (db_is_url(path))
		return spg_open(path, flags, &db->pg);
	return sqlite3_open_v2(path, &db->sq, flags, vfs);
}

int db_close(db_conn *db)
{
	if (db == NULL)
		return SQLITE_OK;
	int rc = db->pg ? spg_close(db->pg) : sqlite3_close(db->sq);
	if (rc == SQLITE_OK)
		tc_free(db);
	return rc;
}

const char *db_errmsg(db_conn *db)
{
	if (db == NULL)
		return "out of memory";
	if (db->msg[0])
		return db->msg;
	return db->pg ? spg_errmsg(db->pg) : sqlite3_errmsg(db->sq);
}

int db_exec(db_conn *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
	    char **errmsg)
{
	if (db->pg) {
		if (errmsg)
			*errmsg = NULL;
		return spg_exec(db->pg, sql);
	}
	return sqlite3_exec(db->sq, sql, cb, arg, errmsg);
}

int db_prepare_v2(db_conn *db, const char *sql, int n, db_stmt **out, const char **tail)
{
	*out = NULL;
	db_stmt *s = tc_calloc(1, sizeof *s);
	if (s == NULL)
		return SQLITE_NOMEM;
	int rc = db->pg ? spg_prepare(db->pg, sql, &s->pg)
			: sqlite3_prepare_v2(db->sq, sql, n, &s->sq, tail);
	if (rc != SQLITE_OK || (s->sq == NULL && s->pg == NULL)) {
		tc_free(s);
		return rc;
	}
	*out = s;
	return SQLITE_OK;
}

int db_busy_timeout(db_conn *db, int ms)
{
	return db->pg ? spg_busy_timeout(db->pg, ms) : sqlite3_busy_timeout(db->sq, ms);
}

int db_extended_result_codes(db_conn *db, int on)
{
	return db->pg ? SQLITE_OK : sqlite3_extended_result_codes(db->sq, on);
}

sqlite3_int64 db_last_insert_rowid(db_conn *db)
{
	return db->pg ? spg_last_insert_rowid(db->pg) : sqlite3_last_insert_rowid(db->sq);
}

int db_changes(db_conn *db)
{
	return db->pg ? spg_changes(db->pg) : sqlite3_changes(db->sq);
}

/* ---- Statements ---------------------------------------------------------- */

int db_step(db_stmt *s)
{
	return s->pg ? spg_step(s->pg) : sqlite3_step(s->sq);
}

int db_reset(db_stmt *s)
{
	return s->pg ? spg_reset(s->pg) : sqlite3_reset(s->sq);
}

int db_clear_bindings(db_stmt *s)
{
	return s->pg ? spg_clear_bindings(s->pg) : sqlite3_clear_bindings(s->sq);
}

int db_finalize(db_stmt *s)
{
	if (s == NULL)
		return SQLITE_OK;
	int rc = s->pg ? spg_finalize(s->pg) : sqlite3_finalize(s->sq);
	tc_free(s);
	return rc;
}

int db_bind_int(db_stmt *s, int i, int v)
{
	return db_bind_int64(s, i, v);
}

int db_bind_int64(db_stmt *s, int i, sqlite3_int64 v)
{
	if (s->sq)
		return sqlite3_bind_int64(s->sq, i, v);
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)v);
	return spg_bind(s->pg, i, t, -1, 0);
}

int db_bind_text(db_stmt *s, int i, const char *v, int n, void (*destructor)(void *))
{
	return s->pg ? spg_bind(s->pg, i, v, n, 0) : sqlite3_bind_text(s->sq, i, v, n, destructor);
}

int db_bind_null(db_stmt *s, int i)
{
	return s->pg ? spg_bind(s->pg, i, NULL, 0, 0) : sqlite3_bind_null(s->sq, i);
}

int db_bind_parameter_count(db_stmt *s)
{
	return s->pg ? spg_bind_parameter_count(s->pg) : sqlite3_bind_parameter_count(s->sq);
}

int db_bind_blob(db_stmt *s, int i, const void *v, int n, void (*destructor)(void *))
{
	return s->pg ? spg_bind(s->pg, i, v ? v : "", n, 1)
		     : sqlite3_bind_blob(s->sq, i, v, n, destructor);
}

int db_column_count(db_stmt *s)
{
	return s->pg ? spg_column_count(s->pg) : sqlite3_column_count(s->sq);
}

int db_column_type(db_stmt *s, int i)
{
	return s->pg ? spg_column_type(s->pg, i) : sqlite3_column_type(s->sq, i);
}

const char *db_column_name(db_stmt *s, int i)
{
	return s->pg ? spg_column_name(s->pg, i) : sqlite3_column_name(s->sq, i);
}

int db_column_int(db_stmt *s, int i)
{
	return (int)db_column_int64(s, i);
}

sqlite3_int64 db_column_int64(db_stmt *s, int i)
{
	if (s->sq)
		return sqlite3_column_int64(s->sq, i);
	const char *t = spg_column_text(s->pg, i);
	if (t == NULL)
		return 0;
	if (t[0] == 't' || t[0] == 'f')
		return t[0] == 't'; /* boolean columns */
	return strtoll(t, NULL, 10);
}

const unsigned char *db_column_text(db_stmt *s, int i)
{
	return s->pg ? (const unsigned char *)spg_column_text(s->pg, i)
		     : sqlite3_column_text(s->sq, i);
}

const void *db_column_blob(db_stmt *s, int i)
{
	return s->pg ? spg_column_blob(s->pg, i) : sqlite3_column_blob(s->sq, i);
}

int db_column_bytes(db_stmt *s, int i)
{
	return s->pg ? spg_column_bytes(s->pg, i) : sqlite3_column_bytes(s->sq, i);
}

/* ---- Backup (SQLite's online backup; a PostgreSQL source is refused) --- */

db_backup *db_backup_init(db_conn *dst, const char *dn, db_conn *src, const char *sn)
{
	if (src->pg || dst->pg) {
		snprintf(dst->msg, sizeof dst->msg,
			 "a PostgreSQL database is backed up by its server (pg_dump, "
			 "pg_basebackup; see docs/DEPLOY.md) or copied to a file with "
			 "'tiepcan copy --from URL --to FILE.db'");
		return NULL;
	}
	db_backup *b = tc_calloc(1, sizeof *b);
	if (b == NULL)
		return NULL;
	b->sq = sqlite3_backup_init(dst->sq, dn, src->sq, sn);
	if (b->sq == NULL) {
		tc_free(b);
		return NULL;
	}
	return b;
}

int db_backup_step(db_backup *b, int pages)
{
	return sqlite3_backup_step(b->sq, pages);
}

int db_backup_finish(db_backup *b)
{
	int rc = sqlite3_backup_finish(b->sq);
	tc_free(b);
	return rc;
}

int db_backup_remaining(db_backup *b)
{
	return sqlite3_backup_remaining(b->sq);
}

int db_backup_pagecount(db_backup *b)
{
	return sqlite3_backup_pagecount(b->sq);
}
