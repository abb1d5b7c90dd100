#!/bin/sh
# suite-crash.sh BIN — crash safety: drives score imports into a database,
# kills the importing process with SIGKILL at a random moment (CRASH_KILLS
# times, default 20; `make soak` runs 100), and after every kill checks
#   - `tiepcan check`: SQLite integrity, references and the audit chain;
#   - the batch just killed is all there or not at all (assessments and
#     their input rows), never half-written;
#   - every import acknowledged with exit 0 is present (re-checked at the
#     end for all of them).
# Plain build only (timing under the sanitizers says nothing more).
# Then the same through the web API (API_KILLS times, default 10; 100 in
# `make soak`): PUT /api/v1/assessments/01417/2019 while the server is
# SIGKILLed at a random moment, restart, and check that the stored figures
# are exactly one write's (never a mix), and the last acknowledged (2xx) one
# or a later one. Needs sqlite3 and curl.
set -u
BIN=${1:?usage: suite-crash.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case "${BUILD:-build}" in
build) ;;
*) echo "0 passed, 0 failed"; exit 0 ;;
esac
HERE=$(cd "$(dirname "$0")/.." && pwd)
KILLS=${CRASH_KILLS:-20}
PER=50 # communes per import batch
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
unset TIEPCAN_DB
pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

"$BIN" init --db db >/dev/null 2>err || { cat err; echo "0 passed, 1 failed"; exit 1; }
# Communes of the 2020-02 list: in force for 2017..2019.
awk -F, '$4 == "commune" {print $1}' "$HERE/data/vn-admin-units-2020-02.csv" >codes

# batch B: year 2017 + B % 3, communes [B / 3 * PER, +PER) of the list,
# six rows each (class and the five criteria of qd619-2017).
make_batch() {
	y=$((2017 + $1 % 3))
	from=$(($1 / 3 * PER + 1))
	sed -n "${from},$((from + PER - 1))p" codes >"codes.$1"
	{
		echo unit,year,item,field,value
		while read -r c; do
			echo "$c,$y,commune_class,value,II"
			for i in 1 2 3 4 5; do echo "$c,$y,$i,points,$((i + 4)).5"; done
		done <"codes.$1"
	} >"batch.$1.csv"
	echo "$y" >"year.$1"
}

# "assessments input_rows" stored for batch B.
stored() {
	list=$(sed "s/.*/'&'/" "codes.$1" | paste -sd, -)
	sqlite3 db "SELECT count(*), (SELECT count(*) FROM input_value v JOIN assessment a ON a.id = v.assessment_id
		WHERE a.year = $(cat "year.$1") AND a.unit_code IN ($list))
		FROM assessment WHERE year = $(cat "year.$1") AND unit_code IN ($list)"
}

rand_ms() { # 0..$1-1
	awk -v s="$(od -An -N4 -tu4 /dev/urandom)" -v m="$1" 'BEGIN { srand(s); print int(rand() * m) }'
}

acked=0
complete=0
empty=0
b=0
while [ "$b" -lt "$KILLS" ]; do
	make_batch "$b"
	"$BIN" import scores "batch.$b.csv" --db db >"out.$b" 2>"err.$b" &
	pid=$!
	ms=$(rand_ms 200)
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$rc" -eq 0 ] && { acked=$((acked + 1)); echo "$b" >>acked; }
	"$BIN" check --db db >check.out 2>check.err ||
		bad "kill $b (after ${ms} ms): check failed: $(cat check.err)"
	got=$(stored "$b")
	case $got in
	"$PER|$((PER * 6))") complete=$((complete + 1)) ;;
	"0|0")
		empty=$((empty + 1))
		[ "$rc" -ne 0 ] || bad "kill $b: import acknowledged (exit 0) but nothing stored"
		;;
	*) bad "kill $b (after ${ms} ms): half-written batch: $got (want 0|0 or $PER|$((PER * 6)))" ;;
	esac
	b=$((b + 1))
done
[ "$fail" -eq 0 ] && pass=$((pass + KILLS))

# ---- through the web API ---------------------------------------------------------
AKILLS=${API_KILLS:-10}
echo 'mat-khau-thu-nghiem' | "$BIN" user add --login xa --role commune --unit 01417 \
	--password-stdin --db db >/dev/null 2>err || bad "user add: $(cat err)"
spid=
trap '[ -n "$spid" ] && kill -KILL "$spid" 2>/dev/null; rm -rf "$T"' EXIT
start_server() {
	rm -f srv.out
	"$BIN" serve --db db --listen 127.0.0.1:0 --quiet >srv.out 2>srv.err &
	spid=$!
	URL=
	for _ in $(seq 240); do # up to a minute: the server starts slowly under load
		URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' srv.out 2>/dev/null)
		[ -n "$URL" ] && return 0
		sleep 0.25
	done
	bad "server did not start: $(cat srv.err)"
	return 1
}
# The figures stored for 01417/2019: the distinct point values of criteria
# 1..5 (one write puts the same value in all five).
api_values() {
	sqlite3 db "SELECT group_concat(DISTINCT v.value) FROM input_value v JOIN assessment a
		ON a.id = v.assessment_id WHERE a.unit_code = '01417' AND a.year = 2019
		AND v.field = 'points'"
}
last_ack=
api_acked=0
# What the imports above left for 01417/2019 (one value per criterion, so
# several distinct values): a valid state until the first acknowledged write.
base=$(api_values)
k=0
while [ "$k" -lt "$AKILLS" ]; do
	start_server || break
	rm -f jar
	csrf=$(curl -s -c jar -H 'Content-Type: application/json' \
		-d '{"login":"xa","password":"mat-khau-thu-nghiem"}' "$URL/api/v1/session" |
		sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
	[ -n "$csrf" ] || { bad "api kill $k: sign-in failed"; break; }
	ver=$(curl -s -b jar "$URL/api/v1/assessments/01417/2019" | sed -n 's/.*"version":\([0-9]*\).*/\1/p')
	v=$((k % 8 + 1))
	body="{\"version\":${ver:-0},\"values\":["
	for i in 1 2 3 4; do body="$body{\"item\":\"$i\",\"field\":\"points\",\"value\":\"$v\"},"; done
	body="$body{\"item\":\"5\",\"field\":\"points\",\"value\":\"$v\"},"
	body="$body{\"item\":\"commune_class\",\"field\":\"value\",\"value\":\"II\"}]}"
	curl -s -o /dev/null -w '%{http_code}' -b jar -X PUT -H 'Content-Type: application/json' \
		-H "X-CSRF-Token: $csrf" -d "$body" "$URL/api/v1/assessments/01417/2019" >code 2>/dev/null &
	cpid=$!
	sleep "$(printf '0.%03d' "$(rand_ms 60)")"
	kill -KILL "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	spid=
	wait "$cpid"
	code=$(cat code)
	case $code in 2??) last_ack=$v; api_acked=$((api_acked + 1)) ;; esac
	"$BIN" check --db db >check.out 2>check.err || bad "api kill $k: check failed: $(cat check.err)"
	got=$(api_values)
	case $got in
	"" | [1-8]) ;;
	"$base") [ -z "$last_ack" ] || bad "api kill $k: acknowledged write replaced by the import's figures" ;;
	*) bad "api kill $k: figures of several writes mixed: $got" ;;
	esac
	# acknowledged: that write or a later one (later ones use other values,
	# but a later write only exists if it was sent after this one)
	[ -z "$last_ack" ] || [ -n "$got" ] || bad "api kill $k: acknowledged write lost"
	[ "$code" = 200 ] && [ "$got" != "$v" ] && bad "api kill $k: acknowledged value $v, stored '$got'"
	k=$((k + 1))
done
[ "$fail" -eq 0 ] && pass=$((pass + AKILLS))
# Every acknowledged import is still there after all the later kills.
if [ -s acked ]; then
	while read -r a; do
		[ "$(stored "$a")" = "$PER|$((PER * 6))" ] || bad "acknowledged batch $a lost"
	done <acked
fi
"$BIN" check --db db >check.out 2>&1 && pass=$((pass + 1)) || bad "final check: $(cat check.out)"

echo "crash: $KILLS import kills survived; $complete batches complete ($acked acknowledged), $empty rolled back"
echo "crash: $AKILLS server kills during API writes survived ($api_acked writes acknowledged before the kill)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
