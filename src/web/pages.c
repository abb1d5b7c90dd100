/* pages.c — routes table, home page, API index (see pages.h). */
#include "web/pages.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/dossier.h"
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
#include "web/pilotdel.h"
#include "web/pilotforms.h"
#include "web/pilotpages.h"
#include "web/playground.h"
#include "web/rulepages.h"
#include "web/server.h"
#include "web/session.h"
#include "store/store.h"

struct pages_app {
	struct reg_holder *regs;  /* owned: the current registry (swapped on reload) */
	pthread_mutex_t reload_mu; /* one reload at a time */
	atomic_llong gen;          /* the store's upload generation regs includes */
	struct srv_config cfg;  /* copy; strings belong to the caller */
};

/* With --db: open the database once at start-up, so a wrong path fails
 * `tiepcan serve` at once and pending migrations run before any worker
 * thread opens its own connection (session.c); the uploaded rule sets are
 * read from it then. */
static struct reg *startup_reg(const struct srv_config *cfg, struct tc_err *err)
{
	if (cfg->db_path == NULL)
		return reg_load(cfg->rules_dir, err);
	struct store *st = store_open(cfg->db_path, STORE_OPEN_EXISTING, err);
	if (st == NULL)
		return NULL;
	struct reg *r = reg_load_store(cfg->rules_dir, st, err);
	if (r == NULL)
		tc_err_prefix(err, "loading the rule sets kept in %s: ", cfg->db_path);
	store_close(st);
	return r;
}

struct pages_app *pages_app_new(const struct srv_config *cfg, struct tc_err *err)
{
	struct pages_app *app = tc_calloc(1, sizeof *app);
	if (app == NULL || pthread_mutex_init(&app->reload_mu, NULL) != 0) {
		tc_free(app);
		tc_err_set(err, TC_ENOMEM, "out of memory loading the web application");
		return NULL;
	}
	app->cfg = *cfg;
	struct reg *r = startup_reg(cfg, err);
	if (r)
		atomic_init(&app->gen, reg_generation(r));
	if (r == NULL || (app->regs = reg_holder_new(r, err)) == NULL) {
		pthread_mutex_destroy(&app->reload_mu);
		tc_free(app);
		return NULL;
	}
	return app;
}

void pages_app_free(struct pages_app *app)
{
	if (app == NULL)
		return;
	reg_holder_free(app->regs);
	pthread_mutex_destroy(&app->reload_mu);
	tc_free(app);
}

int pages_reload(struct pages_app *app, struct store *st, struct tc_err *err)
{
	pthread_mutex_lock(&app->reload_mu);
	int64_t g = store_ruleset_generation(st, err);
	int rc = g < 0 ? -1 : 0;
	if (rc == 0 && g != atomic_load(&app->gen)) {
		struct reg *r = reg_load_store(app->cfg.rules_dir, st, err);
		if (r == NULL) {
			/* Keep serving the sets we have; do not retry on every request. */
			atomic_store(&app->gen, g);
			rc = -1;
		} else {
			atomic_store(&app->gen, reg_generation(r));
			reg_holder_set(app->regs, r);
		}
	}
	pthread_mutex_unlock(&app->reload_mu);
	return rc;
}

static void pin_release(void *p)
{
	reg_free(p);
}

/* The registry a request reads is taken once, on its first use, and held
 * until the request's arena is freed: a reload meanwhile (this or another
 * thread) swaps in a new one without pulling the sets from under a page
 * being written. Taking it first checks the store's upload generation, so
 * a rule set another server process stored is seen on the next request. */
const struct reg *pages_reg(struct pages_app *app)
{
	struct http_req *req = http_current();
	if (req == NULL || http_app(req) != app)
		return reg_holder_peek(app->regs);
	struct arena *a = http_arena(req);
	struct reg *r = arena_deferred(a, pin_release);
	if (r)
		return r;
	struct store *st = app->cfg.db_path ? web_store_quiet(req) : NULL;
	if (st) {
		struct tc_err err = {0};
		int64_t g = store_ruleset_generation(st, &err);
		if (g >= 0 && g != atomic_load(&app->gen))
			pages_reload(app, st, &err); /* on failure the current sets stay */
	}
	r = reg_holder_get(app->regs);
	/* Out of memory: keep the reference for good rather than risk it. */
	(void)arena_defer(a, pin_release, r);
	return r;
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
	pilotf_routes,
	pilotd_routes,
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

/* ---- Response cache ------------------------------------------------------ */

/* Public GET pages whose response is a pure function of the URL, the
 * committed data, the rule sets and the day, when asked anonymously. "*" is
 * one path segment. Not here on purpose: sign-in and objection forms
 * (/dang-nhap, /niem-yet: per-visitor tokens and cookies), downloads
 * (/bao-cao), /static (already served from memory with ETags). */
static const char *const CACHEABLE[] = {
	"/", "/quy-tac", "/quy-tac/*", "/api/v1", "/api/v1/rulesets", "/api/v1/rulesets/*",
	"/ket-qua", "/ket-qua/*/*", "/api/v1/results",
	"/bang-dieu-khien", "/bang-dieu-khien/chart/*", "/api/v1/dashboard",
	NULL,
};

static bool seg_match(const char *pat, const char *path)
{
	while (*pat && *path) {
		if (*pat == '*') {
			size_t n = strcspn(path, "/");
			if (n == 0)
				return false;
			path += n;
			pat++;
		} else if (*pat++ != *path++) {
			return false;
		}
	}
	return *pat == '\0' && *path == '\0';
}

bool pages_cacheable_path(const char *path)
{
	for (size_t i = 0; CACHEABLE[i]; i++)
		if (seg_match(CACHEABLE[i], path))
			return true;
	return false;
}

/* The store's change counter on this thread's connection; 0 without a
 * database (then only the rule-set pages answer 200). */
static bool change_seq(struct http_req *req, int64_t *seq)
{
	const struct pages_app *app = http_app(req);
	*seq = 0;
	if (app == NULL || pages_cfg(app)->db_path == NULL)
		return app != NULL;
	struct http_resp *scratch = http_resp_new(http_arena(req));
	if (scratch == NULL)
		return false;
	struct store *st = web_store(req, scratch);
	struct tc_err err = {0};
	bool ok = st != NULL && store_change_seq(st, seq, &err) == 0;
	http_resp_free(scratch);
	return ok;
}

/* "LEN:BYTES": a key field that no other field sequence can imitate. */
static void key_field(struct buf *key, const char *s, size_t n)
{
	char len[24];
	snprintf(len, sizeof len, "%zu:", n);
	buf_puts(key, len);
	buf_append(key, s, n);
}

bool pages_cache_key(struct http_req *req, struct buf *key, int64_t *seq)
{
	/* Anyone who sends a cookie (a session, a pending form) or credentials
	 * may see a page of their own: never from or into the cache. */
	if (http_header(req, "Cookie") || http_header(req, "Authorization") ||
	    !pages_cacheable_path(http_path(req)) || !change_seq(req, seq))
		return false;
	const struct pages_app *app = http_app(req);
	struct cal_date d;
	dos_today(&d);
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	/* The day twice: the app clock (TIEPCAN_NOW, Vietnam) and UTC decide
	 * default years and deadlines. The rule sets' upload generation changes
	 * when they are reloaded. Lengths make the query fields unambiguous. */
	char head[112];
	snprintf(head, sizeof head, "%d|%04d-%02d-%02d|%04d-%02d-%02d|%lld|", http_secure(req) ? 1 : 0,
		 d.y, d.m, d.d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 (long long)atomic_load(&app->gen));
	buf_puts(key, head);
	key_field(key, http_path(req), strlen(http_path(req)));
	const struct form *q = http_query(req);
	for (size_t i = 0; i < q->n; i++) {
		buf_puts(key, "|");
		key_field(key, q->f[i].name, strlen(q->f[i].name));
		buf_puts(key, "=");
		key_field(key, q->f[i].value, q->f[i].len);
	}
	return !buf_failed(key);
}
