/* Unit tests for util/text: NFC, search keys, whitespace, and the legacy
 * encoding guess. The Windows-1258 and TCVN3 samples were made with
 * `printf '%s' TEXT | iconv -t CP1258` and `iconv -t TCVN`; iconv has no
 * VNI, so the VNI samples were encoded by hand from the VNI byte layout
 * (base letter + one mark byte; ơ ư đ and toned i as single bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/csv.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

/* "Xã Sóc Hà, huyện Hà Quảng, tỉnh Cao Bằng đạt chuẩn tiếp cận pháp luật" */
static const char S1_CP1258[] =
	"Xa\xDE S\xF3" "c H\xE0, huy\xEA\xF2n H\xE0 Qua\xD2ng, ti\xD2nh Cao B\xE3\xCCng "
	"\xF0" "a\xF2t chu\xE2\xD2n ti\xEA\xECp c\xE2\xF2n ph\xE1p lu\xE2\xF2t";
static const char S1_TCVN[] =
	"X\xB7 S\xE3" "c H\xB5, huy\xD6n H\xB5 Qu\xB6ng, t\xD8nh Cao B\xBBng \xAE\xB9t "
	"chu\xC8n ti\xD5p c\xCBn ph\xB8p lu\xCBt";
static const char S1_VNI[] =
	"Xa\xF5 So\xF9" "c Ha\xF8, huye\xE4n Ha\xF8 Qua\xFBng, t\xE6nh Cao Ba\xE8ng \xF1" "a\xEFt "
	"chua\xE5n tie\xE1p ca\xE4n pha\xF9p lua\xE4t";
/* "Người dân được tiếp cận thông tin pháp luật đầy đủ" */
static const char S2_CP1258[] =
	"Ng\xFD\xF5\xCCi d\xE2n \xF0\xFD\xF5\xF2" "c ti\xEA\xECp c\xE2\xF2n th\xF4ng tin ph\xE1p "
	"lu\xE2\xF2t \xF0\xE2\xCCy \xF0u\xD2";
static const char S2_TCVN[] =
	"Ng\xAD\xEAi d\xA9n \xAE\xAD\xEE" "c ti\xD5p c\xCBn th\xABng tin ph\xB8p lu\xCBt "
	"\xAE\xC7y \xAE\xF1";
static const char S2_VNI[] =
	"Ng\xF6\xF4\xF8i da\xE2n \xF1\xF6\xF4\xEF" "c tie\xE1p ca\xE4n tho\xE2ng tin pha\xF9p "
	"lua\xE4t \xF1" "a\xE0y \xF1u\xFB";

static void expect(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	tc_free(got);
}

#define S(x) (x), strlen(x)

static void test_nfc(void **state)
{
	(void)state;
	struct tc_err err;
	/* o + U+0300 -> ò; e + U+0323 + U+0302 (any order) -> ệ */
	expect(text_nfc(S("Ho\xCC\x80" "a"), &err), "Hòa");
	expect(text_nfc(S("Vie\xCC\xA3\xCC\x82t"), &err), "Việt");
	expect(text_nfc(S("Vie\xCC\x82\xCC\xA3t"), &err), "Việt");
	expect(text_nfc(S("Sóc Hà"), &err), "Sóc Hà");
	expect(text_nfc(S("Hoà"), &err), "Hoà");   /* tone placement is kept */
	expect(text_nfc("", 0, &err), "");
	/* Only len bytes are read. */
	expect(text_nfc("Hà Nội", 3, &err), "Hà");
}

static void test_bad_input(void **state)
{
	(void)state;
	struct tc_err err;
	char *(*const fns[3])(const char *, size_t, struct tc_err *) = {
		text_nfc, text_search_key, text_collapse_ws
	};
	for (int i = 0; i < 3; i++) {
		assert_null(fns[i](S("S\xF3" "c"), &err));
		assert_int_equal(err.code, TC_EINPUT);
		assert_string_equal(err.msg, "invalid UTF-8 (byte 0xF3 at offset 1): save the text as UTF-8");
		assert_null(fns[i]("ab\0c", 4, &err));
		assert_string_equal(err.msg, "NUL byte at offset 2: text must not contain NUL");
		assert_null(fns[i](S("abc\xE1\xBA"), &err));   /* truncated sequence */
		assert_null(fns[i](S("\xED\xA0\x80"), &err));  /* surrogate */
	}
}

static void test_long_input(void **state)
{
	(void)state;
	struct tc_err err;
	const char *unit = "Vie\xCC\xA3\xCC\x82t  Nam ";   /* NFD, 2 spaces */
	size_t ul = strlen(unit), reps = 100000, n = ul * reps;
	char *big = tc_malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < reps; i++)
		memcpy(big + i * ul, unit, ul);
	char *nfc = text_nfc(big, n, &err);
	assert_non_null(nfc);
	assert_int_equal(strlen(nfc), reps * strlen("Việt  Nam "));
	assert_memory_equal(nfc, "Việt  Nam Việt", strlen("Việt  Nam Việt"));
	tc_free(nfc);
	char *key = text_search_key(big, n, &err);
	assert_non_null(key);
	assert_int_equal(strlen(key), reps * strlen("viet nam ") - 1);
	tc_free(key);
	tc_free(big);
	/* Over the cap: refused before anything is read or allocated. */
	size_t over = TEXT_MAX_LEN + 1;
	char *huge = tc_malloc(over);
	assert_non_null(huge);
	memset(huge, 'a', over);
	assert_null(text_collapse_ws(huge, over, &err));
	assert_int_equal(err.code, TC_EINPUT);
	tc_free(huge);
}

static void test_oom(void **state)
{
	(void)state;
	struct tc_err err;
	for (long k = 0; k < 2; k++) {
		tc_mem_fail_after(k);
		char *a = text_search_key(S("Đại Sơn"), &err);
		tc_mem_fail_after(-1);
		assert_null(a);
		assert_int_equal(err.code, TC_ENOMEM);
	}
	tc_mem_fail_after(0);
	assert_null(text_nfc(S("Hòa"), &err));
	assert_null(text_collapse_ws(S("a b"), &err));
	tc_mem_fail_after(-1);
	assert_int_equal(err.code, TC_ENOMEM);
}

static void test_search_key(void **state)
{
	(void)state;
	struct tc_err err;
	expect(text_search_key(S("Sóc Hà"), &err), "soc ha");
	expect(text_search_key(S("Đại Sơn"), &err), "dai son");
	expect(text_search_key(S("ĐẠI SƠN"), &err), "dai son");
	expect(text_search_key(S("Hoà"), &err), "hoa");
	expect(text_search_key(S("Hòa"), &err), "hoa");
	expect(text_search_key(S("Ho\xCC\x80" "a"), &err), "hoa");   /* NFD */
	expect(text_search_key(S("  Xã\tSóc \xC2\xA0 Hà\r\n"), &err), "xa soc ha");
	expect(text_search_key(S("Phường Ngọc Hà – Ba Đình"), &err), "phuong ngoc ha - ba dinh");
	expect(text_search_key(S("\xEF\xBC\xA8\xC3\xA0"), &err), "ha");   /* full-width Ｈà */
	expect(text_search_key(S("Ưu tiên\x01"), &err), "uu tien");
	expect(text_search_key(S("Thị trấn 3"), &err), "thi tran 3");
	expect(text_search_key("", 0, &err), "");
	expect(text_search_key(S(" \t\n "), &err), "");
}

static void test_collapse_ws(void **state)
{
	(void)state;
	struct tc_err err;
	expect(text_collapse_ws(S(" a \t\n b  "), &err), "a b");
	expect(text_collapse_ws(S("Sóc\xC2\xA0\xC2\xA0Hà"), &err), "Sóc Hà");
	expect(text_collapse_ws(S("Sóc Hà"), &err), "Sóc Hà");
	expect(text_collapse_ws(S("Ho\xCC\x80" "a"), &err), "Ho\xCC\x80" "a");   /* not normalised */
	expect(text_collapse_ws(S("\xE3\x80\x80x\xE2\x80\xA8y\xC2\x85"), &err), "x y");
	expect(text_collapse_ws("", 0, &err), "");
	expect(text_collapse_ws(S("   "), &err), "");
}

static void test_guess(void **state)
{
	(void)state;
	assert_string_equal(text_guess_legacy(S(S1_CP1258)), "Windows-1258");
	assert_string_equal(text_guess_legacy(S(S2_CP1258)), "Windows-1258");
	assert_string_equal(text_guess_legacy(S(S1_TCVN)), "TCVN3 (ABC)");
	assert_string_equal(text_guess_legacy(S(S2_TCVN)), "TCVN3 (ABC)");
	assert_string_equal(text_guess_legacy(S(S1_VNI)), "VNI");
	assert_string_equal(text_guess_legacy(S(S2_VNI)), "VNI");
	/* Short names. */
	assert_string_equal(text_guess_legacy(S("S\xF3" "c H\xE0")), "Windows-1258");
	assert_string_equal(text_guess_legacy(S("\xD0" "a\xF2i S\xF5n")), "Windows-1258");
	assert_string_equal(text_guess_legacy(S("\xA7\xB9i S\xACn")), "TCVN3 (ABC)");
	assert_string_equal(text_guess_legacy(S("\xD1" "a\xEFi S\xF4n")), "VNI");
}

static void test_guess_none(void **state)
{
	(void)state;
	assert_null(text_guess_legacy("", 0));
	assert_null(text_guess_legacy(S("plain ASCII, 1,2,3")));
	assert_null(text_guess_legacy(S("Xã Sóc Hà đạt chuẩn")));           /* UTF-8 */
	assert_null(text_guess_legacy(S("Xã Sóc Hà đạt chuẩn \xFF")));     /* UTF-8, one bad byte */
	assert_null(text_guess_legacy(S("\x80\x81\x8D\x8F\x90\x9D")));      /* no letters */
	assert_null(text_guess_legacy(S("\xA4\xA6\xA7\xB1\xB2\xB3")));      /* symbols */
	/* Only len bytes are read: the high bytes lie beyond. */
	assert_null(text_guess_legacy(S1_TCVN, 1));
	/* Pseudo-random bytes: any answer, but no crash or over-read. */
	unsigned x = 12345;
	char noise[4096];
	for (size_t i = 0; i < sizeof noise; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(x >> 16);
	}
	for (size_t n = 0; n <= sizeof noise; n += 97)
		(void)text_guess_legacy(noise, n);
}

/* The CSV reader names the guessed encoding. */
static void test_csv_message(void **state)
{
	(void)state;
	struct tc_err err;
	const char *inputs[3] = { S1_CP1258, S2_TCVN, S1_VNI };
	const char *want[3] = {
		"x.csv:2: invalid UTF-8 (byte 0xDE at offset 11): the file looks like Windows-1258; "
			"save it as CSV UTF-8 and try again",
		"x.csv:2: invalid UTF-8 (byte 0xAD at offset 11): the file looks like TCVN3 (ABC); "
			"save it as CSV UTF-8 and try again",
		"x.csv:2: invalid UTF-8 (byte 0xF5 at offset 11): the file looks like VNI; "
			"save it as CSV UTF-8 and try again",
	};
	for (int i = 0; i < 3; i++) {
		char data[256];
		int n = snprintf(data, sizeof data, "ma,ten\n1,%s\n", inputs[i]);
		assert_true(n > 0 && (size_t)n < sizeof data);
		assert_null(csv_open(data, (size_t)n, "x.csv", &err));
		assert_string_equal(err.msg, want[i]);
	}
	/* No guess: the general message is kept. */
	char data[] = "a,b\nx,\x80\x81\n";
	assert_null(csv_open(data, strlen(data), "x.csv", &err));
	assert_non_null(strstr(err.msg, "x.csv:2: invalid UTF-8 (byte 0x80 at offset 6): the file is probably"));
}

/* Every prefix of each sample, in a heap block of exactly that size, so the
 * sanitizer build catches any read past len; cut UTF-8 is an error, never a
 * crash. */
static void test_prefixes_never_overread(void **state)
{
	(void)state;
	const char *samples[] = { "  Xã Sóc\xC2\xA0Hà – Đại Sơn  ", S1_VNI, S2_TCVN };
	struct tc_err err;
	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(samples[k]);
		for (size_t n = 0; n <= len; n++) {
			char *copy = tc_malloc(n ? n : 1);
			assert_non_null(copy);
			memcpy(copy, samples[k], n);
			tc_free(text_nfc(copy, n, &err));
			tc_free(text_search_key(copy, n, &err));
			tc_free(text_collapse_ws(copy, n, &err));
			(void)text_guess_legacy(copy, n);
			tc_free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_search_key),
		cmocka_unit_test(test_collapse_ws),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_guess_none),
		cmocka_unit_test(test_csv_message),
		cmocka_unit_test(test_prefixes_never_overread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
