/* login.h — signing in and out: the /dang-nhap form, /dang-xuat, and the
 * JSON session API (POST/GET/DELETE /api/v1/session).
 *
 * Throttling lives in the store (login_failure), so it holds across app
 * servers: after LOGIN_MAX_PER_USER failures for one login, or
 * LOGIN_MAX_PER_IP from one address, within LOGIN_WINDOW seconds, further
 * attempts get 429 with Retry-After until the oldest failure leaves the
 * window. A successful sign-in forgets its login's failures. Unknown or
 * disabled users cost the same as known ones (a password is verified
 * against a dummy hash) and get the same answer.
 */
#ifndef TC_LOGIN_H
#define TC_LOGIN_H

#include "web/http.h"

#define LOGIN_WINDOW (15 * 60)
#define LOGIN_MAX_PER_USER 5
#define LOGIN_MAX_PER_IP 20

/* The module's routes (NULL-terminated). */
extern const struct http_route login_routes[];

/* How many seconds a client must wait, given the failure counts and the
 * oldest failure times (Unix seconds) in the window ending at `now`: 0 =
 * may try now. Pure (unit-tested). */
long login_retry_after(long n_login, int64_t oldest_login, long n_ip, int64_t oldest_ip,
		       int64_t now);

#endif
