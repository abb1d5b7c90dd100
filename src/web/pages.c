/* pages.c — routes table, home page, API index (see pages.h). */
#include "web/pages.h"

#include <string.h>

#include "app/registry.h"
#include "util/mem.h"
#include "web/assets.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/playground.h"
#include "web/rulepages.h"
#include "web/server.h"

struct pages_app {
	struct reg *reg;  /* owned; read-only once serving */
};

struct pages_app *pages_app_new(const struct srv_config *cfg, struct tc_err *err)
{
	struct pages_app *app = tc_calloc(1, sizeof *app);
	if (app == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory loading the web application");
		return NULL;
	}
	app->reg = reg_load(cfg->rules_dir, err);
	if (app->reg == NULL) {
		tc_free(app);
		return NULL;
	}
	return app;
}

void pages_app_free(struct pages_app *app)
{
	if (app == NULL)
		return;
	reg_free(app->reg);
	tc_free(app);
}

const struct reg *pages_reg(const struct pages_app *app)
{
	return app->reg;
}

static void page_home(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	struct buf *b = http_out(resp);
	layout_begin(b, "Trang chủ", "/");
	html_printf(b,
		"<h1>Đánh giá, công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật</h1>\n"
		"<p class=\"lead\">tiepcan hỗ trợ toàn bộ quy trình hằng năm: xã tự chấm điểm theo "
		"các tiêu chí, chỉ tiêu do Thủ tướng Chính phủ quy định và cách tính điểm theo "
		"thông tư của Bộ Tư pháp, kèm tài liệu kiểm chứng; niêm yết kết quả; Hội đồng đánh "
		"giá; Chủ tịch công nhận; tỉnh công bố danh sách và báo cáo.</p>\n"
		"<ul class=\"cards\">\n"
		"<li><h2><a href=\"/quy-tac\">Quy tắc chấm điểm</a></h2>\n"
		"<p>Các bộ tiêu chí theo từng giai đoạn (Quyết định 619/QĐ-TTg năm 2017, "
		"25/2021/QĐ-TTg, 27/2025/QĐ-TTg): tiêu chí, chỉ tiêu, điểm tối đa, căn cứ pháp lý "
		"và những giá trị còn <strong>tạm tính</strong>.</p></li>\n"
		"<li><h2><a href=\"/tinh-diem\">Tính điểm thử</a></h2>\n"
		"<p>Nhập số liệu của một chỉ tiêu và xem điểm được tính thế nào.</p></li>\n"
		"<li><h2><a href=\"/api/v1\">Giao diện lập trình (API)</a></h2>\n"
		"<p>Dữ liệu dạng JSON tại <code>/api/v1</code>, ví dụ danh sách bộ quy tắc: "
		"<a href=\"/api/v1/rulesets\"><code>/api/v1/rulesets</code></a>.</p></li>\n"
		"</ul>\n");
	layout_end(b);
}

static void api_index(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	json_t *j = json_pack("{s:s,s:s,s:[s,s]}", "name", "tiepcan", "api", "v1",
			      "endpoints", "/api/v1/rulesets", "/api/v1/rulesets/{id}");
	http_json(resp, 200, j);
}

static const struct http_route ROUTES[] = {
	{"GET", "/", page_home},
	{"GET", "/static/{file}", assets_serve},
	{"GET", "/quy-tac", rulepages_list},
	{"GET", "/quy-tac/{id}", rulepages_show},
	{"GET", "/tinh-diem", play_get},
	{"POST", "/tinh-diem", play_post},
	{"GET", "/api/v1", api_index},
	{"GET", "/api/v1/rulesets", rulepages_api_list},
	{"GET", "/api/v1/rulesets/{id}", rulepages_api_show},
	{NULL, NULL, NULL},
};

const struct http_route *pages_routes(void)
{
	return ROUTES;
}
