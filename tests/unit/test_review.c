/* Unit tests for the review regimes (core/review.h), the review services
 * (app/review.h) and the review/council/decision store functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "app/review.h"
#include "app/units.h"
#include "core/review.h"
#include "store/store.h"
#include "util/mem.h"

static char g_dir[] = "/tmp/tc-review-XXXXXX";

static void test_regimes(void **state)
{
	(void)state;
	assert_int_equal(rv_regime_for("qd619-2017")->supplement_days, 5);
	assert_int_equal(rv_regime_for("qd25-2021")->supplement_days, 3);
	assert_false(rv_regime_for("qd25-2021")->supplement_provisional);
	assert_true(rv_regime_for("qd27-2025")->supplement_provisional);
	assert_true(rv_regime_for("nope")->quorum_provisional);
	const struct rv_regime *r = rv_regime_for("qd25-2021");
	assert_true(rv_quorum_met(r, 2, 3));
	assert_true(rv_quorum_met(r, 10, 15));
	assert_false(rv_quorum_met(r, 9, 15));   /* 27 < 30 */
	assert_false(rv_quorum_met(r, 6, 10));   /* 18 < 20 */
	assert_true(rv_quorum_met(r, 7, 10));
	assert_false(rv_quorum_met(r, 0, 0));
	assert_false(rv_quorum_met(r, 4, 3));
}

static void test_parse_score(void **state)
{
	(void)state;
	struct tc_err err;
	tc_pts p;
	assert_int_equal(rv_parse_score("7,5", 1000, &p, &err), 0);
	assert_int_equal(p, 750);
	assert_int_equal(rv_parse_score(" 6.25 ", 1000, &p, &err), 0);
	assert_int_equal(p, 625);
	assert_int_equal(rv_parse_score("10", 1000, &p, &err), 0);
	assert_int_equal(rv_parse_score("10,01", 1000, &p, &err), -1);
	assert_non_null(strstr(err.msg, "từ 0 đến 10"));
	assert_int_equal(rv_parse_score("7,255", 1000, &p, &err), -1);
	assert_int_equal(rv_parse_score("-1", 1000, &p, &err), -1);
	assert_int_equal(rv_parse_score("abc", 1000, &p, &err), -1);
	assert_int_equal(rv_parse_score("", 1000, &p, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
}

static struct store *db_new(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", g_dir, name);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		fail_msg("store_open: %s", err.msg);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	return st;
}

static void test_deadline_over_tet(void **state)
{
	(void)state;
	struct store *st = db_new("d.db");
	struct tc_err err;
	struct cal_date out;
	int days = 0;
	/* Friday 24/01/2025, Tết off 25/01..02/02: Mon 03, Tue 04, Wed 05/02. */
	assert_int_equal(review_deadline(st, "qd25-2021", (struct cal_date){2025, 1, 24}, &out,
					 &days, &err), 0);
	assert_int_equal(days, 3);
	assert_int_equal(out.m, 2);
	assert_int_equal(out.d, 5);
	assert_int_equal(review_deadline(st, "qd619-2017", (struct cal_date){2025, 1, 24}, &out,
					 &days, &err), 0);
	assert_int_equal(days, 5);
	assert_int_equal(out.d, 7);
	/* Thursday 12/12/2024 + 3 working days: Mon 16/12 (weekend skipped). */
	assert_int_equal(review_deadline(st, "qd25-2021", (struct cal_date){2024, 12, 12}, &out,
					 &days, &err), 0);
	assert_int_equal(out.d, 17);
	store_close(st);
}

static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n"
	"01420,Trường Hà,Xã,commune,045\n";

static int64_t g_aid;

static struct store *db_dossier(const char *name)
{
	struct store *st = db_new(name);
	struct tc_err err;
	char *copy = tc_strdup(MINI);
	long n;
	if (units_load_list(st, "2020-02", copy, strlen(copy), "t.csv", NULL, NULL, &n, &err) != 0)
		fail_msg("%s", err.msg);
	tc_free(copy);
	struct store_assessment a;
	memset(&a, 0, sizeof a);
	a.year = 2019;
	snprintf(a.unit_code, sizeof a.unit_code, "01417");
	snprintf(a.ruleset_id, sizeof a.ruleset_id, "qd619-2017");
	snprintf(a.ruleset_version, sizeof a.ruleset_version, "1");
	snprintf(a.status, sizeof a.status, "draft");
	a.total = STORE_NO_PTS;
	a.recognised = -1;
	if (store_assessment_add(st, &a, &g_aid, &err) != 0)
		fail_msg("%s", err.msg);
	struct store_input in = {"1", "points", "12"};
	assert_int_equal(store_input_set(st, g_aid, &in, &err), 0);
	struct store_input in2 = {"2", "points", "20"};
	assert_int_equal(store_input_set(st, g_aid, &in2, &err), 0);
	assert_int_equal(store_assessment_find(st, "01417", 2019, NULL, &a, &err), 0);
	assert_int_equal(store_assessment_submit(st, g_aid, a.version, "submit", &err), 0);
	return st;
}

static int64_t version_of(struct store *st)
{
	struct store_assessment a;
	struct tc_err err;
	assert_int_equal(store_assessment_get(st, g_aid, NULL, &a, &err), 0);
	return a.version;
}

static const char *status_of(struct store *st)
{
	static struct store_assessment a;
	struct tc_err err;
	assert_int_equal(store_assessment_get(st, g_aid, NULL, &a, &err), 0);
	return a.status;
}

static int count_change(const struct review_change *c, void *ctx)
{
	struct review_change *last = ctx;
	*last = *c;
	return 0;
}

static void test_return_and_diff(void **state)
{
	(void)state;
	struct store *st = db_dossier("r.db");
	struct tc_err err;
	struct store_return r;
	memset(&r, 0, sizeof r);
	snprintf(r.reason, sizeof r.reason, "Thiếu tài liệu");
	snprintf(r.returned_on, sizeof r.returned_on, "2020-01-03");
	snprintf(r.deadline, sizeof r.deadline, "2020-01-10");
	r.supplement_days = 5;
	struct store_return_note note = {"1", "Bổ sung biên bản"};
	/* A stale version changes nothing. */
	assert_int_equal(store_return_add(st, g_aid, version_of(st) - 1, &r, &note, 1, NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_string_equal(status_of(st), "submitted");
	int64_t rid;
	assert_int_equal(store_return_add(st, g_aid, version_of(st), &r, &note, 1, &rid, &err), 0);
	assert_string_equal(status_of(st), "returned");
	struct store_return got;
	assert_int_equal(store_return_latest(st, g_aid, &got, &err), 0);
	assert_int_equal(got.round, 1);
	assert_string_equal(got.deadline, "2020-01-10");
	assert_string_equal(got.returned_by, "test");
	/* The commune changes one figure and resubmits. */
	struct store_input in = {"1", "points", "13,5"};
	assert_int_equal(store_input_set(st, g_aid, &in, &err), 0);
	assert_int_equal(store_assessment_submit(st, g_aid, version_of(st), "resubmit", &err), 0);
	struct review_change last;
	long n = -1;
	assert_int_equal(review_diff(st, rid, g_aid, count_change, &last, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(last.item, "1");
	assert_string_equal(last.before, "12");
	assert_string_equal(last.after, "13,5");
	store_close(st);
}

static void test_review_council_decision(void **state)
{
	(void)state;
	struct store *st = db_dossier("c.db");
	struct tc_err err;
	struct store_review_item it[2];
	memset(it, 0, sizeof it);
	snprintf(it[0].item, sizeof it[0].item, "1");
	it[0].reviewed = 1100;
	snprintf(it[0].comment, sizeof it[0].comment, "Trừ 1 điểm");
	snprintf(it[1].item, sizeof it[1].item, "2");
	it[1].reviewed = 2000;
	assert_int_equal(store_review_set(st, g_aid, version_of(st), it, 2, &err), 0);
	struct store_indicator v;
	assert_int_equal(store_indicator_get(st, g_aid, "1", &v, &err), 0);
	assert_int_equal(v.reviewed, 1100);
	assert_int_equal(store_review_finish(st, g_aid, version_of(st), 9000, 1, &err), 0);
	assert_string_equal(status_of(st), "reviewed");

	struct store_council c;
	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Hội đồng huyện Hà Quảng");
	snprintf(c.meeting_date, sizeof c.meeting_date, "2020-01-20");
	snprintf(c.province, sizeof c.province, "04");
	snprintf(c.district, sizeof c.district, "045");
	c.quorum_num = 2, c.quorum_den = 3;
	struct store_council_member m[3] = {{0, "Nguyễn Văn A", "chair", 1},
					    {0, "Trần Thị B", "member", 1},
					    {0, "Lê Văn C", "secretary", 0}};
	int64_t mid;
	assert_int_equal(store_council_add(st, &c, m, 3, &g_aid, 1, &mid, &err), 0);
	struct store_council_opinion o = {mid, 2, g_aid, "agree", ""};
	assert_int_equal(store_council_opinion_set(st, &o, &err), 0);
	struct store_council_opinion bad = {mid, 9, g_aid, "agree", ""};
	assert_int_equal(store_council_opinion_set(st, &bad, &err), -1);
	assert_int_equal(store_council_outcome(st, mid, g_aid, version_of(st), "propose", "", &err), 0);
	assert_string_equal(status_of(st), "council");
	/* A commune's scope sees no meeting; the province's does. */
	struct store_scope unit = {STORE_SCOPE_UNIT, "01417"}, prov = {STORE_SCOPE_PROVINCE, "04"};
	struct store_council got;
	assert_int_equal(store_council_get(st, mid, &unit, &got, &err), -1);
	assert_int_equal(store_council_get(st, mid, &prov, &got, &err), 0);

	struct store_decision d;
	memset(&d, 0, sizeof d);
	snprintf(d.number, sizeof d.number, "12/QĐ-UBND");
	snprintf(d.decision_date, sizeof d.decision_date, "2020-02-01");
	snprintf(d.signer_name, sizeof d.signer_name, "Hoàng Văn D");
	snprintf(d.signer_position, sizeof d.signer_position, "Chủ tịch UBND huyện");
	snprintf(d.file_name, sizeof d.file_name, "qd.pdf");
	snprintf(d.file_mime, sizeof d.file_mime, "application/pdf");
	snprintf(d.province, sizeof d.province, "04");
	struct store_decision_item di;
	memset(&di, 0, sizeof di);
	di.assessment_id = g_aid;
	di.expected_version = version_of(st);
	di.recognised = 1;
	long before_audit = 0, after_audit = 0;
	assert_int_equal(store_audit_verify(st, &before_audit, &err), 0);
	assert_int_equal(store_decision_add(st, &d, "%PDF-1.4 x", 10, &di, 1, NULL, &err), 0);
	assert_string_equal(status_of(st), "recognised");
	assert_int_equal(store_audit_verify(st, &after_audit, &err), 0);
	assert_true(after_audit >= before_audit + 3); /* decision, assessment, item */
	/* The same number again is a conflict and changes nothing. */
	di.expected_version = version_of(st);
	assert_int_equal(store_decision_add(st, &d, "%PDF-1.4 x", 10, &di, 1, NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	store_close(st);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(g_dir) ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regimes),
		cmocka_unit_test(test_parse_score),
		cmocka_unit_test(test_deadline_over_tet),
		cmocka_unit_test(test_return_and_diff),
		cmocka_unit_test(test_review_council_decision),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
