/* Unit tests for the rule-set registry (app/registry): built-in sets, the
 * year mapping, --rules-dir replacement and conflicts, and allocation
 * failures. Files are written to a fresh temporary directory. */
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
#include "util/mem.h"

#define SMALL(id, title, years) "ruleset " id "\ntitle " title "\nversion 1\nbasis B\n" \
	"years " years "\npass total_min 5\ncite c\nconfidence high\n" \
	"criterion 1\ntitle C\nmax 10\ncite c\nconfidence high\n"

struct tmp {
	char dir[64];
	char files[8][128];
	int n;
};

static void tmp_init(struct tmp *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/tc_reg_XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tmp_write(struct tmp *t, const char *name, const char *text)
{
	assert_true(t->n < 8);
	char dir[64];
	memcpy(dir, t->dir, sizeof dir);
	snprintf(t->files[t->n], sizeof t->files[0], "%s/%s", dir, name);
	FILE *f = fopen(t->files[t->n], "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	t->n++;
}

static void tmp_clean(struct tmp *t)
{
	for (int i = 0; i < t->n; i++)
		unlink(t->files[i]);
	rmdir(t->dir);
}

static void test_builtin(void **state)
{
	(void)state;
	struct tc_err err = {0};
	struct reg *r = reg_load(NULL, &err);
	assert_non_null(r);
	assert_int_equal(reg_count(r), 3);
	assert_string_equal(reg_at(r, 0)->id, "qd619-2017");
	assert_string_equal(reg_at(r, 1)->id, "qd25-2021");
	assert_string_equal(reg_at(r, 2)->id, "qd27-2025");
	assert_null(reg_at(r, 3));
	assert_null(reg_for_year(r, 2016));
	static const struct { int year; const char *id; } years[] = {
		{2017, "qd619-2017"}, {2021, "qd619-2017"}, {2022, "qd25-2021"},
		{2025, "qd25-2021"}, {2026, "qd27-2025"}, {2040, "qd27-2025"},
	};
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
		assert_string_equal(reg_for_year(r, years[i].year)->id, years[i].id);
	assert_ptr_equal(reg_find(r, "qd25-2021"), reg_at(r, 1));
	assert_null(reg_find(r, "qd99"));
	reg_free(r);
}

static void test_dir_replaces_and_adds(void **state)
{
	(void)state;
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, "mine.rules", SMALL("qd25-2021", "Thay thế", "2022 2025"));
	tmp_write(&t, "local.rules", SMALL("local-2030", "Địa phương", "2030 2031"));
	tmp_write(&t, "README.txt", "not a rule file\n");
	struct tc_err err = {0};
	struct reg *r = reg_load(t.dir, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(reg_count(r), 4);
	const struct rs_ruleset *rs = reg_find(r, "qd25-2021");
	assert_string_equal(rs->title, "Thay thế");
	assert_non_null(strstr(rs->path, "mine.rules"));
	assert_ptr_equal(reg_for_year(r, 2023), rs);
	/* Overlapping years: the set starting latest wins. */
	assert_string_equal(reg_for_year(r, 2030)->id, "local-2030");
	assert_string_equal(reg_for_year(r, 2029)->id, "qd27-2025");
	assert_string_equal(reg_at(r, 3)->id, "local-2030");
	reg_free(r);
	tmp_clean(&t);
}

static void test_dir_conflict(void **state)
{
	(void)state;
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, "a.rules", SMALL("dup-1", "A", "2030 2031"));
	tmp_write(&t, "b.rules", SMALL("dup-1", "B", "2030 2031"));
	struct tc_err err = {0};
	assert_null(reg_load(t.dir, &err));
	assert_int_equal(err.code, TC_ECONFLICT);
	assert_non_null(strstr(err.msg, "a.rules"));
	assert_non_null(strstr(err.msg, "b.rules"));
	assert_non_null(strstr(err.msg, "'dup-1'"));
	tmp_clean(&t);
}

static void test_dir_errors(void **state)
{
	(void)state;
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, "bad.rules", "ruleset x\ntitle T\nfoo\n");
	struct tc_err err = {0};
	assert_null(reg_load(t.dir, &err));
	assert_int_equal(err.code, TC_EINPUT);
	char want[160];
	snprintf(want, sizeof want, "%s:3: unknown keyword 'foo'", t.files[0]);
	assert_int_equal(strncmp(err.msg, want, strlen(want)), 0);
	tmp_clean(&t);
	assert_null(reg_load("/nonexistent/rules-dir", &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "/nonexistent/rules-dir"));
	assert_null(reg_load_file("/nonexistent/x.rules", &err));
}

static void test_alloc_failures(void **state)
{
	(void)state;
	long n;
	for (n = 0; n < 200000; n++) {
		struct tc_err err = {0};
		tc_mem_fail_after(n);
		struct reg *r = reg_load(NULL, &err);
		tc_mem_fail_after(-1);
		if (r != NULL) {
			assert_int_equal(reg_count(r), 3);
			reg_free(r);
			break;
		}
		if (err.code != TC_ENOMEM)
			fail_msg("n=%ld: want TC_ENOMEM, got %d: %s", n, err.code, err.msg);
	}
	assert_true(n > 10);
	assert_true(n < 200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_dir_replaces_and_adds),
		cmocka_unit_test(test_dir_conflict),
		cmocka_unit_test(test_dir_errors),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
