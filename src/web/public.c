/* public.c — the public pages (see public.h). */
#include "web/public.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/dossier.h"
#include "app/registry.h"
#include "app/scorejson.h"
#include "core/calendar.h"
#include "core/workflow.h"
#include "util/mem.h"
#include "util/text.h"
#include "web/auth.h"
#include "web/dashpages.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/session.h"

#define OBJ_COOKIE "tc_py"

static int year_of(const char *s, int dflt)
{
	if (s == NULL || s[0] == '\0')
		return dflt;
	char *end;
	long y = strtol(s, &end, 10);
	return *end == '\0' && y >= 2000 && y <= 2100 ? (int)y : -1;
}

static bool decided(const struct store_assessment *a)
{
	return strcmp(a->status, "recognised") == 0 || strcmp(a->status, "not_recognised") == 0;
}

/* The public only sees the chairman's decision: the status, not the
 * engine's verdict of the self-assessment. */
static bool recognised(const struct store_assessment *a)
{
	return strcmp(a->status, "recognised") == 0;
}

/* ---- Results list ------------------------------------------------------------- */

struct res_ctx {
	struct http_req *req;
	struct store *st;
	const char *key;          /* search key (no diacritics), or NULL */
	struct buf *b;            /* HTML, or */
	json_t *arr;              /* JSON */
	size_t n_yes, n_no;
	size_t n_synthetic;       /* rows of demo data (source synthetic-demo) */
};

/* Synthetic demo figures are never presented as real ones (tiepcan demo
 * marks them; the public pages label them). */
static bool synthetic(const struct store_assessment *a)
{
	return strcmp(a->source, "synthetic-demo") == 0;
}

/* The notice shown next to synthetic figures. */
static void synthetic_note(struct buf *b)
{
	html_printf(b, "<p class=\"notice\" id=\"du-lieu-minh-hoa\">DỮ LIỆU MINH HỌA: các kết quả có "
		    "nhãn «minh họa» là số liệu tổng hợp để trình diễn, không phải số liệu thật.</p>\n");
}

static bool matches(const struct res_ctx *r, const struct store_unit *u)
{
	if (r->key == NULL || r->key[0] == '\0')
		return true;
	char full[200];
	snprintf(full, sizeof full, "%s %s", u->type, u->name);
	char *k = text_search_key(full, strlen(full), NULL);
	char *k2 = text_search_key(u->name, strlen(u->name), NULL);
	bool ok = (k && strstr(k, r->key)) || (k2 && strstr(k2, r->key));
	tc_free(k);
	tc_free(k2);
	return ok;
}

static int res_cb(const struct store_assessment *a, void *ctx)
{
	struct res_ctx *r = ctx;
	if (!decided(a))
		return 0;
	struct store_unit u;
	struct tc_err err = {0};
	if (store_unit_at_year(r->st, a->unit_code, a->year, &u, &err) != 0 || !matches(r, &u))
		return 0;
	bool yes = recognised(a);
	yes ? r->n_yes++ : r->n_no++;
	if (synthetic(a))
		r->n_synthetic++;
	if (r->arr) {
		char t[32];
		pts_format(a->total == STORE_NO_PTS ? 0 : a->total, t, sizeof t);
		json_array_append_new(r->arr, json_pack("{s:s,s:s,s:s,s:s,s:o,s:b,s:b}", "unit", a->unit_code,
					"name", u.name, "type", u.type, "province", a->province,
					"total", a->total == STORE_NO_PTS ? json_null() : json_string(t),
					"recognised", yes, "synthetic", synthetic(a)));
		return 0;
	}
	html_printf(r->b, "<tr><td><a href=\"/ket-qua/%u/%d\">%h %h</a>%S</td><td>%h</td><td class=\"num\">",
		    a->unit_code, a->year, u.type, u.name,
		    synthetic(a) ? " <span class=\"badge\">minh họa</span>" : "", a->unit_code);
	if (a->total != STORE_NO_PTS)
		html_printf(r->b, "%P", a->total);
	html_printf(r->b, "</td><td>%S</td></tr>\n", yes ? "<span class=\"verdict-pass\">Đạt chuẩn</span>"
		    : "<span class=\"verdict-fail\">Chưa đạt chuẩn</span>");
	return 0;
}

static bool list_params(struct http_req *req, struct http_resp *resp, int *year,
			struct store_scope *sc, char **key)
{
	const struct form *q = http_query(req);
	struct cal_date t;
	dos_today(&t);
	*year = year_of(form_get(q, "year"), t.y - 1);
	const char *p = form_get(q, "province");
	if (*year < 0 || (p && p[0] && (strlen(p) != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9'))) {
		http_error(req, resp, 400, "Tham số không hợp lệ: year là năm bốn chữ số, province là mã tỉnh hai chữ số.");
		return false;
	}
	sc->kind = p && p[0] ? STORE_SCOPE_PROVINCE : STORE_SCOPE_ALL;
	snprintf(sc->code, sizeof sc->code, "%s", p && p[0] ? p : "");
	const char *s = form_get(q, "q");
	*key = s && s[0] ? text_search_key(s, strlen(s), NULL) : NULL;
	return true;
}

static void h_results(struct http_req *req, struct http_resp *resp)
{
	int year;
	struct store_scope sc;
	char *key;
	if (!list_params(req, resp, &year, &sc, &key))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL) {
		tc_free(key);
		return;
	}
	const struct form *q = http_query(req);
	struct buf *b = http_out(resp);
	layout_begin(b, "Kết quả đánh giá, công nhận", "/ket-qua");
	html_printf(b, "<h1>Kết quả đánh giá, công nhận xã đạt chuẩn tiếp cận pháp luật năm %d</h1>\n"
		    "<form method=\"get\" action=\"/ket-qua\" class=\"filters\">\n"
		    "<label for=\"kq-year\">Năm</label><input id=\"kq-year\" name=\"year\" value=\"%d\">\n"
		    "<label for=\"kq-prov\">Mã tỉnh</label><input id=\"kq-prov\" name=\"province\" value=\"%a\">\n"
		    "<label for=\"kq-q\">Tìm xã (không cần dấu)</label><input id=\"kq-q\" name=\"q\" value=\"%a\">\n"
		    "<button type=\"submit\">Xem</button>\n</form>\n", year, year, sc.code, form_get(q, "q"));
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Xã, phường, đặc khu</th>"
		    "<th scope=\"col\">Mã</th><th scope=\"col\" class=\"num\">Tổng điểm</th>"
		    "<th scope=\"col\">Kết quả</th></tr></thead>\n<tbody>\n");
	struct res_ctx r = {req, st, key, b, NULL, 0, 0, 0};
	struct tc_err err = {0};
	store_assessment_list(st, year, &sc, res_cb, &r, &err);
	html_printf(b, "</tbody></table></div>\n<p id=\"tong-ket\">Đạt chuẩn: %zu · Chưa đạt chuẩn: %zu.</p>\n"
		    "<p>Chỉ hiển thị các xã đã có quyết định công nhận hoặc không công nhận.</p>\n",
		    r.n_yes, r.n_no);
	if (r.n_synthetic)
		synthetic_note(b);
	/* The published results of a province as official forms (issue 6): the
	 * download serves decided assessments only, like this list. */
	if (sc.kind == STORE_SCOPE_PROVINCE && r.n_yes + r.n_no > 0)
		dashp_download_buttons(b, DASHP_FORM(FORMS_PROVINCE_SUMMARY) |
				       DASHP_FORM(FORMS_NEW_RURAL), year, sc.code);
	layout_end(b);
	tc_free(key);
}

static void h_api_results(struct http_req *req, struct http_resp *resp)
{
	int year;
	struct store_scope sc;
	char *key;
	if (!list_params(req, resp, &year, &sc, &key))
		return;
	struct store *st = web_store(req, resp);
	if (st == NULL) {
		tc_free(key);
		return;
	}
	json_t *arr = json_array();
	struct res_ctx r = {req, st, key, NULL, arr, 0, 0, 0};
	struct tc_err err = {0};
	int rc = store_assessment_list(st, year, &sc, res_cb, &r, &err);
	tc_free(key);
	if (rc != 0) {
		json_decref(arr);
		http_error_from(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:i,s:s*,s:i,s:i,s:o}", "year", year, "province",
				       sc.code[0] ? sc.code : NULL, "recognised", (int)r.n_yes,
				       "not_recognised", (int)r.n_no, "communes", arr));
}

/* ---- One commune's sheet ----------------------------------------------------- */

static void sheet_table(struct buf *b, const struct sc_result *res)
{
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Chỉ tiêu</th>"
		    "<th scope=\"col\" class=\"num\">Điểm</th><th scope=\"col\">Cách tính</th></tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		html_printf(b, "<tr class=\"crit\"><th scope=\"row\">Tiêu chí %h. %h</th><td class=\"num\">%P</td>"
			    "<td>%S</td></tr>\n", cr->crit->code, cr->crit->title, cr->points,
			    cr->met ? "đạt" : "chưa đạt");
		for (size_t i = 0; i < cr->n_items; i++) {
			const struct sc_item_result *ir = &cr->items[i];
			html_printf(b, "<tr><th scope=\"row\">%h. %h</th><td class=\"num\">%P%S</td><td>%h</td></tr>\n",
				    ir->item->code, ir->item->title, ir->points,
				    ir->provisional ? " <span class=\"badge prov\">Tạm tính</span>" : "", ir->explain);
		}
	}
	html_printf(b, "</tbody></table></div>\n");
}

struct pred_ctx {
	struct http_req *req;
	struct store *st;
	struct buf *b;
	size_t n;
};

static int pred_asm_cb(const struct store_assessment *a, void *ctx)
{
	struct pred_ctx *p = ctx;
	if (!decided(a))
		return 0;
	html_printf(p->b, " <a href=\"/ket-qua/%u/%d\">%d: %S</a>", a->unit_code, a->year, a->year,
		    recognised(a) ? "đạt chuẩn" : "chưa đạt chuẩn");
	return 0;
}

static int pred_cb(const struct store_lineage *l, void *ctx)
{
	struct pred_ctx *p = ctx;
	struct store_unit u;
	struct tc_err err = {0};
	if (strcmp(l->relation, "same-code") == 0 || store_unit_get(p->st, l->old_vintage, l->old_code, &u, &err) != 0)
		return 0;
	if (p->n++ == 0)
		html_printf(p->b, "<section aria-labelledby=\"tr\">\n<h2 id=\"tr\">Các đơn vị trước sắp xếp</h2>\n"
			    "<p>Kết quả của các xã trước khi sắp xếp được giữ nguyên theo đơn vị cũ.</p>\n<ul>\n");
	bool full = strcmp(l->relation, "full") == 0;
	html_printf(p->b, "<li>%h %h (mã %h, %S)", u.type, u.name, u.code,
		    full ? "nhập toàn bộ" : "một phần");
	struct store_scope sc = {STORE_SCOPE_UNIT, ""};
	snprintf(sc.code, sizeof sc.code, "%s", l->old_code);
	store_assessment_list(p->st, 0, &sc, pred_asm_cb, p, &err);
	html_printf(p->b, "</li>\n");
	return 0;
}

static void predecessors(struct http_req *req, struct store *st, struct buf *b,
			 const struct store_unit *u)
{
	struct pred_ctx p = {req, st, b, 0};
	struct tc_err err = {0};
	store_lineage_predecessors(st, u->vintage, u->code, pred_cb, &p, &err);
	if (p.n)
		html_printf(b, "</ul>\n</section>\n");
}

static bool unit_year(struct http_req *req, struct http_resp *resp, struct store **st,
		      struct store_unit *u, int *year)
{
	*year = year_of(http_param(req, "year"), -1);
	if (*year < 0) {
		http_error(req, resp, 404, "Năm không hợp lệ.");
		return false;
	}
	if ((*st = web_store(req, resp)) == NULL)
		return false;
	struct tc_err err = {0};
	if (store_unit_at_year(*st, http_param(req, "unit"), *year, u, &err) != 0 ||
	    strcmp(u->level, "commune") != 0) {
		http_error(req, resp, 404, "Không có xã với mã này trong năm này.");
		return false;
	}
	return true;
}

static int newest_item(const struct store_decision_item *it, void *ctx)
{
	*(int64_t *)ctx = it->decision_id;
	return 1; /* newest first: the first row is the one in force */
}

/* " (Quyết định số 12/QĐ-UBND ngày 15/12/2025)" of a decided assessment:
 * the public must be able to cite the act that recognised the commune.
 * Nothing if the decision row cannot be read (e.g. a result imported with
 * its status only). */
static void decision_ref(struct buf *b, struct store *st, int64_t assessment_id)
{
	int64_t id = 0;
	struct tc_err err = {0};
	struct store_decision d;
	if (store_decision_items(st, 0, assessment_id, newest_item, &id, &err) != 0 || id == 0 ||
	    store_decision_get(st, id, NULL, &d, &err) != 0)
		return;
	struct cal_date on;
	char vn[16] = "";
	if (cal_parse_iso(d.decision_date, strlen(d.decision_date), &on, NULL) == 0)
		cal_format_vn(on, vn, sizeof vn);
	html_printf(b, " (Quyết định số <span id=\"so-quyet-dinh\">%h</span> ngày %h)", d.number, vn);
}

static void h_sheet(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_unit u;
	int year;
	if (!unit_year(req, resp, &st, &u, &year))
		return;
	struct store_assessment a;
	struct tc_err err = {0};
	bool has = store_assessment_find(st, u.code, year, NULL, &a, &err) == 0;
	struct buf *b = http_out(resp);
	char title[200];
	snprintf(title, sizeof title, "%s %s — kết quả năm %d", u.type, u.name, year);
	layout_begin(b, title, "/ket-qua");
	html_printf(b, "<h1>%h</h1>\n", title);
	if (has && synthetic(&a))
		synthetic_note(b);
	if (has && decided(&a)) {
		struct sc_sheet *sh = NULL;
		struct sc_result *res = dos_score(st, pages_reg(http_app(req)), &a, &sh, &err);
		html_printf(b, "<p>Quyết định: <strong>%S</strong>", recognised(&a) ? "Công nhận đạt chuẩn tiếp cận pháp luật"
			    : "Không công nhận đạt chuẩn tiếp cận pháp luật");
		decision_ref(b, st, a.id);
		if (a.total != STORE_NO_PTS)
			html_printf(b, " · Tổng điểm: <strong>%P</strong>", a.total);
		html_printf(b, ".</p>\n");
		if (res)
			sheet_table(b, res);
		sc_result_free(res);
		sc_sheet_free(sh);
	} else {
		html_printf(b, "<p id=\"chua-cong-bo\">Kết quả của xã chưa được quyết định. Trước khi có quyết định, "
			    "người dân chỉ xem được bảng tự chấm điểm trong thời gian xã niêm yết công khai.</p>\n");
		if (has && strcmp(a.status, "signed") == 0)
			html_printf(b, "<p><a href=\"/niem-yet/%u/%d\">Xem thông báo niêm yết và gửi ý kiến</a></p>\n",
				    u.code, year);
	}
	predecessors(req, st, b, &u);
	layout_end(b);
}

/* ---- Posting notice and objections -------------------------------------------- */

/* Per-address rate limit of objections: a small table, oldest slot reused. */
#define RL_SLOTS 1024
static struct {
	char ip[64];
	time_t start;
	int n;
} rl[RL_SLOTS];
static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;

static bool rate_ok(const char *ip)
{
	time_t now = time(NULL);
	bool ok = true;
	pthread_mutex_lock(&rl_lock);
	size_t victim = 0;
	for (size_t i = 0; i < RL_SLOTS; i++) {
		if (strcmp(rl[i].ip, ip) == 0) {
			if (now - rl[i].start >= PUB_OBJ_WINDOW_S) {
				rl[i].start = now;
				rl[i].n = 0;
			}
			ok = rl[i].n < PUB_OBJ_PER_WINDOW;
			if (ok)
				rl[i].n++;
			pthread_mutex_unlock(&rl_lock);
			return ok;
		}
		if (rl[i].start < rl[victim].start)
			victim = i;
	}
	snprintf(rl[victim].ip, sizeof rl[victim].ip, "%s", ip);
	rl[victim].start = now;
	rl[victim].n = 1;
	pthread_mutex_unlock(&rl_lock);
	return ok;
}

struct notice {
	struct store *st;
	struct store_unit u;
	int year;
	struct store_assessment a;
	struct store_signoff so;
	bool open;                 /* today within the posting period */
};

static bool load_notice(struct http_req *req, struct http_resp *resp, struct notice *n)
{
	memset(n, 0, sizeof *n);
	if (!unit_year(req, resp, &n->st, &n->u, &n->year))
		return false;
	struct tc_err err = {0};
	if (store_assessment_find(n->st, n->u.code, n->year, NULL, &n->a, &err) != 0 ||
	    store_signoff_get(n->st, n->a.id, &n->so, &err) != 0) {
		http_error(req, resp, 404, "Xã chưa niêm yết kết quả tự đánh giá của năm này.");
		return false;
	}
	struct cal_date t, s, e;
	dos_today(&t);
	n->open = strcmp(n->a.status, "signed") == 0 &&
		  cal_parse_iso(n->so.posting_start, 10, &s, NULL) == 0 &&
		  cal_parse_iso(n->so.posting_end, 10, &e, NULL) == 0 &&
		  cal_cmp(t, s) >= 0 && cal_cmp(t, e) <= 0;
	return true;
}

struct objform {
	const struct form *f;
	const char *err_name, *err_contact, *err_body, *msg;
};

static void obj_field(struct buf *b, const struct objform *of, const char *name, const char *label,
		      const char *err, bool area)
{
	const char *v = of->f ? form_get(of->f, name) : "";
	html_printf(b, "<div class=\"field\"><label for=\"py-%a\">%h</label>\n", name, label);
	if (area)
		html_printf(b, "<textarea id=\"py-%a\" name=\"%a\" rows=\"6\"%S>%h</textarea>\n", name, name,
			    err ? " aria-invalid=\"true\"" : "", v);
	else
		html_printf(b, "<input id=\"py-%a\" name=\"%a\" value=\"%a\"%S>\n", name, name, v,
			    err ? " aria-invalid=\"true\"" : "");
	if (err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\" id=\"e-%a\">%h</p>\n", name, err);
	html_printf(b, "</div>\n");
}

static void notice_page(struct http_req *req, struct http_resp *resp, struct notice *n,
			const struct objform *of, int status)
{
	struct arena *ar = http_arena(req);
	char tok[AUTH_TOKEN_LEN + 1];
	auth_token(tok);
	if (n->open)
		http_set_cookie(req, resp, OBJ_COOKIE, tok, 3600);
	if (status != 200)
		http_status(resp, status);
	struct buf *b = http_out(resp);
	char title[400], d1[16], d2[16];
	snprintf(title, sizeof title, "Niêm yết kết quả tự đánh giá năm %d — %s %s", n->year, n->u.type, n->u.name);
	struct cal_date s, e;
	cal_parse_iso(n->so.posting_start, 10, &s, NULL);
	cal_parse_iso(n->so.posting_end, 10, &e, NULL);
	layout_begin(b, title, "/ket-qua");
	html_printf(b, "<h1>%h</h1>\n<p>Thời gian niêm yết: từ ngày %h đến hết ngày %h, tại %h.</p>\n", title,
		    cal_format_vn(s, d1, sizeof d1), cal_format_vn(e, d2, sizeof d2), n->so.posting_place);
	struct tc_err err = {0};
	struct sc_sheet *sh = NULL;
	struct sc_result *res = dos_score(n->st, pages_reg(http_app(req)), &n->a, &sh, &err);
	if (res) {
		html_printf(b, "<p>Tổng điểm tự chấm: <strong>%P</strong>%S.</p>\n", res->total,
			    res->provisional ? " <span class=\"badge prov\">Tạm tính</span>" : "");
		sheet_table(b, res);
	}
	sc_result_free(res);
	sc_sheet_free(sh);
	if (of && of->msg)
		html_printf(b, "<p class=\"%S\" role=\"alert\" id=\"thong-bao\">%h</p>\n",
			    status == 200 ? "notice" : "field-error", of->msg);
	if (!n->open) {
		html_printf(b, "<p id=\"het-han\">Ngoài thời gian niêm yết: không nhận ý kiến qua trang này.</p>\n");
	} else {
		html_printf(b, "<section aria-labelledby=\"gy\">\n<h2 id=\"gy\">Gửi ý kiến phản ánh</h2>\n"
			    "<form method=\"post\" action=\"/niem-yet/%u/%d\">\n"
			    "<input type=\"hidden\" name=\"token\" value=\"%a\">\n", n->u.code, n->year, tok);
		obj_field(b, of, "name", "Họ và tên (không bắt buộc)", of ? of->err_name : NULL, false);
		obj_field(b, of, "contact", "Địa chỉ liên hệ (điện thoại, thư điện tử hoặc địa chỉ)",
			  of ? of->err_contact : NULL, false);
		obj_field(b, of, "body", "Nội dung ý kiến", of ? of->err_body : NULL, true);
		html_printf(b, "<p><button type=\"submit\">Gửi ý kiến</button></p>\n</form>\n</section>\n");
	}
	(void)ar;
	layout_end(b);
}

static void h_notice(struct http_req *req, struct http_resp *resp)
{
	struct notice n;
	if (!load_notice(req, resp, &n))
		return;
	struct objform of = {0};
	if (form_get(http_query(req), "da-gui"))
		of.msg = "Cảm ơn bạn. Ý kiến đã được ghi nhận và chuyển vào hồ sơ của xã để cơ quan thẩm định xem xét.";
	notice_page(req, resp, &n, &of, 200);
}

static void h_objection(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (http_form(req, &f, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	struct notice n;
	if (!load_notice(req, resp, &n))
		return;
	const char *tok = form_get(&f, "token"), *cookie = http_cookie(req, OBJ_COOKIE);
	if (tok == NULL || cookie == NULL || !auth_token_wellformed(tok) || !auth_equal(tok, cookie)) {
		http_error(req, resp, 403, "Biểu mẫu đã hết hạn hoặc không hợp lệ: hãy tải lại trang niêm yết và gửi lại.");
		return;
	}
	struct objform of = {.f = &f};
	if (!n.open) {
		of.msg = "Đã hết thời gian niêm yết: không nhận ý kiến qua trang này.";
		notice_page(req, resp, &n, &of, 409);
		return;
	}
	struct store_objection o = {0};
	const char *name = form_get(&f, "name"), *contact = form_get(&f, "contact"), *body = form_get(&f, "body");
	if (name && strlen(name) >= sizeof o.name)
		of.err_name = "Họ và tên quá dài (tối đa 127 byte).";
	if (contact == NULL || contact[0] == '\0' || strlen(contact) >= sizeof o.contact)
		of.err_contact = "Hãy cho biết cách liên hệ với bạn (tối đa 255 byte).";
	if (body == NULL || body[0] == '\0' || strlen(body) >= sizeof o.body)
		of.err_body = "Hãy nhập nội dung ý kiến (tối đa 5000 byte).";
	if (of.err_name || of.err_contact || of.err_body) {
		of.msg = "Ý kiến chưa được gửi; xem thông báo bên dưới từng ô.";
		notice_page(req, resp, &n, &of, 422);
		return;
	}
	const char *ip = http_peer_ip(req);
	if (!rate_ok(ip ? ip : "")) {
		of.msg = "Bạn đã gửi nhiều ý kiến trong thời gian ngắn; hãy thử lại sau 10 phút.";
		notice_page(req, resp, &n, &of, 429);
		return;
	}
	o.assessment_id = n.a.id;
	snprintf(o.name, sizeof o.name, "%s", name ? name : "");
	snprintf(o.contact, sizeof o.contact, "%s", contact);
	snprintf(o.body, sizeof o.body, "%s", body);
	if (store_objection_add(n.st, &o, NULL, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	char loc[96];
	snprintf(loc, sizeof loc, "/niem-yet/%s/%d?da-gui=1", n.u.code, n.year);
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

const struct http_route public_routes[] = {
	{"GET", "/ket-qua", h_results},
	{"GET", "/ket-qua/{unit}/{year}", h_sheet},
	{"GET", "/niem-yet/{unit}/{year}", h_notice},
	{"POST", "/niem-yet/{unit}/{year}", h_objection},
	{"GET", "/api/v1/results", h_api_results},
	{NULL, NULL, NULL},
};
