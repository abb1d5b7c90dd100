/* rsupload.c — see rsupload.h. */
#include "app/rsupload.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

struct rs_ruleset *rsup_load(const char *name, const char *text, size_t len,
			     struct tc_err *err)
{
	if (len == 0) {
		tc_err_set(err, TC_EINPUT, "%s: empty file; give a rule-set file (docs/RULES.md)",
			   name);
		return NULL;
	}
	if (len > RSUP_MAX) {
		tc_err_set(err, TC_EINPUT, "%s: %zu bytes, over the %zu-byte limit of a rule-set file",
			   name, len, (size_t)RSUP_MAX);
		return NULL;
	}
	return rs_load_text(name, text, len, err);
}

static void fill_row(struct store_ruleset *u, const struct rs_ruleset *rs, const char *name)
{
	memset(u, 0, sizeof *u);
	snprintf(u->ruleset_id, sizeof u->ruleset_id, "%s", rs->id);
	snprintf(u->version, sizeof u->version, "%s", rs->version);
	snprintf(u->title, sizeof u->title, "%s", rs->title);
	snprintf(u->file_name, sizeof u->file_name, "%s", name);
	u->year_from = rs->year_from;
	u->year_to = rs->year_to;
}

/* The set in use under the same id decides first: an identical text needs
 * nothing, and one version never names two texts. 1 = decided. */
static int against_in_use(const struct reg *r, const struct rs_ruleset *rs,
			  struct rsup_result *res)
{
	const struct rs_ruleset *cur = reg_find(r, rs->id);
	const char *cur_sha = reg_sha256(r, rs->id);
	if (cur && cur_sha && strcmp(cur_sha, res->sha256) == 0) {
		res->outcome = RSUP_IN_USE;
		return 1;
	}
	if (cur && strcmp(cur->version, rs->version) == 0) {
		res->outcome = RSUP_VERSION_TAKEN;
		return 1;
	}
	return 0;
}

int rsup_save(struct store *st, const struct reg *in_use, const struct rs_ruleset *rs,
	      const char *file_name, const char *text, size_t len, struct rsup_result *res,
	      struct tc_err *err)
{
	memset(res, 0, sizeof *res);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, len);
	sodium_bin2hex(res->sha256, sizeof res->sha256, d, sizeof d);
	if (strlen(rs->id) >= 64 || strlen(rs->version) >= 64 || strlen(file_name) >= 256) {
		res->outcome = RSUP_TOO_LONG;
		return 0;
	}
	if (against_in_use(in_use, rs, res))
		return 0;
	struct store_ruleset u;
	fill_row(&u, rs, file_name);
	int existed = 0;
	struct tc_err e = {0};
	if (store_ruleset_add(st, &u, text, len, &existed, &e) != 0) {
		if (e.code != TC_ECONFLICT) {
			if (err)
				*err = e;
			return -1;
		}
		res->outcome = RSUP_STORED_OTHER;
		return 0;
	}
	res->id = u.id;
	res->outcome = existed ? RSUP_STORED_UNUSED : RSUP_STORED;
	return 0;
}
