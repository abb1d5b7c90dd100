#!/bin/sh
# suite-slowloris.sh BIN — short slow-client check (the long one is in
# `make soak`): 200 connections sending headers byte by byte, all from one
# address (the per-address limit refuses or closes most of them) and then
# spread over 10 addresses (all held); meanwhile a normal client from
# another address must get / within 2 s every second. Needs python3.
set -u
BIN=${1:?usage: suite-slowloris.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
case "${BUILD:-build}" in
build) ;;
*) echo "0 passed, 0 failed"; exit 0 ;; # timing test: plain build only
esac
T=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$T"' EXIT
pass=0
fail=0
"$BIN" serve --listen 127.0.0.1:0 --quiet >"$T/out" 2>"$T/err" &
spid=$!
URL=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' "$T/out")
	[ -n "$URL" ] && break
	sleep 0.5
done
for spread in 1 10; do
	if python3 "$HERE/slowloris.py" "$URL" 200 "${SLOW_SECONDS:-5}" "$spread"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: a normal request was refused or slow next to 200 slow connections (spread $spread)"
	fi
done
kill "$spid" && wait "$spid"
[ $? -eq 0 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: server did not stop cleanly"; }
spid=
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
