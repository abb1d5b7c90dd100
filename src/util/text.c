/* text.c — see text.h. Normalisation uses libutf8proc into buffers from
 * util/mem.h (not utf8proc_map, which would malloc behind our back). */
#include "util/text.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "util/mem.h"
#include "util/utf8.h"

#define GUESS_WINDOW ((size_t)1 << 20)

/* Rejects what no text function accepts: too long, NUL, invalid UTF-8. */
static int check_input(const char *s, size_t len, struct tc_err *err)
{
	size_t bad;
	if (len > TEXT_MAX_LEN)
		return tc_err_set(err, TC_EINPUT, "text of %zu bytes is longer than the %zu allowed",
				  len, TEXT_MAX_LEN);
	const char *nul = memchr(s, '\0', len);
	if (nul != NULL)
		return tc_err_set(err, TC_EINPUT, "NUL byte at offset %zu: text must not contain NUL",
				  (size_t)(nul - s));
	if (!utf8_valid(s, len, &bad))
		return tc_err_set(err, TC_EINPUT,
				  "invalid UTF-8 (byte 0x%02X at offset %zu): save the text as UTF-8",
				  (unsigned char)s[bad], bad);
	return 0;
}

/* Decomposes s per `opts` into a new code point array with one spare slot
 * (utf8proc_reencode needs it); *n gets the count. */
static int32_t *decompose(const char *s, size_t len, utf8proc_option_t opts,
			  size_t *n, struct tc_err *err)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t need = utf8proc_decompose(u, (utf8proc_ssize_t)len, NULL, 0, opts);
	if (need < 0) {
		tc_err_set(err, TC_EINPUT, "cannot normalise the text: %s", utf8proc_errmsg(need));
		return NULL;
	}
	int32_t *cp = tc_reallocarray(NULL, (size_t)need + 1, sizeof *cp);
	if (cp == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory normalising %zu bytes of text", len);
		return NULL;
	}
	utf8proc_ssize_t got = utf8proc_decompose(u, (utf8proc_ssize_t)len, cp, need, opts);
	if (got < 0 || got > need) {
		tc_free(cp);
		tc_err_set(err, TC_EINTERNAL, "utf8proc_decompose changed its mind about the length");
		return NULL;
	}
	*n = (size_t)got;
	return cp;
}

char *text_nfc(const char *s, size_t len, struct tc_err *err)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	size_t n;
	if (check_input(s, len, err) != 0)
		return NULL;
	int32_t *cp = decompose(s, len, opts, &n, err);
	if (cp == NULL)
		return NULL;
	/* Composes and writes UTF-8 over the code points, in place. */
	utf8proc_ssize_t bytes = utf8proc_reencode(cp, (utf8proc_ssize_t)n, opts);
	if (bytes < 0) {
		tc_free(cp);
		tc_err_set(err, TC_EINTERNAL, "cannot normalise the text: %s", utf8proc_errmsg(bytes));
		return NULL;
	}
	return (char *)cp;
}

static int is_space(int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85)
		return 1;
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL ||
	       k == UTF8PROC_CATEGORY_ZP;
}

/* Writes code points cp[0..n) as UTF-8 into out (room for 4n + 1 bytes)
 * with whitespace collapsed and trimmed. For a search key (key != 0) it also
 * drops control characters and maps đ to d (đ has no decomposition). */
static void emit(const int32_t *cp, size_t n, int key, char *out)
{
	size_t o = 0;
	int pending = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t c = cp[i];
		if (is_space(c)) {
			pending = o > 0;
			continue;
		}
		if (key && utf8proc_category(c) == UTF8PROC_CATEGORY_CC)
			continue;
		if (key && (c == 0x0111 || c == 0x0110))
			c = 'd';
		if (pending)
			out[o++] = ' ';
		pending = 0;
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
	}
	out[o] = '\0';
}

char *text_search_key(const char *s, size_t len, struct tc_err *err)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
		UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
	size_t n;
	if (check_input(s, len, err) != 0)
		return NULL;
	int32_t *cp = decompose(s, len, opts, &n, err);
	if (cp == NULL)
		return NULL;
	char *out = tc_reallocarray(NULL, n + 1, 4);
	if (out == NULL) {
		tc_free(cp);
		tc_err_set(err, TC_ENOMEM, "out of memory building a search key");
		return NULL;
	}
	emit(cp, n, 1, out);
	tc_free(cp);
	return out;
}

char *text_collapse_ws(const char *s, size_t len, struct tc_err *err)
{
	if (check_input(s, len, err) != 0)
		return NULL;
	/* Collapsing never lengthens valid UTF-8: len + 1 bytes suffice. */
	char *out = tc_malloc(len + 1);
	if (out == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory collapsing whitespace");
		return NULL;
	}
	size_t i = 0, o = 0;
	int pending = 0;
	while (i < len) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {   /* cannot happen after check_input */
			tc_free(out);
			tc_err_set(err, TC_EINTERNAL, "invalid UTF-8 at offset %zu", i);
			return NULL;
		}
		if (is_space(c)) {
			pending = o > 0;
		} else {
			if (pending)
				out[o++] = ' ';
			pending = 0;
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	out[o] = '\0';
	return out;
}

/* ---- legacy encoding guess ----
 *
 * Each candidate gives every byte >= 0x80 a class: a Vietnamese LETTER in
 * that encoding, a MARK that is only valid right after certain vowels
 * (Windows-1258 combining tones; VNI's tone / circumflex / breve bytes), a
 * NEUTRAL byte (punctuation any Windows text has), or anything ELSE (a
 * symbol or a letter Vietnamese does not use). A letter scores +1, a mark in
 * a valid place +2 and in an invalid one -2, anything else -2; the best
 * positive score wins. The byte values below come from the published code
 * tables (Windows-1258; TCVN 5712 as in glibc iconv; the VNI font layout). */

enum { CL_ELSE, CL_NEUTRAL, CL_LETTER, CL_MARK };

static int ascii_vowel(unsigned c)
{
	return c != 0 && strchr("aeiouyAEIOUY", (int)c) != NULL;
}

/* Punctuation in the 0x80–0x9F range of the Windows code pages. */
static int win_punct(unsigned b)
{
	return b == 0x80 || b == 0x82 || b == 0x84 || b == 0x85 || b == 0x86 ||
	       b == 0x87 || b == 0x89 || b == 0x8B || (b >= 0x91 && b <= 0x97) ||
	       b == 0x99 || b == 0x9B || b == 0xA0 || b == 0xB0;
}

static int in(unsigned b, const char *set)
{
	return b != 0 && strchr(set, (int)b) != NULL;
}

/* Windows-1258: precomposed vowels without tone or with grave/acute, Đ/đ,
 * and five combining tone marks that follow a vowel. */
static const char CP1258_LETTERS[] = "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCD\xD0\xD3\xD4\xD5"
	"\xD9\xDA\xDD\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xED\xF0\xF3\xF4\xF5\xF9\xFA\xFD";
static const char CP1258_BASES[] = "\xC2\xC3\xCA\xD4\xD5\xDD\xE2\xE3\xEA\xF4\xF5\xFD";
static const char CP1258_MARKS[] = "\xCC\xD2\xDE\xEC\xF2";

static int cls_cp1258(unsigned b, unsigned prev)
{
	if (in(b, CP1258_MARKS))
		return ascii_vowel(prev) || in(prev, CP1258_BASES) ? CL_MARK : -CL_MARK;
	if (in(b, CP1258_LETTERS))
		return CL_LETTER;
	return win_punct(b) ? CL_NEUTRAL : CL_ELSE;
}

/* TCVN3: 0xA1–0xAE ĂÂÊÔƠƯĐ ăâêôơưđ, 0xB5–0xFE toned lowercase vowels, with
 * the toned capitals of TCVN 5712 VN1 in the gaps; the capitals only count
 * when not right after a lowercase letter (an all-caps word). */
static const char TCVN_CAPS[] = "\xAF\xBA\xBF\xC0\xC1\xC2\xC3\xC4\xC5\xCD\xD9\xDA\xDB\xE0\xF0\xFF";

static int cls_tcvn(unsigned b, unsigned prev)
{
	if (b >= 0xA1 && b <= 0xAE)
		return CL_LETTER;
	if (b >= 0xB5 && b != 0xFF && !in(b, TCVN_CAPS))
		return CL_LETTER;
	if (in(b, TCVN_CAPS))
		return prev >= 'a' && prev <= 'z' ? CL_ELSE : CL_LETTER;
	return win_punct(b) || (b >= 0x80 && b <= 0x9F) ? CL_NEUTRAL : CL_ELSE;
}

/* VNI: a vowel is an ASCII letter followed by one mark byte: tone only
 * (after u, y, ơ, ư), tone or circumflex (after e, o), or also breve (after
 * a). ơ ư đ and the toned i are single bytes. */
static const char VNI_TONE[] = "\xF9\xF8\xFB\xF5\xEF\xD9\xD8\xDB\xD5\xCF";
static const char VNI_CIRC[] = "\xE2\xE1\xE0\xE5\xE3\xE4\xC2\xC1\xC0\xC5\xC3\xC4";
static const char VNI_BREVE[] = "\xEA\xE9\xE8\xFA\xFC\xEB\xCA\xC9\xC8\xDA\xDC\xCB";
static const char VNI_LETTERS[] = "\xF4\xF6\xF1\xD4\xD6\xD1\xED\xEC\xE6\xF3\xF2\xCD\xCC\xC6\xD3\xD2";

static int cls_vni(unsigned b, unsigned prev)
{
	int tone = in(b, VNI_TONE), circ = in(b, VNI_CIRC), breve = in(b, VNI_BREVE);
	if (tone || circ || breve) {
		int ok;
		if (prev == 'a' || prev == 'A')
			ok = 1;
		else if (in(prev, "eEoO"))
			ok = tone || circ;
		else
			ok = tone && (in(prev, "uUyY") || in(prev, "\xF4\xF6\xD4\xD6"));
		return ok ? CL_MARK : -CL_MARK;
	}
	if (in(b, VNI_LETTERS))
		return CL_LETTER;
	return win_punct(b) ? CL_NEUTRAL : CL_ELSE;
}

static int points(int cls)
{
	switch (cls) {
	case CL_LETTER: return 1;
	case CL_MARK: return 2;
	case CL_NEUTRAL: return 0;
	default: return -2;   /* CL_ELSE and an invalid mark */
	}
}

/* Counts well-formed multi-byte UTF-8 sequences and stray high bytes. */
static void utf8_census(const unsigned char *p, size_t n, size_t *seqs, size_t *stray)
{
	*seqs = *stray = 0;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t bad = 0, k = n - i < 4 ? n - i : 4;
		/* The longest valid prefix of up to 4 bytes that is one sequence. */
		size_t l;
		for (l = 2; l <= k; l++)
			if (utf8_valid((const char *)p + i, l, &bad))
				break;
		if (l <= k) {
			(*seqs)++;
			i += l;
		} else {
			(*stray)++;
			i++;
		}
	}
}

const char *text_guess_legacy(const char *data, size_t len)
{
	static const char *const names[3] = { "Windows-1258", "TCVN3 (ABC)", "VNI" };
	int (*const cls[3])(unsigned, unsigned) = { cls_cp1258, cls_tcvn, cls_vni };
	const unsigned char *p = (const unsigned char *)data;
	size_t n = len < GUESS_WINDOW ? len : GUESS_WINDOW, seqs, stray;
	utf8_census(p, n, &seqs, &stray);
	if (stray == 0 || seqs >= stray)
		return NULL;   /* no high bytes, or mostly UTF-8 with a few bad ones */
	int64_t score[3] = { 0, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		unsigned prev = i > 0 ? p[i - 1] : 0;
		for (int e = 0; e < 3; e++)
			score[e] += points(cls[e](p[i], prev));
	}
	int best = 0;   /* ties keep the earlier: Windows-1258 first */
	for (int e = 1; e < 3; e++)
		if (score[e] > score[best])
			best = e;
	return score[best] >= 2 ? names[best] : NULL;
}
