/* adminpages.c — settings, holidays and unit search for administrators
 * (see adminpages.h). Settings and holidays are the store's (store_setting_*,
 * store_holiday_*: the same functions as `tiepcan setting`); units and their
 * lineage come from app/units.h (the same view as `tiepcan units show`). */
#include "web/adminpages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier.h"
#include "app/registry.h"
#include "app/rsdiff.h"
#include "app/rsupload.h"
#include "app/units.h"
#include "core/calendar.h"
#include "util/mem.h"
#include "util/text.h"
#include "web/admin.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/session.h"

#define UNIT_HITS_MAX 50

static const unsigned ADMIN = WEB_ROLES(WF_ROLE_ADMIN);

/* ---- Small helpers ------------------------------------------------------------ */

/* This year in Vietnam (the app's clock: TIEPCAN_NOW fixes it in tests). */
static int this_year(void)
{
	struct cal_date d;
	dos_today(&d);
	return d.y;
}

/* "" or NULL -> dflt; else 0 or 2000..2100 (0 = the default for every year). */
static int parse_year(const char *s, int dflt, int *out)
{
	if (s == NULL || s[0] == '\0') {
		*out = dflt;
		return 0;
	}
	char *end;
	long y = strtol(s, &end, 10);
	if (*end != '\0' || !(y == 0 || (y >= 2000 && y <= 2100)))
		return -1;
	*out = (int)y;
	return 0;
}

static void field_error(struct buf *b, const char *id, const char *msg)
{
	if (msg && msg[0])
		html_printf(b, "<span class=\"field-error\" id=\"loi-%a\">%h</span>\n", id, msg);
}

static void text_field(struct buf *b, const char *id, const char *label, const char *hint,
		       const char *value, const char *err)
{
	html_printf(b, "<p><label for=\"%a\">%h <small>%h</small></label>\n"
		    "<input type=\"text\" id=\"%a\" name=\"%a\" value=\"%a\"", id, label, hint, id,
		    id, value);
	if (err && err[0])
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"loi-%a\"", id);
	html_printf(b, ">\n");
	field_error(b, id, err);
	html_printf(b, "</p>\n");
}

static void select_field(struct buf *b, const char *id, const char *label,
			 const char *const *values, const char *const *labels, const char *cur,
			 const char *err)
{
	html_printf(b, "<p><label for=\"%a\">%h</label>\n<select id=\"%a\" name=\"%a\"%S>\n", id,
		    label, id, id, err ? " aria-invalid=\"true\"" : "");
	for (size_t i = 0; values[i]; i++)
		html_printf(b, "<option value=\"%a\"%S>%h</option>\n", values[i],
			    cur && strcmp(cur, values[i]) == 0 ? " selected" : "", labels[i]);
	html_printf(b, "</select>\n");
	field_error(b, id, err);
	html_printf(b, "</p>\n");
}

static bool one_of(const char *s, const char *const *values)
{
	for (size_t i = 0; s && values[i]; i++)
		if (strcmp(s, values[i]) == 0)
			return true;
	return false;
}

static void redirect(struct http_resp *resp, const char *loc)
{
	http_status(resp, 303);
	http_add_header(resp, "Location", loc);
}

/* ---- Settings and holidays ------------------------------------------------------ */

static const char *const unit_values[] = {"days", "working_days", NULL};
static const char *const unit_labels[] = {"ngày", "ngày làm việc", NULL};
static const char *const basis_values[] = {"announced", "statutory", "provisional", NULL};
static const char *const basis_labels[] = {"đã công bố", "theo luật", "tạm tính", NULL};
static const char *const type_values[] = {"off", "workday", NULL};
static const char *const type_labels[] = {"ngày nghỉ", "ngày làm bù", NULL};

/* What the two forms carry back when they are shown again with errors. */
struct settings_form {
	int year;
	const char *days, *unit, *deadline;
	const char *e_year, *e_days, *e_unit, *e_deadline, *e_general;
	const char *h_day, *h_name, *h_basis, *h_type;
	const char *e_hday, *e_hname, *e_hbasis, *e_htype, *e_hgeneral;
};

static const char *setting_or(struct store *st, int year, const char *key, char *v, size_t n)
{
	struct tc_err err = {0};
	if (store_setting_get(st, year, key, v, n, &err) != 0)
		v[0] = '\0';
	return v;
}

/* The stored deadline is YYYY-MM-DD; the page shows dd/mm/yyyy. */
static const char *deadline_vn(const char *iso, char out[16])
{
	struct cal_date d;
	struct tc_err err = {0};
	if (iso[0] == '\0' || cal_parse_iso(iso, strlen(iso), &d, &err) != 0)
		return iso;
	return cal_format_vn(d, out, 16);
}

static void settings_form_html(struct http_req *req, struct buf *b, struct store *st,
			       const struct settings_form *f)
{
	char days[64], unit[64], dl[64], dlvn[16];
	setting_or(st, f->year, "posting_days", days, sizeof days);
	setting_or(st, f->year, "posting_unit", unit, sizeof unit);
	setting_or(st, f->year, "deadline_submit", dl, sizeof dl);
	html_printf(b, "<h2>Thiết lập năm %d</h2>\n", f->year);
	if (f->year == 0)
		html_printf(b, "<p>Năm 0: giá trị mặc định cho mọi năm chưa có thiết lập riêng.</p>\n");
	if (f->e_general)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", f->e_general);
	html_printf(b, "<form method=\"post\" action=\"/quan-tri/cai-dat\" novalidate>\n");
	web_csrf_field(req, b);
	char ybuf[16];
	snprintf(ybuf, sizeof ybuf, "%d", f->year);
	text_field(b, "nam", "Năm", "(2000–2100; 0 = mặc định cho mọi năm)", ybuf, f->e_year);
	text_field(b, "posting_days", "Thời gian niêm yết", "(số ngày, 1–60)",
		   f->days ? f->days : days, f->e_days);
	select_field(b, "posting_unit", "Đơn vị tính thời gian niêm yết", unit_values, unit_labels,
		     f->unit ? f->unit : unit, f->e_unit);
	text_field(b, "deadline_submit", "Hạn gửi hồ sơ", "(dd/mm/yyyy)",
		   f->deadline ? f->deadline : deadline_vn(dl, dlvn), f->e_deadline);
	html_printf(b, "<p><button type=\"submit\">Lưu thiết lập</button></p>\n</form>\n");
}

/* One holidays.csv row "date,name,basis,type" as a table row (the name may
 * be quoted; date, basis and type never contain commas). */
static void holiday_row(struct buf *b, const char *line, size_t len)
{
	const char *c1 = memchr(line, ',', len);
	const char *c3 = NULL, *c2 = NULL;
	for (const char *p = line + len; p > line; p--)
		if (p[-1] == ',') {
			if (c3 == NULL)
				c3 = p - 1;
			else {
				c2 = p - 1;
				break;
			}
		}
	if (c1 == NULL || c2 == NULL || c2 <= c1)
		return;
	char day[16], name[256], basis[32], type[32], vn[16];
	snprintf(day, sizeof day, "%.*s", (int)(c1 - line), line);
	const char *n0 = c1 + 1, *n1 = c2;
	if (n1 - n0 >= 2 && *n0 == '"' && n1[-1] == '"') {
		n0++;
		n1--;
	}
	snprintf(name, sizeof name, "%.*s", (int)(n1 - n0), n0);
	snprintf(basis, sizeof basis, "%.*s", (int)(c3 - c2 - 1), c2 + 1);
	snprintf(type, sizeof type, "%.*s", (int)(line + len - c3 - 1), c3 + 1);
	html_printf(b, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		    deadline_vn(day, vn), name, basis, strcmp(type, "workday") == 0 ?
		    "ngày làm bù" : "ngày nghỉ");
}

static void holidays_html(struct http_req *req, struct buf *b, struct store *st,
			  const struct settings_form *f)
{
	html_printf(b, "<h2>Ngày nghỉ, ngày làm bù do quản trị bổ sung</h2>\n"
		    "<p>Bổ sung vào danh sách ngày lễ có sẵn; một ngày trùng thay thế ngày có sẵn.</p>\n");
	struct buf csv;
	buf_init(&csv, 1 << 20);
	struct tc_err err = {0};
	if (store_holiday_csv(st, &csv, &err) == 0 && buf_len(&csv) > 0) {
		html_printf(b, "<div class=\"table-wrap\"><table id=\"ngay-nghi\">\n<thead><tr>"
			    "<th>Ngày</th><th>Tên</th><th>Căn cứ</th><th>Loại</th></tr></thead>\n<tbody>\n");
		const char *s = buf_cstr(&csv), *end = s + buf_len(&csv);
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
			holiday_row(b, s, len);
			s += len + 1;
		}
		html_printf(b, "</tbody></table></div>\n");
	} else {
		html_printf(b, "<p>Chưa có ngày nào được bổ sung.</p>\n");
	}
	buf_free(&csv);
	if (f->e_hgeneral)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", f->e_hgeneral);
	html_printf(b, "<form method=\"post\" action=\"/quan-tri/cai-dat/ngay-nghi\" novalidate>\n");
	web_csrf_field(req, b);
	text_field(b, "ngay", "Ngày", "(dd/mm/yyyy)", f->h_day, f->e_hday);
	text_field(b, "ten", "Tên ngày nghỉ", "(ví dụ: Nghỉ bù Tết Nguyên đán)", f->h_name, f->e_hname);
	select_field(b, "can-cu", "Căn cứ", basis_values, basis_labels, f->h_basis, f->e_hbasis);
	select_field(b, "loai", "Loại", type_values, type_labels, f->h_type, f->e_htype);
	html_printf(b, "<p><button type=\"submit\">Thêm ngày</button></p>\n</form>\n");
}

static void settings_page(struct http_req *req, struct http_resp *resp, int status,
			  const struct settings_form *f)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct buf *b = admin_page(resp, status, "Năm, thời hạn và ngày nghỉ");
	html_printf(b, "<h1>Năm, thời hạn và ngày nghỉ</h1>\n<p><a href=\"/quan-tri/don-vi\">Tra cứu "
		    "đơn vị hành chính</a> · <a href=\"/quan-tri/quy-tac\">Bộ quy tắc: so sánh, tải lên</a> · "
		    "<a href=\"/quan-tri/nhat-ky\">Nhật ký thay đổi</a></p>\n");
	const struct form *q = http_query(req);
	if (form_get(q, "da-luu"))
		html_printf(b, "<p class=\"notice\" role=\"status\">Đã lưu thiết lập.</p>\n");
	if (form_get(q, "da-them"))
		html_printf(b, "<p class=\"notice\" role=\"status\">Đã thêm ngày %h.</p>\n",
			    form_get(q, "da-them"));
	html_printf(b, "<form method=\"get\" action=\"/quan-tri/cai-dat\"><p><label for=\"xem-nam\">"
		    "Xem năm</label> <input type=\"text\" id=\"xem-nam\" name=\"nam\" value=\"%d\"> "
		    "<button type=\"submit\" class=\"secondary\">Xem</button></p></form>\n", f->year);
	settings_form_html(req, b, st, f);
	holidays_html(req, b, st, f);
	layout_end(b);
}

static void h_settings_get(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, ADMIN))
		return;
	struct settings_form f;
	memset(&f, 0, sizeof f);
	if (parse_year(form_get(http_query(req), "nam"), this_year(), &f.year) != 0) {
		http_error(req, resp, 400, "Năm không hợp lệ: hãy nhập một năm từ 2000 đến 2100 "
			   "(hoặc 0 cho giá trị mặc định).");
		return;
	}
	settings_page(req, resp, 200, &f);
}

/* Validates every field; true when all are good. Empty = unchanged. */
static bool check_settings(struct settings_form *f, const char *year, char iso[16])
{
	struct tc_err err = {0};
	if (parse_year(year, -1, &f->year) != 0 || f->year < 0) {
		f->year = this_year();
		f->e_year = "Năm phải là một số từ 2000 đến 2100, hoặc 0 cho giá trị mặc định.";
	}
	if (f->days && f->days[0]) {
		char *end;
		long d = strtol(f->days, &end, 10);
		if (*end != '\0' || d < 1 || d > 60)
			f->e_days = "Thời gian niêm yết phải là một số nguyên từ 1 đến 60.";
	}
	if (f->unit && f->unit[0] && !one_of(f->unit, unit_values))
		f->e_unit = "Hãy chọn \"ngày\" hoặc \"ngày làm việc\".";
	iso[0] = '\0';
	if (f->deadline && f->deadline[0]) {
		struct cal_date d;
		if (cal_parse_vn(f->deadline, strlen(f->deadline), &d, &err) != 0)
			f->e_deadline = "Ngày không hợp lệ: hãy nhập một ngày có thật theo dạng "
					"dd/mm/yyyy, ví dụ 15/10/2025.";
		else
			cal_format_iso(d, iso, 16);
	}
	return !(f->e_year || f->e_days || f->e_unit || f->e_deadline);
}

static int save_settings(struct store *st, const struct settings_form *f, const char *iso,
			 struct tc_err *err)
{
	if (store_begin(st, err) != 0)
		return -1;
	int rc = 0;
	if (f->days && f->days[0])
		rc = store_setting_set(st, f->year, "posting_days", f->days, err);
	if (rc == 0 && f->unit && f->unit[0])
		rc = store_setting_set(st, f->year, "posting_unit", f->unit, err);
	if (rc == 0 && iso[0])
		rc = store_setting_set(st, f->year, "deadline_submit", iso, err);
	if (rc == 0)
		return store_commit(st, err);
	store_rollback(st);
	return -1;
}

static void h_settings_post(struct http_req *req, struct http_resp *resp)
{
	struct form fm;
	if (!admin_form(req, resp, &fm))
		return;
	struct settings_form f;
	memset(&f, 0, sizeof f);
	f.days = form_get(&fm, "posting_days");
	f.unit = form_get(&fm, "posting_unit");
	f.deadline = form_get(&fm, "deadline_submit");
	char iso[16];
	if (!check_settings(&f, form_get(&fm, "nam"), iso)) {
		f.e_general = "Chưa lưu: hãy sửa các ô được đánh dấu bên dưới. Không có gì được ghi.";
		settings_page(req, resp, 400, &f);
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err = {0};
	if (save_settings(st, &f, iso, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/quan-tri/cai-dat?nam=%d&da-luu=1", f.year);
	redirect(resp, loc);
}

static void h_holiday_post(struct http_req *req, struct http_resp *resp)
{
	struct form fm;
	if (!admin_form(req, resp, &fm))
		return;
	struct settings_form f;
	memset(&f, 0, sizeof f);
	f.year = this_year();
	f.h_day = form_get(&fm, "ngay");
	f.h_name = form_get(&fm, "ten");
	f.h_basis = form_get(&fm, "can-cu");
	f.h_type = form_get(&fm, "loai");
	struct cal_date d;
	struct tc_err err = {0};
	char iso[16] = "";
	if (f.h_day == NULL || cal_parse_vn(f.h_day, strlen(f.h_day), &d, &err) != 0)
		f.e_hday = "Ngày không hợp lệ: hãy nhập một ngày có thật theo dạng dd/mm/yyyy, "
			   "ví dụ 02/09/2025.";
	else
		cal_format_iso(d, iso, sizeof iso);
	size_t nl = f.h_name ? strlen(f.h_name) : 0;
	if (nl == 0 || nl > 120)
		f.e_hname = "Hãy nhập tên ngày nghỉ (1–120 ký tự).";
	if (!one_of(f.h_basis, basis_values))
		f.e_hbasis = "Hãy chọn căn cứ: đã công bố, theo luật hoặc tạm tính.";
	if (!one_of(f.h_type, type_values))
		f.e_htype = "Hãy chọn ngày nghỉ hoặc ngày làm bù.";
	if (f.e_hday || f.e_hname || f.e_hbasis || f.e_htype) {
		f.e_hgeneral = "Chưa thêm ngày: hãy sửa các ô được đánh dấu bên dưới. Không có gì "
			       "được ghi.";
		settings_page(req, resp, 400, &f);
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	if (store_holiday_set(st, iso, f.h_name, f.h_basis, f.h_type, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	char loc[64], vn[16];
	snprintf(loc, sizeof loc, "/quan-tri/cai-dat?nam=%d&da-them=%s", d.y,
		 cal_format_vn(d, vn, sizeof vn));
	redirect(resp, loc);
}

/* ---- Units ------------------------------------------------------------------------ */

struct unit_search {
	const char *key;          /* search key of the query (no diacritics, lower case) */
	const char *raw;          /* the query as typed (for codes) */
	char codes[UNIT_HITS_MAX][8];
	size_t n;
	bool more;
};

static int unit_match_cb(const struct store_unit *u, void *ctx)
{
	struct unit_search *s = ctx;
	bool hit = strncmp(u->code, s->raw, strlen(s->raw)) == 0;
	if (!hit) {
		struct tc_err err = {0};
		char *k = text_search_key(u->name, strlen(u->name), &err);
		hit = k != NULL && strstr(k, s->key) != NULL;
		tc_free(k);
	}
	if (!hit)
		return 0;
	if (s->n == UNIT_HITS_MAX) {
		s->more = true;
		return 1; /* stop: enough for one page */
	}
	snprintf(s->codes[s->n++], 8, "%s", u->code);
	return 0;
}

static void codes_html(struct buf *b, char (*codes)[8], size_t n, int year)
{
	if (n == 0) {
		html_printf(b, "(không có)");
		return;
	}
	for (size_t i = 0; i < n; i++)
		html_printf(b, "%S<code>%h</code>", i ? ", " : "", codes[i]);
	(void)year;
}

static void unit_row(struct buf *b, struct store *st, const char *vintage, const char *code,
		     int year)
{
	struct units_view v;
	struct tc_err err = {0};
	if (units_view_get(st, code, year, &v, &err) != 0)
		return;
	struct store_unit p;
	char parent[200] = "—";
	if (v.unit.parent[0] && store_unit_get(st, vintage, v.unit.parent, &p, &err) == 0)
		snprintf(parent, sizeof parent, "%s %s (%s)", p.type, p.name, p.code);
	char fb[16] = "", to[16] = "";
	const char *from = deadline_vn(v.valid_from, fb);
	const char *tv = v.valid_to[0] ? deadline_vn(v.valid_to, to) : "nay";
	html_printf(b, "<tr><td><code>%h</code></td><td>%h %h</td><td>%h</td><td>%h – %h</td><td>",
		    v.unit.code, v.unit.type, v.unit.name, parent, from, tv);
	codes_html(b, v.pred, v.n_pred, year);
	html_printf(b, "</td><td>");
	codes_html(b, v.succ, v.n_succ, year);
	html_printf(b, "</td></tr>\n");
	units_view_free(&v);
}

static void units_results(struct buf *b, struct store *st, const char *q, int year)
{
	struct store_vintage vt;
	struct tc_err err = {0};
	if (store_vintage_for_year(st, year, &vt, &err) != 0) {
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Không có danh mục đơn vị hành "
			    "chính cho năm %d.</p>\n", year);
		return;
	}
	char *key = text_search_key(q, strlen(q), &err);
	struct unit_search *s = tc_calloc(1, sizeof *s);
	if (key == NULL || s == NULL) {
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Không đọc được từ khoá tìm "
			    "kiếm: hãy nhập tên (có hoặc không dấu) hoặc mã đơn vị.</p>\n");
		tc_free(key);
		tc_free(s);
		return;
	}
	s->key = key;
	s->raw = q;
	store_unit_list(st, vt.id, NULL, NULL, unit_match_cb, s, &err);
	html_printf(b, "<p>Danh mục %h (năm %d): %zu kết quả%S.</p>\n", vt.id, year, s->n,
		    s->more ? " đầu tiên; hãy thu hẹp từ khoá" : "");
	if (s->n > 0) {
		html_printf(b, "<div class=\"table-wrap\"><table id=\"don-vi\">\n<thead><tr><th>Mã</th>"
			    "<th>Tên</th><th>Đơn vị cấp trên</th><th>Hiệu lực</th><th>Đơn vị trước</th>"
			    "<th>Đơn vị sau</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < s->n; i++)
			unit_row(b, st, vt.id, s->codes[i], year);
		html_printf(b, "</tbody></table></div>\n");
	}
	tc_free(key);
	tc_free(s);
}

static void h_units_get(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, ADMIN))
		return;
	const struct form *qf = http_query(req);
	const char *q = form_get(qf, "q");
	int year;
	if (parse_year(form_get(qf, "year"), this_year(), &year) != 0 || year == 0) {
		http_error(req, resp, 400, "Năm không hợp lệ: hãy nhập một năm từ 2000 đến 2100.");
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct buf *b = admin_page(resp, 200, "Tra cứu đơn vị hành chính");
	html_printf(b, "<h1>Tra cứu đơn vị hành chính</h1>\n<form method=\"get\" "
		    "action=\"/quan-tri/don-vi\">\n<p><label for=\"q\">Tên (có hoặc không dấu) hoặc mã"
		    "</label> <input type=\"text\" id=\"q\" name=\"q\" value=\"%a\"></p>\n<p><label "
		    "for=\"year\">Năm</label> <input type=\"text\" id=\"year\" name=\"year\" "
		    "value=\"%d\"></p>\n<p><button type=\"submit\">Tìm</button></p>\n</form>\n", q, year);
	if (q && q[0])
		units_results(b, st, q, year);
	layout_end(b);
}

/* ---- Rule sets: diff of two, and a new file validated and previewed ----------- */

#define RS_UPLOAD_MAX RSUP_MAX

static const struct reg *app_reg(struct http_req *req)
{
	return pages_reg(http_app(req));
}

static void rs_select(struct buf *b, const struct reg *r, const char *id, const char *label,
		      const char *cur, const char *err)
{
	html_printf(b, "<p><label for=\"%a\">%h</label>\n<select id=\"%a\" name=\"%a\"%S>\n", id,
		    label, id, id, err ? " aria-invalid=\"true\" aria-describedby=\"loi-%a\"" : "");
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		html_printf(b, "<option value=\"%a\"%S>%h — %h</option>\n", rs->id,
			    cur && strcmp(cur, rs->id) == 0 ? " selected" : "", rs->id, rs->title);
	}
	html_printf(b, "</select>\n");
	field_error(b, id, err);
	html_printf(b, "</p>\n");
}

/* The diff lines, each marked by its first character (+ added, - removed,
 * ~ changed). */
static void diff_html(struct buf *b, const struct rs_ruleset *a, const struct rs_ruleset *c)
{
	struct buf d;
	buf_init(&d, 4u << 20);
	struct tc_err err = {0};
	if (rsdiff_text(a, c, &d, &err) != 0) {
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Không so sánh được: %h</p>\n",
			    err.msg);
	} else if (buf_len(&d) == 0) {
		html_printf(b, "<p>Hai bộ quy tắc giống nhau.</p>\n");
	} else {
		html_printf(b, "<p>Dòng bắt đầu bằng “+”: có trong <code>%h</code> mà không có trong "
			    "<code>%h</code>; “-”: bị bỏ; “~”: thay đổi (giá trị cũ -> giá trị mới).</p>\n"
			    "<pre id=\"khac-biet\">", c->id, a->id);
		html_printf(b, "%h", buf_cstr(&d));
		html_printf(b, "</pre>\n");
	}
	buf_free(&d);
}

struct rs_page {
	const char *a, *b;
	const char *e_a, *e_b, *e_file;
	const struct rs_ruleset *up; /* an uploaded, valid rule set (shown) */
	const char *notice;          /* a status line at the top */
};

static void upload_form(struct http_req *req, struct buf *b, const struct rs_page *p)
{
	html_printf(b, "<h2>Tải lên một tệp quy tắc</h2>\n<p>“Kiểm tra” đọc tệp, báo lỗi kèm số dòng "
		    "và so sánh với bộ quy tắc đang dùng cùng mã; không lưu gì. “Kiểm tra và lưu” "
		    "lưu tệp hợp lệ vào cơ sở dữ liệu (không bao giờ xóa; mỗi lần là một phiên bản) "
		    "và áp dụng ngay trên mọi máy chủ dùng chung cơ sở dữ liệu, cả sau khi khởi động "
		    "lại. Tệp cùng mã với một bộ quy tắc có sẵn sẽ thay thế bộ đó; cùng mã và cùng "
		    "phiên bản nhưng khác nội dung thì bị từ chối.</p>\n<form method=\"post\" "
		    "enctype=\"multipart/form-data\" action=\"/quan-tri/quy-tac\">\n");
	web_csrf_field(req, b);
	html_printf(b, "<p><label for=\"tep\">Tệp quy tắc (.rules, tối đa 1 MB)</label>\n"
		    "<input type=\"file\" id=\"tep\" name=\"tep\" accept=\".rules,text/plain\"%S>\n",
		    p->e_file ? " aria-invalid=\"true\" aria-describedby=\"loi-tep\"" : "");
	field_error(b, "tep", p->e_file);
	html_printf(b, "</p>\n<p><button type=\"submit\" name=\"hanh-dong\" value=\"kiem-tra\">"
		    "Kiểm tra tệp</button> <button type=\"submit\" name=\"hanh-dong\" value=\"luu\">"
		    "Kiểm tra và lưu, áp dụng</button></p>\n</form>\n");
}

struct hist {
	struct buf *b;
	const struct reg *r;
	size_t n;
};

static int hist_cb(const struct store_ruleset *u, void *ctx)
{
	struct hist *h = ctx;
	if (h->n++ == 0)
		html_printf(h->b, "<div class=\"table-wrap\"><table id=\"da-tai-len\">\n<thead><tr>"
			    "<th scope=\"col\">Lần</th><th scope=\"col\">Mã</th><th scope=\"col\">"
			    "Phiên bản</th><th scope=\"col\">Tên</th><th scope=\"col\">Năm</th>"
			    "<th scope=\"col\">Tệp</th><th scope=\"col\">SHA-256</th><th scope=\"col\">"
			    "Người tải, lúc</th><th scope=\"col\">Đang dùng</th></tr></thead>\n<tbody>\n");
	const char *cur = reg_sha256(h->r, u->ruleset_id);
	char at[17], sha[13];
	admin_time_vi(u->uploaded_at, at);
	snprintf(sha, sizeof sha, "%.12s", u->sha256);
	html_printf(h->b, "<tr><td>%lld</td><td><a href=\"/quy-tac/%u\">%h</a></td><td>%h</td>"
		    "<td>%h</td><td>%d–%d</td><td>%h</td><td><code title=\"%a\">%h…</code></td><td>%h, %h</td>"
		    "<td>%S</td></tr>\n", (long long)u->id, u->ruleset_id, u->ruleset_id, u->version,
		    u->title, u->year_from, u->year_to, u->file_name, u->sha256, sha, u->uploaded_by, at,
		    cur && strcmp(cur, u->sha256) == 0 ? "có" : "không");
	return 0;
}

/* The uploads kept in the store, oldest first. */
static void history_html(struct http_req *req, struct buf *b, const struct reg *r)
{
	html_printf(b, "<h2>Các tệp quy tắc đã lưu</h2>\n");
	struct store *st = web_store_quiet(req);
	struct hist h = {b, r, 0};
	struct tc_err err = {0};
	if (st == NULL || store_ruleset_list(st, hist_cb, &h, &err) != 0) {
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Không đọc được danh sách tệp "
			    "đã lưu.</p>\n");
		return;
	}
	if (h.n)
		html_printf(b, "</tbody></table></div>\n");
	else
		html_printf(b, "<p>Chưa có tệp nào được lưu: đang dùng các bộ quy tắc có sẵn.</p>\n");
}

static void uploaded_html(struct buf *b, const struct reg *r, const struct rs_ruleset *up)
{
	html_printf(b, "<h2>Tệp hợp lệ: <code>%h</code></h2>\n<ul><li>Tên: %h</li><li>Phiên bản: %h"
		    "</li><li>Áp dụng: %d–%d</li><li>Số tiêu chí: %zu</li>%S</ul>\n", up->id,
		    up->title, up->version, up->year_from, up->year_to, up->n_criteria,
		    up->provisional ? "<li>Có giá trị tạm tính (provisional)</li>" : "");
	const struct rs_ruleset *base = reg_find(r, up->id);
	if (base == NULL) {
		html_printf(b, "<p>Không có bộ quy tắc có sẵn nào mang mã <code>%h</code> để so "
			    "sánh.</p>\n", up->id);
		return;
	}
	html_printf(b, "<h3>So với bộ quy tắc có sẵn <code>%h</code></h3>\n", base->id);
	diff_html(b, base, up);
}

static void rs_page(struct http_req *req, struct http_resp *resp, int status,
		    const struct rs_page *p)
{
	const struct reg *r = app_reg(req);
	struct buf *b = admin_page(resp, status, "Bộ quy tắc: so sánh, tải lên");
	html_printf(b, "<h1>Bộ quy tắc: so sánh, tải lên</h1>\n");
	if (p->notice)
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>\n", p->notice);
	html_printf(b, "<form method=\"get\" action=\"/quan-tri/quy-tac\">\n");
	rs_select(b, r, "a", "Bộ quy tắc cũ", p->a, p->e_a);
	rs_select(b, r, "b", "Bộ quy tắc mới", p->b, p->e_b);
	html_printf(b, "<p><button type=\"submit\">Xem thay đổi</button></p>\n</form>\n");
	const struct rs_ruleset *a = p->a ? reg_find(r, p->a) : NULL;
	const struct rs_ruleset *c = p->b ? reg_find(r, p->b) : NULL;
	if (a && c && p->up == NULL) {
		html_printf(b, "<h2>Thay đổi từ <code>%h</code> sang <code>%h</code></h2>\n", a->id, c->id);
		diff_html(b, a, c);
	}
	if (p->up)
		uploaded_html(b, r, p->up);
	upload_form(req, b, p);
	history_html(req, b, r);
	layout_end(b);
}

static void h_rules_get(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, ADMIN))
		return;
	const struct reg *r = app_reg(req);
	const struct form *q = http_query(req);
	struct rs_page p = {form_get(q, "a"), form_get(q, "b"), NULL, NULL, NULL, NULL, NULL};
	const char *saved = form_get(q, "da-luu");
	if (saved) {
		char m[200];
		snprintf(m, sizeof m, "Đã lưu và áp dụng bộ quy tắc %.60s (xem bảng “Các tệp quy tắc "
			 "đã lưu” bên dưới).", saved);
		p.notice = arena_strdup(http_arena(req), m);
	}
	const char *unknown = "Không có bộ quy tắc mang mã này: hãy chọn trong danh sách.";
	if (p.a && reg_find(r, p.a) == NULL)
		p.e_a = unknown;
	if (p.b && reg_find(r, p.b) == NULL)
		p.e_b = unknown;
	rs_page(req, resp, p.e_a || p.e_b ? 400 : 200, &p);
}

/* The multipart body's text fields as a form (for the CSRF gate) and the
 * part named "tep". */
static int read_upload(struct http_req *req, struct form *f, const struct mp_part **file,
		       struct tc_err *err)
{
	struct arena *ar = http_arena(req);
	const char *ct = http_header(req, "Content-Type");
	char *boundary = mp_boundary(ar, ct ? ct : "", err);
	size_t len, n = 0;
	const char *body = http_body(req, &len);
	struct mp_part *parts = NULL;
	struct mp_limits lim = {0};
	mp_limits_default(&lim);
	lim.max_file = RS_UPLOAD_MAX;
	if (boundary == NULL || mp_parse(ar, boundary, body ? body : "", len, &lim, &parts, &n, err) != 0)
		return -1;
	struct form_field *ff = arena_calloc(ar, n ? n : 1, sizeof *ff);
	if (ff == NULL)
		return tc_err_set(err, TC_ENOMEM, "Hết bộ nhớ khi đọc tệp tải lên.");
	f->f = ff;
	f->n = 0;
	*file = NULL;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].filename == NULL)
			ff[f->n++] = (struct form_field){parts[i].name, parts[i].data, parts[i].len};
		else if (strcmp(parts[i].name, "tep") == 0)
			*file = &parts[i];
	}
	return 0;
}

/* The page for an outcome of rsup_save that stored nothing (app/rsupload.h
 * decides; this words it). */
static void rs_refused(struct http_req *req, struct http_resp *resp, struct rs_page *p,
		       const struct rs_ruleset *rs, const struct rsup_result *res)
{
	char m[600];
	switch (res->outcome) {
	case RSUP_STORED: return;
	case RSUP_TOO_LONG:
		p->e_file = "Mã, phiên bản (tối đa 63 byte) hoặc tên tệp (tối đa 255 byte) quá dài. "
			    "Chưa lưu gì.";
		rs_page(req, resp, 422, p);
		return;
	case RSUP_IN_USE:
		snprintf(m, sizeof m, "Bộ quy tắc %.60s phiên bản %.60s đang được dùng với đúng nội "
			 "dung này: không có gì thay đổi, không lưu thêm.", rs->id, rs->version);
		p->notice = arena_strdup(http_arena(req), m);
		rs_page(req, resp, 200, p);
		return;
	case RSUP_VERSION_TAKEN:
		snprintf(m, sizeof m, "Bộ quy tắc %.60s phiên bản %.60s đã có với nội dung khác; hai "
			 "nội dung không được mang cùng một phiên bản. Hãy sửa dòng “version” trong tệp "
			 "(ví dụ thêm “.1”) rồi tải lên lại. Chưa lưu gì.", rs->id, rs->version);
		break;
	case RSUP_STORED_OTHER:
		snprintf(m, sizeof m, "Bộ quy tắc %.60s phiên bản %.60s đã được lưu trước đây với nội "
			 "dung khác (có thể từ máy chủ khác). Hãy sửa dòng “version” trong tệp rồi tải "
			 "lên lại. Chưa lưu gì.", rs->id, rs->version);
		break;
	case RSUP_STORED_UNUSED:
		snprintf(m, sizeof m, "Tệp này đã được lưu ở lần tải #%lld nhưng một phiên bản khác đang "
			 "được dùng. Muốn dùng lại nội dung này, hãy đặt một phiên bản mới (dòng “version”) "
			 "rồi tải lên. Chưa lưu gì.", (long long)res->id);
		break;
	}
	p->e_file = arena_strdup(http_arena(req), m);
	rs_page(req, resp, 409, p);
}

/* Stores a valid upload (app/rsupload: the same checks as `tiepcan rules
 * add`; one transaction with its audit entry) and reloads this process's
 * rule sets; others notice the new generation on their next request. */
static void rs_save(struct http_req *req, struct http_resp *resp, struct rs_page *p,
		    const struct rs_ruleset *rs, const struct mp_part *file, const char *name)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct rsup_result res;
	struct tc_err err = {0};
	if (rsup_save(st, app_reg(req), rs, name, file->data, file->len, &res, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	if (res.outcome != RSUP_STORED) {
		rs_refused(req, resp, p, rs, &res);
		return;
	}
	pages_reload(http_app(req), st, &err); /* failing: the next request retries */
	struct buf loc;
	buf_init(&loc, 512);
	buf_puts(&loc, "/quan-tri/quy-tac?da-luu=");
	html_esc_url(&loc, rs->id, strlen(rs->id));
	redirect(resp, buf_failed(&loc) ? "/quan-tri/quy-tac" : arena_strdup(http_arena(req),
										 buf_cstr(&loc)));
	buf_free(&loc);
}

static void h_rules_post(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, ADMIN))
		return;
	struct form f = {0};
	const struct mp_part *file = NULL;
	struct tc_err err = {0};
	if (read_upload(req, &f, &file, &err) != 0) {
		char m[TC_ERR_MSG_MAX + 128];
		snprintf(m, sizeof m, "Không đọc được tệp tải lên (cần biểu mẫu multipart/form-data; "
			 "tệp tối đa 1 MB): %s", err.msg);
		http_error(req, resp, err.code == TC_ENOMEM ? 500 : 400, arena_strdup(http_arena(req), m));
		return;
	}
	if (!web_gate_csrf(req, resp, &f))
		return;
	const char *action = form_get(&f, "hanh-dong");
	struct rs_page p = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	if (action && strcmp(action, "kiem-tra") != 0 && strcmp(action, "luu") != 0) {
		p.e_file = "Thao tác không hợp lệ: chọn “Kiểm tra tệp” hoặc “Kiểm tra và lưu, áp dụng”.";
		rs_page(req, resp, 422, &p);
		return;
	}
	if (file == NULL || file->len == 0) {
		p.e_file = "Hãy chọn một tệp quy tắc (.rules) không rỗng.";
		rs_page(req, resp, 422, &p);
		return;
	}
	const char *name = file->filename[0] ? file->filename : "tệp";
	struct rs_ruleset *rs = rsup_load(name, file->data, file->len, &err);
	if (rs == NULL) {
		char m[TC_ERR_MSG_MAX + 128];
		snprintf(m, sizeof m, "Tệp quy tắc không hợp lệ, chưa dùng được, chưa lưu gì (tệp:dòng: "
			 "lỗi): %s", err.msg);
		p.e_file = arena_strdup(http_arena(req), m);
		if (p.e_file == NULL)
			p.e_file = "Tệp quy tắc không hợp lệ, chưa dùng được.";
		rs_page(req, resp, 422, &p);
		return;
	}
	p.up = rs;
	if (action && strcmp(action, "luu") == 0)
		rs_save(req, resp, &p, rs, file, name);
	else
		rs_page(req, resp, 200, &p);
	rs_free(rs);
}

const struct http_route adminpages_routes[] = {
	{"GET", "/quan-tri/quy-tac", h_rules_get},
	{"POST", "/quan-tri/quy-tac", h_rules_post},
	{"GET", "/quan-tri/cai-dat", h_settings_get},
	{"POST", "/quan-tri/cai-dat", h_settings_post},
	{"POST", "/quan-tri/cai-dat/ngay-nghi", h_holiday_post},
	{"GET", "/quan-tri/don-vi", h_units_get},
	{NULL, NULL, NULL},
};
