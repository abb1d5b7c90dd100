/* Unit tests for app/rsdiff: the rule-set diff shared by `tiepcan rules
 * diff` and the administrator's page. Small rule sets are parsed from text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/rsdiff.h"
#include "core/ruleset.h"
#include "util/buf.h"

#define SET(max, title, extra) "ruleset s1\ntitle T\nversion 1\nbasis B\nyears 2020 2021\n" \
	"pass total_min 5\ncite c\nconfidence high\n" \
	"criterion 1\ntitle " title "\nmax " max "\ncite c\nconfidence high\n" extra

static struct rs_ruleset *load(const char *text)
{
	struct tc_err err = {0};
	struct rs_ruleset *rs = rs_load_text("t.rules", text, strlen(text), &err);
	if (rs == NULL)
		fail_msg("%s", err.msg);
	return rs;
}

static const char *diff(const char *a, const char *b, struct buf *out)
{
	struct rs_ruleset *x = load(a), *y = load(b);
	struct tc_err err = {0};
	buf_init(out, 1 << 20);
	assert_int_equal(rsdiff_text(x, y, out, &err), 0);
	rs_free(x);
	rs_free(y);
	return buf_cstr(out);
}

static void test_identical_is_empty(void **state)
{
	(void)state;
	struct buf out;
	assert_string_equal(diff(SET("10", "C", ""), SET("10", "C", ""), &out), "");
	buf_free(&out);
}

static void test_changed_fields(void **state)
{
	(void)state;
	struct buf out;
	assert_string_equal(diff(SET("10", "C", ""), SET("12", "D", ""), &out),
			    "~ criterion 1: title: C -> D\n~ criterion 1: max: 10 -> 12\n");
	buf_free(&out);
}

static void test_added_and_removed(void **state)
{
	(void)state;
	struct buf out;
	const char *two = SET("10", "C", "criterion 2\ntitle E\nmax 5\ncite c\nconfidence high\n");
	assert_string_equal(diff(SET("10", "C", ""), two, &out), "+ criterion 2: E\n");
	buf_free(&out);
	assert_string_equal(diff(two, SET("10", "C", ""), &out), "- criterion 2: E\n");
	buf_free(&out);
}

static void test_output_cap_is_an_error(void **state)
{
	(void)state;
	struct rs_ruleset *x = load(SET("10", "C", "")), *y = load(SET("12", "D", ""));
	struct buf out;
	buf_init(&out, 8); /* far too small: a failure, never a truncated diff */
	struct tc_err err = {0};
	assert_int_equal(rsdiff_text(x, y, &out, &err), -1);
	assert_int_equal(err.code, TC_ENOMEM);
	buf_free(&out);
	rs_free(x);
	rs_free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_is_empty),
		cmocka_unit_test(test_changed_fields),
		cmocka_unit_test(test_added_and_removed),
		cmocka_unit_test(test_output_cap_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
