/* Unit tests for src/web/form (urlencoded, cookies) and src/web/multipart,
 * including malformed and oversized inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "web/form.h"
#include "web/multipart.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new(0);
	return A ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static int parse(const char *s, struct form *f, struct tc_err *err)
{
	return form_parse_urlencoded(A, s, strlen(s), NULL, f, err);
}

static void test_urlencoded_basic(void **state)
{
	(void)state;
	struct form f;
	struct tc_err err = {0};
	assert_int_equal(parse("a=1&b=x+y&c=%C3%A1%2B&&d&e=", &f, &err), 0);
	assert_int_equal(f.n, 5);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "b"), "x y");
	assert_string_equal(form_get(&f, "c"), "á+");
	assert_string_equal(form_get(&f, "d"), "");
	assert_string_equal(form_get(&f, "e"), "");
	assert_null(form_get(&f, "z"));
	assert_int_equal(parse("", &f, &err), 0);
	assert_int_equal(f.n, 0);
}

static void test_urlencoded_duplicates(void **state)
{
	(void)state;
	struct form f;
	struct tc_err err = {0};
	assert_int_equal(parse("x=1&x=2&y=3", &f, &err), 0);
	assert_int_equal(form_count(&f, "x"), 2);
	assert_string_equal(form_get(&f, "x"), "1");
	assert_string_equal(f.f[1].value, "2");
	assert_null(form_get_unique(&f, "x", &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "\"x\""));
	assert_string_equal(form_get_unique(&f, "y", &err), "3");
}

static void test_urlencoded_malformed(void **state)
{
	(void)state;
	struct form f;
	const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=%00", "a=%C3",
			     "a=%C0%80", "a=%ED%A0%80", "a=\xFF"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tc_err err = {0};
		assert_int_equal(parse(bad[i], &f, &err), -1);
		assert_int_equal(err.code, TC_EINPUT);
		assert_true(strlen(err.msg) > 10);
	}
}

static void test_urlencoded_limits(void **state)
{
	(void)state;
	struct form f;
	struct tc_err err = {0};
	struct form_limits lim = {.max_fields = 3, .max_name = 4, .max_value = 5};
	const char *s = "a=1&b=2&c=3&d=4";
	assert_int_equal(form_parse_urlencoded(A, s, strlen(s), &lim, &f, &err), -1);
	assert_non_null(strstr(err.msg, "tối đa 3"));
	s = "abcde=1";
	assert_int_equal(form_parse_urlencoded(A, s, strlen(s), &lim, &f, &err), -1);
	s = "a=123456";
	assert_int_equal(form_parse_urlencoded(A, s, strlen(s), &lim, &f, &err), -1);
	assert_non_null(strstr(err.msg, "\"a\""));
	s = "a=12345";
	assert_int_equal(form_parse_urlencoded(A, s, strlen(s), &lim, &f, &err), 0);
	/* not NUL-terminated input: only len bytes are read */
	char raw[4] = {'k', '=', 'v', 'X'};
	assert_int_equal(form_parse_urlencoded(A, raw, 3, NULL, &f, &err), 0);
	assert_string_equal(form_get(&f, "k"), "v");
}

static void test_urlencoded_oom(void **state)
{
	(void)state;
	struct form f;
	struct tc_err err = {0};
	struct arena *small = arena_new(1024);
	char big[4096];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[1] = '=';
	assert_int_equal(form_parse_urlencoded(small, big, strlen(big), NULL, &f, &err), -1);
	assert_int_equal(err.code, TC_ENOMEM);
	arena_free(small);
}

static void test_cookies(void **state)
{
	(void)state;
	struct form f;
	struct tc_err err = {0};
	const char *h = "sid=abc123; theme=\"dark\"; bad name=1; =x; noval; csrf=q-_Z; x=a\"b";
	assert_int_equal(form_parse_cookies(A, h, strlen(h), &f, &err), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "sid"), "abc123");
	assert_string_equal(form_get(&f, "theme"), "dark");
	assert_string_equal(form_get(&f, "csrf"), "q-_Z");
	assert_null(form_get(&f, "x"));
	char many[2000] = "";
	size_t o = 0;
	for (int i = 0; i < 70; i++)
		o += (size_t)snprintf(many + o, sizeof many - o, "c%d=v; ", i);
	assert_int_equal(form_parse_cookies(A, many, o, &f, &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	char huge[9000];
	memset(huge, 'a', sizeof huge);
	assert_int_equal(form_parse_cookies(A, huge, sizeof huge, &f, &err), -1);
}

#define BODY(parts) "--XyZ\r\n" parts
static int mp(const char *body, struct mp_part **p, size_t *n, const struct mp_limits *lim,
	      struct tc_err *err)
{
	return mp_parse(A, "XyZ", body, strlen(body), lim, p, n, err);
}

static void test_multipart_ok(void **state)
{
	(void)state;
	struct mp_part *p;
	size_t n;
	struct tc_err err = {0};
	const char *body = "preamble\r\n--XyZ\r\n"
		"Content-Disposition: form-data; name=\"ghi_chu\"\r\n\r\n"
		"Xã Sóc Hà\r\n--XyZ\r\n"
		"content-disposition: form-data; name=\"tep\"; filename=\"C:\\tai lieu\\bien ban.pdf\"\r\n"
		"Content-Type: application/pdf\r\n\r\n"
		"%PDF-1\r\n\0bin\r\n--XyZ--\r\nepilogue";
	size_t len = strlen(body) + 1 + strlen("bin\r\n--XyZ--\r\nepilogue");
	assert_int_equal(mp_parse(A, "XyZ", body, len, NULL, &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "ghi_chu");
	assert_null(p[0].filename);
	assert_string_equal(p[0].data, "Xã Sóc Hà");
	assert_string_equal(p[1].name, "tep");
	assert_string_equal(p[1].filename, "bien ban.pdf");
	assert_string_equal(p[1].content_type, "application/pdf");
	assert_int_equal(p[1].len, 12);
	assert_memory_equal(p[1].data, "%PDF-1\r\n\0bin", 12);
}

static void test_multipart_boundary(void **state)
{
	(void)state;
	struct tc_err err = {0};
	char *b = mp_boundary(A, "multipart/form-data; boundary=----WebKitFormBoundaryAb12", &err);
	assert_string_equal(b, "----WebKitFormBoundaryAb12");
	b = mp_boundary(A, "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", &err);
	assert_string_equal(b, "a b");
	assert_null(mp_boundary(A, "text/plain; boundary=x", &err));
	assert_null(mp_boundary(A, "multipart/form-data", &err));
	assert_null(mp_boundary(A, "multipart/form-data; boundary=", &err));
	assert_null(mp_boundary(A, "multipart/form-data; boundary=a<b", &err));
	char longb[120] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 75);
	assert_null(mp_boundary(A, longb, &err));
}

static void test_multipart_filenames(void **state)
{
	(void)state;
	struct mp_part *p;
	size_t n;
	const char *bad[] = {"../../etc/passwd", "a/../b.pdf", "..", "dir/", "x\\..\\y",
			     "a\tb.pdf", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char body[300];
		snprintf(body, sizeof body, BODY("Content-Disposition: form-data; name=\"f\"; "
			 "filename=\"%s\"\r\n\r\ndata\r\n--XyZ--\r\n"), bad[i]);
		struct tc_err err = {0};
		assert_int_equal(mp(body, &p, &n, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "Tên tệp"));
	}
	struct tc_err err = {0};
	assert_int_equal(mp(BODY("Content-Disposition: form-data; name=\"f\"; "
		"filename=\"/home/u/a..b.png\"\r\n\r\nx\r\n--XyZ--"), &p, &n, NULL, &err), 0);
	assert_string_equal(p[0].filename, "a..b.png");
}

static void test_multipart_malformed(void **state)
{
	(void)state;
	struct mp_part *p;
	size_t n;
	const char *bad[] = {
		"no boundary here",
		BODY("Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue"), /* truncated */
		BODY("Content-Disposition: form-data; name=\"a\"\r\n"),          /* headers unterminated */
		BODY("\r\nvalue\r\n--XyZ--"),                                        /* no disposition */
		BODY("Content-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--"),
		BODY("Content-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--"),
		BODY("Content-Disposition: form-data\r\n\r\nv\r\n--XyZ--"),
		BODY("Bogus header line\r\n\r\nv\r\n--XyZ--"),
		BODY("Content-Disposition: form-data; name=\"a\"\r\n\r\n\xC3\x28\r\n--XyZ--"),
		"--XyZ",
		"--XyZjunk",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tc_err err = {0};
		assert_int_equal(mp(bad[i], &p, &n, NULL, &err), -1);
		assert_int_equal(err.code, TC_EINPUT);
	}
}

static void test_multipart_limits(void **state)
{
	(void)state;
	struct mp_part *p;
	size_t n;
	struct tc_err err = {0};
	struct mp_limits lim = {.max_parts = 2, .max_file = 4, .max_total = 6, .max_field = 3};
	const char *f5 = BODY("Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n12345\r\n--XyZ--");
	assert_int_equal(mp(f5, &p, &n, &lim, &err), -1);
	assert_non_null(strstr(err.msg, "mỗi tệp"));
	const char *tot = BODY("Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n1234\r\n--XyZ\r\n"
			       "Content-Disposition: form-data; name=\"g\"; filename=\"b\"\r\n\r\n123\r\n--XyZ--");
	assert_int_equal(mp(tot, &p, &n, &lim, &err), -1);
	assert_non_null(strstr(err.msg, "Tổng"));
	const char *fld = BODY("Content-Disposition: form-data; name=\"t\"\r\n\r\n1234\r\n--XyZ--");
	assert_int_equal(mp(fld, &p, &n, &lim, &err), -1);
	const char *three = BODY("Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\n"
				 "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--XyZ\r\n"
				 "Content-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n--XyZ--");
	assert_int_equal(mp(three, &p, &n, &lim, &err), -1);
	assert_non_null(strstr(err.msg, "tối đa 2"));
	lim.max_parts = 3;
	assert_int_equal(mp(three, &p, &n, &lim, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(p[2].data, "3");
}

/* Every prefix of a valid body must fail cleanly (never crash, never read
 * past len): a poor man's fuzz run under ASan. */
static void test_multipart_truncations(void **state)
{
	(void)state;
	const char *body = BODY("Content-Disposition: form-data; name=\"a\"\r\n\r\nxyz\r\n--XyZ\r\n"
		"Content-Disposition: form-data; name=\"f\"; filename=\"q.pdf\"\r\nContent-Type: a/b\r\n\r\n"
		"DATA\r\n--XyZ--\r\n");
	size_t len = strlen(body);
	for (size_t k = 0; k < len; k++) {
		char *copy = tc_malloc(k ? k : 1); /* exact size: ASan catches over-reads */
		memcpy(copy, body, k);
		struct mp_part *p;
		size_t n;
		struct tc_err err = {0};
		int rc = mp_parse(A, "XyZ", copy, k, NULL, &p, &n, &err);
		if (k < len - 2)
			assert_int_equal(rc, -1);
		struct form f;
		form_parse_urlencoded(A, copy, k, NULL, &f, &err);
		form_parse_cookies(A, copy, k, &f, &err);
		tc_free(copy);
	}
}

/* The shared check of uploaded files' first bytes against their type. */
static void test_content_matches(void **state)
{
	(void)state;
	assert_true(mp_content_matches("application/pdf", "%PDF-1.7\n", 9));
	assert_false(mp_content_matches("application/pdf", "MZ\x90\0", 4)); /* an .exe */
	assert_false(mp_content_matches("application/pdf", "%PDF", 4));      /* too short */
	assert_true(mp_content_matches("image/png", "\x89PNG\r\n\x1a\n", 8));
	assert_false(mp_content_matches("image/png", "\xff\xd8\xff\xe0", 4));
	assert_true(mp_content_matches("image/jpeg", "\xff\xd8\xff\xe0", 4));
	assert_true(mp_content_matches("application/msword", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8));
	assert_true(mp_content_matches(
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04", 4));
	assert_false(mp_content_matches("application/vnd.oasis.opendocument.text", "<html>", 6));
	assert_false(mp_content_matches("image/jpeg", "", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_urlencoded_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_oom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_filenames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_truncations, setup, teardown),
		cmocka_unit_test(test_content_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
