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

static void group_row(struct buf *b, const char *label, const struct dash_group *g)
{
	char p[32];
	pct(p, sizeof p, g->share_bp);
	html_printf(b, "<tr><td>%h</td><td>%ld</td><td>%ld</td><td>%h</td><td>", label, g->assessed,
		    g->recognised, p);
	if (g->mean_total != TC_PTS_NONE)
		html_printf(b, "%P", g->mean_total);
	else
		html_printf(b, "—");
	html_printf(b, "</td></tr>\n");
}

/* Pilot communes (plans' plan_pilot, store_dash_pilot) against the rest. */
static void pilot_section(struct http_req *req, struct buf *b, const struct dash *d)
{
	html_printf(b, "<h2>Xã thí điểm và các xã còn lại</h2>\n");
	if (!d->pilot_available) {
		html_printf(b, "<p>Năm %d không có xã thí điểm trong phạm vi này (theo các kế hoạch "
			       "đã nhập ở mục Kế hoạch).</p>\n", d->year);
		return;
	}
	html_printf(b, "<p>Xã thí điểm: xã được một kế hoạch năm %d hoặc trước đó chọn làm điểm, "
		       "hoặc xã kế thừa xã đó sau sắp xếp đơn vị hành chính.</p>\n", d->year);
	chart(req, b, d, "thi-diem");
	chart(req, b, d, "thi-diem-diem");
	html_printf(b, "<table class=\"data\"><thead><tr><th>Nhóm</th><th>Số xã đánh giá</th>"
		       "<th>Được công nhận</th><th>Tỷ lệ</th><th>Tổng điểm bình quân</th></tr>"
		       "</thead><tbody>\n");
	group_row(b, "Xã thí điểm", &d->pilot);
	group_row(b, "Các xã còn lại", &d->rest);
	html_printf(b, "</tbody></table>\n");
}

/* Self-assessed vs reviewed points, per reviewer (internal users only). */
static void reviewers_table(struct buf *b, const struct dash *d)
{
	html_printf(b, "<h2>Chênh lệch điểm tự chấm và điểm thẩm định theo người thẩm định</h2>\n");
	if (d->n_reviewers == 0) {
		html_printf(b, "<p>Chưa có hồ sơ nào được thẩm định có điểm tự chấm.</p>\n");
		return;
	}
	html_printf(b, "<p>Chênh lệch của một hồ sơ = tổng điểm tự chấm − tổng điểm thẩm định "
		       "trên các chỉ tiêu người đó chấm; lớn khi từ %d điểm.</p>\n<table "
		       "class=\"data\"><thead><tr><th>Người thẩm định</th><th>Số hồ sơ</th>"
		       "<th>Chênh lệch lớn</th><th>Chênh lệch bình quân</th><th>Lớn nhất</th>"
		       "<th>Bình quân có dấu</th></tr></thead><tbody>\n", DASH_GAP_PTS / 100);
	for (size_t i = 0; i < d->n_reviewers; i++) {
		const struct dash_reviewer *r = &d->reviewers[i];
		html_printf(b, "<tr><td>%h</td><td>%ld</td><td>%ld</td><td>%P</td><td>%P</td>"
			       "<td>%P</td></tr>\n", r->reviewer, r->dossiers, r->large, r->mean_abs,
			    r->max_abs, r->mean_signed);
	}
	html_printf(b, "</tbody></table>\n");
}

static void download_row(struct buf *b, int k, int year, const char *unit)
{
	html_printf(b, "<tr><td>%h</td><td>", forms_kind_title_vi(k));
	for (size_t f = 0; f < 3; f++)
		html_printf(b, "<a class=\"button\" download href=\"/bao-cao/tai-ve?kind=%u&amp;"
			       "year=%d&amp;unit=%u&amp;format=%u\">%S</a> ", forms_kind_name(k), year,
			    unit, FORMATS[f], FORMAT_LABEL[f]);
	html_printf(b, "</td></tr>\n");
}

void dashp_download_buttons(struct buf *b, unsigned kinds, int year, const char *unit)
{
	struct store_scope sc;
	struct tc_err err;
	if (unit == NULL || forms_scope_of(unit, &sc, &err) < 0)
		return;
	int any = 0;
	for (int k = 0; k < FORMS_N; k++) {
		if (!(kinds & DASHP_FORM(k)) ||
		    forms_kind_is_commune(k) != (sc.kind == STORE_SCOPE_UNIT))
			continue;
		if (!any)
			html_printf(b, "<section class=\"downloads\" id=\"tai-bieu-mau\"><h2>Tải biểu "
				       "mẫu</h2>\n<table class=\"data\"><thead><tr><th>Biểu mẫu</th>"
				       "<th>Tải xuống (năm %d, đơn vị %h)</th></tr></thead><tbody>\n",
				    year, unit);
		any = 1;
		download_row(b, k, year, unit);
	}
	if (any)
		html_printf(b, "</tbody></table></section>\n");
}

static void downloads(struct http_req *req, struct buf *b, const struct dash *d)
{
	if (d->scope_code[0] == '\0')
		return;
	unsigned kinds = DASHP_FORM(FORMS_PROVINCE_SUMMARY) | DASHP_FORM(FORMS_NEW_RURAL);
	if (web_user(req))
		kinds |= DASHP_FORM(FORMS_ELIGIBILITY) | DASHP_FORM(FORMS_DECISION);
	dashp_download_buttons(b, kinds, d->year, d->scope_code);
	if (web_user(req) == NULL)
		html_printf(b, "<p>Khách xem tải được kết quả đã có quyết định công nhận; các biểu mẫu "
			       "khác cần <a href=\"/dang-nhap\">đăng nhập</a>.</p>\n");
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
	pilot_section(req, b, d);
	ranking_table(b, d);
	html_printf(b, "<h2>Lưới ô đơn vị</h2>\n<p>Không có dữ liệu ranh giới hành chính được cấp "
		       "phép sử dụng, nên mỗi đơn vị là một ô (không phải bản đồ).</p>\n");
	chart(req, b, d, "o-xa");
	if (d->internal) {
		flags_table(b, "Dấu hiệu cần kiểm tra", d->flags, d->n_flags);
		flags_table(b, "Cảnh báo sớm (số liệu dự thảo)", d->warnings, d->n_warnings);
		reviewers_table(b, d);
	}
	downloads(req, b, d);
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

/* The inputs of the /bao-cao chooser (constants: attributes go out raw). */
enum { CH_YEAR, CH_UNIT };
static const struct {
	const char *id, *label, *attrs;
} CHOOSER[] = {
	[CH_YEAR] = {"year", "Năm", "type=\"number\" min=\"2000\" max=\"2100\""},
	[CH_UNIT] = {"unit", "Mã đơn vị: tỉnh 2 chữ số, huyện 3 chữ số hoặc xã 5 chữ số",
		     "inputmode=\"numeric\" pattern=\"[0-9]{2,5}\" size=\"6\""},
};

/* One input of the chooser, with its message when it is the bad one. */
static void chooser_field(struct buf *b, int k, const char *value, const char *bad,
			  const char *msg)
{
	const char *id = CHOOSER[k].id;
	int wrong = bad && strcmp(bad, id) == 0;
	html_printf(b, "<p><label for=\"%a\">%h</label><br><input id=\"%a\" name=\"%a\" %S "
		       "value=\"%a\"", id, CHOOSER[k].label, id, id, CHOOSER[k].attrs, value);
	if (wrong)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"loi-%a\"", id);
	html_printf(b, "></p>\n");
	if (wrong)
		html_printf(b, "<p class=\"field-error\" id=\"loi-%a\">%h</p>\n", id, msg);
}

/* The year-and-unit chooser of /bao-cao: 200 when no unit was chosen yet
 * (the unit of a signed-in account is filled in), 400 with the message
 * under the field that is wrong. */
static void report_chooser(struct http_req *req, struct http_resp *resp, int status,
			   const char *bad, const char *msg)
{
	const struct form *q = http_query(req);
	const char *year = form_get(q, "year"), *unit = form_get(q, "unit");
	const struct web_user *u = web_user(req);
	char y[16];
	snprintf(y, sizeof y, "%d", query_year(req));
	struct buf *b = http_out(resp);
	http_status(resp, status);
	layout_begin(b, "Báo cáo", NULL);
	html_printf(b, "<h1>Biểu mẫu báo cáo</h1>\n<form method=\"get\" action=\"/bao-cao\">\n");
	chooser_field(b, CH_YEAR, year && query_year(req) == 0 ? year : y, bad, msg);
	chooser_field(b, CH_UNIT, unit ? unit : (u ? u->scope.code : ""), bad, msg);
	html_printf(b, "<p><button type=\"submit\">Xem biểu mẫu</button></p>\n</form>\n");
	layout_end(b);
}

static void report_page(struct http_req *req, struct http_resp *resp)
{
	int year = query_year(req);
	const char *unit = form_get(http_query(req), "unit");
	struct store_scope sc;
	struct tc_err err;
	if (year == 0) {
		report_chooser(req, resp, 400, "year", "Năm không hợp lệ: nhập năm dạng 2024.");
		return;
	}
	if (unit == NULL || unit[0] == '\0') {
		report_chooser(req, resp, unit ? 400 : 200, unit ? "unit" : NULL,
			       "Nhập mã đơn vị.");
		return;
	}
	if (forms_scope_of(unit, &sc, &err) < 0) {
		report_chooser(req, resp, 400, "unit", "Mã đơn vị không hợp lệ: tỉnh 2 chữ số, "
			       "huyện 3 chữ số hoặc xã 5 chữ số.");
		return;
	}
	struct buf *b = http_out(resp);
	layout_begin(b, "Báo cáo", NULL);
	html_printf(b, "<h1>Biểu mẫu báo cáo — đơn vị %h — năm %d</h1>\n<p>Tải xuống trong phạm "
		       "vi đơn vị của tài khoản; khách xem chỉ tải được bảng tổng hợp và tình trạng "
		       "tiêu chí nông thôn mới của các kết quả đã có quyết định.</p>\n<table class=\"data\">"
		       "<thead><tr><th>Biểu mẫu</th><th>Tải xuống</th></tr></thead><tbody>\n",
		    unit, year);
	for (int k = 0; k < FORMS_N; k++) {
		if (forms_kind_is_commune(k) != (sc.kind == STORE_SCOPE_UNIT))
			continue;
		download_row(b, k, year, unit);
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

/* Content-Disposition: an ASCII name for old clients ("score-sheet-01417-
 * 2024.pdf"; unit checked to be digits by forms_scope_of) and the
 * Vietnamese one as filename* (RFC 6266 / RFC 8187, UTF-8, percent-encoded):
 * "Bảng tổng hợp ... - Xã Sóc Hà - 2024.pdf". */
static void disposition(struct http_resp *resp, struct store *st,
			int kind, int year, const char *unit, const char *fmt)
{
	struct store_unit u;
	struct tc_err err;
	char name[600], where[200];
	if (store_unit_at_year(st, unit, year, &u, &err) == 0)
		snprintf(where, sizeof where, "%s %s", u.type, u.name);
	else
		snprintf(where, sizeof where, "%s", unit);
	snprintf(name, sizeof name, "%s - %s - %d.%s", forms_kind_title_vi(kind), where, year, fmt);
	for (char *c = name; *c; c++)
		if (*c == '/' || *c == '\\' || *c == '"')
			*c = '-'; /* no path separators in a saved file's name */
	struct buf h;
	buf_init(&h, 4096);
	html_printf(&h, "attachment; filename=\"%u-%u-%d.%u\"; filename*=UTF-8''",
		   forms_kind_name(kind), unit, year, fmt);
	html_esc_url(&h, name, strlen(name));
	if (!buf_failed(&h))
		http_add_header(resp, "Content-Disposition", buf_cstr(&h)); /* copied */
	buf_free(&h);
}

static void report_download(struct http_req *req, struct http_resp *resp)
{
	const struct form *q = http_query(req);
	int year = query_year(req), kind = forms_kind_parse(form_get(q, "kind"));
	const char *unit = form_get(q, "unit"), *fmt = form_get(q, "format");
	if (year == 0 || kind < 0 || unit == NULL || fmt == NULL ||
	    (strcmp(fmt, "xlsx") && strcmp(fmt, "pdf") && strcmp(fmt, "csv"))) {
		http_error(req, resp, 400, "Thiếu hoặc sai tham số: kind, year, unit, format "
			   "(xlsx, pdf hoặc csv).");
		return;
	}
	/* Without a login: the public forms of published results only. */
	int anonymous = web_user(req) == NULL;
	if (anonymous && !forms_kind_is_public(kind)) {
		web_gate_login(req, resp);
		return;
	}
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	struct tc_err err;
	struct buf *b = http_out(resp);
	const struct reg *reg = pages_reg(http_app(req));
	int rc = anonymous ? forms_render_published(st, reg, kind, year, unit, NULL, fmt, b, &err)
			   : forms_render(st, reg, kind, year, unit, web_scope(req), fmt, b, &err);
	if (rc < 0) {
		buf_reset(b);
		http_error_from(req, resp, &err);
		return;
	}
	http_type(resp, mime_of(fmt));
	disposition(resp, st, kind, year, unit, fmt);
	/* A signed-in user's file depends on the user's scope: never shared. */
	if (!anonymous)
		http_add_header(resp, "Cache-Control", "private, no-store");
}

const struct http_route dashp_routes[] = {
	{"GET", "/bang-dieu-khien", dash_page},
	{"GET", "/bang-dieu-khien/chart/{file}", dash_chart_svg},
	{"GET", "/api/v1/dashboard", dash_api},
	{"GET", "/bao-cao", report_page},
	{"GET", "/bao-cao/tai-ve", report_download},
	{NULL, NULL, NULL},
};
