#!/bin/sh
# suite-pg.sh BIN — the store on PostgreSQL: starts a throw-away PostgreSQL
# server, runs the store unit tests against it (tests/unit/test_store.c with
# TIEPCAN_TEST_DB), then the database commands end to end (migrate, init,
# check, units, import/export, errors, a server that goes away), the same
# results on both backends (audit entries, tables and columns, dashboards,
# official forms), `tiepcan copy` SQLite -> PostgreSQL -> SQLite with its
# checksums, and two `tiepcan serve` processes on one database (sign-in on
# one valid on the other, a write through one read through the other, 409
# for a stale version). Stops and removes the server at exit.
#
# The server: Debian's postgresql (installed with apt-get when missing and
# running as root), a cluster made by initdb in a temp directory, listening
# on 127.0.0.1 on a free port only, trust authentication for the local test
# user, fsync off (a test cluster: durability is not under test here, the
# store's transactions are). As root, PostgreSQL runs as the system user
# `postgres` (created if missing): initdb refuses root.
#
# Only for the plain build (BUILD=build): the sanitizer builds would test
# libpq more than tiepcan, and one server per run keeps CI within minutes.
set -u
BIN=${1:?usage: suite-pg.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BUILD=${BUILD:-build}
if [ "$(basename "$BUILD")" != build ]; then
	echo "suite-pg: PostgreSQL runs for the plain build only (BUILD=build), skipped for $BUILD"
	echo "0 passed, 0 failed"
	exit 0
fi
BUILD_DIR=$(cd "$(dirname "$BIN")" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
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

# ---- the server (tests/lib-db.sh) --------------------------------------------
. "$(dirname "$0")/lib-db.sh"
T=$(mktemp -d)
SRV=""
stop_all() {
	for p in $SRV; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	pg_stop
	rm -rf "$T"
}
trap stop_all EXIT
trap 'exit 1' INT TERM
pg_start "$T" || { bad "$PG_ERROR"; finish; }
SERVER=$PG_SERVER
psql_q() { pg_psql "$1" "${2:-postgres}"; }
createdb_() { psql_q "CREATE DATABASE $1"; }
cd "$T" || exit 1
unset TIEPCAN_DB

# ---- the store unit tests on PostgreSQL ------------------------------------------
TIEPCAN_TEST_DB=$SERVER "$BUILD_DIR/tests/test_store" >unit.log 2>&1
rc=$?
p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' unit.log | tail -n 1)
f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' unit.log | tail -n 1)
pass=$((pass + ${p:-0}))
fail=$((fail + ${f:-0}))
if [ $rc -ne 0 ]; then
	[ -n "$f" ] || fail=$((fail + 1))
	echo "---- test_store on PostgreSQL:"
	cat unit.log
fi
check "test_store ran its PostgreSQL-only test" grep -q 'OK \] test_pg_lost_connection' unit.log

# ---- migrate, init, check, units ----------------------------------------------
createdb_ app
"$BIN" migrate --db "$SERVER/app" >out 2>err
check "migrate an empty database: exit 0" [ $? -eq 0 ]
check "migrate reports 0 -> N" grep -q 'schema version 0 -> ' out
"$BIN" migrate --db "$SERVER/app" >out 2>err
check "migrate again: up to date" grep -q 'up to date' out
check "migrate created the tables" [ "$(psql_q 'SELECT count(*) FROM unit' app)" = 0 ]
"$BIN" init --db "$SERVER/app" >out 2>err
check "init on a migrated but empty schema refuses (exit 2)" [ $? -eq 2 ]
check "init: says it exists" grep -q 'already exists' err

createdb_ nat
"$BIN" init --db "$SERVER/nat" >out 2>err
check "init on PostgreSQL: exit 0" [ $? -eq 0 ]
check "init on PostgreSQL: counts" grep -q '2020-02: 11541, 2025-03: 10794, 2025-07: 3355' out
"$BIN" init --db sq.db >/dev/null 2>&1
check "init on SQLite too" [ -f sq.db ]
"$BIN" check --db "$SERVER/nat" >out 2>err
check "check on PostgreSQL: exit 0" [ $? -eq 0 ]
# schema.sql and schema_pg.sql describe the same tables and columns.
sqlite3 sq.db "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p \
	WHERE m.type = 'table'" | LC_ALL=C sort >cols.sq
psql_q "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE \
	table_schema = 'public'" nat | LC_ALL=C sort >cols.pg
check "the same tables and columns on both backends" cmp -s cols.sq cols.pg
cmp -s cols.sq cols.pg || diff cols.sq cols.pg
check "the same schema version on both backends" [ "$(sqlite3 sq.db 'SELECT max(version) FROM schema_version')" = "$(psql_q 'SELECT max(version) FROM schema_version' nat)" ]
check "check on PostgreSQL: audit verified" grep -q 'audit log (4 entries) verified' out
for c in "units show 01639 --year 2018 --format json" "units show 01648 --format json" \
	"units show 01392 --year 2021"; do
	"$BIN" $c --db "$SERVER/nat" >pg.out 2>&1
	"$BIN" $c --db sq.db >sq.out 2>&1
	check "$c: same on both backends" cmp -s pg.out sq.out
done
TIEPCAN_DB=$SERVER/nat "$BIN" units show 01639 --year 2018 >out 2>&1
check "TIEPCAN_DB takes a URL" grep -q 'Đại Sơn' out

# ---- import / export, bad input --------------------------------------------------
cat >s.csv <<'EOF'
unit,year,item,field,value
01417,2018,1,points,14
01417,2018,2,points,27.5
01417,2018,3,points,22
01417,2018,4,points,9
01417,2018,5,points,18.5
01639,2018,1,points,12.5
01639,2018,commune_class,value,III
01639,2018,2,points,25.75
EOF
"$BIN" import scores s.csv --db "$SERVER/nat" >out 2>err
check "import scores: exit 0" [ $? -eq 0 ]
"$BIN" import scores s.csv --db sq.db >/dev/null 2>&1
for f in input csv json; do
	"$BIN" export scores --year 2018 --format $f --db "$SERVER/nat" >pg.$f 2>&1
	"$BIN" export scores --year 2018 --format $f --db sq.db >sq.$f 2>&1
	check "export $f: same on both backends" cmp -s pg.$f sq.$f
done
# The audit entries are the same on both backends, field for field (the
# JSON snapshots of the rows included); only times (the imports ran at
# different seconds) and hence hashes differ. The hash is computed by the
# same code over these fields, so a copy keeps it.
q="SELECT id, actor, action, entity, entity_key, before, after FROM audit ORDER BY id"
norm() { sed -e 's/^\([0-9]*\)|cli:[^|]*|/\1|cli|/' -e 's/"20[0-9][0-9]-[0-9-]*T[0-9:]*Z"/"TIME"/g'; }
psql_q "$q" nat | norm >a.pg
sqlite3 sq.db "$q" | norm >a.sq
check "audit entries identical on both backends" cmp -s a.pg a.sq
cmp -s a.pg a.sq || diff a.sq a.pg | head -n 6
check "audit entries compared (JSON snapshots present)" grep -q '"total_pts"' a.pg
audit_before=$(psql_q 'SELECT count(*) FROM audit' nat)
printf 'unit,year,item,field,value\n01417,2019,1,points,14\n01639,2019,1,points,abc\n' >bad.csv
"$BIN" import scores bad.csv --db "$SERVER/nat" >out 2>err
check "bad scores file: exit 2" [ $? -eq 2 ]
check "bad scores file: names the line" grep -q 'bad.csv:3:' err
check "bad scores file: nothing on stdout" [ ! -s out ]
check "bad scores file: nothing written" [ "$(psql_q 'SELECT count(*) FROM audit' nat)" = "$audit_before" ]
"$BIN" import scores s.csv --db "$SERVER/nat" >out 2>err
check "duplicate import: exit 2 (conflict)" [ $? -eq 2 ]
check "duplicate import: nothing written" [ "$(psql_q 'SELECT count(*) FROM audit' nat)" = "$audit_before" ]
"$BIN" check --db "$SERVER/nat" >/dev/null 2>&1
check "check after the imports" [ $? -eq 0 ]

# ---- errors that concern PostgreSQL itself ------------------------------------------
"$BIN" units show 01639 --db "$SERVER/nosuchdb" >out 2>err
check "missing database: exit 2" [ $? -eq 2 ]
check "missing database: says how to create it" grep -q 'tiepcan init' err
"$BIN" units show 01639 --db "postgresql://tiepcan@127.0.0.1:1/x" >out 2>err
check "unreachable server: exit 1" [ $? -eq 1 ]
check "unreachable server: says so" grep -q 'cannot connect to PostgreSQL' err
check "unreachable server: nothing on stdout" [ ! -s out ]
"$BIN" units show 01639 --db "postgresql://tiepcan:s3cr3t-pw@127.0.0.1:1/x" >out 2>err
check "a password in the URL is not shown in messages" sh -c '! grep -q s3cr3t err && grep -q "tiepcan:\*\*\*@" err' 
"$BIN" backup x.db --db "$SERVER/nat" >out 2>err
check "backup of PostgreSQL: refused (exit 1)" [ $? -eq 1 ]
check "backup of PostgreSQL: names pg_dump and copy" grep -q 'pg_dump.*tiepcan copy' err
psql_q "UPDATE audit SET actor = 'x' WHERE id = 1" nat >/dev/null 2>&1
check "the audit log refuses UPDATE on PostgreSQL" [ $? -ne 0 ]

# ---- copy SQLite -> PostgreSQL -> SQLite ----------------------------------------------
"$BIN" demo --db demo.db >/dev/null 2>&1 || bad "demo"
createdb_ moved
"$BIN" copy --from demo.db --to "$SERVER/moved" >out 2>err
check "copy SQLite -> PostgreSQL: exit 0" [ $? -eq 0 ]
check "copy prints every table" [ "$(grep -c ' ok$' out)" -ge 13 ]
check "copy: no table differs" sh -c '! grep -q DIFFERENT out'
check "copy: audit rows listed" grep -q '^audit  *[1-9][0-9]* rows' out
"$BIN" check --db "$SERVER/moved" >out 2>err
check "copied database: the hash chain verifies on PostgreSQL" [ $? -eq 0 ]
"$BIN" export scores --year 2022 --format input --db demo.db >a.csv
"$BIN" export scores --year 2022 --format input --db "$SERVER/moved" >b.csv
check "copied database: same scores" cmp -s a.csv b.csv
# The dashboard and the official forms read the same from both backends.
if "$BIN" dashboard --help >/dev/null 2>&1; then
	for y in 2019 2022 2026; do
		"$BIN" dashboard --year $y --db demo.db >ds.json 2>&1
		"$BIN" dashboard --year $y --db "$SERVER/moved" >dp.json 2>&1
		check "dashboard $y: same on both backends" cmp -s ds.json dp.json
	done
	check "dashboard compared real figures" grep -q '"year"' dp.json
fi
if "$BIN" report --help 2>&1 | grep -q score-sheet; then
	for k in score-sheet:01417 evaluation-report:01417 eligibility-lists:04 decision-draft:04 \
		province-summary:04 new-rural:04; do
		"$BIN" report "${k%%:*}" --year 2019 --unit "${k#*:}" --format csv -o rs.csv --db demo.db 2>&1
		"$BIN" report "${k%%:*}" --year 2019 --unit "${k#*:}" --format csv -o rp.csv \
			--db "$SERVER/moved" 2>&1
		check "report ${k%%:*}: same CSV on both backends" test -s rp.csv -a -s rs.csv
		check "report ${k%%:*}: same CSV on both backends (content)" cmp -s rs.csv rp.csv
		rm -f rs.csv rp.csv
	done
fi
# The dashboard with every section filled (issue 6: portable SQL): the demo
# plus shared evidence, reviews by two reviewers, a gate triggered in
# figures not yet appraised (written "1,00": a decimal comma, which the
# engine accepts and a SQL cast to a number would not read the same on both
# backends) and one written "0.00"; then the same JSON on both backends,
# national and for the province, internal (flags, warnings, gaps per
# reviewer) and public, and the pilot charts.
cp demo.db dash.db
dq() { sqlite3 -batch -noheader dash.db "$1"; }
aid() { dq "SELECT id FROM assessment WHERE year = 2024 AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET $1"; }
A0=$(aid 0) A1=$(aid 1) A2=$(aid 2) A3=$(aid 3) A4=$(aid 4)
H=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
dq "INSERT INTO evidence_blob VALUES ('$H', 3, x'616263');
INSERT INTO evidence (assessment_id, item_code, sha256, original_name, mime_type, size, uploaded_at, uploaded_by) VALUES
 ($A0, '1.1', '$H', 'a.pdf', 'application/pdf', 3, '2025-01-02T00:00:00Z', 'test'),
 ($A1, '2.1', '$H', 'b.pdf', 'application/pdf', 3, '2025-01-02T00:00:00Z', 'test');
UPDATE indicator_value SET self_pts = computed_pts WHERE assessment_id IN ($A0, $A1, $A2);
INSERT INTO review_item SELECT assessment_id, item_code, self_pts - 1250, '', 'user:r1', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $A0 AND item_code IN ('1.1', '2.1');
INSERT INTO review_item SELECT assessment_id, item_code, self_pts - 333, '', 'user:r1', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $A1 AND item_code = '1.1';
INSERT INTO review_item SELECT assessment_id, item_code, self_pts + 500, '', 'user:r2', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $A2 AND item_code = '3.1';
UPDATE indicator_value SET reviewed_pts = (SELECT r.reviewed_pts FROM review_item r WHERE r.assessment_id = indicator_value.assessment_id AND r.item_code = indicator_value.item_code) WHERE assessment_id IN ($A0, $A1, $A2);
UPDATE assessment SET status = 'submitted' WHERE id IN ($A3, $A4);
INSERT INTO input_value VALUES ($A3, 'head_discipline', 'triggered', '1,00');
INSERT INTO input_value VALUES ($A4, 'head_discipline', 'triggered', '0.00');" || bad "dashboard data"
createdb_ dash
"$BIN" copy --from dash.db --to "$SERVER/dash" >out 2>err
check "copy of the dashboard data: exit 0" [ $? -eq 0 ]
for args in "--year 2024" "--year 2024 --province 04" "--year 2024 --province 04 --public" \
	"--year 2018 --province 04" "--year 2025" "--year 2026 --province 04"; do
	"$BIN" dashboard $args --db dash.db >ds.json 2>&1
	"$BIN" dashboard $args --db "$SERVER/dash" >dp.json 2>&1
	check "dashboard $args: identical on SQLite and PostgreSQL" cmp -s ds.json dp.json
	cmp -s ds.json dp.json || diff ds.json dp.json | head -n 6
	[ "$args" = "--year 2024 --province 04" ] && cp dp.json d24.json
done
check "PostgreSQL dashboard: gates read (1,00 triggered, 0.00 not)" \
	[ "$(jq -r '[.early_warnings[] | select(.kind == "gate") | .unit] | length' d24.json)" = 1 ]
check "PostgreSQL dashboard: gaps by reviewer present" \
	[ "$(jq -r '[.review_gaps_by_reviewer[].reviewer] | join(",")' d24.json)" = "user:r1,user:r2" ]
check "PostgreSQL dashboard: integrity flags present" \
	[ "$(jq '[.integrity_flags[].kind] | unique | join(",")' d24.json)" = '"review-gap,shared-evidence"' ]
check "PostgreSQL dashboard: pilot communes present" [ "$(jq .pilot.pilot.assessed d24.json)" = 2 ]
for c in thi-diem thi-diem-diem ty-le pho-diem chi-tieu-yeu; do
	"$BIN" dashboard --year 2024 --province 04 --chart $c --db dash.db >cs.svg 2>&1
	"$BIN" dashboard --year 2024 --province 04 --chart $c --db "$SERVER/dash" >cp.svg 2>&1
	check "chart $c: identical on both backends" cmp -s cs.svg cp.svg
done
"$BIN" copy --from demo.db --to "$SERVER/moved" >out 2>err
check "copy into a non-empty database: exit 2" [ $? -eq 2 ]
check "copy into a non-empty database: says so" grep -q 'is not empty' err
check "copy into a non-empty database: nothing on stdout" [ ! -s out ]
"$BIN" copy --from "$SERVER/moved" --to back.db >out 2>err
check "copy PostgreSQL -> SQLite: exit 0" [ $? -eq 0 ]
# (sorted: rows come back from PostgreSQL in another order, so SQLite's
# hidden rowids, and with them the order of .dump, differ)
dump() { sqlite3 "$1" .dump | LC_ALL=C sort | sha256sum; }
check "round trip: the same rows, byte for byte" [ "$(dump demo.db)" = "$(dump back.db)" ]
"$BIN" copy --from nothere.db --to x2.db >out 2>err
check "copy from a missing file: exit 2" [ $? -eq 2 ]
check "copy from a missing file: no target left behind" [ ! -e x2.db ]
# New ids continue after the copied ones (the identity sequences were moved).
printf 'unit,year,item,field,value\n00004,2017,1,points,1\n' >n.csv
"$BIN" import scores n.csv --db "$SERVER/moved" >out 2>err
check "write after a copy: new id above the copied ones" [ "$(psql_q "SELECT id > 1315 FROM assessment WHERE year = 2017" moved)" = t ]

# ---- several app servers, one database ----------------------------------------------
# Two `tiepcan serve` on the same PostgreSQL database. Needs the sign-in and
# the assessment API (branches webauth and assess); until this binary has
# them the HTTP part is skipped with a message, and the same guarantee is
# tested at the store level by test_two_connections_lost_update (above).
# Not in a $(...) subshell: the pid must reach SRV for the cleanup.
start_srv() { # name -> sets URL (empty if it did not start)
	"$BIN" serve --db "$SERVER/moved" --listen 127.0.0.1:0 --quiet >"$T/$1.out" 2>"$T/$1.err" &
	SRV="$SRV $!"
	i=0
	while ! grep -q listening "$T/$1.out" 2>/dev/null && [ $i -lt 600 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	URL=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/$1.out")
}
if "$BIN" user --help >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
	printf 'matkhau-thu-nghiem\n' | "$BIN" user add --db "$SERVER/moved" --login xa1 --role commune \
		--unit 00004 --name "Người xa1" --password-stdin >/dev/null 2>&1
	start_srv a
	A=$URL
	start_srv b
	B=$URL
	check "two servers started on one PostgreSQL database" test -n "$A" -a -n "$B"
	login() { # url jar
		curl -s -c "$2" -H 'Content-Type: application/json' \
			-d '{"login":"xa1","password":"matkhau-thu-nghiem"}' "$1/api/v1/session" |
			sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
	}
	CA=$(login "$A" a.jar)
	check "sign-in through server a" [ -n "$CA" ]
	st=$(curl -s -o g.json -w '%{http_code}' "$B/api/v1/assessments/00004/2023")
	if [ "$st" = 404 ]; then
		echo "suite-pg: the assessment API is not in this build: two-server HTTP test skipped"
	else
		put() { # server version value -> status, body in put.json
			curl -s -o put.json -w '%{http_code}' -b a.jar -X PUT -H 'Content-Type: application/json' \
				-H "X-CSRF-Token: $CA" \
				-d "{\"version\":$2,\"values\":[{\"item\":\"2.1\",\"field\":\"points\",\"value\":\"$3\"}]}" \
				"$1/api/v1/assessments/00004/2023"
		}
		get() { curl -s -b a.jar "$1/api/v1/assessments/00004/2023"; }
		ver() { sed -n 's/.*"version":\([0-9]*\).*/\1/p' "$1" | head -n 1; }
		check "first save through a creates the assessment: 200" [ "$(put "$A" 0 2)" = 200 ]
		get "$B" >gb.json
		V=$(ver gb.json)
		check "session made by a is valid on b, and a's save is read there" [ -n "$V" ]
		check "PUT through a: 200" [ "$(put "$A" "$V" 3)" = 200 ]
		total_a=$(sed -n 's/.*"total":\([0-9.]*\).*/\1/p' put.json | head -n 1)
		get "$B" >gb.json
		check "the write through a is read through b (new version)" [ "$(ver gb.json)" = $((V + 1)) ]
		check "the write through a is read through b (same total)" grep -q "\"total\":$total_a" gb.json
		check "a concurrent edit from the old version through b: 409" [ "$(put "$B" "$V" 4)" = 409 ]
		check "409 says why (Vietnamese)" grep -q 'phiên bản' put.json
		get "$A" >ga.json
		check "the first write was not lost" grep -q "\"total\":$total_a" ga.json
		check "nor overwritten (version)" [ "$(ver ga.json)" = $((V + 1)) ]
		# A rule set an administrator stores through a is used by b at once
		# (the upload generation in ruleset_upload, migration 006).
		printf 'matkhau-thu-nghiem\n' | "$BIN" user add --db "$SERVER/moved" --login ad1 \
			--role admin --name Ad --password-stdin >/dev/null 2>&1
		CD=$(curl -s -c d.jar -H 'Content-Type: application/json' \
			-d '{"login":"ad1","password":"matkhau-thu-nghiem"}' "$A/api/v1/session" |
			sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
		sed -e 's/^version 2026-11-29.1$/version 2026-11-29.9-pg/' \
			-e 's/^  title Ban hành đầy đủ, đúng quy định pháp luật các văn bản quy phạm pháp luật được cơ quan có thẩm quyền giao$/  title Chỉ tiêu 1.1 sửa trên PostgreSQL/' \
			"$REPO/rules/qd25-2021.rules" >pg.rules
		sed -e 's/sửa trên PostgreSQL/sửa lần hai/' pg.rules >pg2.rules
		check "b: the built-in rule set before the upload" sh -c "curl -s $B/quy-tac/qd25-2021 | grep -q 'Ban hành đầy đủ, đúng quy định'"
		st=$(curl -s -o up.html -w '%{http_code}' -b d.jar -F "csrf=$CD" -F hanh-dong=luu \
			-F "tep=@pg.rules;type=text/plain" "$A/quan-tri/quy-tac")
		check "rule-set upload through a: 303 (got $st)" [ "$st" = 303 ]
		check "the upload is a row of ruleset_upload" [ "$(psql_q 'SELECT ruleset_id || version FROM ruleset_upload' moved)" = "qd25-20212026-11-29.9-pg" ]
		check "b uses it without a restart" sh -c "curl -s $B/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 sửa trên PostgreSQL'"
		CB=$(curl -s -c e.jar -H 'Content-Type: application/json' \
			-d '{"login":"ad1","password":"matkhau-thu-nghiem"}' "$B/api/v1/session" |
			sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
		st=$(curl -s -o up.html -w '%{http_code}' -b e.jar -F "csrf=$CB" -F hanh-dong=luu \
			-F "tep=@pg2.rules;type=text/plain" "$B/quan-tri/quy-tac")
		check "same id and version, other text, through b: 409 (got $st)" [ "$st" = 409 ]
		check "the refused upload stored nothing" [ "$(psql_q 'SELECT count(*) FROM ruleset_upload' moved)" = 1 ]
		psql_q 'DELETE FROM ruleset_upload' moved >/dev/null 2>&1
		check "uploads cannot be deleted (trigger)" [ $? -ne 0 ]
		check "the upload is still there" [ "$(psql_q 'SELECT count(*) FROM ruleset_upload' moved)" = 1 ]
	fi
else
	# What this binary has: two servers start on one PostgreSQL database.
	start_srv a
	check "server a starts on PostgreSQL" [ -n "$URL" ]
	start_srv b
	check "server b starts on the same database" [ -n "$URL" ]
	echo "suite-pg: sign-in/assessment API not in this build: two-server HTTP test skipped"
fi

finish
