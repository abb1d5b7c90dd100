/* pilotdemo.h — the Cao Bằng pilot model of 2018 in the demo database, and
 * the list of indicators a commune's duties are assigned by.
 *
 * Sources (see the plan rows): Plan 1719/KH-UBND of 06/6/2017 of the Cao
 * Bằng People's Committee; Plan 198/KH-STP of 29/3/2018 of the Department
 * of Justice (pilot model 2018; pilots Sóc Hà 01417, Hà Quảng and Đại Sơn
 * 01639, Phục Hòa, both targeting New Rural status in 2019). Everything else
 * (task details, deadlines, officials, the training and the inspection) is
 * ILLUSTRATIVE: tasks carry illustrative = 1 and officials 'synthetic-demo'.
 */
#ifndef TC_PILOTDEMO_H
#define TC_PILOTDEMO_H

#include "app/registry.h"
#include "store/store.h"
#include "util/err.h"

/* The scored items of a rule set: each indicator, or the criterion itself
 * when it is scored as a whole (qd619-2017). cb returning non-zero stops. */
int pilot_items(const struct rs_ruleset *rs,
		int (*cb)(const char *code, const char *title, tc_pts max, void *ctx), void *ctx);

/* Adds the pilot case; called inside demo_build's transaction. */
int pilotdemo_build(struct store *st, const struct reg *reg, struct tc_err *err);

#endif
