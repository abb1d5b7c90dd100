/* buf.h — growable byte buffer with a size cap.
 *
 * The struct is public so a buffer can live on the stack, but its fields are
 * read through the accessors. Errors are sticky: once an append fails (out of
 * memory, or the cap would be passed) every later append is a no-op that
 * returns -1, and buf_failed() tells; so a caller may build a whole document
 * and check once at the end.
 *
 * Owner: whoever called buf_init() must call buf_free() (or buf_detach()).
 */
#ifndef TC_BUF_H
#define TC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

struct buf {
	char *data;   /* always NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	size_t max;   /* hard cap on len */
	int failed;   /* sticky: 1 = out of memory, 2 = cap exceeded */
};

/* max == 0 means BUF_DEFAULT_MAX. */
void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);  /* len = 0, keeps memory, clears failure */

int buf_append(struct buf *b, const void *p, size_t n);
/* Makes room for n more bytes now (one allocation instead of several
 * doublings when the size is known roughly). Same failure rules. */
int buf_reserve(struct buf *b, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Never NULL: "" for an empty buffer. */
const char *buf_cstr(const struct buf *b);
size_t buf_len(const struct buf *b);
int buf_failed(const struct buf *b);

/* Hands the memory to the caller (caller frees with tc_free); the buffer is
 * left empty. Returns NULL if the buffer failed. */
char *buf_detach(struct buf *b, size_t *len);

#endif
