/* councilpages.h — the evaluation council and the recognition decision:
 * /hoi-dong (meetings: members with roles, each member's opinion per
 * dossier, the quorum check, the outcome per dossier, the minutes file) and
 * /quyet-dinh (number, date, signer, the signed file, recognised / not
 * recognised with reasons per dossier); JSON API /api/v1/councils...,
 * /api/v1/assessments/{unit}/{year}/council and /api/v1/decisions.
 *
 * Roles (core/workflow.h): meetings and outcomes by the reviewer (the
 * council's secretariat) or the council; opinions by the council or the
 * reviewer recording them; decisions by the reviewer or an administrator.
 * Everything within the user's scope (web_scope). */
#ifndef TC_COUNCILPAGES_H
#define TC_COUNCILPAGES_H

#include "web/http.h"

extern const struct http_route councilpages_routes[];

#endif
