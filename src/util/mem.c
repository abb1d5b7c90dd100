/* mem.c — allocation wrappers with overflow checks and fault injection. */
#include "util/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* -1: never fail. Otherwise the number of allocations still allowed. */
static _Atomic long fail_countdown = -1;

static int should_fail(void)
{
	long c = atomic_load(&fail_countdown);
	while (c >= 0) {
		if (c == 0)
			return 1;
		if (atomic_compare_exchange_weak(&fail_countdown, &c, c - 1))
			return 0;
	}
	return 0;
}

void tc_mem_fail_after(long n)
{
	atomic_store(&fail_countdown, n);
}

void *tc_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *tc_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	if (count == 0 || size == 0)
		return calloc(1, 1);
	return calloc(count, size);
}

void *tc_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void *tc_reallocarray(void *p, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	return tc_realloc(p, count * size);
}

void tc_free(void *p)
{
	free(p);
}

char *tc_strndup(const char *s, size_t n)
{
	char *d = tc_malloc(n + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *tc_strdup(const char *s)
{
	return tc_strndup(s, strlen(s));
}
