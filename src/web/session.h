/* session.h — who is asking, and may they: the contract every handler uses.
 *
 * Implemented by session.c (sessions kept in the store, never in a process,
 * so several app servers can share one database). Every handler that is not
 * public starts with a gate:
 *
 *     static void h_assessment_put(struct http_req *req, struct http_resp *resp)
 *     {
 *         if (!web_gate_role(req, resp, WEB_ROLES(WF_ROLE_COMMUNE)) ||
 *             !web_gate_csrf(req, resp, NULL) ||
 *             !web_gate_unit(req, resp, unit, year))
 *             return;            // the gate wrote 401/403 (or a login redirect)
 *         struct store *st = web_store(req, resp);
 *         if (st == NULL)
 *             return;            // 500 written
 *         ...
 *
 * Scoping is enforced twice: by the gates here and by the store queries,
 * which take web_scope(req) so that a commune official's query cannot return
 * another commune's rows.
 */
#ifndef TC_SESSION_H
#define TC_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/workflow.h"
#include "store/store.h"
#include "util/buf.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/http.h"

/* Bit set of roles for web_gate_role: WEB_ROLES(WF_ROLE_REVIEWER) | ... */
#define WEB_ROLES(r) (1u << (r))
#define WEB_ROLES_ANY 0xFu

/* The logged-in user of this request (read-only; lives in the request arena). */
struct web_user {
	int64_t id;
	char username[65];
	char display_name[128];
	enum wf_role role;          /* commune, reviewer, council, admin */
	struct store_scope scope;   /* commune: its unit; reviewer: province/district */
	int64_t official_id;        /* 0 = none */
	char csrf[AUTH_TOKEN_LEN + 1]; /* this session's CSRF token */
};

/* This request's store connection: one per server worker thread, opened on
 * first use and closed when the thread ends (a connection is never shared
 * between threads). On failure writes a 500 (or 503 when the database is
 * locked/unavailable, with a Vietnamese message) and returns NULL. */
struct store *web_store(struct http_req *req, struct http_resp *resp);
/* The same connection for a read that must not answer the request itself
 * (pages.c checks the rule-set generation with it): NULL, and no response
 * written, when there is no database or it cannot be opened. */
struct store *web_store_quiet(struct http_req *req);

/* The logged-in user, or NULL for the public. The session cookie is looked
 * up once per request; idle and absolute expiry are enforced there. */
const struct web_user *web_user(struct http_req *req);

/* Gates: true = go on. false = the gate has written the whole response and
 * the handler must return at once.
 * - login: 401 (JSON under /api/, else a redirect to /dang-nhap?next=...);
 * - role: login + 403 when the user's role is not in `roles`;
 * - unit: 403 when the unit (a commune code, as of `year`) is outside the
 *   user's scope (admin: everything); 404 when it does not exist that year;
 * - csrf: for every state-changing request: the token in the form field
 *   "csrf" (pass the parsed form) or the X-CSRF-Token header (form NULL)
 *   must equal the session's; else 403 and nothing changes. */
bool web_gate_login(struct http_req *req, struct http_resp *resp);
bool web_gate_role(struct http_req *req, struct http_resp *resp, unsigned roles);
bool web_gate_unit(struct http_req *req, struct http_resp *resp, const char *unit_code,
		   int year);
bool web_gate_csrf(struct http_req *req, struct http_resp *resp, const struct form *form);

/* The scope to pass to store list/get functions: the user's scope, or NULL
 * (no restriction) for an admin. Public pages pass their own scope. */
const struct store_scope *web_scope(struct http_req *req);

/* Writes <input type="hidden" name="csrf" value="..."> for the session's
 * token (nothing for the public). */
void web_csrf_field(struct http_req *req, struct buf *out);

/* ---- Additions (webauth) ------------------------------------------------ */

/* The session cookie's name. */
#define WEB_SESSION_COOKIE "tiepcan_sid"

/* Writes the response for a failed store call: 503 with a Vietnamese
 * "try again" message (and Retry-After) when the database is locked or
 * unavailable, else as http_error_from. */
void web_store_error(struct http_req *req, struct http_resp *resp, const struct tc_err *err);

/* Signs `u` in: ends the request's current session if any, creates a new
 * one (a new random id every time: no session fixation), sets the cookie.
 * Afterwards web_user(req) is the new user. Returns the new user, or NULL
 * after writing an error response. */
const struct web_user *web_session_start(struct http_req *req, struct http_resp *resp,
					 const struct store_user *u);
/* Signs out: deletes the request's session from the store and clears the
 * cookie. 0, or -1 after writing an error response. */
int web_session_end(struct http_req *req, struct http_resp *resp);

/* Role names in Vietnamese for the UI ("Cán bộ xã", ...). */
const char *web_role_label(enum wf_role r);

/* ---- Pure helpers (unit-tested without a socket) ------------------------ */

/* Unix seconds <-> the store's 'YYYY-MM-DDTHH:MM:SSZ'. parse: 0 or -1. */
void web_ts_format(int64_t t, char out[21]);
int web_ts_parse(const char *s, int64_t *out);
/* The session is still valid at `now`: seen less than idle_s ago and
 * started less than max_s ago (unparseable times: not valid). */
bool web_session_fresh(const char *created, const char *last_seen, int64_t now,
		       unsigned idle_s, unsigned max_s);
/* true if s is a safe local redirect target: starts with one '/', is not
 * "//..." or "/\...", has no control characters or backslashes, and is at
 * most 1000 bytes. Anything else must not be used as next=. */
bool web_local_path(const char *s);

#endif
