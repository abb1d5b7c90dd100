/* Unit tests for src/web/http (routing, errors, headers, cookies) and
 * src/web/auth (passwords, tokens). No socket: requests are built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/auth.h"
#include "web/html.h"
#include "web/http.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new(0);
	return A ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void h_unit_year(struct http_req *req, struct http_resp *resp)
{
	html_printf(http_out(resp), "unit=%h year=%h", http_param(req, "unit"),
		    http_param(req, "year"));
}

static void h_bug(struct http_req *req, struct http_resp *resp)
{
	const char *fmt = "<p>%s</p>"; /* via a variable: see test_web_html.c */
	html_printf(http_out(resp), fmt, http_path(req));
}

static void h_post(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (http_form(req, &f, &err) != 0) {
		http_error(req, resp, 400, err.msg);
		return;
	}
	html_printf(http_out(resp), "name=%h", form_get(&f, "name"));
}

static void h_json(struct http_req *req, struct http_resp *resp)
{
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	http_json(resp, 200, json_pack("{s:O?}", "echo", json_object_get(j, "a")));
	json_decref(j);
}

static const struct http_route ROUTES[] = {
	{"POST", "/json", h_json},
	{"GET", "/api/v1/assessments/{unit}/{year}", h_unit_year},
	{"PUT", "/api/v1/assessments/{unit}/{year}", h_unit_year},
	{"GET", "/bug", h_bug},
	{"POST", "/form", h_post},
	{NULL, NULL, NULL},
};

static struct http_resp *run(const char *method, const char *path, struct http_req **reqp)
{
	struct http_req *req = http_req_new(A, method, path);
	struct http_resp *resp = http_resp_new(A);
	http_dispatch(ROUTES, req, resp);
	http_finish(req, resp);
	if (reqp)
		*reqp = req;
	return resp;
}

static const char *header(struct http_resp *resp, const char *name)
{
	for (size_t i = 0; i < http_resp_header_count(resp); i++) {
		const char *k, *v;
		http_resp_header_at(resp, i, &k, &v);
		if (strcmp(k, name) == 0)
			return v;
	}
	return NULL;
}

static void test_route_params(void **state)
{
	(void)state;
	struct http_resp *r = run("GET", "/api/v1/assessments/26734/2025", NULL);
	assert_int_equal(http_resp_status(r), 200);
	assert_string_equal(buf_cstr(http_out(r)), "unit=26734 year=2025");
	http_resp_free(r);
	r = run("HEAD", "/api/v1/assessments/a/b", NULL);
	assert_int_equal(http_resp_status(r), 200);
	http_resp_free(r);
	const char *miss[] = {"/api/v1/assessments/26734", "/api/v1/assessments/26734/2025/x",
			      "/api/v1/assessments//2025", "/api/v1/assessments/1/2/",
			      "/", "", "/bugx"};
	for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++) {
		r = run("GET", miss[i], NULL);
		assert_int_equal(http_resp_status(r), 404);
		http_resp_free(r);
	}
}

static void test_404_and_405(void **state)
{
	(void)state;
	struct http_resp *r = run("GET", "/khong-co/<b>", NULL);
	assert_int_equal(http_resp_status(r), 404);
	const char *body = buf_cstr(http_out(r));
	assert_non_null(strstr(body, "Không tìm thấy trang"));
	assert_non_null(strstr(body, "lang=\"vi\""));
	assert_non_null(strstr(body, "/khong-co/&lt;b&gt;"));
	assert_null(strstr(body, "<b>"));
	http_resp_free(r);
	r = run("DELETE", "/api/v1/assessments/1/2", NULL);
	assert_int_equal(http_resp_status(r), 405);
	assert_string_equal(header(r, "Allow"), "GET, HEAD, PUT");
	assert_string_equal(http_resp_type(r), "application/json; charset=utf-8");
	assert_non_null(strstr(buf_cstr(http_out(r)), "\"status\":405"));
	http_resp_free(r);
}

static void test_security_headers_everywhere(void **state)
{
	(void)state;
	const char *paths[] = {"/api/v1/assessments/1/2", "/nope", "/bug"};
	for (size_t i = 0; i < 3; i++) {
		struct http_resp *r = run("GET", paths[i], NULL);
		const char *csp = header(r, "Content-Security-Policy");
		assert_non_null(csp);
		assert_non_null(strstr(csp, "default-src 'self'"));
		assert_non_null(strstr(csp, "frame-ancestors 'none'"));
		assert_null(strstr(csp, "unsafe-inline"));
		assert_string_equal(header(r, "X-Content-Type-Options"), "nosniff");
		assert_string_equal(header(r, "Referrer-Policy"), "same-origin");
		assert_string_equal(header(r, "X-Frame-Options"), "DENY");
		assert_non_null(header(r, "Permissions-Policy"));
		http_resp_free(r);
	}
}

static void test_rejected_format_is_500(void **state)
{
	(void)state;
	struct http_resp *r = run("GET", "/bug", NULL);
	assert_int_equal(http_resp_status(r), 500);
	assert_non_null(strstr(buf_cstr(http_out(r)), "Lỗi máy chủ"));
	assert_null(strstr(buf_cstr(http_out(r)), "<p>/bug</p>"));
	assert_int_equal(html_bug_take(NULL, 0), 0); /* consumed by dispatch */
	http_resp_free(r);
}

static void test_form_content_type(void **state)
{
	(void)state;
	struct http_req *req = http_req_new(A, "POST", "/form");
	struct http_resp *resp = http_resp_new(A);
	http_req_add_header(req, "Content-Type", "text/plain");
	http_req_set_body(req, "name=x", 6);
	http_dispatch(ROUTES, req, resp);
	assert_int_equal(http_resp_status(resp), 400);
	http_resp_free(resp);
	req = http_req_new(A, "POST", "/form");
	resp = http_resp_new(A);
	http_req_add_header(req, "content-type", "application/x-www-form-urlencoded; charset=UTF-8");
	http_req_set_body(req, "name=%3Cb%3E", 12);
	http_dispatch(ROUTES, req, resp);
	assert_int_equal(http_resp_status(resp), 200);
	assert_string_equal(buf_cstr(http_out(resp)), "name=&lt;b&gt;");
	http_resp_free(resp);
}

static void test_query_cap(void **state)
{
	(void)state;
	struct http_req *req = http_req_new(A, "GET", "/");
	for (int i = 0; i < HTTP_MAX_QUERY; i++)
		assert_int_equal(http_req_add_query(req, i % 2 ? "a" : "b", "v"), 0);
	assert_int_equal(http_req_add_query(req, "c", "v"), -1);
	assert_int_equal(http_query(req)->n, HTTP_MAX_QUERY);
	assert_int_equal(form_count(http_query(req), "a"), HTTP_MAX_QUERY / 2);
	assert_string_equal(http_query(req)->f[HTTP_MAX_QUERY - 1].name, "a");
}

static void test_cookies_and_headers(void **state)
{
	(void)state;
	struct http_req *req = http_req_new(A, "GET", "/");
	struct http_resp *resp = http_resp_new(A);
	http_req_add_header(req, "Cookie", "sid=abc; other=1");
	assert_string_equal(http_cookie(req, "sid"), "abc");
	assert_null(http_cookie(req, "nope"));
	assert_int_equal(http_set_cookie(req, resp, "sid", "tok", -1), 0);
	assert_string_equal(header(resp, "Set-Cookie"), "sid=tok; Path=/; HttpOnly; SameSite=Strict");
	assert_int_equal(http_set_cookie(req, resp, "sid", "a;b", 10), -1);
	assert_int_equal(http_add_header(resp, "X-A", "v\r\nSet-Cookie: x=1"), -1);
	http_resp_free(resp);
	resp = http_resp_new(A);
	http_req_set_peer(req, "127.0.0.1", true);
	assert_int_equal(http_set_cookie(req, resp, "sid", "", 0), 0);
	assert_string_equal(header(resp, "Set-Cookie"),
			    "sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
	http_resp_free(resp);
}

static struct http_resp *post(const char *path, const char *ctype, const char *body,
			      const char *origin, const char *host)
{
	struct http_req *req = http_req_new(A, "POST", path);
	struct http_resp *resp = http_resp_new(A);
	if (ctype)
		http_req_add_header(req, "Content-Type", ctype);
	if (origin)
		http_req_add_header(req, "Origin", origin);
	if (host)
		http_req_add_header(req, "Host", host);
	http_req_set_body(req, body, strlen(body));
	http_dispatch(ROUTES, req, resp);
	return resp;
}

static void test_json_body(void **state)
{
	(void)state;
	struct http_resp *r = post("/json", "application/json", "{\"a\":[1,\"ế\"]}", NULL, NULL);
	assert_int_equal(http_resp_status(r), 200);
	assert_string_equal(buf_cstr(http_out(r)), "{\"echo\":[1,\"ế\"]}\n");
	http_resp_free(r);
	r = post("/json", "text/plain", "{}", NULL, NULL);
	assert_int_equal(http_resp_status(r), 415);
	http_resp_free(r);
	r = post("/json", "application/json", "{\"a\":1,\"a\":2}", NULL, NULL);
	assert_int_equal(http_resp_status(r), 400);
	assert_non_null(strstr(buf_cstr(http_out(r)), "JSON không hợp lệ"));
	http_resp_free(r);
	r = post("/json", "application/json", "{\"a\":\"\xC0\x80\"}", NULL, NULL);
	assert_int_equal(http_resp_status(r), 400);
	http_resp_free(r);
}

static void test_cross_origin_writes(void **state)
{
	(void)state;
	struct http_resp *r = post("/json", "application/json", "{}", "https://evil.example", "tiepcan.local");
	assert_int_equal(http_resp_status(r), 403);
	http_resp_free(r);
	r = post("/json", "application/json", "{}", "null", "tiepcan.local");
	assert_int_equal(http_resp_status(r), 403);
	http_resp_free(r);
	r = post("/json", "application/json", "{}", "http://tiepcan.local:8080", "tiepcan.local:8080");
	assert_int_equal(http_resp_status(r), 200);
	http_resp_free(r);
	r = post("/json", "application/json", "{}", NULL, "tiepcan.local");
	assert_int_equal(http_resp_status(r), 200);
	http_resp_free(r);
}

static void test_passwords(void **state)
{
	(void)state;
	struct tc_err err = {0};
	char h[AUTH_HASH_MAX];
	assert_int_equal(auth_init(&err), 0);
	assert_int_equal(auth_hash_password("short", h, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(auth_hash_password("mật khẩu đủ dài", h, &err), 0);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_true(auth_verify_password(h, "mật khẩu đủ dài"));
	assert_false(auth_verify_password(h, "mật khẩu đủ dàI"));
	assert_false(auth_verify_password("not a hash", "whatever1"));
	assert_false(auth_needs_rehash(h));
}

static void test_tokens(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
	auth_token(a);
	auth_token(b);
	assert_int_equal(strlen(a), 43);
	assert_true(auth_token_wellformed(a));
	assert_string_not_equal(a, b);
	assert_true(auth_equal(a, a));
	assert_false(auth_equal(a, b));
	assert_false(auth_equal(a, "short"));
	assert_false(auth_token_wellformed("short"));
	assert_true(auth_csrf_ok(a, a));
	assert_false(auth_csrf_ok(a, b));
	assert_false(auth_csrf_ok(a, NULL));
	assert_false(auth_csrf_ok(NULL, a));
	assert_false(auth_csrf_ok("", ""));
	char bad[AUTH_TOKEN_LEN + 1];
	memcpy(bad, a, sizeof bad);
	bad[5] = '+';
	assert_false(auth_token_wellformed(bad));
	char k1[AUTH_KEY_LEN + 1], k2[AUTH_KEY_LEN + 1];
	auth_session_key(a, k1);
	auth_session_key(a, k2);
	assert_string_equal(k1, k2);
	assert_int_equal(strlen(k1), 64);
	assert_string_not_equal(k1, a);
	struct auth_session s = {.created = 1000, .last_seen = 1000};
	assert_true(auth_session_live(&s, 1000 + AUTH_SESSION_IDLE));
	assert_false(auth_session_live(&s, 1001 + AUTH_SESSION_IDLE));
	s.last_seen = 1000 + AUTH_SESSION_ABSOLUTE;
	assert_false(auth_session_live(&s, 1001 + AUTH_SESSION_ABSOLUTE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_route_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_404_and_405, setup, teardown),
		cmocka_unit_test_setup_teardown(test_security_headers_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected_format_is_500, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_content_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_and_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_origin_writes, setup, teardown),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
