/* Unit tests for src/web/html: escapers and the typed formatter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/pts.h"
#include "web/html.h"

static struct buf b;

static int setup(void **state)
{
	(void)state;
	buf_init(&b, 0);
	html_bug_take(NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&b);
	return 0;
}

static void test_text_escape(void **state)
{
	(void)state;
	assert_int_equal(html_printf(&b, "<p>%h</p>", "<script>alert('x')&\"</script>"), 0);
	assert_string_equal(buf_cstr(&b),
		"<p>&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;</p>");
}

static void test_text_keeps_utf8_replaces_invalid(void **state)
{
	(void)state;
	html_printf(&b, "%h|%h", "Đặc khu Côn Đảo", "a\xC0\x80z\xE1\xBA");
	assert_string_equal(buf_cstr(&b), "Đặc khu Côn Đảo|a\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_attr_escape(void **state)
{
	(void)state;
	html_printf(&b, "<a title=\"%a\">", "x\" onmouseover=`a`\n");
	assert_string_equal(buf_cstr(&b),
		"<a title=\"x&quot; onmouseover&#61;&#96;a&#96;&#10;\">");
}

static void test_url_escape(void **state)
{
	(void)state;
	html_printf(&b, "/quy-tac?q=%u", "a b&c=d/ế~");
	assert_string_equal(buf_cstr(&b), "/quy-tac?q=a%20b%26c%3Dd%2F%E1%BA%BF~");
}

static void test_js_escape(void **state)
{
	(void)state;
	html_printf(&b, "'%j'", "</script><b>\"x'\\\n\xE2\x80\xA8");
	assert_string_equal(buf_cstr(&b),
		"'\\u003C\\u002Fscript\\u003E\\u003Cb\\u003E\\\"x\\'\\\\\\n\\u2028'");
}

static void test_numbers_points_percent(void **state)
{
	(void)state;
	html_printf(&b, "%d %ld %lld %zu %P %P %P 100%%", -5, 70000L, -9000000000LL,
		    (size_t)42, (tc_pts)9545, (tc_pts)1000, (tc_pts)950);
	assert_string_equal(buf_cstr(&b), "-5 70000 -9000000000 42 95,45 10 9,5 100%");
}

static void test_null_and_trusted(void **state)
{
	(void)state;
	html_printf(&b, "[%h][%S]", NULL, "<b>const</b>");
	assert_string_equal(buf_cstr(&b), "[][<b>const</b>]");
}

/* The formats below are deliberately wrong; they go through a variable so
 * the build-time check (tools/htmlcheck.c) sees no literal %s here. */
static void test_plain_s_rejected(void **state)
{
	(void)state;
	const char *bad[] = {"x %s y", "%5d", "%-h", "%x", "%", "%lu", "%zd"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&b);
		assert_int_equal(html_printf(&b, bad[i], "<i>", 1), -1);
		char why[200];
		assert_int_equal(html_bug_take(why, sizeof why), 1);
		assert_non_null(strstr(why, "not allowed"));
		assert_null(strstr(buf_cstr(&b), "<i>")); /* value never written raw */
		assert_int_equal(html_bug_take(NULL, 0), 0); /* flag cleared */
	}
}

static void test_buffer_cap_fails(void **state)
{
	(void)state;
	struct buf small;
	buf_init(&small, 10);
	assert_int_equal(html_printf(&small, "%h", "<<<<<"), -1);
	assert_true(buf_failed(&small));
	assert_int_equal(html_bug_take(NULL, 0), 0); /* a full buffer is not a bug */
	buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_keeps_utf8_replaces_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_js_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_points_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_and_trusted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_s_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_cap_fails, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
