/* Unit tests for the pilot section of store.h (plans, pilots, tasks, duties
 * and handovers, trainings, inspections) and the migration of a schema with
 * a gap in its numbers. Only the store interface is used. */
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
	"01,Hà Nội,Thành phố,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"001,Ba Đình,Quận,district,01\n"
	"01417,Sóc Hà,Xã,commune,045\n"
	"00001,Phúc Xá,Phường,commune,001\n";

static struct store *db(void)
{
	char path[300];
	static int seq;
	snprintf(path, sizeof path, "%s/p%d.db", g_dir, ++seq);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	if (st == NULL)
		fail_msg("store_open: %s", err.msg);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	size_t len = strlen(MINI);
	char *copy = tc_malloc(len + 1);
	memcpy(copy, MINI, len + 1);
	long n;
	if (units_load_list(st, "2020-02", copy, len, "t.csv", NULL, NULL, &n, &err) != 0)
		fail_msg("%s", err.msg);
	tc_free(copy);
	return st;
}

static int64_t plan(struct store *st, const char *number, int64_t parent)
{
	struct store_plan p;
	memset(&p, 0, sizeof p);
	snprintf(p.number, sizeof p.number, "%s", number);
	snprintf(p.issued_on, sizeof p.issued_on, "2018-03-29");
	snprintf(p.issuer, sizeof p.issuer, "Sở Tư pháp");
	snprintf(p.province, sizeof p.province, "04");
	snprintf(p.title, sizeof p.title, "Mô hình điểm");
	p.year = 2018;
	p.parent_id = parent;
	int64_t id = 0;
	struct tc_err err;
	if (store_plan_add(st, &p, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static int64_t official(struct store *st, const char *name)
{
	struct store_official o;
	memset(&o, 0, sizeof o);
	snprintf(o.vintage, sizeof o.vintage, "2020-02");
	snprintf(o.unit_code, sizeof o.unit_code, "01417");
	snprintf(o.full_name, sizeof o.full_name, "%s", name);
	int64_t id;
	struct tc_err err;
	assert_int_equal(store_official_add(st, &o, &id, &err), 0);
	return id;
}

static int count_plan(const struct store_plan *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static void test_plan_scope_and_parent(void **state)
{
	(void)state;
	struct store *st = db();
	int64_t a = plan(st, "1719/KH-UBND", 0), b = plan(st, "198/KH-STP", a);
	struct store_plan p;
	struct tc_err err;
	assert_int_equal(store_plan_get(st, b, NULL, &p, &err), 0);
	assert_string_equal(p.parent_number, "1719/KH-UBND");
	struct store_scope cb = {STORE_SCOPE_PROVINCE, "04"}, hn = {STORE_SCOPE_PROVINCE, "01"},
			   unit = {STORE_SCOPE_UNIT, "01417"}, other = {STORE_SCOPE_UNIT, "00001"};
	int n = 0;
	assert_int_equal(store_plan_list(st, 2018, &cb, count_plan, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(store_plan_list(st, 0, &unit, count_plan, &n, &err), 0);
	assert_int_equal(n, 2); /* a commune sees its province's plans */
	n = 0;
	assert_int_equal(store_plan_list(st, 0, &hn, count_plan, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_plan_get(st, b, &other, &p, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	/* duplicate number; impossible date: refused, nothing written */
	struct store_plan q = p;
	assert_int_equal(store_plan_add(st, &q, NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	snprintf(q.number, sizeof q.number, "1/KH");
	snprintf(q.issued_on, sizeof q.issued_on, "2018-02-30");
	assert_int_equal(store_plan_add(st, &q, NULL, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	n = 0;
	assert_int_equal(store_plan_list(st, 0, NULL, count_plan, &n, &err), 0);
	assert_int_equal(n, 2);
	store_close(st);
}

static int count_ho(const struct store_handover *h, void *ctx)
{
	assert_string_equal(h->reason, "Chuyển công tác");
	(*(int *)ctx)++;
	return 0;
}

static int holder(const struct store_duty *d, void *ctx)
{
	int64_t *who = ctx;
	if (strcmp(d->item, "2") == 0)
		*who = d->official_id;
	return 0;
}

static void test_duty_handover(void **state)
{
	(void)state;
	struct store *st = db();
	int64_t a = official(st, "A"), b = official(st, "B");
	struct tc_err err;
	assert_int_equal(store_duty_assign(st, "01417", 2018, "", a, "2018-05-15", "", &err), 0);
	assert_int_equal(store_duty_assign(st, "01417", 2018, "1", a, "2018-05-15", "", &err), 0);
	assert_int_equal(store_duty_assign(st, "01417", 2018, "2", a, "2018-05-15", "", &err), 0);
	/* an official of another commune is refused */
	assert_int_equal(store_duty_assign(st, "00001", 2018, "1", a, "2018-05-15", "", &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	long n = 0;
	assert_int_equal(store_duty_handover_all(st, "01417", 2018, a, b, "2018-06-20",
						 "Chuyển công tác", &n, &err), 0);
	assert_int_equal(n, 3);
	int64_t who = 0;
	assert_int_equal(store_duty_list(st, "01417", 2018, holder, &who, &err), 0);
	assert_int_equal(who, b);
	int h = 0;
	assert_int_equal(store_handover_list(st, "01417", 2018, count_ho, &h, &err), 0);
	assert_int_equal(h, 3);
	/* A holds nothing now: a second handover is refused */
	assert_int_equal(store_duty_handover_all(st, "01417", 2018, a, b, "2018-06-21", "x", &n,
						 &err), -1);
	long audit = 0;
	assert_int_equal(store_check(st, &audit, &err), 0);
	store_close(st);
}

static int count_task(const struct store_plan_task *t, void *ctx)
{
	(void)t;
	(*(int *)ctx)++;
	return 0;
}

static int count_training(const struct store_training *t, void *ctx)
{
	(void)t;
	(*(int *)ctx)++;
	return 0;
}

static void test_tasks_training(void **state)
{
	(void)state;
	struct store *st = db();
	int64_t p = plan(st, "198/KH-STP", 0);
	struct store_plan_task t;
	memset(&t, 0, sizeof t);
	t.plan_id = p;
	snprintf(t.title, sizeof t.title, "Tập huấn");
	snprintf(t.deadline, sizeof t.deadline, "2018-05-31");
	struct tc_err err;
	for (int g = 1; g <= STORE_TASK_GROUPS; g++) {
		t.grp = g;
		assert_int_equal(store_plan_task_add(st, &t, NULL, &err), 0);
	}
	t.grp = 8;
	assert_int_equal(store_plan_task_add(st, &t, NULL, &err), -1);
	int n = 0;
	assert_int_equal(store_plan_task_list(st, p, NULL, count_task, &n, &err), 0);
	assert_int_equal(n, STORE_TASK_GROUPS);
	assert_int_equal(store_plan_task_progress(st, 1, "done", "2018-05-30", "xong", &err), 0);
	assert_int_equal(store_plan_task_progress(st, 1, "finished", "2018-05-30", "", &err), -1);
	struct store_plan_task got;
	assert_int_equal(store_plan_task_get(st, 1, &got, &err), 0);
	assert_string_equal(got.status, "done");
	int64_t a = official(st, "A");
	struct store_training tr;
	memset(&tr, 0, sizeof tr);
	snprintf(tr.province, sizeof tr.province, "04");
	snprintf(tr.held_on, sizeof tr.held_on, "2018-05-24");
	snprintf(tr.place, sizeof tr.place, "Hà Quảng");
	snprintf(tr.topic, sizeof tr.topic, "Chấm điểm");
	int64_t bad[2] = {a, 9999};
	assert_int_equal(store_training_add(st, &tr, bad, 2, NULL, &err), -1); /* unknown attendee */
	n = 0;
	assert_int_equal(store_training_list(st, a, NULL, count_training, &n, &err), 0);
	assert_int_equal(n, 0); /* the refused session left nothing */
	assert_int_equal(store_training_add(st, &tr, &a, 1, NULL, &err), 0);
	assert_int_equal(store_training_list(st, a, NULL, count_training, &n, &err), 0);
	assert_int_equal(n, 1);
	store_close(st);
}

/* Migration 007: edits of officials, trainings, tasks and pilots; the plan's
 * document and task evidence files (refused files write nothing). */
static int count_att(const struct store_official *o, void *ctx)
{
	(void)o;
	(*(int *)ctx)++;
	return 0;
}

static int count_file(const struct store_task_file *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return 0;
}

static void test_edits_and_files(void **state)
{
	(void)state;
	struct store *st = db();
	struct tc_err err;
	int64_t p = plan(st, "198/KH-STP", 0), a = official(st, "A"), b = official(st, "B");
	struct store_official o;
	assert_int_equal(store_official_get(st, a, NULL, &o, &err), 0);
	snprintf(o.phone, sizeof o.phone, "0206 000");
	snprintf(o.full_name, sizeof o.full_name, "A mới");
	assert_int_equal(store_official_update(st, &o, &err), 0);
	assert_int_equal(store_official_get(st, a, NULL, &o, &err), 0);
	assert_string_equal(o.full_name, "A mới");
	assert_string_equal(o.phone, "0206 000");
	o.full_name[0] = '\0';
	assert_int_equal(store_official_update(st, &o, &err), -1);
	o.id = 9999;
	snprintf(o.full_name, sizeof o.full_name, "X");
	assert_int_equal(store_official_update(st, &o, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);

	struct store_training tr;
	memset(&tr, 0, sizeof tr);
	snprintf(tr.province, sizeof tr.province, "04");
	snprintf(tr.held_on, sizeof tr.held_on, "2018-05-24");
	snprintf(tr.place, sizeof tr.place, "Hà Quảng");
	snprintf(tr.topic, sizeof tr.topic, "Chấm điểm");
	int64_t tid = 0;
	assert_int_equal(store_training_add(st, &tr, &a, 1, &tid, &err), 0);
	int64_t two[2] = {a, b}, bad[2] = {b, 9999};
	tr.id = tid;
	assert_int_equal(store_training_update(st, &tr, bad, 2, &err), -1);
	int n = 0;
	assert_int_equal(store_training_attendees(st, tid, count_att, &n, &err), 0);
	assert_int_equal(n, 1); /* the refused update left the list as it was */
	snprintf(tr.place, sizeof tr.place, "Cao Bằng");
	assert_int_equal(store_training_update(st, &tr, two, 2, &err), 0);
	n = 0;
	assert_int_equal(store_training_attendees(st, tid, count_att, &n, &err), 0);
	assert_int_equal(n, 2);
	struct store_training got;
	assert_int_equal(store_training_get(st, tid, NULL, &got, &err), 0);
	assert_string_equal(got.place, "Cao Bằng");
	struct store_scope hn = {STORE_SCOPE_PROVINCE, "01"};
	assert_int_equal(store_training_get(st, tid, &hn, &got, &err), -1);

	struct store_plan_task t;
	memset(&t, 0, sizeof t);
	t.plan_id = p;
	t.grp = 2;
	snprintf(t.title, sizeof t.title, "Tập huấn");
	snprintf(t.deadline, sizeof t.deadline, "2018-05-31");
	int64_t k = 0;
	assert_int_equal(store_plan_task_add(st, &t, &k, &err), 0);
	t.id = k;
	snprintf(t.deadline, sizeof t.deadline, "2018-02-30");
	assert_int_equal(store_plan_task_update(st, &t, &err), -1);
	snprintf(t.deadline, sizeof t.deadline, "2018-06-30");
	t.grp = 4;
	assert_int_equal(store_plan_task_update(st, &t, &err), 0);
	struct store_plan_task tg;
	assert_int_equal(store_plan_task_get(st, k, &tg, &err), 0);
	assert_string_equal(tg.deadline, "2018-06-30");
	assert_int_equal(tg.grp, 4);

	static const char pdf[] = "%PDF-1.4 test";
	assert_int_equal(store_plan_file(st, p, "kh.pdf", "text/html", pdf, sizeof pdf - 1, &err), -1);
	assert_int_equal(store_plan_file(st, p, "kh.pdf", "application/pdf", pdf, 0, &err), -1);
	struct store_plan pl;
	assert_int_equal(store_plan_get(st, p, NULL, &pl, &err), 0);
	assert_string_equal(pl.file_sha256, "");
	assert_int_equal(store_plan_file(st, p, "kh.pdf", "application/pdf", pdf, sizeof pdf - 1,
					 &err), 0);
	assert_int_equal(store_plan_get(st, p, NULL, &pl, &err), 0);
	assert_int_equal(strlen(pl.file_sha256), 64);
	assert_string_equal(pl.file_name, "kh.pdf");
	void *data = NULL;
	size_t len = 0;
	assert_int_equal(store_evidence_read(st, pl.file_sha256, &data, &len, &err), 0);
	assert_int_equal(len, sizeof pdf - 1);
	assert_memory_equal(data, pdf, len);
	tc_free(data);
	struct store_task_file f;
	assert_int_equal(store_task_file_add(st, k, "a.pdf", "application/pdf", pdf, sizeof pdf - 1,
					     &f, &err), 0);
	assert_string_equal(f.sha256, pl.file_sha256);
	assert_int_equal(store_task_file_add(st, k, "b.pdf", "application/pdf", pdf, sizeof pdf - 1,
					     NULL, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	n = 0;
	assert_int_equal(store_task_file_list(st, k, count_file, &n, &err), 0);
	assert_int_equal(n, 1);

	struct store_plan_pilot pp;
	memset(&pp, 0, sizeof pp);
	pp.plan_id = p;
	snprintf(pp.unit_code, sizeof pp.unit_code, "01417");
	pp.target_year = 2018;
	assert_int_equal(store_plan_pilot_update(st, &pp, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	if (store_plan_pilot_add(st, &pp, &err) != 0)
		fail_msg("%s", err.msg);
	pp.ntm_year = 2019;
	assert_int_equal(store_plan_pilot_update(st, &pp, &err), 0);
	long audit = 0;
	assert_int_equal(store_check(st, &audit, &err), 0);
	assert_true(audit > 10);
	store_close(st);
}

/* pilotdel: every deletion is one audited transaction; an official still
 * referred to is refused and left whole; files' contents stay. */
static int count_note(const struct store_task_note *nt, void *ctx)
{
	(void)nt;
	(*(int *)ctx)++;
	return 0;
}

static int count_duty(const struct store_duty *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

static long audit_n(struct store *st)
{
	long n = 0;
	struct tc_err err;
	assert_int_equal(store_check(st, &n, &err), 0);
	return n;
}

static int64_t del_task(struct store *st, int64_t p, const char *pdf, size_t len)
{
	struct store_plan_task t;
	memset(&t, 0, sizeof t);
	t.plan_id = p;
	t.grp = 4;
	snprintf(t.title, sizeof t.title, "Phân công");
	snprintf(t.deadline, sizeof t.deadline, "2018-05-31");
	int64_t k = 0;
	struct tc_err err;
	assert_int_equal(store_plan_task_add(st, &t, &k, &err), 0);
	assert_int_equal(store_plan_task_progress(st, k, "done", "2018-05-30", "xong", &err), 0);
	assert_int_equal(store_task_file_add(st, k, "a.pdf", "application/pdf", pdf, len, NULL,
					     &err), 0);
	return k;
}

static void test_deletions_officials(void **state)
{
	(void)state;
	struct store *st = db();
	struct tc_err err;
	int64_t a = official(st, "A"), b = official(st, "B");
	assert_int_equal(store_duty_assign(st, "01417", 2018, "1", a, "2018-05-15", "", &err), 0);
	struct store_training tr;
	memset(&tr, 0, sizeof tr);
	snprintf(tr.province, sizeof tr.province, "04");
	snprintf(tr.held_on, sizeof tr.held_on, "2018-05-24");
	snprintf(tr.place, sizeof tr.place, "Hà Quảng");
	snprintf(tr.topic, sizeof tr.topic, "Chấm điểm");
	int64_t tid = 0;
	assert_int_equal(store_training_add(st, &tr, &b, 1, &tid, &err), 0);
	struct store_official_refs r;
	assert_int_equal(store_official_refs(st, a, &r, &err), 0);
	assert_int_equal(r.duties, 1);
	assert_int_equal(r.trainings, 0);
	long n0 = audit_n(st);
	assert_int_equal(store_official_delete(st, a, &err), -1);
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(store_official_delete(st, b, &err), -1); /* attended a session */
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_int_equal(audit_n(st), n0); /* refused: nothing written */
	struct store_official o;
	assert_int_equal(store_official_get(st, a, NULL, &o, &err), 0);
	assert_int_equal(store_training_delete(st, tid, &err), 0);
	assert_int_equal(store_training_get(st, tid, NULL, &tr, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(store_official_delete(st, b, &err), 0);
	assert_int_equal(store_official_get(st, b, NULL, &o, &err), -1);
	assert_int_equal(store_official_get(st, a, NULL, &o, &err), 0);
	assert_int_equal(store_official_delete(st, b, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(store_training_delete(st, tid, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(audit_n(st), n0 + 2);
	store_close(st);
}

static void test_deletions_plan(void **state)
{
	(void)state;
	struct store *st = db();
	struct tc_err err;
	static const char pdf[] = "%PDF-1.4 deleted";
	int64_t p = plan(st, "198/KH-STP", 0), a = official(st, "A");
	int64_t k = del_task(st, p, pdf, sizeof pdf - 1), k2 = del_task(st, p, pdf, sizeof pdf - 1);
	struct store_plan_pilot pp;
	memset(&pp, 0, sizeof pp);
	pp.plan_id = p;
	snprintf(pp.unit_code, sizeof pp.unit_code, "01417");
	pp.target_year = 2018;
	assert_int_equal(store_plan_pilot_add(st, &pp, &err), 0);
	assert_int_equal(store_duty_assign(st, "01417", 2018, "1", a, "2018-05-15", "", &err), 0);
	assert_int_equal(store_plan_file(st, p, "kh.pdf", "application/pdf", pdf, sizeof pdf - 1,
					 &err), 0);
	long n0 = audit_n(st);
	assert_int_equal(store_plan_task_delete(st, k, &err), 0);
	struct store_plan_task t;
	assert_int_equal(store_plan_task_get(st, k, &t, &err), -1);
	int n = 0;
	assert_int_equal(store_task_note_list(st, k, count_note, &n, &err), 0);
	assert_int_equal(store_task_file_list(st, k, count_file, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_task_file_list(st, k2, count_file, &n, &err), 0);
	assert_int_equal(n, 1); /* the other task keeps its file */
	assert_int_equal(store_plan_pilot_delete(st, p, "01417", &err), 0);
	assert_int_equal(store_plan_pilot_delete(st, p, "01417", &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	n = 0;
	assert_int_equal(store_duty_list(st, "01417", 2018, count_duty, &n, &err), 0);
	assert_int_equal(n, 1); /* duties are per commune and year, not per plan */
	struct store_plan pl;
	assert_int_equal(store_plan_get(st, p, NULL, &pl, &err), 0);
	char sha[65];
	memcpy(sha, pl.file_sha256, sizeof sha);
	assert_int_equal(store_plan_file_delete(st, p, &err), 0);
	assert_int_equal(store_plan_get(st, p, NULL, &pl, &err), 0);
	assert_string_equal(pl.file_sha256, "");
	assert_int_equal(store_plan_file_delete(st, p, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	void *data = NULL;
	size_t len = 0;
	assert_int_equal(store_evidence_read(st, sha, &data, &len, &err), 0); /* content stays */
	tc_free(data);
	struct store_inspection in;
	memset(&in, 0, sizeof in);
	snprintf(in.unit_code, sizeof in.unit_code, "01417");
	snprintf(in.visited_on, sizeof in.visited_on, "2018-09-12");
	int64_t iid = 0;
	assert_int_equal(store_inspection_add(st, &in, &iid, &err), 0);
	assert_int_equal(store_inspection_delete(st, iid, &err), 0);
	assert_int_equal(store_inspection_get(st, iid, &in, &err), -1);
	assert_int_equal(store_inspection_delete(st, iid, &err), -1);
	assert_int_equal(err.code, TC_ENOTFOUND);
	assert_int_equal(audit_n(st), n0 + 5); /* task, pilot, file, inspection add + delete */
	store_close(st);
}

static int setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-pilot-XXXXXX");
	return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_scope_and_parent),
		cmocka_unit_test(test_duty_handover),
		cmocka_unit_test(test_tasks_training),
		cmocka_unit_test(test_edits_and_files),
		cmocka_unit_test(test_deletions_officials),
		cmocka_unit_test(test_deletions_plan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
