/* Fuzz target: JSON API request bodies (web/http http_json_body): a PUT
 * with Content-Type application/json and the input as body. Either a JSON
 * value comes back, or the response is a 400/413 error page; nothing else.
 * (The assessment PUT validation joins when the assessment API is in main.) */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/arena.h"
#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(16 << 20);
	if (a == NULL)
		return 0;
	struct http_req *req = http_req_new(a, "PUT", "/api/v1/x");
	struct http_resp *resp = http_resp_new(a);
	if (req != NULL && resp != NULL &&
	    http_req_add_header(req, "Content-Type", "application/json; charset=utf-8") == 0) {
		http_req_set_body(req, (const char *)data, size);
		json_t *j = http_json_body(req, resp);
		if (j != NULL) {
			char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
			free(s);
			json_decref(j);
		} else {
			int st = http_resp_status(resp);
			if (st != 400 && st != 413)
				__builtin_trap();
		}
	}
	http_resp_free(resp); /* the response body is on the heap */
	arena_free(a);
	return 0;
}
