/* assets.c — embedded static files (see assets.h). */
#include "web/assets.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/embedded.h"

struct mime {
	const char *ext;
	const char *type;
};

static const struct mime MIMES[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *mime_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof MIMES / sizeof MIMES[0]; i++) {
		size_t el = strlen(MIMES[i].ext);
		if (n > el && strcmp(name + n - el, MIMES[i].ext) == 0)
			return MIMES[i].type;
	}
	return NULL;
}

/* FNV-1a 64: changes whenever the file changes; not a security hash. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void assets_serve(struct http_req *req, struct http_resp *resp)
{
	const char *file = http_param(req, "file");
	char name[160];
	const char *type = file ? mime_of(file) : NULL;
	/* only plain names: no "..", no hidden files (the route already
	 * forbids '/' since {file} is one segment) */
	if (type == NULL || file[0] == '.' || strstr(file, "..") ||
	    (size_t)snprintf(name, sizeof name, "web/static/%s", file) >= sizeof name) {
		http_error(req, resp, 404, NULL);
		return;
	}
	const struct embedded_file *ef = embedded_find(name);
	if (ef == NULL) {
		http_error(req, resp, 404, NULL);
		return;
	}
	char etag[24];
	snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)fnv1a(ef->data, ef->len));
	http_add_header(resp, "ETag", etag);
	http_add_header(resp, "Cache-Control", "public, max-age=3600, must-revalidate");
	const char *inm = http_header(req, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		http_status(resp, 304);
		return;
	}
	http_type(resp, type);
	buf_append(http_out(resp), ef->data, ef->len);
}
