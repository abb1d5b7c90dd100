/* Unit tests for src/web/session.c, src/web/login.c, src/web/admin.c helpers
 * and src/app/usercheck.c: the pure helpers, then the session contract
 * driven through the real routes and a real database without a socket
 * (requests built with http_req_new), then migration 002 from a database
 * made by migration 001 alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/embedded.h"
#include "app/units.h"
#include "app/usercheck.h"
#include "util/mem.h"
#include "web/admin.h"
#include "web/login.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/session.h"

/* ---- pure helpers ------------------------------------------------------------- */

static void test_timestamps(void **state)
{
	(void)state;
	char s[21];
	web_ts_format(0, s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	web_ts_format(1798761600, s); /* 2027-01-01 */
	assert_string_equal(s, "2027-01-01T00:00:00Z");
	int64_t t;
	assert_int_equal(web_ts_parse("2024-02-29T23:59:59Z", &t), 0);
	web_ts_format(t, s);
	assert_string_equal(s, "2024-02-29T23:59:59Z");
	assert_int_equal(web_ts_parse("2024-02-29 23:59:59Z", &t), -1);
	assert_int_equal(web_ts_parse("2024-13-01T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2024-01-01T00:00:00", &t), -1);
	assert_int_equal(web_ts_parse(NULL, &t), -1);
	/* impossible calendar days are refused, leap years honoured */
	assert_int_equal(web_ts_parse("2026-02-31T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-02-29T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-04-31T12:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("1900-02-29T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-00-10T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-01-00T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("0000-01-01T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-01-01T24:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-01-01T23:60:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-01-01T23:59:60Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-1-01T00:00:00Z", &t), -1);
	assert_int_equal(web_ts_parse("2026-01-01T00:00:00ZZ", &t), -1);
	assert_int_equal(web_ts_parse("2000-02-29T00:00:00Z", &t), 0);
	web_ts_format(t, s);
	assert_string_equal(s, "2000-02-29T00:00:00Z");
	assert_int_equal(web_ts_parse("2026-12-31T23:59:59Z", &t), 0);
	web_ts_format(t, s);
	assert_string_equal(s, "2026-12-31T23:59:59Z");
	assert_int_equal(web_ts_parse("2026-03-01T00:00:00Z", &t), 0);
	int64_t feb28;
	assert_int_equal(web_ts_parse("2026-02-28T00:00:00Z", &feb28), 0);
	assert_int_equal(t - feb28, 86400); /* no phantom 29th in 2026 */
	char vi[17];
	admin_time_vi("2026-01-01T17:30:00Z", vi); /* UTC+7 crosses midnight */
	assert_string_equal(vi, "02/01/2026 00:30");
	admin_time_vi("garbage", vi);
	assert_string_equal(vi, "");
}

static void test_session_fresh(void **state)
{
	(void)state;
	int64_t c;
	assert_int_equal(web_ts_parse("2026-01-01T08:00:00Z", &c), 0);
	const char *created = "2026-01-01T08:00:00Z";
	/* idle 30 min, absolute 12 h */
	assert_true(web_session_fresh(created, created, c + 1799, 1800, 43200));
	assert_false(web_session_fresh(created, created, c + 1800, 1800, 43200));
	assert_true(web_session_fresh(created, "2026-01-01T19:59:00Z", c + 43199, 1800, 43200));
	assert_false(web_session_fresh(created, "2026-01-01T19:59:00Z", c + 43200, 1800, 43200));
	assert_false(web_session_fresh("bad", created, c, 1800, 43200));
	/* a last-seen far in the future (clock tampering) is not trusted */
	assert_false(web_session_fresh(created, "2026-01-02T08:00:00Z", c, 1800, 43200));
}

static void test_local_path(void **state)
{
	(void)state;
	assert_true(web_local_path("/"));
	assert_true(web_local_path("/quy-tac/qd619-2017?x=1#a"));
	assert_false(web_local_path("//evil.example/"));
	assert_false(web_local_path("/\\evil.example/"));
	assert_false(web_local_path("https://evil.example/"));
	assert_false(web_local_path("evil"));
	assert_false(web_local_path(""));
	assert_false(web_local_path(NULL));
	assert_false(web_local_path("/a\r\nSet-Cookie: x=1"));
	assert_false(web_local_path("/a\\b"));
}

static void test_retry_after(void **state)
{
	(void)state;
	int64_t now = 100000;
	assert_int_equal(login_retry_after(4, now - 10, 19, now - 10, now), 0);
	assert_int_equal(login_retry_after(5, now - 100, 0, 0, now), LOGIN_WINDOW - 100);
	assert_int_equal(login_retry_after(0, 0, 20, now - 800, now), LOGIN_WINDOW - 800);
	/* the longer wait wins; never less than a second */
	assert_int_equal(login_retry_after(5, now - 800, 20, now - 10, now), LOGIN_WINDOW - 10);
	assert_int_equal(login_retry_after(5, now - LOGIN_WINDOW, 0, 0, now), 1);
}

static void test_diff(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	admin_diff("{\"a\":1,\"b\":\"x\"}", "{\"a\":2,\"b\":\"x\"}", &b);
	assert_string_equal(buf_cstr(&b), "a: 1 → 2");
	buf_reset(&b);
	admin_diff(NULL, "{\"role\":\"admin\"}", &b);
	assert_string_equal(buf_cstr(&b), "role: — → admin");
	buf_reset(&b);
	admin_diff("{\"role\":\"admin\",\"x\":null}", NULL, &b);
	assert_string_equal(buf_cstr(&b), "role: admin → —; x: — → —");
	buf_reset(&b);
	admin_diff("[1]", "not json", &b);
	assert_string_equal(buf_cstr(&b), "[1] → not json");
	buf_free(&b);
}

static void test_usercheck(void **state)
{
	(void)state;
	struct store_user u;
	struct uc_problems p;
	memset(&u, 0, sizeof u);
	assert_true(uc_check(&u, " Xa.SocHa ", "commune", "01417", "UBND xã Sóc Hà", &p));
	assert_string_equal(u.username, "xa.socha");
	assert_int_equal(u.scope.kind, STORE_SCOPE_UNIT);
	assert_string_equal(u.scope.code, "01417");
	memset(&u, 0, sizeof u);
	assert_true(uc_check(&u, "td", "reviewer", "045", NULL, &p));
	assert_int_equal(u.scope.kind, STORE_SCOPE_DISTRICT);
	assert_string_equal(u.display_name, "td");
	memset(&u, 0, sizeof u);
	assert_true(uc_check(&u, "hd", "council", "04", NULL, &p));
	assert_int_equal(u.scope.kind, STORE_SCOPE_PROVINCE);
	memset(&u, 0, sizeof u);
	assert_false(uc_check(&u, "a b", "king", NULL, NULL, &p));
	assert_int_equal(p.login, UC_LOGIN_CHARS);
	assert_int_equal(p.role, UC_ROLE);
	assert_false(uc_check(&u, "x", "commune", "04", NULL, &p));
	assert_int_equal(p.unit, UC_UNIT_COMMUNE);
	assert_false(uc_check(&u, "x", "reviewer", "0141", NULL, &p));
	assert_int_equal(p.unit, UC_UNIT_AREA);
	assert_false(uc_check(&u, "x", "admin", "04", NULL, &p));
	assert_int_equal(p.unit, UC_UNIT_ADMIN);
	assert_false(uc_check(&u, "x", "commune", "", NULL, &p));
	assert_int_equal(p.unit, UC_UNIT_MISSING);
	assert_false(uc_check(&u, "", "admin", NULL, "\xff", &p));
	assert_int_equal(p.login, UC_LOGIN_EMPTY);
	assert_int_equal(p.name, UC_NAME);
	assert_string_not_equal(uc_message_vi(UC_UNIT_AREA), "");
}

/* ---- the contract through the routes, on a real database ----------------------- */

static char g_dir[256];
static char g_db[300];
static struct pages_app *APP;
static struct srv_config CFG;
static const char PW[] = "mat-khau-thu";

static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"050,Phục Hoà,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n"
	"01639,Đại Sơn,Xã,commune,050\n";

static void add_user(struct store *st, const char *login, const char *role, const char *unit)
{
	struct store_user u;
	struct uc_problems p;
	struct tc_err err;
	memset(&u, 0, sizeof u);
	assert_true(uc_check(&u, login, role, unit, NULL, &p));
	assert_int_equal(auth_hash_password(PW, u.password_hash, &err), 0);
	if (store_user_add(st, &u, NULL, &err) != 0)
		fail_msg("%s", err.msg);
}

static int setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-session-XXXXXX");
	if (mkdtemp(g_dir) == NULL)
		return -1;
	snprintf(g_db, sizeof g_db, "%s/s.db", g_dir);
	setenv("TIEPCAN_BUSY_MS", "200", 1); /* the lock test waits this long */
	struct tc_err err;
	if (auth_init(&err) != 0)
		return -1;
	struct store *st = store_open(g_db, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		return -1;
	char *copy = tc_strdup(MINI);
	long n;
	int rc = units_load_list(st, "2020-02", copy, strlen(copy), "t.csv", NULL, NULL, &n, &err);
	tc_free(copy);
	if (rc != 0)
		return -1;
	add_user(st, "admin", "admin", NULL);
	add_user(st, "socha", "commune", "01417");
	add_user(st, "haquang", "reviewer", "045");
	add_user(st, "caobang", "council", "04");
	store_close(st);
	srv_config_default(&CFG);
	CFG.db_path = g_db;
	APP = pages_app_new(&CFG, &err);
	return APP ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pages_app_free(APP);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct call {
	struct arena *a;
	struct http_req *req;
	struct http_resp *resp;
};

static struct http_req *mkreq(struct arena *a, const char *method, const char *path,
			      const char *sid)
{
	struct http_req *req = http_req_new(a, method, path);
	http_req_set_app(req, APP);
	http_req_set_peer(req, "192.0.2.1", false);
	if (sid) {
		char c[128];
		snprintf(c, sizeof c, "%s=%s", WEB_SESSION_COOKIE, sid);
		http_req_add_header(req, "Cookie", c);
	}
	return req;
}

static const char *resp_header(const struct http_resp *r, const char *name)
{
	for (size_t i = 0; i < http_resp_header_count(r); i++) {
		const char *n, *v;
		http_resp_header_at(r, i, &n, &v);
		if (strcmp(n, name) == 0)
			return v;
	}
	return NULL;
}

/* Signs in through POST /api/v1/session; sid gets the cookie's value. */
static int login(const char *who, const char *pw, char sid[AUTH_TOKEN_LEN + 1])
{
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "POST", "/api/v1/session", NULL);
	char body[200];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", who, pw);
	http_req_add_header(req, "Content-Type", "application/json");
	http_req_set_body(req, body, strlen(body));
	struct http_resp *resp = http_resp_new(a);
	http_dispatch(pages_routes(), req, resp);
	int status = http_resp_status(resp);
	const char *c = resp_header(resp, "Set-Cookie");
	sid[0] = '\0';
	if (status == 200) {
		assert_non_null(c);
		assert_non_null(strstr(c, "HttpOnly"));
		assert_non_null(strstr(c, "SameSite=Strict"));
		assert_null(strstr(c, "Secure"));
		size_t pre = strlen(WEB_SESSION_COOKIE) + 1;
		assert_true(strlen(c) > pre + AUTH_TOKEN_LEN);
		memcpy(sid, c + pre, AUTH_TOKEN_LEN);
		sid[AUTH_TOKEN_LEN] = '\0';
		assert_non_null(strstr(buf_cstr(http_out(resp)), "\"csrf\""));
	}
	http_resp_free(resp);
	arena_free(a);
	return status;
}

static void test_login_and_whoami(void **state)
{
	(void)state;
	char s1[AUTH_TOKEN_LEN + 1], s2[AUTH_TOKEN_LEN + 1];
	assert_int_equal(login("socha", "wrong-password", s1), 401);
	assert_int_equal(login("nobody", PW, s1), 401);
	assert_int_equal(login("socha", PW, s1), 200);
	assert_int_equal(login("SocHa", PW, s2), 200); /* login is case-insensitive */
	assert_string_not_equal(s1, s2);               /* a new id every time */
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "GET", "/api/v1/session", s2);
	const struct web_user *u = web_user(req);
	assert_non_null(u);
	assert_string_equal(u->username, "socha");
	assert_int_equal(u->role, WF_ROLE_COMMUNE);
	assert_int_equal(web_scope(req)->kind, STORE_SCOPE_UNIT);
	assert_string_equal(web_scope(req)->code, "01417");
	/* the store keeps the hash of the id, never the id */
	struct tc_err err;
	struct store *st = store_open(g_db, STORE_OPEN_EXISTING, &err);
	struct store_session ss;
	assert_int_equal(store_session_get(st, s2, &ss, &err), -1);
	char key[AUTH_KEY_LEN + 1];
	auth_session_key(s2, key);
	assert_int_equal(store_session_get(st, key, &ss, &err), 0);
	assert_string_equal(ss.csrf, u->csrf);
	store_close(st);
	/* the public gets no user and a scope that matches nothing */
	struct http_req *pub = mkreq(a, "GET", "/", NULL);
	assert_null(web_user(pub));
	assert_non_null(web_scope(pub));
	assert_string_equal(web_scope(pub)->code, "");
	arena_free(a);
}

/* Runs a gate on a fresh request of user `sid`; returns the status the
 * gate wrote (0 = passed). */
static int gate_unit(const char *sid, const char *unit, int year)
{
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "GET", "/api/v1/x", sid);
	struct http_resp *resp = http_resp_new(a);
	int st = web_gate_unit(req, resp, unit, year) ? 0 : http_resp_status(resp);
	http_resp_free(resp);
	arena_free(a);
	return st;
}

static void test_gates_scope(void **state)
{
	(void)state;
	char commune[AUTH_TOKEN_LEN + 1], district[AUTH_TOKEN_LEN + 1],
		province[AUTH_TOKEN_LEN + 1], admin[AUTH_TOKEN_LEN + 1];
	assert_int_equal(login("socha", PW, commune), 200);
	assert_int_equal(login("haquang", PW, district), 200);
	assert_int_equal(login("caobang", PW, province), 200);
	assert_int_equal(login("admin", PW, admin), 200);
	assert_int_equal(gate_unit(commune, "01417", 2018), 0);
	assert_int_equal(gate_unit(commune, "01639", 2018), 403);
	assert_int_equal(gate_unit(district, "01417", 2018), 0);
	assert_int_equal(gate_unit(district, "01639", 2018), 403);
	assert_int_equal(gate_unit(province, "01639", 2018), 0);
	assert_int_equal(gate_unit(admin, "01639", 2018), 0);
	assert_int_equal(gate_unit(admin, "99999", 2018), 404);
	assert_int_equal(gate_unit(NULL, "01417", 2018), 401);
	/* role gate and the admin scope */
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "GET", "/quan-tri/nguoi-dung", commune);
	struct http_resp *resp = http_resp_new(a);
	assert_false(web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)));
	assert_int_equal(http_resp_status(resp), 403);
	http_resp_free(resp);
	req = mkreq(a, "GET", "/quan-tri/nguoi-dung", NULL);
	resp = http_resp_new(a);
	assert_false(web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)));
	assert_int_equal(http_resp_status(resp), 303);
	assert_string_equal(resp_header(resp, "Location"),
			    "/dang-nhap?next=%2Fquan-tri%2Fnguoi-dung");
	http_resp_free(resp);
	req = mkreq(a, "GET", "/", admin);
	assert_null(web_scope(req));
	arena_free(a);
}

static void test_csrf_gate(void **state)
{
	(void)state;
	char sid[AUTH_TOKEN_LEN + 1];
	assert_int_equal(login("admin", PW, sid), 200);
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "POST", "/x", sid);
	const struct web_user *u = web_user(req);
	assert_non_null(u);
	char good[AUTH_TOKEN_LEN + 1];
	memcpy(good, u->csrf, sizeof good);
	struct http_resp *resp = http_resp_new(a);
	assert_false(web_gate_csrf(req, resp, NULL)); /* no header */
	assert_int_equal(http_resp_status(resp), 403);
	http_resp_free(resp);
	req = mkreq(a, "POST", "/x", sid);
	http_req_add_header(req, "X-CSRF-Token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	resp = http_resp_new(a);
	assert_false(web_gate_csrf(req, resp, NULL));
	http_resp_free(resp);
	req = mkreq(a, "POST", "/x", sid);
	http_req_add_header(req, "X-CSRF-Token", good);
	resp = http_resp_new(a);
	assert_true(web_gate_csrf(req, resp, NULL));
	/* the form field works too */
	struct form_field ff = {"csrf", good, strlen(good)};
	struct form f = {&ff, 1};
	req = mkreq(a, "POST", "/x", sid);
	assert_true(web_gate_csrf(req, resp, &f));
	http_resp_free(resp);
	arena_free(a);
}

static void test_idle_expiry_deletes(void **state)
{
	(void)state;
	char sid[AUTH_TOKEN_LEN + 1], key[AUTH_KEY_LEN + 1];
	assert_int_equal(login("haquang", PW, sid), 200);
	auth_session_key(sid, key);
	struct tc_err err;
	struct store *st = store_open(g_db, STORE_OPEN_EXISTING, &err);
	char old[21];
	web_ts_format((int64_t)time(NULL) - CFG.session_idle_s, old);
	assert_int_equal(store_session_touch(st, key, old, &err), 0);
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "GET", "/", sid);
	assert_null(web_user(req));
	struct store_session ss;
	assert_int_equal(store_session_get(st, key, &ss, &err), -1); /* deleted */
	assert_int_equal(err.code, TC_ENOTFOUND);
	/* a disabled user's session stops working at once */
	assert_int_equal(login("caobang", PW, sid), 200);
	struct store_user u;
	assert_int_equal(store_user_get(st, "caobang", &u, &err), 0);
	assert_int_equal(store_user_set_active(st, u.id, 0, &err), 0);
	req = mkreq(a, "GET", "/", sid);
	assert_null(web_user(req));
	assert_int_equal(login("caobang", PW, sid), 401);
	assert_int_equal(store_user_set_active(st, u.id, 1, &err), 0);
	arena_free(a);
	store_close(st);
}

static void test_throttling(void **state)
{
	(void)state;
	char sid[AUTH_TOKEN_LEN + 1];
	for (int i = 0; i < LOGIN_MAX_PER_USER; i++)
		assert_int_equal(login("admin", "sai-mat-khau", sid), 401);
	/* now even the right password waits */
	assert_int_equal(login("admin", PW, sid), 429);
	/* another login from the same address still works */
	assert_int_equal(login("socha", PW, sid), 200);
	struct tc_err err;
	struct store *st = store_open(g_db, STORE_OPEN_EXISTING, &err);
	assert_int_equal(store_login_failure_clear(st, "admin", &err), 0);
	store_close(st);
	assert_int_equal(login("admin", PW, sid), 200);
}

/* A write lock held elsewhere: the sign-in that must write answers 503
 * with a Vietnamese message and Retry-After, and nothing is half-done. */
static void test_locked_is_503(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(g_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct arena *a = arena_new(0);
	struct http_req *req = mkreq(a, "POST", "/api/v1/session", NULL);
	const char *body = "{\"login\":\"socha\",\"password\":\"sai-mat-khau\"}";
	http_req_add_header(req, "Content-Type", "application/json");
	http_req_set_body(req, body, strlen(body));
	struct http_resp *resp = http_resp_new(a);
	http_dispatch(pages_routes(), req, resp);
	assert_int_equal(http_resp_status(resp), 503);
	assert_non_null(resp_header(resp, "Retry-After"));
	assert_non_null(strstr(buf_cstr(http_out(resp)), "thử lại"));
	http_resp_free(resp);
	arena_free(a);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	char sid[AUTH_TOKEN_LEN + 1];
	assert_int_equal(login("socha", PW, sid), 200);
}

/* ---- migration 002 from a version-1 database ----------------------------------- */

static void test_migration_002(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("src/store/schema.sql");
	assert_non_null(f);
	const char *s = (const char *)f->data;
	const char *m1 = strstr(s, "\n-- migration 001:");
	const char *m2 = strstr(s, "\n-- migration 002:");
	assert_non_null(m1);
	assert_non_null(m2);
	char path[320];
	snprintf(path, sizeof path, "%s/v1.db", g_dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *v1 = tc_strndup(m1, (size_t)(m2 - m1));
	assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
	tc_free(v1);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z');"
		"INSERT INTO app_user (id, username, display_name, password_hash, role, scope_kind,"
		" scope_code, active, created_at) VALUES"
		" (1, 'a', 'A', 'h', 'admin', 'all', '', 1, '2026-01-01T00:00:00Z'),"
		" (2, 'p', 'P', 'h', 'province', 'province', '04', 1, '2026-01-01T00:00:00Z'),"
		" (3, 'v', 'V', 'h', 'viewer', 'district', '045', 1, '2026-01-01T00:00:00Z');"
		"INSERT INTO session VALUES ('" "0123456789012345678901234567890123456789012345678901234567890123"
		"', 2, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_EXISTING, &err);
	if (st == NULL)
		fail_msg("%s", err.msg);
	assert_true(store_schema_version(st, &err) >= 2);
	struct store_user u;
	assert_int_equal(store_user_get(st, "a", &u, &err), 0);
	assert_string_equal(u.role, "admin");
	assert_string_equal(u.password_changed_at, "2026-01-01T00:00:00Z");
	assert_int_equal(store_user_get(st, "p", &u, &err), 0);
	assert_string_equal(u.role, "reviewer");
	assert_int_equal(u.active, 1);
	assert_int_equal(store_user_get(st, "v", &u, &err), 0);
	assert_string_equal(u.role, "reviewer");
	assert_int_equal(u.active, 0);
	/* the new CHECK refuses the old roles */
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "x");
	snprintf(u.password_hash, sizeof u.password_hash, "h");
	snprintf(u.role, sizeof u.role, "province");
	u.scope.kind = STORE_SCOPE_PROVINCE;
	snprintf(u.scope.code, sizeof u.scope.code, "04");
	assert_int_equal(store_user_add(st, &u, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	long n;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_session_fresh),
		cmocka_unit_test(test_local_path),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_usercheck),
		cmocka_unit_test(test_login_and_whoami),
		cmocka_unit_test(test_gates_scope),
		cmocka_unit_test(test_csrf_gate),
		cmocka_unit_test(test_idle_expiry_deletes),
		cmocka_unit_test(test_throttling),
		cmocka_unit_test(test_locked_is_503),
		cmocka_unit_test(test_migration_002),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
