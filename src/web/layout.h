/* layout.h — the common page frame: HTML5, lang="vi", header with
 * navigation, main content, footer. Pages write their content between
 * layout_begin() and layout_end() with html_printf (never raw strings).
 * Assets are referenced as /static/app.css and /static/app.js (no inline
 * script or style: the CSP forbids them). */
#ifndef TC_LAYOUT_H
#define TC_LAYOUT_H

#include "util/buf.h"

/* title: page title (escaped); active: path of the current nav entry
 * ("/quy-tac") to mark it, or NULL. */
void layout_begin(struct buf *b, const char *title, const char *active);
void layout_end(struct buf *b);

#endif
