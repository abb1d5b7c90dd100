/* assets.h — static files compiled into the binary (files under web/static/), served at
 * /static/NAME with a content-derived ETag and Cache-Control; a matching
 * If-None-Match gets 304. */
#ifndef TC_ASSETS_H
#define TC_ASSETS_H

#include "web/http.h"

/* Handler for GET /static/{file}. */
void assets_serve(struct http_req *req, struct http_resp *resp);

#endif
