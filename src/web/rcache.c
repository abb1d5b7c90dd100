/* rcache.c — bounded LRU response cache (see rcache.h).
 *
 * A chained hash table (FNV-1a over the key) for lookups and a doubly linked
 * list for recency: head = most recently used, tail = next to evict. One
 * mutex guards everything; the work under it is a hash, a memcmp and a few
 * pointer moves (plus the caller's `use`, which queues a response). A
 * condition variable lets requests wait for a render already under way.
 */
#include "web/rcache.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

struct entry {
	struct entry *next_hash;
	struct entry *prev, *next;  /* recency list */
	uint64_t hash;
	int64_t seq;
	void *payload;
	size_t bytes;               /* payload + key, as charged to the cache */
	size_t klen;
	unsigned char key[];
};

/* A response being rendered after a miss: other requests for the same key
 * and counter wait for it instead of rendering it again (64 connections
 * asking for a 0.4 s dashboard at once after a write would otherwise render
 * it on every worker thread at the same time). */
struct pending {
	struct pending *next;
	int64_t seq;
	size_t klen;
	unsigned char key[];
};

struct rcache {
	pthread_mutex_t lock;
	pthread_cond_t done;        /* a pending render finished or was abandoned */
	struct pending *pending;
	rcache_free_fn free_fn;
	size_t max_bytes, max_entries;
	struct entry **buckets;
	size_t n_buckets;           /* power of two */
	struct entry *head, *tail;
	struct rcache_stats st;
};

static uint64_t fnv1a(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct rcache *rcache_new(size_t max_bytes, size_t max_entries, rcache_free_fn free_fn)
{
	if (max_bytes == 0 || max_entries == 0)
		return NULL;
	struct rcache *c = tc_calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	/* buckets: the next power of two at or above max_entries (load <= 1) */
	size_t nb = 16;
	while (nb < max_entries && nb < ((size_t)1 << 20))
		nb *= 2;
	c->buckets = tc_calloc(nb, sizeof *c->buckets);
	if (c->buckets == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
		tc_free(c->buckets);
		tc_free(c);
		return NULL;
	}
	if (pthread_cond_init(&c->done, NULL) != 0) {
		pthread_mutex_destroy(&c->lock);
		tc_free(c->buckets);
		tc_free(c);
		return NULL;
	}
	c->n_buckets = nb;
	c->max_bytes = max_bytes;
	c->max_entries = max_entries;
	c->free_fn = free_fn;
	c->st.seq = -1;
	return c;
}

static void list_unlink(struct rcache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void list_push_front(struct rcache *c, struct entry *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (c->tail == NULL)
		c->tail = e;
}

/* Removes e from the table and the list and frees it with its payload. */
static void remove_entry(struct rcache *c, struct entry *e)
{
	struct entry **pp = &c->buckets[e->hash & (c->n_buckets - 1)];
	while (*pp && *pp != e)
		pp = &(*pp)->next_hash;
	if (*pp)
		*pp = e->next_hash;
	list_unlink(c, e);
	c->st.entries--;
	c->st.bytes -= e->bytes;
	if (c->free_fn)
		c->free_fn(e->payload);
	tc_free(e);
}

static struct entry *find(struct rcache *c, const void *key, size_t klen, uint64_t h)
{
	for (struct entry *e = c->buckets[h & (c->n_buckets - 1)]; e; e = e->next_hash)
		if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

/* A newer counter: nothing cached can be served again. */
static void see_seq(struct rcache *c, int64_t seq)
{
	if (seq <= c->st.seq)
		return;
	while (c->tail) {
		c->st.drops++;
		remove_entry(c, c->tail);
	}
	c->st.seq = seq;
}

static struct pending **find_pending(struct rcache *c, const void *key, size_t klen, int64_t seq)
{
	struct pending **pp = &c->pending;
	while (*pp && ((*pp)->seq != seq || (*pp)->klen != klen || memcmp((*pp)->key, key, klen) != 0))
		pp = &(*pp)->next;
	return pp;
}

/* Ends the render of (key, seq), if one is pending, and wakes the waiters. */
static void end_pending(struct rcache *c, const void *key, size_t klen, int64_t seq)
{
	struct pending **pp = find_pending(c, key, klen, seq);
	struct pending *p = *pp;
	if (p == NULL)
		return;
	*pp = p->next;
	tc_free(p);
	pthread_cond_broadcast(&c->done);
}

/* Waits (lock held) until no render of (key, seq) is pending, at most
 * RCACHE_WAIT_S: a render that never ends must not hang its waiters. */
#define RCACHE_WAIT_S 10
static void wait_pending(struct rcache *c, const void *key, size_t klen, int64_t seq)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += RCACHE_WAIT_S;
	while (*find_pending(c, key, klen, seq) != NULL) {
		c->st.waits++;
		if (pthread_cond_timedwait(&c->done, &c->lock, &until) != 0)
			break;
	}
}

bool rcache_use(struct rcache *c, const void *key, size_t klen, int64_t seq,
		void (*use)(void *payload, void *ctx), void *ctx)
{
	if (c == NULL)
		return false;
	uint64_t h = fnv1a(key, klen);
	pthread_mutex_lock(&c->lock);
	see_seq(c, seq);
	wait_pending(c, key, klen, seq);
	see_seq(c, seq);
	struct entry *e = find(c, key, klen, h);
	bool hit = e != NULL && e->seq == seq;
	if (hit) {
		c->st.hits++;
		list_unlink(c, e);
		list_push_front(c, e);
		if (use)
			use(e->payload, ctx);
	} else {
		c->st.misses++;
		/* this caller renders; others asking the same wait for it */
		struct pending *p = *find_pending(c, key, klen, seq) == NULL
					    ? tc_malloc(sizeof *p + klen) : NULL;
		if (p) {
			p->seq = seq;
			p->klen = klen;
			memcpy(p->key, key, klen);
			p->next = c->pending;
			c->pending = p;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void rcache_abandon(struct rcache *c, const void *key, size_t klen, int64_t seq)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	end_pending(c, key, klen, seq);
	pthread_mutex_unlock(&c->lock);
}

bool rcache_put(struct rcache *c, const void *key, size_t klen, int64_t seq,
		void *payload, size_t bytes)
{
	if (c == NULL)
		return false;
	size_t charge = bytes + klen + sizeof(struct entry);
	struct entry *n = charge <= c->max_bytes ? tc_malloc(sizeof *n + klen) : NULL;
	pthread_mutex_lock(&c->lock);
	end_pending(c, key, klen, seq);
	see_seq(c, seq);
	if (n == NULL || seq < c->st.seq) {
		pthread_mutex_unlock(&c->lock);
		tc_free(n);
		if (c->free_fn)
			c->free_fn(payload);
		return false;
	}
	uint64_t h = fnv1a(key, klen);
	struct entry *old = find(c, key, klen, h);
	if (old)
		remove_entry(c, old);
	while (c->tail && (c->st.bytes + charge > c->max_bytes || c->st.entries + 1 > c->max_entries)) {
		c->st.evictions++;
		remove_entry(c, c->tail);
	}
	memset(n, 0, sizeof *n);
	n->hash = h;
	n->seq = seq;
	n->payload = payload;
	n->bytes = charge;
	n->klen = klen;
	memcpy(n->key, key, klen);
	size_t b = h & (c->n_buckets - 1);
	n->next_hash = c->buckets[b];
	c->buckets[b] = n;
	list_push_front(c, n);
	c->st.entries++;
	c->st.bytes += charge;
	pthread_mutex_unlock(&c->lock);
	return true;
}

void rcache_stats(struct rcache *c, struct rcache_stats *out)
{
	memset(out, 0, sizeof *out);
	out->seq = -1;
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	*out = c->st;
	pthread_mutex_unlock(&c->lock);
}

void rcache_free(struct rcache *c)
{
	if (c == NULL)
		return;
	while (c->tail)
		remove_entry(c, c->tail);
	while (c->pending) {
		struct pending *p = c->pending;
		c->pending = p->next;
		tc_free(p);
	}
	pthread_cond_destroy(&c->done);
	pthread_mutex_destroy(&c->lock);
	tc_free(c->buckets);
	tc_free(c);
}
