/* pilotdel.c — deletion of pilot records (see pilotdel.h).
 *
 * Every kind of record has an open() that finds it and applies the gates of
 * its edit page (404 unknown, 403 another province's or commune's), a
 * describe() for the confirmation page and a del() that calls the store
 * (one transaction, one audit entry). Writers only: reviewers and
 * administrators; a commune user never deletes. Each POST/DELETE passes the
 * CSRF gate before anything is looked up or written. */
#include "web/pilotdel.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "store/store.h"
#include "web/arena.h"
#include "web/form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pilotforms.h"
#include "web/pilotpages.h"
#include "web/session.h"

#define WRITERS (WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_ADMIN))

/* One deletion in progress: the record as read, where to go afterwards. */
struct del {
	int64_t id;               /* the record (the plan for a pilot or the document) */
	struct store_plan p;      /* the plan (task, pilot commune, document) */
	union {
		struct store_plan_task t;
		struct store_official o;
		struct store_training tr;
		struct store_inspection in;
		struct store_plan_pilot pp;
	} u;
	char back[128];           /* 303 target after the deletion, with ?da-xoa= */
	char cancel[128];         /* the record's own page */
	char why[512];            /* non-empty: the deletion is refused (409), why */
};

struct kind {
	const char *api;          /* "task": the JSON answer's "deleted" */
	const char *title;        /* page title: "Xóa nhiệm vụ" */
	int (*open)(struct http_req *req, struct http_resp *resp, struct store *st,
		    struct del *d);
	void (*describe)(struct store *st, const struct del *d, struct buf *b);
	int (*del)(struct store *st, const struct del *d, struct tc_err *err);
};

static int count_cb(const void *row, void *ctx)
{
	(void)row;
	++*(long *)ctx;
	return 0;
}

/* ---- Tasks ---------------------------------------------------------------------------- */

static int task_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct del *d)
{
	if (pilotf_task_for_write(req, resp, st, &d->u.t, &d->p) != 0)
		return -1;
	d->id = d->u.t.id;
	snprintf(d->back, sizeof d->back, "/ke-hoach/%lld?da-xoa=nhiem-vu", (long long)d->p.id);
	snprintf(d->cancel, sizeof d->cancel, "/nhiem-vu/%lld", (long long)d->id);
	return 0;
}

static int note_count_cb(const struct store_task_note *n, void *ctx)
{
	return count_cb(n, ctx);
}

static int file_count_cb(const struct store_task_file *f, void *ctx)
{
	return count_cb(f, ctx);
}

static void task_describe(struct store *st, const struct del *d, struct buf *b)
{
	long notes = 0, files = 0;
	struct tc_err err = {0};
	store_task_note_list(st, d->id, note_count_cb, &notes, &err);
	store_task_file_list(st, d->id, file_count_cb, &files, &err);
	html_printf(b, "<p>Nhiệm vụ <strong>%h</strong> (%h) của kế hoạch %h, cùng %ld ghi chép "
		    "tiến độ và %ld tệp kiểm chứng đính kèm.</p>\n", d->u.t.title,
		    pilotp_group_vi(d->u.t.grp), d->p.number, notes, files);
}

static int task_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_plan_task_delete(st, d->id, err);
}

/* ---- Officials -------------------------------------------------------------------------- */

static void add_ref(char *why, size_t n, long count, const char *what)
{
	if (count <= 0)
		return;
	size_t len = strlen(why);
	snprintf(why + len, n - len, "%s%ld %s", len ? ", " : "", count, what);
}

/* Refuse, don't cascade (store_official_delete says why): the message names
 * what still refers to the official and how to free it. */
static void official_why(struct store *st, struct del *d)
{
	struct store_official_refs r;
	struct tc_err err = {0};
	char list[256] = "";
	d->why[0] = '\0';
	if (store_official_refs(st, d->id, &r, &err) != 0) {
		snprintf(d->why, sizeof d->why, "Không kiểm tra được công chức này còn được dùng ở "
			 "đâu; chưa xóa. Vui lòng thử lại.");
		return;
	}
	add_ref(list, sizeof list, r.duties, "chỉ tiêu đang được phân công phụ trách");
	add_ref(list, sizeof list, r.handovers, "lần bàn giao trong lịch sử phân công");
	add_ref(list, sizeof list, r.trainings, "buổi tập huấn có tên tham dự");
	add_ref(list, sizeof list, r.accounts, "tài khoản đăng nhập gắn với công chức");
	add_ref(list, sizeof list, r.indicators, "chỉ tiêu trong phiếu đánh giá ghi là người phụ trách");
	if (list[0])
		snprintf(d->why, sizeof d->why, "Không xóa được: công chức này còn %s. Hãy bàn giao "
			 "chỉ tiêu cho người khác, bỏ tên khỏi các buổi tập huấn (trang sửa buổi tập "
			 "huấn) rồi xóa lại; nếu đã có lịch sử bàn giao, hãy giữ hồ sơ này.", list);
}

static int official_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct del *d)
{
	if (pilotf_official_open(req, resp, st, &d->u.o) != 0)
		return -1;
	d->id = d->u.o.id;
	official_why(st, d);
	snprintf(d->back, sizeof d->back, "/can-bo?xa=%s&da-xoa=can-bo", d->u.o.unit_code);
	snprintf(d->cancel, sizeof d->cancel, "/can-bo/%lld", (long long)d->id);
	return 0;
}

static void official_describe(struct store *st, const struct del *d, struct buf *b)
{
	(void)st;
	html_printf(b, "<p>Công chức <strong>%h</strong>%S%h của xã <code>%h</code>.</p>\n",
		    d->u.o.full_name, d->u.o.position[0] ? ", " : "", d->u.o.position,
		    d->u.o.unit_code);
}

static int official_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_official_delete(st, d->id, err);
}

/* ---- Trainings -------------------------------------------------------------------------- */

static int training_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct del *d)
{
	if (pilotf_training_open(req, resp, st, &d->u.tr) != 0)
		return -1;
	d->id = d->u.tr.id;
	snprintf(d->back, sizeof d->back, "/tap-huan?da-xoa=tap-huan");
	snprintf(d->cancel, sizeof d->cancel, "/tap-huan/%lld", (long long)d->id);
	return 0;
}

static int att_count_cb(const struct store_official *o, void *ctx)
{
	return count_cb(o, ctx);
}

static void training_describe(struct store *st, const struct del *d, struct buf *b)
{
	long n = 0;
	struct tc_err err = {0};
	store_training_attendees(st, d->id, att_count_cb, &n, &err);
	char day[11];
	pilotp_vn_date(d->u.tr.held_on, day);
	html_printf(b, "<p>Buổi tập huấn <strong>%h</strong> ngày %h tại %h, cùng danh sách %ld "
		    "người tham dự (hồ sơ công chức vẫn giữ).</p>\n", d->u.tr.topic, day,
		    d->u.tr.place, n);
}

static int training_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_training_delete(st, d->id, err);
}

/* ---- Inspections ------------------------------------------------------------------------ */

static int insp_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct del *d)
{
	if (pilotf_insp_open(req, resp, st, &d->u.in) != 0)
		return -1;
	d->id = d->u.in.id;
	snprintf(d->back, sizeof d->back, "/kiem-tra?da-xoa=kiem-tra");
	snprintf(d->cancel, sizeof d->cancel, "/kiem-tra/%lld", (long long)d->id);
	return 0;
}

static void insp_describe(struct store *st, const struct del *d, struct buf *b)
{
	(void)st;
	char day[11];
	pilotp_vn_date(d->u.in.visited_on, day);
	html_printf(b, "<p>Lần kiểm tra tại xã <code>%h</code> ngày %h, cùng kết quả kiểm tra và "
		    "việc cần làm tiếp đã ghi:</p>\n<blockquote>%h</blockquote>\n",
		    d->u.in.unit_code, day, d->u.in.findings[0] ? d->u.in.findings : "(chưa ghi)");
}

static int insp_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_inspection_delete(st, d->id, err);
}

/* ---- Pilot communes of a plan ----------------------------------------------------------- */

struct pilot_find {
	const char *unit;
	struct store_plan_pilot *out;
	int hit;
};

static int pilot_find_cb(const struct store_plan_pilot *pp, void *ctx)
{
	struct pilot_find *f = ctx;
	if (strcmp(pp->unit_code, f->unit) != 0)
		return 0;
	*f->out = *pp;
	f->hit = 1;
	return 1;
}

/* The plan's gate, then the commune's (as for changing the commune). */
static int pilot_open(struct http_req *req, struct http_resp *resp, struct store *st,
		      struct del *d)
{
	d->id = pilotp_id(http_param(req, "id"));
	if (pilotp_plan_for_write(req, resp, st, d->id, &d->p) != 0)
		return -1;
	const char *unit = http_param(req, "unit");
	struct pilot_find f = {unit ? unit : "", &d->u.pp, 0};
	struct tc_err err = {0};
	if (store_plan_pilot_list(st, d->id, pilot_find_cb, &f, &err) != 0) {
		web_store_error(req, resp, &err);
		return -1;
	}
	if (!f.hit) {
		http_error(req, resp, 404, "Kế hoạch không có xã điểm này.");
		return -1;
	}
	if (!web_gate_unit(req, resp, d->u.pp.unit_code, d->u.pp.target_year))
		return -1;
	snprintf(d->back, sizeof d->back, "/ke-hoach/%lld?da-xoa=xa-diem", (long long)d->id);
	snprintf(d->cancel, sizeof d->cancel, "/ke-hoach/%lld", (long long)d->id);
	return 0;
}

static void pilot_describe(struct store *st, const struct del *d, struct buf *b)
{
	(void)st;
	html_printf(b, "<p>Bỏ <strong>%h</strong> (<code>%h</code>, phấn đấu đạt chuẩn năm %d) khỏi "
		    "kế hoạch %h. Phân công phụ trách chỉ tiêu của xã theo từng năm không thuộc "
		    "riêng kế hoạch nên được giữ nguyên.</p>\n", d->u.pp.name, d->u.pp.unit_code,
		    d->u.pp.target_year, d->p.number);
}

static int pilot_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_plan_pilot_delete(st, d->id, d->u.pp.unit_code, err);
}

/* ---- The plan's document ---------------------------------------------------------------- */

static int file_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct del *d)
{
	d->id = pilotp_id(http_param(req, "id"));
	if (pilotp_plan_for_write(req, resp, st, d->id, &d->p) != 0)
		return -1;
	if (d->p.file_sha256[0] == '\0') {
		http_error(req, resp, 404, "Kế hoạch này chưa có văn bản đính kèm.");
		return -1;
	}
	snprintf(d->back, sizeof d->back, "/ke-hoach/%lld?da-xoa=tep", (long long)d->id);
	snprintf(d->cancel, sizeof d->cancel, "/ke-hoach/%lld", (long long)d->id);
	return 0;
}

static void file_describe(struct store *st, const struct del *d, struct buf *b)
{
	(void)st;
	html_printf(b, "<p>Văn bản đính kèm <strong>%h</strong> của kế hoạch %h (SHA-256 "
		    "<code>%h</code>). Kế hoạch vẫn giữ; có thể tải lên văn bản đúng sau.</p>\n",
		    d->p.file_name, d->p.number, d->p.file_sha256);
}

static int file_del(struct store *st, const struct del *d, struct tc_err *err)
{
	return store_plan_file_delete(st, d->id, err);
}

static const struct kind K_TASK = {"task", "Xóa nhiệm vụ", task_open, task_describe, task_del};
static const struct kind K_OFFICIAL = {"official", "Xóa công chức", official_open,
				       official_describe, official_del};
static const struct kind K_TRAINING = {"training", "Xóa buổi tập huấn", training_open,
				       training_describe, training_del};
static const struct kind K_INSP = {"inspection", "Xóa lần kiểm tra", insp_open, insp_describe,
				   insp_del};
static const struct kind K_PILOT = {"pilot", "Bỏ xã điểm khỏi kế hoạch", pilot_open,
				    pilot_describe, pilot_del};
static const struct kind K_FILE = {"plan_file", "Xóa văn bản kế hoạch", file_open, file_describe,
				   file_del};

/* ---- The three handlers, shared by every kind ------------------------------------------- */

/* Signed-in writer, store open, the record found and within reach. */
static struct store *open_record(struct http_req *req, struct http_resp *resp,
				 const struct kind *k, struct del *d)
{
	struct store *st = web_store(req, resp);
	if (st == NULL || k->open(req, resp, st, d) != 0)
		return NULL;
	return st;
}

/* The request's deletion record (arena: freed with the request); NULL
 * after a 500 when memory ran out. */
static struct del *new_del(struct http_req *req, struct http_resp *resp)
{
	struct del *d = arena_calloc(http_arena(req), 1, sizeof *d);
	if (d == NULL)
		http_error(req, resp, 500, NULL);
	return d;
}

/* GET …/xoa: what will go, and the form that deletes it (or why it cannot). */
static void confirm(struct http_req *req, struct http_resp *resp, const struct kind *k)
{
	struct del *d = new_del(req, resp);
	struct store *st;
	if (d == NULL || !web_gate_role(req, resp, WRITERS) ||
	    (st = open_record(req, resp, k, d)) == NULL)
		return;
	struct buf *b = pilotp_page(resp, 200, k->title);
	html_printf(b, "<h1>%h</h1>\n", k->title);
	k->describe(st, d, b);
	if (d->why[0]) {
		html_printf(b, "<p class=\"field-error\" role=\"alert\">%h</p>\n<p><a href=\"%a\">"
			    "Quay lại</a></p>\n", d->why, d->cancel);
		layout_end(b);
		return;
	}
	html_printf(b, "<p><strong>Thao tác này không hoàn tác được.</strong> Việc xóa được ghi "
		    "vào nhật ký kiểm tra.</p>\n<form method=\"post\" action=\"%a\">\n", http_path(req));
	web_csrf_field(req, b);
	html_printf(b, "<p><button type=\"submit\">Xóa</button> <a href=\"%a\">Hủy</a></p>\n"
		    "</form>\n", d->cancel);
	layout_end(b);
}

/* Deletes d's record; 0, or -1 with the error answer sent (409 with the
 * Vietnamese reason when refused). */
static int run_delete(struct http_req *req, struct http_resp *resp, struct store *st,
		      const struct kind *k, struct del *d)
{
	struct tc_err err = {0};
	if (d->why[0] == '\0' && k->del(st, d, &err) == 0)
		return 0;
	if (d->why[0] == '\0' && err.code == TC_ECONFLICT && k == &K_OFFICIAL)
		official_why(st, d); /* referred to since the page was read */
	if (d->why[0])
		http_error(req, resp, 409, d->why);
	else
		web_store_error(req, resp, &err);
	return -1;
}

/* POST …/xoa: CSRF, delete, 303 to the list with the notice. */
static void delete_form(struct http_req *req, struct http_resp *resp, const struct kind *k)
{
	struct form f;
	struct del *d;
	struct store *st;
	if (!web_gate_role(req, resp, WRITERS) || pilotp_post_form(req, resp, &f) != 0 ||
	    (d = new_del(req, resp)) == NULL || (st = open_record(req, resp, k, d)) == NULL ||
	    run_delete(req, resp, st, k, d) != 0)
		return;
	http_status(resp, 303);
	http_add_header(resp, "Location", d->back);
}

/* DELETE /api/v1/…: 200 {"deleted":kind,"id":N} (the session API's style). */
static void delete_api(struct http_req *req, struct http_resp *resp, const struct kind *k)
{
	struct del *d = new_del(req, resp);
	struct store *st;
	if (d == NULL || !web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL) ||
	    (st = open_record(req, resp, k, d)) == NULL || run_delete(req, resp, st, k, d) != 0)
		return;
	json_t *j = json_pack("{s:s,s:I}", "deleted", k->api, "id", (json_int_t)d->id);
	if (k == &K_PILOT)
		json_object_set_new(j, "unit", json_string(d->u.pp.unit_code));
	http_json(resp, 200, j);
}

static void task_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_TASK); }
static void task_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_TASK); }
static void task_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_TASK); }
static void off_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_OFFICIAL); }
static void off_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_OFFICIAL); }
static void off_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_OFFICIAL); }
static void tr_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_TRAINING); }
static void tr_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_TRAINING); }
static void tr_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_TRAINING); }
static void insp_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_INSP); }
static void insp_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_INSP); }
static void insp_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_INSP); }
static void pilot_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_PILOT); }
static void pilot_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_PILOT); }
static void pilot_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_PILOT); }
static void file_get(struct http_req *q, struct http_resp *r) { confirm(q, r, &K_FILE); }
static void file_post(struct http_req *q, struct http_resp *r) { delete_form(q, r, &K_FILE); }
static void file_api(struct http_req *q, struct http_resp *r) { delete_api(q, r, &K_FILE); }

/* ---- Shared with the list and detail pages ---------------------------------------------- */

void pilotd_notice(struct http_req *req, struct buf *b)
{
	static const char *const MSG[][2] = {
		{"nhiem-vu", "Đã xóa nhiệm vụ cùng tiến độ và tệp kiểm chứng của nhiệm vụ."},
		{"can-bo", "Đã xóa công chức."},
		{"tap-huan", "Đã xóa buổi tập huấn cùng danh sách người tham dự."},
		{"kiem-tra", "Đã xóa lần kiểm tra."},
		{"xa-diem", "Đã bỏ xã điểm khỏi kế hoạch."},
		{"tep", "Đã xóa văn bản đính kèm của kế hoạch."},
	};
	const char *k = form_get(http_query(req), "da-xoa");
	for (size_t i = 0; k && i < sizeof MSG / sizeof MSG[0]; i++)
		if (strcmp(k, MSG[i][0]) == 0)
			html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>\n", MSG[i][1]);
}

void pilotd_button(struct buf *b, const char *prefix, int64_t id)
{
	html_printf(b, "<form method=\"get\" action=\"%a%lld/xoa\"><p><button type=\"submit\">Xóa"
		    "</button></p></form>\n", prefix, (long long)id);
}

const struct http_route pilotd_routes[] = {
	{"GET", "/nhiem-vu/{id}/xoa", task_get},
	{"POST", "/nhiem-vu/{id}/xoa", task_post},
	{"DELETE", "/api/v1/tasks/{id}", task_api},
	{"GET", "/can-bo/{id}/xoa", off_get},
	{"POST", "/can-bo/{id}/xoa", off_post},
	{"DELETE", "/api/v1/officials/{id}", off_api},
	{"GET", "/tap-huan/{id}/xoa", tr_get},
	{"POST", "/tap-huan/{id}/xoa", tr_post},
	{"DELETE", "/api/v1/trainings/{id}", tr_api},
	{"GET", "/kiem-tra/{id}/xoa", insp_get},
	{"POST", "/kiem-tra/{id}/xoa", insp_post},
	{"DELETE", "/api/v1/inspections/{id}", insp_api},
	{"GET", "/ke-hoach/{id}/xa-diem/{unit}/xoa", pilot_get},
	{"POST", "/ke-hoach/{id}/xa-diem/{unit}/xoa", pilot_post},
	{"DELETE", "/api/v1/plans/{id}/pilots/{unit}", pilot_api},
	{"GET", "/ke-hoach/{id}/tep/xoa", file_get},
	{"POST", "/ke-hoach/{id}/tep/xoa", file_post},
	{"DELETE", "/api/v1/plans/{id}/file", file_api},
	{NULL, NULL, NULL},
};
