/* review.h — the reviewer's services shared by the web pages and the API:
 * which items a reviewer scores, the verdict recomputed on reviewed scores,
 * the supplement deadline, and what changed between a returned dossier and
 * its resubmission.
 *
 * TT 09/2021 art. 2(2): the score that counts is the one appraised by the
 * council, so the verdict on reviewed scores feeds each reviewed score to
 * the engine as an entered `points` (`met` in achievement regimes), which
 * overrides the commune's figures for that item (core/score.h precedence).
 * Owner: review.c.
 */
#ifndef TC_APP_REVIEW_H
#define TC_APP_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/ruleset.h"
#include "core/score.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define REVIEW_MAX_TARGETS 128

/* One thing a reviewer scores: an indicator, or a criterion scored as a
 * whole. In achievement regimes max is 1,00 (1 = met, 0 = not met). */
struct review_target {
	const char *code;               /* borrowed from the rule set */
	const char *title;
	tc_pts max;
	const struct rs_criterion *crit;
	const struct rs_item *item;     /* NULL for a whole-scored criterion */
};

/* Fills out[] (at most cap) in rule order; returns the count. */
size_t review_targets(const struct rs_ruleset *rs, struct review_target *out, size_t cap);

/* Evaluates the assessment's stored inputs. reviewed: NULL for the commune's
 * own result; else per target (n = the count of review_targets) the reviewed
 * points, STORE_NO_PTS = keep the commune's figures for that target. Caller
 * frees with sc_result_free(). */
struct sc_result *review_evaluate(struct store *st, const struct store_assessment *a,
				  const struct rs_ruleset *rs, const struct review_target *t,
				  const tc_pts *reviewed, size_t n, struct tc_err *err);

/* The shipped holidays (data/holidays.csv) plus those added by
 * administrators in the store (app/dossier.h). Caller frees with
 * cal_holidays_free(). */
struct cal_holidays *review_holidays(struct store *st, struct tc_err *err);

/* Today in Vietnam (UTC+7); TIEPCAN_NOW fixes it in tests (app/dossier.h). */
struct cal_date review_today(struct store *st);

/* The supplement deadline of a return made on `day` under the assessment's
 * rule set: the regime's working days (core/review.h), counted by
 * cal_deadline. *days gets the number used. */
int review_deadline(struct store *st, const char *ruleset_id, struct cal_date day,
		    struct cal_date *out, int *days, struct tc_err *err);

/* One changed raw input between two versions. */
struct review_change {
	char item[32];
	char field[64];
	char before[64];   /* "" = absent before */
	char after[64];    /* "" = removed */
};
typedef int (*review_change_cb)(const struct review_change *c, void *ctx);
/* Compares the inputs kept at return `return_id` with the current inputs of
 * the assessment, in (item, field) byte order; *n = changes. Why a snapshot
 * at each return is enough: the commune can only edit while the dossier is
 * returned, so the current inputs of a resubmitted dossier ARE the
 * resubmitted version, and the resubmitted version of round N is kept as the
 * snapshot of return N+1 (the full history stays comparable). */
int review_diff(struct store *st, int64_t return_id, int64_t assessment_id,
		review_change_cb cb, void *ctx, long *n, struct tc_err *err);

#endif
