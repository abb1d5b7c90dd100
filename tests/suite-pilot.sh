#!/bin/sh
# tests/suite-pilot.sh BIN — pilot models and programme management (issue 5)
# end to end: the real binary over real HTTP (curl). Plans with pilots and
# tasks, duty assignment and handover, trainings, the deadlines page (with
# the TIEPCAN_NOW test clock), scoping and CSRF, bad input, and the Cao Bằng
# case in the demo database.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-pilot.sh BIN}
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { d=$1; shift; if "$@"; then ok; else bad "$d"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
command -v curl >/dev/null || { echo "curl missing"; echo "0 passed, 1 failed"; exit 1; }

PW=mat-khau-demo
db=$(db_new "$tmp/t.db")
db_init "$BIN" "$db" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; echo "0 passed, 1 failed"; exit 1; }
useradd() { printf '%s\n' "$PW" | "$BIN" user add --db "$db" --login "$1" --role "$2" --unit "$3" --password-stdin >/dev/null; }
useradd td reviewer 04
useradd tdhn reviewer 01
useradd socha commune 01417

# serve DB PORT-FILE: starts a server with the test clock, sets $base
serve() {
	port=$(( 20000 + ($$ + $2) % 20000 ))
	TIEPCAN_NOW=2018-07-01 "$BIN" serve --db "$1" --listen "127.0.0.1:$port" --quiet >"$tmp/srv$2.log" 2>&1 &
	pids="$pids $!"
	base="http://127.0.0.1:$port"
	i=0
	while [ $i -lt 50 ] && ! curl -s -o /dev/null "$base/"; do sleep 0.1; i=$((i + 1)); done
}
req() { u=$1; shift; curl -s -o "$tmp/body" -w '%{http_code}' "$@" "$base$u"; }
body_has() { grep -q -- "$1" "$tmp/body"; }
login() { # LOGIN: sets SID and CSRF
	curl -s -D "$tmp/hdr" -o "$tmp/body" -X POST -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"$PW\"}" "$base/api/v1/session"
	SID=$(grep -i '^Set-Cookie: tiepcan_sid=' "$tmp/hdr" | sed 's/^[^=]*=\([^;]*\);.*/\1/')
	CSRF=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$tmp/body")
}
# api METHOD PATH JSON: with the current session and its CSRF token
api() { req "$2" -X "$1" -H "Cookie: tiepcan_sid=$SID" -H "X-CSRF-Token: $CSRF" \
	-H 'Content-Type: application/json' -d "$3"; }
get() { req "$1" -H "Cookie: tiepcan_sid=$SID"; }

serve "$db" 1
login td
check "reviewer signs in" [ -n "$SID" ]

# ---- a plan with two pilot communes and a task of every group ----------------------
tasks='[{"group":1,"title":"Phổ biến","deadline":"2018-04-30","status":"done"},
{"group":2,"title":"Tập huấn","deadline":"2018-05-31"},
{"group":3,"title":"Nguồn lực","deadline":"2018-06-15"},
{"group":4,"title":"Phân công chỉ tiêu","deadline":"2018-06-30","unit":"01417"},
{"group":5,"title":"Phối hợp","deadline":"2018-07-05"},
{"group":6,"title":"Kiểm tra, báo cáo","deadline":"2018-11-30"},
{"group":7,"title":"Nhân rộng","deadline":"2018-12-20"}]'
plan='{"number":"55/KH-STP","date":"2018-03-01","issuer":"Sở Tư pháp","year":2018,"title":"Mô hình điểm thử","pilots":[{"unit":"01417","target_year":2018,"ntm_year":2019},{"unit":"01639","target_year":2018}],"tasks":'"$tasks"'}'
check "create a plan: 201" [ "$(api POST /api/v1/plans "$plan")" = 201 ]
PID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body")
check "GET /api/v1/plans?year=2018 is 200" [ "$(get '/api/v1/plans?year=2018')" = 200 ]
check "... lists the plan" body_has '"number":"55/KH-STP"'
check "... with both pilots" sh -c "grep -q '\"unit\":\"01417\"' '$tmp/body' && grep -q '\"unit\":\"01639\"' '$tmp/body'"
n=$(grep -o '"group":[1-7]' "$tmp/body" | sort -u | wc -l)
check "... and a task of each of the 7 groups ($n)" [ "$n" -eq 7 ]
check "dates in JSON are ISO" body_has '"date":"2018-03-01"'
check "the plan page is 200" [ "$(get "/ke-hoach/$PID")" = 200 ]
check "... shows Sóc Hà as a pilot" body_has 'Xã Sóc Hà'

# ---- bad input: message, field, nothing written ----------------------------------------
bad_date=$(echo "$plan" | sed 's/55\/KH-STP/56\/KH-STP/; s/2018-03-01/2018-02-31/')
check "an impossible date is 400" [ "$(api POST /api/v1/plans "$bad_date")" = 400 ]
check "... names the field" body_has '"field":"date"'
check "... in Vietnamese" body_has 'Ngày ban hành không hợp lệ'
bad_unit=$(echo "$plan" | sed 's/55\/KH-STP/57\/KH-STP/; s/"unit":"01639"/"unit":"99999"/')
check "an unknown pilot commune is 400" [ "$(api POST /api/v1/plans "$bad_unit")" = 400 ]
check "... names pilots" body_has '"field":"pilots"'
bad_task=$(echo "$plan" | sed 's/55\/KH-STP/58\/KH-STP/; s/"group":7/"group":9/')
check "a task group 9 is 400" [ "$(api POST /api/v1/plans "$bad_task")" = 400 ]
get '/api/v1/plans' >/dev/null
check "nothing of the refused plans was written" sh -c "! grep -q -e '56/KH' -e '57/KH' -e '58/KH' '$tmp/body'"
check "a duplicate number is 400" [ "$(api POST /api/v1/plans "$plan")" = 400 ]
check "form: empty title is 400" [ "$(req /ke-hoach -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&number=9%2FKH&date=01%2F03%2F2018&issuer=S&year=2018&title=")" = 400 ]
check "... message next to the title field" body_has 'id="loi-title">Nhập tên (trích yếu)'
check "form: a good plan is 303" [ "$(req /ke-hoach -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&number=9%2FKH&date=01%2F03%2F2018&issuer=S&year=2018&title=T&parent=55%2FKH-STP")" = 303 ]
check "without CSRF a write is 403" [ "$(req /api/v1/plans -X POST -H "Cookie: tiepcan_sid=$SID" -H 'Content-Type: application/json' -d "$plan")" = 403 ]

# ---- officials and duty assignment of every indicator of Sóc Hà (2018: criteria 1-5) ---
newoff() { # NAME: prints the new official's id
	api POST /api/v1/officials "{\"unit\":\"01417\",\"year\":2018,\"name\":\"$1\",\"position\":\"Công chức\"}" >/dev/null
	sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body"
}
O1=$(newoff "Nông Thị A")
O2=$(newoff "Hoàng Văn B")
O3=$(newoff "Lương Văn C")
check "three officials added" [ -n "$O1" ] && [ -n "$O2" ] && [ -n "$O3" ]
check "an official of another commune cannot be assigned" [ "$(api PUT /api/v1/duties/01639/2018 '{"item":"1","official":1}')" = 400 ]
check "focal point assigned" [ "$(api PUT /api/v1/duties/01417/2018 "{\"item\":\"\",\"official\":$O1,\"date\":\"2018-05-15\"}")" = 200 ]
for it in 1 2 3 4 5; do
	o=$O2; [ $it -gt 3 ] && o=$O3
	api PUT /api/v1/duties/01417/2018 "{\"item\":\"$it\",\"official\":$o,\"date\":\"2018-05-15\"}" >"$tmp/code"
	check "indicator $it assigned" [ "$(cat "$tmp/code")" = 200 ]
done
get /api/v1/duties/01417/2018 >/dev/null
n=$(grep -o '"item":"[0-9]*"' "$tmp/body" | wc -l)
check "every indicator and the focal point are assigned ($n)" [ "$n" -eq 6 ]
check "... the focal point is marked" body_has '"focal":true'

# ---- training with attendees -----------------------------------------------------------------
check "record a training: 201" [ "$(api POST /api/v1/trainings "{\"date\":\"2018-05-24\",\"place\":\"Hà Quảng\",\"topic\":\"Chấm điểm\",\"attendees\":[$O1,$O2]}")" = 201 ]
check "a training without attendees is 400" [ "$(api POST /api/v1/trainings '{"date":"2018-05-24","place":"X","topic":"Y","attendees":[]}')" = 400 ]
check "the trainings page lists an attendee" sh -c "[ \"\$(curl -s -o '$tmp/tr' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/tap-huan')\" = 200 ] && grep -q 'Hoàng Văn B' '$tmp/tr'"

# ---- inspection visit and its follow-up ------------------------------------------------
check "record an inspection: 201" [ "$(api POST /api/v1/inspections '{"unit":"01417","date":"2018-09-12","findings":"Thiếu sổ hòa giải","plan":'"$PID"'}')" = 201 ]
IID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body")
check "an inspection with a bad date is 400" [ "$(api POST /api/v1/inspections '{"unit":"01417","date":"12/13/2018"}')" = 400 ]
check "update its follow-up: 200" [ "$(api PUT "/api/v1/inspections/$IID" '{"follow_up":"Bổ sung trước 31/10"}')" = 200 ]
check "the inspections page shows findings and follow-up" sh -c "[ \"\$(curl -s -o '$tmp/kt' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/kiem-tra')\" = 200 ] && grep -q 'Thiếu sổ hòa giải' '$tmp/kt' && grep -q 'Bổ sung trước 31/10' '$tmp/kt'"

# ---- deadlines page (TIEPCAN_NOW=2018-07-01) ------------------------------------------------
check "the deadlines page is 200" [ "$(get /lich)" = 200 ]
check "... shows the overdue task of group 3" sh -c "grep -A0 'class=\"overdue\"' '$tmp/body' | grep -q 'Nguồn lực'"
check "... and the one due this week" body_has 'Phối hợp'
check "... but not the done one as overdue" sh -c "! grep 'class=\"overdue\"' '$tmp/body' | grep -q 'Phổ biến'"

# ---- handover ------------------------------------------------------------------------------
check "hand over B's indicators to C: 200" [ "$(api POST /api/v1/duties/01417/2018/handover "{\"from\":$O2,\"to\":$O3,\"date\":\"2018-06-20\",\"reason\":\"Chuyển công tác\"}")" = 200 ]
check "... three indicators" body_has '"handed_over":3'
get /api/v1/duties/01417/2018 >/dev/null
check "B holds nothing now" sh -c "! grep -q '\"official\":$O2,' '$tmp/body'"
n=$(grep -o '"reason":"Chuyển công tác"' "$tmp/body" | wc -l)
check "the history keeps the three handovers ($n)" [ "$n" -eq 3 ]
check "the assignment page shows the history" sh -c "[ \"\$(curl -s -o '$tmp/pc' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/phan-cong/01417/2018')\" = 200 ] && grep -q 'Chuyển công tác' '$tmp/pc'"
check "a handover without reason is 400 next to the field" sh -c "[ \"\$(curl -s -o '$tmp/ho' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' -d 'csrf=$CSRF&from=$O3&to=$O1&date=20%2F06%2F2018&reason=' '$base/phan-cong/01417/2018')\" = 400 ] && grep -q 'id=\"loi-reason\"' '$tmp/ho'"

# ---- last year's weak indicators next to the training of who holds them now ---------
printf 'unit,year,item,field,value\n01417,2017,commune_class,value,II\n01417,2017,1,points,5\n01417,2017,2,points,27\n01417,2017,3,points,20\n01417,2017,4,points,3\n01417,2017,5,points,18\n' >"$tmp/s2017.csv"
if "$BIN" import scores "$tmp/s2017.csv" --db "$db" >/dev/null 2>"$tmp/err"; then ok; else cat "$tmp/err"; bad "import 2017 scores"; fi
check "the trainings page with year=2018 is 200" [ "$(get '/tap-huan?year=2018')" = 200 ]
check "... lists criterion 4 (3 of 10) as weak" sh -c "grep -q '<td>4</td><td>3 / 10</td><td>Lương Văn C</td>' '$tmp/body'"
check "... whose holder was not trained" sh -c "grep '<td>3 / 10</td>' '$tmp/body' | grep -q 'Chưa được tập huấn'"
check "... and not criterion 2 (27 of 30)" sh -c "! grep -q '<td>2</td><td>27 / 30</td>' '$tmp/body'"

# ---- scoping -------------------------------------------------------------------------------
upd='{"number":"55/KH-STP","date":"2018-03-01","issuer":"Sở Tư pháp","year":2018,"title":"Đổi tên"}'
login socha
check "a commune user cannot edit a plan (403)" [ "$(api PUT "/api/v1/plans/$PID" "$upd")" = 403 ]
login td
get '/api/v1/plans?year=2018' >/dev/null
T4=$(sed 's/},{/}\n{/g' "$tmp/body" | grep '"unit":"01417"' | grep '"group":4' | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
check "the group-4 task is assigned to Sóc Hà" [ -n "$T4" ]
T1=$(sed 's/},{/}\n{/g' "$tmp/body" | grep '"group":1,' | grep '"unit":""' | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
login socha
check "... but reports progress on its commune's task" [ "$(api PUT "/api/v1/tasks/$T4" '{"status":"done","note":"Đã phân công"}')" = 200 ]
check "... not on a province-level task (403)" [ "$(api PUT "/api/v1/tasks/$T1" '{"status":"done"}')" = 403 ]
check "... and sees its duties" [ "$(get /api/v1/duties/01417/2018)" = 200 ]
check "... and cannot open the edit page (403)" [ "$(get "/ke-hoach/$PID/sua")" = 403 ]
check "... but not another commune's (403)" [ "$(get /api/v1/duties/01639/2018)" = 403 ]
login tdhn
check "a reviewer of another province cannot edit it (403)" [ "$(api PUT "/api/v1/plans/$PID" "$upd")" = 403 ]
login td
check "the plan's own reviewer can (200)" [ "$(api PUT "/api/v1/plans/$PID" "$upd")" = 200 ]
check "the plan page shows the commune's progress note" sh -c "[ \"\$(curl -s -o '$tmp/pn' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID')\" = 200 ] && grep -q 'Đã phân công' '$tmp/pn'"
check "an official's training history is 200" [ "$(get "/api/v1/officials/$O2/trainings")" = 200 ]
check "... lists the session" body_has '"topic":"Chấm điểm"'
check "an official without training has an empty history" sh -c "[ \"\$(curl -s -o '$tmp/th' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/officials/$O3/trainings')\" = 200 ] && grep -q '\"trainings\":\[\]' '$tmp/th'"
check "the edit page is 200" [ "$(get "/ke-hoach/$PID/sua")" = 200 ]
check "... prefilled with the number" body_has 'value="55/KH-STP"'
check "edit with a bad year is 400" [ "$(req "/ke-hoach/$PID/sua" -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&number=55%2FKH-STP&date=01%2F03%2F2018&issuer=S&year=20x8&title=T")" = 400 ]
check "... message next to the year field" body_has 'id="loi-year">Năm thực hiện không hợp lệ'
check "edit recording lessons is 303" [ "$(req "/ke-hoach/$PID/sua" -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&number=55%2FKH-STP&date=01%2F03%2F2018&issuer=S&year=2018&title=T&status=active&lessons=Ph%C3%A2n+c%C3%B4ng+s%E1%BB%9Bm")" = 303 ]
check "... the plan page shows them" sh -c "[ \"\$(curl -s -o '$tmp/pl' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID')\" = 200 ] && grep -q 'Phân công sớm' '$tmp/pl'"
check "the audit chain is intact" sh -c "'$BIN' check --db '$db' >/dev/null"

# ---- the demo database holds the Cao Bằng case ------------------------------------------------
ddb=$(db_new "$tmp/demo.db")
if db_demo "$BIN" "$ddb" >/dev/null 2>"$tmp/err"; then
	printf '%s\n' "$PW" | "$BIN" user add --db "$ddb" --login tdcb --role reviewer --unit 04 --password-stdin >/dev/null
	serve "$ddb" 2
	login tdcb
	check "demo: GET /api/v1/plans?year=2018 is 200" [ "$(get '/api/v1/plans?year=2018')" = 200 ]
	check "demo: 198/KH-STP with parent 1719/KH-UBND" sh -c "grep -q '\"number\":\"198/KH-STP\"' '$tmp/body' && grep -q '\"parent\":\"1719/KH-UBND\"' '$tmp/body'"
	check "demo: both pilots" sh -c "grep -q '\"unit\":\"01417\",\"name\":\"Xã Sóc Hà\"' '$tmp/body' && grep -q '\"unit\":\"01639\",\"name\":\"Xã Đại Sơn\"' '$tmp/body'"
	check "demo: every indicator of Sóc Hà has an official" [ "$(get /api/v1/duties/01417/2018 >/dev/null; grep -o '"item":"' "$tmp/body" | wc -l)" -eq 6 ]
	check "demo: the replication view is 200" [ "$(get /nhan-rong)" = 200 ]
	check "demo: ... compares Sóc Hà with the province average" sh -c "grep -q 'Xã Sóc Hà (xã điểm)' '$tmp/body' && grep -q 'so với trung bình' '$tmp/body'"
else
	cat "$tmp/err"
	bad "tiepcan demo"
fi
finish
