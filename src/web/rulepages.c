/* rulepages.c — rule-set pages and API (see rulepages.h). */
#include "web/rulepages.h"

#include <ctype.h>
#include <string.h>

#include "app/registry.h"
#include "app/rsjson.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

/* Trusted constant tables (written with %S). */
static const char *const CONF_VI[] = {"cao", "trung bình", "thấp"};
static const char *const CONF_CLASS[] = {"conf-high", "conf-medium", "conf-low"};
static const char *const TYPE_VI[] = {"số nguyên", "số", "phần trăm", "có/không"};

static const char *kind_vi(enum rs_kind k)
{
	switch (k) {
	case RS_POINTS: return "Nhập điểm (0 đến tối đa)";
	case RS_ALL_OR_NOTHING: return "Đủ điều kiện thì được điểm tối đa, không thì 0";
	case RS_RATIO_BANDS: return "Theo tỷ lệ, chia khung điểm";
	case RS_PROPORTIONAL: return "Tỷ lệ thuận với kết quả";
	case RS_SUM: return "Cộng điểm các nội dung";
	case RS_NOT_ARISING: return "Có thể không phát sinh";
	case RS_DEDUCTION: return "Trừ điểm";
	case RS_YES_NO: return "Có/không";
	case RS_ACHIEVEMENT: return "Đạt/không đạt";
	}
	return "?";
}

static const struct reg *reg_of(const struct http_req *req)
{
	return pages_reg(http_app(req));
}

/* ASCII-case-insensitive substring (Vietnamese folding is the text module's). */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return 1;
	}
	return n == 0;
}

static void source_cell(struct buf *b, const struct rs_source *s)
{
	html_printf(b, "<td><span class=\"cite\">%h</span><br><span class=\"badge %S\">Độ tin cậy: %S</span>",
		    s->cite, CONF_CLASS[s->confidence], CONF_VI[s->confidence]);
	if (s->provisional)
		html_printf(b, "<br><span class=\"badge prov\">Tạm tính</span> <span class=\"reason\">%h</span>",
			    s->provisional_reason);
	if (s->notes && s->notes[0])
		html_printf(b, "<br><small class=\"notes\">Ghi chú: %h</small>", s->notes);
	html_printf(b, "</td>");
}

static void pts_or_dash(struct buf *b, tc_pts p)
{
	if (p == TC_PTS_NONE)
		html_printf(b, "—");
	else
		html_printf(b, "%P", p);
}

void rulepages_list(struct http_req *req, struct http_resp *resp)
{
	const struct reg *r = reg_of(req);
	const char *q = form_get(http_query(req), "q");
	struct buf *b = http_out(resp);
	layout_begin(b, "Quy tắc chấm điểm", "/quy-tac");
	html_printf(b, "<h1>Quy tắc chấm điểm</h1>\n"
		    "<p class=\"lead\">Mỗi bộ quy tắc là tiêu chí, chỉ tiêu và cách tính điểm của một giai đoạn, "
		    "kèm căn cứ pháp lý của từng phần.</p>\n"
		    "<form method=\"get\" action=\"/quy-tac\" role=\"search\">\n"
		    "<label for=\"q\">Tìm theo mã hoặc tên</label>\n"
		    "<input type=\"text\" id=\"q\" name=\"q\" value=\"%a\">\n"
		    "<input type=\"submit\" value=\"Tìm\">\n</form>\n", q);
	if (q && q[0])
		html_printf(b, "<p>Kết quả tìm cho “%h”:</p>\n", q);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Mã</th>"
		    "<th scope=\"col\">Tên</th><th scope=\"col\">Năm đánh giá</th>"
		    "<th scope=\"col\" class=\"hide-narrow\">Phiên bản</th><th scope=\"col\">Trạng thái</th></tr></thead>\n<tbody>\n");
	size_t shown = 0;
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		if (q && !contains(rs->id, q) && !contains(rs->title, q))
			continue;
		shown++;
		html_printf(b, "<tr><td><a href=\"/quy-tac/%u\">%h</a></td><td>%h</td><td>%d–%d</td>"
			    "<td class=\"hide-narrow\">%h</td><td>", rs->id, rs->id, rs->title,
			    rs->year_from, rs->year_to, rs->version);
		if (rs->provisional)
			html_printf(b, "<span class=\"badge prov\">Có phần tạm tính</span>");
		else
			html_printf(b, "Đầy đủ căn cứ");
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody></table></div>\n");
	if (shown == 0)
		html_printf(b, "<p>Không có bộ quy tắc nào khớp.</p>\n");
	html_printf(b, "<p>Dữ liệu dạng JSON: <a href=\"/api/v1/rulesets\"><code>/api/v1/rulesets</code></a></p>\n");
	layout_end(b);
}

static void inputs_cell(struct buf *b, const struct rs_item *it)
{
	html_printf(b, "<td>");
	if (it->parent == NULL && it->n_inputs) {
		html_printf(b, "<ul>");
		for (size_t i = 0; i < it->n_inputs; i++)
			html_printf(b, "<li>%h <small>(<code>%h</code>, %S)</small></li>",
				    it->inputs[i].label, it->inputs[i].name, TYPE_VI[it->inputs[i].type]);
		html_printf(b, "</ul>");
	} else if (it->parent) {
		html_printf(b, "như chỉ tiêu %h", it->parent->code);
	}
	html_printf(b, "</td>");
}

/* One row per indicator and per sub-item (indented). */
static void item_rows(struct buf *b, const struct rs_item *it)
{
	char rule[512];
	html_printf(b, "<tr id=\"ct-%a\"><th scope=\"row\">%h</th><td>%S%h",
		    it->code, it->code, it->parent ? "↳ " : "", it->title);
	if (it->not_arising)
		html_printf(b, "<br><small>Có thể xác định là “không phát sinh”.</small>");
	if (it->n_bands) {
		html_printf(b, "<br><small>Khung điểm:");
		for (size_t i = 0; i < it->n_bands; i++) {
			html_printf(b, " từ %P%%", it->bands[i].lo);
			if (it->bands[i].hi != TC_PTS_NONE)
				html_printf(b, " đến dưới %P%%", it->bands[i].hi);
			html_printf(b, " → %P điểm;", it->bands[i].points);
		}
		html_printf(b, "</small>");
	}
	html_printf(b, "</td><td class=\"num\">");
	if (it->kind == RS_DEDUCTION)
		html_printf(b, "−%P", it->deduct);
	else
		pts_or_dash(b, it->max);
	html_printf(b, "</td><td>%h<br><code>%h</code></td>", kind_vi(it->kind),
		    rsjson_rule_text(it, rule, sizeof rule));
	inputs_cell(b, it);
	source_cell(b, &it->src);
	html_printf(b, "</tr>\n");
	for (size_t i = 0; i < it->n_subs; i++)
		item_rows(b, &it->subs[i]);
}

static void criterion_section(struct buf *b, const struct rs_criterion *c)
{
	html_printf(b, "<details open id=\"tc-%a\">\n<summary>Tiêu chí %h. %h (tối đa ", c->code, c->code, c->title);
	pts_or_dash(b, c->max);
	html_printf(b, " điểm)%S</summary>\n<p class=\"cite\">Căn cứ: %h — độ tin cậy %S</p>\n",
		    c->src.provisional ? " <span class=\"badge prov\">Tạm tính</span>" : "",
		    c->src.cite, CONF_VI[c->src.confidence]);
	if (c->src.provisional)
		html_printf(b, "<p class=\"reason\">Tạm tính: %h</p>\n", c->src.provisional_reason);
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Mã</th>"
		    "<th scope=\"col\">Chỉ tiêu</th><th scope=\"col\" class=\"num\">Điểm tối đa</th>"
		    "<th scope=\"col\">Cách tính</th><th scope=\"col\">Số liệu cần nhập</th>"
		    "<th scope=\"col\">Căn cứ</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < c->n_items; i++)
		item_rows(b, &c->items[i]);
	html_printf(b, "</tbody></table></div>\n</details>\n");
}

static void pass_section(struct buf *b, const struct rs_ruleset *rs)
{
	const struct rs_pass *p = &rs->pass;
	html_printf(b, "<h2>Điều kiện công nhận</h2>\n<ul>\n");
	if (p->total_min != TC_PTS_NONE)
		html_printf(b, "<li>Tổng điểm từ %P điểm trở lên. <span class=\"cite\">%h</span></li>\n",
			    p->total_min, p->src_total.cite);
	if (p->total_min_by_class[0] != TC_PTS_NONE)
		html_printf(b, "<li>Tổng điểm tối thiểu theo loại đơn vị: loại I %P, loại II %P, loại III %P. "
			    "<span class=\"cite\">%h</span></li>\n", p->total_min_by_class[0],
			    p->total_min_by_class[1], p->total_min_by_class[2], p->src_class.cite);
	if (p->frac_den)
		html_printf(b, "<li>Mỗi tiêu chí đạt tối thiểu %lld%% số điểm tối đa. <span class=\"cite\">%h</span></li>\n",
			    (long long)(p->frac_num * 100 / p->frac_den), p->src_frac.cite);
	if (p->all_met)
		html_printf(b, "<li>Tất cả chỉ tiêu đều đạt. <span class=\"cite\">%h</span></li>\n", p->src_all_met.cite);
	if (p->complete)
		html_printf(b, "<li>Mọi chỉ tiêu đều đã có kết quả. <span class=\"cite\">%h</span></li>\n", p->src_complete.cite);
	for (size_t i = 0; i < rs->n_gates; i++)
		html_printf(b, "<li>Không thuộc trường hợp: %h. <span class=\"cite\">%h</span></li>\n",
			    rs->gates[i].title, rs->gates[i].src.cite);
	html_printf(b, "</ul>\n");
}

void rulepages_show(struct http_req *req, struct http_resp *resp)
{
	const struct rs_ruleset *rs = reg_find(reg_of(req), http_param(req, "id"));
	if (rs == NULL) {
		http_error(req, resp, 404, "Không có bộ quy tắc với mã này. Xem danh sách tại /quy-tac.");
		return;
	}
	struct buf *b = http_out(resp);
	layout_begin(b, rs->title, "/quy-tac");
	html_printf(b, "<p><a href=\"/quy-tac\">← Tất cả bộ quy tắc</a></p>\n<h1>%h</h1>\n"
		    "<p>Mã <code>%h</code> · phiên bản %h · năm đánh giá %d–%d · %S</p>\n",
		    rs->title, rs->id, rs->version, rs->year_from, rs->year_to,
		    rs->mode == RS_MODE_POINTS ? "chấm theo điểm" : "đánh giá đạt/không đạt");
	if (rs->provisional)
		html_printf(b, "<p><span class=\"badge prov\">Tạm tính</span> Một số giá trị trong bộ quy tắc này "
			    "chưa có văn bản chính thức; chúng được đánh dấu “tạm tính” kèm lý do.</p>\n");
	html_printf(b, "<h2>Căn cứ pháp lý</h2>\n<ul>\n");
	for (size_t i = 0; i < rs->n_basis; i++)
		html_printf(b, "<li>%h</li>\n", rs->basis[i]);
	html_printf(b, "</ul>\n");
	pass_section(b, rs);
	html_printf(b, "<h2>Tiêu chí và chỉ tiêu</h2>\n<div class=\"toolbar\" data-toggle-details></div>\n");
	for (size_t i = 0; i < rs->n_criteria; i++)
		criterion_section(b, &rs->criteria[i]);
	html_printf(b, "<p>Dữ liệu dạng JSON: <a href=\"/api/v1/rulesets/%u\"><code>/api/v1/rulesets/%h</code></a></p>\n",
		    rs->id, rs->id);
	layout_end(b);
}

void rulepages_api_list(struct http_req *req, struct http_resp *resp)
{
	const struct reg *r = reg_of(req);
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < reg_count(r); i++) {
		json_t *s = rsjson_summary(reg_at(r, i));
		if (s == NULL || json_array_append_new(arr, s) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	json_t *root = arr ? json_pack("{s:o}", "rulesets", arr) : NULL;
	if (root == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	http_json(resp, 200, root);
}

void rulepages_api_show(struct http_req *req, struct http_resp *resp)
{
	const struct rs_ruleset *rs = reg_find(reg_of(req), http_param(req, "id"));
	if (rs == NULL) {
		http_error(req, resp, 404, "Không có bộ quy tắc với mã này; xem /api/v1/rulesets.");
		return;
	}
	json_t *j = rsjson_ruleset(rs);
	if (j == NULL) {
		http_error(req, resp, 500, NULL);
		return;
	}
	http_json(resp, 200, j);
}
