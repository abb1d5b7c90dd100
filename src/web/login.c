/* login.c — sign in, sign out, the session API and throttling (see login.h). */
#include "web/login.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/session.h"

/* ---- Throttling ----------------------------------------------------------------- */

long login_retry_after(long n_login, int64_t oldest_login, long n_ip, int64_t oldest_ip,
		       int64_t now)
{
	long wait = 0;
	if (n_login >= LOGIN_MAX_PER_USER) {
		int64_t w = oldest_login + LOGIN_WINDOW - now;
		if (w > wait)
			wait = (long)w;
		if (wait < 1)
			wait = 1;
	}
	if (n_ip >= LOGIN_MAX_PER_IP) {
		int64_t w = oldest_ip + LOGIN_WINDOW - now;
		if (w > wait)
			wait = (long)w;
		if (wait < 1)
			wait = 1;
	}
	return wait > LOGIN_WINDOW ? LOGIN_WINDOW : wait;
}

/* A hash to verify against when the user does not exist, so that an
 * unknown name costs as much time as a wrong password. Made once. */
static char dummy_hash[AUTH_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char pw[AUTH_TOKEN_LEN + 1];
	auth_token(pw);
	struct tc_err err = {0};
	if (auth_hash_password(pw, dummy_hash, &err) != 0)
		dummy_hash[0] = '\0';
}

/* ---- The sign-in attempt ------------------------------------------------------- */

enum outcome { OUT_OK, OUT_FIELDS, OUT_BAD, OUT_THROTTLED, OUT_WRITTEN };

struct attempt {
	char login[65];           /* normalised: trimmed, ASCII lower case */
	const char *err_login;    /* field errors (Vietnamese) */
	const char *err_password;
	long retry_after;
	const struct web_user *user;
};

/* Trims spaces and lower-cases ASCII; false if empty or too long. */
static bool normalise(const char *in, char out[65])
{
	while (in && *in == ' ')
		in++;
	size_t n = in ? strlen(in) : 0;
	while (n && in[n - 1] == ' ')
		n--;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = '\0';
	return true;
}

static bool check_fields(struct attempt *at, const char *login, const char *password)
{
	if (login == NULL || login[0] == '\0')
		at->err_login = "Hãy nhập tên đăng nhập.";
	else if (!normalise(login, at->login))
		at->err_login = "Tên đăng nhập dài tối đa 64 ký tự.";
	if (password == NULL || password[0] == '\0')
		at->err_password = "Hãy nhập mật khẩu.";
	else if (strlen(password) > AUTH_PASSWORD_MAX)
		at->err_password = "Mật khẩu quá dài.";
	return at->err_login == NULL && at->err_password == NULL;
}

static enum outcome throttled(struct store *st, struct http_req *req, struct http_resp *resp,
			      struct attempt *at, int64_t now)
{
	char since[21];
	web_ts_format(now - LOGIN_WINDOW, since);
	struct store_login_failures f;
	struct tc_err err = {0};
	if (store_login_failure_count(st, at->login, http_peer_ip(req), since, &f, &err) != 0) {
		web_store_error(req, resp, &err);
		return OUT_WRITTEN;
	}
	int64_t ol = 0, oi = 0;
	web_ts_parse(f.oldest_login, &ol);
	web_ts_parse(f.oldest_ip, &oi);
	at->retry_after = login_retry_after(f.n_login, ol, f.n_ip, oi, now);
	return at->retry_after > 0 ? OUT_THROTTLED : OUT_OK;
}

/* Checks the credentials and signs in. Every way of failing a check costs
 * one password verification. */
static enum outcome attempt_login(struct http_req *req, struct http_resp *resp,
				  struct attempt *at, const char *login, const char *password)
{
	if (!check_fields(at, login, password))
		return OUT_FIELDS;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return OUT_WRITTEN;
	int64_t now = (int64_t)time(NULL);
	enum outcome o = throttled(st, req, resp, at, now);
	if (o != OUT_OK)
		return o;
	struct store_user u;
	struct tc_err err = {0};
	bool known = store_user_get(st, at->login, &u, &err) == 0;
	if (!known && err.code != TC_ENOTFOUND) {
		web_store_error(req, resp, &err);
		return OUT_WRITTEN;
	}
	pthread_once(&dummy_once, dummy_init);
	bool ok = known ? auth_verify_password(u.password_hash, password)
			: (auth_verify_password(dummy_hash, password), false);
	if (!ok || !u.active) {
		char purge[21];
		web_ts_format(now - LOGIN_WINDOW, purge);
		if (store_login_failure_add(st, at->login, http_peer_ip(req), purge, &err) != 0) {
			web_store_error(req, resp, &err);
			return OUT_WRITTEN;
		}
		return OUT_BAD;
	}
	if (store_login_failure_clear(st, at->login, &err) != 0) {
		web_store_error(req, resp, &err);
		return OUT_WRITTEN;
	}
	at->user = web_session_start(req, resp, &u);
	return at->user ? OUT_OK : OUT_WRITTEN;
}

static const char MSG_BAD[] = "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.";

static void throttle_msg(char *out, size_t n, long retry)
{
	snprintf(out, n, "Đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %ld phút.",
		 (retry + 59) / 60);
}

static void retry_header(struct http_resp *resp, long retry)
{
	char v[24];
	snprintf(v, sizeof v, "%ld", retry);
	http_add_header(resp, "Retry-After", v);
}

/* ---- JSON API ---------------------------------------------------------------------- */

static json_t *user_json(const struct web_user *u)
{
	static const char *const KINDS[] = {"all", "province", "district", "unit"};
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "id", (json_int_t)u->id, "login",
			 u->username, "name", u->display_name, "role", wf_role_name(u->role),
			 "role_label", web_role_label(u->role), "scope", "kind",
			 KINDS[u->scope.kind], "code", u->scope.code);
}

static void session_json(struct http_resp *resp, int status, const struct web_user *u)
{
	http_json(resp, status, json_pack("{s:s,s:o}", "csrf", u->csrf, "user", user_json(u)));
}

static void api_session_post(struct http_req *req, struct http_resp *resp)
{
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	const char *login = json_string_value(json_object_get(j, "login"));
	const char *password = json_string_value(json_object_get(j, "password"));
	struct attempt at;
	memset(&at, 0, sizeof at);
	enum outcome o = attempt_login(req, resp, &at, login, password);
	json_decref(j);
	char msg[200];
	switch (o) {
	case OUT_OK: session_json(resp, 200, at.user); break;
	case OUT_FIELDS:
		http_json(resp, 400, json_pack("{s:{s:i,s:s,s:{s:s?,s:s?}}}", "error", "status", 400,
					       "message", "Thiếu tên đăng nhập hoặc mật khẩu.", "fields",
					       "login", at.err_login, "password", at.err_password));
		break;
	case OUT_BAD: http_error(req, resp, 401, MSG_BAD); break;
	case OUT_THROTTLED:
		throttle_msg(msg, sizeof msg, at.retry_after);
		http_error(req, resp, 429, msg);
		retry_header(resp, at.retry_after);
		break;
	case OUT_WRITTEN: break;
	}
}

static void api_session_get(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	session_json(resp, 200, web_user(req));
}

static void api_session_delete(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp) || !web_gate_csrf(req, resp, NULL))
		return;
	if (web_session_end(req, resp) == 0)
		http_json(resp, 200, json_pack("{s:b}", "signed_out", 1));
}

/* ---- Pages --------------------------------------------------------------------------- */

struct form_view {
	const char *login, *next;
	const char *err_login, *err_password, *err_general;
};

static void input_row(struct buf *b, const char *id, const char *label, const char *type,
		      const char *autocomplete, const char *value, const char *err)
{
	html_printf(b, "<p><label for=\"%a\">%h</label>\n"
		    "<input type=\"%a\" id=\"%a\" name=\"%a\" autocomplete=\"%a\" value=\"%a\" "
		    "required", id, label, type, id, id, autocomplete, value);
	if (err)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"loi-%a\"", id);
	html_printf(b, ">\n");
	if (err)
		html_printf(b, "<span class=\"field-error\" id=\"loi-%a\">%h</span>\n", id, err);
	html_printf(b, "</p>\n");
}

static void login_page(struct http_req *req, struct http_resp *resp, int status,
		       const struct form_view *v)
{
	struct buf *b = http_out(resp);
	buf_reset(b);
	http_status(resp, status);
	http_type(resp, "text/html; charset=utf-8");
	layout_begin(b, "Đăng nhập", NULL);
	html_printf(b, "<h1>Đăng nhập</h1>\n");
	const struct web_user *u = web_user(req);
	if (u)
		html_printf(b, "<p>Bạn đang đăng nhập với tên <strong>%h</strong> (%h). Đăng nhập "
			    "tài khoản khác sẽ kết thúc phiên hiện tại.</p>\n",
			    u->username, web_role_label(u->role));
	if (v->err_general)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", v->err_general);
	html_printf(b, "<form method=\"post\" action=\"/dang-nhap\" class=\"form-login\" novalidate>\n");
	if (v->next && web_local_path(v->next))
		html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%a\">\n", v->next);
	input_row(b, "login", "Tên đăng nhập", "text", "username", v->login, v->err_login);
	input_row(b, "password", "Mật khẩu", "password", "current-password", "", v->err_password);
	html_printf(b, "<p><button type=\"submit\">Đăng nhập</button></p>\n</form>\n"
		       "<p>Tài khoản do quản trị viên cấp. Quên mật khẩu: liên hệ quản trị viên "
		       "của tỉnh.</p>\n");
	layout_end(b);
}

static void page_login_get(struct http_req *req, struct http_resp *resp)
{
	struct form_view v = {0};
	v.next = form_get(http_query(req), "next");
	login_page(req, resp, 200, &v);
}

static void page_login_post(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (http_form(req, &f, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	struct form_view v = {0};
	v.login = form_get(&f, "login");
	v.next = form_get(&f, "next");
	struct attempt at;
	memset(&at, 0, sizeof at);
	enum outcome o = attempt_login(req, resp, &at, v.login, form_get(&f, "password"));
	char msg[200];
	switch (o) {
	case OUT_OK:
		http_status(resp, 303);
		http_add_header(resp, "Location", web_local_path(v.next) ? v.next : "/");
		break;
	case OUT_FIELDS:
		v.err_login = at.err_login;
		v.err_password = at.err_password;
		login_page(req, resp, 400, &v);
		break;
	case OUT_BAD:
		v.err_general = MSG_BAD;
		v.err_password = "Kiểm tra lại mật khẩu.";
		login_page(req, resp, 401, &v);
		break;
	case OUT_THROTTLED:
		throttle_msg(msg, sizeof msg, at.retry_after);
		v.err_general = msg;
		login_page(req, resp, 429, &v);
		retry_header(resp, at.retry_after);
		break;
	case OUT_WRITTEN: break;
	}
}

static void page_logout_get(struct http_req *req, struct http_resp *resp)
{
	struct buf *b = http_out(resp);
	layout_begin(b, "Đăng xuất", NULL);
	if (web_user(req) == NULL) {
		html_printf(b, "<h1>Đăng xuất</h1>\n<p>Bạn chưa đăng nhập. "
			       "<a href=\"/dang-nhap\">Đăng nhập</a></p>\n");
	} else {
		html_printf(b, "<h1>Đăng xuất</h1>\n<form method=\"post\" action=\"/dang-xuat\">\n");
		web_csrf_field(req, b);
		html_printf(b, "\n<button type=\"submit\">Đăng xuất</button>\n</form>\n");
	}
	layout_end(b);
}

static void page_logout_post(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (http_form(req, &f, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	if (web_user(req) != NULL) {
		if (!web_gate_csrf(req, resp, &f) || web_session_end(req, resp) != 0)
			return;
	}
	http_status(resp, 303);
	http_add_header(resp, "Location", "/");
}

const struct http_route login_routes[] = {
	{"GET", "/dang-nhap", page_login_get},
	{"POST", "/dang-nhap", page_login_post},
	{"GET", "/dang-xuat", page_logout_get},
	{"POST", "/dang-xuat", page_logout_post},
	{"GET", "/api/v1/session", api_session_get},
	{"POST", "/api/v1/session", api_session_post},
	{"DELETE", "/api/v1/session", api_session_delete},
	{NULL, NULL, NULL},
};
