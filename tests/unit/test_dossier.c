/* test_dossier.c — the assessment workflow's store functions (migration
 * 003) and app/dossier: save with versions, sign-off, submissions,
 * settings with the year-0 fallback, administrators' holidays in the
 * posting-period computation, objections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/dossier.h"
#include "app/units.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"

static char g_dir[256];

static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n";

static struct store *db(const char *name)
{
	char path[400];
	snprintf(path, sizeof path, "%s/%s", g_dir, name);
	struct tc_err err = {0};
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		fail_msg("store_open: %s", err.msg);
	char *copy = tc_strdup(MINI);
	long n;
	if (units_load_list(st, "2020-02", copy, strlen(copy), "t.csv", NULL, NULL, &n, &err) != 0)
		fail_msg("%s", err.msg);
	tc_free(copy);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	return st;
}

static int64_t new_assessment(struct store *st)
{
	struct store_assessment a = {0};
	a.year = 2019;
	memcpy(a.unit_code, "01417", 6);
	memcpy(a.ruleset_id, "qd619-2017", 11);
	memcpy(a.ruleset_version, "1", 2);
	a.total = STORE_NO_PTS;
	a.recognised = -1;
	int64_t id = 0;
	struct tc_err err = {0};
	assert_int_equal(store_assessment_add(st, &a, &id, &err), 0);
	return id;
}

static int count_in(const struct store_input *in, void *ctx)
{
	(void)in;
	(*(int *)ctx)++;
	return 0;
}

static void test_save_replaces_inputs_once(void **state)
{
	(void)state;
	struct store *st = db("save.db");
	struct tc_err err = {0};
	int64_t id = new_assessment(st);
	struct store_input in[2] = {{"1", "points", "12"}, {"2", "points", "25"}};
	struct store_indicator ind = {"1", 1200, 1200, STORE_NO_PTS, "ghi chú", 0};
	assert_int_equal(store_assessment_save(st, id, 1, in, 2, &ind, 1, 3700, 0, &err), 0);
	struct store_assessment a;
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_int_equal(a.version, 2);   /* bumped once for the whole save */
	assert_int_equal(a.total, 3700);
	assert_int_equal(a.recognised, 0);
	/* A stale version writes nothing. */
	assert_int_equal(store_assessment_save(st, id, 1, in, 1, NULL, 0, 1200, 0, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	int n = 0;
	assert_int_equal(store_input_list(st, id, count_in, &n, &err), 0);
	assert_int_equal(n, 2);
	/* A save replaces ALL inputs. */
	assert_int_equal(store_assessment_save(st, id, 2, in, 1, NULL, 0, 1200, 0, &err), 0);
	n = 0;
	assert_int_equal(store_input_list(st, id, count_in, &n, &err), 0);
	assert_int_equal(n, 1);
	store_close(st);
}

static int count_sub(const struct store_submission *s, void *ctx)
{
	assert_string_equal(s->kind, "submit");
	assert_int_equal(s->n_inputs, 1);
	(*(int *)ctx)++;
	return 0;
}

static void test_sign_off_and_submit(void **state)
{
	(void)state;
	struct store *st = db("sign.db");
	struct tc_err err = {0};
	int64_t id = new_assessment(st);
	struct store_input in = {"1", "points", "12"};
	assert_int_equal(store_assessment_save(st, id, 1, &in, 1, NULL, 0, 1200, 0, &err), 0);
	struct store_signoff so = {"2019-12-30", "Lê Văn Chủ", "Chủ tịch UBND xã", "2019-12-30",
				   "2020-01-13", 10, "working_days", "Trụ sở UBND xã", ""};
	assert_int_equal(store_assessment_sign_off(st, id, 1, &so, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(store_signoff_get(st, id, &so, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	struct store_signoff bad = so;
	bad.posting_end[0] = '\0';
	assert_int_equal(store_assessment_sign_off(st, id, 2, &bad, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(store_assessment_sign_off(st, id, 2, &so, &err), 0);
	struct store_signoff got;
	assert_int_equal(store_signoff_get(st, id, &got, &err), 0);
	assert_string_equal(got.posting_end, "2020-01-13");
	assert_string_equal(got.signer_name, "Lê Văn Chủ");
	struct store_assessment a;
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_string_equal(a.status, "signed");
	assert_int_equal(store_assessment_submit(st, id, a.version, "bogus", &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(store_assessment_submit(st, id, a.version, "submit", &err), 0);
	assert_int_equal(store_assessment_get(st, id, NULL, &a, &err), 0);
	assert_string_equal(a.status, "submitted");
	assert_true(a.submitted_at[0] != '\0');
	int n = 0;
	assert_int_equal(store_submission_list(st, id, count_sub, &n, &err), 0);
	assert_int_equal(n, 1);
	long chk;
	assert_int_equal(store_check(st, &chk, &err), 0);
	store_close(st);
}

static void test_settings_fallback(void **state)
{
	(void)state;
	struct store *st = db("set.db");
	struct tc_err err = {0};
	char v[32];
	assert_int_equal(store_setting_get(st, 2019, "posting_days", v, sizeof v, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(store_setting_set(st, 0, "posting_days", "7", &err), 0);
	assert_int_equal(store_setting_get(st, 2019, "posting_days", v, sizeof v, &err), 0);
	assert_string_equal(v, "7");
	assert_int_equal(store_setting_set(st, 2019, "posting_days", "12", &err), 0);
	assert_int_equal(store_setting_get(st, 2019, "posting_days", v, sizeof v, &err), 0);
	assert_string_equal(v, "12");
	assert_int_equal(store_setting_get(st, 2020, "posting_days", v, sizeof v, &err), 0);
	assert_string_equal(v, "7");
	assert_int_equal(store_setting_set(st, 1999, "x", "1", &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* The rule follows the settings: 12 days for 2019. */
	struct dos_posting p;
	assert_int_equal(dos_posting_rule(st, 2019, "qd619-2017", &p, &err), 0);
	assert_int_equal(p.days, 12);
	assert_int_equal(dos_posting_rule(st, 2020, "qd25-2021", &p, &err), 0);
	assert_int_equal(p.days, 7);
	assert_int_equal(store_setting_set(st, 2021, "posting_days", "abc", &err), 0);
	assert_int_equal(dos_posting_rule(st, 2021, "qd25-2021", &p, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	store_close(st);
}

static void test_default_posting_rules(void **state)
{
	(void)state;
	struct store *st = db("rules.db");
	struct tc_err err = {0};
	struct dos_posting p;
	assert_int_equal(dos_posting_rule(st, 2019, "qd619-2017", &p, &err), 0);
	assert_int_equal(p.days, 10);
	assert_int_equal(p.unit, CAL_WORKING_DAYS);
	assert_false(p.provisional);
	assert_int_equal(dos_posting_rule(st, 2023, "qd25-2021", &p, &err), 0);
	assert_int_equal(p.days, 5);
	assert_int_equal(p.unit, CAL_DAYS);
	assert_int_equal(dos_posting_rule(st, 2026, "qd27-2025", &p, &err), 0);
	assert_true(p.provisional);
	assert_int_equal(dos_posting_rule(st, 2026, "unknown-x", &p, &err), 0);
	assert_true(p.provisional);
	store_close(st);
}

static void test_admin_holidays_count(void **state)
{
	(void)state;
	struct store *st = db("hol.db");
	struct tc_err err = {0};
	struct cal_holidays *h = dos_holidays(st, &err);
	assert_non_null(h);
	struct cal_date start = {2019, 12, 30}, end;
	assert_int_equal(cal_period_end(start, 10, CAL_WORKING_DAYS, h, &end, &err), 0);
	assert_int_equal(end.m, 1);
	assert_int_equal(end.d, 13);  /* 01/01/2020 is not a working day */
	cal_holidays_free(h);
	/* An administrator adds a day off (and renames a shipped one: no
	 * duplicate-date error). */
	assert_int_equal(store_holiday_set(st, "2020-01-08", "Nghỉ đột xuất", "announced", "off", &err), 0);
	assert_int_equal(store_holiday_set(st, "2020-01-01", "Tết Dương lịch (sửa)", NULL, NULL, &err), 0);
	assert_int_equal(store_holiday_set(st, "2020-01-09", "a,b", NULL, NULL, &err), -1);
	assert_int_equal(store_holiday_set(st, "2020-1-9", "x", NULL, NULL, &err), -1);
	h = dos_holidays(st, &err);
	assert_non_null(h);
	assert_string_equal(cal_holiday_lookup(h, (struct cal_date){2020, 1, 1}, NULL, NULL),
			    "Tết Dương lịch (sửa)");
	assert_int_equal(cal_period_end(start, 10, CAL_WORKING_DAYS, h, &end, &err), 0);
	assert_int_equal(end.d, 14);
	cal_holidays_free(h);
	store_close(st);
}

static int obj_cb(const struct store_objection *o, void *ctx)
{
	assert_string_equal(o->status, "new");
	(*(int *)ctx)++;
	return 0;
}

static void test_objections(void **state)
{
	(void)state;
	struct store *st = db("obj.db");
	struct tc_err err = {0};
	int64_t id = new_assessment(st);
	struct store_objection *o = tc_calloc(1, sizeof *o);
	o->assessment_id = id;
	assert_int_equal(store_objection_add(st, o, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	memcpy(o->contact, "0912", 5);
	memcpy(o->body, "Chỉ tiêu 2 chưa đúng", sizeof "Chỉ tiêu 2 chưa đúng");
	int64_t oid = 0;
	assert_int_equal(store_objection_add(st, o, &oid, &err), 0);
	assert_true(oid > 0);
	assert_int_equal(store_objection_count(st, id, &err), 1);
	int n = 0;
	assert_int_equal(store_objection_list(st, id, obj_cb, &n, &err), 0);
	assert_int_equal(n, 1);
	tc_free(o);
	store_close(st);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(g_dir, sizeof g_dir, "%s/tcdos.XXXXXX", tmp ? tmp : "/tmp");
	return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_replaces_inputs_once),
		cmocka_unit_test(test_sign_off_and_submit),
		cmocka_unit_test(test_settings_fallback),
		cmocka_unit_test(test_default_posting_rules),
		cmocka_unit_test(test_admin_holidays_count),
		cmocka_unit_test(test_objections),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
