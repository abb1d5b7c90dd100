/* Fuzz target: the HTML/attribute/URL/JS escapers (web/html). The form,
 * cookie and multipart parsers have their own targets (fuzz_form_urlencoded,
 * fuzz_cookie, fuzz_multipart). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf b;
	buf_init(&b, 0);
	html_esc_text(&b, s, size);
	html_esc_attr(&b, s, size);
	html_esc_url(&b, s, size);
	html_esc_js(&b, s, size);
	buf_free(&b);
	return 0;
}
