#!/bin/sh
# tests/suite-rulesets.sh BIN — rule sets uploaded by an administrator are
# kept in the store (migration 006) and used by every server process on the
# database: an upload is seen at once by the server that took it, by a
# second server on the same database without a restart, and after a
# restart. A bad file is refused with its line number and nothing is
# stored; the same id and version with another text is refused; "check"
# stores nothing; other roles get 403. The CLI (`rules add`, `rules
# uploaded`) takes the same files with the same checks, and a running
# server uses what it stored without a restart.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-rulesets.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d)
DB=$(db_new "$T/db.sqlite")
PASS=0
FAIL=0
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap 'cleanup; exit 1' INT TERM
trap cleanup EXIT
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }
eq() { [ "$1" = "$2" ]; }
die() { echo "$1"; echo "$PASS passed, $((FAIL + 1)) failed"; exit 1; }
code() { out=$1; shift; curl -s -o "$out" -w '%{http_code}' "$@"; }
rows() { db_sql "$DB" "SELECT count(*) FROM ruleset_upload"; }
audit_n() { db_sql "$DB" "SELECT count(*) FROM audit"; }

# start NAME -> sets URL_NAME (a server on the shared database)
start() {
	"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/$1.out" 2>"$T/$1.err" &
	eval "PID_$1=$!"
	PIDS="$PIDS $!"
	i=0
	while ! grep -q listening "$T/$1.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && die "server $1 did not start: $(cat "$T/$1.err")"
		sleep 0.1
	done
	eval "URL_$1=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/$1.out")"
}
stop() {
	eval "p=\$PID_$1"
	kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	if grep -q 'Sanitizer\|runtime error' "$T/$1.err"; then bad "sanitizer report ($1)"; cat "$T/$1.err"; else ok; fi
}
login() { # login URL NAME JAR -> CSRF of that session
	curl -s -c "$3" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$2\",\"password\":\"pw-long-enough-1\"}" "$1/api/v1/session" |
		sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
}
upload() { # upload OUT URL FILE ACTION -> status
	code "$1" -b "$J" -F "csrf=$C" -F "hanh-dong=$4" -F "tep=@$3;type=text/plain" -D "$T/h" \
		"$2/quan-tri/quy-tac"
}

db_init "$BIN" "$DB" >/dev/null 2>&1 || die "init failed"
printf 'pw-long-enough-1\n' | "$BIN" user add --db "$DB" --login ad --role admin --name Ad \
	--password-stdin >/dev/null || die "user add failed"
printf 'pw-long-enough-1\n' | "$BIN" user add --db "$DB" --login rv --role reviewer --unit 04 \
	--name Rv --password-stdin >/dev/null || die "user add failed"

# The shipped qd25-2021 with a new version and a changed indicator title.
sed -e 's/^version 2026-11-29.1$/version 2026-11-29.2-thu/' \
	-e 's/^  title Ban hành đầy đủ, đúng quy định pháp luật các văn bản quy phạm pháp luật được cơ quan có thẩm quyền giao$/  title Chỉ tiêu 1.1 đã sửa qua web/' \
	rules/qd25-2021.rules >$T/v2.rules
check "test file differs from the shipped one" sh -c "! cmp -s rules/qd25-2021.rules $T/v2.rules"
# Same id and version as v2, another text.
sed -e 's/Chỉ tiêu 1.1 đã sửa qua web/Chỉ tiêu 1.1 sửa lần nữa/' $T/v2.rules >$T/v2b.rules
# Same id and version as the built-in set, another text.
sed -e 's/^  title Ban hành đầy đủ, đúng quy định pháp luật các văn bản quy phạm pháp luật được cơ quan có thẩm quyền giao$/  title Khác/' \
	rules/qd25-2021.rules >$T/same-version.rules
# A brand-new id.
sed -e 's/^ruleset qd25-2021$/ruleset thu-nghiem-2031/' -e 's/^years 2022 2025$/years 2031 2032/' \
	$T/v2.rules >$T/new-id.rules
# Broken at line 76 (a second max).
awk 'NR==76{print "  max 4"; next} {print}' rules/qd25-2021.rules >$T/broken.rules

start a
start b
J=$T/a.jar
C=$(login "$URL_a" ad "$J")
check "admin signs in" test -n "$C"
RJ=$T/r.jar
RC=$(login "$URL_a" rv "$RJ")
check "reviewer signs in" test -n "$RC"
check "b: built-in title before the upload" sh -c "curl -s $URL_b/quy-tac/qd25-2021 | grep -q 'Ban hành đầy đủ, đúng quy định'"
check "upload page lists nothing stored" sh -c "curl -s -b $J $URL_a/quan-tri/quy-tac | grep -q 'Chưa có tệp nào được lưu'"

# ---- refused: nothing stored ----------------------------------------------------
n0=$(audit_n)
st=$(upload $T/p.html "$URL_a" $T/broken.rules luu)
check "broken file: 422 (got $st)" eq "$st" 422
check "broken file: FILE:LINE next to the field" has $T/p.html 'id="loi-tep">Tệp quy tắc không hợp lệ.*broken.rules:7[0-9]:'
check "broken file: nothing stored" eq "$(rows)" 0
check "broken file: no audit entry" eq "$(audit_n)" "$n0"
st=$(upload $T/p.html "$URL_a" $T/same-version.rules luu)
check "same id+version as built-in, other text: 409 (got $st)" eq "$st" 409
check "same version: clear message" has $T/p.html 'id="loi-tep">Bộ quy tắc qd25-2021 phiên bản 2026-11-29.1 đã có với nội dung khác'
check "same version: nothing stored" eq "$(rows)" 0
st=$(upload $T/p.html "$URL_a" rules/qd25-2021.rules luu)
check "identical to the set in use: 200 (got $st)" eq "$st" 200
check "identical: says nothing changed" has $T/p.html 'không có gì thay đổi'
check "identical: nothing stored" eq "$(rows)" 0
st=$(upload $T/p.html "$URL_a" $T/v2.rules kiem-tra)
check "check only: 200 (got $st)" eq "$st" 200
check "check only: diff shown" has $T/p.html 'Chỉ tiêu 1.1 đã sửa qua web'
check "check only: nothing stored" eq "$(rows)" 0
st=$(code $T/p.html -b $RJ -F "csrf=$RC" -F "hanh-dong=luu" -F "tep=@$T/v2.rules" "$URL_a/quan-tri/quy-tac")
check "reviewer upload: 403 (got $st)" eq "$st" 403
st=$(code $T/p.html -b $J -F "hanh-dong=luu" -F "tep=@$T/v2.rules" "$URL_a/quan-tri/quy-tac")
check "upload without CSRF: 403 (got $st)" eq "$st" 403
st=$(upload $T/p.html "$URL_a" $T/v2.rules xoa)
check "unknown action: 422 (got $st)" eq "$st" 422
check "refusals: nothing stored" eq "$(rows)" 0
check "refusals: no audit entry" eq "$(audit_n)" "$n0"

# ---- stored and used at once ----------------------------------------------------
st=$(upload $T/p.html "$URL_a" $T/v2.rules luu)
check "save: 303 (got $st)" eq "$st" 303
check "save: back to the page with a notice" grep -q 'Location: /quan-tri/quy-tac?da-luu=qd25-2021' $T/h
check "save: one row" eq "$(rows)" 1
check "save: row has id, version, hash, uploader" eq \
	"$(db_sql "$DB" "SELECT ruleset_id || '|' || version || '|' || length(sha256) || '|' || uploaded_by || '|' || file_name FROM ruleset_upload")" \
	"qd25-2021|2026-11-29.2-thu|64|user:ad|v2.rules"
check "save: text kept byte for byte" eq "$(db_sql "$DB" "SELECT sha256 FROM ruleset_upload")" "$(sha256sum $T/v2.rules | cut -d' ' -f1)"
check "save: one audit entry" eq "$(audit_n)" "$((n0 + 1))"
check "save: audit entry names the rule set" eq "$(db_sql "$DB" "SELECT action || ' ' || entity || ' ' || entity_key FROM audit ORDER BY id DESC LIMIT 1")" "insert ruleset qd25-2021@2026-11-29.2-thu"
check "a: new title at once" sh -c "curl -s $URL_a/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 đã sửa qua web'"
check "a: API shows the new version" sh -c "curl -s $URL_a/api/v1/rulesets/qd25-2021 | grep -q '2026-11-29.2-thu'"
code $T/p.html -b $J "$URL_a/quan-tri/quy-tac?da-luu=qd25-2021" >/dev/null
check "page: saved notice" has $T/p.html 'Đã lưu và áp dụng bộ quy tắc qd25-2021'
check "page: stored upload listed as in use" sh -c "grep -A2 '2026-11-29.2-thu' $T/p.html | tr -d '\n' | grep -q '<td>có</td>'"
check "b (no restart): new title" sh -c "curl -s $URL_b/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 đã sửa qua web'"
check "b (no restart): API shows the new version" sh -c "curl -s $URL_b/api/v1/rulesets/qd25-2021 | grep -q '2026-11-29.2-thu'"

# ---- conflicts with what is stored ------------------------------------------------
n1=$(audit_n)
st=$(upload $T/p.html "$URL_b" $T/v2b.rules luu)
check "same id+version as the stored upload, other text (on b): 409 (got $st)" eq "$st" 409
check "stored conflict: clear message" has $T/p.html 'phiên bản 2026-11-29.2-thu đã có với nội dung khác'
st=$(upload $T/p.html "$URL_b" $T/v2.rules luu)
check "re-upload of the stored file: 200 nothing changed (got $st)" eq "$st" 200
check "conflicts: still one row, no audit entry" eq "$(rows) $(audit_n)" "1 $n1"

# ---- a new id, uploaded on b, seen on a -------------------------------------------
st=$(upload $T/p.html "$URL_b" $T/new-id.rules luu)
check "new id on b: 303 (got $st)" eq "$st" 303
check "new id: two rows" eq "$(rows)" 2
check "a sees the new id in the list" sh -c "curl -s $URL_a/api/v1/rulesets | grep -q 'thu-nghiem-2031'"
check "a: its page" eq "$(code $T/p.html "$URL_a/quy-tac/thu-nghiem-2031")" 200
if db_sql "$DB" "UPDATE ruleset_upload SET title = 'x'" >/dev/null 2>&1; then bad "the store refuses to change an upload"; else ok; fi
if db_sql "$DB" "DELETE FROM ruleset_upload" >/dev/null 2>&1; then bad "the store refuses to delete an upload"; else ok; fi

# ---- readers during uploads: every request completes with a whole registry ----------
# (the sanitizer build reports a registry freed under a request)
READERS=
for k in 1 2 3; do
	( j=0; while [ $j -lt 40 ]; do
		curl -s -o /dev/null -w '%{http_code}\n' "$URL_b/quy-tac/qd25-2021"
		curl -s -o /dev/null -w '%{http_code}\n' "$URL_a/api/v1/rulesets"
		j=$((j + 1))
	done ) >$T/codes.$k &
	READERS="$READERS $!"
done
for v in 3 4 5 6; do
	sed -e "s/^version 2026-11-29.2-thu$/version 2026-11-29.$v-thu/" -e "s/Chỉ tiêu 1.1 đã sửa qua web/Chỉ tiêu 1.1 bản $v/" \
		$T/v2.rules >$T/v$v.rules
	if [ $((v % 2)) -eq 0 ]; then srv=$URL_a; else srv=$URL_b; fi
	st=$(upload $T/p.html "$srv" $T/v$v.rules luu)
	check "upload v$v during reads: 303 (got $st)" eq "$st" 303
done
for p in $READERS; do wait "$p"; done
check "readers: every request answered 200" eq "$(cat $T/codes.* | sort -u)" 200
check "readers: all requests made" eq "$(cat $T/codes.* | wc -l)" 240
check "after the burst: the last upload in use on a" sh -c "curl -s $URL_a/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 bản 6'"
check "after the burst: the last upload in use on b" sh -c "curl -s $URL_b/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 bản 6'"
check "six uploads kept (versions are history)" eq "$(rows)" 6
code $T/p.html -b $J "$URL_a/quan-tri/quy-tac" >/dev/null
check "history: the first upload no longer in use" sh -c "grep -A3 '2026-11-29.2-thu' $T/p.html | tr -d '\n' | grep -q '<td>không</td>'"

# ---- restart: still there ------------------------------------------------------------
stop a
stop b
start c
check "after restart: the last upload" sh -c "curl -s $URL_c/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 bản 6'"
check "after restart: new id" eq "$(code $T/p.html "$URL_c/api/v1/rulesets/thu-nghiem-2031")" 200
check "after restart: other built-in sets untouched" sh -c "curl -s $URL_c/api/v1/rulesets | grep -q 'qd619-2017'"
stop c

# ---- a server whose --rules-dir defines the same id: the upload wins ---------------
mkdir $T/dir
cp rules/qd25-2021.rules $T/dir/
start_dir() {
	"$BIN" serve --db "$DB" --rules-dir $T/dir --listen 127.0.0.1:0 --quiet >"$T/d.out" 2>"$T/d.err" &
	PID_d=$!
	PIDS="$PIDS $!"
	i=0
	while ! grep -q listening "$T/d.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && die "server d did not start: $(cat "$T/d.err")"
		sleep 0.1
	done
	URL_d=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/d.out")
}
start_dir
check "--rules-dir then uploads: the upload wins" sh -c "curl -s $URL_d/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 bản 6'"
stop d

# ---- the CLI: `rules add` / `rules uploaded` on the same database ------------------
start e
up() { "$BIN" rules uploaded --db "$DB"; }
check "uploaded: one line per stored upload" eq "$(up | wc -l)" 6
check "uploaded: columns (#N, id, version, time, by, bytes, sha256, use)" sh -c \
	"'$BIN' rules uploaded --db '$DB' | head -1 | grep -q '^#1	qd25-2021	2026-11-29.2-thu	20[0-9-]*T[0-9:]*Z	user:ad	$(wc -c <$T/v2.rules)	$(sha256sum $T/v2.rules | cut -d' ' -f1)	replaced\$'"
check "uploaded: the last version is in use" sh -c "'$BIN' rules uploaded --db '$DB' | sed -n 6p | grep -q '2026-11-29.6-thu.*	in-use\$'"
n2=$(audit_n)
"$BIN" rules add $T/broken.rules --db "$DB" >$T/o 2>$T/e
check "cli bad file: exit 2 (got $?)" eq "$?" 2
check "cli bad file: FILE:LINE on stderr" has $T/e 'broken.rules:7[0-9]: '
check "cli bad file: says nothing stored" has $T/e 'nothing stored'
check "cli bad file: nothing on stdout" test ! -s $T/o
check "cli bad file: nothing stored (rules uploaded)" eq "$(up | wc -l)" 6
check "cli bad file: no audit entry" eq "$(audit_n)" "$n2"
"$BIN" rules add $T/v2b.rules --db "$DB" >$T/o 2>$T/e
check "cli same id+version as a stored upload, other text: exit 2 (got $?)" eq "$?" 2
check "cli conflict: clear message" has $T/e 'rule set qd25-2021 version 2026-11-29.2-thu already exists with a different text'
check "cli conflict: nothing on stdout" test ! -s $T/o
"$BIN" rules add $T/v2.rules --db "$DB" >$T/o 2>$T/e
check "cli stored before, another version in use: exit 2 (got $?)" eq "$?" 2
check "cli stored before: names the upload" has $T/e 'stored before as upload #1'
"$BIN" rules add $T/v6.rules --db "$DB" >$T/o 2>$T/e
check "cli identical to the set in use: exit 0 (got $?)" eq "$?" 0
check "cli identical: says so" has $T/o 'already in use with exactly this text; nothing stored'
check "cli refusals: nothing stored, no audit entry" eq "$(rows) $(audit_n)" "6 $n2"
check "cli identical: no usage error" hasnt $T/e 'try'
sed -e "s/^version 2026-11-29.6-thu$/version 2026-11-29.7-cli/" -e "s/Chỉ tiêu 1.1 bản 6/Chỉ tiêu 1.1 qua dòng lệnh/" \
	$T/v6.rules >$T/v7.rules
check "e before the CLI upload: the last web upload" sh -c "curl -s $URL_e/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 bản 6'"
"$BIN" rules add $T/v7.rules --db "$DB" --by "So Tu phap" >$T/o 2>$T/e
check "cli add: exit 0 (got $?)" eq "$?" 0
check "cli add: one line on stdout" eq "$(wc -l <$T/o)" 1
check "cli add: says what was stored (id, version, upload, citation)" has $T/o \
	'^stored rule set qd25-2021 version 2026-11-29.7-cli as upload #7 (sha256 [0-9a-f]\{64\}): Quyết định 25/2021/QĐ-TTg'
check "cli add: quiet on stderr" test ! -s $T/e
check "cli add: one more row and audit entry" eq "$(rows) $(audit_n)" "7 $((n2 + 1))"
check "cli add: audit entry names the rule set and the uploader" eq \
	"$(db_sql "$DB" "SELECT actor || ' ' || action || ' ' || entity || ' ' || entity_key FROM audit ORDER BY id DESC LIMIT 1")" \
	"cli:So Tu phap insert ruleset qd25-2021@2026-11-29.7-cli"
check "cli add: text kept byte for byte" eq "$(db_sql "$DB" "SELECT sha256 || ' ' || file_name FROM ruleset_upload WHERE id = 7")" "$(sha256sum $T/v7.rules | cut -d' ' -f1) v7.rules"
check "uploaded: lists the CLI upload as in use, with its uploader" sh -c "'$BIN' rules uploaded --db '$DB' | tail -1 | grep -q '^#7	qd25-2021	2026-11-29.7-cli	.*	cli:So Tu phap	.*	in-use\$'"
check "e (running, no restart) uses the CLI upload" sh -c "curl -s $URL_e/quy-tac/qd25-2021 | grep -q 'Chỉ tiêu 1.1 qua dòng lệnh'"
check "e: API shows the CLI version" sh -c "curl -s $URL_e/api/v1/rulesets/qd25-2021 | grep -q '2026-11-29.7-cli'"
"$BIN" rules add $T/v7.rules --db "$DB" >$T/o 2>$T/e
check "cli add again: exit 0, already in use" sh -c "[ $? -eq 0 ] && grep -q 'already in use' $T/o"
check "cli add again: still seven rows" eq "$(rows)" 7
# A new id through the CLI, then seen by the running server.
sed -e 's/^ruleset thu-nghiem-2031$/ruleset cli-2033/' -e 's/^years 2031 2032$/years 2033 2034/' \
	$T/new-id.rules >$T/cli-id.rules
check "cli new id: stored" sh -c "'$BIN' rules add $T/cli-id.rules --db '$DB' | grep -q '^stored rule set cli-2033 '"
check "e: the new id without a restart" eq "$(code $T/p.html "$URL_e/api/v1/rulesets/cli-2033")" 200
printf 'unit,year,item,field,value\nXã A,2033,1.1,assigned,0\nXã A,2033,1.1,issued,0\nXã A,2033,1.1,unlawful_handled,0\n' >$T/s33.csv
check "score --db: a 2033 row uses the CLI upload" sh -c "'$BIN' score --db '$DB' $T/s33.csv | grep -q '\"ruleset\":\"cli-2033\"'"
check "score --db --ruleset: the uploaded id is known" sh -c "'$BIN' score --db '$DB' --ruleset cli-2033 $T/s33.csv | grep -q '\"total\":3'"
check "score without --db: the uploaded id is unknown" sh -c "'$BIN' score --ruleset cli-2033 $T/s33.csv 2>&1 >/dev/null | grep -q \"unknown rule set 'cli-2033'\""
sed 's/^Xã A,/01392,/' $T/s33.csv >$T/i33.csv
"$BIN" import scores $T/i33.csv --db "$DB" >$T/o 2>$T/e
check "import scores: a 2033 commune scored by the CLI upload" sh -c "[ $? -eq 0 ] || { cat $T/e; false; }"
check "export scores: scored again with the uploaded rule set" sh -c "'$BIN' export scores --db '$DB' --year 2033 --unit 01392 | grep -q '\"ruleset\":\"cli-2033\"'"
check "dashboard --db: 2033 uses the CLI upload" sh -c "'$BIN' dashboard --year 2033 --db '$DB' | grep -q '\"ruleset\": \"cli-2033\"'"
check "rules add --help" sh -c "'$BIN' rules add --help | grep -q 'usage: tiepcan rules add FILE'"
check "rules uploaded --help" sh -c "'$BIN' rules uploaded --help | grep -q 'usage: tiepcan rules uploaded'"
"$BIN" rules add --db "$DB" >$T/o 2>$T/e
check "cli add without a file: exit 2, usage" sh -c "[ $? -eq 2 ] && grep -q 'give exactly one rule-set file' $T/e && [ ! -s $T/o ]"
stop e

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
