/* form.h — parsers for application/x-www-form-urlencoded bodies and query
 * strings, and for the Cookie header.
 *
 * Each parser works over (data, len) — no NUL terminator needed, no global
 * state — so it can be unit-tested and fuzzed directly. Results are allocated
 * in the request arena (see arena.h): nothing to free. Fields keep their order
 * and duplicates are kept (form_get returns the first; form_get_unique
 * refuses a duplicated name so a handler never silently picks one).
 *
 * Limits are checked before anything is kept; on failure err says which
 * field and why (messages in Vietnamese: they reach the user as a 400 page).
 */
#ifndef TC_FORM_H
#define TC_FORM_H

#include <stddef.h>

#include "util/err.h"
#include "web/arena.h"

struct form_field {
	const char *name;   /* decoded, NUL-terminated, valid UTF-8 */
	const char *value;  /* decoded, NUL-terminated, valid UTF-8 */
	size_t len;         /* strlen(value) */
};

/* Read-only result; owned by the arena. */
struct form {
	const struct form_field *f;
	size_t n;
};

struct form_limits {
	size_t max_fields;    /* default 1000 */
	size_t max_name;      /* bytes after decoding; default 256 */
	size_t max_value;     /* bytes after decoding; default 1 MiB */
};

/* Fills defaults for zero members. */
void form_limits_default(struct form_limits *lim);

/* "a=1&b=x+y&c=%C3%A1": '+' is a space, %XX is a byte; a bad %-escape,
 * a decoded NUL byte or invalid UTF-8 is an error (TC_EINPUT). Empty pairs
 * ("a=1&&b") are skipped; "a" alone is a = "". lim may be NULL (defaults). */
int form_parse_urlencoded(struct arena *a, const char *data, size_t len,
			  const struct form_limits *lim, struct form *out,
			  struct tc_err *err);

/* "Cookie: a=1; b=\"2\"" (the header value only). Values are opaque (no
 * %-decoding); quotes around a value are removed. Malformed pairs are
 * skipped (other sites on the same host may set odd cookies), but a header
 * over 8 KiB or with more than 64 cookies is an error. */
int form_parse_cookies(struct arena *a, const char *data, size_t len,
		       struct form *out, struct tc_err *err);

/* First value for name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* Number of fields with this name. */
size_t form_count(const struct form *f, const char *name);
/* The only value for name; NULL if absent, NULL and TC_EINPUT if repeated. */
const char *form_get_unique(const struct form *f, const char *name,
			    struct tc_err *err);

#endif
