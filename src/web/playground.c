/* playground.c — the score playground (see playground.h).
 *
 * Form fields are named "ITEM/FIELD" exactly as the score CSV's item and
 * field columns ("1.1/assigned", "2/points", "head_discipline/triggered",
 * "commune_class/value"), so each non-empty field is one sc_sheet_set()
 * call and an error belongs to exactly one field. */
#include "web/playground.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "core/score.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#define MAX_FIELD_ERRORS 64

/* What the form shows: submitted values and per-field errors. */
struct state {
	const struct form *values;       /* NULL on GET */
	const char *err_name[MAX_FIELD_ERRORS];
	const char *err_msg[MAX_FIELD_ERRORS];
	size_t n_err;
};

static const char *value_of(const struct state *st, const char *name)
{
	return st->values ? form_get(st->values, name) : NULL;
}

static const char *error_of(const struct state *st, const char *name)
{
	for (size_t i = 0; i < st->n_err; i++)
		if (strcmp(st->err_name[i], name) == 0)
			return st->err_msg[i];
	return NULL;
}

/* One labelled input. `id` doubles as the field name. */
static void field(struct buf *b, const struct state *st, const char *item, const char *fld,
		  const char *label, const char *hint)
{
	char name[160];
	snprintf(name, sizeof name, "%s/%s", item, fld);
	const char *err = error_of(st, name);
	html_printf(b, "<label for=\"f-%a\">%h <small>%h</small></label>\n"
		    "<input type=\"text\" inputmode=\"decimal\" id=\"f-%a\" name=\"%a\" value=\"%a\"%S>\n",
		    name, label, hint, name, name, value_of(st, name),
		    err ? " aria-invalid=\"true\"" : "");
	if (err)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", err);
}

static void item_fields(struct buf *b, const struct state *st, const struct rs_ruleset *rs,
			const struct rs_item *it)
{
	static const char *const HINT[] = {"số nguyên ≥ 0", "số ≥ 0", "0 đến 100", "0 hoặc 1"};
	char hint[64];
	for (size_t i = 0; it->parent == NULL && i < it->n_inputs; i++)
		field(b, st, it->code, it->inputs[i].name, it->inputs[i].label, HINT[it->inputs[i].type]);
	bool computed = it->n_inputs > 0 || it->n_subs > 0;
	if (rs->mode == RS_MODE_ACHIEVEMENT && !computed)
		field(b, st, it->code, "met", "Đạt?", "1 = đạt, 0 = không đạt");
	else if (rs->mode == RS_MODE_POINTS && it->kind == RS_POINTS) {
		char mx[32];
		snprintf(hint, sizeof hint, "0 đến %s", pts_format_vi(it->max, mx, sizeof mx));
		field(b, st, it->code, "points", "Điểm", hint);
	}
	if (it->not_arising)
		field(b, st, it->code, "not_arising", "Không phát sinh?", "1 = không phát sinh");
	for (size_t i = 0; i < it->n_subs; i++)
		if (it->subs[i].kind == RS_POINTS) {
			html_printf(b, "<p><strong>%h</strong> %h</p>\n", it->subs[i].code, it->subs[i].title);
			item_fields(b, st, rs, &it->subs[i]);
		}
}

static void sheet_form(struct buf *b, const struct state *st, const struct rs_ruleset *rs)
{
	html_printf(b, "<form method=\"post\" action=\"/tinh-diem\">\n"
		    "<input type=\"hidden\" name=\"bo\" value=\"%a\">\n", rs->id);
	if (rs->pass.total_min_by_class[0] != TC_PTS_NONE)
		field(b, st, "commune_class", "value", "Loại đơn vị hành chính", "I, II hoặc III");
	for (size_t g = 0; g < rs->n_gates; g++)
		field(b, st, rs->gates[g].code, "triggered", rs->gates[g].title, "1 = có xảy ra");
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		html_printf(b, "<details open>\n<summary>Tiêu chí %h. %h</summary>\n", cr->code, cr->title);
		if (cr->n_items == 0)
			field(b, st, cr->code, "points", "Điểm của tiêu chí", "");
		for (size_t i = 0; i < cr->n_items; i++) {
			html_printf(b, "<h3>%h. %h</h3>\n", cr->items[i].code, cr->items[i].title);
			item_fields(b, st, rs, &cr->items[i]);
		}
		html_printf(b, "</details>\n");
	}
	html_printf(b, "<p><input type=\"submit\" value=\"Tính điểm\"></p>\n</form>\n");
}

static void choose_form(struct buf *b, const struct reg *r, const struct rs_ruleset *cur)
{
	html_printf(b, "<form method=\"get\" action=\"/tinh-diem\">\n"
		    "<label for=\"bo\">Bộ quy tắc</label>\n<select id=\"bo\" name=\"bo\">\n");
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		html_printf(b, "<option value=\"%a\"%S>%h (%d–%d)</option>\n", rs->id,
			    rs == cur ? " selected" : "", rs->id, rs->year_from, rs->year_to);
	}
	html_printf(b, "</select>\n<input type=\"submit\" value=\"Chọn\">\n</form>\n");
}

static void reason_line(struct buf *b, const struct rs_ruleset *rs, const char *r)
{
	const char *colon = strchr(r, ':');
	const char *code = colon ? colon + 1 : "";
	if (strcmp(r, "total_below_min") == 0)
		html_printf(b, "<li>Tổng điểm chưa đạt mức tối thiểu.</li>\n");
	else if (strncmp(r, "criterion_below_min:", 20) == 0)
		html_printf(b, "<li>Tiêu chí %h chưa đạt mức tối thiểu.</li>\n", code);
	else if (strncmp(r, "indicator_below_min:", 20) == 0)
		html_printf(b, "<li>Chỉ tiêu %h chưa đạt.</li>\n", code);
	else if (strncmp(r, "gate:", 5) == 0) {
		const struct rs_gate *g = rs_find_gate(rs, code);
		html_printf(b, "<li>Thuộc trường hợp không được công nhận: %h.</li>\n", g ? g->title : code);
	} else if (strncmp(r, "incomplete:", 11) == 0)
		html_printf(b, "<li>Chưa có kết quả của %h.</li>\n",
			    strcmp(code, "commune_class") == 0 ? "loại đơn vị hành chính" : code);
	else
		html_printf(b, "<li>%h</li>\n", r);
}

static const char *source_vi(enum sc_source s)
{
	switch (s) {
	case SC_COMPUTED: return "tính từ số liệu";
	case SC_ENTERED: return "nhập trực tiếp";
	case SC_NOT_ARISING: return "không phát sinh";
	default: return "chưa có số liệu";
	}
}

static void result_rows(struct buf *b, const struct sc_item_result *ir)
{
	html_printf(b, "<tr><th scope=\"row\">%h</th><td class=\"num\">%P</td><td>%h%S</td><td>%h</td></tr>\n",
		    ir->item->code, ir->points, source_vi(ir->source),
		    ir->provisional ? " <span class=\"badge prov\">Tạm tính</span>" : "", ir->explain);
	for (size_t i = 0; i < ir->n_subs; i++)
		result_rows(b, &ir->subs[i]);
}

static void result_section(struct buf *b, const struct sc_result *res)
{
	const struct rs_ruleset *rs = res->rs;
	html_printf(b, "<section aria-labelledby=\"kq\">\n<h2 id=\"kq\">Kết quả</h2>\n"
		    "<p>Tổng điểm: <strong>%P</strong>. Kết luận: %S%S</p>\n", res->total,
		    res->recognised ? "<span class=\"verdict-pass\">Đủ điều kiện công nhận</span>"
				    : "<span class=\"verdict-fail\">Chưa đủ điều kiện công nhận</span>",
		    res->provisional ? " <span class=\"badge prov\">Tạm tính</span> (kết quả dựa vào giá trị tạm tính)" : "");
	if (res->n_reasons) {
		html_printf(b, "<p>Lý do:</p>\n<ul>\n");
		for (size_t i = 0; i < res->n_reasons; i++)
			reason_line(b, rs, res->reasons[i]);
		html_printf(b, "</ul>\n");
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Mã</th>"
		    "<th scope=\"col\" class=\"num\">Điểm</th><th scope=\"col\">Nguồn</th>"
		    "<th scope=\"col\">Giải thích</th></tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		html_printf(b, "<tr><th scope=\"row\">Tiêu chí %h</th><td class=\"num\">%P</td><td>%S</td><td>%h</td></tr>\n",
			    cr->crit->code, cr->points, cr->met ? "đạt" : "chưa đạt", cr->explain);
		for (size_t i = 0; i < cr->n_items; i++)
			result_rows(b, &cr->items[i]);
	}
	html_printf(b, "</tbody></table></div>\n</section>\n");
}

static const struct rs_ruleset *chosen(struct http_req *req, const struct form *f)
{
	const struct reg *r = pages_reg(http_app(req));
	const char *id = form_get(f, "bo");
	const struct rs_ruleset *rs = id ? reg_find(r, id) : NULL;
	if (rs == NULL && id == NULL && reg_count(r) > 0)
		rs = reg_at(r, reg_count(r) - 1);
	return rs;
}

static void page(struct http_req *req, struct http_resp *resp, const struct rs_ruleset *rs,
		 const struct state *st, const struct sc_result *res, const char *msg)
{
	struct buf *b = http_out(resp);
	layout_begin(b, "Tính điểm thử", "/tinh-diem");
	html_printf(b, "<h1>Tính điểm thử</h1>\n<p class=\"lead\">Nhập số liệu của từng chỉ tiêu; máy chủ tính "
		    "điểm theo bộ quy tắc đã chọn và giải thích cách tính. Không có gì được lưu lại.</p>\n");
	choose_form(b, pages_reg(http_app(req)), rs);
	if (msg)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n", msg);
	if (res)
		result_section(b, res);
	sheet_form(b, st, rs);
	layout_end(b);
}

void play_get(struct http_req *req, struct http_resp *resp)
{
	const struct rs_ruleset *rs = chosen(req, http_query(req));
	if (rs == NULL) {
		http_error(req, resp, 404, "Không có bộ quy tắc với mã này. Xem danh sách tại /quy-tac.");
		return;
	}
	struct state st = {0};
	page(req, resp, rs, &st, NULL, NULL);
}

/* Feeds every non-empty "ITEM/FIELD" value to the sheet; collects errors
 * per field. */
static void fill(struct http_req *req, struct sc_sheet *sh, struct state *st)
{
	const struct form *f = st->values;
	for (size_t i = 0; i < f->n; i++) {
		const char *slash = strchr(f->f[i].name, '/');
		if (slash == NULL || f->f[i].value[0] == '\0')
			continue;
		char item[128];
		snprintf(item, sizeof item, "%.*s", (int)(slash - f->f[i].name), f->f[i].name);
		struct tc_err err = {0};
		const char *msg = NULL;
		tc_pts ignored;
		/* the engine's messages are English (CLI); say it in Vietnamese
		 * here and keep the engine's detail in brackets */
		if (strcmp(item, "commune_class") != 0 && pts_parse(f->f[i].value, &ignored) != 0)
			msg = "Phải là một số, tối đa hai chữ số thập phân (ví dụ 12 hoặc 12,5).";
		else if (sc_sheet_set(sh, item, slash + 1, f->f[i].value, (long)i + 1, &err) != 0) {
			char m[TC_ERR_MSG_MAX + 64];
			snprintf(m, sizeof m, "Giá trị không hợp lệ cho ô này (%s).", err.msg);
			msg = arena_strdup(http_arena(req), m);
		}
		if (msg && st->n_err < MAX_FIELD_ERRORS) {
			st->err_name[st->n_err] = f->f[i].name;
			st->err_msg[st->n_err] = msg;
			st->n_err++;
		}
	}
}

void play_post(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (http_form(req, &f, &err) != 0) {
		http_error_from(req, resp, &err);
		return;
	}
	const struct rs_ruleset *rs = chosen(req, &f);
	if (rs == NULL) {
		http_error(req, resp, 422, "Hãy chọn một bộ quy tắc có trong danh sách.");
		return;
	}
	struct state st = {.values = &f};
	struct sc_sheet *sh = sc_sheet_new(rs, &err);
	if (sh == NULL) {
		http_error_from(req, resp, &err);
		return;
	}
	fill(req, sh, &st);
	struct sc_result *res = NULL;
	const char *msg = NULL;
	if (st.n_err == 0) {
		res = sc_evaluate(sh, NULL, &err);
		if (res == NULL)
			msg = arena_strdup(http_arena(req), err.msg);
	} else {
		msg = "Có số liệu không hợp lệ; xem thông báo bên dưới từng ô.";
	}
	if (msg)
		http_status(resp, 422);
	page(req, resp, rs, &st, res, msg);
	sc_result_free(res);
	sc_sheet_free(sh);
}
