/* buf.c — see buf.h. */
#include "util/buf.h"
#include "util/mem.h"

#include <stdio.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_DEFAULT_MAX;
	b->failed = 0;
}

void buf_free(struct buf *b)
{
	tc_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	b->failed = 0;
}

/* Makes room for `extra` more bytes plus the terminating NUL. */
static int reserve(struct buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > b->max - b->len) {
		b->failed = 2;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	char *p = tc_realloc(b->data, ncap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	if (reserve(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int buf_reserve(struct buf *b, size_t n)
{
	return reserve(b, n);
}

/* One vsnprintf when the text fits in the room already allocated (the
 * common case: `tiepcan score` formats ~10 million explanation pieces),
 * a second one only after growing. */
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	if (b->failed)
		return -1;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->failed = 1;
		if (room)
			b->data[b->len] = '\0';
		return -1;
	}
	if ((size_t)n < room && (size_t)n <= b->max - b->len) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->data[b->len] = '\0'; /* undo the partial write */
	if (reserve(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *buf_cstr(const struct buf *b)
{
	return b->data && b->len ? b->data : "";
}

size_t buf_len(const struct buf *b)
{
	return b->len;
}

int buf_failed(const struct buf *b)
{
	return b->failed;
}

char *buf_detach(struct buf *b, size_t *len)
{
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	char *p = b->data;
	if (p == NULL)
		p = tc_strdup("");
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
