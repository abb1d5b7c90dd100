#!/bin/sh
# suite-nginx.sh BIN — the example nginx site (deploy/nginx/tiepcan.conf):
# with a self-signed certificate made now by openssl and the app servers'
# addresses replaced by two `tiepcan serve` on this machine, `nginx -t`
# accepts it, and nginx started with it serves tiepcan over HTTPS (HTTP
# redirects to HTTPS; requests reach both app servers). nginx runs with a
# temporary prefix, pid and logs; it is installed with apt-get if missing
# (root). Plain build only (BUILD=build).
set -u
BIN=${1:?usage: suite-nginx.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BUILD=${BUILD:-build}
if [ "$(basename "$BUILD")" != build ]; then
	echo "suite-nginx: tested for the plain build only (BUILD=build)"
	echo "0 passed, 0 failed"
	exit 0
fi
SRC=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description command...
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	if [ "$(id -u)" -ne 0 ]; then bad "nginx is not installed and this is not root"; finish; fi
	{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1 ||
	  { apt-get update -q >/dev/null 2>&1 &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1; }; } ||
		{ bad "apt-get install nginx failed"; finish; }
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
T=$(mktemp -d)
chmod 755 "$T"
SRV=""
cleanup() {
	[ -f "$T/ng/nginx.pid" ] && kill "$(cat "$T/ng/nginx.pid")" 2>/dev/null
	for p in $SRV; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$T" || exit 1
mkdir -p ng/tmp

# Two app servers on one database.
"$BIN" init --db "$T/db" >/dev/null 2>&1 || bad "init"
# Not in a $(...) subshell: the pid must reach SRV for the cleanup.
start_srv() { # name -> sets ADDR (host:port, empty if it did not start)
	"$BIN" serve --db "$T/db" --listen 127.0.0.1:0 --trust-proxy --secure-cookies \
		>"$T/$1.out" 2>"$T/$1.err" &
	SRV="$SRV $!"
	i=0
	while ! grep -q listening "$T/$1.out" 2>/dev/null && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
	ADDR=$(sed -n 's/.*listening on http:\/\/\([^ ]*\)\/$/\1/p' "$T/$1.out")
}
start_srv a
A=$ADDR
start_srv b
B=$ADDR
check "two app servers started" test -n "$A" -a -n "$B"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=tiepcan.example.vn" \
	-keyout ng/privkey.pem -out ng/fullchain.pem >/dev/null 2>&1
check "self-signed certificate" [ -s ng/fullchain.pem ]
chmod 644 ng/privkey.pem # the test key only: nginx's workers run as nobody

P443=$((20000 + ($$ * 13) % 30000))
P80=$((P443 + 1))
# The site as shipped, with this machine's addresses and the test certificate.
sed -e "s|/etc/ssl/tiepcan/|$T/ng/|" -e "s|10.0.0.11:8080|$A|" -e "s|10.0.0.12:8080|$B|" \
	-e "s|listen 443 ssl http2;|listen 127.0.0.1:$P443 ssl http2;|" \
	-e "s|listen 80;|listen 127.0.0.1:$P80;|" -e '/listen \[::\]/d' \
	"$SRC/deploy/nginx/tiepcan.conf" >ng/site.conf
check "only the addresses and certificate paths were replaced" \
	[ "$(diff "$SRC/deploy/nginx/tiepcan.conf" ng/site.conf | grep -c '^>')" -eq 6 ]
cat >ng/nginx.conf <<EOT
worker_processes 1;
pid $T/ng/nginx.pid;
error_log $T/ng/error.log;
events { worker_connections 64; }
http {
	access_log $T/ng/access.log;
	client_body_temp_path $T/ng/tmp/body;
	proxy_temp_path $T/ng/tmp/proxy;
	fastcgi_temp_path $T/ng/tmp/fastcgi;
	uwsgi_temp_path $T/ng/tmp/uwsgi;
	scgi_temp_path $T/ng/tmp/scgi;
	include $T/ng/site.conf;
}
EOT
"$NGINX" -t -p "$T/ng" -c "$T/ng/nginx.conf" >t.out 2>&1
check "nginx -t accepts the site" grep -q 'test is successful' t.out
grep -q 'test is successful' t.out || cat t.out
"$NGINX" -p "$T/ng" -c "$T/ng/nginx.conf" >start.out 2>&1
check "nginx starts with it" [ $? -eq 0 ]
i=0
while [ ! -s ng/nginx.pid ] && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
code=$(curl -sk -o home.html -w '%{http_code}' --resolve "tiepcan.example.vn:$P443:127.0.0.1" \
	"https://tiepcan.example.vn:$P443/")
check "HTTPS through nginx: 200 from tiepcan" [ "$code" = 200 ]
check "HTTPS through nginx: the home page" grep -q 'Quy tắc chấm điểm' home.html
curl -sk -D hdr -o /dev/null --resolve "tiepcan.example.vn:$P443:127.0.0.1" \
	"https://tiepcan.example.vn:$P443/api/v1/rulesets"
check "HSTS header" grep -qi '^strict-transport-security: max-age=63072000' hdr
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P80/quy-tac")
check "HTTP redirects to HTTPS (301)" [ "$code" = 301 ]
for k in 1 2 3 4 5 6; do
	curl -sk -o /dev/null --resolve "tiepcan.example.vn:$P443:127.0.0.1" "https://tiepcan.example.vn:$P443/quy-tac"
done
na=$(grep -c 'GET /quy-tac' a.err)
nb=$(grep -c 'GET /quy-tac' b.err)
check "requests reach both app servers ($na + $nb)" test "$na" -ge 1 -a "$nb" -ge 1
finish
