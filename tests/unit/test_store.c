/* Unit tests for the store (store.h) and the unit lists (app/units.h).
 *
 * The tests use only the store interface and run on both backends:
 * TIEPCAN_TEST_DB unset = SQLite files in a temp directory; set to a
 * PostgreSQL server URL without a database name (postgresql://USER@HOST:PORT,
 * as tests/suite-pg.sh does) = one fresh database per test on that server.
 * Tampering "behind the store's back" (raw SQL) goes through sqlite3 or libpq
 * by backend (raw_exec). The national lists are loaded once into a shared
 * database (group setup).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "app/scores.h"
#include "app/units.h"
#include "store/store.h"
#include "util/mem.h"

static char g_dir[256];
static const char *g_pg;    /* PostgreSQL server URL, or NULL for SQLite */
static struct store *g_nat; /* national lists loaded, read by many tests */
static int g_seq;

static void quiet_notice(void *arg, const char *m)
{
	(void)arg; /* "database ... does not exist, skipping" */
	(void)m;
}

/* Runs SQL on the server's maintenance database; 0 if it succeeded. */
static int pg_admin(const char *sql)
{
	char url[512];
	snprintf(url, sizeof url, "%s/postgres", g_pg);
	PGconn *c = PQconnectdb(url);
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "pg_admin: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* Runs a query on the maintenance database; 0 if it succeeded. */
static int pg_admin_query(const char *sql)
{
	char url[512];
	snprintf(url, sizeof url, "%s/postgres", g_pg);
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* The location of database `name` (a file, or a database on the server
 * named after it: "t3.db" -> tc_t3). Nothing is created. */
static void db_path(char *out, size_t n, const char *name)
{
	if (g_pg == NULL) {
		snprintf(out, n, "%s/%s", g_dir, name);
		return;
	}
	size_t len = strcspn(name, ".");
	snprintf(out, n, "%s/tc_%.*s", g_pg, (int)len, name);
}

/* A new empty database at `name` (dropped first if it exists). */
static void db_create_empty(const char *name)
{
	if (g_pg == NULL)
		return; /* SQLite creates the file on open */
	char sql[160];
	size_t len = strcspn(name, ".");
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS tc_%.*s WITH (FORCE)", (int)len, name);
	assert_int_equal(pg_admin(sql), 0);
	snprintf(sql, sizeof sql, "CREATE DATABASE tc_%.*s", (int)len, name);
	assert_int_equal(pg_admin(sql), 0);
}

/* Raw SQL on the database behind the store's back; returns 0 if it ran. */
static int raw_try(const char *path, const char *sql)
{
	if (g_pg) {
		PGconn *c = PQconnectdb(path);
		PGresult *r = PQexec(c, sql);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
		PQfinish(c);
		return ok ? 0 : -1;
	}
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* A fresh, migrated, empty database. */
static struct store *db_new(char *path, size_t n)
{
	char name[32];
	snprintf(name, sizeof name, "t%d.db", ++g_seq);
	db_create_empty(name);
	db_path(path, n, name);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		fail_msg("store_open: %s", err.msg);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	return st;
}

static int load_text(struct store *st, const char *vintage, const char *text, struct tc_err *err)
{
	size_t len = strlen(text);
	char *copy = tc_malloc(len + 1);
	memcpy(copy, text, len + 1);
	long n;
	int rc = units_load_list(st, vintage, copy, len, "t.csv", NULL, NULL, &n, err);
	tc_free(copy);
	return rc;
}

/* A tiny three-tier list: province 04 Cao Bằng, districts 045 and 050. */
static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"01,Hà Nội,Thành phố,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"050,Phục Hoà,Huyện,district,04\n"
	"001,Ba Đình,Quận,district,01\n"
	"01417,Sóc Hà,Xã,commune,045\n"
	"01639,Đại Sơn,Xã,commune,050\n"
	"00001,Phúc Xá,Phường,commune,001\n";

static struct store *db_mini(char *path, size_t n)
{
	struct store *st = db_new(path, n);
	struct tc_err err;
	if (load_text(st, "2020-02", MINI, &err) != 0)
		fail_msg("%s", err.msg);
	return st;
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-store-XXXXXX");
	if (mkdtemp(g_dir) == NULL)
		return -1;
	g_pg = getenv("TIEPCAN_TEST_DB");
	if (g_pg && g_pg[0] == '\0')
		g_pg = NULL;
	char path[512];
	db_create_empty("national.db");
	db_path(path, sizeof path, "national.db");
	struct tc_err err;
	g_nat = store_open(path, STORE_OPEN_CREATE, &err);
	if (g_nat == NULL || units_load_shipped(g_nat, NULL, NULL, &err) != 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(g_nat);
	if (g_pg) {
		for (int i = 1; i <= g_seq; i++) {
			char sql[80];
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS tc_t%d WITH (FORCE)", i);
			pg_admin(sql);
		}
		pg_admin("DROP DATABASE IF EXISTS tc_national WITH (FORCE)");
		pg_admin("DROP DATABASE IF EXISTS tc_newer WITH (FORCE)");
	}
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- open / migrate / transactions ---------------------------------------- */

static void test_open_and_migrate(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_new(path, sizeof path);
	/* Every migration is applied (002 roles/sessions, 003 workflow, 004 review, 005 pilot,
	 * 009 rowid-less value tables). */
	int v = store_schema_version(st, &err);
	assert_int_equal(v, 9);
	store_close(st);
	/* Reopening applies nothing new. */
	st = store_open(path, STORE_OPEN_EXISTING, &err);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st, &err), v);
	store_close(st);
	/* A missing database is not created without STORE_OPEN_CREATE. */
	db_path(path, sizeof path, "missing.db");
	assert_null(store_open(path, STORE_OPEN_EXISTING, &err));
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "tiepcan init"));
	if (g_pg == NULL)
		assert_int_equal(access(path, F_OK), -1);
	/* A database from a newer tiepcan is refused, not damaged. */
	db_create_empty("newer.db");
	db_path(path, sizeof path, "newer.db");
	/* PostgreSQL: an empty database (no schema) is "missing" too. */
	if (g_pg) {
		assert_null(store_open(path, STORE_OPEN_EXISTING, &err));
		assert_int_equal(err.code, TC_ENOTFOUND);
	}
	st = store_open(path, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(raw_try(path, "INSERT INTO schema_version VALUES (99, 'x')"), 0);
	assert_null(store_open(path, STORE_OPEN_EXISTING, &err));
	assert_non_null(strstr(err.msg, "newer"));
	if (g_pg)
		return; /* the rest is about files */
	/* A file that is not a database. */
	db_path(path, sizeof path, "junk.db");
	FILE *f = fopen(path, "w");
	fputs("this is not a database, not even close to one; it is plain text", f);
	fclose(f);
	assert_null(store_open(path, STORE_OPEN_EXISTING, &err));
	assert_int_equal(err.code, TC_EIO);
}

static void test_readonly_refuses_writes(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	store_close(st);
	st = store_open(path, STORE_OPEN_READONLY, &err);
	assert_non_null(st);
	struct store_official o = {0};
	memcpy(o.vintage, "2020-02", 8);
	memcpy(o.unit_code, "01417", 6);
	memcpy(o.full_name, "Nguyễn Văn A", sizeof "Nguyễn Văn A");
	assert_int_equal(store_official_add(st, &o, NULL, &err), -1);
	assert_int_equal(err.code, TC_EPERM);
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), 8);
	store_close(st);
}

static int count_officials_cb(const struct store_official *o, void *ctx)
{
	(void)o;
	(*(int *)ctx)++;
	return 0;
}

static int count_officials(struct store *st, const char *unit)
{
	int n = 0;
	struct tc_err err;
	if (store_official_list(st, unit, NULL, count_officials_cb, &n, &err) != 0)
		fail_msg("store_official_list: %s", err.msg);
	return n;
}

static void add_official(struct store *st, const char *unit, const char *name, int64_t *id)
{
	struct store_official o = {0};
	struct tc_err err;
	memcpy(o.vintage, "2020-02", 8);
	snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
	snprintf(o.full_name, sizeof o.full_name, "%s", name);
	snprintf(o.position, sizeof o.position, "Công chức Tư pháp - Hộ tịch");
	if (store_official_add(st, &o, id, &err) != 0)
		fail_msg("%s", err.msg);
}

static void test_transactions(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	assert_int_equal(store_begin(st, &err), 0);
	add_official(st, "01417", "Hoàng Thị B", NULL);
	assert_int_equal(count_officials(st, "01417"), 1);
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(count_officials(st, "01417"), 0);

	assert_int_equal(store_begin(st, &err), 0);
	add_official(st, "01417", "Hoàng Thị B", NULL);
	/* A failing call inside undoes only itself (savepoint)... */
	struct store_official bad = {0};
	memcpy(bad.vintage, "2020-02", 8);
	memcpy(bad.unit_code, "99999", 6);
	memcpy(bad.full_name, "X", 2);
	assert_int_equal(store_official_add(st, &bad, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* ...and the transaction can still commit the rest. */
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(count_officials(st, "01417"), 1);
	assert_int_equal(store_commit(st, &err), -1); /* nothing open */
	store_close(st);
}

/* A batch statement (16 rows) that fails is retried row by row in the same
 * transaction to name the culprit: the failed statement must undo only
 * itself (SQLite does; PostgreSQL needs the driver's statement savepoint),
 * and in the end nothing of the call remains. */
static void test_unit_insert_many_names_bad_row(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	struct store_unit u[20];
	memset(u, 0, sizeof u);
	for (int i = 0; i < 20; i++) {
		memcpy(u[i].vintage, "2025-07", 8);
		snprintf(u[i].code, sizeof u[i].code, "%05d", 90000 + i);
		snprintf(u[i].name, sizeof u[i].name, "Xã %d", i);
		memcpy(u[i].type, "Xã", sizeof "Xã");
		memcpy(u[i].level, "commune", 8);
		memcpy(u[i].parent, "04", 3);
	}
	struct store_unit p = {0};
	memcpy(p.vintage, "2025-07", 8);
	memcpy(p.code, "04", 3);
	memcpy(p.name, "Cao Bằng", sizeof "Cao Bằng");
	memcpy(p.type, "Tỉnh", sizeof "Tỉnh");
	memcpy(p.level, "province", 9);
	assert_int_equal(store_unit_insert(st, &p, &err), 0);
	memcpy(u[11].code, u[3].code, 6); /* a duplicate inside the first batch */
	assert_int_equal(store_unit_insert_many(st, u, 20, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_non_null(strstr(err.msg, u[3].code));
	assert_int_equal(store_unit_count(st, "2025-07", "commune", &err), 0);
	/* Inside a caller's transaction the same failure leaves the rest usable. */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_unit_insert_many(st, u, 20, &err), -1);
	snprintf(u[11].code, sizeof u[11].code, "%05d", 90011);
	assert_int_equal(store_unit_insert_many(st, u, 20, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_unit_count(st, "2025-07", "commune", &err), 20);
	store_close(st);
}

/* ---- vintages and units ----------------------------------------------------- */

static void test_vintage_for_year(void **state)
{
	(void)state;
	struct tc_err err;
	struct store_vintage v;
	static const struct {
		int year;
		const char *id;
	} cases[] = {{2017, "2020-02"}, {2018, "2020-02"}, {2019, "2020-02"}, {2020, "2025-03"},
		     {2024, "2025-03"}, {2025, "2025-07"}, {2026, "2025-07"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(store_vintage_for_year(g_nat, cases[i].year, &v, &err), 0);
		assert_string_equal(v.id, cases[i].id);
	}
	assert_int_equal(store_vintage_for_year(g_nat, 2016, &v, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(store_vintage_get(g_nat, "2025-07", &v, &err), 0);
	assert_int_equal(v.tiers, 2);
	assert_string_equal(v.valid_to, "");
	assert_int_equal(store_vintage_get(g_nat, "1999-01", &v, &err), -1);
}

static void test_national_counts(void **state)
{
	(void)state;
	struct tc_err err;
	/* Counts as in data/SOURCES.md. */
	assert_int_equal(store_unit_count(g_nat, "2020-02", "province", &err), 63);
	assert_int_equal(store_unit_count(g_nat, "2020-02", "district", &err), 711);
	assert_int_equal(store_unit_count(g_nat, "2020-02", "commune", &err), 10767);
	assert_int_equal(store_unit_count(g_nat, "2025-03", "province", &err), 63);
	assert_int_equal(store_unit_count(g_nat, "2025-03", "district", &err), 696);
	assert_int_equal(store_unit_count(g_nat, "2025-03", "commune", &err), 10035);
	assert_int_equal(store_unit_count(g_nat, "2025-07", "province", &err), 34);
	assert_int_equal(store_unit_count(g_nat, "2025-07", "district", &err), 0);
	assert_int_equal(store_unit_count(g_nat, "2025-07", "commune", &err), 3321);
	assert_int_equal(store_lineage_count(g_nat, "2025-03", &err), 10604);
}

struct counter {
	int n;
	char last[8];
};

static int count_units_cb(const struct store_unit *u, void *ctx)
{
	struct counter *c = ctx;
	c->n++;
	memcpy(c->last, u->code, 8);
	return 0;
}

static void test_unit_list_scope(void **state)
{
	(void)state;
	struct tc_err err;
	struct counter c = {0};
	struct store_scope sc = {STORE_SCOPE_PROVINCE, "04"};
	/* Cao Bằng: 13 districts and 199 communes in 2020, 56 communes in 2025-07. */
	assert_int_equal(store_unit_list(g_nat, "2020-02", "district", &sc, count_units_cb, &c, &err), 0);
	assert_int_equal(c.n, 13);
	c.n = 0;
	assert_int_equal(store_unit_list(g_nat, "2020-02", "commune", &sc, count_units_cb, &c, &err), 0);
	assert_int_equal(c.n, 199);
	c.n = 0;
	assert_int_equal(store_unit_list(g_nat, "2025-07", "commune", &sc, count_units_cb, &c, &err), 0);
	assert_int_equal(c.n, 56);
	c.n = 0;
	struct store_scope d = {STORE_SCOPE_DISTRICT, "050"};
	assert_int_equal(store_unit_list(g_nat, "2020-02", "commune", &d, count_units_cb, &c, &err), 0);
	assert_true(c.n > 5);
	c.n = 0;
	struct store_scope u = {STORE_SCOPE_UNIT, "01639"};
	assert_int_equal(store_unit_list(g_nat, "2020-02", NULL, &u, count_units_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.last, "01639");
}

static void test_unit_get_and_year(void **state)
{
	(void)state;
	struct tc_err err;
	struct store_unit u;
	assert_int_equal(store_unit_at_year(g_nat, "01639", 2018, &u, &err), 0);
	assert_string_equal(u.name, "Đại Sơn");
	assert_string_equal(u.parent, "050");
	assert_string_equal(u.province, "04");
	assert_string_equal(u.district, "050");
	assert_int_equal(store_unit_at_year(g_nat, "01639", 2022, &u, &err), 0);
	assert_string_equal(u.parent, "049"); /* Quảng Hòa after the 2020 merger */
	assert_int_equal(store_unit_at_year(g_nat, "01639", 2026, &u, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "did not exist in 2026"));
	assert_int_equal(store_unit_get(g_nat, "2025-07", "01392", &u, &err), 0);
	assert_string_equal(u.name, "Trường Hà");
	assert_string_equal(u.parent, "04");
	assert_string_equal(u.district, "");
	assert_string_equal(u.valid_from, "2025-07-01");
	struct counter c = {0};
	assert_int_equal(store_unit_versions(g_nat, "01392", count_units_cb, &c, &err), 0);
	assert_int_equal(c.n, 3); /* Xuân Hòa 2020, Xuân Hòa 2025-03, Trường Hà */
}

static int has_code(char (*codes)[8], size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

static void test_lineage_examples(void **state)
{
	(void)state;
	struct tc_err err;
	struct units_view v;
	/* Đại Sơn in the 2018 pilot: under Phục Hòa 050, went into Xã Phục Hòa 01648. */
	assert_int_equal(units_view_get(g_nat, "01639", 2018, &v, &err), 0);
	assert_string_equal(v.unit.parent, "050");
	assert_string_equal(v.valid_from, "2017-01-01");
	assert_string_equal(v.valid_to, "2020-02-29");
	assert_int_equal(v.n_succ, 1);
	assert_string_equal(v.succ[0], "01648");
	assert_int_equal(v.n_pred, 0);
	units_view_free(&v);
	/* Sóc Hà unchanged 2017..30/06/2025, then into Trường Hà 01392. */
	assert_int_equal(units_view_get(g_nat, "01417", 2018, &v, &err), 0);
	assert_string_equal(v.valid_to, "2025-06-30");
	assert_int_equal(v.n_succ, 1);
	assert_string_equal(v.succ[0], "01392");
	units_view_free(&v);
	/* The new communes list their predecessors. */
	assert_int_equal(units_view_get(g_nat, "01392", 2026, &v, &err), 0);
	assert_true(has_code(v.pred, v.n_pred, "01417"));
	assert_true(has_code(v.pred, v.n_pred, "01392")); /* Thị trấn Xuân Hòa */
	assert_int_equal(v.n_succ, 0);
	units_view_free(&v);
	assert_int_equal(units_view_get(g_nat, "01648", 2026, &v, &err), 0);
	assert_true(has_code(v.pred, v.n_pred, "01639"));
	assert_string_equal(v.valid_to, "");
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(units_view_json(&v, &b), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"valid_to\": null"));
	buf_free(&b);
	units_view_free(&v);
	/* Gone by 2026: the error names the successor. */
	assert_int_equal(units_view_get(g_nat, "01639", 2026, &v, &err), -1);
	assert_non_null(strstr(err.msg, "01648"));
}

static int count_lin_cb(const struct store_lineage *l, void *ctx)
{
	struct counter *c = ctx;
	c->n++;
	memcpy(c->last, l->new_code, 8);
	return 0;
}

static void test_lineage_one_step(void **state)
{
	(void)state;
	struct tc_err err;
	struct counter c = {0};
	assert_int_equal(store_lineage_successors(g_nat, "2020-02", "01639", count_lin_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.last, "01639"); /* same-code into 2025-03 */
	c.n = 0;
	assert_int_equal(store_lineage_successors(g_nat, "2025-03", "01639", count_lin_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.last, "01648");
	c.n = 0;
	assert_int_equal(store_lineage_predecessors(g_nat, "2025-07", "01648", count_lin_cb, &c, &err), 0);
	assert_int_equal(c.n, 4);
}

static void test_unit_insert_rules(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	struct store_unit u = {0};
	memcpy(u.vintage, "2020-02", 8);
	memcpy(u.code, "01417", 6);
	memcpy(u.name, "Sóc Hà", sizeof "Sóc Hà");
	memcpy(u.type, "Xã", sizeof "Xã");
	memcpy(u.level, "commune", 8);
	memcpy(u.parent, "045", 4);
	assert_int_equal(store_unit_insert(st, &u, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	memcpy(u.code, "01418", 6);
	memcpy(u.parent, "999", 4);
	assert_int_equal(store_unit_insert(st, &u, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	memcpy(u.parent, "045", 4);
	assert_int_equal(store_unit_insert(st, &u, &err), 0);
	assert_int_equal(store_unit_get(st, "2020-02", "01418", &u, &err), 0);
	assert_string_equal(u.province, "04");
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), 9);
	/* Clearing a vintage removes its units (nothing refers to them). */
	assert_int_equal(store_vintage_clear(st, "2020-02", &err), 0);
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), 0);
	store_close(st);
}

/* ---- imports: whole file or nothing --------------------------------------------- */

static void expect_bad_list(struct store *st, const char *text, const char *needle)
{
	struct tc_err err;
	long before = store_unit_count(st, "2020-02", NULL, &err);
	assert_int_equal(load_text(st, "2020-02", text, &err), -1);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("expected '%s' in: %s", needle, err.msg);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), before);
}

static void test_import_bad_files(void **state)
{
	(void)state;
	char path[512];
	struct store *st = db_mini(path, sizeof path);
	expect_bad_list(st, "code,name,type,level\n04,Cao Bằng,Tỉnh,province\n", "t.csv:1: the header");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province\n",
			"t.csv:2: 4 fields, expected 5");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province,\n"
			    "04,Cao Bằng,Tỉnh,province,\n", "t.csv:3: code 04 is already on line 2");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province,\n"
			    "01417,Sóc Hà,Xã,commune,045\n", "t.csv:3: parent_code '045'");
	expect_bad_list(st, "code,name,type,level,parent_code\n4,Cao Bằng,Tỉnh,province,\n",
			"t.csv:2: code '4' of a province must be 2 digits");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao B\xe1ng,T\xe1nh,province,\n",
			"t.csv:2: invalid UTF-8");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,hamlet,\n",
			"level 'hamlet'");
	expect_bad_list(st, "code,name,type,level,parent_code\n04,Cao Bằng,Làng,province,\n",
			"type 'Làng'");
	expect_bad_list(st, "", "empty");
	/* A BOM and CRLF line ends are fine. */
	struct tc_err err;
	assert_int_equal(load_text(st, "2020-02", "\xEF\xBB\xBF" "code,name,type,level,parent_code\r\n"
				   "04,Cao Bằng,Tỉnh,province,\r\n", &err), 0);
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), 1);
	store_close(st);
}

static void test_import_mapping_errors(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	char text[] = "old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note\n"
		      "01417,Xã Sóc Hà,commune,01392,Xã Trường Hà,04,full,\n";
	long n;
	/* The lists must be loaded first. */
	assert_int_equal(units_load_mapping(st, text, strlen(text), "m.csv", NULL, NULL, &n, &err), -1);
	assert_non_null(strstr(err.msg, "load the lists"));
	store_close(st);
	/* Unknown new code on the national database: nothing changes. */
	char bad[] = "old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note\n"
		     "01417,Xã Sóc Hà,commune,01392,Xã Trường Hà,04,full,\n"
		     "01639,Xã Đại Sơn,commune,77777,Xã X,04,full,\n";
	assert_int_equal(units_load_mapping(g_nat, bad, strlen(bad), "m.csv", NULL, NULL, &n, &err), -1);
	assert_non_null(strstr(err.msg, "m.csv:3: new_code '77777'"));
	assert_int_equal(store_lineage_count(g_nat, "2025-03", &err), 10604);
	char dup[] = "old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note\n"
		     "01417,Xã Sóc Hà,commune,01392,Xã Trường Hà,04,full,\n"
		     "01417,Xã Sóc Hà,commune,01392,Xã Trường Hà,04,partial,\n";
	assert_int_equal(units_load_mapping(g_nat, dup, strlen(dup), "m.csv", NULL, NULL, &n, &err), -1);
	assert_non_null(strstr(err.msg, "m.csv:3: 01417 -> 01392 is already on line 2"));
	assert_int_equal(store_lineage_count(g_nat, "2025-03", &err), 10604);
}

/* ---- assessments ------------------------------------------------------------ */

static int64_t add_assessment(struct store *st, const char *unit, int year, struct tc_err *err)
{
	struct store_assessment a;
	memset(&a, 0, sizeof a);
	a.year = year;
	snprintf(a.unit_code, sizeof a.unit_code, "%s", unit);
	snprintf(a.ruleset_id, sizeof a.ruleset_id, "qd619-2017");
	snprintf(a.ruleset_version, sizeof a.ruleset_version, "1");
	a.total = STORE_NO_PTS;
	a.recognised = -1;
	int64_t id = 0;
	if (store_assessment_add(st, &a, &id, err) != 0)
		return -1;
	return id;
}

static int count_asm_cb(const struct store_assessment *a, void *ctx)
{
	struct counter *c = ctx;
	c->n++;
	memcpy(c->last, a->unit_code, 8);
	return 0;
}

static void test_assessments(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t id = add_assessment(st, "01417", 2018, &err);
	assert_true(id > 0);
	assert_int_equal(add_assessment(st, "01417", 2018, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(add_assessment(st, "01417", 2026, &err), -1); /* not loaded for 2026 */
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(add_assessment(st, "045", 2018, &err), -1);   /* a district */
	assert_non_null(strstr(err.msg, "not a commune"));
	assert_true(add_assessment(st, "01639", 2018, &err) > 0);
	assert_true(add_assessment(st, "00001", 2019, &err) > 0);

	struct store_assessment a;
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_string_equal(a.vintage, "2020-02");
	assert_string_equal(a.province, "04");
	assert_string_equal(a.status, "draft");
	assert_int_equal(a.version, 1);
	assert_int_equal(a.recognised, -1);
	assert_true(a.total == STORE_NO_PTS);
	/* Scope: another province sees nothing, the commune itself does. */
	struct store_scope hn = {STORE_SCOPE_PROVINCE, "01"};
	assert_int_equal(store_assessment_get(st, id, &hn, &a, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	struct store_scope self = {STORE_SCOPE_UNIT, "01417"};
	assert_int_equal(store_assessment_find(st, "01417", 2018, &self, &a, &err), 0);
	struct store_scope other = {STORE_SCOPE_UNIT, "01639"};
	assert_int_equal(store_assessment_find(st, "01417", 2018, &other, &a, &err), -1);
	struct counter c = {0};
	assert_int_equal(store_assessment_list(st, 2018, &other, count_asm_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.last, "01639");
	c.n = 0;
	assert_int_equal(store_assessment_list(st, 0, NULL, count_asm_cb, &c, &err), 0);
	assert_int_equal(c.n, 3);
	c.n = 0;
	struct store_scope cb = {STORE_SCOPE_PROVINCE, "04"};
	assert_int_equal(store_assessment_list(st, 0, &cb, count_asm_cb, &c, &err), 0);
	assert_int_equal(c.n, 2);

	/* Status steps with optimistic locking. */
	store_set_now(st, "2019-01-15T08:00:00Z");
	assert_int_equal(store_assessment_set_status(st, id, 1, "signed", &err), 0);
	assert_int_equal(store_assessment_set_status(st, id, 1, "submitted", &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(store_assessment_set_status(st, id, 2, "bogus", &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(store_assessment_set_result(st, id, 2, 9125, 1, &err), 0);
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_string_equal(a.status, "signed");
	assert_string_equal(a.self_assessed_at, "2019-01-15T08:00:00Z");
	assert_string_equal(a.posted_at, "");
	assert_int_equal(a.total, 9125);
	assert_int_equal(a.recognised, 1);
	assert_int_equal(a.version, 3);
	assert_int_equal(store_assessment_set_status(st, id, 3, "recognised", &err), 0);
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_string_equal(a.decided_at, "2019-01-15T08:00:00Z");

	assert_int_equal(store_assessment_delete(st, id, 1, &err), -1);
	assert_int_equal(store_assessment_delete(st, id, 4, &err), 0);
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	store_close(st);
}

/* ---- inputs and indicators -------------------------------------------------- */

struct inputs {
	char seen[512];
};

static int inputs_cb(const struct store_input *in, void *ctx)
{
	struct inputs *x = ctx;
	size_t l = strlen(x->seen);
	snprintf(x->seen + l, sizeof x->seen - l, "%s,%s,%s;", in->item, in->field, in->value);
	return 0;
}

static int ind_cb(const struct store_indicator *v, void *ctx)
{
	struct counter *c = ctx;
	c->n++;
	memcpy(c->last, v->item, sizeof c->last - 1);
	return 0;
}

static void test_inputs_and_indicators(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t id = add_assessment(st, "01417", 2018, &err);
	struct store_input in = {"1.2", "points", "2.5"};
	assert_int_equal(store_input_set(st, id, &in, &err), 0);
	struct store_input in2 = {"1.1", "done", "3"};
	assert_int_equal(store_input_set(st, id, &in2, &err), 0);
	struct store_input in3 = {"1.2", "points", "3"}; /* replaces */
	assert_int_equal(store_input_set(st, id, &in3, &err), 0);
	struct inputs x = {""};
	assert_int_equal(store_input_list(st, id, inputs_cb, &x, &err), 0);
	assert_string_equal(x.seen, "1.1,done,3;1.2,points,3;");
	assert_int_equal(store_input_set(st, 999, &in, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);

	int64_t off;
	add_official(st, "01417", "Lương Văn C", &off);
	struct store_indicator v;
	memset(&v, 0, sizeof v);
	memcpy(v.item, "1.1", 4);
	v.computed = 300;
	v.self = 300;
	v.reviewed = STORE_NO_PTS;
	v.official_id = off;
	snprintf(v.comment, sizeof v.comment, "Đủ hồ sơ");
	assert_int_equal(store_indicator_set(st, id, &v, &err), 0);
	v.reviewed = 250;
	assert_int_equal(store_indicator_set(st, id, &v, &err), 0);
	struct store_indicator g;
	assert_int_equal(store_indicator_get(st, id, "1.1", &g, &err), 0);
	assert_int_equal(g.computed, 300);
	assert_int_equal(g.reviewed, 250);
	assert_int_equal(g.official_id, off);
	assert_string_equal(g.comment, "Đủ hồ sơ");
	assert_int_equal(store_indicator_get(st, id, "9.9", &g, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	v.official_id = 12345; /* no such official */
	memcpy(v.item, "1.2", 4);
	assert_int_equal(store_indicator_set(st, id, &v, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	struct counter c = {0};
	assert_int_equal(store_indicator_list(st, id, ind_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	/* Every change bumped the version: 1 + 3 inputs + 2 indicators. */
	struct store_assessment a;
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_int_equal(a.version, 6);
	store_close(st);
}

/* ---- evidence ------------------------------------------------------------------ */

static int ev_cb(const struct store_evidence *e, void *ctx)
{
	struct counter *c = ctx;
	c->n++;
	(void)e;
	return 0;
}

static void test_evidence(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t a1 = add_assessment(st, "01417", 2018, &err);
	int64_t a2 = add_assessment(st, "01639", 2018, &err);
	static const char pdf[] = "%PDF-1.4 minimal test content";
	struct store_evidence e1, e2;
	assert_int_equal(store_evidence_add(st, a1, "1.1", "Biên bản.pdf", "application/pdf", pdf,
					    sizeof pdf - 1, &e1, &err), 0);
	assert_int_equal(strlen(e1.sha256), 64);
	assert_string_equal(e1.original_name, "Biên bản.pdf");
	assert_int_equal(e1.size, (int64_t)(sizeof pdf - 1));
	assert_string_equal(e1.uploaded_by, "test");
	/* Same content elsewhere: same hash, stored once. */
	assert_int_equal(store_evidence_add(st, a2, "", "copy.pdf", "application/pdf", pdf,
					    sizeof pdf - 1, &e2, &err), 0);
	assert_string_equal(e1.sha256, e2.sha256);
	assert_int_equal(store_evidence_add(st, a1, "1.1", "again.pdf", "application/pdf", pdf,
					    sizeof pdf - 1, NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	void *data;
	size_t len;
	assert_int_equal(store_evidence_read(st, e1.sha256, &data, &len, &err), 0);
	assert_int_equal(len, sizeof pdf - 1);
	assert_memory_equal(data, pdf, len);
	tc_free(data);
	assert_int_equal(store_evidence_read(st, "00", &data, &len, &err), -1);
	/* Limits: empty, refused type, too large, no name. */
	assert_int_equal(store_evidence_add(st, a1, "", "x.pdf", "application/pdf", pdf, 0, NULL, &err), -1);
	assert_int_equal(store_evidence_add(st, a1, "", "x.exe", "application/x-msdownload", pdf, 4,
					    NULL, &err), -1);
	assert_non_null(strstr(err.msg, "not accepted"));
	assert_int_equal(store_evidence_add(st, a1, "", "", "image/png", pdf, 4, NULL, &err), -1);
	char *big = tc_calloc(1, STORE_EVIDENCE_MAX + 1);
	assert_int_equal(store_evidence_add(st, a1, "", "big.png", "image/png", big,
					    STORE_EVIDENCE_MAX + 1, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	tc_free(big);
	assert_true(store_evidence_type_ok("image/jpeg"));
	assert_false(store_evidence_type_ok("text/html"));
	struct counter c = {0};
	assert_int_equal(store_evidence_list(st, a1, ev_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	store_close(st);
}

/* ---- officials, users, sessions ------------------------------------------------ */

static void test_officials(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t id;
	add_official(st, "01417", "Nông Văn D", &id);
	add_official(st, "00001", "Trần Thị E", NULL);
	struct store_official o;
	assert_int_equal(store_official_get(st, id, NULL, &o, &err), 0);
	assert_string_equal(o.full_name, "Nông Văn D");
	assert_string_equal(o.source, "entered");
	struct store_scope hn = {STORE_SCOPE_PROVINCE, "01"};
	assert_int_equal(store_official_get(st, id, &hn, &o, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	int n = 0;
	assert_int_equal(store_official_list(st, NULL, &hn, count_officials_cb, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count_officials(st, NULL), 2);
	struct store_official empty = {0};
	assert_int_equal(store_official_add(st, &empty, NULL, &err), -1);
	store_close(st);
}

static void test_users_and_sessions(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	struct store_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "sochha");
	snprintf(u.display_name, sizeof u.display_name, "UBND xã Sóc Hà");
	snprintf(u.password_hash, sizeof u.password_hash, "$argon2id$v=19$m=65536,t=2,p=1$test");
	snprintf(u.role, sizeof u.role, "commune");
	u.scope.kind = STORE_SCOPE_UNIT;
	snprintf(u.scope.code, sizeof u.scope.code, "01417");
	u.active = 1;
	int64_t uid;
	assert_int_equal(store_user_add(st, &u, &uid, &err), 0);
	assert_int_equal(store_user_add(st, &u, NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	struct store_user g;
	assert_int_equal(store_user_get(st, "sochha", &g, &err), 0);
	assert_int_equal(g.id, uid);
	assert_int_equal(g.scope.kind, STORE_SCOPE_UNIT);
	assert_string_equal(g.scope.code, "01417");
	assert_string_equal(g.password_hash, u.password_hash);
	assert_int_equal(store_user_set_active(st, uid, 0, &err), 0);
	assert_int_equal(store_user_get(st, "sochha", &g, &err), 0);
	assert_int_equal(g.active, 0);
	assert_int_equal(store_user_get(st, "nobody", &g, &err), -1);
	snprintf(u.username, sizeof u.username, "bad");
	snprintf(u.role, sizeof u.role, "king");
	assert_int_equal(store_user_add(st, &u, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);

	struct store_session s = {0};
	memset(s.token_hash, 'a', 64);
	s.user_id = uid;
	snprintf(s.created_at, sizeof s.created_at, "2026-01-01T00:00:00Z");
	snprintf(s.expires_at, sizeof s.expires_at, "2026-01-01T08:00:00Z");
	assert_int_equal(store_session_add(st, &s, &err), 0);
	struct store_session got;
	store_set_now(st, "2026-01-01T07:59:59Z");
	assert_int_equal(store_session_get(st, s.token_hash, &got, &err), 0);
	assert_int_equal(got.user_id, uid);
	store_set_now(st, "2026-01-01T08:00:00Z");
	assert_int_equal(store_session_get(st, s.token_hash, &got, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	long n = -1;
	assert_int_equal(store_session_purge(st, &n, &err), 0);
	assert_int_equal(n, 1);
	memset(s.token_hash, 'b', 64);
	snprintf(s.expires_at, sizeof s.expires_at, "2026-02-01T00:00:00Z");
	assert_int_equal(store_session_add(st, &s, &err), 0);
	assert_int_equal(store_session_delete(st, s.token_hash, &err), 0);
	assert_int_equal(store_session_delete(st, s.token_hash, &err), -1);
	memset(s.token_hash, 0, sizeof s.token_hash);
	memcpy(s.token_hash, "short", 6);
	assert_int_equal(store_session_add(st, &s, &err), -1);
	store_close(st);
}

/* ---- audit, check, backup -------------------------------------------------------- */

struct audit_seen {
	int n;
	int saw_update_with_before;
	char last_actor[64];
};

static int audit_cb(const struct store_audit *a, void *ctx)
{
	struct audit_seen *s = ctx;
	s->n++;
	if (strcmp(a->action, "update") == 0 && a->before && a->after &&
	    strstr(a->before, "\"status\":\"draft\"") && strstr(a->after, "\"status\":\"submitted\""))
		s->saw_update_with_before = 1;
	memcpy(s->last_actor, a->actor, sizeof s->last_actor);
	return 0;
}

static void test_audit_chain(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	assert_int_equal(store_set_actor(st, "user:thamdinh", &err), 0);
	int64_t id = add_assessment(st, "01417", 2018, &err);
	assert_int_equal(store_assessment_set_status(st, id, 1, "submitted", &err), 0);
	assert_int_equal(store_audit_append(st, "note", "test", "k", NULL, "{\"x\":1}", &err), 0);
	struct audit_seen s = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &s, &err), 0);
	assert_int_equal(s.n, 4); /* import, insert, update, note */
	assert_true(s.saw_update_with_before);
	assert_string_equal(s.last_actor, "user:thamdinh");
	long n = 0;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(store_check(st, &n, &err), 0);
	if (g_pg) {
		/* PostgreSQL is backed up by its server; the message says how. */
		assert_int_equal(store_backup(st, "/tmp/x.db", NULL, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "pg_dump"));
		store_close(st);
		return;
	}
	/* The backup is a complete, valid database. */
	char bpath[512];
	db_path(bpath, sizeof bpath, "backup.db");
	assert_int_equal(store_backup(st, bpath, NULL, NULL, &err), 0);
	store_close(st);
	struct store *b = store_open(bpath, STORE_OPEN_READONLY, &err);
	assert_non_null(b);
	assert_int_equal(store_check(b, &n, &err), 0);
	assert_int_equal(n, 4);
	struct store_assessment a;
	assert_int_equal(store_assessment_find(b, "01417", 2018, NULL, &a, &err), 0);
	store_close(b);
	assert_int_equal(store_backup(g_nat, "/nonexistent-dir/x.db", NULL, NULL, &err), -1);
	assert_int_equal(err.code, TC_EIO);
}

/* ---- Tampering with the database behind the store's back ------------------- */

static void raw_exec(const char *path, const char *sql)
{
	if (raw_try(path, sql) != 0)
		fail_msg("%s failed", sql);
}

static void test_audit_tamper_detected(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t id = add_assessment(st, "01417", 2018, &err);
	assert_int_equal(store_assessment_set_result(st, id, 1, 8000, 1, &err), 0);
	store_close(st);
	/* The triggers refuse edits through SQL... */
	assert_int_equal(raw_try(path, "UPDATE audit SET actor = 'x' WHERE id = 2"), -1);
	assert_int_equal(raw_try(path, "DELETE FROM audit WHERE id = 3"), -1);
	/* ...and when someone drops them and changes one byte, check says so. */
	raw_exec(path, g_pg ? "DROP TRIGGER audit_no_update ON audit; "
			      "UPDATE audit SET after = replace(after, '8000', '9000') WHERE id = 3"
			    : "DROP TRIGGER audit_no_update; "
			      "UPDATE audit SET after = replace(after, '8000', '9000') WHERE id = 3");
	st = store_open(path, STORE_OPEN_READONLY, &err);
	assert_non_null(st);
	long n;
	assert_int_equal(store_check(st, &n, &err), -1);
	assert_non_null(strstr(err.msg, "audit log entry 3"));
	store_close(st);
	/* Removing an entry from the middle is detected too. */
	raw_exec(path, g_pg ? "DROP TRIGGER audit_no_delete ON audit; DELETE FROM audit WHERE id = 2"
			    : "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2");
	st = store_open(path, STORE_OPEN_READONLY, &err);
	assert_int_equal(store_audit_verify(st, &n, &err), -1);
	assert_non_null(strstr(err.msg, "entry 3 (expected 2)"));
	store_close(st);
}

/* ---- several connections (several app servers on one database) ------------ */

/* What one connection writes, another reads; a writer holding a stale
 * version loses with TC_ECONFLICT instead of overwriting (no lost update). */
static void test_two_connections_lost_update(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *a = db_mini(path, sizeof path);
	struct store *b = store_open(path, STORE_OPEN_EXISTING, &err);
	assert_non_null(b);
	assert_int_equal(store_set_actor(b, "server-b", &err), 0);
	int64_t id = add_assessment(a, "01417", 2018, &err);
	assert_true(id > 0);
	struct store_assessment ra, rb;
	assert_int_equal(store_assessment_get(b, id, NULL, &rb, &err), 0); /* written by a, read by b */
	assert_int_equal(store_assessment_get(a, id, NULL, &ra, &err), 0);
	assert_int_equal(ra.version, rb.version);
	/* Both edit from the same version: the first wins, the second is refused. */
	assert_int_equal(store_assessment_set_result(a, id, ra.version, 8000, 1, &err), 0);
	assert_int_equal(store_assessment_set_result(b, id, rb.version, 6000, 0, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(store_assessment_get(b, id, NULL, &rb, &err), 0);
	assert_int_equal(rb.total, 8000);
	assert_int_equal(rb.version, ra.version + 1);
	/* With the fresh version b may write; the audit chain stays one chain. */
	assert_int_equal(store_assessment_set_result(b, id, rb.version, 6000, 0, &err), 0);
	long n = 0;
	assert_int_equal(store_audit_verify(a, &n, &err), 0);
	assert_int_equal(n, 4); /* import, insert, two updates */
	store_close(b);
	store_close(a);
}

/* PostgreSQL only: the server drops the connection (restart, failover,
 * idle timeout). Outside a transaction the store reconnects by itself;
 * inside one, the transaction fails as a whole and says so. */
static void test_pg_lost_connection(void **state)
{
	(void)state;
	if (g_pg == NULL)
		skip();
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	int64_t id = add_assessment(st, "01417", 2018, &err);
	char kill[300];
	snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
		 "datname = 'tc_t%d' AND pid <> pg_backend_pid()", g_seq);
	assert_int_equal(pg_admin_query(kill), 0);
	struct store_assessment a;
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0); /* reconnected */
	/* A transaction cut in the middle: nothing of it remains. */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_assessment_set_result(st, id, a.version, 9000, 1, &err), 0);
	assert_int_equal(pg_admin_query(kill), 0);
	int rc = store_assessment_set_status(st, id, a.version + 1, "posted", &err);
	if (rc == 0)
		rc = store_commit(st, &err);
	else
		store_rollback(st);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, TC_EIO);
	assert_non_null(strstr(err.msg, "nothing of the current change was saved"));
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_int_equal(a.total, STORE_NO_PTS);
	assert_string_equal(a.status, "draft");
	long n = 0;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	assert_int_equal(n, 2);
	store_close(st);
}

/* ---- scores in and out of the store (app/scores.h) ------------------------ */

static void test_scores_round_trip(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *st = db_mini(path, sizeof path);
	struct reg *reg = reg_load(NULL, &err);
	assert_non_null(reg);
	char csv[] = "unit,year,item,field,value\n"
		     "01639,2018,1,points,12.5\n01639,2018,commune_class,value,III\n"
		     "01639,2018,2,points,25.75\n01639,2018,3,points,18\n01639,2018,4,points,7\n"
		     "01639,2018,5,points,16\n";
	long n = 0;
	assert_int_equal(scores_import(st, reg, csv, strlen(csv), "s.csv", 0, NULL, NULL, NULL,
				       &n, &err), 0);
	assert_int_equal(n, 1);
	struct store_assessment a;
	assert_int_equal(store_assessment_find(st, "01639", 2018, NULL, &a, &err), 0);
	assert_string_equal(a.ruleset_id, "qd619-2017");
	assert_string_equal(a.source, "imported");
	assert_string_equal(a.commune_class, "III");
	assert_int_equal(a.total, 7925);
	assert_int_equal(a.recognised, 1); /* class III: 70 points */
	struct store_indicator v;
	assert_int_equal(store_indicator_get(st, a.id, "2", &v, &err), 0);
	assert_int_equal(v.computed, 2575);
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(scores_export_input(st, 2018, NULL, NULL, &out, &n, &err), 0);
	assert_string_equal(buf_cstr(&out), "unit,year,item,field,value\n"
			    "01639,2018,1,points,12.5\n01639,2018,2,points,25.75\n"
			    "01639,2018,3,points,18\n01639,2018,4,points,7\n"
			    "01639,2018,5,points,16\n01639,2018,commune_class,value,III\n");
	/* The first error in the file is the one reported; nothing is written. */
	char bad[] = "unit,year,item,field,value\n"
		     "01417,2018,1,points,14\n01639,2018,1,points,12.5\n01417,2019,1,points,99\n";
	assert_int_equal(scores_import(st, reg, bad, strlen(bad), "b.csv", 0, NULL, NULL, NULL,
				       &n, &err), -1);
	assert_non_null(strstr(err.msg, "b.csv:4:"));
	char dup[] = "unit,year,item,field,value\n01417,2018,1,points,14\n01639,2018,1,points,12.5\n";
	assert_int_equal(scores_import(st, reg, dup, strlen(dup), "d.csv", 0, NULL, NULL, NULL,
				       &n, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_non_null(strstr(err.msg, "d.csv:3: unit 01639 already has an assessment"));
	struct counter c = {0};
	assert_int_equal(store_assessment_list(st, 0, NULL, count_asm_cb, &c, &err), 0);
	assert_int_equal(c.n, 1);
	/* Units that assessments refer to cannot be removed. */
	assert_int_equal(store_vintage_clear(st, "2020-02", &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(store_unit_count(st, "2020-02", NULL, &err), 8);
	buf_free(&out);
	reg_free(reg);
	store_close(st);
}

/* Two connections (as two web requests would have) editing the same
 * assessment: the second write, made from a stale version, is refused. */
static void test_lost_update_two_handles(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err;
	struct store *a = db_mini(path, sizeof path);
	int64_t id = add_assessment(a, "01417", 2018, &err);
	struct store *b = store_open(path, STORE_OPEN_EXISTING, &err);
	assert_non_null(b);
	struct store_assessment ra, rb;
	assert_int_equal(store_assessment_get(a, id, NULL, &ra, &err), 0);
	assert_int_equal(store_assessment_get(b, id, NULL, &rb, &err), 0);
	assert_int_equal(store_assessment_set_status(a, id, ra.version, "signed", &err), 0);
	assert_int_equal(store_assessment_set_status(b, id, rb.version, "submitted", &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_non_null(strstr(err.msg, "changed by someone else"));
	/* A writer holding the lock makes the other fail fast, saying so. */
	store_set_busy_timeout(b, 50);
	assert_int_equal(store_begin(a, &err), 0);
	assert_int_equal(store_assessment_set_result(a, id, -1, 9000, 1, &err), 0);
	assert_int_equal(store_assessment_set_result(b, id, -1, 1000, 0, &err), -1);
	assert_int_equal(err.code, TC_EIO);
	assert_non_null(strstr(err.msg, "locked"));
	assert_int_equal(store_commit(a, &err), 0);
	assert_int_equal(store_assessment_get(b, id, NULL, &rb, &err), 0);
	assert_int_equal(rb.total, 9000);
	store_close(b);
	store_close(a);
}

/* ---- Uploaded rule sets (migration 006) ---------------------------------- */

struct rsu_seen {
	int n;
	int64_t last_id;
	char last_text[64];
};

static int rsu_cb(const struct store_ruleset *r, void *ctx)
{
	struct rsu_seen *x = ctx;
	x->n++;
	x->last_id = r->id;
	snprintf(x->last_text, sizeof x->last_text, "%s", r->text);
	return 0;
}

struct rsu_audit {
	int n, with_text;
	char last_key[64];
};

static int rsu_audit_cb(const struct store_audit *a, void *ctx)
{
	struct rsu_audit *x = ctx;
	if (strcmp(a->entity, "ruleset") != 0 || strcmp(a->action, "insert") != 0)
		return 0;
	x->n++;
	if (a->after == NULL || strstr(a->after, "text ") || !strstr(a->after, "\"sha256\""))
		x->with_text++;
	snprintf(x->last_key, sizeof x->last_key, "%s", a->entity_key);
	return 0;
}

static void rsu_fill(struct store_ruleset *r, const char *id, const char *version)
{
	memset(r, 0, sizeof *r);
	snprintf(r->ruleset_id, sizeof r->ruleset_id, "%s", id);
	snprintf(r->version, sizeof r->version, "%s", version);
	snprintf(r->title, sizeof r->title, "Bộ thử");
	snprintf(r->file_name, sizeof r->file_name, "thu.rules");
	r->year_from = 2030;
	r->year_to = 2031;
}

static void test_ruleset_uploads(void **state)
{
	(void)state;
	char path[512];
	struct tc_err err = {0};
	struct store *st = db_new(path, sizeof path);
	assert_int_equal(store_ruleset_generation(st, &err), 0);
	struct store_ruleset r;
	int existed = -1;
	rsu_fill(&r, "thu-2030", "1");
	assert_int_equal(store_ruleset_add(st, &r, "text one", 8, &existed, &err), 0);
	assert_int_equal(existed, 0);
	assert_true(r.id > 0);
	assert_int_equal(strlen(r.sha256), 64);
	assert_string_equal(r.uploaded_by, "test");
	int64_t first = r.id;
	assert_int_equal(store_ruleset_generation(st, &err), first);
	/* the same id, version and text: nothing written, the stored row named */
	rsu_fill(&r, "thu-2030", "1");
	assert_int_equal(store_ruleset_add(st, &r, "text one", 8, &existed, &err), 0);
	assert_int_equal(existed, 1);
	assert_int_equal(r.id, first);
	/* the same id and version, another text: refused */
	rsu_fill(&r, "thu-2030", "1");
	assert_int_equal(store_ruleset_add(st, &r, "text two", 8, &existed, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_non_null(strstr(err.msg, "thu-2030 version 1"));
	/* a new version is a new row and the new generation */
	rsu_fill(&r, "thu-2030", "2");
	assert_int_equal(store_ruleset_add(st, &r, "text two", 8, &existed, &err), 0);
	assert_int_equal(existed, 0);
	assert_true(r.id > first);
	assert_int_equal(store_ruleset_generation(st, &err), r.id);
	/* bad input */
	rsu_fill(&r, "thu-2030", "3");
	assert_int_equal(store_ruleset_add(st, &r, "", 0, &existed, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	rsu_fill(&r, "", "3");
	assert_int_equal(store_ruleset_add(st, &r, "x", 1, &existed, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	struct rsu_seen seen = {0};
	assert_int_equal(store_ruleset_list(st, rsu_cb, &seen, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.last_text, "text two");
	/* both uploads are audited (their hash, not their text), nothing else */
	struct rsu_audit ra = {0};
	assert_int_equal(store_audit_list(st, 0, rsu_audit_cb, &ra, &err), 0);
	assert_int_equal(ra.n, 2);
	assert_int_equal(ra.with_text, 0);
	assert_string_equal(ra.last_key, "thu-2030@2");
	long n = 0;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	store_close(st);
	/* kept as uploaded: the database refuses changes and deletions */
	assert_int_not_equal(raw_try(path, "UPDATE ruleset_upload SET title = 'x'"), 0);
	assert_int_not_equal(raw_try(path, "DELETE FROM ruleset_upload"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_migrate),
		cmocka_unit_test(test_readonly_refuses_writes),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_unit_insert_many_names_bad_row),
		cmocka_unit_test(test_vintage_for_year),
		cmocka_unit_test(test_national_counts),
		cmocka_unit_test(test_unit_list_scope),
		cmocka_unit_test(test_unit_get_and_year),
		cmocka_unit_test(test_lineage_examples),
		cmocka_unit_test(test_lineage_one_step),
		cmocka_unit_test(test_unit_insert_rules),
		cmocka_unit_test(test_import_bad_files),
		cmocka_unit_test(test_import_mapping_errors),
		cmocka_unit_test(test_assessments),
		cmocka_unit_test(test_inputs_and_indicators),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_officials),
		cmocka_unit_test(test_users_and_sessions),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_audit_tamper_detected),
		cmocka_unit_test(test_scores_round_trip),
		cmocka_unit_test(test_two_connections_lost_update),
		cmocka_unit_test(test_pg_lost_connection),
		cmocka_unit_test(test_lost_update_two_handles),
		cmocka_unit_test(test_ruleset_uploads),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
