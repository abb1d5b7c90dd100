/* Regression tests for bugs found by the fuzz targets and the hardening
 * suites (the crashing inputs are also in tests/fuzz/regressions/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "util/utf8.h"
#include "web/arena.h"
#include "web/http.h"

/* fuzz_json_body: a bad \u escape followed by invalid UTF-8 made jansson's
 * error text invalid UTF-8, the JSON error response could not be encoded
 * and the client got 500 instead of 400. */
static void test_json_body_bad_escape_invalid_utf8(void **state)
{
	(void)state;
	static const char body[] = "[1,\"x\\u0\xD0\x96" "1\"]";
	struct arena *a = arena_new(0);
	assert_non_null(a);
	struct http_req *req = http_req_new(a, "PUT", "/api/v1/x");
	struct http_resp *resp = http_resp_new(a);
	assert_int_equal(http_req_add_header(req, "Content-Type", "application/json"), 0);
	/* one byte of the two-byte sequence only: invalid UTF-8 */
	http_req_set_body(req, body, sizeof body - 3);
	assert_null(http_json_body(req, resp));
	assert_int_equal(http_resp_status(resp), 400);
	/* the whole body is still usable as JSON, with a message */
	http_req_set_body(req, "{\"a\":\xFF}", 7);
	assert_null(http_json_body(req, resp));
	assert_int_equal(http_resp_status(resp), 400);
	http_resp_free(resp);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_body_bad_escape_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
