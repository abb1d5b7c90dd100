/* admin.h — administrators' pages: accounts (/quan-tri/nguoi-dung: list,
 * create, disable, enable) and the audit log (/quan-tri/nhat-ky and
 * GET /api/v1/audit). Admin role only; every change needs the CSRF token
 * and is one store call, audited with the administrator as actor. */
#ifndef TC_ADMIN_H
#define TC_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "web/http.h"

extern const struct http_route admin_routes[];

/* Shared with adminpages.c, so every administrator page starts alike. */
struct form;
/* The administrator gate, the POST form and its CSRF token; false when the
 * response (401/403/400) has been written. */
bool admin_form(struct http_req *req, struct http_resp *resp, struct form *fm);
/* Starts an HTML page of the admin section with `status`; returns the body. */
struct buf *admin_page(struct http_resp *resp, int status, const char *title);

/* A store timestamp 'YYYY-MM-DDTHH:MM:SSZ' as Vietnam time (UTC+7)
 * "dd/mm/yyyy HH:MM"; "" for an unreadable one. Pure (unit-tested). */
void admin_time_vi(const char *ts, char out[17]);

/* What changed between two JSON snapshots, one "field: old → new" per
 * changed field, separated by "; " (plain text, for escaping by the
 * caller). Either side may be NULL (insert/delete: the other side's fields).
 * Non-object JSON is shown whole. */
void admin_diff(const char *before, const char *after, struct buf *out);

#endif
