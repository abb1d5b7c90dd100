/* arena.h — per-request memory: many small allocations, one free.
 *
 * Every web request gets one arena (created when the request starts, freed
 * in exactly one place: the server's MHD_OPTION_NOTIFY_COMPLETED callback).
 * Handlers, parsers and pages allocate from it and never free individually,
 * so a handler that returns early on an error cannot leak.
 *
 * The arena has a total cap (bytes handed out plus block overhead); past it,
 * or when the system allocator fails, allocations return NULL (never abort),
 * and the caller turns that into TC_ENOMEM / HTTP 500.
 *
 * Owner: whoever calls arena_new() calls arena_free(). Not thread-safe: one
 * arena belongs to one request, which MHD serves on one thread at a time.
 */
#ifndef TC_ARENA_H
#define TC_ARENA_H

#include <stddef.h>

struct arena;  /* opaque */

/* max_total == 0 means ARENA_DEFAULT_MAX. NULL on allocation failure. */
#define ARENA_DEFAULT_MAX ((size_t)64 << 20) /* 64 MiB */
struct arena *arena_new(size_t max_total);
void arena_free(struct arena *a);  /* NULL is fine */

/* n bytes aligned for any type; NULL if out of memory or over the cap.
 * n == 0 returns a valid unique pointer. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t count, size_t size);
char *arena_strdup(struct arena *a, const char *s);
/* Appends one element of `size` bytes to the array *v of *n elements with
 * room for *cap, doubling the room when full (old room stays in the arena
 * until it is freed). 0, or -1 if out of memory or over the cap. */
int arena_push(struct arena *a, void *v, size_t *n, size_t *cap, const void *item,
	       size_t size);
/* Copies n bytes and appends a NUL (s need not be NUL-terminated). */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Runs fn(p) when the arena is freed (newest first, before its memory
 * goes): how a request releases what it holds outside the arena, e.g. its
 * reference to the rule-set registry (pages.c). -1 if out of memory (fn
 * will then not run). */
int arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* The p of the newest arena_defer(a, fn, p), or NULL: lets a module find
 * what it already attached to this request. */
void *arena_deferred(const struct arena *a, void (*fn)(void *));

/* Bytes handed out so far (for tests and logs). */
size_t arena_used(const struct arena *a);

#endif
