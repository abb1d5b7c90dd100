/* csv.h — RFC 4180 CSV reader over a caller-owned, mutable buffer.
 *
 * Parses in place (quotes are removed and fields NUL-terminated inside the
 * buffer), so reading a 100 MB file costs no copy. Tolerates a UTF-8 BOM and
 * CRLF line ends; rejects invalid UTF-8, NUL bytes, unterminated quotes,
 * text after a closing quote, and rows or fields over the caps, each with the
 * line number it concerns.
 *
 * Owner: the caller owns `data`, which must have room for len + 1 bytes (the
 * byte data[len] is written), and must keep it alive while the reader and the
 * rows it returned are in use. tc_read_file() returns such buffers.
 */
#ifndef TC_CSV_H
#define TC_CSV_H

#include <stddef.h>

#include "util/err.h"

#define CSV_MAX_FIELDS 512
#define CSV_MAX_FIELD ((size_t)1 << 20) /* 1 MiB per field */

struct csv_reader;

/* `name` is used in messages ("-" for standard input). Validates UTF-8 over
 * the whole buffer first. Caller frees with csv_close(). */
struct csv_reader *csv_open(char *data, size_t len, const char *name,
			    struct tc_err *err);
void csv_close(struct csv_reader *r);

/* Reads the next record. Returns 1 and sets *fields and *n (valid until the next
 * call), 0 at end of input, -1 on error (message starts with "NAME:LINE: ").
 * Blank lines are skipped. */
int csv_next(struct csv_reader *r, char ***fields, size_t *n,
	     struct tc_err *err);

/* The line on which the last returned record started (1-based). */
long csv_line(const struct csv_reader *r);
const char *csv_name(const struct csv_reader *r);

#endif
