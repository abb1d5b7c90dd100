/* embedded.h — files compiled into the binary (rules/NAME.rules, web assets).
 * The table is generated at build time by tools/embed.c. */
#ifndef TC_EMBEDDED_H
#define TC_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;           /* "rules/qd25-2021.rules", "static/app.css" */
	const unsigned char *data;  /* NUL-terminated (not counted in len) */
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* NULL if there is no such file. */
const struct embedded_file *embedded_find(const char *name);

#endif
