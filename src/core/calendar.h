/* calendar.h — dates, Vietnamese working days and legal deadlines. PURE.
 *
 * No I/O, no clock, no globals: "today" is always an argument. Dates are a
 * small value type (proleptic Gregorian, years 1..9999). Working days are
 * Monday–Friday minus public holidays, plus any Saturday declared a working
 * day in exchange for a bridging day (làm bù).
 *
 * Holidays are DATA, not code: the government announces each year's Tết and
 * bridging days. A `struct cal_holidays` is built from CSV text
 * (`date,name[,basis[,type]]`, see data/holidays.csv); the shipped list is
 * embedded as "data/holidays.csv" (app/embedded.h) and callers parse it with
 * cal_holidays_parse(). Functions taking `h` accept NULL = weekends only.
 *
 * Legal numbers (10 working days of posting, 5 working days to supplement a
 * file, ...) are PARAMETERS of the helpers below, never constants here: they
 * change between circulars (TT 07/2017, TT 09/2021, TT 15/2025) and live in
 * the rule sets.
 */
#ifndef TC_CALENDAR_H
#define TC_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct cal_date {
	int y, m, d;   /* 2025, 1..12, 1..31 */
};

enum cal_weekday { CAL_MON = 1, CAL_TUE, CAL_WED, CAL_THU, CAL_FRI, CAL_SAT, CAL_SUN };

/* How a holiday row is known (the third CSV column). */
enum cal_basis {
	CAL_ANNOUNCED = 0,  /* the schedule announced for that year */
	CAL_STATUTORY,      /* fixed by the Labour Code (or its compensatory day) */
	CAL_PROVISIONAL     /* placed by convention until the year is announced */
};

/* Largest |n| accepted by the counting helpers (about 270 years). */
#define CAL_MAX_SPAN 100000

/* ---- dates ---- */
int cal_is_leap(int y);
int cal_days_in_month(int y, int m);          /* 0 if m is not 1..12 */
int cal_valid(struct cal_date d);             /* 1 if a real date in 1..9999 */
int cal_cmp(struct cal_date a, struct cal_date b);  /* <0, 0, >0 */

/* Day number: days since 1970-01-01 (negative before). d must be valid. */
int64_t cal_to_days(struct cal_date d);
/* Inverse of cal_to_days; -1 if the result would leave years 1..9999. */
int cal_from_days(int64_t days, struct cal_date *out);

enum cal_weekday cal_weekday(struct cal_date d);   /* d must be valid */

/* d + n calendar days; -1 (TC_EINPUT) if d is invalid or the result leaves
 * years 1..9999. */
int cal_add_days(struct cal_date d, int64_t n, struct cal_date *out,
		 struct tc_err *err);
/* b - a in calendar days. Both must be valid. */
int64_t cal_days_between(struct cal_date a, struct cal_date b);

/* ---- parsing and formatting (never reads past len; no NUL needed) ---- */

/* "dd/mm/yyyy"; day and month may have 1 or 2 digits ("5/1/2025"), the year
 * exactly 4. Nothing else: no spaces, no other separators. */
int cal_parse_vn(const char *s, size_t len, struct cal_date *out,
		 struct tc_err *err);
/* "yyyy-mm-dd" exactly (the API and HTML date inputs). */
int cal_parse_iso(const char *s, size_t len, struct cal_date *out,
		  struct tc_err *err);
/* Either form, told apart by the separator. */
int cal_parse(const char *s, size_t len, struct cal_date *out,
	      struct tc_err *err);

/* "05/01/2025" / "2025-01-05". buf needs >= 11 bytes (else ""); returns buf. */
char *cal_format_vn(struct cal_date d, char *buf, size_t n);
char *cal_format_iso(struct cal_date d, char *buf, size_t n);

/* ---- holidays ---- */
struct cal_holidays;

/* Parses `date,name[,basis[,type]]` lines: date ISO or dd/mm/yyyy; basis
 * announced|statutory|provisional (default announced); type off|workday
 * (default off; workday only on a Saturday or Sunday, off only on any day).
 * Blank lines and lines starting with '#' are skipped; an optional header
 * line starting with "date," is skipped. Errors name "NAME:LINE: ". A date
 * listed twice is an error. Caller frees with cal_holidays_free(). */
struct cal_holidays *cal_holidays_parse(const char *data, size_t len,
					const char *name, struct tc_err *err);
void cal_holidays_free(struct cal_holidays *h);

size_t cal_holidays_count(const struct cal_holidays *h);
/* 1 if the list has at least one row in year y: outside such years only
 * weekends count, and callers should say so ("no holiday list for 2031"). */
int cal_holidays_covers(const struct cal_holidays *h, int y);
/* Name of the row for d (owned by h), or NULL; *basis and *workday are set
 * when not NULL. */
const char *cal_holiday_lookup(const struct cal_holidays *h, struct cal_date d,
			       enum cal_basis *basis, int *workday);

/* ---- working days ---- */

/* 1 if d is a working day: Mon–Fri not listed as off, or a listed workday. */
int cal_is_working_day(struct cal_date d, const struct cal_holidays *h);

/* The n-th working day after d (d itself not counted); n < 0 counts back;
 * n == 0 gives d. |n| <= CAL_MAX_SPAN. */
int cal_add_working_days(struct cal_date d, int n, const struct cal_holidays *h,
			 struct cal_date *out, struct tc_err *err);

/* Signed count of working-day steps from a to b: the working days in (a, b]
 * when a <= b, minus those in [b, a) when b < a; so whenever
 * cal_add_working_days(a, n) gives b, this gives n back. 0 if a date is
 * invalid. */
int64_t cal_working_days_between(struct cal_date a, struct cal_date b,
				 const struct cal_holidays *h);

/* ---- deadline helpers ---- */
enum cal_unit { CAL_DAYS, CAL_WORKING_DAYS };

/* "Within n days / n working days from the event" (e.g. the commune
 * supplements its file within 5 working days of the request, TT 07/2017; 3
 * under TT 09/2021). Civil Code 2015 art. 147: the day of the event is not
 * counted, counting starts the next day; art. 148: when the last day of a
 * period in calendar days is a rest day or holiday, the period ends at the
 * end of the next working day. n >= 1. */
int cal_deadline(struct cal_date event, int n, enum cal_unit unit,
		 const struct cal_holidays *h, struct cal_date *out,
		 struct tc_err *err);

/* Last day of a period of n days / n working days that BEGINS on `start`
 * (start counts when it is a working day, or always for calendar days):
 * public posting for 10 working days (TT 07/2017) or at least 5 days (TT
 * 09/2021). The period is complete at the end of the returned day. n >= 1. */
int cal_period_end(struct cal_date start, int n, enum cal_unit unit,
		   const struct cal_holidays *h, struct cal_date *out,
		   struct tc_err *err);

/* Latest day to act when the act must come at least n days / n working days
 * before `event` (e.g. council papers sent at least 3 working days before
 * the meeting, TT 09/2021): the n-th (working) day before the event, so that
 * counting forward from it by art. 147 reaches the event. n >= 1. */
int cal_latest_before(struct cal_date event, int n, enum cal_unit unit,
		      const struct cal_holidays *h, struct cal_date *out,
		      struct tc_err *err);

#endif
