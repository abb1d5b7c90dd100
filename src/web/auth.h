/* auth.h — security primitives for the web layer (libsodium).
 *
 * Passwords: argon2id via crypto_pwhash_str with the "interactive" limits;
 * the stored string carries its own salt and parameters. Tokens: 256 random
 * bits (randombytes_buf) as base64url without padding (43 characters), used
 * for session ids and CSRF tokens. Comparisons of secrets are constant-time.
 *
 * Sessions themselves live in the store (src/store, another module). The web
 * layer talks to it through struct auth_session_ops, filled by whoever owns
 * the store, so this module holds no session state of its own. The store
 * should keep auth_session_key(sid) — a hash — not the raw id, so a copy of
 * the database does not hand out live sessions.
 */
#ifndef TC_AUTH_H
#define TC_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define AUTH_HASH_MAX 128          /* >= crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN 43          /* base64url of 32 bytes, no padding */
#define AUTH_KEY_LEN 64            /* hex of a 32-byte hash */
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024

/* Once per process before any other call (sodium_init). */
int auth_init(struct tc_err *err);

/* out gets a NUL-terminated "$argon2id$..." string. TC_EINPUT if the
 * password is shorter than AUTH_PASSWORD_MIN or longer than _MAX bytes. */
int auth_hash_password(const char *pw, char out[AUTH_HASH_MAX], struct tc_err *err);
/* true if pw matches hash (constant-time inside libsodium). */
bool auth_verify_password(const char *hash, const char *pw);
/* true if hash uses weaker parameters than today's and should be redone. */
bool auth_needs_rehash(const char *hash);

/* 256 random bits, base64url, NUL-terminated. */
void auth_token(char out[AUTH_TOKEN_LEN + 1]);
/* true if s looks like a token (length and alphabet) — check before lookup. */
bool auth_token_wellformed(const char *s);
/* Storage key for a session id: hex BLAKE2b-256 of it. */
void auth_session_key(const char *sid, char out[AUTH_KEY_LEN + 1]);
/* Constant-time equality of two NUL-terminated secrets (lengths may leak). */
bool auth_equal(const char *a, const char *b);
/* The CSRF check for a state-changing request: `given` (X-CSRF-Token header
 * or the form's csrf field) is a well-formed token equal to the session's. */
bool auth_csrf_ok(const char *expected, const char *given);

/* The seam to the session store (implemented by the store's owner). Times
 * are Unix seconds. Each returns 0, or -1 with err; lookup returns 0 and
 * *found = false for an unknown or expired key. */
struct auth_session {
	int64_t user_id;
	char csrf[AUTH_TOKEN_LEN + 1];
	int64_t created, last_seen;
};

struct auth_session_ops {
	void *ctx;
	int (*create)(void *ctx, const char *key, const struct auth_session *s,
		      struct tc_err *err);
	int (*lookup)(void *ctx, const char *key, int64_t now, bool *found,
		      struct auth_session *out, struct tc_err *err);
	int (*touch)(void *ctx, const char *key, int64_t now, struct tc_err *err);
	int (*destroy)(void *ctx, const char *key, struct tc_err *err);
};

/* Idle and absolute session lifetimes (seconds). */
#define AUTH_SESSION_IDLE (30 * 60)
#define AUTH_SESSION_ABSOLUTE (12 * 60 * 60)

/* true if a session seen at `now` is still valid under both limits. */
bool auth_session_live(const struct auth_session *s, int64_t now);

#endif
