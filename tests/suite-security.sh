#!/bin/sh
# suite-security.sh BIN — security checks that need no login workflow:
#   - every page reachable from / (crawled, plus error pages and static
#     files) carries the Content-Security-Policy and related headers;
#   - path traversal in URLs (.., %2e%2e, %2f, %5c, double encoding, an
#     encoded NUL) never serves a file outside the assets;
#   - HTML metacharacters sent in a form come back escaped;
#   - SQL metacharacters in an import (unit name) and in URLs are inert:
#     stored and shown verbatim, every table intact.
# Editing one byte of the audit log is tested in suite-store.sh ("tampered
# audit"); CSRF, sessions, throttling and uploads join once those exist.
# Needs curl and sqlite3 (or psql: tests/lib-db.sh).
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-security.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
unset TIEPCAN_DB
pass=0
fail=0
check() { # description command...
	what=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

DB=$(db_new "$T/db")
db_init "$BIN" "$DB" >/dev/null 2>err || { cat err; echo "0 passed, 1 failed"; exit 1; }
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >srv.out 2>srv.err &
spid=$!
URL=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' srv.out)
	[ -n "$URL" ] && break
	sleep 0.5
done
[ -n "$URL" ] || { cat srv.err; echo "0 passed, 1 failed"; exit 1; }

# ---- CSP on every page: breadth-first crawl of local links from / ---------------
echo / >todo
: >seen
pages=0
while [ -s todo ] && [ $pages -lt 300 ]; do
	p=$(head -n 1 todo)
	sed -i 1d todo
	grep -qxF -- "$p" seen && continue
	echo "$p" >>seen
	pages=$((pages + 1))
	curl -s -D hdr -o body "$URL$p"
	grep -qi "^Content-Security-Policy: .*default-src 'self'.*frame-ancestors 'none'" hdr ||
		{ fail=$((fail + 1)); echo "FAIL: $p: no or weak Content-Security-Policy"; continue; }
	grep -qi '^X-Content-Type-Options: nosniff' hdr ||
		{ fail=$((fail + 1)); echo "FAIL: $p: no X-Content-Type-Options"; continue; }
	pass=$((pass + 1))
	grep -qi '^Content-Type: text/html' hdr || continue
	grep -o '\(href\|src\|action\)="/[^"/][^"]*"\|\(href\|src\|action\)="/"' body |
		sed 's/^[a-z]*="//; s/"$//; s/#.*//; s/&amp;/\&/g' | sort -u >links
	while read -r l; do
		grep -qxF -- "$l" seen || echo "$l" >>todo
	done <links
done
check "crawl reached the rule-set pages and the playground ($pages pages)" \
	sh -c "grep -q '^/quy-tac/' seen && grep -q '^/tinh-diem' seen && [ $pages -ge 8 ]"
for p in /khong-co /static/khong-co.css "/tinh-diem?bo=%ff"; do
	curl -s -D hdr -o /dev/null "$URL$p"
	check "error page $p has the CSP" grep -qi '^Content-Security-Policy:' hdr
done

# ---- path traversal in URLs -----------------------------------------------------
for p in /static/../../../../etc/passwd /static/%2e%2e/%2e%2e/etc/passwd \
	/static/..%2f..%2fetc%2fpasswd /static/%2e%2e%5c%2e%2e%5cetc%5cpasswd \
	/static/%252e%252e/%252e%252e/etc/passwd /static/app.css%00.txt \
	/static/.%2e/.%2e/etc/passwd /quy-tac/..%2f..%2fetc%2fpasswd /static//etc/passwd \
	/static/%c0%ae%c0%ae/etc/passwd; do
	code=$(curl -s --path-as-is -o body -w '%{http_code}' "$URL$p")
	check "traversal $p refused ($code)" sh -c "[ '$code' = 400 ] || [ '$code' = 404 ]"
	check "traversal $p leaks nothing" sh -c '! grep -q "root:" body'
done

# ---- HTML metacharacters come back escaped ---------------------------------------------
curl -s -o body -d 'bo=qd619-2017' --data-urlencode '1/points="><script>alert(1)</script>' \
	"$URL/tinh-diem"
check "form value escaped in the playground" grep -q '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;' body
check "no raw script from the form" sh -c '! grep -q "<script>alert(1)" body'

# ---- SQL metacharacters are inert ------------------------------------------------------
for p in "/quy-tac/%27%20OR%20%271%27=%271" "/quy-tac/x%27%3B%20DROP%20TABLE%20unit%3B--" \
	"/tinh-diem?bo=%27%20OR%201=1--" "/api/v1/rulesets/%27%3B%20DELETE%20FROM%20audit%3B--"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$p")
	check "SQL in URL $p: no server error ($code)" sh -c "[ '$code' -lt 500 ]"
done
kill "$spid"
wait "$spid"
spid=
sqlname="Xã '); DROP TABLE unit;-- \"a\" %s \\"
{ echo 'code,name,type,level,parent_code'; echo '04,Cao Bằng,Tỉnh,province,'
  echo '045,Hà Quảng,Huyện,district,04'; printf '01417,%s,Xã,commune,045\n' "\"$(echo "$sqlname" | sed 's/"/""/g')\""; } >sql.csv
"$BIN" import units sql.csv --vintage 2020 --db "$DB" >out 2>err
check "import of a unit named with SQL: exit 0" [ $? -eq 0 ]
check "the name is stored verbatim" [ "$(db_sql "$DB" "SELECT name FROM unit WHERE vintage = '2020-02' AND code = '01417'")" = "$sqlname" ]
check "the unit table is intact (other lists untouched)" [ "$(db_sql "$DB" "SELECT count(*) FROM unit WHERE vintage = '2025-07'")" -gt 3000 ]
"$BIN" units show 01417 --year 2018 --format json --db "$DB" >out 2>err
check "units show prints the name verbatim" grep -qF "DROP TABLE unit;--" out
"$BIN" check --db "$DB" >out 2>err
check "check after the SQL-named import" [ $? -eq 0 ]
printf 'unit,year,item,field,value\n"%s",2018,1,points,14\n' "$(echo "$sqlname" | sed 's/"/""/g')" >s.csv
"$BIN" score --format csv s.csv >out 2>err
check "score keeps an SQL-like unit name verbatim" grep -qF "DROP TABLE unit;--" out
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
