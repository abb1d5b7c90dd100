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
	while [ $i -lt 600 ] && ! curl -s -o /dev/null "$base/"; do sleep 0.1; i=$((i + 1)); done
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
bad_tunit=$(echo "$plan" | sed 's/55\/KH-STP/59\/KH-STP/; s/"2018-06-30","unit":"01417"/"2018-06-30","unit":"00001"/')
check "a task given to a Hà Nội ward in a Cao Bằng plan is 400" [ "$(api POST /api/v1/plans "$bad_tunit")" = 400 ]
check "... names tasks.unit" body_has '"field":"tasks.unit"'
get '/api/v1/plans' >/dev/null
check "nothing of the refused plans was written" sh -c "! grep -q -e '56/KH' -e '57/KH' -e '58/KH' -e '59/KH' '$tmp/body'"
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

# ---- issue 5 gaps: page forms, files, cycle deadlines (pilot, wave 3) ------------------------
# form POST PATH DATA: a urlencoded form with the session (CSRF in DATA)
form() { req "$1" -H "Cookie: tiepcan_sid=$SID" -d "$2"; }
# upload PATH FILE TYPE [FIELDS...]: multipart with the session's CSRF field
upload() { p=$1; f=$2; t=$3; shift 3; req "$p" -H "Cookie: tiepcan_sid=$SID" -F "csrf=$CSRF" -F "file=@$f;type=$t" "$@"; }
loc() { grep -i '^Location:' "$tmp/hdr2" | tr -d '\r' | sed 's/^[^:]*: //'; }
printf '%%PDF-1.4\n%% tiepcan test plan document\n%%%%EOF\n' >"$tmp/plan.pdf"
printf 'MZ not a pdf at all' >"$tmp/fake.pdf"
printf 'plain text' >"$tmp/note.txt"
login td

# tasks: new (page), bad input, edit, progress with an evidence file
check "the new-task page is 200" [ "$(get "/ke-hoach/$PID/nhiem-vu")" = 200 ]
check "... offers the seven groups" sh -c "[ \$(grep -c '<option value=\"[1-7]\"' '$tmp/body') -eq 7 ]"
get "/api/v1/plans?year=2018" >/dev/null; n0=$(grep -o '"group":' "$tmp/body" | wc -l)
check "a task with an impossible deadline is 400" [ "$(form "/ke-hoach/$PID/nhiem-vu" "csrf=$CSRF&group=2&title=T%E1%BA%ADp+hu%E1%BA%A5n+th%C3%AAm&deadline=31%2F06%2F2018")" = 400 ]
check "... message next to the deadline field" body_has 'id="loi-deadline">Thời hạn không hợp lệ'
check "... the typed title is kept" body_has 'value="Tập huấn thêm"'
check "a task without a group is 400 next to the field" sh -c "[ \"\$(curl -s -o '$tmp/b2' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' -d 'csrf=$CSRF&group=9&title=X&deadline=01%2F08%2F2018' '$base/ke-hoach/$PID/nhiem-vu')\" = 400 ] && grep -q 'id=\"loi-group\"' '$tmp/b2'"
get "/api/v1/plans?year=2018" >/dev/null; n1=$(grep -o '"group":' "$tmp/body" | wc -l)
check "... nothing written ($n0 = $n1 tasks)" [ "$n0" -eq "$n1" ]
code=$(curl -s -D "$tmp/hdr2" -o /dev/null -w '%{http_code}' -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&group=2&title=T%E1%BA%ADp+hu%E1%BA%A5n+th%C3%AAm&unit=01417&deadline=30%2F06%2F2018&responsible=Ph%C3%B2ng+PBGDPL" "$base/ke-hoach/$PID/nhiem-vu")
TN=$(loc | sed -n 's|^/nhiem-vu/\([0-9]*\)$|\1|p')
check "a good task is 303 to its page ($code, $TN)" [ "$code" = 303 ] && [ -n "$TN" ]
check "the task page is 200" [ "$(get "/nhiem-vu/$TN")" = 200 ]
check "... shows it overdue (due 30/06/2018, today 01/07/2018)" sh -c "grep -q 'class=\"overdue\">30/06/2018 — Quá hạn' '$tmp/body'"
check "... links the edit page for the reviewer" body_has "href=\"/nhiem-vu/$TN/sua\""
check "edit with a bad commune code is 400" [ "$(form "/nhiem-vu/$TN/sua" "csrf=$CSRF&group=2&title=T&unit=14&deadline=15%2F07%2F2018")" = 400 ]
check "... message next to the commune field" body_has 'id="loi-unit">Mã xã gồm 5 chữ số'
check "edit giving the task to a Hà Nội ward is 400" [ "$(form "/nhiem-vu/$TN/sua" "csrf=$CSRF&group=2&title=T&unit=00001&deadline=15%2F07%2F2018")" = 400 ]
check "... message next to the commune field" body_has 'id="loi-unit">Không có xã mang mã này trong tỉnh'
check "PATCH giving it to a Hà Nội ward is 400 too" [ "$(api PATCH "/api/v1/tasks/$TN" '{"unit":"00001"}')" = 400 ]
get "/api/v1/plans?year=2018" >/dev/null; n0=$(grep -o '"group":' "$tmp/body" | wc -l)
check "POST /api/v1/plans/N/tasks giving one to a Hà Nội ward is 400" [ "$(api POST "/api/v1/plans/$PID/tasks" '{"group":4,"title":"Giao sang tỉnh khác","deadline":"2018-08-01","unit":"00001"}')" = 400 ]
check "... names the field unit" body_has '"field":"unit"'
get "/api/v1/plans?year=2018" >/dev/null; n1=$(grep -o '"group":' "$tmp/body" | wc -l)
check "... nothing written ($n0 = $n1 tasks)" [ "$n0" -eq "$n1" ]
check "... and one for Sóc Hà is 201" [ "$(api POST "/api/v1/plans/$PID/tasks" '{"group":4,"title":"Giao cho Sóc Hà","deadline":"2018-08-01","unit":"01417"}')" = 201 ]
check "edit moving the deadline is 303" [ "$(form "/nhiem-vu/$TN/sua" "csrf=$CSRF&group=2&title=T%E1%BA%ADp+hu%E1%BA%A5n+th%C3%AAm&unit=01417&deadline=15%2F07%2F2018")" = 303 ]
check "GET /api/v1/tasks/N shows the new deadline" sh -c "[ \"\$(curl -s -o '$tmp/tj' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/tasks/$TN')\" = 200 ] && grep -q '\"deadline\":\"2018-07-15\"' '$tmp/tj'"
check "progress with a renamed non-PDF is 400" [ "$(upload "/nhiem-vu/$TN" "$tmp/fake.pdf" application/pdf -F status=in_progress -F 'note=Đã soạn tài liệu')" = 400 ]
check "... message next to the file field" body_has 'id="loi-file">Loại tệp không được chấp nhận'
get "/api/v1/tasks/$TN" >/dev/null
check "... and no progress note was written" body_has '"notes":\[\]'
check "progress with a text file type is 400" [ "$(upload "/nhiem-vu/$TN" "$tmp/note.txt" text/plain -F status=in_progress)" = 400 ]
check "progress with a bad date is 400 next to the field" sh -c "[ \"\$(curl -s -o '$tmp/b3' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' -F 'csrf=$CSRF' -F status=done -F 'date=30/02/2018' '$base/nhiem-vu/$TN')\" = 400 ] && grep -q 'id=\"loi-date\"' '$tmp/b3'"
check "progress with a PDF is 303" [ "$(upload "/nhiem-vu/$TN" "$tmp/plan.pdf" application/pdf -F status=in_progress -F 'date=20/06/2018' -F 'note=Đã soạn tài liệu')" = 303 ]
get "/api/v1/tasks/$TN" >/dev/null
sum=$(sha256sum "$tmp/plan.pdf" | cut -d' ' -f1)
check "the task has the note with its date" body_has '"date":"2018-06-20","status":"in_progress","note":"Đã soạn tài liệu"'
check "... and the file with its SHA-256" body_has "\"sha256\":\"$sum\""
FURL=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$tmp/body")
check "the file downloads byte for byte" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base$FURL' | cmp -s - '$tmp/plan.pdf'"
check "progress without CSRF is 403" [ "$(req "/nhiem-vu/$TN" -H "Cookie: tiepcan_sid=$SID" -F status=done)" = 403 ]
check "PATCH /api/v1/tasks/N with a bad deadline is 400" [ "$(api PATCH "/api/v1/tasks/$TN" '{"deadline":"2018-13-01"}')" = 400 ]
check "... names the field" body_has '"field":"deadline"'
check "PATCH /api/v1/tasks/N is 200" [ "$(api PATCH "/api/v1/tasks/$TN" '{"person":"Bà Nông Thị A"}')" = 200 ]
check "POST /api/v1/tasks/N/files with text sent as PDF is 400" [ "$(req "/api/v1/tasks/$TN/files" -H "Cookie: tiepcan_sid=$SID" -H "X-CSRF-Token: $CSRF" -F "file=@$tmp/note.txt;type=application/pdf")" = 400 ]
check "... names the file field" body_has '"field":"file"'
printf '%%PDF-1.4\n%% second evidence\n' >"$tmp/ev2.pdf"
check "POST /api/v1/tasks/N/files is 201" [ "$(req "/api/v1/tasks/$TN/files" -H "Cookie: tiepcan_sid=$SID" -H "X-CSRF-Token: $CSRF" -F "file=@$tmp/ev2.pdf;type=application/pdf")" = 201 ]
login socha
printf '%%PDF-1.4\n%% minutes of the commune\n' >"$tmp/ev3.pdf"
check "Sóc Hà reports progress on its task with a file (303)" [ "$(upload "/nhiem-vu/$TN" "$tmp/ev3.pdf" application/pdf -F status=done -F 'note=Xong')" = 303 ]
check "... the same file twice is 400 next to the field" [ "$(upload "/nhiem-vu/$TN" "$tmp/ev3.pdf" application/pdf -F status=done)" = 400 ]
check "... saying it is already attached" body_has 'id="loi-file">Tệp này đã được đính kèm'
check "... and that refused note was not written" sh -c "[ \$(curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/tasks/$TN' | grep -o '\"status\":\"done\",\"note\"' | wc -l) -eq 1 ]"
check "... but not on a province-level task (403)" [ "$(form "/nhiem-vu/$T1" "csrf=$CSRF&status=done")" = 403 ]
check "... nor open the task edit page (403)" [ "$(get "/nhiem-vu/$TN/sua")" = 403 ]
login tdhn
check "another province's reviewer cannot PATCH it (403)" [ "$(api PATCH "/api/v1/tasks/$TN" '{"person":"X"}')" = 403 ]
check "... nor edit it by form (403)" [ "$(form "/nhiem-vu/$TN/sua" "csrf=$CSRF&group=2&title=X&deadline=15%2F07%2F2018")" = 403 ]
login td

# the plan's official document
check "uploading a plan document with a refused type is 422" [ "$(upload "/ke-hoach/$PID/tep" "$tmp/note.txt" text/plain)" = 422 ]
check "... the plan page again, the message next to the file field" body_has 'id="loi-file">Loại tệp không được chấp nhận'
check "uploading without choosing a file is 422 too" [ "$(req "/ke-hoach/$PID/tep" -H "Cookie: tiepcan_sid=$SID" -F "csrf=$CSRF")" = 422 ]
check "... asking for the file" body_has 'id="loi-file">Chọn tệp văn bản kế hoạch'
check "uploading the plan's PDF is 303" [ "$(upload "/ke-hoach/$PID/tep" "$tmp/plan.pdf" application/pdf)" = 303 ]
check "the plan page links the document" sh -c "[ \"\$(curl -s -o '$tmp/pp' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID')\" = 200 ] && grep -q 'href=\"/ke-hoach/$PID/tep\">plan.pdf' '$tmp/pp' && grep -q '$sum' '$tmp/pp'"
check "... which downloads byte for byte" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID/tep' | cmp -s - '$tmp/plan.pdf'"
check "GET /api/v1/plans/N is the plan with its document" sh -c "[ \"\$(curl -s -o '$tmp/pj' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/plans/$PID')\" = 200 ] && grep -q '^{\"id\":$PID,' '$tmp/pj' && grep -q '$sum' '$tmp/pj'"
check "GET /api/v1/plans carries the file's hash" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/plans?year=2018' | grep -q '\"sha256\":\"$sum\"'"
check "POST /api/v1/plans/N/file is 201" [ "$(req "/api/v1/plans/$PID/file" -H "Cookie: tiepcan_sid=$SID" -H "X-CSRF-Token: $CSRF" -F "file=@$tmp/plan.pdf;type=application/pdf")" = 201 ]
login tdhn
check "another province's reviewer cannot attach a document (403)" [ "$(upload "/ke-hoach/$PID/tep" "$tmp/plan.pdf" application/pdf)" = 403 ]
login td

# officials: list, create, edit (page and API)
check "the officials page is 200" [ "$(get '/can-bo?xa=01417')" = 200 ]
check "... lists Sóc Hà's officials" body_has 'Lương Văn C'
get '/api/v1/officials?unit=01417' >/dev/null; n0=$(grep -o '"id":' "$tmp/body" | wc -l)
check "an official without a name is 400" [ "$(form /can-bo "csrf=$CSRF&unit=01417&year=2018&name=&position=X")" = 400 ]
check "... message next to the name field" body_has 'id="loi-name">Nhập họ tên công chức'
check "an official of an unknown commune is 400" [ "$(form /can-bo "csrf=$CSRF&unit=99999&year=2018&name=A")" = 400 ]
get '/api/v1/officials?unit=01417' >/dev/null; n1=$(grep -o '"id":' "$tmp/body" | wc -l)
check "... nothing written ($n0 = $n1)" [ "$n0" -eq "$n1" ]
code=$(curl -s -D "$tmp/hdr2" -o /dev/null -w '%{http_code}' -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&unit=01417&year=2018&name=Ma+V%C4%83n+D&position=C%C3%B4ng+ch%E1%BB%A9c&phone=0206+3852+111&email=d%40example.vn" "$base/can-bo")
O4=$(loc | sed -n 's|^/can-bo/\([0-9]*\)$|\1|p')
check "a good official is 303 to the page ($code)" [ "$code" = 303 ] && [ -n "$O4" ]
check "the official's page is 200 with the contact" sh -c "[ \"\$(curl -s -o '$tmp/op' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/can-bo/$O4')\" = 200 ] && grep -q '0206 3852 111' '$tmp/op'"
check "edit with a bad e-mail is 400" [ "$(form "/can-bo/$O4/sua" "csrf=$CSRF&name=Ma+V%C4%83n+D&email=khong-co-a-cong")" = 400 ]
check "... message next to the e-mail field" body_has 'id="loi-email">Thư điện tử không hợp lệ'
check "edit is 303" [ "$(form "/can-bo/$O4/sua" "csrf=$CSRF&name=Ma+V%C4%83n+%C4%90%E1%BB%A9c&position=Ph%C3%B3+Ch%E1%BB%A7+t%E1%BB%8Bch")" = 303 ]
check "PUT /api/v1/officials/N is 200" [ "$(api PUT "/api/v1/officials/$O4" '{"phone":"0912 000 111"}')" = 200 ]
check "... name kept, phone changed" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/officials?unit=01417' | grep -q '\"name\":\"Ma Văn Đức\",\"position\":\"Phó Chủ tịch\",\"phone\":\"0912 000 111\"'"
check "PUT with an empty name is 400" [ "$(api PUT "/api/v1/officials/$O4" '{"name":""}')" = 400 ]
login tdhn
check "another province's reviewer cannot add an official to Sóc Hà (403)" [ "$(form /can-bo "csrf=$CSRF&unit=01417&year=2018&name=X")" = 403 ]
check "... nor edit one (403)" [ "$(api PUT "/api/v1/officials/$O4" '{"phone":"1"}')" = 403 ]
login td

# trainings: new with attendees chosen among the officials, edit
check "the new-training page is 200" [ "$(get /tap-huan/moi)" = 200 ]
check "... offers the officials as attendees" body_has "name=\"att\" value=\"$O4\""
check "a training without attendees is 400" [ "$(form /tap-huan/moi "csrf=$CSRF&date=10%2F07%2F2018&place=H%C3%A0+Qu%E1%BA%A3ng&topic=Ch%E1%BA%A5m+%C4%91i%E1%BB%83m")" = 400 ]
check "... message next to the attendees" body_has 'id="loi-att">Chọn ít nhất một người tham dự'
check "a training with a bad date is 400, attendees kept ticked" sh -c "[ \"\$(curl -s -o '$tmp/t2' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' -d 'csrf=$CSRF&date=32%2F07%2F2018&place=P&topic=T&att=$O3' '$base/tap-huan/moi')\" = 400 ] && grep -q 'id=\"loi-date\"' '$tmp/t2' && grep -q 'value=\"$O3\" checked' '$tmp/t2'"
code=$(curl -s -D "$tmp/hdr2" -o /dev/null -w '%{http_code}' -H "Cookie: tiepcan_sid=$SID" -d "csrf=$CSRF&date=10%2F07%2F2018&place=H%C3%A0+Qu%E1%BA%A3ng&topic=Ch%E1%BA%A5m+%C4%91i%E1%BB%83m+l%E1%BA%A7n+2&materials=S%E1%BB%95+tay&att=$O3&att=$O4" "$base/tap-huan/moi")
TR=$(loc | sed -n 's|^/tap-huan/\([0-9]*\)$|\1|p')
check "a good training is 303 ($code)" [ "$code" = 303 ] && [ -n "$TR" ]
check "its page lists both attendees" sh -c "[ \"\$(curl -s -o '$tmp/tp' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/tap-huan/$TR')\" = 200 ] && grep -q 'Lương Văn C' '$tmp/tp' && grep -q 'Ma Văn Đức' '$tmp/tp'"
check "the edit page ticks the attendees" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/tap-huan/$TR/sua' | grep -q 'value=\"$O3\" checked'"
check "edit adding an attendee is 303" [ "$(form "/tap-huan/$TR/sua" "csrf=$CSRF&date=10%2F07%2F2018&place=H%C3%A0+Qu%E1%BA%A3ng&topic=T2&att=$O3&att=$O4&att=$O2")" = 303 ]
check "... the official's history shows it" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/officials/$O2/trainings' | grep -q '\"topic\":\"T2\"'"
check "PUT /api/v1/trainings/N with a bad date is 400" [ "$(api PUT "/api/v1/trainings/$TR" '{"date":"2018-02-30"}')" = 400 ]
check "PUT /api/v1/trainings/N is 200" [ "$(api PUT "/api/v1/trainings/$TR" "{\"trainer\":\"Sở Tư pháp\",\"attendees\":[$O3]}")" = 200 ]
check "GET /api/v1/trainings shows one attendee left" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/trainings' | grep -q '\"trainer\":\"Sở Tư pháp\",\"materials\":\"\",\"attendees\":\[$O3\]'"
login tdhn
check "another province's reviewer cannot edit it (403)" [ "$(api PUT "/api/v1/trainings/$TR" '{"trainer":"X"}')" = 403 ]
check "... nor record Cao Bằng officials in a session (403)" [ "$(form /tap-huan/moi "csrf=$CSRF&date=10%2F07%2F2018&place=P&topic=T&att=$O3")" = 403 ]
login td

# inspections: new, detail as a checklist, edit
check "the new-inspection page is 200" [ "$(get /kiem-tra/moi)" = 200 ]
check "an inspection with a bad date is 400" [ "$(form /kiem-tra/moi "csrf=$CSRF&unit=01417&date=2018-9-40&findings=X")" = 400 ]
check "... message next to the date field" body_has 'id="loi-date">Ngày kiểm tra không hợp lệ'
code=$(curl -s -D "$tmp/hdr2" -o /dev/null -w '%{http_code}' -H "Cookie: tiepcan_sid=$SID" --data-urlencode "csrf=$CSRF" --data-urlencode unit=01417 --data-urlencode date=20/09/2018 --data-urlencode "plan=$PID" --data-urlencode "findings=$(printf 'Sổ hòa giải: đủ\nNiêm yết thủ tục: thiếu')" --data-urlencode 'follow_up=Bổ sung niêm yết' "$base/kiem-tra/moi")
IN=$(loc | sed -n 's|^/kiem-tra/\([0-9]*\)$|\1|p')
check "a good inspection is 303 ($code)" [ "$code" = 303 ] && [ -n "$IN" ]
check "its page shows each finding as a checklist line" sh -c "[ \"\$(curl -s -o '$tmp/ip' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/kiem-tra/$IN')\" = 200 ] && grep -q '<li>Niêm yết thủ tục: thiếu</li>' '$tmp/ip'"
check "edit of the follow-up is 303" [ "$(form "/kiem-tra/$IN/sua" "csrf=$CSRF&findings=OK&follow_up=Xong+ng%C3%A0y+01%2F10")" = 303 ]
check "GET /api/v1/inspections?plan=N lists it" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/inspections?plan=$PID' | grep -q '\"follow_up\":\"Xong ngày 01/10\"'"
login tdhn
check "another province's reviewer cannot inspect Sóc Hà (403)" [ "$(form /kiem-tra/moi "csrf=$CSRF&unit=01417&date=20%2F09%2F2018")" = 403 ]
check "... nor open its inspection (403)" [ "$(get "/kiem-tra/$IN")" = 403 ]
login td

# pilot communes: change one, refuse a bad year
check "the pilot-commune form is 200 prefilled" sh -c "[ \"\$(curl -s -o '$tmp/xd' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID/xa-diem?xa=01639')\" = 200 ] && grep -q 'value=\"01639\"' '$tmp/xd'"
check "a bad target year is 400 next to the field" sh -c "[ \"\$(curl -s -o '$tmp/xd' -w '%{http_code}' -H 'Cookie: tiepcan_sid=$SID' -d 'csrf=$CSRF&unit=01639&target_year=18' '$base/ke-hoach/$PID/xa-diem')\" = 400 ] && grep -q 'id=\"loi-target_year\"' '$tmp/xd'"
check "changing Đại Sơn's New Rural year is 303" [ "$(form "/ke-hoach/$PID/xa-diem" "csrf=$CSRF&unit=01639&target_year=2018&ntm_year=2020&kind=pilot")" = 303 ]
check "... the API shows it" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/plans?year=2018' | grep -q '\"unit\":\"01639\",\"name\":\"Xã Đại Sơn\",\"target_year\":2018,\"ntm_year\":2020'"
check "PUT /api/v1/plans/N/pilots/CODE is 200" [ "$(api PUT "/api/v1/plans/$PID/pilots/01639" '{"target_year":2018,"ntm_year":2019}')" = 200 ]

# duty assignment of one indicator by form
check "assigning an indicator the rule set does not have is 400" [ "$(form /phan-cong/01417/2018/giao "csrf=$CSRF&item=9.9&official=$O1")" = 400 ]
check "... message next to the indicator" body_has 'id="loi-item">Chọn một chỉ tiêu'
check "assigning criterion 1 to A is 303" [ "$(form /phan-cong/01417/2018/giao "csrf=$CSRF&item=1&official=$O1&on=01%2F07%2F2018&why=S%E1%BA%AFp+x%E1%BA%BFp+l%E1%BA%A1i")" = 303 ]
check "... recorded as a handover from C" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/duties/01417/2018' | grep -q '\"item\":\"1\",\"from\":$O3,\"from_name\":\"Lương Văn C\",\"to\":$O1'"

# who is responsible, where the work happens
printf 'unit,year,item,field,value\n01417,2018,commune_class,value,II\n01417,2018,1,points,12\n01417,2018,2,points,25\n' >"$tmp/s2018.csv"
"$BIN" import scores "$tmp/s2018.csv" --db "$db" >/dev/null 2>&1
login socha
check "the self-assessment form is 200" [ "$(get /danh-gia/01417/2018)" = 200 ]
check "... names the assigned official of criterion 1" body_has 'Người phụ trách: <strong>Nông Thị A</strong>'
check "the score sheet carries the responsible official" sh -c "'$BIN' report score-sheet --year 2018 --unit 01417 --format csv -o - --db '$db' | grep 'Cộng tiêu chí 4' | grep -q 'Lương Văn C'"
login td

# the assessment cycle's deadlines next to the tasks (/lich; today 01/07/2018)
"$BIN" setting holiday 2019-01-07 "Nghỉ bù (thử)" --db "$db" >/dev/null
"$BIN" setting set deadline_submit 2019-01-25 --year 2018 --db "$db" >/dev/null
check "the deadlines page for 2018 is 200" [ "$(get '/lich?nam=2018')" = 200 ]
check "... still lists the plan tasks" body_has 'Nguồn lực'
check "... shows Sóc Hà's cycle" body_has 'href="/lich?nam=2018&amp;xa=01417"'
check "... self-assessment due 04/01/2019 (TT 07/2017)" sh -c "sed 's/<tr>/\n/g' '$tmp/body' | grep 'xa=01417' | grep -q '<td>04/01/2019</td>'"
check "... posting ends after 10 working days, the added holiday skipped (18/01/2019)" sh -c "sed 's/<tr>/\n/g' '$tmp/body' | grep 'xa=01417' | grep -q '<td>18/01/2019</td>'"
check "... dossier due on the administrator's day (25/01/2019)" sh -c "sed 's/<tr>/\n/g' '$tmp/body' | grep 'xa=01417' | grep -q '<td>25/01/2019</td>'"
check "the 2017 cycle shows the missed self-assessment as overdue" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/lich?nam=2017' | sed 's/<tr>/\n/g' | grep 'xa=01417' | grep -q 'class=\"overdue\">04/01/2018<br><strong>Quá hạn'"
login tdhn
check "another province's reviewer does not see Sóc Hà's cycle" sh -c "! curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/lich?nam=2018' | grep -q 'xa=01417'"
login td
check "the audit chain is intact after the forms" sh -c "'$BIN' check --db '$db' >/dev/null"

# ---- deletion of records entered by mistake (pilotdel) ----------------------------------------
# sq SQL: one value from the test database (SQLite or PostgreSQL)
sq() { db_sql "$db" "$1" | tr -d ' \r' | head -1; }
dels() { sq "SELECT count(*) FROM audit WHERE action = 'delete' AND entity = '$1' AND entity_key = '$2'"; }
# delform PATH [NO-CSRF]: the confirmation page's POST; Location in $tmp/hdr2
delform() { curl -s -D "$tmp/hdr2" -o "$tmp/body" -w '%{http_code}' -H "Cookie: tiepcan_sid=$SID" -d "${2:-csrf=$CSRF}" "$base$1"; }
login td
# tasks: TN has two progress notes and three files; one of them is also the plan's document
check "the task page offers Xóa" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/nhiem-vu/$TN' | grep -q 'action=\"/nhiem-vu/$TN/xoa\"'"
check "the task's confirmation page is 200" [ "$(get "/nhiem-vu/$TN/xoa")" = 200 ]
check "... says what goes (notes and 3 files) with a CSRF form" sh -c "grep -q 'và 3 tệp kiểm chứng' '$tmp/body' && grep -q 'method=\"post\" action=\"/nhiem-vu/$TN/xoa\"' '$tmp/body' && grep -q 'name=\"csrf\"' '$tmp/body'"
nt0=$(sq "SELECT count(*) FROM plan_task WHERE plan_id = $PID")
nn0=$(sq "SELECT count(*) FROM plan_task_note WHERE task_id = $TN")
a0=$(sq "SELECT count(*) FROM audit")
check "deleting a task without CSRF is 403" [ "$(delform "/nhiem-vu/$TN/xoa" "x=1")" = 403 ]
login socha
check "a commune user cannot open a task's deletion (403)" [ "$(get "/nhiem-vu/$TN/xoa")" = 403 ]
check "... nor delete its own commune's task by form (403)" [ "$(delform "/nhiem-vu/$TN/xoa")" = 403 ]
check "... nor by the API (403)" [ "$(api DELETE "/api/v1/tasks/$TN" '')" = 403 ]
login tdhn
check "another province's reviewer cannot delete it by form (403)" [ "$(delform "/nhiem-vu/$TN/xoa")" = 403 ]
check "... nor by the API (403)" [ "$(api DELETE "/api/v1/tasks/$TN" '')" = 403 ]
login td
check "... nothing deleted, nothing audited ($nn0 notes)" [ "$(sq "SELECT count(*) FROM plan_task_note WHERE task_id = $TN")" = "$nn0" ] && [ "$(sq "SELECT count(*) FROM audit")" = "$a0" ] && [ "$nn0" -ge 2 ]
check "deleting the task by form is 303" [ "$(delform "/nhiem-vu/$TN/xoa")" = 303 ]
check "... to the plan page with the notice" [ "$(loc)" = "/ke-hoach/$PID?da-xoa=nhiem-vu" ]
check "... which shows it" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID?da-xoa=nhiem-vu' | grep -q 'role=\"status\">Đã xóa nhiệm vụ'"
check "... the task is gone (404)" [ "$(get "/api/v1/tasks/$TN")" = 404 ]
check "... with its notes and file rows" [ "$(sq "SELECT count(*) FROM plan_task_note WHERE task_id = $TN") $(sq "SELECT count(*) FROM plan_task_file WHERE task_id = $TN")" = "0 0" ]
check "... only that task ($nt0 - 1)" [ "$(sq "SELECT count(*) FROM plan_task WHERE plan_id = $PID")" = "$((nt0 - 1))" ]
check "... one audit entry, with the files' hashes" [ "$(dels plan_task "$TN")" = 1 ] && [ "$(sq "SELECT count(*) FROM audit WHERE entity = 'plan_task' AND action = 'delete' AND before LIKE '%$sum%'")" = 1 ]
check "... the plan's document (same content) still downloads" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID/tep' | cmp -s - '$tmp/plan.pdf'"
T8=$(sq "SELECT id FROM plan_task WHERE title = 'Giao cho Sóc Hà'")
check "DELETE /api/v1/tasks/N is 200" [ "$(api DELETE "/api/v1/tasks/$T8" '')" = 200 ]
check "... answering what was deleted" body_has "{\"deleted\":\"task\",\"id\":$T8}"
check "... twice is 404" [ "$(api DELETE "/api/v1/tasks/$T8" '')" = 404 ]
check "an unknown task's confirmation page is 404" [ "$(get /nhiem-vu/999999/xoa)" = 404 ]

# officials: O2 still answers for handovers and a training; O4 for nothing any more
check "the official's page offers Xóa" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/can-bo/$O4' | grep -q 'action=\"/can-bo/$O4/xoa\"'"
check "the confirmation page of a referenced official is 200" [ "$(get "/can-bo/$O2/xoa")" = 200 ]
check "... says why it cannot go, without a delete form" sh -c "grep -q 'Không xóa được: công chức này còn' '$tmp/body' && ! grep -q 'action=\"/can-bo/$O2/xoa\"' '$tmp/body'"
a0=$(sq "SELECT count(*) FROM audit")
d0=$(sq "SELECT count(*) FROM duty_handover WHERE from_id = $O2 OR to_id = $O2")
check "DELETE of a referenced official is 409" [ "$(api DELETE "/api/v1/officials/$O2" '')" = 409 ]
check "... with the Vietnamese reason in error" body_has '"error":{.*"message":"Không xóa được: công chức này còn .*buổi tập huấn có tên tham dự'
check "... the form POST is 409 too" [ "$(delform "/can-bo/$O2/xoa")" = 409 ]
check "... nothing deleted, nothing audited" [ "$(get "/can-bo/$O2")" = 200 ] && [ "$(sq "SELECT count(*) FROM duty_handover WHERE from_id = $O2 OR to_id = $O2")" = "$d0" ] && [ "$(sq "SELECT count(*) FROM audit")" = "$a0" ] && [ "$d0" -gt 0 ]
login socha
check "a commune user cannot delete an official (403)" [ "$(api DELETE "/api/v1/officials/$O4" '')" = 403 ]
login tdhn
check "another province's reviewer cannot (403)" [ "$(api DELETE "/api/v1/officials/$O4" '')" = 403 ]
login td
check "DELETE without the CSRF header is 403" [ "$(req "/api/v1/officials/$O4" -X DELETE -H "Cookie: tiepcan_sid=$SID")" = 403 ]
no0=$(sq "SELECT count(*) FROM official")
check "deleting a free official by form is 303" [ "$(delform "/can-bo/$O4/xoa")" = 303 ]
check "... to the commune's list with the notice" [ "$(loc)" = "/can-bo?xa=01417&da-xoa=can-bo" ] && sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/can-bo?xa=01417&da-xoa=can-bo' | grep -q 'Đã xóa công chức'"
check "... gone from the list, the others kept" sh -c "! curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/officials?unit=01417' | grep -q '\"id\":$O4,'" && [ "$(sq "SELECT count(*) FROM official")" = "$((no0 - 1))" ]
check "... its page is 404 and one audit entry written" [ "$(get "/can-bo/$O4")" = 404 ] && [ "$(dels official "$O4")" = 1 ]
check "DELETE of an unknown official is 404" [ "$(api DELETE /api/v1/officials/999999 '')" = 404 ]

# trainings (TR: attendee O3) and inspections (IN, IID of the plan)
check "the training's page offers Xóa" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/tap-huan/$TR' | grep -q 'action=\"/tap-huan/$TR/xoa\"'"
check "its confirmation page counts 1 attendee" [ "$(get "/tap-huan/$TR/xoa")" = 200 ] && body_has 'danh sách 1 người tham dự'
login tdhn
check "another province's reviewer cannot delete it (403)" [ "$(delform "/tap-huan/$TR/xoa")" = 403 ]
login td
ntr0=$(sq "SELECT count(*) FROM training")
check "deleting the training by form is 303 to the list" [ "$(delform "/tap-huan/$TR/xoa")" = 303 ] && [ "$(loc)" = "/tap-huan?da-xoa=tap-huan" ]
check "... gone with its attendee rows, the official kept" [ "$(get "/tap-huan/$TR")" = 404 ] && [ "$(sq "SELECT count(*) FROM training_attendee WHERE training_id = $TR")" = 0 ] && [ "$(get "/can-bo/$O3")" = 200 ]
check "... the other session kept, one audit entry" [ "$(sq "SELECT count(*) FROM training")" = "$((ntr0 - 1))" ] && [ "$(dels training "$TR")" = 1 ]
check "DELETE of an unknown training is 404" [ "$(api DELETE /api/v1/trainings/999999 '')" = 404 ]
check "the inspection's page offers Xóa" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/kiem-tra/$IN' | grep -q 'action=\"/kiem-tra/$IN/xoa\"'"
login tdhn
check "another province's reviewer cannot delete an inspection (403)" [ "$(api DELETE "/api/v1/inspections/$IN" '')" = 403 ]
login td
check "DELETE /api/v1/inspections/N is 200" [ "$(api DELETE "/api/v1/inspections/$IN" '')" = 200 ]
check "... gone, the plan's other inspection kept" sh -c "j=\$(curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/inspections?plan=$PID'); ! echo \"\$j\" | grep -q 'Xong ngày 01/10' && echo \"\$j\" | grep -q 'Thiếu sổ hòa giải'"
check "... one audit entry" [ "$(dels inspection "$IN")" = 1 ]
check "deleting the other by form is 303 to the list" [ "$(delform "/kiem-tra/$IID/xoa")" = 303 ] && [ "$(loc)" = "/kiem-tra?da-xoa=kiem-tra" ]
check "an unknown inspection's deletion is 404" [ "$(delform /kiem-tra/999999/xoa)" = 404 ]

# pilot communes: out of the plan, duty assignments (per commune and year) kept
nd0=$(sq "SELECT count(*) FROM duty WHERE unit_code = '01417'")
check "the plan page offers Xóa for a pilot commune" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID' | grep -q 'href=\"/ke-hoach/$PID/xa-diem/01639/xoa\"'"
check "the pilot's confirmation page says duties stay" [ "$(get "/ke-hoach/$PID/xa-diem/01417/xoa")" = 200 ] && body_has 'được giữ nguyên'
login socha
check "a commune user cannot take its commune out (403)" [ "$(api DELETE "/api/v1/plans/$PID/pilots/01417" '')" = 403 ]
login tdhn
check "another province's reviewer cannot (403)" [ "$(delform "/ke-hoach/$PID/xa-diem/01417/xoa")" = 403 ]
login td
check "DELETE /api/v1/plans/N/pilots/01417 is 200" [ "$(api DELETE "/api/v1/plans/$PID/pilots/01417" '')" = 200 ]
check "... the plan keeps Đại Sơn only" sh -c "j=\$(curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/plans/$PID'); ! echo \"\$j\" | grep -q '\"unit\":\"01417\",\"name\"' && echo \"\$j\" | grep -q '\"unit\":\"01639\",\"name\"'"
check "... Sóc Hà's duties are kept ($nd0)" [ "$(sq "SELECT count(*) FROM duty WHERE unit_code = '01417'")" = "$nd0" ] && [ "$nd0" -gt 0 ]
check "... one audit entry" [ "$(dels plan_pilot "$PID")" = 1 ]
check "... twice is 404" [ "$(api DELETE "/api/v1/plans/$PID/pilots/01417" '')" = 404 ]
check "taking Đại Sơn out by form is 303 to the plan" [ "$(delform "/ke-hoach/$PID/xa-diem/01639/xoa")" = 303 ] && [ "$(loc)" = "/ke-hoach/$PID?da-xoa=xa-diem" ]

# the plan's document
check "the plan page offers to delete the document" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID' | grep -q 'href=\"/ke-hoach/$PID/tep/xoa\"'"
check "deleting the document without CSRF is 403" [ "$(delform "/ke-hoach/$PID/tep/xoa" "x=1")" = 403 ]
check "deleting it by form is 303" [ "$(delform "/ke-hoach/$PID/tep/xoa")" = 303 ]
check "... the plan has none now, the plan itself kept" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/$PID' | grep -q 'Chưa đính kèm văn bản'" && [ "$(dels plan_file "$PID")" = 1 ]
check "DELETE /api/v1/plans/N/file without a document is 404" [ "$(api DELETE "/api/v1/plans/$PID/file" '')" = 404 ]
check "the audit chain is intact after the deletions" sh -c "'$BIN' check --db '$db' >/dev/null"

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
	get '/api/v1/plans?year=2018' >/dev/null
	check "demo: 198/KH-STP has its (illustrative) document" body_has '"name":"198-KH-STP-minh-hoa.pdf","type":"application/pdf"'
	check "demo: ... which is a PDF" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/ke-hoach/2/tep' | head -c 5 | grep -q '%PDF-'"
	T4=$(sed 's/},{/}\n{/g' "$tmp/body" | grep '"group":4' | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
	check "demo: the assignment task has a dated note and an evidence file" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/api/v1/tasks/$T4' | grep -q '\"date\":\"2018-05-15\".*\"name\":\"phan-cong-soc-ha-minh-hoa.pdf\"'"
	check "demo: /lich?nam=2018 shows the pilots' cycle" sh -c "curl -s -H 'Cookie: tiepcan_sid=$SID' '$base/lich?nam=2018' | grep -q 'xa=01639'"
	check "demo: the pilots' successor Trường Hà has its 2026 duties" [ "$(get /api/v1/duties/01392/2026 >/dev/null; grep -o '"item":"[0-9.]*"' "$tmp/body" | wc -l)" -gt 5 ]
else
	cat "$tmp/err"
	bad "tiepcan demo"
fi
check "no sanitizer report in the server logs" sh -c "! cat '$tmp'/srv*.log | grep -q -e 'runtime error' -e 'Sanitizer'"
finish
