/* review.h — the reviewer's and council's legal parameters, per regime. PURE.
 *
 * The numbers that differ between circulars live here as DATA keyed by the
 * rule-set id, never inline in handlers:
 *   - days the commune has to supplement a returned file, in working days:
 *     qd619-2017 5 (TT 07/2017: "bổ sung trong thời hạn 05 ngày làm việc"),
 *     qd25-2021 3 (TT 09/2021 art. 5: "03 ngày làm việc"); qd27-2025: not
 *     retrieved (TT 15/2025), 3 kept from TT 09 and marked provisional;
 *   - the council's quorum: qd25-2021 2/3 of its members (TT 09/2021 art. 5);
 *     qd619-2017 and qd27-2025 not retrieved, 2/3 kept and marked
 *     provisional.
 * An unknown rule set gets the provisional defaults (3 working days, 2/3).
 * Also the parser of a reviewed score as typed in a form (decimal comma).
 * Owner: review.c.
 */
#ifndef TC_REVIEW_H
#define TC_REVIEW_H

#include <stdbool.h>

#include "core/pts.h"
#include "util/err.h"

struct rv_regime {
	const char *ruleset_id;     /* "qd25-2021"; "" for the default */
	int supplement_days;        /* working days after the return */
	bool supplement_provisional;
	const char *supplement_basis; /* Vietnamese citation or the reason it is provisional */
	int quorum_num, quorum_den; /* members present / members >= num/den */
	bool quorum_provisional;
	const char *quorum_basis;
};

/* The parameters of a rule set (never NULL: unknown ids get the default). */
const struct rv_regime *rv_regime_for(const char *ruleset_id);

/* Whether `present` of `members` meets the quorum (exact: cross-multiplied).
 * A council without members never has a quorum. */
bool rv_quorum_met(const struct rv_regime *r, int present, int members);

/* Parses a reviewed score as typed: "7", "7,5", "7.25", " 6,00 " (spaces
 * around allowed); at most two decimals; 0..max (max TC_PTS_NONE: no upper
 * bound). TC_EINPUT with a Vietnamese message naming the allowed range. */
int rv_parse_score(const char *s, tc_pts max, tc_pts *out, struct tc_err *err);

#endif
