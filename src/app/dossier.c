/* dossier.c — see dossier.h. */
#include "app/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/embedded.h"
#include "util/buf.h"

void dos_today(struct cal_date *out)
{
	const char *fixed = getenv("TIEPCAN_NOW");
	if (fixed && strlen(fixed) >= 10 && cal_parse_iso(fixed, 10, out, NULL) == 0)
		return;
	/* Vietnam has no daylight saving: UTC+7 all year. */
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
}

/* Appends the shipped lines whose date is not in `own` (the store's rows). */
static void shipped_without(struct buf *b, const char *data, size_t len, const char *own)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		char key[16];
		int dup = 0;
		if (n > 10 && p[0] >= '0' && p[0] <= '9') {
			snprintf(key, sizeof key, "%.10s,", p);
			dup = strncmp(own, key, 11) == 0;
			snprintf(key, sizeof key, "\n%.10s,", p);
			dup = dup || strstr(own, key) != NULL;
		}
		if (!dup)
			buf_append(b, p, n);
		if (nl && n > 0 && p[n - 1] != '\n')
			buf_putc(b, '\n');
		p += n;
	}
	if (len > 0 && data[len - 1] != '\n')
		buf_putc(b, '\n');
}

struct cal_holidays *dos_holidays(struct store *st, struct tc_err *err)
{
	const struct embedded_file *f = embedded_find("data/holidays.csv");
	if (f == NULL) {
		tc_err_set(err, TC_EINTERNAL, "data/holidays.csv is not embedded (build bug)");
		return NULL;
	}
	struct buf own, all;
	buf_init(&own, (size_t)1 << 20);
	buf_init(&all, (size_t)4 << 20);
	struct cal_holidays *h = NULL;
	if (store_holiday_csv(st, &own, err) == 0) {
		const char *o = buf_len(&own) ? buf_cstr(&own) : "";
		shipped_without(&all, (const char *)f->data, f->len, o);
		buf_append(&all, o, strlen(o));
		if (buf_failed(&all))
			tc_err_set(err, TC_ENOMEM, "out of memory reading the holidays");
		else
			h = cal_holidays_parse(buf_cstr(&all), buf_len(&all), "holidays", err);
	}
	buf_free(&own);
	buf_free(&all);
	return h;
}

static const struct {
	const char *ruleset;
	int days;
	enum cal_unit unit;
	bool provisional;
	const char *basis;
} POSTING[] = {
	{"qd619-2017", 10, CAL_WORKING_DAYS, false,
	 "Thông tư 07/2017/TT-BTP: niêm yết công khai kết quả tự đánh giá trong 10 ngày làm việc"},
	{"qd25-2021", 5, CAL_DAYS, false,
	 "Thông tư 09/2021/TT-BTP: niêm yết công khai tại trụ sở UBND xã ít nhất 05 ngày"},
	{"qd27-2025", 5, CAL_DAYS, true,
	 "Tạm tính: chưa tra cứu được quy định của Thông tư 15/2025/TT-BTP; áp dụng thời hạn "
	 "05 ngày của Thông tư 09/2021/TT-BTP"},
};

int dos_posting_rule(struct store *st, int year, const char *ruleset_id,
		     struct dos_posting *out, struct tc_err *err)
{
	size_t k = sizeof POSTING / sizeof POSTING[0] - 1; /* unknown: the latest, provisional */
	for (size_t i = 0; i < sizeof POSTING / sizeof POSTING[0]; i++)
		if (strcmp(POSTING[i].ruleset, ruleset_id) == 0)
			k = i;
	out->days = POSTING[k].days;
	out->unit = POSTING[k].unit;
	out->provisional = POSTING[k].provisional || strcmp(POSTING[k].ruleset, ruleset_id) != 0;
	out->basis = POSTING[k].basis;
	char v[64];
	struct tc_err e = {0};
	if (store_setting_get(st, year, "posting_days", v, sizeof v, &e) == 0) {
		char *endp;
		long n = strtol(v, &endp, 10);
		if (*endp != '\0' || n < 1 || n > 60)
			return tc_err_set(err, TC_EINPUT, "setting posting_days for %d is '%s': use a "
					  "whole number from 1 to 60", year, v);
		out->days = (int)n;
		out->provisional = false;
		out->basis = "Theo thiết lập của quản trị viên cho năm này";
	} else if (e.code != TC_ENOTFOUND) {
		*err = e;
		return -1;
	}
	if (store_setting_get(st, year, "posting_unit", v, sizeof v, &e) == 0)
		out->unit = strcmp(v, "working_days") == 0 ? CAL_WORKING_DAYS : CAL_DAYS;
	return 0;
}

struct feed {
	struct sc_sheet *sh;
	long line;
	struct tc_err *err;
	int rc;
};

static int feed_cb(const struct store_input *in, void *ctx)
{
	struct feed *f = ctx;
	f->line++;
	if (sc_sheet_set(f->sh, in->item, in->field, in->value, f->line, f->err) != 0) {
		f->rc = -1;
		return 1;
	}
	return 0;
}

struct sc_result *dos_score(struct store *st, const struct reg *reg,
			    const struct store_assessment *a, struct sc_sheet **sheet,
			    struct tc_err *err)
{
	*sheet = NULL;
	const struct rs_ruleset *rs = reg_find(reg, a->ruleset_id);
	if (rs == NULL) {
		tc_err_set(err, TC_ENOTFOUND, "the assessment's rule set '%s' is not loaded",
			   a->ruleset_id);
		return NULL;
	}
	struct sc_sheet *sh = sc_sheet_new(rs, err);
	if (sh == NULL)
		return NULL;
	struct feed f = {sh, 0, err, 0};
	if (store_input_list(st, a->id, feed_cb, &f, err) != 0 || f.rc != 0) {
		sc_sheet_free(sh);
		return NULL;
	}
	struct sc_result *res = sc_evaluate(sh, NULL, err);
	if (res == NULL) {
		sc_sheet_free(sh);
		return NULL;
	}
	*sheet = sh;
	return res;
}
