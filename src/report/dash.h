/* dash.h — the dashboard: live aggregates from the store, as a model, JSON
 * and server-rendered SVG charts (no JavaScript, readable in print).
 *
 * Every figure comes from one of the store's "Dashboard aggregates" queries
 * run at request time (no batch step, nothing cached, so never stale). This
 * module only combines them with the rule set (indicator maxima, gate
 * titles), sorts, computes shares and tiers, and renders.
 *
 * What is public: aggregates (shares, trends, histogram, weakest
 * indicators, gate failure counts, pilot communes against the rest) and the
 * ranking of decided or scored communes (results are posted publicly in the
 * programme). Integrity flags, gaps by reviewer and early warnings concern
 * files still under review or named staff: they are built only when
 * `internal` is set (a signed-in reviewer or admin, or the CLI).
 *
 * Model: a public read-only tree (like score results), owned by dash.c;
 * the caller of dash_build() frees it with dash_free().
 */
#ifndef TC_DASH_H
#define TC_DASH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/registry.h"
#include "core/pts.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define DASH_BINS 10          /* histogram: ten bins of a tenth of the maximum total */
#define DASH_JUMP_PTS 2000    /* integrity: |total(y) - total(y-1)| >= 20 points */
#define DASH_GAP_PTS 1000     /* integrity: |self - reviewed| >= 10 points */

struct dash_count {
	int year;
	char key[8];          /* province/district code ("" for a whole) */
	char name[160];       /* its name in that year's list */
	long assessed, scored, eligible, recognised;
	long decided;         /* recognised or not: 0 = no decision yet that year */
	int64_t share_bp;     /* recognised / assessed in hundredths of a percent */
};

struct dash_weak {
	char item[32];
	char title[300];
	tc_pts max;           /* achievement items: 100 (met) */
	long below, n;        /* communes below half of max / with a value */
	int64_t share_bp;
};

struct dash_gate {
	char code[64];
	char title[300];
	long n;
};

struct dash_rank {
	char unit[8];
	char name[160];
	char district[4];
	tc_pts total;
	int recognised;       /* computed verdict: -1 unknown */
	char status[16];
	int tier;             /* 1..4: quartile of the ranking (descriptive, not legal) */
};

struct dash_flag {
	char kind[16];        /* "jump", "shared-evidence", "review-gap", "gate", "criterion" */
	char unit[8];
	char name[160];
	char detail[400];     /* Vietnamese */
};

/* Pilot communes or the rest, in the year and scope (store_dash_pilot). */
struct dash_group {
	long assessed, scored, recognised, decided;
	int64_t share_bp;     /* recognised / assessed */
	tc_pts mean_total;    /* mean of the scored totals; TC_PTS_NONE if none */
};

/* One reviewer's gaps between self-assessed and reviewed points (internal). */
struct dash_reviewer {
	char reviewer[128];   /* the actor recorded in review_item */
	long dossiers;        /* dossiers with indicators scored by both */
	long large;           /* of which the gap is >= DASH_GAP_PTS */
	tc_pts mean_abs;      /* mean |self - reviewed| per dossier */
	tc_pts max_abs;
	tc_pts mean_signed;   /* mean (self - reviewed): > 0 = points cut on review */
};

struct dash {
	int year;
	char scope_code[8];   /* "" = national */
	char scope_name[160];
	char vintage[8];
	int tiers;            /* of the year's unit list */
	char ruleset[32];
	int internal;
	struct dash_count whole;            /* the year, whole scope */
	struct dash_count *areas;           /* by province (national) or district */
	size_t n_areas;
	struct dash_count *trend_hist;      /* per year, historical boundaries */
	size_t n_trend_hist;
	struct dash_count *trend_cur;       /* per year, current boundaries (lineage) */
	size_t n_trend_cur;
	char current_vintage[8];
	tc_pts hist_lo, hist_width;
	long hist[DASH_BINS];
	struct dash_weak *weak;             /* by share below half, descending */
	size_t n_weak;
	struct dash_gate *gates;
	size_t n_gates;
	struct dash_rank *ranking;
	size_t n_ranking;
	struct dash_flag *flags;            /* internal only */
	size_t n_flags;
	struct dash_flag *warnings;         /* internal only */
	size_t n_warnings;
	int pilot_available;                /* 1 if the year has pilot communes in scope */
	struct dash_group pilot, rest;
	struct dash_reviewer *reviewers;    /* internal only; by mean gap, descending */
	size_t n_reviewers;
};

/* province: a 2-digit code or NULL/"" for the whole country. */
struct dash *dash_build(struct store *st, const struct reg *reg, int year,
			const char *province, int internal, struct tc_err *err);
void dash_free(struct dash *d);

/* The model as JSON (shares also as "share_percent" strings "87.50"). */
json_t *dash_json(const struct dash *d);

/* Chart names: "ty-le" (share recognised by area), "xu-huong" (trend,
 * historical and current boundaries), "pho-diem" (histogram of totals),
 * "chi-tieu-yeu" (weakest indicators), "o-xa" (tile grid of communes or
 * provinces), "thi-diem" (share recognised, pilot communes vs the rest),
 * "thi-diem-diem" (mean total, pilot vs the rest). Appends one <svg> to
 * out; TC_ENOTFOUND for another name. */
int dash_chart(const struct dash *d, const char *name, struct buf *out, struct tc_err *err);
extern const char *const DASH_CHARTS[]; /* NULL-terminated */

/* Pure helpers (unit-tested). */
/* num/den as hundredths of a percent, rounded half up; 0 when den is 0. */
int64_t dash_share_bp(long num, long den);
/* Quartile tier 1..4 of 0-based position i among n. */
int dash_tier(size_t i, size_t n);
/* 1 if pts is below half of max (exact: 2*pts < max). */
int dash_below_half(tc_pts pts, tc_pts max);
/* sum/n rounded half away from zero (exact integers); 0 when n is 0. */
int64_t dash_mean(int64_t sum, long n);

#endif
