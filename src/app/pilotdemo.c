/* pilotdemo.c — see pilotdemo.h. */
#include "app/pilotdemo.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

int pilot_items(const struct rs_ruleset *rs,
		int (*cb)(const char *code, const char *title, tc_pts max, void *ctx), void *ctx)
{
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		if (cr->n_items == 0) {
			if (cb(cr->code, cr->title, cr->max, ctx) != 0)
				return 1;
			continue;
		}
		for (size_t i = 0; i < cr->n_items; i++)
			if (cb(cr->items[i].code, cr->items[i].title, cr->items[i].max, ctx) != 0)
				return 1;
	}
	return 0;
}

/* Synthetic officials of each pilot commune (2020-02 list): the first is
 * the justice - civil-status official, the focal point. */
static const char *const OFFICIALS[2][3][2] = {
	{{"Nông Thị Hạnh (tên giả)", "Công chức Tư pháp - Hộ tịch"},
	 {"Hoàng Văn Tùng (tên giả)", "Công chức Văn phòng - Thống kê"},
	 {"Lương Văn Khải (tên giả)", "Phó Chủ tịch UBND xã"}},
	{{"Đàm Thị Thu (tên giả)", "Công chức Tư pháp - Hộ tịch"},
	 {"Bế Văn Hưng (tên giả)", "Công chức Văn phòng - Thống kê"},
	 {"Triệu Văn Sơn (tên giả)", "Phó Chủ tịch UBND xã"}},
};
static const char *const PILOTS[2] = {"01417", "01639"};

struct task_def {
	int grp;
	const char *title, *responsible, *deadline, *status;
};

/* Illustrative tasks of Plan 198/KH-STP in the six groups + replication
 * (the plan's own task list was not collected: details are plausible). */
static const struct task_def TASKS[] = {
	{1, "Phổ biến Kế hoạch và tiêu chí tiếp cận pháp luật tới cán bộ, nhân dân hai xã điểm",
	 "Phòng Phổ biến, giáo dục pháp luật - Sở Tư pháp", "2018-04-30", "done"},
	{2, "Tập huấn nghiệp vụ đánh giá, chấm điểm cho công chức hai xã điểm",
	 "Phòng Phổ biến, giáo dục pháp luật - Sở Tư pháp", "2018-05-31", "done"},
	{3, "Bố trí kinh phí, tài liệu, tủ sách pháp luật cho hai xã điểm",
	 "Văn phòng Sở Tư pháp", "2018-06-30", "done"},
	{4, "Phân công công chức phụ trách từng tiêu chí, chỉ tiêu tại hai xã điểm",
	 "UBND xã Sóc Hà, UBND xã Đại Sơn", "2018-05-15", "done"},
	{5, "Phối hợp với Văn phòng Điều phối nông thôn mới tỉnh lồng ghép tiêu chí 18.5",
	 "Sở Tư pháp, Văn phòng Điều phối NTM tỉnh", "2018-09-30", "in_progress"},
	{6, "Kiểm tra, hướng dẫn tại hai xã điểm; báo cáo kết quả thí điểm lên UBND tỉnh",
	 "Phòng Phổ biến, giáo dục pháp luật - Sở Tư pháp", "2018-11-30", "open"},
	{7, "Tổng kết mô hình điểm, đề xuất nhân rộng năm 2019",
	 "Sở Tư pháp", "2018-12-20", "open"},
};

static int add_plan(struct store *st, const char *number, const char *date, const char *issuer,
		    int year, const char *title, const char *basis, int64_t parent,
		    const char *lessons, int64_t *id, struct tc_err *err)
{
	struct store_plan p;
	memset(&p, 0, sizeof p);
	snprintf(p.number, sizeof p.number, "%s", number);
	snprintf(p.issued_on, sizeof p.issued_on, "%s", date);
	snprintf(p.issuer, sizeof p.issuer, "%s", issuer);
	snprintf(p.province, sizeof p.province, "04");
	p.year = year;
	snprintf(p.title, sizeof p.title, "%s", title);
	snprintf(p.legal_basis, sizeof p.legal_basis, "%s", basis);
	snprintf(p.lessons, sizeof p.lessons, "%s", lessons);
	snprintf(p.source, sizeof p.source, "synthetic-demo");
	p.parent_id = parent;
	return store_plan_add(st, &p, id, err);
}

struct assign_ctx {
	struct store *st;
	const char *unit;
	int64_t ids[3];
	int k;
	struct tc_err *err;
	int failed;
};

static int assign_cb(const char *code, const char *title, tc_pts max, void *ctx)
{
	(void)title;
	(void)max;
	struct assign_ctx *a = ctx;
	int64_t who = a->ids[a->k++ % 3];
	if (store_duty_assign(a->st, a->unit, 2018, code, who, "2018-05-15",
			      "Phân công theo Kế hoạch 198/KH-STP", a->err) != 0) {
		a->failed = 1;
		return 1;
	}
	return 0;
}

static int add_commune(struct store *st, const struct rs_ruleset *rs, int c, int64_t *ids,
		       struct tc_err *err)
{
	for (int k = 0; k < 3; k++) {
		struct store_official o;
		memset(&o, 0, sizeof o);
		snprintf(o.vintage, sizeof o.vintage, "2020-02");
		snprintf(o.unit_code, sizeof o.unit_code, "%s", PILOTS[c]);
		snprintf(o.full_name, sizeof o.full_name, "%s", OFFICIALS[c][k][0]);
		snprintf(o.position, sizeof o.position, "%s", OFFICIALS[c][k][1]);
		snprintf(o.source, sizeof o.source, "synthetic-demo");
		if (store_official_add(st, &o, &ids[k], err) != 0)
			return -1;
	}
	if (store_duty_assign(st, PILOTS[c], 2018, "", ids[0], "2018-05-15",
			      "Đầu mối: công chức Tư pháp - Hộ tịch", err) != 0)
		return -1;
	struct assign_ctx a = {st, PILOTS[c], {ids[0], ids[1], ids[2]}, 0, err, 0};
	pilot_items(rs, assign_cb, &a);
	return a.failed ? -1 : 0;
}

/* A one-page PDF saying it is an illustration (the demo's attachments: the
 * plan's document and a task's evidence), built with a correct xref table
 * so that any reader opens it. Caller frees with buf_free. */
static int demo_pdf(struct buf *b, const char *line)
{
	long off[6];
	buf_init(b, 8192);
	buf_printf(b, "%%PDF-1.4\n");
	off[1] = (long)buf_len(b);
	buf_printf(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = (long)buf_len(b);
	buf_printf(b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = (long)buf_len(b);
	buf_printf(b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		   "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n");
	char text[300];
	int n = snprintf(text, sizeof text, "BT /F1 12 Tf 50 780 Td (%s) Tj ET", line);
	off[4] = (long)buf_len(b);
	buf_printf(b, "4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", n, text);
	off[5] = (long)buf_len(b);
	buf_printf(b, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
	long xref = (long)buf_len(b);
	buf_printf(b, "xref\n0 6\n0000000000 65535 f \n");
	for (int i = 1; i <= 5; i++)
		buf_printf(b, "%010ld 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
	return buf_failed(b) ? -1 : 0;
}

/* The plan's document and the evidence of the duty-assignment task (group 4),
 * both illustrations (their names and contents say so). */
static int add_files(struct store *st, int64_t plan, int64_t task4, struct tc_err *err)
{
	struct buf b;
	int rc = demo_pdf(&b, "Ke hoach 198/KH-STP ngay 29/3/2018 - BAN MINH HOA, khong phai van ban goc");
	if (rc == 0)
		rc = store_plan_file(st, plan, "198-KH-STP-minh-hoa.pdf", "application/pdf",
				     buf_cstr(&b), buf_len(&b), err);
	buf_free(&b);
	if (rc == 0 && store_plan_task_progress(st, task4, "done", "2018-05-15",
						 "Hai xã đã ban hành quyết định phân công công chức "
						 "phụ trách từng tiêu chí (minh họa)", err) != 0)
		rc = -1;
	if (rc == 0)
		rc = demo_pdf(&b, "Bang phan cong cong chuc phu trach tieu chi - xa Soc Ha (minh hoa)");
	if (rc == 0)
		rc = store_task_file_add(st, task4, "phan-cong-soc-ha-minh-hoa.pdf", "application/pdf",
					 buf_cstr(&b), buf_len(&b), NULL, err);
	buf_free(&b);
	return rc == 0 ? 0 : (err->code ? -1 : tc_err_set(err, TC_ENOMEM, "out of memory (demo files)"));
}

static int add_tasks(struct store *st, int64_t plan, int64_t *task4, struct tc_err *err)
{
	for (size_t i = 0; i < sizeof TASKS / sizeof TASKS[0]; i++) {
		struct store_plan_task t;
		memset(&t, 0, sizeof t);
		t.plan_id = plan;
		t.grp = TASKS[i].grp;
		snprintf(t.title, sizeof t.title, "%s", TASKS[i].title);
		snprintf(t.responsible, sizeof t.responsible, "%s", TASKS[i].responsible);
		snprintf(t.deadline, sizeof t.deadline, "%s", TASKS[i].deadline);
		snprintf(t.status, sizeof t.status, "%s", TASKS[i].status);
		t.illustrative = 1;
		int64_t id = 0;
		if (store_plan_task_add(st, &t, &id, err) != 0)
			return -1;
		if (t.grp == 4)
			*task4 = id;
	}
	return 0;
}

static int add_pilots(struct store *st, int64_t plan, struct tc_err *err)
{
	for (int c = 0; c < 2; c++) {
		struct store_plan_pilot pp;
		memset(&pp, 0, sizeof pp);
		pp.plan_id = plan;
		snprintf(pp.unit_code, sizeof pp.unit_code, "%s", PILOTS[c]);
		pp.target_year = 2018;
		pp.ntm_year = 2019;
		snprintf(pp.kind, sizeof pp.kind, "pilot");
		if (store_plan_pilot_add(st, &pp, err) != 0)
			return -1;
	}
	return 0;
}

static int add_training_inspection(struct store *st, int64_t plan, const int64_t ids[2][3],
				   struct tc_err *err)
{
	struct store_training t;
	memset(&t, 0, sizeof t);
	t.plan_id = plan;
	snprintf(t.province, sizeof t.province, "04");
	snprintf(t.held_on, sizeof t.held_on, "2018-05-24");
	snprintf(t.place, sizeof t.place, "Hội trường UBND huyện Hà Quảng (minh họa)");
	snprintf(t.topic, sizeof t.topic, "Tiêu chí tiếp cận pháp luật theo QĐ 619/QĐ-TTg và "
		 "cách chấm điểm theo TT 07/2017/TT-BTP (minh họa)");
	snprintf(t.trainer, sizeof t.trainer, "Phòng Phổ biến, giáo dục pháp luật - Sở Tư pháp");
	snprintf(t.materials, sizeof t.materials, "Sổ tay hướng dẫn 2017; mẫu biểu chấm điểm");
	/* Đại Sơn's office official missed it: the training view shows that. */
	int64_t att[5] = {ids[0][0], ids[0][1], ids[0][2], ids[1][0], ids[1][2]};
	if (store_training_add(st, &t, att, 5, NULL, err) != 0)
		return -1;
	struct store_inspection in;
	memset(&in, 0, sizeof in);
	in.plan_id = plan;
	snprintf(in.unit_code, sizeof in.unit_code, "01639");
	snprintf(in.visited_on, sizeof in.visited_on, "2018-09-12");
	snprintf(in.findings, sizeof in.findings, "Hồ sơ tiêu chí 4 (hòa giải ở cơ sở) chưa đủ "
		 "tài liệu kiểm chứng; niêm yết thủ tục hành chính đầy đủ (minh họa).");
	snprintf(in.follow_up, sizeof in.follow_up, "Bổ sung sổ theo dõi hòa giải trước "
		 "31/10/2018 (minh họa).");
	return store_inspection_add(st, &in, NULL, err);
}

int pilotdemo_build(struct store *st, const struct reg *reg, struct tc_err *err)
{
	const struct rs_ruleset *rs = reg_find(reg, "qd619-2017");
	if (rs == NULL)
		return tc_err_set(err, TC_EINTERNAL, "pilot demo: rule set qd619-2017 missing");
	int64_t p1719, p198;
	if (add_plan(st, "1719/KH-UBND", "2017-06-06", "UBND tỉnh Cao Bằng", 2017,
		     "Kế hoạch xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật trên "
		     "địa bàn tỉnh Cao Bằng", "Quyết định 619/QĐ-TTg ngày 08/5/2017", 0, "",
		     &p1719, err) != 0)
		return -1;
	if (add_plan(st, "198/KH-STP", "2018-03-29", "Sở Tư pháp tỉnh Cao Bằng", 2018,
		     "Kế hoạch xây dựng mô hình điểm xã đạt chuẩn tiếp cận pháp luật năm 2018",
		     "Kế hoạch 1719/KH-UBND ngày 06/6/2017 của UBND tỉnh Cao Bằng", p1719,
		     "Bài học (minh họa): phân công rõ người phụ trách từng tiêu chí ngay từ đầu "
		     "năm; tập huấn cho cả công chức Văn phòng - Thống kê.", &p198, err) != 0)
		return -1;
	int64_t ids[2][3], task4 = 0;
	if (add_pilots(st, p198, err) != 0 || add_tasks(st, p198, &task4, err) != 0 ||
	    add_files(st, p198, task4, err) != 0 ||
	    add_commune(st, rs, 0, ids[0], err) != 0 || add_commune(st, rs, 1, ids[1], err) != 0)
		return -1;
	return add_training_inspection(st, p198, (const int64_t(*)[3])ids, err);
}
