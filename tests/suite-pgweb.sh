#!/bin/sh
# tests/suite-pgweb.sh BIN — the end-to-end web suites again, on PostgreSQL:
# starts one throw-away PostgreSQL server (tests/lib-db.sh pg_start: Debian's
# postgresql, initdb in a temp dir, 127.0.0.1, a free port) and runs each
# suite below with TIEPCAN_TEST_DB pointing at it, so that every database a
# suite makes (db_new) is a fresh PostgreSQL database of its own. Prints
# each suite's count and their sum as the final "N passed, M failed" line;
# a failing suite's output is shown. Stops and removes the server at exit.
#
# Plain build only (BUILD=build): the sanitizer builds run the same suites
# on SQLite, and this pass would mostly test libpq under ASan while doubling
# the time of `make test`. When PostgreSQL cannot be installed or started
# this suite FAILS (it never skips): CI installs postgresql through
# scripts/install-deps.sh.
set -u
BIN=${1:?usage: suite-pgweb.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
if [ "$(basename "$BUILD")" != build ]; then
	echo "suite-pgweb: PostgreSQL runs for the plain build only (BUILD=build), skipped for $BUILD"
	echo "0 passed, 0 failed"
	exit 0
fi
# The suites that keep their data in the database (suite-web serves the
# rule sets without one, so it has nothing to run on PostgreSQL).
SUITES=${PGWEB_SUITES:-"auth assess review matrix admin pilot dash security api"}

. tests/lib-db.sh
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
pass=0
fail=0
if ! pg_start "$T"; then
	echo "FAIL: $PG_ERROR (suite-pgweb needs PostgreSQL: scripts/install-deps.sh installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi
# `tiepcan init` and `tiepcan demo` once each into the templates the suites'
# db_init / db_demo copy (tests/lib-db.sh): checked here, on PostgreSQL.
for k in init demo; do
	if db_create "$PG_SERVER" "t_tpl_$k" && "$BIN" $k --db "$PG_SERVER/t_tpl_$k" >"$T/$k.out" 2>&1 &&
		grep -q "^created $PG_SERVER/t_tpl_$k" "$T/$k.out"; then
		pass=$((pass + 1))
	else
		echo "FAIL: tiepcan $k on PostgreSQL:"
		cat "$T/$k.out"
		fail=$((fail + 1))
	fi
done
check_tpl() { # the copies are complete: as many units as the template
	[ "$(pg_psql "SELECT count(*) FROM unit" t_tpl_demo)" -gt 25000 ]
}
if check_tpl; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: demo template has no units"; fi
export TIEPCAN_TEST_TEMPLATES=1
ndb() { pg_psql "SELECT count(*) FROM pg_database WHERE datname LIKE 't\\_%'"; }
for s in $SUITES; do
	before=$(ndb)
	start=$(date +%s)
	TIEPCAN_TEST_DB=$PG_SERVER BUILD=$BUILD sh "tests/suite-$s.sh" "$BIN" >"$T/log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$T/log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	# The suite really ran on PostgreSQL: it made at least one database there.
	if [ "$(ndb)" -le "$before" ]; then
		echo "FAIL: suite-$s made no PostgreSQL database (does it use db_new from tests/lib-db.sh?)"
		f=$((f + 1))
	fi
	[ "$f" -eq 0 ] || { echo "---- suite-$s on PostgreSQL:"; cat "$T/log"; }
	printf '  %-10s %4d passed, %d failed (%ds)\n' "$s" "$p" "$f" $(($(date +%s) - start))
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
