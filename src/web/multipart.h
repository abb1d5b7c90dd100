/* multipart.h — multipart/form-data parser over a fully buffered body.
 *
 * Why our own parser instead of MHD's post processor: the server buffers
 * every body (with a size cap) anyway, and a pure function over (data, len)
 * can be unit-tested and fuzzed without a socket.
 *
 * Text fields are copied into the arena, NUL-terminated and checked to be
 * UTF-8. File parts point INTO the body (which lives in the same arena), so
 * the body must outlive the parts — it does for a request. File names have
 * their path components stripped ("C:\a\b.pdf" -> "b.pdf"); a name with a
 * ".." component, control characters or invalid UTF-8 is rejected.
 */
#ifndef TC_MULTIPART_H
#define TC_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "web/arena.h"

struct mp_part {
	const char *name;          /* form field name */
	const char *filename;      /* NULL for a text field; base name for a file */
	const char *content_type;  /* as sent, or "" */
	const char *data;          /* text: NUL-terminated copy; file: into body */
	size_t len;
};

struct mp_limits {
	size_t max_parts;   /* default 200 */
	size_t max_file;    /* bytes per file part; default 20 MiB */
	size_t max_total;   /* bytes over all file parts; default 50 MiB */
	size_t max_field;   /* bytes per text field; default 1 MiB */
};

void mp_limits_default(struct mp_limits *lim);

/* A client's file name made safe to keep and show: "C:\dir\a.pdf" ->
 * "a.pdf" (a pointer into fn); NULL if a component is "..", the result is
 * empty, ".", over 255 bytes, or has control characters or invalid UTF-8.
 * Used for multipart parts and the API's X-File-Name header alike. */
const char *mp_clean_filename(const char *fn);

/* True when the bytes start the way a file of the declared MIME `type`
 * does (PDF, PNG, JPEG, the OLE2 Word/Excel formats; anything else is taken
 * as a ZIP-based OOXML/OpenDocument file). Evidence, plan documents and task
 * files all pass it after store_evidence_type_ok(): a renamed executable
 * does not become a PDF by its Content-Type. */
bool mp_content_matches(const char *type, const char *d, size_t n);

/* Extracts the boundary from a Content-Type header value
 * ("multipart/form-data; boundary=----x"). Returns an arena string or NULL
 * with TC_EINPUT. */
char *mp_boundary(struct arena *a, const char *content_type, struct tc_err *err);

/* Parses body[0..len) with the given boundary. lim may be NULL (defaults).
 * On success *parts is an arena array of *n parts. */
int mp_parse(struct arena *a, const char *boundary, const char *body, size_t len,
	     const struct mp_limits *lim, struct mp_part **parts, size_t *n,
	     struct tc_err *err);

#endif
