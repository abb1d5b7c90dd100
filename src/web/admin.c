/* admin.c — accounts and the audit log for administrators (see admin.h). */
#include "web/admin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/usercheck.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/session.h"

#define AUDIT_PAGE 50
#define AUDIT_API_MAX 500

/* ---- Pure helpers ------------------------------------------------------------ */

void admin_time_vi(const char *ts, char out[17])
{
	int64_t t;
	out[0] = '\0';
	if (web_ts_parse(ts, &t) != 0)
		return;
	time_t tt = (time_t)(t + 7 * 3600); /* Vietnam: UTC+7, no daylight saving */
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 17, "%d/%m/%Y %H:%M", &tm) != 16)
		out[0] = '\0';
}

static void put_value(struct buf *out, const json_t *v)
{
	if (v == NULL || json_is_null(v)) {
		buf_puts(out, "—");
		return;
	}
	if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	buf_puts(out, s ? s : "?");
	free(s);
}

/* Every key of a (or b) whose value differs, in key order of a then b. */
static void diff_objects(json_t *a, json_t *b, struct buf *out)
{
	const char *k;
	json_t *v;
	bool first = true;
	json_object_foreach(a, k, v) {
		json_t *w = b ? json_object_get(b, k) : NULL;
		if (w && json_equal(v, w))
			continue;
		buf_puts(out, first ? "" : "; ");
		first = false;
		buf_puts(out, k);
		buf_puts(out, ": ");
		put_value(out, v);
		buf_puts(out, " → ");
		put_value(out, w);
	}
	json_object_foreach(b, k, v) {
		if (a && json_object_get(a, k))
			continue;
		buf_puts(out, first ? "" : "; ");
		first = false;
		buf_puts(out, k);
		buf_puts(out, ": — → ");
		put_value(out, v);
	}
}

void admin_diff(const char *before, const char *after, struct buf *out)
{
	json_t *a = before ? json_loads(before, JSON_DECODE_ANY, NULL) : NULL;
	json_t *b = after ? json_loads(after, JSON_DECODE_ANY, NULL) : NULL;
	if ((a == NULL || json_is_object(a)) && (b == NULL || json_is_object(b)) && (a || b)) {
		if (a == NULL) {
			/* an insert: every field as written, "— → value" */
			json_t *empty = json_object();
			diff_objects(empty, b, out);
			json_decref(empty);
		} else {
			diff_objects(a, b, out);
		}
	} else {
		buf_puts(out, before ? before : "—");
		buf_puts(out, " → ");
		buf_puts(out, after ? after : "—");
	}
	json_decref(a);
	json_decref(b);
}

/* ---- Accounts ------------------------------------------------------------------ */

struct user_form {
	const char *login, *name, *role, *unit;
	struct uc_problems p;
	const char *err_password, *err_login_taken, *err_general;
};

static int user_row_cb(const struct store_user *u, void *ctx)
{
	void **c = ctx;
	struct http_req *req = c[0];
	struct buf *b = c[1];
	enum wf_role r;
	const char *role = wf_role_parse(u->role, &r) == 0 ? web_role_label(r) : u->role;
	char created[17];
	admin_time_vi(u->created_at, created);
	html_printf(b, "<tr><td><code>%h</code></td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		    "<td>%h</td><td><form method=\"post\" action=\"/quan-tri/nguoi-dung/%u/%S\">",
		    u->username, u->display_name, role, u->scope.code[0] ? u->scope.code : "—",
		    u->active ? "Đang hoạt động" : "Đã khoá", created, u->username,
		    u->active ? "khoa" : "mo-khoa");
	web_csrf_field(req, b);
	html_printf(b, "<button type=\"submit\" class=\"secondary\">%S</button></form></td></tr>\n",
		    u->active ? "Khoá" : "Mở khoá");
	return 0;
}

static void field_error(struct buf *b, const char *id, const char *msg)
{
	if (msg && msg[0])
		html_printf(b, "<span class=\"field-error\" id=\"loi-%a\">%h</span>\n", id, msg);
}

static void text_field(struct buf *b, const char *id, const char *label, const char *hint,
		       const char *type, const char *value, const char *err)
{
	bool bad = err && err[0];
	html_printf(b, "<p><label for=\"%a\">%h <small>%h</small></label>\n"
		    "<input type=\"%a\" id=\"%a\" name=\"%a\" value=\"%a\"", id, label, hint, type,
		    id, id, value);
	if (bad)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"loi-%a\"", id);
	html_printf(b, ">\n");
	field_error(b, id, err);
	html_printf(b, "</p>\n");
}

static void create_form(struct http_req *req, struct buf *b, const struct user_form *f)
{
	html_printf(b, "<h2>Tạo tài khoản</h2>\n");
	if (f->err_general)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", f->err_general);
	html_printf(b, "<form method=\"post\" action=\"/quan-tri/nguoi-dung\" novalidate>\n");
	web_csrf_field(req, b);
	text_field(b, "login", "Tên đăng nhập", "(a-z, 0-9, dấu chấm, gạch dưới, gạch ngang)",
		   "text", f->login,
		   f->err_login_taken ? f->err_login_taken : uc_message_vi(f->p.login));
	text_field(b, "name", "Họ tên", "(hiển thị trên trang và trong nhật ký)", "text", f->name,
		   uc_message_vi(f->p.name));
	html_printf(b, "<p><label for=\"role\">Vai trò</label>\n<select id=\"role\" name=\"role\"%S>\n",
		    f->p.role ? " aria-invalid=\"true\" aria-describedby=\"loi-role\"" : "");
	for (int r = 0; r < WF_N_ROLES; r++) {
		const char *name = wf_role_name((enum wf_role)r);
		bool sel = f->role && strcmp(f->role, name) == 0;
		html_printf(b, "<option value=\"%a\"%S>%h</option>\n", name, sel ? " selected" : "",
			    web_role_label((enum wf_role)r));
	}
	html_printf(b, "</select>\n");
	field_error(b, "role", uc_message_vi(f->p.role));
	html_printf(b, "</p>\n");
	text_field(b, "unit", "Mã đơn vị", "(xã: 5 chữ số; thẩm định, Hội đồng: mã tỉnh 2 chữ số "
		   "hoặc mã huyện 3 chữ số; quản trị: để trống)", "text", f->unit,
		   uc_message_vi(f->p.unit));
	text_field(b, "password", "Mật khẩu", "(ít nhất 8 ký tự)", "password", "", f->err_password);
	text_field(b, "password2", "Nhập lại mật khẩu", "", "password", "", NULL);
	html_printf(b, "<p><button type=\"submit\">Tạo tài khoản</button></p>\n</form>\n");
}

bool admin_form(struct http_req *req, struct http_resp *resp, struct form *fm)
{
	if (!web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)))
		return false;
	struct tc_err err = {0};
	if (http_form(req, fm, &err) != 0) {
		http_error_from(req, resp, &err);
		return false;
	}
	return web_gate_csrf(req, resp, fm);
}

struct buf *admin_page(struct http_resp *resp, int status, const char *title)
{
	struct buf *b = http_out(resp);
	buf_reset(b);
	http_status(resp, status);
	http_type(resp, "text/html; charset=utf-8");
	layout_begin(b, title, NULL);
	return b;
}

static void users_page(struct http_req *req, struct http_resp *resp, int status,
		       const struct user_form *f)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct buf *b = admin_page(resp, status, "Quản lý người dùng");
	html_printf(b, "<h1>Quản lý người dùng</h1>\n<p><a href=\"/quan-tri/nhat-ky\">Nhật ký "
		       "thay đổi</a> · <a href=\"/quan-tri/cai-dat\">Năm, thời hạn và ngày nghỉ</a> · "
		       "<a href=\"/quan-tri/don-vi\">Đơn vị hành chính</a> · "
		       "<a href=\"/quan-tri/quy-tac\">Bộ quy tắc: so sánh, tải lên</a></p>\n");
	const struct form *q = http_query(req);
	const char *made = form_get(q, "da-tao"), *off = form_get(q, "da-khoa"),
		   *on = form_get(q, "da-mo");
	if (made)
		html_printf(b, "<p class=\"notice\" role=\"status\">Đã tạo tài khoản %h.</p>\n", made);
	if (off)
		html_printf(b, "<p class=\"notice\" role=\"status\">Đã khoá tài khoản %h; các phiên "
			    "đăng nhập của tài khoản đã kết thúc.</p>\n", off);
	if (on)
		html_printf(b, "<p class=\"notice\" role=\"status\">Đã mở khoá tài khoản %h.</p>\n", on);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th>Tên đăng nhập</th>"
		       "<th>Họ tên</th><th>Vai trò</th><th>Đơn vị</th><th>Trạng thái</th>"
		       "<th>Ngày tạo</th><th>Thao tác</th></tr></thead>\n<tbody>\n");
	void *ctx[2] = {req, b};
	struct tc_err err = {0};
	if (store_user_list(st, user_row_cb, ctx, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	create_form(req, b, f);
	layout_end(b);
}

static void h_users_get(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)))
		return;
	struct user_form f;
	memset(&f, 0, sizeof f);
	f.role = "commune";
	users_page(req, resp, 200, &f);
}

static const char *check_password(const char *pw, const char *pw2)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < AUTH_PASSWORD_MIN)
		return "Mật khẩu phải có ít nhất 8 ký tự.";
	if (n > AUTH_PASSWORD_MAX)
		return "Mật khẩu quá dài (tối đa 1024 byte).";
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		return "Hai lần nhập mật khẩu không khớp.";
	return NULL;
}

/* Validates and adds; false with the form's errors filled when nothing
 * was written (or an error response when `*written_error`). */
static bool create_user(struct http_req *req, struct http_resp *resp, const struct form *fm,
			struct user_form *f, bool *responded)
{
	struct store_user u;
	memset(&u, 0, sizeof u);
	bool ok = uc_check(&u, f->login, f->role, f->unit, f->name, &f->p);
	f->err_password = check_password(form_get(fm, "password"), form_get(fm, "password2"));
	if (!ok || f->err_password)
		return false;
	struct store *st = web_store(req, resp);
	if (st == NULL) {
		*responded = true;
		return false;
	}
	struct tc_err err = {0};
	if (uc_unit_exists(st, &u, &err) != 0) {
		if (err.code != TC_EINPUT) {
			web_store_error(req, resp, &err);
			*responded = true;
		}
		f->p.unit = UC_UNIT_UNKNOWN;
		return false;
	}
	char hash[AUTH_HASH_MAX];
	if (auth_hash_password(form_get(fm, "password"), hash, &err) != 0) {
		f->err_password = "Không tạo được mật khẩu này; hãy chọn mật khẩu khác.";
		return false;
	}
	snprintf(u.password_hash, sizeof u.password_hash, "%s", hash);
	if (store_user_add(st, &u, NULL, &err) != 0) {
		if (err.code == TC_ECONFLICT) {
			f->err_login_taken = "Tên đăng nhập này đã có người dùng; hãy chọn tên khác.";
			return false;
		}
		web_store_error(req, resp, &err);
		*responded = true;
		return false;
	}
	f->login = arena_strdup(http_arena(req), u.username);
	return true;
}

static void h_users_post(struct http_req *req, struct http_resp *resp)
{
	struct form fm;
	if (!admin_form(req, resp, &fm))
		return;
	struct user_form f;
	memset(&f, 0, sizeof f);
	f.login = form_get(&fm, "login");
	f.name = form_get(&fm, "name");
	f.role = form_get(&fm, "role");
	f.unit = form_get(&fm, "unit");
	bool responded = false;
	if (create_user(req, resp, &fm, &f, &responded)) {
		struct buf loc;
		buf_init(&loc, 512);
		buf_puts(&loc, "/quan-tri/nguoi-dung?da-tao=");
		html_esc_url(&loc, f.login, strlen(f.login));
		http_status(resp, 303);
		http_add_header(resp, "Location", buf_failed(&loc) ? "/quan-tri/nguoi-dung" : buf_cstr(&loc));
		buf_free(&loc);
		return;
	}
	if (!responded) {
		f.err_general = "Chưa tạo được tài khoản: hãy sửa các ô được đánh dấu bên dưới. "
				"Không có gì được ghi.";
		users_page(req, resp, 400, &f);
	}
}

static void set_active(struct http_req *req, struct http_resp *resp, int active)
{
	struct form fm;
	struct tc_err err = {0};
	if (!admin_form(req, resp, &fm))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	const char *login = http_param(req, "login");
	struct store_user u;
	if (store_user_get(st, login, &u, &err) != 0) {
		if (err.code == TC_ENOTFOUND)
			http_error(req, resp, 404, "Không có tài khoản này.");
		else
			web_store_error(req, resp, &err);
		return;
	}
	if (!active && u.id == web_user(req)->id) {
		http_error(req, resp, 409, "Không thể tự khoá tài khoản đang dùng. Hãy nhờ một "
			   "quản trị viên khác.");
		return;
	}
	int rc = store_begin(st, &err);
	if (rc == 0)
		rc = store_user_set_active(st, u.id, active, &err);
	if (rc == 0 && !active)
		rc = store_session_delete_user(st, u.id, NULL, &err);
	if (rc == 0)
		rc = store_commit(st, &err);
	else
		store_rollback(st);
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	struct buf loc;
	buf_init(&loc, 512);
	buf_puts(&loc, active ? "/quan-tri/nguoi-dung?da-mo=" : "/quan-tri/nguoi-dung?da-khoa=");
	html_esc_url(&loc, u.username, strlen(u.username));
	http_status(resp, 303);
	http_add_header(resp, "Location", buf_failed(&loc) ? "/quan-tri/nguoi-dung" : buf_cstr(&loc));
	buf_free(&loc);
}

static void h_user_disable(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, 0);
}

static void h_user_enable(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, 1);
}

/* ---- Audit log ------------------------------------------------------------------- */

struct audit_query {
	const char *entity, *key;
	int64_t before;
	int limit;
};

/* Reads entity, key, before, limit; false (400 written) on a bad number. */
static bool audit_query(struct http_req *req, struct http_resp *resp, struct audit_query *q,
			int max)
{
	const struct form *f = http_query(req);
	q->entity = form_get(f, "entity");
	q->key = form_get(f, "key");
	q->before = 0;
	q->limit = AUDIT_PAGE;
	const char *b = form_get(f, "before"), *l = form_get(f, "limit");
	char *end;
	if (b && b[0]) {
		errno = 0;
		long long v = strtoll(b, &end, 10);
		if (errno || *end || v < 1) {
			http_error(req, resp, 400, "Tham số before phải là một số nguyên dương.");
			return false;
		}
		q->before = v;
	}
	if (l && l[0]) {
		errno = 0;
		long v = strtol(l, &end, 10);
		if (errno || *end || v < 1 || v > max) {
			http_error(req, resp, 400, "Tham số limit phải từ 1 đến 500.");
			return false;
		}
		q->limit = (int)v;
	}
	return true;
}

struct audit_ctx {
	struct buf *b;
	json_t *arr;
	int64_t last_id;
	int n;
	struct buf diff;
};

static int audit_row_html(const struct store_audit *a, void *ctx)
{
	struct audit_ctx *c = ctx;
	char when[17];
	admin_time_vi(a->at, when);
	buf_reset(&c->diff);
	admin_diff(a->before, a->after, &c->diff);
	html_printf(c->b, "<tr><td class=\"num\">%lld</td><td>%h</td><td>%h</td><td>%h</td>"
		    "<td>%h</td><td><code>%h</code></td><td>%h</td></tr>\n", (long long)a->id, when,
		    a->actor, a->action, a->entity, a->entity_key, buf_cstr(&c->diff));
	c->last_id = a->id;
	c->n++;
	return 0;
}

static void audit_filter_form(struct buf *b, const struct audit_query *q)
{
	html_printf(b, "<form method=\"get\" action=\"/quan-tri/nhat-ky\" class=\"filters\">\n"
		    "<label for=\"entity\">Đối tượng</label> <input type=\"text\" id=\"entity\" "
		    "name=\"entity\" value=\"%a\">\n<label for=\"key\">Khoá</label> <input "
		    "type=\"text\" id=\"key\" name=\"key\" value=\"%a\">\n<button type=\"submit\">"
		    "Lọc</button>\n</form>\n", q->entity, q->key);
}

static void h_audit_page(struct http_req *req, struct http_resp *resp)
{
	struct audit_query q;
	if (!web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)) ||
	    !audit_query(req, resp, &q, AUDIT_PAGE))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct buf *b = http_out(resp);
	layout_begin(b, "Nhật ký thay đổi", NULL);
	html_printf(b, "<h1>Nhật ký thay đổi</h1>\n<p>Mọi thay đổi dữ liệu, mới nhất trước. Giờ "
		       "Việt Nam (UTC+7). Nhật ký chỉ được ghi thêm, không sửa, không xoá. "
		       "<a href=\"/quan-tri/nguoi-dung\">Quản lý người dùng</a></p>\n");
	audit_filter_form(b, &q);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">Số</th>"
		       "<th>Thời gian</th><th>Người thực hiện</th><th>Thao tác</th><th>Đối tượng"
		       "</th><th>Khoá</th><th>Trước → sau</th></tr></thead>\n<tbody>\n");
	struct audit_ctx c = {b, NULL, 0, 0, {0}};
	buf_init(&c.diff, (size_t)1 << 20);
	struct tc_err err = {0};
	int rc = store_audit_page(st, q.entity, q.key, q.before, q.limit, audit_row_html, &c, &err);
	buf_free(&c.diff);
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	if (c.n == 0)
		html_printf(b, "<p>Không có mục nào.</p>\n");
	if (c.n == q.limit && c.last_id > 1)
		html_printf(b, "<p><a href=\"/quan-tri/nhat-ky?entity=%u&amp;key=%u&amp;before=%lld\">"
			    "Các mục cũ hơn →</a></p>\n", q.entity, q.key, (long long)c.last_id);
	layout_end(b);
}

static json_t *json_or_null(const char *s)
{
	json_t *j = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
	return j ? j : (s ? json_string(s) : json_null());
}

static int audit_row_json(const struct store_audit *a, void *ctx)
{
	struct audit_ctx *c = ctx;
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id", (json_int_t)a->id,
			      "at", a->at, "actor", a->actor, "action", a->action, "entity",
			      a->entity, "key", a->entity_key, "before", json_or_null(a->before),
			      "after", json_or_null(a->after), "hash", a->hash);
	if (j == NULL || json_array_append_new(c->arr, j) != 0)
		return 1;
	c->last_id = a->id;
	c->n++;
	return 0;
}

static void h_audit_api(struct http_req *req, struct http_resp *resp)
{
	struct audit_query q;
	if (!web_gate_role(req, resp, WEB_ROLES(WF_ROLE_ADMIN)) ||
	    !audit_query(req, resp, &q, AUDIT_API_MAX))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct audit_ctx c = {NULL, json_array(), 0, 0, {0}};
	struct tc_err err = {0};
	if (c.arr == NULL ||
	    store_audit_page(st, q.entity, q.key, q.before, q.limit, audit_row_json, &c, &err) != 0) {
		json_decref(c.arr);
		web_store_error(req, resp, &err);
		return;
	}
	json_t *next = c.n == q.limit && c.last_id > 1 ? json_integer(c.last_id) : json_null();
	http_json(resp, 200, json_pack("{s:o,s:o}", "entries", c.arr, "next_before", next));
}

const struct http_route admin_routes[] = {
	{"GET", "/quan-tri/nguoi-dung", h_users_get},
	{"POST", "/quan-tri/nguoi-dung", h_users_post},
	{"POST", "/quan-tri/nguoi-dung/{login}/khoa", h_user_disable},
	{"POST", "/quan-tri/nguoi-dung/{login}/mo-khoa", h_user_enable},
	{"GET", "/quan-tri/nhat-ky", h_audit_page},
	{"GET", "/api/v1/audit", h_audit_api},
	{NULL, NULL, NULL},
};
