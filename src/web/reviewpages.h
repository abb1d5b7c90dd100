/* reviewpages.h — the reviewer's side of an assessment: the queue of
 * dossiers (/tham-dinh), the per-indicator review of one dossier
 * (/tham-dinh/{unit}/{year}): reviewed scores and comments, return for a
 * supplement with its deadline, finishing the review, the commune's changes
 * since the last return and the public's objections; and the matching JSON
 * API (/api/v1/queue, /api/v1/assessments/{unit}/{year}/review|return).
 *
 * Roles (core/workflow.h): reviewing and returning are the reviewer's
 * (within their scope, web_scope); the queue and the dossier are also
 * readable by the council and administrators. */
#ifndef TC_REVIEWPAGES_H
#define TC_REVIEWPAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "web/http.h"

struct store;

/* Sends a stored file (evidence, minutes, a signed decision) as an
 * attachment of one of the accepted types (shared with councilpages.c). */
void reviewpages_send_file(struct http_req *req, struct http_resp *resp, struct store *st,
			   const char *sha256, const char *mime);

/* The latest return for a supplement (reason, date, deadline, notes) for the
 * commune's own dossier page; nothing if it was never returned. pending:
 * the dossier is still with the commune (shows "overdue" when late). */
void reviewpages_return_notice(struct buf *b, struct store *st, int64_t assessment_id,
			       bool pending);

/* NULL-terminated route table of this module. */
extern const struct http_route reviewpages_routes[];

#endif
