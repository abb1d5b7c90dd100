/* pilotdel.h — deleting pilot records that were entered by mistake: a task
 * of a plan (with its progress notes and files), an official, a training
 * session (with its attendee rows), an inspection visit, a pilot commune of
 * a plan, the plan's attached document.
 *
 * Pages (no JavaScript): GET <record>/xoa shows what will be deleted and a
 * POST form with the CSRF field; POST deletes and answers 303 to the list or
 * plan page with ?da-xoa=<kind>, which that page shows as a short notice
 * (pilotd_notice). JSON: DELETE /api/v1/tasks/{id}, /officials/{id},
 * /trainings/{id}, /inspections/{id}, /plans/{id}/pilots/{unit},
 * /plans/{id}/file → 200 {"deleted":kind,"id":…}; 409 {"error":…} when
 * refused. Gates are those of the record's edit. Owner: the pilot work. */
#ifndef TC_PILOTDEL_H
#define TC_PILOTDEL_H

#include <stdint.h>

#include "util/buf.h"
#include "web/http.h"

extern const struct http_route pilotd_routes[];

/* The "deleted" notice of ?da-xoa=<kind> (nothing for another value). */
void pilotd_notice(struct http_req *req, struct buf *b);
/* A "Xóa" button (a GET form, no JavaScript) to <prefix><id>/xoa; prefix
 * is a compile-time path such as "/nhiem-vu/". */
void pilotd_button(struct buf *b, const char *prefix, int64_t id);

#endif
