/* adminpages.h — the administrator's remaining pages (issue 4, journey 4):
 * per-year settings and holidays (/quan-tri/cai-dat), the unit search
 * with lineage (/quan-tri/don-vi), and the rule-set diff plus the check of
 * an uploaded rule file (/quan-tri/quy-tac; validated, shown and diffed,
 * never kept). Admin only; every POST checks CSRF,
 * validates every field first (Vietnamese message next to the field) and
 * writes in one transaction, audited by the store. */
#ifndef TC_ADMINPAGES_H
#define TC_ADMINPAGES_H

#include "web/http.h"

extern const struct http_route adminpages_routes[];

#endif
