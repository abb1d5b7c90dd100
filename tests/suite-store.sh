#!/bin/sh
# suite-store.sh BIN — end-to-end tests of the database commands: init,
# units show, import units (good and bad files), backup, check (including
# a tampered audit log), a locked database, and a SIGKILL during an import.
# Needs the sqlite3 command-line shell (to fingerprint and tamper with files).
set -u
BIN=${1:?usage: suite-store.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
mounted=0
trap 'if [ $mounted -eq 1 ]; then umount "$T/mnt"; fi; rm -rf "$T"' EXIT
cd "$T" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description command...
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
# A fingerprint of the whole content of a database.
fp() { sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1; }
# The same without the audit log's times and hashes (they differ between runs).
fp_data() { { sqlite3 "$1" "SELECT count(*) FROM audit"; sqlite3 "$1" ".dump unit" ".dump unit_lineage"; } | sha256sum | cut -d' ' -f1; }
unset TIEPCAN_DB

# ---- init -------------------------------------------------------------------
"$BIN" init --db db >out 2>err
check "init exits 0" [ $? -eq 0 ]
check "init reports counts" grep -q '2020-02: 11541, 2025-03: 10794, 2025-07: 3355' out
check "init is quiet on stderr when not a terminal" [ ! -s err ]
"$BIN" init --db db >out 2>err
check "init refuses an existing file (exit 2)" [ $? -eq 2 ]
check "init: nothing on stdout on error" [ ! -s out ]
for c in init import units check backup export demo; do
	"$BIN" $c --help >out 2>&1
	check "$c --help" [ $? -eq 0 ]
	check "$c --help prints usage" grep -q "usage: tiepcan $c" out
done

# ---- units show ----------------------------------------------------------------
"$BIN" units show 01639 --year 2018 --format json --db db >out 2>err
check "units show 01639 2018 exits 0" [ $? -eq 0 ]
cat >want <<'EOF'
{
  "code": "01639",
  "name": "Đại Sơn",
  "type": "Xã",
  "level": "commune",
  "parent": "050",
  "valid_from": "2017-01-01",
  "valid_to": "2020-02-29",
  "predecessors": [],
  "successors": [
    "01648"
  ]
}
EOF
check "units show 01639 2018 JSON" cmp -s out want
"$BIN" units show 01639 --year 2026 --format json --db db >out 2>err
check "01639 in 2026 does not exist (exit 2)" [ $? -eq 2 ]
check "01639 in 2026: nothing on stdout" [ ! -s out ]
check "01639 in 2026: names its successor" grep -q '01648' err
TIEPCAN_DB=db "$BIN" units show 01648 --year 2026 --format json >out 2>err
check "TIEPCAN_DB is used" [ $? -eq 0 ]
check "Phục Hòa 01648 lists Đại Sơn as predecessor" grep -q '"01639"' out
"$BIN" units show 01392 --year 2026 --format json --db db >out
check "Trường Hà 01392 lists Sóc Hà" grep -q '"01417"' out
"$BIN" units show 01417 --year 2018 --db db >out
check "text format is Vietnamese, dd/mm/yyyy" grep -q 'Hiệu lực: 01/01/2017 – 30/06/2025' out
"$BIN" units show 01417 --year 20x8 --db db >out 2>err
check "bad --year is a usage error" [ $? -eq 2 ]
"$BIN" units show 01417 --db nosuch.db >out 2>err
check "missing database: exit 2" [ $? -eq 2 ]
check "missing database: says how to create it" grep -q 'tiepcan init' err

# ---- import units: bad files change nothing ------------------------------------------
before=$(fp db)
bad_import() { # description expected-message-part file [args]
	d=$1
	m=$2
	shift 2
	"$BIN" import units "$@" --db db >out 2>err
	rc=$?
	check "$d: exit 2" [ $rc -eq 2 ]
	check "$d: message" grep -q -- "$m" err
	check "$d: nothing on stdout" [ ! -s out ]
	check "$d: database unchanged" [ "$(fp db)" = "$before" ]
}
printf 'code,name,type\n04,Cao Bằng,Tỉnh\n' >h.csv
bad_import "wrong header" "h.csv:1: the header" h.csv --vintage 2020
printf 'code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province\n' >m.csv
bad_import "missing column" "m.csv:2: 4 fields" m.csv --vintage 2020
printf 'code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province,\n04,Cao Bằng,Tỉnh,province,\n' >d.csv
bad_import "duplicate row" "d.csv:3: code 04 is already on line 2" d.csv --vintage 2020
printf 'code,name,type,level,parent_code\n04,Cao Bằng,Tỉnh,province,\n01417,Sóc Hà,Xã,commune,045\n' >p.csv
bad_import "unknown parent" "p.csv:3: parent_code '045'" p.csv --vintage 2020
printf 'code,name,type,level,parent_code\n04,Cao B\342ng,T\341nh,province,\n' >l.csv
bad_import "legacy encoding" "l.csv:2: invalid UTF-8" l.csv --vintage 2020
printf 'old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note\n01417,Xã Sóc Hà,commune,01392,Xã Trường Hà,04,full,\n01639,Xã Đại Sơn,commune,01999,Xã X,04,full,\n' >map.csv
bad_import "mapping: unknown unit code" "map.csv:3: new_code '01999'" map.csv --mapping
printf 'old_code,old_full_name,old_level,new_code,new_full_name,new_province_code,relation,note\n99999,Xã Không Có,commune,01392,Xã Trường Hà,04,full,\n' >map2.csv
bad_import "mapping: code that did not exist then" "map2.csv:2: old_code '99999'" map2.csv --mapping
"$BIN" import units h.csv --db db >out 2>err
check "import without --vintage: usage error" [ $? -eq 2 ]

# A BOM and CRLF line ends are accepted; the list replaces its vintage.
printf '\357\273\277code,name,type,level,parent_code\r\n04,Cao Bằng,Tỉnh,province,\r\n045,Hà Quảng,Huyện,district,04\r\n01417,Sóc Hà,Xã,commune,045\r\n' >ok.csv
cp db db2
"$BIN" import units ok.csv --vintage 2020-02 --db db2 >out 2>err
check "BOM + CRLF import: exit 0" [ $? -eq 0 ]
check "BOM + CRLF import: 3 units" grep -q 'imported 3 units into 2020-02' out
check "import quiet on stderr when not a terminal" [ ! -s err ]
check "imported units are there" [ "$(sqlite3 db2 "SELECT count(*) FROM unit WHERE vintage = '2020-02'")" = 3 ]
"$BIN" check --db db2 >out 2>err
check "check after an import" [ $? -eq 0 ]

# ---- scores: import, export, round trip --------------------------------------------
cp db sc.db
cat >s.csv <<'EOF'
unit,year,item,field,value
01639,2018,commune_class,value,III
01639,2018,5,points,16
01639,2018,1,points,12.5
01639,2018,2,points,25.75
01639,2018,3,points,18
01639,2018,4,points,7
01417,2018,commune_class,value,II
01417,2018,1,points,14
01417,2018,2,points,27.5
01417,2018,3,points,22
01417,2018,4,points,9
01417,2018,5,points,18.5
EOF
"$BIN" import scores s.csv --db sc.db >out 2>err
check "import scores: exit 0" [ $? -eq 0 ]
check "import scores: 2 assessments" grep -q 'imported 2 assessments' out
"$BIN" export scores --year 2018 --format input --db sc.db >e1.csv 2>err
check "export input: exit 0" [ $? -eq 0 ]
check "export input is canonical (sorted by unit, item)" [ "$(sed -n 2p e1.csv)" = "01417,2018,1,points,14" ]
cp db sc2.db
"$BIN" import scores e1.csv --db sc2.db >out 2>err
check "re-import of the export: exit 0" [ $? -eq 0 ]
"$BIN" export scores --year 2018 --format input --db sc2.db >e2.csv
check "export -> import -> export is byte-identical" cmp -s e1.csv e2.csv
"$BIN" export scores --year 2018 --format csv --db sc.db >x.csv
"$BIN" score --format csv e1.csv >y.csv
check "export csv = score of the exported input" cmp -s x.csv y.csv
check "export csv: Sóc Hà 91 points, recognised" grep -q '^01417,2018,qd619-2017,91,14,27.5,22,9,18.5,1,' x.csv
"$BIN" export scores --year 2018 --unit 01639 --format json --db sc.db >x.json
check "export json for one unit" grep -q '"01639"' x.json
check "export json: not the other unit" sh -c '! grep -q 01417 x.json'
"$BIN" export scores --year 2018 --unit 01392 --db sc.db >out 2>err
check "export of a unit without assessment: exit 2" [ $? -eq 2 ]

before=$(fp sc.db)
bad_scores() { # description message file [args]
	d=$1
	m=$2
	shift 2
	"$BIN" import scores "$@" --db sc.db >out 2>err
	check "$d: exit 2" [ $? -eq 2 ]
	check "$d: message" grep -q -- "$m" err
	check "$d: nothing on stdout" [ ! -s out ]
	check "$d: database unchanged" [ "$(fp sc.db)" = "$before" ]
}
bad_scores "existing assessment" "s.csv:2: unit 01639 already has an assessment for 2018" s.csv
printf 'unit,year,item,field,value\n01392,2026,1.1,met,1\n01639,2026,1.1,met,1\n' >g.csv
bad_scores "code that did not exist that year" "g.csv:3: unit 01639 did not exist in 2026" g.csv
printf 'unit,year,item,field,value\n045,2018,1,points,14\n' >g2.csv
bad_scores "a district code" "g2.csv:2: unit 045 is a district" g2.csv
printf 'unit,year,item,field,value\n01392,2018,1,points,99\n' >mx.csv
bad_scores "points above the maximum" "mx.csv:2:" mx.csv
printf 'unit,year,item,field,value\nSóc Hà,2018,1,points,14\n' >nm.csv
bad_scores "a name instead of a GSO code" "nm.csv:2: unit Sóc Hà" nm.csv
printf 'unit,year,item\n01392,2018,1\n' >hd.csv
bad_scores "wrong columns" "hd.csv:1" hd.csv
printf '01417,2018,1,points,15\n' | cat s.csv - >dup.csv
bad_scores "duplicate row" "dup.csv:14" dup.csv
"$BIN" import scores s.csv --replace --db sc.db >out 2>err
check "--replace overwrites: exit 0" [ $? -eq 0 ]
"$BIN" export scores --year 2018 --format input --db sc.db >e3.csv
check "--replace keeps the same content" cmp -s e1.csv e3.csv
"$BIN" check --db sc.db >out 2>err
check "check after score imports" [ $? -eq 0 ]

# ---- demo ------------------------------------------------------------------------------
"$BIN" demo --db demo1.db >out 2>err
check "demo: exit 0" [ $? -eq 0 ]
check "demo says the data are synthetic" grep -q 'MINH HỌA' out
"$BIN" demo --db demo2.db >/dev/null 2>&1
ok_same=1
for y in 2018 2020 2024 2025 2026; do
	"$BIN" export scores --year $y --format input --db demo1.db >d1.csv
	"$BIN" export scores --year $y --format input --db demo2.db >d2.csv
	cmp -s d1.csv d2.csv || ok_same=0
done
check "demo is reproducible from its seed" [ $ok_same -eq 1 ]
"$BIN" demo --db demo3.db --seed 7 >/dev/null 2>&1
"$BIN" export scores --year 2019 --format input --db demo3.db >d3.csv
"$BIN" export scores --year 2019 --format input --db demo1.db >d1.csv
check "another seed gives other figures" sh -c '! cmp -s d1.csv d3.csv'
check "demo: every assessment is marked synthetic" [ "$(sqlite3 demo1.db "SELECT count(*) FROM assessment WHERE source <> 'synthetic-demo'")" = 0 ]
check "demo: every official is marked synthetic" [ "$(sqlite3 demo1.db "SELECT count(*) FROM official WHERE source <> 'synthetic-demo'")" = 0 ]
check "demo: 2018 has all 199 communes of Cao Bằng" [ "$(sqlite3 demo1.db "SELECT count(*) FROM assessment WHERE year = 2018")" = 199 ]
check "demo: 2026 on the two-tier list (56 communes)" [ "$(sqlite3 demo1.db "SELECT count(*) FROM assessment WHERE year = 2026 AND vintage = '2025-07'")" = 56 ]
check "demo: the 2018 pilot under qd619-2017" [ "$(sqlite3 demo1.db "SELECT ruleset_id || ' ' || total_pts FROM assessment WHERE year = 2018 AND unit_code = '01417'")" = "qd619-2017 9100" ]
check "demo: every assessment past the draft has its chairman's sign-off and posting period" [ "$(sqlite3 demo1.db "SELECT count(*) FROM assessment a LEFT JOIN assessment_signoff s ON s.assessment_id = a.id WHERE a.status <> 'draft' AND (s.assessment_id IS NULL OR s.posting_end <= s.posting_start)")" = 0 ]
"$BIN" export scores --year 2018 --unit 01639 --format csv --db demo1.db >out
check "demo: Đại Sơn 2018 figures" grep -q '^01639,2018,qd619-2017,79.25,12.5,25.75,18,7,16,' out
"$BIN" check --db demo1.db >out 2>err
check "demo database passes check" [ $? -eq 0 ]

# ---- backup and check ----------------------------------------------------------------
"$BIN" backup --db db b.db >out 2>err
check "backup: exit 0" [ $? -eq 0 ]
check "backup has the same content" [ "$(fp b.db)" = "$(fp db)" ]
"$BIN" check --db b.db >out 2>err
check "check on the backup: exit 0" [ $? -eq 0 ]
check "check reports the audit entries" grep -q 'audit log (4 entries)' out
"$BIN" backup --db db /nonexistent/dir/b.db >out 2>err
check "backup into a missing directory fails" [ $? -eq 1 ]

# Editing one byte of an audit row is detected.
sqlite3 b.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'cli:xoot' WHERE id = 2"
"$BIN" check --db b.db >out 2>err
check "tampered audit: check fails" [ $? -eq 1 ]
check "tampered audit: names the entry" grep -q 'audit log entry 2' err

# ---- a locked database: clear error, nothing lost ------------------------------------
before=$(fp db)
mkfifo lockin
sqlite3 db <lockin >/dev/null 2>&1 &
lockpid=$!
exec 9>lockin
echo "BEGIN IMMEDIATE; INSERT INTO schema_version VALUES (99, 'x');" >&9
sleep 1
TIEPCAN_BUSY_MS=200 "$BIN" import units ok.csv --vintage 2020-02 --db db >out 2>err
rc=$?
check "locked database: exit 1" [ $rc -eq 1 ]
check "locked database: says so" grep -q 'locked by another process' err
echo "ROLLBACK;" >&9
exec 9>&-
wait $lockpid
check "locked database: unchanged" [ "$(fp db)" = "$before" ]

# ---- SIGKILL in the middle of a large import -----------------------------------------
awk 'BEGIN {
	print "code,name,type,level,parent_code"
	print "01,Thử,Tỉnh,province,"
	for (d = 100; d < 900; d++) printf "%03d,Huyện %d,Huyện,district,01\n", d, d
	for (c = 0; c < 99000; c++) printf "%05d,Xã %d,Xã,commune,%03d\n", c, c, 100 + c % 800
}' >big.csv
before=$(fp db)
cp db done.db
"$BIN" import units big.csv --vintage 2020-02 --db done.db >/dev/null 2>&1
after=$(fp_data done.db)
killed=0
for delay in 0.05 0.15 0.3 0.5 0.8; do
	cp db kill.db
	"$BIN" import units big.csv --vintage 2020-02 --db kill.db >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid
	rc=$?
	# 137 = killed by SIGKILL; 0 = finished before the signal (not a test).
	# A kill after the commit (while closing) leaves the complete import:
	# the database must be exactly before or exactly after, never between.
	if [ $rc -eq 137 ]; then
		now=$(fp kill.db)
		[ "$now" = "$before" ] && killed=$((killed + 1))
		check "SIGKILL after ${delay}s: database exactly as before or after" \
			[ "$now" = "$before" -o "$(fp_data kill.db)" = "$after" ]
	fi
done
check "at least two imports were killed mid-way ($killed)" [ $killed -ge 2 ]
"$BIN" check --db kill.db >out 2>err
check "check after the kills" [ $? -eq 0 ]
"$BIN" import units big.csv --vintage 2020-02 --db kill.db >out 2>err
check "the large import itself succeeds" grep -q 'imported 99801 units' out

# ---- a full disk and a read-only file system (only where tmpfs can be mounted) ----------
mkdir mnt
if mount -t tmpfs -o size=9m tmpfs mnt 2>/dev/null; then
	mounted=1
	"$BIN" init --db mnt/db >/dev/null 2>&1
	before=$(fp mnt/db)
	"$BIN" import units big.csv --vintage 2020-02 --db mnt/db >out 2>err
	check "full disk: exit 1" [ $? -eq 1 ]
	check "full disk: says so" grep -q 'the disk is full; nothing was changed' err
	check "full disk: database unchanged" [ "$(fp mnt/db)" = "$before" ]
	mount -o remount,ro mnt
	"$BIN" import units ok.csv --vintage 2020-02 --db mnt/db >out 2>err
	check "read-only file system: exit 1" [ $? -eq 1 ]
	check "read-only file system: says so" grep -q 'cannot write the database' err
	"$BIN" units show 01417 --year 2018 --db mnt/db >out 2>err
	check "read-only file system: reading still works" grep -q 'Sóc Hà' out
	"$BIN" check --db mnt/db >out 2>err
	check "read-only file system: check works" [ $? -eq 0 ]
	umount mnt && mounted=0
else
	echo "note: cannot mount a tmpfs here; full-disk and read-only tests skipped"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
