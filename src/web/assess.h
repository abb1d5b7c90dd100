/* assess.h — the commune official's side of an assessment: the list of
 * my commune's assessments (/xa), the self-assessment form
 * (/danh-gia/{unit}/{year}), evidence files, sign-off and submission, and
 * the same operations as JSON under /api/v1/assessments (docs/API.md).
 *
 * Every write: session gate (commune role), CSRF token, unit scope, the
 * workflow (core/workflow.h: wf_allowed/wf_next) and the assessment's
 * version (optimistic lock, 409 when stale); all-or-nothing in one
 * transaction. Owner: assess.c. Routes: assess_routes (NULL-terminated).
 */
#ifndef TC_ASSESS_H
#define TC_ASSESS_H

#include "web/http.h"

extern const struct http_route assess_routes[];

#endif
