/* pilotpages.h — pilot models and programme management on the web (issue 5):
 * plans (/ke-hoach), duty assignment (/phan-cong/{unit}/{year}), trainings
 * (/tap-huan), inspections (/kiem-tra), the deadlines calendar (/lich) and
 * the JSON API under /api/v1/plans, /api/v1/tasks, /api/v1/duties,
 * /api/v1/trainings, /api/v1/inspections, /api/v1/officials.
 *
 * Dates in JSON are ISO 'yyyy-mm-dd'; pages show dd/mm/yyyy and accept
 * either. "Today" is TIEPCAN_NOW (yyyy-mm-dd, for tests) or the real date in
 * Vietnam (UTC+7).
 */
#ifndef TC_PILOTPAGES_H
#define TC_PILOTPAGES_H

#include "web/http.h"

extern const struct http_route pilotp_routes[];

/* Today as yyyy-mm-dd (TIEPCAN_NOW if set and valid). */
void pilotp_today(char out[11]);
/* 1 if a task due on `deadline` with `status` is overdue on `today`. */
int pilotp_overdue(const char *deadline, const char *status, const char *today);

#endif
