/* store_pg.c — the PostgreSQL driver of the store (libpq). See store_pg.h
 * for what it translates and why; db.c is its only caller. */
#include "store/store_pg.h"

#include "util/buf.h"
#include "util/mem.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant: the key of the advisory lock that serialises writers of
 * one database (all tiepcan processes use the same). */
#define WRITER_LOCK_KEY 7262201
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23

struct spg_conn {
	PGconn *pg;
	int tx;             /* inside BEGIN ... COMMIT/ROLLBACK */
	int broken;         /* the connection died inside the transaction */
	unsigned gen;       /* bumped on reconnect: statements prepare again */
	unsigned next_name; /* prepared statement names s1, s2, ... */
	int lock_ms;
	int readonly;
	int no_sp;          /* statement savepoints off (bulk copy) */
	int changes;
	char msg[768];
};

struct spg_stmt {
	struct spg_conn *c;
	char *sql;          /* translated */
	char name[16];
	unsigned gen;       /* c->gen when prepared on the server; 0 = not yet */
	int nparams;
	int writes;         /* not a SELECT: savepoint inside transactions */
	char **vals;
	int *lens, *fmts;
	PGresult *res;
	int row;            /* rows returned so far; the current is row - 1 */
	unsigned char *blob; /* unescaped bytea of (blob_row, blob_col) */
	size_t blob_len;
	int blob_row, blob_col;
};

/* ---- Errors ------------------------------------------------------------- */

static void set_msg(struct spg_conn *c, const char *m)
{
	snprintf(c->msg, sizeof c->msg, "%s", m ? m : "unknown PostgreSQL error");
	for (char *p = c->msg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' '; /* libpq's multi-line messages, on one line */
	size_t n = strlen(c->msg);
	while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
		c->msg[--n] = '\0';
}

static const char LOST[] =
	"the connection to the PostgreSQL server was lost; nothing of the current change "
	"was saved: check the server and retry (tiepcan reconnects by itself)";

/* SQLSTATE -> the SQLite code the store's error handling expects. */
static int map_state(const char *state, const char *constraint)
{
	if (state == NULL)
		return SQLITE_IOERR;
	if (strcmp(state, "23505") == 0) {
		size_t n = constraint ? strlen(constraint) : 0;
		return n > 5 && strcmp(constraint + n - 5, "_pkey") == 0 ? SQLITE_CONSTRAINT_PRIMARYKEY
									   : SQLITE_CONSTRAINT_UNIQUE;
	}
	static const struct { const char *state; int rc; } map[] = {
		{"23503", SQLITE_CONSTRAINT_FOREIGNKEY}, {"23514", SQLITE_CONSTRAINT_CHECK},
		{"23502", SQLITE_CONSTRAINT_NOTNULL},    {"P0001", SQLITE_CONSTRAINT_TRIGGER},
		{"55P03", SQLITE_BUSY},                  {"40001", SQLITE_BUSY},
		{"40P01", SQLITE_BUSY},                  {"25006", SQLITE_READONLY},
		{"42501", SQLITE_PERM},                  {"53100", SQLITE_FULL},
		{"53200", SQLITE_NOMEM},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(state, map[i].state) == 0)
			return map[i].rc;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return SQLITE_IOERR;
	return SQLITE_ERROR;
}

/* Records a failed result (or a dead connection) and returns its code. */
static int fail_res(struct spg_conn *c, PGresult *r)
{
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		if (c->tx)
			c->broken = 1;
		set_msg(c, LOST);
		return SQLITE_IOERR;
	}
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *cons = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *d = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	char both[700];
	snprintf(both, sizeof both, "%s%s%s", m ? m : PQerrorMessage(c->pg), d ? ": " : "",
		 d ? d : "");
	set_msg(c, both);
	return map_state(state, cons);
}

/* Runs parameterless SQL; 0 or an SQLite code (message kept). */
static int run(struct spg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? SQLITE_OK : fail_res(c, r);
	PQclear(r);
	return rc;
}

/* ---- Connection --------------------------------------------------------- */

static void quiet(void *arg, const char *message)
{
	(void)arg; /* notices ("no transaction in progress") are not errors; library code never prints */
	(void)message;
}

static int session_setup(struct spg_conn *c)
{
	char sql[96];
	PQsetNoticeProcessor(c->pg, quiet, NULL);
	if (PQsetClientEncoding(c->pg, "UTF8") != 0) {
		set_msg(c, PQerrorMessage(c->pg));
		return SQLITE_IOERR;
	}
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", c->lock_ms > 0 ? c->lock_ms : 1);
	int rc = run(c, sql);
	if (rc == SQLITE_OK && c->readonly)
		rc = run(c, "SET default_transaction_read_only = on");
	return rc;
}

/* Reconnects a dead connection (never inside a transaction). */
static int ensure_alive(struct spg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return SQLITE_OK;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		char m[600];
		snprintf(m, sizeof m, "cannot reach the PostgreSQL server (%s); nothing was "
			 "changed: check that it is running and retry", PQerrorMessage(c->pg));
		set_msg(c, m);
		return SQLITE_IOERR;
	}
	c->gen++;
	c->tx = 0;
	c->broken = 0;
	return session_setup(c);
}

int spg_open(const char *url, int flags, struct spg_conn **out)
{
	struct spg_conn *c = tc_calloc(1, sizeof *c);
	*out = c;
	if (c == NULL)
		return SQLITE_NOMEM;
	c->gen = 1;
	c->lock_ms = 5000;
	c->readonly = (flags & SQLITE_OPEN_READONLY) != 0;
	c->pg = PQconnectdb(url);
	if (c->pg == NULL)
		return SQLITE_NOMEM;
	if (PQstatus(c->pg) != CONNECTION_OK) {
		char m[600];
		snprintf(m, sizeof m, "cannot connect to PostgreSQL (%s): check the URL, that the "
			 "server runs and accepts this user (passwords belong in ~/.pgpass or "
			 "PGPASSWORD, not in the URL)", PQerrorMessage(c->pg));
		set_msg(c, m);
		return SQLITE_IOERR;
	}
	return session_setup(c);
}

int spg_close(struct spg_conn *c)
{
	if (c) {
		PQfinish(c->pg);
		tc_free(c);
	}
	return SQLITE_OK;
}

const char *spg_errmsg(struct spg_conn *c)
{
	return c && c->msg[0] ? c->msg : "not an error";
}

int spg_has_schema(const char *url)
{
	PGconn *pg = PQconnectdb(url);
	int out = -1;
	if (pg && PQstatus(pg) == CONNECTION_OK) {
		PGresult *r = PQexec(pg, "SELECT to_regclass('schema_version') IS NOT NULL");
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
			out = PQgetvalue(r, 0, 0)[0] == 't';
		PQclear(r);
	} else if (pg && strstr(PQerrorMessage(pg), "does not exist")) {
		out = 0; /* the database itself is missing (SQLSTATE 3D000) */
	}
	PQfinish(pg);
	return out;
}

void spg_set_statement_atomic(struct spg_conn *c, int on)
{
	c->no_sp = !on;
}

int spg_busy_timeout(struct spg_conn *c, int ms)
{
	c->lock_ms = ms;
	if (PQstatus(c->pg) != CONNECTION_OK)
		return SQLITE_OK; /* applied on reconnect */
	char sql[64];
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms > 0 ? ms : 1);
	return run(c, sql);
}

/* ---- Transactions and parameterless SQL --------------------------------- */

static int begin(struct spg_conn *c)
{
	if (!c->tx && ensure_alive(c) != SQLITE_OK)
		return SQLITE_IOERR;
	char sql[96];
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d)", WRITER_LOCK_KEY);
	int rc = run(c, sql);
	if (rc != SQLITE_OK) {
		if (PQstatus(c->pg) == CONNECTION_OK)
			run(c, "ROLLBACK");
		c->tx = 0;
		c->broken = 0;
		return rc;
	}
	c->tx = 1;
	return SQLITE_OK;
}

static int end_tx(struct spg_conn *c, const char *sql)
{
	if (c->broken) {
		/* Nothing to undo: the server dropped the transaction with the connection. */
		c->tx = c->broken = 0;
		if (strcmp(sql, "COMMIT") == 0) {
			set_msg(c, LOST);
			return SQLITE_IOERR;
		}
		return SQLITE_OK;
	}
	PGresult *r = PQexec(c->pg, sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? SQLITE_OK : fail_res(c, r);
	/* PostgreSQL answers COMMIT of a failed transaction with ROLLBACK: that
	 * is a failure of the commit, not a success. */
	if (rc == SQLITE_OK && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		set_msg(c, "the transaction failed and was rolled back; nothing was saved");
		rc = SQLITE_ABORT;
	}
	PQclear(r);
	c->tx = 0;
	return rc;
}

int spg_exec(struct spg_conn *c, const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	if (strncmp(sql, "PRAGMA", 6) == 0)
		return SQLITE_OK; /* SQLite tuning; PostgreSQL is configured by its DBA */
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0 || strcmp(sql, "BEGIN") == 0)
		return begin(c);
	if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
		return end_tx(c, sql);
	if (c->broken) {
		set_msg(c, LOST);
		return strncmp(sql, "ROLLBACK TO", 11) == 0 ? SQLITE_OK : SQLITE_IOERR;
	}
	if (!c->tx && ensure_alive(c) != SQLITE_OK)
		return SQLITE_IOERR;
	return run(c, sql);
}

int64_t spg_last_insert_rowid(struct spg_conn *c)
{
	if (c->broken || PQstatus(c->pg) != CONNECTION_OK)
		return 0;
	/* lastval(): the value the last identity insert of this session drew.
	 * In a savepoint: if no sequence was used yet it fails harmlessly. */
	if (c->tx && run(c, "SAVEPOINT tc_lastval") != SQLITE_OK)
		return 0;
	PGresult *r = PQexec(c->pg, "SELECT lastval()");
	int64_t id = 0;
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	if (ok)
		id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (c->tx)
		run(c, ok ? "RELEASE tc_lastval" : "ROLLBACK TO tc_lastval; RELEASE tc_lastval");
	return id;
}

int spg_changes(struct spg_conn *c)
{
	return c->changes;
}

/* ---- Statements ----------------------------------------------------------- */

/* SQLite's group_concat(X [, SEP]) is string_agg(CAST(X AS text), SEP) in
 * PostgreSQL (SEP defaults to ','). The calls open at each parenthesis depth
 * are tracked so that nested parentheses and ?-placeholders inside X still
 * translate. */
#define GC_MAX 8
struct gc_calls {
	int depth;         /* parentheses open now */
	int n;             /* group_concat calls open */
	int at[GC_MAX];    /* depth inside each call's parentheses */
	int sep[GC_MAX];   /* its separator has been written */
};

static int word_at(const char *sql, const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(p, w, n) == 0 &&
	       (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'));
}

/* One unquoted character other than '?': returns how many more input
 * characters it consumed (group_concat is a whole word). */
static int gc_char(struct gc_calls *g, struct buf *b, const char *sql, const char *p)
{
	int top = g->n > 0 && g->at[g->n - 1] == g->depth;
	if (word_at(sql, p, "group_concat(") && g->n < GC_MAX) {
		g->depth++;
		g->at[g->n] = g->depth;
		g->sep[g->n++] = 0;
		buf_puts(b, "string_agg(CAST(");
		return 12;
	}
	if (*p == '(') {
		g->depth++;
	} else if (*p == ')' && top) {
		buf_puts(b, g->sep[g->n - 1] ? ")" : " AS text), ',')");
		g->n--;
		g->depth--;
		return 0;
	} else if (*p == ')') {
		g->depth--;
	} else if (*p == ',' && top && !g->sep[g->n - 1]) {
		g->sep[g->n - 1] = 1;
		buf_puts(b, " AS text),");
		return 0;
	}
	buf_putc(b, *p);
	return 0;
}

char *spg_translate(const char *sql, int *nparams)
{
	struct buf b;
	buf_init(&b, (size_t)1 << 20);
	struct gc_calls g = {0};
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_putc(&b, *p);
		} else if (*p == '?') {
			int n;
			if (isdigit((unsigned char)p[1])) {
				char *end;
				n = (int)strtol(p + 1, &end, 10);
				p = end - 1;
			} else {
				n = max + 1; /* SQLite: a bare ? is one more than the largest so far */
			}
			if (n > max)
				max = n;
			buf_printf(&b, "$%d", n);
		} else {
			p += gc_char(&g, &b, sql, p);
		}
	}
	*nparams = max;
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	char *out = tc_strdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* SQLite-only statements of the store and what they mean here. */
static const char *dialect(const char *sql)
{
	if (strstr(sql, "FROM sqlite_master") && strstr(sql, "'schema_version'"))
		return "SELECT count(*) FROM information_schema.tables WHERE "
		       "table_schema = current_schema() AND table_name = 'schema_version'";
	/* Page-level integrity is the server's (initdb --data-checksums,
	 * pg_amcheck) and foreign keys cannot be switched off: nothing to add. */
	if (strncmp(sql, "PRAGMA integrity_check", 22) == 0)
		return "SELECT 'ok'";
	if (strncmp(sql, "PRAGMA foreign_key_check", 24) == 0)
		return "SELECT NULL WHERE false";
	return sql;
}

/* A parameter that PostgreSQL cannot type (42P18, or 42P08 when its first
 * use is SQLite's "? IS NULL" idiom) is declared text and the statement
 * prepared again; the store only writes that idiom for text parameters. */
static int untyped_param(PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *p = m ? strstr(m, "parameter $") : NULL;
	if (state == NULL || (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0) || p == NULL)
		return 0;
	return (int)strtol(p + 11, NULL, 10);
}

/* One PREPARE; inside a transaction in a savepoint, since a failed
 * PREPARE would abort the transaction. */
static PGresult *prepare_sp(struct spg_conn *c, struct spg_stmt *s, const Oid *types)
{
	if (c->tx && run(c, "SAVEPOINT tc_prep") != SQLITE_OK)
		return NULL;
	PGresult *r = PQprepare(c->pg, s->name, s->sql, s->nparams, types);
	if (c->tx && PQstatus(c->pg) == CONNECTION_OK) {
		char keep[sizeof c->msg];
		memcpy(keep, c->msg, sizeof keep);
		run(c, PQresultStatus(r) == PGRES_COMMAND_OK ? "RELEASE tc_prep"
							     : "ROLLBACK TO tc_prep; RELEASE tc_prep");
		memcpy(c->msg, keep, sizeof keep);
	}
	return r;
}

static int server_prepare(struct spg_stmt *s)
{
	struct spg_conn *c = s->c;
	Oid types[256] = {0};
	if (s->nparams > 256) {
		set_msg(c, "store: a statement has more than 256 parameters");
		return SQLITE_ERROR;
	}
	for (;;) {
		PGresult *r = prepare_sp(c, s, types);
		if (r == NULL)
			return fail_res(c, NULL);
		int n = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : untyped_param(r);
		if (n >= 1 && n <= s->nparams && types[n - 1] == 0) {
			types[n - 1] = 25; /* text */
			PQclear(r);
			continue;
		}
		int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? SQLITE_OK : fail_res(c, r);
		PQclear(r);
		if (rc == SQLITE_OK)
			s->gen = c->gen;
		return rc;
	}
}

int spg_prepare(struct spg_conn *c, const char *sql, struct spg_stmt **out)
{
	*out = NULL;
	struct spg_stmt *s = tc_calloc(1, sizeof *s);
	if (s == NULL || (s->sql = spg_translate(dialect(sql), &s->nparams)) == NULL) {
		tc_free(s);
		return SQLITE_NOMEM;
	}
	s->c = c;
	snprintf(s->name, sizeof s->name, "s%u", ++c->next_name);
	const char *p = s->sql;
	while (isspace((unsigned char)*p))
		p++;
	s->writes = strncasecmp(p, "SELECT", 6) != 0;
	int n = s->nparams ? s->nparams : 1;
	s->vals = tc_calloc((size_t)n, sizeof *s->vals);
	s->lens = tc_calloc((size_t)n, sizeof *s->lens);
	s->fmts = tc_calloc((size_t)n, sizeof *s->fmts);
	if (!s->vals || !s->lens || !s->fmts) {
		spg_finalize(s);
		return SQLITE_NOMEM;
	}
	/* Prepared now so a bad statement fails here, as in SQLite; after a lost
	 * connection it is prepared again at the next step. */
	int rc = c->broken || (!c->tx && ensure_alive(c) != SQLITE_OK) ? SQLITE_OK : server_prepare(s);
	if (rc != SQLITE_OK && rc != SQLITE_IOERR) {
		spg_finalize(s);
		return rc;
	}
	*out = s;
	return SQLITE_OK;
}

/* SAVEPOINT, the statement and RELEASE sent together in a pipeline: one
 * round trip instead of three. Returns the statement's result (or the
 * savepoint's if that failed); NULL if the connection failed. *sp_set: the
 * savepoint exists (roll back to it if the statement failed); *released:
 * the RELEASE succeeded. */
static PGresult *send_atomic(struct spg_stmt *s, int *sp_set, int *released)
{
	PGconn *pg = s->c->pg;
	*sp_set = *released = 0;
	if (!PQenterPipelineMode(pg))
		return NULL;
	PGresult *out = NULL;
	if (PQsendQueryParams(pg, "SAVEPOINT tc_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryPrepared(pg, s->name, s->nparams, (const char *const *)s->vals, s->lens,
				s->fmts, 0) &&
	    PQsendQueryParams(pg, "RELEASE tc_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQpipelineSync(pg)) {
		int q = 0; /* which query's results are being read: NULL ends each */
		for (;;) {
			PGresult *r = PQgetResult(pg);
			if (r == NULL) {
				if (PQstatus(pg) == CONNECTION_BAD || ++q > 3)
					break;
				continue;
			}
			ExecStatusType st = PQresultStatus(r);
			if (st == PGRES_PIPELINE_SYNC) {
				PQclear(r);
				break;
			}
			int good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
			if (q == 0)
				*sp_set = good;
			if (q == 2)
				*released = good;
			if (out == NULL && (q == 1 || (q == 0 && !good))) {
				out = r;
				continue;
			}
			PQclear(r);
		}
	}
	PQexitPipelineMode(pg);
	return out;
}

static int execute(struct spg_stmt *s)
{
	struct spg_conn *c = s->c;
	if (c->broken) {
		set_msg(c, LOST);
		return SQLITE_IOERR;
	}
	int retry = !c->tx && !s->writes; /* a read outside a transaction may be repeated */
	for (int attempt = 0;; attempt++) {
		if (!c->tx && ensure_alive(c) != SQLITE_OK)
			return SQLITE_IOERR;
		if (s->gen != c->gen && server_prepare(s) != SQLITE_OK) {
			if (retry && attempt == 0 && PQstatus(c->pg) == CONNECTION_BAD)
				continue;
			return fail_res(c, NULL);
		}
		int sp = c->tx && s->writes && !c->no_sp, sp_set = 0, released = 1;
		PGresult *r = sp ? send_atomic(s, &sp_set, &released)
				 : PQexecPrepared(c->pg, s->name, s->nparams,
						  (const char *const *)s->vals, s->lens, s->fmts, 0);
		ExecStatusType st = PQresultStatus(r);
		if ((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) && released) {
			const char *t = PQcmdTuples(r);
			c->changes = t && t[0] ? (int)strtol(t, NULL, 10) : 0;
			s->res = r;
			return SQLITE_OK;
		}
		int rc = fail_res(c, st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? NULL : r);
		PQclear(r);
		if (sp_set && !c->broken && PQstatus(c->pg) == CONNECTION_OK) {
			char keep[sizeof c->msg];
			memcpy(keep, c->msg, sizeof keep);
			run(c, "ROLLBACK TO tc_stmt; RELEASE tc_stmt");
			memcpy(c->msg, keep, sizeof keep);
		}
		if (rc == SQLITE_IOERR && retry && attempt == 0)
			continue;
		return rc;
	}
}

int spg_step(struct spg_stmt *s)
{
	if (s->res == NULL) {
		int rc = execute(s);
		if (rc != SQLITE_OK)
			return rc;
	}
	if (s->row < PQntuples(s->res)) {
		s->row++;
		return SQLITE_ROW;
	}
	return SQLITE_DONE;
}

int spg_reset(struct spg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	return SQLITE_OK;
}

int spg_clear_bindings(struct spg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		tc_free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = s->fmts[i] = 0;
	}
	return SQLITE_OK;
}

int spg_finalize(struct spg_stmt *s)
{
	if (s == NULL)
		return SQLITE_OK;
	spg_reset(s);
	if (s->vals)
		spg_clear_bindings(s);
	if (s->gen && s->gen == s->c->gen && !s->c->broken &&
	    PQstatus(s->c->pg) == CONNECTION_OK && PQtransactionStatus(s->c->pg) != PQTRANS_INERROR) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		run(s->c, sql);
	}
	tc_free(s->vals);
	tc_free(s->lens);
	tc_free(s->fmts);
	tc_free(s->sql);
	tc_free(s);
	return SQLITE_OK;
}

int spg_bind_parameter_count(struct spg_stmt *s)
{
	return s->nparams;
}

/* v NULL binds NULL; n < 0: v is a C string; binary: bytes (bytea). */
int spg_bind(struct spg_stmt *s, int i, const void *v, int n, int binary)
{
	if (i < 1 || i > s->nparams)
		return SQLITE_RANGE;
	tc_free(s->vals[i - 1]);
	s->vals[i - 1] = NULL;
	s->lens[i - 1] = s->fmts[i - 1] = 0;
	if (v == NULL)
		return SQLITE_OK;
	size_t len = n < 0 ? strlen(v) : (size_t)n;
	char *copy = tc_malloc(len + 1);
	if (copy == NULL)
		return SQLITE_NOMEM;
	memcpy(copy, v, len);
	copy[len] = '\0';
	s->vals[i - 1] = copy;
	s->lens[i - 1] = (int)len;
	s->fmts[i - 1] = binary ? 1 : 0;
	return SQLITE_OK;
}

/* ---- Columns of the current row ---------------------------------------- */

static int cur(struct spg_stmt *s, int i)
{
	return s->res && s->row >= 1 && i >= 0 && i < PQnfields(s->res);
}

int spg_column_count(struct spg_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

int spg_column_type(struct spg_stmt *s, int i)
{
	if (!cur(s, i) || PQgetisnull(s->res, s->row - 1, i))
		return SQLITE_NULL;
	switch (PQftype(s->res, i)) {
	case OID_INT8:
	case OID_INT4:
	case OID_INT2:
		return SQLITE_INTEGER;
	case OID_BYTEA:
		return SQLITE_BLOB;
	default:
		return SQLITE_TEXT;
	}
}

const char *spg_column_name(struct spg_stmt *s, int i)
{
	return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

const char *spg_column_text(struct spg_stmt *s, int i)
{
	if (!cur(s, i) || PQgetisnull(s->res, s->row - 1, i))
		return NULL;
	return PQgetvalue(s->res, s->row - 1, i);
}

static int unescape(struct spg_stmt *s, int i)
{
	if (s->blob && s->blob_row == s->row && s->blob_col == i)
		return 0;
	PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row - 1, i),
				  &s->blob_len);
	s->blob_row = s->row;
	s->blob_col = i;
	return s->blob ? 0 : -1;
}

const void *spg_column_blob(struct spg_stmt *s, int i)
{
	if (!cur(s, i) || PQgetisnull(s->res, s->row - 1, i))
		return NULL;
	if (PQftype(s->res, i) != OID_BYTEA)
		return PQgetvalue(s->res, s->row - 1, i);
	return unescape(s, i) == 0 ? s->blob : NULL;
}

int spg_column_bytes(struct spg_stmt *s, int i)
{
	if (!cur(s, i) || PQgetisnull(s->res, s->row - 1, i))
		return 0;
	if (PQftype(s->res, i) != OID_BYTEA)
		return PQgetlength(s->res, s->row - 1, i);
	return unescape(s, i) == 0 ? (int)s->blob_len : 0;
}
