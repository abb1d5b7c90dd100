/* session.c — the current user, gates, CSRF and the per-thread store
 * connection (see session.h).
 *
 * Sessions live in the store (table session): the cookie carries a random
 * 256-bit id (auth_token); the store keeps only auth_session_key(id), the
 * session's CSRF token, and its created/last-seen/absolute-expiry times.
 * Nothing about sessions is held in this process, so several app servers
 * can share one database.
 *
 * Per request, the state below (struct req_state) hangs off the request
 * (http_req_local) and lives in the request arena: the cookie is looked up
 * once, and the thread's store connection gets this request's actor once.
 *
 * Per thread, one store connection (struct conn) is opened on first use and
 * closed by a pthread key destructor when the server's worker thread ends.
 */
#include "web/session.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "util/mem.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"

/* ---- Pure helpers ---------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void web_ts_format(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		memcpy(out, "1970-01-01T00:00:00Z", 21);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int web_ts_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;
	if (s == NULL || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) || digits(s + 11, 2, &h) ||
	    digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return -1;
	/* A real calendar day (2026-02-31 and 2025-02-29 are not), and a time
	 * our own formatter could have written (no leap second 60). */
	if (!cal_valid((struct cal_date){.y = y, .m = mo, .d = d}) || h > 23 || mi > 59 || se > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

bool web_session_fresh(const char *created, const char *last_seen, int64_t now,
		       unsigned idle_s, unsigned max_s)
{
	int64_t c, l;
	if (web_ts_parse(created, &c) != 0 || web_ts_parse(last_seen, &l) != 0)
		return false;
	return now - l < (int64_t)idle_s && now - c < (int64_t)max_s && l <= now + 60;
}

bool web_local_path(const char *s)
{
	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\' || strlen(s) > 1000)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '\\')
			return false;
	return true;
}

const char *web_role_label(enum wf_role r)
{
	switch (r) {
	case WF_ROLE_COMMUNE: return "Cán bộ xã";
	case WF_ROLE_REVIEWER: return "Cán bộ thẩm định";
	case WF_ROLE_COUNCIL: return "Thành viên Hội đồng";
	case WF_ROLE_ADMIN: return "Quản trị";
	default: return "";
	}
}

/* ---- Per-thread store connection ----------------------------------------- */

struct conn {
	struct store *st;
	char *path;
};

static pthread_key_t conn_key;
static pthread_once_t conn_once = PTHREAD_ONCE_INIT;
static bool conn_key_ok;

static void conn_free(void *p)
{
	struct conn *c = p;
	if (c == NULL)
		return;
	store_close(c->st);
	tc_free(c->path);
	tc_free(c);
}

static void conn_key_init(void)
{
	conn_key_ok = pthread_key_create(&conn_key, conn_free) == 0;
}

static const struct srv_config *app_cfg(const struct http_req *req)
{
	const struct pages_app *app = http_app(req);
	return app ? pages_cfg(app) : NULL;
}

/* This thread's connection to `path`, opened on first use. */
static struct store *thread_store(const char *path, struct tc_err *err)
{
	pthread_once(&conn_once, conn_key_init);
	if (!conn_key_ok) {
		tc_err_set(err, TC_EINTERNAL, "session: cannot create the thread key");
		return NULL;
	}
	struct conn *c = pthread_getspecific(conn_key);
	if (c && strcmp(c->path, path) == 0)
		return c->st;
	if (c) { /* another server in this process (tests): switch databases */
		pthread_setspecific(conn_key, NULL);
		conn_free(c);
	}
	c = tc_calloc(1, sizeof *c);
	if (c == NULL || (c->path = tc_strdup(path)) == NULL) {
		tc_free(c);
		tc_err_set(err, TC_ENOMEM, "out of memory opening the database");
		return NULL;
	}
	c->st = store_open(path, STORE_OPEN_EXISTING, err);
	/* TIEPCAN_BUSY_MS: how long a write waits for a lock before the
	 * request gets 503 (as for the CLI; tests use a short one). */
	const char *busy = getenv("TIEPCAN_BUSY_MS");
	if (c->st && busy && busy[0]) {
		char *end;
		long ms = strtol(busy, &end, 10);
		if (*end == '\0' && ms >= 0 && ms <= 600000)
			store_set_busy_timeout(c->st, (int)ms);
	}
	if (c->st == NULL || pthread_setspecific(conn_key, c) != 0) {
		if (c->st)
			tc_err_set(err, TC_EINTERNAL, "session: cannot keep the connection");
		conn_free(c);
		return NULL;
	}
	return c->st;
}

/* ---- Per-request state ------------------------------------------------------- */

struct req_state {
	bool looked_up;          /* web_user ran */
	bool store_ready;        /* the connection got this request's actor */
	struct web_user *user;   /* NULL = public */
	char key[AUTH_KEY_LEN + 1]; /* the session's store key ("" = none) */
	struct store *st;
	struct tc_err store_err; /* why the store is unavailable (code 0 = fine) */
};

static struct req_state *state(struct http_req *req)
{
	struct req_state *s = http_req_local(req);
	if (s == NULL) {
		s = arena_calloc(http_arena(req), 1, sizeof *s);
		http_req_set_local(req, s);
	}
	return s;
}

/* The connection without the user (web_user needs it to find the user). */
static struct store *raw_store(struct http_req *req, struct req_state *rs)
{
	if (rs->st)
		return rs->st;
	if (rs->store_err.code)
		return NULL;
	const struct srv_config *cfg = app_cfg(req);
	if (cfg == NULL || cfg->db_path == NULL) {
		tc_err_set(&rs->store_err, TC_EIO, "the server runs without a database (--db)");
		return NULL;
	}
	rs->st = thread_store(cfg->db_path, &rs->store_err);
	if (rs->st)
		store_rollback(rs->st); /* a transaction a previous handler left open */
	return rs->st;
}

static bool is_unavailable(const struct tc_err *err)
{
	return err->code == TC_EIO || err->code == TC_ENOTFOUND;
}

void web_store_error(struct http_req *req, struct http_resp *resp, const struct tc_err *err)
{
	if (err->code == TC_EIO && (strstr(err->msg, "locked") || strstr(err->msg, "database (--db)") ||
				    strstr(err->msg, "cannot write"))) {
		http_error(req, resp, 503, "Cơ sở dữ liệu đang bận hoặc tạm thời không sẵn sàng. "
			   "Không có thay đổi nào được ghi. Vui lòng thử lại sau ít phút.");
		http_add_header(resp, "Retry-After", "30");
		return;
	}
	http_error_from(req, resp, err);
}

struct store *web_store_quiet(struct http_req *req)
{
	struct req_state *rs = state(req);
	return rs ? raw_store(req, rs) : NULL;
}

struct store *web_store(struct http_req *req, struct http_resp *resp)
{
	struct req_state *rs = state(req);
	if (rs == NULL) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	const struct web_user *u = web_user(req);
	struct store *st = raw_store(req, rs);
	if (st == NULL) {
		if (is_unavailable(&rs->store_err)) {
			http_error(req, resp, 503, "Cơ sở dữ liệu tạm thời không sẵn sàng. Vui lòng "
				   "thử lại sau ít phút.");
			http_add_header(resp, "Retry-After", "30");
		} else {
			web_store_error(req, resp, &rs->store_err);
		}
		return NULL;
	}
	if (!rs->store_ready) {
		/* The connection outlives the request: always reset who acts. */
		char actor[80];
		snprintf(actor, sizeof actor, "%s%s", u ? "user:" : "web:", u ? u->username : "anonymous");
		struct tc_err err = {0};
		if (store_set_actor(st, actor, &err) != 0) {
			http_error(req, resp, 500, NULL);
			return NULL;
		}
		rs->store_ready = true;
	}
	return st;
}

/* ---- The current user -------------------------------------------------------- */

static void fill_user(struct web_user *w, const struct store_user *u, const char *csrf)
{
	memset(w, 0, sizeof *w);
	w->id = u->id;
	snprintf(w->username, sizeof w->username, "%s", u->username);
	snprintf(w->display_name, sizeof w->display_name, "%s",
		 u->display_name[0] ? u->display_name : u->username);
	w->scope = u->scope;
	w->official_id = u->official_id;
	snprintf(w->csrf, sizeof w->csrf, "%s", csrf);
}

/* Ends a session found stale or orphaned (best effort: a failure only
 * leaves a row that the store's expiry or the next attempt removes). */
static void drop_session(struct store *st, const char *key)
{
	struct tc_err err = {0};
	if (store_set_actor(st, "web:expiry", &err) == 0)
		store_session_delete(st, key, &err);
}

static struct web_user *lookup(struct http_req *req, struct req_state *rs)
{
	const char *sid = http_cookie(req, WEB_SESSION_COOKIE);
	if (sid == NULL || !auth_token_wellformed(sid))
		return NULL;
	struct store *st = raw_store(req, rs);
	if (st == NULL)
		return NULL;
	char key[AUTH_KEY_LEN + 1];
	auth_session_key(sid, key);
	struct store_session s;
	struct tc_err err = {0};
	if (store_session_get(st, key, &s, &err) != 0) {
		if (err.code != TC_ENOTFOUND)
			rs->store_err = err;
		return NULL;
	}
	const struct srv_config *cfg = app_cfg(req);
	int64_t now = (int64_t)time(NULL);
	struct store_user u;
	if (!web_session_fresh(s.created_at, s.last_seen, now, cfg->session_idle_s,
			       cfg->session_max_s) ||
	    store_user_get_id(st, s.user_id, &u, &err) != 0 || !u.active) {
		drop_session(st, key);
		return NULL;
	}
	struct web_user *w = arena_calloc(http_arena(req), 1, sizeof *w);
	if (w == NULL || wf_role_parse(u.role, &w->role) != 0)
		return NULL;
	enum wf_role role = w->role;
	fill_user(w, &u, s.csrf);
	w->role = role;
	int64_t seen;
	/* Touch at most every minute (every idle/2 when idle is short): one
	 * write per minute per user, not one per request. */
	int64_t step = cfg->session_idle_s / 2 < 60 ? cfg->session_idle_s / 2 : 60;
	if (web_ts_parse(s.last_seen, &seen) == 0 && now - seen >= step) {
		char at[21];
		web_ts_format(now, at);
		store_session_touch(st, key, at, &err);
	}
	memcpy(rs->key, key, sizeof key);
	return w;
}

const struct web_user *web_user(struct http_req *req)
{
	struct req_state *rs = state(req);
	if (rs == NULL)
		return NULL;
	if (!rs->looked_up) {
		rs->looked_up = true;
		rs->user = lookup(req, rs);
	}
	return rs->user;
}

const struct store_scope *web_scope(struct http_req *req)
{
	/* Matches no row: the public and anyone not signed in. */
	static const struct store_scope NOTHING = {STORE_SCOPE_UNIT, ""};
	const struct web_user *u = web_user(req);
	if (u == NULL)
		return &NOTHING;
	if (u->role == WF_ROLE_ADMIN)
		return NULL;
	return &u->scope;
}

void web_csrf_field(struct http_req *req, struct buf *out)
{
	const struct web_user *u = web_user(req);
	if (u)
		html_printf(out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", u->csrf);
}

/* ---- Gates ------------------------------------------------------------------------ */

/* /dang-nhap?next=<this page> (GET: with its query; else the path only). */
static void redirect_to_login(struct http_req *req, struct http_resp *resp)
{
	struct buf target, loc;
	buf_init(&target, 2048);
	buf_init(&loc, 8192);
	buf_puts(&target, http_path(req));
	const struct form *q = http_query(req);
	if (strcmp(http_method(req), "GET") == 0 && q)
		for (size_t i = 0; i < q->n; i++) {
			buf_putc(&target, i ? '&' : '?');
			html_esc_url(&target, q->f[i].name, strlen(q->f[i].name));
			buf_putc(&target, '=');
			html_esc_url(&target, q->f[i].value, q->f[i].len);
		}
	buf_puts(&loc, "/dang-nhap");
	if (!buf_failed(&target) && web_local_path(buf_cstr(&target)) &&
	    strcmp(buf_cstr(&target), "/") != 0) {
		buf_puts(&loc, "?next=");
		html_esc_url(&loc, buf_cstr(&target), buf_len(&target));
	}
	http_status(resp, 303);
	if (buf_failed(&loc) || http_add_header(resp, "Location", buf_cstr(&loc)) != 0)
		http_add_header(resp, "Location", "/dang-nhap");
	http_type(resp, "text/plain; charset=utf-8");
	buf_puts(http_out(resp), "Vui lòng đăng nhập.\n");
	buf_free(&target);
	buf_free(&loc);
}

bool web_gate_login(struct http_req *req, struct http_resp *resp)
{
	if (web_user(req) != NULL)
		return true;
	struct req_state *rs = state(req);
	if (rs && rs->store_err.code) {
		web_store(req, resp); /* writes the 503/500 */
		return false;
	}
	if (http_is_api(req))
		http_error(req, resp, 401, "Bạn cần đăng nhập để dùng chức năng này "
			   "(POST /api/v1/session).");
	else
		redirect_to_login(req, resp);
	return false;
}

bool web_gate_role(struct http_req *req, struct http_resp *resp, unsigned roles)
{
	if (!web_gate_login(req, resp))
		return false;
	const struct web_user *u = web_user(req);
	if (roles & WEB_ROLES(u->role))
		return true;
	http_error(req, resp, 403, "Tài khoản của bạn không có quyền dùng chức năng này.");
	return false;
}

static bool in_scope(const struct web_user *w, const struct store_unit *u)
{
	switch (w->scope.kind) {
	case STORE_SCOPE_ALL: return true;
	case STORE_SCOPE_PROVINCE: return strcmp(u->province, w->scope.code) == 0;
	case STORE_SCOPE_DISTRICT: return u->district[0] && strcmp(u->district, w->scope.code) == 0;
	case STORE_SCOPE_UNIT: return strcmp(u->code, w->scope.code) == 0;
	}
	return false;
}

bool web_gate_unit(struct http_req *req, struct http_resp *resp, const char *unit_code,
		   int year)
{
	if (!web_gate_login(req, resp))
		return false;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return false;
	struct store_unit u;
	struct tc_err err = {0};
	if (unit_code == NULL || store_unit_at_year(st, unit_code, year, &u, &err) != 0) {
		if (unit_code == NULL || err.code == TC_ENOTFOUND)
			http_error(req, resp, 404, "Không có đơn vị hành chính này trong năm đã chọn.");
		else
			web_store_error(req, resp, &err);
		return false;
	}
	const struct web_user *w = web_user(req);
	if (w->role == WF_ROLE_ADMIN || in_scope(w, &u))
		return true;
	http_error(req, resp, 403, "Đơn vị này nằm ngoài phạm vi tài khoản của bạn.");
	return false;
}

bool web_gate_csrf(struct http_req *req, struct http_resp *resp, const struct form *form)
{
	const struct web_user *u = web_user(req);
	const char *given = form ? form_get(form, "csrf") : http_header(req, "X-CSRF-Token");
	if (u && auth_csrf_ok(u->csrf, given))
		return true;
	http_error(req, resp, 403, "Yêu cầu bị từ chối: mã chống giả mạo (CSRF) thiếu hoặc không "
		   "đúng, hoặc phiên đăng nhập đã hết hạn. Hãy tải lại trang, đăng nhập lại nếu "
		   "cần, rồi thử lại. Không có thay đổi nào được ghi.");
	return false;
}

/* ---- Sign in, sign out ------------------------------------------------------------ */

const struct web_user *web_session_start(struct http_req *req, struct http_resp *resp,
					 const struct store_user *u)
{
	struct req_state *rs = state(req);
	struct store *st = rs ? raw_store(req, rs) : NULL;
	if (st == NULL) {
		web_store(req, resp);
		return NULL;
	}
	const struct srv_config *cfg = app_cfg(req);
	struct web_user *w = arena_calloc(http_arena(req), 1, sizeof *w);
	enum wf_role role;
	if (w == NULL || wf_role_parse(u->role, &role) != 0) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	char actor[80], sid[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	snprintf(actor, sizeof actor, "user:%s", u->username);
	struct tc_err err = {0};
	if (store_set_actor(st, actor, &err) != 0) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	rs->store_ready = true;
	web_user(req); /* an old session on this request ends below */
	if (rs->key[0])
		store_session_delete(st, rs->key, &err);
	auth_token(sid);
	auth_token(csrf);
	struct store_session s;
	memset(&s, 0, sizeof s);
	auth_session_key(sid, s.token_hash);
	s.user_id = u->id;
	int64_t now = (int64_t)time(NULL);
	web_ts_format(now, s.created_at);
	web_ts_format(now, s.last_seen);
	web_ts_format(now + cfg->session_max_s, s.expires_at);
	memcpy(s.csrf, csrf, sizeof csrf);
	if (store_session_add(st, &s, &err) != 0) {
		web_store_error(req, resp, &err);
		return NULL;
	}
	/* Sign-ins are rare: a good moment to drop sessions past their
	 * absolute expiry (best effort; idle ones go when next presented). */
	long purged;
	store_session_purge(st, &purged, &err);
	if (http_set_cookie(req, resp, WEB_SESSION_COOKIE, sid, -1) != 0) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	fill_user(w, u, csrf);
	w->role = role;
	rs->user = w;
	memcpy(rs->key, s.token_hash, sizeof rs->key);
	return w;
}

int web_session_end(struct http_req *req, struct http_resp *resp)
{
	struct req_state *rs = state(req);
	if (rs == NULL || web_user(req) == NULL || rs->key[0] == '\0') {
		http_set_cookie(req, resp, WEB_SESSION_COOKIE, "x", 0);
		return 0;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return -1;
	struct tc_err err = {0};
	if (store_session_delete(st, rs->key, &err) != 0 && err.code != TC_ENOTFOUND) {
		web_store_error(req, resp, &err);
		return -1;
	}
	rs->key[0] = '\0';
	rs->user = NULL;
	http_set_cookie(req, resp, WEB_SESSION_COOKIE, "x", 0);
	return 0;
}
