/* forms.h — the official report forms, built from the store as documents.
 *
 * Each builder reads assessments (and their inputs, indicator values and
 * officials) from the store, re-scores them with the rule set each one is
 * pinned to (so per-criterion points and reasons are the engine's, exactly
 * like `tiepcan export scores`), and fills a struct doc that any writer
 * (xlsx, pdf, csvw) renders. Forms know nothing about file formats.
 *
 * Kinds and the unit they take (docs/REPORTS.md, "Official forms"):
 *   score-sheet        one commune (5-digit code): bảng tổng hợp điểm số
 *   evaluation-report  one commune: báo cáo đánh giá kết quả, verdict, reasons
 *   eligibility-lists  a province (2 digits) or district (3): eligible / not
 *   decision-draft     a province or district: dự thảo quyết định + annex
 *   province-summary   a province or district: per district and commune
 *   new-rural          a province or district: New Rural criterion status
 *
 * Owner: forms_build()'s caller frees the document with doc_free().
 */
#ifndef TC_FORMS_H
#define TC_FORMS_H

#include <stddef.h>

#include "app/registry.h"
#include "report/doc.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

enum forms_kind {
	FORMS_SCORE_SHEET,
	FORMS_EVAL_REPORT,
	FORMS_ELIGIBILITY,
	FORMS_DECISION,
	FORMS_PROVINCE_SUMMARY,
	FORMS_NEW_RURAL,
	FORMS_N
};

/* "score-sheet" ... ; -1 if unknown. */
int forms_kind_parse(const char *name);
const char *forms_kind_name(enum forms_kind k);
/* Vietnamese title for buttons and pages. */
const char *forms_kind_title_vi(enum forms_kind k);
/* 1 if the kind takes one commune, 0 if a province or district. */
int forms_kind_is_commune(enum forms_kind k);

/* Builds the form for `year` and `unit` (see above). scope restricts what is
 * read (NULL = everything). TC_ENOTFOUND when there is nothing to report,
 * TC_EINPUT for a unit code of the wrong kind. */
struct doc *forms_build(struct store *st, const struct reg *reg, enum forms_kind k,
			int year, const char *unit, const struct store_scope *scope,
			struct tc_err *err);

/* The province summary as data: byte for byte the CSV of
 * `tiepcan export scores --year Y --unit P --format csv` (the `score`
 * command's CSV shape: unit,year,ruleset,total,c1..cN,recognised,reasons). */
int forms_summary_csv(struct store *st, const struct reg *reg, int year, const char *unit,
		      const struct store_scope *scope, struct buf *out, struct tc_err *err);

/* Renders kind in format "xlsx", "pdf" or "csv" into out (the bytes of the
 * file). For province-summary, csv is forms_summary_csv(); other kinds give
 * their first table with a UTF-8 BOM (csvw). */
int forms_render(struct store *st, const struct reg *reg, enum forms_kind k, int year,
		 const char *unit, const struct store_scope *scope, const char *format,
		 struct buf *out, struct tc_err *err);

/* 1 for the kinds the public may download: province-summary, new-rural. */
int forms_kind_is_public(enum forms_kind k);
/* forms_render for the public: a public kind only (TC_EINPUT otherwise) and
 * only published results, i.e. assessments the chairman has decided
 * (status recognised or not_recognised), as the public results pages show. */
int forms_render_published(struct store *st, const struct reg *reg, enum forms_kind k,
			   int year, const char *unit, const struct store_scope *scope,
			   const char *format, struct buf *out, struct tc_err *err);

/* Vietnamese text of an engine reason ("total_below_min", "gate:x", ...)
 * into out. Returns out. */
char *forms_reason_vi(const struct rs_ruleset *rs, const char *reason, char *out, size_t n);

/* The scope that a 2-digit (province), 3-digit (district) or 5-digit
 * (commune) code designates. -1 (TC_EINPUT) for anything else. */
int forms_scope_of(const char *code, struct store_scope *out, struct tc_err *err);

#endif
