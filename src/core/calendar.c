/* calendar.c — see calendar.h. Pure: no I/O, no clock, no globals. */
#include "core/calendar.h"

#include <stdio.h>   /* snprintf only */
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

#define DAYS_0001_TO_1970 719162  /* days from 0001-01-01 to 1970-01-01 */
#define CAL_MAX_ROWS 100000       /* a holiday list is a few hundred rows */
#define CAL_MAX_NAME 200

struct cal_row {
	int64_t day;       /* cal_to_days() */
	int workday;       /* 1 = a weekend day worked (làm bù) */
	enum cal_basis basis;
	char *name;        /* owned */
};

struct cal_holidays {
	struct cal_row *rows;  /* sorted by day, no duplicates */
	size_t n;
};

/* ---- dates ---- */

int cal_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return dim[m - 1] + (m == 2 && cal_is_leap(y));
}

int cal_valid(struct cal_date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= cal_days_in_month(d.y, d.m);
}

int cal_cmp(struct cal_date a, struct cal_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

/* Days from 0001-01-01 to the first day of year y (y >= 1). */
static int64_t days_before_year(int64_t y)
{
	int64_t p = y - 1;
	return p * 365 + p / 4 - p / 100 + p / 400;
}

int64_t cal_to_days(struct cal_date d)
{
	int64_t n = days_before_year(d.y);
	for (int m = 1; m < d.m; m++)
		n += cal_days_in_month(d.y, m);
	return n + d.d - 1 - DAYS_0001_TO_1970;
}

int cal_from_days(int64_t days, struct cal_date *out)
{
	int64_t n = days + DAYS_0001_TO_1970;   /* days since 0001-01-01 */
	if (n < 0 || n >= days_before_year(10000))
		return -1;
	int64_t y = n * 400 / 146097 + 1;        /* within one of the answer */
	while (y > 1 && days_before_year(y) > n)
		y--;
	while (days_before_year(y + 1) <= n)
		y++;
	n -= days_before_year(y);
	int m = 1;
	while (n >= cal_days_in_month((int)y, m)) {
		n -= cal_days_in_month((int)y, m);
		m++;
	}
	out->y = (int)y;
	out->m = m;
	out->d = (int)n + 1;
	return 0;
}

/* 0 = Monday .. 6 = Sunday for a day number (1970-01-01 was a Thursday). */
static int wd0(int64_t day)
{
	int64_t r = (day + 3) % 7;
	return (int)(r < 0 ? r + 7 : r);
}

enum cal_weekday cal_weekday(struct cal_date d)
{
	return (enum cal_weekday)(wd0(cal_to_days(d)) + 1);
}

static int bad_date(struct tc_err *err, struct cal_date d)
{
	return tc_err_set(err, TC_EINPUT, "invalid date %d-%02d-%02d (year 1..9999, a real day of the month)",
			  d.y, d.m, d.d);
}

int cal_add_days(struct cal_date d, int64_t n, struct cal_date *out,
		 struct tc_err *err)
{
	if (!cal_valid(d))
		return bad_date(err, d);
	if (n > 4000000 || n < -4000000 || cal_from_days(cal_to_days(d) + n, out) != 0)
		return tc_err_set(err, TC_EINPUT,
				  "date out of range: adding %lld days leaves the years 1..9999",
				  (long long)n);
	return 0;
}

int64_t cal_days_between(struct cal_date a, struct cal_date b)
{
	return cal_to_days(b) - cal_to_days(a);
}

/* ---- parsing and formatting ---- */

/* Reads min..max ASCII digits at s[*i]; -1 if fewer than min. */
static int digits(const char *s, size_t len, size_t *i, int min, int max)
{
	int v = 0, k = 0;
	while (*i < len && k < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k < min ? -1 : v;
}

/* The error for text that is not a date; quotes the text only when it is
 * short printable ASCII, so a message never carries junk bytes. */
static int not_a_date(const char *s, size_t len, const char *form, struct tc_err *err)
{
	int printable = len <= 40;
	for (size_t i = 0; printable && i < len; i++)
		printable = s[i] >= 0x20 && s[i] < 0x7F;
	if (printable)
		return tc_err_set(err, TC_EINPUT, "\"%.*s\" is not a date in the form %s",
				  (int)len, s, form);
	return tc_err_set(err, TC_EINPUT, "not a date in the form %s", form);
}

static int check_real(struct cal_date d, struct tc_err *err)
{
	if (cal_valid(d))
		return 0;
	if (d.m < 1 || d.m > 12 || d.y < 1)
		return tc_err_set(err, TC_EINPUT, "%02d/%02d/%04d is not a valid date: the month must be 1..12 and the year 0001..9999",
				  d.d, d.m, d.y);
	return tc_err_set(err, TC_EINPUT, "%02d/%02d/%04d is not a valid date: month %d of %d has %d days",
			  d.d, d.m, d.y, d.m, d.y, cal_days_in_month(d.y, d.m));
}

int cal_parse_vn(const char *s, size_t len, struct cal_date *out, struct tc_err *err)
{
	const char *form = "dd/mm/yyyy (e.g. 05/01/2025)";
	size_t i = 0;
	struct cal_date d;
	d.d = digits(s, len, &i, 1, 2);
	if (d.d < 0 || i >= len || s[i++] != '/')
		return not_a_date(s, len, form, err);
	d.m = digits(s, len, &i, 1, 2);
	if (d.m < 0 || i >= len || s[i++] != '/')
		return not_a_date(s, len, form, err);
	d.y = digits(s, len, &i, 4, 4);
	if (d.y < 0 || i != len)
		return not_a_date(s, len, form, err);
	if (check_real(d, err) != 0)
		return -1;
	*out = d;
	return 0;
}

int cal_parse_iso(const char *s, size_t len, struct cal_date *out, struct tc_err *err)
{
	const char *form = "yyyy-mm-dd (e.g. 2025-01-05)";
	size_t i = 0;
	struct cal_date d;
	d.y = digits(s, len, &i, 4, 4);
	if (d.y < 0 || i >= len || s[i++] != '-')
		return not_a_date(s, len, form, err);
	d.m = digits(s, len, &i, 2, 2);
	if (d.m < 0 || i >= len || s[i++] != '-')
		return not_a_date(s, len, form, err);
	d.d = digits(s, len, &i, 2, 2);
	if (d.d < 0 || i != len)
		return not_a_date(s, len, form, err);
	if (check_real(d, err) != 0)
		return -1;
	*out = d;
	return 0;
}

int cal_parse(const char *s, size_t len, struct cal_date *out, struct tc_err *err)
{
	if (memchr(s, '/', len) != NULL)
		return cal_parse_vn(s, len, out, err);
	if (len > 0 && memchr(s, '-', len) != NULL)
		return cal_parse_iso(s, len, out, err);
	return not_a_date(s, len, "dd/mm/yyyy (e.g. 05/01/2025)", err);
}

char *cal_format_vn(struct cal_date d, char *buf, size_t n)
{
	if (n < 11 || !cal_valid(d)) {
		if (n > 0)
			buf[0] = '\0';
		return buf;
	}
	snprintf(buf, n, "%02d/%02d/%04d", d.d, d.m, d.y);
	return buf;
}

char *cal_format_iso(struct cal_date d, char *buf, size_t n)
{
	if (n < 11 || !cal_valid(d)) {
		if (n > 0)
			buf[0] = '\0';
		return buf;
	}
	snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
	return buf;
}

/* ---- holidays ---- */

void cal_holidays_free(struct cal_holidays *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++)
		tc_free(h->rows[i].name);
	tc_free(h->rows);
	tc_free(h);
}

size_t cal_holidays_count(const struct cal_holidays *h)
{
	return h ? h->n : 0;
}

/* A field of a line, trimmed of spaces and tabs. */
struct field {
	const char *p;
	size_t n;
};

static int field_is(struct field f, const char *word)
{
	return f.n == strlen(word) && memcmp(f.p, word, f.n) == 0;
}

/* Splits line[0..len) at commas into at most `max` trimmed fields; returns
 * the count, or max + 1 if there are more. */
static size_t split(const char *line, size_t len, struct field *f, size_t max)
{
	size_t nf = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != ',')
			continue;
		if (nf == max)
			return max + 1;
		size_t a = start, b = i;
		while (a < b && (line[a] == ' ' || line[a] == '\t'))
			a++;
		while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
			b--;
		f[nf].p = line + a;
		f[nf].n = b - a;
		nf++;
		start = i + 1;
	}
	return nf;
}

/* Fills row from the fields of one line (2 to 4 of them). */
static int parse_row(struct field *f, size_t nf, struct cal_row *row, struct tc_err *err)
{
	struct cal_date d;
	if (nf < 2 || nf > 4)
		return tc_err_set(err, TC_EINPUT,
				  "expected date,name[,basis[,type]] (2 to 4 fields, no commas in the name), found %zu fields",
				  nf);
	if (cal_parse(f[0].p, f[0].n, &d, err) != 0)
		return -1;
	if (f[1].n == 0 || f[1].n > CAL_MAX_NAME || !utf8_valid(f[1].p, f[1].n, NULL))
		return tc_err_set(err, TC_EINPUT, "the name must be 1..%d bytes of UTF-8 text", CAL_MAX_NAME);
	row->basis = CAL_ANNOUNCED;
	if (nf >= 3 && f[2].n > 0) {
		if (field_is(f[2], "statutory"))
			row->basis = CAL_STATUTORY;
		else if (field_is(f[2], "provisional"))
			row->basis = CAL_PROVISIONAL;
		else if (!field_is(f[2], "announced"))
			return tc_err_set(err, TC_EINPUT, "basis must be announced, statutory or provisional");
	}
	row->workday = 0;
	if (nf == 4 && f[3].n > 0) {
		if (field_is(f[3], "workday"))
			row->workday = 1;
		else if (!field_is(f[3], "off"))
			return tc_err_set(err, TC_EINPUT, "type must be off or workday");
	}
	row->day = cal_to_days(d);
	if (row->workday && wd0(row->day) < 5)
		return tc_err_set(err, TC_EINPUT,
				  "%02d/%02d/%04d is a weekday: only a Saturday or Sunday can be declared a workday",
				  d.d, d.m, d.y);
	row->name = tc_strndup(f[1].p, f[1].n);
	if (row->name == NULL)
		return tc_err_set(err, TC_ENOMEM, "out of memory reading the holiday list");
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct cal_row *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day;
}

/* Parses one non-blank, non-comment line and appends it to h. */
static int add_line(struct cal_holidays *h, size_t *cap, const char *line,
		    size_t len, struct tc_err *err)
{
	struct field f[5];
	size_t nf = split(line, len, f, 4);
	if (h->n == CAL_MAX_ROWS)
		return tc_err_set(err, TC_EINPUT, "more than %d rows", CAL_MAX_ROWS);
	if (h->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct cal_row *r = tc_reallocarray(h->rows, nc, sizeof *r);
		if (r == NULL)
			return tc_err_set(err, TC_ENOMEM, "out of memory reading the holiday list");
		h->rows = r;
		*cap = nc;
	}
	if (parse_row(f, nf, &h->rows[h->n], err) != 0)
		return -1;
	h->n++;
	return 0;
}

/* Sorts the rows and rejects a date listed twice. */
static int finish(struct cal_holidays *h, const char *name, struct tc_err *err)
{
	if (h->n > 1)
		qsort(h->rows, h->n, sizeof h->rows[0], row_cmp);
	for (size_t i = 1; i < h->n; i++) {
		if (h->rows[i].day == h->rows[i - 1].day) {
			struct cal_date d;
			char b[16];
			cal_from_days(h->rows[i].day, &d);
			return tc_err_set(err, TC_EINPUT,
					  "%s: %s is listed twice; keep one row per date",
					  name, cal_format_vn(d, b, sizeof b));
		}
	}
	return 0;
}

/* The optional header row "date,name,..." (only before the first row). */
static int is_header(const char *l, size_t n)
{
	return n >= 5 && memcmp(l, "date,", 5) == 0;
}

struct cal_holidays *cal_holidays_parse(const char *data, size_t len,
					const char *name, struct tc_err *err)
{
	struct cal_holidays *h = tc_calloc(1, sizeof *h);
	if (h == NULL) {
		tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	size_t cap = 0, pos = 0;
	long line = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
		const char *l = data + pos;
		line++;
		pos = end + 1;
		if (n > 0 && l[n - 1] == '\r')
			n--;
		size_t k = 0;
		while (k < n && (l[k] == ' ' || l[k] == '\t'))
			k++;
		if (k == n || l[k] == '#' || (h->n == 0 && is_header(l + k, n - k)))
			continue;
		if (memchr(l, '\0', n) != NULL) {
			tc_err_set(err, TC_EINPUT, "NUL byte: this is not a text file");
		} else if (add_line(h, &cap, l + k, n - k, err) == 0) {
			continue;
		}
		tc_err_prefix(err, "%s:%ld: ", name, line);
		cal_holidays_free(h);
		return NULL;
	}
	if (finish(h, name, err) != 0) {
		cal_holidays_free(h);
		return NULL;
	}
	return h;
}

/* Index of the first row with day >= `day`. */
static size_t lower_bound(const struct cal_holidays *h, int64_t day)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->rows[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct cal_row *find(const struct cal_holidays *h, int64_t day)
{
	if (h == NULL)
		return NULL;
	size_t i = lower_bound(h, day);
	return i < h->n && h->rows[i].day == day ? &h->rows[i] : NULL;
}

int cal_holidays_covers(const struct cal_holidays *h, int y)
{
	if (h == NULL || y < 1 || y > 9999)
		return 0;
	struct cal_date a = { y, 1, 1 };
	int64_t first = cal_to_days(a);
	size_t i = lower_bound(h, first);
	return i < h->n && h->rows[i].day < first + 365 + cal_is_leap(y);
}

const char *cal_holiday_lookup(const struct cal_holidays *h, struct cal_date d,
			       enum cal_basis *basis, int *workday)
{
	if (!cal_valid(d))
		return NULL;
	const struct cal_row *r = find(h, cal_to_days(d));
	if (r == NULL)
		return NULL;
	if (basis)
		*basis = r->basis;
	if (workday)
		*workday = r->workday;
	return r->name;
}

/* ---- working days ---- */

static int working(int64_t day, const struct cal_holidays *h)
{
	const struct cal_row *r = find(h, day);
	if (r != NULL)
		return r->workday;
	return wd0(day) < 5;
}

int cal_is_working_day(struct cal_date d, const struct cal_holidays *h)
{
	return cal_valid(d) && working(cal_to_days(d), h);
}

/* Moves from day by n working days (see cal_add_working_days). */
static int step_working(int64_t day, int n, const struct cal_holidays *h,
			struct cal_date *out, struct tc_err *err)
{
	if (n > CAL_MAX_SPAN || n < -CAL_MAX_SPAN)
		return tc_err_set(err, TC_EINPUT, "%d working days is out of range (at most %d)",
				  n, CAL_MAX_SPAN);
	int dir = n < 0 ? -1 : 1;
	for (int left = n < 0 ? -n : n; left > 0;) {
		day += dir;
		if (working(day, h))
			left--;
	}
	if (cal_from_days(day, out) != 0)
		return tc_err_set(err, TC_EINPUT, "date out of range: the result leaves the years 1..9999");
	return 0;
}

int cal_add_working_days(struct cal_date d, int n, const struct cal_holidays *h,
			 struct cal_date *out, struct tc_err *err)
{
	if (!cal_valid(d))
		return bad_date(err, d);
	return step_working(cal_to_days(d), n, h, out, err);
}

/* Mon–Fri among day numbers [base, day) for a Monday base far in the past:
 * a floor-division count, so spans of any length cost O(1). */
static int64_t weekdays_before(int64_t day)
{
	int64_t k = day + 3;   /* day number 0 is a Thursday: shift to Monday = 0 */
	int64_t full = k / 7, r = k % 7;
	if (r < 0) {
		r += 7;
		full--;
	}
	return full * 5 + (r < 5 ? r : 5);
}

/* Working days in (a, b] for day numbers a <= b. */
static int64_t working_in(int64_t a, int64_t b, const struct cal_holidays *h)
{
	int64_t n = weekdays_before(b + 1) - weekdays_before(a + 1);
	if (h == NULL)
		return n;
	for (size_t i = lower_bound(h, a + 1); i < h->n && h->rows[i].day <= b; i++) {
		int weekday = wd0(h->rows[i].day) < 5;
		if (weekday && !h->rows[i].workday)
			n--;
		else if (!weekday && h->rows[i].workday)
			n++;
	}
	return n;
}

int64_t cal_working_days_between(struct cal_date a, struct cal_date b,
				 const struct cal_holidays *h)
{
	if (!cal_valid(a) || !cal_valid(b))
		return 0;
	int64_t x = cal_to_days(a), y = cal_to_days(b);
	return x <= y ? working_in(x, y, h) : -working_in(y - 1, x - 1, h);
}

/* ---- deadline helpers ---- */

static int check_args(struct cal_date d, int n, int min, struct tc_err *err)
{
	if (!cal_valid(d))
		return bad_date(err, d);
	if (n < min || n > CAL_MAX_SPAN)
		return tc_err_set(err, TC_EINPUT, "a period of %d days is out of range (%d..%d)",
				  n, min, CAL_MAX_SPAN);
	return 0;
}

int cal_deadline(struct cal_date event, int n, enum cal_unit unit,
		 const struct cal_holidays *h, struct cal_date *out,
		 struct tc_err *err)
{
	if (check_args(event, n, 1, err) != 0)
		return -1;
	if (unit == CAL_WORKING_DAYS)
		return cal_add_working_days(event, n, h, out, err);
	int64_t day = cal_to_days(event) + n;
	while (!working(day, h))   /* art. 148: a rest day moves the end on */
		day++;
	if (cal_from_days(day, out) != 0)
		return tc_err_set(err, TC_EINPUT, "date out of range: the result leaves the years 1..9999");
	return 0;
}

int cal_period_end(struct cal_date start, int n, enum cal_unit unit,
		   const struct cal_holidays *h, struct cal_date *out,
		   struct tc_err *err)
{
	if (check_args(start, n, 1, err) != 0)
		return -1;
	int64_t day = cal_to_days(start);
	if (unit == CAL_WORKING_DAYS)
		return step_working(day, working(day, h) ? n - 1 : n, h, out, err);
	return cal_add_days(start, n - 1, out, err);
}

int cal_latest_before(struct cal_date event, int n, enum cal_unit unit,
		      const struct cal_holidays *h, struct cal_date *out,
		      struct tc_err *err)
{
	if (check_args(event, n, 1, err) != 0)
		return -1;
	if (unit == CAL_WORKING_DAYS)
		return step_working(cal_to_days(event), -n, h, out, err);
	return cal_add_days(event, -(int64_t)n, out, err);
}
