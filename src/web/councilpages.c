/* councilpages.c — council meetings and recognition decisions (see
 * councilpages.h). The pages and the API share one validation per action
 * (meeting_check, opinion_check, outcome_check, decision_check) that fills
 * per-field Vietnamese messages; nothing is written unless all pass, and
 * then in one store transaction. */
#include "web/councilpages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/dossier.h"
#include "app/review.h"
#include "core/calendar.h"
#include "core/review.h"
#include "core/workflow.h"
#include "util/mem.h"
#include "util/num.h"
#include "web/dashpages.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/reviewpages.h"
#include "web/session.h"

#define MAX_ERRORS 128
#define MAX_MEMBERS 40
#define MAX_DOSSIERS 400
#define TEXT_MAX 1000

static const unsigned VIEW_ROLES =
	WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_COUNCIL) | WEB_ROLES(WF_ROLE_ADMIN);
static const unsigned MEETING_ROLES = WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_COUNCIL);
static const unsigned DECISION_ROLES = WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_ADMIN);

/* Trusted constant tables (written with %S). */
static const char *const ROLE_KEYS[] = {"chair", "vice_chair", "member", "secretary"};
static const char *const ROLE_VI[] = {"Chủ tịch", "Phó Chủ tịch", "Thành viên", "Thư ký"};
static const char *const OPINION_KEYS[] = {"agree", "disagree", "abstain"};
static const char *const OPINION_VI[] = {"Đồng ý công nhận", "Không đồng ý", "Không biểu quyết"};

static const char *role_vi(const char *k)
{
	for (size_t i = 0; i < 4; i++)
		if (strcmp(k, ROLE_KEYS[i]) == 0)
			return ROLE_VI[i];
	return "?";
}

static const char *opinion_vi(const char *k)
{
	for (size_t i = 0; i < 3; i++)
		if (strcmp(k, OPINION_KEYS[i]) == 0)
			return OPINION_VI[i];
	return "?";
}

/* ---- errors --------------------------------------------------------------- */

struct errs {
	const char *name[MAX_ERRORS];
	const char *msg[MAX_ERRORS];
	size_t n;
	struct arena *a;
};

static void err_add(struct errs *e, const char *name, const char *msg)
{
	if (e->n < MAX_ERRORS) {
		e->name[e->n] = arena_strdup(e->a, name);
		e->msg[e->n] = arena_strdup(e->a, msg);
		e->n++;
	}
}

static const char *err_of(const struct errs *e, const char *name)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (e->name[i] && strcmp(e->name[i], name) == 0)
			return e->msg[i];
	return NULL;
}

static void err_html(struct buf *b, const struct errs *e, const char *name)
{
	const char *m = err_of(e, name);
	if (m)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", m);
}

static void api_invalid(struct http_resp *resp, const struct errs *e)
{
	json_t *fields = json_object();
	for (size_t i = 0; fields && i < e->n; i++)
		json_object_set_new(fields, e->name[i], json_string(e->msg[i]));
	http_json(resp, 422, json_pack("{s:{s:i,s:s,s:o}}", "error", "status", 422, "message",
				       "Dữ liệu không hợp lệ: xem từng trường trong \"fields\".",
				       "fields", fields ? fields : json_object()));
}

static bool blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

static bool text_ok(struct errs *e, const char *name, const char *s, bool required)
{
	if (required && blank(s)) {
		err_add(e, name, "Không được để trống.");
		return false;
	}
	if (s && strlen(s) > TEXT_MAX) {
		err_add(e, name, "Quá dài: tối đa 1000 ký tự.");
		return false;
	}
	return true;
}

/* A date typed dd/mm/yyyy (or ISO) into ISO `out`. */
static bool date_ok(struct errs *e, const char *name, const char *s, char out[11])
{
	struct cal_date d;
	struct tc_err err = {0};
	if (blank(s) || cal_parse(s, strlen(s), &d, &err) != 0) {
		err_add(e, name, "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.");
		return false;
	}
	cal_format_iso(d, out, 11);
	return true;
}

static void vn_date(const char *iso, char out[16])
{
	struct cal_date d;
	struct tc_err err = {0};
	out[0] = '\0';
	if (iso[0] && cal_parse_iso(iso, 10, &d, &err) == 0)
		cal_format_vn(d, out, 16);
}

static void store_failed(struct http_req *req, struct http_resp *resp, const struct tc_err *err)
{
	if (err->code == TC_ECONFLICT)
		http_error(req, resp, 409, err->msg[0] ? err->msg : "Xung đột dữ liệu: tải lại trang.");
	else if (err->code == TC_EINPUT)
		http_error(req, resp, 422, err->msg);
	else
		http_error_from(req, resp, err);
}

static void see_other(struct http_resp *resp, const char *fmt_prefix, int64_t id)
{
	char loc[96];
	snprintf(loc, sizeof loc, "%s%lld", fmt_prefix, (long long)id);
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

/* ---- dossiers by (unit, year) ------------------------------------------------ */

/* Finds a dossier in the user's scope; adds an error under `name` if it
 * does not exist (or is outside the scope: the same message). */
static bool dossier_find(struct store *st, struct http_req *req, struct errs *e, const char *name,
			 const char *unit, int year, struct store_assessment *out)
{
	struct tc_err err = {0};
	if (unit && store_assessment_find(st, unit, year, web_scope(req), out, &err) == 0)
		return true;
	err_add(e, name, "Không có hồ sơ này trong phạm vi của bạn.");
	return false;
}

static bool state_is(const struct store_assessment *a, enum wf_state want)
{
	enum wf_state s;
	return wf_state_parse(a->status, &s) == 0 && s == want;
}

/* ---- meeting creation ---------------------------------------------------------- */

struct meeting_in {
	const char *name, *date;
	const char *member_name[MAX_MEMBERS], *member_role[MAX_MEMBERS];
	int member_present[MAX_MEMBERS];
	size_t n_members;
	const char *unit[MAX_DOSSIERS];
	int year[MAX_DOSSIERS];
	size_t n_dossiers;
};

static bool role_key_ok(const char *k)
{
	for (size_t i = 0; k && i < 4; i++)
		if (strcmp(k, ROLE_KEYS[i]) == 0)
			return true;
	return false;
}

static void members_check(const struct meeting_in *in, struct errs *e,
			  struct store_council_member *m, int *present)
{
	*present = 0;
	if (in->n_members == 0)
		err_add(e, "members", "Cần ít nhất một thành viên Hội đồng.");
	for (size_t i = 0; i < in->n_members; i++) {
		char nm[48];
		snprintf(nm, sizeof nm, "members[%zu]", i);
		memset(&m[i], 0, sizeof m[i]);
		if (blank(in->member_name[i]) || strlen(in->member_name[i]) >= sizeof m[i].full_name)
			err_add(e, nm, "Thành viên cần họ tên (tối đa 127 byte).");
		else if (!role_key_ok(in->member_role[i]))
			err_add(e, nm, "Vai trò phải là Chủ tịch, Phó Chủ tịch, Thành viên hoặc Thư ký.");
		else {
			snprintf(m[i].full_name, sizeof m[i].full_name, "%s", in->member_name[i]);
			snprintf(m[i].role, sizeof m[i].role, "%s", in->member_role[i]);
			m[i].present = in->member_present[i] ? 1 : 0;
			*present += m[i].present;
		}
	}
}

/* Validates a meeting; fills c, m and ids. The quorum of each dossier's
 * regime (core/review.h: 2/3 under TT 09/2021) must be met. */
static void meeting_check(struct http_req *req, struct store *st, const struct meeting_in *in,
			  struct errs *e, struct store_council *c, struct store_council_member *m,
			  int64_t *ids)
{
	memset(c, 0, sizeof *c);
	if (text_ok(e, "name", in->name, true))
		snprintf(c->name, sizeof c->name, "%s", in->name);
	date_ok(e, "date", in->date, c->meeting_date);
	int present = 0;
	members_check(in, e, m, &present);
	if (in->n_dossiers == 0)
		err_add(e, "dossiers", "Chọn ít nhất một hồ sơ đã thẩm định.");
	const struct rv_regime *strict = NULL;
	for (size_t i = 0; i < in->n_dossiers; i++) {
		char nm[48];
		snprintf(nm, sizeof nm, "dossiers[%zu]", i);
		struct store_assessment a;
		if (!dossier_find(st, req, e, nm, in->unit[i], in->year[i], &a))
			continue;
		if (!state_is(&a, WF_REVIEWED)) {
			err_add(e, nm, "Hồ sơ chưa hoàn thành thẩm định (hoặc đã qua Hội đồng).");
			continue;
		}
		ids[i] = a.id;
		if (i == 0) {
			memcpy(c->province, a.province, sizeof c->province);
			const struct web_user *u = web_user(req);
			if (u && u->scope.kind == STORE_SCOPE_DISTRICT)
				memcpy(c->district, a.district, sizeof c->district);
		}
		const struct rv_regime *r = rv_regime_for(a.ruleset_id);
		if (strict == NULL || (long long)r->quorum_num * strict->quorum_den >
					      (long long)strict->quorum_num * r->quorum_den)
			strict = r;
	}
	if (strict && in->n_members && !rv_quorum_met(strict, present, (int)in->n_members)) {
		char msg[300];
		snprintf(msg, sizeof msg, "Không đủ số thành viên tham dự: %d/%zu, cần ít nhất %d/%d "
			 "tổng số thành viên (%s).", present, in->n_members, strict->quorum_num,
			 strict->quorum_den, strict->quorum_basis);
		err_add(e, "members", msg);
	}
	if (strict) {
		c->quorum_num = strict->quorum_num;
		c->quorum_den = strict->quorum_den;
	}
}

static int meeting_save(struct http_req *req, struct http_resp *resp, const struct meeting_in *in,
			struct errs *e, int64_t *id)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return -1;
	struct store_council c;
	struct store_council_member *m = arena_calloc(e->a, MAX_MEMBERS, sizeof *m);
	int64_t *ids = arena_calloc(e->a, MAX_DOSSIERS, sizeof *ids);
	if (m == NULL || ids == NULL) {
		http_error(req, resp, 500, NULL);
		return -1;
	}
	meeting_check(req, st, in, e, &c, m, ids);
	if (e->n)
		return 1;
	struct tc_err err = {0};
	if (store_council_add(st, &c, m, in->n_members, ids, in->n_dossiers, id, &err) != 0) {
		store_failed(req, resp, &err);
		return -1;
	}
	return 0;
}

/* ---- /hoi-dong ------------------------------------------------------------------ */

struct pick {
	struct store_assessment *a;
	size_t n, cap;
	enum wf_state want;
	struct arena *ar;
};

static int pick_cb(const struct store_assessment *a, void *ctx)
{
	struct pick *p = ctx;
	if (!state_is(a, p->want))
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		if (cap > MAX_DOSSIERS)
			return 1;
		struct store_assessment *v = arena_alloc(p->ar, cap * sizeof *v);
		if (v == NULL)
			return 1;
		if (p->n)
			memcpy(v, p->a, p->n * sizeof *v);
		p->a = v;
		p->cap = cap;
	}
	p->a[p->n++] = *a;
	return 0;
}

static void pick_load(struct http_req *req, struct store *st, enum wf_state want, struct pick *p)
{
	memset(p, 0, sizeof *p);
	p->want = want;
	p->ar = http_arena(req);
	struct tc_err err = {0};
	store_assessment_list(st, 0, web_scope(req), pick_cb, p, &err);
}

static int meeting_line(const struct store_council *c, void *ctx)
{
	struct buf *b = ctx;
	char d[16];
	vn_date(c->meeting_date, d);
	html_printf(b, "<li><a href=\"/hoi-dong/%lld\">%h</a> — họp ngày %h</li>\n",
		    (long long)c->id, c->name, d);
	return 0;
}

static void meeting_form(struct http_req *req, struct buf *b, struct store *st,
			 const struct form *f, const struct errs *e)
{
	struct pick p;
	pick_load(req, st, WF_REVIEWED, &p);
	html_printf(b, "<section aria-labelledby=\"tao\"><h2 id=\"tao\">Ghi nhận cuộc họp Hội đồng"
		    "</h2>\n<form method=\"post\" action=\"/hoi-dong\">\n");
	web_csrf_field(req, b);
	html_printf(b, "<label for=\"f-name\">Tên Hội đồng</label>\n<input id=\"f-name\" name=\"name\" "
		    "size=\"60\" value=\"%a\">\n", f ? form_get(f, "name") : "");
	err_html(b, e, "name");
	html_printf(b, "<label for=\"f-date\">Ngày họp (dd/mm/yyyy)</label>\n<input id=\"f-date\" "
		    "name=\"date\" size=\"10\" value=\"%a\">\n", f ? form_get(f, "date") : "");
	err_html(b, e, "date");
	html_printf(b, "<label for=\"f-members\">Thành viên: mỗi dòng “Họ tên; vai trò; có mặt/vắng”"
		    " (vai trò: Chủ tịch, Phó Chủ tịch, Thành viên, Thư ký)</label>\n"
		    "<textarea id=\"f-members\" name=\"members\" rows=\"6\" cols=\"60\">%h</textarea>\n",
		    f ? form_get(f, "members") : "");
	err_html(b, e, "members");
	for (size_t i = 0; e && i < e->n; i++)
		if (strncmp(e->name[i], "members[", 8) == 0)
			html_printf(b, "<p class=\"field-error\" role=\"alert\">Dòng %h: %h</p>\n",
				    e->name[i] + 8, e->msg[i]);
	html_printf(b, "<fieldset><legend>Hồ sơ đưa ra Hội đồng (đã hoàn thành thẩm định)</legend>\n");
	if (p.n == 0)
		html_printf(b, "<p>Chưa có hồ sơ nào đã hoàn thành thẩm định.</p>\n");
	for (size_t i = 0; i < p.n; i++) {
		char v[24];
		snprintf(v, sizeof v, "%s/%d", p.a[i].unit_code, p.a[i].year);
		html_printf(b, "<label><input type=\"checkbox\" name=\"dossier\" value=\"%a\"> %h, năm %d"
			    "</label>\n", v, p.a[i].unit_code, p.a[i].year);
	}
	err_html(b, e, "dossiers");
	for (size_t i = 0; e && i < e->n; i++)
		if (strncmp(e->name[i], "dossiers[", 9) == 0)
			html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", e->msg[i]);
	html_printf(b, "</fieldset>\n<input type=\"submit\" value=\"Ghi nhận cuộc họp\">\n</form>\n"
		    "</section>\n");
}

static void render_meetings(struct http_req *req, struct http_resp *resp, struct store *st,
			    const struct form *f, const struct errs *e, int status)
{
	http_status(resp, status);
	struct buf *b = http_out(resp);
	layout_begin(b, "Hội đồng đánh giá", "/hoi-dong");
	html_printf(b, "<h1>Hội đồng đánh giá</h1>\n");
	if (e && e->n)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: kiểm tra các ô được "
			    "đánh dấu bên dưới.</p>\n");
	html_printf(b, "<h2>Các cuộc họp</h2>\n<ul>\n");
	struct tc_err err = {0};
	store_council_list(st, web_scope(req), meeting_line, b, &err);
	html_printf(b, "</ul>\n");
	const struct web_user *u = web_user(req);
	if (u && (WEB_ROLES(u->role) & MEETING_ROLES))
		meeting_form(req, b, st, f, e);
	layout_end(b);
}

static void page_meetings(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, VIEW_ROLES))
		return;
	struct store *st = web_store(req, resp);
	if (st)
		render_meetings(req, resp, st, NULL, NULL, 200);
}

/* "Họ tên; vai trò; có mặt" lines into in. */
static void members_parse(const char *text, struct meeting_in *in, struct errs *e)
{
	static const char *const role_words[][2] = {
		{"Chủ tịch", "chair"}, {"chủ tịch", "chair"}, {"Phó Chủ tịch", "vice_chair"},
		{"Phó chủ tịch", "vice_chair"}, {"phó chủ tịch", "vice_chair"},
		{"Thành viên", "member"}, {"thành viên", "member"}, {"Ủy viên", "member"},
		{"Thư ký", "secretary"}, {"thư ký", "secretary"}, {"chair", "chair"},
		{"vice_chair", "vice_chair"}, {"member", "member"}, {"secretary", "secretary"}};
	const char *p = text ? text : "";
	while (*p && in->n_members < MAX_MEMBERS) {
		size_t len = strcspn(p, "\n");
		char *line = arena_strndup(e->a, p, len);
		p += len + (p[len] == '\n');
		if (line == NULL || blank(line))
			continue;
		char *f[3] = {line, NULL, NULL};
		for (int k = 1; k < 3; k++) {
			char *semi = f[k - 1] ? strchr(f[k - 1], ';') : NULL;
			if (semi) {
				*semi = '\0';
				f[k] = semi + 1;
			}
		}
		for (int k = 0; k < 3; k++)
			while (f[k] && (*f[k] == ' ' || *f[k] == '\t'))
				f[k]++;
		for (int k = 0; k < 3; k++)
			for (size_t n = f[k] ? strlen(f[k]) : 0;
			     n && (f[k][n - 1] == ' ' || f[k][n - 1] == '\r' || f[k][n - 1] == '\t'); n--)
				f[k][n - 1] = '\0';
		size_t i = in->n_members++;
		in->member_name[i] = f[0];
		in->member_role[i] = "";
		for (size_t r = 0; f[1] && r < sizeof role_words / sizeof role_words[0]; r++)
			if (strcmp(f[1], role_words[r][0]) == 0)
				in->member_role[i] = role_words[r][1];
		in->member_present[i] = !(f[2] && (strcmp(f[2], "vắng") == 0 || strcmp(f[2], "Vắng") == 0 ||
						   strcmp(f[2], "0") == 0));
	}
}

static bool unit_year(struct arena *a, const char *v, const char **unit, int *year)
{
	const char *slash = v ? strchr(v, '/') : NULL;
	if (slash == NULL || num_parse_int(slash + 1, 2000, 2100, year) != 0)
		return false;
	*unit = arena_strndup(a, v, (size_t)(slash - v));
	return *unit != NULL;
}

static void post_meeting(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, MEETING_ROLES))
		return;
	if (http_form(req, &f, &err) != 0) {
		http_error(req, resp, 400, err.msg);
		return;
	}
	if (!web_gate_csrf(req, resp, &f))
		return;
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	struct meeting_in *in = arena_calloc(http_arena(req), 1, sizeof *in);
	if (e == NULL || in == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	e->a = http_arena(req);
	in->name = form_get(&f, "name");
	in->date = form_get(&f, "date");
	members_parse(form_get(&f, "members"), in, e);
	for (size_t i = 0; i < f.n && in->n_dossiers < MAX_DOSSIERS; i++)
		if (strcmp(f.f[i].name, "dossier") == 0 &&
		    unit_year(e->a, f.f[i].value, &in->unit[in->n_dossiers], &in->year[in->n_dossiers]))
			in->n_dossiers++;
	int64_t id = 0;
	int rc = meeting_save(req, resp, in, e, &id);
	if (rc > 0) {
		struct store *st = web_store(req, resp);
		if (st)
			render_meetings(req, resp, st, &f, e, 422);
	} else if (rc == 0) {
		see_other(resp, "/hoi-dong/", id);
	}
}

/* ---- one meeting ------------------------------------------------------------------ */

struct meeting {
	struct store *st;
	struct store_council c;
	struct store_council_member m[MAX_MEMBERS];
	size_t n_members;
	int present;
	struct store_council_dossier *d;
	struct store_assessment *a;   /* the dossiers' assessments, same order */
	size_t n_d, cap_d;
	struct arena *ar;
};

static int member_cb(const struct store_council_member *m, void *ctx)
{
	struct meeting *mt = ctx;
	if (mt->n_members < MAX_MEMBERS) {
		mt->m[mt->n_members++] = *m;
		mt->present += m->present;
	}
	return 0;
}

static int dossier_cb(const struct store_council_dossier *d, void *ctx)
{
	struct meeting *mt = ctx;
	if (mt->n_d == mt->cap_d) {
		size_t cap = mt->cap_d ? mt->cap_d * 2 : 16;
		struct store_council_dossier *v = arena_alloc(mt->ar, cap * sizeof *v);
		if (v == NULL)
			return 1;
		if (mt->n_d)
			memcpy(v, mt->d, mt->n_d * sizeof *v);
		mt->d = v;
		mt->cap_d = cap;
	}
	mt->d[mt->n_d++] = *d;
	return 0;
}

static bool meeting_open(struct http_req *req, struct http_resp *resp, unsigned roles,
			 bool write, const struct form *f, struct meeting *mt)
{
	if (!web_gate_role(req, resp, roles) || (write && !web_gate_csrf(req, resp, f)))
		return false;
	if ((mt->st = web_store(req, resp)) == NULL)
		return false;
	mt->ar = http_arena(req);
	int64_t id;
	struct tc_err err = {0};
	if (num_parse_i64(http_param(req, "id"), 1, INT64_MAX, &id) != 0 ||
	    store_council_get(mt->st, id, web_scope(req), &mt->c, &err) != 0) {
		/* Outside the scope is 403 like a unit outside it (web_gate_unit). */
		bool exists = err.code == TC_ENOTFOUND &&
			      store_council_get(mt->st, id, NULL, &mt->c, &err) == 0;
		http_error(req, resp, exists ? 403 : 404, exists
			   ? "Cuộc họp này không thuộc phạm vi của bạn."
			   : "Không có cuộc họp Hội đồng này.");
		return false;
	}
	if (store_council_members(mt->st, id, member_cb, mt, &err) != 0 ||
	    store_council_dossiers(mt->st, id, 0, dossier_cb, mt, &err) != 0 ||
	    (mt->n_d && (mt->a = arena_calloc(mt->ar, mt->n_d, sizeof *mt->a)) == NULL)) {
		http_error(req, resp, 500, NULL);
		return false;
	}
	for (size_t i = 0; i < mt->n_d; i++)
		store_assessment_get(mt->st, mt->d[i].assessment_id, NULL, &mt->a[i], &err);
	return true;
}

/* meeting_open on a new meeting in the request's arena: how every handler
 * on one meeting starts. NULL when answered (500 without memory). */
static struct meeting *meeting_new(struct http_req *req, struct http_resp *resp, unsigned roles,
				   bool write, const struct form *f)
{
	struct meeting *mt = arena_calloc(http_arena(req), 1, sizeof *mt);
	if (mt == NULL) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	return meeting_open(req, resp, roles, write, f, mt) ? mt : NULL;
}

struct op_ctx {
	struct buf *b;
	const struct meeting *mt;
	int64_t aid;
};

static int opinion_cell(const struct store_council_opinion *o, void *ctx)
{
	struct op_ctx *c = ctx;
	if (o->assessment_id != c->aid)
		return 0;
	const char *who = "?";
	for (size_t i = 0; i < c->mt->n_members; i++)
		if (c->mt->m[i].seq == o->member_seq)
			who = c->mt->m[i].full_name;
	html_printf(c->b, "<li>%h: %h%S%h</li>\n", who, opinion_vi(o->opinion),
		    o->note[0] ? " — " : "", o->note);
	return 0;
}

static void opinion_form(struct http_req *req, struct buf *b, const struct meeting *mt)
{
	html_printf(b, "<section aria-labelledby=\"yk\"><h2 id=\"yk\">Ghi ý kiến thành viên</h2>\n"
		    "<form method=\"post\" action=\"/hoi-dong/%lld/y-kien\">\n", (long long)mt->c.id);
	web_csrf_field(req, b);
	html_printf(b, "<label for=\"f-member\">Thành viên</label>\n<select id=\"f-member\" name=\"member\">\n");
	for (size_t i = 0; i < mt->n_members; i++)
		html_printf(b, "<option value=\"%d\">%h (%h)</option>\n", mt->m[i].seq,
			    mt->m[i].full_name, role_vi(mt->m[i].role));
	html_printf(b, "</select>\n<label for=\"f-dossier\">Hồ sơ</label>\n<select id=\"f-dossier\" name=\"dossier\">\n");
	for (size_t i = 0; i < mt->n_d; i++) {
		char v[24];
		snprintf(v, sizeof v, "%s/%d", mt->a[i].unit_code, mt->a[i].year);
		html_printf(b, "<option value=\"%a\">%h</option>\n", v, v);
	}
	html_printf(b, "</select>\n<label for=\"f-opinion\">Ý kiến</label>\n<select id=\"f-opinion\" name=\"opinion\">\n");
	for (size_t i = 0; i < 3; i++)
		html_printf(b, "<option value=\"%S\">%S</option>\n", OPINION_KEYS[i], OPINION_VI[i]);
	html_printf(b, "</select>\n<label for=\"f-note\">Ghi chú</label>\n<input id=\"f-note\" name=\"note\" size=\"40\">\n"
		    "<input type=\"submit\" value=\"Ghi ý kiến\">\n</form>\n</section>\n");
}

static void outcome_form(struct http_req *req, struct buf *b, const struct meeting *mt, size_t i)
{
	html_printf(b, "<form method=\"post\" action=\"/hoi-dong/%lld/ket-luan\">\n", (long long)mt->c.id);
	web_csrf_field(req, b);
	char v[24];
	snprintf(v, sizeof v, "%s/%d", mt->a[i].unit_code, mt->a[i].year);
	html_printf(b, "<input type=\"hidden\" name=\"dossier\" value=\"%a\">\n"
		    "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
		    "<label><input type=\"radio\" name=\"outcome\" value=\"propose\"> Đề nghị công nhận</label>\n"
		    "<label><input type=\"radio\" name=\"outcome\" value=\"not_propose\"> Không đề nghị</label>\n"
		    "<label>Lý do <input name=\"reason\" size=\"40\"></label>\n"
		    "<input type=\"submit\" value=\"Ghi kết luận\">\n</form>\n", v,
		    (long long)mt->a[i].version);
}

static void page_meeting(struct http_req *req, struct http_resp *resp)
{
	struct meeting *mt = meeting_new(req, resp, VIEW_ROLES, false, NULL);
	if (mt == NULL)
		return;
	const struct web_user *u = web_user(req);
	bool can_write = u && (WEB_ROLES(u->role) & MEETING_ROLES);
	struct buf *b = http_out(resp);
	char d[16];
	vn_date(mt->c.meeting_date, d);
	struct rv_regime q = {"", 0, false, "", mt->c.quorum_num, mt->c.quorum_den, false, ""};
	bool quorum = rv_quorum_met(&q, mt->present, (int)mt->n_members);
	layout_begin(b, "Cuộc họp Hội đồng", "/hoi-dong");
	html_printf(b, "<p><a href=\"/hoi-dong\">← Các cuộc họp</a></p>\n<h1>%h</h1>\n"
		    "<p>Ngày họp: %h. Có mặt <strong id=\"co-mat\">%d/%zu</strong> thành viên — %S "
		    "(tối thiểu %d/%d).</p>\n<h2>Thành viên</h2>\n<ul>\n", mt->c.name, d, mt->present,
		    mt->n_members, quorum ? "đủ số thành viên tham dự" : "KHÔNG đủ số thành viên",
		    mt->c.quorum_num, mt->c.quorum_den);
	for (size_t i = 0; i < mt->n_members; i++)
		html_printf(b, "<li>%h — %h%S</li>\n", mt->m[i].full_name, role_vi(mt->m[i].role),
			    mt->m[i].present ? "" : " (vắng)");
	html_printf(b, "</ul>\n<h2>Hồ sơ</h2>\n");
	struct tc_err err = {0};
	for (size_t i = 0; i < mt->n_d; i++) {
		enum wf_state s = WF_DRAFT;
		wf_state_parse(mt->a[i].status, &s);
		html_printf(b, "<section class=\"dossier\"><h3><a href=\"/tham-dinh/%u/%d\">%h, năm %d</a>"
			    " — %h</h3>\n<p>Kết luận: <strong>%h</strong>%S%h</p>\n<ul>\n",
			    mt->a[i].unit_code, mt->a[i].year, mt->a[i].unit_code, mt->a[i].year,
			    wf_state_label(s),
			    strcmp(mt->d[i].outcome, "propose") == 0 ? "Đề nghị công nhận"
			    : strcmp(mt->d[i].outcome, "not_propose") == 0 ? "Không đề nghị công nhận"
								      : "chưa có",
			    mt->d[i].reason[0] ? ". Lý do: " : "", mt->d[i].reason);
		struct op_ctx oc = {b, mt, mt->a[i].id};
		store_council_opinions(mt->st, mt->c.id, opinion_cell, &oc, &err);
		html_printf(b, "</ul>\n");
		if (can_write && s == WF_REVIEWED && quorum)
			outcome_form(req, b, mt, i);
		html_printf(b, "</section>\n");
	}
	if (mt->c.minutes_sha256[0])
		html_printf(b, "<p>Biên bản: <a href=\"/hoi-dong/%lld/bien-ban\">%h</a></p>\n",
			    (long long)mt->c.id, mt->c.minutes_name);
	if (mt->n_d) /* the draft decision and lists for the council's area and year */
		dashp_download_buttons(b, DASHP_FORM(FORMS_DECISION) | DASHP_FORM(FORMS_ELIGIBILITY),
				       mt->a[0].year, mt->c.district[0] ? mt->c.district
									 : mt->c.province);
	if (can_write && mt->n_d) {
		opinion_form(req, b, mt);
		html_printf(b, "<section><h2>Biên bản họp</h2>\n<form method=\"post\" action=\"/hoi-dong/"
			    "%lld/bien-ban\" enctype=\"multipart/form-data\">\n", (long long)mt->c.id);
		web_csrf_field(req, b);
		html_printf(b, "<label for=\"f-file\">Tệp biên bản (PDF, Word, ảnh)</label>\n"
			    "<input type=\"file\" id=\"f-file\" name=\"file\">\n"
			    "<input type=\"submit\" value=\"Tải lên\">\n</form>\n</section>\n");
	}
	layout_end(b);
}

/* opinion: member seq, dossier, key; validates into o. */
static void opinion_check(const struct meeting *mt, struct errs *e, int seq, const char *unit,
			  int year, const char *opinion, const char *note,
			  struct store_council_opinion *o)
{
	memset(o, 0, sizeof *o);
	o->meeting_id = mt->c.id;
	bool member = false;
	for (size_t i = 0; i < mt->n_members; i++)
		member |= mt->m[i].seq == seq;
	if (!member)
		err_add(e, "member", "Thành viên không thuộc cuộc họp này.");
	o->member_seq = seq;
	for (size_t i = 0; unit && i < mt->n_d; i++)
		if (strcmp(mt->a[i].unit_code, unit) == 0 && mt->a[i].year == year)
			o->assessment_id = mt->a[i].id;
	if (o->assessment_id == 0)
		err_add(e, "dossier", "Hồ sơ không thuộc cuộc họp này.");
	bool ok = false;
	for (size_t i = 0; opinion && i < 3; i++)
		ok |= strcmp(opinion, OPINION_KEYS[i]) == 0;
	if (!ok)
		err_add(e, "opinion", "Ý kiến phải là đồng ý, không đồng ý hoặc không biểu quyết.");
	else
		snprintf(o->opinion, sizeof o->opinion, "%s", opinion);
	if (note && strlen(note) >= sizeof o->note)
		err_add(e, "note", "Ghi chú quá dài: tối đa 500 ký tự.");
	else if (note)
		snprintf(o->note, sizeof o->note, "%s", note);
}

/* The start of the form POSTs on one meeting (opinion, outcome): the role,
 * the form (400), memory for the meeting and its error list (500), then
 * meeting_open with the CSRF check. false when one of them has answered. */
static bool meeting_post(struct http_req *req, struct http_resp *resp, struct form *f,
			 struct meeting **mt, struct errs **e)
{
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, MEETING_ROLES))
		return false;
	if (http_form(req, f, &err) != 0) {
		http_error(req, resp, 400, err.msg);
		return false;
	}
	if ((*e = arena_calloc(http_arena(req), 1, sizeof **e)) == NULL) {
		http_error(req, resp, 500, NULL);
		return false;
	}
	if ((*mt = meeting_new(req, resp, MEETING_ROLES, true, f)) == NULL)
		return false;
	(*e)->a = http_arena(req);
	return true;
}

/* The end of those POSTs: the store's refusal, or 303 back to the meeting. */
static void meeting_saved(struct http_req *req, struct http_resp *resp, int rc,
			  const struct tc_err *err, const struct meeting *mt)
{
	if (rc != 0)
		store_failed(req, resp, err);
	else
		see_other(resp, "/hoi-dong/", mt->c.id);
}

static void post_opinion(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct meeting *mt;
	struct errs *e;
	if (!meeting_post(req, resp, &f, &mt, &e))
		return;
	int seq = 0, year = 0;
	const char *unit = NULL;
	num_parse_int(form_get(&f, "member") ? form_get(&f, "member") : "", 1, 1000, &seq);
	unit_year(e->a, form_get(&f, "dossier"), &unit, &year);
	struct store_council_opinion o;
	opinion_check(mt, e, seq, unit, year, form_get(&f, "opinion"), form_get(&f, "note"), &o);
	if (e->n) {
		http_error(req, resp, 422, e->msg[0]);
		return;
	}
	meeting_saved(req, resp, store_council_opinion_set(mt->st, &o, &err), &err, mt);
}

/* Validates an outcome for a dossier of the meeting (state reviewed, the
 * quorum met, a reason when not proposed). *idx = the dossier. */
static void outcome_check(const struct meeting *mt, struct errs *e, const char *unit, int year,
			  const char *outcome, const char *reason, size_t *idx)
{
	*idx = SIZE_MAX;
	for (size_t i = 0; unit && i < mt->n_d; i++)
		if (strcmp(mt->a[i].unit_code, unit) == 0 && mt->a[i].year == year)
			*idx = i;
	if (*idx == SIZE_MAX)
		err_add(e, "dossier", "Hồ sơ không thuộc cuộc họp này.");
	struct rv_regime q = {"", 0, false, "", mt->c.quorum_num, mt->c.quorum_den, false, ""};
	if (!rv_quorum_met(&q, mt->present, (int)mt->n_members))
		err_add(e, "members", "Cuộc họp không đủ số thành viên tham dự: không thể kết luận.");
	bool propose = outcome && strcmp(outcome, "propose") == 0;
	if (!propose && !(outcome && strcmp(outcome, "not_propose") == 0))
		err_add(e, "outcome", "Chọn đề nghị công nhận hoặc không đề nghị.");
	else if (!propose)
		text_ok(e, "reason", reason, true);
	else
		text_ok(e, "reason", reason, false);
}

static void post_outcome(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct meeting *mt;
	struct errs *e;
	if (!meeting_post(req, resp, &f, &mt, &e))
		return;
	int year = 0;
	const char *unit = NULL;
	int64_t version = 0;
	unit_year(e->a, form_get(&f, "dossier"), &unit, &year);
	size_t idx;
	outcome_check(mt, e, unit, year, form_get(&f, "outcome"), form_get(&f, "reason"), &idx);
	if (form_get(&f, "version") == NULL ||
	    num_parse_i64(form_get(&f, "version"), 1, INT64_MAX, &version) != 0)
		err_add(e, "version", "Thiếu phiên bản hồ sơ: tải lại trang.");
	if (e->n) {
		http_error(req, resp, 422, e->msg[0]);
		return;
	}
	enum wf_state s = WF_DRAFT;
	wf_state_parse(mt->a[idx].status, &s);
	if (!wf_allowed(s, WF_COUNCIL_RECORD, web_user(req)->role)) {
		http_error(req, resp, 409, "Hồ sơ không còn ở bước chờ Hội đồng kết luận.");
		return;
	}
	int rc = store_council_outcome(mt->st, mt->c.id, mt->a[idx].id, version,
				       form_get(&f, "outcome"), form_get(&f, "reason"), &err);
	meeting_saved(req, resp, rc, &err, mt);
}

/* Parses a multipart body; false after writing a 400. */
static bool upload(struct http_req *req, struct http_resp *resp, struct mp_part **parts,
		   size_t *n)
{
	struct tc_err err = {0};
	const char *ct = http_header(req, "Content-Type");
	char *bd = ct ? mp_boundary(http_arena(req), ct, &err) : NULL;
	size_t len = 0;
	const char *body = http_body(req, &len);
	if (bd == NULL || mp_parse(http_arena(req), bd, body, len, NULL, parts, n, &err) != 0) {
		http_error(req, resp, 400, err.msg[0] ? err.msg : "Biểu mẫu tải tệp không hợp lệ.");
		return false;
	}
	return true;
}

static const char *mp_field(const struct mp_part *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].filename == NULL && strcmp(p[i].name, name) == 0)
			return p[i].data;
	return NULL;
}

static const struct mp_part *mp_file(const struct mp_part *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].filename && strcmp(p[i].name, name) == 0)
			return &p[i];
	return NULL;
}

/* The CSRF check of a multipart form: its "csrf" field as a one-field form. */
static bool multipart_csrf(struct http_req *req, struct http_resp *resp, const struct mp_part *p,
			   size_t n)
{
	struct form_field ff = {"csrf", mp_field(p, n, "csrf"), 0};
	if (ff.value == NULL)
		ff.value = "";
	ff.len = strlen(ff.value);
	struct form f = {&ff, 1};
	return web_gate_csrf(req, resp, &f);
}

static void post_minutes(struct http_req *req, struct http_resp *resp)
{
	/* Role and scope first: a forbidden request is 401/403 whatever its body. */
	struct meeting *mt = meeting_new(req, resp, MEETING_ROLES, false, NULL);
	if (mt == NULL)
		return;
	struct mp_part *parts = NULL;
	size_t n = 0;
	if (!upload(req, resp, &parts, &n))
		return;
	if (!multipart_csrf(req, resp, parts, n))
		return;
	const struct mp_part *file = mp_file(parts, n, "file");
	struct tc_err err = {0};
	if (file == NULL || file->len == 0) {
		http_error(req, resp, 422, "Chọn tệp biên bản để tải lên.");
		return;
	}
	if (store_council_minutes(mt->st, mt->c.id, file->filename, file->content_type, file->data,
				  file->len, &err) != 0) {
		http_error(req, resp, err.code == TC_EINPUT ? 422 : 500,
			   err.code == TC_EINPUT ? "Tệp không được nhận: chỉ nhận PDF, JPEG, PNG, Word, "
			   "Excel, OpenDocument, tối đa 20 MiB." : NULL);
		return;
	}
	see_other(resp, "/hoi-dong/", mt->c.id);
}

static void get_minutes(struct http_req *req, struct http_resp *resp)
{
	struct meeting *mt = meeting_new(req, resp, VIEW_ROLES, false, NULL);
	if (mt == NULL)
		return;
	if (mt->c.minutes_sha256[0] == '\0') {
		http_error(req, resp, 404, "Cuộc họp chưa có biên bản.");
		return;
	}
	reviewpages_send_file(req, resp, mt->st, mt->c.minutes_sha256, mt->c.minutes_mime);
}

/* ---- decisions ------------------------------------------------------------------- */

struct decision_in {
	const char *number, *date, *signer, *position;
	const char *file_name, *file_type;
	const void *file;
	size_t file_len;
	const char *unit[MAX_DOSSIERS];
	int year[MAX_DOSSIERS];
	int64_t version[MAX_DOSSIERS];
	int recognised[MAX_DOSSIERS];
	const char *reason[MAX_DOSSIERS];
	size_t n;
};

static void decision_check(struct http_req *req, struct store *st, const struct decision_in *in,
			   struct errs *e, struct store_decision *d, struct store_decision_item *it)
{
	memset(d, 0, sizeof *d);
	if (text_ok(e, "number", in->number, true) && strlen(in->number) >= sizeof d->number)
		err_add(e, "number", "Số quyết định quá dài.");
	else if (in->number)
		snprintf(d->number, sizeof d->number, "%s", in->number);
	date_ok(e, "date", in->date, d->decision_date);
	if (text_ok(e, "signer_name", in->signer, true))
		snprintf(d->signer_name, sizeof d->signer_name, "%s", in->signer);
	if (text_ok(e, "signer_position", in->position, true))
		snprintf(d->signer_position, sizeof d->signer_position, "%s", in->position);
	if (in->file == NULL || in->file_len == 0)
		err_add(e, "file", "Cần tải lên bản quyết định đã ký.");
	else if (!store_evidence_type_ok(in->file_type) || in->file_len > STORE_EVIDENCE_MAX ||
		 blank(in->file_name) || strlen(in->file_name) > 255)
		err_add(e, "file", "Tệp không được nhận: chỉ nhận PDF, JPEG, PNG, Word, Excel, "
			"OpenDocument, tối đa 20 MiB.");
	else {
		snprintf(d->file_name, sizeof d->file_name, "%s", in->file_name);
		snprintf(d->file_mime, sizeof d->file_mime, "%s", in->file_type);
	}
	if (in->n == 0)
		err_add(e, "items", "Chọn ít nhất một hồ sơ và kết quả công nhận.");
	for (size_t i = 0; i < in->n; i++) {
		char nm[48];
		snprintf(nm, sizeof nm, "items[%zu]", i);
		struct store_assessment a;
		memset(&it[i], 0, sizeof it[i]);
		if (!dossier_find(st, req, e, nm, in->unit[i], in->year[i], &a))
			continue;
		if (!state_is(&a, WF_COUNCIL)) {
			err_add(e, nm, "Hồ sơ chưa qua Hội đồng (hoặc đã có quyết định).");
			continue;
		}
		if (i == 0) {
			memcpy(d->province, a.province, sizeof d->province);
			const struct web_user *u = web_user(req);
			if (u && u->scope.kind == STORE_SCOPE_DISTRICT)
				memcpy(d->district, a.district, sizeof d->district);
		}
		it[i].assessment_id = a.id;
		it[i].expected_version = in->version[i] > 0 ? in->version[i] : a.version;
		it[i].recognised = in->recognised[i];
		snprintf(nm, sizeof nm, "items[%zu].reason", i);
		if (text_ok(e, nm, in->reason[i], !in->recognised[i]) && in->reason[i])
			snprintf(it[i].reason, sizeof it[i].reason, "%s", in->reason[i]);
	}
}

static int decision_save(struct http_req *req, struct http_resp *resp, struct store *st,
			 const struct decision_in *in, struct errs *e, int64_t *id)
{
	struct store_decision d;
	struct store_decision_item *it = arena_calloc(e->a, in->n ? in->n : 1, sizeof *it);
	if (it == NULL) {
		http_error(req, resp, 500, NULL);
		return -1;
	}
	decision_check(req, st, in, e, &d, it);
	if (e->n)
		return 1;
	struct tc_err err = {0};
	if (store_decision_add(st, &d, in->file, in->file_len, it, in->n, id, &err) != 0) {
		store_failed(req, resp, &err);
		return -1;
	}
	return 0;
}

static int decision_line(const struct store_decision *d, void *ctx)
{
	struct buf *b = ctx;
	char dd[16];
	vn_date(d->decision_date, dd);
	html_printf(b, "<li><a href=\"/quyet-dinh/%lld\">Quyết định số %h</a> ngày %h — %h, %h</li>\n",
		    (long long)d->id, d->number, dd, d->signer_position, d->signer_name);
	return 0;
}

static int latest_outcome(const struct store_council_dossier *d, void *ctx)
{
	if (d->outcome[0] == '\0')
		return 0;
	*(struct store_council_dossier *)ctx = *d;
	return 1;
}

static void decision_form(struct http_req *req, struct buf *b, struct store *st,
			  const struct mp_part *p, size_t np, const struct errs *e)
{
	struct pick pk;
	pick_load(req, st, WF_COUNCIL, &pk);
	html_printf(b, "<section aria-labelledby=\"qd\"><h2 id=\"qd\">Ghi nhận quyết định công nhận"
		    "</h2>\n<form method=\"post\" action=\"/quyet-dinh\" enctype=\"multipart/form-data\">\n");
	web_csrf_field(req, b);
	static const char *const F[][2] = {{"number", "Số quyết định"},
					   {"date", "Ngày ký (dd/mm/yyyy)"},
					   {"signer_name", "Người ký"},
					   {"signer_position", "Chức vụ người ký"}};
	for (size_t i = 0; i < 4; i++) {
		html_printf(b, "<label for=\"f-%a\">%h</label>\n<input id=\"f-%a\" name=\"%a\" "
			    "size=\"40\" value=\"%a\">\n", F[i][0], F[i][1], F[i][0], F[i][0],
			    p ? mp_field(p, np, F[i][0]) : "");
		err_html(b, e, F[i][0]);
	}
	html_printf(b, "<label for=\"f-file\">Bản quyết định đã ký (PDF, ảnh)</label>\n"
		    "<input type=\"file\" id=\"f-file\" name=\"file\">\n");
	err_html(b, e, "file");
	html_printf(b, "<fieldset><legend>Hồ sơ đã qua Hội đồng</legend>\n");
	if (pk.n == 0)
		html_printf(b, "<p>Chưa có hồ sơ nào chờ quyết định.</p>\n");
	struct tc_err err = {0};
	for (size_t i = 0; i < pk.n; i++) {
		char k[40], r[40], v[40];
		snprintf(k, sizeof k, "kq-%s-%d", pk.a[i].unit_code, pk.a[i].year);
		snprintf(r, sizeof r, "ld-%s-%d", pk.a[i].unit_code, pk.a[i].year);
		snprintf(v, sizeof v, "v-%s-%d", pk.a[i].unit_code, pk.a[i].year);
		struct store_council_dossier cd = {0};
		store_council_dossiers(st, 0, pk.a[i].id, latest_outcome, &cd, &err);
		html_printf(b, "<p><strong>%h, năm %d</strong> (Hội đồng: %h)\n"
			    "<input type=\"hidden\" name=\"%a\" value=\"%lld\">\n"
			    "<label><input type=\"radio\" name=\"%a\" value=\"\" checked> Chưa quyết định</label>\n"
			    "<label><input type=\"radio\" name=\"%a\" value=\"1\"> Công nhận</label>\n"
			    "<label><input type=\"radio\" name=\"%a\" value=\"0\"> Không công nhận</label>\n"
			    "<label>Lý do <input name=\"%a\" size=\"40\"></label></p>\n",
			    pk.a[i].unit_code, pk.a[i].year,
			    strcmp(cd.outcome, "propose") == 0 ? "đề nghị công nhận"
			    : strcmp(cd.outcome, "not_propose") == 0 ? "không đề nghị" : "chưa kết luận", v,
			    (long long)pk.a[i].version, k, k, k, r);
	}
	for (size_t i = 0; e && i < e->n; i++)
		if (strncmp(e->name[i], "items", 5) == 0)
			html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", e->msg[i]);
	html_printf(b, "</fieldset>\n<input type=\"submit\" value=\"Ghi nhận quyết định\">\n</form>\n"
		    "</section>\n");
}

/* The draft decision for the user's province or district, for the year in
 * ?year= or by default the year assessed in the current campaign. */
static void decision_downloads(struct http_req *req, struct buf *b)
{
	const struct web_user *u = web_user(req);
	if (u == NULL || (u->scope.kind != STORE_SCOPE_PROVINCE &&
			  u->scope.kind != STORE_SCOPE_DISTRICT))
		return;
	int year;
	const char *y = form_get(http_query(req), "year");
	if (y == NULL || num_parse_int(y, 2000, 2100, &year) != 0) {
		struct cal_date t;
		dos_today(&t);
		year = t.y - 1;
	}
	dashp_download_buttons(b, DASHP_FORM(FORMS_DECISION) | DASHP_FORM(FORMS_ELIGIBILITY),
			       year, u->scope.code);
}

static void render_decisions(struct http_req *req, struct http_resp *resp, struct store *st,
			     const struct mp_part *p, size_t np, const struct errs *e, int status)
{
	http_status(resp, status);
	struct buf *b = http_out(resp);
	layout_begin(b, "Quyết định công nhận", "/quyet-dinh");
	html_printf(b, "<h1>Quyết định công nhận</h1>\n");
	if (e && e->n)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: kiểm tra các ô được "
			    "đánh dấu bên dưới.</p>\n");
	html_printf(b, "<ul>\n");
	struct tc_err err = {0};
	store_decision_list(st, web_scope(req), decision_line, b, &err);
	html_printf(b, "</ul>\n");
	decision_downloads(req, b);
	const struct web_user *u = web_user(req);
	if (u && (WEB_ROLES(u->role) & DECISION_ROLES))
		decision_form(req, b, st, p, np, e);
	layout_end(b);
}

static void page_decisions(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, VIEW_ROLES))
		return;
	struct store *st = web_store(req, resp);
	if (st)
		render_decisions(req, resp, st, NULL, 0, NULL, 200);
}

/* kq-UNIT-YEAR = "1" / "0" chooses a dossier. */
static void decision_items_from_parts(struct arena *a, const struct mp_part *p, size_t np,
				      struct decision_in *in)
{
	for (size_t i = 0; i < np && in->n < MAX_DOSSIERS; i++) {
		if (p[i].filename || strncmp(p[i].name, "kq-", 3) != 0 || p[i].data[0] == '\0')
			continue;
		const char *dash = strchr(p[i].name + 3, '-');
		int year;
		if (dash == NULL || num_parse_int(dash + 1, 2000, 2100, &year) != 0)
			continue;
		size_t k = in->n++;
		in->unit[k] = arena_strndup(a, p[i].name + 3, (size_t)(dash - p[i].name - 3));
		in->year[k] = year;
		in->recognised[k] = strcmp(p[i].data, "1") == 0;
		char nm[48];
		snprintf(nm, sizeof nm, "ld-%s", p[i].name + 3);
		in->reason[k] = mp_field(p, np, nm);
		snprintf(nm, sizeof nm, "v-%s", p[i].name + 3);
		const char *v = mp_field(p, np, nm);
		if (v == NULL || num_parse_i64(v, 1, INT64_MAX, &in->version[k]) != 0)
			in->version[k] = 0;
	}
}

static void post_decision(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, DECISION_ROLES))
		return;
	struct mp_part *p = NULL;
	size_t np = 0;
	if (!upload(req, resp, &p, &np))
		return;
	if (!multipart_csrf(req, resp, p, np))
		return;
	struct store *st = web_store(req, resp);
	struct decision_in *in = arena_calloc(http_arena(req), 1, sizeof *in);
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	if (st == NULL || in == NULL || e == NULL) {
		if (st)
			http_error(req, resp, 500, NULL);
		return;
	}
	e->a = http_arena(req);
	in->number = mp_field(p, np, "number");
	in->date = mp_field(p, np, "date");
	in->signer = mp_field(p, np, "signer_name");
	in->position = mp_field(p, np, "signer_position");
	const struct mp_part *f = mp_file(p, np, "file");
	if (f) {
		in->file_name = f->filename;
		in->file_type = f->content_type;
		in->file = f->data;
		in->file_len = f->len;
	}
	decision_items_from_parts(e->a, p, np, in);
	int64_t id = 0;
	int rc = decision_save(req, resp, st, in, e, &id);
	if (rc > 0)
		render_decisions(req, resp, st, p, np, e, 422);
	else if (rc == 0)
		see_other(resp, "/quyet-dinh/", id);
}

static int decision_item_line(const struct store_decision_item *it, void *ctx)
{
	struct buf *b = ctx;
	html_printf(b, "<tr><td><a href=\"/tham-dinh/%u/%d\">%h</a></td><td>%d</td><td>%S</td>"
		    "<td>%h</td></tr>\n", it->unit_code, it->year, it->unit_code, it->year,
		    it->recognised ? "Công nhận đạt chuẩn" : "Không công nhận", it->reason);
	return 0;
}

static bool decision_open(struct http_req *req, struct http_resp *resp, struct store **st,
			  struct store_decision *d)
{
	if (!web_gate_role(req, resp, VIEW_ROLES) || (*st = web_store(req, resp)) == NULL)
		return false;
	int64_t id;
	struct tc_err err = {0};
	if (num_parse_i64(http_param(req, "id"), 1, INT64_MAX, &id) != 0 ||
	    store_decision_get(*st, id, web_scope(req), d, &err) != 0) {
		bool exists = err.code == TC_ENOTFOUND && store_decision_get(*st, id, NULL, d, &err) == 0;
		http_error(req, resp, exists ? 403 : 404, exists
			   ? "Quyết định này không thuộc phạm vi của bạn."
			   : "Không có quyết định này.");
		return false;
	}
	return true;
}

static void page_decision(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_decision d;
	if (!decision_open(req, resp, &st, &d))
		return;
	struct buf *b = http_out(resp);
	char dd[16];
	vn_date(d.decision_date, dd);
	layout_begin(b, "Quyết định công nhận", "/quyet-dinh");
	html_printf(b, "<p><a href=\"/quyet-dinh\">← Các quyết định</a></p>\n<h1>Quyết định số %h</h1>\n"
		    "<p>Ngày ký: %h. Người ký: %h, %h. Bản đã ký: <a href=\"/quyet-dinh/%lld/tep\">%h</a>"
		    "</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Xã</th>"
		    "<th scope=\"col\">Năm</th><th scope=\"col\">Kết quả</th><th scope=\"col\">Lý do"
		    "</th></tr></thead>\n<tbody>\n", d.number, dd, d.signer_name, d.signer_position,
		    (long long)d.id, d.file_name);
	struct tc_err err = {0};
	store_decision_items(st, d.id, 0, decision_item_line, b, &err);
	html_printf(b, "</tbody>\n</table></div>\n");
	layout_end(b);
}

static void get_decision_file(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_decision d;
	if (decision_open(req, resp, &st, &d))
		reviewpages_send_file(req, resp, st, d.file_sha256, d.file_mime);
}

/* ---- JSON API ------------------------------------------------------------------------ */

static int meeting_json(const struct store_council *c, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:i,s:i}", "id", (json_int_t)c->id,
					     "name", c->name, "date", c->meeting_date, "quorum_num",
					     c->quorum_num, "quorum_den", c->quorum_den));
	return 0;
}

static void api_meetings(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, VIEW_ROLES))
		return;
	struct store *st = web_store(req, resp);
	json_t *arr = json_array();
	struct tc_err err = {0};
	if (st == NULL || arr == NULL || store_council_list(st, web_scope(req), meeting_json, arr, &err) != 0) {
		json_decref(arr);
		if (st)
			http_error(req, resp, 500, NULL);
		return;
	}
	http_json(resp, 200, json_pack("{s:o}", "items", arr));
}

static void api_meeting_add(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, MEETING_ROLES) || !web_gate_csrf(req, resp, NULL))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	struct meeting_in *in = arena_calloc(http_arena(req), 1, sizeof *in);
	if (e == NULL || in == NULL) {
		json_decref(j);
		http_error(req, resp, 500, NULL);
		return;
	}
	e->a = http_arena(req);
	in->name = json_string_value(json_object_get(j, "name"));
	in->date = json_string_value(json_object_get(j, "date"));
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "members"), i, o) {
		if (in->n_members == MAX_MEMBERS)
			break;
		in->member_name[in->n_members] = json_string_value(json_object_get(o, "name"));
		in->member_role[in->n_members] = json_string_value(json_object_get(o, "role"));
		in->member_present[in->n_members] = !json_is_false(json_object_get(o, "present"));
		in->n_members++;
	}
	json_array_foreach(json_object_get(j, "dossiers"), i, o) {
		if (in->n_dossiers == MAX_DOSSIERS)
			break;
		in->unit[in->n_dossiers] = json_string_value(json_object_get(o, "unit"));
		in->year[in->n_dossiers] = (int)json_integer_value(json_object_get(o, "year"));
		in->n_dossiers++;
	}
	int64_t id = 0;
	int rc = meeting_save(req, resp, in, e, &id);
	if (rc > 0)
		api_invalid(resp, e);
	else if (rc == 0)
		http_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	json_decref(j);
}

static void api_opinion(struct http_req *req, struct http_resp *resp)
{
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	if (e == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	struct meeting *mt = meeting_new(req, resp, MEETING_ROLES, true, NULL);
	if (mt == NULL)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	e->a = http_arena(req);
	struct store_council_opinion o;
	opinion_check(mt, e, (int)json_integer_value(json_object_get(j, "member")),
		      json_string_value(json_object_get(j, "unit")),
		      (int)json_integer_value(json_object_get(j, "year")),
		      json_string_value(json_object_get(j, "opinion")),
		      json_string_value(json_object_get(j, "note")), &o);
	struct tc_err err = {0};
	if (e->n)
		api_invalid(resp, e);
	else if (store_council_opinion_set(mt->st, &o, &err) != 0)
		store_failed(req, resp, &err);
	else
		http_json(resp, 200, json_pack("{s:b}", "ok", 1));
	json_decref(j);
}

/* POST /api/v1/assessments/{unit}/{year}/council {meeting, outcome, reason, version} */
static void api_outcome(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, MEETING_ROLES) || !web_gate_csrf(req, resp, NULL))
		return;
	const char *unit = http_param(req, "unit");
	int year;
	if (num_parse_int(http_param(req, "year"), 2000, 2100, &year) != 0) {
		http_error(req, resp, 404, "Năm đánh giá không hợp lệ.");
		return;
	}
	if (!web_gate_unit(req, resp, unit, year))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct meeting *mt = arena_calloc(http_arena(req), 1, sizeof *mt);
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	if (mt == NULL || e == NULL) {
		json_decref(j);
		http_error(req, resp, 500, NULL);
		return;
	}
	e->a = http_arena(req);
	mt->ar = e->a;
	struct tc_err err = {0};
	json_int_t mid = json_integer_value(json_object_get(j, "meeting"));
	json_int_t version = json_integer_value(json_object_get(j, "version"));
	if ((mt->st = web_store(req, resp)) == NULL) {
		json_decref(j);
		return;
	}
	if (mid < 1 || store_council_get(mt->st, mid, web_scope(req), &mt->c, &err) != 0 ||
	    store_council_members(mt->st, mid, member_cb, mt, &err) != 0 ||
	    store_council_dossiers(mt->st, mid, 0, dossier_cb, mt, &err) != 0 ||
	    (mt->n_d && (mt->a = arena_calloc(mt->ar, mt->n_d, sizeof *mt->a)) == NULL)) {
		json_decref(j);
		http_error(req, resp, 404, "Không có cuộc họp Hội đồng này trong phạm vi của bạn.");
		return;
	}
	for (size_t i = 0; i < mt->n_d; i++)
		store_assessment_get(mt->st, mt->d[i].assessment_id, NULL, &mt->a[i], &err);
	size_t idx;
	const char *outcome = json_string_value(json_object_get(j, "outcome"));
	const char *reason = json_string_value(json_object_get(j, "reason"));
	outcome_check(mt, e, unit, year, outcome, reason, &idx);
	if (version < 1)
		err_add(e, "version", "Thiếu phiên bản hồ sơ (số nguyên).");
	enum wf_state s = WF_DRAFT;
	if (e->n)
		api_invalid(resp, e);
	else if (wf_state_parse(mt->a[idx].status, &s) != 0 ||
		 !wf_allowed(s, WF_COUNCIL_RECORD, web_user(req)->role))
		http_error(req, resp, 409, "Hồ sơ không còn ở bước chờ Hội đồng kết luận.");
	else if (store_council_outcome(mt->st, mid, mt->a[idx].id, version, outcome, reason, &err) != 0)
		store_failed(req, resp, &err);
	else
		http_json(resp, 200, json_pack("{s:s,s:i,s:s}", "unit", unit, "year", year, "status",
					       "council"));
	json_decref(j);
}

/* POST /api/v1/decisions: JSON with the signed file in base64. */
static void api_decision(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, DECISION_ROLES) || !web_gate_csrf(req, resp, NULL))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct store *st = web_store(req, resp);
	struct decision_in *in = arena_calloc(http_arena(req), 1, sizeof *in);
	struct errs *e = arena_calloc(http_arena(req), 1, sizeof *e);
	if (st == NULL || in == NULL || e == NULL) {
		json_decref(j);
		if (st)
			http_error(req, resp, 500, NULL);
		return;
	}
	e->a = http_arena(req);
	in->number = json_string_value(json_object_get(j, "number"));
	in->date = json_string_value(json_object_get(j, "date"));
	in->signer = json_string_value(json_object_get(j, "signer_name"));
	in->position = json_string_value(json_object_get(j, "signer_position"));
	const json_t *file = json_object_get(j, "file");
	const char *b64 = json_string_value(json_object_get(file, "base64"));
	in->file_name = json_string_value(json_object_get(file, "name"));
	in->file_type = json_string_value(json_object_get(file, "type"));
	if (b64) {
		size_t cap = strlen(b64) / 4 * 3 + 3, len = 0;
		unsigned char *bin = arena_alloc(e->a, cap ? cap : 1);
		if (bin && sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
					     sodium_base64_VARIANT_ORIGINAL) == 0) {
			in->file = bin;
			in->file_len = len;
		} else {
			err_add(e, "file", "Tệp phải được mã hoá base64.");
		}
	}
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o) {
		if (in->n == MAX_DOSSIERS)
			break;
		in->unit[in->n] = json_string_value(json_object_get(o, "unit"));
		in->year[in->n] = (int)json_integer_value(json_object_get(o, "year"));
		in->version[in->n] = json_integer_value(json_object_get(o, "version"));
		in->recognised[in->n] = json_is_true(json_object_get(o, "recognised"));
		in->reason[in->n] = json_string_value(json_object_get(o, "reason"));
		in->n++;
	}
	int64_t id = 0;
	int rc = e->n ? 1 : decision_save(req, resp, st, in, e, &id);
	if (rc > 0)
		api_invalid(resp, e);
	else if (rc == 0)
		http_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	json_decref(j);
}

static int decision_item_json(const struct store_decision_item *it, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:i,s:b,s:s}", "unit", it->unit_code, "year",
					     it->year, "recognised", it->recognised, "reason",
					     it->reason));
	return 0;
}

static int decision_json(const struct store_decision *d, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)d->id,
					     "number", d->number, "date", d->decision_date,
					     "signer_name", d->signer_name, "signer_position",
					     d->signer_position, "file_name", d->file_name));
	return 0;
}

static void api_decisions(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, VIEW_ROLES))
		return;
	struct store *st = web_store(req, resp);
	json_t *arr = json_array();
	struct tc_err err = {0};
	if (st == NULL || arr == NULL || store_decision_list(st, web_scope(req), decision_json, arr, &err) != 0) {
		json_decref(arr);
		if (st)
			http_error(req, resp, 500, NULL);
		return;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *d = json_array_get(arr, i), *items = json_array();
		store_decision_items(st, json_integer_value(json_object_get(d, "id")), 0,
				     decision_item_json, items, &err);
		json_object_set_new(d, "items", items);
	}
	http_json(resp, 200, json_pack("{s:o}", "items", arr));
}

const struct http_route councilpages_routes[] = {
	{"GET", "/hoi-dong", page_meetings},
	{"POST", "/hoi-dong", post_meeting},
	{"GET", "/hoi-dong/{id}", page_meeting},
	{"POST", "/hoi-dong/{id}/y-kien", post_opinion},
	{"POST", "/hoi-dong/{id}/ket-luan", post_outcome},
	{"POST", "/hoi-dong/{id}/bien-ban", post_minutes},
	{"GET", "/hoi-dong/{id}/bien-ban", get_minutes},
	{"GET", "/quyet-dinh", page_decisions},
	{"POST", "/quyet-dinh", post_decision},
	{"GET", "/quyet-dinh/{id}", page_decision},
	{"GET", "/quyet-dinh/{id}/tep", get_decision_file},
	{"GET", "/api/v1/councils", api_meetings},
	{"POST", "/api/v1/councils", api_meeting_add},
	{"POST", "/api/v1/councils/{id}/opinions", api_opinion},
	{"POST", "/api/v1/assessments/{unit}/{year}/council", api_outcome},
	{"GET", "/api/v1/decisions", api_decisions},
	{"POST", "/api/v1/decisions", api_decision},
	{NULL, NULL, NULL},
};
