/* rulepages.h — the rule-set pages and their JSON API:
 *   GET /quy-tac                 list (optional ?q= filter on id and title)
 *   GET /quy-tac/{id}            criteria, indicators, sub-items with max,
 *                                kind, inputs, legal citation, confidence and
 *                                the "tạm tính" mark with its reason
 *   GET /api/v1/rulesets         [summary...]
 *   GET /api/v1/rulesets/{id}    the full rule set (app/rsjson.h shape)
 * Handlers read the registry from http_app() via pages_reg(). */
#ifndef TC_RULEPAGES_H
#define TC_RULEPAGES_H

#include "web/http.h"

void rulepages_list(struct http_req *req, struct http_resp *resp);
void rulepages_show(struct http_req *req, struct http_resp *resp);
void rulepages_api_list(struct http_req *req, struct http_resp *resp);
void rulepages_api_show(struct http_req *req, struct http_resp *resp);

#endif
