#!/bin/sh
# tests/suite-admin.sh BIN — the administrator's pages (issue 4, journey 4)
# over real HTTP: per-year settings and holidays (/quan-tri/cai-dat), the unit
# search with lineage (/quan-tri/don-vi) and the rule-set diff and upload
# pages. Bad input is refused next to the field and writes nothing; every
# change shows in the audit log; other roles get 403.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-admin.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d)
DB=$(db_new "$T/db.sqlite")
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
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }
eq() { [ "$1" = "$2" ]; }
die() { echo "$1"; echo "$PASS passed, $((FAIL + 1)) failed"; exit 1; }
code() { out=$1; shift; curl -s -o "$out" -w '%{http_code}' "$@"; }
audit_n() { db_sql "$DB" "SELECT count(*) FROM audit"; }
state() { db_sql "$DB" "SELECT * FROM setting ORDER BY 1,2; SELECT * FROM holiday ORDER BY 1"; }

db_demo "$BIN" "$DB" >/dev/null 2>&1 || die "demo failed"
sh scripts/demo-accounts.sh "$BIN" "$DB" || die "demo accounts failed"
TIEPCAN_NOW=2027-03-02 "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/srv.out" 2>"$T/srv.err" &
SRV_PID=$!
i=0
while ! grep -q listening "$T/srv.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && die "server did not start: $(cat "$T/srv.err")"
	sleep 0.1
done
U=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/srv.out")
login() { # login NAME JAR -> CSRF of that session
	curl -s -c "$2" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"tiepcan-demo\"}" "$U/api/v1/session" |
		sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
}
A=$T/admin.jar
C=$(login admin "$A")
check "admin signs in" test -n "$C"
R=$T/rev.jar
RC=$(login thamdinh.caobang "$R")
X=$T/xa.jar
XC=$(login xa.truongha "$X")
check "others sign in" test -n "$RC" -a -n "$XC"

# ---- settings ------------------------------------------------------------------
check "users page links to the settings" sh -c "curl -s -b $A $U/quan-tri/nguoi-dung | grep -q 'href=\"/quan-tri/cai-dat\"'"
check "settings page defaults to this year" sh -c "curl -s -b $A $U/quan-tri/cai-dat | grep -q 'Thiết lập năm 2027'"
check "settings page 200" eq "$(code $T/s.html -b $A "$U/quan-tri/cai-dat?nam=2026")" 200
check "settings page has the deadline field" has $T/s.html 'name="deadline_submit"'
n0=$(audit_n)
st=$(code $T/p.html -b $A --data-urlencode "csrf=$C" -d nam=2026 -d posting_days=7 \
	-d posting_unit=working_days -d deadline_submit=15/10/2026 -D $T/h "$U/quan-tri/cai-dat")
check "save settings: 303" eq "$st" 303
check "save settings: back to the year" grep -q 'Location: /quan-tri/cai-dat?nam=2026' $T/h
code $T/s.html -b $A "$U/quan-tri/cai-dat?nam=2026" >/dev/null
check "saved deadline shown dd/mm/yyyy" has $T/s.html 'value="15/10/2026"'
check "saved posting days shown" has $T/s.html 'name="posting_days" value="7"'
check "stored as ISO" eq "$("$BIN" setting get deadline_submit --year 2026 --db "$DB")" 2026-10-15
check "three audit entries" eq "$(audit_n)" "$((n0 + 3))"
code $T/log.html -b $A "$U/quan-tri/nhat-ky" >/dev/null
check "audit log shows the setting" has $T/log.html '2026/deadline_submit'

before=$(state); n0=$(audit_n)
st=$(code $T/b.html -b $A --data-urlencode "csrf=$C" -d nam=2026 -d posting_days=9 \
	-d deadline_submit=31/02/2026 "$U/quan-tri/cai-dat")
check "31/02 rejected: 400" eq "$st" 400
check "31/02: message next to the field" has $T/b.html 'id="loi-deadline_submit">Ngày không hợp lệ'
check "31/02: field marked" has $T/b.html 'aria-describedby="loi-deadline_submit"'
check "31/02: the typed values are kept" has $T/b.html 'value="31/02/2026"'
check "31/02: nothing written (not even the good field)" eq "$before" "$(state)"
check "31/02: no audit entry" eq "$n0" "$(audit_n)"
st=$(code $T/b.html -b $A --data-urlencode "csrf=$C" -d nam=2026 -d posting_days=61 \
	-d deadline_submit=2026-10-01 "$U/quan-tri/cai-dat")
check "bad days and ISO date: 400" eq "$st" 400
check "bad days: message" has $T/b.html 'id="loi-posting_days">Thời gian niêm yết'
check "ISO date refused (dd/mm/yyyy only)" has $T/b.html 'id="loi-deadline_submit"'
check "nothing written" eq "$before" "$(state)"
st=$(code $T/b.html -b $A -d nam=2026 -d posting_days=5 "$U/quan-tri/cai-dat")
check "no CSRF token: 403" eq "$st" 403
check "no CSRF: nothing written" eq "$before" "$(state)"

# ---- holidays ------------------------------------------------------------------
st=$(code $T/p.html -b $A --data-urlencode "csrf=$C" -d ngay=04/09/2026 \
	--data-urlencode "ten=Nghỉ bù Quốc khánh" -d can-cu=announced -d loai=off "$U/quan-tri/cai-dat/ngay-nghi")
check "add holiday: 303" eq "$st" 303
code $T/s.html -b $A "$U/quan-tri/cai-dat?nam=2026" >/dev/null
check "holiday listed" has $T/s.html '<td>04/09/2026</td><td>Nghỉ bù Quốc khánh</td>'
code $T/log.html -b $A "$U/quan-tri/nhat-ky" >/dev/null
check "audit log shows the holiday" has $T/log.html '2026-09-04'
before=$(state); n0=$(audit_n)
st=$(code $T/b.html -b $A --data-urlencode "csrf=$C" -d ngay=30/02/2026 -d ten= \
	-d can-cu=guess -d loai=off "$U/quan-tri/cai-dat/ngay-nghi")
check "bad holiday: 400" eq "$st" 400
check "bad holiday date: message next to the field" has $T/b.html 'id="loi-ngay">Ngày không hợp lệ'
check "empty name: message" has $T/b.html 'id="loi-ten">'
check "bad basis: message" has $T/b.html 'id="loi-can-cu">'
check "bad holiday: nothing written" eq "$before" "$(state)"
check "bad holiday: no audit entry" eq "$n0" "$(audit_n)"

# ---- units ---------------------------------------------------------------------
check "unit search 200" eq "$(code $T/u.html -b $A "$U/quan-tri/don-vi?q=soc+ha&year=2018")" 200
check "'soc ha' finds Sóc Hà 01417" has $T/u.html '<code>01417</code></td><td>Xã Sóc Hà'
check "Sóc Hà shows its successor 01392" sh -c "grep '01417' $T/u.html | grep -q '<code>01392</code>'"
check "Sóc Hà shows its parent" sh -c "grep '01417' $T/u.html | grep -q '(045)'"
code $T/u.html -b $A "$U/quan-tri/don-vi?q=01392&year=2026" >/dev/null
check "by code in 2026: Trường Hà" has $T/u.html 'Trường Hà'
check "Trường Hà shows its predecessor 01417" sh -c "grep 'Trường Hà' $T/u.html | grep -q '<code>01417</code>'"
check "bad year: 400" eq "$(code $T/u.html -b $A "$U/quan-tri/don-vi?q=x&year=abc")" 400

# ---- rule sets: diff of two, upload validated and previewed -------------------------
st=$(code $T/r.html -b $A "$U/quan-tri/quy-tac?a=qd619-2017&b=qd25-2021")
check "rule-set diff page 200" eq "$st" 200
check "diff shows a changed max" has $T/r.html '~ criterion 1: max: 15 -&gt; 10'
sed -n '/<pre id="khac-biet">/,/<\/pre>/p' $T/r.html | sed -e 's/^<pre id="khac-biet">//' -e '/^<\/pre>$/d' |
	sed -e 's/&gt;/>/g' -e 's/&lt;/</g' -e "s/&#39;/'/g" -e 's/&quot;/"/g' -e 's/&amp;/\&/g' >$T/web.diff
"$BIN" rules diff qd619-2017 qd25-2021 >$T/cli.diff
check "page diff is not empty" test -s $T/web.diff
check "page diff = CLI diff, line for line" cmp $T/web.diff $T/cli.diff
check "unknown rule set: 400 next to the field" eq "$(code $T/r.html -b $A "$U/quan-tri/quy-tac?a=nope&b=qd25-2021")" 400
check "unknown rule set: message" has $T/r.html 'id="loi-a">Không có bộ quy tắc'
awk 'NR==76{print "  max 4"; next} {print}' rules/qd25-2021.rules >$T/broken.rules
st=$(code $T/r.html -b $A -F "csrf=$C" -F "tep=@$T/broken.rules;type=text/plain" "$U/quan-tri/quy-tac")
check "broken rule file: 422 (got $st)" eq "$st" 422
check "broken rule file: file:line error next to the field" has $T/r.html 'id="loi-tep">Tệp quy tắc không hợp lệ.*broken.rules:74: indicator 1.1'
awk 'NR==75{print "  title Chỉ tiêu 1.1 đã sửa"; next} {print}' rules/qd25-2021.rules >$T/new.rules
st=$(code $T/r.html -b $A -F "csrf=$C" -F "tep=@$T/new.rules;type=text/plain" "$U/quan-tri/quy-tac")
check "valid rule file: 200" eq "$st" 200
check "valid rule file: shown" has $T/r.html 'Tệp hợp lệ: <code>qd25-2021</code>'
check "valid rule file: diffed against the built-in set" has $T/r.html '~ indicator 1.1: title: .* -&gt; Chỉ tiêu 1.1 đã sửa'
check "upload without CSRF: 403" eq "$(code $T/r.html -b $A -F "tep=@$T/new.rules" "$U/quan-tri/quy-tac")" 403
st=$(code $T/r.html -b $A -F "csrf=$C" -F "tep=@/dev/null;filename=x.rules" "$U/quan-tri/quy-tac")
check "empty upload: 422 (got $st)" eq "$st" 422
check "reviewer rule-set pages: 403" eq "$(code $T/f -b $R "$U/quan-tri/quy-tac")" 403
check "commune upload: 403" eq "$(code $T/f -b $X -F "csrf=$XC" -F "tep=@$T/new.rules" "$U/quan-tri/quy-tac")" 403

# ---- others are refused ----------------------------------------------------------
for p in /quan-tri/cai-dat /quan-tri/don-vi; do
	check "reviewer GET $p: 403" eq "$(code $T/f -b $R "$U$p")" 403
	check "commune GET $p: 403" eq "$(code $T/f -b $X "$U$p")" 403
done
before=$(state)
check "reviewer POST settings: 403" eq "$(code $T/f -b $R --data-urlencode "csrf=$RC" -d nam=2026 -d posting_days=3 "$U/quan-tri/cai-dat")" 403
check "commune POST holiday: 403" eq "$(code $T/f -b $X --data-urlencode "csrf=$XC" -d ngay=05/09/2026 -d ten=x -d can-cu=announced -d loai=off "$U/quan-tri/cai-dat/ngay-nghi")" 403
check "refused: nothing written" eq "$before" "$(state)"
check "public is sent to sign in" eq "$(code $T/f "$U/quan-tri/cai-dat")" 303

kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
SRV_PID=
if grep -q 'Sanitizer\|runtime error' "$T/srv.err"; then bad "sanitizer report"; cat "$T/srv.err"; else ok; fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
