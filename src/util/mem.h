/* mem.h — the one allocation convention of tiepcan.
 *
 * All heap memory goes through tc_malloc/tc_calloc/tc_realloc/tc_free and
 * tc_strdup/tc_strndup. They return NULL on failure and never abort: the
 * caller turns NULL into a TC_ENOMEM error (see err.h). Sizes are checked
 * for overflow (tc_calloc, tc_reallocarray).
 *
 * Ownership is written next to each function that returns memory: "caller
 * frees" or "owned by X". Per-request web memory uses an arena (web layer)
 * that is freed in one place.
 *
 * Tests can make the N-th following allocation fail (tc_mem_fail_after) to
 * prove that parsers return errors instead of crashing.
 */
#ifndef TC_MEM_H
#define TC_MEM_H

#include <stddef.h>

void *tc_malloc(size_t n);
void *tc_calloc(size_t count, size_t size);
void *tc_realloc(void *p, size_t n);
void *tc_reallocarray(void *p, size_t count, size_t size);
void tc_free(void *p);
char *tc_strdup(const char *s);
char *tc_strndup(const char *s, size_t n);

/* Test hook: after `n` more successful allocations, every allocation fails
 * until tc_mem_fail_after(-1) is called. Not for production use. */
void tc_mem_fail_after(long n);

#endif
