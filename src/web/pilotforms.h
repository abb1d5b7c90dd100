/* pilotforms.h — create/edit pages and their JSON endpoints for the pilot
 * records that pilotpages.c lists: tasks (/nhiem-vu/{id}: detail, progress
 * notes with evidence files, edit; /ke-hoach/{id}/nhiem-vu: new), the plan's
 * document (/ke-hoach/{id}/tep), officials (/can-bo), training sessions
 * (/tap-huan/moi, /tap-huan/{id}) and inspection visits (/kiem-tra/moi,
 * /kiem-tra/{id}); API: GET/PATCH /api/v1/tasks/{id}, POST
 * /api/v1/tasks/{id}/files, POST /api/v1/plans/{id}/file, GET/PUT
 * /api/v1/officials, GET/PUT /api/v1/trainings, GET /api/v1/inspections.
 * Owner: the pilot work. */
#ifndef TC_PILOTFORMS_H
#define TC_PILOTFORMS_H

#include "util/buf.h"
#include "web/http.h"

struct store_plan;

extern const struct http_route pilotf_routes[];

/* The plan page's block: its attached document (download link, hash) and,
 * for writers, the upload form and the link to add a task. */
void pilotf_plan_file_block(struct http_req *req, struct buf *b, const struct store_plan *p);

#endif
