/* doc.h — the report document model that every writer (xlsx, pdf, csvw) reads.
 *
 * A document is metadata (title, subtitle, issuing body, place and date,
 * form number, the national motto block of Vietnamese official forms), one or
 * more tables, footnotes and a signature block. A table has typed columns and
 * rows of typed cells; a row is a data row, a group row (one bold heading
 * spanning every column, e.g. a criterion) or a totals row (bold).
 *
 * Built with functions; every string is copied in and must be valid UTF-8
 * (NFC expected, not enforced: the text module owns normalisation) without
 * control characters other than '\n' (XML, which XLSX and SVG are, cannot
 * carry them). Values stay exact: points are tc_pts, percents are integer
 * hundredths of a percent, dates are calendar dates. Formatting (decimal
 * comma, dd/mm/yyyy) happens only in doc_format_cell(), so every writer
 * agrees.
 *
 * The struct is opaque: writers read it through the accessors below, which
 * return views that stay valid until the document is changed or freed.
 * Owner: the caller of doc_new() frees with doc_free().
 */
#ifndef TC_DOC_H
#define TC_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/pts.h"
#include "util/err.h"

#define DOC_MOTTO_1 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define DOC_MOTTO_2 "Độc lập - Tự do - Hạnh phúc"

#define DOC_MAX_COLS 64
#define DOC_MAX_ROWS 1000000
#define DOC_MAX_TEXT 65536 /* bytes per string */

enum doc_type {
	DOC_EMPTY = 0, /* a blank cell (only for cells) */
	DOC_TEXT,
	DOC_INT,       /* int64 */
	DOC_PTS,       /* tc_pts: shown 95,45 (PDF), number "0.00" (XLSX) */
	DOC_PERCENT,   /* hundredths of a percent: 8750 = 87,50% */
	DOC_DATE       /* calendar date, shown dd/mm/yyyy */
};

enum doc_rowkind { DOC_ROW_DATA, DOC_ROW_GROUP, DOC_ROW_TOTAL };

enum doc_meta {
	DOC_TITLE,     /* "BẢNG TỔNG HỢP ĐIỂM SỐ ..." */
	DOC_SUBTITLE,  /* a line under the title, italic */
	DOC_ISSUER,    /* issuing body, may span lines: "ỦY BAN NHÂN DÂN\nXÃ SÓC HÀ" */
	DOC_FORM_NO,   /* "Mẫu 02" */
	DOC_PLACE,     /* "Cao Bằng" (see doc_set_date) */
	DOC_META_COUNT
};

enum doc_orient { DOC_PORTRAIT, DOC_LANDSCAPE };

struct doc;

struct doc *doc_new(struct tc_err *err);
void doc_free(struct doc *d);

/* Metadata. NULL or "" clears a field. */
int doc_set_meta(struct doc *d, enum doc_meta field, const char *value,
		 struct tc_err *err);
/* The date of the place-and-date line; y == 0 clears it. */
int doc_set_date(struct doc *d, int y, int m, int day, struct tc_err *err);
void doc_set_motto(struct doc *d, int show); /* default: shown */
void doc_set_orientation(struct doc *d, enum doc_orient o); /* default portrait */

/* Tables. Columns are added to the last table, before its first row. The
 * width is a hint in characters (XLSX column width; PDF shares the page width
 * in proportion); 0 means 10. */
int doc_add_table(struct doc *d, const char *name, struct tc_err *err);
int doc_add_column(struct doc *d, const char *header, int width,
		   enum doc_type type, struct tc_err *err);

/* Rows of the last table. doc_begin_row() starts a data or totals row; the
 * doc_cell_* functions then fill it left to right (cells not given are
 * empty). A typed cell must match its column's type; a text cell is allowed
 * in any column ("—", "Không áp dụng"). doc_group_row() adds a heading row. */
int doc_begin_row(struct doc *d, enum doc_rowkind kind, struct tc_err *err);
int doc_group_row(struct doc *d, const char *text, struct tc_err *err);
int doc_cell_text(struct doc *d, const char *s, struct tc_err *err);
int doc_cell_int(struct doc *d, int64_t v, struct tc_err *err);
int doc_cell_pts(struct doc *d, tc_pts v, struct tc_err *err);
int doc_cell_percent(struct doc *d, int64_t hundredths, struct tc_err *err);
int doc_cell_date(struct doc *d, int y, int m, int day, struct tc_err *err);
int doc_cell_empty(struct doc *d, struct tc_err *err);

int doc_add_footnote(struct doc *d, const char *text, struct tc_err *err);
/* position may span lines ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"); name may be "". */
int doc_add_signature(struct doc *d, const char *position, const char *name,
		      struct tc_err *err);

/* ---- read access for the writers ---- */

struct doc_colv {
	const char *header;
	int width;
	enum doc_type type;
};

struct doc_cellv {
	enum doc_type type;   /* DOC_EMPTY for a blank or missing cell */
	const char *text;     /* DOC_TEXT */
	int64_t num;          /* DOC_INT, DOC_PTS, DOC_PERCENT */
	int y, m, d;          /* DOC_DATE */
};

const char *doc_meta(const struct doc *d, enum doc_meta field); /* "" if unset */
int doc_motto(const struct doc *d);
enum doc_orient doc_orientation(const struct doc *d);
/* "Cao Bằng, ngày 05 tháng 01 năm 2019" (or without the place, or "" when
 * there is no date) into out. Returns out. */
char *doc_place_date(const struct doc *d, char *out, size_t n);

size_t doc_n_tables(const struct doc *d);
const char *doc_table_name(const struct doc *d, size_t t);
size_t doc_n_cols(const struct doc *d, size_t t);
struct doc_colv doc_col(const struct doc *d, size_t t, size_t c);
size_t doc_n_rows(const struct doc *d, size_t t);
enum doc_rowkind doc_row_kind(const struct doc *d, size_t t, size_t r);
const char *doc_group_text(const struct doc *d, size_t t, size_t r); /* group rows */
struct doc_cellv doc_cell(const struct doc *d, size_t t, size_t r, size_t c);

size_t doc_n_footnotes(const struct doc *d);
const char *doc_footnote(const struct doc *d, size_t i);
size_t doc_n_signatures(const struct doc *d);
const char *doc_sig_position(const struct doc *d, size_t i);
const char *doc_sig_name(const struct doc *d, size_t i);

/* Formatting conventions shared by the writers.
 *   DOC_FMT_VI:    what a reader sees (PDF): 1.234 / 95,45 / 87,50% / 05/01/2019
 *   DOC_FMT_PLAIN: data exchange (CSV): 1234 / 95.45 / 87.50 / 2019-01-05
 * Empty cells give "". Returns out (always NUL-terminated; n >= 32 is enough
 * for every non-text cell). */
enum doc_fmt { DOC_FMT_VI, DOC_FMT_PLAIN };
char *doc_format_cell(const struct doc_cellv *v, enum doc_fmt style,
		      char *out, size_t n);

/* 1 if y-m-d is a date of the Gregorian calendar between 1900 and 9999. */
int doc_date_valid(int y, int m, int day);

#endif
