/* Unit tests for web/rcache (the response cache of `tiepcan serve`) and the
 * store's change counter it is keyed by (store_change_seq, migration 008):
 * limits, LRU eviction, the counter rule (only an entry with the exact
 * counter is served; a newer counter drops everything), payload ownership,
 * and that every committed write — and no failed one — moves the counter,
 * seen from a second connection too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/units.h"
#include "store/store.h"
#include "util/mem.h"
#include "web/rcache.h"

/* Payloads are counted so the tests see every free. */
static int g_live;

struct pl {
	int id;
};

static void *pl_new(int id)
{
	struct pl *p = tc_malloc(sizeof *p);
	assert_non_null(p);
	p->id = id;
	g_live++;
	return p;
}

static void pl_free(void *p)
{
	g_live--;
	tc_free(p);
}

static void got_id(void *payload, void *ctx)
{
	*(int *)ctx = ((struct pl *)payload)->id;
}

/* The id cached for key at seq, or -1 on a miss. */
static int get(struct rcache *c, const char *key, int64_t seq)
{
	int id = -1;
	if (!rcache_use(c, key, strlen(key), seq, got_id, &id))
		return -1;
	return id;
}

static void put(struct rcache *c, const char *key, int64_t seq, int id, size_t bytes)
{
	rcache_put(c, key, strlen(key), seq, pl_new(id), bytes);
}

static void test_hit_miss_and_replace(void **state)
{
	(void)state;
	g_live = 0;
	struct rcache *c = rcache_new(1 << 20, 100, pl_free);
	assert_non_null(c);
	assert_int_equal(get(c, "/a", 1), -1);
	put(c, "/a", 1, 10, 100);
	assert_int_equal(get(c, "/a", 1), 10);
	assert_int_equal(get(c, "/b", 1), -1);
	/* keys are bytes: a prefix or an extension is another key */
	assert_int_equal(get(c, "/", 1), -1);
	assert_int_equal(get(c, "/aa", 1), -1);
	put(c, "/a", 1, 11, 100);  /* replaces, frees the old payload */
	assert_int_equal(get(c, "/a", 1), 11);
	assert_int_equal(g_live, 1);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.hits, 2);
	assert_int_equal(s.misses, 4);
	rcache_free(c);
	assert_int_equal(g_live, 0);
}

static void test_counter_rule(void **state)
{
	(void)state;
	g_live = 0;
	struct rcache *c = rcache_new(1 << 20, 100, pl_free);
	put(c, "/a", 5, 1, 10);
	put(c, "/b", 5, 2, 10);
	/* an older reading never gets the newer page, and cannot store one */
	assert_int_equal(get(c, "/a", 4), -1);
	put(c, "/c", 4, 3, 10);
	assert_int_equal(g_live, 2);
	assert_int_equal(get(c, "/c", 4), -1);
	assert_int_equal(get(c, "/a", 5), 1);
	/* a newer counter: everything rendered before is gone at once */
	assert_int_equal(get(c, "/a", 6), -1);
	assert_int_equal(g_live, 0);
	assert_int_equal(get(c, "/b", 5), -1);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_int_equal(s.drops, 2);
	assert_int_equal(s.seq, 6);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.bytes, 0);
	rcache_free(c);
}

static void test_entry_limit_evicts_lru(void **state)
{
	(void)state;
	g_live = 0;
	struct rcache *c = rcache_new(1 << 20, 3, pl_free);
	put(c, "/1", 1, 1, 10);
	put(c, "/2", 1, 2, 10);
	put(c, "/3", 1, 3, 10);
	assert_int_equal(get(c, "/1", 1), 1);  /* /2 is now the least recently used */
	put(c, "/4", 1, 4, 10);
	assert_int_equal(g_live, 3);
	assert_int_equal(get(c, "/2", 1), -1);
	assert_int_equal(get(c, "/1", 1), 1);
	assert_int_equal(get(c, "/3", 1), 3);
	assert_int_equal(get(c, "/4", 1), 4);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_int_equal(s.evictions, 1);
	assert_int_equal(s.entries, 3);
	rcache_free(c);
	assert_int_equal(g_live, 0);
}

static void test_byte_limit(void **state)
{
	(void)state;
	g_live = 0;
	const size_t cap = 64 * 1024;
	struct rcache *c = rcache_new(cap, 1000, pl_free);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "/p/%d", i);
		put(c, key, 1, i, 4000);
		struct rcache_stats s;
		rcache_stats(c, &s);
		assert_true(s.bytes <= cap);
		assert_int_equal((long)s.entries, g_live);
	}
	/* the newest are kept, the oldest went */
	assert_int_equal(get(c, "/p/99", 1), 99);
	assert_int_equal(get(c, "/p/0", 1), -1);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_true(s.entries >= 10 && s.entries < 17);
	/* a payload larger than the whole cache is refused and freed at once */
	int before = g_live;
	put(c, "/huge", 1, 1000, cap + 1);
	assert_int_equal(g_live, before);
	assert_int_equal(get(c, "/huge", 1), -1);
	assert_int_equal(get(c, "/p/99", 1), 99);
	rcache_free(c);
	assert_int_equal(g_live, 0);
}

static void test_limits_zero_and_null(void **state)
{
	(void)state;
	assert_null(rcache_new(0, 10, pl_free));
	assert_null(rcache_new(10, 0, pl_free));
	assert_false(rcache_use(NULL, "k", 1, 1, NULL, NULL));
	rcache_free(NULL);
	struct rcache_stats s;
	rcache_stats(NULL, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.seq, -1);
}

/* Several threads putting and getting: counts stay consistent (run under
 * ASan/TSan-like builds, a race shows as a crash or a leak). */
struct worker {
	struct rcache *c;
	int base;
};

static int g_freed_mt;
static pthread_mutex_t g_mt = PTHREAD_MUTEX_INITIALIZER;

static void mt_free(void *p)
{
	pthread_mutex_lock(&g_mt);
	g_freed_mt++;
	pthread_mutex_unlock(&g_mt);
	tc_free(p);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char key[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "/k/%d", (w->base + i) % 50);
		int id = -1;
		rcache_use(w->c, key, strlen(key), i / 500, got_id, &id);
		struct pl *p = tc_malloc(sizeof *p);
		if (p == NULL)
			continue;
		p->id = i;
		rcache_put(w->c, key, strlen(key), i / 500, p, 100);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	g_freed_mt = 0;
	struct rcache *c = rcache_new(2000, 16, mt_free);
	pthread_t t[4];
	struct worker w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){c, i * 7};
		assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_true(s.entries <= 16);
	rcache_free(c);
	assert_int_equal(g_freed_mt, 4 * 2000);
}

/* ---- Concurrent misses of one page wait for one render ------------------ */

struct co {
	struct rcache *c;
	bool abandon;          /* the first render is not storable */
	int renders;           /* misses that rendered (under g_co) */
	int hits;
	volatile int led;      /* the leader has missed */
};

static pthread_mutex_t g_co = PTHREAD_MUTEX_INITIALIZER;

/* One request: a hit, or a render of 100 ms stored (or abandoned, the first
 * time when co->abandon). */
static void co_request(struct co *co)
{
	int id = -1;
	if (rcache_use(co->c, "/dash", 5, 7, got_id, &id)) {
		pthread_mutex_lock(&g_co);
		co->hits++;
		pthread_mutex_unlock(&g_co);
		return;
	}
	pthread_mutex_lock(&g_co);
	int n = ++co->renders;
	pthread_mutex_unlock(&g_co);
	co->led = 1;
	struct timespec ms100 = {0, 100 * 1000 * 1000};
	nanosleep(&ms100, NULL);
	if (co->abandon && n == 1)
		rcache_abandon(co->c, "/dash", 5, 7);
	else
		rcache_put(co->c, "/dash", 5, 7, pl_new(n), 10);
}

static void *co_thread(void *arg)
{
	co_request(arg);
	return NULL;
}

static void coalesce(bool abandon, int want_renders)
{
	g_live = 0;
	struct co co = {rcache_new(1 << 20, 10, pl_free), abandon, 0, 0, 0};
	pthread_t lead, t[4];
	assert_int_equal(pthread_create(&lead, NULL, co_thread, &co), 0);
	while (!co.led) {
		struct timespec ms1 = {0, 1000 * 1000};
		nanosleep(&ms1, NULL);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, co_thread, &co), 0);
	pthread_join(lead, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(co.renders, want_renders);
	assert_int_equal(co.hits, 5 - want_renders);
	struct rcache_stats s;
	rcache_stats(co.c, &s);
	assert_true(s.waits >= 1);
	assert_int_equal(s.entries, 1);
	rcache_free(co.c);
	assert_int_equal(g_live, 0);
}

static void test_concurrent_misses_render_once(void **state)
{
	(void)state;
	coalesce(false, 1);
}

static void test_abandoned_render_passes_on(void **state)
{
	(void)state;
	/* the first render is not stored: exactly one waiter renders next */
	coalesce(true, 2);
}

static void test_other_counter_does_not_wait(void **state)
{
	(void)state;
	g_live = 0;
	struct rcache *c = rcache_new(1 << 20, 10, pl_free);
	assert_false(rcache_use(c, "/a", 2, 1, NULL, NULL));  /* pending (/a, 1) */
	/* another key, and the same key at a newer counter, do not wait */
	assert_false(rcache_use(c, "/b", 2, 1, NULL, NULL));
	assert_false(rcache_use(c, "/a", 2, 2, NULL, NULL));
	rcache_abandon(c, "/a", 2, 1);
	rcache_abandon(c, "/b", 2, 1);
	rcache_put(c, "/a", 2, 2, pl_new(1), 10);
	assert_int_equal(get(c, "/a", 2), 1);
	struct rcache_stats s;
	rcache_stats(c, &s);
	assert_int_equal(s.waits, 0);
	rcache_free(c);
	assert_int_equal(g_live, 0);
}

/* ---- The store's change counter ---------------------------------------- */

static char g_dir[256];

static const char MINI[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n";

static int64_t seq_of(struct store *st)
{
	struct tc_err err;
	int64_t v = -1;
	if (store_change_seq(st, &v, &err) != 0)
		fail_msg("store_change_seq: %s", err.msg);
	return v;
}

static void test_store_counter(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof path, "%s/c.db", g_dir);
	struct tc_err err;
	struct store *st = store_open(path, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	struct store *other = store_open(path, STORE_OPEN_EXISTING, &err);
	assert_non_null(other);
	assert_int_equal(store_set_actor(st, "test", &err), 0);
	int64_t s0 = seq_of(st);
	assert_true(s0 >= 0);
	/* a committed write: +1, seen by the writer and by another connection */
	assert_int_equal(store_setting_set(st, 0, "posting_days", "7", &err), 0);
	assert_int_equal(seq_of(st), s0 + 1);
	assert_int_equal(seq_of(other), s0 + 1);
	/* a batch of writes in one transaction: +1 at its commit, not before */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_setting_set(st, 0, "posting_days", "8", &err), 0);
	assert_int_equal(store_setting_set(st, 0, "posting_days", "9", &err), 0);
	assert_int_equal(seq_of(other), s0 + 1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(seq_of(other), s0 + 2);
	/* a rolled-back batch and a refused write change nothing */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_setting_set(st, 0, "posting_days", "10", &err), 0);
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(seq_of(other), s0 + 2);
	size_t len = strlen(MINI);
	char *copy = tc_malloc(len + 1);
	memcpy(copy, MINI, len + 1);
	long n;
	assert_int_equal(units_load_list(st, "2020-02", copy, len, "t.csv", NULL, NULL, &n, &err), 0);
	int64_t s1 = seq_of(other);
	assert_true(s1 > s0 + 2);
	assert_int_not_equal(units_load_list(st, "2099-01", copy, len, "t.csv", NULL, NULL, &n, &err), 0);
	assert_int_equal(seq_of(other), s1);
	tc_free(copy);
	store_close(other);
	store_close(st);
	/* the counter survives reopening */
	st = store_open(path, STORE_OPEN_EXISTING, &err);
	assert_non_null(st);
	assert_int_equal(seq_of(st), s1);
	store_close(st);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/tc-rcache-XXXXXX");
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
		cmocka_unit_test(test_hit_miss_and_replace),
		cmocka_unit_test(test_counter_rule),
		cmocka_unit_test(test_entry_limit_evicts_lru),
		cmocka_unit_test(test_byte_limit),
		cmocka_unit_test(test_limits_zero_and_null),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_concurrent_misses_render_once),
		cmocka_unit_test(test_abandoned_render_passes_on),
		cmocka_unit_test(test_other_counter_does_not_wait),
		cmocka_unit_test(test_store_counter),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
