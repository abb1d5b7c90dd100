/* rcache.h — a bounded, thread-safe LRU cache of rendered responses, keyed
 * by bytes and a store change counter.
 *
 * Why: public pages (dashboard, results, a commune's sheet, rule sets) are a
 * pure function of the request, the committed data and the day; rendering
 * them takes from 0.1 ms to 0.4 s on the national data. `tiepcan serve`
 * keeps the rendered response and serves it again until the data changes.
 *
 * Liveness: every entry carries the store's change counter (store.h,
 * store_change_seq) read at the start of the request that rendered it, and
 * a lookup names the counter its own request just read; only an entry with
 * exactly that counter is served. The counter grows inside every committed
 * write transaction, so the first request after a commit (here or on another
 * server sharing the database) never sees a page rendered before it. There
 * is no time-based expiry. Seeing a newer counter drops every entry at once
 * (they can never be served again).
 *
 * Who decides what may be cached (only responses that do not depend on who
 * asks) is the caller's business: see pages_cache_key() in pages.h.
 *
 * Payloads are opaque (the server stores libmicrohttpd responses); the cache
 * frees them with the function given to rcache_new, under its lock, when an
 * entry is evicted, replaced or dropped, or with the cache.
 */
#ifndef TC_RCACHE_H
#define TC_RCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rcache; /* opaque; every function is safe from several threads */

typedef void (*rcache_free_fn)(void *payload);

/* A cache holding at most max_bytes (payload sizes as given to rcache_put,
 * plus the keys) in at most max_entries entries. NULL if out of memory or a
 * limit is 0. */
struct rcache *rcache_new(size_t max_bytes, size_t max_entries, rcache_free_fn free_fn);
/* Frees every payload and the cache. NULL is fine. */
void rcache_free(struct rcache *c);

/* If an entry for key has counter seq, calls use(payload, ctx) under the
 * cache's lock (the payload stays valid during the call only), marks it most
 * recently used and returns true. Otherwise returns false (a miss): the
 * caller renders the response and MUST then call rcache_put (to store it)
 * or rcache_abandon (not storable) with the same key and seq, because
 * other callers asking for the same (key, seq) meanwhile wait for that
 * render (at most 10 s) instead of rendering it again. A seq newer than any
 * seen before drops every entry first. */
bool rcache_use(struct rcache *c, const void *key, size_t klen, int64_t seq,
		void (*use)(void *payload, void *ctx), void *ctx);

/* After a miss: the response will not be stored; wakes the waiters (one of
 * them renders it in turn). Harmless when nothing is pending. */
void rcache_abandon(struct rcache *c, const void *key, size_t klen, int64_t seq);

/* Stores payload (of `bytes` bytes) for (key, seq), replacing any entry for
 * key, evicting least recently used entries to stay within the limits.
 * Takes ownership of payload in every case: when it is not stored (larger
 * than the whole cache, seq older than the newest seen, out of memory) it is
 * freed at once. Ends a pending render of (key, seq) and wakes its
 * waiters. Returns true if stored. */
bool rcache_put(struct rcache *c, const void *key, size_t klen, int64_t seq,
		void *payload, size_t bytes);

struct rcache_stats {
	size_t entries, bytes;       /* now */
	uint64_t hits, misses;       /* lookups so far */
	uint64_t evictions, drops;   /* entries pushed out by the limits / by a newer seq */
	uint64_t waits;              /* times a lookup waited for a render under way */
	int64_t seq;                 /* newest counter seen (-1: none) */
};
void rcache_stats(struct rcache *c, struct rcache_stats *out);

#endif
