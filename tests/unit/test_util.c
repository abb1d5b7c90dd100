/* Unit tests for the util modules: buf, csv, utf8, mem, err. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

static void test_buf_append_and_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	assert_int_equal(buf_printf(&b, "%d", 123), 0);
	assert_string_equal(buf_cstr(&b), "abcd123");
	assert_int_equal(buf_puts(&b, "xy"), -1); /* 9 > cap 8 */
	assert_int_equal(buf_failed(&b), 2);
	assert_int_equal(buf_putc(&b, 'z'), -1); /* sticky */
	assert_string_equal(buf_cstr(&b), "abcd123");
	buf_free(&b);
}

static void test_buf_oom_is_sticky(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	tc_mem_fail_after(0);
	assert_int_equal(buf_puts(&b, "hello"), -1);
	tc_mem_fail_after(-1);
	assert_int_equal(buf_failed(&b), 1);
	assert_null(buf_detach(&b, NULL));
	buf_free(&b);
}

/* buf_printf writes in place when the text fits the room already there,
 * grows (keeping what was there) when it does not, and on the size cap
 * leaves the buffer as it was, terminated. */
static void test_buf_printf_room(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_reserve(&b, 16), 0);
	assert_int_equal(buf_printf(&b, "%s-%d", "ab", 7), 0); /* fits */
	assert_string_equal(buf_cstr(&b), "ab-7");
	assert_int_equal(buf_printf(&b, "%0200d", 5), 0);     /* grows */
	assert_int_equal(buf_len(&b), 204);
	assert_memory_equal(buf_cstr(&b), "ab-70000", 8);
	assert_int_equal(buf_cstr(&b)[203], '5');
	buf_free(&b);

	buf_init(&b, 10);
	assert_int_equal(buf_reserve(&b, 10), 0);
	assert_int_equal(buf_puts(&b, "abcdef"), 0);
	assert_int_equal(buf_printf(&b, "%s", "ghijk"), -1);   /* 11 > cap 10 */
	assert_int_equal(buf_failed(&b), 2);
	assert_string_equal(buf_cstr(&b), "abcdef");
	buf_free(&b);
}

static void test_utf8(void **state)
{
	(void)state;
	size_t off = 99;
	assert_true(utf8_valid("Sóc Hà", strlen("Sóc Hà"), NULL));
	assert_false(utf8_valid("ab\xC0\x80", 4, &off)); /* overlong */
	assert_int_equal(off, 2);
	assert_false(utf8_valid("\xED\xA0\x80", 3, &off)); /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4, &off)); /* > U+10FFFF */
	assert_false(utf8_valid("abc\xE1\xBA", 5, &off)); /* truncated */
	assert_int_equal(off, 3);
}

/* Reads all rows of `text` into "f1|f2;f1|f2;" form. */
static int rows_of(const char *text, char *out, size_t outn, struct tc_err *err)
{
	size_t len = strlen(text);
	char *data = tc_malloc(len + 1);
	memcpy(data, text, len + 1);
	struct csv_reader *r = csv_open(data, len, "t.csv", err);
	if (r == NULL) {
		tc_free(data);
		return -1;
	}
	struct buf b;
	buf_init(&b, 0);
	char **f;
	size_t n;
	int rc;
	while ((rc = csv_next(r, &f, &n, err)) == 1) {
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? "|" : "", f[i]);
		buf_printf(&b, "@%ld;", csv_line(r));
	}
	snprintf(out, outn, "%s", buf_cstr(&b));
	buf_free(&b);
	csv_close(r);
	tc_free(data);
	return rc;
}

static void test_csv_basic(void **state)
{
	(void)state;
	char out[256];
	struct tc_err err;
	assert_int_equal(rows_of("\xEF\xBB\xBF" "a,b\r\n\r\n\"x,\"\"y\"\"\",\"multi\nline\"\nlast,", out, sizeof out, &err), 0);
	assert_string_equal(out, "a|b@1;x,\"y\"|multi\nline@3;last|@5;");
}

static void test_csv_errors(void **state)
{
	(void)state;
	char out[256];
	struct tc_err err;
	assert_int_equal(rows_of("a,b\n\"open,c\n", out, sizeof out, &err), -1);
	assert_string_equal(err.msg, "t.csv:2: unterminated quoted field (a \" is never closed)");
	assert_int_equal(rows_of("a\nb\"c\n", out, sizeof out, &err), -1);
	assert_non_null(strstr(err.msg, "t.csv:2:"));
	assert_int_equal(rows_of("ok\nS\xF3" "c H\xE0\n", out, sizeof out, &err), -1);
	assert_non_null(strstr(err.msg, "t.csv:2: invalid UTF-8"));
	assert_non_null(strstr(err.msg, "Windows-1258"));
	assert_int_equal(err.code, TC_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append_and_cap),
		cmocka_unit_test(test_buf_oom_is_sticky),
		cmocka_unit_test(test_buf_printf_room),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
