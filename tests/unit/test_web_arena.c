/* Unit tests for src/web/arena: alignment, growth, caps, allocation failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/mem.h"
#include "web/arena.h"

static void test_alloc_aligned_and_distinct(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_non_null(a);
	char *p[100];
	for (int i = 0; i < 100; i++) {
		p[i] = arena_alloc(a, (size_t)i + 1);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % _Alignof(max_align_t), 0);
		memset(p[i], i, (size_t)i + 1);
	}
	for (int i = 0; i < 100; i++)
		for (int k = 0; k <= i; k++)
			assert_int_equal((unsigned char)p[i][k], i); /* no overlap */
	assert_int_equal(arena_used(a), 100 * 101 / 2);
	arena_free(a);
}

static void test_big_allocations_and_strings(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	char *small = arena_strdup(a, "xã Sóc Hà");
	char *big = arena_alloc(a, 1 << 20);
	assert_non_null(big);
	memset(big, 'x', 1 << 20);
	char *after = arena_strndup(a, "abcdef", 3);
	assert_string_equal(small, "xã Sóc Hà");
	assert_string_equal(after, "abc");
	int *z = arena_calloc(a, 1000, sizeof *z);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(z[i], 0);
	assert_non_null(arena_alloc(a, 0));
	arena_free(a);
	arena_free(NULL);
}

static void test_cap_and_overflow(void **state)
{
	(void)state;
	struct arena *a = arena_new(64 * 1024);
	assert_non_null(arena_alloc(a, 30 * 1024));
	assert_null(arena_alloc(a, 40 * 1024)); /* over the cap */
	assert_non_null(arena_alloc(a, 100));   /* small ones still fit */
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	arena_free(a);
}

static void test_allocation_failure(void **state)
{
	(void)state;
	tc_mem_fail_after(0);
	assert_null(arena_new(0));
	tc_mem_fail_after(-1);
	struct arena *a = arena_new(0);
	tc_mem_fail_after(0);
	assert_null(arena_alloc(a, 10)); /* first block cannot be made */
	tc_mem_fail_after(-1);
	assert_non_null(arena_alloc(a, 10));
	arena_free(a);
}

/* arena_push keeps every element in order while the room doubles, and
 * fails cleanly when the arena's cap is reached. */
static void test_push(void **state)
{
	(void)state;
	struct arena *a = arena_new(64 << 10);
	long *v = NULL;
	size_t n = 0, cap = 0;
	for (long i = 0; i < 1000; i++)
		assert_int_equal(arena_push(a, &v, &n, &cap, &i, sizeof i), 0);
	assert_int_equal(n, 1000);
	assert_true(cap >= 1000 && cap < 2048);
	for (long i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	int rc = 0;
	for (long i = 0; rc == 0 && i < 100000; i++)
		rc = arena_push(a, &v, &n, &cap, &i, sizeof i);
	assert_int_equal(rc, -1);
	assert_int_equal(v[999], 999); /* what was pushed stays */
	arena_free(a);
}

static int g_calls[3];
static int g_order[3], g_n;

static void on_free(void *p)
{
	int i = *(int *)p;
	g_calls[i]++;
	g_order[g_n++] = i;
}

static void other_fn(void *p)
{
	(void)p;
}

/* Deferred functions run once each, newest first, when the arena is freed;
 * arena_deferred finds the newest registration of a function. */
static void test_defer(void **state)
{
	(void)state;
	static int ids[3] = {0, 1, 2};
	memset(g_calls, 0, sizeof g_calls);
	g_n = 0;
	struct arena *a = arena_new(0);
	assert_non_null(a);
	assert_null(arena_deferred(a, on_free));
	assert_int_equal(arena_defer(a, on_free, &ids[0]), 0);
	assert_int_equal(arena_defer(a, other_fn, NULL), 0);
	assert_ptr_equal(arena_deferred(a, on_free), &ids[0]);
	assert_int_equal(arena_defer(a, on_free, &ids[1]), 0);
	assert_ptr_equal(arena_deferred(a, on_free), &ids[1]);
	assert_null(arena_deferred(NULL, on_free));
	assert_int_equal(g_calls[0] + g_calls[1], 0);
	arena_free(a);
	assert_int_equal(g_calls[0], 1);
	assert_int_equal(g_calls[1], 1);
	assert_int_equal(g_n, 2);
	assert_int_equal(g_order[0], 1);
	assert_int_equal(g_order[1], 0);
	/* a full arena refuses, and the function then never runs */
	a = arena_new(64);
	assert_non_null(a);
	assert_int_equal(arena_defer(a, on_free, &ids[2]), -1);
	arena_free(a);
	assert_int_equal(g_calls[2], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_and_distinct),
		cmocka_unit_test(test_big_allocations_and_strings),
		cmocka_unit_test(test_cap_and_overflow),
		cmocka_unit_test(test_allocation_failure),
		cmocka_unit_test(test_push),
		cmocka_unit_test(test_defer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
