/* pages.h — the web application's pages and JSON API, and the routes table.
 *
 * struct pages_app is what every handler gets from http_app(): the loaded
 * rule sets (and, later, the store). It is built once at start-up and only
 * read afterwards, so handlers on several threads share it without locks.
 */
#ifndef TC_PAGES_H
#define TC_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "web/http.h"

struct srv_config;
struct pages_app;  /* opaque */

/* Loads what the pages need (rule sets from the binary and cfg->rules_dir).
 * Caller frees with pages_app_free(). */
struct pages_app *pages_app_new(const struct srv_config *cfg, struct tc_err *err);
void pages_app_free(struct pages_app *app);

/* The rule sets (never NULL for an app made by pages_app_new). */
struct reg;
const struct reg *pages_reg(const struct pages_app *app);

/* The server's configuration as given to pages_app_new (db_path, session
 * lifetimes, ...); its strings must outlive the app. */
const struct srv_config *pages_cfg(const struct pages_app *app);

/* The routes table, NULL-terminated, static. */
const struct http_route *pages_routes(void);

/* Response cache policy (srv_config.cache_key, rcache.h). True, with the
 * cache key in `key` and the store's change counter in *seq, when req may be
 * answered from the cache: a path of the public pages that depend on nothing
 * but the URL, the data, the rule sets and the day (pages_cacheable_path),
 * asked without any Cookie or Authorization header, so no user's page is
 * ever stored or served to someone else. Reads the counter (one query). */
struct buf;
bool pages_cache_key(struct http_req *req, struct buf *key, int64_t *seq);
bool pages_cacheable_path(const char *path);

#endif
