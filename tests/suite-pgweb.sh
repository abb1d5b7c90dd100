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
# Longest first, so that the two lanes below end together.
SUITES=${PGWEB_SUITES:-"matrix review auth dash pilot assess admin rulesets security api cache preview"}

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
# `tiepcan init` and `tiepcan demo` once each (side by side: both wait on
# round trips, not CPU) into the templates the suites' db_init / db_demo
# copy (tests/lib-db.sh): checked here, on PostgreSQL.
for k in init demo; do
	{ db_create "$PG_SERVER" "t_tpl_$k" && "$BIN" $k --db "$PG_SERVER/t_tpl_$k"; } >"$T/$k.out" 2>&1 &
done
wait
for k in init demo; do
	if grep -q "^created $PG_SERVER/t_tpl_$k" "$T/$k.out" &&
		[ "$(pg_psql "SELECT count(*) FROM unit" "t_tpl_$k")" -gt 25000 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: tiepcan $k on PostgreSQL:"
		cat "$T/$k.out"
		fail=$((fail + 1))
	fi
done
# The demo made on PostgreSQL holds what the demo made on SQLite holds:
# the scores of every year and the audit entries field for field (their
# JSON snapshots included: group_concat ordering, number formatting, ...);
# only the times differ. And its hash chain verifies.
"$BIN" demo --db "$T/demo.db" >/dev/null 2>&1 || echo "FAIL: tiepcan demo on SQLite"
same=0
for y in 2018 2019 2020 2021 2022 2023 2024 2025 2026; do
	"$BIN" export scores --year $y --format input --db "$T/demo.db" >"$T/sq.csv" 2>&1
	"$BIN" export scores --year $y --format input --db "$PG_SERVER/t_tpl_demo" >"$T/pg.csv" 2>&1
	if cmp -s "$T/sq.csv" "$T/pg.csv" && [ -s "$T/sq.csv" ]; then same=$((same + 1)); else
		echo "FAIL: demo scores of $y differ between SQLite and PostgreSQL"; diff "$T/sq.csv" "$T/pg.csv" | head -n 5; fi
done
q="SELECT id, actor, action, entity, entity_key, before, after FROM audit ORDER BY id"
norm() { sed -e 's/"20[0-9][0-9]-[0-9-]*T[0-9:]*Z"/"TIME"/g' -e 's/|cli:[^|]*|/|cli|/'; }
db_sql "$T/demo.db" "$q" | norm >"$T/a.sq"
pg_psql "$q" t_tpl_demo | norm >"$T/a.pg"
if [ "$same" -eq 9 ] && cmp -s "$T/a.sq" "$T/a.pg" && [ "$(wc -l <"$T/a.pg")" -gt 100 ]; then
	pass=$((pass + 1))
else
	echo "FAIL: the demo differs between SQLite and PostgreSQL (scores: $same of 9 years the same; audit:)"
	diff "$T/a.sq" "$T/a.pg" | head -n 6
	fail=$((fail + 1))
fi
if "$BIN" check --db "$PG_SERVER/t_tpl_demo" >"$T/check.out" 2>&1; then pass=$((pass + 1)); else
	echo "FAIL: check of the demo on PostgreSQL:"; cat "$T/check.out"; fail=$((fail + 1)); fi
rm -f "$T/demo.db"

export TIEPCAN_TEST_TEMPLATES=1 TIEPCAN_TEST_DB=$PG_SERVER

# run_one SUITE: its output in $T/SUITE.log, "passed failed seconds" in
# $T/SUITE.res; every database it made is listed in $T/SUITE.dbs (db_new).
run_one() {
	start=$(date +%s)
	: >"$T/$1.dbs"
	TIEPCAN_TEST_DBLOG=$T/$1.dbs BUILD=$BUILD sh "tests/suite-$1.sh" "$BIN" >"$T/$1.log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$T/$1.log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	# The suite really ran on PostgreSQL: it made a database there.
	if [ ! -s "$T/$1.dbs" ]; then
		echo "FAIL: suite-$1 made no PostgreSQL database (does it use db_new from tests/lib-db.sh?)" >>"$T/$1.log"
		f=$((f + 1))
	fi
	while read -r d; do pg_psql "DROP DATABASE IF EXISTS $d WITH (FORCE)"; done <"$T/$1.dbs"
	echo "$p $f $(($(date +%s) - start))" >"$T/$1.res"
}
# Two lanes take the suites in turn (mkdir is the lock): the suites wait on
# PostgreSQL and HTTP round trips far more than on the CPU.
lane() {
	for s in $SUITES; do
		mkdir "$T/claim.$s" 2>/dev/null && run_one "$s"
	done
}
i=0
while [ $i -lt "${PGWEB_JOBS:-2}" ]; do
	lane &
	i=$((i + 1))
done
wait
for s in $SUITES; do
	read -r p f secs <"$T/$s.res" || { p=0 f=1 secs=0; }
	[ "$f" -eq 0 ] || { echo "---- suite-$s on PostgreSQL:"; cat "$T/$s.log"; }
	printf '  %-10s %4d passed, %d failed (%ds)\n' "$s" "$p" "$f" "$secs"
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
