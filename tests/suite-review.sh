#!/bin/sh
# tests/suite-review.sh BIN — the reviewer's and council's journey end to end
# (journey 2), against the real binary over real HTTP with curl:
# communes of Cao Bằng (04) and Hà Nội (01) sign off and submit through the
# commune API; the reviewer of Cao Bằng sees only her province's queue,
# returns one indicator with a deadline computed over Tết, sees what the
# commune changed after the resubmission, lowers reviewed scores (the verdict
# changes), finishes; the council meets (quorum), members give opinions, the
# outcome is recorded; a decision with number, date, signer and a signed file
# recognises one commune and not the other with a reason. Every state change
# adds audit entries; every bad input gets a Vietnamese message next to its
# field and writes nothing.
#
# The clock is fixed with TIEPCAN_NOW=2025-01-24 (a Friday just before the
# Tết holiday of 25/01-02/02/2025), see app/dossier.h.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-review.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # description command...
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}
for t in curl python3; do
	command -v $t >/dev/null || { echo "$t missing"; echo "0 passed, 1 failed"; exit 1; }
done

db=$(db_new "$tmp/t.db")
PW=mat-khau-thu-nghiem
A=01267   # Phường Sông Hiến, Cao Bằng (04), district 040
B=01270   # Phường Sông Bằng, Cao Bằng
C=00001   # Phường Phúc Xá, Hà Nội (01)
Y=2024

db_init "$BIN" "$db" >/dev/null || { echo "init failed"; echo "0 passed, 1 failed"; exit 1; }
# Full marks everywhere (qd25-2021: 20 indicators, 100 points).
{
	echo "unit,year,item,field,value"
	for u in $A $B $C; do
		echo "$u,$Y,1.1,points,3"
		echo "$u,$Y,1.2,points,7"
		for c in "2 6" "3 3" "4 5" "5 4"; do
			set -- $c
			i=1
			while [ $i -le "$2" ]; do echo "$u,$Y,$1.$i,points,5"; i=$((i + 1)); done
		done
	done
} >"$tmp/s.csv"
"$BIN" import scores "$tmp/s.csv" --db "$db" >/dev/null || { echo "import failed"; echo "0 passed, 1 failed"; exit 1; }
adduser() { # login role unit
	if [ -n "$3" ]; then
		printf '%s\n' "$PW" | "$BIN" user add --login "$1" --role "$2" --unit "$3" --name "$1" --password-stdin --db "$db" >/dev/null
	else
		printf '%s\n' "$PW" | "$BIN" user add --login "$1" --role "$2" --name "$1" --password-stdin --db "$db" >/dev/null
	fi
}
adduser xa-a commune $A && adduser xa-b commune $B && adduser xa-c commune $C &&
	adduser td-04 reviewer 04 && adduser td-01 reviewer 01 && adduser hd-04 council 04 &&
	adduser qt admin "" || { echo "user add failed"; echo "0 passed, 1 failed"; exit 1; }

# start NOW: (re)starts the server with the test clock at NOW.
start() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	: >"$tmp/out"
	TIEPCAN_NOW=$1 "$BIN" serve --db "$db" --listen 127.0.0.1:0 --quiet >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	url=""
	i=0
	while [ $i -lt 600 ] && [ -z "$url" ]; do # up to 60 s: valgrind on a busy machine
		url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
		[ -n "$url" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$url" ] || { echo "server did not start:"; cat "$tmp/err"; echo "0 passed, 1 failed"; exit 1; }
	url=${url%/}
}
# Phase 1, 03/01/2025: the communes sign off (02/01) and the public objects
# during the posting period.
start 2025-01-03

# jget FILE EXPR: evaluates a Python expression over the JSON in FILE as d.
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print(json.dumps(v) if isinstance(v,(dict,list,bool)) or v is None else v)' "$1" "$2" 2>/dev/null; }
login() { # user
	curl -s -o "$tmp/login" -c "$tmp/ck.$1" -H 'Content-Type: application/json' \
		--data-binary "{\"login\":\"$1\",\"password\":\"$PW\"}" "$url/api/v1/session" &&
		jget "$tmp/login" 'd["csrf"]' >"$tmp/csrf.$1"
}
# api USER METHOD PATH [JSON]: status on stdout, body in $tmp/body.
api() {
	if [ $# -ge 4 ]; then
		curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.$1" -X "$2" \
			-H 'Content-Type: application/json' -H "X-CSRF-Token: $(cat "$tmp/csrf.$1")" \
			--data-binary "$4" "$url$3"
	else
		curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.$1" -X "$2" "$url$3"
	fi
}
# form USER PATH field=value...: urlencoded POST with the CSRF token.
form() {
	u=$1
	p=$2
	shift 2
	set -- --data-urlencode "csrf=$(cat "$tmp/csrf.$u")" "$@"
	args=""
	curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.$u" "$@" "$url$p"
}
page() { curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.$1" "$url$2"; }
body_has() { grep -q -- "$1" "$tmp/body"; }
audits() { "$BIN" check --db "$db" | sed -n 's/.*(\([0-9]*\) entries).*/\1/p'; }
version() { # USER UNIT
	api "$1" GET "/api/v1/assessments/$2/$Y" >/dev/null && jget "$tmp/body" 'd["version"]'
}
status_of() { api qt GET "/api/v1/assessments/$1/$Y/review" >/dev/null && jget "$tmp/body" 'd["status"]'; }

for u in xa-a xa-b xa-c td-04 td-01 hd-04 qt; do login $u || bad "login $u"; done
check "every user signed in" [ -s "$tmp/csrf.qt" ]

# ---- the communes sign off (02/01/2025); an objection; then they submit
for pair in "xa-a $A" "xa-b $B" "xa-c $C"; do
	set -- $pair
	v=$(version "$1" "$2")
	s=$(api "$1" POST "/api/v1/assessments/$2/$Y/sign-off" "{\"version\":$v,\"date\":\"02/01/2025\",\"signer_name\":\"Nguyễn Văn Chủ\",\"signer_position\":\"Chủ tịch UBND\",\"posting_place\":\"Trụ sở UBND\"}")
	check "sign-off of $2 is 200 (got $s)" [ "$s" = 200 ]
done
curl -s -c "$tmp/ck.pub" -o "$tmp/notice" "$url/niem-yet/$A/$Y"
tok=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$tmp/notice")
s=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.pub" --data-urlencode "token=$tok" \
	--data-urlencode "name=Trần Văn Dân" --data-urlencode "contact=0912 345 678" \
	--data-urlencode "body=Xã chưa niêm yết biên bản hội nghị" "$url/niem-yet/$A/$Y")
check "the public objects during the posting period (303, got $s)" [ "$s" = 303 ]
# Phase 2, Friday 24/01/2025, just before Tết: the posting is over.
start 2025-01-24
for pair in "xa-a $A" "xa-b $B" "xa-c $C"; do
	set -- $pair
	v=$(version "$1" "$2")
	s=$(api "$1" POST "/api/v1/assessments/$2/$Y/submit" "{\"version\":$v}")
	check "submit of $2 is 200 (got $s)" [ "$s" = 200 ]
done
check "A is submitted" [ "$(status_of $A)" = submitted ]

# ---- queue: only the reviewer's own province
check "queue of td-04 is 200" [ "$(api td-04 GET "/api/v1/queue?year=$Y")" = 200 ]
check "td-04 sees A and B" [ "$(jget "$tmp/body" '",".join(sorted(i["unit"] for i in d["items"]))')" = "$A,$B" ]
check "queue of td-01 is 200" [ "$(api td-01 GET "/api/v1/queue?year=$Y")" = 200 ]
check "td-01 sees only C" [ "$(jget "$tmp/body" '",".join(i["unit"] for i in d["items"])')" = "$C" ]
check "queue page of td-04 is 200" [ "$(page td-04 /tham-dinh)" = 200 ]
check "queue page lists A" body_has "href=\"/tham-dinh/$A/$Y\""
check "queue page does not list C" sh -c "! grep -q '/tham-dinh/$C/' '$tmp/body'"
check "a commune may not see the queue (403)" [ "$(api xa-a GET /api/v1/queue)" = 403 ]
check "td-01 may not open A's review (403)" [ "$(page td-01 /tham-dinh/$A/$Y)" = 403 ]
check "the dossier page is 200" [ "$(page td-04 /tham-dinh/$A/$Y)" = 200 ]
check "the dossier page shows the commune's figures" body_has "Số liệu: points: 5"
check "the dossier page shows the self-score verdict" body_has "Xã tự chấm: <strong>100</strong>"
check "the dossier shows the public's objection" body_has "<strong>Trần Văn Dân</strong> (0912 345 678, .*): Xã chưa niêm yết biên bản hội nghị"
check "the dossier page computes the deadline over Tết" body_has "Hạn bổ sung nếu trả lại hôm nay: <strong>05/02/2025</strong> (3 ngày làm việc"

# ---- return: bad input first (nothing written), then A over Tết, B earlier
n0=$(audits)
vA=$(version td-04 $A)
s=$(form td-04 /tham-dinh/$A/$Y/tra-lai --data-urlencode "version=$vA" --data-urlencode "ly-do=" --data-urlencode "ngay=31/02/2025")
check "return form without reason is 422" [ "$s" = 422 ]
check "the reason field says it is required" body_has "Không được để trống."
check "the date field says it is invalid" body_has "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy."
s=$(api td-04 POST /api/v1/assessments/$A/$Y/return "{\"version\":$vA,\"reason\":\"\",\"date\":\"2025-01-25\"}")
check "API return without reason is 422" [ "$s" = 422 ]
check "API 422 names the reason field" [ "$(jget "$tmp/body" 'd["error"]["fields"]["reason"]')" = "Không được để trống." ]
s=$(api td-04 POST /api/v1/assessments/$A/$Y/return "{\"version\":$vA,\"reason\":\"x\",\"date\":\"2025-01-25\"}")
check "a return dated in the future is 422" [ "$s" = 422 ]
check "bad returns wrote nothing" [ "$(audits)" = "$n0" ]
check "A is still submitted" [ "$(status_of $A)" = submitted ]
s=$(api td-04 POST /api/v1/assessments/$A/$Y/return "{\"version\":$((vA - 1)),\"reason\":\"Thiếu biên bản\"}")
check "a stale version is 409" [ "$s" = 409 ]
s=$(api td-04 POST /api/v1/assessments/$A/$Y/return "{\"version\":$vA,\"reason\":\"Thiếu biên bản niêm yết\",\"notes\":[{\"item\":\"2.1\",\"note\":\"Bổ sung biên bản hội nghị\"}]}")
check "return of A is 200 (got $s)" [ "$s" = 200 ]
check "deadline: Fri 24/01/2025 + 3 working days over Tết = 05/02/2025" [ "$(jget "$tmp/body" 'd["deadline"]')" = 2025-02-05 ]
check "the return used 3 working days (TT 09/2021)" [ "$(jget "$tmp/body" 'd["supplement_days"]')" = 3 ]
check "A is returned" [ "$(status_of $A)" = returned ]
n1=$(audits)
check "the return is audited" [ "$n1" -gt "$n0" ]
check "the commune's own page is 200" [ "$(page xa-a /danh-gia/$A/$Y)" = 200 ]
check "... shows the request for a supplement with its deadline" body_has 'Ngày trả lại: 24/01/2025. Hạn bổ sung: <strong>05/02/2025</strong> (3 ngày làm việc)'
check "... the reason and the note" body_has "Chỉ tiêu 2.1: Bổ sung biên bản hội nghị"
check "the commune reads its own review by the API" [ "$(api xa-a GET /api/v1/assessments/$A/$Y/review)" = 200 ]
check "... with the return's reason" [ "$(jget "$tmp/body" 'd["returns"][0]["reason"]')" = "Thiếu biên bản niêm yết" ]
check "another commune may not (403)" [ "$(api xa-b GET /api/v1/assessments/$A/$Y/review)" = 403 ]
vB=$(version td-04 $B)
s=$(form td-04 /tham-dinh/$B/$Y/tra-lai --data-urlencode "version=$vB" --data-urlencode "ly-do=Thiếu tài liệu" --data-urlencode "ngay=10/01/2025" --data-urlencode "bs-3.1=Bổ sung sổ theo dõi")
check "return of B by the page redirects (303, got $s)" [ "$s" = 303 ]
check "td-04's queue is 200" [ "$(api td-04 GET "/api/v1/queue?year=$Y")" = 200 ]
check "B is overdue (10/01 + 3 working days = 15/01 < 24/01)" [ "$(jget "$tmp/body" '[i["overdue"] for i in d["items"] if i["unit"]=="'$B'"][0]')" = true ]
check "B's deadline is 15/01/2025" [ "$(jget "$tmp/body" '[i["deadline"] for i in d["items"] if i["unit"]=="'$B'"][0]')" = 2025-01-15 ]
check "A is not overdue" [ "$(jget "$tmp/body" '[i["overdue"] for i in d["items"] if i["unit"]=="'$A'"][0]')" = false ]
check "the queue page highlights B as overdue" sh -c "[ \"\$(curl -s -b '$tmp/ck.td-04' '$url/tham-dinh')\" != '' ] && curl -s -b '$tmp/ck.td-04' '$url/tham-dinh' | grep -q 'Quá hạn'"

# ---- the commune supplements and resubmits
api xa-a GET /api/v1/assessments/$A/$Y >/dev/null
vals=$(python3 -c '
import json,sys
rows=[l.strip().split(",") for l in open(sys.argv[1]) if l.startswith(sys.argv[2]+",")]
out=[{"item":r[2],"field":r[3],"value":("4,5" if r[2]=="2.1" else r[4])} for r in rows]
print(json.dumps(out))' "$tmp/s.csv" $A)
vA=$(version xa-a $A)
s=$(api xa-a PUT /api/v1/assessments/$A/$Y "{\"version\":$vA,\"values\":$vals}")
check "the commune edits its returned dossier (200, got $s)" [ "$s" = 200 ]
vA=$(version xa-a $A)
s=$(api xa-a POST /api/v1/assessments/$A/$Y/submit "{\"version\":$vA}")
check "the commune resubmits (200, got $s)" [ "$s" = 200 ]
vB=$(version xa-b $B)
check "B resubmits unchanged" [ "$(api xa-b POST /api/v1/assessments/$B/$Y/submit "{\"version\":$vB}")" = 200 ]
check "A is submitted again" [ "$(status_of $A)" = submitted ]
api td-04 GET /api/v1/assessments/$A/$Y/review >/dev/null
check "the reviewer sees exactly one change" [ "$(jget "$tmp/body" 'len(d["changes"])')" = 1 ]
check "the change is 2.1 points 5 -> 4,5" [ "$(jget "$tmp/body" '"%s %s %s %s" % tuple(d["changes"][0][k] for k in ("item","field","before","after"))')" = "2.1 points 5 4,5" ]
check "the return is dated 24/01/2025 (TIEPCAN_NOW)" [ "$(jget "$tmp/body" 'd["returns"][0]["returned_on"]')" = 2025-01-24 ]
check "the return's note is kept" [ "$(jget "$tmp/body" 'd["returns"][0]["notes"][0]["note"]')" = "Bổ sung biên bản hội nghị" ]
check "the dossier page shows what changed" [ "$(page td-04 /tham-dinh/$A/$Y)" = 200 ]
check "... a 'what changed' section" body_has 'id="thay-doi"'
check "... the return's date and deadline" body_has 'Ngày trả lại: 24/01/2025. Hạn bổ sung: <strong id="han-bo-sung">05/02/2025</strong>'
check "... with before and after" body_has '<tr><th scope="row">2.1</th><td>points</td><td>5</td><td>4,5</td></tr>'
check "the queue marks A as resubmitted" [ "$(api td-04 GET "/api/v1/queue?year=$Y")" = 200 ]
check "... resubmitted true" [ "$(jget "$tmp/body" '[i["resubmitted"] for i in d["items"] if i["unit"]=="'$A'"][0]')" = true ]
api td-04 GET /api/v1/assessments/$B/$Y/review >/dev/null
check "B's unchanged resubmission has no changes" [ "$(jget "$tmp/body" 'len(d["changes"])')" = 0 ]

# ---- reviewed scores: bad input, then scores that change the verdict
n0=$(audits)
vA=$(version td-04 $A)
s=$(form td-04 /tham-dinh/$A/$Y/diem --data-urlencode "version=$vA" --data-urlencode "diem-2.1=abc" --data-urlencode "diem-2.2=6" --data-urlencode "diem-2.3=1,255")
check "bad reviewed scores are 422" [ "$s" = 422 ]
check "... 'abc' is refused next to its field" body_has 'id="e-diem-2.1">Điểm không hợp lệ'
check "... 6 is above the maximum 5" body_has 'id="e-diem-2.2">Điểm phải từ 0 đến 5.'
check "... three decimals are refused" body_has 'id="e-diem-2.3">Điểm không hợp lệ'
s=$(api td-04 POST /api/v1/assessments/$A/$Y/review "{\"version\":$vA,\"items\":[{\"item\":\"9.9\",\"reviewed\":\"1\"}]}")
check "an unknown indicator is 422" [ "$s" = 422 ]
check "bad scores wrote nothing" [ "$(audits)" = "$n0" ]
s=$(api xa-a POST /api/v1/assessments/$A/$Y/review "{\"version\":$vA,\"items\":[{\"item\":\"2.1\",\"reviewed\":\"0\"}]}")
check "a commune may not review (403)" [ "$s" = 403 ]
s=$(form td-04 /tham-dinh/$A/$Y/diem --data-urlencode "version=$vA" --data-urlencode "diem-2.1=0" --data-urlencode "diem-2.2=0,5" --data-urlencode "nx-2.1=Không có biên bản")
check "reviewed scores with a decimal comma are saved (303, got $s)" [ "$s" = 303 ]
vA=$(version td-04 $A)
items=$(python3 -c '
import json
out=[{"item":c,"reviewed":"0","comment":"Chưa đạt"} for c in ["2.3","2.4","2.5","2.6"]]
print(json.dumps(out))')
s=$(api td-04 POST /api/v1/assessments/$A/$Y/review "{\"version\":$vA,\"items\":$items}")
check "reviewed scores by the API (200, got $s)" [ "$s" = 200 ]
api td-04 GET /api/v1/assessments/$A/$Y/review >/dev/null
check "the self score still says recognised" [ "$(jget "$tmp/body" 'd["self_result"]["recognised"]')" = true ]
check "the reviewed scores say not recognised" [ "$(jget "$tmp/body" 'd["reviewed_result"]["recognised"]')" = false ]
check "... because criterion 2 is below its minimum" [ "$(jget "$tmp/body" '"criterion_below_min:2" in d["reviewed_result"]["reasons"]')" = true ]
check "... total 70,50 on reviewed scores" [ "$(jget "$tmp/body" 'd["reviewed_result"]["total"]')" = 70.50 ]
check "the reviewer's comment is kept" [ "$(jget "$tmp/body" '[r["comment"] for r in d["reviews"] if r["item"]=="2.1"][0]')" = "Không có biên bản" ]
n1=$(audits)
check "reviewed scores are audited" [ "$n1" -gt "$n0" ]
vA=$(version td-04 $A)
s=$(form td-04 /tham-dinh/$A/$Y/hoan-thanh --data-urlencode "version=$vA")
check "finishing with unscored indicators is 422" [ "$s" = 422 ]
check "... with the reason" body_has "chưa có điểm thẩm định"
check "... nothing written" [ "$(audits)" = "$n1" ]
all() { # UNIT -> every indicator at the commune's points except those already set
	python3 -c '
import json,sys
rows=[l.strip().split(",") for l in open(sys.argv[1]) if l.startswith(sys.argv[2]+",")]
skip=set(sys.argv[3].split())
print(json.dumps([{"item":r[2],"reviewed":r[4]} for r in rows if r[2] not in skip]))' "$tmp/s.csv" "$1" "$2"
}
vA=$(version td-04 $A)
check "the other indicators of A are scored" [ "$(api td-04 POST /api/v1/assessments/$A/$Y/review "{\"version\":$vA,\"items\":$(all $A '2.1 2.2 2.3 2.4 2.5 2.6')}")" = 200 ]
vA=$(version td-04 $A)
check "finishing A's review is 200" [ "$(api td-04 POST /api/v1/assessments/$A/$Y/review "{\"version\":$vA,\"finish\":true}")" = 200 ]
check "A is reviewed" [ "$(status_of $A)" = reviewed ]
vB=$(version td-04 $B)
check "B is scored in full" [ "$(api td-04 POST /api/v1/assessments/$B/$Y/review "{\"version\":$vB,\"items\":$(all $B '')}")" = 200 ]
vB=$(version td-04 $B)
check "finishing B by the page redirects" [ "$(form td-04 /tham-dinh/$B/$Y/hoan-thanh --data-urlencode "version=$vB")" = 303 ]
check "B is reviewed" [ "$(status_of $B)" = reviewed ]

# ---- council
n0=$(audits)
s=$(form hd-04 /hoi-dong --data-urlencode "name=Hội đồng đánh giá thành phố Cao Bằng" --data-urlencode "date=30/02/2025" \
	--data-urlencode "members=Nguyễn Văn An; Chủ tịch; có mặt
Trần Thị Bình; Thành viên; vắng
Lê Văn Cường; Thư ký; vắng" --data-urlencode "dossier=$A/$Y")
check "a meeting with a bad date and no quorum is 422" [ "$s" = 422 ]
check "... the date field says why" body_has "Ngày không hợp lệ"
check "... the members field says the quorum is not met (1/3 < 2/3)" body_has "Không đủ số thành viên tham dự: 1/3"
check "... nothing written" [ "$(audits)" = "$n0" ]
members='[{"name":"Nguyễn Văn An","role":"chair","present":true},{"name":"Trần Thị Bình","role":"member","present":true},{"name":"Lê Văn Cường","role":"secretary","present":false}]'
s=$(api xa-a POST /api/v1/councils "{\"name\":\"HĐ\",\"date\":\"2025-01-24\",\"members\":$members,\"dossiers\":[{\"unit\":\"$A\",\"year\":$Y}]}")
check "a commune may not record a meeting (403)" [ "$s" = 403 ]
s=$(api hd-04 POST /api/v1/councils "{\"name\":\"Hội đồng đánh giá thành phố Cao Bằng\",\"date\":\"24/01/2025\",\"members\":$members,\"dossiers\":[{\"unit\":\"$A\",\"year\":$Y},{\"unit\":\"$B\",\"year\":$Y}]}")
check "the council records its meeting (201, got $s)" [ "$s" = 201 ]
mid=$(jget "$tmp/body" 'd["id"]')
check "the meeting page is 200" [ "$(page hd-04 /hoi-dong/$mid)" = 200 ]
check "... shows the quorum 2/3 present" body_has '<strong id="co-mat">2/3</strong> thành viên — đủ số thành viên tham dự'
check "td-01 may not see the meeting (403)" [ "$(page td-01 /hoi-dong/$mid)" = 403 ]
check "member 1 agrees on B" [ "$(api hd-04 POST /api/v1/councils/$mid/opinions "{\"member\":1,\"unit\":\"$B\",\"year\":$Y,\"opinion\":\"agree\"}")" = 200 ]
check "member 1 disagrees on A (page form)" [ "$(form hd-04 /hoi-dong/$mid/y-kien --data-urlencode member=1 --data-urlencode "dossier=$A/$Y" --data-urlencode opinion=disagree --data-urlencode "note=Tiêu chí 2 chưa đạt")" = 303 ]
check "member 2 agrees on B" [ "$(api hd-04 POST /api/v1/councils/$mid/opinions "{\"member\":2,\"unit\":\"$B\",\"year\":$Y,\"opinion\":\"agree\"}")" = 200 ]
check "an unknown member is 422" [ "$(api hd-04 POST /api/v1/councils/$mid/opinions "{\"member\":9,\"unit\":\"$B\",\"year\":$Y,\"opinion\":\"agree\"}")" = 422 ]
check "an unknown opinion is 422" [ "$(api hd-04 POST /api/v1/councils/$mid/opinions "{\"member\":1,\"unit\":\"$B\",\"year\":$Y,\"opinion\":\"maybe\"}")" = 422 ]
page hd-04 /hoi-dong/$mid >/dev/null
check "the meeting page lists the opinions" body_has "Lê Văn Cường — Thư ký (vắng)"
check "... member 1's note on A" body_has "Tiêu chí 2 chưa đạt"
vA=$(version td-04 $A)
check "not proposing without a reason is 422" [ "$(api hd-04 POST /api/v1/assessments/$A/$Y/council "{\"meeting\":$mid,\"version\":$vA,\"outcome\":\"not_propose\"}")" = 422 ]
check "... the reason field says it is required" [ "$(jget "$tmp/body" 'd["error"]["fields"]["reason"]')" = "Không được để trống." ]
check "the council does not propose A" [ "$(api hd-04 POST /api/v1/assessments/$A/$Y/council "{\"meeting\":$mid,\"version\":$vA,\"outcome\":\"not_propose\",\"reason\":\"Tiêu chí 2 dưới 50% số điểm\"}")" = 200 ]
vB=$(version td-04 $B)
check "the council proposes B (page form)" [ "$(form hd-04 /hoi-dong/$mid/ket-luan --data-urlencode "dossier=$B/$Y" --data-urlencode "version=$vB" --data-urlencode outcome=propose)" = 303 ]
check "A is at the council" [ "$(status_of $A)" = council ]
printf '%%PDF-1.4\n%% bien ban\n' >"$tmp/bb.pdf"
s=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.hd-04" -F "csrf=$(cat "$tmp/csrf.hd-04")" -F "file=@$tmp/bb.pdf;type=application/pdf" "$url/hoi-dong/$mid/bien-ban")
check "the minutes are uploaded (303, got $s)" [ "$s" = 303 ]
curl -s -b "$tmp/ck.td-04" -o "$tmp/bb.out" "$url/hoi-dong/$mid/bien-ban"
check "the minutes download byte for byte" cmp -s "$tmp/bb.pdf" "$tmp/bb.out"
check "the council steps are audited" [ "$(audits)" -gt "$n0" ]

# ---- decision
printf '%%PDF-1.4\n%% quyet dinh da ky\n' >"$tmp/qd.pdf"
b64=$(python3 -c 'import base64,sys; print(base64.b64encode(open(sys.argv[1],"rb").read()).decode())' "$tmp/qd.pdf")
vA=$(version td-04 $A)
vB=$(version td-04 $B)
dec() { # number reasonA
	echo "{\"number\":\"$1\",\"date\":\"24/01/2025\",\"signer_name\":\"Hoàng Văn Đức\",\"signer_position\":\"Chủ tịch UBND thành phố\",\"file\":{\"name\":\"qd-15.pdf\",\"type\":\"application/pdf\",\"base64\":\"$b64\"},\"items\":[{\"unit\":\"$A\",\"year\":$Y,\"version\":$vA,\"recognised\":false,\"reason\":\"$2\"},{\"unit\":\"$B\",\"year\":$Y,\"version\":$vB,\"recognised\":true}]}"
}
n0=$(audits)
check "the council may not decide (403)" [ "$(api hd-04 POST /api/v1/decisions "$(dec 15/QĐ-UBND x)")" = 403 ]
check "not recognising without a reason is 422" [ "$(api td-04 POST /api/v1/decisions "$(dec 15/QĐ-UBND "")")" = 422 ]
check "... the reason of item 0 is named" [ "$(jget "$tmp/body" 'd["error"]["fields"]["items[0].reason"]')" = "Không được để trống." ]
s=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.td-04" -F "csrf=$(cat "$tmp/csrf.td-04")" -F "number=" -F "date=24/01/2025" -F "signer_name=X" -F "signer_position=Y" -F "kq-$B-$Y=1" "$url/quyet-dinh")
check "the decision page without number and file is 422" [ "$s" = 422 ]
check "... 'number' is required" body_has "Không được để trống."
check "... the signed file is required" body_has "Cần tải lên bản quyết định đã ký."
check "... nothing written" [ "$(audits)" = "$n0" ]
s=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' -b "$tmp/ck.td-04" -F "csrf=$(cat "$tmp/csrf.td-04")" \
	-F "number=14/QĐ-UBND" -F "date=23/01/2025" -F "signer_name=Hoàng Văn Đức" -F "signer_position=Chủ tịch UBND thành phố" \
	-F "file=@$tmp/qd.pdf;type=application/pdf" -F "kq-$B-$Y=1" -F "v-$B-$Y=$vB" "$url/quyet-dinh")
check "the decision page recognises B with the signed file (303, got $s)" [ "$s" = 303 ]
check "... and shows the new decision" grep -qi '^Location: /quyet-dinh/[0-9]' "$tmp/hdr"
check "B is recognised" [ "$(status_of $B)" = recognised ]
check "B's public result sheet cites the decision" sh -c "curl -s '$url/ket-qua/$B/$Y' | grep -q 'Quyết định số <span id=\"so-quyet-dinh\">14/QĐ-UBND</span> ngày 23/01/2025'"
decA='{"number":"15/QĐ-UBND","date":"24/01/2025","signer_name":"Hoàng Văn Đức","signer_position":"Chủ tịch UBND thành phố","file":{"name":"qd-15.pdf","type":"application/pdf","base64":"'$b64'"},"items":[{"unit":"'$A'","year":'$Y',"version":'$vA',"recognised":false,"reason":"Tiêu chí 2 chưa đạt 50% số điểm"}]}'
s=$(api td-04 POST /api/v1/decisions "$decA")
check "the decision is recorded (201, got $s)" [ "$s" = 201 ]
did=$(jget "$tmp/body" 'd["id"]')
check "A is not recognised" [ "$(status_of $A)" = not_recognised ]
check "deciding decided dossiers again is 422" [ "$(api td-04 POST /api/v1/decisions "$(dec 16/QĐ-UBND r)")" = 422 ]
check "... because they are no longer at the council" [ "$(jget "$tmp/body" 'd["error"]["fields"]["items[0]"]')" = "Hồ sơ chưa qua Hội đồng (hoặc đã có quyết định)." ]
check "the decisions list is 200" [ "$(api qt GET /api/v1/decisions)" = 200 ]
check "... with A's reason" [ "$(jget "$tmp/body" '[i["reason"] for x in d["items"] for i in x["items"] if i["unit"]=="'$A'"][0]')" = "Tiêu chí 2 chưa đạt 50% số điểm" ]
check "the decision page is 200" [ "$(page td-04 /quyet-dinh/$did)" = 200 ]
check "... shows number, signer and position" body_has "Người ký: Hoàng Văn Đức, Chủ tịch UBND thành phố"
curl -s -b "$tmp/ck.td-04" -o "$tmp/qd.out" "$url/quyet-dinh/$did/tep"
check "the signed file downloads byte for byte" cmp -s "$tmp/qd.pdf" "$tmp/qd.out"
check "td-01 may not see the decision (403)" [ "$(page td-01 /quyet-dinh/$did)" = 403 ]
check "A's dossier shows the result and the reason" [ "$(page td-04 /tham-dinh/$A/$Y)" = 200 ]
check "... not recognised with the reason" body_has "Không công nhận</strong>. Lý do: Tiêu chí 2 chưa đạt 50% số điểm"
check "... the status" body_has '<strong id="trang-thai">Không được công nhận</strong>'
check "the decision is audited" [ "$(audits)" -gt "$n0" ]
check "the audit chain verifies" "$BIN" check --db "$db" >/dev/null

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
finish
