/* fileio.h — whole-file reads with a size cap. */
#ifndef TC_FILEIO_H
#define TC_FILEIO_H

#include <stddef.h>

#include "util/err.h"

/* Reads all of `path` ("-" = standard input) into a new buffer of len + 1
 * bytes whose last byte is NUL. Fails with TC_EINPUT if the file is larger
 * than `max` bytes. Caller frees with tc_free(). */
char *tc_read_file(const char *path, size_t max, size_t *len, struct tc_err *err);

/* Writes all of data to path atomically (temp file + fsync + rename). */
int tc_write_file_atomic(const char *path, const void *data, size_t len,
			 struct tc_err *err);

#endif
