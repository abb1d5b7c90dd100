/* reviewpages.c — the reviewer's queue and per-dossier review (see
 * reviewpages.h). Every POST re-reads the assessment, checks the workflow
 * step for the user's role and passes the version the page was built from,
 * so a concurrent change is a 409, never a lost update. Bad input re-renders
 * the page with a Vietnamese message next to each field (422) and writes
 * nothing. */
#include "web/reviewpages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "app/review.h"
#include "core/review.h"
#include "core/workflow.h"
#include "util/mem.h"
#include "util/num.h"
#include "web/dashpages.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/session.h"

#define MAX_ERRORS 256
#define TEXT_MAX 1000  /* bytes of a reason, note or comment */

/* ---- loading a dossier --------------------------------------------------- */

struct dossier {
	struct store *st;
	struct store_assessment a;
	const struct rs_ruleset *rs;
	enum wf_state state;
	struct review_target t[REVIEW_MAX_TARGETS];
	size_t nt;
	char unit_name[200];
};

/* What a re-rendered form shows: the values typed and per-field errors. */
struct view {
	const struct form *values;  /* NULL: show the stored values */
	const char *err_name[MAX_ERRORS];
	const char *err_msg[MAX_ERRORS];
	size_t n_err;
	const char *notice;         /* a success message */
};

static void add_error(struct view *v, struct arena *a, const char *name, const char *msg)
{
	if (v->n_err < MAX_ERRORS) {
		v->err_name[v->n_err] = arena_strdup(a, name);
		v->err_msg[v->n_err] = arena_strdup(a, msg);
		v->n_err++;
	}
}

static const char *error_of(const struct view *v, const char *name)
{
	for (size_t i = 0; i < v->n_err; i++)
		if (v->err_name[i] && strcmp(v->err_name[i], name) == 0)
			return v->err_msg[i];
	return NULL;
}

static int parse_year(const char *s, int *y)
{
	return s ? num_parse_int(s, 2000, 2100, y) : -1;
}

static const struct web_user *user_of(struct http_req *req)
{
	return web_user(req);
}

/* Gates (role, CSRF for writes, unit scope), then reads the dossier. On
 * false the response is complete. form: the parsed form of a POST page,
 * NULL for the API (header token) and GETs (check_csrf false). */
static bool dossier_open(struct http_req *req, struct http_resp *resp, unsigned roles,
			 bool check_csrf, const struct form *form, struct dossier *d)
{
	if (!web_gate_role(req, resp, roles))
		return false;
	if (check_csrf && !web_gate_csrf(req, resp, form))
		return false;
	const char *unit = http_param(req, "unit");
	int year;
	if (parse_year(http_param(req, "year"), &year) != 0) {
		http_error(req, resp, 404, "Năm đánh giá không hợp lệ.");
		return false;
	}
	if (!web_gate_unit(req, resp, unit, year))
		return false;
	if ((d->st = web_store(req, resp)) == NULL)
		return false;
	struct tc_err err = {0};
	if (store_assessment_find(d->st, unit, year, web_scope(req), &d->a, &err) != 0) {
		http_error(req, resp, err.code == TC_ENOTFOUND ? 404 : 500,
			   err.code == TC_ENOTFOUND ? "Xã này chưa có hồ sơ đánh giá năm này." : NULL);
		return false;
	}
	d->rs = reg_find(pages_reg(http_app(req)), d->a.ruleset_id);
	if (d->rs == NULL || wf_state_parse(d->a.status, &d->state) != 0) {
		http_error(req, resp, 500, NULL);
		return false;
	}
	d->nt = review_targets(d->rs, d->t, REVIEW_MAX_TARGETS);
	struct store_unit u;
	if (store_unit_at_year(d->st, unit, year, &u, &err) == 0)
		snprintf(d->unit_name, sizeof d->unit_name, "%s %s", u.type, u.name);
	else
		snprintf(d->unit_name, sizeof d->unit_name, "%s", unit);
	return true;
}

/* dossier_open on a new dossier in the request's arena: the start of every
 * handler on one dossier. NULL when answered (500 without memory). */
static struct dossier *dossier_new(struct http_req *req, struct http_resp *resp, unsigned roles,
				   bool check_csrf, const struct form *form)
{
	struct dossier *d = arena_calloc(http_arena(req), 1, sizeof *d);
	if (d == NULL) {
		http_error(req, resp, 500, NULL);
		return NULL;
	}
	return dossier_open(req, resp, roles, check_csrf, form, d) ? d : NULL;
}

/* 409 unless the user's role may take `e` in the dossier's state. */
static bool step_ok(struct http_req *req, struct http_resp *resp, const struct dossier *d,
		    enum wf_event e)
{
	const struct web_user *u = user_of(req);
	if (u && wf_allowed(d->state, e, u->role))
		return true;
	char msg[300];
	snprintf(msg, sizeof msg, "Hồ sơ đang ở trạng thái “%s”: không thể %s. Tải lại trang để "
		 "xem trạng thái hiện tại.", wf_state_label(d->state), wf_event_label(e));
	http_error(req, resp, 409, msg);
	return false;
}

/* ---- reading the stored review ------------------------------------------ */

struct reviewed {
	const struct dossier *d;
	tc_pts pts[REVIEW_MAX_TARGETS];
	const char *comment[REVIEW_MAX_TARGETS];
	struct arena *a;
};

static int reviewed_cb(const struct store_review_item *r, void *ctx)
{
	struct reviewed *rv = ctx;
	for (size_t i = 0; i < rv->d->nt; i++)
		if (strcmp(rv->d->t[i].code, r->item) == 0) {
			rv->pts[i] = r->reviewed;
			rv->comment[i] = arena_strdup(rv->a, r->comment);
		}
	return 0;
}

static int load_reviewed(struct http_req *req, const struct dossier *d, struct reviewed *rv,
			 struct tc_err *err)
{
	rv->d = d;
	rv->a = http_arena(req);
	for (size_t i = 0; i < REVIEW_MAX_TARGETS; i++) {
		rv->pts[i] = STORE_NO_PTS;
		rv->comment[i] = "";
	}
	return store_review_list(d->st, d->a.id, reviewed_cb, rv, err);
}

static const struct sc_item_result *find_item(const struct sc_result *res, const char *code,
					      const struct sc_crit_result **crit)
{
	for (size_t c = 0; res && c < res->n_crits; c++) {
		if (res->crits[c].n_items == 0 && strcmp(res->crits[c].crit->code, code) == 0) {
			*crit = &res->crits[c];
			return NULL;
		}
		for (size_t i = 0; i < res->crits[c].n_items; i++)
			if (strcmp(res->crits[c].items[i].item->code, code) == 0) {
				*crit = &res->crits[c];
				return &res->crits[c].items[i];
			}
	}
	*crit = NULL;
	return NULL;
}

/* ---- queue --------------------------------------------------------------- */

struct qrow {
	struct store_assessment a;
	enum wf_state state;
	char deadline[11];  /* latest return's, "" if never returned */
	bool overdue, resubmitted;
	char name[160];
};

struct queue {
	struct store *st;
	struct arena *ar;
	int filter_state;   /* -1: the reviewer's states */
	const char *district;
	struct qrow *rows;
	size_t n, cap;
	char today[11];
	int fail;
};

static bool in_queue(enum wf_state s)
{
	return s == WF_SUBMITTED || s == WF_RETURNED || s == WF_REVIEWED || s == WF_COUNCIL;
}

static int queue_cb(const struct store_assessment *a, void *ctx)
{
	struct queue *q = ctx;
	enum wf_state s;
	if (wf_state_parse(a->status, &s) != 0)
		return 0;
	if (q->filter_state >= 0 ? (int)s != q->filter_state : !in_queue(s))
		return 0;
	if (q->district && q->district[0] && strcmp(q->district, a->district) != 0)
		return 0;
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		struct qrow *p = arena_alloc(q->ar, cap * sizeof *p);
		if (p == NULL) {
			q->fail = 1;
			return 1;
		}
		if (q->n)
			memcpy(p, q->rows, q->n * sizeof *p);
		q->rows = p;
		q->cap = cap;
	}
	struct qrow *r = &q->rows[q->n++];
	memset(r, 0, sizeof *r);
	r->a = *a;
	r->state = s;
	return 0;
}

/* Second pass (outside the list callback: one statement at a time). */
static void queue_details(struct queue *q)
{
	struct tc_err err = {0};
	for (size_t i = 0; i < q->n; i++) {
		struct qrow *r = &q->rows[i];
		struct store_return ret;
		if (store_return_latest(q->st, r->a.id, &ret, &err) == 0) {
			memcpy(r->deadline, ret.deadline, sizeof r->deadline);
			r->overdue = r->state == WF_RETURNED && strcmp(q->today, ret.deadline) > 0;
			r->resubmitted = r->state == WF_SUBMITTED;
		}
		struct store_unit u;
		if (store_unit_at_year(q->st, r->a.unit_code, r->a.year, &u, &err) == 0)
			snprintf(r->name, sizeof r->name, "%s %s", u.type, u.name);
	}
}

/* Overdue first, then by state in workflow order, then deadline, unit. */
static int qrow_cmp(const void *x, const void *y)
{
	const struct qrow *a = x, *b = y;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (a->state != b->state)
		return (int)a->state - (int)b->state;
	int c = strcmp(a->deadline, b->deadline);
	if (c)
		return c;
	c = a->a.year - b->a.year;
	return c ? c : strcmp(a->a.unit_code, b->a.unit_code);
}

static bool queue_load(struct http_req *req, struct http_resp *resp, struct queue *q, int *year)
{
	const struct form *qs = http_query(req);
	const char *ys = form_get(qs, "year"), *ss = form_get(qs, "status");
	*year = 0;
	if (ys && ys[0] && parse_year(ys, year) != 0) {
		http_error(req, resp, 400, "Năm không hợp lệ: nhập năm có 4 chữ số, ví dụ 2024.");
		return false;
	}
	memset(q, 0, sizeof *q);
	q->filter_state = -1;
	enum wf_state s;
	if (ss && ss[0]) {
		if (wf_state_parse(ss, &s) != 0) {
			http_error(req, resp, 400, "Trạng thái không hợp lệ.");
			return false;
		}
		q->filter_state = (int)s;
	}
	q->district = form_get(qs, "district");
	if ((q->st = web_store(req, resp)) == NULL)
		return false;
	q->ar = http_arena(req);
	struct cal_date today = review_today(q->st);
	cal_format_iso(today, q->today, sizeof q->today);
	struct tc_err err = {0};
	if (store_assessment_list(q->st, *year, web_scope(req), queue_cb, q, &err) != 0 || q->fail) {
		http_error(req, resp, 500, NULL);
		return false;
	}
	queue_details(q);
	if (q->n > 1)
		qsort(q->rows, q->n, sizeof *q->rows, qrow_cmp);
	return true;
}

static const unsigned QUEUE_ROLES =
	WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_COUNCIL) | WEB_ROLES(WF_ROLE_ADMIN);

static void queue_filter_form(struct buf *b, int year, const struct queue *q)
{
	html_printf(b, "<form method=\"get\" action=\"/tham-dinh\" class=\"filters\">\n"
		    "<label for=\"year\">Năm</label> <input id=\"year\" name=\"year\" "
		    "inputmode=\"numeric\" size=\"5\" value=\"");
	if (year)
		html_printf(b, "%d", year);
	html_printf(b, "\">\n<label for=\"district\">Mã huyện</label> <input id=\"district\" "
		    "name=\"district\" size=\"4\" value=\"%a\">\n<label for=\"status\">Trạng thái"
		    "</label> <select id=\"status\" name=\"status\">\n<option value=\"\">Đang thẩm "
		    "định (mặc định)</option>\n", q->district);
	for (int s = WF_SUBMITTED; s < WF_N_STATES; s++)
		html_printf(b, "<option value=\"%a\"%S>%h</option>\n", wf_state_name(s),
			    q->filter_state == s ? " selected" : "", wf_state_label(s));
	html_printf(b, "</select>\n<input type=\"submit\" value=\"Lọc\">\n</form>\n");
}

/* The reviewer's lists of eligible / not eligible communes for the area
 * shown: the district filter, else the reviewer's own province or district
 * (an administrator picks the unit on /bao-cao). */
static void queue_downloads(struct http_req *req, struct buf *b, int year, const struct queue *q)
{
	const struct web_user *u = web_user(req);
	const char *area = q->district && strlen(q->district) == 3 ? q->district
			 : u && (u->scope.kind == STORE_SCOPE_PROVINCE ||
				 u->scope.kind == STORE_SCOPE_DISTRICT) ? u->scope.code : NULL;
	if (year && area)
		dashp_download_buttons(b, DASHP_FORM(FORMS_ELIGIBILITY), year, area);
}

static void page_queue(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, QUEUE_ROLES))
		return;
	struct queue q;
	int year;
	if (!queue_load(req, resp, &q, &year))
		return;
	struct buf *b = http_out(resp);
	layout_begin(b, "Thẩm định hồ sơ", "/tham-dinh");
	html_printf(b, "<h1>Hồ sơ cần thẩm định</h1>\n");
	queue_filter_form(b, year, &q);
	queue_downloads(req, b, year, &q);
	if (q.n == 0) {
		html_printf(b, "<p>Không có hồ sơ nào phù hợp.</p>\n");
		layout_end(b);
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Xã</th>"
		    "<th scope=\"col\">Năm</th><th scope=\"col\">Trạng thái</th><th scope=\"col\">"
		    "Hạn bổ sung</th><th scope=\"col\" class=\"num\">Tổng điểm</th></tr></thead>\n"
		    "<tbody>\n");
	for (size_t i = 0; i < q.n; i++) {
		const struct qrow *r = &q.rows[i];
		char dl[16] = "";
		struct cal_date d;
		struct tc_err e = {0};
		if (r->deadline[0] && cal_parse_iso(r->deadline, 10, &d, &e) == 0)
			cal_format_vn(d, dl, sizeof dl);
		html_printf(b, "<tr%S><td><a href=\"/tham-dinh/%u/%d\">%h</a> (%h)</td><td>%d</td>"
			    "<td>%h%S%S</td><td>%h%S</td><td class=\"num\">%P</td></tr>\n",
			    r->overdue ? " class=\"overdue\"" : "", r->a.unit_code, r->a.year, r->name,
			    r->a.unit_code, r->a.year, wf_state_label(r->state),
			    r->resubmitted ? " <span class=\"badge\">Đã nộp lại</span>" : "",
			    r->state == WF_RETURNED && !r->overdue ? " <span class=\"badge\">Chờ bổ sung</span>" : "",
			    dl, r->overdue ? " <strong class=\"badge overdue\">Quá hạn</strong>" : "",
			    r->a.total == STORE_NO_PTS ? 0 : r->a.total);
	}
	html_printf(b, "</tbody>\n</table></div>\n");
	layout_end(b);
}

static void api_queue(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, QUEUE_ROLES))
		return;
	struct queue q;
	int year;
	if (!queue_load(req, resp, &q, &year))
		return;
	json_t *items = json_array();
	for (size_t i = 0; items && i < q.n; i++) {
		const struct qrow *r = &q.rows[i];
		json_t *o = json_pack("{s:s,s:s,s:i,s:s,s:s,s:b,s:b,s:I}", "unit", r->a.unit_code,
				      "name", r->name, "year", r->a.year, "status",
				      wf_state_name(r->state), "status_label", wf_state_label(r->state),
				      "resubmitted", r->resubmitted, "overdue", r->overdue, "version",
				      (json_int_t)r->a.version);
		if (o == NULL)
			continue;
		json_object_set_new(o, "deadline", r->deadline[0] ? json_string(r->deadline) : json_null());
		json_array_append_new(items, o);
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items ? items : json_array()));
}

/* ---- the dossier page ---------------------------------------------------- */

struct ev_ctx {
	struct buf *b;
	const struct dossier *d;
	const char *item;
	int n;
};

static int evidence_link(const struct store_evidence *e, void *ctx)
{
	struct ev_ctx *c = ctx;
	if (strcmp(e->item, c->item) != 0)
		return 0;
	html_printf(c->b, "%S<a href=\"/tham-dinh/%u/%d/tep/%lld\">%h</a>", c->n++ ? ", " : "",
		    c->d->a.unit_code, c->d->a.year, (long long)e->id, e->original_name);
	return 0;
}

struct in_ctx {
	struct buf *b;
	const char *item;
	int n;
};

static int input_line(const struct store_input *in, void *ctx)
{
	struct in_ctx *c = ctx;
	size_t k = strlen(c->item);
	if (strncmp(in->item, c->item, k) != 0 || (in->item[k] != '\0' && in->item[k] != '.'))
		return 0;
	html_printf(c->b, "%S%h: %h", c->n++ ? "; " : "", in->field, in->value);
	if (strcmp(in->item, c->item) != 0)
		html_printf(c->b, " (%h)", in->item);
	return 0;
}

static const char *field_value(const struct view *v, const char *name, const char *stored)
{
	if (v->values) {
		const char *s = form_get(v->values, name);
		return s ? s : "";
	}
	return stored;
}

static void field_error(struct buf *b, const struct view *v, const char *name)
{
	const char *e = error_of(v, name);
	if (e)
		html_printf(b, "<p class=\"field-error\" role=\"alert\" id=\"e-%a\">%h</p>\n", name, e);
}

/* One indicator row of the review form. */
static void review_row(struct http_req *req, struct buf *b, const struct dossier *d,
		       const struct view *v, const struct sc_result *self,
		       const struct reviewed *rv, size_t i, bool editable)
{
	const struct review_target *t = &d->t[i];
	const struct sc_crit_result *cr;
	const struct sc_item_result *ir = find_item(self, t->code, &cr);
	tc_pts pts = ir ? ir->points : cr ? cr->points : 0;
	const char *explain = ir ? ir->explain : cr ? cr->explain : "";
	char nd[64], nc[64], stored[32] = "";
	snprintf(nd, sizeof nd, "diem-%s", t->code);
	snprintf(nc, sizeof nc, "nx-%s", t->code);
	if (rv->pts[i] != STORE_NO_PTS)
		pts_format_vi(rv->pts[i], stored, sizeof stored);
	html_printf(b, "<tr id=\"ct-%a\"><th scope=\"row\">%h</th><td>%h<br><small>Số liệu: ",
		    t->code, t->code, t->title);
	struct in_ctx ic = {b, t->code, 0};
	struct tc_err err = {0};
	store_input_list(d->st, d->a.id, input_line, &ic, &err);
	if (ic.n == 0)
		html_printf(b, "không có");
	html_printf(b, "</small><br><small>Minh chứng: ");
	struct ev_ctx ec = {b, d, t->code, 0};
	store_evidence_list(d->st, d->a.id, evidence_link, &ec, &err);
	if (ec.n == 0)
		html_printf(b, "không có");
	html_printf(b, "</small></td><td class=\"num\">%P</td><td class=\"num\">%P</td>"
		    "<td><small>%h</small></td><td>", t->max, pts, explain);
	(void)req;
	if (editable) {
		const char *ev = error_of(v, nd);
		html_printf(b, "<label class=\"sr\" for=\"f-%a\">Điểm thẩm định %h</label>"
			    "<input id=\"f-%a\" name=\"%a\" size=\"6\" inputmode=\"decimal\" value=\"%a\"%S>\n",
			    nd, t->code, nd, nd, field_value(v, nd, stored),
			    ev ? " aria-invalid=\"true\"" : "");
		field_error(b, v, nd);
		html_printf(b, "</td><td><label class=\"sr\" for=\"f-%a\">Nhận xét %h</label>"
			    "<textarea id=\"f-%a\" name=\"%a\" rows=\"2\" cols=\"24\">%h</textarea>\n",
			    nc, t->code, nc, nc, field_value(v, nc, rv->comment[i]));
		field_error(b, v, nc);
	} else {
		html_printf(b, "%h</td><td>%h", stored, rv->comment[i]);
	}
	html_printf(b, "</td></tr>\n");
}

static void reason_items(struct buf *b, const struct sc_result *res)
{
	if (res->n_reasons == 0)
		return;
	html_printf(b, "<ul class=\"reasons\">\n");
	for (size_t i = 0; i < res->n_reasons; i++) {
		const char *r = res->reasons[i];
		const char *colon = strchr(r, ':');
		const char *code = colon ? colon + 1 : "";
		if (strcmp(r, "total_below_min") == 0)
			html_printf(b, "<li>Tổng điểm chưa đạt mức tối thiểu.</li>\n");
		else if (strncmp(r, "criterion_below_min:", 20) == 0)
			html_printf(b, "<li>Tiêu chí %h chưa đạt mức tối thiểu.</li>\n", code);
		else if (strncmp(r, "indicator_below_min:", 20) == 0)
			html_printf(b, "<li>Chỉ tiêu %h chưa đạt.</li>\n", code);
		else if (strncmp(r, "gate:", 5) == 0)
			html_printf(b, "<li>Thuộc trường hợp không được công nhận: %h.</li>\n", code);
		else if (strncmp(r, "incomplete:", 11) == 0)
			html_printf(b, "<li>Chưa có kết quả của %h.</li>\n", code);
		else
			html_printf(b, "<li>%h</li>\n", r);
	}
	html_printf(b, "</ul>\n");
}

/* The rule that the council's points are the ones that count is cited only
 * where the source is known (TT 09/2021 art. 2(2), regime qd25-2021;
 * /work/shared/rules/REGULATION.md); other regimes show the figure alone. */
static void verdict_section(struct buf *b, const struct sc_result *self,
			    const struct sc_result *rev, size_t n_reviewed, const char *ruleset)
{
	bool tt09 = ruleset && strcmp(ruleset, "qd25-2021") == 0;
	html_printf(b, "<section aria-labelledby=\"kq\"><h2 id=\"kq\">Kết quả</h2>\n");
	if (self)
		html_printf(b, "<p>Xã tự chấm: <strong>%P</strong> điểm — %S</p>\n", self->total,
			    self->recognised ? "đủ điều kiện" : "chưa đủ điều kiện");
	if (rev) {
		html_printf(b, "<p id=\"ket-qua-tham-dinh\">Theo điểm thẩm định (%zu chỉ tiêu đã "
			    "chấm%S): <strong>%P</strong> điểm — %S</p>\n", n_reviewed,
			    tt09 ? "; TT 09/2021, Điều 2 khoản 2: điểm do Hội đồng thẩm định là điểm "
				   "được công nhận" : "",
			    rev->total, rev->recognised
				    ? "<span class=\"verdict-pass\">Đủ điều kiện công nhận</span>"
				    : "<span class=\"verdict-fail\">Chưa đủ điều kiện công nhận</span>");
		reason_items(b, rev);
	}
	html_printf(b, "</section>\n");
}

struct diff_ctx {
	struct buf *b;
	long n;
};

static int diff_row(const struct review_change *c, void *ctx)
{
	struct diff_ctx *x = ctx;
	html_printf(x->b, "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		    c->item, c->field, c->before[0] ? c->before : "(không có)",
		    c->after[0] ? c->after : "(đã xoá)");
	x->n++;
	return 0;
}

struct note_ctx {
	struct buf *b;
};

static int note_line(const struct store_return_note *n, void *ctx)
{
	struct note_ctx *c = ctx;
	html_printf(c->b, "<li>Chỉ tiêu %h: %h</li>\n", n->item, n->note);
	return 0;
}

/* The latest return and, once resubmitted, what the commune changed. */
static void return_section(struct buf *b, const struct dossier *d, const char *today)
{
	struct store_return r;
	struct tc_err err = {0};
	if (store_return_latest(d->st, d->a.id, &r, &err) != 0)
		return;
	char dl[16] = "", at[16] = "";
	struct cal_date cd;
	if (cal_parse_iso(r.deadline, 10, &cd, &err) == 0)
		cal_format_vn(cd, dl, sizeof dl);
	if (cal_parse_iso(r.returned_on, 10, &cd, &err) == 0)
		cal_format_vn(cd, at, sizeof at);
	bool overdue = d->state == WF_RETURNED && strcmp(today, r.deadline) > 0;
	html_printf(b, "<section aria-labelledby=\"tl\"><h2 id=\"tl\">Trả lại để bổ sung (lần %d)</h2>\n"
		    "<p>Ngày trả lại: %h. Hạn bổ sung: <strong id=\"han-bo-sung\">%h</strong> "
		    "(%d ngày làm việc)%S</p>\n<p>Lý do: %h</p>\n<ul>\n", r.round, at, dl,
		    r.supplement_days, overdue ? " <strong class=\"badge overdue\">Quá hạn</strong>" : "",
		    r.reason);
	struct note_ctx nc = {b};
	store_return_notes(d->st, r.id, note_line, &nc, &err);
	html_printf(b, "</ul>\n");
	if (d->state != WF_RETURNED) {
		html_printf(b, "<h3 id=\"thay-doi\">Những thay đổi sau khi trả lại</h3>\n"
			    "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Mã</th>"
			    "<th scope=\"col\">Trường</th><th scope=\"col\">Trước</th><th scope=\"col\">"
			    "Sau</th></tr></thead>\n<tbody>\n");
		struct diff_ctx dc = {b, 0};
		long n = 0;
		review_diff(d->st, r.id, d->a.id, diff_row, &dc, &n, &err);
		if (dc.n == 0)
			html_printf(b, "<tr><td colspan=\"4\">Không có thay đổi số liệu.</td></tr>\n");
		html_printf(b, "</tbody>\n</table></div>\n");
	}
	html_printf(b, "</section>\n");
}

/* The latest return as the commune sees it on its own page (assess.c):
 * reason, date, deadline (overdue?) and the per-indicator notes. */
void reviewpages_return_notice(struct buf *b, struct store *st, int64_t assessment_id,
			       bool pending)
{
	struct store_return r;
	struct tc_err err = {0};
	if (store_return_latest(st, assessment_id, &r, &err) != 0)
		return;
	char dl[16] = "", on[16] = "", today[11];
	struct cal_date cd;
	if (cal_parse_iso(r.deadline, 10, &cd, &err) == 0)
		cal_format_vn(cd, dl, sizeof dl);
	if (cal_parse_iso(r.returned_on, 10, &cd, &err) == 0)
		cal_format_vn(cd, on, sizeof on);
	cal_format_iso(review_today(st), today, sizeof today);
	bool overdue = pending && strcmp(today, r.deadline) > 0;
	html_printf(b, "<section aria-labelledby=\"yc-bs\" id=\"yeu-cau-bo-sung\"><h2 id=\"yc-bs\">%S "
		    "(lần %d)</h2>\n<p>Ngày trả lại: %h. Hạn bổ sung: <strong>%h</strong> (%d ngày làm "
		    "việc)%S</p>\n<p>Lý do: %h</p>\n<ul>\n",
		    pending ? "Hồ sơ được trả lại để bổ sung" : "Lần trả lại gần nhất", r.round, on, dl,
		    r.supplement_days, overdue ? " <strong class=\"badge overdue\">Quá hạn</strong>" : "",
		    r.reason);
	struct note_ctx nc = {b};
	store_return_notes(st, r.id, note_line, &nc, &err);
	html_printf(b, "</ul>\n</section>\n");
}

static int objection_item(const struct store_objection *o, void *ctx)
{
	struct buf *b = ctx;
	char at[16] = "";
	struct cal_date cd;
	struct tc_err err = {0};
	if (cal_parse_iso(o->at, 10, &cd, &err) == 0)
		cal_format_vn(cd, at, sizeof at);
	html_printf(b, "<li><strong>%h</strong> (%h, %h): %h</li>\n",
		    o->name[0] ? o->name : "Ẩn danh", o->contact, at, o->body);
	return 0;
}

static void objections_section(struct buf *b, const struct dossier *d)
{
	struct tc_err err = {0};
	long n = store_objection_count(d->st, d->a.id, &err);
	html_printf(b, "<section aria-labelledby=\"yk\"><h2 id=\"yk\">Ý kiến, phản ánh của người "
		    "dân (%ld)</h2>\n", n < 0 ? 0 : n);
	if (n > 0) {
		html_printf(b, "<ul>\n");
		store_objection_list(d->st, d->a.id, objection_item, b, &err);
		html_printf(b, "</ul>\n");
	}
	html_printf(b, "</section>\n");
}

static void return_form(struct http_req *req, struct buf *b, const struct dossier *d,
			const struct view *v)
{
	struct cal_date today = review_today(d->st), dl;
	int days = 0;
	char dls[16] = "";
	struct tc_err err = {0};
	const struct rv_regime *rg = rv_regime_for(d->a.ruleset_id);
	if (review_deadline(d->st, d->a.ruleset_id, today, &dl, &days, &err) == 0)
		cal_format_vn(dl, dls, sizeof dls);
	html_printf(b, "<section aria-labelledby=\"tlf\"><h2 id=\"tlf\">Trả lại để bổ sung</h2>\n"
		    "<form method=\"post\" action=\"/tham-dinh/%u/%d/tra-lai\">\n", d->a.unit_code,
		    d->a.year);
	web_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
		    "<p>Hạn bổ sung nếu trả lại hôm nay: <strong>%h</strong> (%d ngày làm việc; %h)."
		    "</p>\n<label for=\"f-ly-do\">Lý do trả lại</label>\n"
		    "<textarea id=\"f-ly-do\" name=\"ly-do\" rows=\"3\" cols=\"60\">%h</textarea>\n",
		    (long long)d->a.version, dls, days, rg->supplement_basis,
		    field_value(v, "ly-do", ""));
	field_error(b, v, "ly-do");
	html_printf(b, "<label for=\"f-ngay\">Ngày trả lại (dd/mm/yyyy, để trống = hôm nay)</label>\n"
		    "<input id=\"f-ngay\" name=\"ngay\" size=\"10\" value=\"%a\">\n",
		    field_value(v, "ngay", ""));
	field_error(b, v, "ngay");
	html_printf(b, "<fieldset><legend>Nội dung cần bổ sung theo chỉ tiêu (để trống nếu không có)"
		    "</legend>\n");
	for (size_t i = 0; i < d->nt; i++) {
		char nb[64];
		snprintf(nb, sizeof nb, "bs-%s", d->t[i].code);
		html_printf(b, "<label for=\"f-%a\">%h %h</label> <input id=\"f-%a\" name=\"%a\" "
			    "size=\"50\" value=\"%a\">\n", nb, d->t[i].code, d->t[i].title, nb, nb,
			    field_value(v, nb, ""));
		field_error(b, v, nb);
	}
	html_printf(b, "</fieldset>\n<input type=\"submit\" value=\"Trả lại để bổ sung\">\n"
		    "</form>\n</section>\n");
}

static void finish_form(struct http_req *req, struct buf *b, const struct dossier *d,
			const struct view *v)
{
	html_printf(b, "<section aria-labelledby=\"ht\"><h2 id=\"ht\">Hoàn thành thẩm định</h2>\n"
		    "<form method=\"post\" action=\"/tham-dinh/%u/%d/hoan-thanh\">\n",
		    d->a.unit_code, d->a.year);
	web_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
		    (long long)d->a.version);
	field_error(b, v, "hoan-thanh");
	html_printf(b, "<p>Khi mọi chỉ tiêu đã có điểm thẩm định, hồ sơ chuyển sang Hội đồng.</p>\n"
		    "<input type=\"submit\" value=\"Hoàn thành thẩm định\">\n</form>\n</section>\n");
}

static int decision_line(const struct store_decision_item *it, void *ctx)
{
	struct buf *b = ctx;
	html_printf(b, "<p id=\"quyet-dinh\">Quyết định: %S%S%h</p>\n",
		    it->recognised ? "<strong class=\"verdict-pass\">Công nhận đạt chuẩn</strong>"
				   : "<strong class=\"verdict-fail\">Không công nhận</strong>",
		    it->reason[0] ? ". Lý do: " : "", it->reason);
	return 1; /* the latest decision only */
}

static void render_dossier(struct http_req *req, struct http_resp *resp, const struct dossier *d,
			   const struct view *v, int status)
{
	struct reviewed rv;
	struct tc_err err = {0};
	if (load_reviewed(req, d, &rv, &err) != 0) {
		http_error(req, resp, 500, NULL);
		return;
	}
	struct sc_result *self = review_evaluate(d->st, &d->a, d->rs, d->t, NULL, d->nt, &err);
	size_t n_rev = 0;
	for (size_t i = 0; i < d->nt; i++)
		n_rev += rv.pts[i] != STORE_NO_PTS;
	struct sc_result *rev = n_rev ? review_evaluate(d->st, &d->a, d->rs, d->t, rv.pts, d->nt, &err)
				      : NULL;
	const struct web_user *u = user_of(req);
	bool reviewer = u && u->role == WF_ROLE_REVIEWER;
	bool editable = reviewer && d->state == WF_SUBMITTED;
	char today[11];
	cal_format_iso(review_today(d->st), today, sizeof today);
	http_status(resp, status);
	struct buf *b = http_out(resp);
	layout_begin(b, "Thẩm định hồ sơ", "/tham-dinh");
	html_printf(b, "<p><a href=\"/tham-dinh\">← Danh sách hồ sơ</a></p>\n"
		    "<h1>Thẩm định: %h (%h), năm %d</h1>\n<p>Bộ tiêu chí: %h. Trạng thái: "
		    "<strong id=\"trang-thai\">%h</strong>.</p>\n", d->unit_name, d->a.unit_code,
		    d->a.year, d->rs->title, wf_state_label(d->state));
	if (v->notice)
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>\n", v->notice);
	if (v->n_err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: kiểm tra các ô được "
			    "đánh dấu bên dưới.</p>\n");
	store_decision_items(d->st, 0, d->a.id, decision_line, b, &err);
	if (self == NULL)
		html_printf(b, "<p class=\"field-error\">Không tính được điểm tự chấm: %h</p>\n", err.msg);
	verdict_section(b, self, rev, n_rev, d->rs ? d->rs->id : NULL);
	return_section(b, d, today);
	objections_section(b, d);
	html_printf(b, "<section aria-labelledby=\"ct\"><h2 id=\"ct\">Điểm theo chỉ tiêu</h2>\n");
	if (editable) {
		html_printf(b, "<form method=\"post\" action=\"/tham-dinh/%u/%d/diem\">\n",
			    d->a.unit_code, d->a.year);
		web_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
			    (long long)d->a.version);
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Mã</th>"
		    "<th scope=\"col\">Chỉ tiêu, số liệu của xã</th><th scope=\"col\" class=\"num\">"
		    "Tối đa</th><th scope=\"col\" class=\"num\">Xã tự chấm</th><th scope=\"col\">"
		    "Giải thích</th><th scope=\"col\">Điểm thẩm định</th><th scope=\"col\">Nhận xét"
		    "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->nt; i++)
		review_row(req, b, d, v, self, &rv, i, editable);
	html_printf(b, "</tbody>\n</table></div>\n");
	if (editable)
		html_printf(b, "<input type=\"submit\" value=\"Lưu điểm thẩm định\">\n</form>\n");
	html_printf(b, "</section>\n");
	if (editable) {
		return_form(req, b, d, v);
		finish_form(req, b, d, v);
	}
	dashp_download_buttons(b, DASHP_FORM(FORMS_SCORE_SHEET) | DASHP_FORM(FORMS_EVAL_REPORT),
			       d->a.year, d->a.unit_code);
	layout_end(b);
	sc_result_free(self);
	sc_result_free(rev);
}

static const unsigned DOSSIER_ROLES =
	WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_COUNCIL) | WEB_ROLES(WF_ROLE_ADMIN);

static void page_dossier(struct http_req *req, struct http_resp *resp)
{
	struct dossier *d = dossier_new(req, resp, DOSSIER_ROLES, false, NULL);
	if (d == NULL)
		return;
	struct view v = {0};
	const char *ok = form_get(http_query(req), "ok");
	if (ok && strcmp(ok, "diem") == 0)
		v.notice = "Đã lưu điểm thẩm định.";
	else if (ok && strcmp(ok, "tra-lai") == 0)
		v.notice = "Đã trả lại hồ sơ để bổ sung.";
	else if (ok && strcmp(ok, "hoan-thanh") == 0)
		v.notice = "Đã hoàn thành thẩm định.";
	render_dossier(req, resp, d, &v, 200);
}

/* ---- actions: validation shared by the pages and the API ------------------ */

/* A text of at most TEXT_MAX bytes; required when `required`. */
static bool text_ok(struct view *v, struct arena *a, const char *name, const char *s,
		    bool required)
{
	if (required && (s == NULL || s[strspn(s, " \t\r\n")] == '\0')) {
		add_error(v, a, name, "Không được để trống.");
		return false;
	}
	if (s && strlen(s) > TEXT_MAX) {
		add_error(v, a, name, "Quá dài: tối đa 1000 ký tự.");
		return false;
	}
	return true;
}

static bool version_of(const char *s, int64_t *out)
{
	return s && num_parse_i64(s, 1, INT64_MAX, out) == 0;
}

/* Parsed reviewed scores: the values typed per target (NULL = not given). */
struct score_input {
	const char *score[REVIEW_MAX_TARGETS];
	const char *comment[REVIEW_MAX_TARGETS];
	const char *score_name[REVIEW_MAX_TARGETS];  /* field names for errors */
	const char *comment_name[REVIEW_MAX_TARGETS];
};

/* Validates every typed score and comment; fills items (*n). */
static void scores_check(const struct dossier *d, const struct score_input *in, struct view *v,
			 struct arena *a, struct store_review_item *items, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < d->nt; i++) {
		const char *s = in->score[i], *c = in->comment[i] ? in->comment[i] : "";
		bool has_score = s && s[strspn(s, " \t")] != '\0';
		if (!has_score && c[0] == '\0')
			continue;
		struct store_review_item *it = &items[*n];
		memset(it, 0, sizeof *it);
		snprintf(it->item, sizeof it->item, "%s", d->t[i].code);
		it->reviewed = STORE_NO_PTS;
		struct tc_err err = {0};
		if (has_score && rv_parse_score(s, d->t[i].max, &it->reviewed, &err) != 0)
			add_error(v, a, in->score_name[i], err.msg);
		if (text_ok(v, a, in->comment_name[i], c, false))
			snprintf(it->comment, sizeof it->comment, "%s", c);
		(*n)++;
	}
}

/* The return's date ("" = today), not in the future; its deadline. */
static bool return_dates(const struct dossier *d, const char *ds, struct view *v, struct arena *a,
			 const char *name, struct store_return *r)
{
	struct cal_date today = review_today(d->st), day = today, dl;
	struct tc_err err = {0};
	if (ds && ds[0]) {
		if (cal_parse(ds, strlen(ds), &day, &err) != 0) {
			add_error(v, a, name, "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.");
			return false;
		}
		if (cal_cmp(day, today) > 0) {
			add_error(v, a, name, "Ngày trả lại không được sau hôm nay.");
			return false;
		}
	}
	if (review_deadline(d->st, d->a.ruleset_id, day, &dl, &r->supplement_days, &err) != 0) {
		add_error(v, a, name, "Không tính được hạn bổ sung cho ngày này.");
		return false;
	}
	cal_format_iso(dl, r->deadline, sizeof r->deadline);
	cal_format_iso(day, r->returned_on, sizeof r->returned_on);
	return true;
}

static int target_index(const struct dossier *d, const char *code)
{
	for (size_t i = 0; i < d->nt; i++)
		if (strcmp(d->t[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Finishing needs a reviewed score on every target; the verdict is then
 * computed on them. On a missing score adds an error under `name`. */
static int finish_check(struct http_req *req, const struct dossier *d, struct view *v,
			const char *name, tc_pts *total, int *recognised)
{
	struct reviewed rv;
	struct tc_err err = {0};
	if (load_reviewed(req, d, &rv, &err) != 0)
		return -1;
	for (size_t i = 0; i < d->nt; i++)
		if (rv.pts[i] == STORE_NO_PTS) {
			char msg[200];
			snprintf(msg, sizeof msg, "Chỉ tiêu %s chưa có điểm thẩm định: chấm đủ mọi chỉ "
				 "tiêu trước khi hoàn thành.", d->t[i].code);
			add_error(v, http_arena(req), name, msg);
			return 1;
		}
	struct sc_result *res = review_evaluate(d->st, &d->a, d->rs, d->t, rv.pts, d->nt, &err);
	if (res == NULL) {
		add_error(v, http_arena(req), name, err.msg);
		return 1;
	}
	*total = res->total;
	*recognised = res->recognised ? 1 : 0;
	sc_result_free(res);
	return 0;
}

/* Maps a store failure of an action to the response (409 on a version
 * conflict). */
static void store_failed(struct http_req *req, struct http_resp *resp, const struct tc_err *err)
{
	if (err->code == TC_ECONFLICT)
		http_error(req, resp, 409, "Hồ sơ vừa được người khác thay đổi: tải lại trang và "
			   "thực hiện lại.");
	else if (err->code == TC_EINPUT)
		http_error(req, resp, 422, err->msg);
	else
		http_error_from(req, resp, err);
}

static void redirect(struct http_resp *resp, const struct dossier *d, const char *ok)
{
	char loc[128];
	snprintf(loc, sizeof loc, "/tham-dinh/%s/%d?ok=%s", d->a.unit_code, d->a.year, ok);
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

/* The end of a page action: the store's refusal, or 303 back to the
 * dossier with the notice `ok`. */
static void action_done(struct http_req *req, struct http_resp *resp, int rc,
			const struct tc_err *err, const struct dossier *d, const char *ok)
{
	if (rc != 0)
		store_failed(req, resp, err);
	else
		redirect(resp, d, ok);
}

/* ---- page actions ---------------------------------------------------------- */

static const unsigned REVIEWER = WEB_ROLES(WF_ROLE_REVIEWER);

/* Opens the dossier for a POST of the review form: form parsed, gates,
 * version. */
static bool post_open(struct http_req *req, struct http_resp *resp, struct form *f,
		      struct dossier **dp, int64_t *version, enum wf_event e)
{
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, REVIEWER))
		return false;
	if (http_form(req, f, &err) != 0) {
		http_error(req, resp, 400, err.msg);
		return false;
	}
	struct dossier *d = dossier_new(req, resp, REVIEWER, true, f);
	if (d == NULL || !step_ok(req, resp, d, e))
		return false;
	if (!version_of(form_get(f, "version"), version)) {
		http_error(req, resp, 400, "Thiếu phiên bản hồ sơ: tải lại trang.");
		return false;
	}
	*dp = d;
	return true;
}

static void post_scores(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct dossier *d;
	int64_t version;
	if (!post_open(req, resp, &f, &d, &version, WF_REVIEW))
		return;
	struct arena *a = http_arena(req);
	struct score_input *in = arena_calloc(a, 1, sizeof *in);
	struct store_review_item *items = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *items);
	struct view v = {.values = &f};
	if (in == NULL || items == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	for (size_t i = 0; i < d->nt; i++) {
		char nd[64], nc[64];
		snprintf(nd, sizeof nd, "diem-%s", d->t[i].code);
		snprintf(nc, sizeof nc, "nx-%s", d->t[i].code);
		in->score_name[i] = arena_strdup(a, nd);
		in->comment_name[i] = arena_strdup(a, nc);
		in->score[i] = form_get(&f, nd);
		in->comment[i] = form_get(&f, nc);
	}
	size_t n;
	scores_check(d, in, &v, a, items, &n);
	if (v.n_err) {
		render_dossier(req, resp, d, &v, 422);
		return;
	}
	struct tc_err err = {0};
	int rc = store_review_set(d->st, d->a.id, version, items, n, &err);
	action_done(req, resp, rc, &err, d, "diem");
}

/* Validates a return's reason, notes and date into r / notes (*n). */
static void return_check(const struct dossier *d, const char *reason, const char *date,
			 const char *const *note, const char *const *note_name, struct view *v,
			 struct arena *a, struct store_return *r, struct store_return_note *notes,
			 size_t *n)
{
	memset(r, 0, sizeof *r);
	if (text_ok(v, a, "ly-do", reason, true))
		snprintf(r->reason, sizeof r->reason, "%s", reason);
	return_dates(d, date, v, a, "ngay", r);
	*n = 0;
	for (size_t i = 0; i < d->nt; i++) {
		if (note[i] == NULL || note[i][strspn(note[i], " \t")] == '\0')
			continue;
		if (!text_ok(v, a, note_name[i], note[i], false))
			continue;
		snprintf(notes[*n].item, sizeof notes[*n].item, "%s", d->t[i].code);
		snprintf(notes[*n].note, sizeof notes[*n].note, "%s", note[i]);
		(*n)++;
	}
}

static void post_return(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct dossier *d;
	int64_t version;
	if (!post_open(req, resp, &f, &d, &version, WF_RETURN))
		return;
	struct arena *a = http_arena(req);
	const char **note = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *note);
	const char **names = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *names);
	struct store_return_note *notes = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *notes);
	if (note == NULL || names == NULL || notes == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	for (size_t i = 0; i < d->nt; i++) {
		char nb[64];
		snprintf(nb, sizeof nb, "bs-%s", d->t[i].code);
		names[i] = arena_strdup(a, nb);
		note[i] = form_get(&f, nb);
	}
	struct view v = {.values = &f};
	struct store_return r;
	size_t n;
	return_check(d, form_get(&f, "ly-do"), form_get(&f, "ngay"), note, names, &v, a, &r, notes,
		     &n);
	if (v.n_err) {
		render_dossier(req, resp, d, &v, 422);
		return;
	}
	struct tc_err err = {0};
	int rc = store_return_add(d->st, d->a.id, version, &r, notes, n, NULL, &err);
	action_done(req, resp, rc, &err, d, "tra-lai");
}

static void post_finish(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct dossier *d;
	int64_t version;
	if (!post_open(req, resp, &f, &d, &version, WF_REVIEW))
		return;
	struct view v = {0};
	tc_pts total = 0;
	int recognised = -1;
	int rc = finish_check(req, d, &v, "hoan-thanh", &total, &recognised);
	if (rc < 0) {
		http_error(req, resp, 500, NULL);
		return;
	}
	if (rc > 0) {
		render_dossier(req, resp, d, &v, 422);
		return;
	}
	struct tc_err err = {0};
	rc = store_review_finish(d->st, d->a.id, version, total, recognised, &err);
	action_done(req, resp, rc, &err, d, "hoan-thanh");
}

/* Serves one evidence file of the dossier (reviewers, council, admin). */
struct ev_find {
	int64_t id;
	struct store_evidence e;
	bool found;
};

static int ev_find_cb(const struct store_evidence *e, void *ctx)
{
	struct ev_find *f = ctx;
	if (e->id == f->id) {
		f->e = *e;
		f->found = true;
		return 1;
	}
	return 0;
}

/* The accepted types as static strings (http_type keeps the pointer). */
static const char *const MIME[] = {
	"application/pdf", "image/jpeg", "image/png", "application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
};

static const char *static_mime(const char *m)
{
	for (size_t i = 0; i < sizeof MIME / sizeof MIME[0]; i++)
		if (strcmp(MIME[i], m) == 0)
			return MIME[i];
	return "application/octet-stream";
}

/* Sends a stored file as an attachment (shared with councilpages.c). */
void reviewpages_send_file(struct http_req *req, struct http_resp *resp, struct store *st,
			   const char *sha256, const char *mime)
{
	void *data = NULL;
	size_t len = 0;
	struct tc_err err = {0};
	if (store_evidence_read(st, sha256, &data, &len, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	buf_append(http_out(resp), data, len);
	tc_free(data);
	http_type(resp, static_mime(mime));
	http_add_header(resp, "Content-Disposition", "attachment");
	http_status(resp, 200);
}

static void get_file(struct http_req *req, struct http_resp *resp)
{
	struct dossier *d = dossier_new(req, resp, DOSSIER_ROLES, false, NULL);
	if (d == NULL)
		return;
	struct ev_find f = {0};
	struct tc_err err = {0};
	if (num_parse_i64(http_param(req, "id"), 1, INT64_MAX, &f.id) != 0 ||
	    store_evidence_list(d->st, d->a.id, ev_find_cb, &f, &err) != 0 || !f.found) {
		http_error(req, resp, 404, "Không có tệp minh chứng này trong hồ sơ.");
		return;
	}
	reviewpages_send_file(req, resp, d->st, f.e.sha256, f.e.mime_type);
}

/* ---- JSON API -------------------------------------------------------------- */

/* 422 with the per-field messages. */
static void api_invalid(struct http_resp *resp, const struct view *v)
{
	json_t *fields = json_object();
	for (size_t i = 0; fields && i < v->n_err; i++)
		json_object_set_new(fields, v->err_name[i], json_string(v->err_msg[i]));
	http_json(resp, 422, json_pack("{s:{s:i,s:s,s:o}}", "error", "status", 422, "message",
				       "Dữ liệu không hợp lệ: xem từng trường trong \"fields\".",
				       "fields", fields ? fields : json_object()));
}

static bool api_open(struct http_req *req, struct http_resp *resp, struct dossier **dp,
		     json_t **body, int64_t *version, enum wf_event e)
{
	struct dossier *d = dossier_new(req, resp, REVIEWER, true, NULL);
	if (d == NULL)
		return false;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return false;
	json_t *ver = json_object_get(j, "version");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
		json_decref(j);
		struct view v = {0};
		add_error(&v, http_arena(req), "version", "Thiếu phiên bản hồ sơ (số nguyên).");
		api_invalid(resp, &v);
		return false;
	}
	if (!step_ok(req, resp, d, e)) {
		json_decref(j);
		return false;
	}
	*version = json_integer_value(ver);
	*dp = d;
	*body = j;
	return true;
}

static json_t *state_json(const struct dossier *d, struct store *st)
{
	struct store_assessment a;
	struct tc_err err = {0};
	if (store_assessment_get(st, d->a.id, NULL, &a, &err) != 0)
		a = d->a;
	return json_pack("{s:s,s:i,s:s,s:I}", "unit", a.unit_code, "year", a.year, "status",
			 a.status, "version", (json_int_t)a.version);
}

/* A JSON string or number as text (the API accepts 7.5, "7,5", "7.5"). */
static const char *json_text(struct arena *a, const json_t *v)
{
	char tmp[48];
	if (json_is_string(v))
		return arena_strdup(a, json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
		return arena_strdup(a, tmp);
	}
	if (json_is_real(v)) {
		snprintf(tmp, sizeof tmp, "%.6g", json_real_value(v));
		return arena_strdup(a, tmp);
	}
	return NULL;
}

static void api_review_items(struct http_req *req, struct http_resp *resp, struct dossier *d,
			     const json_t *arr, int64_t version)
{
	struct arena *a = http_arena(req);
	struct score_input *in = arena_calloc(a, 1, sizeof *in);
	struct store_review_item *items = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *items);
	struct view v = {0};
	if (in == NULL || items == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		char nm[48];
		snprintf(nm, sizeof nm, "items[%zu]", i);
		const char *code = json_string_value(json_object_get(o, "item"));
		int k = code ? target_index(d, code) : -1;
		if (k < 0) {
			add_error(&v, a, nm, "Mã chỉ tiêu không có trong bộ tiêu chí của hồ sơ.");
			continue;
		}
		snprintf(nm, sizeof nm, "items[%zu].reviewed", i);
		in->score_name[k] = arena_strdup(a, nm);
		snprintf(nm, sizeof nm, "items[%zu].comment", i);
		in->comment_name[k] = arena_strdup(a, nm);
		in->score[k] = json_text(a, json_object_get(o, "reviewed"));
		in->comment[k] = json_string_value(json_object_get(o, "comment"));
	}
	size_t n;
	scores_check(d, in, &v, a, items, &n);
	if (v.n_err || n == 0) {
		if (n == 0 && v.n_err == 0)
			add_error(&v, a, "items", "Chưa có điểm hoặc nhận xét nào.");
		api_invalid(resp, &v);
		return;
	}
	struct tc_err err = {0};
	if (store_review_set(d->st, d->a.id, version, items, n, &err) != 0) {
		store_failed(req, resp, &err);
		return;
	}
	http_json(resp, 200, state_json(d, d->st));
}

static void api_review(struct http_req *req, struct http_resp *resp)
{
	struct dossier *d;
	json_t *j;
	int64_t version;
	if (!api_open(req, resp, &d, &j, &version, WF_REVIEW))
		return;
	const json_t *items = json_object_get(j, "items");
	bool finish = json_is_true(json_object_get(j, "finish"));
	struct view v = {0};
	if ((items != NULL) == finish || (items && !json_is_array(items))) {
		add_error(&v, http_arena(req), "items",
			  "Gửi hoặc \"items\" (mảng điểm, nhận xét) hoặc \"finish\": true, không gửi cả hai.");
		api_invalid(resp, &v);
	} else if (items) {
		api_review_items(req, resp, d, items, version);
	} else {
		tc_pts total = 0;
		int recognised = -1;
		int rc = finish_check(req, d, &v, "finish", &total, &recognised);
		struct tc_err err = {0};
		if (rc < 0)
			http_error(req, resp, 500, NULL);
		else if (rc > 0)
			api_invalid(resp, &v);
		else if (store_review_finish(d->st, d->a.id, version, total, recognised, &err) != 0)
			store_failed(req, resp, &err);
		else
			http_json(resp, 200, state_json(d, d->st));
	}
	json_decref(j);
}

static void api_return(struct http_req *req, struct http_resp *resp)
{
	struct dossier *d;
	json_t *j;
	int64_t version;
	if (!api_open(req, resp, &d, &j, &version, WF_RETURN))
		return;
	struct arena *a = http_arena(req);
	const char **note = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *note);
	const char **names = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *names);
	struct store_return_note *notes = arena_calloc(a, REVIEW_MAX_TARGETS, sizeof *notes);
	struct view v = {0};
	if (note == NULL || names == NULL || notes == NULL) {
		json_decref(j);
		http_error(req, resp, 500, NULL);
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "notes"), i, o) {
		char nm[48];
		snprintf(nm, sizeof nm, "notes[%zu]", i);
		const char *code = json_string_value(json_object_get(o, "item"));
		int k = code ? target_index(d, code) : -1;
		if (k < 0) {
			add_error(&v, a, nm, "Mã chỉ tiêu không có trong bộ tiêu chí của hồ sơ.");
			continue;
		}
		names[k] = arena_strdup(a, nm);
		note[k] = json_string_value(json_object_get(o, "note"));
	}
	struct store_return r;
	size_t n;
	const char *reason = json_string_value(json_object_get(j, "reason"));
	const char *date = json_string_value(json_object_get(j, "date"));
	struct view v2 = {0};
	return_check(d, reason, date, note, names, &v2, a, &r, notes, &n);
	for (size_t k = 0; k < v2.n_err; k++) {
		const char *nm = strcmp(v2.err_name[k], "ly-do") == 0 ? "reason"
			: strcmp(v2.err_name[k], "ngay") == 0 ? "date" : v2.err_name[k];
		add_error(&v, a, nm, v2.err_msg[k]);
	}
	struct tc_err err = {0};
	if (v.n_err)
		api_invalid(resp, &v);
	else if (store_return_add(d->st, d->a.id, version, &r, notes, n, NULL, &err) != 0)
		store_failed(req, resp, &err);
	else {
		json_t *s = state_json(d, d->st);
		json_object_set_new(s, "deadline", json_string(r.deadline));
		json_object_set_new(s, "supplement_days", json_integer(r.supplement_days));
		http_json(resp, 200, s);
	}
	json_decref(j);
}

static int change_json(const struct review_change *c, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:s,s:s}", "item", c->item, "field",
					     c->field, "before", c->before, "after", c->after));
	return 0;
}

static int note_json(const struct store_return_note *n, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s}", "item", n->item, "note", n->note));
	return 0;
}

struct ret_ctx {
	struct store *st;
	json_t *arr;
};

static int return_json(const struct store_return *r, void *ctx)
{
	struct ret_ctx *c = ctx;
	json_t *notes = json_array();
	struct tc_err err = {0};
	if (notes)
		store_return_notes(c->st, r->id, note_json, notes, &err);
	json_array_append_new(c->arr, json_pack("{s:i,s:s,s:s,s:s,s:i,s:s,s:s,s:o}", "round",
					       r->round, "reason", r->reason, "returned_on",
					       r->returned_on, "deadline", r->deadline,
					       "supplement_days", r->supplement_days, "returned_at",
					       r->returned_at, "returned_by", r->returned_by, "notes",
					       notes ? notes : json_array()));
	return 0;
}

static int review_json(const struct store_review_item *r, void *ctx)
{
	char p[32];
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "item", r->item, "comment", r->comment,
			      "reviewer", r->reviewer, "reviewed_at", r->reviewed_at);
	if (o)
		json_object_set_new(o, "reviewed", r->reviewed == STORE_NO_PTS ? json_null()
					: json_string(pts_format(r->reviewed, p, sizeof p)));
	json_array_append_new(ctx, o);
	return 0;
}

static json_t *result_json(const struct sc_result *res)
{
	char p[32];
	if (res == NULL)
		return json_null();
	json_t *reasons = json_array();
	for (size_t i = 0; reasons && i < res->n_reasons; i++)
		json_array_append_new(reasons, json_string(res->reasons[i]));
	return json_pack("{s:s,s:b,s:o}", "total", pts_format(res->total, p, sizeof p),
			 "recognised", res->recognised, "reasons", reasons ? reasons : json_array());
}

/* GET .../review: the review so far, returns with notes, the changes since
 * the latest return, and the verdicts on self and reviewed scores. */
static void api_review_get(struct http_req *req, struct http_resp *resp)
{
	/* The commune reads its own review too: why it was returned, the notes. */
	struct dossier *d = dossier_new(req, resp, WEB_ROLES_ANY, false, NULL);
	if (d == NULL)
		return;
	struct tc_err err = {0};
	struct reviewed rv;
	json_t *out = state_json(d, d->st), *reviews = json_array(), *returns = json_array(),
	       *changes = json_array();
	struct ret_ctx rc = {d->st, returns};
	struct store_return last;
	if (out == NULL || reviews == NULL || returns == NULL || changes == NULL ||
	    load_reviewed(req, d, &rv, &err) != 0 ||
	    store_review_list(d->st, d->a.id, review_json, reviews, &err) != 0 ||
	    store_return_list(d->st, d->a.id, return_json, &rc, &err) != 0) {
		json_decref(out), json_decref(reviews), json_decref(returns), json_decref(changes);
		http_error(req, resp, 500, NULL);
		return;
	}
	if (d->state != WF_RETURNED && store_return_latest(d->st, d->a.id, &last, &err) == 0)
		review_diff(d->st, last.id, d->a.id, change_json, changes, NULL, &err);
	struct sc_result *self = review_evaluate(d->st, &d->a, d->rs, d->t, NULL, d->nt, &err);
	struct sc_result *rev = review_evaluate(d->st, &d->a, d->rs, d->t, rv.pts, d->nt, &err);
	json_object_set_new(out, "reviews", reviews);
	json_object_set_new(out, "returns", returns);
	json_object_set_new(out, "changes", changes);
	json_object_set_new(out, "self_result", result_json(self));
	json_object_set_new(out, "reviewed_result", result_json(rev));
	sc_result_free(self);
	sc_result_free(rev);
	http_json(resp, 200, out);
}

const struct http_route reviewpages_routes[] = {
	{"GET", "/tham-dinh", page_queue},
	{"GET", "/tham-dinh/{unit}/{year}", page_dossier},
	{"POST", "/tham-dinh/{unit}/{year}/diem", post_scores},
	{"POST", "/tham-dinh/{unit}/{year}/tra-lai", post_return},
	{"POST", "/tham-dinh/{unit}/{year}/hoan-thanh", post_finish},
	{"GET", "/tham-dinh/{unit}/{year}/tep/{id}", get_file},
	{"GET", "/api/v1/queue", api_queue},
	{"GET", "/api/v1/assessments/{unit}/{year}/review", api_review_get},
	{"POST", "/api/v1/assessments/{unit}/{year}/review", api_review},
	{"POST", "/api/v1/assessments/{unit}/{year}/return", api_return},
	{NULL, NULL, NULL},
};
