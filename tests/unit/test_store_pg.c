/* Unit tests of the PostgreSQL driver's SQL translation (store_pg.h). The
 * driver itself runs against a real server in tests/suite-pg.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "store/db.h"
#include "store/store_pg.h"
#include "util/mem.h"

static void expect(const char *in, const char *out, int n)
{
	int k = -1;
	char *t = spg_translate(in, &k);
	assert_non_null(t);
	assert_string_equal(t, out);
	assert_int_equal(k, n);
	tc_free(t);
}

static void test_placeholders(void **state)
{
	(void)state;
	expect("SELECT 1", "SELECT 1", 0);
	expect("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	/* Numbered: reused; a bare ? after them is one more than the largest (SQLite's rule). */
	expect("WHERE x = ?1 AND (?2 IS NULL OR y = ?2) AND z = ?", "WHERE x = $1 AND ($2 IS NULL OR y = $2) AND z = $3", 3);
	expect("VALUES (?12, ?)", "VALUES ($12, $13)", 13);
	/* Not inside quotes (string literals, quoted identifiers). */
	expect("SELECT '?', \"a?b\" FROM t WHERE c = ?", "SELECT '?', \"a?b\" FROM t WHERE c = $1", 1);
	expect("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1", 1);
}

/* group_concat is SQLite's; PostgreSQL says string_agg over text (found by
 * the training snapshot of the pilot module failing on PostgreSQL). */
static void test_group_concat(void **state)
{
	(void)state;
	expect("SELECT group_concat(official_id) FROM a",
	       "SELECT string_agg(CAST(official_id AS text), ',') FROM a", 0);
	expect("SELECT GROUP_CONCAT(x, '; ') FROM (SELECT f(y, ?) AS x FROM t WHERE z = ?)",
	       "SELECT string_agg(CAST(x AS text), '; ') FROM (SELECT f(y, $1) AS x FROM t WHERE z = $2)", 2);
	expect("SELECT group_concat(coalesce(a, ?1)), max(b, ?2) FROM t",
	       "SELECT string_agg(CAST(coalesce(a, $1) AS text), ','), max(b, $2) FROM t", 2);
	/* Not in strings, not a longer name. */
	expect("SELECT 'group_concat(x)', my_group_concat(x) FROM t",
	       "SELECT 'group_concat(x)', my_group_concat(x) FROM t", 0);
	expect("SELECT group_concat(group_concat(x)) FROM t",
	       "SELECT string_agg(CAST(string_agg(CAST(x AS text), ',') AS text), ',') FROM t", 0);
}

static void test_url_detection(void **state)
{
	(void)state;
	assert_true(db_is_url("postgres://u@h/db"));
	assert_true(db_is_url("postgresql://u@h:5432/db"));
	assert_false(db_is_url("./tiepcan.db"));
	assert_false(db_is_url("postgres.db"));
	assert_false(db_is_url("/var/lib/tiepcan/postgresql://x"));
	assert_false(db_is_url(NULL));
}

static void redacted(const char *in, const char *out)
{
	char *t = db_display_name(in);
	assert_non_null(t);
	assert_string_equal(t, out);
	tc_free(t);
}

/* Database names in messages never carry a password. */
static void test_display_name(void **state)
{
	(void)state;
	redacted("postgresql://tc:s3cr3t@db1:5432/tiepcan", "postgresql://tc:***@db1:5432/tiepcan");
	redacted("postgres://tc:x@db1/tiepcan?sslmode=require", "postgres://tc:***@db1/tiepcan?sslmode=require");
	redacted("postgresql://tc@db1:5432/tiepcan", "postgresql://tc@db1:5432/tiepcan");
	redacted("postgresql://db1:5432/tiepcan", "postgresql://db1:5432/tiepcan");
	redacted("/var/lib/tiepcan/a:b@c.db", "/var/lib/tiepcan/a:b@c.db");
}

static void test_translate_out_of_memory(void **state)
{
	(void)state;
	int n;
	tc_mem_fail_after(0);
	char *t = spg_translate("SELECT ?", &n);
	tc_mem_fail_after(-1);
	assert_null(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_group_concat),
		cmocka_unit_test(test_url_detection),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_translate_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
