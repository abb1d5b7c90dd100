#!/bin/sh
# suite-assess.sh — the commune official's journey, the assessment API and
# the public pages, against the real binary over real HTTP (curl).
#
#   sh tests/suite-assess.sh BUILD/tiepcan
#
# The database is a fresh `tiepcan demo` (synthetic Cao Bằng 2018-2026, all
# units loaded). The server's "today" is fixed with TIEPCAN_NOW (TEST ONLY,
# see docs/API.md) and the server is restarted to move the clock.
# The audit log is read with the sqlite3 shell (or psql: tests/lib-db.sh).
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)

BIN=${1:?usage: suite-assess.sh BUILD/tiepcan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
for tool in curl sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "suite-assess: $tool is required"; echo "0 passed, 1 failed"; exit 1; }
done

T=$(mktemp -d)
DB=$(db_new "$T/db.sqlite")
export TIEPCAN_DB=$DB
PASS=0
FAIL=0
SRV_PID=

cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
has() { grep -q -- "$2" "$1"; }          # has FILE PATTERN
hasnt() { ! grep -q -- "$2" "$1"; }
eq() { [ "$1" = "$2" ]; }

SAN_ERRORS=0
stop_server() { # stops it and counts sanitizer reports in its stderr
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	SRV_PID=
	if [ -f "$T/srv.err" ] && grep -q 'Sanitizer\|runtime error' "$T/srv.err"; then
		SAN_ERRORS=$((SAN_ERRORS + 1)); cat "$T/srv.err"
	fi
	rm -f "$T/srv.err"
}

start_server() { # start_server YYYY-MM-DD
	stop_server
	: > "$T/srv.out"
	TIEPCAN_NOW=$1 "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/srv.out" 2>"$T/srv.err" &
	SRV_PID=$!
	i=0
	while ! grep -q listening "$T/srv.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start"; cat "$T/srv.err"; return 1; }
		sleep 0.1
	done
	U=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/srv.out")
}

login() { # login NAME JAR -> sets CSRF
	curl -s -c "$2" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"matkhau-thu-nghiem\"}" "$U/api/v1/session" >"$T/login.json"
	CSRF=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$T/login.json")
}

code() { # code OUTFILE CURLARGS... -> prints the status
	out=$1; shift
	curl -s -o "$out" -w '%{http_code}' "$@"
}

export_all() { "$BIN" export scores --year "$1" --format input 2>&1; }
audit_count() { db_sql "$DB" "SELECT count(*) FROM audit WHERE $1"; }

# ---- setup ------------------------------------------------------------------
db_demo "$BIN" "$DB" >/dev/null 2>&1 || { echo "demo failed"; echo "0 passed, 1 failed"; exit 1; }
for u in "xa1 commune 00004" "xa2 commune 00007" "admin admin" "thamdinh reviewer 01"; do
	set -- $u
	if [ $# -eq 3 ]; then
		printf 'matkhau-thu-nghiem\n' | "$BIN" user add --login $1 --role $2 --unit $3 --name "Người $1" --password-stdin >/dev/null
	else
		printf 'matkhau-thu-nghiem\n' | "$BIN" user add --login $1 --role $2 --name "Người $1" --password-stdin >/dev/null
	fi
done
OFF=$(db_sql "$DB" "INSERT INTO official (vintage, unit_code, full_name, position) VALUES ('2025-03', '00004', 'Trần Thị Bình', 'Công chức Tư pháp - Hộ tịch') RETURNING id; ")

start_server 2020-01-06 || { echo "0 passed, 1 failed"; exit 1; }
J=$T/xa1.jar
login xa1 "$J"
check "login gives a CSRF token" test -n "$CSRF"

# ---- the form (2023: qd25-2021, indicators with inputs and not-arising) ----
check "my commune page" eq "$(code $T/xa.html -b $J $U/xa)" 200
check "my commune page links to a self-assessment" has $T/xa.html '/danh-gia/00004/'
check "form 200" eq "$(code $T/f.html -b $J $U/danh-gia/00004/2023)" 200
check "form has the inputs of the rule set" has $T/f.html 'name="1.1/assigned"'
check "form has the not-arising checkbox" has $T/f.html 'name="1.1/not_arising"'
check "form lists the responsible officials" has $T/f.html 'Trần Thị Bình'

# qd27-2025 (2026): sub-items entered as met / not met or "không phát sinh"
# have fields of their own (without them no 2026 dossier could be complete)
check "2026 form 200" eq "$(code $T/f27.html -b $J $U/danh-gia/00004/2026)" 200
check "2026 form: a sub-item's met field" has $T/f27.html 'name="2.1.1/met"'
check "2026 form: a sub-item's not-arising checkbox" has $T/f27.html 'name="3.2.2/not_arising"'
check "2026 form: no met field on a computed sub-item" hasnt $T/f27.html 'name="3.1.1/met"'
check "2026 form: no met field on an indicator made of sub-items" hasnt $T/f27.html 'name="2.1/met"'
check "my commune page links to its dossiers from the header" has $T/xa.html '<a href="/xa">Hồ sơ của xã</a>'

before=$(export_all 2023)
st=$(code $T/bad.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '1.1/not_arising=1' \
	-d '1.2/points=abc' -d '2.1/points=3' $U/danh-gia/00004/2023)
check "bad figure: 422" eq "$st" 422
check "bad figure: Vietnamese message next to the field" has $T/bad.html 'id="e-1.2/points">Phải là một số'
check "bad figure: the other values are kept in the form" has $T/bad.html 'value="3"'
check "bad figure: nothing written" eq "$before" "$(export_all 2023)"
st=$(code $T/bad.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '2.1/points=99' $U/danh-gia/00004/2023)
check "points above the maximum: 422 next to the field" has $T/bad.html 'id="e-2.1/points">Điểm phải từ 0 đến 5,'
check "points above the maximum: nothing written" eq "$before" "$(export_all 2023)"
st=$(code $T/bad.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '1.1/assigned=2,5' \
	-d '1.1/issued=1' $U/danh-gia/00004/2023)
check "a count that is not whole: 422" eq "$st" 422
check "a count that is not whole: message next to the field" has $T/bad.html 'id="e-1.1/assigned">Phải là số nguyên không âm'
check "a count that is not whole: nothing written" eq "$before" "$(export_all 2023)"
st=$(code $T/bad.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d "2.1/_official=999999" $U/danh-gia/00004/2023)
check "unknown official: 422 next to the field" has $T/bad.html 'Hãy chọn người phụ trách'
st=$(code $T/bad.html -b $J -d version=0 -d '2.1/points=3' $U/danh-gia/00004/2023)
check "form without CSRF token: 403" eq "$st" 403
check "form without CSRF token: nothing written" eq "$before" "$(export_all 2023)"

st=$(code $T/s.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '1.1/not_arising=1' \
	-d '1.2/points=2' -d '2.1/points=3' --data-urlencode '1.2/_comment=Đã rà soát' \
	-d "1.2/_official=$OFF" $U/danh-gia/00004/2023)
check "good figures: 303 to the form" eq "$st" 303
code $T/g.html -b $J "$U/danh-gia/00004/2023?da-luu=1" >/dev/null
check "saved: notice" has $T/g.html 'Đã lưu và tính lại điểm'
check "not arising shown with its points and why" has $T/g.html 'Không phát sinh'
check "total shown" has $T/g.html 'id="tong-diem">8<'
check "verdict with reasons in Vietnamese" has $T/g.html 'Chưa đủ điều kiện công nhận'
check "reason: missing figures named" has $T/g.html 'thiếu số liệu 2.2'
check "comment kept" has $T/g.html 'Đã rà soát'
check "official kept" has $T/g.html "value=\"$OFF\" selected"
check "stored values shown again" has $T/g.html 'name="2.1/points" value="3"'
db_sql "$DB" "UPDATE app_user SET official_id = $OFF WHERE username = 'xa1'"
code $T/xa.html -b $J $U/xa >/dev/null
check "my indicators listed on /xa" has $T/xa.html '/danh-gia/00004/2023#ct-1.2">1.2<'
check "export has the saved inputs" sh -c "'$BIN' export scores --year 2023 --unit 00004 --format input | grep -q '^00004,2023,1.1,not_arising,1'"
st=$(code $T/bad.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '2.1/points=4' $U/danh-gia/00004/2023)
check "stale version in the form: 409" eq "$st" 409
check "stale version: clear Vietnamese message" has $T/bad.html 'phiên bản cũ'

# ---- evidence -------------------------------------------------------------------
printf '%%PDF-1.4\n%% bien ban hop\n' > $T/bienban.pdf
printf '\211PNG\r\n\032\n0000' > $T/anh.png
st=$(code $T/u.html -b $J -F "csrf=$CSRF" -F item=1.2 -F "file=@$T/bienban.pdf;type=application/pdf" \
	-F "file=@$T/anh.png;type=image/png" $U/danh-gia/00004/2023/minh-chung)
check "upload two files: 303" eq "$st" 303
code $T/g.html -b $J $U/danh-gia/00004/2023 >/dev/null
check "evidence listed" has $T/g.html 'bienban.pdf'
ev=$(sed -n 's/.*href="\(\/danh-gia\/00004\/2023\/minh-chung\/[0-9]*\)">bienban.pdf.*/\1/p' $T/g.html | head -1)
curl -s -b $J -o $T/dl.pdf "$U$ev"
check "evidence download is the same bytes" cmp -s $T/dl.pdf $T/bienban.pdf
n_ev=$(db_sql "$DB" "SELECT count(*) FROM evidence")
printf 'MZ not a pdf' > $T/virus.pdf
st=$(code $T/u.html -b $J -F "csrf=$CSRF" -F item=1.2 -F "file=@$T/virus.pdf;type=application/pdf" $U/danh-gia/00004/2023/minh-chung)
check "content not matching its type: 415" eq "$st" 415
printf 'hello' > $T/a.txt
st=$(code $T/u.html -b $J -F "csrf=$CSRF" -F item=1.2 -F "file=@$T/a.txt;type=text/plain" $U/danh-gia/00004/2023/minh-chung)
check "forbidden type: 415" eq "$st" 415
check "forbidden type: Vietnamese message next to the file field" has $T/u.html 'id="e-file">Loại tệp không được chấp nhận'
{ printf '%%PDF-1.4\n'; head -c 21000000 /dev/zero; } > $T/big.pdf
st=$(code $T/u.html -b $J -F "csrf=$CSRF" -F item=1.2 -F "file=@$T/big.pdf;type=application/pdf" $U/danh-gia/00004/2023/minh-chung)
check "over the size limit: 413" eq "$st" 413
check "rejected files are not stored" eq "$n_ev" "$(db_sql "$DB" "SELECT count(*) FROM evidence")"
rm -f $T/big.pdf
st=$(code $T/u.html -b $J -F item=1.2 -F "file=@$T/bienban.pdf;type=application/pdf" $U/danh-gia/00004/2023/minh-chung)
check "upload without CSRF: 403" eq "$st" 403

# ---- evidence through the API: same checks and store call as the form -------------
E=$U/api/v1/assessments/00004/2023/indicators/1.2/evidence
ev_n() { db_sql "$DB" "SELECT count(*) FROM evidence"; }
apiup() { # apiup OUT FILE TYPE NAME URL [curl args] -> status
	o=$1; f=$2; ty=$3; nm=$4; url=$5; shift 5
	code "$o" -b $J -X POST -H "X-CSRF-Token: $CSRF" -H "Content-Type: $ty" \
		-H "X-File-Name: $nm" --data-binary "@$f" "$@" "$url"
}
n_ev=$(ev_n); n_au=$(audit_count "entity='evidence'")
printf '%%PDF-1.4\n%% quyet dinh\n' > $T/qd.pdf
st=$(apiup $T/e.json $T/qd.pdf 'application/pdf; charset=binary' 'C:%5Cscan%5CQuy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf' $E -D $T/eh)
check "API evidence upload: 201 (got $st)" eq "$st" 201
check "API evidence: name decoded and cut to its base" has $T/e.json '"name":"Quyết định.pdf"'
check "API evidence: indicator and type" has $T/e.json '"item":"1.2","name":"Quyết định.pdf","type":"application/pdf"'
check "API evidence: Location" grep -qi '^Location: /api/v1/assessments/00004/2023/evidence/[0-9]' $T/eh
loc=$(sed -n 's/^[Ll]ocation: \(.*\)$/\1/p' $T/eh | tr -d '\r')
check "API download: 200" eq "$(code $T/dl2.pdf -b $J "$U$loc")" 200
check "API download: the same bytes" cmp -s $T/dl2.pdf $T/qd.pdf
check "API evidence: one row, one audit entry" eq "$((n_ev + 1)) $((n_au + 1))" "$(ev_n) $(audit_count "entity='evidence'")"
n_ev=$(ev_n); n_au=$(audit_count "entity='audit'"); n_all=$(audit_count "1=1")
st=$(apiup $T/e.json $T/virus.pdf application/pdf virus.pdf $E)
check "API content not matching its type: 415 (got $st)" eq "$st" 415
st=$(apiup $T/e.json $T/a.txt text/plain a.txt $E)
check "API forbidden type: 415 (got $st)" eq "$st" 415
check "API forbidden type: Vietnamese message" has $T/e.json 'Loại tệp không được chấp nhận'
{ printf '%%PDF-1.4\n'; head -c 21000000 /dev/zero; } > $T/big.pdf
st=$(apiup $T/e.json $T/big.pdf application/pdf big.pdf $E)
check "API over the size limit: 413 (got $st)" eq "$st" 413
rm -f $T/big.pdf
st=$(apiup $T/e.json $T/qd.pdf application/pdf '..%2F..%2Fetc%2Fpasswd' $E)
check "API path in the name: 422 (got $st)" eq "$st" 422
check "API bad name: field-level error" has $T/e.json '"field":"name"'
st=$(code $T/e.json -b $J -X POST -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/pdf' --data-binary @$T/qd.pdf $E)
check "API no file name: 422 (got $st)" eq "$st" 422
st=$(apiup $T/e.json $T/qd.pdf application/pdf 'a%00b.pdf' $E)
check "API NUL in the name: 422 (got $st)" eq "$st" 422
: > $T/empty.pdf
st=$(apiup $T/e.json $T/empty.pdf application/pdf empty.pdf $E)
check "API empty file: 422 (got $st)" eq "$st" 422
check "API empty file: field file" has $T/e.json '"field":"file"'
st=$(apiup $T/e.json $T/qd.pdf application/pdf again.pdf $E)
check "API same file on the same indicator again: 409 (got $st)" eq "$st" 409
st=$(apiup $T/e.json $T/qd.pdf application/pdf a.pdf $U/api/v1/assessments/00004/2023/indicators/9.9/evidence)
check "API unknown indicator: 404 (got $st)" eq "$st" 404
st=$(apiup $T/e.json $T/qd.pdf application/pdf a.pdf $U/api/v1/assessments/00007/2023/indicators/1.2/evidence)
check "API other commune: 403 (got $st)" eq "$st" 403
st=$(code $T/e.json -b $J -X POST -H 'Content-Type: application/pdf' -H 'X-File-Name: a.pdf' --data-binary @$T/qd.pdf $E)
check "API without CSRF: 403 (got $st)" eq "$st" 403
st=$(code $T/e.json -X POST -H 'Content-Type: application/pdf' -H 'X-File-Name: a.pdf' --data-binary @$T/qd.pdf $E)
check "API without a session: 401 (got $st)" eq "$st" 401
check "API rejections: nothing stored, nothing audited" eq "$n_ev $n_all" "$(ev_n) $(audit_count "1=1")"
check "API list of the indicator: 200" eq "$(code $T/l.json -b $J $E)" 200
check "API list: the form's and the API's files" sh -c "grep -q '\"name\":\"bienban.pdf\"' $T/l.json && grep -q '\"name\":\"Quyết định.pdf\"' $T/l.json"
check "API list: only this indicator" sh -c "! grep -q '\"item\":\"[^1]' $T/l.json"
check "API list of the assessment: as many as stored" eq "$(curl -s -b $J $U/api/v1/assessments/00004/2023/evidence | grep -o '"sha256"' | wc -l)" \
	"$(db_sql "$DB" "SELECT count(*) FROM evidence e JOIN assessment a ON a.id = e.assessment_id WHERE a.unit_code = '00004' AND a.year = 2023")"
check "API list of another commune: 403" eq "$(code $T/l.json -b $J $U/api/v1/assessments/00007/2023/evidence)" 403
check "API download of another commune: 403" eq "$(code $T/l.json -b $J $U/api/v1/assessments/00007/2023/evidence/1)" 403

# ---- API ------------------------------------------------------------------------
check "API without a session: 401" eq "$(code $T/a.json $U/api/v1/assessments/00004/2023)" 401
check "API outside my scope: 403" eq "$(code $T/a.json -b $J $U/api/v1/assessments/00007/2023)" 403
check "API unknown unit: 404" eq "$(code $T/a.json -b $J $U/api/v1/assessments/99999/2023)" 404
check "API GET: 200" eq "$(code $T/a.json -b $J $U/api/v1/assessments/00004/2023)" 200
check "API GET: score shape" has $T/a.json '"ruleset":"qd25-2021","total":8,"provisional":'
check "API GET: status and version" has $T/a.json '"status":"draft"'
check "API GET: evidence in the dossier" has $T/a.json '"name":"bienban.pdf"'
V=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' $T/a.json)
before=$(export_all 2023)
st=$(code $T/p.json -b $J -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	-d "{\"version\":$V,\"values\":[{\"item\":\"2.1\",\"field\":\"points\",\"value\":\"x\"}]}" $U/api/v1/assessments/00004/2023)
check "API PUT bad value: 422" eq "$st" 422
check "API PUT bad value: field-level error" has $T/p.json '"item":"2.1","field":"points","message":"Phải là một số'
st=$(code $T/p.json -b $J -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	-d '{"version":1,"values":[]}' $U/api/v1/assessments/00004/2023)
check "API PUT stale version: 409" eq "$st" 409
check "API PUT stale version: Vietnamese message" has $T/p.json 'phiên bản cũ'
st=$(code $T/p.json -b $J -X PUT -H 'Content-Type: application/json' \
	-d "{\"version\":$V,\"values\":[]}" $U/api/v1/assessments/00004/2023)
check "API PUT without X-CSRF-Token: 403" eq "$st" 403
check "API failures wrote nothing" eq "$before" "$(export_all 2023)"
st=$(code $T/p.json -b $J -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	-d "{\"version\":$V,\"values\":[{\"item\":\"2.1\",\"field\":\"points\",\"value\":\"3\"},{\"item\":\"2.2\",\"field\":\"points\",\"value\":\"2,5\"}]}" \
	$U/api/v1/assessments/00004/2023)
check "API PUT: 200" eq "$st" 200
check "API PUT: rescored" has $T/p.json '"total":5.5'
check "API PUT: version bumped" has $T/p.json "\"version\":$((V + 1))"
J2=$T/xa2.jar
CSRF1=$CSRF
login xa2 "$J2"
st=$(code $T/p.json -b $J2 -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	-d '{"version":1,"values":[]}' $U/api/v1/assessments/00004/2023)
check "API PUT other commune: 403" eq "$st" 403
CSRF=$CSRF1

# ---- sign-off and posting (2019: qd619-2017, 10 working days) ----------------------
st=$(code $T/s.html -b $J --data-urlencode "csrf=$CSRF" -d version=0 -d '1/points=12' -d '2/points=25' \
	-d '3/points=20' -d '4/points=8' -d '5/points=15' -d 'official_discipline/triggered=0' \
	-d 'commune_class/value=II' $U/danh-gia/00004/2019)
check "2019 figures saved" eq "$st" 303
V=$(db_sql "$DB" "SELECT version FROM assessment WHERE unit_code='00004' AND year=2019")
before=$(export_all 2019)
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V -d signed_on=31/02/2019 \
	-d signer_name= -d 'signer_position=Chủ tịch UBND xã' -d 'posting_place=Trụ sở UBND xã' $U/danh-gia/00004/2019/ky-duyet)
check "sign-off bad date: 422" eq "$st" 422
check "sign-off bad date: message next to the field" has $T/k.html 'id="e-signed_on">Ngày không hợp lệ'
check "sign-off missing name: message next to the field" has $T/k.html 'id="e-signer_name">'
check "sign-off bad input: nothing written" eq "$before" "$(export_all 2019)"
check "sign-off bad input: still draft" eq "$(db_sql "$DB" "SELECT status FROM assessment WHERE unit_code='00004' AND year=2019")" draft
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V -d signed_on=30/12/2019 \
	--data-urlencode 'signer_name=Lê Văn Chủ' --data-urlencode 'signer_position=Chủ tịch UBND xã' \
	--data-urlencode 'posting_place=Trụ sở UBND xã' $U/danh-gia/00004/2019/ky-duyet)
check "sign-off: 303" eq "$st" 303
code $T/g.html -b $J $U/danh-gia/00004/2019 >/dev/null
check "sign-off: status signed" has $T/g.html 'data-status="signed"'
# 30/12/2019 (Mon) + 10 working days, 01/01/2020 a holiday: ends 13/01/2020 (not 10/01)
check "posting end across the New Year holiday" has $T/g.html 'id="niem-yet-den">13/01/2020<'
check "figures are read-only once signed" has $T/g.html 'name="1/points" value="12" readonly'
check "80 points, class II: eligible" has $T/g.html 'Đủ điều kiện công nhận'
V=$(db_sql "$DB" "SELECT version FROM assessment WHERE unit_code='00004' AND year=2019")
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V -d '1/points=1' $U/danh-gia/00004/2019)
check "editing a signed assessment: 409" eq "$st" 409
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V $U/danh-gia/00004/2019/gui)
check "submit before the posting end: 409" eq "$st" 409
check "submit before the posting end: says until when" has $T/k.html 'đến hết ngày 13/01/2020'
check "still signed" eq "$(db_sql "$DB" "SELECT status FROM assessment WHERE unit_code='00004' AND year=2019")" signed

# ---- public posting notice and an objection --------------------------------------------
P=$T/pub.jar
check "posting notice is public" eq "$(code $T/n.html -c $P $U/niem-yet/00004/2019)" 200
check "posting notice has the period" has $T/n.html 'đến hết ngày 13/01/2020'
TOK=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' $T/n.html)
st=$(code $T/o.html --data-urlencode "token=$TOK" -d contact=0912 -d body=abc $U/niem-yet/00004/2019)
check "objection without the cookie: 403" eq "$st" 403
st=$(code $T/o.html -b $P --data-urlencode "token=$TOK" -d contact= -d body=abc $U/niem-yet/00004/2019)
check "objection without contact: 422" eq "$st" 422
check "objection without contact: message next to the field" has $T/o.html 'id="e-contact">Hãy cho biết'
check "objection bad input: nothing stored" eq "$(db_sql "$DB" "SELECT count(*) FROM objection")" 0
st=$(code $T/o.html -b $P --data-urlencode "token=$TOK" --data-urlencode 'name=Phạm Thị Dân' \
	-d contact=0912345678 --data-urlencode 'body=Chỉ tiêu 2 chưa đúng thực tế' $U/niem-yet/00004/2019)
check "objection: 303" eq "$st" 303
code $T/o.html -b $P "$U/niem-yet/00004/2019?da-gui=1" >/dev/null
check "objection: Vietnamese confirmation" has $T/o.html 'Ý kiến đã được ghi nhận'
AJ=$T/admin.jar
login admin "$AJ"
CSRF=$CSRF1
code $T/a.json -b $AJ $U/api/v1/assessments/00004/2019 >/dev/null
check "objection reaches the dossier" has $T/a.json '"objections":1'
i=0
while [ $i -lt 6 ]; do
	st=$(code $T/o.html -b $P --data-urlencode "token=$TOK" -d contact=x -d body=y $U/niem-yet/00004/2019)
	i=$((i + 1))
done
check "objections are rate-limited: 429" eq "$st" 429

# ---- submit after the posting period ---------------------------------------------------
start_server 2020-01-13
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V $U/danh-gia/00004/2019/gui)
check "submit on the last posting day: 409" eq "$st" 409
start_server 2020-01-14
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$((V - 1)) $U/danh-gia/00004/2019/gui)
check "submit with a stale version: 409" eq "$st" 409
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V $U/danh-gia/00004/2019/gui)
check "submit after the posting end: 303" eq "$st" 303
check "status submitted" eq "$(db_sql "$DB" "SELECT status FROM assessment WHERE unit_code='00004' AND year=2019")" submitted
check "submission recorded with counts" eq "$(db_sql "$DB" "SELECT kind || ',' || n_inputs FROM assessment_submission")" "submit,7"
# The reviewer's return (the review work's step) is simulated in SQL: the
# commune may edit again and "Gửi lại" resubmits without a posting check.
db_sql "$DB" "UPDATE assessment SET status = 'returned', version = version + 1 WHERE unit_code = '00004' AND year = 2019"
V=$(db_sql "$DB" "SELECT version FROM assessment WHERE unit_code='00004' AND year=2019")
code $T/g.html -b $J $U/danh-gia/00004/2019 >/dev/null
check "returned: form editable again" has $T/g.html 'name="1/points" value="12">'
check "returned: button Gửi lại" has $T/g.html '>Gửi lại</button>'
st=$(code $T/s.html -b $J --data-urlencode "csrf=$CSRF" -d version=$V -d '1/points=13' -d '2/points=25' \
	-d '3/points=20' -d '4/points=8' -d '5/points=15' -d 'official_discipline/triggered=0' \
	-d 'commune_class/value=II' $U/danh-gia/00004/2019)
check "returned: supplement saved" eq "$st" 303
st=$(code $T/k.html -b $J --data-urlencode "csrf=$CSRF" -d version=$((V + 1)) $U/danh-gia/00004/2019/gui)
check "resubmit: 303" eq "$st" 303
check "resubmission recorded" eq "$(db_sql "$DB" "SELECT group_concat(kind) FROM assessment_submission")" "submit,resubmit"
check "posting notice closed after submission" sh -c "curl -s $U/niem-yet/00004/2019 | grep -q 'id=\"het-han\"'"

# ---- settings CLI ---------------------------------------------------------------------
check "setting set" "$BIN" setting set deadline_submit 2020-01-20 --year 2019
check "setting get" eq "$("$BIN" setting get deadline_submit --year 2019)" 2020-01-20
"$BIN" setting set x y --year 1999 >/dev/null 2>&1
check "setting with a bad year: exit 2" eq $? 2
"$BIN" setting holiday 32/01/2020 "Nghỉ" >/dev/null 2>&1
check "holiday with a bad date: exit 2" eq $? 2
check "holiday added" "$BIN" setting holiday 2020-02-03 "Nghỉ bù"
code $T/xa.html -b $J $U/xa >/dev/null
check "deadline shown on /xa" has $T/xa.html 'hạn gửi hồ sơ 20/01/2020'

# ---- audit -------------------------------------------------------------------------------
check "audit: save" test "$(audit_count "action='save' AND entity='assessment'")" -ge 3
check "audit: sign-off" eq "$(audit_count "action='sign_off' AND actor LIKE 'user:%'")" 1
check "audit: submit" eq "$(audit_count "action='submit'")" 1
check "audit: resubmit" eq "$(audit_count "action='resubmit'")" 1
check "audit: every objection" eq "$(audit_count "entity='objection'")" "$(db_sql "$DB" "SELECT count(*) FROM objection")"
check "audit: evidence" test "$(audit_count "entity='evidence'")" -ge 1
check "audit: setting" eq "$(audit_count "entity='setting'")" 1
check "audit: holiday" eq "$(audit_count "entity='holiday'")" 1
check "audit chain verifies" "$BIN" check

# ---- public results -------------------------------------------------------------------
check "results page" eq "$(code $T/r.html "$U/ket-qua?year=2025&province=04")" 200
nyes=$(db_sql "$DB" "SELECT count(*) FROM assessment WHERE year=2025 AND province_code='04' AND status='recognised'")
nno=$(db_sql "$DB" "SELECT count(*) FROM assessment WHERE year=2025 AND province_code='04' AND status='not_recognised'")
check "results page counts" has $T/r.html "Đạt chuẩn: $nyes · Chưa đạt chuẩn: $nno."
check "results API" eq "$(code $T/r.json "$U/api/v1/results?year=2025&province=04")" 200
check "results API counts" has $T/r.json "\"recognised\":$nyes"
nsyn=$(db_sql "$DB" "SELECT count(*) FROM assessment WHERE year=2025 AND province_code='04' AND status IN ('recognised','not_recognised') AND source='synthetic-demo'")
check "demo rows are labelled synthetic on the page" eq "$(grep -c 'class="badge">minh họa<' $T/r.html)" "$nsyn"
check "the page says synthetic figures are not real" has $T/r.html 'id="du-lieu-minh-hoa"'
check "results API marks synthetic rows" eq "$(grep -o '"synthetic":true' $T/r.json | wc -l)" "$nsyn"
check "results API bad province: 400" eq "$(code $T/x.json "$U/api/v1/results?year=2025&province=x")" 400
code $T/q.html "$U/ket-qua?year=2023&province=04&q=soc+ha" >/dev/null
check "search ignores diacritics" has $T/q.html 'Sóc Hà'
check "search narrows the list" test "$(grep -c '<tr><td><a' $T/q.html)" -le 2
code $T/k.html "$U/ket-qua/01417/2023" >/dev/null
check "decided sheet is public" has $T/k.html 'Quyết định'
check "synthetic sheet says so" has $T/k.html 'id="du-lieu-minh-hoa"'
code $T/k.html "$U/ket-qua/00004/2019" >/dev/null
check "undecided sheet says what the public may see" has $T/k.html 'id="chua-cong-bo"'
code $T/k.html "$U/ket-qua/01392/2025" >/dev/null
check "merged commune lists its predecessors" has $T/k.html 'Sóc Hà'
check "predecessor results link to the old commune" has $T/k.html '/ket-qua/01417/2023'

stop_server
check "the server reported no sanitizer errors" eq "$SAN_ERRORS" 0

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
