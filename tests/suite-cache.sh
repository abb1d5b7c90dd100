#!/bin/sh
# suite-cache.sh — the response cache of `tiepcan serve` (web/rcache.h):
# public pages asked without cookies are served again from memory
# (X-Cache: hit) until the next committed write, which shows on the very
# next request — through this server, through another server on the same
# database, or through the CLI — and no signed-in user's page is ever
# stored or served to anyone else.
#
#   sh tests/suite-cache.sh BUILD/tiepcan
#
# Setup: `tiepcan demo`, a commune account xa1 (00004), server date
# 14/01/2020 (TIEPCAN_NOW), two servers A and B on the one database.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)

BIN=${1:?usage: suite-cache.sh BUILD/tiepcan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
DB=$(db_new "$T/db.sqlite")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (got '$2', want '$3')"; fi; }

db_demo "$BIN" "$DB" >/dev/null 2>&1 || { echo "demo failed"; echo "0 passed, 1 failed"; exit 1; }
printf 'matkhau-thu-nghiem\n' | "$BIN" user add --db "$DB" --login xa1 --role commune --unit 00004 \
	--name "Cán bộ xã Thử" --password-stdin >/dev/null || { echo "0 passed, 1 failed"; exit 1; }

# start NAME [OPTIONS...]: a server on a free port; its URL in $URL_NAME.
start() {
	name=$1
	shift
	TIEPCAN_NOW=2020-01-14 "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet "$@" \
		>"$T/$name.out" 2>"$T/$name.err" &
	PIDS="$PIDS $!"
	i=0
	while ! grep -q listening "$T/$name.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { cat "$T/$name.err"; echo "0 passed, 1 failed"; exit 1; }
		sleep 0.1
	done
	eval "URL_$name=\$(sed -n 's/.*listening on \(http:[^ ]*\)\/\$/\1/p' \"\$T/\$name.out\")"
}
start A
start B
start C --cache-mb 0

# get URL [CURL OPTIONS...]: body in $T/body, headers in $T/head; prints
# "STATUS CACHE" (CACHE: hit or -).
get() {
	u=$1
	shift
	code=$(curl -sS -D "$T/head" -o "$T/body" -w '%{http_code}' "$@" "$u")
	if grep -qi '^X-Cache: hit' "$T/head"; then echo "$code hit"; else echo "$code -"; fi
}
# assessed: the national count of assessments of 2019 on the dashboard JSON.
assessed() { sed -n 's/.*"whole":{[^}]*"assessed":\([0-9]*\).*/\1/p' "$T/body"; }

DASH=/api/v1/dashboard?year=2019
# ---- signing in is a write: do it first, then warm both servers ----------
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$T/jar" -H 'Content-Type: application/json' \
	-d '{"login":"xa1","password":"matkhau-thu-nghiem"}' "$URL_A/api/v1/session")
eq "xa1 signs in on A" "$code" 200
CSRF=$(curl -sS -b "$T/jar" "$URL_A/api/v1/session" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')

eq "A: first anonymous GET $DASH is rendered" "$(get "$URL_A$DASH")" "200 -"
n0=$(assessed)
eq "A: the second is served from the cache" "$(get "$URL_A$DASH")" "200 hit"
eq "A: the cached body is the same page" "$(assessed)" "$n0"
eq "B: first GET rendered" "$(get "$URL_B$DASH")" "200 -"
eq "B: second from the cache" "$(get "$URL_B$DASH")" "200 hit"
eq "another query is another page" "$(get "$URL_A/api/v1/dashboard?year=2018")" "200 -"
get "$URL_C$DASH" >/dev/null
eq "C (--cache-mb 0): never from a cache" "$(get "$URL_C$DASH")" "200 -"

# ---- a write through A's API shows on the next request, on A and on B ----
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$T/jar" -X PUT -H 'Content-Type: application/json' \
	-H "X-CSRF-Token: $CSRF" -d '{"version":0,"values":[
	{"item":"1","field":"points","value":"12"},{"item":"2","field":"points","value":"25"},
	{"item":"3","field":"points","value":"20"},{"item":"4","field":"points","value":"8"},
	{"item":"5","field":"points","value":"15"},
	{"item":"official_discipline","field":"triggered","value":0},
	{"item":"commune_class","field":"value","value":"II"}]}' "$URL_A/api/v1/assessments/00004/2019")
eq "xa1 saves 00004/2019 through A's API" "$code" 200
eq "A: the next GET is rendered again" "$(get "$URL_A$DASH")" "200 -"
eq "A: and counts the new assessment" "$(assessed)" "$((n0 + 1))"
eq "B: the next GET is rendered again" "$(get "$URL_B$DASH")" "200 -"
eq "B: and counts the new assessment" "$(assessed)" "$((n0 + 1))"
eq "B: then from the cache again" "$(get "$URL_B$DASH")" "200 hit"

# ---- a write through the CLI shows on the next request ---------------------
printf 'unit,year,item,field,value\n00007,2019,1,points,10\n00007,2019,2,points,20\n' >"$T/s.csv"
printf '00007,2019,3,points,15\n00007,2019,4,points,5\n00007,2019,5,points,10\n' >>"$T/s.csv"
printf '00007,2019,official_discipline,triggered,0\n00007,2019,commune_class,value,II\n' >>"$T/s.csv"
if "$BIN" import scores "$T/s.csv" --db "$DB" >"$T/imp.out" 2>&1; then ok "CLI import of 00007/2019"
else ko "CLI import of 00007/2019 ($(head -n 1 "$T/imp.out"))"; fi
eq "B: the next GET after the CLI write is rendered" "$(get "$URL_B$DASH")" "200 -"
eq "B: and counts it" "$(assessed)" "$((n0 + 2))"
eq "A: likewise" "$(get "$URL_A$DASH")" "200 -"
eq "A: counts it" "$(assessed)" "$((n0 + 2))"
# a failed write changes nothing, so the cache stays
eq "A: cached again" "$(get "$URL_A$DASH")" "200 hit"
"$BIN" import scores "$T/s.csv" --db "$DB" >/dev/null 2>&1 && ko "importing 00007/2019 twice fails" \
	|| ok "importing 00007/2019 twice fails"
eq "A: a failed write does not invalidate" "$(get "$URL_A$DASH")" "200 hit"

# ---- one user's page is never served to another ----------------------------
PAGE=/bang-dieu-khien?year=2019
get "$URL_A$PAGE" >/dev/null
eq "anonymous dashboard page: cached" "$(get "$URL_A$PAGE")" "200 hit"
grep -q 'Cán bộ xã Thử' "$T/body" && ko "anonymous page names no user" || ok "anonymous page names no user"
eq "signed in: rendered for the user, not from the cache" "$(get "$URL_A$PAGE" -b "$T/jar")" "200 -"
grep -q 'Cán bộ xã Thử' "$T/body" && ok "signed-in page names the user" || ko "signed-in page names the user"
eq "signed in again: still not from the cache" "$(get "$URL_A$PAGE" -b "$T/jar")" "200 -"
eq "anonymous after the user: the anonymous page" "$(get "$URL_A$PAGE")" "200 hit"
grep -q 'Cán bộ xã Thử' "$T/body" && ko "no user's name leaks into the anonymous page" \
	|| ok "no user's name leaks into the anonymous page"
# any cookie at all keeps a request away from the cache
eq "an unknown cookie: rendered" "$(get "$URL_A$PAGE" -H 'Cookie: x=1')" "200 -"
# pages with forms and per-visitor tokens are never cached
get "$URL_A/dang-nhap" >/dev/null
eq "sign-in page: never from the cache" "$(get "$URL_A/dang-nhap")" "200 -"
get "$URL_A/niem-yet/00004/2019" >/dev/null
case $(get "$URL_A/niem-yet/00004/2019") in *hit) ko "posting notice: never from the cache" ;;
*) ok "posting notice: never from the cache" ;; esac
# errors are never cached
get "$URL_A/ket-qua/99999/2019" >/dev/null
eq "a 404 is rendered each time" "$(get "$URL_A/ket-qua/99999/2019")" "404 -"
# HEAD is answered without the cache, with no body
code=$(curl -sS -I -o /dev/null -w '%{http_code}' "$URL_A$DASH")
eq "HEAD of a cached page" "$code" 200

for n in A B C; do
	if grep -q 'Sanitizer\|runtime error' "$T/$n.err"; then ko "server $n: sanitizer report"; cat "$T/$n.err"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
