/* assess.c — the commune official's pages and the assessment API (see
 * assess.h and docs/API.md).
 *
 * Form fields are named "ITEM/FIELD" exactly as the score CSV's item and
 * field columns (as in the playground), plus "ITEM/_comment" and
 * "ITEM/_official" for the indicator's remark and responsible official. A
 * save validates every field with the engine first, and writes nothing
 * unless all of them are valid (store_assessment_save: one transaction).
 */
#include "web/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier.h"
#include "app/registry.h"
#include "app/scorejson.h"
#include "core/calendar.h"
#include "core/score.h"
#include "core/workflow.h"
#include "util/mem.h"
#include "web/admin.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/dashpages.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/reviewpages.h"
#include "web/session.h"

#define MAX_ERRORS 128
#define MAX_INPUTS 2048
#define COMMENT_MAX 1000

/* ---- Context of one request on one assessment ------------------------------ */

struct ctx {
	const char *unit;
	int year;
	struct store *st;
	const struct web_user *user;
	struct store_unit u;
	struct store_assessment a;
	bool has;                      /* an assessment exists */
	enum wf_state state;
	const struct rs_ruleset *rs;   /* pinned (or the year's, before the first save) */
};

/* Field-level errors and the values to show. */
struct fstate {
	const struct form *form;       /* posted values (on an error), else NULL */
	const struct store_input *in;  /* stored inputs (GET) */
	size_t n_in;
	const char *err_name[MAX_ERRORS];
	const char *err_msg[MAX_ERRORS];
	size_t n_err;
	const char *msg;               /* message at the top */
	const struct form *so_form;    /* posted sign-off values (on an error) */
	const char *upload_msg;        /* refused upload: shown under the file field */
};

static int parse_year(const char *s, int *out)
{
	if (s == NULL || strlen(s) != 4)
		return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	*out = y;
	return y >= 2000 && y <= 2100 ? 0 : -1;
}

/* Gates, store, unit and assessment. false: a response was written. */
static bool load(struct http_req *req, struct http_resp *resp, struct ctx *c, unsigned roles)
{
	memset(c, 0, sizeof *c);
	c->unit = http_param(req, "unit");
	if (!web_gate_role(req, resp, roles))
		return false;
	if (parse_year(http_param(req, "year"), &c->year) != 0) {
		http_error(req, resp, 404, "Năm đánh giá không hợp lệ (cần bốn chữ số, ví dụ 2025).");
		return false;
	}
	if (!web_gate_unit(req, resp, c->unit, c->year))
		return false;
	c->user = web_user(req);
	if ((c->st = web_store(req, resp)) == NULL)
		return false;
	struct tc_err err = {0};
	if (store_unit_at_year(c->st, c->unit, c->year, &c->u, &err) != 0) {
		http_error(req, resp, 404, "Không có xã với mã này trong năm đánh giá.");
		return false;
	}
	if (store_assessment_find(c->st, c->unit, c->year, web_scope(req), &c->a, &err) == 0) {
		c->has = true;
		if (wf_state_parse(c->a.status, &c->state) != 0)
			c->state = WF_DRAFT;
	} else if (err.code != TC_ENOTFOUND) {
		http_error_from(req, resp, &err);
		return false;
	}
	const struct reg *reg = pages_reg(http_app(req));
	c->rs = c->has ? reg_find(reg, c->a.ruleset_id) : reg_for_year(reg, c->year);
	if (c->rs == NULL) {
		http_error(req, resp, 404, "Chưa có bộ tiêu chí áp dụng cho năm đánh giá này.");
		return false;
	}
	return true;
}

static void redirect(struct http_resp *resp, struct http_req *req, const char *unit, int year,
		     const char *flag)
{
	char loc[160];
	snprintf(loc, sizeof loc, "/danh-gia/%s/%d?%s", unit, year, flag);
	(void)req;
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
	buf_puts(http_out(resp), "");
}

static void add_error(struct fstate *fs, const char *name, const char *msg)
{
	if (fs->n_err < MAX_ERRORS) {
		fs->err_name[fs->n_err] = name;
		fs->err_msg[fs->n_err] = msg;
		fs->n_err++;
	}
}

static const char *error_of(const struct fstate *fs, const char *name)
{
	for (size_t i = 0; i < fs->n_err; i++)
		if (strcmp(fs->err_name[i], name) == 0)
			return fs->err_msg[i];
	return NULL;
}

static const char *value_of(const struct fstate *fs, const char *item, const char *field)
{
	if (fs->form) {
		char name[128];
		snprintf(name, sizeof name, "%s/%s", item, field);
		return form_get(fs->form, name);
	}
	for (size_t i = 0; i < fs->n_in; i++)
		if (strcmp(fs->in[i].item, item) == 0 && strcmp(fs->in[i].field, field) == 0)
			return fs->in[i].value;
	return NULL;
}

/* ---- Loading stored rows into the arena ------------------------------------- */

struct in_list {
	struct arena *ar;
	struct store_input *v;
	size_t n, cap;
};

static int in_cb(const struct store_input *in, void *ctx)
{
	struct in_list *l = ctx;
	return arena_push(l->ar, &l->v, &l->n, &l->cap, in, sizeof *in) ? 1 : 0;
}

struct ind_list {
	struct arena *ar;
	struct store_indicator *v;
	size_t n, cap;
};

static int ind_cb(const struct store_indicator *in, void *ctx)
{
	struct ind_list *l = ctx;
	return arena_push(l->ar, &l->v, &l->n, &l->cap, in, sizeof *in) ? 1 : 0;
}

static const struct store_indicator *ind_find(const struct ind_list *l, const char *item)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].item, item) == 0)
			return &l->v[i];
	return NULL;
}

struct off_list {
	struct arena *ar;
	struct store_official *v;
	size_t n, cap;
};

static int off_cb(const struct store_official *o, void *ctx)
{
	struct off_list *l = ctx;
	return arena_push(l->ar, &l->v, &l->n, &l->cap, o, sizeof *o) ? 1 : 0;
}

/* Duty assignment of the pilot work (/phan-cong): who answers for each
 * indicator of this commune and year. */
struct duty_list {
	struct arena *ar;
	struct store_duty *v;
	size_t n, cap;
};

static int duty_cb(const struct store_duty *d, void *ctx)
{
	struct duty_list *l = ctx;
	return arena_push(l->ar, &l->v, &l->n, &l->cap, d, sizeof *d) ? 1 : 0;
}

static void item_duty(struct buf *b, const struct duty_list *l, const char *item)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].item, item) == 0)
			html_printf(b, "<p class=\"duty\">Người phụ trách: <strong>%h</strong> "
				    "<small>(theo phân công)</small></p>\n", l->v[i].official_name);
}

struct ev_list {
	struct arena *ar;
	struct store_evidence *v;
	size_t n, cap;
};

static int ev_cb(const struct store_evidence *e, void *ctx)
{
	struct ev_list *l = ctx;
	return arena_push(l->ar, &l->v, &l->n, &l->cap, e, sizeof *e) ? 1 : 0;
}

static const char *off_name(const struct off_list *o, int64_t id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->v[i].id == id)
			return o->v[i].full_name;
	return "";
}

/* ---- Dates ----------------------------------------------------------------- */

/* dd/mm/yyyy of a date ("2026-11-09") or of a stored UTC timestamp
 * ("2026-11-08T18:30:00Z"), the latter on Vietnam's calendar through
 * admin_time_vi (UTC+7): a dossier sent at 01:30 local time shows that day. */
static const char *vn_date(struct arena *ar, const char *iso)
{
	struct cal_date d;
	char buf[16];
	if (iso && strlen(iso) == 20) {
		char local[17];
		admin_time_vi(iso, local);
		if (local[0] != '\0') {
			local[10] = '\0';
			return arena_strdup(ar, local);
		}
	}
	if (iso == NULL || strlen(iso) < 10 || cal_parse_iso(iso, 10, &d, NULL) != 0)
		return "";
	return arena_strdup(ar, cal_format_vn(d, buf, sizeof buf));
}

/* ---- Rendering -------------------------------------------------------------- */

static const char *reason_vi(struct arena *ar, const struct sc_result *res, const char *r)
{
	struct buf b;
	buf_init(&b, 4096);
	sj_reason_vi(&b, res, r);
	const char *s = buf_failed(&b) ? r : arena_strdup(ar, buf_cstr(&b));
	buf_free(&b);
	return s ? s : r;
}

static const struct sc_item_result *find_item(const struct sc_result *res, const char *code)
{
	for (size_t c = 0; res && c < res->n_crits; c++)
		for (size_t i = 0; i < res->crits[c].n_items; i++)
			if (strcmp(res->crits[c].items[i].item->code, code) == 0)
				return &res->crits[c].items[i];
	return NULL;
}

static void verdict(struct buf *b, struct arena *ar, const struct sc_result *res)
{
	html_printf(b, "<section aria-labelledby=\"kq\" class=\"result\">\n<h2 id=\"kq\">Kết quả tự chấm</h2>\n"
		    "<p>Tổng điểm: <strong id=\"tong-diem\">%P</strong>. Kết luận: <span id=\"ket-luan\">%S%S</span></p>\n",
		    res->total,
		    res->recognised ? "<span class=\"verdict-pass\">Đủ điều kiện công nhận</span>"
				    : "<span class=\"verdict-fail\">Chưa đủ điều kiện công nhận</span>",
		    res->provisional ? " <span class=\"badge prov\">Tạm tính</span> (kết quả dựa vào giá trị tạm tính của bộ tiêu chí)" : "");
	if (res->n_reasons) {
		html_printf(b, "<p>Lý do:</p>\n<ul class=\"reasons\">\n");
		for (size_t i = 0; i < res->n_reasons; i++)
			html_printf(b, "<li>%h</li>\n", reason_vi(ar, res, res->reasons[i]));
		html_printf(b, "</ul>\n");
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Tiêu chí</th>"
		    "<th scope=\"col\" class=\"num\">Điểm</th><th scope=\"col\" class=\"num\">Tối đa</th>"
		    "<th scope=\"col\">Đánh giá</th></tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		html_printf(b, "<tr data-crit=\"%a\"><th scope=\"row\">%h. %h</th><td class=\"num\">%P</td><td class=\"num\">",
			    cr->crit->code, cr->crit->code, cr->crit->title, cr->points);
		if (cr->max != TC_PTS_NONE)
			html_printf(b, "%P", cr->max);
		html_printf(b, "</td><td>%S</td></tr>\n", cr->met ? "đạt" : "chưa đạt");
	}
	html_printf(b, "</tbody></table></div>\n</section>\n");
}

static void field_input(struct buf *b, const struct fstate *fs, const char *item,
			const char *fld, const char *label, const char *hint, bool ro)
{
	char name[128];
	snprintf(name, sizeof name, "%s/%s", item, fld);
	const char *err = error_of(fs, name);
	html_printf(b, "<div class=\"field\"><label for=\"f-%a\">%h <small>%h</small></label>\n"
		    "<input type=\"text\" inputmode=\"decimal\" id=\"f-%a\" name=\"%a\" value=\"%a\"%S%S>\n",
		    name, label, hint, name, name, value_of(fs, item, fld),
		    err ? " aria-invalid=\"true\"" : "", ro ? " readonly" : "");
	if (err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\" id=\"e-%a\">%h</p>\n", name, err);
	html_printf(b, "</div>\n");
}

struct page {
	struct ctx *c;
	struct fstate *fs;
	const struct sc_result *res;
	struct ind_list ind;
	struct off_list off;
	struct ev_list ev;
	bool ro;
	struct duty_list duty;
};

/* An achievement item the commune enters as met / not met: no ratio, no
 * condition, no sub-items to derive it from (ruleset.h, RS_ACHIEVEMENT). */
static bool ach_entered(const struct rs_item *it)
{
	return it->kind == RS_ACHIEVEMENT && it->num == NULL && it->den == NULL && !it->cond.set &&
	       !it->all_subs && it->n_subs == 0;
}

/* A sub-item gets its own fields when something is entered for it: points,
 * met / not met, or "không phát sinh" (qd27-2025's 2.1.1, 3.2.1 ...). */
static bool sub_has_fields(const struct rs_item *s)
{
	return s->kind == RS_POINTS || ach_entered(s) || (s->kind == RS_ACHIEVEMENT && s->not_arising);
}

static void item_inputs(struct buf *b, struct page *p, const struct rs_item *it)
{
	static const char *const HINT[] = {"số nguyên ≥ 0", "số ≥ 0", "0 đến 100", "0 hoặc 1"};
	const struct rs_ruleset *rs = p->c->rs;
	for (size_t i = 0; it->parent == NULL && i < it->n_inputs; i++)
		field_input(b, p->fs, it->code, it->inputs[i].name, it->inputs[i].label,
			    HINT[it->inputs[i].type], p->ro);
	if (rs->mode == RS_MODE_ACHIEVEMENT && ach_entered(it))
		field_input(b, p->fs, it->code, "met", "Đạt?", "1 = đạt, 0 = không đạt", p->ro);
	else if (rs->mode == RS_MODE_POINTS && it->kind == RS_POINTS) {
		char hint[64], mx[32];
		snprintf(hint, sizeof hint, "0 đến %s", pts_format_vi(it->max, mx, sizeof mx));
		field_input(b, p->fs, it->code, "points", "Điểm", hint, p->ro);
	}
	if (it->not_arising) {
		const char *v = value_of(p->fs, it->code, "not_arising");
		bool on = v && strcmp(v, "1") == 0;
		html_printf(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"%a/not_arising\" "
			    "value=\"1\"%S%S> Không phát sinh</label></div>\n", it->code,
			    on ? " checked" : "", p->ro ? " disabled" : "");
	}
	for (size_t i = 0; i < it->n_subs; i++)
		if (sub_has_fields(&it->subs[i])) {
			html_printf(b, "<p><strong>%h</strong> %h</p>\n", it->subs[i].code, it->subs[i].title);
			item_inputs(b, p, &it->subs[i]);
		}
}

static void item_meta(struct buf *b, struct page *p, const struct rs_item *it)
{
	const struct store_indicator *v = ind_find(&p->ind, it->code);
	char name[64];
	snprintf(name, sizeof name, "%s/_comment", it->code);
	const char *comment = p->fs->form ? form_get(p->fs->form, name) : v ? v->comment : "";
	const char *err = error_of(p->fs, name);
	html_printf(b, "<div class=\"field\"><label for=\"f-%a\">Ghi chú</label>\n"
		    "<textarea id=\"f-%a\" name=\"%a\" rows=\"2\"%S>%h</textarea>\n",
		    name, name, name, p->ro ? " readonly" : "", comment);
	if (err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", err);
	html_printf(b, "</div>\n");
	snprintf(name, sizeof name, "%s/_official", it->code);
	const char *sel = p->fs->form ? form_get(p->fs->form, name) : NULL;
	int64_t cur = sel ? strtoll(sel, NULL, 10) : v ? v->official_id : 0;
	html_printf(b, "<div class=\"field\"><label for=\"f-%a\">Người phụ trách</label>\n"
		    "<select id=\"f-%a\" name=\"%a\"%S><option value=\"\">—</option>\n",
		    name, name, name, p->ro ? " disabled" : "");
	for (size_t i = 0; i < p->off.n; i++)
		html_printf(b, "<option value=\"%lld\"%S>%h (%h)</option>\n", (long long)p->off.v[i].id,
			    p->off.v[i].id == cur ? " selected" : "", p->off.v[i].full_name,
			    p->off.v[i].position);
	html_printf(b, "</select>\n");
	if ((err = error_of(p->fs, name)) != NULL)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", err);
	html_printf(b, "</div>\n");
}

static void item_evidence(struct buf *b, struct page *p, const struct rs_item *it)
{
	bool any = false;
	for (size_t i = 0; i < p->ev.n; i++) {
		const struct store_evidence *e = &p->ev.v[i];
		if (strcmp(e->item, it->code) != 0)
			continue;
		if (!any)
			html_printf(b, "<ul class=\"evidence\">\n");
		any = true;
		html_printf(b, "<li><a href=\"/danh-gia/%u/%d/minh-chung/%lld\">%h</a> (%lld byte)</li>\n",
			    p->c->unit, p->c->year, (long long)e->id, e->original_name, (long long)e->size);
	}
	if (any)
		html_printf(b, "</ul>\n");
}

static void item_block(struct buf *b, struct page *p, const struct rs_item *it)
{
	html_printf(b, "<fieldset class=\"indicator\" id=\"ct-%a\">\n<legend>%h. %h", it->code,
		    it->code, it->title);
	if (it->max != TC_PTS_NONE)
		html_printf(b, " <small>(tối đa %P điểm)</small>", it->max);
	html_printf(b, "</legend>\n");
	item_duty(b, &p->duty, it->code);
	const struct sc_item_result *r = find_item(p->res, it->code);
	if (r)
		html_printf(b, "<p class=\"points\">Điểm: <strong>%P</strong>%S — %h</p>\n", r->points,
			    r->provisional ? " <span class=\"badge prov\">Tạm tính</span>" : "", r->explain);
	item_inputs(b, p, it);
	item_meta(b, p, it);
	item_evidence(b, p, it);
	html_printf(b, "</fieldset>\n");
}

/* Hooks for web/static/app.js on an editable form (live points from the
 * preview API, offline drafts keyed by unit, year and login); without
 * JavaScript they do nothing. */
static void sheet_open(struct buf *b, struct page *p)
{
	html_printf(b, "<form method=\"post\" action=\"/danh-gia/%u/%d\" class=\"sheet\"",
		    p->c->unit, p->c->year);
	if (!p->ro)
		html_printf(b, " id=\"phieu\" data-preview=\"/api/v1/assessments/%u/%d/preview\" "
			    "data-draft-key=\"%a/%d/%a\"", p->c->unit, p->c->year, p->c->unit, p->c->year,
			    p->c->user->username);
	html_printf(b, ">\n");
}

static void sheet_form(struct http_req *req, struct buf *b, struct page *p)
{
	const struct rs_ruleset *rs = p->c->rs;
	sheet_open(b, p);
	web_csrf_field(req, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
		    (long long)(p->c->has ? p->c->a.version : 0));
	if (rs->pass.total_min_by_class[0] != TC_PTS_NONE)
		field_input(b, p->fs, "commune_class", "value", "Loại đơn vị hành chính", "I, II hoặc III", p->ro);
	for (size_t g = 0; g < rs->n_gates; g++)
		field_input(b, p->fs, rs->gates[g].code, "triggered", rs->gates[g].title, "1 = có xảy ra", p->ro);
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		html_printf(b, "<details open data-crit=\"%a\">\n<summary>Tiêu chí %h. %h</summary>\n",
			    cr->code, cr->code, cr->title);
		if (cr->n_items == 0) {
			item_duty(b, &p->duty, cr->code);
			field_input(b, p->fs, cr->code, "points", "Điểm của tiêu chí", "", p->ro);
		}
		for (size_t i = 0; i < cr->n_items; i++)
			item_block(b, p, &cr->items[i]);
		html_printf(b, "</details>\n");
	}
	if (!p->ro) /* the status line is app.js's (offline drafts); empty without it */
		html_printf(b, "<p><button type=\"submit\">Lưu và tính điểm</button></p>\n"
			    "<p id=\"trang-thai-nhap\" class=\"draft-status\" role=\"status\" aria-live=\"polite\"></p>\n");
	html_printf(b, "</form>\n");
}

struct sub_list {
	struct arena *ar;
	struct store_submission *v;
	size_t n;
};

static int sub_cb(const struct store_submission *s, void *ctx)
{
	struct sub_list *l = ctx;
	struct store_submission *v = arena_alloc(l->ar, (l->n + 1) * sizeof *v);
	if (v == NULL)
		return 1;
	if (l->n)
		memcpy(v, l->v, l->n * sizeof *v);
	v[l->n++] = *s;
	l->v = v;
	return 0;
}

/* Status, sign-off, posting period and submissions. */
static void dossier(struct http_req *req, struct buf *b, struct ctx *c)
{
	struct arena *ar = http_arena(req);
	html_printf(b, "<section class=\"dossier\" aria-labelledby=\"hs\">\n<h2 id=\"hs\">Hồ sơ</h2>\n"
		    "<p>Trạng thái: <strong class=\"status\" data-status=\"%a\">%h</strong>",
		    wf_state_name(c->state), wf_state_label(c->state));
	if (c->has)
		html_printf(b, " · Bộ tiêu chí: %h (phiên bản %h)", c->a.ruleset_id, c->a.ruleset_version);
	html_printf(b, "</p>\n");
	struct store_signoff so;
	struct tc_err err = {0};
	bool has_so = c->has && store_signoff_get(c->st, c->a.id, &so, &err) == 0;
	bool wd = has_so && strcmp(so.posting_unit, "days") != 0;
	if (has_so)
		html_printf(b, "<p>Ký duyệt: %h, %h, ngày %h.</p>\n<p>Niêm yết công khai tại %h từ ngày "
			    "<strong id=\"niem-yet-tu\">%h</strong> đến hết ngày <strong id=\"niem-yet-den\">%h</strong> "
			    "(%d %S).</p>\n", so.signer_name, so.signer_position, vn_date(ar, so.signed_on),
			    so.posting_place, vn_date(ar, so.posting_start), vn_date(ar, so.posting_end),
			    so.posting_days, wd ? "ngày làm việc" : "ngày");
	struct sub_list sl = {ar, NULL, 0};
	if (c->has && store_submission_list(c->st, c->a.id, sub_cb, &sl, &err) == 0 && sl.n) {
		html_printf(b, "<p>Các lần gửi hồ sơ:</p>\n<ul>\n");
		for (size_t i = 0; i < sl.n; i++) {
			bool again = strcmp(sl.v[i].kind, "submit") != 0;
			html_printf(b, "<li>%S ngày %h (%ld số liệu, %ld tài liệu)</li>\n",
				    again ? "Gửi lại" : "Gửi",
				    vn_date(ar, sl.v[i].at), sl.v[i].n_inputs, sl.v[i].n_evidence);
		}
		html_printf(b, "</ul>\n");
	}
	if (c->has) {
		long n = store_objection_count(c->st, c->a.id, &err);
		if (n > 0)
			html_printf(b, "<p>Ý kiến phản ánh của người dân: %ld.</p>\n", n);
	}
	html_printf(b, "</section>\n");
}

static void upload_form(struct http_req *req, struct buf *b, struct page *p, const struct fstate *fs)
{
	const struct rs_ruleset *rs = p->c->rs;
	html_printf(b, "<section aria-labelledby=\"mc\">\n<h2 id=\"mc\">Tài liệu kiểm chứng</h2>\n"
		    "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/danh-gia/%u/%d/minh-chung\">\n",
		    p->c->unit, p->c->year);
	web_csrf_field(req, b);
	html_printf(b, "<label for=\"mc-item\">Chỉ tiêu</label>\n<select id=\"mc-item\" name=\"item\">\n");
	for (size_t c = 0; c < rs->n_criteria; c++)
		for (size_t i = 0; i < rs->criteria[c].n_items; i++)
			html_printf(b, "<option value=\"%a\">%h. %h</option>\n", rs->criteria[c].items[i].code,
				    rs->criteria[c].items[i].code, rs->criteria[c].items[i].title);
	html_printf(b, "</select>\n<label for=\"mc-file\">Tệp (PDF, ảnh JPEG/PNG, Word, Excel, ODT, ODS; "
		    "tối đa 20 MB mỗi tệp; chọn được nhiều tệp)</label>\n"
		    "<input type=\"file\" id=\"mc-file\" name=\"file\" multiple%S>\n",
		    fs->upload_msg ? " aria-invalid=\"true\"" : "");
	if (fs->upload_msg)
		html_printf(b, "<p class=\"field-error\" role=\"alert\" id=\"e-file\">%h</p>\n", fs->upload_msg);
	html_printf(b, "<button type=\"submit\">Tải lên</button>\n</form>\n</section>\n");
}

static void so_field(struct buf *b, const struct fstate *fs, const char *name, const char *id,
		     const char *label, const char *dflt)
{
	const char *v = fs->so_form ? form_get(fs->so_form, name) : dflt;
	const char *err = error_of(fs, name);
	html_printf(b, "<div class=\"field\"><label for=\"%a\">%h</label>"
		    "<input id=\"%a\" name=\"%a\" value=\"%a\"%S>\n", id, label, id, name, v,
		    err ? " aria-invalid=\"true\"" : "");
	if (err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\" id=\"e-%a\">%h</p>\n", name, err);
	html_printf(b, "</div>\n");
}

static void actions(struct http_req *req, struct buf *b, struct ctx *c, const struct fstate *fs)
{
	enum wf_role role = c->user->role;
	if (c->has && wf_allowed(c->state, WF_SIGN_OFF, role)) {
		html_printf(b, "<section aria-labelledby=\"kd\">\n<h2 id=\"kd\">Ký duyệt kết quả tự chấm</h2>\n"
			    "<form method=\"post\" action=\"/danh-gia/%u/%d/ky-duyet\">\n", c->unit, c->year);
		web_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
			    (long long)c->a.version);
		so_field(b, fs, "signed_on", "kd-ngay", "Ngày hoàn thành tự chấm (dd/mm/yyyy)", "");
		so_field(b, fs, "signer_name", "kd-ten", "Họ và tên người ký", "");
		so_field(b, fs, "signer_position", "kd-cv", "Chức vụ", "Chủ tịch UBND xã");
		so_field(b, fs, "posting_place", "kd-noi", "Nơi niêm yết", "Trụ sở UBND xã");
		html_printf(b, "<p><button type=\"submit\">Ký duyệt và bắt đầu niêm yết</button></p>\n"
			    "</form>\n</section>\n");
	}
	enum wf_event ev = c->state == WF_RETURNED ? WF_RESUBMIT : WF_SUBMIT;
	if (c->has && wf_allowed(c->state, ev, role)) {
		html_printf(b, "<form method=\"post\" action=\"/danh-gia/%u/%d/gui\">\n", c->unit, c->year);
		web_csrf_field(req, b);
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
			    "<p><button type=\"submit\">%S</button></p>\n</form>\n", (long long)c->a.version,
			    ev == WF_RESUBMIT ? "Gửi lại" : "Gửi hồ sơ");
	}
}

static void render(struct http_req *req, struct http_resp *resp, struct ctx *c,
		   struct fstate *fs, int status)
{
	struct arena *ar = http_arena(req);
	struct page p = {.c = c, .fs = fs, .ind = {ar, NULL, 0, 0}, .off = {ar, NULL, 0, 0},
			 .ev = {ar, NULL, 0, 0}};
	struct tc_err err = {0};
	struct sc_sheet *sh = NULL;
	struct sc_result *res = NULL;
	if (c->has) {
		store_indicator_list(c->st, c->a.id, ind_cb, &p.ind, &err);
		store_evidence_list(c->st, c->a.id, ev_cb, &p.ev, &err);
		res = dos_score(c->st, pages_reg(http_app(req)), &c->a, &sh, &err);
	}
	store_official_list(c->st, c->unit, NULL, off_cb, &p.off, &err);
	p.duty.ar = ar;
	store_duty_list(c->st, c->unit, c->year, duty_cb, &p.duty, &err);
	p.res = res;
	p.ro = !(c->user->role == WF_ROLE_COMMUNE && (!c->has || wf_editable(c->state)));
	if (status != 200)
		http_status(resp, status);
	struct buf *b = http_out(resp);
	char title[200];
	snprintf(title, sizeof title, "Tự đánh giá %s %s năm %d", c->u.type, c->u.name, c->year);
	layout_begin(b, title, "/xa");
	html_printf(b, "<h1>%h</h1>\n", title);
	if (fs->msg)
		html_printf(b, "<p class=\"%S\" role=\"alert\" id=\"thong-bao\">%h</p>\n",
			    status == 200 ? "notice" : "field-error", fs->msg);
	dossier(req, b, c);
	if (c->has) /* the reviewer's request for a supplement (review) */
		reviewpages_return_notice(b, c->st, c->a.id, c->state == WF_RETURNED);
	if (res)
		verdict(b, ar, res);
	actions(req, b, c, fs);
	sheet_form(req, b, &p);
	if (c->has && !p.ro)
		upload_form(req, b, &p, fs);
	if (c->has) /* the score sheet and report as official forms (issue 6) */
		dashp_download_buttons(b, DASHP_FORM(FORMS_SCORE_SHEET) |
				       DASHP_FORM(FORMS_EVAL_REPORT), c->year, c->unit);
	layout_end(b);
	sc_result_free(res);
	sc_sheet_free(sh);
}

static void h_form_get(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES_ANY))
		return;
	struct in_list il = {http_arena(req), NULL, 0, 0};
	struct tc_err err = {0};
	if (c.has && store_input_list(c.st, c.a.id, in_cb, &il, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	struct fstate fs = {.in = il.v, .n_in = il.n};
	const struct form *q = http_query(req);
	if (form_get(q, "da-luu"))
		fs.msg = "Đã lưu và tính lại điểm.";
	else if (form_get(q, "da-ky"))
		fs.msg = "Đã ký duyệt; thời gian niêm yết công khai đã bắt đầu.";
	else if (form_get(q, "da-gui"))
		fs.msg = "Đã gửi hồ sơ đến cơ quan thẩm định.";
	else if (form_get(q, "da-tai"))
		fs.msg = "Đã tải lên tài liệu kiểm chứng.";
	render(req, resp, &c, &fs, 200);
}

/* ---- Saving (HTML form and API share this) ---------------------------------- */

struct extra {                    /* per indicator: remark and official (HTML only) */
	const char *item;
	const char *comment;
	int64_t official;
};

struct save {
	struct store_input *in;
	size_t n;
	struct extra *ex;             /* NULL: keep the stored remarks and officials */
	size_t n_ex;
};

/* The Vietnamese message for a value the engine refused, from what the
 * field is (the engine's own messages are English, for the CLI). */
static const char *vi_value_error(struct arena *ar, const struct rs_ruleset *rs,
				  const struct store_input *in)
{
	static const char *const INPUT_MSG[] = {
		"Phải là số nguyên không âm (ví dụ 0, 1, 12).",
		"Phải là số không âm, tối đa hai chữ số thập phân.",
		"Phải là tỷ lệ phần trăm từ 0 đến 100.",
		"Chỉ nhập 0 (không) hoặc 1 (có).",
	};
	const struct rs_item *it = rs_find_item(rs, in->item);
	const struct rs_criterion *cr = it ? NULL : rs_find_criterion(rs, in->item);
	if (strcmp(in->item, "commune_class") == 0)
		return "Chỉ nhập I, II hoặc III.";
	if (strcmp(in->field, "met") == 0 || strcmp(in->field, "not_arising") == 0 ||
	    strcmp(in->field, "triggered") == 0)
		return "Chỉ nhập 0 (không) hoặc 1 (có).";
	if (strcmp(in->field, "points") == 0 && cr && cr->n_items > 0)
		return "Điểm của tiêu chí này là tổng điểm các chỉ tiêu; hãy nhập số liệu từng chỉ tiêu.";
	if (strcmp(in->field, "points") == 0 && (it || cr)) {
		tc_pts max = it ? it->max : cr->max;
		char m[160], mx[32];
		if (max == TC_PTS_NONE || (it && it->deduct != 0))
			return "Số điểm không hợp lệ cho ô này.";
		snprintf(m, sizeof m, "Điểm phải từ 0 đến %s, tối đa hai chữ số thập phân.",
			 pts_format_vi(max, mx, sizeof mx));
		const char *d = arena_strdup(ar, m);
		return d ? d : "Số điểm vượt mức tối đa.";
	}
	const struct rs_input *ri = it ? rs_find_input(it, in->field) : NULL;
	if (ri && (unsigned)ri->type < sizeof INPUT_MSG / sizeof INPUT_MSG[0])
		return INPUT_MSG[ri->type];
	return "Ô này không thuộc bộ tiêu chí của năm đánh giá, hoặc được nhập hai lần.";
}

/* Feeds every value to a sheet and evaluates it; errors go to fs by
 * "item/field". NULL when any value is bad. */
static struct sc_result *validate(struct arena *ar, const struct rs_ruleset *rs,
				  const struct save *sv, struct fstate *fs, struct sc_sheet **shp)
{
	struct tc_err err = {0};
	struct sc_sheet *sh = sc_sheet_new(rs, &err);
	*shp = sh;
	if (sh == NULL) {
		fs->msg = "Hết bộ nhớ khi tính điểm; hãy thử lại.";
		return NULL;
	}
	for (size_t i = 0; i < sv->n; i++) {
		const struct store_input *in = &sv->in[i];
		char *name = arena_alloc(ar, strlen(in->item) + strlen(in->field) + 2);
		if (name == NULL)
			break;
		snprintf(name, strlen(in->item) + strlen(in->field) + 2, "%s/%s", in->item, in->field);
		tc_pts ignored;
		memset(&err, 0, sizeof err);
		if (strcmp(in->item, "commune_class") != 0 && pts_parse(in->value, &ignored) != 0)
			add_error(fs, name, "Phải là một số, tối đa hai chữ số thập phân (ví dụ 12 hoặc 12,5).");
		else if (sc_sheet_set(sh, in->item, in->field, in->value, (long)i + 1, &err) != 0)
			add_error(fs, name, vi_value_error(ar, rs, in));
	}
	if (fs->n_err) {
		fs->msg = "Có số liệu không hợp lệ; xem thông báo bên dưới từng ô. Chưa có gì được lưu.";
		return NULL;
	}
	long line = 0;
	struct sc_result *res = sc_evaluate(sh, &line, &err);
	if (res == NULL) {
		if (line > 0 && (size_t)line <= sv->n) {
			const struct store_input *in = &sv->in[line - 1];
			char name[128];
			snprintf(name, sizeof name, "%s/%s", in->item, in->field);
			add_error(fs, arena_strdup(ar, name),
				  "Số liệu mâu thuẫn: tử số lớn hơn mẫu số của chỉ tiêu này.");
		}
		fs->msg = "Số liệu mâu thuẫn (ví dụ tử số lớn hơn mẫu số); xem thông báo bên dưới ô. "
			  "Chưa có gì được lưu.";
	}
	return res;
}

static const struct extra *extra_of(const struct save *sv, const char *item)
{
	for (size_t i = 0; sv->ex && i < sv->n_ex; i++)
		if (strcmp(sv->ex[i].item, item) == 0)
			return &sv->ex[i];
	return NULL;
}

/* One indicator row per scored indicator, keeping the reviewer's points. */
static int indicator_rows(struct arena *ar, struct ctx *c, const struct sc_result *res,
			  const struct save *sv, struct store_indicator **out, size_t *m)
{
	size_t n = 0;
	for (size_t k = 0; k < res->n_crits; k++)
		n += res->crits[k].n_items;
	struct store_indicator *v = arena_calloc(ar, n ? n : 1, sizeof *v);
	if (v == NULL)
		return -1;
	struct ind_list old = {ar, NULL, 0, 0};
	struct tc_err err = {0};
	if (c->has && store_indicator_list(c->st, c->a.id, ind_cb, &old, &err) != 0)
		return -1;
	n = 0;
	for (size_t k = 0; k < res->n_crits; k++)
		for (size_t i = 0; i < res->crits[k].n_items; i++) {
			const struct sc_item_result *r = &res->crits[k].items[i];
			struct store_indicator *d = &v[n++];
			const struct store_indicator *o = ind_find(&old, r->item->code);
			snprintf(d->item, sizeof d->item, "%s", r->item->code);
			d->computed = r->source == SC_MISSING ? STORE_NO_PTS : r->points;
			d->self = d->computed;
			d->reviewed = o ? o->reviewed : STORE_NO_PTS;
			const struct extra *e = extra_of(sv, r->item->code);
			snprintf(d->comment, sizeof d->comment, "%s", e ? e->comment : o ? o->comment : "");
			d->official_id = e ? e->official : o ? o->official_id : 0;
		}
	*out = v;
	*m = n;
	return 0;
}

/* Writes everything in one transaction (creating the assessment on the
 * first save). TC_ECONFLICT on a stale version. */
static int persist(struct arena *ar, struct ctx *c, const struct save *sv,
		   const struct sc_result *res, int64_t version, struct tc_err *err)
{
	if (store_begin(c->st, err) != 0)
		return -1;
	int rc = 0;
	if (!c->has) {
		struct store_assessment a = {0};
		a.year = c->year;
		snprintf(a.unit_code, sizeof a.unit_code, "%s", c->unit);
		snprintf(a.ruleset_id, sizeof a.ruleset_id, "%s", c->rs->id);
		snprintf(a.ruleset_version, sizeof a.ruleset_version, "%s", c->rs->version);
		a.total = STORE_NO_PTS;
		a.recognised = -1;
		if (version != 0)
			rc = tc_err_set(err, TC_ECONFLICT, "the assessment was deleted meanwhile");
		if (rc == 0)
			rc = store_assessment_add(c->st, &a, &a.id, err);
		if (rc == 0)
			rc = store_assessment_get(c->st, a.id, NULL, &c->a, err);
		version = c->a.version;
	}
	struct store_indicator *ind = NULL;
	size_t m = 0;
	if (rc == 0 && indicator_rows(ar, c, res, sv, &ind, &m) != 0)
		rc = tc_err_set(err, TC_ENOMEM, "out of memory saving the assessment");
	if (rc == 0)
		rc = store_assessment_save(c->st, c->a.id, version, sv->in, sv->n, ind, m, res->total,
					   res->recognised ? 1 : 0, err);
	if (rc == 0)
		return store_commit(c->st, err);
	store_rollback(c->st);
	return -1;
}

static const char *stale_msg(void)
{
	return "Hồ sơ đã được người khác thay đổi sau khi bạn mở trang (phiên bản cũ). "
	       "Hãy tải lại trang, kiểm tra số liệu mới nhất rồi nhập lại thay đổi của bạn.";
}

/* Collects "ITEM/FIELD" values and "ITEM/_comment|_official" from a form. */
static int form_values(struct arena *ar, struct ctx *c, const struct form *f, struct save *sv,
		       struct fstate *fs, const struct off_list *off)
{
	sv->in = arena_calloc(ar, f->n ? f->n : 1, sizeof *sv->in);
	sv->ex = arena_calloc(ar, f->n ? f->n : 1, sizeof *sv->ex);
	if (sv->in == NULL || sv->ex == NULL)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		const char *nm = f->f[i].name, *slash = strchr(nm, '/');
		if (slash == NULL || slash == nm)
			continue;
		size_t il = (size_t)(slash - nm);
		const char *fld = slash + 1;
		char *item = arena_strndup(ar, nm, il);
		if (item == NULL)
			return -1;
		if (strcmp(fld, "_comment") == 0 || strcmp(fld, "_official") == 0) {
			struct extra *e = NULL;
			for (size_t k = 0; k < sv->n_ex; k++)
				if (strcmp(sv->ex[k].item, item) == 0)
					e = &sv->ex[k];
			if (e == NULL) {
				e = &sv->ex[sv->n_ex++];
				e->item = item;
				e->comment = "";
			}
			if (fld[1] == 'c') {
				if (f->f[i].len > COMMENT_MAX)
					add_error(fs, nm, "Ghi chú quá dài (tối đa 1000 byte).");
				e->comment = f->f[i].value;
			} else if (f->f[i].value[0]) {
				char *end;
				long long id = strtoll(f->f[i].value, &end, 10);
				if (*end != '\0' || off_name(off, id)[0] == '\0')
					add_error(fs, nm, "Hãy chọn người phụ trách trong danh sách cán bộ của xã.");
				else
					e->official = id;
			}
			continue;
		}
		if (f->f[i].value[0] == '\0')
			continue;
		if (sv->n >= MAX_INPUTS || il >= sizeof sv->in[0].item ||
		    strlen(fld) >= sizeof sv->in[0].field || f->f[i].len >= sizeof sv->in[0].value) {
			add_error(fs, nm, "Ô này không thuộc biểu mẫu hoặc giá trị quá dài.");
			continue;
		}
		struct store_input *in = &sv->in[sv->n++];
		memcpy(in->item, nm, il);
		snprintf(in->field, sizeof in->field, "%s", fld);
		snprintf(in->value, sizeof in->value, "%s", f->f[i].value);
	}
	(void)c;
	return 0;
}

/* The commune's form POSTs start alike: the form (400 if unreadable), then
 * load (role, scope, the dossier) and the form's CSRF token. false when
 * the response has been written. */
static bool commune_post(struct http_req *req, struct http_resp *resp, struct form *f,
			 struct ctx *c)
{
	struct tc_err err = {0};
	if (http_form(req, f, &err) != 0) {
		http_error_from(req, resp, &err);
		return false;
	}
	return load(req, resp, c, WEB_ROLES(WF_ROLE_COMMUNE)) && web_gate_csrf(req, resp, f);
}

/* The commune's JSON writes: load, the X-CSRF-Token header, then the body;
 * NULL when the response has been written. */
static json_t *commune_api(struct http_req *req, struct http_resp *resp, struct ctx *c)
{
	if (!load(req, resp, c, WEB_ROLES(WF_ROLE_COMMUNE)) || !web_gate_csrf(req, resp, NULL))
		return NULL;
	return http_json_body(req, resp);
}

static void h_form_post(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct ctx c;
	if (!commune_post(req, resp, &f, &c))
		return;
	struct arena *ar = http_arena(req);
	struct fstate fs = {.form = &f};
	if (c.has && !wf_allowed(c.state, WF_EDIT, c.user->role)) {
		fs.msg = "Hồ sơ đã ký duyệt hoặc đã gửi nên không sửa được số liệu ở bước này.";
		render(req, resp, &c, &fs, 409);
		return;
	}
	const char *vs = form_get(&f, "version");
	int64_t version = vs ? strtoll(vs, NULL, 10) : -1;
	if (vs == NULL || (c.has && version != c.a.version) || (!c.has && version != 0)) {
		fs.msg = stale_msg();
		render(req, resp, &c, &fs, 409);
		return;
	}
	struct off_list off = {ar, NULL, 0, 0};
	store_official_list(c.st, c.unit, NULL, off_cb, &off, &err);
	struct save sv = {0};
	if (form_values(ar, &c, &f, &sv, &fs, &off) != 0) {
		http_error(req, resp, 500, NULL);
		return;
	}
	struct sc_sheet *sh = NULL;
	struct sc_result *res = fs.n_err ? NULL : validate(ar, c.rs, &sv, &fs, &sh);
	if (res == NULL) {
		if (fs.msg == NULL)
			fs.msg = "Có thông tin không hợp lệ; xem thông báo bên dưới từng ô. Chưa có gì được lưu.";
		sc_sheet_free(sh);
		render(req, resp, &c, &fs, 422);
		return;
	}
	int rc = persist(ar, &c, &sv, res, version, &err);
	sc_result_free(res);
	sc_sheet_free(sh);
	if (rc != 0 && err.code == TC_ECONFLICT) {
		fs.msg = stale_msg();
		render(req, resp, &c, &fs, 409);
	} else if (rc != 0) {
		http_error_from(req, resp, &err);
	} else {
		redirect(resp, req, c.unit, c.year, "da-luu=1");
	}
}

/* ---- Sign-off and submission (HTML and API share these) ---------------------- */

struct signoff_in {
	const char *signed_on, *name, *position, *place;
	int64_t version;
};

/* Returns the HTTP status: 200 done, 403 not allowed, 409 stale/wrong step,
 * 422 field errors (in fs). */
static int do_sign_off(struct http_req *req, struct ctx *c, const struct signoff_in *in,
		       struct fstate *fs)
{
	if (!c->has) {
		fs->msg = "Chưa có kết quả tự chấm: hãy nhập số liệu và lưu trước khi ký duyệt.";
		return 409;
	}
	if (!wf_allowed(c->state, WF_SIGN_OFF, c->user->role)) {
		fs->msg = "Không thể ký duyệt ở bước này của hồ sơ (chỉ ký duyệt khi hồ sơ đang là dự thảo).";
		return c->user->role == WF_ROLE_COMMUNE ? 409 : 403;
	}
	if (in->version != c->a.version) {
		fs->msg = stale_msg();
		return 409;
	}
	struct store_signoff so = {0};
	struct cal_date d, today, end;
	struct tc_err err = {0};
	dos_today(&today);
	if (in->signed_on == NULL || cal_parse(in->signed_on, strlen(in->signed_on), &d, &err) != 0)
		add_error(fs, "signed_on", "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 15/01/2026.");
	else if (cal_cmp(d, today) > 0)
		add_error(fs, "signed_on", "Ngày ký duyệt không được sau ngày hôm nay.");
	else if (d.y < c->year)
		add_error(fs, "signed_on", "Ngày ký duyệt phải sau khi năm đánh giá bắt đầu.");
	if (in->name == NULL || in->name[0] == '\0' || strlen(in->name) >= sizeof so.signer_name)
		add_error(fs, "signer_name", "Nhập họ và tên người ký (tối đa 127 byte).");
	if (in->position == NULL || in->position[0] == '\0' || strlen(in->position) >= sizeof so.signer_position)
		add_error(fs, "signer_position", "Nhập chức vụ người ký (tối đa 127 byte).");
	if (in->place == NULL || in->place[0] == '\0' || strlen(in->place) >= sizeof so.posting_place)
		add_error(fs, "posting_place", "Nhập nơi niêm yết (tối đa 255 byte).");
	if (fs->n_err) {
		fs->msg = "Thông tin ký duyệt chưa hợp lệ; xem thông báo bên dưới từng ô. Chưa có gì được lưu.";
		return 422;
	}
	struct dos_posting rule;
	struct cal_holidays *h = dos_holidays(c->st, &err);
	if (h == NULL || dos_posting_rule(c->st, c->year, c->a.ruleset_id, &rule, &err) != 0 ||
	    cal_period_end(d, rule.days, rule.unit, h, &end, &err) != 0) {
		cal_holidays_free(h);
		fs->msg = arena_strdup(http_arena(req), err.msg);
		return 500;
	}
	cal_holidays_free(h);
	cal_format_iso(d, so.signed_on, sizeof so.signed_on);
	cal_format_iso(d, so.posting_start, sizeof so.posting_start);
	cal_format_iso(end, so.posting_end, sizeof so.posting_end);
	snprintf(so.signer_name, sizeof so.signer_name, "%s", in->name);
	snprintf(so.signer_position, sizeof so.signer_position, "%s", in->position);
	snprintf(so.posting_place, sizeof so.posting_place, "%s", in->place);
	so.posting_days = rule.days;
	snprintf(so.posting_unit, sizeof so.posting_unit, "%s",
		 rule.unit == CAL_DAYS ? "days" : "working_days");
	if (store_assessment_sign_off(c->st, c->a.id, in->version, &so, &err) != 0) {
		fs->msg = err.code == TC_ECONFLICT ? stale_msg() : arena_strdup(http_arena(req), err.msg);
		return err.code == TC_ECONFLICT ? 409 : 500;
	}
	return 200;
}

static int do_submit(struct http_req *req, struct ctx *c, int64_t version, struct fstate *fs)
{
	struct arena *ar = http_arena(req);
	enum wf_event ev = c->has && c->state == WF_RETURNED ? WF_RESUBMIT : WF_SUBMIT;
	if (!c->has || !wf_allowed(c->state, ev, c->user->role)) {
		fs->msg = "Chỉ gửi được hồ sơ đã ký duyệt (hoặc gửi lại hồ sơ được trả lại để bổ sung).";
		return c->user->role == WF_ROLE_COMMUNE ? 409 : 403;
	}
	if (version != c->a.version) {
		fs->msg = stale_msg();
		return 409;
	}
	struct tc_err err = {0};
	if (ev == WF_SUBMIT) {
		struct store_signoff so;
		struct cal_date end, today;
		if (store_signoff_get(c->st, c->a.id, &so, &err) != 0 ||
		    cal_parse_iso(so.posting_end, 10, &end, &err) != 0) {
			fs->msg = "Hồ sơ chưa có thông tin ký duyệt và niêm yết.";
			return 409;
		}
		dos_today(&today);
		if (cal_cmp(today, end) <= 0) {
			char m[256], e[16], n[16];
			struct cal_date next;
			cal_add_days(end, 1, &next, NULL);
			snprintf(m, sizeof m, "Chưa hết thời gian niêm yết công khai (đến hết ngày %s): "
				 "chỉ gửi hồ sơ được từ ngày %s.", cal_format_vn(end, e, sizeof e),
				 cal_format_vn(next, n, sizeof n));
			fs->msg = arena_strdup(ar, m);
			return 409;
		}
	}
	if (store_assessment_submit(c->st, c->a.id, version,
				    ev == WF_RESUBMIT ? "resubmit" : "submit", &err) != 0) {
		fs->msg = err.code == TC_ECONFLICT ? stale_msg() : arena_strdup(ar, err.msg);
		return err.code == TC_ECONFLICT ? 409 : 500;
	}
	return 200;
}

static int64_t version_field(const struct form *f)
{
	const char *v = form_get(f, "version");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : -1;
	return v && *end == '\0' ? n : -1;
}

static void after_action(struct http_req *req, struct http_resp *resp, struct ctx *c,
			 struct fstate *fs, int status, const char *flag)
{
	if (status == 200) {
		redirect(resp, req, c->unit, c->year, flag);
		return;
	}
	struct tc_err err = {0};
	if (store_assessment_find(c->st, c->unit, c->year, NULL, &c->a, &err) == 0)
		wf_state_parse(c->a.status, &c->state);
	struct in_list il = {http_arena(req), NULL, 0, 0};
	if (c->has)
		store_input_list(c->st, c->a.id, in_cb, &il, &err);
	fs->form = NULL;
	fs->in = il.v;
	fs->n_in = il.n;
	render(req, resp, c, fs, status);
}

static void h_sign_off(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct ctx c;
	if (!commune_post(req, resp, &f, &c))
		return;
	struct signoff_in in = {form_get(&f, "signed_on"), form_get(&f, "signer_name"),
				form_get(&f, "signer_position"), form_get(&f, "posting_place"),
				version_field(&f)};
	struct fstate fs = {.so_form = &f};
	int status = do_sign_off(req, &c, &in, &fs);
	after_action(req, resp, &c, &fs, status, "da-ky=1");
}

static void h_submit(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct ctx c;
	if (!commune_post(req, resp, &f, &c))
		return;
	struct fstate fs = {0};
	int status = do_submit(req, &c, version_field(&f), &fs);
	after_action(req, resp, &c, &fs, status, "da-gui=1");
}

/* ---- Evidence ------------------------------------------------------------------ */

/* The checks every evidence file passes, from the form or the API: 0 when
 * it may be stored, else the HTTP status with *msg (Vietnamese). */
static int ev_file_check(const char *type, const char *data, size_t len, const char **msg)
{
	if (len == 0 || len > STORE_EVIDENCE_MAX) {
		*msg = "Tệp rỗng hoặc lớn hơn 20 MB: không có tệp nào được lưu.";
		return len ? 413 : 422;
	}
	if (!store_evidence_type_ok(type) || !mp_content_matches(type, data, len)) {
		*msg = "Loại tệp không được chấp nhận (chỉ PDF, ảnh JPEG/PNG, Word, Excel, ODT, ODS) "
		       "hoặc nội dung không khớp với loại đã khai: không có tệp nào được lưu.";
		return 415;
	}
	return 0;
}

static int parse_upload(struct http_req *req, struct mp_part **parts, size_t *n,
			struct form *f, struct tc_err *err)
{
	struct arena *ar = http_arena(req);
	const char *ct = http_header(req, "Content-Type");
	char *boundary = mp_boundary(ar, ct ? ct : "", err);
	size_t len;
	const char *body = http_body(req, &len);
	struct mp_limits lim = {0};
	mp_limits_default(&lim);
	lim.max_file = 2 * STORE_EVIDENCE_MAX; /* so an oversized file gets its own 413 below */
	if (boundary == NULL || mp_parse(ar, boundary, body ? body : "", len, &lim, parts, n, err) != 0)
		return -1;
	struct form_field *ff = arena_calloc(ar, *n ? *n : 1, sizeof *ff);
	if (ff == NULL)
		return tc_err_set(err, TC_ENOMEM, "Hết bộ nhớ khi đọc tệp tải lên.");
	f->f = ff;
	f->n = 0;
	for (size_t i = 0; i < *n; i++)
		if ((*parts)[i].filename == NULL)
			ff[f->n++] = (struct form_field){(*parts)[i].name, (*parts)[i].data, (*parts)[i].len};
	return 0;
}

static void upload_fail(struct http_req *req, struct http_resp *resp, struct ctx *c, int status,
			const char *msg)
{
	struct fstate fs = {.msg = "Chưa có tệp nào được lưu; xem thông báo ở ô chọn tệp.", .upload_msg = msg};
	after_action(req, resp, c, &fs, status, "");
}

static void h_upload(struct http_req *req, struct http_resp *resp)
{
	struct mp_part *parts = NULL;
	size_t n = 0;
	struct form f = {0};
	struct tc_err err = {0};
	struct ctx c;
	/* Role and scope before the body: a forbidden upload is 401/403 (review). */
	if (!load(req, resp, &c, WEB_ROLES(WF_ROLE_COMMUNE)))
		return;
	if (parse_upload(req, &parts, &n, &f, &err) != 0) {
		char m[TC_ERR_MSG_MAX + 128];
		snprintf(m, sizeof m, "Không đọc được tệp tải lên (cần biểu mẫu multipart/form-data; "
			 "mỗi tệp tối đa 20 MB): %s", err.msg);
		http_error(req, resp, err.code == TC_ENOMEM ? 500 : 400, arena_strdup(http_arena(req), m));
		return;
	}
	if (!web_gate_csrf(req, resp, &f))
		return;
	if (!c.has || !wf_allowed(c.state, WF_EDIT, c.user->role)) {
		upload_fail(req, resp, &c, 409, c.has ? "Hồ sơ ở bước này không bổ sung tài liệu được."
			    : "Hãy lưu số liệu tự chấm trước khi tải tài liệu kiểm chứng.");
		return;
	}
	const char *item = form_get(&f, "item");
	if (item == NULL || rs_find_item(c.rs, item) == NULL) {
		upload_fail(req, resp, &c, 422, "Hãy chọn chỉ tiêu mà tài liệu kiểm chứng thuộc về.");
		return;
	}
	size_t files = 0;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].filename == NULL || strcmp(parts[i].name, "file") != 0)
			continue;
		if (parts[i].len == 0 && parts[i].filename[0] == '\0')
			continue; /* the browser's empty file input */
		files++;
		const char *msg = NULL;
		int bad = ev_file_check(parts[i].content_type, parts[i].data, parts[i].len, &msg);
		if (bad) {
			upload_fail(req, resp, &c, bad, msg);
			return;
		}
	}
	if (files == 0) {
		upload_fail(req, resp, &c, 422, "Hãy chọn ít nhất một tệp để tải lên.");
		return;
	}
	int rc = store_begin(c.st, &err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (parts[i].filename == NULL || strcmp(parts[i].name, "file") != 0 || parts[i].len == 0)
			continue;
		struct store_evidence ev;
		rc = store_evidence_add(c.st, c.a.id, item, parts[i].filename, parts[i].content_type,
					parts[i].data, parts[i].len, &ev, &err);
	}
	if (rc == 0)
		rc = store_commit(c.st, &err);
	else
		store_rollback(c.st);
	if (rc != 0) {
		upload_fail(req, resp, &c, err.code == TC_EINPUT || err.code == TC_ECONFLICT ? 422 : 500,
			    "Không lưu được tệp (có thể tệp này đã được đính kèm cho chỉ tiêu này): "
			    "không có tệp nào được lưu.");
		return;
	}
	redirect(resp, req, c.unit, c.year, "da-tai=1");
}

struct ev_find {
	int64_t id;
	struct store_evidence e;
	bool found;
};

static int ev_find_cb(const struct store_evidence *e, void *ctx)
{
	struct ev_find *f = ctx;
	if (e->id != f->id)
		return 0;
	f->e = *e;
	f->found = true;
	return 1;
}

static void h_download(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES_ANY))
		return;
	const char *ids = http_param(req, "id");
	char *end;
	struct ev_find ef = {ids ? strtoll(ids, &end, 10) : 0, {0}, false};
	struct tc_err err = {0};
	if (c.has)
		store_evidence_list(c.st, c.a.id, ev_find_cb, &ef, &err);
	void *data = NULL;
	size_t len = 0;
	if (!ef.found || store_evidence_read(c.st, ef.e.sha256, &data, &len, &err) != 0) {
		http_error(req, resp, 404, "Không có tài liệu kiểm chứng này trong hồ sơ.");
		return;
	}
	http_type(resp, ef.e.mime_type[0] ? arena_strdup(http_arena(req), ef.e.mime_type) : "application/octet-stream");
	/* attachment: never rendered inline by the browser; the name is
	 * percent-encoded (RFC 5987) so no header injection is possible */
	struct buf cd;
	buf_init(&cd, 2048);
	buf_puts(&cd, "attachment; filename=\"tai-lieu\"; filename*=UTF-8''");
	html_esc_url(&cd, ef.e.original_name, strlen(ef.e.original_name));
	if (!buf_failed(&cd))
		http_add_header(resp, "Content-Disposition", arena_strdup(http_arena(req), buf_cstr(&cd)));
	buf_free(&cd);
	buf_append(http_out(resp), data, len);
	tc_free(data);
}

/* ---- My commune: /xa ------------------------------------------------------------ */

struct xa {
	struct http_req *req;
	struct buf *b;
	struct store *st;
	const struct web_user *user;
	size_t n;
	const struct store_assessment *cur;   /* the row being written */
};

static int xa_mine_cb(const struct store_indicator *v, void *ctx)
{
	struct xa *x = ctx;
	if (x->user->official_id > 0 && v->official_id == x->user->official_id)
		html_printf(x->b, " <a class=\"badge\" href=\"/danh-gia/%u/%d#ct-%u\">%h</a>",
			    x->cur->unit_code, x->cur->year, v->item, v->item);
	return 0;
}

static int xa_row_cb(const struct store_assessment *a, void *ctx)
{
	struct xa *x = ctx;
	struct arena *ar = http_arena(x->req);
	struct store_unit u;
	struct tc_err err = {0};
	enum wf_state s = WF_DRAFT;
	wf_state_parse(a->status, &s);
	if (store_unit_at_year(x->st, a->unit_code, a->year, &u, &err) != 0)
		snprintf(u.name, sizeof u.name, "%s", a->unit_code), u.type[0] = '\0';
	html_printf(x->b, "<tr><td><a href=\"/danh-gia/%u/%d\">%d</a></td><td>%h %h</td><td>%h</td><td class=\"num\">",
		    a->unit_code, a->year, a->year, u.type, u.name, wf_state_label(s));
	if (a->total != STORE_NO_PTS)
		html_printf(x->b, "%P", a->total);
	html_printf(x->b, "</td><td>");
	struct store_signoff so;
	if (store_signoff_get(x->st, a->id, &so, &err) == 0)
		html_printf(x->b, "niêm yết đến hết %h", vn_date(ar, so.posting_end));
	char v[64];
	if (store_setting_get(x->st, a->year, "deadline_submit", v, sizeof v, &err) == 0)
		html_printf(x->b, " · hạn gửi hồ sơ %h", vn_date(ar, v));
	html_printf(x->b, "</td><td>");
	x->cur = a;
	store_indicator_list(x->st, a->id, xa_mine_cb, x, &err);
	html_printf(x->b, "</td></tr>\n");
	x->n++;
	return 0;
}

static void h_xa(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	const struct web_user *user = web_user(req);
	struct buf *b = http_out(resp);
	layout_begin(b, "Hồ sơ đánh giá của xã", "/xa");
	html_printf(b, "<h1>Hồ sơ đánh giá của xã</h1>\n<p>Xin chào %h.</p>\n", user->display_name);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Năm</th>"
		    "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Trạng thái</th>"
		    "<th scope=\"col\" class=\"num\">Tổng điểm</th><th scope=\"col\">Thời hạn</th>"
		    "<th scope=\"col\">Chỉ tiêu tôi phụ trách</th></tr></thead>\n<tbody>\n");
	struct xa x = {req, b, st, user, 0, NULL};
	struct tc_err err = {0};
	store_assessment_list(st, 0, web_scope(req), xa_row_cb, &x, &err);
	html_printf(b, "</tbody></table></div>\n");
	if (x.n == 0)
		html_printf(b, "<p>Chưa có hồ sơ nào.</p>\n");
	if (user->role == WF_ROLE_COMMUNE && user->scope.kind == STORE_SCOPE_UNIT) {
		struct cal_date t;
		dos_today(&t);
		html_printf(b, "<p>Bắt đầu tự đánh giá: <a href=\"/danh-gia/%u/%d\">năm %d</a> · "
			    "<a href=\"/danh-gia/%u/%d\">năm %d</a></p>\n", user->scope.code, t.y - 1,
			    t.y - 1, user->scope.code, t.y, t.y);
	}
	layout_end(b);
}

/* ---- JSON API ---------------------------------------------------------------------- */

static json_t *api_dossier(struct ctx *c)
{
	struct tc_err err = {0};
	json_t *d = json_object();
	struct store_signoff so = {0};
	bool has_so = store_signoff_get(c->st, c->a.id, &so, &err) == 0;
	if (has_so)
		json_object_set_new(d, "sign_off", json_pack("{s:s,s:s,s:s}", "date", so.signed_on,
				    "signer_name", so.signer_name, "signer_position", so.signer_position));
	else
		json_object_set_new(d, "sign_off", json_null());
	if (has_so)
		json_object_set_new(d, "posting", json_pack("{s:s,s:s,s:i,s:s,s:s}", "start",
				    so.posting_start, "end", so.posting_end, "days", so.posting_days,
				    "unit", so.posting_unit, "place", so.posting_place));
	else
		json_object_set_new(d, "posting", json_null());
	json_object_set_new(d, "submissions", json_array());
	json_t *ev = json_array();
	json_object_set_new(d, "evidence", ev);
	json_object_set_new(d, "objections", json_integer(store_objection_count(c->st, c->a.id, &err)));
	return d;
}

static int api_sub_cb(const struct store_submission *s, void *ctx)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:i,s:i}", "kind", s->kind, "at", s->at, "actor",
			      s->actor, "inputs", (json_int_t)s->n_inputs, "evidence",
			      (json_int_t)s->n_evidence);
	json_array_append_new(ctx, o);
	return 0;
}

static int api_ev_cb(const struct store_evidence *e, void *ctx)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)e->id, "item",
			      e->item, "name", e->original_name, "type", e->mime_type, "size",
			      (json_int_t)e->size, "sha256", e->sha256, "uploaded_at", e->uploaded_at);
	json_array_append_new(ctx, o);
	return 0;
}

static void api_send(struct http_req *req, struct http_resp *resp, struct ctx *c, int status)
{
	struct tc_err err = {0};
	if (store_assessment_find(c->st, c->unit, c->year, NULL, &c->a, &err) != 0) {
		http_error(req, resp, 404, "Chưa có hồ sơ đánh giá của xã này cho năm này.");
		return;
	}
	struct sc_sheet *sh = NULL;
	struct sc_result *res = dos_score(c->st, pages_reg(http_app(req)), &c->a, &sh, &err);
	if (res == NULL) {
		http_error_from(req, resp, &err);
		return;
	}
	struct buf b;
	buf_init(&b, (size_t)8 << 20);
	sj_result(&b, c->unit, c->year, res, 1);
	sc_result_free(res);
	sc_sheet_free(sh);
	json_t *j = buf_failed(&b) ? NULL : json_loads(buf_cstr(&b), 0, NULL);
	buf_free(&b);
	if (j == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	json_object_set_new(j, "status", json_string(c->a.status));
	json_object_set_new(j, "version", json_integer(c->a.version));
	json_t *d = api_dossier(c);
	store_submission_list(c->st, c->a.id, api_sub_cb, json_object_get(d, "submissions"), &err);
	store_evidence_list(c->st, c->a.id, api_ev_cb, json_object_get(d, "evidence"), &err);
	json_object_set_new(j, "dossier", d);
	http_json(resp, status, j);
}

static void h_api_get(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES_ANY))
		return;
	if (!c.has) {
		http_error(req, resp, 404, "Chưa có hồ sơ đánh giá của xã này cho năm này.");
		return;
	}
	api_send(req, resp, &c, 200);
}

/* 422 body: {"errors":[{"item","field","message"}], "message"} */
static void api_field_errors(struct http_resp *resp, const struct fstate *fs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n_err; i++) {
		const char *nm = fs->err_name[i], *slash = strchr(nm, '/');
		json_t *o = json_object();
		if (slash) {
			json_object_set_new(o, "item", json_stringn(nm, (size_t)(slash - nm)));
			json_object_set_new(o, "field", json_string(slash + 1));
		} else {
			json_object_set_new(o, "item", json_null());
			json_object_set_new(o, "field", json_string(nm));
		}
		json_object_set_new(o, "message", json_string(fs->err_msg[i]));
		json_array_append_new(arr, o);
	}
	http_json(resp, 422, json_pack("{s:o,s:s}", "errors", arr, "message",
				       fs->msg ? fs->msg : "Dữ liệu không hợp lệ."));
}

static void api_conflict(struct http_req *req, struct http_resp *resp, int status, const char *msg)
{
	http_error(req, resp, status, msg);
}

/* {"version":N,"values":[{"item","field","value"}...]} → struct save.
 * version NULL: not wanted (preview). */
static int api_values(struct arena *ar, json_t *j, struct save *sv, int64_t *version,
		      struct fstate *fs)
{
	json_t *v = json_object_get(j, "version"), *vals = json_object_get(j, "values");
	if (version != NULL && !json_is_integer(v))
		add_error(fs, "version", "Thiếu \"version\" (số nguyên: phiên bản hồ sơ bạn đã đọc).");
	else if (version != NULL)
		*version = json_integer_value(v);
	if (!json_is_array(vals) || json_array_size(vals) > MAX_INPUTS) {
		add_error(fs, "values", "Thiếu \"values\" (mảng các {item, field, value}, tối đa 2048).");
		return 0;
	}
	sv->in = arena_calloc(ar, json_array_size(vals) + 1, sizeof *sv->in);
	if (sv->in == NULL)
		return -1;
	size_t i;
	json_t *e;
	json_array_foreach(vals, i, e) {
		const char *item = json_string_value(json_object_get(e, "item"));
		const char *field = json_string_value(json_object_get(e, "field"));
		json_t *val = json_object_get(e, "value");
		char num[32];
		const char *value = json_string_value(val);
		if (json_is_integer(val)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(val));
			value = num;
		}
		char *name = arena_alloc(ar, 100);
		if (name == NULL)
			return -1;
		snprintf(name, 100, "%.40s/%.50s", item ? item : "", field ? field : "");
		if (item == NULL || field == NULL || value == NULL || strlen(item) >= sizeof sv->in[0].item ||
		    strlen(field) >= sizeof sv->in[0].field || strlen(value) >= sizeof sv->in[0].value) {
			add_error(fs, name, "Mỗi phần tử cần \"item\", \"field\" (chuỗi) và \"value\" (chuỗi "
				  "số như \"12,5\" hoặc số nguyên).");
			continue;
		}
		struct store_input *in = &sv->in[sv->n++];
		snprintf(in->item, sizeof in->item, "%s", item);
		snprintf(in->field, sizeof in->field, "%s", field);
		snprintf(in->value, sizeof in->value, "%s", value);
	}
	return 0;
}

static void h_api_put(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	json_t *j = commune_api(req, resp, &c);
	if (j == NULL)
		return;
	struct arena *ar = http_arena(req);
	struct fstate fs = {0};
	struct save sv = {0};
	int64_t version = -1;
	int rc = api_values(ar, j, &sv, &version, &fs);
	json_decref(j);
	if (rc != 0) {
		http_error(req, resp, 500, NULL);
		return;
	}
	if (c.has && !wf_allowed(c.state, WF_EDIT, c.user->role)) {
		api_conflict(req, resp, 409, "Hồ sơ đã ký duyệt hoặc đã gửi nên không sửa được số liệu ở bước này.");
		return;
	}
	if (fs.n_err == 0 && ((c.has && version != c.a.version) || (!c.has && version != 0))) {
		api_conflict(req, resp, 409, stale_msg());
		return;
	}
	struct sc_sheet *sh = NULL;
	struct sc_result *res = fs.n_err ? NULL : validate(ar, c.rs, &sv, &fs, &sh);
	if (res == NULL) {
		sc_sheet_free(sh);
		api_field_errors(resp, &fs);
		return;
	}
	struct tc_err err = {0};
	rc = persist(ar, &c, &sv, res, version, &err);
	sc_result_free(res);
	sc_sheet_free(sh);
	if (rc != 0 && err.code == TC_ECONFLICT)
		api_conflict(req, resp, 409, stale_msg());
	else if (rc != 0)
		http_error_from(req, resp, &err);
	else
		api_send(req, resp, &c, 200);
}

/* POST .../preview: scores a draft with the engine and the rule set a save
 * would use, and writes nothing (app.js recomputes the form's points as the
 * official types; one engine, no rules in JavaScript). Same gate as the GET,
 * plus CSRF like every POST. Answers the GET's score object plus
 * "reasons_vi" and "preview":true; bad values: 422 as for a save. */
static void h_api_preview(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES_ANY) || !web_gate_csrf(req, resp, NULL))
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct arena *ar = http_arena(req);
	struct fstate fs = {0};
	struct save sv = {0};
	int rc = json_is_object(j) ? api_values(ar, j, &sv, NULL, &fs) : 0;
	if (!json_is_object(j))
		add_error(&fs, "values", "Cần một đối tượng JSON {\"values\":[{item, field, value}…]}.");
	json_decref(j);
	if (rc != 0) {
		http_error(req, resp, 500, NULL);
		return;
	}
	struct sc_sheet *sh = NULL;
	struct sc_result *res = fs.n_err ? NULL : validate(ar, c.rs, &sv, &fs, &sh);
	if (res == NULL) {
		sc_sheet_free(sh);
		api_field_errors(resp, &fs);
		return;
	}
	struct buf b;
	buf_init(&b, (size_t)8 << 20);
	sj_result(&b, c.unit, c.year, res, 1);
	json_t *out = buf_failed(&b) ? NULL : json_loads(buf_cstr(&b), 0, NULL);
	buf_free(&b);
	json_t *vi = json_array();
	for (size_t i = 0; out && i < res->n_reasons; i++)
		json_array_append_new(vi, json_string(reason_vi(ar, res, res->reasons[i])));
	sc_result_free(res);
	sc_sheet_free(sh);
	if (out == NULL) {
		json_decref(vi);
		http_error(req, resp, 500, NULL);
		return;
	}
	json_object_set_new(out, "reasons_vi", vi);
	json_object_set_new(out, "preview", json_true());
	http_json(resp, 200, out);
}

static const char *jstr(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static void api_action_result(struct http_req *req, struct http_resp *resp, struct ctx *c,
			      int status, struct fstate *fs)
{
	if (status == 200)
		api_send(req, resp, c, 200);
	else if (status == 422)
		api_field_errors(resp, fs);
	else
		http_error(req, resp, status, fs->msg);
}

static void h_api_sign_off(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	json_t *j = commune_api(req, resp, &c);
	if (j == NULL)
		return;
	json_t *v = json_object_get(j, "version");
	struct signoff_in in = {jstr(j, "date"), jstr(j, "signer_name"), jstr(j, "signer_position"),
				jstr(j, "posting_place"), json_is_integer(v) ? json_integer_value(v) : -1};
	struct fstate fs = {0};
	int status = do_sign_off(req, &c, &in, &fs);
	json_decref(j);
	api_action_result(req, resp, &c, status, &fs);
}

static void h_api_submit(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	json_t *j = commune_api(req, resp, &c);
	if (j == NULL)
		return;
	json_t *v = json_object_get(j, "version");
	struct fstate fs = {0};
	int status = do_submit(req, &c, json_is_integer(v) ? json_integer_value(v) : -1, &fs);
	json_decref(j);
	api_action_result(req, resp, &c, status, &fs);
}

/* ---- Evidence through the API ------------------------------------------------------ */

/* "%E1%BA%A3nh.pdf" -> "ảnh.pdf" (an HTTP header is ASCII, so a
 * non-ASCII file name comes percent-encoded, RFC 3986); NULL on a bad
 * escape. The result is checked by mp_clean_filename afterwards. */
static char *pct_decode(struct arena *ar, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = arena_alloc(ar, n + 1);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			out[k++] = s[i];
			continue;
		}
		int v = 0;
		for (int j = 1; j <= 2; j++) {
			char h = i + (size_t)j < n ? s[i + (size_t)j] : '\0';
			int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
				: h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
			if (d < 0)
				return NULL;
			v = v * 16 + d;
		}
		if (v == 0)
			return NULL;
		out[k++] = (char)v;
		i += 2;
	}
	out[k] = '\0';
	return out;
}

/* The media type of the request without parameters, lower-cased. */
static const char *media_type(struct arena *ar, const char *ct)
{
	if (ct == NULL)
		return "";
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	char *t = arena_strndup(ar, ct, n);
	for (char *p = t; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t ? t : "";
}

static void api_one_error(struct http_resp *resp, int status, const char *field, const char *msg)
{
	json_t *e = json_pack("{s:n,s:s,s:s}", "item", "field", field, "message", msg);
	http_json(resp, status, json_pack("{s:[o],s:s}", "errors", e, "message", msg));
}

/* An indicator of the pinned rule set, or a criterion (a regime such as
 * qd619-2017 scores whole criteria, which then carry the evidence). */
static bool ev_code_ok(const struct rs_ruleset *rs, const char *code)
{
	return code && (rs_find_item(rs, code) != NULL || rs_find_criterion(rs, code) != NULL);
}

/* POST /api/v1/assessments/{unit}/{year}/indicators/{code}/evidence: the
 * body is the file itself, Content-Type its type, X-File-Name its name
 * (percent-encoded UTF-8). The same checks and store call as the form. */
static void h_api_ev_post(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES(WF_ROLE_COMMUNE)) || !web_gate_csrf(req, resp, NULL))
		return;
	if (!c.has || !wf_allowed(c.state, WF_EDIT, c.user->role)) {
		http_error(req, resp, 409, c.has ? "Hồ sơ ở bước này không bổ sung tài liệu được."
			   : "Hãy lưu số liệu tự chấm (PUT) trước khi tải tài liệu kiểm chứng.");
		return;
	}
	const char *item = http_param(req, "code");
	if (!ev_code_ok(c.rs, item)) {
		http_error(req, resp, 404, "Không có chỉ tiêu với mã này trong bộ tiêu chí của hồ sơ.");
		return;
	}
	struct arena *ar = http_arena(req);
	const char *raw = http_header(req, "X-File-Name");
	const char *dec = raw ? pct_decode(ar, raw) : NULL;
	const char *name = dec ? mp_clean_filename(dec) : NULL;
	if (name == NULL) {
		api_one_error(resp, 422, "name", "Thiếu hoặc sai tên tệp: gửi tiêu đề X-File-Name (UTF-8 "
			      "mã hóa phần trăm, tối đa 255 byte, không có “..” hay ký tự điều khiển).");
		return;
	}
	size_t len = 0;
	const char *data = http_body(req, &len);
	const char *type = media_type(ar, http_header(req, "Content-Type"));
	const char *msg = NULL;
	int bad = ev_file_check(type, data ? data : "", len, &msg);
	if (bad) {
		if (bad == 422)
			api_one_error(resp, 422, "file", msg);
		else
			http_error(req, resp, bad, msg);
		return;
	}
	struct store_evidence ev;
	struct tc_err err = {0};
	if (store_evidence_add(c.st, c.a.id, item, name, type, data, len, &ev, &err) != 0) {
		if (err.code == TC_ECONFLICT || err.code == TC_EINPUT)
			http_error(req, resp, 409, "Tệp này đã được đính kèm cho chỉ tiêu này; không lưu lại.");
		else
			web_store_error(req, resp, &err);
		return;
	}
	json_t *arr = json_array();
	api_ev_cb(&ev, arr);
	json_t *o = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	char loc[200];
	snprintf(loc, sizeof loc, "/api/v1/assessments/%s/%d/evidence/%lld", c.unit, c.year,
		 (long long)ev.id);
	http_add_header(resp, "Location", arena_strdup(ar, loc));
	http_json(resp, 201, o);
}

struct ev_filter {
	const char *item;  /* NULL = every file */
	json_t *arr;
};

static int ev_filter_cb(const struct store_evidence *e, void *ctx)
{
	struct ev_filter *f = ctx;
	return f->item && strcmp(f->item, e->item) != 0 ? 0 : api_ev_cb(e, f->arr);
}

/* GET …/evidence and …/indicators/{code}/evidence: {"evidence":[…]}. */
static void h_api_ev_list(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	if (!load(req, resp, &c, WEB_ROLES_ANY))
		return;
	struct ev_filter f = {http_param(req, "code"), json_array()};
	if (f.item && !ev_code_ok(c.rs, f.item)) {
		json_decref(f.arr);
		http_error(req, resp, 404, "Không có chỉ tiêu với mã này trong bộ tiêu chí của hồ sơ.");
		return;
	}
	struct tc_err err = {0};
	if (c.has && store_evidence_list(c.st, c.a.id, ev_filter_cb, &f, &err) != 0) {
		json_decref(f.arr);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:o}", "evidence", f.arr));
}

const struct http_route assess_routes[] = {
	{"GET", "/xa", h_xa},
	{"GET", "/danh-gia/{unit}/{year}", h_form_get},
	{"POST", "/danh-gia/{unit}/{year}", h_form_post},
	{"POST", "/danh-gia/{unit}/{year}/ky-duyet", h_sign_off},
	{"POST", "/danh-gia/{unit}/{year}/gui", h_submit},
	{"POST", "/danh-gia/{unit}/{year}/minh-chung", h_upload},
	{"GET", "/danh-gia/{unit}/{year}/minh-chung/{id}", h_download},
	{"GET", "/api/v1/assessments/{unit}/{year}", h_api_get},
	{"PUT", "/api/v1/assessments/{unit}/{year}", h_api_put},
	{"POST", "/api/v1/assessments/{unit}/{year}/sign-off", h_api_sign_off},
	{"POST", "/api/v1/assessments/{unit}/{year}/submit", h_api_submit},
	{"GET", "/api/v1/assessments/{unit}/{year}/evidence", h_api_ev_list},
	{"GET", "/api/v1/assessments/{unit}/{year}/evidence/{id}", h_download},
	{"GET", "/api/v1/assessments/{unit}/{year}/indicators/{code}/evidence", h_api_ev_list},
	{"POST", "/api/v1/assessments/{unit}/{year}/indicators/{code}/evidence", h_api_ev_post},
	{"POST", "/api/v1/assessments/{unit}/{year}/preview", h_api_preview},
	{NULL, NULL, NULL},
};
