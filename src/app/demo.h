/* demo.h — the demo database: Cao Bằng (province 04), 2018–2026.
 *
 * EVERY FIGURE IS SYNTHETIC: assessments carry source 'synthetic-demo' and
 * officials too; nothing here is a real result or a real person. The
 * history is reproducible: the same seed gives the same database content.
 *
 *   2018        the pilot under qd619-2017: Sóc Hà (01417) and Đại Sơn
 *               (01639) with the figures of demo/cao-bang-2018.csv, plus
 *               every other commune of the 2020 list;
 *   2019        all 199 communes of the 2020 list (qd619-2017);
 *   2020-2024   all communes of the 03/2025 list (qd619-2017, then qd25-2021);
 *   2025-2026   all 56 communes of the two-tier list (qd25-2021, qd27-2025);
 *               2026 is in progress (self-assessed, not yet decided).
 * Each commune has a persistent synthetic "capacity" (from the seed and its
 * code) that drifts upward over the years; a new commune starts from the
 * mean of its predecessors, so results stay plausible across the reforms.
 * Scores go through the same path as 'tiepcan import scores' (engine,
 * checks, audit). A few synthetic officials per commune (2025-03 and
 * 2025-07 lists).
 */
#ifndef TC_DEMO_H
#define TC_DEMO_H

#include <stdint.h>

#include "app/registry.h"
#include "store/store.h"
#include "util/err.h"

#define DEMO_SEED UINT64_C(20180619)

/* The store must hold the shipped units (units_load_shipped). Writes in one
 * transaction. progress may be NULL. */
int demo_build(struct store *st, const struct reg *reg, uint64_t seed,
	       void (*progress)(long done, long total, void *ctx), void *pctx,
	       struct tc_err *err);

#endif
