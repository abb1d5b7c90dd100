/* dashpages.c — dashboard and report pages (see dashpages.h). Figures come
 * from report/dash (live store aggregates); forms from report/forms. */
#include "web/dashpages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/registry.h"
#include "report/dash.h"
#include "report/forms.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/session.h"

static const char *const FORMATS[] = {"xlsx", "pdf", "csv"};
static const char *const FORMAT_LABEL[] = {"Excel (XLSX)", "PDF", "CSV"};

/* The year asked for; by default the previous calendar year (the year
 * assessed in the current campaign). 0 = invalid. */
static int query_year(struct http_req *req)
{
	const char *s = form_get(http_query(req), "year");
	if (s == NULL || s[0] == '\0') {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		return tm.tm_year + 1900 - 1;
	}
	char *end;
	long y = strtol(s, &end, 10);
	return (*end == '\0' && y >= 2000 && y <= 2100) ? (int)y : 0;
}

static const char *query_province(struct http_req *req)
{
	const char *p = form_get(http_query(req), "province");
	return p ? p : "";
}

static int internal_user(struct http_req *req)
{
	const struct web_user *u = web_user(req);
	return u && (u->role == WF_ROLE_REVIEWER || u->role == WF_ROLE_COUNCIL ||
		     u->role == WF_ROLE_ADMIN);
}

/* Builds the model or writes the error response. */
static struct dash *load(struct http_req *req, struct http_resp *resp, int internal)
{
	int year = query_year(req);
	if (year == 0) {
		http_error(req, resp, 400, "Năm không hợp lệ: nhập năm dạng 2024 (tham số year).");
		return NULL;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return NULL;
	struct tc_err err;
	struct dash *d = dash_build(st, pages_reg(http_app(req)), year, query_province(req),
				    internal, &err);
	if (d == NULL) {
		if (err.code == TC_EINPUT)
			http_error(req, resp, 400, "Mã tỉnh không hợp lệ: nhập hai chữ số, ví dụ 04 "
				   "(tham số province).");
		else
			http_error_from(req, resp, &err);
	}
	return d;
}

static void pct(char *out, size_t n, int64_t bp)
{
	snprintf(out, n, "%lld,%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}

static void chart(struct http_req *req, struct buf *b, const struct dash *d, const char *name)
{
	struct tc_err err;
	html_printf(b, "<figure class=\"chart\">");
	if (dash_chart(d, name, b, &err) < 0)
		html_printf(b, "<p>Không vẽ được biểu đồ: %h</p>", err.msg);
	html_printf(b, "<figcaption><a href=\"/bang-dieu-khien/chart/%u.svg?year=%d&amp;province=%u\">"
		       "Tải biểu đồ (SVG)</a></figcaption></figure>\n", name, d->year,
		    query_province(req));
}

static void counts_table(struct buf *b, const struct dash_count *c, size_t n, int names)
{
	html_printf(b, "<table class=\"data\"><thead><tr><th>%S</th><th>Số xã đánh giá</th>"
		       "<th>Đủ điều kiện (kết quả chấm)</th><th>Được công nhận</th><th>Tỷ lệ</th>"
		       "</tr></thead><tbody>\n", names ? "Đơn vị" : "Năm");
	for (size_t i = 0; i < n; i++) {
		char p[32];
		pct(p, sizeof p, c[i].share_bp);
		if (names)
			html_printf(b, "<tr><td>%h</td>", c[i].name);
		else
			html_printf(b, "<tr><td>%d</td>", c[i].year);
		html_printf(b, "<td>%ld</td><td>%ld</td><td>%ld</td><td>%h</td></tr>\n", c[i].assessed,
			    c[i].eligible, c[i].recognised, p);
	}
	html_printf(b, "</tbody></table>\n");
}

static void flags_table(struct buf *b, const char *title, const struct dash_flag *f, size_t n)
{
	html_printf(b, "<h2>%h</h2>\n", title);
	if (n == 0) {
		html_printf(b, "<p>Không có.</p>\n");
		return;
	}
	html_printf(b, "<table class=\"data\"><thead><tr><th>Mã</th><th>Đơn vị</th><th>Nội dung</th>"
		       "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<tr><td>%h</td><td>%h</td><td>%h</td></tr>\n", f[i].unit, f[i].name,
			    f[i].detail);
	html_printf(b, "</tbody></table>\n");
}

static void ranking_table(struct buf *b, const struct dash *d)
{
	size_t n = d->n_ranking < 200 ? d->n_ranking : 200;
	html_printf(b, "<h2>Xếp hạng theo tổng điểm</h2>\n<p>Nhóm 1–4 là các phần tư của bảng xếp "
		       "hạng (mô tả, không phải phân loại theo quy định). %zu xã có điểm; hiển thị "
		       "%zu xã đầu (đầy đủ trong JSON).</p>\n", d->n_ranking, n);
	html_printf(b, "<table class=\"data\"><thead><tr><th>Hạng</th><th>Mã</th><th>Đơn vị</th>"
		       "<th>Tổng điểm</th><th>Kết quả chấm</th><th>Nhóm</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct dash_rank *r = &d->ranking[i];
		html_printf(b, "<tr><td>%zu</td><td>%h</td><td>%h</td><td>%P</td><td>%S</td>"
			       "<td>%d</td></tr>\n", i + 1, r->unit, r->name, r->total,
			    r->recognised == 1 ? "Đạt" : "Chưa đạt", r->tier);
	}
	html_printf(b, "</tbody></table>\n");
}

static void weak_table(struct buf *b, const struct dash *d)
{
	size_t n = d->n_weak < 10 ? d->n_weak : 10;
	html_printf(b, "<table class=\"data\"><thead><tr><th>Chỉ tiêu</th><th>Nội dung</th>"
		       "<th>Dưới một nửa điểm tối đa</th><th>Tỷ lệ</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		char p[32];
		pct(p, sizeof p, d->weak[i].share_bp);
		html_printf(b, "<tr><td>%h</td><td>%h</td><td>%ld/%ld</td><td>%h</td></tr>\n",
			    d->weak[i].item, d->weak[i].title, d->weak[i].below, d->weak[i].n, p);
	}
	html_printf(b, "</tbody></table>\n");
}

static void gates_section(struct buf *b, const struct dash *d)
{
	html_printf(b, "<h2>Vi phạm điều kiện bắt buộc</h2>\n");
	if (d->n_gates == 0)
		html_printf(b, "<p>Không có xã nào vi phạm điều kiện bắt buộc trong năm.</p>\n");
	for (size_t i = 0; i < d->n_gates; i++)
		html_printf(b, "<p><strong>%ld xã</strong>: %h</p>\n", d->gates[i].n, d->gates[i].title);
}

static void downloads(struct buf *b, const struct dash *d)
{
	if (d->scope_code[0] == '\0')
		return;
	html_printf(b, "<h2>Biểu mẫu báo cáo</h2>\n<p><a class=\"button\" href=\"/bao-cao?year=%d"
		       "&amp;unit=%u\">Tải các biểu mẫu của %h (cần đăng nhập)</a></p>\n", d->year,
		    d->scope_code, d->scope_name);
}

static void year_form(struct buf *b, const struct dash *d)
{
	html_printf(b, "<form method=\"get\" action=\"/bang-dieu-khien\" class=\"filters\">"
		       "<label>Năm <input name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" "
		       "value=\"%d\"></label> <label>Mã tỉnh <input name=\"province\" "
		       "pattern=\"[0-9]{2}\" size=\"3\" value=\"%a\"></label> "
		       "<button type=\"submit\">Xem</button></form>\n", d->year, d->scope_code);
}

static void dash_page(struct http_req *req, struct http_resp *resp)
{
	struct dash *d = load(req, resp, internal_user(req));
	if (d == NULL)
		return;
	struct buf *b = http_out(resp);
	char p[32];
	pct(p, sizeof p, d->whole.share_bp);
	layout_begin(b, "Bảng điều khiển", "/bang-dieu-khien");
	html_printf(b, "<h1>Bảng điều khiển — %h — năm %d</h1>\n", d->scope_name, d->year);
	year_form(b, d);
	html_printf(b, "<p class=\"lead\">Số liệu lấy trực tiếp từ cơ sở dữ liệu khi mở trang. "
		       "Bộ tiêu chí %h; danh mục đơn vị hành chính %h (%d cấp).</p>\n"
		       "<p><strong>%ld</strong> xã được đánh giá, <strong>%ld</strong> đủ điều kiện "
		       "theo kết quả chấm, <strong>%ld</strong> được công nhận (<strong>%h</strong>).</p>\n",
		    d->ruleset, d->vintage, d->tiers, d->whole.assessed, d->whole.eligible,
		    d->whole.recognised, p);
	html_printf(b, "<h2>Tỷ lệ được công nhận theo %S</h2>\n",
		    d->scope_code[0] ? "huyện (năm có cấp huyện)" : "tỉnh");
	if (d->n_areas) {
		chart(req, b, d, "ty-le");
		counts_table(b, d->areas, d->n_areas, 1);
	} else {
		html_printf(b, "<p>Năm này không có cấp huyện: xem bảng xếp hạng các xã.</p>\n");
	}
	html_printf(b, "<h2>Xu hướng qua các năm</h2>\n<p>Hai đường: theo địa giới của từng năm "
		       "(lịch sử) và theo địa giới hiện nay (danh mục %h, ghép các xã cũ qua lịch sử "
		       "sắp xếp đơn vị hành chính).</p>\n", d->current_vintage);
	chart(req, b, d, "xu-huong");
	counts_table(b, d->trend_hist, d->n_trend_hist, 0);
	html_printf(b, "<h2>Phân bố tổng điểm</h2>\n");
	chart(req, b, d, "pho-diem");
	html_printf(b, "<h2>Chỉ tiêu yếu nhất</h2>\n<p>Tỷ lệ xã có điểm dưới một nửa điểm tối đa "
		       "của chỉ tiêu (điểm thẩm định, nếu chưa có thì điểm tự chấm).</p>\n");
	chart(req, b, d, "chi-tieu-yeu");
	weak_table(b, d);
	gates_section(b, d);
	html_printf(b, "<h2>Xã thí điểm và các xã còn lại</h2>\n<p>Chưa có dữ liệu xã thí điểm "
		       "trong cơ sở dữ liệu; phần so sánh sẽ hiển thị khi dữ liệu thí điểm được "
		       "nhập.</p>\n");
	ranking_table(b, d);
	html_printf(b, "<h2>Lưới ô đơn vị</h2>\n<p>Không có dữ liệu ranh giới hành chính được cấp "
		       "phép sử dụng, nên mỗi đơn vị là một ô (không phải bản đồ).</p>\n");
	chart(req, b, d, "o-xa");
	if (d->internal) {
		flags_table(b, "Dấu hiệu cần kiểm tra", d->flags, d->n_flags);
		flags_table(b, "Cảnh báo sớm (số liệu dự thảo)", d->warnings, d->n_warnings);
	}
	downloads(b, d);
	layout_end(b);
	dash_free(d);
}

static void dash_api(struct http_req *req, struct http_resp *resp)
{
	struct dash *d = load(req, resp, internal_user(req));
	if (d == NULL)
		return;
	json_t *j = dash_json(d);
	dash_free(d);
	http_json(resp, j ? 200 : 500, j ? j : json_pack("{s:s}", "error", "out of memory"));
}

static void dash_chart_svg(struct http_req *req, struct http_resp *resp)
{
	const char *file = http_param(req, "file");
	size_t n = file ? strlen(file) : 0;
	char name[32];
	if (n < 5 || n - 4 >= sizeof name || strcmp(file + n - 4, ".svg") != 0) {
		http_error(req, resp, 404, "Không có biểu đồ này.");
		return;
	}
	memcpy(name, file, n - 4);
	name[n - 4] = '\0';
	struct dash *d = load(req, resp, 0);
	if (d == NULL)
		return;
	struct tc_err err;
	struct buf *b = http_out(resp);
	if (dash_chart(d, name, b, &err) < 0) {
		buf_reset(b);
		http_error(req, resp, err.code == TC_ENOTFOUND ? 404 : 500, "Không có biểu đồ này.");
	} else {
		http_type(resp, "image/svg+xml; charset=utf-8");
	}
	dash_free(d);
}

static void report_page(struct http_req *req, struct http_resp *resp)
{
	int year = query_year(req);
	const char *unit = form_get(http_query(req), "unit");
	struct store_scope sc;
	struct tc_err err;
	if (year == 0 || unit == NULL || forms_scope_of(unit, &sc, &err) < 0) {
		http_error(req, resp, 400, "Cần năm (year) và mã đơn vị (unit): tỉnh 2 chữ số, "
			   "huyện 3 chữ số hoặc xã 5 chữ số.");
		return;
	}
	struct buf *b = http_out(resp);
	layout_begin(b, "Báo cáo", NULL);
	html_printf(b, "<h1>Biểu mẫu báo cáo — đơn vị %h — năm %d</h1>\n<p>Tải xuống cần đăng "
		       "nhập; chỉ trong phạm vi đơn vị của tài khoản.</p>\n<table class=\"data\">"
		       "<thead><tr><th>Biểu mẫu</th><th>Tải xuống</th></tr></thead><tbody>\n",
		    unit, year);
	for (int k = 0; k < FORMS_N; k++) {
		if (forms_kind_is_commune(k) != (sc.kind == STORE_SCOPE_UNIT))
			continue;
		html_printf(b, "<tr><td>%h</td><td>", forms_kind_title_vi(k));
		for (size_t f = 0; f < 3; f++)
			html_printf(b, "<a class=\"button\" href=\"/bao-cao/tai-ve?kind=%u&amp;year=%d"
				       "&amp;unit=%u&amp;format=%u\">%S</a> ", forms_kind_name(k), year,
				    unit, FORMATS[f], FORMAT_LABEL[f]);
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody></table>\n");
	layout_end(b);
}

static const char *mime_of(const char *fmt)
{
	if (strcmp(fmt, "xlsx") == 0)
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	return strcmp(fmt, "pdf") == 0 ? "application/pdf" : "text/csv; charset=utf-8";
}

static void report_download(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	const struct form *q = http_query(req);
	int year = query_year(req), kind = forms_kind_parse(form_get(q, "kind"));
	const char *unit = form_get(q, "unit"), *fmt = form_get(q, "format");
	if (year == 0 || kind < 0 || unit == NULL || fmt == NULL ||
	    (strcmp(fmt, "xlsx") && strcmp(fmt, "pdf") && strcmp(fmt, "csv"))) {
		http_error(req, resp, 400, "Thiếu hoặc sai tham số: kind, year, unit, format "
			   "(xlsx, pdf hoặc csv).");
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err;
	struct buf *b = http_out(resp);
	if (forms_render(st, pages_reg(http_app(req)), kind, year, unit, web_scope(req), fmt, b,
			 &err) < 0) {
		buf_reset(b);
		http_error_from(req, resp, &err);
		return;
	}
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s-%s-%d.%s\"", forms_kind_name(kind),
		 unit, year, fmt); /* unit checked to be digits by forms_scope_of */
	http_type(resp, mime_of(fmt));
	http_add_header(resp, "Content-Disposition", disp);
}

const struct http_route dashp_routes[] = {
	{"GET", "/bang-dieu-khien", dash_page},
	{"GET", "/bang-dieu-khien/chart/{file}", dash_chart_svg},
	{"GET", "/api/v1/dashboard", dash_api},
	{"GET", "/bao-cao", report_page},
	{"GET", "/bao-cao/tai-ve", report_download},
	{NULL, NULL, NULL},
};
