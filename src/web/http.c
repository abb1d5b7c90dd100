/* http.c — requests, responses, routing, error pages (see http.h). */
#include "web/http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"

#define MAX_PARAMS 8
#define MAX_SEGMENTS 32

/* Every response carries these (http_finish). The CSP allows no inline
 * script or style and no framing; pages load only /static/ files. */
static const char *const SECURITY_HEADERS[][2] = {
	{"Content-Security-Policy",
	 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
};

struct kvs {
	const char **k, **v;
	size_t n, cap;
};

struct http_req {
	struct arena *a;
	const char *method, *path;
	struct kvs headers;
	struct form_field *qf;   /* query fields, grown by doubling */
	size_t qcap;
	struct form query_form;  /* view of qf for handlers */
	struct form cookies;
	bool cookies_parsed;
	const char *pnames[MAX_PARAMS], *pvalues[MAX_PARAMS];
	size_t n_params;
	const char *body;
	size_t body_len;
	const char *ip;
	bool secure;
	void *app;
	void *local;  /* session.c's per-request state */
};

struct http_resp {
	struct arena *a;
	int status;
	const char *type;
	struct buf body;
	struct kvs headers;
	bool finished;
};

static int kvs_add(struct arena *a, struct kvs *s, const char *k, const char *v)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		const char **nk = arena_calloc(a, nc, sizeof *nk);
		const char **nv = arena_calloc(a, nc, sizeof *nv);
		if (nk == NULL || nv == NULL)
			return -1;
		if (s->n) {
			memcpy(nk, s->k, s->n * sizeof *nk);
			memcpy(nv, s->v, s->n * sizeof *nv);
		}
		s->k = nk;
		s->v = nv;
		s->cap = nc;
	}
	s->k[s->n] = arena_strdup(a, k);
	s->v[s->n] = arena_strdup(a, v);
	if (s->k[s->n] == NULL || s->v[s->n] == NULL)
		return -1;
	s->n++;
	return 0;
}

struct http_req *http_req_new(struct arena *a, const char *method, const char *path)
{
	struct http_req *r = arena_calloc(a, 1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->a = a;
	r->method = arena_strdup(a, method);
	r->path = arena_strdup(a, path);
	r->ip = "";
	if (r->method == NULL || r->path == NULL)
		return NULL;
	return r;
}

int http_req_add_query(struct http_req *r, const char *name, const char *value)
{
	size_t n = r->query_form.n;
	if (n >= HTTP_MAX_QUERY)
		return -1;
	if (n == r->qcap) {
		size_t nc = r->qcap ? r->qcap * 2 : 16;
		struct form_field *nf = arena_calloc(r->a, nc, sizeof *nf);
		if (nf == NULL)
			return -1;
		if (n)
			memcpy(nf, r->qf, n * sizeof *nf);
		r->qf = nf;
		r->qcap = nc;
	}
	r->qf[n].name = arena_strdup(r->a, name);
	r->qf[n].value = arena_strdup(r->a, value);
	if (r->qf[n].name == NULL || r->qf[n].value == NULL)
		return -1;
	r->qf[n].len = strlen(value);
	r->query_form.f = r->qf;
	r->query_form.n = n + 1;
	return 0;
}

int http_req_add_header(struct http_req *r, const char *name, const char *value)
{
	return kvs_add(r->a, &r->headers, name, value);
}

void http_req_set_body(struct http_req *r, const char *data, size_t len)
{
	r->body = data;
	r->body_len = len;
}

void http_req_set_peer(struct http_req *r, const char *ip, bool secure)
{
	r->ip = ip ? ip : "";
	r->secure = secure;
}

void http_req_set_app(struct http_req *r, void *app) { r->app = app; }
void http_req_set_local(struct http_req *r, void *p) { r->local = p; }
void *http_req_local(const struct http_req *r) { return r->local; }
struct arena *http_arena(const struct http_req *r) { return r->a; }
void *http_app(const struct http_req *r) { return r->app; }
const char *http_method(const struct http_req *r) { return r->method; }
const char *http_path(const struct http_req *r) { return r->path; }
const struct form *http_query(const struct http_req *r) { return &r->query_form; }
const char *http_peer_ip(const struct http_req *r) { return r->ip; }
bool http_secure(const struct http_req *r) { return r->secure; }

const char *http_param(const struct http_req *r, const char *name)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (strcmp(r->pnames[i], name) == 0)
			return r->pvalues[i];
	return NULL;
}

const char *http_header(const struct http_req *r, const char *name)
{
	for (size_t i = 0; i < r->headers.n; i++)
		if (strcasecmp(r->headers.k[i], name) == 0)
			return r->headers.v[i];
	return NULL;
}

const char *http_cookie(struct http_req *r, const char *name)
{
	struct http_req *w = r; /* parsed on first use, cached */
	if (!w->cookies_parsed) {
		w->cookies_parsed = true;
		const char *h = http_header(r, "Cookie");
		if (h && form_parse_cookies(w->a, h, strlen(h), &w->cookies, NULL) != 0)
			w->cookies.n = 0;
	}
	return form_get(&r->cookies, name);
}

const char *http_body(const struct http_req *r, size_t *len)
{
	if (len)
		*len = r->body_len;
	return r->body ? r->body : "";
}

bool http_is_api(const struct http_req *r)
{
	return strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0;
}

bool http_content_type_is(const struct http_req *r, const char *type)
{
	const char *ct = http_header(r, "Content-Type");
	if (ct == NULL)
		return false;
	size_t n = strlen(type);
	if (strncasecmp(ct, type, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

int http_form(struct http_req *r, struct form *out, struct tc_err *err)
{
	if (!http_content_type_is(r, "application/x-www-form-urlencoded"))
		return tc_err_set(err, TC_EINPUT,
				  "Biểu mẫu phải được gửi với kiểu application/x-www-form-urlencoded.");
	return form_parse_urlencoded(r->a, r->body ? r->body : "", r->body_len, NULL, out, err);
}

struct http_resp *http_resp_new(struct arena *a)
{
	struct http_resp *r = arena_calloc(a, 1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->a = a;
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	buf_init(&r->body, HTTP_MAX_BODY_HTML);
	return r;
}

void http_resp_free(struct http_resp *resp)
{
	if (resp)
		buf_free(&resp->body);
}

struct buf *http_out(struct http_resp *resp) { return &resp->body; }
void http_status(struct http_resp *resp, int status) { resp->status = status; }
void http_type(struct http_resp *resp, const char *ct) { resp->type = ct; }
int http_resp_status(const struct http_resp *resp) { return resp->status; }
const char *http_resp_type(const struct http_resp *resp) { return resp->type; }
size_t http_resp_header_count(const struct http_resp *resp) { return resp->headers.n; }

void http_resp_header_at(const struct http_resp *resp, size_t i, const char **name,
			 const char **value)
{
	*name = resp->headers.k[i];
	*value = resp->headers.v[i];
}

int http_add_header(struct http_resp *resp, const char *name, const char *value)
{
	/* CR/LF in a header value would split the response */
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return -1;
	return kvs_add(resp->a, &resp->headers, name, value);
}

static int cookie_token_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7F || strchr(";,\"\\=", *s))
			return 0;
	return 1;
}

int http_set_cookie(struct http_req *req, struct http_resp *resp, const char *name,
		    const char *value, long max_age)
{
	if (!cookie_token_ok(name) || !cookie_token_ok(value))
		return -1;
	char age[48] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	struct buf b;
	buf_init(&b, 4096);
	buf_puts(&b, name);
	buf_putc(&b, '=');
	buf_puts(&b, value);
	buf_puts(&b, "; Path=/; HttpOnly; SameSite=Strict");
	buf_puts(&b, age);
	if (http_secure(req))
		buf_puts(&b, "; Secure");
	int rc = buf_failed(&b) ? -1 : http_add_header(resp, "Set-Cookie", buf_cstr(&b));
	buf_free(&b);
	return rc;
}

void http_json(struct http_resp *resp, int status, json_t *j)
{
	buf_reset(&resp->body);
	resp->status = status;
	resp->type = "application/json; charset=utf-8";
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(j);
	if (s == NULL) {
		resp->status = 500;
		buf_puts(&resp->body, "{\"error\":{\"status\":500,\"message\":\"JSON\"}}");
		return;
	}
	buf_puts(&resp->body, s);
	buf_putc(&resp->body, '\n');
	free(s);
}

const char *http_reason_vi(int status)
{
	switch (status) {
	case 400: return "Yêu cầu không hợp lệ";
	case 401: return "Cần đăng nhập";
	case 403: return "Không có quyền truy cập";
	case 404: return "Không tìm thấy trang";
	case 405: return "Phương thức không được hỗ trợ";
	case 408: return "Hết thời gian chờ yêu cầu";
	case 409: return "Xung đột dữ liệu";
	case 413: return "Nội dung gửi lên quá lớn";
	case 415: return "Kiểu nội dung không được hỗ trợ";
	case 422: return "Dữ liệu không hợp lệ";
	case 429: return "Quá nhiều yêu cầu";
	case 503: return "Máy chủ đang tạm dừng";
	default: return status >= 500 ? "Lỗi máy chủ" : "Yêu cầu không thành công";
	}
}

static const char *default_msg(int status)
{
	switch (status) {
	case 404: return "Địa chỉ bạn yêu cầu không tồn tại. Hãy kiểm tra lại đường dẫn hoặc quay về trang chủ.";
	case 405: return "Địa chỉ này không nhận phương thức bạn đã dùng.";
	case 413: return "Dữ liệu gửi lên vượt quá giới hạn cho phép. Hãy gửi tệp nhỏ hơn.";
	case 500: return "Đã xảy ra lỗi trong máy chủ. Lỗi đã được ghi lại; vui lòng thử lại sau.";
	default: return "Yêu cầu không thể thực hiện.";
	}
}

void http_error(struct http_req *req, struct http_resp *resp, int status, const char *msg)
{
	const char *title = http_reason_vi(status);
	if (msg == NULL || msg[0] == '\0')
		msg = default_msg(status);
	buf_reset(&resp->body);
	resp->status = status;
	if (http_is_api(req)) {
		json_t *j = json_pack("{s:{s:i,s:s,s:s}}", "error", "status", status,
				      "title", title, "message", msg);
		http_json(resp, status, j);
		return;
	}
	resp->type = "text/html; charset=utf-8";
	struct buf *b = &resp->body;
	layout_begin(b, title, NULL);
	html_printf(b, "<h1>%h</h1>\n<p class=\"error-code\">Mã lỗi %d</p>\n<p>%h</p>\n",
		    title, status, msg);
	if (status == 404 || status == 405)
		html_printf(b, "<p>Địa chỉ đã yêu cầu: <code>%h</code></p>\n", req->path);
	html_printf(b, "<p><a href=\"/\">Về trang chủ</a></p>\n");
	layout_end(b);
}

void http_error_from(struct http_req *req, struct http_resp *resp, const struct tc_err *err)
{
	int st;
	switch (err->code) {
	case TC_EINPUT: st = 400; break;
	case TC_ENOTFOUND: st = 404; break;
	case TC_ECONFLICT: st = 409; break;
	case TC_EPERM: st = 403; break;
	default: st = 500; break;
	}
	/* internal details go to the log, not on the page */
	if (st == 500)
		fprintf(stderr, "tiepcan serve: %s %s: %s\n", req->method, req->path, err->msg);
	http_error(req, resp, st, st == 500 ? NULL : err->msg);
}

/* Matches path against pattern; on success fills the request's params.
 * Segments are compared whole; "{x}" matches one non-empty segment. */
static bool match(struct http_req *r, const char *pat, const char *path)
{
	size_t np = 0;
	const char *names[MAX_PARAMS], *vals[MAX_PARAMS];
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++;
		path++;
		size_t pl = strcspn(pat, "/"), sl = strcspn(path, "/");
		if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || np == MAX_PARAMS)
				return false;
			names[np] = arena_strndup(r->a, pat + 1, pl - 2);
			vals[np] = arena_strndup(r->a, path, sl);
			if (names[np] == NULL || vals[np] == NULL)
				return false;
			np++;
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return false;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return false;
	memcpy(r->pnames, names, np * sizeof *names);
	memcpy(r->pvalues, vals, np * sizeof *vals);
	r->n_params = np;
	return true;
}

static bool method_ok(const char *route_m, const char *req_m)
{
	return strcmp(route_m, req_m) == 0 ||
	       (strcmp(route_m, "GET") == 0 && strcmp(req_m, "HEAD") == 0);
}

/* 405: lists the methods the path does answer. */
static void not_allowed(const struct http_route *routes, struct http_req *req,
			struct http_resp *resp)
{
	struct buf allow;
	buf_init(&allow, 256);
	for (const struct http_route *rt = routes; rt->method; rt++) {
		if (!match(req, rt->pattern, req->path))
			continue;
		if (buf_len(&allow) && strstr(buf_cstr(&allow), rt->method))
			continue;
		if (buf_len(&allow))
			buf_puts(&allow, ", ");
		buf_puts(&allow, rt->method);
		if (strcmp(rt->method, "GET") == 0)
			buf_puts(&allow, ", HEAD");
	}
	http_error(req, resp, 405, NULL);
	if (!buf_failed(&allow))
		http_add_header(resp, "Allow", buf_cstr(&allow));
	buf_free(&allow);
	req->n_params = 0;
}

/* A cross-site write: Origin present and not this server. Without Origin
 * (curl, old clients) the CSRF token decides. */
static bool cross_origin_write(const struct http_req *req)
{
	const char *m = req->method;
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0)
		return false;
	const char *origin = http_header(req, "Origin");
	const char *host = http_header(req, "Host");
	if (origin == NULL)
		return false;
	if (host == NULL)
		return true;
	const char *rest = strncmp(origin, "https://", 8) == 0 ? origin + 8
			 : strncmp(origin, "http://", 7) == 0 ? origin + 7 : NULL;
	return rest == NULL || strcasecmp(rest, host) != 0;
}

json_t *http_json_body(struct http_req *req, struct http_resp *resp)
{
	if (!http_content_type_is(req, "application/json")) {
		http_error(req, resp, 415, "Dữ liệu phải được gửi với kiểu application/json.");
		return NULL;
	}
	if (req->body_len > ((size_t)1 << 20)) {
		http_error(req, resp, 413, NULL);
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(req->body ? req->body : "", req->body_len,
			       JSON_REJECT_DUPLICATES, &je);
	if (j == NULL) {
		/* jansson quotes the offending bytes, which may be invalid UTF-8:
		 * cut the text there, or the error response itself cannot be
		 * encoded (it became a 500; found by fuzz_json_body). */
		size_t bad = 0;
		if (!utf8_valid(je.text, strlen(je.text), &bad))
			je.text[bad] = '\0';
		char msg[300];
		snprintf(msg, sizeof msg, "JSON không hợp lệ ở dòng %d, cột %d: %s.",
			 je.line, je.column, je.text);
		http_error(req, resp, 400, msg);
	}
	return j;
}

/* The request being dispatched on this thread (http_current). */
static _Thread_local struct http_req *current_req;

struct http_req *http_current(void)
{
	return current_req;
}

static void dispatch(const struct http_route *routes, struct http_req *req,
		     struct http_resp *resp)
{
	bool path_seen = false;
	if (cross_origin_write(req)) {
		http_error(req, resp, 403, "Yêu cầu thay đổi dữ liệu từ một trang web khác bị từ chối.");
		return;
	}
	for (const struct http_route *rt = routes; rt->method; rt++) {
		if (!match(req, rt->pattern, req->path))
			continue;
		path_seen = true;
		if (!method_ok(rt->method, req->method))
			continue;
		html_bug_take(NULL, 0); /* start clean */
		rt->fn(req, resp);
		char why[200];
		if (html_bug_take(why, sizeof why)) {
			fprintf(stderr, "tiepcan serve: BUG in %s %s: %s\n", req->method, req->path, why);
			http_error(req, resp, 500, NULL);
		} else if (buf_failed(&resp->body)) {
			fprintf(stderr, "tiepcan serve: %s %s: response body too large or out of memory\n",
				req->method, req->path);
			http_error(req, resp, 500, NULL);
		}
		return;
	}
	if (path_seen)
		not_allowed(routes, req, resp);
	else
		http_error(req, resp, 404, NULL);
}

void http_dispatch(const struct http_route *routes, struct http_req *req,
		   struct http_resp *resp)
{
	struct http_req *outer = current_req;
	current_req = req;
	dispatch(routes, req, resp);
	current_req = outer;
}

void http_finish(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	if (resp->finished)
		return;
	resp->finished = true;
	for (size_t i = 0; i < sizeof SECURITY_HEADERS / sizeof SECURITY_HEADERS[0]; i++)
		http_add_header(resp, SECURITY_HEADERS[i][0], SECURITY_HEADERS[i][1]);
	/* pages are per-user once sessions exist; static files set their own */
	bool has_cc = false;
	for (size_t i = 0; i < resp->headers.n; i++)
		has_cc |= strcasecmp(resp->headers.k[i], "Cache-Control") == 0;
	if (!has_cc)
		http_add_header(resp, "Cache-Control", "no-store");
}
