/* pages.c — routes table, home page, API index (see pages.h). */
#include "web/pages.h"

#include <pthread.h>
#include <string.h>

#include "app/registry.h"
#include "util/mem.h"
#include "web/admin.h"
#include "web/adminpages.h"
#include "web/assets.h"
#include "web/html.h"
#include "web/dashpages.h"
#include "web/layout.h"
#include "web/assess.h"
#include "web/councilpages.h"
#include "web/login.h"
#include "web/public.h"
#include "web/reviewpages.h"
#include "web/pilotpages.h"
#include "web/playground.h"
#include "web/rulepages.h"
#include "web/server.h"
#include "store/store.h"

struct pages_app {
	struct reg *reg;  /* owned; read-only once serving */
	struct srv_config cfg;  /* copy; strings belong to the caller */
};

/* With --db: open the database once at start-up, so a wrong path fails
 * `tiepcan serve` at once and pending migrations run before any worker
 * thread opens its own connection (session.c). */
static int check_db(const char *path, struct tc_err *err)
{
	if (path == NULL)
		return 0;
	struct store *st = store_open(path, STORE_OPEN_EXISTING, err);
	if (st == NULL)
		return -1;
	store_close(st);
	return 0;
}

struct pages_app *pages_app_new(const struct srv_config *cfg, struct tc_err *err)
{
	struct pages_app *app = tc_calloc(1, sizeof *app);
	if (app == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory loading the web application");
		return NULL;
	}
	app->cfg = *cfg;
	if (check_db(cfg->db_path, err) != 0) {
		tc_free(app);
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

const struct srv_config *pages_cfg(const struct pages_app *app)
{
	return &app->cfg;
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
		"<li><h2><a href=\"/ket-qua\">Kết quả công nhận</a></h2>\n"
		"<p>Danh sách xã đạt chuẩn và chưa đạt chuẩn theo năm và tỉnh; tìm xã không cần "
		"gõ dấu.</p></li>\n"
		"<li><h2><a href=\"/api/v1\">Giao diện lập trình (API)</a></h2>\n"
		"<p>Dữ liệu dạng JSON tại <code>/api/v1</code>, ví dụ danh sách bộ quy tắc: "
		"<a href=\"/api/v1/rulesets\"><code>/api/v1/rulesets</code></a>.</p></li>\n"
		"</ul>\n");
	layout_end(b);
}

static void api_index(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	json_t *j = json_pack("{s:s,s:s,s:[s,s,s,s]}", "name", "tiepcan", "api", "v1",
			      "endpoints", "/api/v1/rulesets", "/api/v1/rulesets/{id}",
			      "/api/v1/session", "/api/v1/audit");
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

/* Every page module's table, in order: ONE line per module. */
static const struct http_route *const TABLES[] = {
	ROUTES,
	login_routes,
	admin_routes,
	adminpages_routes,
	dashp_routes,
	assess_routes,
	public_routes,
	reviewpages_routes,
	councilpages_routes,
	pilotp_routes,
	NULL,
};

#define MAX_ROUTES 512
static struct http_route all_routes[MAX_ROUTES + 1];
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

/* Concatenates the tables once (a table over MAX_ROUTES is a build bug:
 * the extra routes are left out and the startup check in tests fails). */
static void routes_build(void)
{
	size_t n = 0;
	for (size_t t = 0; TABLES[t]; t++)
		for (const struct http_route *r = TABLES[t]; r->method && n < MAX_ROUTES; r++)
			all_routes[n++] = *r;
	all_routes[n] = (struct http_route){NULL, NULL, NULL};
}

const struct http_route *pages_routes(void)
{
	pthread_once(&routes_once, routes_build);
	return all_routes;
}
