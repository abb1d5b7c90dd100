#!/bin/sh
# Installs the Debian 12 packages tiepcan needs to build and test.
# Idempotent and quiet: prints nothing and touches nothing when all are present.
# Run by `make run` and `make test`; safe to run by hand.
set -eu

# nginx, wrk, time: bench/run (reference server, load generator, peak RSS).
# Build and run: compiler, pkg-config and the libraries found through it.
# Tests of the PostgreSQL backend and of deployment (suite-pg, suite-deb,
# suite-nginx): postgresql (initdb, a throw-away server), nginx, openssl
# (a test certificate), groff/man-db (the man page), file.
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3 libmicrohttpd-dev libpq-dev libjansson-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
libsodium-dev libutf8proc-dev libcmocka-dev
curl unzip poppler-utils valgrind icu-devtools jq libxml2-utils
postgresql nginx openssl groff-base man-db file wrk time python3 util-linux"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' \
		|| missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists once if they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
	$SUDO apt-get update -qq >&2
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
