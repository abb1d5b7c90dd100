/* auth.c — passwords, tokens, constant-time checks (see auth.h). */
#include "web/auth.h"

#include <string.h>

#include <sodium.h>

int auth_init(struct tc_err *err)
{
	if (sodium_init() < 0)
		return tc_err_set(err, TC_EINTERNAL, "libsodium could not be initialised "
				  "(no entropy source?); cannot create sessions or hash passwords");
	return 0;
}

int auth_hash_password(const char *pw, char out[AUTH_HASH_MAX], struct tc_err *err)
{
	size_t n = strlen(pw);
	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return tc_err_set(err, TC_EINPUT, "Mật khẩu phải dài từ %d đến %d ký tự (byte).",
				  AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	if (crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return tc_err_set(err, TC_ENOMEM, "hashing the password ran out of memory "
				  "(argon2id needs %zu MiB)", (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20);
	return 0;
}

bool auth_verify_password(const char *hash, const char *pw)
{
	size_t n = strlen(pw);
	if (n > AUTH_PASSWORD_MAX)
		return false;
	return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

bool auth_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void auth_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

bool auth_token_wellformed(const char *s)
{
	if (strlen(s) != AUTH_TOKEN_LEN)
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

void auth_session_key(const char *sid, char out[AUTH_KEY_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)sid, strlen(sid), NULL, 0);
	sodium_bin2hex(out, AUTH_KEY_LEN + 1, h, sizeof h);
}

bool auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

bool auth_csrf_ok(const char *expected, const char *given)
{
	return expected && given && auth_token_wellformed(expected) &&
	       auth_token_wellformed(given) && auth_equal(expected, given);
}

bool auth_session_live(const struct auth_session *s, int64_t now)
{
	return now - s->last_seen <= AUTH_SESSION_IDLE &&
	       now - s->created <= AUTH_SESSION_ABSOLUTE && now >= s->created;
}
