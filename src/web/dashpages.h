/* dashpages.h — the dashboard and report pages (issue 6).
 *
 *   GET /bang-dieu-khien?year=Y&province=P    public dashboard (HTML, inline SVG)
 *   GET /bang-dieu-khien/chart/{file}         one chart, FILE = NAME.svg
 *   GET /api/v1/dashboard?year=Y&province=P   the same figures as JSON
 *   GET /bao-cao?year=Y&unit=CODE             download buttons: form x format
 *   GET /bao-cao/tai-ve?kind=K&year=Y&unit=CODE&format=F   the file
 *
 * Public: the aggregates and the ranking. Signed-in reviewers, council
 * members and administrators also get the integrity flags and early
 * warnings (report/dash.h says why). Downloads stay within the user's scope
 * (the store query takes web_scope()); without a login only the public
 * forms (province-summary, new-rural) of published results (decided by the
 * chairman) can be downloaded, the others redirect to the sign-in page.
 * Pages that show a commune, a queue, a council or results carry the
 * buttons (dashp_download_buttons) for the forms that belong to them.
 */
#ifndef TC_DASHPAGES_H
#define TC_DASHPAGES_H

#include "web/http.h"

#include "report/forms.h"
#include "util/buf.h"

/* NULL-terminated. */
extern const struct http_route dashp_routes[];

#define DASHP_FORM(k) (1u << (k)) /* k: enum forms_kind */

/* A "Tải biểu mẫu" block: for every form in `kinds` (DASHP_FORM bits) one
 * row with XLSX, PDF and CSV buttons linking /bao-cao/tai-ve for `unit`
 * (commune kinds need a 5-digit code, the others 2 or 3 digits: kinds that
 * do not fit the code are skipped) and `year`. Nothing when no kind fits. */
void dashp_download_buttons(struct buf *b, unsigned kinds, int year, const char *unit);

#endif
