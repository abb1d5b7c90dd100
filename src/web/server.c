/* server.c — libmicrohttpd glue (see server.h). */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif

#include "util/mem.h"
#include "util/utf8.h"
#include "web/arena.h"
#include "web/pages.h"
#include "web/rcache.h"

struct srv {
	struct MHD_Daemon *d;
	struct srv_config cfg;
	const struct http_route *routes;
	void *app;
	atomic_int inflight;
	atomic_uint_fast64_t served; /* requests completed, for the idle trim */
	unsigned port;
	struct rcache *cache;  /* NULL: no response cache */
};

/* A cached response: libmicrohttpd reference-counts it, so one object is
 * queued on any number of connections; the cache holds the creation
 * reference and drops it on eviction (MHD frees it after the last send). */
struct cached {
	struct MHD_Response *r;
	size_t len;  /* body bytes, for the access log */
};

static void cached_free(void *p)
{
	struct cached *k = p;
	if (k == NULL)
		return;
	MHD_destroy_response(k->r);
	tc_free(k);
}

/* The request's cache key, when it may be answered from the cache. */
struct ckey {
	bool on;
	struct buf key;
	int64_t seq;
};

/* One per request; created on the first callback, freed in on_completed. */
struct rctx {
	struct arena *a;
	struct buf body;
	bool too_large;
	size_t discarded;  /* bytes of an oversized body thrown away */
};

void srv_config_default(struct srv_config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = "127.0.0.1:8080";
	c->threads = 4;
	c->conn_limit = 256;
	c->per_ip_limit = 32;
	c->timeout_s = 30;
	c->max_body = (size_t)60 << 20;
	c->session_idle_s = 30 * 60;
	c->session_max_s = 12 * 60 * 60;
	c->cache_bytes = (size_t)8 << 20;
}

/* "HOST:PORT" or "[V6]:PORT" into a sockaddr. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6,
			struct tc_err *err)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	size_t hl = colon ? (size_t)(colon - s) : 0;
	if (colon == NULL || hl == 0 || hl >= sizeof host)
		return tc_err_set(err, TC_EINPUT, "--listen '%s': expected HOST:PORT, e.g. 127.0.0.1:8080", s);
	memcpy(host, s, hl);
	host[hl] = '\0';
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 0 || port > 65535)
		return tc_err_set(err, TC_EINPUT, "--listen '%s': the port must be a number from 0 to 65535", s);
	memset(ss, 0, sizeof *ss);
	*v6 = host[0] == '[';
	if (*v6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		if (host[hl - 1] != ']')
			return tc_err_set(err, TC_EINPUT, "--listen '%s': an IPv6 address goes in brackets: [::1]:8080", s);
		host[hl - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return tc_err_set(err, TC_EINPUT, "--listen '%s': '%s' is not an IPv6 address", s, host + 1);
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return tc_err_set(err, TC_EINPUT, "--listen '%s': '%s' is not an IPv4 address "
				  "(names are not resolved; use 127.0.0.1 or 0.0.0.0)", s, host);
	return 0;
}

static bool text_ok(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && utf8_valid(s, n, NULL);
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
				  size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct http_req *req = cls;
	if (value == NULL)
		value = "";
	/* a header with a NUL byte cannot be represented; drop it */
	if (memchr(key, '\0', key_size) || memchr(value, '\0', value_size))
		return MHD_YES;
	http_req_add_header(req, key, value);
	return MHD_YES;
}

struct query_ctx {
	struct http_req *req;
	bool bad;
};

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
				 size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct query_ctx *q = cls;
	if (value == NULL) {
		value = "";
		value_size = 0;
	}
	if (!text_ok(key, key_size) || !text_ok(value, value_size) ||
	    http_req_add_query(q->req, key, value) != 0) {
		q->bad = true; /* the caller answers 400 */
		return MHD_NO;
	}
	return MHD_YES;
}

static void peer(struct MHD_Connection *c, char *ip, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	ip[0] = '\0';
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, (socklen_t)n);
}

static void log_line(const struct srv *s, struct http_req *req, int status, size_t len)
{
	if (s->cfg.quiet)
		return;
	/* the path is client data: no control characters into the log */
	char path[256];
	snprintf(path, sizeof path, "%s", http_path(req));
	for (char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = '?';
	fprintf(stderr, "%s %s %s %d %zu\n", http_peer_ip(req), http_method(req), path, status, len);
}

/* Only a 200 that sets no cookie is the same for everyone who asks. */
static bool storable(struct http_resp *resp)
{
	if (http_resp_status(resp) != 200)
		return false;
	for (size_t i = 0; i < http_resp_header_count(resp); i++) {
		const char *k, *v;
		http_resp_header_at(resp, i, &k, &v);
		if (strcasecmp(k, "Set-Cookie") == 0)
			return false;
	}
	return true;
}

/* resp as a libmicrohttpd response; `hit` marks the copy kept in the cache
 * (X-Cache: hit on every answer from it: tests and operators can tell). */
static struct MHD_Response *mhd_resp(struct http_resp *resp, bool hit)
{
	struct buf *b = http_out(resp);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		buf_len(b), (void *)(uintptr_t)buf_cstr(b), MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return NULL;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, http_resp_type(resp));
	for (size_t i = 0; i < http_resp_header_count(resp); i++) {
		const char *k, *v;
		http_resp_header_at(resp, i, &k, &v);
		MHD_add_response_header(r, k, v);
	}
	if (hit)
		MHD_add_response_header(r, "X-Cache", "hit");
	return r;
}

/* Offers resp (just sent) to the cache under ck. */
static void keep(struct srv *s, struct ckey *ck, struct http_resp *resp)
{
	if (ck == NULL || !ck->on || !storable(resp) || buf_failed(&ck->key))
		return;
	struct cached *k = tc_malloc(sizeof *k);
	if (k == NULL || (k->r = mhd_resp(resp, true)) == NULL) {
		tc_free(k);
		return;
	}
	k->len = buf_len(http_out(resp));
	rcache_put(s->cache, buf_cstr(&ck->key), buf_len(&ck->key), ck->seq, k, k->len + 1024);
	ck->on = false; /* put ended the pending render */
}

/* Sends resp (after http_finish) on c; logs one access line; offers it to
 * the cache when ck says the request may be cached. */
static enum MHD_Result send_resp(struct srv *s, struct MHD_Connection *c,
				 struct http_req *req, struct http_resp *resp, struct ckey *ck)
{
	http_finish(req, resp);
	struct MHD_Response *r = mhd_resp(resp, false);
	if (r == NULL) {
		http_resp_free(resp);
		return MHD_NO;
	}
	int status = http_resp_status(resp);
	log_line(s, req, status, buf_len(http_out(resp)));
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	if (ok == MHD_YES)
		keep(s, ck, resp);
	http_resp_free(resp);
	return ok;
}

struct hit {
	struct MHD_Connection *c;
	enum MHD_Result ok;
	size_t len;
};

static void queue_cached(void *payload, void *ctx)
{
	struct cached *k = payload;
	struct hit *h = ctx;
	h->ok = MHD_queue_response(h->c, MHD_HTTP_OK, k->r);
	h->len = k->len;
}

/* Answers from the cache if it can (true), else sets ck for send_resp. */
static bool from_cache(struct srv *s, struct MHD_Connection *c, struct http_req *req,
		       struct ckey *ck, enum MHD_Result *ok)
{
	if (s->cache == NULL || s->cfg.cache_key == NULL || strcmp(http_method(req), "GET") != 0)
		return false;
	if (!s->cfg.cache_key(req, &ck->key, &ck->seq) || buf_failed(&ck->key))
		return false;
	struct hit h = {c, MHD_NO, 0};
	if (rcache_use(s->cache, buf_cstr(&ck->key), buf_len(&ck->key), ck->seq, queue_cached, &h)) {
		log_line(s, req, 200, h.len);
		*ok = h.ok;
		return true;
	}
	ck->on = true;
	return false;
}

static bool request_secure(const struct srv *s, const struct http_req *req)
{
	if (s->cfg.secure_cookies)
		return true;
	const char *xfp = s->cfg.trust_proxy ? http_header(req, "X-Forwarded-Proto") : NULL;
	return xfp && strcasecmp(xfp, "https") == 0;
}

/* Builds the request from MHD's view of it and runs the routes. */
static enum MHD_Result handle(struct srv *s, struct rctx *x, struct MHD_Connection *c,
			      const char *url, const char *method)
{
	char ip[INET6_ADDRSTRLEN];
	peer(c, ip, sizeof ip);
	bool path_ok = text_ok(url, strlen(url));
	struct http_req *req = http_req_new(x->a, method, path_ok ? url : "/");
	struct http_resp *resp = http_resp_new(x->a);
	if (req == NULL || resp == NULL)
		return MHD_NO;
	http_req_set_app(req, s->app);
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, add_header, req);
	http_req_set_peer(req, ip, request_secure(s, req));
	struct query_ctx q = {req, false};
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, add_query, &q);
	if (!path_ok || q.bad)
		http_error(req, resp, 400, "Địa chỉ hoặc tham số truy vấn không hợp lệ: phải là văn bản "
			   "UTF-8, không có ký tự NUL, tối đa 1000 tham số.");
	else if (x->too_large)
		http_error(req, resp, 413, NULL);
	else {
		http_req_set_body(req, buf_cstr(&x->body), buf_len(&x->body));
		enum MHD_Result ok;
		struct ckey ck = {false, {0}, 0};
		buf_init(&ck.key, 8192);
		if (from_cache(s, c, req, &ck, &ok)) {
			buf_free(&ck.key);
			http_resp_free(resp);
			return ok;
		}
		http_dispatch(s->routes, req, resp);
		ok = send_resp(s, c, req, resp, &ck);
		if (ck.on) /* a miss whose answer was not stored: release the waiters */
			rcache_abandon(s->cache, buf_cstr(&ck.key), buf_len(&ck.key), ck.seq);
		buf_free(&ck.key);
		return ok;
	}
	return send_resp(s, c, req, resp, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct srv *s = cls;
	struct rctx *x = *con_cls;
	if (x == NULL) {
		x = tc_calloc(1, sizeof *x);
		if (x == NULL)
			return MHD_NO;
		x->a = arena_new(0);
		buf_init(&x->body, s->cfg.max_body);
		*con_cls = x;
		atomic_fetch_add(&s->inflight, 1);
		if (x->a == NULL)
			return MHD_NO; /* on_completed frees x */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(cl, &end, 10);
			x->too_large = errno != 0 || v > s->cfg.max_body;
		}
		/* refuse early: no 100-continue, the body is never read */
		if (x->too_large)
			return handle(s, x, c, url, method);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/* A body without Content-Length (chunked) can only be found too
		 * large while reading it. MHD cannot answer mid-upload, so the rest
		 * is discarded and 413 sent at the end — up to a limit, past which
		 * the connection is simply closed. */
		if (!x->too_large && buf_append(&x->body, upload, *upload_size) != 0) {
			x->too_large = true;
			buf_free(&x->body);
		}
		if (x->too_large) {
			x->discarded += *upload_size;
			if (x->discarded > s->cfg.max_body)
				return MHD_NO;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return handle(s, x, c, url, method);
}

/* The one place where a request's memory is freed. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)c;
	(void)toe;
	struct srv *s = cls;
	struct rctx *x = *con_cls;
	if (x == NULL)
		return;
	buf_free(&x->body);
	arena_free(x->a);
	tc_free(x);
	*con_cls = NULL;
	atomic_fetch_add(&s->served, 1);
	atomic_fetch_sub(&s->inflight, 1);
}

/* MHD's unescaping, but a decoded NUL byte (%00) makes the whole string
 * invalid UTF-8 instead of silently cutting it short: the URL arrives as a
 * C string, so "/static/app.css%00.txt" would otherwise be served as
 * "/static/app.css". text_ok() then answers 400 (path and query alike). */
static size_t unescape_strict(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	size_t n = MHD_http_unescape(s);
	if (memchr(s, '\0', n) != NULL) {
		s[0] = (char)0xFF;
		s[1] = '\0';
		return 1;
	}
	return n;
}

struct srv *srv_start(const struct srv_config *cfg, const struct http_route *routes,
		      void *app, struct tc_err *err)
{
	struct sockaddr_storage ss;
	bool v6 = false;
	if (parse_listen(cfg->listen, &ss, &v6, err) != 0)
		return NULL;
	struct srv *s = tc_calloc(1, sizeof *s);
	if (s == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory starting the server");
		return NULL;
	}
	s->cfg = *cfg;
	s->routes = routes;
	s->app = app;
	atomic_init(&s->inflight, 0);
	atomic_init(&s->served, 0);
	if (cfg->cache_bytes && cfg->cache_key) {
		/* entries: a page is rarely under 2 KiB */
		s->cache = rcache_new(cfg->cache_bytes, cfg->cache_bytes / 2048 + 16, cached_free);
		if (s->cache == NULL) {
			tc_free(s);
			tc_err_set(err, TC_ENOMEM, "out of memory creating the response cache "
				   "(lower --cache-mb)");
			return NULL;
		}
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
		/* libmicrohttpd 0.9.75 zeroes a connection's whole pool before
		 * every request on a kept-alive connection: 64 KiB made that memset
		 * 16% of a cached page's CPU. 32 KiB (MHD's default) still takes
		 * request headers of up to ~16 KiB; bodies stream through it. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_strict, NULL,
		MHD_OPTION_END);
	if (s->d == NULL) {
		tc_err_set(err, TC_EIO, "cannot listen on %s (address in use, or not allowed?); "
			   "choose another with --listen HOST:PORT", cfg->listen);
		rcache_free(s->cache);
		tc_free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	return s;
}

unsigned srv_port(const struct srv *s)
{
	return s->port;
}

void srv_stop(struct srv *s, unsigned grace_s)
{
	if (s == NULL)
		return;
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	struct timespec step = {0, 20 * 1000 * 1000};
	for (unsigned i = 0; i < grace_s * 50 && atomic_load(&s->inflight) > 0; i++)
		nanosleep(&step, NULL);
	MHD_stop_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	rcache_free(s->cache);
	tc_free(s);
}

/* Between bursts, give freed memory back to the system. A burst of a
 * thousand connections leaves their 32 KiB pools and response buffers in
 * the allocator's free lists; without a trim the resident size stays
 * wherever the last burst left it (it moved by 7% from one wrk run to the
 * next), which wastes memory on a small shared machine and hides a real
 * leak in the noise (tests/soak.sh measures RSS after this trim). Called
 * once a second: trims once after a full second in which no request
 * completed, no connection came or went and none is in flight; never
 * while serving. */
struct idle {
	uint_fast64_t served;
	unsigned conns;
	bool dirty;
};

static void trim_when_idle(struct srv *s, struct idle *w)
{
	uint_fast64_t served = atomic_load(&s->served);
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	unsigned conns = di ? di->num_connections : 0;
	if (served != w->served || conns != w->conns) {
		w->served = served;
		w->conns = conns;
		w->dirty = true;
		return;
	}
	if (!w->dirty || atomic_load(&s->inflight) > 0)
		return;
	w->dirty = false;
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* Waits for SIGTERM or SIGINT (blocked in every thread), trimming memory
 * when idle; returns the signal. */
static int wait_for_stop(struct srv *s, const sigset_t *set)
{
	struct idle w = {0, 0, false};
	for (;;) {
		struct timespec tick = {1, 0};
		int sig = sigtimedwait(set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			return sig;
		trim_when_idle(s, &w); /* timeout (EAGAIN) or EINTR */
	}
}

int srv_run(const struct srv_config *cfg, struct tc_err *err)
{
	/* Block the signals before MHD starts its threads, so they inherit the
	 * mask and only sigwait() below sees SIGTERM/SIGINT. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct pages_app *app = pages_app_new(cfg, err);
	if (app == NULL)
		return -1;
	struct srv_config c2 = *cfg;
	c2.cache_key = pages_cache_key;
	struct srv *s = srv_start(&c2, pages_routes(), app, err);
	if (s == NULL) {
		pages_app_free(app);
		return -1;
	}
	char host[64];
	const char *colon = strrchr(cfg->listen, ':');
	snprintf(host, sizeof host, "%.*s", (int)(colon - cfg->listen), cfg->listen);
	printf("tiepcan: listening on http://%s:%u/\n", host, srv_port(s));
	fflush(stdout);
	int sig = wait_for_stop(s, &set);
	fprintf(stderr, "tiepcan serve: %s received, finishing requests in progress\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	srv_stop(s, 10);
	pages_app_free(app);
	return 0;
}
