/* err.h — the one error convention of tiepcan.
 *
 * A function that can fail returns int (0 on success, -1 on failure) or a
 * pointer (NULL on failure) and takes `struct tc_err *err` as its LAST
 * argument. On failure it fills *err (when err is not NULL) with a code and a
 * complete, human-readable message that says what is wrong and, where it can,
 * how to fix it. Callers add context (file:line) by wrapping with
 * tc_err_prefix(). Nothing is printed by library code: only src/cli and
 * src/web decide where a message goes.
 */
#ifndef TC_ERR_H
#define TC_ERR_H

#include <stddef.h>

enum tc_errcode {
	TC_OK = 0,
	TC_EINPUT,     /* bad input from a user or file: exit 2, HTTP 4xx */
	TC_ENOTFOUND,  /* a named thing does not exist: exit 2, HTTP 404 */
	TC_ECONFLICT,  /* duplicate or concurrent change: exit 2, HTTP 409 */
	TC_EPERM,      /* not allowed: exit 2, HTTP 403 */
	TC_ENOMEM,     /* allocation failed or a size cap was hit */
	TC_EIO,        /* file system, database or network failure: exit 1 */
	TC_EINTERNAL   /* a bug: exit 1 */
};

#define TC_ERR_MSG_MAX 1024

struct tc_err {
	enum tc_errcode code;
	char msg[TC_ERR_MSG_MAX];
};

/* Sets err (if not NULL) and returns -1, so that `return tc_err_set(...)` works. */
int tc_err_set(struct tc_err *err, enum tc_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "PREFIX" to the message already in err (e.g. "file.csv:12: "). */
void tc_err_prefix(struct tc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clears err to TC_OK with an empty message. */
void tc_err_clear(struct tc_err *err);

/* The process exit status for a code: 0, 2 for user errors, 1 otherwise. */
int tc_err_exit_status(enum tc_errcode code);

#endif
