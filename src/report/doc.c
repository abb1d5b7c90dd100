/* doc.c — the report document model (see doc.h). All memory is owned by the
 * struct doc and freed by doc_free(). */
#include "report/doc.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

struct cell {
	enum doc_type type;
	char *text;
	int64_t num; /* dates packed as y * 10000 + m * 100 + d */
};

struct row {
	enum doc_rowkind kind;
	char *group;         /* DOC_ROW_GROUP */
	struct cell *cells;  /* ncols of them (data and totals rows) */
	size_t filled;
};

struct col {
	char *header;
	int width;
	enum doc_type type;
};

struct table {
	char *name;
	struct col cols[DOC_MAX_COLS];
	size_t ncols;
	struct row *rows;
	size_t nrows, caprows;
};

struct sig {
	char *position, *name;
};

struct doc {
	char *meta[DOC_META_COUNT];
	int y, m, day;
	int motto;
	enum doc_orient orient;
	struct table *tables;
	size_t ntables;
	char **notes;
	size_t nnotes;
	struct sig *sigs;
	size_t nsigs;
};

/* ---- helpers ---- */

static int check_text(const char *s, const char *what, struct tc_err *err)
{
	size_t n = strlen(s), bad = 0;
	if (n > DOC_MAX_TEXT)
		return tc_err_set(err, TC_EINPUT, "%s is %zu bytes long; at most %d are allowed",
				  what, n, DOC_MAX_TEXT);
	if (!utf8_valid(s, n, &bad))
		return tc_err_set(err, TC_EINPUT, "%s is not valid UTF-8 (byte %zu); "
				  "convert the text to UTF-8", what, bad);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return tc_err_set(err, TC_EINPUT, "%s contains the control character "
					  "0x%02x at byte %zu; remove it", what, c, i);
	}
	return 0;
}

/* Copies s (validated) into *dst, freeing the old value. */
static int set_str(char **dst, const char *s, const char *what, struct tc_err *err)
{
	if (check_text(s, what, err) < 0)
		return -1;
	char *copy = tc_strdup(s);
	if (!copy)
		return tc_err_set(err, TC_ENOMEM, "out of memory copying %s", what);
	tc_free(*dst);
	*dst = copy;
	return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size, struct tc_err *err)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	void *np = tc_reallocarray(*p, ncap, size);
	if (!np)
		return tc_err_set(err, TC_ENOMEM, "out of memory growing a report document");
	*p = np;
	*cap = ncap;
	return 0;
}

int doc_date_valid(int y, int m, int day)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || day < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	return day <= max;
}

/* ---- building ---- */

struct doc *doc_new(struct tc_err *err)
{
	struct doc *d = tc_calloc(1, sizeof *d);
	if (!d) {
		tc_err_set(err, TC_ENOMEM, "out of memory creating a report document");
		return NULL;
	}
	d->motto = 1;
	return d;
}

static void free_table(struct table *t)
{
	tc_free(t->name);
	for (size_t c = 0; c < t->ncols; c++)
		tc_free(t->cols[c].header);
	for (size_t r = 0; r < t->nrows; r++) {
		struct row *row = &t->rows[r];
		tc_free(row->group);
		if (row->cells)
			for (size_t c = 0; c < t->ncols; c++)
				tc_free(row->cells[c].text);
		tc_free(row->cells);
	}
	tc_free(t->rows);
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (int i = 0; i < DOC_META_COUNT; i++)
		tc_free(d->meta[i]);
	for (size_t t = 0; t < d->ntables; t++)
		free_table(&d->tables[t]);
	tc_free(d->tables);
	for (size_t i = 0; i < d->nnotes; i++)
		tc_free(d->notes[i]);
	tc_free(d->notes);
	for (size_t i = 0; i < d->nsigs; i++) {
		tc_free(d->sigs[i].position);
		tc_free(d->sigs[i].name);
	}
	tc_free(d->sigs);
	tc_free(d);
}

int doc_set_meta(struct doc *d, enum doc_meta field, const char *value,
		 struct tc_err *err)
{
	if ((int)field < 0 || field >= DOC_META_COUNT)
		return tc_err_set(err, TC_EINTERNAL, "unknown document field %d", (int)field);
	if (!value || !*value) {
		tc_free(d->meta[field]);
		d->meta[field] = NULL;
		return 0;
	}
	return set_str(&d->meta[field], value, "the document metadata", err);
}

int doc_set_date(struct doc *d, int y, int m, int day, struct tc_err *err)
{
	if (y != 0 && !doc_date_valid(y, m, day))
		return tc_err_set(err, TC_EINPUT, "%04d-%02d-%02d is not a valid date for "
				  "the report (years 1900-9999)", y, m, day);
	d->y = y;
	d->m = m;
	d->day = day;
	return 0;
}

void doc_set_motto(struct doc *d, int show) { d->motto = show != 0; }
void doc_set_orientation(struct doc *d, enum doc_orient o) { d->orient = o; }

int doc_add_table(struct doc *d, const char *name, struct tc_err *err)
{
	size_t cap = d->ntables; /* exact-size growth: tables are few */
	if (grow((void **)&d->tables, &cap, d->ntables + 1, sizeof *d->tables, err) < 0)
		return -1;
	struct table *t = &d->tables[d->ntables];
	memset(t, 0, sizeof *t);
	if (set_str(&t->name, name ? name : "", "the table name", err) < 0)
		return -1;
	d->ntables++;
	return 0;
}

static struct table *last_table(struct doc *d, const char *what, struct tc_err *err)
{
	if (d->ntables == 0) {
		tc_err_set(err, TC_EINTERNAL, "%s before any table: call doc_add_table() first",
			   what);
		return NULL;
	}
	return &d->tables[d->ntables - 1];
}

int doc_add_column(struct doc *d, const char *header, int width,
		   enum doc_type type, struct tc_err *err)
{
	struct table *t = last_table(d, "a column", err);
	if (!t)
		return -1;
	if (t->nrows > 0)
		return tc_err_set(err, TC_EINTERNAL, "column '%s' added after the first row of "
				  "table '%s'; add every column first", header, t->name);
	if (t->ncols == DOC_MAX_COLS)
		return tc_err_set(err, TC_EINPUT, "table '%s' has more than %d columns",
				  t->name, DOC_MAX_COLS);
	if (type < DOC_TEXT || type > DOC_DATE)
		return tc_err_set(err, TC_EINTERNAL, "column '%s' has no valid type", header);
	if (width < 0 || width > 255)
		return tc_err_set(err, TC_EINPUT, "column '%s' has width %d; use 0 to 255",
				  header, width);
	struct col *c = &t->cols[t->ncols];
	memset(c, 0, sizeof *c);
	if (set_str(&c->header, header, "a column header", err) < 0)
		return -1;
	c->width = width ? width : 10;
	c->type = type;
	t->ncols++;
	return 0;
}

static struct row *new_row(struct doc *d, enum doc_rowkind kind, struct tc_err *err)
{
	struct table *t = last_table(d, "a row", err);
	if (!t)
		return NULL;
	if (t->ncols == 0) {
		tc_err_set(err, TC_EINTERNAL, "table '%s' has no columns; add them before rows",
			   t->name);
		return NULL;
	}
	if (t->nrows == DOC_MAX_ROWS) {
		tc_err_set(err, TC_EINPUT, "table '%s' has more than %d rows", t->name,
			   DOC_MAX_ROWS);
		return NULL;
	}
	if (grow((void **)&t->rows, &t->caprows, t->nrows + 1, sizeof *t->rows, err) < 0)
		return NULL;
	struct row *r = &t->rows[t->nrows];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	if (kind != DOC_ROW_GROUP) {
		r->cells = tc_calloc(t->ncols, sizeof *r->cells);
		if (!r->cells) {
			tc_err_set(err, TC_ENOMEM, "out of memory adding a row");
			return NULL;
		}
	}
	t->nrows++;
	return r;
}

int doc_begin_row(struct doc *d, enum doc_rowkind kind, struct tc_err *err)
{
	if (kind != DOC_ROW_DATA && kind != DOC_ROW_TOTAL)
		return tc_err_set(err, TC_EINTERNAL, "doc_begin_row() takes a data or totals "
				  "row; use doc_group_row() for a heading");
	return new_row(d, kind, err) ? 0 : -1;
}

int doc_group_row(struct doc *d, const char *text, struct tc_err *err)
{
	if (check_text(text, "a group row", err) < 0)
		return -1;
	char *copy = tc_strdup(text);
	if (!copy)
		return tc_err_set(err, TC_ENOMEM, "out of memory adding a group row");
	struct row *r = new_row(d, DOC_ROW_GROUP, err);
	if (!r) {
		tc_free(copy);
		return -1;
	}
	r->group = copy;
	return 0;
}

/* The next free cell of the current row, checked against its column type. */
static struct cell *next_cell(struct doc *d, enum doc_type type, struct tc_err *err)
{
	struct table *t = last_table(d, "a cell", err);
	if (!t)
		return NULL;
	struct row *r = t->nrows ? &t->rows[t->nrows - 1] : NULL;
	if (!r || r->kind == DOC_ROW_GROUP) {
		tc_err_set(err, TC_EINTERNAL, "a cell outside a row of table '%s'; call "
			   "doc_begin_row() first", t->name);
		return NULL;
	}
	if (r->filled == t->ncols) {
		tc_err_set(err, TC_EINPUT, "row %zu of table '%s' has more cells than its %zu "
			   "columns", t->nrows, t->name, t->ncols);
		return NULL;
	}
	const struct col *c = &t->cols[r->filled];
	if (type != DOC_TEXT && type != DOC_EMPTY && type != c->type) {
		tc_err_set(err, TC_EINTERNAL, "row %zu, column '%s' of table '%s': the cell's "
			   "type does not match the column's", t->nrows, c->header, t->name);
		return NULL;
	}
	return &r->cells[r->filled];
}

/* Claims the next cell of the current row for a value of `type`. */
static struct cell *take_cell(struct doc *d, enum doc_type type, struct tc_err *err)
{
	struct cell *c = next_cell(d, type, err);
	if (!c)
		return NULL;
	struct table *t = &d->tables[d->ntables - 1];
	t->rows[t->nrows - 1].filled++;
	c->type = type;
	return c;
}

static int put_num(struct doc *d, enum doc_type type, int64_t v, struct tc_err *err)
{
	struct cell *c = take_cell(d, type, err);
	if (!c)
		return -1;
	c->num = v;
	return 0;
}

int doc_cell_text(struct doc *d, const char *s, struct tc_err *err)
{
	if (check_text(s, "a cell", err) < 0)
		return -1;
	char *copy = tc_strdup(s);
	if (!copy)
		return tc_err_set(err, TC_ENOMEM, "out of memory adding a cell");
	struct cell *c = take_cell(d, DOC_TEXT, err);
	if (!c) {
		tc_free(copy);
		return -1;
	}
	c->text = copy;
	return 0;
}

int doc_cell_int(struct doc *d, int64_t v, struct tc_err *err)
{
	return put_num(d, DOC_INT, v, err);
}

int doc_cell_pts(struct doc *d, tc_pts v, struct tc_err *err)
{
	if (v == TC_PTS_NONE)
		return doc_cell_empty(d, err);
	return put_num(d, DOC_PTS, v, err);
}

int doc_cell_percent(struct doc *d, int64_t hundredths, struct tc_err *err)
{
	return put_num(d, DOC_PERCENT, hundredths, err);
}

int doc_cell_date(struct doc *d, int y, int m, int day, struct tc_err *err)
{
	if (!doc_date_valid(y, m, day))
		return tc_err_set(err, TC_EINPUT, "%04d-%02d-%02d is not a valid date "
				  "(years 1900-9999)", y, m, day);
	return put_num(d, DOC_DATE, (int64_t)y * 10000 + m * 100 + day, err);
}

int doc_cell_empty(struct doc *d, struct tc_err *err)
{
	return put_num(d, DOC_EMPTY, 0, err);
}

int doc_add_footnote(struct doc *d, const char *text, struct tc_err *err)
{
	size_t cap = d->nnotes;
	if (grow((void **)&d->notes, &cap, d->nnotes + 1, sizeof *d->notes, err) < 0)
		return -1;
	d->notes[d->nnotes] = NULL;
	if (set_str(&d->notes[d->nnotes], text, "a footnote", err) < 0)
		return -1;
	d->nnotes++;
	return 0;
}

int doc_add_signature(struct doc *d, const char *position, const char *name,
		      struct tc_err *err)
{
	size_t cap = d->nsigs;
	if (grow((void **)&d->sigs, &cap, d->nsigs + 1, sizeof *d->sigs, err) < 0)
		return -1;
	struct sig *s = &d->sigs[d->nsigs];
	memset(s, 0, sizeof *s);
	if (set_str(&s->position, position, "a signature position", err) < 0 ||
	    set_str(&s->name, name ? name : "", "a signature name", err) < 0) {
		tc_free(s->position);
		tc_free(s->name);
		return -1;
	}
	d->nsigs++;
	return 0;
}

/* ---- reading ---- */

const char *doc_meta(const struct doc *d, enum doc_meta f)
{
	if ((int)f < 0 || f >= DOC_META_COUNT || !d->meta[f])
		return "";
	return d->meta[f];
}

int doc_motto(const struct doc *d) { return d->motto; }
enum doc_orient doc_orientation(const struct doc *d) { return d->orient; }

char *doc_place_date(const struct doc *d, char *out, size_t n)
{
	if (n == 0)
		return out;
	out[0] = '\0';
	if (d->y == 0)
		return out;
	const char *place = doc_meta(d, DOC_PLACE);
	snprintf(out, n, "%s%sngày %02d tháng %02d năm %04d", place, *place ? ", " : "",
		 d->day, d->m, d->y);
	return out;
}

size_t doc_n_tables(const struct doc *d) { return d->ntables; }

const char *doc_table_name(const struct doc *d, size_t t)
{
	return t < d->ntables ? d->tables[t].name : "";
}

size_t doc_n_cols(const struct doc *d, size_t t)
{
	return t < d->ntables ? d->tables[t].ncols : 0;
}

struct doc_colv doc_col(const struct doc *d, size_t t, size_t c)
{
	struct doc_colv v = {"", 10, DOC_TEXT};
	if (t < d->ntables && c < d->tables[t].ncols) {
		const struct col *col = &d->tables[t].cols[c];
		v.header = col->header;
		v.width = col->width;
		v.type = col->type;
	}
	return v;
}

size_t doc_n_rows(const struct doc *d, size_t t)
{
	return t < d->ntables ? d->tables[t].nrows : 0;
}

static const struct row *get_row(const struct doc *d, size_t t, size_t r)
{
	if (t >= d->ntables || r >= d->tables[t].nrows)
		return NULL;
	return &d->tables[t].rows[r];
}

enum doc_rowkind doc_row_kind(const struct doc *d, size_t t, size_t r)
{
	const struct row *row = get_row(d, t, r);
	return row ? row->kind : DOC_ROW_DATA;
}

const char *doc_group_text(const struct doc *d, size_t t, size_t r)
{
	const struct row *row = get_row(d, t, r);
	return row && row->group ? row->group : "";
}

struct doc_cellv doc_cell(const struct doc *d, size_t t, size_t r, size_t c)
{
	struct doc_cellv v;
	memset(&v, 0, sizeof v);
	v.type = DOC_EMPTY;
	const struct row *row = get_row(d, t, r);
	if (!row || !row->cells || c >= row->filled)
		return v;
	const struct cell *cell = &row->cells[c];
	v.type = cell->type;
	v.text = cell->text;
	v.num = cell->num;
	if (cell->type == DOC_DATE) {
		v.y = (int)(cell->num / 10000);
		v.m = (int)(cell->num / 100 % 100);
		v.d = (int)(cell->num % 100);
	}
	return v;
}

size_t doc_n_footnotes(const struct doc *d) { return d->nnotes; }
const char *doc_footnote(const struct doc *d, size_t i)
{
	return i < d->nnotes ? d->notes[i] : "";
}
size_t doc_n_signatures(const struct doc *d) { return d->nsigs; }
const char *doc_sig_position(const struct doc *d, size_t i)
{
	return i < d->nsigs ? d->sigs[i].position : "";
}
const char *doc_sig_name(const struct doc *d, size_t i)
{
	return i < d->nsigs ? d->sigs[i].name : "";
}

/* ---- formatting ---- */

/* Integer part with '.' every three digits (Vietnamese): 1234567 -> 1.234.567. */
static void group_digits(uint64_t v, int grouped, char *out, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < n; i++) {
		if (grouped && i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* v / 10^dec with exactly `dec` decimals (dec 0 or 2). */
static char *fmt_fixed(int64_t v, int dec, enum doc_fmt style, const char *suffix,
		       char *out, size_t n)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t div = dec ? 100 : 1;
	char ip[40];
	group_digits(mag / div, style == DOC_FMT_VI, ip, sizeof ip);
	if (dec)
		snprintf(out, n, "%s%s%c%02" PRIu64 "%s", v < 0 ? "-" : "", ip,
			 style == DOC_FMT_VI ? ',' : '.', mag % div, suffix);
	else
		snprintf(out, n, "%s%s%s", v < 0 ? "-" : "", ip, suffix);
	return out;
}

char *doc_format_cell(const struct doc_cellv *v, enum doc_fmt style, char *out, size_t n)
{
	if (n == 0)
		return out;
	out[0] = '\0';
	switch (v->type) {
	case DOC_EMPTY:
		break;
	case DOC_TEXT:
		snprintf(out, n, "%s", v->text ? v->text : "");
		break;
	case DOC_INT:
		return fmt_fixed(v->num, 0, style, "", out, n);
	case DOC_PTS:
		return fmt_fixed(v->num, 2, style, "", out, n);
	case DOC_PERCENT:
		return fmt_fixed(v->num, 2, style, style == DOC_FMT_VI ? "%" : "", out, n);
	case DOC_DATE:
		if (style == DOC_FMT_VI)
			snprintf(out, n, "%02d/%02d/%04d", v->d, v->m, v->y);
		else
			snprintf(out, n, "%04d-%02d-%02d", v->y, v->m, v->d);
		break;
	}
	return out;
}
