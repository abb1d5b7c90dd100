/* Unit tests for store_assessment_import (store.h, "Bulk import of
 * assessments"): the bulk path of `tiepcan import scores`. Same rows as the
 * per-row calls, one audit entry holding all of them, all or nothing. Only the store
 * interface is used (a PostgreSQL backend can run it by changing db_new). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/units.h"
#include "store/store.h"
#include "util/mem.h"

static char g_dir[256];

static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n";

/* A fresh database with the MINI list as vintage 2020-02. */
static struct store *db_new(void)
{
	static int seq;
	char path[512];
	snprintf(path, sizeof path, "%s/t%d.db", g_dir, ++seq);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		fail_msg("store_open: %s", err.msg);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	size_t len = strlen(MINI);
	char *copy = tc_malloc(len + 1);
	memcpy(copy, MINI, len + 1);
	long n;
	int rc = units_load_list(st, "2020-02", copy, len, "t.csv", NULL, NULL, &n, &err);
	tc_free(copy);
	if (rc != 0)
		fail_msg("units: %s", err.msg);
	return st;
}

/* The 2018 assessment of `unit` with a result. */
static void assessment(struct store_assessment *a, const char *unit)
{
	memset(a, 0, sizeof *a);
	a->year = 2018;
	snprintf(a->unit_code, sizeof a->unit_code, "%s", unit);
	memcpy(a->ruleset_id, "qd619-2017", 11);
	memcpy(a->ruleset_version, "1", 2);
	memcpy(a->source, "imported", 9);
	memcpy(a->commune_class, "II", 3);
	a->total = 8150;
	a->recognised = 1;
}

struct seen {
	char text[1024];
	int n;
	int64_t last_id;
	char last_action[32], last_entity[64], last_key[64];
	char last_after[1024];
};

static int input_cb(const struct store_input *in, void *ctx)
{
	struct seen *s = ctx;
	size_t l = strlen(s->text);
	snprintf(s->text + l, sizeof s->text - l, "%s,%s,%s;", in->item, in->field, in->value);
	return 0;
}

static int ind_cb(const struct store_indicator *v, void *ctx)
{
	struct seen *s = ctx;
	size_t l = strlen(s->text);
	snprintf(s->text + l, sizeof s->text - l, "%s=%lld/%d;", v->item, (long long)v->computed,
		 v->self == STORE_NO_PTS);
	return 0;
}

static int audit_cb(const struct store_audit *a, void *ctx)
{
	struct seen *s = ctx;
	s->n++;
	s->last_id = a->id;
	snprintf(s->last_action, sizeof s->last_action, "%s", a->action);
	snprintf(s->last_entity, sizeof s->last_entity, "%s", a->entity);
	snprintf(s->last_key, sizeof s->last_key, "%s", a->entity_key);
	snprintf(s->last_after, sizeof s->last_after, "%s", a->after ? a->after : "NULL");
	return 0;
}

static void indicator(struct store_indicator *v, const char *code, tc_pts p)
{
	memset(v, 0, sizeof *v);
	snprintf(v->item, sizeof v->item, "%s", code);
	v->computed = p;
	v->self = STORE_NO_PTS;
	v->reviewed = STORE_NO_PTS;
}

static void test_adds_everything_with_one_entry(void **state)
{
	(void)state;
	struct tc_err err;
	struct store *st = db_new();
	struct seen before = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &before, &err), 0);

	struct store_assessment a;
	assessment(&a, "01417");
	struct store_input in[3] = {{"commune_class", "value", "II"}, {"1", "points", "14"},
				    {"2", "points", "27.5"}};
	struct store_indicator v[2];
	indicator(&v[0], "1", 1400);
	indicator(&v[1], "2", STORE_NO_PTS);
	int64_t id = 0;
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 3, v, 2, &id, &err), 0);
	assert_true(id > 0);

	struct store_assessment got_a;
	assert_int_equal(store_assessment_find(st, "01417", 2018, NULL, &got_a, &err), 0);
	assert_int_equal(got_a.id, id);
	assert_int_equal(got_a.total, 8150);
	assert_int_equal(got_a.recognised, 1);
	assert_string_equal(got_a.vintage, "2020-02");
	assert_string_equal(got_a.province, "04");
	assert_string_equal(got_a.commune_class, "II");
	assert_string_equal(got_a.source, "imported");
	assert_string_equal(got_a.status, "draft");
	assert_int_equal(got_a.version, 1);

	struct seen got = {0};
	assert_int_equal(store_input_list(st, id, input_cb, &got, &err), 0);
	assert_string_equal(got.text, "1,points,14;2,points,27.5;commune_class,value,II;");
	memset(&got, 0, sizeof got);
	assert_int_equal(store_indicator_list(st, id, ind_cb, &got, &err), 0);
	char want[128];
	snprintf(want, sizeof want, "1=1400/1;2=%lld/1;", (long long)STORE_NO_PTS);
	assert_string_equal(got.text, want);

	/* Exactly one new audit entry, naming the assessment, with all of it. */
	struct seen au = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &au, &err), 0);
	assert_int_equal(au.n, before.n + 1);
	assert_string_equal(au.last_action, "import");
	assert_string_equal(au.last_entity, "assessment");
	snprintf(want, sizeof want, "%lld", (long long)id);
	assert_string_equal(au.last_key, want);
	assert_non_null(strstr(au.last_after, "\"assessment\":{"));
	assert_non_null(strstr(au.last_after, "\"unit_code\":\"01417\""));
	assert_non_null(strstr(au.last_after, "\"total_pts\":8150"));
	assert_non_null(strstr(au.last_after,
			       "\"inputs\":[[\"commune_class\",\"value\",\"II\"],[\"1\",\"points\",\"14\"],"
			       "[\"2\",\"points\",\"27.5\"]]"));
	assert_non_null(strstr(au.last_after, "\"indicators\":[[\"1\",1400],[\"2\",null]]"));
	long n = 0;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	assert_int_equal(n, au.n);

	/* A second one for the same unit and year is a conflict. */
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 3, v, 2, &id, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	store_close(st);
}

static void test_all_or_nothing(void **state)
{
	(void)state;
	struct tc_err err;
	struct store *st = db_new();
	struct seen before = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &before, &err), 0);
	struct store_assessment a;
	assessment(&a, "01417");
	int64_t id = 0;

	/* The third input is bad (empty item): nothing is kept. */
	struct store_input in[3] = {{"1", "points", "14"}, {"2", "points", "27"}, {"", "points", "1"}};
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 3, NULL, 0, &id, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* A bad indicator (unknown official) undoes the good inputs too. */
	struct store_indicator v;
	indicator(&v, "1", 1400);
	v.official_id = 999;
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 2, &v, 1, &id, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* A unit that did not exist that year, and one that is no commune. */
	assessment(&a, "99999");
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 2, NULL, 0, &id, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assessment(&a, "045");
	assert_int_equal(store_assessment_import(st, &a, NULL, in, 2, NULL, 0, &id, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "not a commune"));

	struct store_assessment got;
	assert_int_equal(store_assessment_find(st, "01417", 2018, NULL, &got, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	struct seen au = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &au, &err), 0);
	assert_int_equal(au.n, before.n);
	store_close(st);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-bulk-XXXXXX");
	return mkdtemp(g_dir) == NULL ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adds_everything_with_one_entry),
		cmocka_unit_test(test_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
