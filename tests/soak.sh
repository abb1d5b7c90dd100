#!/bin/sh
# tests/soak.sh BIN — the long load and robustness run (`make soak`, not in
# `make test`):
#   1. wrk: SOAK_CONNS (1000) concurrent connections for SOAK_SECONDS (60) on
#      / and a rule-set page; 0 socket errors, 0 timeouts, 0 non-2xx, and the
#      server's idle RSS after the run within 5% of its idle RSS after a
#      warm-up run (see idle_rss below);
#   2. slow clients: 200 byte-by-byte connections for 30 s, normal requests
#      still answered within 2 s (tests/slowloris.py);
#   3. crash safety: 100 kills during imports and 100 server kills during
#      API writes (tests/suite-crash.sh, CRASH_KILLS=100 API_KILLS=100).
# Needs wrk, python3, sqlite3.
set -u
BIN=${1:-build/tiepcan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
CONNS=${SOAK_CONNS:-1000}
SECS=${SOAK_SECONDS:-60}
command -v wrk >/dev/null || { echo "soak: wrk is missing (apt-get install wrk)"; exit 1; }
ulimit -n 8192 2>/dev/null || ulimit -n 4096 || true
T=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$T"' EXIT
pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

"$BIN" serve --listen 127.0.0.1:0 --quiet --threads 2 --max-connections $((CONNS + 200)) \
	--max-per-ip $((CONNS + 100)) >"$T/out" 2>"$T/err" &
spid=$!
URL=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' "$T/out")
	[ -n "$URL" ] && break
	sleep 0.5
done
[ -n "$URL" ] || { cat "$T/err"; exit 1; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$spid/status"; }

# wrk run: prints its report; fails on any error, timeout or non-2xx.
load() { # seconds path
	wrk -t 2 -c "$CONNS" -d "$1s" --timeout 10s "$URL$2" >"$T/wrk" 2>&1
	cat "$T/wrk"
	if grep -q 'Socket errors\|Non-2xx' "$T/wrk"; then
		bad "wrk $2: errors (see above)"
	else
		pass=$((pass + 1))
	fi
}
# RSS is read while the server is idle, after it has handed freed memory
# back (server.c trim_when_idle, one quiet second after the last request).
# Read under load or just after, it measures the allocator's free lists,
# which moved by 7% from one run to the next. Even idle, a few pages stay
# pinned by chunks the allocator still holds (which ones depends on the
# order of the last frees; per-thread caches are the likely holders, not
# verified): about one reading in four came out 2-5 MB (15-35%) high and
# the next burst brought it back, while the heap in use stayed flat. So a point is the lowest of three idle readings, each
# after a 5 s burst: a leak raises all three, that noise one of them.
idle_rss() { # prints the lowest idle RSS over three short bursts, in kB
	low=
	for _ in 1 2 3; do
		wrk -t 2 -c "$CONNS" -d 5s --timeout 10s "$URL/" >/dev/null 2>&1
		sleep 4
		r=$(rss)
		echo "soak: idle RSS ${r} kB" >&2
		[ -z "$low" ] || [ "$r" -lt "$low" ] && low=$r
	done
	echo "$low"
}
# Warm-up on both pages: caches and thread stacks reach their working size.
load 10 /
load 10 /quy-tac/qd25-2021
r0=$(idle_rss)
load "$SECS" /
load "$SECS" /quy-tac/qd25-2021
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$spid/status")
r1=$(idle_rss)
echo "soak: idle RSS after warm-up ${r0} kB, after 2 x $SECS s at $CONNS connections ${r1} kB (peak under load ${hwm} kB)"
if [ $((r1 * 100)) -le $((r0 * 105)) ]; then pass=$((pass + 1)); else bad "RSS grew more than 5%"; fi

python3 "$HERE/slowloris.py" "$URL" 200 30 10 && pass=$((pass + 1)) || bad "slow clients starved a normal one"
kill "$spid" && wait "$spid" && pass=$((pass + 1)) || bad "server did not stop cleanly"
spid=

CRASH_KILLS=100 API_KILLS=100 BUILD=build sh "$HERE/suite-crash.sh" "$BIN" | tail -n 2 | tee "$T/crash"
grep -q ' 0 failed$' "$T/crash" && pass=$((pass + 1)) || bad "crash safety (100 kills)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
