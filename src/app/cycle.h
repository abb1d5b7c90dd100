/* cycle.h — the deadlines of one commune's assessment cycle (self-assessment,
 * public posting, dossier, supplement, council, decision), for the deadlines
 * calendar (/lich) next to the plans' tasks.
 *
 * The fixed days of each regime are DATA (the table in cycle.c, with their
 * source); every period counted in days is computed by core/calendar in
 * Vietnamese working days with the holiday list in force (app/dossier.h):
 *   qd619-2017  self-scoring finished before 05/01 of the next year; posting
 *               10 working days (TT 07/2017/TT-BTP); the dossier and decision
 *               days were not collected (REGULATION.md) -> not shown;
 *   qd25-2021   dossier to the district before 10/01, council papers at least
 *               3 working days before the meeting, decision before 10/02,
 *               result on the district portal within 2 working days
 *               (QĐ 25/2021/QĐ-TTg art. 5; TT 09/2021/TT-BTP arts. 3–6);
 *   qd27-2025   TT 15/2025 not retrieved: qd25-2021's days, PROVISIONAL.
 * The administrator's "deadline_submit" setting for the year replaces the
 * regime's dossier day. Where no self-assessment day is fixed, the latest
 * day that still lets the posting end before the dossier day is shown and
 * says it is derived.
 * Owner: the pilot work. */
#ifndef TC_APP_CYCLE_H
#define TC_APP_CYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "store/store.h"
#include "util/err.h"

#define CYC_MAX_ROWS 8

enum cyc_kind {
	CYC_SELF, CYC_POSTING, CYC_SUBMIT, CYC_SUPPLEMENT, CYC_PAPERS, CYC_COUNCIL, CYC_DECISION,
	CYC_PUBLISH, CYC_KINDS
};

struct cyc_row {
	enum cyc_kind kind;
	const char *label;     /* Vietnamese, static */
	char due[11];          /* YYYY-MM-DD; "" = no deadline known */
	char done[11];         /* YYYY-MM-DD when it was done; "" = not yet */
	bool info;             /* a date to know, never "overdue" */
	bool passed;           /* the dossier is past this step (date not recorded,
				* e.g. imported results) */
	bool provisional;
	const char *basis;     /* Vietnamese: where the day comes from (static) */
};

struct cyc_list {
	struct cyc_row r[CYC_MAX_ROWS];
	size_t n;
};

/* The cycle of assessment a (h: the holiday list in force, may be NULL =
 * weekends only). Reads the sign-off, submissions, returns, council
 * meetings and decisions of a. */
int cyc_for_assessment(struct store *st, const struct store_assessment *a,
		       const struct cal_holidays *h, struct cyc_list *out, struct tc_err *err);

/* 1 if the row's deadline passed (due < today) and it is not done. */
int cyc_overdue(const struct cyc_row *r, const char *today);

#endif
