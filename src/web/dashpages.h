/* dashpages.h — the dashboard and report pages (issue 6).
 *
 *   GET /bang-dieu-khien?year=Y&province=P    public dashboard (HTML, inline SVG)
 *   GET /bang-dieu-khien/chart/{file}         one chart, FILE = NAME.svg
 *   GET /api/v1/dashboard?year=Y&province=P   the same figures as JSON
 *   GET /bao-cao?year=Y&unit=CODE             download buttons: form x format
 *   GET /bao-cao/tai-ve?kind=K&year=Y&unit=CODE&format=F   the file (login)
 *
 * Public: the aggregates and the ranking. Signed-in reviewers, council
 * members and administrators also get the integrity flags and early
 * warnings (report/dash.h says why). Downloads need a login and stay within
 * the user's scope (the store query takes web_scope()).
 */
#ifndef TC_DASHPAGES_H
#define TC_DASHPAGES_H

#include "web/http.h"

/* NULL-terminated. */
extern const struct http_route dashp_routes[];

#endif
