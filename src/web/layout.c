/* layout.c — the page frame (see layout.h). */
#include "web/layout.h"

#include <string.h>

#include "web/html.h"
#include "web/session.h"

struct nav_entry {
	const char *href;
	const char *label;
};

/* Trusted constants: the only strings written with %S below. */
static const struct nav_entry NAV[] = {
	{"/", "Trang chủ"},
	{"/quy-tac", "Quy tắc chấm điểm"},
	{"/tinh-diem", "Tính điểm thử"},
};

/* Who is signed in (for the request being dispatched on this thread):
 * name, role and a logout button, or a sign-in link. */
static void account(struct buf *b)
{
	struct http_req *req = http_current();
	const struct web_user *u = req ? web_user(req) : NULL;
	html_printf(b, "<div class=\"account\">");
	if (u == NULL) {
		html_printf(b, "<a href=\"/dang-nhap\">Đăng nhập</a>");
	} else {
		html_printf(b, "<span class=\"who\">%h <small>(%h)</small></span>\n"
			    "<form method=\"post\" action=\"/dang-xuat\" class=\"logout\">",
			    u->display_name, web_role_label(u->role));
		web_csrf_field(req, b);
		html_printf(b, "<button type=\"submit\" class=\"secondary\">Đăng xuất</button></form>");
		if (u->role == WF_ROLE_COMMUNE) /* the commune's dossiers (assess.c) */
			html_printf(b, "\n<a href=\"/xa\">Hồ sơ của xã</a>");
		else /* review pages (review) */
			html_printf(b, "\n<a href=\"/tham-dinh\">Thẩm định</a>"
				    "\n<a href=\"/hoi-dong\">Hội đồng</a>"
				    "\n<a href=\"/quyet-dinh\">Quyết định</a>");
		html_printf(b, "\n<a href=\"/ke-hoach\">Kế hoạch</a>"   /* pilotpages.c */
			       "\n<a href=\"/bao-cao\">Báo cáo</a>"); /* dashpages.c */
		if (u->role == WF_ROLE_ADMIN)
			html_printf(b, "\n<a href=\"/quan-tri/nguoi-dung\">Quản trị</a>");
	}
	html_printf(b, "</div>\n");
}

void layout_begin(struct buf *b, const char *title, const char *active)
{
	html_printf(b,
		"<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%h · tiepcan</title>\n"
		"<link rel=\"icon\" href=\"data:,\">\n"
		"<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
		"<script src=\"/static/app.js\" defer></script>\n"
		"</head>\n<body>\n"
		"<a class=\"skip\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n"
		"<header class=\"site\">\n<div class=\"wrap\">\n"
		"<a class=\"brand\" href=\"/\">tiepcan</a>\n"
		"<nav aria-label=\"Điều hướng chính\">\n<ul>\n", title);
	for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
		int cur = active && strcmp(active, NAV[i].href) == 0;
		html_printf(b, "<li><a href=\"%S\"%S>%S</a></li>\n", NAV[i].href,
			    cur ? " aria-current=\"page\"" : "", NAV[i].label);
	}
	html_printf(b, "</ul>\n</nav>\n");
	account(b);
	html_printf(b, "</div>\n</header>\n"
		       "<main id=\"noi-dung\" class=\"wrap\" tabindex=\"-1\">\n");
}

void layout_end(struct buf *b)
{
	html_printf(b, "</main>\n<footer class=\"site\">\n<div class=\"wrap\">\n"
		       "<p>tiepcan — đánh giá, công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật.</p>\n"
		       "<p>Điểm số được tính chính xác đến hai chữ số thập phân; các giá trị "
		       "chưa có văn bản chính thức được đánh dấu <strong>tạm tính</strong>.</p>\n"
		       "</div>\n</footer>\n</body>\n</html>\n");
}
