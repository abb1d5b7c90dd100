#!/bin/sh
# tests/suite-auth.sh BIN — end-to-end sign-in, sessions, CSRF, roles,
# throttling, the user CLI and the audit view, against the real binary over
# real HTTP (curl). Three servers share one database (sessions and
# throttling live in the store): A with --trust-proxy, B plain, C with
# --session-idle 3 for the idle-expiry check.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-auth.sh BIN}
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # description command...
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

command -v curl >/dev/null || { echo "curl missing (scripts/install-deps.sh)"; echo "0 passed, 1 failed"; exit 1; }

db=$(db_new "$tmp/t.db")
PW=mat-khau-demo
db_init "$BIN" "$db" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; echo "0 passed, 1 failed"; exit 1; }

# ---- the user CLI --------------------------------------------------------------
useradd() { # LOGIN ROLE UNIT [more args]: password from stdin
	l=$1 r=$2 u=$3
	shift 3
	if [ -n "$u" ]; then
		printf '%s\n' "$PW" | "$BIN" user add --db "$db" --login "$l" --role "$r" --unit "$u" --password-stdin "$@"
	else
		printf '%s\n' "$PW" | "$BIN" user add --db "$db" --login "$l" --role "$r" --password-stdin "$@"
	fi
}
check "user add admin" useradd admin admin "" --name "Quản trị" >/dev/null
check "user add commune 01417" useradd socha commune 01417 --name "UBND xã Sóc Hà" >/dev/null
check "user add reviewer 04" useradd td reviewer 04 >/dev/null
check "user add council 045" useradd hd council 045 >/dev/null

"$BIN" user list --db "$db" --format json >"$tmp/users0"
"$BIN" check --db "$db" >"$tmp/check0"
# bad input: exit 2, nothing on stdout, nothing written
cli_bad() { # description command...
	d=$1
	shift
	"$@" >"$tmp/cli.out" 2>"$tmp/cli.err" </dev/null
	rc=$?
	check "$d: exit 2" [ "$rc" -eq 2 ]
	check "$d: nothing on stdout" [ ! -s "$tmp/cli.out" ]
	check "$d: a message on stderr" [ -s "$tmp/cli.err" ]
}
pw_in() { printf '%s\n' "$1" >"$tmp/pw"; }
pw_in "$PW"
cli_bad "unknown role" sh -c "\"$BIN\" user add --db \"$db\" --login x1 --role king --password-stdin <\"$tmp/pw\""
cli_bad "commune with a province code" sh -c "\"$BIN\" user add --db \"$db\" --login x2 --role commune --unit 04 --password-stdin <\"$tmp/pw\""
cli_bad "unit that does not exist" sh -c "\"$BIN\" user add --db \"$db\" --login x3 --role reviewer --unit 99 --password-stdin <\"$tmp/pw\""
cli_bad "admin with a unit" sh -c "\"$BIN\" user add --db \"$db\" --login x4 --role admin --unit 04 --password-stdin <\"$tmp/pw\""
cli_bad "login with spaces" sh -c "\"$BIN\" user add --db \"$db\" --login 'a b' --role admin --password-stdin <\"$tmp/pw\""
cli_bad "taken login" sh -c "\"$BIN\" user add --db \"$db\" --login admin --role admin --password-stdin <\"$tmp/pw\""
cli_bad "no --password-stdin" "$BIN" user add --db "$db" --login x5 --role admin
cli_bad "empty stdin" "$BIN" user add --db "$db" --login x6 --role admin --password-stdin
pw_in short
cli_bad "short password" sh -c "\"$BIN\" user add --db \"$db\" --login x7 --role admin --password-stdin <\"$tmp/pw\""
cli_bad "passwd of an unknown user" sh -c "\"$BIN\" user passwd --db \"$db\" --login nobody --password-stdin <\"$tmp/pw\""
cli_bad "disable an unknown user" "$BIN" user disable --db "$db" --login nobody
cli_bad "unknown subcommand" "$BIN" user frobnicate
cli_bad "bad list format" "$BIN" user list --db "$db" --format xml
"$BIN" user list --db "$db" --format json >"$tmp/users1"
"$BIN" check --db "$db" >"$tmp/check1"
check "bad CLI input wrote no user" cmp -s "$tmp/users0" "$tmp/users1"
check "bad CLI input wrote no audit entry" cmp -s "$tmp/check0" "$tmp/check1"
check "user list shows the commune scope" grep -q '"unit": "01417"' "$tmp/users1"

# ---- servers ------------------------------------------------------------------------
start() { # NAME args...: sets url_NAME
	n=$1
	shift
	: >"$tmp/$n.out" # exists before the background redirect opens it
	"$BIN" serve --db "$db" --listen 127.0.0.1:0 --quiet "$@" >"$tmp/$n.out" 2>"$tmp/$n.err" &
	pids="$pids $!"
	u=""
	i=0
	while [ $i -lt 600 ] && [ -z "$u" ]; do
		u=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)$/\1/p' "$tmp/$n.out")
		[ -n "$u" ] || sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$u" ]; then
		echo "server $n did not start:"; cat "$tmp/$n.err"
		echo "$pass passed, $((fail + 1)) failed"
		exit 1
	fi
	eval "url_$n=\${u%/}"
}
start A --trust-proxy
start B
start C --session-idle 3
A=$url_A
B=$url_B
C=$url_C

# req URL [curl args]: body $tmp/body, headers $tmp/hdr, status echoed
req() {
	u=$1
	shift
	curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@" "$u"
}
hdr_has() { grep -qi "^$1" "$tmp/hdr"; }
body_has() { grep -q -- "$1" "$tmp/body"; }
cookie_line() { grep -i '^Set-Cookie: tiepcan_sid=' "$tmp/hdr" | tr -d '\r'; }
sid_of() { cookie_line | sed 's/^[^=]*=\([^;]*\);.*/\1/'; }
csrf_of() { sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$tmp/body"; }
login() { # BASE LOGIN PASSWORD [curl args]
	b=$1 l=$2 p=$3
	shift 3
	req "$b/api/v1/session" -X POST -H 'Content-Type: application/json' \
		-d "{\"login\":\"$l\",\"password\":\"$p\"}" "$@"
}
ck() { echo "Cookie: tiepcan_sid=$1"; }

# sign in
check "wrong password is 401" [ "$(login "$A" admin wrong-password)" = 401 ]
check "no cookie on failure" [ -z "$(cookie_line)" ]
check "401 message is Vietnamese" body_has 'mật khẩu không đúng'
check "unknown user is 401 too" [ "$(login "$A" nobody "$PW")" = 401 ]
check "admin signs in" [ "$(login "$A" admin "$PW")" = 200 ]
c=$(cookie_line)
S1=$(sid_of)
C1=$(csrf_of)
check "cookie is HttpOnly" sh -c "echo '$c' | grep -q 'HttpOnly'"
check "cookie is SameSite=Strict" sh -c "echo '$c' | grep -q 'SameSite=Strict'"
check "cookie has Path=/" sh -c "echo '$c' | grep -q 'Path=/'"
check "no Secure over plain HTTP" sh -c "! echo '$c' | grep -q 'Secure'"
check "session id is 43 characters" [ "${#S1}" -eq 43 ]
check "the answer carries the CSRF token" [ "${#C1}" -eq 43 ]
check "the answer names the user" body_has '"login":"admin"'
check "behind a TLS proxy the cookie is Secure" [ "$(login "$A" admin "$PW" -H 'X-Forwarded-Proto: https')" = 200 ]
check "Secure flag set" sh -c "grep -i '^Set-Cookie: tiepcan_sid=' '$tmp/hdr' | grep -q '; Secure'"
check "a form login is 303" [ "$(req "$A/dang-nhap" -d "login=admin&password=$PW&next=/quy-tac")" = 303 ]
check "... to the local next=" hdr_has 'Location: /quy-tac'
check "next= to another site is ignored" [ "$(req "$A/dang-nhap" -d "login=admin&password=$PW&next=//evil.example/")" = 303 ]
check "... the redirect stays home" hdr_has 'Location: /\s*$'
check "empty form fields are 400 with field errors" [ "$(req "$A/dang-nhap" -d 'login=&password=')" = 400 ]
check "... the login field's error" body_has 'id="loi-login"'

# who am I, on both servers (sessions are in the database)
check "GET /api/v1/session with the cookie is 200" [ "$(req "$A/api/v1/session" -H "$(ck "$S1")")" = 200 ]
check "... names admin" body_has '"role":"admin"'
check "the other server knows the session" [ "$(req "$B/api/v1/session" -H "$(ck "$S1")")" = 200 ]
check "without a session an API route is 401" [ "$(req "$A/api/v1/session")" = 401 ]
check "... JSON error" body_has '"error"'
check "audit API without a session is 401" [ "$(req "$A/api/v1/audit")" = 401 ]
check "an admin page without a session redirects to the login" [ "$(req "$A/quan-tri/nguoi-dung")" = 303 ]
check "... with next=" hdr_has 'Location: /dang-nhap?next=%2Fquan-tri%2Fnguoi-dung'
check "the header shows the user" [ "$(req "$A/" -H "$(ck "$S1")")" = 200 ]
check "... name and logout button" sh -c "grep -q 'Quản trị' '$tmp/body' && grep -q 'action=\"/dang-xuat\"' '$tmp/body'"
req "$A/" >/dev/null
check "the public header has a sign-in link" body_has 'href="/dang-nhap">Đăng nhập'

# a new id at every sign-in; signing in over an old session ends it
check "sign in again with the old cookie" [ "$(login "$A" admin "$PW" -H "$(ck "$S1")")" = 200 ]
S2=$(sid_of)
check "new session id" [ "${#S2}" -eq 43 -a "$S2" != "$S1" ]
check "the old id no longer works" [ "$(req "$A/api/v1/session" -H "$(ck "$S1")")" = 401 ]
req "$A/api/v1/session" -H "$(ck "$S2")" >/dev/null
C2=$(csrf_of)

# CSRF: a change without the token is refused and nothing changes
"$BIN" user list --db "$db" --format json >"$tmp/u0"
check "create user without CSRF is 403" [ "$(req "$A/quan-tri/nguoi-dung" -H "$(ck "$S2")" -d "login=moi&role=commune&unit=01639&password=$PW&password2=$PW")" = 403 ]
check "create user with a wrong CSRF is 403" [ "$(req "$A/quan-tri/nguoi-dung" -H "$(ck "$S2")" -d "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&login=moi&role=commune&unit=01639&password=$PW&password2=$PW")" = 403 ]
check "... message is Vietnamese" body_has 'chống giả mạo'
"$BIN" user list --db "$db" --format json >"$tmp/u1"
check "nothing was written" cmp -s "$tmp/u0" "$tmp/u1"
check "bad fields are 400" [ "$(req "$A/quan-tri/nguoi-dung" -H "$(ck "$S2")" -d "csrf=$C2&login=m%20i&role=commune&unit=04&password=abc&password2=abd")" = 400 ]
check "... login error next to the field" body_has 'id="loi-login"'
check "... unit error next to the field" body_has 'id="loi-unit"'
check "... password error next to the field" body_has 'id="loi-password"'
"$BIN" user list --db "$db" --format json >"$tmp/u2"
check "... and nothing was written" cmp -s "$tmp/u0" "$tmp/u2"
check "create user with CSRF is 303" [ "$(req "$A/quan-tri/nguoi-dung" -H "$(ck "$S2")" -d "csrf=$C2&login=moi&name=Người+mới&role=commune&unit=01639&password=$PW&password2=$PW")" = 303 ]
check "the new user can sign in" [ "$(login "$A" moi "$PW")" = 200 ]
SM=$(sid_of)
check "disable without CSRF is 403" [ "$(req "$A/quan-tri/nguoi-dung/moi/khoa" -H "$(ck "$S2")" -d "x=1")" = 403 ]
check "the user's session still works" [ "$(req "$A/api/v1/session" -H "$(ck "$SM")")" = 200 ]
check "disable with CSRF is 303" [ "$(req "$A/quan-tri/nguoi-dung/moi/khoa" -H "$(ck "$S2")" -d "csrf=$C2")" = 303 ]
check "a disabled user's session ends" [ "$(req "$A/api/v1/session" -H "$(ck "$SM")")" = 401 ]
check "a disabled user cannot sign in" [ "$(login "$A" moi "$PW")" = 401 ]
check "an admin cannot disable itself" [ "$(req "$A/quan-tri/nguoi-dung/admin/khoa" -H "$(ck "$S2")" -d "csrf=$C2")" = 409 ]

# every admin change is in the audit log, by the admin
check "audit API for the admin is 200" [ "$(req "$A/api/v1/audit?entity=app_user&limit=50" -H "$(ck "$S2")")" = 200 ]
check "the creation is logged by user:admin" sh -c "grep -q '\"actor\":\"user:admin\",\"action\":\"insert\",\"entity\":\"app_user\",\"key\":\"moi\"' '$tmp/body'"
check "the disabling is logged with before and after" sh -c "grep -q '\"action\":\"update\",\"entity\":\"app_user\"' '$tmp/body' && grep -q '\"active\":0' '$tmp/body'"
check "the audit page is 200" [ "$(req "$A/quan-tri/nhat-ky?entity=app_user" -H "$(ck "$S2")")" = 200 ]
check "... shows the change before → after" body_has 'active: 1 → 0'
check "... with a Vietnamese date" sh -c "grep -Eq '<td>[0-3][0-9]/[01][0-9]/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]</td>' '$tmp/body'"
check "... shows the new user's row" body_has '<code>moi</code>'
check "a bad page number is 400" [ "$(req "$A/api/v1/audit?before=x" -H "$(ck "$S2")")" = 400 ]

# roles: a commune official gets 403 on admin routes
check "commune official signs in" [ "$(login "$A" socha "$PW")" = 200 ]
SC=$(sid_of)
check "commune official: users page is 403" [ "$(req "$A/quan-tri/nguoi-dung" -H "$(ck "$SC")")" = 403 ]
check "commune official: audit API is 403" [ "$(req "$A/api/v1/audit" -H "$(ck "$SC")")" = 403 ]
check "commune official: audit page is 403" [ "$(req "$A/quan-tri/nhat-ky" -H "$(ck "$SC")")" = 403 ]

# logout: DELETE needs the CSRF header; the form needs the field
req "$A/api/v1/session" -H "$(ck "$SC")" >/dev/null
CC=$(csrf_of)
check "DELETE session without CSRF is 403" [ "$(req "$A/api/v1/session" -X DELETE -H "$(ck "$SC")")" = 403 ]
check "... the session still works" [ "$(req "$A/api/v1/session" -H "$(ck "$SC")")" = 200 ]
check "DELETE session with CSRF is 200" [ "$(req "$A/api/v1/session" -X DELETE -H "$(ck "$SC")" -H "X-CSRF-Token: $CC")" = 200 ]
check "... the cookie is cleared" hdr_has 'Set-Cookie: tiepcan_sid=x; Path=/; HttpOnly; SameSite=Strict; Max-Age=0'
check "... the session is gone" [ "$(req "$A/api/v1/session" -H "$(ck "$SC")")" = 401 ]
check "the reviewer signs in" [ "$(login "$A" td "$PW")" = 200 ]
ST=$(sid_of)
CT=$(csrf_of)
check "form logout without CSRF is 403" [ "$(req "$A/dang-xuat" -H "$(ck "$ST")" -d "x=1")" = 403 ]
check "form logout with CSRF is 303" [ "$(req "$A/dang-xuat" -H "$(ck "$ST")" -d "csrf=$CT")" = 303 ]
check "... the session is gone" [ "$(req "$A/api/v1/session" -H "$(ck "$ST")")" = 401 ]

# idle expiry (server C: --session-idle 3)
check "sign in on C" [ "$(login "$C" hd "$PW")" = 200 ]
SB=$(sid_of)
check "A (idle 30 min) accepts it" [ "$(req "$A/api/v1/session" -H "$(ck "$SB")")" = 200 ]
sleep 5
check "after 5 s idle C refuses it" [ "$(req "$C/api/v1/session" -H "$(ck "$SB")")" = 401 ]
check "... and it is deleted for A too" [ "$(req "$A/api/v1/session" -H "$(ck "$SB")")" = 401 ]

# the CLI: passwd and disable end the user's sessions
check "council member signs in" [ "$(login "$A" hd "$PW")" = 200 ]
SH=$(sid_of)
printf '%s\n' mat-khau-moi-2026 >"$tmp/pw2"
check "user passwd" sh -c "\"$BIN\" user passwd --db \"$db\" --login hd --password-stdin <\"$tmp/pw2\" >/dev/null"
check "... ends the session" [ "$(req "$A/api/v1/session" -H "$(ck "$SH")")" = 401 ]
check "... the old password fails" [ "$(login "$A" hd "$PW")" = 401 ]
check "... the new one works" [ "$(login "$A" hd mat-khau-moi-2026)" = 200 ]
SH=$(sid_of)
check "user disable" sh -c "\"$BIN\" user disable --db \"$db\" --login hd >/dev/null"
check "... ends the session" [ "$(req "$A/api/v1/session" -H "$(ck "$SH")")" = 401 ]
check "... and sign-in fails" [ "$(login "$A" hd mat-khau-moi-2026)" = 401 ]
check "user enable" sh -c "\"$BIN\" user enable --db \"$db\" --login hd >/dev/null"
check "... sign-in works again" [ "$(login "$A" hd mat-khau-moi-2026)" = 200 ]
"$BIN" user list --db "$db" >"$tmp/ul"
check "user list shows the account active" grep -Eq '^hd +council +045 +active' "$tmp/ul"

# throttling: 5 failures for one login → 429 even with the right password
i=0
while [ $i -lt 5 ]; do
	login "$A" td wrong-password >/dev/null
	i=$((i + 1))
done
check "the 6th attempt is 429" [ "$(login "$A" td "$PW")" = 429 ]
check "... with Retry-After" hdr_has 'Retry-After: [0-9]'
check "... and a Vietnamese message" body_has 'thử lại sau'
check "the form login is throttled too" [ "$(req "$A/dang-nhap" -d "login=td&password=$PW")" = 429 ]
check "the throttle holds on the other server" [ "$(login "$B" td "$PW")" = 429 ]
check "another login from the same address still works" [ "$(login "$A" hd mat-khau-moi-2026)" = 200 ]

# stopping is clean
for p in $pids; do kill "$p"; done
for p in $pids; do wait "$p"; done 2>/dev/null
pids=""
check "the database is intact" sh -c "\"$BIN\" check --db \"$db\" >/dev/null"
finish
