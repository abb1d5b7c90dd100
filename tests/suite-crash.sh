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
# The web API writes (PUT /api/v1/assessments/...) join this test once they
# exist in main. Needs sqlite3.
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
# Every acknowledged import is still there after all the later kills.
if [ -s acked ]; then
	while read -r a; do
		[ "$(stored "$a")" = "$PER|$((PER * 6))" ] || bad "acknowledged batch $a lost"
	done <acked
fi
"$BIN" check --db db >check.out 2>&1 && pass=$((pass + 1)) || bad "final check: $(cat check.out)"

echo "crash: $KILLS kills survived; $complete batches complete ($acked acknowledged), $empty rolled back"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
