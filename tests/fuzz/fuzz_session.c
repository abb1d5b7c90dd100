/* Fuzz target: what a session cookie and login redirect go through before
 * any database look-up (web/session pure helpers): the Cookie header parse,
 * the stored-time parser and freshness check, and the next= redirect guard.
 * The input is "COOKIE-HEADER\nNEXT\nCREATED\nLAST_SEEN". */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/arena.h"
#include "web/form.h"
#include "web/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next '\n'-terminated piece of [*p, end) as an arena string. */
static char *piece(struct arena *a, const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = arena_alloc(a, n + 1);
	if (s != NULL) {
		memcpy(s, *p, n);
		s[n] = '\0';
	}
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1 << 20);
	if (a == NULL)
		return 0;
	const char *p = (const char *)data, *end = p + size;
	char *cookie = piece(a, &p, end), *next = piece(a, &p, end);
	char *created = piece(a, &p, end), *seen = piece(a, &p, end);
	struct tc_err err;
	struct form f;
	if (cookie && form_parse_cookies(a, cookie, strlen(cookie), &f, &err) == 0)
		(void)form_get(&f, WEB_SESSION_COOKIE);
	if (next && web_local_path(next) && (next[0] != '/' || next[1] == '/' || next[1] == '\\'))
		__builtin_trap(); /* an open redirect got through */
	if (created && seen) {
		int64_t t;
		/* Round trip for the times the store can hold (from 1970: before
		 * that, web_ts_format documents a fallback to the epoch). */
		if (web_ts_parse(created, &t) == 0 && t >= 0) {
			char back[21];
			web_ts_format(t, back);
			int64_t t2;
			if (web_ts_parse(back, &t2) != 0 || t2 != t)
				__builtin_trap();
		}
		(void)web_session_fresh(created, seen, 1767225600, 1800, 43200);
	}
	arena_free(a);
	return 0;
}
