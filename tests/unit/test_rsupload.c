/* test_rsupload.c — app/rsupload: the checks and decisions shared by the
 * upload page and `tiepcan rules add`, on a real SQLite store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "app/rsupload.h"
#include "store/store.h"
#include "util/mem.h"

#define SMALL(id, version, title) "ruleset " id "\ntitle " title "\nversion " version \
	"\nbasis B\nyears 2040 2041\npass total_min 5\ncite c\nconfidence high\n" \
	"criterion 1\ntitle C\nmax 10\ncite c\nconfidence high\n"

struct fix {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/tc_rsup_XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/db", f->dir);
	struct tc_err err = {0};
	f->st = store_open(f->path, STORE_OPEN_CREATE, &err);
	if (f->st == NULL || store_set_actor(f->st, "test:rsup", &err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	store_close(f->st);
	unlink(f->path);
	char side[160];
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int n_rows_cb(const struct store_ruleset *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int n_rows(struct store *st)
{
	int n = 0;
	struct tc_err err = {0};
	assert_int_equal(store_ruleset_list(st, n_rows_cb, &n, &err), 0);
	return n;
}

/* Loads and saves text against the registry the store gives now. */
static enum rsup_outcome save(struct store *st, const char *text, const char *name, int64_t *id)
{
	struct tc_err err = {0};
	struct rs_ruleset *rs = rsup_load(name, text, strlen(text), &err);
	if (rs == NULL)
		fail_msg("rsup_load: %s", err.msg);
	struct reg *r = reg_load_store(NULL, st, &err);
	assert_non_null(r);
	struct rsup_result res;
	assert_int_equal(rsup_save(st, r, rs, name, text, strlen(text), &res, &err), 0);
	assert_int_equal(strlen(res.sha256), 64);
	if (id)
		*id = res.id;
	reg_free(r);
	rs_free(rs);
	return res.outcome;
}

static void test_load_refuses(void **state)
{
	(void)state;
	struct tc_err err = {0};
	assert_null(rsup_load("e.rules", "", 0, &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "e.rules: empty file"));
	assert_null(rsup_load("big.rules", "x", RSUP_MAX + 1, &err));
	assert_non_null(strstr(err.msg, "limit"));
	const char *bad = "ruleset x-1\ntitle T\nversion 1\nbasis B\nyears 2022 2023\nmode sideways\n";
	assert_null(rsup_load("bad.rules", bad, strlen(bad), &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "bad.rules:6:"));
}

static void test_outcomes(void **state)
{
	struct fix *f = *state;
	int64_t id = 0;
	const char *v1 = SMALL("rsup-1", "1", "Một");
	assert_int_equal(save(f->st, v1, "v1.rules", &id), RSUP_STORED);
	assert_int_equal(id, 1);
	assert_int_equal(n_rows(f->st), 1);
	/* the same text again: in use, nothing stored */
	assert_int_equal(save(f->st, v1, "v1.rules", NULL), RSUP_IN_USE);
	/* same id and version, other text: refused against the set in use */
	assert_int_equal(save(f->st, SMALL("rsup-1", "1", "Khác"), "x.rules", NULL),
			 RSUP_VERSION_TAKEN);
	/* a new version replaces it */
	assert_int_equal(save(f->st, SMALL("rsup-1", "2", "Hai"), "v2.rules", &id), RSUP_STORED);
	assert_int_equal(id, 2);
	/* version 1 with another text: the set in use is version 2, the store
	 * still has version 1 with the first text */
	assert_int_equal(save(f->st, SMALL("rsup-1", "1", "Khác"), "x.rules", NULL),
			 RSUP_STORED_OTHER);
	/* the first text again: stored as #1, but version 2 is in use */
	assert_int_equal(save(f->st, v1, "v1.rules", &id), RSUP_STORED_UNUSED);
	assert_int_equal(id, 1);
	assert_int_equal(n_rows(f->st), 2);
}

static void test_too_long(void **state)
{
	struct fix *f = *state;
	char name[300];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_int_equal(save(f->st, SMALL("rsup-2", "1", "Dài"), name, NULL), RSUP_TOO_LONG);
	const char *lv = SMALL("rsup-2", "1234567890123456789012345678901234567890123456789012345678901234",
			       "Dài");
	assert_int_equal(save(f->st, lv, "v.rules", NULL), RSUP_TOO_LONG);
	assert_int_equal(n_rows(f->st), 0);
}

static void test_builtin_version(void **state)
{
	struct fix *f = *state;
	struct tc_err err = {0};
	struct reg *r = reg_load(NULL, &err);
	assert_non_null(r);
	const struct rs_ruleset *b = reg_find(r, "qd25-2021");
	assert_non_null(b);
	char text[512];
	snprintf(text, sizeof text, "ruleset qd25-2021\ntitle Khác\nversion %s\nbasis B\n"
		 "years 2022 2025\npass total_min 5\ncite c\nconfidence high\n"
		 "criterion 1\ntitle C\nmax 10\ncite c\nconfidence high\n", b->version);
	reg_free(r);
	assert_int_equal(save(f->st, text, "q.rules", NULL), RSUP_VERSION_TAKEN);
	assert_int_equal(n_rows(f->st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_refuses),
		cmocka_unit_test_setup_teardown(test_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_builtin_version, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
