/* html.h — the only way web code writes HTML: a typed formatter.
 *
 * html_printf(b, fmt, ...) appends to a struct buf like buf_printf, but every
 * conversion names the escaping it applies, chosen by the context the value
 * lands in (the fossil approach):
 *
 *   %h   const char *  HTML text: & < > " ' escaped; invalid UTF-8 -> U+FFFD
 *   %a   const char *  attribute value (inside double quotes)
 *   %u   const char *  URL component: everything but A-Za-z0-9-_.~ percent-encoded
 *   %j   const char *  inside a JS string literal (also safe inside HTML)
 *   %d %ld %lld %zu    numbers
 *   %P   tc_pts        points, Vietnamese style (pts_format_vi: "95,45")
 *   %S   const char *  RAW. Only for trusted compile-time constants (string
 *                      literals, fields of static const tables). Never data.
 *   %%                 a percent sign
 *
 * A NULL string prints as "". Plain %s, widths, flags and any other
 * conversion are REJECTED: the call writes nothing more, logs "BUG" on
 * stderr and raises a per-thread flag that the HTTP layer checks after each
 * handler (html_bug_take) to replace the page with a 500. `make test` also
 * rejects them before run time (tools/htmlcheck.c, see docs/HACKING.md).
 *
 * Returns 0, or -1 if the buffer failed or the format was rejected.
 */
#ifndef TC_HTML_H
#define TC_HTML_H

#include <stdarg.h>
#include <stddef.h>

#include "util/buf.h"

int html_printf(struct buf *b, const char *fmt, ...);
int html_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The escapers themselves, over (data, len). */
int html_esc_text(struct buf *b, const char *s, size_t n);
int html_esc_attr(struct buf *b, const char *s, size_t n);
int html_esc_url(struct buf *b, const char *s, size_t n);
int html_esc_js(struct buf *b, const char *s, size_t n);

/* Returns 1 and clears the flag if a rejected format was used on this thread
 * since the last call (msg, if not NULL, gets the reason); else 0. */
int html_bug_take(char *msg, size_t n);

#endif
