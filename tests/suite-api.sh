#!/bin/sh
# suite-api.sh — runs every curl example of docs/API.md against a real
# server, so the documentation stays true.
#
#   sh tests/suite-api.sh BUILD/tiepcan
#
# Each example is a ```sh block preceded by a line <!-- expect: STATUS -->
# or <!-- expect: STATUS contains TEXT --> (TEXT must appear in the body).
# The blocks run in order in ONE shell (variables such as CSRF carry over),
# with `curl` wrapped to record the HTTP status of its last call, which
# must equal STATUS. Setup: `tiepcan demo`, a commune account xa1 (00004), a
# reviewer sotp-caobang (province 04),
# server date 14/01/2020 (TIEPCAN_NOW, test only).
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)

BIN=${1:?usage: suite-api.sh BUILD/tiepcan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
DOC=$(cd "$(dirname "$0")/.." && pwd)/docs/API.md
T=$(mktemp -d)
export TIEPCAN_DB=$(db_new "$T/db.sqlite")
SRV_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

db_demo "$BIN" "$TIEPCAN_DB" >/dev/null 2>&1 || { echo "demo failed"; echo "0 passed, 1 failed"; exit 1; }
printf 'matkhau-thu-nghiem\n' | "$BIN" user add --login xa1 --role commune --unit 00004 \
	--name "Cán bộ xã" --password-stdin >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
printf 'matkhau-thu-nghiem\n' | "$BIN" user add --login sotp-caobang --role reviewer --unit 04 \
	--name "Sở Tư pháp Cao Bằng" --password-stdin >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
TIEPCAN_NOW=2020-01-14 "$BIN" serve --db "$TIEPCAN_DB" --listen 127.0.0.1:0 --quiet \
	>"$T/srv.out" 2>"$T/srv.err" &
SRV_PID=$!
i=0
while ! grep -q listening "$T/srv.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { cat "$T/srv.err"; echo "0 passed, 1 failed"; exit 1; }
	sleep 0.1
done
TIEPCAN=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/srv.out")

# The script: a curl wrapper, then each block followed by its check.
{
	cat <<'HEAD'
PASS=0; FAIL=0; N=0
curl() { command curl -sS -o "$W/body" -w '%{http_code}' "$@" >"$W/status"; cat "$W/body"; }
expect() {
	N=$((N + 1))
	got=$(cat "$W/status" 2>/dev/null)
	if [ "$got" = "$1" ] && { [ -z "${3:-}" ] || grep -qF -- "$3" "$W/body"; }; then PASS=$((PASS + 1)); else
		FAIL=$((FAIL + 1)); echo "FAIL: example $N (docs/API.md line $2): status $got, documented $1 ${3:+containing $3}" >&3
		head -c 400 "$W/body" >&3; echo >&3
	fi
	: >"$W/status"
}
HEAD
	awk '
		/^<!-- expect: [0-9]+ -->$/ { want = $3; text = ""; line = NR; next }
		/^<!-- expect: [0-9]+ contains .* -->$/ {
			want = $3; text = $0; sub(/^<!-- expect: [0-9]+ contains /, "", text); sub(/ -->$/, "", text)
			gsub(/\047/, "", text); line = NR; next
		}
		/^```sh$/ && want != "" { inblock = 1; next }
		/^```$/ && inblock { printf "expect %s %d \047%s\047\n", want, line, text; inblock = 0; want = ""; n++; next }
		inblock { print }
		END { if (n == 0) print "FAIL=$((FAIL + 1)); echo \"FAIL: no examples found\" >&3" }
	' "$DOC"
	echo 'echo "$PASS passed, $FAIL failed" >&3; [ "$FAIL" -eq 0 ]'
} >"$T/examples.sh"

# Bodies go to a file; checks and the summary to fd 3 (our stdout).
cd "$T" && W=$T TIEPCAN=$TIEPCAN sh ./examples.sh 3>&1 >"$T/bodies.txt" 2>&1
rc=$?
kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
SRV_PID=
if grep -q 'Sanitizer\|runtime error' "$T/srv.err"; then
	cat "$T/srv.err"
	echo "0 passed, 1 failed (the server reported sanitizer errors)"
	exit 1
fi
exit $rc
