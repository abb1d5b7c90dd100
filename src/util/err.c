/* err.c — see err.h for the convention. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int tc_err_set(struct tc_err *err, enum tc_errcode code, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void tc_err_prefix(struct tc_err *err, const char *fmt, ...)
{
	if (err == NULL)
		return;
	char head[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	/* Truncation is acceptable: messages are capped at TC_ERR_MSG_MAX. */
	size_t hl = strnlen(head, sizeof head);
	size_t ol = strnlen(err->msg, sizeof err->msg - 1);
	if (hl > sizeof err->msg - 1)
		hl = sizeof err->msg - 1;
	if (ol > sizeof err->msg - 1 - hl)
		ol = sizeof err->msg - 1 - hl;
	memmove(err->msg + hl, err->msg, ol);
	memcpy(err->msg, head, hl);
	err->msg[hl + ol] = '\0';
}

void tc_err_clear(struct tc_err *err)
{
	if (err == NULL)
		return;
	err->code = TC_OK;
	err->msg[0] = '\0';
}

int tc_err_exit_status(enum tc_errcode code)
{
	switch (code) {
	case TC_OK:
		return 0;
	case TC_EINPUT:
	case TC_ENOTFOUND:
	case TC_ECONFLICT:
	case TC_EPERM:
		return 2;
	default:
		return 1;
	}
}
