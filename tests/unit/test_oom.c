/* Allocation-failure injection in the core parsers: for every n, the n-th
 * allocation (tc_mem_fail_after(n)) fails and the parser must return an
 * error with a message — never crash, never leak (ASan/LSan build) — until
 * n is large enough for the parse to succeed, which it then must. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/embedded.h"
#include "app/registry.h"
#include "app/units.h"
#include "core/calendar.h"
#include "core/ruleset.h"
#include "core/score.h"
#include "core/scorecsv.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/mem.h"
#include "web/arena.h"
#include "web/form.h"
#include "web/multipart.h"

/* Upper bound on the allocations any one parse below may make. */
#define MAX_N 200000

/* One attempt of a parse under test: 0 success, -1 error (err set). */
typedef int (*attempt_fn)(void *ctx, struct tc_err *err);

/* Runs f with the n-th allocation failing for n = 0, 1, ... until it
 * succeeds; every failure must carry a message. Returns the n that
 * succeeded (the number of allocations the parse needs). */
static long fail_each(attempt_fn f, void *ctx)
{
	for (long n = 0; n < MAX_N; n++) {
		struct tc_err err;
		memset(&err, 0, sizeof err);
		tc_mem_fail_after(n);
		int rc = f(ctx, &err);
		tc_mem_fail_after(-1);
		if (rc == 0) {
			print_message("    succeeded with %ld allocations allowed\n", n);
			return n;
		}
		if (err.msg[0] == '\0')
			fail_msg("allocation %ld failed without an error message", n);
	}
	fail_msg("no success after %d allocations", MAX_N);
	return -1;
}

/* A mutable copy of s (parsers work in place); caller frees. */
static char *copy_of(const char *s, size_t len)
{
	char *c = malloc(len + 1);
	assert_non_null(c);
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

/* ---- util/csv ---------------------------------------------------------- */

static const char CSV_TEXT[] = "\xEF\xBB\xBFunit,year,item,field,value\r\n"
	"\"Lai Uy\xC3\xAAn\",2017,1,points,\"29,63\"\r\nA,2018,2,points,5\n";

static int try_csv(void *ctx, struct tc_err *err)
{
	(void)ctx;
	char *data = copy_of(CSV_TEXT, sizeof CSV_TEXT - 1);
	struct csv_reader *r = csv_open(data, sizeof CSV_TEXT - 1, "t.csv", err);
	int rc = r ? 0 : -1, rows = 0, got;
	char **f;
	size_t n;
	while (r && (got = csv_next(r, &f, &n, err)) == 1)
		rows++;
	if (r && got < 0)
		rc = -1;
	if (rc == 0 && rows != 3)
		fail_msg("csv: %d rows, want 3", rows);
	csv_close(r);
	free(data);
	return rc;
}

static void test_oom_csv(void **state)
{
	(void)state;
	assert_true(fail_each(try_csv, NULL) >= 1);
}

/* ---- core/ruleset: every shipped rule set ------------------------------ */

static int try_ruleset(void *ctx, struct tc_err *err)
{
	const struct embedded_file *e = ctx;
	struct rs_ruleset *rs = rs_load_text(e->name, (const char *)e->data, e->len, err);
	rs_free(rs);
	return rs ? 0 : -1;
}

static void test_oom_ruleset(void **state)
{
	(void)state;
	int sets = 0;
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *e = &embedded_files[i];
		if (strncmp(e->name, "rules/", 6) != 0)
			continue;
		struct embedded_file copy = *e;
		assert_true(fail_each(try_ruleset, &copy) >= 1);
		sets++;
	}
	assert_true(sets >= 3);
}

/* ---- core/scorecsv + sc_evaluate ---------------------------------------- */

static const char SCORE_TEXT[] = "unit,year,item,field,value\n"
	"L\xC3\xA0i,2017,commune_class,value,I\nL\xC3\xA0i,2017,1,points,15\n"
	"L\xC3\xA0i,2017,2,points,\"29,63\"\nB,2022,commune_class,value,I\n"
	"B,2022,1.1,points,2\nC,2025,1.1,points,1\n";

static const struct rs_ruleset *resolve(void *ctx, int year, struct tc_err *err)
{
	const struct rs_ruleset *rs = reg_for_year(ctx, year);
	if (rs == NULL)
		tc_err_set(err, TC_EINPUT, "no rule set for %d", year);
	return rs;
}

static int try_scorecsv(void *ctx, struct tc_err *err)
{
	char *data = copy_of(SCORE_TEXT, sizeof SCORE_TEXT - 1);
	struct scsv_batch *b = scsv_parse(data, sizeof SCORE_TEXT - 1, "s.csv", resolve, ctx, err);
	int rc = b ? 0 : -1;
	for (size_t i = 0; b && rc == 0 && i < scsv_count(b); i++) {
		struct sc_result *res = sc_evaluate(scsv_sheet(b, i), NULL, err);
		if (res == NULL)
			rc = -1;
		sc_result_free(res);
	}
	if (rc == 0 && scsv_count(b) != 3)
		fail_msg("scorecsv: %zu sheets, want 3", scsv_count(b));
	scsv_free(b);
	free(data);
	return rc;
}

static void test_oom_scorecsv(void **state)
{
	(void)state;
	struct tc_err err;
	struct reg *r = reg_load(NULL, &err);
	assert_non_null(r);
	assert_true(fail_each(try_scorecsv, r) >= 1);
	reg_free(r);
}

/* ---- core/calendar holidays (the shipped list) --------------------------- */

static int try_holidays(void *ctx, struct tc_err *err)
{
	const struct embedded_file *e = ctx;
	struct cal_holidays *h = cal_holidays_parse((const char *)e->data, e->len, e->name, err);
	cal_holidays_free(h);
	return h ? 0 : -1;
}

static void test_oom_holidays(void **state)
{
	(void)state;
	const struct embedded_file *e = embedded_find("data/holidays.csv");
	assert_non_null(e);
	struct embedded_file copy = *e;
	assert_true(fail_each(try_holidays, &copy) >= 1);
}

/* ---- web/form and web/multipart (arena allocations) --------------------- */

static int try_form(void *ctx, struct tc_err *err)
{
	(void)ctx;
	static const char body[] = "a=1&b=S%C3%B3c+H%C3%A0&a=2&c=&d";
	struct arena *a = arena_new(0);
	if (a == NULL)
		return tc_err_set(err, TC_ENOMEM, "arena");
	struct form f;
	int rc = form_parse_urlencoded(a, body, sizeof body - 1, NULL, &f, err);
	if (rc == 0 && f.n != 5)
		fail_msg("form: %zu fields, want 5", f.n);
	if (rc == 0)
		rc = form_parse_cookies(a, "sid=abc; x=\"q\"", 14, &f, err);
	arena_free(a);
	return rc;
}

static void test_oom_form(void **state)
{
	(void)state;
	assert_true(fail_each(try_form, NULL) >= 1);
}

static int try_multipart(void *ctx, struct tc_err *err)
{
	(void)ctx;
	static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n"
		"xin ch\xC3\xA0o\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
		"filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n--XyZ--\r\n";
	struct arena *a = arena_new(0);
	if (a == NULL)
		return tc_err_set(err, TC_ENOMEM, "arena");
	struct mp_part *parts;
	size_t n = 0;
	char *bd = mp_boundary(a, "multipart/form-data; boundary=XyZ", err);
	int rc = bd ? mp_parse(a, bd, body, sizeof body - 1, NULL, &parts, &n, err) : -1;
	if (rc == 0 && n != 2)
		fail_msg("multipart: %zu parts, want 2", n);
	arena_free(a);
	return rc;
}

static void test_oom_multipart(void **state)
{
	(void)state;
	assert_true(fail_each(try_multipart, NULL) >= 1);
}

/* ---- app/units import (temporary SQLite database) ------------------------ */

struct units_ctx {
	struct store *st;
};

static const char UNITS_TEXT[] = "code,name,type,level,parent_code\n"
	"01,H\xC3\xA0 N\xE1\xBB\x99i,Th\xC3\xA0nh ph\xE1\xBB\x91,province,\n"
	"001,Ba \xC4\x90\xC3\xACnh,Qu\xE1\xBA\xADn,district,01\n"
	"00001,Ph\xC3\xBA\x63 X\xC3\xA1,Ph\xC6\xB0\xE1\xBB\x9Dng,commune,001\n";

static int try_units(void *ctx, struct tc_err *err)
{
	struct units_ctx *u = ctx;
	char *data = copy_of(UNITS_TEXT, sizeof UNITS_TEXT - 1);
	long n = 0;
	int rc = units_load_list(u->st, "2020-02", data, sizeof UNITS_TEXT - 1, "u.csv",
				 NULL, NULL, &n, err);
	if (rc == 0 && n != 3)
		fail_msg("units: %ld loaded, want 3", n);
	free(data);
	return rc;
}

static void test_oom_units(void **state)
{
	(void)state;
	char dir[] = "/tmp/tc_oom_XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	struct tc_err err;
	struct units_ctx u = {store_open(path, STORE_OPEN_CREATE, &err)};
	if (u.st == NULL)
		fail_msg("store_open: %s", err.msg);
	assert_true(fail_each(try_units, &u) >= 1);
	store_close(u.st);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_csv),
		cmocka_unit_test(test_oom_ruleset),
		cmocka_unit_test(test_oom_scorecsv),
		cmocka_unit_test(test_oom_holidays),
		cmocka_unit_test(test_oom_form),
		cmocka_unit_test(test_oom_multipart),
		cmocka_unit_test(test_oom_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
