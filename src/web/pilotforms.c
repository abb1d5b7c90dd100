/* pilotforms.c — the create/edit pages of the pilot records that were API
 * only (tasks with progress notes and evidence files, officials, training
 * sessions, inspection visits), the plan's attached document, and their
 * JSON endpoints (see pilotforms.h).
 *
 * Pages work without JavaScript: a refused form comes back with status 400,
 * the typed values and a Vietnamese message next to the field, and nothing
 * written. Writers: reviewers (their province) and administrators; a
 * commune user only reports progress on its own commune's tasks. Every POST,
 * PUT and PATCH passes the CSRF gate; every change is one store transaction,
 * audited by the store. */
#include "web/pilotforms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/mem.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/pilotdel.h"
#include "web/pilotpages.h"
#include "web/reviewpages.h"
#include "web/session.h"

#define WRITERS (WEB_ROLES(WF_ROLE_REVIEWER) | WEB_ROLES(WF_ROLE_ADMIN))

/* A re-rendered form: the values typed (NULL on first display) and the
 * refused field with its message. */
struct fstate {
	const struct form *f;
	const char *bad, *msg;
};

static const char *val(const struct fstate *fs, const char *name, const char *cur)
{
	return fs && fs->f ? form_get(fs->f, name) : cur;
}

static int is_writer(const struct web_user *u)
{
	return u->role == WF_ROLE_REVIEWER || u->role == WF_ROLE_ADMIN;
}

static void alert(struct buf *b, const struct fstate *fs)
{
	if (fs && fs->bad)
		html_printf(b, "<p class=\"field-error\" role=\"alert\">Chưa lưu: %h</p>\n", fs->msg);
}

static const char *fbad(const struct fstate *fs)
{
	return fs ? fs->bad : NULL;
}

static const char *fmsg(const struct fstate *fs)
{
	return fs ? fs->msg : NULL;
}

/* The writers' gate and the store, which nearly every page here opens
 * together: NULL when either has answered. */
static struct store *writer_store(struct http_req *req, struct http_resp *resp)
{
	return web_gate_role(req, resp, WRITERS) ? web_store(req, resp) : NULL;
}

/* writer_store, then the plan of the path if the user may change it
 * (pilotp_plan_for_write: 404/403). */
static struct store *plan_writer(struct http_req *req, struct http_resp *resp,
				 struct store_plan *p)
{
	struct store *st = writer_store(req, resp);
	if (st == NULL || pilotp_plan_for_write(req, resp, st, pilotp_id(http_param(req, "id")),
						p) != 0)
		return NULL;
	return st;
}

/* ---- Files: the checks of evidence uploads ------------------------------------------
 * The declared type must be accepted (store_evidence_type_ok) AND the bytes
 * must start like it (mp_content_matches), as for the commune's evidence. */

/* NULL if the file may be stored, else the Vietnamese reason. */
static const char *file_refused(const struct mp_part *p)
{
	if (p->len == 0)
		return "Tệp rỗng: hãy chọn lại tệp.";
	if (p->len > STORE_EVIDENCE_MAX)
		return "Tệp lớn hơn 20 MB: hãy quét với độ phân giải thấp hơn hoặc tách tệp.";
	if (!store_evidence_type_ok(p->content_type) || !mp_content_matches(p->content_type, p->data, p->len))
		return "Loại tệp không được chấp nhận (chỉ PDF, ảnh JPEG/PNG, Word, Excel, ODT, ODS).";
	return NULL;
}

/* The fields of a urlencoded or multipart body as a form; *file = the part
 * named "file" when a file was chosen (NULL otherwise). */
static int any_form(struct http_req *req, struct form *f, const struct mp_part **file,
		    struct tc_err *err)
{
	*file = NULL;
	const char *ct = http_header(req, "Content-Type");
	if (ct == NULL || strncmp(ct, "multipart/", 10) != 0)
		return http_form(req, f, err);
	struct arena *ar = http_arena(req);
	char *bd = mp_boundary(ar, ct, err);
	size_t len = 0, n = 0;
	const char *body = http_body(req, &len);
	struct mp_limits lim = {0};
	mp_limits_default(&lim);
	lim.max_file = 2 * STORE_EVIDENCE_MAX; /* an oversized file gets its own message */
	struct mp_part *parts = NULL;
	if (bd == NULL || mp_parse(ar, bd, body ? body : "", len, &lim, &parts, &n, err) != 0)
		return -1;
	struct form_field *ff = arena_calloc(ar, n ? n : 1, sizeof *ff);
	if (ff == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory reading a form");
	f->f = ff;
	f->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].filename == NULL)
			ff[f->n++] = (struct form_field){parts[i].name, parts[i].data, parts[i].len};
		else if (strcmp(parts[i].name, "file") == 0 &&
			 (parts[i].len > 0 || parts[i].filename[0] != '\0'))
			*file = &parts[i];
	}
	return 0;
}

static void file_input(struct buf *b, const char *label, const struct fstate *fs)
{
	html_printf(b, "<p><label for=\"file\">%h</label><br><input type=\"file\" id=\"file\" "
		    "name=\"file\" accept=\".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.odt,.ods\">",
		    label);
	pilotp_field_err(b, "file", fbad(fs), fmsg(fs));
	html_printf(b, "</p>\n");
}

/* ---- Tasks ------------------------------------------------------------------------------ */

struct task_in {
	const char *group, *title, *unit, *responsible, *person, *deadline;
};

static int task_validate(const struct task_in *in, struct store_plan_task *t, const char **bad,
			 const char **msg)
{
#define BAD(f, m) do { *bad = (f); *msg = (m); return -1; } while (0)
	int64_t g = pilotp_id(in->group);
	if (g < 1 || g > STORE_TASK_GROUPS)
		BAD("group", "Chọn nhóm nhiệm vụ (1 đến 7).");
	t->grp = (int)g;
	if (in->title == NULL || in->title[0] == '\0')
		BAD("title", "Nhập tên nhiệm vụ.");
	if (strlen(in->title) >= sizeof t->title)
		BAD("title", "Tên nhiệm vụ quá dài (tối đa 500 ký tự).");
	snprintf(t->title, sizeof t->title, "%s", in->title);
	const char *u = in->unit ? in->unit : "";
	if (u[0] && (strlen(u) != 5 || strspn(u, "0123456789") != 5))
		BAD("unit", "Mã xã gồm 5 chữ số (để trống nếu nhiệm vụ ở cấp tỉnh).");
	snprintf(t->unit_code, sizeof t->unit_code, "%s", u);
	if (in->responsible && strlen(in->responsible) >= sizeof t->responsible)
		BAD("responsible", "Tên đơn vị chủ trì quá dài.");
	snprintf(t->responsible, sizeof t->responsible, "%s", in->responsible ? in->responsible : "");
	if (in->person && strlen(in->person) >= sizeof t->person)
		BAD("person", "Tên người phụ trách quá dài.");
	snprintf(t->person, sizeof t->person, "%s", in->person ? in->person : "");
	if (pilotp_iso_date(in->deadline, t->deadline) != 0)
		BAD("deadline", "Thời hạn không hợp lệ: nhập một ngày có thật dạng dd/mm/yyyy, ví dụ "
		    "30/06/2018.");
	return 0;
#undef BAD
}

/* A task's commune must exist in the plan's year and lie in the plan's
 * province (its commune account then reports progress on it). */
static void task_in_form(const struct form *f, struct task_in *in)
{
	in->group = form_get(f, "group");
	in->title = form_get(f, "title");
	in->unit = form_get(f, "unit");
	in->responsible = form_get(f, "responsible");
	in->person = form_get(f, "person");
	in->deadline = form_get(f, "deadline");
}

static void group_select(struct buf *b, const char *cur, const struct fstate *fs)
{
	html_printf(b, "<p><label for=\"group\">Nhóm nhiệm vụ</label><br><select id=\"group\" "
		    "name=\"group\">\n");
	for (int g = 1; g <= STORE_TASK_GROUPS; g++) {
		char v[4];
		snprintf(v, sizeof v, "%d", g);
		html_printf(b, "<option value=\"%d\"%S>%h</option>\n", g,
			    cur && strcmp(cur, v) == 0 ? " selected" : "", pilotp_group_vi(g));
	}
	html_printf(b, "</select>");
	pilotp_field_err(b, "group", fbad(fs), fmsg(fs));
	html_printf(b, "</p>\n");
}

/* The task form; t = the task being edited (NULL: a new task of plan). */
static void task_form(struct http_req *req, struct buf *b, const struct store_plan *p,
		      const struct store_plan_task *t, const struct fstate *fs)
{
	char d[11] = "", g[4] = "";
	if (t) {
		pilotp_vn_date(t->deadline, d);
		snprintf(g, sizeof g, "%d", t->grp);
		html_printf(b, "<form method=\"post\" action=\"/nhiem-vu/%lld/sua\" novalidate>\n",
			    (long long)t->id);
	} else {
		html_printf(b, "<form method=\"post\" action=\"/ke-hoach/%lld/nhiem-vu\" novalidate>\n",
			    (long long)p->id);
	}
	web_csrf_field(req, b);
	group_select(b, val(fs, "group", t ? g : NULL), fs);
	pilotp_input(b, "title", "Tên nhiệm vụ", val(fs, "title", t ? t->title : NULL), fbad(fs),
		     fmsg(fs));
	pilotp_input(b, "unit", "Mã xã thực hiện (để trống: cấp tỉnh)",
		     val(fs, "unit", t ? t->unit_code : NULL), fbad(fs), fmsg(fs));
	pilotp_input(b, "responsible", "Đơn vị chủ trì",
		     val(fs, "responsible", t ? t->responsible : NULL), fbad(fs), fmsg(fs));
	pilotp_input(b, "person", "Người phụ trách", val(fs, "person", t ? t->person : NULL),
		     fbad(fs), fmsg(fs));
	pilotp_input(b, "deadline", "Thời hạn (dd/mm/yyyy)", val(fs, "deadline", t ? d : NULL),
		     fbad(fs), fmsg(fs));
	html_printf(b, "<p><button type=\"submit\">%S</button></p>\n</form>\n",
		    t ? "Lưu nhiệm vụ" : "Thêm nhiệm vụ");
}

static void new_task_page(struct http_req *req, struct http_resp *resp, int status,
			  const struct store_plan *p, const struct fstate *fs)
{
	struct buf *b = pilotp_page(resp, status, "Thêm nhiệm vụ");
	html_printf(b, "<h1>Thêm nhiệm vụ — kế hoạch <a href=\"/ke-hoach/%lld\">%h</a></h1>\n",
		    (long long)p->id, p->number);
	alert(b, fs);
	task_form(req, b, p, NULL, fs);
	layout_end(b);
}

static void page_task_new(struct http_req *req, struct http_resp *resp)
{
	struct store_plan p;
	struct store *st = plan_writer(req, resp, &p);
	if (st == NULL)
		return;
	new_task_page(req, resp, 200, &p, NULL);
}

static void page_task_create(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, WRITERS))
		return;
	struct store *st;
	struct store_plan p;
	if (pilotp_post_form(req, resp, &f) != 0 || (st = web_store(req, resp)) == NULL ||
	    pilotp_plan_for_write(req, resp, st, pilotp_id(http_param(req, "id")), &p) != 0)
		return;
	struct task_in in;
	task_in_form(&f, &in);
	struct store_plan_task t;
	memset(&t, 0, sizeof t);
	t.plan_id = p.id;
	struct fstate fs = {&f, NULL, NULL};
	int64_t id = 0;
	if (task_validate(&in, &t, &fs.bad, &fs.msg) != 0 ||
	    pilotp_task_unit_ok(st, &p, t.unit_code, &fs.bad, &fs.msg) != 0) {
		new_task_page(req, resp, 400, &p, &fs);
		return;
	}
	int wrc = store_plan_task_add(st, &t, &id, &err);
	pilotp_saved(req, resp, wrc, &err, "/nhiem-vu/", id);
}

/* The task and its plan, readable by the user (404 otherwise). */
static int task_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct store_plan_task *t, struct store_plan *p)
{
	struct tc_err err = {0};
	if (store_plan_task_get(st, pilotp_id(http_param(req, "id")), t, &err) != 0 ||
	    store_plan_get(st, t->plan_id, web_scope(req), p, &err) != 0) {
		http_error(req, resp, 404, "Không có nhiệm vụ này.");
		return -1;
	}
	return 0;
}

/* Signed in, the store, and the task of the path with its plan (task_open);
 * NULL when answered. */
static struct store *task_read(struct http_req *req, struct http_resp *resp,
			       struct store_plan_task *t, struct store_plan *p)
{
	struct store *st;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL ||
	    task_open(req, resp, st, t, p) != 0)
		return NULL;
	return st;
}

/* May the user report progress on t? Writers of the plan's province, or
 * the commune the task is assigned to. */
static int may_report(struct store *st, const struct web_user *u, const struct store_plan_task *t,
		      const struct store_plan *p)
{
	if (u->role == WF_ROLE_COMMUNE)
		return t->unit_code[0] && strcmp(t->unit_code, u->scope.code) == 0;
	if (!is_writer(u))
		return 0;
	char prov[4];
	pilotp_user_province(st, u, prov);
	return prov[0] == '\0' || strcmp(prov, p->province) == 0;
}

struct tctx {
	struct buf *b;
	int64_t task;
};

static int tnote_cb(const struct store_task_note *n, void *ctx)
{
	struct tctx *c = ctx;
	char d[11];
	pilotp_vn_date(n->on_date, d);
	html_printf(c->b, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n", d,
		    pilotp_status_vi(n->status), n->note, n->actor);
	return 0;
}

static int tfile_cb(const struct store_task_file *f, void *ctx)
{
	struct tctx *c = ctx;
	html_printf(c->b, "<li><a href=\"/nhiem-vu/%lld/tep/%lld\">%h</a> (%lld byte, %h; "
		    "SHA-256 <code>%h</code>)</li>\n", (long long)c->task, (long long)f->id,
		    f->original_name, (long long)f->size, f->uploaded_by, f->sha256);
	return 0;
}

static void status_select(struct buf *b, const char *cur, const struct fstate *fs)
{
	static const char *const ST[3] = {"open", "in_progress", "done"};
	html_printf(b, "<p><label for=\"status\">Tình trạng</label><br><select id=\"status\" "
		    "name=\"status\">\n");
	for (int i = 0; i < 3; i++)
		html_printf(b, "<option value=\"%S\"%S>%h</option>\n", ST[i],
			    cur && strcmp(cur, ST[i]) == 0 ? " selected" : "",
			    pilotp_status_vi(ST[i]));
	html_printf(b, "</select>");
	pilotp_field_err(b, "status", fbad(fs), fmsg(fs));
	html_printf(b, "</p>\n");
}

static void progress_form(struct http_req *req, struct buf *b, const struct store_plan_task *t,
			  const struct fstate *fs)
{
	html_printf(b, "<h2>Báo cáo tiến độ</h2>\n");
	alert(b, fs);
	html_printf(b, "<form method=\"post\" action=\"/nhiem-vu/%lld\" enctype=\"multipart/form-data\" "
		    "novalidate>\n", (long long)t->id);
	web_csrf_field(req, b);
	status_select(b, val(fs, "status", t->status), fs);
	pilotp_input(b, "date", "Ngày (dd/mm/yyyy; để trống: hôm nay)", val(fs, "date", NULL),
		     fbad(fs), fmsg(fs));
	pilotp_input(b, "note", "Nội dung đã làm", val(fs, "note", NULL), fbad(fs), fmsg(fs));
	file_input(b, "Tài liệu kiểm chứng (không bắt buộc; PDF, ảnh, Word, Excel; tối đa 20 MB)", fs);
	html_printf(b, "<p><button type=\"submit\">Ghi tiến độ</button></p>\n</form>\n");
}

static void task_page(struct http_req *req, struct http_resp *resp, struct store *st, int status,
		      const struct store_plan_task *t, const struct store_plan *p,
		      const struct fstate *fs)
{
	char d[11], today[11];
	pilotp_vn_date(t->deadline, d);
	pilotp_today(today);
	int late = pilotp_overdue(t->deadline, t->status, today);
	struct buf *b = pilotp_page(resp, status, "Nhiệm vụ");
	html_printf(b, "<h1>Nhiệm vụ: %h</h1>\n<dl><dt>Kế hoạch</dt><dd><a href=\"/ke-hoach/%lld\">"
		    "%h</a></dd><dt>Nhóm</dt><dd>%h</dd><dt>Xã thực hiện</dt><dd>%h</dd>"
		    "<dt>Đơn vị chủ trì</dt><dd>%h</dd><dt>Người phụ trách</dt><dd>%h</dd>"
		    "<dt>Thời hạn</dt><dd%S>%h%S</dd><dt>Tình trạng</dt><dd>%h</dd></dl>\n", t->title,
		    (long long)p->id, p->number, pilotp_group_vi(t->grp),
		    t->unit_code[0] ? t->unit_code : "Cấp tỉnh", t->responsible[0] ? t->responsible : "—",
		    t->person[0] ? t->person : "—", late ? " class=\"overdue\"" : "", d,
		    late ? " — Quá hạn" : "", pilotp_status_vi(t->status));
	const struct web_user *u = web_user(req);
	if (is_writer(u)) {
		html_printf(b, "<p><a href=\"/nhiem-vu/%lld/sua\">Sửa nhiệm vụ</a></p>\n",
			    (long long)t->id);
		pilotd_button(b, "/nhiem-vu/", t->id);
	}
	html_printf(b, "<h2>Tiến độ</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>Ngày</th>"
		    "<th>Tình trạng</th><th>Nội dung</th><th>Người ghi</th></tr></thead><tbody>\n");
	struct tctx c = {b, t->id};
	struct tc_err err = {0};
	int rc = store_task_note_list(st, t->id, tnote_cb, &c, &err);
	html_printf(b, "</tbody></table></div>\n<h2>Tài liệu kiểm chứng</h2>\n<ul>\n");
	if (rc == 0)
		rc = store_task_file_list(st, t->id, tfile_cb, &c, &err);
	html_printf(b, "</ul>\n");
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	if (may_report(st, u, t, p))
		progress_form(req, b, t, fs);
	layout_end(b);
}

static void page_task(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan_task t;
	struct store_plan p;
	if ((st = task_read(req, resp, &t, &p)) == NULL)
		return;
	task_page(req, resp, st, 200, &t, &p, NULL);
}

/* Progress (status, date, note) and an optional evidence file: validated
 * first, then written in one transaction. */
static int progress_write(struct store *st, const struct store_plan_task *t, const struct form *f,
			  const struct mp_part *file, struct fstate *fs, struct tc_err *err)
{
	const char *status = form_get(f, "status"), *date = form_get(f, "date");
	const char *note = form_get(f, "note");
	char on[11];
	if (status == NULL || (strcmp(status, "open") && strcmp(status, "in_progress") &&
			       strcmp(status, "done")))
		fs->bad = "status", fs->msg = "Chọn tình trạng của nhiệm vụ.";
	else if (date && date[0] && pilotp_iso_date(date, on) != 0)
		fs->bad = "date", fs->msg = "Ngày không hợp lệ: nhập một ngày có thật dạng dd/mm/yyyy.";
	else if (note && strlen(note) >= 1024)
		fs->bad = "note", fs->msg = "Nội dung quá dài (tối đa 1000 ký tự).";
	else if (file && file_refused(file))
		fs->bad = "file", fs->msg = file_refused(file);
	if (fs->bad)
		return -1;
	if (date == NULL || date[0] == '\0')
		pilotp_today(on);
	int rc = store_begin(st, err);
	int began = rc == 0;
	if (rc == 0)
		rc = store_plan_task_progress(st, t->id, status, on, note ? note : "", err);
	if (rc == 0 && file)
		rc = store_task_file_add(st, t->id, file->filename, file->content_type, file->data,
					 file->len, NULL, err);
	if (rc == 0)
		return store_commit(st, err);
	if (began)
		store_rollback(st);
	if (err->code == TC_ECONFLICT)
		fs->bad = "file", fs->msg = "Tệp này đã được đính kèm cho nhiệm vụ.";
	return -1;
}

/* The task of the path if the user may report on it (may_report), for the
 * progress form and the file API; else NULL after 401/404/403 (`refusal`). */
static struct store *task_for_report(struct http_req *req, struct http_resp *resp,
				     struct store_plan_task *t, struct store_plan *p,
				     const char *refusal)
{
	struct store *st = task_read(req, resp, t, p);
	if (st == NULL)
		return NULL;
	if (!may_report(st, web_user(req), t, p)) {
		http_error(req, resp, 403, refusal);
		return NULL;
	}
	return st;
}

static void page_task_progress(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan_task t;
	struct store_plan p;
	if ((st = task_for_report(req, resp, &t, &p, "Bạn không được báo cáo tiến độ của nhiệm vụ này.")) == NULL)
		return;
	struct form f;
	const struct mp_part *file;
	struct tc_err err = {0};
	if (any_form(req, &f, &file, &err) != 0) {
		http_error(req, resp, err.code == TC_ENOMEM ? 500 : 400,
			   "Không đọc được biểu mẫu (mỗi tệp tối đa 20 MB).");
		return;
	}
	if (!web_gate_csrf(req, resp, &f))
		return;
	struct fstate fs = {&f, NULL, NULL};
	if (progress_write(st, &t, &f, file, &fs, &err) != 0) {
		if (fs.bad == NULL) {
			web_store_error(req, resp, &err);
			return;
		}
		task_page(req, resp, st, 400, &t, &p, &fs);
		return;
	}
	pilotp_see_other(resp, "/nhiem-vu/", t.id, "");
}

static void task_edit_page(struct http_req *req, struct http_resp *resp, int status,
			   const struct store_plan_task *t, const struct store_plan *p,
			   const struct fstate *fs)
{
	struct buf *b = pilotp_page(resp, status, "Sửa nhiệm vụ");
	html_printf(b, "<h1>Sửa nhiệm vụ — kế hoạch <a href=\"/ke-hoach/%lld\">%h</a></h1>\n",
		    (long long)p->id, p->number);
	alert(b, fs);
	task_form(req, b, p, t, fs);
	layout_end(b);
}

/* The task if the user may edit it (writer of the plan's province). */
int pilotf_task_for_write(struct http_req *req, struct http_resp *resp, struct store *st,
			  struct store_plan_task *t, struct store_plan *p)
{
	struct tc_err err = {0};
	if (store_plan_task_get(st, pilotp_id(http_param(req, "id")), t, &err) != 0) {
		http_error(req, resp, 404, "Không có nhiệm vụ này.");
		return -1;
	}
	return pilotp_plan_for_write(req, resp, st, t->plan_id, p);
}

static void page_task_edit(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan_task t;
	struct store_plan p;
	if (st == NULL || pilotf_task_for_write(req, resp, st, &t, &p) != 0)
		return;
	task_edit_page(req, resp, 200, &t, &p, NULL);
}

static void page_task_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, WRITERS))
		return;
	struct store *st;
	struct store_plan_task t, cur;
	struct store_plan p;
	if (pilotp_post_form(req, resp, &f) != 0 || (st = web_store(req, resp)) == NULL ||
	    pilotf_task_for_write(req, resp, st, &t, &p) != 0)
		return;
	cur = t;
	struct task_in in;
	task_in_form(&f, &in);
	struct fstate fs = {&f, NULL, NULL};
	if (task_validate(&in, &t, &fs.bad, &fs.msg) != 0 ||
	    pilotp_task_unit_ok(st, &p, t.unit_code, &fs.bad, &fs.msg) != 0) {
		task_edit_page(req, resp, 400, &cur, &p, &fs);
		return;
	}
	pilotp_saved(req, resp, store_plan_task_update(st, &t, &err), &err, "/nhiem-vu/", t.id);
}

struct tfile_find {
	int64_t id;
	struct store_task_file f;
	int hit;
};

static int tfile_find_cb(const struct store_task_file *f, void *ctx)
{
	struct tfile_find *x = ctx;
	if (f->id != x->id)
		return 0;
	x->f = *f;
	x->hit = 1;
	return 1;
}

static void page_task_file(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan_task t;
	struct store_plan p;
	if ((st = task_read(req, resp, &t, &p)) == NULL)
		return;
	struct tfile_find x = {pilotp_id(http_param(req, "file")), {0}, 0};
	struct tc_err err = {0};
	if (x.id == 0 || store_task_file_list(st, t.id, tfile_find_cb, &x, &err) != 0 || !x.hit) {
		http_error(req, resp, 404, "Không có tệp này trong nhiệm vụ.");
		return;
	}
	reviewpages_send_file(req, resp, st, x.f.sha256, x.f.mime_type);
}

/* ---- Tasks: JSON --------------------------------------------------------------------- */

static int tnote_json_cb(const struct store_task_note *n, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:s,s:s}", "date", n->on_date, "status",
					     n->status, "note", n->note, "by", n->actor));
	return 0;
}

static int tfile_json_cb(const struct store_task_file *f, void *ctx)
{
	json_t *a = ((json_t **)ctx)[0];
	int64_t task = (int64_t)json_integer_value(((json_t **)ctx)[1]);
	char url[80];
	snprintf(url, sizeof url, "/nhiem-vu/%lld/tep/%lld", (long long)task, (long long)f->id);
	json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s}", "id", (json_int_t)f->id,
					   "name", f->original_name, "type", f->mime_type, "size",
					   (json_int_t)f->size, "sha256", f->sha256, "uploaded_at",
					   f->uploaded_at, "url", url));
	return 0;
}

/* GET /api/v1/tasks/{id}: the task with its progress notes and files. */
static void api_task_get(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan_task t;
	struct store_plan p;
	if ((st = task_read(req, resp, &t, &p)) == NULL)
		return;
	json_t *notes = json_array(), *files = json_array(), *tid = json_integer(t.id);
	json_t *fc[2] = {files, tid};
	struct tc_err err = {0};
	int rc = store_task_note_list(st, t.id, tnote_json_cb, notes, &err);
	if (rc == 0)
		rc = store_task_file_list(st, t.id, tfile_json_cb, fc, &err);
	json_decref(tid);
	if (rc != 0) {
		json_decref(notes);
		json_decref(files);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, json_pack("{s:I,s:I,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "id",
				       (json_int_t)t.id, "plan", (json_int_t)p.id, "plan_number",
				       p.number, "group", t.grp, "title", t.title, "unit", t.unit_code,
				       "responsible", t.responsible, "person", t.person, "deadline",
				       t.deadline, "status", t.status, "notes", notes, "files", files));
}

static const char *jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* PATCH /api/v1/tasks/{id}: group, title, unit, responsible, person,
 * deadline; fields left out keep their value. */
static void api_task_patch(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan_task t;
	struct store_plan p;
	if (st == NULL || pilotf_task_for_write(req, resp, st, &t, &p) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	char g[24];
	const json_t *gv = json_object_get(j, "group");
	snprintf(g, sizeof g, "%lld", json_is_integer(gv) ? (long long)json_integer_value(gv)
			      : gv ? 0LL : (long long)t.grp);
	struct task_in in = {g, jstr(j, "title"), jstr(j, "unit"), jstr(j, "responsible"),
			     jstr(j, "person"), jstr(j, "deadline")};
	struct store_plan_task cur = t;
	in.title = in.title ? in.title : cur.title;
	in.unit = in.unit ? in.unit : cur.unit_code;
	in.responsible = in.responsible ? in.responsible : cur.responsible;
	in.person = in.person ? in.person : cur.person;
	in.deadline = in.deadline ? in.deadline : cur.deadline;
	const char *bad = NULL, *msg = NULL;
	struct tc_err err = {0};
	if (task_validate(&in, &t, &bad, &msg) != 0 || pilotp_task_unit_ok(st, &p, t.unit_code, &bad, &msg) != 0)
		pilotp_api_bad(resp, bad, msg);
	else if (store_plan_task_update(st, &t, &err) != 0)
		web_store_error(req, resp, &err);
	else
		http_json(resp, 200, json_pack("{s:I,s:s}", "id", (json_int_t)t.id, "deadline",
					       t.deadline));
	json_decref(j);
}

/* CSRF of a multipart API request: the X-CSRF-Token header, else the form's
 * csrf field. */
static int upload_csrf(struct http_req *req, struct http_resp *resp, const struct form *f)
{
	return web_gate_csrf(req, resp, http_header(req, "X-CSRF-Token") ? NULL : f);
}

/* POST /api/v1/tasks/{id}/files (multipart: file). */
static void api_task_file(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan_task t;
	struct store_plan p;
	if ((st = task_for_report(req, resp, &t, &p, "Bạn không được bổ sung tài liệu cho nhiệm vụ này.")) == NULL)
		return;
	struct form f;
	const struct mp_part *file;
	struct tc_err err = {0};
	if (any_form(req, &f, &file, &err) != 0) {
		pilotp_api_bad(resp, "file", "Cần biểu mẫu multipart/form-data với trường file.");
		return;
	}
	if (!upload_csrf(req, resp, &f))
		return;
	const char *why = file ? file_refused(file) : "Chọn tệp để tải lên (trường file).";
	struct store_task_file out;
	if (why)
		pilotp_api_bad(resp, "file", why);
	else if (store_task_file_add(st, t.id, file->filename, file->content_type, file->data,
				     file->len, &out, &err) != 0)
		err.code == TC_ECONFLICT ? pilotp_api_bad(resp, "file", "Tệp này đã được đính kèm.")
					 : web_store_error(req, resp, &err);
	else
		http_json(resp, 201, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)out.id, "sha256",
					       out.sha256, "size", (json_int_t)out.size));
}

/* ---- The plan's official document ------------------------------------------------- */

static int plan_file_store(struct http_req *req, struct http_resp *resp, struct store *st,
			   struct store_plan *p, const struct mp_part *file, int api)
{
	const char *why = file ? file_refused(file) : "Chọn tệp văn bản kế hoạch để tải lên.";
	struct tc_err err = {0};
	if (why == NULL && store_plan_file(st, p->id, file->filename, file->content_type, file->data,
					   file->len, &err) == 0)
		return 0;
	if (why == NULL && err.code != TC_EINPUT) {
		web_store_error(req, resp, &err);
		return -1;
	}
	if (why == NULL)
		why = "Tên tệp không hợp lệ (1 đến 255 byte).";
	if (api)
		pilotp_api_bad(resp, "file", why);
	else /* the plan page again, the message next to the file field */
		pilotp_plan_page(req, resp, file && file->len > STORE_EVIDENCE_MAX ? 413 : 422, why);
	return -1;
}

/* POST /ke-hoach/{id}/tep (page) and /api/v1/plans/{id}/file (API). */
static void plan_upload(struct http_req *req, struct http_resp *resp, int api)
{
	struct store_plan p;
	struct store *st = plan_writer(req, resp, &p);
	if (st == NULL)
		return;
	struct form f;
	const struct mp_part *file;
	struct tc_err err = {0};
	if (any_form(req, &f, &file, &err) != 0) {
		http_error(req, resp, 400, "Không đọc được tệp tải lên (cần biểu mẫu "
			   "multipart/form-data; tối đa 20 MB).");
		return;
	}
	if (!(api ? upload_csrf(req, resp, &f) : web_gate_csrf(req, resp, &f)))
		return;
	if (plan_file_store(req, resp, st, &p, file, api) != 0)
		return;
	if (api) {
		struct store_plan q;
		if (store_plan_get(st, p.id, NULL, &q, &err) != 0) {
			web_store_error(req, resp, &err);
			return;
		}
		http_json(resp, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)q.id, "name",
					       q.file_name, "sha256", q.file_sha256));
		return;
	}
	pilotp_see_other(resp, "/ke-hoach/", p.id, "");
}

static void page_plan_upload(struct http_req *req, struct http_resp *resp)
{
	plan_upload(req, resp, 0);
}

static void api_plan_upload(struct http_req *req, struct http_resp *resp)
{
	plan_upload(req, resp, 1);
}

static void page_plan_file(struct http_req *req, struct http_resp *resp)
{
	if (!web_gate_login(req, resp))
		return;
	struct store *st = web_store(req, resp);
	struct store_plan p;
	struct tc_err err = {0};
	if (st == NULL)
		return;
	if (store_plan_get(st, pilotp_id(http_param(req, "id")), web_scope(req), &p, &err) != 0 ||
	    p.file_sha256[0] == '\0') {
		http_error(req, resp, 404, "Kế hoạch này chưa có văn bản đính kèm.");
		return;
	}
	reviewpages_send_file(req, resp, st, p.file_sha256, p.file_mime);
}

/* For the plan page (pilotpages.c): the attached document and the upload form. */
void pilotf_plan_file_block(struct http_req *req, struct buf *b, const struct store_plan *p,
			    const char *msg)
{
	struct fstate fs = {NULL, msg ? "file" : NULL, msg};
	html_printf(b, "<h2>Văn bản kế hoạch</h2>\n");
	if (p->file_sha256[0])
		html_printf(b, "<p><a href=\"/ke-hoach/%lld/tep\">%h</a> (SHA-256 <code>%h</code>)</p>\n",
			    (long long)p->id, p->file_name, p->file_sha256);
	else
		html_printf(b, "<p>Chưa đính kèm văn bản.</p>\n");
	if (!is_writer(web_user(req)))
		return;
	if (p->file_sha256[0])
		html_printf(b, "<p><a href=\"/ke-hoach/%lld/tep/xoa\">Xóa văn bản đính kèm</a></p>\n",
			    (long long)p->id);
	html_printf(b, "<form method=\"post\" action=\"/ke-hoach/%lld/tep\" "
		    "enctype=\"multipart/form-data\">\n", (long long)p->id);
	web_csrf_field(req, b);
	file_input(b, "Tải lên văn bản (PDF, ảnh, Word; tối đa 20 MB; thay văn bản cũ)", &fs);
	html_printf(b, "<p><button type=\"submit\">Tải lên</button></p>\n</form>\n");
	html_printf(b, "<p><a href=\"/ke-hoach/%lld/nhiem-vu\">Thêm nhiệm vụ</a> · "
		    "<a href=\"/ke-hoach/%lld/xa-diem\">Thêm hoặc sửa xã điểm</a></p>\n",
		    (long long)p->id, (long long)p->id);
}

/* ---- Officials --------------------------------------------------------------------- */

static void area(struct buf *b, const char *id, const char *label, const char *value,
		 const struct fstate *fs)
{
	int bad = fbad(fs) && strcmp(fbad(fs), id) == 0;
	html_printf(b, "<p><label for=\"%a\">%h</label><br><textarea id=\"%a\" name=\"%a\" rows=\"5\" "
		    "cols=\"70\"%S>%h</textarea>", id, label, id, id, bad ? " aria-invalid=\"true\"" : "",
		    value ? value : "");
	pilotp_field_err(b, id, fbad(fs), fmsg(fs));
	html_printf(b, "</p>\n");
}

struct off_in {
	const char *name, *position, *phone, *email;
};

static int official_validate(const struct off_in *in, struct store_official *o, const char **bad,
			     const char **msg)
{
	if (in->name == NULL || in->name[0] == '\0')
		*bad = "name", *msg = "Nhập họ tên công chức.";
	else if (strlen(in->name) >= sizeof o->full_name)
		*bad = "name", *msg = "Họ tên quá dài.";
	else if (in->position && strlen(in->position) >= sizeof o->position)
		*bad = "position", *msg = "Chức vụ quá dài.";
	else if (in->phone && (strlen(in->phone) >= sizeof o->phone ||
			       strspn(in->phone, "0123456789 +.-()") != strlen(in->phone)))
		*bad = "phone", *msg = "Số điện thoại chỉ gồm chữ số, dấu cách và + . - ( ).";
	else if (in->email && in->email[0] && (strlen(in->email) >= sizeof o->email ||
					       strchr(in->email, '@') == NULL))
		*bad = "email", *msg = "Thư điện tử không hợp lệ (cần có @).";
	if (*bad)
		return -1;
	snprintf(o->full_name, sizeof o->full_name, "%s", in->name);
	snprintf(o->position, sizeof o->position, "%s", in->position ? in->position : "");
	snprintf(o->phone, sizeof o->phone, "%s", in->phone ? in->phone : "");
	snprintf(o->email, sizeof o->email, "%s", in->email ? in->email : "");
	return 0;
}

static void off_in_form(const struct form *f, struct off_in *in)
{
	in->name = form_get(f, "name");
	in->position = form_get(f, "position");
	in->phone = form_get(f, "phone");
	in->email = form_get(f, "email");
}

static void official_fields(struct buf *b, const struct store_official *o, const struct fstate *fs)
{
	pilotp_input(b, "name", "Họ và tên", val(fs, "name", o ? o->full_name : NULL), fbad(fs),
		     fmsg(fs));
	pilotp_input(b, "position", "Chức vụ", val(fs, "position", o ? o->position : NULL),
		     fbad(fs), fmsg(fs));
	pilotp_input(b, "phone", "Điện thoại", val(fs, "phone", o ? o->phone : NULL), fbad(fs),
		     fmsg(fs));
	pilotp_input(b, "email", "Thư điện tử", val(fs, "email", o ? o->email : NULL), fbad(fs),
		     fmsg(fs));
}

static int off_row_cb(const struct store_official *o, void *ctx)
{
	html_printf(ctx, "<tr><td><a href=\"/can-bo/%lld\">%h</a></td><td>%h</td><td><code>%h</code>"
		    "</td><td>%h</td><td>%h</td></tr>\n", (long long)o->id, o->full_name, o->position,
		    o->unit_code, o->phone, o->email);
	return 0;
}

static void officials_page(struct http_req *req, struct http_resp *resp, int status,
			   const struct fstate *fs)
{
	struct store *st = web_store(req, resp);
	if (st == NULL)
		return;
	const char *xa = form_get(http_query(req), "xa");
	if (xa && xa[0] == '\0')
		xa = NULL;
	struct buf *b = pilotp_page(resp, status, "Cán bộ, công chức");
	html_printf(b, "<h1>Cán bộ, công chức phụ trách</h1>\n<form method=\"get\" action=\"/can-bo\">"
		    "<label for=\"xa\">Mã xã</label> <input id=\"xa\" name=\"xa\" value=\"%a\"> "
		    "<button type=\"submit\">Lọc</button></form>\n<div class=\"table-wrap\"><table>"
		    "<thead><tr><th>Họ tên</th><th>Chức vụ</th><th>Xã</th><th>Điện thoại</th>"
		    "<th>Thư điện tử</th></tr></thead><tbody>\n", xa ? xa : "");
	pilotd_notice(req, b);
	struct tc_err err = {0};
	if (store_official_list(st, xa, web_scope(req), off_row_cb, b, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</tbody></table></div>\n");
	if (is_writer(web_user(req))) {
		char y[8];
		char today[11];
		pilotp_today(today);
		snprintf(y, sizeof y, "%.4s", today);
		html_printf(b, "<h2>Thêm công chức</h2>\n");
		alert(b, fs);
		html_printf(b, "<form method=\"post\" action=\"/can-bo\" novalidate>\n");
		web_csrf_field(req, b);
		pilotp_input(b, "unit", "Mã xã (5 chữ số)", val(fs, "unit", xa), fbad(fs), fmsg(fs));
		pilotp_input(b, "year", "Năm (danh mục đơn vị hành chính của năm này)",
			     val(fs, "year", y), fbad(fs), fmsg(fs));
		official_fields(b, NULL, fs);
		html_printf(b, "<p><button type=\"submit\">Thêm công chức</button></p>\n</form>\n");
	}
	layout_end(b);
}

static void page_officials(struct http_req *req, struct http_resp *resp)
{
	if (web_gate_login(req, resp))
		officials_page(req, resp, 200, NULL);
}

/* Checks unit/year (-1 with fs set), then the scope (403 sent, -2). */
static int official_unit(struct http_req *req, struct http_resp *resp, struct store *st,
			 const char *unit, const char *ys, struct store_official *o,
			 struct fstate *fs)
{
	int year = pilotp_year(ys);
	struct store_unit u;
	struct tc_err err = {0};
	if (unit == NULL || strlen(unit) != 5 || strspn(unit, "0123456789") != 5)
		fs->bad = "unit", fs->msg = "Mã xã gồm 5 chữ số.";
	else if (year == 0)
		fs->bad = "year", fs->msg = "Năm không hợp lệ: nhập năm từ 2000 đến 2100.";
	else if (store_unit_at_year(st, unit, year, &u, &err) != 0)
		fs->bad = "unit", fs->msg = "Không có xã mang mã này trong năm đã chọn.";
	if (fs->bad)
		return -1;
	if (!web_gate_unit(req, resp, unit, year))
		return -2;
	snprintf(o->unit_code, sizeof o->unit_code, "%s", unit);
	snprintf(o->vintage, sizeof o->vintage, "%s", u.vintage);
	return 0;
}

static void page_official_create(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	if (!web_gate_role(req, resp, WRITERS))
		return;
	struct store *st;
	if (pilotp_post_form(req, resp, &f) != 0 || (st = web_store(req, resp)) == NULL)
		return;
	struct store_official o;
	memset(&o, 0, sizeof o);
	struct fstate fs = {&f, NULL, NULL};
	struct off_in in;
	off_in_form(&f, &in);
	int rc = official_unit(req, resp, st, form_get(&f, "unit"), form_get(&f, "year"), &o, &fs);
	if (rc == -2)
		return;
	if (rc == 0)
		rc = official_validate(&in, &o, &fs.bad, &fs.msg);
	if (rc != 0) {
		officials_page(req, resp, 400, &fs);
		return;
	}
	int64_t id = 0;
	int wrc = store_official_add(st, &o, &id, &err);
	pilotp_saved(req, resp, wrc, &err, "/can-bo/", id);
}

/* The official `id` within the user's scope: 404 if there is none at all,
 * 403 if it serves a commune outside the scope. */
int pilotf_official_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct store_official *o)
{
	struct tc_err err = {0};
	int64_t id = pilotp_id(http_param(req, "id"));
	if (id == 0 || store_official_get(st, id, NULL, o, &err) != 0) {
		http_error(req, resp, 404, "Không có công chức này.");
		return -1;
	}
	if (store_official_get(st, id, web_scope(req), o, &err) != 0) {
		http_error(req, resp, 403, "Công chức này thuộc đơn vị ngoài phạm vi của bạn.");
		return -1;
	}
	return 0;
}

static int off_tr_cb(const struct store_training *t, void *ctx)
{
	char d[11];
	pilotp_vn_date(t->held_on, d);
	html_printf(ctx, "<li>%h — <a href=\"/tap-huan/%lld\">%h</a> (%h)</li>\n", d,
		    (long long)t->id, t->topic, t->place);
	return 0;
}

static void page_official(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_official o;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL ||
	    pilotf_official_open(req, resp, st, &o) != 0)
		return;
	struct buf *b = pilotp_page(resp, 200, o.full_name);
	html_printf(b, "<h1>%h</h1>\n<dl><dt>Chức vụ</dt><dd>%h</dd><dt>Xã</dt><dd><code>%h</code> "
		    "(danh mục %h)</dd><dt>Điện thoại</dt><dd>%h</dd><dt>Thư điện tử</dt><dd>%h</dd>"
		    "</dl>\n", o.full_name, o.position, o.unit_code, o.vintage, o.phone, o.email);
	if (is_writer(web_user(req))) {
		html_printf(b, "<p><a href=\"/can-bo/%lld/sua\">Sửa thông tin</a></p>\n",
			    (long long)o.id);
		pilotd_button(b, "/can-bo/", o.id);
	}
	html_printf(b, "<h2>Quá trình tập huấn</h2>\n<ul>\n");
	struct tc_err err = {0};
	if (store_training_list(st, o.id, NULL, off_tr_cb, b, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</ul>\n");
	layout_end(b);
}

static void official_edit_page(struct http_req *req, struct http_resp *resp, int status,
			       const struct store_official *o, const struct fstate *fs)
{
	struct buf *b = pilotp_page(resp, status, "Sửa thông tin công chức");
	html_printf(b, "<h1>Sửa thông tin công chức — <code>%h</code></h1>\n", o->unit_code);
	alert(b, fs);
	html_printf(b, "<form method=\"post\" action=\"/can-bo/%lld/sua\" novalidate>\n",
		    (long long)o->id);
	web_csrf_field(req, b);
	official_fields(b, o, fs);
	html_printf(b, "<p><button type=\"submit\">Lưu</button></p>\n</form>\n");
	layout_end(b);
}

static void page_official_edit(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_official o;
	if ((st = writer_store(req, resp)) == NULL || pilotf_official_open(req, resp, st, &o) != 0)
		return;
	official_edit_page(req, resp, 200, &o, NULL);
}

static void page_official_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	struct store_official o, cur;
	if ((st = writer_store(req, resp)) == NULL || pilotf_official_open(req, resp, st, &o) != 0 ||
	    pilotp_post_form(req, resp, &f) != 0)
		return;
	cur = o;
	struct off_in in;
	off_in_form(&f, &in);
	struct fstate fs = {&f, NULL, NULL};
	if (official_validate(&in, &o, &fs.bad, &fs.msg) != 0) {
		official_edit_page(req, resp, 400, &cur, &fs);
		return;
	}
	pilotp_saved(req, resp, store_official_update(st, &o, &err), &err, "/can-bo/", o.id);
}

static int off_json_cb(const struct store_official *o, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)o->id,
					     "unit", o->unit_code, "vintage", o->vintage, "name",
					     o->full_name, "position", o->position, "phone", o->phone,
					     "email", o->email));
	return 0;
}

/* GET /api/v1/officials?unit=CODE */
static void api_officials(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL)
		return;
	const char *unit = form_get(http_query(req), "unit");
	json_t *a = json_array();
	struct tc_err err = {0};
	if (store_official_list(st, unit && unit[0] ? unit : NULL, web_scope(req), off_json_cb, a,
				&err) != 0) {
		json_decref(a);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, a);
}

/* PUT /api/v1/officials/{id} {"name","position","phone","email"}; fields
 * left out keep their value. */
static void api_official_put(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_official o;
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL) ||
	    (st = web_store(req, resp)) == NULL || pilotf_official_open(req, resp, st, &o) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	struct store_official cur = o;
	struct off_in in = {jstr(j, "name"), jstr(j, "position"), jstr(j, "phone"), jstr(j, "email")};
	in.name = in.name ? in.name : cur.full_name;
	in.position = in.position ? in.position : cur.position;
	in.phone = in.phone ? in.phone : cur.phone;
	in.email = in.email ? in.email : cur.email;
	const char *bad = NULL, *msg = NULL;
	struct tc_err err = {0};
	if (official_validate(&in, &o, &bad, &msg) != 0)
		pilotp_api_bad(resp, bad, msg);
	else if (store_official_update(st, &o, &err) != 0)
		web_store_error(req, resp, &err);
	else
		http_json(resp, 200, json_pack("{s:I,s:s}", "id", (json_int_t)o.id, "name",
					       o.full_name));
	json_decref(j);
}

/* ---- Training sessions ------------------------------------------------------------------ */

#define MAX_ATT 256

struct att_set {
	int64_t id[MAX_ATT];
	size_t n;
};

static int att_has(const struct att_set *a, int64_t id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->id[i] == id)
			return 1;
	return 0;
}

static int att_collect_cb(const struct store_official *o, void *ctx)
{
	struct att_set *a = ctx;
	if (a->n < MAX_ATT)
		a->id[a->n++] = o->id;
	return 0;
}

/* The attendee ids a form carries (fields "att"). -1 if one is not an id. */
static int att_from_form(const struct form *f, struct att_set *a)
{
	a->n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->f[i].name, "att") != 0)
			continue;
		int64_t id = pilotp_id(f->f[i].value);
		if (id == 0 || a->n == MAX_ATT)
			return -1;
		if (!att_has(a, id))
			a->id[a->n++] = id;
	}
	return 0;
}

struct att_box {
	struct buf *b;
	const struct att_set *checked;
	char unit[8];
};

static int att_box_cb(const struct store_official *o, void *ctx)
{
	struct att_box *c = ctx;
	if (strcmp(c->unit, o->unit_code) != 0) {
		html_printf(c->b, "%S<li><strong>Xã <code>%h</code></strong><ul>\n",
			    c->unit[0] ? "</ul></li>\n" : "", o->unit_code);
		snprintf(c->unit, sizeof c->unit, "%s", o->unit_code);
	}
	html_printf(c->b, "<li><label><input type=\"checkbox\" name=\"att\" value=\"%lld\"%S> %h — %h"
		    "</label></li>\n", (long long)o->id, att_has(c->checked, o->id) ? " checked" : "",
		    o->full_name, o->position);
	return 0;
}

struct training_in {
	const char *date, *place, *topic, *trainer, *materials;
};

static int training_validate(const struct training_in *in, size_t n_att, struct store_training *t,
			     const char **bad, const char **msg)
{
	if (pilotp_iso_date(in->date, t->held_on) != 0)
		*bad = "date", *msg = "Ngày tập huấn không hợp lệ: nhập một ngày có thật dạng dd/mm/yyyy.";
	else if (in->place == NULL || in->place[0] == '\0' || strlen(in->place) >= sizeof t->place)
		*bad = "place", *msg = "Nhập địa điểm tập huấn (tối đa 250 ký tự).";
	else if (in->topic == NULL || in->topic[0] == '\0' || strlen(in->topic) >= sizeof t->topic)
		*bad = "topic", *msg = "Nhập chủ đề tập huấn (tối đa 500 ký tự).";
	else if (in->trainer && strlen(in->trainer) >= sizeof t->trainer)
		*bad = "trainer", *msg = "Tên giảng viên quá dài.";
	else if (in->materials && strlen(in->materials) >= sizeof t->materials)
		*bad = "materials", *msg = "Danh mục tài liệu quá dài (tối đa 500 ký tự).";
	else if (n_att == 0)
		*bad = "att", *msg = "Chọn ít nhất một người tham dự trong danh sách công chức.";
	if (*bad)
		return -1;
	snprintf(t->place, sizeof t->place, "%s", in->place);
	snprintf(t->topic, sizeof t->topic, "%s", in->topic);
	snprintf(t->trainer, sizeof t->trainer, "%s", in->trainer ? in->trainer : "");
	snprintf(t->materials, sizeof t->materials, "%s", in->materials ? in->materials : "");
	return 0;
}

/* Every attendee must be an official within the user's scope: 403 sent
 * (-1) otherwise, so no one records a session for another province. */
static int att_in_scope(struct http_req *req, struct http_resp *resp, struct store *st,
			const struct att_set *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct store_official o;
		struct tc_err err = {0};
		if (store_official_get(st, a->id[i], web_scope(req), &o, &err) != 0) {
			http_error(req, resp, 403, "Có người tham dự không thuộc danh sách công chức "
				   "trong phạm vi của bạn.");
			return -1;
		}
	}
	return 0;
}

static int prov_cb(const struct store_unit *u, void *ctx)
{
	snprintf(ctx, 4, "%s", u->province);
	return 1;
}

/* The province of the commune an official serves ("" if unknown). */
static void official_province(struct store *st, int64_t id, char out[4])
{
	struct store_official o;
	struct tc_err err = {0};
	out[0] = '\0';
	if (store_official_get(st, id, NULL, &o, &err) == 0)
		store_unit_versions(st, o.unit_code, prov_cb, out, &err);
}

static void training_form(struct http_req *req, struct store *st, struct buf *b,
			  const struct store_training *t, const struct att_set *checked,
			  const struct fstate *fs, struct tc_err *err, int *rc)
{
	char d[11] = "";
	if (t)
		pilotp_vn_date(t->held_on, d);
	if (t)
		html_printf(b, "<form method=\"post\" action=\"/tap-huan/%lld/sua\" novalidate>\n",
			    (long long)t->id);
	else
		html_printf(b, "<form method=\"post\" action=\"/tap-huan/moi\" novalidate>\n");
	web_csrf_field(req, b);
	pilotp_input(b, "date", "Ngày (dd/mm/yyyy)", val(fs, "date", t ? d : NULL), fbad(fs), fmsg(fs));
	pilotp_input(b, "place", "Địa điểm", val(fs, "place", t ? t->place : NULL), fbad(fs), fmsg(fs));
	pilotp_input(b, "topic", "Chủ đề", val(fs, "topic", t ? t->topic : NULL), fbad(fs), fmsg(fs));
	pilotp_input(b, "trainer", "Giảng viên, báo cáo viên", val(fs, "trainer", t ? t->trainer : NULL),
		     fbad(fs), fmsg(fs));
	pilotp_input(b, "materials", "Tài liệu", val(fs, "materials", t ? t->materials : NULL),
		     fbad(fs), fmsg(fs));
	html_printf(b, "<fieldset><legend>Người tham dự (công chức các xã)</legend>");
	pilotp_field_err(b, "att", fbad(fs), fmsg(fs));
	html_printf(b, "<ul>\n");
	struct att_box c = {b, checked, ""};
	*rc = store_official_list(st, NULL, web_scope(req), att_box_cb, &c, err);
	html_printf(b, "%S</ul></fieldset>\n<p><button type=\"submit\">Lưu buổi tập huấn</button></p>\n"
		    "</form>\n", c.unit[0] ? "</ul></li>\n" : "");
}

static void training_form_page(struct http_req *req, struct http_resp *resp, struct store *st,
			       int status, const struct store_training *t,
			       const struct att_set *checked, const struct fstate *fs)
{
	struct buf *b = pilotp_page(resp, status, t ? "Sửa buổi tập huấn" : "Thêm buổi tập huấn");
	html_printf(b, "<h1>%S</h1>\n", t ? "Sửa buổi tập huấn" : "Thêm buổi tập huấn");
	alert(b, fs);
	struct tc_err err = {0};
	int rc = 0;
	training_form(req, st, b, t, checked, fs, &err, &rc);
	if (rc != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	layout_end(b);
}

static void page_training_new(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if ((st = writer_store(req, resp)) == NULL)
		return;
	struct att_set none = {{0}, 0};
	training_form_page(req, resp, st, 200, NULL, &none, NULL);
}

/* An empty attendee set in the request's arena; NULL after a 500. */
static struct att_set *att_new(struct http_req *req, struct http_resp *resp)
{
	struct att_set *a = arena_calloc(http_arena(req), 1, sizeof *a);
	if (a == NULL)
		http_error(req, resp, 500, NULL);
	return a;
}

/* Validates a training form into t/a; 0 ok, -1 re-render (fs set), -2 sent. */
static int training_from_form(struct http_req *req, struct http_resp *resp, struct store *st,
			      const struct form *f, struct store_training *t, struct att_set *a,
			      struct fstate *fs)
{
	struct training_in in = {form_get(f, "date"), form_get(f, "place"), form_get(f, "topic"),
				 form_get(f, "trainer"), form_get(f, "materials")};
	if (att_from_form(f, a) != 0) {
		fs->bad = "att", fs->msg = "Danh sách người tham dự không hợp lệ.";
		return -1;
	}
	if (training_validate(&in, a->n, t, &fs->bad, &fs->msg) != 0)
		return -1;
	return att_in_scope(req, resp, st, a) == 0 ? 0 : -2;
}

static void page_training_create(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	if ((st = writer_store(req, resp)) == NULL || pilotp_post_form(req, resp, &f) != 0)
		return;
	struct store_training t;
	memset(&t, 0, sizeof t);
	struct att_set *a = att_new(req, resp);
	struct fstate fs = {&f, NULL, NULL};
	if (a == NULL)
		return;
	int rc = training_from_form(req, resp, st, &f, &t, a, &fs);
	if (rc == -2)
		return;
	pilotp_user_province(st, web_user(req), t.province);
	if (rc == 0 && t.province[0] == '\0') /* an administrator: the first attendee's */
		official_province(st, a->id[0], t.province);
	if (rc != 0) {
		training_form_page(req, resp, st, 400, NULL, a, &fs);
		return;
	}
	int64_t id = 0;
	int wrc = store_training_add(st, &t, a->id, a->n, &id, &err);
	pilotp_saved(req, resp, wrc, &err, "/tap-huan/", id);
}

/* The training `id` within the user's scope (404 if none, 403 if another
 * province's). */
int pilotf_training_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct store_training *t)
{
	struct tc_err err = {0};
	int64_t id = pilotp_id(http_param(req, "id"));
	if (id == 0 || store_training_get(st, id, NULL, t, &err) != 0) {
		http_error(req, resp, 404, "Không có buổi tập huấn này.");
		return -1;
	}
	if (store_training_get(st, id, web_scope(req), t, &err) != 0) {
		http_error(req, resp, 403, "Buổi tập huấn này thuộc tỉnh khác.");
		return -1;
	}
	return 0;
}

static int att_li_cb(const struct store_official *o, void *ctx)
{
	html_printf(ctx, "<li><a href=\"/can-bo/%lld\">%h</a> — %h (<code>%h</code>)</li>\n",
		    (long long)o->id, o->full_name, o->position, o->unit_code);
	return 0;
}

static void page_training(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_training t;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL ||
	    pilotf_training_open(req, resp, st, &t) != 0)
		return;
	char d[11];
	pilotp_vn_date(t.held_on, d);
	struct buf *b = pilotp_page(resp, 200, "Buổi tập huấn");
	html_printf(b, "<h1>Tập huấn: %h</h1>\n<dl><dt>Ngày</dt><dd>%h</dd><dt>Địa điểm</dt><dd>%h</dd>"
		    "<dt>Giảng viên</dt><dd>%h</dd><dt>Tài liệu</dt><dd>%h</dd></dl>\n", t.topic, d,
		    t.place, t.trainer[0] ? t.trainer : "—", t.materials[0] ? t.materials : "—");
	if (is_writer(web_user(req))) {
		html_printf(b, "<p><a href=\"/tap-huan/%lld/sua\">Sửa buổi tập huấn</a></p>\n",
			    (long long)t.id);
		pilotd_button(b, "/tap-huan/", t.id);
	}
	html_printf(b, "<h2>Người tham dự</h2>\n<ul>\n");
	struct tc_err err = {0};
	if (store_training_attendees(st, t.id, att_li_cb, b, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	html_printf(b, "</ul>\n");
	layout_end(b);
}

static void page_training_edit(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_training t;
	if ((st = writer_store(req, resp)) == NULL || pilotf_training_open(req, resp, st, &t) != 0)
		return;
	struct att_set *a = arena_calloc(http_arena(req), 1, sizeof *a);
	struct tc_err err = {0};
	if (a == NULL || store_training_attendees(st, t.id, att_collect_cb, a, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	training_form_page(req, resp, st, 200, &t, a, NULL);
}

static void page_training_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	struct store_training t, cur;
	if ((st = writer_store(req, resp)) == NULL || pilotf_training_open(req, resp, st, &t) != 0 ||
	    pilotp_post_form(req, resp, &f) != 0)
		return;
	cur = t;
	struct att_set *a = att_new(req, resp);
	struct fstate fs = {&f, NULL, NULL};
	if (a == NULL)
		return;
	int rc = training_from_form(req, resp, st, &f, &t, a, &fs);
	if (rc == -2)
		return;
	if (rc != 0) {
		training_form_page(req, resp, st, 400, &cur, a, &fs);
		return;
	}
	pilotp_saved(req, resp, store_training_update(st, &t, a->id, a->n, &err), &err, "/tap-huan/", t.id);
}

struct tr_json {
	struct store *st;
	json_t *arr;
	struct tc_err *err;
	int failed;
};

static int att_id_cb(const struct store_official *o, void *ctx)
{
	json_array_append_new(ctx, json_integer(o->id));
	return 0;
}

static int tr_json_cb(const struct store_training *t, void *ctx)
{
	struct tr_json *c = ctx;
	json_t *att = json_array();
	if (store_training_attendees(c->st, t->id, att_id_cb, att, c->err) != 0) {
		json_decref(att);
		c->failed = 1;
		return 1;
	}
	json_array_append_new(c->arr, json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:s,s:o}", "id",
						(json_int_t)t->id, "plan", t->plan_id ?
						json_integer(t->plan_id) : json_null(), "date",
						t->held_on, "place", t->place, "topic", t->topic,
						"trainer", t->trainer, "materials", t->materials,
						"attendees", att));
	return 0;
}

/* GET /api/v1/trainings: the sessions within scope with their attendees. */
static void api_trainings(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL)
		return;
	struct tc_err err = {0};
	struct tr_json c = {st, json_array(), &err, 0};
	if (store_training_list(st, 0, web_scope(req), tr_json_cb, &c, &err) != 0 || c.failed) {
		json_decref(c.arr);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, c.arr);
}

/* The attendees of a JSON body ("attendees": [ids]); -1 if malformed. */
static int att_from_json(const json_t *j, struct att_set *a)
{
	const json_t *arr = json_object_get(j, "attendees");
	size_t i;
	const json_t *v;
	a->n = 0;
	if (!json_is_array(arr) || json_array_size(arr) > MAX_ATT)
		return -1;
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return -1;
		if (!att_has(a, (int64_t)json_integer_value(v)))
			a->id[a->n++] = (int64_t)json_integer_value(v);
	}
	return 0;
}

/* PUT /api/v1/trainings/{id}: date, place, topic, trainer, materials,
 * attendees; fields left out keep their value. */
static void api_training_put(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_training t;
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL) ||
	    (st = web_store(req, resp)) == NULL || pilotf_training_open(req, resp, st, &t) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	struct att_set *a = arena_calloc(http_arena(req), 1, sizeof *a);
	struct tc_err err = {0};
	if (j == NULL || a == NULL) {
		json_decref(j);
		if (a == NULL)
			http_error(req, resp, 500, NULL);
		return;
	}
	struct store_training cur = t;
	struct training_in in = {jstr(j, "date"), jstr(j, "place"), jstr(j, "topic"),
				 jstr(j, "trainer"), jstr(j, "materials")};
	in.date = in.date ? in.date : cur.held_on;
	in.place = in.place ? in.place : cur.place;
	in.topic = in.topic ? in.topic : cur.topic;
	in.trainer = in.trainer ? in.trainer : cur.trainer;
	in.materials = in.materials ? in.materials : cur.materials;
	const char *bad = NULL, *msg = NULL;
	int rc = json_object_get(j, "attendees") ? att_from_json(j, a)
						  : store_training_attendees(st, t.id, att_collect_cb,
									     a, &err);
	if (rc != 0)
		pilotp_api_bad(resp, "attendees", "attendees phải là danh sách mã số công chức.");
	else if (training_validate(&in, a->n, &t, &bad, &msg) != 0)
		pilotp_api_bad(resp, bad, msg);
	else if (att_in_scope(req, resp, st, a) == 0) {
		if (store_training_update(st, &t, a->id, a->n, &err) != 0)
			err.code == TC_EINPUT ? pilotp_api_bad(resp, "attendees", "Có người tham dự không "
							       "tồn tại.")
					      : web_store_error(req, resp, &err);
		else
			http_json(resp, 200, json_pack("{s:I,s:i}", "id", (json_int_t)t.id,
						       "attendees", (int)a->n));
	}
	json_decref(j);
}

/* ---- Inspection visits ------------------------------------------------------------------ */

struct plan_opt {
	struct buf *b;
	int64_t cur;
};

static int plan_opt_cb(const struct store_plan *p, void *ctx)
{
	struct plan_opt *c = ctx;
	html_printf(c->b, "<option value=\"%lld\"%S>%h — %h</option>\n", (long long)p->id,
		    p->id == c->cur ? " selected" : "", p->number, p->title);
	return 0;
}

static int plan_select(struct http_req *req, struct store *st, struct buf *b, int64_t cur,
		       struct tc_err *err)
{
	html_printf(b, "<p><label for=\"plan\">Thuộc kế hoạch</label><br><select id=\"plan\" "
		    "name=\"plan\">\n<option value=\"\">(không)</option>\n");
	struct plan_opt c = {b, cur};
	int rc = store_plan_list(st, 0, web_scope(req), plan_opt_cb, &c, err);
	html_printf(b, "</select></p>\n");
	return rc;
}

static void insp_form_page(struct http_req *req, struct http_resp *resp, struct store *st,
			   int status, const struct store_inspection *in, const struct fstate *fs)
{
	char d[11] = "";
	if (in)
		pilotp_vn_date(in->visited_on, d);
	struct buf *b = pilotp_page(resp, status, in ? "Sửa kết quả kiểm tra" : "Ghi lần kiểm tra");
	html_printf(b, "<h1>%S</h1>\n", in ? "Sửa kết quả kiểm tra" : "Ghi lần kiểm tra tại xã");
	alert(b, fs);
	if (in)
		html_printf(b, "<form method=\"post\" action=\"/kiem-tra/%lld/sua\" novalidate>\n",
			    (long long)in->id);
	else
		html_printf(b, "<form method=\"post\" action=\"/kiem-tra/moi\" novalidate>\n");
	web_csrf_field(req, b);
	struct tc_err err = {0};
	if (in == NULL) {
		pilotp_input(b, "unit", "Mã xã (5 chữ số)", val(fs, "unit", NULL), fbad(fs), fmsg(fs));
		pilotp_input(b, "date", "Ngày kiểm tra (dd/mm/yyyy)", val(fs, "date", NULL), fbad(fs),
			     fmsg(fs));
		if (plan_select(req, st, b, fs && fs->f ? pilotp_id(form_get(fs->f, "plan")) : 0,
				&err) != 0) {
			web_store_error(req, resp, &err);
			return;
		}
	}
	area(b, "findings", "Kết quả kiểm tra theo danh mục (mỗi dòng một nội dung)",
	     val(fs, "findings", in ? in->findings : NULL), fs);
	area(b, "follow_up", "Việc cần làm tiếp (mỗi dòng một việc)",
	     val(fs, "follow_up", in ? in->follow_up : NULL), fs);
	html_printf(b, "<p><button type=\"submit\">Lưu</button></p>\n</form>\n");
	layout_end(b);
}

static void page_insp_new(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if ((st = writer_store(req, resp)) != NULL)
		insp_form_page(req, resp, st, 200, NULL, NULL);
}

static int insp_texts(const char *fi, const char *fu, struct store_inspection *in,
		      const char **bad, const char **msg)
{
	if (fi && strlen(fi) >= sizeof in->findings)
		*bad = "findings", *msg = "Kết quả kiểm tra quá dài (tối đa 2000 ký tự).";
	else if (fu && strlen(fu) >= sizeof in->follow_up)
		*bad = "follow_up", *msg = "Việc cần làm tiếp quá dài (tối đa 2000 ký tự).";
	if (*bad)
		return -1;
	snprintf(in->findings, sizeof in->findings, "%s", fi ? fi : "");
	snprintf(in->follow_up, sizeof in->follow_up, "%s", fu ? fu : "");
	return 0;
}

static int year_of(const char *iso)
{
	char y[5];
	snprintf(y, sizeof y, "%.4s", iso);
	return pilotp_year(y);
}

static void page_insp_create(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	if ((st = writer_store(req, resp)) == NULL || pilotp_post_form(req, resp, &f) != 0)
		return;
	struct store_inspection in;
	memset(&in, 0, sizeof in);
	struct fstate fs = {&f, NULL, NULL};
	const char *unit = form_get(&f, "unit");
	struct store_unit u;
	in.plan_id = pilotp_id(form_get(&f, "plan"));
	if (unit == NULL || strlen(unit) != 5 || strspn(unit, "0123456789") != 5)
		fs.bad = "unit", fs.msg = "Mã xã gồm 5 chữ số.";
	else if (pilotp_iso_date(form_get(&f, "date"), in.visited_on) != 0)
		fs.bad = "date", fs.msg = "Ngày kiểm tra không hợp lệ: nhập một ngày có thật dạng "
					  "dd/mm/yyyy.";
	else if (store_unit_at_year(st, unit, year_of(in.visited_on), &u, &err) != 0)
		fs.bad = "unit", fs.msg = "Không có xã mang mã này vào năm kiểm tra.";
	else
		insp_texts(form_get(&f, "findings"), form_get(&f, "follow_up"), &in, &fs.bad, &fs.msg);
	if (fs.bad) {
		insp_form_page(req, resp, st, 400, NULL, &fs);
		return;
	}
	if (!web_gate_unit(req, resp, unit, year_of(in.visited_on)))
		return;
	snprintf(in.unit_code, sizeof in.unit_code, "%s", unit);
	int64_t id = 0;
	int wrc = store_inspection_add(st, &in, &id, &err);
	pilotp_saved(req, resp, wrc, &err, "/kiem-tra/", id);
}

/* The visit `id` (404) if its commune is within the user's scope (403). */
int pilotf_insp_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct store_inspection *in)
{
	struct tc_err err = {0};
	int64_t id = pilotp_id(http_param(req, "id"));
	if (id == 0 || store_inspection_get(st, id, in, &err) != 0) {
		http_error(req, resp, 404, "Không có lần kiểm tra này.");
		return -1;
	}
	return web_gate_unit(req, resp, in->unit_code, year_of(in->visited_on)) ? 0 : -1;
}

/* Text with one entry per line as a list (the checklist). */
static void lines(struct buf *b, const char *text)
{
	html_printf(b, "<ul class=\"checklist\">\n");
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), text);
		size_t k = strlen(line);
		while (k && (line[k - 1] == '\r' || line[k - 1] == ' '))
			line[--k] = '\0';
		if (k)
			html_printf(b, "<li>%h</li>\n", line);
		text = nl ? nl + 1 : NULL;
	}
	html_printf(b, "</ul>\n");
}

static void page_insp(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_inspection in;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL ||
	    pilotf_insp_open(req, resp, st, &in) != 0)
		return;
	char d[11];
	pilotp_vn_date(in.visited_on, d);
	struct buf *b = pilotp_page(resp, 200, "Kiểm tra tại xã");
	html_printf(b, "<h1>Kiểm tra tại xã <code>%h</code> ngày %h</h1>\n", in.unit_code, d);
	if (in.plan_id)
		html_printf(b, "<p>Thuộc <a href=\"/ke-hoach/%lld\">kế hoạch</a>.</p>\n",
			    (long long)in.plan_id);
	html_printf(b, "<h2>Kết quả kiểm tra</h2>\n");
	lines(b, in.findings);
	html_printf(b, "<h2>Việc cần làm tiếp</h2>\n");
	lines(b, in.follow_up);
	if (is_writer(web_user(req))) {
		html_printf(b, "<p><a href=\"/kiem-tra/%lld/sua\">Sửa kết quả kiểm tra</a></p>\n",
			    (long long)in.id);
		pilotd_button(b, "/kiem-tra/", in.id);
	}
	layout_end(b);
}

static void page_insp_edit(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_inspection in;
	if ((st = writer_store(req, resp)) != NULL &&
	    pilotf_insp_open(req, resp, st, &in) == 0)
		insp_form_page(req, resp, st, 200, &in, NULL);
}

static void page_insp_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	struct store_inspection in, cur;
	if ((st = writer_store(req, resp)) == NULL || pilotf_insp_open(req, resp, st, &in) != 0 ||
	    pilotp_post_form(req, resp, &f) != 0)
		return;
	cur = in;
	struct fstate fs = {&f, NULL, NULL};
	if (insp_texts(form_get(&f, "findings"), form_get(&f, "follow_up"), &in, &fs.bad,
		       &fs.msg) != 0) {
		insp_form_page(req, resp, st, 400, &cur, &fs);
		return;
	}
	pilotp_saved(req, resp, store_inspection_update(st, &in, &err), &err, "/kiem-tra/", in.id);
}

static int insp_json_cb(const struct store_inspection *i, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I,s:o,s:s,s:s,s:s,s:s}", "id", (json_int_t)i->id,
					     "plan", i->plan_id ? json_integer(i->plan_id) : json_null(),
					     "unit", i->unit_code, "date", i->visited_on, "findings",
					     i->findings, "follow_up", i->follow_up));
	return 0;
}

/* GET /api/v1/inspections?plan=ID */
static void api_inspections(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	if (!web_gate_login(req, resp) || (st = web_store(req, resp)) == NULL)
		return;
	json_t *a = json_array();
	struct tc_err err = {0};
	if (store_inspection_list(st, pilotp_id(form_get(http_query(req), "plan")), web_scope(req),
				  insp_json_cb, a, &err) != 0) {
		json_decref(a);
		web_store_error(req, resp, &err);
		return;
	}
	http_json(resp, 200, a);
}

/* ---- Pilot communes of a plan (create or change) ---------------------------------------- */

struct pilot_find {
	const char *unit;
	struct store_plan_pilot pp;
	int hit;
};

static int pilot_find_cb(const struct store_plan_pilot *pp, void *ctx)
{
	struct pilot_find *f = ctx;
	if (strcmp(pp->unit_code, f->unit) != 0)
		return 0;
	f->pp = *pp;
	f->hit = 1;
	return 1;
}

struct pilot_in {
	const char *unit, *target, *ntm, *kind;
};

static int pilot_validate(struct store *st, const struct pilot_in *in, struct store_plan_pilot *pp,
			  const char **bad, const char **msg)
{
	struct store_unit u;
	struct tc_err err = {0};
	pp->target_year = pilotp_year(in->target);
	pp->ntm_year = in->ntm && in->ntm[0] ? pilotp_year(in->ntm) : 0;
	if (in->unit == NULL || strlen(in->unit) != 5 || strspn(in->unit, "0123456789") != 5)
		*bad = "unit", *msg = "Mã xã gồm 5 chữ số.";
	else if (pp->target_year == 0)
		*bad = "target_year", *msg = "Năm phấn đấu đạt chuẩn không hợp lệ (2000 đến 2100).";
	else if (in->ntm && in->ntm[0] && pp->ntm_year == 0)
		*bad = "ntm_year", *msg = "Năm đạt chuẩn nông thôn mới không hợp lệ (để trống nếu không có).";
	else if (in->kind && in->kind[0] && strcmp(in->kind, "pilot") && strcmp(in->kind, "next"))
		*bad = "kind", *msg = "Loại phải là pilot (xã điểm) hoặc next (dự kiến nhân rộng).";
	else if (store_unit_at_year(st, in->unit, pp->target_year, &u, &err) != 0 ||
		 strcmp(u.level, "commune") != 0)
		*bad = "unit", *msg = "Không có xã mang mã này trong năm phấn đấu.";
	if (*bad)
		return -1;
	snprintf(pp->unit_code, sizeof pp->unit_code, "%s", in->unit);
	snprintf(pp->kind, sizeof pp->kind, "%s", in->kind && in->kind[0] ? in->kind : "pilot");
	return 0;
}

/* Adds the commune to the plan, or changes it when the plan has it. */
static int pilot_save(struct store *st, struct store_plan_pilot *pp, struct tc_err *err)
{
	struct pilot_find f = {pp->unit_code, {0}, 0};
	if (store_plan_pilot_list(st, pp->plan_id, pilot_find_cb, &f, err) != 0)
		return -1;
	return f.hit ? store_plan_pilot_update(st, pp, err) : store_plan_pilot_add(st, pp, err);
}

static void pilot_form_page(struct http_req *req, struct http_resp *resp, struct store *st,
			    int status, const struct store_plan *p, const struct fstate *fs)
{
	const char *xa = form_get(http_query(req), "xa");
	struct pilot_find f = {xa ? xa : "", {0}, 0};
	struct tc_err err = {0};
	if (xa && store_plan_pilot_list(st, p->id, pilot_find_cb, &f, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	char ty[12] = "", ny[12] = "";
	if (f.hit) {
		snprintf(ty, sizeof ty, "%d", f.pp.target_year);
		if (f.pp.ntm_year)
			snprintf(ny, sizeof ny, "%d", f.pp.ntm_year);
	}
	struct buf *b = pilotp_page(resp, status, "Xã điểm của kế hoạch");
	html_printf(b, "<h1>Xã điểm — kế hoạch <a href=\"/ke-hoach/%lld\">%h</a></h1>\n<p>Ghi một mã xã "
		    "đã có trong kế hoạch để sửa năm phấn đấu hoặc loại.</p>\n", (long long)p->id,
		    p->number);
	alert(b, fs);
	html_printf(b, "<form method=\"post\" action=\"/ke-hoach/%lld/xa-diem\" novalidate>\n",
		    (long long)p->id);
	web_csrf_field(req, b);
	pilotp_input(b, "unit", "Mã xã (5 chữ số)", val(fs, "unit", f.hit ? f.pp.unit_code : NULL),
		     fbad(fs), fmsg(fs));
	pilotp_input(b, "target_year", "Năm phấn đấu đạt chuẩn", val(fs, "target_year", ty), fbad(fs),
		     fmsg(fs));
	pilotp_input(b, "ntm_year", "Năm phấn đấu đạt chuẩn nông thôn mới (nếu có)",
		     val(fs, "ntm_year", ny), fbad(fs), fmsg(fs));
	pilotp_input(b, "kind", "Loại: pilot (xã điểm) hoặc next (dự kiến nhân rộng)",
		     val(fs, "kind", f.hit ? f.pp.kind : "pilot"), fbad(fs), fmsg(fs));
	html_printf(b, "<p><button type=\"submit\">Lưu</button></p>\n</form>\n");
	layout_end(b);
}

static void page_pilot_form(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan p;
	if ((st = plan_writer(req, resp, &p)) == NULL)
		return;
	pilot_form_page(req, resp, st, 200, &p, NULL);
}

static void page_pilot_save(struct http_req *req, struct http_resp *resp)
{
	struct form f;
	struct tc_err err = {0};
	struct store *st;
	struct store_plan p;
	if ((st = plan_writer(req, resp, &p)) == NULL)
		return;
	if (pilotp_post_form(req, resp, &f) != 0)
		return;
	struct pilot_in in = {form_get(&f, "unit"), form_get(&f, "target_year"),
			      form_get(&f, "ntm_year"), form_get(&f, "kind")};
	struct store_plan_pilot pp;
	memset(&pp, 0, sizeof pp);
	pp.plan_id = p.id;
	struct fstate fs = {&f, NULL, NULL};
	if (pilot_validate(st, &in, &pp, &fs.bad, &fs.msg) != 0) {
		pilot_form_page(req, resp, st, 400, &p, &fs);
		return;
	}
	if (!web_gate_unit(req, resp, pp.unit_code, pp.target_year))
		return;
	if (pilot_save(st, &pp, &err) != 0) {
		web_store_error(req, resp, &err);
		return;
	}
	pilotp_see_other(resp, "/ke-hoach/", p.id, "");
}

/* PUT /api/v1/plans/{id}/pilots/{unit} {"target_year","ntm_year","kind"}. */
static void api_pilot_put(struct http_req *req, struct http_resp *resp)
{
	struct store *st;
	struct store_plan p;
	if (!web_gate_role(req, resp, WRITERS) || !web_gate_csrf(req, resp, NULL) ||
	    (st = web_store(req, resp)) == NULL ||
	    pilotp_plan_for_write(req, resp, st, pilotp_id(http_param(req, "id")), &p) != 0)
		return;
	json_t *j = http_json_body(req, resp);
	if (j == NULL)
		return;
	char ty[24] = "", ny[24] = "";
	const json_t *a = json_object_get(j, "target_year"), *n = json_object_get(j, "ntm_year");
	if (json_is_integer(a))
		snprintf(ty, sizeof ty, "%lld", (long long)json_integer_value(a));
	if (json_is_integer(n))
		snprintf(ny, sizeof ny, "%lld", (long long)json_integer_value(n));
	struct pilot_in in = {http_param(req, "unit"), ty, ny, jstr(j, "kind")};
	struct store_plan_pilot pp;
	memset(&pp, 0, sizeof pp);
	pp.plan_id = p.id;
	const char *bad = NULL, *msg = NULL;
	struct tc_err err = {0};
	if (pilot_validate(st, &in, &pp, &bad, &msg) != 0)
		pilotp_api_bad(resp, bad, msg);
	else if (web_gate_unit(req, resp, pp.unit_code, pp.target_year)) {
		if (pilot_save(st, &pp, &err) != 0)
			web_store_error(req, resp, &err);
		else
			http_json(resp, 200, json_pack("{s:s,s:i,s:s}", "unit", pp.unit_code,
						       "target_year", pp.target_year, "kind", pp.kind));
	}
	json_decref(j);
}

const struct http_route pilotf_routes[] = {
	{"GET", "/ke-hoach/{id}/xa-diem", page_pilot_form},
	{"POST", "/ke-hoach/{id}/xa-diem", page_pilot_save},
	{"PUT", "/api/v1/plans/{id}/pilots/{unit}", api_pilot_put},
	{"GET", "/ke-hoach/{id}/nhiem-vu", page_task_new},
	{"POST", "/ke-hoach/{id}/nhiem-vu", page_task_create},
	{"GET", "/ke-hoach/{id}/tep", page_plan_file},
	{"POST", "/ke-hoach/{id}/tep", page_plan_upload},
	{"GET", "/nhiem-vu/{id}", page_task},
	{"POST", "/nhiem-vu/{id}", page_task_progress},
	{"GET", "/nhiem-vu/{id}/sua", page_task_edit},
	{"POST", "/nhiem-vu/{id}/sua", page_task_save},
	{"GET", "/nhiem-vu/{id}/tep/{file}", page_task_file},
	{"GET", "/can-bo", page_officials},
	{"POST", "/can-bo", page_official_create},
	{"GET", "/can-bo/{id}", page_official},
	{"GET", "/can-bo/{id}/sua", page_official_edit},
	{"POST", "/can-bo/{id}/sua", page_official_save},
	{"GET", "/tap-huan/moi", page_training_new},
	{"POST", "/tap-huan/moi", page_training_create},
	{"GET", "/tap-huan/{id}", page_training},
	{"GET", "/tap-huan/{id}/sua", page_training_edit},
	{"POST", "/tap-huan/{id}/sua", page_training_save},
	{"GET", "/kiem-tra/moi", page_insp_new},
	{"POST", "/kiem-tra/moi", page_insp_create},
	{"GET", "/kiem-tra/{id}", page_insp},
	{"GET", "/kiem-tra/{id}/sua", page_insp_edit},
	{"POST", "/kiem-tra/{id}/sua", page_insp_save},
	{"GET", "/api/v1/tasks/{id}", api_task_get},
	{"PATCH", "/api/v1/tasks/{id}", api_task_patch},
	{"POST", "/api/v1/tasks/{id}/files", api_task_file},
	{"POST", "/api/v1/plans/{id}/file", api_plan_upload},
	{"GET", "/api/v1/officials", api_officials},
	{"PUT", "/api/v1/officials/{id}", api_official_put},
	{"GET", "/api/v1/trainings", api_trainings},
	{"PUT", "/api/v1/trainings/{id}", api_training_put},
	{"GET", "/api/v1/inspections", api_inspections},
	{NULL, NULL, NULL},
};
