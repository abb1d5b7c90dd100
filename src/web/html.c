/* html.c — typed HTML formatter and context escapers (see html.h). */
#include "web/html.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/pts.h"
#include "util/utf8.h"

/* Per-thread: a handler runs start to end on one thread, and the HTTP layer
 * checks the flag right after the handler returns. */
static _Thread_local int bug_flag;
static _Thread_local char bug_msg[160];

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if invalid. */
static size_t seq_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2
		   : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	return utf8_valid((const char *)s, len, NULL) ? len : 0;
}

/* Writes s[0..n), replacing each byte for which `esc` returns an entity and
 * each invalid UTF-8 byte with U+FFFD. */
static int esc_generic(struct buf *b, const char *s, size_t n,
		       const char *(*esc)(unsigned char))
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && p[run] < 0x80 && esc(p[run]) == NULL)
			run++;
		if (run > i && buf_append(b, p + i, run - i) != 0)
			return -1;
		i = run;
		if (i >= n)
			break;
		if (p[i] < 0x80) {
			if (buf_puts(b, esc(p[i])) != 0)
				return -1;
			i++;
			continue;
		}
		size_t len = seq_len(p + i, n - i);
		if (len == 0) {
			if (buf_puts(b, REPLACEMENT) != 0)
				return -1;
			i++;
		} else {
			if (buf_append(b, p + i, len) != 0)
				return -1;
			i += len;
		}
	}
	return buf_failed(b) ? -1 : 0;
}

static const char *esc_text_ch(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case 0: return REPLACEMENT;
	default: return NULL;
	}
}

/* Attributes: the text set plus backtick, '=' and control characters, so a
 * value stays harmless even if someone forgets the quotes. */
static const char *esc_attr_ch(unsigned char c)
{
	static _Thread_local char tmp[8];
	const char *t = esc_text_ch(c);
	if (t)
		return t;
	if (c == '`' || c == '=' || c < 0x20 || c == 0x7F) {
		snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)c);
		return tmp;
	}
	return NULL;
}

int html_esc_text(struct buf *b, const char *s, size_t n)
{
	return esc_generic(b, s, n, esc_text_ch);
}

int html_esc_attr(struct buf *b, const char *s, size_t n)
{
	return esc_generic(b, s, n, esc_attr_ch);
}

int html_esc_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
	return buf_failed(b) ? -1 : 0;
}

/* JS string content: backslash escapes for quotes and controls, \u escapes
 * for the characters that would end a <script> or an HTML attribute, and for
 * U+2028/U+2029 (line terminators inside JS strings). */
static const char *esc_js_ch(unsigned char c)
{
	static _Thread_local char tmp[8];
	switch (c) {
	case '\\': return "\\\\";
	case '"': return "\\\"";
	case '\'': return "\\'";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '<': case '>': case '&': case '=': case '`': case '/':
		snprintf(tmp, sizeof tmp, "\\u%04X", (unsigned)c);
		return tmp;
	default:
		if (c < 0x20 || c == 0x7F) {
			snprintf(tmp, sizeof tmp, "\\u%04X", (unsigned)c);
			return tmp;
		}
		return NULL;
	}
}

int html_esc_js(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		/* U+2028 = E2 80 A8, U+2029 = E2 80 A9 */
		if ((unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			if (esc_generic(b, s + start, i - start, esc_js_ch) != 0)
				return -1;
			buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			start = i + 3;
			i += 2;
		}
	}
	return esc_generic(b, s + start, n - start, esc_js_ch);
}

static int reject(struct buf *b, const char *fmt, const char *at)
{
	(void)b;
	bug_flag = 1;
	snprintf(bug_msg, sizeof bug_msg, "html_printf: conversion '%.4s' not allowed in \"%.100s\"",
		 at, fmt);
	fprintf(stderr, "tiepcan: BUG: %s\n", bug_msg);
	return -1;
}

/* One conversion at fmt[0] (just after '%'); returns the number of format
 * characters consumed, or 0 if the conversion is not allowed. */
static size_t convert(struct buf *b, const char *f, va_list *ap)
{
	char num[32];
	const char *s;
	switch (f[0]) {
	case '%': buf_putc(b, '%'); return 1;
	case 'h': s = va_arg(*ap, const char *); if (s) html_esc_text(b, s, strlen(s)); return 1;
	case 'a': s = va_arg(*ap, const char *); if (s) html_esc_attr(b, s, strlen(s)); return 1;
	case 'u': s = va_arg(*ap, const char *); if (s) html_esc_url(b, s, strlen(s)); return 1;
	case 'j': s = va_arg(*ap, const char *); if (s) html_esc_js(b, s, strlen(s)); return 1;
	case 'S': s = va_arg(*ap, const char *); if (s) buf_puts(b, s); return 1;
	case 'P': buf_puts(b, pts_format_vi(va_arg(*ap, tc_pts), num, sizeof num)); return 1;
	case 'd': snprintf(num, sizeof num, "%d", va_arg(*ap, int)); buf_puts(b, num); return 1;
	case 'l':
		if (f[1] == 'd') {
			snprintf(num, sizeof num, "%ld", va_arg(*ap, long));
			buf_puts(b, num);
			return 2;
		}
		if (f[1] == 'l' && f[2] == 'd') {
			snprintf(num, sizeof num, "%lld", va_arg(*ap, long long));
			buf_puts(b, num);
			return 3;
		}
		return 0;
	case 'z':
		if (f[1] != 'u')
			return 0;
		snprintf(num, sizeof num, "%zu", va_arg(*ap, size_t));
		buf_puts(b, num);
		return 2;
	default:
		return 0;
	}
}

int html_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	const char *p = fmt;
	int rc = 0;
	while (*p) {
		const char *pct = strchr(p, '%');
		size_t lit = pct ? (size_t)(pct - p) : strlen(p);
		buf_append(b, p, lit);
		if (pct == NULL)
			break;
		size_t used = convert(b, pct + 1, &cp);
		if (used == 0) {
			rc = reject(b, fmt, pct);
			break;
		}
		p = pct + 1 + used;
	}
	va_end(cp);
	return rc == 0 && !buf_failed(b) ? 0 : -1;
}

int html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = html_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int html_bug_take(char *msg, size_t n)
{
	if (!bug_flag)
		return 0;
	bug_flag = 0;
	if (msg && n)
		snprintf(msg, n, "%s", bug_msg);
	return 1;
}
