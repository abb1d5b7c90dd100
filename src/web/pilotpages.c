/* pilotpages.c — plans, duties, trainings, inspections, deadlines (see
 * pilotpages.h). Writes: reviewers and administrators within their
 * province; commune officials only report progress on their commune's
 * tasks and read their commune's duties. Every write is one store
 * transaction (audited by the store); every POST/PUT passes the CSRF gate. */
#include "web/pilotpages.h"

#include "app/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cycle.h"
#include "app/pilotdemo.h"
#include "app/registry.h"
#include "core/calendar.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pilotdel.h"
#include "web/pilotforms.h"
#include "web/session.h"
#include "util/mem.h"

#define WRITERS (WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_ADMIN))

static const char *const GROUP_VI[] = {
	"", "1. Phổ biến, quán triệt", "2. Tập huấn, bồi dưỡng", "3. Bảo đảm nguồn lực",
	"4. Thực hiện tiêu chí, phân công", "5. Phối hợp", "6. Kiểm tra, báo cáo",
	"7. Nhân rộng",
};

static const char *status_vi(const char *s)
{
	if (strcmp(s, "done") == 0)
		return "Đã hoàn thành";
	if (strcmp(s, "in_progress") == 0)
		return "Đang thực hiện";
	return "Chưa thực hiện";
}

/* ---- Pure helpers ---------------------------------------------------------- */

void pilotp_today(char out[11])
{
	/* One clock for the whole app (app/dossier.h: TIEPCAN_NOW in tests). */
	struct cal_date d;
	dos_today(&d);
	cal_format_iso(d, out, 11);
}

int pilotp_overdue(const char *deadline, const char *status, const char *today)
{
	struct cal_date a, b;
	if (strcmp(status, "done") == 0 || cal_parse_iso(deadline, strlen(deadline), &a, NULL) != 0 ||
	    cal_parse_iso(today, strlen(today), &b, NULL) != 0)
		return 0;
	return cal_cmp(a, b) < 0;
}

/* ISO date -> dd/mm/yyyy ("" if not a date). */
static void vn_date(const char *iso, char out[11])
{
	struct cal_date d;
	out[0] = '\0';
	if (iso && cal_parse_iso(iso, strlen(iso), &d, NULL) == 0)
		cal_format_vn(d, out, 11);
}

/* Either form -> ISO; -1 if not a real date. */
static int iso_date(const char *s, char out[11])
{
	struct cal_date d;
	if (s == NULL || s[0] == '\0' || cal_parse(s, strlen(s), &d, NULL) != 0)
		return -1;
	cal_format_iso(d, out, 11);
	return 0;
}

static int parse_year(const char *s)
{
	if (s == NULL)
		return 0;
	char *end;
	long y = strtol(s, &end, 10);
	return (s[0] && *end == '\0' && y >= 2000 && y <= 2100) ? (int)y : 0;
}

/* The year of an ISO date. */
static int atoi_year(const char *iso)
{
	char y[5];
	snprintf(y, sizeof y, "%.4s", iso);
	return parse_year(y);
}

static int64_t parse_id(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return (*end == '\0' && v > 0) ? (int64_t)v : 0;
}

/* The province of the signed-in user ("" for an admin or none). */
static void user_province(struct store *st, const struct web_user *u, char out[4])
{
	out[0] = '\0';
	if (u == NULL || u->role == WF_ROLE_ADMIN || u->scope.kind == STORE_SCOPE_ALL)
		return;
	if (u->scope.kind == STORE_SCOPE_PROVINCE) {
		snprintf(out, 4, "%.2s", u->scope.code);
		return;
	}
	struct store_unit un;
	struct tc_err e = {0};
	for (int y = 2100; y >= 2000; y -= 1) /* any year it existed in */
		if (store_unit_at_year(st, u->scope.code, y, &un, &e) == 0) {
			snprintf(out, 4, "%s", un.province);
			return;
		}
	snprintf(out, 4, "--");
}

/* 400 JSON naming the field, with a Vietnamese message. */
static void api_bad(struct http_resp *resp, const char *field, const char *msg)
{
	http_json(resp, 400, json_pack("{s:{s:i,s:s,s:s}}", "error", "status", 400, "message", msg,
				       "field", field));
}

/* The end of a JSON write: the refused field (400) when field is set, the
 * store's error when rc != 0, else `status` with {"id":id}. */
static void api_answer(struct http_req *req, struct http_resp *resp, int rc, const char *field,
		       const char *msg, const struct tc_err *err, int status, int64_t id)
{
	if (rc != 0 && field)
		api_bad(resp, field, msg);
	else if (rc != 0)
		web_store_error(req, resp, err);
	else
		http_json(resp, status, json_pack("{s:I}", "id", (json_int_t)id));
}

/* The start of the JSON creations that need no record first: a writer, the
 * X-CSRF-Token header, then the body (NULL when one of them has answered). */
static json_t *api_write_body(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return NULL;
	return http_json_body(req, resp);
}

static int plan_by_number(struct store *st, const char *number, int64_t *id, struct tc_err *err);

/* ---- GET /api/v1/plans?year=Y ------------------------------------------------- */

struct plans_json {
	struct store *st;
	json_t *arr;
	struct tc_err *err;
	int failed;
};

static int pilot_json_cb(const struct store_plan_pilot *pp, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:i,s:o,s:s}", "unit", pp->unit_code, "name",
					     pp->name, "target_year", pp->target_year, "ntm_year",
					     pp->ntm_year ? json_integer(pp->ntm_year) : json_null(),
					     "kind", pp->kind));
	return 0;
}

static int task_json_cb(const struct store_plan_task *t, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id",
					     (json_int_t)t->id, "group", t->grp, "title", t->title,
					     "unit", t->unit_code,
					     "responsible", t->responsible, "person", t->person,
					     "deadline", t->deadline, "status", t->status,
					     "illustrative", t->illustrative));
	return 0;
}

static int plan_json_cb(const struct store_plan *p, void *ctx)
{
	struct plans_json *c = ctx;
	json_t *pilots = json_array(), *tasks = json_array();
	if (store_plan_pilot_list(c->st, p->id, pilot_json_cb, pilots, c->err) != 0 ||
	    store_plan_task_list(c->st, p->id, NULL, task_json_cb, tasks, c->err) != 0) {
		json_decref(pilots);
		json_decref(tasks);
		c->failed = 1;
		return 1;
	}
	json_array_append_new(c->arr, json_pack(
		"{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:o,s:s,s:s,s:o,s:o}", "id", (json_int_t)p->id,
		"number", p->number, "date", p->issued_on, "issuer", p->issuer, "province",
		p->province, "year", p->year, "title", p->title, "legal_basis", p->legal_basis,
		"parent", p->parent_number[0] ? json_string(p->parent_number) : json_null(),
		"status", p->status, "lessons", p->lessons, "pilots", pilots, "tasks", tasks));
	if (p->file_sha256[0]) {
		char url[48];
		snprintf(url, sizeof url, "/ke-hoach/%lld/tep", (long long)p->id);
		json_object_set_new(json_array_get(c->arr, json_array_size(c->arr) - 1), "file",
				    json_pack("{s:s,s:s,s:s,s:s}", "name", p->file_name, "type",
					      p->file_mime, "sha256", p->file_sha256, "url", url));
	}
	return 0;
}

static void api_plans(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	const char *ys = form_get(http_query(req), "year");
	int year = ys ? parse_year(ys) : 0;
	if (ys && year == 0) {
		api_bad(resp, "year", "Năm không hợp lệ: nhập năm dạng 2018 (tham số year).");
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err = {0};
	struct plans_json c = {st, json_array(), &err, 0};
	if (store_plan_list(st, year, web_scope(req), plan_json_cb, &c, &err) != 0 || c.failed) {
		json_decref(c.arr);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, c.arr);
}

/* GET /api/v1/plans/{id}: one plan, same shape as an element of the list. */
static void api_plan_get(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL)
		return;
	struct store_plan p;
	struct tc_err err = {0};
	if (store_plan_get(st, parse_id(http_param(req, "id")), web_scope(req), &p, &err) != 0) {
		http_error(req, resp, 404, "Không có kế hoạch này.");
		return;
	}
	struct plans_json c = {st, json_array(), &err, 0};
	if (plan_json_cb(&p, &c) != 0 || c.failed) {
		json_decref(c.arr);
		web_store_error(req, resp, &err);
		return;
	}
	json_t *one = json_incref(json_array_get(c.arr, 0));
	json_decref(c.arr);
	http_json(resp, 200, one);
}

/* ---- Plan input (form and JSON) ---------------------------------------------- */

struct plan_in {
	const char *number, *date, *issuer, *year, *title, *basis, *parent, *status, *lessons;
};

/* Fills p from in; on bad input sets *field and *msg (Vietnamese) and
 * returns -1 (nothing is written). */
static int plan_validate(struct store *st, const struct plan_in *in, struct store_plan *p,
			 const char **field, const char **msg)
{
#define BAD(f, m) do { *field = (f); *msg = (m); return -1; } while (0)
#define TXT(dst, src, f, m) do { if ((src) == NULL || (src)[0] == '\0') BAD(f, m); \
	if (strlen(src) >= sizeof(dst)) BAD(f, "Nội dung quá dài."); \
	snprintf((dst), sizeof(dst), "%s", (src)); } while (0)
	TXT(p->number, in->number, "number", "Nhập số kế hoạch, ví dụ 198/KH-STP.");
	if (iso_date(in->date, p->issued_on) != 0)
		BAD("date", "Ngày ban hành không hợp lệ: nhập dạng dd/mm/yyyy, ví dụ 29/03/2018.");
	TXT(p->issuer, in->issuer, "issuer", "Nhập cơ quan ban hành.");
	p->year = parse_year(in->year);
	if (p->year == 0)
		BAD("year", "Năm thực hiện không hợp lệ: nhập năm từ 2000 đến 2100.");
	TXT(p->title, in->title, "title", "Nhập tên (trích yếu) của kế hoạch.");
	if (in->basis && strlen(in->basis) >= sizeof p->legal_basis)
		BAD("legal_basis", "Căn cứ pháp lý quá dài.");
	snprintf(p->legal_basis, sizeof p->legal_basis, "%s", in->basis ? in->basis : "");
	if (in->lessons && strlen(in->lessons) >= sizeof p->lessons)
		BAD("lessons", "Bài học kinh nghiệm quá dài.");
	snprintf(p->lessons, sizeof p->lessons, "%s", in->lessons ? in->lessons : "");
	const char *s = in->status && in->status[0] ? in->status : "active";
	if (strcmp(s, "draft") && strcmp(s, "active") && strcmp(s, "done") && strcmp(s, "cancelled"))
		BAD("status", "Trạng thái phải là draft, active, done hoặc cancelled.");
	snprintf(p->status, sizeof p->status, "%s", s);
	p->parent_id = 0;
	if (in->parent && in->parent[0]) {
		struct tc_err e = {0};
		if (plan_by_number(st, in->parent, &p->parent_id, &e) != 0 || p->parent_id == 0)
			BAD("parent", "Không có kế hoạch cấp trên với số này.");
		if (p->parent_id == p->id)
			BAD("parent", "Kế hoạch không thể là kế hoạch cấp trên của chính nó.");
	}
	return 0;
#undef TXT
#undef BAD
}

struct by_number {
	const char *number;
	int64_t id;
};

static int by_number_cb(const struct store_plan *p, void *ctx)
{
	struct by_number *b = ctx;
	if (strcmp(p->number, b->number) == 0) {
		b->id = p->id;
		return 1;
	}
	return 0;
}

static int plan_by_number(struct store *st, const char *number, int64_t *id, struct tc_err *err)
{
	struct by_number b = {number, 0};
	if (store_plan_list(st, 0, NULL, by_number_cb, &b, err) != 0)
		return -1;
	*id = b.id;
	return 0;
}

/* The plan `id` if the user may change it: 404 if absent, 403 if it belongs
 * to another province. */
static int plan_for_write(struct http_req *req, struct http_resp *resp, struct store *st,
			  int64_t id, struct store_plan *p)
{
	struct tc_err err = {0};
	if (id == 0 || store_plan_get(st, id, NULL, p, &err) != 0) {
		http_error(req, resp, 404, "Không có kế hoạch này.");
		return -1;
	}
	char prov[4];
	user_province(st, web_user(req), prov);
	if (prov[0] && strcmp(prov, p->province) != 0) {
		http_error(req, resp, 403, "Kế hoạch thuộc tỉnh khác: bạn không được sửa.");
		return -1;
	}
	return 0;
}

/* ---- JSON writes ---------------------------------------------------------------- */

static const char *jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A number or a numeric string as text (years, ids). */
static const char *jnum(const json_t *o, const char *k, char buf[24])
{
	const json_t *v = json_object_get(o, k);
	if (json_is_integer(v)) {
		snprintf(buf, 24, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A task's commune, if it has one: a commune of the plan's province in the
 * plan's year. Every way in (page, JSON create, plan with tasks, PATCH)
 * checks it, so a province cannot hand a task, and with it the right to
 * report on it, to a commune of another province. */
int pilotp_task_unit_ok(struct store *st, const struct store_plan *p, const char *unit,
			const char **bad, const char **msg)
{
	struct store_unit u;
	struct tc_err err = {0};
	if (unit[0] == '\0')
		return 0;
	if (store_unit_at_year(st, unit, p->year, &u, &err) == 0 && strcmp(u.level, "commune") == 0 &&
	    strcmp(u.province, p->province) == 0)
		return 0;
	*bad = "unit";
	*msg = "Không có xã mang mã này trong tỉnh của kế hoạch vào năm thực hiện.";
	return -1;
}

static int task_from_json(const json_t *j, int64_t plan, struct store_plan_task *t,
			  const char **field, const char **msg)
{
	memset(t, 0, sizeof *t);
	t->plan_id = plan;
	const json_t *g = json_object_get(j, "group");
	t->grp = json_is_integer(g) ? (int)json_integer_value(g) : 0;
	if (t->grp < 1 || t->grp > STORE_TASK_GROUPS) {
		*field = "tasks.group";
		*msg = "Nhóm nhiệm vụ phải từ 1 đến 7 (6 nhóm và nhân rộng).";
		return -1;
	}
	const char *title = jstr(j, "title"), *dl = jstr(j, "deadline"), *status = jstr(j, "status");
	if (title == NULL || title[0] == '\0' || strlen(title) >= sizeof t->title) {
		*field = "tasks.title";
		*msg = "Nhập tên nhiệm vụ.";
		return -1;
	}
	snprintf(t->title, sizeof t->title, "%s", title);
	if (iso_date(dl, t->deadline) != 0) {
		*field = "tasks.deadline";
		*msg = "Thời hạn không hợp lệ: nhập dạng yyyy-mm-dd hoặc dd/mm/yyyy.";
		return -1;
	}
	snprintf(t->status, sizeof t->status, "%s", status ? status : "open");
	if (strcmp(t->status, "open") && strcmp(t->status, "in_progress") && strcmp(t->status, "done")) {
		*field = "tasks.status";
		*msg = "Trạng thái phải là open, in_progress hoặc done.";
		return -1;
	}
	const char *r = jstr(j, "responsible"), *p = jstr(j, "person"), *u = jstr(j, "unit");
	snprintf(t->responsible, sizeof t->responsible, "%s", r ? r : "");
	snprintf(t->person, sizeof t->person, "%s", p ? p : "");
	snprintf(t->unit_code, sizeof t->unit_code, "%s", u ? u : "");
	return 0;
}

/* Pilots and tasks of a new plan (inside the caller's transaction). */
static int plan_children(struct store *st, const json_t *j, const struct store_plan *p,
			 const char **field, const char **msg, struct tc_err *err)
{
	size_t i;
	const json_t *v;
	json_array_foreach(json_object_get(j, "pilots"), i, v) {
		struct store_plan_pilot pp;
		memset(&pp, 0, sizeof pp);
		pp.plan_id = p->id;
		char b1[24], b2[24];
		const char *u = jstr(v, "unit");
		pp.target_year = parse_year(jnum(v, "target_year", b1));
		pp.ntm_year = parse_year(jnum(v, "ntm_year", b2));
		if (u == NULL || strlen(u) != 5 || pp.target_year == 0) {
			*field = "pilots";
			*msg = "Xã điểm cần mã xã 5 chữ số (unit) và năm phấn đấu đạt chuẩn (target_year).";
			return -1;
		}
		snprintf(pp.unit_code, sizeof pp.unit_code, "%s", u);
		const char *k = jstr(v, "kind");
		snprintf(pp.kind, sizeof pp.kind, "%s", k && strcmp(k, "next") == 0 ? "next" : "pilot");
		if (store_plan_pilot_add(st, &pp, err) != 0) {
			*field = "pilots";
			*msg = "Mã xã không tồn tại trong năm phấn đấu, hoặc xã đã có trong kế hoạch.";
			return -1;
		}
	}
	json_array_foreach(json_object_get(j, "tasks"), i, v) {
		struct store_plan_task t;
		if (task_from_json(v, p->id, &t, field, msg) != 0)
			return -1;
		if (pilotp_task_unit_ok(st, p, t.unit_code, field, msg) != 0) {
			*field = "tasks.unit";
			return -1;
		}
		if (store_plan_task_add(st, &t, NULL, err) != 0)
			return -1;
	}
	return 0;
}

static void plan_in_json(const json_t *j, struct plan_in *in, char ybuf[24])
{
	in->number = jstr(j, "number");
	in->date = jstr(j, "date");
	in->issuer = jstr(j, "issuer");
	in->year = jnum(j, "year", ybuf);
	in->title = jstr(j, "title");
	in->basis = jstr(j, "legal_basis");
	in->parent = jstr(j, "parent");
	in->status = jstr(j, "status");
	in->lessons = jstr(j, "lessons");
}

/* The province a new plan belongs to: the reviewer's; an admin names it. */
static int new_plan_province(struct http_req *req, struct store *st, const char *given,
			     char out[4])
{
	user_province(st, web_user(req), out);
	if (out[0])
		return 0;
	if (given == NULL || strlen(given) != 2)
		return -1;
	snprintf(out, 4, "%s", given);
	return 0;
}

static void api_plan_create(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL) {
		json_decref(j);
		return;
	}
	struct plan_in in;
	char ybuf[24];
	plan_in_json(j, &in, ybuf);
	struct store_plan p;
	memset(&p, 0, sizeof p);
	const char *field = NULL, *msg = NULL;
	struct tc_err err = {0};
	int64_t id = 0;
	if (plan_validate(st, &in, &p, &field, &msg) == 0 &&
	    new_plan_province(req, st, jstr(j, "province"), p.province) != 0) {
		field = "province";
		msg = "Quản trị viên cần ghi mã tỉnh (2 chữ số) của kế hoạch.";
	}
	int rc = field ? -1 : store_begin(st, &err);
	int began = rc == 0;
	if (rc == 0)
		rc = store_plan_add(st, &p, &id, &err);
	p.id = id;
	if (rc == 0)
		rc = plan_children(st, j, &p, &field, &msg, &err);
	if (rc == 0)
		rc = store_commit(st, &err);
	else if (began)
		store_rollback(st); /* all or nothing: the plan, its pilots, its tasks */
	json_decref(j);
	if (rc != 0) {
		if (field)
			api_bad(resp, field, msg);
		else if (err.code == TC_ECONFLICT)
			api_bad(resp, "number", "Đã có kế hoạch mang số này.");
		else
			web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "number", p.number));
}

static void api_plan_update(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan p;
	if (st == NULL || plan_for_write(req, resp, st, parse_id(http_param(req, "id")), &p) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct plan_in in;
	char ybuf[24];
	plan_in_json(j, &in, ybuf);
	struct store_plan cur = p; /* fields left out of the body keep their value */
	in.basis = in.basis ? in.basis : cur.legal_basis;
	in.parent = in.parent ? in.parent : cur.parent_number;
	in.status = in.status ? in.status : cur.status;
	in.lessons = in.lessons ? in.lessons : cur.lessons;
	const char *field = NULL, *msg = NULL;
	struct tc_err err = {0};
	int rc = plan_validate(st, &in, &p, &field, &msg);
	if (rc == 0)
		rc = store_plan_update(st, &p, &err);
	json_decref(j);
	if (rc != 0) {
		if (field)
			api_bad(resp, field, msg);
		else
			web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:I,s:s}", "id", (json_int_t)p.id, "number", p.number));
}

static void api_task_create(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan p;
	if (st == NULL || plan_for_write(req, resp, st, parse_id(http_param(req, "id")), &p) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct store_plan_task t;
	const char *field = NULL, *msg = NULL;
	struct tc_err err = {0};
	int64_t id = 0;
	int rc = task_from_json(j, p.id, &t, &field, &msg);
	if (rc == 0)
		rc = pilotp_task_unit_ok(st, &p, t.unit_code, &field, &msg);
	if (rc == 0)
		rc = store_plan_task_add(st, &t, &id, &err);
	json_decref(j);
	api_answer(req, resp, rc, field, msg, &err, 201, id);
}

/* Progress of a task: writers of the plan's province, or the commune the
 * task is assigned to. */
static void api_task_progress(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct store_plan_task t;
	struct tc_err err = {0};
	if (store_plan_task_get(st, parse_id(http_param(req, "id")), &t, &err) != 0) {
		http_error(req, resp, 404, "Không có nhiệm vụ này.");
		return;
	}
	const struct web_user *u = web_user(req);
	if (u->role == WF_ROLE_COMMUNE) {
		if (t.unit_code[0] == '\0' || strcmp(t.unit_code, u->scope.code) != 0) {
			http_error(req, resp, 403, "Nhiệm vụ này không giao cho xã của bạn.");
			return;
		}
	} else {
		struct store_plan p;
		if (u->role == WF_ROLE_COUNCIL) {
			http_error(req, resp, 403, "Thành viên Hội đồng không cập nhật nhiệm vụ.");
			return;
		}
		if (plan_for_write(req, resp, st, t.plan_id, &p) != 0)
			return;
	}
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	char today[11], on[11];
	pilotp_today(today);
	const char *status = jstr(j, "status"), *date = jstr(j, "date"), *note = jstr(j, "note");
	int rc = 0;
	if (status == NULL || (strcmp(status, "open") && strcmp(status, "in_progress") &&
			       strcmp(status, "done")))
		api_bad(resp, "status", "Trạng thái phải là open, in_progress hoặc done."), rc = -1;
	else if (date && iso_date(date, on) != 0)
		api_bad(resp, "date", "Ngày không hợp lệ: nhập dạng yyyy-mm-dd."), rc = -1;
	if (rc == 0 && store_plan_task_progress(st, t.id, status, date ? on : today,
						note ? note : "", &err) != 0) {
		web_store_error(req, resp, &err);
		rc = -1;
	}
	if (rc == 0)
		http_json(resp, 200, json_pack("{s:I,s:s}", "id", (json_int_t)t.id, "status", status));
	json_decref(j); /* status points into j */
}

/* ---- Duties ------------------------------------------------------------------------ */

static int duty_json_cb(const struct store_duty *d, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:I,s:s,s:s,s:b}", "item", d->item, "official",
					     (json_int_t)d->official_id, "name", d->official_name,
					     "since", d->since, "focal", d->item[0] == '\0'));
	return 0;
}

static int ho_json_cb(const struct store_handover *h, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:I,s:s,s:I,s:s,s:s,s:s}", "item", h->item,
					     "from", (json_int_t)h->from_id, "from_name", h->from_name,
					     "to", (json_int_t)h->to_id, "to_name", h->to_name,
					     "date", h->on_date, "reason", h->reason));
	return 0;
}

/* unit/year from the path, gated by scope. */
static int duty_target(struct http_req *req, struct http_resp *resp, const char **unit, int *year)
{
	*unit = http_param(req, "unit");
	*year = parse_year(http_param(req, "year"));
	if (*year == 0) {
		http_error(req, resp, 400, "Năm không hợp lệ.");
		return -1;
	}
	return web_gate_unit(req, resp, *unit, *year) ? 0 : -1;
}

/* The two duty-page POSTs share their preamble (writer, {unit}/{year} in
 * scope, form + CSRF) and their 303 back to the duty page. */
static struct store *duty_post(struct http_req *req, struct http_resp *resp, const char **unit,
			       int *year, struct form *f)
{
	if (!web_gate_role(req, resp, WRITERS) || duty_target(req, resp, unit, year) != 0 ||
	    pilotp_post_form(req, resp, f) != 0)
		return NULL;
	return web_store(req, resp);
}

/* The JSON twin of duty_post: writer, X-CSRF-Token header, {unit}/{year},
 * the store, then the body; NULL when one of them has answered. */
static json_t *duty_api(struct http_req *req, struct http_resp *resp, const char **unit,
			int *year, struct store **st)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL) ||
	    duty_target(req, resp, unit, year) != 0 || (*st = web_store(req, resp)) == NULL)
		return NULL;
	return http_json_body(req, resp);
}

static void duty_see_other(struct http_resp *resp, const char *unit, int year)
{
	char loc[64];
	snprintf(loc, sizeof loc, "/phan-cong/%s/%d", unit, year);
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

static void api_duties(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	if (!web_gate_login(req, resp) || duty_target(req, resp, &unit, &year) != 0)
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err = {0};
	json_t *d = json_array(), *h = json_array();
	if (store_duty_list(st, unit, year, duty_json_cb, d, &err) != 0 ||
	    store_handover_list(st, unit, year, ho_json_cb, h, &err) != 0) {
		json_decref(d);
		json_decref(h);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:s,s:i,s:o,s:o}", "unit", unit, "year", year, "duties", d,
				       "handovers", h));
}

/* PUT {"item":"1.1","official":12,"date":"2018-05-15","reason":"..."};
 * item "" = focal point. */
static void api_duty_put(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	struct store *st;
	json_t *j = duty_api(req, resp, &unit, &year, &st);
	if (j == NULL)
		return;
	char today[11], on[11];
	pilotp_today(today);
	const char *item = jstr(j, "item"), *date = jstr(j, "date"), *reason = jstr(j, "reason");
	const json_t *o = json_object_get(j, "official");
	int64_t off = json_is_integer(o) ? (int64_t)json_integer_value(o) : 0;
	struct tc_err err = {0};
	if (item == NULL)
		api_bad(resp, "item", "Nhập mã chỉ tiêu (để trống: đầu mối).");
	else if (off <= 0)
		api_bad(resp, "official", "Chọn công chức phụ trách (mã số).");
	else if (date && iso_date(date, on) != 0)
		api_bad(resp, "date", "Ngày không hợp lệ: nhập dạng yyyy-mm-dd.");
	else if (store_duty_assign(st, unit, year, item, off, date ? on : today,
				   reason ? reason : "", &err) != 0) {
		if (err.code == TC_EINPUT)
			api_bad(resp, "official", "Công chức không thuộc xã này hoặc không tồn tại.");
		else
			web_store_error(req, resp, &err);
	} else {
		http_json(resp, 200, json_pack("{s:s,s:i,s:s,s:I}", "unit", unit, "year", year,
					       "item", item, "official", (json_int_t)off));
	}
	json_decref(j);
}

/* Core of a handover (API and form): -1 with a Vietnamese message. */
static int do_handover(struct store *st, const char *unit, int year, const char *from_s,
		       const char *to_s, const char *date, const char *reason, long *n,
		       const char **field, const char **msg)
{
	char on[11];
	int64_t from = parse_id(from_s), to = parse_id(to_s);
	struct tc_err err = {0};
	if (from == 0)
		*field = "from", *msg = "Chọn công chức bàn giao.";
	else if (to == 0)
		*field = "to", *msg = "Chọn công chức nhận bàn giao.";
	else if (from == to)
		*field = "to", *msg = "Người nhận phải khác người bàn giao.";
	else if (iso_date(date, on) != 0)
		*field = "date", *msg = "Ngày bàn giao không hợp lệ: nhập dạng dd/mm/yyyy.";
	else if (reason == NULL || reason[0] == '\0')
		*field = "reason", *msg = "Nhập lý do bàn giao (nghỉ việc, chuyển công tác, sáp nhập xã...).";
	else if (store_duty_handover_all(st, unit, year, from, to, on, reason, n, &err) != 0) {
		*field = err.code == TC_EINPUT ? "to" : "";
		*msg = err.code == TC_EINPUT ? "Người bàn giao không phụ trách chỉ tiêu nào, hoặc "
			"người nhận không thuộc xã này." : "Không ghi được vào cơ sở dữ liệu; thử lại sau.";
	}
	return *field ? -1 : 0;
}

static void api_handover(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	struct store *st;
	json_t *j = duty_api(req, resp, &unit, &year, &st);
	if (j == NULL)
		return;
	char b1[24], b2[24];
	const char *field = NULL, *msg = NULL;
	long n = 0;
	if (do_handover(st, unit, year, jnum(j, "from", b1), jnum(j, "to", b2), jstr(j, "date"),
			jstr(j, "reason"), &n, &field, &msg) != 0)
		api_bad(resp, field, msg);
	else
		http_json(resp, 200, json_pack("{s:i}", "handed_over", (int)n));
	json_decref(j);
}

/* ---- Officials, trainings, inspections ------------------------------------------- */

/* POST {"unit":"01417","year":2018,"name":"...","position":"..."} */
static void api_official_create(struct http_req *req, struct http_resp *resp)
{
	json_t *j = api_write_body(req, resp);
	if (j == NULL)
		return;
	char yb[24];
	const char *unit = jstr(j, "unit"), *name = jstr(j, "name"), *pos = jstr(j, "position");
	int year = parse_year(jnum(j, "year", yb));
	struct store_official o;
	memset(&o, 0, sizeof o);
	struct store_unit un;
	struct tc_err err = {0};
	struct store *st = NULL;
	if (unit == NULL || year == 0)
		api_bad(resp, "unit", "Nhập mã xã (unit) và năm (year).");
	else if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof o.full_name)
		api_bad(resp, "name", "Nhập họ tên công chức.");
	else if (web_gate_unit(req, resp, unit, year) && (st = web_store(req, resp)) != NULL) {
		int64_t id = 0;
		snprintf(o.full_name, sizeof o.full_name, "%s", name);
		snprintf(o.position, sizeof o.position, "%s", pos ? pos : "");
		snprintf(o.unit_code, sizeof o.unit_code, "%s", unit);
		if (store_unit_at_year(st, unit, year, &un, &err) == 0)
			snprintf(o.vintage, sizeof o.vintage, "%s", un.vintage);
		int rc = o.vintage[0] == '\0' ? -1 : store_official_add(st, &o, &id, &err);
		api_answer(req, resp, rc, NULL, NULL, &err, 201, id);
	}
	json_decref(j);
}

/* POST {"date","place","topic","trainer","materials","plan","attendees":[ids]} */
static void api_training_create(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct store_training t;
	memset(&t, 0, sizeof t);
	const char *place = jstr(j, "place"), *topic = jstr(j, "topic");
	const json_t *att = json_object_get(j, "attendees");
	size_t n = json_array_size(att);
	int64_t ids[256];
	struct tc_err err = {0};
	char pb[24];
	t.plan_id = parse_id(jnum(j, "plan", pb));
	user_province(st, web_user(req), t.province);
	if (t.province[0] == '\0')
		snprintf(t.province, sizeof t.province, "%s", jstr(j, "province") ? jstr(j, "province") : "");
	if (iso_date(jstr(j, "date"), t.held_on) != 0)
		api_bad(resp, "date", "Ngày tập huấn không hợp lệ: nhập dạng yyyy-mm-dd.");
	else if (place == NULL || place[0] == '\0' || strlen(place) >= sizeof t.place)
		api_bad(resp, "place", "Nhập địa điểm tập huấn.");
	else if (topic == NULL || topic[0] == '\0' || strlen(topic) >= sizeof t.topic)
		api_bad(resp, "topic", "Nhập chủ đề tập huấn.");
	else if (n == 0 || n > 256)
		api_bad(resp, "attendees", "Chọn người tham dự (1 đến 256 công chức).");
	else {
		int ok = 1;
		for (size_t i = 0; i < n; i++) {
			const json_t *v = json_array_get(att, i);
			ids[i] = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
			ok &= ids[i] > 0;
		}
		snprintf(t.place, sizeof t.place, "%s", place);
		snprintf(t.topic, sizeof t.topic, "%s", topic);
		const char *tr = jstr(j, "trainer"), *m = jstr(j, "materials");
		snprintf(t.trainer, sizeof t.trainer, "%s", tr ? tr : "");
		snprintf(t.materials, sizeof t.materials, "%s", m ? m : "");
		int64_t id = 0;
		if (!ok)
			api_bad(resp, "attendees", "Người tham dự phải là mã số công chức.");
		else if (store_training_add(st, &t, ids, n, &id, &err) != 0)
			err.code == TC_EINPUT ? api_bad(resp, "attendees", "Có người tham dự không tồn "
							"tại trong danh sách công chức.")
					      : web_store_error(req, resp, &err);
		else
			http_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
	json_decref(j);
}

/* POST {"unit","date","findings","follow_up","plan"} */
static void api_inspection_create(struct http_req *req, struct http_resp *resp)
{
	json_t *j = api_write_body(req, resp);
	if (j == NULL)
		return;
	struct store_inspection in;
	memset(&in, 0, sizeof in);
	const char *unit = jstr(j, "unit"), *f = jstr(j, "findings"), *fu = jstr(j, "follow_up");
	char pb[24];
	struct tc_err err = {0};
	struct store *st;
	in.plan_id = parse_id(jnum(j, "plan", pb));
	if (unit == NULL || strlen(unit) != 5)
		api_bad(resp, "unit", "Nhập mã xã 5 chữ số.");
	else if (iso_date(jstr(j, "date"), in.visited_on) != 0)
		api_bad(resp, "date", "Ngày kiểm tra không hợp lệ: nhập dạng yyyy-mm-dd.");
	else if (web_gate_unit(req, resp, unit, atoi_year(in.visited_on)) &&
		 (st = web_store(req, resp)) != NULL) {
		int64_t id = 0;
		snprintf(in.unit_code, sizeof in.unit_code, "%s", unit);
		snprintf(in.findings, sizeof in.findings, "%s", f ? f : "");
		snprintf(in.follow_up, sizeof in.follow_up, "%s", fu ? fu : "");
		int rc = store_inspection_add(st, &in, &id, &err);
		api_answer(req, resp, rc, NULL, NULL, &err, 201, id);
	}
	json_decref(j);
}

/* ---- Pages: plans ------------------------------------------------------------------ */

static struct buf *page(struct http_resp *resp, int status, const char *title, const char *nav)
{
	struct buf *b = http_out(resp);
	buf_reset(b);
	http_status(resp, status);
	http_type(resp, "text/html; charset=utf-8");
	layout_begin(b, title, nav);
	return b;
}

static void field_err(struct buf *b, const char *id, const char *bad_field, const char *msg)
{
	if (bad_field && strcmp(bad_field, id) == 0)
		html_printf(b, "<span class=\"field-error\" id=\"loi-%a\">%h</span>\n", id, msg);
}

static void input(struct buf *b, const char *id, const char *label, const char *value,
		  const char *bad_field, const char *msg)
{
	int bad = bad_field && strcmp(bad_field, id) == 0;
	html_printf(b, "<p><label for=\"%a\">%h</label><br><input type=\"text\" id=\"%a\" "
		    "name=\"%a\" value=\"%a\"%S>", id, label, id, id, value ? value : "",
		    bad ? " aria-invalid=\"true\"" : "");
	field_err(b, id, bad_field, msg);
	html_printf(b, "</p>\n");
}

struct list_ctx {
	struct buf *b;
};

static int plan_row_cb(const struct store_plan *p, void *ctx)
{
	struct list_ctx *c = ctx;
	char d[11];
	vn_date(p->issued_on, d);
	html_printf(c->b, "<tr><td><a href=\"/ke-hoach/%lld\">%h</a></td><td>%h</td><td>%h</td>"
		    "<td>%d</td><td>%h</td><td>%h</td></tr>\n", (long long)p->id, p->number, d,
		    p->issuer, p->year, p->title, p->parent_number[0] ? p->parent_number : "—");
	return 0;
}

/* form_get on a form that may be absent (first display). */
static const char *fv(const struct form *f, const char *name)
{
	return f ? form_get(f, name) : NULL;
}

static void plan_form(struct http_req *req, struct buf *b, const struct form *f,
		      const char *bad, const char *msg)
{
	html_printf(b, "<h2>Tạo kế hoạch</h2>\n<form method=\"post\" action=\"/ke-hoach\" novalidate>\n");
	web_csrf_field(req, b);
	input(b, "number", "Số kế hoạch (ví dụ 198/KH-STP)", fv(f, "number"), bad, msg);
	input(b, "date", "Ngày ban hành (dd/mm/yyyy)", fv(f, "date"), bad, msg);
	input(b, "issuer", "Cơ quan ban hành", fv(f, "issuer"), bad, msg);
	input(b, "year", "Năm thực hiện", fv(f, "year"), bad, msg);
	input(b, "title", "Trích yếu", fv(f, "title"), bad, msg);
	input(b, "legal_basis", "Căn cứ", fv(f, "legal_basis"), bad, msg);
	input(b, "parent", "Số kế hoạch cấp trên (nếu có)", fv(f, "parent"), bad, msg);
	input(b, "province", "Mã tỉnh (chỉ quản trị viên cần ghi)", fv(f, "province"), bad, msg);
	html_printf(b, "<p><button type=\"submit\">Tạo kế hoạch</button></p>\n</form>\n");
}

static void plans_page(struct http_req *req, struct http_resp *resp, int status,
		       const struct form *f, const char *bad, const char *msg)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct buf *b = page(resp, status, "Kế hoạch, mô hình điểm", "/ke-hoach");
	html_printf(b, "<h1>Kế hoạch, mô hình điểm</h1>\n<p><a href=\"/lich\">Lịch thời hạn</a> · "
		    "<a href=\"/tap-huan\">Tập huấn</a> · <a href=\"/kiem-tra\">Kiểm tra</a> · "
		    "<a href=\"/can-bo\">Cán bộ, công chức</a> · <a href=\"/nhan-rong\">Nhân rộng</a></p>\n");
	if (bad)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: %h</p>\n", msg);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th>Số</th><th>Ngày</th>"
		    "<th>Cơ quan ban hành</th><th>Năm</th><th>Trích yếu</th><th>Kế hoạch cấp trên</th>"
		    "</tr></thead><tbody>\n");
	struct list_ctx c = {b};
	struct tc_err err = {0};
	if (store_plan_list(st, 0, web_scope(req), plan_row_cb, &c, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	const struct web_user *u = web_user(req);
	if (u->role == WF_ROLE_REVIEWER || u->role == WF_ROLE_ADMIN)
		plan_form(req, b, f, bad, msg);
	layout_end(b);
}

static void page_plans(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	plans_page(req, resp, 200, NULL, NULL, NULL);
}

static void page_plan_create(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, WRITERS))
		return;
	if (pilotp_post_form(req, resp, &f) != 0)
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct plan_in in = {form_get(&f, "number"), form_get(&f, "date"), form_get(&f, "issuer"),
			     form_get(&f, "year"), form_get(&f, "title"), form_get(&f, "legal_basis"),
			     form_get(&f, "parent"), NULL, NULL};
	struct store_plan p;
	memset(&p, 0, sizeof p);
	const char *bad = NULL, *msg = NULL;
	int64_t id = 0;
	if (plan_validate(st, &in, &p, &bad, &msg) == 0 &&
	    new_plan_province(req, st, form_get(&f, "province"), p.province) != 0)
		bad = "province", msg = "Quản trị viên cần ghi mã tỉnh (2 chữ số).";
	if (bad == NULL && store_plan_add(st, &p, &id, &err) != 0) {
		if (err.code != TC_ECONFLICT) {
			web_store_error(req, resp, &err);
			return;
		}
		bad = "number", msg = "Đã có kế hoạch mang số này.";
	}
	if (bad) {
		plans_page(req, resp, 400, &f, bad, msg);
		return;
	}
	pilotp_see_other(resp, "/ke-hoach/", id, "");
}

struct detail_ctx {
	struct buf *b;
	const char *today;
	int year;
	long overdue;
	struct store *st;     /* NULL: no progress notes */
	struct tc_err *err;
	int writer;           /* 1: offer the delete links (pilotdel.c) */
};

static int pilot_row_cb(const struct store_plan_pilot *pp, void *ctx)
{
	struct detail_ctx *c = ctx;
	html_printf(c->b, "<li>%h (<code>%h</code>)%h — phấn đấu đạt chuẩn năm %d",
		    pp->name, pp->unit_code, strcmp(pp->kind, "next") == 0 ? ", dự kiến nhân rộng" : "",
		    pp->target_year);
	if (pp->ntm_year)
		html_printf(c->b, ", nông thôn mới năm %d", pp->ntm_year);
	html_printf(c->b, " · <a href=\"/phan-cong/%u/%d\">Phân công</a>", pp->unit_code,
		    pp->target_year);
	if (c->writer)
		html_printf(c->b, " · <a href=\"/ke-hoach/%lld/xa-diem/%u/xoa\">Xóa</a>",
			    (long long)pp->plan_id, pp->unit_code);
	html_printf(c->b, "</li>\n");
	return 0;
}

static int note_row_cb(const struct store_task_note *n, void *ctx)
{
	struct detail_ctx *c = ctx;
	char d[11];
	vn_date(n->on_date, d);
	html_printf(c->b, "<tr class=\"note\"><td></td><td colspan=\"4\"><small>%h — %h: %h "
		    "(%h)</small></td></tr>\n", d, status_vi(n->status), n->note, n->actor);
	return 0;
}

static int task_row_cb(const struct store_plan_task *t, void *ctx)
{
	struct detail_ctx *c = ctx;
	char d[11];
	vn_date(t->deadline, d);
	int late = pilotp_overdue(t->deadline, t->status, c->today);
	c->overdue += late;
	html_printf(c->b, "<tr%S><td>%h</td><td><a href=\"/nhiem-vu/%lld\">%h</a>%S</td><td>%h</td>"
		    "<td>%h</td><td>%h%S</td></tr>\n",
		    late ? " class=\"overdue\"" : "", GROUP_VI[t->grp], (long long)t->id, t->title,
		    t->illustrative ? " <small>(minh họa)</small>" : "", t->responsible, d,
		    status_vi(t->status), late ? " — <strong>Quá hạn</strong>" : "");
	if (c->st && store_task_note_list(c->st, t->id, note_row_cb, c, c->err) != 0)
		return 1;
	return 0;
}

static int insp_row_cb(const struct store_inspection *i, void *ctx)
{
	struct detail_ctx *c = ctx;
	char d[11];
	vn_date(i->visited_on, d);
	html_printf(c->b, "<tr><td><a href=\"/kiem-tra/%lld\">%h</a></td><td><code>%h</code></td>"
		    "<td>%h</td><td>%h</td></tr>\n", (long long)i->id, d, i->unit_code, i->findings,
		    i->follow_up);
	return 0;
}

void pilotp_plan_page(struct http_req *req, struct http_resp *resp, int status,
		      const char *file_msg)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct store_plan p;
	struct tc_err err = {0};
	if (store_plan_get(st, parse_id(http_param(req, "id")), web_scope(req), &p, &err) != 0) {
		http_error(req, resp, 404, "Không có kế hoạch này.");
		return;
	}
	char today[11], d[11];
	pilotp_today(today);
	vn_date(p.issued_on, d);
	struct buf *b = page(resp, status, p.number, "/ke-hoach");
	html_printf(b, "<h1>Kế hoạch %h</h1>\n<p>%h</p>\n<dl><dt>Ngày ban hành</dt><dd>%h</dd>"
		    "<dt>Cơ quan ban hành</dt><dd>%h</dd><dt>Năm</dt><dd>%d</dd><dt>Căn cứ</dt>"
		    "<dd>%h</dd><dt>Kế hoạch cấp trên</dt><dd>", p.number, p.title, d, p.issuer,
		    p.year, p.legal_basis[0] ? p.legal_basis : "—");
	if (p.parent_id)
		html_printf(b, "<a href=\"/ke-hoach/%lld\">%h</a>", (long long)p.parent_id,
			    p.parent_number);
	else
		html_printf(b, "—");
	html_printf(b, "</dd></dl>\n");
	pilotd_notice(req, b);
	const struct web_user *me = web_user(req);
	if (me->role == WF_ROLE_REVIEWER || me->role == WF_ROLE_ADMIN)
		html_printf(b, "<p><a href=\"/ke-hoach/%lld/sua\">Sửa kế hoạch</a></p>\n",
			    (long long)p.id);
	pilotf_plan_file_block(req, b, &p, file_msg);
	html_printf(b, "<h2>Xã điểm</h2>\n<ul>\n");
	struct detail_ctx c = {b, today, p.year, 0, st, &err,
			       me->role == WF_ROLE_REVIEWER || me->role == WF_ROLE_ADMIN};
	int rc = store_plan_pilot_list(st, p.id, pilot_row_cb, &c, &err);
	html_printf(b, "</ul>\n<h2>Nhiệm vụ</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
		    "<th>Nhóm</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th>"
		    "<th>Tình trạng</th></tr></thead><tbody>\n");
	if (rc == 0)
		rc = store_plan_task_list(st, p.id, NULL, task_row_cb, &c, &err);
	html_printf(b, "</tbody></table></div>\n<p>Số nhiệm vụ quá hạn (tính đến %h): %ld</p>\n",
		    (vn_date(today, d), d), c.overdue);
	html_printf(b, "<h2>Kiểm tra</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>Ngày</th>"
		    "<th>Xã</th><th>Kết quả kiểm tra</th><th>Việc cần làm tiếp</th></tr></thead><tbody>\n");
	if (rc == 0)
		rc = store_inspection_list(st, p.id, NULL, insp_row_cb, &c, &err);
	html_printf(b, "</tbody></table></div>\n<h2>Bài học kinh nghiệm</h2>\n<p>%h</p>\n",
		    p.lessons[0] ? p.lessons : "Chưa ghi.");
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

/* ---- Pages: duty assignment ----------------------------------------------------- */

struct duty_page {
	struct buf *b;
	struct http_req *req;
};

static int duty_row_cb(const struct store_duty *d, void *ctx)
{
	struct duty_page *c = ctx;
	char s[11];
	vn_date(d->since, s);
	html_printf(c->b, "<tr><td>%h</td><td>%h (mã %lld)</td><td>%h</td></tr>\n",
		    d->item[0] ? d->item : "Đầu mối (công chức Tư pháp - Hộ tịch)", d->official_name,
		    (long long)d->official_id, s);
	return 0;
}

static int ho_row_cb(const struct store_handover *h, void *ctx)
{
	struct duty_page *c = ctx;
	char s[11];
	vn_date(h->on_date, s);
	html_printf(c->b, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n", s,
		    h->item[0] ? h->item : "Đầu mối", h->from_name, h->to_name, h->reason);
	return 0;
}

static int off_opt_cb(const struct store_official *o, void *ctx)
{
	struct duty_page *c = ctx;
	html_printf(c->b, "<option value=\"%lld\">%h — %h</option>\n", (long long)o->id,
		    o->full_name, o->position);
	return 0;
}

struct item_opt {
	struct buf *b;
};

static int item_opt_cb(const char *code, const char *title, tc_pts max, void *ctx)
{
	(void)max;
	struct item_opt *c = ctx;
	html_printf(c->b, "<option value=\"%a\">%h. %h</option>\n", code, code, title);
	return 0;
}

/* Assign (or re-assign) one indicator, or the focal point, to an official:
 * the indicators of the rule set in force that year. */
static int assign_form(struct http_req *req, struct store *st, struct buf *b, const char *unit,
		       int year, const char *bad, const char *msg, struct tc_err *err)
{
	const struct rs_ruleset *rs = reg_for_year(pages_reg(http_app(req)), year);
	html_printf(b, "<h2>Phân công một chỉ tiêu</h2>\n<form method=\"post\" "
		    "action=\"/phan-cong/%u/%d/giao\" novalidate>\n", unit, year);
	web_csrf_field(req, b);
	html_printf(b, "<p><label for=\"item\">Chỉ tiêu</label><br><select id=\"item\" name=\"item\">\n"
		    "<option value=\"\">Đầu mối (công chức Tư pháp - Hộ tịch)</option>\n");
	struct item_opt io = {b};
	if (rs)
		pilot_items(rs, item_opt_cb, &io);
	html_printf(b, "</select>");
	field_err(b, "item", bad, msg);
	html_printf(b, "</p>\n<p><label for=\"official\">Công chức phụ trách</label><br>"
		    "<select id=\"official\" name=\"official\">\n");
	struct duty_page c = {b, req};
	int rc = store_official_list(st, unit, NULL, off_opt_cb, &c, err);
	html_printf(b, "</select>");
	field_err(b, "official", bad, msg);
	html_printf(b, "</p>\n");
	input(b, "on", "Từ ngày (dd/mm/yyyy; để trống: hôm nay)", "", bad, msg);
	input(b, "why", "Lý do (khi thay người)", "", bad, msg);
	html_printf(b, "<p><button type=\"submit\">Phân công</button></p></form>\n");
	return rc;
}

static void duty_page_out(struct http_req *req, struct http_resp *resp, const char *unit,
			  int year, int status, const char *bad, const char *msg)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct store_unit un;
	struct tc_err err = {0};
	if (store_unit_at_year(st, unit, year, &un, &err) != 0) {
		http_error(req, resp, 404, "Không có xã này trong năm đã chọn.");
		return;
	}
	struct buf *b = page(resp, status, "Phân công phụ trách chỉ tiêu", "/ke-hoach");
	html_printf(b, "<h1>Phân công phụ trách chỉ tiêu — %h %h, năm %d</h1>\n", un.type, un.name,
		    year);
	html_printf(b, "<div class=\"table-wrap\"><table><thead><tr><th>Chỉ tiêu</th>"
		    "<th>Công chức phụ trách</th><th>Từ ngày</th></tr></thead><tbody>\n");
	struct duty_page c = {b, req};
	int rc = store_duty_list(st, unit, year, duty_row_cb, &c, &err);
	html_printf(b, "</tbody></table></div>\n<h2>Lịch sử bàn giao</h2>\n<div class=\"table-wrap\">"
		    "<table><thead><tr><th>Ngày</th><th>Chỉ tiêu</th><th>Người bàn giao</th>"
		    "<th>Người nhận</th><th>Lý do</th></tr></thead><tbody>\n");
	if (rc == 0)
		rc = store_handover_list(st, unit, year, ho_row_cb, &c, &err);
	html_printf(b, "</tbody></table></div>\n");
	const struct web_user *u = web_user(req);
	if (rc == 0 && (u->role == WF_ROLE_REVIEWER || u->role == WF_ROLE_ADMIN)) {
		html_printf(b, "<h2>Bàn giao</h2>\n");
		if (bad)
			html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: %h</p>\n", msg);
		html_printf(b, "<form method=\"post\" action=\"/phan-cong/%u/%d\" novalidate>\n", unit, year);
		web_csrf_field(req, b);
		static const char *const SEL[2][2] = {{"from", "Người bàn giao"}, {"to", "Người nhận"}};
		for (int k = 0; k < 2 && rc == 0; k++) {
			html_printf(b, "<p><label for=\"%S\">%S</label><br><select id=\"%S\" name=\"%S\">\n",
				    SEL[k][0], SEL[k][1], SEL[k][0], SEL[k][0]);
			rc = store_official_list(st, unit, NULL, off_opt_cb, &c, &err);
			html_printf(b, "</select>");
			field_err(b, SEL[k][0], bad, msg);
			html_printf(b, "</p>\n");
		}
		input(b, "date", "Ngày bàn giao (dd/mm/yyyy)", "", bad, msg);
		input(b, "reason", "Lý do", "", bad, msg);
		html_printf(b, "<p><button type=\"submit\">Bàn giao mọi chỉ tiêu</button></p></form>\n");
		if (rc == 0)
			rc = assign_form(req, st, b, unit, year, bad, msg, &err);
	}
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

static void page_duties(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	if (!web_gate_login(req, resp) || duty_target(req, resp, &unit, &year) != 0)
		return;
	duty_page_out(req, resp, unit, year, 200, NULL, NULL);
}

static void page_handover(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	struct form f;
	struct store *st = duty_post(req, resp, &unit, &year, &f);
	if (st == NULL)
		return;
	const char *bad = NULL, *msg = NULL;
	long n = 0;
	if (do_handover(st, unit, year, form_get(&f, "from"), form_get(&f, "to"),
			form_get(&f, "date"), form_get(&f, "reason"), &n, &bad, &msg) != 0) {
		duty_page_out(req, resp, unit, year, 400, bad, msg);
		return;
	}
	duty_see_other(resp, unit, year);
}

/* ---- Pages: deadlines, trainings, inspections ------------------------------------- */

struct lich_ctx {
	struct buf *b;
	const char *today;
	const char *week_end;
	const char *only_unit; /* commune users: their tasks only */
	int late;              /* 1: list overdue; 0: list due this week */
	long n;
};

static int lich_cb(const struct store_plan_task *t, void *ctx)
{
	struct lich_ctx *c = ctx;
	if (c->only_unit && strcmp(t->unit_code, c->only_unit) != 0)
		return 0;
	int late = pilotp_overdue(t->deadline, t->status, c->today);
	int soon = !late && strcmp(t->status, "done") != 0 && strcmp(t->deadline, c->today) >= 0 &&
		   strcmp(t->deadline, c->week_end) <= 0;
	if (c->late ? !late : !soon)
		return 0;
	char d[11];
	vn_date(t->deadline, d);
	c->n++;
	html_printf(c->b, "<tr%S><td>%h</td><td><a href=\"/ke-hoach/%lld\">%h</a></td><td>%h</td>"
		    "<td>%h</td><td>%S</td></tr>\n", late ? " class=\"overdue\"" : "", d,
		    (long long)t->plan_id, t->title, t->responsible, status_vi(t->status),
		    late ? "Quá hạn" : "Đến hạn trong tuần");
	return 0;
}

/* ---- /lich: the assessment cycle's deadlines per commune (app/cycle.h) ------------ */

static const char *const CYC_HEAD[CYC_KINDS] = {
	"Tự chấm điểm xong", "Kết thúc niêm yết", "Gửi hồ sơ", "Bổ sung hồ sơ",
	"Gửi tài liệu Hội đồng", "Họp Hội đồng", "Quyết định", "Đăng kết quả",
};

struct cyc_ctx {
	struct store *st;
	struct buf *b;
	const struct cal_holidays *h;
	const char *today;
	const char *only;     /* ?xa=CODE: one commune */
	long rows, overdue;
	const char *basis[4]; /* distinct sources shown under the table */
	size_t n_basis;
	struct tc_err *err;
	int failed;
	int truncated;
};

/* A page of the cycle table stays readable and fast whatever the scope (an
 * administrator sees the whole country): past this many communes the table
 * stops and says how to narrow it. */
#define CYC_MAX_COMMUNES 500

static void cyc_cell(struct cyc_ctx *c, const struct cyc_row *r)
{
	char d[11], dn[11];
	vn_date(r->due, d);
	vn_date(r->done, dn);
	int late = cyc_overdue(r, c->today);
	c->overdue += late;
	html_printf(c->b, "<td%S>%h%S", late ? " class=\"overdue\"" : "", d[0] ? d : "—",
		    r->provisional ? " <small>(tạm tính)</small>" : "");
	if (dn[0])
		html_printf(c->b, "<br><small>Đã xong %h</small>", dn);
	else if (r->passed)
		html_printf(c->b, "<br><small>Đã qua bước này</small>");
	else if (late)
		html_printf(c->b, "<br><strong>Quá hạn</strong>");
	html_printf(c->b, "</td>");
	for (size_t i = 0; i < c->n_basis; i++)
		if (c->basis[i] == r->basis)
			return;
	if (c->n_basis < sizeof c->basis / sizeof c->basis[0])
		c->basis[c->n_basis++] = r->basis;
}

static int cyc_asm_cb(const struct store_assessment *a, void *ctx)
{
	struct cyc_ctx *c = ctx;
	if (c->only && strcmp(a->unit_code, c->only) != 0)
		return 0;
	if (c->rows == CYC_MAX_COMMUNES) {
		c->truncated = 1;
		return 1;
	}
	struct cyc_list l;
	if (cyc_for_assessment(c->st, a, c->h, &l, c->err) != 0) {
		c->failed = 1;
		return 1;
	}
	struct store_unit u;
	struct tc_err e = {0};
	int named = store_unit_at_year(c->st, a->unit_code, a->year, &u, &e) == 0;
	html_printf(c->b, "<tr><td><a href=\"/lich?nam=%d&amp;xa=%u\">%h</a> <code>%h</code></td>",
		    a->year, a->unit_code, named ? u.name : "", a->unit_code);
	for (int k = 0; k < CYC_KINDS; k++) {
		const struct cyc_row *r = NULL;
		for (size_t i = 0; i < l.n; i++)
			if (l.r[i].kind == (enum cyc_kind)k)
				r = &l.r[i];
		if (r)
			cyc_cell(c, r);
		else
			html_printf(c->b, "<td>—</td>");
	}
	html_printf(c->b, "</tr>\n");
	c->rows++;
	return 0;
}

/* The cycle year shown by default: until the end of February the previous
 * year's cycle is still running (dossiers in January, decisions in February). */
static int cycle_year(const char *today)
{
	int y = atoi_year(today);
	return (today[5] == '0' && (today[6] == '1' || today[6] == '2')) ? y - 1 : y;
}

static int cycle_section(struct http_req *req, struct store *st, struct buf *b,
			 const char *today, struct tc_err *err)
{
	const struct form *q = http_query(req);
	const char *ys = form_get(q, "nam");
	int year = ys ? parse_year(ys) : 0;
	if (year == 0)
		year = cycle_year(today);
	const struct web_user *u = web_user(req);
	struct cal_holidays *h = dos_holidays(st, err);
	if (h == NULL)
		return -1;
	struct cyc_ctx c = {st, b, h, today, form_get(q, "xa"), 0, 0, {NULL}, 0, err, 0, 0};
	if (u->role == WF_ROLE_COMMUNE)
		c.only = u->scope.code;
	html_printf(b, "<h2 id=\"ky-danh-gia\">Thời hạn của kỳ đánh giá năm %d</h2>\n<p>"
		    "<a href=\"/lich?nam=%d#ky-danh-gia\">Năm %d</a> · <a href=\"/lich?nam=%d#ky-danh-gia\">"
		    "Năm %d</a>. Các thời hạn tính theo ngày làm việc đã trừ thứ Bảy, Chủ nhật và "
		    "ngày nghỉ lễ, Tết.</p>\n<div class=\"table-wrap\"><table><thead><tr><th>Xã</th>",
		    year, year - 1, year - 1, year + 1, year + 1);
	for (int k = 0; k < CYC_KINDS; k++)
		html_printf(b, "<th>%S</th>", CYC_HEAD[k]);
	html_printf(b, "</tr></thead><tbody>\n");
	int rc = store_assessment_list(st, year, web_scope(req), cyc_asm_cb, &c, err);
	cal_holidays_free(h);
	if (rc != 0 || c.failed)
		return -1;
	html_printf(b, "</tbody></table></div>\n<p>%ld xã; %ld thời hạn quá hạn.</p>\n", c.rows,
		    c.overdue);
	if (c.truncated)
		html_printf(b, "<p role=\"status\">Chỉ hiện %d xã đầu tiên: thêm <code>&amp;xa=mã xã</code> "
			    "vào địa chỉ để xem một xã.</p>\n", CYC_MAX_COMMUNES);
	html_printf(b, "<ul>\n");
	for (size_t i = 0; i < c.n_basis; i++)
		html_printf(b, "<li><small>%h</small></li>\n", c.basis[i]);
	html_printf(b, "</ul>\n");
	return 0;
}

static void page_calendar(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	char today[11], week[11], d[11];
	pilotp_today(today);
	struct cal_date t, w;
	cal_parse_iso(today, 10, &t, NULL);
	cal_add_days(t, 7, &w, NULL);
	cal_format_iso(w, week, sizeof week);
	const struct web_user *u = web_user(req);
	struct buf *b = page(resp, 200, "Lịch thời hạn", "/ke-hoach");
	html_printf(b, "<h1>Lịch thời hạn</h1>\n<p>Hôm nay: %h. Nhiệm vụ của các kế hoạch trong "
		    "phạm vi của bạn.</p>\n", (vn_date(today, d), d));
	struct tc_err err = {0};
	static const char *const HEADS[2] = {"Đến hạn trong 7 ngày", "Quá hạn"};
	for (int late = 1; late >= 0; late--) {
		html_printf(b, "<h2>%S</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>Thời hạn"
			    "</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Tình trạng</th><th></th>"
			    "</tr></thead><tbody>\n", HEADS[late]);
		struct lich_ctx c = {b, today, week, u->role == WF_ROLE_COMMUNE ? u->scope.code : NULL,
				     late, 0};
		if (store_plan_task_list(st, 0, web_scope(req), lich_cb, &c, &err) != 0) {
			web_store_error(req, resp, &err);
			return;
		}
		html_printf(b, "</tbody></table></div>\n<p>%ld nhiệm vụ.</p>\n", c.n);
	}
	if (cycle_section(req, st, b, today, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

struct tr_ctx {
	struct store *st;
	struct buf *b;
	struct tc_err *err;
	int failed;
};

static int att_cb(const struct store_official *o, void *ctx)
{
	struct tr_ctx *c = ctx;
	html_printf(c->b, "<li>%h — %h (<code>%h</code>)</li>", o->full_name, o->position,
		    o->unit_code);
	return 0;
}

static int training_cb(const struct store_training *t, void *ctx)
{
	struct tr_ctx *c = ctx;
	char d[11];
	vn_date(t->held_on, d);
	html_printf(c->b, "<tr><td><a href=\"/tap-huan/%lld\">%h</a></td><td>%h</td><td>%h</td>"
		    "<td>%h</td><td>%h</td><td><ul>", (long long)t->id, d, t->place, t->topic,
		    t->trainer, t->materials);
	if (store_training_attendees(c->st, t->id, att_cb, c, c->err) != 0) {
		c->failed = 1;
		return 1;
	}
	html_printf(c->b, "</ul></td></tr>\n");
	return 0;
}

/* ---- Trainings: last year's weak indicators vs training of who holds them now ----
 * For every commune in scope with duties in `year`: the indicators of its
 * year-1 assessment whose effective points (reviewed, else self-assessed,
 * else computed) are below half the indicator's maximum, the official who
 * holds the indicator in `year`, and whether that official attended a
 * training held on or after 1 January of year-1 (the year assessed). */

struct weak_ctx {
	struct http_req *req;
	struct store *st;
	struct buf *b;
	int year;
	const struct rs_ruleset *rs;
	int64_t asm_id;
	char unit[8];
	long rows;
	struct tc_err *err;
	int failed;
};

struct max_ctx {
	const char *code;
	tc_pts max;
};

static int max_cb(const char *code, const char *title, tc_pts max, void *ctx)
{
	(void)title;
	struct max_ctx *c = ctx;
	if (strcmp(code, c->code) == 0) {
		c->max = max;
		return 1;
	}
	return 0;
}

struct trained_ctx {
	const char *since;
	int yes;
};

static int trained_cb(const struct store_training *t, void *ctx)
{
	struct trained_ctx *c = ctx;
	if (strcmp(t->held_on, c->since) >= 0) {
		c->yes = 1;
		return 1;
	}
	return 0;
}

static int weak_duty_cb(const struct store_duty *d, void *ctx)
{
	struct weak_ctx *c = ctx;
	if (d->item[0] == '\0')
		return 0;
	struct store_indicator v;
	struct tc_err e = {0};
	if (store_indicator_get(c->st, c->asm_id, d->item, &v, &e) != 0)
		return 0; /* not scored last year */
	tc_pts pts = v.reviewed != STORE_NO_PTS ? v.reviewed : v.self != STORE_NO_PTS ? v.self
										   : v.computed;
	struct max_ctx mc = {d->item, STORE_NO_PTS};
	pilot_items(c->rs, max_cb, &mc);
	tc_pts max = mc.max;
	if (pts == STORE_NO_PTS || max == STORE_NO_PTS || max <= 0 || pts * 2 >= max)
		return 0;
	char since[24];
	snprintf(since, sizeof since, "%04d-01-01", c->year - 1);
	struct trained_ctx t = {since, 0};
	if (store_training_list(c->st, d->official_id, NULL, trained_cb, &t, c->err) != 0) {
		c->failed = 1;
		return 1;
	}
	c->rows++;
	html_printf(c->b, "<tr%S><td><code>%h</code></td><td>%h</td><td>%P / %P</td><td>%h</td>"
		    "<td>%S</td></tr>\n", t.yes ? "" : " class=\"overdue\"", c->unit, d->item, pts,
		    max, d->official_name, t.yes ? "Đã được tập huấn" : "Chưa được tập huấn");
	return 0;
}

static int weak_unit_cb(const struct store_unit *u, void *ctx)
{
	struct weak_ctx *c = ctx;
	struct store_assessment a;
	struct tc_err e = {0};
	if (store_assessment_find(c->st, u->code, c->year - 1, NULL, &a, &e) != 0)
		return 0;
	c->rs = reg_find(pages_reg(http_app(c->req)), a.ruleset_id);
	if (c->rs == NULL)
		return 0;
	c->asm_id = a.id;
	snprintf(c->unit, sizeof c->unit, "%s", u->code);
	if (store_duty_list(c->st, u->code, c->year, weak_duty_cb, c, c->err) != 0)
		c->failed = 1;
	return c->failed;
}

static int weak_view(struct http_req *req, struct store *st, struct buf *b, int year,
		     struct tc_err *err)
{
	struct store_vintage v;
	if (store_vintage_for_year(st, year, &v, err) != 0)
		return 0; /* no list that year: nothing to show */
	html_printf(b, "<h2>Chỉ tiêu yếu năm %d và việc tập huấn người phụ trách năm %d</h2>\n"
		    "<p>Chỉ tiêu đạt dưới một nửa số điểm tối đa năm %d; người đang phụ trách năm %d; "
		    "đã dự tập huấn từ 01/01/%d hay chưa.</p>\n<div class=\"table-wrap\"><table><thead>"
		    "<tr><th>Xã</th><th>Chỉ tiêu</th><th>Điểm</th><th>Người phụ trách</th>"
		    "<th>Tập huấn</th></tr></thead><tbody>\n", year - 1, year, year - 1, year, year - 1);
	struct weak_ctx c = {req, st, b, year, NULL, 0, "", 0, err, 0};
	if (store_unit_list(st, v.id, "commune", web_scope(req), weak_unit_cb, &c, err) != 0 ||
	    c.failed)
		return -1;
	html_printf(b, "</tbody></table></div>\n<p>%ld chỉ tiêu yếu.</p>\n", c.rows);
	return 0;
}

/* The trainings and inspections lists open alike: the deletion notice, a
 * writer's "add" link, the table head. Their texts sit in one UPPER_CASE
 * table so list_page prints them as trusted constants (%S). */
enum { LIST_TRAININGS, LIST_INSPECTIONS };
static const struct {
	const char *title, *h1, *add_href, *add_label, *columns;
} LIST_HEADS[] = {
	[LIST_TRAININGS] = {"Tập huấn", "Tập huấn, bồi dưỡng", "/tap-huan/moi",
			    "Thêm buổi tập huấn",
			    "<th>Ngày</th><th>Địa điểm</th><th>Chủ đề</th><th>Giảng viên</th>"
			    "<th>Tài liệu</th><th>Người tham dự</th>"},
	[LIST_INSPECTIONS] = {"Kiểm tra", "Kiểm tra tại xã", "/kiem-tra/moi", "Ghi lần kiểm tra",
			      "<th>Ngày</th><th>Xã</th><th>Kết quả kiểm tra</th>"
			      "<th>Việc cần làm tiếp</th>"},
};

/* Gates (login), opens the store into *st and writes the head of list k;
 * NULL when a gate has answered. */
static struct buf *list_page(struct http_req *req, struct http_resp *resp, int k,
			     struct store **st)
{
	if (!web_gate_login(req, resp) || (*st = web_store(req, resp)) == NULL)
		return NULL;
	struct buf *b = page(resp, 200, LIST_HEADS[k].title, "/ke-hoach");
	html_printf(b, "<h1>%S</h1>\n", LIST_HEADS[k].h1);
	pilotd_notice(req, b);
	if (web_user(req)->role == WF_ROLE_REVIEWER || web_user(req)->role == WF_ROLE_ADMIN)
		html_printf(b, "<p><a href=\"%S\">%S</a></p>\n", LIST_HEADS[k].add_href,
			    LIST_HEADS[k].add_label);
	html_printf(b, "<div class=\"table-wrap\"><table><thead><tr>%S</tr></thead><tbody>\n",
		    LIST_HEADS[k].columns);
	return b;
}

static void page_trainings(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct buf *b = list_page(req, resp, LIST_TRAININGS, &st);
	if (b == NULL)
		return;
	struct tc_err err = {0};
	struct tr_ctx c = {st, b, &err, 0};
	if (store_training_list(st, 0, web_scope(req), training_cb, &c, &err) != 0 || c.failed) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	char today[11];
	pilotp_today(today);
	const char *ys = form_get(http_query(req), "year");
	int year = ys ? parse_year(ys) : atoi_year(today);
	if (year && weak_view(req, st, b, year, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

static void page_inspections(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct buf *b = list_page(req, resp, LIST_INSPECTIONS, &st);
	if (b == NULL)
		return;
	struct tc_err err = {0};
	struct detail_ctx c = {b, "", 0, 0, NULL, NULL, 0};
	if (store_inspection_list(st, 0, web_scope(req), insp_row_cb, &c, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	layout_end(b);
}


/* ---- Page: replication (/nhan-rong) ------------------------------------------------
 * For each plan with pilot communes: the pilots' totals year by year next to
 * the province average (assessments with a total, historical boundaries),
 * the lessons recorded on the plan and the communes scheduled next. */

#define REPL_MAX_PILOTS 16
#define REPL_YEARS 7

struct avg_ctx {
	tc_pts sum;
	long n;
};

static int avg_cb(const struct store_assessment *a, void *ctx)
{
	struct avg_ctx *c = ctx;
	if (a->total != STORE_NO_PTS) {
		c->sum += a->total;
		c->n++;
	}
	return 0;
}

struct repl_pilots {
	struct store_plan_pilot p[REPL_MAX_PILOTS];
	size_t n;
};

static int repl_pilot_cb(const struct store_plan_pilot *pp, void *ctx)
{
	struct repl_pilots *r = ctx;
	if (r->n < REPL_MAX_PILOTS)
		r->p[r->n++] = *pp;
	return 0;
}

static void repl_cell(struct buf *b, tc_pts v, tc_pts avg)
{
	if (v == STORE_NO_PTS) {
		html_printf(b, "<td>—</td>");
		return;
	}
	html_printf(b, "<td>%P", v);
	if (avg != STORE_NO_PTS)
		html_printf(b, " <small>(%S%P so với trung bình)</small>", v >= avg ? "+" : "−",
			    v >= avg ? v - avg : avg - v);
	html_printf(b, "</td>");
}

static int repl_year(struct store *st, struct buf *b, const struct store_plan *p,
		     const struct repl_pilots *r, int year, struct tc_err *err)
{
	struct store_scope sc = {STORE_SCOPE_PROVINCE, ""};
	snprintf(sc.code, sizeof sc.code, "%s", p->province);
	struct avg_ctx c = {0, 0};
	if (store_assessment_list(st, year, &sc, avg_cb, &c, err) != 0)
		return -1;
	if (c.n == 0)
		return 0;
	tc_pts avg = c.sum / c.n;
	html_printf(b, "<tr><td>%d</td>", year);
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->p[i].kind, "pilot") != 0)
			continue;
		struct store_assessment a;
		struct tc_err e2 = {0};
		tc_pts v = store_assessment_find(st, r->p[i].unit_code, year, NULL, &a, &e2) == 0
				   ? a.total : STORE_NO_PTS;
		repl_cell(b, v, avg);
	}
	html_printf(b, "<td>%P (%ld xã)</td></tr>\n", avg, c.n);
	return 0;
}

static int repl_plan(struct store *st, struct buf *b, const struct store_plan *p,
		     struct tc_err *err)
{
	struct repl_pilots *r = tc_calloc(1, sizeof *r);
	if (r == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory");
	int rc = store_plan_pilot_list(st, p->id, repl_pilot_cb, r, err);
	if (rc == 0 && r->n > 0) {
		html_printf(b, "<h2><a href=\"/ke-hoach/%lld\">%h</a></h2>\n<div class=\"table-wrap\">"
			    "<table><thead><tr><th>Năm</th>", (long long)p->id, p->number);
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->p[i].kind, "pilot") == 0)
				html_printf(b, "<th>%h (xã điểm)</th>", r->p[i].name);
		html_printf(b, "<th>Trung bình tỉnh</th></tr></thead><tbody>\n");
		for (int y = p->year; rc == 0 && y < p->year + REPL_YEARS; y++)
			rc = repl_year(st, b, p, r, y, err);
		html_printf(b, "</tbody></table></div>\n<p><strong>Bài học kinh nghiệm:</strong> %h</p>\n"
			    "<p><strong>Xã dự kiến nhân rộng:</strong> ", p->lessons[0] ? p->lessons
			    : "Chưa ghi.");
		int any = 0;
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->p[i].kind, "next") == 0)
				html_printf(b, "%S%h (năm %d)", any++ ? ", " : "", r->p[i].name,
					    r->p[i].target_year);
		html_printf(b, "%S</p>\n", any ? "" : "Chưa có.");
	}
	tc_free(r);
	return rc;
}

struct repl_ctx {
	struct store_plan *plans;
	size_t n, cap;
};

static int repl_collect_cb(const struct store_plan *p, void *ctx)
{
	struct repl_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 8;
		struct store_plan *np = tc_realloc(c->plans, nc * sizeof *np);
		if (np == NULL)
			return 1;
		c->plans = np;
		c->cap = nc;
	}
	c->plans[c->n++] = *p;
	return 0;
}

static void page_replication(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err = {0};
	struct repl_ctx c = {NULL, 0, 0};
	/* collect first: the pilot and assessment queries run per plan */
	int rc = store_plan_list(st, 0, web_scope(req), repl_collect_cb, &c, &err);
	struct buf *b = page(resp, 200, "Nhân rộng mô hình", "/ke-hoach");
	html_printf(b, "<h1>Nhân rộng mô hình điểm</h1>\n<p>Tổng điểm của các xã điểm qua các năm "
		    "so với trung bình của tỉnh (các xã đã có tổng điểm).</p>\n");
	for (size_t i = 0; rc == 0 && i < c.n; i++)
		rc = repl_plan(st, b, &c.plans[i], &err);
	tc_free(c.plans);
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

/* GET /api/v1/officials/{id}/trainings: the official's training history. */
static int tr_json_cb(const struct store_training *t, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)t->id,
					     "date", t->held_on, "place", t->place, "topic", t->topic,
					     "trainer", t->trainer));
	return 0;
}

static void api_official_trainings(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct store_official o;
	struct tc_err err = {0};
	int64_t id = parse_id(http_param(req, "id"));
	if (id == 0 || store_official_get(st, id, web_scope(req), &o, &err) != 0) {
		http_error(req, resp, 404, "Không có công chức này.");
		return;
	}
	json_t *a = json_array();
	if (store_training_list(st, id, NULL, tr_json_cb, a, &err) != 0) {
		json_decref(a);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)o.id, "name",
				       o.full_name, "unit", o.unit_code, "trainings", a));
}

/* PUT /api/v1/inspections/{id} {"findings","follow_up"}: reviewer/admin of
 * the commune's province. */
struct insp_find {
	int64_t id;
	struct store_inspection found;
	int hit;
};

static int insp_find_cb(const struct store_inspection *i, void *ctx)
{
	struct insp_find *f = ctx;
	if (i->id != f->id)
		return 0;
	f->found = *i;
	f->hit = 1;
	return 1;
}

static void api_inspection_update(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct insp_find f = {parse_id(http_param(req, "id")), {0}, 0};
	struct tc_err err = {0};
	if (f.id == 0 || store_inspection_list(st, 0, NULL, insp_find_cb, &f, &err) != 0 || !f.hit) {
		http_error(req, resp, 404, "Không có lần kiểm tra này.");
		return;
	}
	if (!web_gate_unit(req, resp, f.found.unit_code, atoi_year(f.found.visited_on)))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	const char *fi = jstr(j, "findings"), *fu = jstr(j, "follow_up");
	if (fi && strlen(fi) >= sizeof f.found.findings)
		api_bad(resp, "findings", "Kết quả kiểm tra quá dài.");
	else if (fu && strlen(fu) >= sizeof f.found.follow_up)
		api_bad(resp, "follow_up", "Việc cần làm tiếp quá dài.");
	else {
		if (fi)
			snprintf(f.found.findings, sizeof f.found.findings, "%s", fi);
		if (fu)
			snprintf(f.found.follow_up, sizeof f.found.follow_up, "%s", fu);
		int rc = store_inspection_update(st, &f.found, &err);
		api_answer(req, resp, rc, NULL, NULL, &err, 200, f.found.id);
	}
	json_decref(j);
}

/* ---- Page: edit a plan (/ke-hoach/{id}/sua) ------------------------------------------ */

static const char *pick(const struct form *f, const char *name, const char *cur)
{
	return f ? form_get(f, name) : cur;
}

static void edit_page(struct http_req *req, struct http_resp *resp, int status,
		      const struct store_plan *p, const struct form *f, const char *bad,
		      const char *msg)
{
	char d[11], y[12];
	vn_date(p->issued_on, d);
	snprintf(y, sizeof y, "%d", p->year);
	struct buf *b = page(resp, status, "Sửa kế hoạch", "/ke-hoach");
	html_printf(b, "<h1>Sửa kế hoạch %h</h1>\n", p->number);
	if (bad)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: %h</p>\n", msg);
	html_printf(b, "<form method=\"post\" action=\"/ke-hoach/%lld/sua\" novalidate>\n",
		    (long long)p->id);
	web_csrf_field(req, b);
	input(b, "number", "Số kế hoạch", pick(f, "number", p->number), bad, msg);
	input(b, "date", "Ngày ban hành (dd/mm/yyyy)", pick(f, "date", d), bad, msg);
	input(b, "issuer", "Cơ quan ban hành", pick(f, "issuer", p->issuer), bad, msg);
	input(b, "year", "Năm thực hiện", pick(f, "year", y), bad, msg);
	input(b, "title", "Trích yếu", pick(f, "title", p->title), bad, msg);
	input(b, "legal_basis", "Căn cứ", pick(f, "legal_basis", p->legal_basis), bad, msg);
	input(b, "parent", "Số kế hoạch cấp trên", pick(f, "parent", p->parent_number), bad, msg);
	input(b, "status", "Trạng thái (draft, active, done, cancelled)", pick(f, "status", p->status),
	      bad, msg);
	input(b, "lessons", "Bài học kinh nghiệm", pick(f, "lessons", p->lessons), bad, msg);
	html_printf(b, "<p><button type=\"submit\">Lưu</button></p>\n</form>\n");
	layout_end(b);
}

static void page_plan_edit(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan p;
	if (st == NULL || plan_for_write(req, resp, st, parse_id(http_param(req, "id")), &p) != 0)
		return;
	edit_page(req, resp, 200, &p, NULL, NULL, NULL);
}

static void page_plan_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, WRITERS))
		return;
	if (pilotp_post_form(req, resp, &f) != 0)
		return;
	struct store *st = web_store(req, resp);
	struct store_plan p, cur;
	if (st == NULL || plan_for_write(req, resp, st, parse_id(http_param(req, "id")), &p) != 0)
		return;
	cur = p;
	struct plan_in in = {form_get(&f, "number"), form_get(&f, "date"), form_get(&f, "issuer"),
			     form_get(&f, "year"), form_get(&f, "title"), form_get(&f, "legal_basis"),
			     form_get(&f, "parent"), form_get(&f, "status"), form_get(&f, "lessons")};
	const char *bad = NULL, *msg = NULL;
	if (plan_validate(st, &in, &p, &bad, &msg) == 0 && store_plan_update(st, &p, &err) != 0) {
		if (err.code != TC_ECONFLICT) {
			web_store_error(req, resp, &err);
			return;
		}
		bad = "number", msg = "Đã có kế hoạch mang số này.";
	}
	if (bad) {
		edit_page(req, resp, 400, &cur, &f, bad, msg);
		return;
	}
	pilotp_see_other(resp, "/ke-hoach/", p.id, "");
}

/* POST /phan-cong/{unit}/{year}/giao: item, official, on, why. */
static void page_assign(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	int year;
	struct form f;
	struct tc_err err = {0};
	struct store *st = duty_post(req, resp, &unit, &year, &f);
	if (st == NULL)
		return;
	const char *item = form_get(&f, "item"), *on_s = form_get(&f, "on");
	const char *why = form_get(&f, "why");
	int64_t off = parse_id(form_get(&f, "official"));
	const struct rs_ruleset *rs = reg_for_year(pages_reg(http_app(req)), year);
	struct max_ctx mc = {item ? item : "", STORE_NO_PTS};
	char on[11];
	const char *bad = NULL, *msg = NULL;
	if (item == NULL || (item[0] && (rs == NULL || (pilot_items(rs, max_cb, &mc), mc.max ==
							  STORE_NO_PTS))))
		bad = "item", msg = "Chọn một chỉ tiêu của bộ tiêu chí năm này (hoặc đầu mối).";
	else if (off == 0)
		bad = "official", msg = "Chọn công chức phụ trách.";
	else if (on_s && on_s[0] && iso_date(on_s, on) != 0)
		bad = "on", msg = "Ngày không hợp lệ: nhập một ngày có thật dạng dd/mm/yyyy.";
	if (bad == NULL && (on_s == NULL || on_s[0] == '\0'))
		pilotp_today(on);
	if (bad == NULL && store_duty_assign(st, unit, year, item, off, on, why ? why : "",
					     &err) != 0) {
		if (err.code != TC_EINPUT) {
			web_store_error(req, resp, &err);
			return;
		}
		bad = "official", msg = "Công chức này không thuộc xã này.";
	}
	if (bad) {
		duty_page_out(req, resp, unit, year, 400, bad, msg);
		return;
	}
	duty_see_other(resp, unit, year);
}

static void page_plan(struct http_req *req, struct http_resp *resp)
{
	if (web_gate_login(req, resp))
		pilotp_plan_page(req, resp, 200, NULL);
}

/* ---- Helpers shared with pilotforms.c (see pilotpages.h) ------------------------ */

struct buf *pilotp_page(struct http_resp *resp, int status, const char *title)
{
	return page(resp, status, title, "/ke-hoach");
}

void pilotp_input(struct buf *b, const char *id, const char *label, const char *value,
		  const char *bad, const char *msg)
{
	input(b, id, label, value, bad, msg);
}

void pilotp_field_err(struct buf *b, const char *id, const char *bad, const char *msg)
{
	field_err(b, id, bad, msg);
}

void pilotp_vn_date(const char *iso, char out[11])
{
	vn_date(iso, out);
}

int pilotp_iso_date(const char *s, char out[11])
{
	return iso_date(s, out);
}

int64_t pilotp_id(const char *s)
{
	return parse_id(s);
}

int pilotp_year(const char *s)
{
	return parse_year(s);
}

int pilotp_plan_for_write(struct http_req *req, struct http_resp *resp, struct store *st,
			  int64_t id, struct store_plan *p)
{
	return plan_for_write(req, resp, st, id, p);
}

void pilotp_user_province(struct store *st, const struct web_user *u, char out[4])
{
	user_province(st, u, out);
}

const char *pilotp_status_vi(const char *s)
{
	return status_vi(s);
}

const char *pilotp_group_vi(int g)
{
	return g >= 1 && g <= STORE_TASK_GROUPS ? GROUP_VI[g] : "";
}

void pilotp_api_bad(struct http_resp *resp, const char *field, const char *msg)
{
	api_bad(resp, field, msg);
}

/* Every POST page handler of the pilot module starts the same way after
 * its role gate; one place keeps the order (parse, then CSRF) the same. */
int pilotp_post_form(struct http_req *req, struct http_resp *resp, struct form *f)
{
	struct tc_err err = {0};
	if (http_form(req, f, &err) != 0) {
		http_error_from(req, resp, &err);
		return -1;
	}
	return web_gate_csrf(req, resp, f) ? 0 : -1;
}

void pilotp_see_other(struct http_resp *resp, const char *prefix, int64_t id,
		      const char *suffix)
{
	char loc[96];
	snprintf(loc, sizeof loc, "%s%lld%s", prefix, (long long)id, suffix);
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

void pilotp_saved(struct http_req *req, struct http_resp *resp, int rc,
		  const struct tc_err *err, const char *prefix, int64_t id)
{
	if (rc != 0)
		web_store_error(req, resp, err);
	else
		pilotp_see_other(resp, prefix, id, "");
}

const struct http_route pilotp_routes[] = {
	{"GET", "/ke-hoach", page_plans},
	{"POST", "/ke-hoach", page_plan_create},
	{"GET", "/ke-hoach/{id}", page_plan},
	{"GET", "/ke-hoach/{id}/sua", page_plan_edit},
	{"POST", "/ke-hoach/{id}/sua", page_plan_save},
	{"GET", "/phan-cong/{unit}/{year}", page_duties},
	{"POST", "/phan-cong/{unit}/{year}", page_handover},
	{"POST", "/phan-cong/{unit}/{year}/giao", page_assign},
	{"GET", "/lich", page_calendar},
	{"GET", "/tap-huan", page_trainings},
	{"GET", "/kiem-tra", page_inspections},
	{"GET", "/nhan-rong", page_replication},
	{"GET", "/api/v1/plans", api_plans},
	{"POST", "/api/v1/plans", api_plan_create},
	{"PUT", "/api/v1/plans/{id}", api_plan_update},
	{"GET", "/api/v1/plans/{id}", api_plan_get},
	{"POST", "/api/v1/plans/{id}/tasks", api_task_create},
	{"PUT", "/api/v1/tasks/{id}", api_task_progress},
	{"GET", "/api/v1/duties/{unit}/{year}", api_duties},
	{"PUT", "/api/v1/duties/{unit}/{year}", api_duty_put},
	{"POST", "/api/v1/duties/{unit}/{year}/handover", api_handover},
	{"POST", "/api/v1/officials", api_official_create},
	{"GET", "/api/v1/officials/{id}/trainings", api_official_trainings},
	{"POST", "/api/v1/trainings", api_training_create},
	{"POST", "/api/v1/inspections", api_inspection_create},
	{"PUT", "/api/v1/inspections/{id}", api_inspection_update},
	{NULL, NULL, NULL},
};
