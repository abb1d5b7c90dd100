/* Unit tests for the assessment API's write path (web/assess.c, PUT
 * /api/v1/assessments/{unit}/{year}) driven through the real routes on a
 * real SQLite database without a socket: every rejected body answers with
 * its status and Vietnamese message and leaves the stored assessment byte
 * for byte as it was. Cases found by tests/fuzz/fuzz_assess_put.c live here
 * as named regressions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/units.h"
#include "app/usercheck.h"
#include "util/buf.h"
#include "util/mem.h"
#include "web/arena.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/session.h"

#define PW "unit-test-password"
static const char UNITS[] = "code,name,type,level,parent_code\n"
			    "04,Cao Bằng,Tỉnh,province,\n"
			    "045,Hà Quảng,Huyện,district,04\n"
			    "01417,Sóc Hà,Xã,commune,045\n";
static char g_dir[64], g_db[96];
static struct srv_config CFG;
static struct pages_app *APP;
static char SID[AUTH_TOKEN_LEN + 1], CSRF[128];

struct call {
	struct arena *a;
	struct http_resp *resp;
	int status;
	const char *body;
};

static void call(struct call *c, const char *method, const char *path, const char *body)
{
	c->a = arena_new(0);
	struct http_req *req = http_req_new(c->a, method, path);
	http_req_set_app(req, APP);
	http_req_set_peer(req, "192.0.2.1", false);
	if (SID[0]) {
		char ck[160];
		snprintf(ck, sizeof ck, "%s=%s", WEB_SESSION_COOKIE, SID);
		http_req_add_header(req, "Cookie", ck);
		http_req_add_header(req, "X-CSRF-Token", CSRF);
	}
	if (body) {
		http_req_add_header(req, "Content-Type", "application/json");
		http_req_set_body(req, body, strlen(body));
	}
	c->resp = http_resp_new(c->a);
	http_dispatch(pages_routes(), req, c->resp);
	c->status = http_resp_status(c->resp);
	c->body = buf_cstr(http_out(c->resp));
}

static void call_end(struct call *c)
{
	http_resp_free(c->resp);
	arena_free(c->a);
}

static void sign_in(void)
{
	struct call c;
	call(&c, "POST", "/api/v1/session", "{\"login\":\"socha\",\"password\":\"" PW "\"}");
	assert_int_equal(c.status, 200);
	json_t *j = json_loads(c.body, 0, NULL);
	assert_non_null(j);
	snprintf(CSRF, sizeof CSRF, "%s", json_string_value(json_object_get(j, "csrf")));
	json_decref(j);
	for (size_t i = 0; i < http_resp_header_count(c.resp); i++) {
		const char *n, *v;
		http_resp_header_at(c.resp, i, &n, &v);
		size_t pre = strlen(WEB_SESSION_COOKIE) + 1;
		if (strcmp(n, "Set-Cookie") == 0 && strlen(v) > pre + AUTH_TOKEN_LEN) {
			memcpy(SID, v + pre, AUTH_TOKEN_LEN);
			SID[AUTH_TOKEN_LEN] = '\0';
		}
	}
	call_end(&c);
	assert_true(SID[0] != '\0');
}

static int setup(void **state)
{
	(void)state;
	struct tc_err err;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-assess-put-XXXXXX");
	if (mkdtemp(g_dir) == NULL)
		return -1;
	snprintf(g_db, sizeof g_db, "%s/a.db", g_dir);
	if (auth_init(&err) != 0)
		return -1;
	struct store *st = store_open(g_db, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		return -1;
	static const char *const vintages[] = {"2020-02", "2025-03"};
	for (size_t i = 0; i < 2; i++) {
		char *copy = tc_strdup(UNITS);
		long n;
		int rc = units_load_list(st, vintages[i], copy, strlen(copy), "u.csv", NULL, NULL, &n,
					 &err);
		tc_free(copy);
		if (rc != 0)
			return -1;
	}
	struct store_user u;
	struct uc_problems p;
	memset(&u, 0, sizeof u);
	if (!uc_check(&u, "socha", "commune", "01417", NULL, &p) ||
	    auth_hash_password(PW, u.password_hash, &err) != 0 || store_user_add(st, &u, NULL, &err) != 0)
		return -1;
	store_close(st);
	srv_config_default(&CFG);
	CFG.db_path = g_db;
	APP = pages_app_new(&CFG, &err);
	if (APP == NULL)
		return -1;
	sign_in();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pages_app_free(APP);
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char p[112];
		snprintf(p, sizeof p, "%s%s", g_db, suffix[i]);
		unlink(p);
	}
	return rmdir(g_dir);
}

/* GET's body (heap) or NULL on 404. */
static char *state_of(const char *path)
{
	struct call c;
	call(&c, "GET", path, NULL);
	char *s = c.status == 200 ? tc_strdup(c.body) : NULL;
	if (c.status != 200)
		assert_int_equal(c.status, 404);
	call_end(&c);
	return s;
}

/* PUT body; asserts the status, that `msg` is in the answer, and (for a
 * rejection) that the stored state did not move. */
static void put_expect(const char *path, const char *body, int status, const char *msg)
{
	char *before = state_of(path);
	struct call c;
	call(&c, "PUT", path, body);
	if (c.status != status || (msg && strstr(c.body, msg) == NULL))
		fail_msg("PUT %s\n  -> %d %s\n  expected %d with \"%s\"", body, c.status, c.body, status,
			 msg ? msg : "");
	call_end(&c);
	char *after = state_of(path);
	if (status != 200) {
		if (before == NULL)
			assert_null(after);
		else
			assert_string_equal(before, after);
	}
	tc_free(before);
	tc_free(after);
}

#define P2022 "/api/v1/assessments/01417/2022"

static void test_rejections_write_nothing(void **state)
{
	(void)state;
	put_expect(P2022, "{\"version\":0,\"values\":[]}", 200, "\"ruleset\":\"qd25-2021\"");
	/* found by fuzz_assess_put: points typed for a criterion that is the sum
	 * of its indicators were refused with "must be from 0 to 20" for 7 */
	put_expect(P2022,
		   "{\"version\":2,\"values\":[{\"item\":\"5\",\"field\":\"points\",\"value\":7}]}", 422,
		   "tổng điểm các chỉ tiêu");
	put_expect(P2022, "{\"version\":2,\"values\":[{\"item\":\"1.1\",\"field\":\"nope\",\"value\":\"1\"}]}",
		   422, "không thuộc bộ tiêu chí");
	put_expect(P2022, "{\"version\":2,\"values\":[{\"item\":\"1.1\",\"field\":\"points\",\"value\":\"NaN\"}]}",
		   422, "Phải là một số");
	put_expect(P2022, "{\"version\":2,\"values\":[{\"item\":\"1.1\",\"field\":\"points\"}]}", 422,
		   "\\\"value\\\"");
	put_expect(P2022, "{\"values\":[]}", 422, "version");
	put_expect(P2022, "{\"version\":1,\"values\":[]}", 409, "phiên bản cũ");
	put_expect(P2022, "{\"version\":2,\"values\":", 400, NULL);
	put_expect(P2022, "[1,2,3]", 422, NULL);
	put_expect(P2022, "{\"version\":2,\"values\":[]}", 200, "\"version\":3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejections_write_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
