/* public.h — pages for the public (no login): the results of a year and
 * province (/ket-qua, /api/v1/results), a commune's score sheet once decided
 * (/ket-qua/{unit}/{year}, with its predecessors' results for merged
 * communes), and the posting notice with the objection form
 * (/niem-yet/{unit}/{year}).
 *
 * The objection form is protected by a double-submit token (a random value
 * in an HttpOnly SameSite=Strict cookie and the same value in the form) and
 * a per-address rate limit (PUB_OBJ_PER_WINDOW per PUB_OBJ_WINDOW_S seconds,
 * per process). Owner: public.c. */
#ifndef TC_PUBLIC_H
#define TC_PUBLIC_H

#include "web/http.h"

#define PUB_OBJ_PER_WINDOW 5
#define PUB_OBJ_WINDOW_S 600

extern const struct http_route public_routes[];

#endif
