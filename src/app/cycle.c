/* cycle.c — see cycle.h. */
#include "app/cycle.h"

#include <stdio.h>
#include <string.h>

#include "app/dossier.h"
#include "core/workflow.h"

struct cyc_regime {
	const char *ruleset_id;
	const char *self_done;   /* "MM-DD" of the next year; NULL = derived */
	const char *submit;      /* "MM-DD" of the next year; NULL = not known */
	const char *decide;      /* "MM-DD" of the next year; NULL = not known */
	int papers_wd;           /* council papers >= n working days ahead; 0 = not known */
	int publish_wd;          /* result on the portal within n working days; 0 = not known */
	bool provisional;
	const char *basis;
};

/* The last entry is the default for a rule set not listed (provisional). */
static const struct cyc_regime REGIMES[] = {
	{"qd619-2017", "01-04", NULL, NULL, 0, 0, false,
	 "TT 07/2017/TT-BTP: tự chấm điểm xong trước 05/01 năm sau; niêm yết 10 ngày làm việc "
	 "(hạn gửi hồ sơ, hạn quyết định chưa thu thập được)"},
	{"qd25-2021", NULL, "01-09", "02-09", 3, 2, false,
	 "QĐ 25/2021/QĐ-TTg Điều 5; TT 09/2021/TT-BTP Điều 3–6: hồ sơ gửi trước 10/01, "
	 "tài liệu gửi Hội đồng trước ít nhất 03 ngày làm việc, quyết định trước 10/02, "
	 "đăng kết quả trong 02 ngày làm việc"},
	{"", NULL, "01-09", "02-09", 3, 2, true,
	 "TẠM TÍNH: văn bản hướng dẫn mới (TT 15/2025) chưa thu thập được, tạm dùng các thời "
	 "hạn của TT 09/2021/TT-BTP"},
};

static const struct cyc_regime *regime_for(const char *id)
{
	size_t n = sizeof REGIMES / sizeof REGIMES[0];
	for (size_t i = 0; i + 1 < n; i++)
		if (strcmp(REGIMES[i].ruleset_id, id) == 0)
			return &REGIMES[i];
	return &REGIMES[n - 1];
}

int cyc_overdue(const struct cyc_row *r, const char *today)
{
	return !r->info && !r->passed && r->due[0] && r->done[0] == '\0' &&
	       strcmp(r->due, today) < 0;
}

static struct cyc_row *add_row(struct cyc_list *l, enum cyc_kind kind, const char *label,
			       const char *basis, bool provisional)
{
	if (l->n == CYC_MAX_ROWS)
		return NULL;
	struct cyc_row *r = &l->r[l->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->label = label;
	r->basis = basis;
	r->provisional = provisional;
	return r;
}

/* "MM-DD" of year y -> ISO. */
static void fixed_day(char out[11], int y, const char *mmdd)
{
	char t[32];
	snprintf(t, sizeof t, "%04d-%.5s", y, mmdd);
	snprintf(out, 11, "%.10s", t);
}

static void iso(struct cal_date d, char out[11])
{
	cal_format_iso(d, out, 11);
}

/* The latest day a posting of p may begin so that it ends before `by`. */
static int latest_posting_start(const char *by, const struct dos_posting *p,
				const struct cal_holidays *h, char out[11])
{
	struct cal_date b, d, end;
	if (cal_parse_iso(by, 10, &b, NULL) != 0 || cal_add_days(b, -1, &d, NULL) != 0)
		return -1;
	for (int i = 0; i < 120; i++) { /* a posting never spans 120 days */
		if (cal_period_end(d, p->days, p->unit, h, &end, NULL) == 0 && cal_cmp(end, b) < 0) {
			iso(d, out);
			return 0;
		}
		if (cal_add_days(d, -1, &d, NULL) != 0)
			return -1;
	}
	return -1;
}

struct first_sub {
	char first[11], resubmit_after[21], resubmitted[11];
};

static int sub_cb(const struct store_submission *s, void *ctx)
{
	struct first_sub *f = ctx;
	if (f->first[0] == '\0' || strncmp(s->at, f->first, 10) < 0)
		snprintf(f->first, sizeof f->first, "%.10s", s->at);
	if (strcmp(s->kind, "resubmit") == 0 && f->resubmit_after[0] &&
	    strcmp(s->at, f->resubmit_after) > 0)
		snprintf(f->resubmitted, sizeof f->resubmitted, "%.10s", s->at);
	return 0;
}

/* Self-assessment, posting and dossier rows. */
static int early_rows(struct store *st, const struct store_assessment *a,
		      const struct cyc_regime *rg, const struct cal_holidays *h,
		      struct cyc_list *out, struct tc_err *err)
{
	struct dos_posting p;
	if (dos_posting_rule(st, a->year, a->ruleset_id, &p, err) != 0)
		return -1;
	char submit[11] = "", v[64];
	struct tc_err e = {0};
	if (store_setting_get(st, a->year, "deadline_submit", v, sizeof v, &e) == 0 && strlen(v) == 10)
		snprintf(submit, sizeof submit, "%s", v);
	else if (rg->submit)
		fixed_day(submit, a->year + 1, rg->submit);
	struct store_signoff so;
	bool signed_off = store_signoff_get(st, a->id, &so, &e) == 0;
	struct cyc_row *r = add_row(out, CYC_SELF, "Hoàn thành tự chấm điểm", rg->self_done ? rg->basis
				    : "Tính ngược từ hạn gửi hồ sơ: niêm yết đủ thời hạn trước hạn đó",
				    rg->provisional);
	if (rg->self_done)
		fixed_day(r->due, a->year + 1, rg->self_done);
	else if (submit[0])
		latest_posting_start(submit, &p, h, r->due);
	if (signed_off)
		snprintf(r->done, sizeof r->done, "%s", so.signed_on);
	struct cyc_row *pr = add_row(out, CYC_POSTING, p.unit == CAL_WORKING_DAYS ? "Kết thúc niêm yết "
				     "(tính theo ngày làm việc)" : "Kết thúc niêm yết", p.basis,
				     p.provisional);
	struct cal_date d, end;
	const char *start = signed_off ? so.posting_start : r->due;
	if (start[0] && cal_parse_iso(start, strlen(start), &d, NULL) == 0 &&
	    cal_period_end(d, p.days, p.unit, h, &end, NULL) == 0)
		iso(end, pr->due);
	pr->info = signed_off; /* once posted, the end is a date, not a task */
	struct first_sub fs = {"", "", ""};
	if (store_submission_list(st, a->id, sub_cb, &fs, err) != 0)
		return -1;
	struct cyc_row *sr = add_row(out, CYC_SUBMIT, "Gửi hồ sơ đề nghị công nhận", submit[0] && !rg->submit
				     ? "Theo thiết lập của quản trị viên cho năm này" : rg->basis,
				     rg->provisional);
	snprintf(sr->due, sizeof sr->due, "%s", submit);
	snprintf(sr->done, sizeof sr->done, "%s", fs.first);
	return 0;
}

/* The latest return's supplement deadline, done when resubmitted after it. */
static int supplement_row(struct store *st, const struct store_assessment *a,
			  struct cyc_list *out, struct tc_err *err)
{
	struct store_return rt;
	struct tc_err e = {0};
	if (store_return_latest(st, a->id, &rt, &e) != 0)
		return e.code == TC_ENOTFOUND ? 0 : (*err = e, -1);
	struct first_sub fs = {"", "", ""};
	snprintf(fs.resubmit_after, sizeof fs.resubmit_after, "%s", rt.returned_at);
	if (store_submission_list(st, a->id, sub_cb, &fs, err) != 0)
		return -1;
	struct cyc_row *r = add_row(out, CYC_SUPPLEMENT, "Bổ sung hồ sơ bị trả lại",
				    "Số ngày làm việc để bổ sung theo quy định của kỳ đánh giá", false);
	if (r == NULL)
		return 0;
	snprintf(r->due, sizeof r->due, "%s", rt.deadline);
	snprintf(r->done, sizeof r->done, "%s", fs.resubmitted);
	return 0;
}

struct council_pick {
	int64_t meeting;
	char outcome[16];
};

static int council_cb(const struct store_council_dossier *d, void *ctx)
{
	struct council_pick *c = ctx;
	if (d->meeting_id > c->meeting) {
		c->meeting = d->meeting_id;
		snprintf(c->outcome, sizeof c->outcome, "%s", d->outcome);
	}
	return 0;
}

static int council_rows(struct store *st, const struct store_assessment *a,
			const struct cyc_regime *rg, const struct cal_holidays *h,
			struct cyc_list *out, struct tc_err *err)
{
	struct council_pick c = {0, ""};
	if (store_council_dossiers(st, 0, a->id, council_cb, &c, err) != 0)
		return -1;
	struct store_council m;
	struct tc_err e = {0};
	if (c.meeting == 0 || store_council_get(st, c.meeting, NULL, &m, &e) != 0)
		return 0;
	struct cal_date md, pd;
	if (rg->papers_wd && cal_parse_iso(m.meeting_date, 10, &md, NULL) == 0 &&
	    cal_latest_before(md, rg->papers_wd, CAL_WORKING_DAYS, h, &pd, NULL) == 0) {
		struct cyc_row *r = add_row(out, CYC_PAPERS, "Gửi tài liệu cho Hội đồng (ngày làm việc)",
					    rg->basis, rg->provisional);
		iso(pd, r->due);
		r->info = true;
	}
	struct cyc_row *r = add_row(out, CYC_COUNCIL, "Họp Hội đồng đánh giá", "Ngày họp đã định", false);
	snprintf(r->due, sizeof r->due, "%s", m.meeting_date);
	if (c.outcome[0])
		snprintf(r->done, sizeof r->done, "%s", m.meeting_date);
	return 0;
}

/* The decision: its fixed day; done on the day it was recorded (decided_at),
 * from which the portal posting is counted in working days. */
static void decision_rows(const struct store_assessment *a, const struct cyc_regime *rg,
			  const struct cal_holidays *h, struct cyc_list *out)
{
	struct cyc_row *r = add_row(out, CYC_DECISION, "Quyết định công nhận", rg->basis, rg->provisional);
	if (r == NULL)
		return;
	if (rg->decide)
		fixed_day(r->due, a->year + 1, rg->decide);
	if (a->decided_at[0])
		snprintf(r->done, sizeof r->done, "%.10s", a->decided_at);
	struct cal_date d, p;
	if (rg->publish_wd == 0 || r->done[0] == '\0' || cal_parse_iso(r->done, 10, &d, NULL) != 0 ||
	    cal_deadline(d, rg->publish_wd, CAL_WORKING_DAYS, h, &p, NULL) != 0)
		return;
	struct cyc_row *q = add_row(out, CYC_PUBLISH, "Đăng kết quả trên cổng thông tin (ngày làm việc)", rg->basis,
				    rg->provisional);
	if (q == NULL)
		return;
	iso(p, q->due);
	q->info = true;
}

/* Steps the dossier's state is already past count as done even without a
 * recorded date (results imported from earlier years have none). */
static void mark_passed(const struct store_assessment *a, struct cyc_list *out)
{
	enum wf_state w;
	if (wf_state_parse(a->status, &w) != 0)
		return;
	bool decided = w == WF_RECOGNISED || w == WF_NOT_RECOGNISED;
	for (size_t i = 0; i < out->n; i++) {
		struct cyc_row *r = &out->r[i];
		switch (r->kind) {
		case CYC_SELF:
		case CYC_POSTING:
			r->passed = w != WF_DRAFT;
			break;
		case CYC_SUBMIT:
			r->passed = w != WF_DRAFT && w != WF_SIGNED;
			break;
		case CYC_SUPPLEMENT:
			r->passed = w != WF_RETURNED;
			break;
		case CYC_COUNCIL:
			r->passed = w == WF_COUNCIL || decided;
			break;
		case CYC_DECISION:
			r->passed = decided;
			break;
		default:
			break;
		}
	}
}

int cyc_for_assessment(struct store *st, const struct store_assessment *a,
		       const struct cal_holidays *h, struct cyc_list *out, struct tc_err *err)
{
	memset(out, 0, sizeof *out);
	const struct cyc_regime *rg = regime_for(a->ruleset_id);
	if (early_rows(st, a, rg, h, out, err) != 0 || supplement_row(st, a, out, err) != 0 ||
	    council_rows(st, a, rg, h, out, err) != 0)
		return -1;
	decision_rows(a, rg, h, out);
	mark_passed(a, out);
	return 0;
}
