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
 * for writers, the upload form (msg: a refused upload's message next to the
 * file field, or NULL) and the links to add a task or a pilot commune. */
void pilotf_plan_file_block(struct http_req *req, struct buf *b, const struct store_plan *p,
			    const char *msg);

/* The record of the {id} in the path, shared with the delete pages
 * (pilotdel.c) so both answer alike: 0, or -1 with the answer sent.
 * task: 404 unknown, then the plan's writer gate (pilotp_plan_for_write);
 * official, training: 404 unknown, 403 outside the user's scope;
 * inspection: 404 unknown, then web_gate_unit on its commune and year. */
struct store;
struct store_plan_task;
struct store_official;
struct store_training;
struct store_inspection;
int pilotf_task_for_write(struct http_req *req, struct http_resp *resp, struct store *st,
			  struct store_plan_task *t, struct store_plan *p);
int pilotf_official_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct store_official *o);
int pilotf_training_open(struct http_req *req, struct http_resp *resp, struct store *st,
			 struct store_training *t);
int pilotf_insp_open(struct http_req *req, struct http_resp *resp, struct store *st,
		     struct store_inspection *in);

#endif
