/* Unit tests for store_values_import (store.h, "Bulk values"): the bulk path
 * of `tiepcan import scores`. Same rows as the per-row calls, one version
 * bump, one audit entry holding every value, all or nothing. Only the store
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

/* A fresh database with the MINI list as vintage 2020-02 and one 2018
 * assessment of 01417; *id = its id. */
static struct store *db_new(int64_t *id)
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
	struct store_assessment a;
	memset(&a, 0, sizeof a);
	a.year = 2018;
	memcpy(a.unit_code, "01417", 6);
	memcpy(a.ruleset_id, "qd619-2017", 11);
	memcpy(a.ruleset_version, "1", 2);
	a.total = STORE_NO_PTS;
	a.recognised = -1;
	if (store_assessment_add(st, &a, id, &err) != 0)
		fail_msg("assessment: %s", err.msg);
	return st;
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

static void test_sets_every_value_with_one_entry(void **state)
{
	(void)state;
	int64_t id;
	struct tc_err err;
	struct store *st = db_new(&id);
	struct seen before = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &before, &err), 0);
	struct store_assessment a0;
	assert_int_equal(store_assessment_get(st, id, NULL, &a0, &err), 0);

	struct store_input in[3] = {{"commune_class", "value", "II"}, {"1", "points", "14"},
				    {"2", "points", "27.5"}};
	struct store_indicator v[2];
	indicator(&v[0], "1", 1400);
	indicator(&v[1], "2", STORE_NO_PTS);
	assert_int_equal(store_values_import(st, id, in, 3, v, 2, &err), 0);

	struct seen got = {0};
	assert_int_equal(store_input_list(st, id, input_cb, &got, &err), 0);
	assert_string_equal(got.text, "1,points,14;2,points,27.5;commune_class,value,II;");
	memset(&got, 0, sizeof got);
	assert_int_equal(store_indicator_list(st, id, ind_cb, &got, &err), 0);
	char want[128];
	snprintf(want, sizeof want, "1=1400/1;2=%lld/1;", (long long)STORE_NO_PTS);
	assert_string_equal(got.text, want);

	/* Exactly one new audit entry, naming the assessment, with every value. */
	struct seen au = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &au, &err), 0);
	assert_int_equal(au.n, before.n + 1);
	assert_string_equal(au.last_action, "import");
	assert_string_equal(au.last_entity, "assessment_values");
	snprintf(want, sizeof want, "%lld", (long long)id);
	assert_string_equal(au.last_key, want);
	assert_string_equal(au.last_after,
			    "{\"inputs\":[[\"commune_class\",\"value\",\"II\"],[\"1\",\"points\",\"14\"],"
			    "[\"2\",\"points\",\"27.5\"]],\"indicators\":[[\"1\",1400],[\"2\",null]]}");
	long n = 0;
	assert_int_equal(store_audit_verify(st, &n, &err), 0);
	assert_int_equal(n, au.n);

	/* One version bump for the whole call. */
	struct store_assessment a1;
	assert_int_equal(store_assessment_get(st, id, NULL, &a1, &err), 0);
	assert_int_equal(a1.version, a0.version + 1);

	/* Values set again replace the earlier ones. */
	struct store_input again = {"1", "points", "15"};
	indicator(&v[0], "1", 1500);
	assert_int_equal(store_values_import(st, id, &again, 1, v, 1, &err), 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_input_list(st, id, input_cb, &got, &err), 0);
	assert_string_equal(got.text, "1,points,15;2,points,27.5;commune_class,value,II;");
	store_close(st);
}

static void test_all_or_nothing(void **state)
{
	(void)state;
	int64_t id;
	struct tc_err err;
	struct store *st = db_new(&id);
	struct seen before = {0};
	assert_int_equal(store_audit_list(st, 0, audit_cb, &before, &err), 0);

	/* The third input is bad (empty item): the first two are not kept. */
	struct store_input in[3] = {{"1", "points", "14"}, {"2", "points", "27"}, {"", "points", "1"}};
	assert_int_equal(store_values_import(st, id, in, 3, NULL, 0, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* A bad indicator (unknown official) undoes the good inputs too. */
	struct store_indicator v;
	indicator(&v, "1", 1400);
	v.official_id = 999;
	assert_int_equal(store_values_import(st, id, in, 2, &v, 1, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	/* No such assessment. */
	assert_int_equal(store_values_import(st, id + 100, in, 2, NULL, 0, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);

	struct seen got = {0};
	assert_int_equal(store_input_list(st, id, input_cb, &got, &err), 0);
	assert_string_equal(got.text, "");
	assert_int_equal(store_indicator_list(st, id, ind_cb, &got, &err), 0);
	assert_string_equal(got.text, "");
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
		cmocka_unit_test(test_sets_every_value_with_one_entry),
		cmocka_unit_test(test_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
