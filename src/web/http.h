/* http.h — requests, responses and routing, independent of libmicrohttpd.
 *
 * server.c turns an MHD connection into a struct http_req (method, path,
 * query, headers, body — all in the request arena), calls http_dispatch(),
 * and sends the struct http_resp it gets back. Keeping MHD out of this module
 * lets unit tests drive routing and error pages without a socket.
 *
 * Responses are buffered: a handler builds the whole body in the response's
 * struct buf (html_printf for HTML, http_json for JSON) and returns; nothing
 * is sent until it is done, so a handler that fails half-way can still turn
 * the page into a clean error. http_finish() adds the security headers that
 * EVERY response carries (see http.c: CSP without inline scripts, nosniff,
 * Referrer-Policy, frame denial, Permissions-Policy).
 *
 * Owner: requests and responses live in the request arena; the response body
 * buffer is freed by http_resp_free() (called by the server when it is done).
 */
#ifndef TC_HTTP_H
#define TC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"
#include "web/arena.h"
#include "web/form.h"

struct http_req;   /* opaque */
struct http_resp;  /* opaque */

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

/* "GET" also answers HEAD. Pattern segments "{name}" match one non-empty
 * path segment, read with http_param(). A table ends with {NULL, NULL, NULL}. */
struct http_route {
	const char *method;
	const char *pattern;
	http_handler fn;
};

#define HTTP_MAX_BODY_HTML ((size_t)8 << 20)
#define HTTP_MAX_QUERY 1000   /* query parameters per request */

/* --- building a request (server.c and tests) --------------------------- */
struct http_req *http_req_new(struct arena *a, const char *method, const char *path);
/* -1 when out of memory or past HTTP_MAX_QUERY parameters. */
int http_req_add_query(struct http_req *r, const char *name, const char *value);
int http_req_add_header(struct http_req *r, const char *name, const char *value);
void http_req_set_body(struct http_req *r, const char *data, size_t len);
/* secure: the client reached us over TLS (directly or via a trusted proxy). */
void http_req_set_peer(struct http_req *r, const char *ip, bool secure);
void http_req_set_app(struct http_req *r, void *app);
/* One per-request pointer for the session layer (session.c caches the
 * request's user there so the cookie is looked up once); NULL until set. */
void http_req_set_local(struct http_req *r, void *p);
void *http_req_local(const struct http_req *r);

/* --- reading a request (handlers) --------------------------------------- */
struct arena *http_arena(const struct http_req *r);
void *http_app(const struct http_req *r);
const char *http_method(const struct http_req *r);
const char *http_path(const struct http_req *r);
const char *http_param(const struct http_req *r, const char *name); /* route {name} */
const struct form *http_query(const struct http_req *r);
const char *http_header(const struct http_req *r, const char *name); /* case-insensitive */
const char *http_cookie(struct http_req *r, const char *name);
const char *http_peer_ip(const struct http_req *r);
bool http_secure(const struct http_req *r);
const char *http_body(const struct http_req *r, size_t *len);
bool http_is_api(const struct http_req *r);  /* path under /api/ */
/* True if the Content-Type's media type is `type` (parameters ignored). */
bool http_content_type_is(const struct http_req *r, const char *type);
/* Parses an application/x-www-form-urlencoded body; wrong Content-Type or a
 * bad body is TC_EINPUT with a Vietnamese message. */
int http_form(struct http_req *r, struct form *out, struct tc_err *err);

/* Reads a JSON request body (Content-Type application/json, UTF-8, at most
 * 1 MiB, no duplicate keys). On failure writes the error response itself
 * (415 wrong type, 400 bad JSON with the line and column) and returns NULL:
 *     json_t *j = http_json_body(req, resp); if (j == NULL) return;
 * Caller owns the returned reference (json_decref). */
json_t *http_json_body(struct http_req *req, struct http_resp *resp);

/* --- responses ----------------------------------------------------------- */
struct http_resp *http_resp_new(struct arena *a);
void http_resp_free(struct http_resp *resp);
struct buf *http_out(struct http_resp *resp);   /* the body being built */
void http_status(struct http_resp *resp, int status);
void http_type(struct http_resp *resp, const char *content_type); /* static string */
int http_add_header(struct http_resp *resp, const char *name, const char *value);
/* Sets a cookie with HttpOnly; SameSite=Strict; Path=/ and Secure when the
 * request is secure. max_age < 0: session cookie; 0 deletes it. */
int http_set_cookie(struct http_req *req, struct http_resp *resp, const char *name,
		    const char *value, long max_age);
/* Serialises j as the JSON body (steals the reference). */
void http_json(struct http_resp *resp, int status, json_t *j);
/* A complete error response: Vietnamese HTML page, or JSON
 * {"error":{"status":N,"message":"..."}} under /api/. msg may be NULL. */
void http_error(struct http_req *req, struct http_resp *resp, int status, const char *msg);
/* Maps an error code to a status and calls http_error with err->msg. */
void http_error_from(struct http_req *req, struct http_resp *resp, const struct tc_err *err);
const char *http_reason_vi(int status);

/* --- dispatch and finishing ------------------------------------------------ */
/* Runs the matching route; 404 if no pattern matches, 405 (with Allow) if
 * the path matches but not the method; 403 for a state-changing method
 * (anything but GET/HEAD/OPTIONS) whose Origin header names another site
 * (defence in depth next to SameSite cookies and CSRF tokens); 500 if the
 * handler used a rejected
 * html_printf format or its body buffer failed. Always leaves a complete
 * response. */
void http_dispatch(const struct http_route *routes, struct http_req *req,
		   struct http_resp *resp);
/* The request http_dispatch is running on this thread, or NULL outside it
 * (lets the page frame show who is signed in without every page passing
 * the request down). */
struct http_req *http_current(void);

/* Adds the security headers and defaults; call once before sending. */
void http_finish(struct http_req *req, struct http_resp *resp);

int http_resp_status(const struct http_resp *resp);
const char *http_resp_type(const struct http_resp *resp);
size_t http_resp_header_count(const struct http_resp *resp);
void http_resp_header_at(const struct http_resp *resp, size_t i, const char **name,
			 const char **value);

#endif
