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
#include <pthread.h>
#include <stdatomic.h>

#include <sodium.h>

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

/* ---- Uploaded texts, reference counting and the holder ------------------ */

static void test_load_more(void **state)
{
	(void)state;
	const char *a = SMALL("qd25-2021", "Tải lên 1", "2022 2025");
	const char *b = SMALL("qd25-2021", "Tải lên 2", "2022 2025");
	const char *c = SMALL("up-2040", "Mới", "2040 2041");
	struct reg_text t[] = {{"upload #1", a, strlen(a)}, {"upload #2", c, strlen(c)},
			       {"upload #3", b, strlen(b)}};
	struct tc_err err = {0};
	struct reg *r = reg_load_more(NULL, t, 3, 3, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(reg_count(r), 4);
	assert_int_equal(reg_generation(r), 3);
	/* the built-in set is replaced, and of two uploads the later wins */
	assert_string_equal(reg_find(r, "qd25-2021")->title, "Tải lên 2");
	assert_string_equal(reg_find(r, "qd25-2021")->path, "upload #3");
	assert_string_equal(reg_at(r, 3)->id, "up-2040"); /* still sorted by year */
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(d, (const unsigned char *)b, strlen(b));
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	assert_string_equal(reg_sha256(r, "qd25-2021"), hex);
	assert_null(reg_sha256(r, "nope"));
	/* a built-in set's hash is the embedded file's: stable across loads */
	struct reg *plain = reg_load(NULL, &err);
	assert_non_null(plain);
	assert_int_equal(reg_generation(plain), 0);
	assert_string_equal(reg_sha256(plain, "qd619-2017"), reg_sha256(r, "qd619-2017"));
	assert_string_not_equal(reg_sha256(plain, "qd25-2021"), hex);
	reg_free(plain);
	reg_free(r);
	/* a text that does not load fails the whole registry, naming the upload */
	const char *bt = "ruleset x\ntitle T\nfoo\n";
	struct reg_text bad = {"upload #9 (x.rules)", bt, strlen(bt)};
	assert_null(reg_load_more(NULL, &bad, 1, 9, &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "upload #9 (x.rules):3:"));
}

static struct reg *small_reg(const char *title, int64_t gen)
{
	char text[512];
	snprintf(text, sizeof text, SMALL("qd25-2021", "%s", "2022 2025"), title);
	struct reg_text t = {"upload", text, strlen(text)};
	struct tc_err err = {0};
	struct reg *r = reg_load_more(NULL, &t, 1, gen, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	return r;
}

/* A reader keeps the registry it took across a swap; the last reference
 * frees it (ASan reports a use after free or a leak otherwise). */
static void test_holder_swap(void **state)
{
	(void)state;
	struct tc_err err = {0};
	struct reg_holder *h = reg_holder_new(small_reg("Một", 1), &err);
	assert_non_null(h);
	struct reg *old = reg_holder_get(h);
	assert_int_equal(reg_generation(old), 1);
	const struct rs_ruleset *rs = reg_find(old, "qd25-2021");
	reg_holder_set(h, small_reg("Hai", 2));
	assert_string_equal(rs->title, "Một"); /* still valid: old is held */
	struct reg *cur = reg_holder_get(h);
	assert_int_equal(reg_generation(cur), 2);
	assert_string_equal(reg_find(cur, "qd25-2021")->title, "Hai");
	assert_ptr_equal(reg_holder_peek(h), cur);
	reg_free(old); /* the last reference: freed here */
	reg_holder_set(h, small_reg("Ba", 3));
	assert_string_equal(reg_find(cur, "qd25-2021")->title, "Hai");
	reg_free(cur);
	reg_holder_free(h);
}

struct race {
	struct reg_holder *h;
	atomic_int stop;
	atomic_long reads, bad;
};

/* Each registry's title encodes its generation ("g<N>"): a reader that
 * ever sees a title that does not match its registry's generation has read
 * a registry being freed or swapped under it. */
static void *reader(void *arg)
{
	struct race *x = arg;
	while (!atomic_load(&x->stop)) {
		struct reg *r = reg_holder_get(x->h);
		char want[32];
		snprintf(want, sizeof want, "g%lld", (long long)reg_generation(r));
		const struct rs_ruleset *rs = reg_find(r, "qd25-2021");
		if (rs == NULL || strcmp(rs->title, want) != 0)
			atomic_fetch_add(&x->bad, 1);
		atomic_fetch_add(&x->reads, 1);
		reg_free(r);
	}
	return NULL;
}

static void test_holder_threads(void **state)
{
	(void)state;
	struct tc_err err = {0};
	struct race x = {reg_holder_new(small_reg("g0", 0), &err), 0, 0, 0};
	assert_non_null(x.h);
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, reader, &x), 0);
	for (int g = 1; g <= 30; g++) {
		char title[16];
		snprintf(title, sizeof title, "g%d", g);
		reg_holder_set(x.h, small_reg(title, g));
	}
	while (atomic_load(&x.reads) < 1000)
		usleep(1000);
	atomic_store(&x.stop, 1);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&x.bad), 0);
	assert_int_equal(reg_generation(reg_holder_peek(x.h)), 30);
	reg_holder_free(x.h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_dir_replaces_and_adds),
		cmocka_unit_test(test_dir_conflict),
		cmocka_unit_test(test_dir_errors),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_load_more),
		cmocka_unit_test(test_holder_swap),
		cmocka_unit_test(test_holder_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
