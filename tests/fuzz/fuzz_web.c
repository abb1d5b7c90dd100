/* libFuzzer harness for the web parsers (make fuzz): urlencoded forms,
 * cookies, multipart bodies and the HTML escapers, each over (data, len).
 * The first byte picks the parser; the rest is the input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/arena.h"
#include "web/form.h"
#include "web/html.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct arena *a = arena_new(16 << 20);
	struct tc_err err;
	struct form f;
	struct mp_part *parts;
	size_t np;
	struct buf b;
	switch (data[0] % 4) {
	case 0:
		form_parse_urlencoded(a, s, n, NULL, &f, &err);
		break;
	case 1:
		form_parse_cookies(a, s, n, &f, &err);
		break;
	case 2:
		mp_parse(a, "XyZ", s, n, NULL, &parts, &np, &err);
		break;
	default:
		buf_init(&b, 0);
		html_esc_text(&b, s, n);
		html_esc_attr(&b, s, n);
		html_esc_url(&b, s, n);
		html_esc_js(&b, s, n);
		buf_free(&b);
		break;
	}
	arena_free(a);
	return 0;
}
