/* dossier.h — application services around one assessment's dossier, shared
 * by the web pages and the API: the holiday list in force (shipped list +
 * administrators' additions), the posting period rule of a regime, "today"
 * (testable), and scoring a stored assessment with its pinned rule set.
 *
 * Posting period (where the number comes from):
 *   qd619-2017  10 working days  — TT 07/2017/TT-BTP (public posting of the
 *               self-assessment for 10 working days, see REGULATION.md §2);
 *   qd25-2021   5 days           — TT 09/2021/TT-BTP art. 4: posting at the
 *               commune office for at least 5 days (calendar days);
 *   qd27-2025   5 days, PROVISIONAL — TT 15/2025 not retrieved; the previous
 *               regime's period is used and the page says so.
 * An administrator overrides them per year with the settings
 * "posting_days" (a number) and "posting_unit" ("days" | "working_days").
 *
 * Owner: dossier.c. Pure functions over a store handle; nothing global
 * except the test clock read from TIEPCAN_NOW.
 */
#ifndef TC_DOSSIER_H
#define TC_DOSSIER_H

#include <stdbool.h>

#include "app/registry.h"
#include "core/calendar.h"
#include "core/score.h"
#include "store/store.h"
#include "util/err.h"

/* Today's date (local calendar date of Vietnam, UTC+7). TEST ONLY: the
 * environment variable TIEPCAN_NOW=YYYY-MM-DD fixes it (documented in
 * docs/API.md; never set it in production). */
void dos_today(struct cal_date *out);

/* The shipped holidays (data/holidays.csv) with the administrators' rows
 * (store holiday table) replacing the same dates. Caller frees with
 * cal_holidays_free(). */
struct cal_holidays *dos_holidays(struct store *st, struct tc_err *err);

struct dos_posting {
	int days;
	enum cal_unit unit;
	bool provisional;      /* the regime's period is not officially known */
	const char *basis;     /* Vietnamese: where the number comes from (static) */
};

/* The posting rule for an assessment of `year` under `ruleset_id`. */
int dos_posting_rule(struct store *st, int year, const char *ruleset_id,
		     struct dos_posting *out, struct tc_err *err);

/* Scores a stored assessment with its pinned rule set (the registry's
 * rule set with that id): NULL with TC_ENOTFOUND if the rule set is gone.
 * *sheet receives the sheet (free with sc_sheet_free after the result).
 * Caller frees the result with sc_result_free(). */
struct sc_result *dos_score(struct store *st, const struct reg *reg,
			    const struct store_assessment *a, struct sc_sheet **sheet,
			    struct tc_err *err);

#endif
