/* pages.h — the web application's pages and JSON API, and the routes table.
 *
 * struct pages_app is what every handler gets from http_app(): the loaded
 * rule sets and the configuration. The configuration is read-only once
 * serving; the rule sets are an immutable, reference-counted registry that
 * a reload replaces (app/registry.h, reg_holder): each request takes the
 * current one on its first pages_reg() and keeps it until it ends.
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

/* The rule sets (never NULL for an app made by pages_app_new): built-in,
 * --rules-dir, then the uploads kept in the store. Inside a request, the
 * registry this request took (checking first whether another process added
 * a rule set: store_ruleset_generation); valid until the request ends.
 * Outside a request (start-up, unit tests): the current one, valid until
 * the next reload. */
struct reg;
const struct reg *pages_reg(struct pages_app *app);

/* Reloads the rule sets if the store holds uploads the current registry
 * lacks (after an upload, or another process's). 0, or -1 with err (the
 * current registry then stays in use). */
struct store;
int pages_reload(struct pages_app *app, struct store *st, struct tc_err *err);

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
