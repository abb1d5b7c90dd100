/* server.h — the HTTP server: libmicrohttpd underneath, http.h on top.
 *
 * One internal polling thread per core-ish (MHD thread pool over epoll),
 * per-connection timeout, a global and a per-IP connection limit, and a cap
 * on request bodies (larger bodies get 413 before they are read). Each
 * request gets an arena (arena.h) created on its first callback and freed in
 * exactly one place: the MHD_OPTION_NOTIFY_COMPLETED callback.
 *
 * Anonymous public GET requests may be answered from a response cache that
 * every committed write invalidates (srv_config.cache_key, rcache.h).
 *
 * Shutdown is graceful: srv_stop() stops accepting (MHD_quiesce_daemon),
 * waits for in-flight requests to finish (up to a grace period), then stops.
 */
#ifndef TC_SERVER_H
#define TC_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "web/http.h"

struct srv_config {
	const char *listen;     /* "127.0.0.1:8080", "[::1]:8080"; port 0 = any free port */
	const char *db_path;    /* for the store, later; may be NULL */
	const char *rules_dir;  /* extra rule sets; may be NULL */
	unsigned threads;       /* thread pool size */
	unsigned conn_limit;    /* simultaneous connections */
	unsigned per_ip_limit;  /* simultaneous connections from one address */
	unsigned timeout_s;     /* idle connection timeout */
	size_t max_body;        /* request body cap in bytes */
	bool secure_cookies;    /* served over TLS: always mark cookies Secure */
	bool trust_proxy;       /* honour X-Forwarded-Proto: https from the proxy */
	bool quiet;             /* no access log on stderr */
	unsigned session_idle_s; /* sign out after this long without a request (1800) */
	unsigned session_max_s;  /* sign out this long after signing in (43200) */
	/* Response cache (rcache.h): at most cache_bytes of rendered responses
	 * (0: none). Used only when cache_key is set: for a GET request it may
	 * answer from the cache, it fills key (bytes naming the response) and
	 * *seq (the store's change counter) and returns true. `tiepcan serve`
	 * sets it to pages_cache_key. A cached response is only a 200 without
	 * Set-Cookie, served again byte for byte. */
	size_t cache_bytes;
	bool (*cache_key)(struct http_req *req, struct buf *key, int64_t *seq);
};

void srv_config_default(struct srv_config *c);

struct srv;  /* opaque */

/* Starts serving `routes` (a table that must outlive the server) with `app`
 * handed to every handler (http_app). Caller stops with srv_stop(). */
struct srv *srv_start(const struct srv_config *cfg, const struct http_route *routes,
		      void *app, struct tc_err *err);
/* The port actually bound (useful with port 0). */
unsigned srv_port(const struct srv *s);
/* Stops accepting, waits up to grace_s seconds for in-flight requests,
 * stops the daemon and frees s. */
void srv_stop(struct srv *s, unsigned grace_s);

/* `tiepcan serve`: loads the rule sets, starts the server with the pages'
 * routes and their response cache (pages_cache_key), prints "tiepcan: listening on http://HOST:PORT/" on stdout, waits
 * for SIGTERM or SIGINT, shuts down gracefully. Returns 0 on a clean stop. */
int srv_run(const struct srv_config *cfg, struct tc_err *err);

#endif
