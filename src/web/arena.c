/* arena.c — bump allocator over a list of blocks (see arena.h). */
#include "web/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "util/mem.h"

#define BLOCK_MIN ((size_t)8192)
#define ALIGN (alignof(max_align_t))

struct block {
	struct block *next;
	size_t size;   /* usable bytes in data[] */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

/* A function arena_free runs (see arena_defer); lives in the arena. */
struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct block *head;  /* current block first */
	struct deferred *defer; /* newest first */
	size_t max_total;    /* cap on bytes taken from the system */
	size_t taken;        /* bytes taken from the system so far */
	size_t handed;       /* bytes handed out */
};

struct arena *arena_new(size_t max_total)
{
	struct arena *a = tc_calloc(1, sizeof *a);
	if (a == NULL)
		return NULL;
	a->max_total = max_total ? max_total : ARENA_DEFAULT_MAX;
	return a;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	for (struct deferred *d = a->defer; d; d = d->next)
		d->fn(d->p);
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		tc_free(b);
		b = next;
	}
	tc_free(a);
}

/* Adds a block with room for at least n bytes; the new block becomes head.
 * A big request gets a block of its own size, so one upload does not leave a
 * half-empty 8 KiB block behind. */
static struct block *grow(struct arena *a, size_t n)
{
	size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
	if (size > SIZE_MAX - sizeof(struct block))
		return NULL;
	size_t total = sizeof(struct block) + size;
	if (total > a->max_total - a->taken || a->taken > a->max_total)
		return NULL;
	struct block *b = tc_malloc(total);
	if (b == NULL)
		return NULL;
	b->size = size;
	b->used = 0;
	if (size > BLOCK_MIN && a->head != NULL) {
		/* keep the current small block as head: it still has room */
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	a->taken += total;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (a == NULL)
		return NULL;
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN)
		return NULL;
	size_t rounded = (n + ALIGN - 1) & ~(ALIGN - 1);
	struct block *b = a->head;
	if (b == NULL || b->size - b->used < rounded)
		b = grow(a, rounded);
	if (b == NULL)
		return NULL;
	void *p = b->data + b->used;
	b->used += rounded;
	a->handed += n;
	return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	void *p = arena_alloc(a, count * size);
	if (p)
		memset(p, 0, (count * size) != 0 ? count * size : 1);
	return p;
}

int arena_push(struct arena *a, void *v, size_t *n, size_t *cap, const void *item,
	       size_t size)
{
	void **arr = v;
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		if (ncap < *cap || (size && ncap > SIZE_MAX / size))
			return -1;
		void *p = arena_alloc(a, ncap * size);
		if (p == NULL)
			return -1;
		if (*n)
			memcpy(p, *arr, *n * size);
		*arr = p;
		*cap = ncap;
	}
	memcpy((char *)*arr + *n * size, item, size);
	(*n)++;
	return 0;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

size_t arena_used(const struct arena *a)
{
	return a ? a->handed : 0;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = arena_alloc(a, sizeof *d);
	if (d == NULL)
		return -1;
	d->fn = fn;
	d->p = p;
	d->next = a->defer;
	a->defer = d;
	return 0;
}

void *arena_deferred(const struct arena *a, void (*fn)(void *))
{
	for (const struct deferred *d = a ? a->defer : NULL; d; d = d->next)
		if (d->fn == fn)
			return d->p;
	return NULL;
}
