/* text.h — Unicode text helpers for Vietnamese (libutf8proc underneath).
 *
 * Every function takes (data, len), reads exactly len bytes (no NUL needed)
 * and returns a NEW NUL-terminated string that the caller frees with
 * tc_free(). Input must be valid UTF-8 without NUL bytes (else TC_EINPUT
 * with the byte offset) and at most TEXT_MAX_LEN bytes. Allocation goes
 * through util/mem.h, so out-of-memory is a TC_ENOMEM error, never an abort.
 */
#ifndef TC_TEXT_H
#define TC_TEXT_H

#include <stddef.h>

#include "util/err.h"

#define TEXT_MAX_LEN ((size_t)16 << 20)  /* 16 MiB: names, cells, pages */

/* Unicode NFC: the one form stored and compared ("Hòa" typed with a
 * combining grave becomes the precomposed ò). Tone placement ("Hoà" vs
 * "Hòa") is spelling, not normalisation: NFC keeps it as typed. */
char *text_nfc(const char *s, size_t len, struct tc_err *err);

/* A search key that ignores case, diacritics and tone placement, with
 * whitespace collapsed and trimmed: "  Sóc  Hà " -> "soc ha", "Đại Sơn" ->
 * "dai son", "Hoà" and "Hòa" -> "hoa". Compatibility forms are folded too
 * (full-width letters, "ﬁ"). Compare keys with strcmp, or strstr for
 * "contains". */
char *text_search_key(const char *s, size_t len, struct tc_err *err);

/* Trims leading and trailing whitespace and turns every inner run of
 * whitespace (ASCII space, tab, CR, LF, VT, FF, NEL, and the Unicode space
 * separators such as U+00A0 NO-BREAK SPACE) into one ASCII space. Other text
 * is left as it is (not normalised). */
char *text_collapse_ws(const char *s, size_t len, struct tc_err *err);

/* Guesses which legacy Vietnamese 8-bit encoding `data` is in, from how well
 * its bytes >= 0x80 read as Vietnamese letters in each candidate:
 * "Windows-1258", "TCVN3 (ABC)" or "VNI" (the VNI Windows fonts), or NULL
 * when there is no high byte, the bytes mostly form valid UTF-8, or no
 * candidate explains them. Meant for messages ("the file looks like
 * Windows-1258; save it as UTF-8"), not for converting: a short text can fit
 * several encodings (ties go to Windows-1258, what Excel writes on a
 * Vietnamese Windows). Reads at most the first 1 MiB. Static strings. */
const char *text_guess_legacy(const char *data, size_t len);

#endif
