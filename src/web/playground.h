/* playground.h — /tinh-diem, the score playground: pick a rule set, fill in
 * the figures of each indicator, get points, explanations and the verdict,
 * all computed on the server (GET shows the form, POST computes; no
 * JavaScript needed, nothing is stored). */
#ifndef TC_PLAYGROUND_H
#define TC_PLAYGROUND_H

#include "web/http.h"

void play_get(struct http_req *req, struct http_resp *resp);
void play_post(struct http_req *req, struct http_resp *resp);

#endif
