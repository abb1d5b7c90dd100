#!/bin/sh
# suite-proxylimit.sh BIN — behind a reverse proxy every connection comes
# from the proxy's one address, so `serve --trust-proxy` lifts the
# per-address cap (default 32) to the whole connection limit. Opens 40
# simultaneous keep-alive connections from 127.0.0.1 and counts how many get
# an answer: at most 32 without --trust-proxy, all 40 with it. Needs python3.
set -u
BIN=${1:?usage: suite-proxylimit.sh BIN}
case "${BUILD:-build}" in
build) ;;
*) echo "0 passed, 0 failed"; exit 0 ;; # plain build only
esac
T=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$T"' EXIT
pass=0
fail=0

answered() { # URL -> number of the 40 connections that got a response
	python3 - "$1" <<'PY'
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
socks = []
for _ in range(40):
    s = socket.create_connection((u.hostname, u.port), timeout=3)
    socks.append(s)
ok = 0
for s in socks:
    try:
        s.sendall(b"GET /api/v1 HTTP/1.1\r\nHost: t\r\n\r\n")
        if s.recv(12).startswith(b"HTTP/1.1 200"):
            ok += 1
    except OSError:
        pass
for s in socks:
    s.close()
print(ok)
PY
}

check() { # name serve-options... ; sets N
	"$BIN" serve --listen 127.0.0.1:0 --quiet "$@" >"$T/out" 2>"$T/err" &
	spid=$!
	URL=
	for _ in $(seq 240); do # up to a minute: the server starts slowly under load
		URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' "$T/out" 2>/dev/null)
		[ -n "$URL" ] && break
		sleep 0.25
	done
	N=$(answered "$URL")
	kill "$spid" && wait "$spid"
	spid=
}

check
if [ "${N:-0}" -le 32 ] && [ "${N:-0}" -ge 1 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: without --trust-proxy, $N of 40 connections from one address answered (want <= 32)"; fi
check --trust-proxy
if [ "${N:-0}" -eq 40 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: with --trust-proxy, $N of 40 connections from the proxy answered (want 40)"; fi
check --trust-proxy --max-per-ip 10
if [ "${N:-0}" -le 10 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: an explicit --max-per-ip 10 was not kept ($N answered)"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
