/* pilotpages.h — pilot models and programme management on the web (issue 5):
 * plans (/ke-hoach), duty assignment (/phan-cong/{unit}/{year}), trainings
 * (/tap-huan), inspections (/kiem-tra), the deadlines calendar (/lich) and
 * the JSON API under /api/v1/plans, /api/v1/tasks, /api/v1/duties,
 * /api/v1/trainings, /api/v1/inspections, /api/v1/officials.
 *
 * Dates in JSON are ISO 'yyyy-mm-dd'; pages show dd/mm/yyyy and accept
 * either. "Today" is TIEPCAN_NOW (yyyy-mm-dd, for tests) or the real date in
 * Vietnam (UTC+7).
 */
#ifndef TC_PILOTPAGES_H
#define TC_PILOTPAGES_H

#include "web/http.h"

extern const struct http_route pilotp_routes[];

/* Today as yyyy-mm-dd (TIEPCAN_NOW if set and valid). */
void pilotp_today(char out[11]);
/* 1 if a task due on `deadline` with `status` is overdue on `today`. */
int pilotp_overdue(const char *deadline, const char *status, const char *today);

/* Shared with pilotforms.c (the create/edit pages and their API). */
struct buf;
struct store;
struct store_plan;
struct web_user;
/* Starts an HTML page in the plans section; returns the body buffer. */
struct buf *pilotp_page(struct http_resp *resp, int status, const char *title);
/* A labelled text input; the message next to it when bad == id. */
void pilotp_input(struct buf *b, const char *id, const char *label, const char *value,
		  const char *bad, const char *msg);
void pilotp_field_err(struct buf *b, const char *id, const char *bad, const char *msg);
void pilotp_vn_date(const char *iso, char out[11]);         /* "" if not a date */
int pilotp_iso_date(const char *s, char out[11]);           /* either form; -1 if bad */
int64_t pilotp_id(const char *s);                           /* 0 if not a positive id */
int pilotp_year(const char *s);                             /* 0 if not 2000..2100 */
/* The plan if the user may change it, else 404/403 sent and -1. */
int pilotp_plan_for_write(struct http_req *req, struct http_resp *resp, struct store *st,
			  int64_t id, struct store_plan *p);
/* The signed-in user's province ("" for an administrator). */
/* 0 if `unit` is empty or a commune of p's province in p's year; else -1
 * with *bad = "unit" and a message for the user. */
int pilotp_task_unit_ok(struct store *st, const struct store_plan *p, const char *unit,
			const char **bad, const char **msg);
void pilotp_user_province(struct store *st, const struct web_user *u, char out[4]);
const char *pilotp_status_vi(const char *status);
const char *pilotp_group_vi(int group);
/* The plan page of the {id} in the path (404 if not in scope); file_msg: a
 * refused upload's message, shown next to the file field (NULL = none). */
void pilotp_plan_page(struct http_req *req, struct http_resp *resp, int status,
		      const char *file_msg);
/* 400 JSON {"error":{"status","message","field"}}. */
void pilotp_api_bad(struct http_resp *resp, const char *field, const char *msg);

/* The POST body as a form whose CSRF token matches the session's: 0, or -1
 * with the error response (400/413/403...) already written. */
struct form;
int pilotp_post_form(struct http_req *req, struct http_resp *resp, struct form *f);
/* 303 to prefix, id, suffix ("/can-bo/", 7, "/sua"). */
void pilotp_see_other(struct http_resp *resp, const char *prefix, int64_t id,
		      const char *suffix);
/* The end of a write: rc != 0 answers the store error in *err, else 303 to
 * prefix + id. Call it after the store call, not with it as an argument
 * (id is often filled by that call). */
void pilotp_saved(struct http_req *req, struct http_resp *resp, int rc,
		  const struct tc_err *err, const char *prefix, int64_t id);

#endif
