#!/bin/sh
# suite-download.sh BIN — the official forms downloaded from the web pages
# (issue 6): every page that shows a commune's assessment, a reviewer's
# queue or dossier, the council's decisions, the public results or the
# dashboard carries XLSX / PDF / CSV buttons; following them gives the same
# files as `tiepcan report` with the same arguments, behind the same gates
# and scope as the page (a commune official only its commune; the public
# only the public forms of published results). Checks the bytes (XLSX:
# unzip -t and a cell in the sheet XML; PDF: pdftotext with accented
# Vietnamese; CSV: byte for byte the CLI's), Content-Type and
# Content-Disposition (ASCII filename and UTF-8 filename*).
# Usage: sh tests/suite-download.sh BUILD/tiepcan
set -u
BIN=${1:-build/tiepcan}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
T=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { # name command...
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name"; fi
}
eq() { # name got want
	if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (got '$2', want '$3')"; fi
}
nfc() { uconv -f utf-8 -t utf-8 -x any-nfc; }
has() { # FILE TEXT: FILE (NFC, lines joined, spaces squeezed) contains TEXT
	want=$(printf '%s' "$2" | nfc)
	nfc <"$1" | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$want"
}
cd "$T" || exit 1
DB="$T/demo.db"
q() { sqlite3 -batch -noheader "$DB" "$1"; }
"$BIN" demo --db "$DB" >/dev/null 2>&1 || { echo "cannot create the demo database"; echo "0 passed, 1 failed"; exit 1; }
Y=2024
C=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1 ORDER BY unit_code LIMIT 1")
OTHER=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' AND unit_code <> '$C' ORDER BY unit_code LIMIT 1")
CNAME=$(q "SELECT u.type || ' ' || u.name FROM assessment a JOIN unit u ON u.vintage = a.vintage AND u.code = a.unit_code WHERE a.year = $Y AND a.unit_code = '$C'")
for u in "xa1 commune $C" "tdinh reviewer 04" "hd council 04"; do
	set -- $u
	printf 'mat-khau-kiem-thu-1\n' | "$BIN" user add --db "$DB" --login "$1" --role "$2" --unit "$3" \
		--password-stdin >/dev/null 2>&1 || ko "user add $1"
done

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 >srv.out 2>srv.err &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)\/$/\1/p' srv.out)
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
check "server started" test -n "$url"
login() { # login jar
	curl -s -c "$2" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"mat-khau-kiem-thu-1\"}" "$url/api/v1/session" >/dev/null
}
login xa1 cm.jar
login tdinh rv.jar
HD_CSRF=$(curl -s -c hd.jar -H 'Content-Type: application/json' \
	-d '{"login":"hd","password":"mat-khau-kiem-thu-1"}' "$url/api/v1/session" |
	sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')

# links PAGE.html KIND: the download links of KIND on the page, one a line
# (HTML entities undone).
links() { grep -o "href=\"/bao-cao/tai-ve?kind=$2&amp;[^\"]*\"" "$1" | sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g'; }
# get JAR PATH OUT: downloads, headers in OUT.h; prints the status
get() {
	if [ "$1" = - ]; then
		curl -s -D "$3.h" -o "$3" -w '%{http_code}' "$url$2"
	else
		curl -s -b "$1" -D "$3.h" -o "$3" -w '%{http_code}' "$url$2"
	fi
}
header() { sed -n "s/^$2: *//Ip" "$1" | tr -d '\r' | head -n 1; }
# filename* decoded (RFC 8187: UTF-8'' then percent-encoding)
fname_star() {
	header "$1" Content-Disposition | sed -n "s/.*filename\*=UTF-8''\(.*\)$/\1/p" |
		python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.stdin.read().strip()))'
}
XLSX_TYPE=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
# xlsx_ok FILE: a valid zip whose workbook and first sheet are well-formed XML
xlsx_ok() {
	unzip -tq "$1" >/dev/null 2>&1 && unzip -p "$1" xl/workbook.xml | xmllint --noout - 2>/dev/null &&
		unzip -p "$1" xl/worksheets/sheet1.xml | xmllint --noout - 2>/dev/null
}
# cell FILE SHEET CODE COL: the value in column COL of the row whose column
# B holds the shared string CODE.
cell() {
	unzip -p "$1" xl/sharedStrings.xml >ss.xml 2>/dev/null
	unzip -p "$1" "xl/worksheets/$2.xml" >sh.xml 2>/dev/null
	idx=$(xmllint --xpath "count(//*[local-name()='si'][*[local-name()='t']='$3']/preceding-sibling::*)" ss.xml)
	row=$(xmllint --xpath "string(//*[local-name()='c'][starts-with(@r,'B')][*[local-name()='v']='$idx']/@r)" sh.xml)
	row=${row#B}
	xmllint --xpath "string(//*[local-name()='c'][@r='$4$row']/*[local-name()='v'])" sh.xml
}
cli() { # KIND UNIT FORMAT OUT [--published]
	"$BIN" report "$1" --year $Y --unit "$2" --format "$3" -o "$4" --db "$DB" ${5:-} 2>/dev/null
}

# ---- the commune's assessment page: score sheet and evaluation report ----
eq "commune: assessment page 200" "$(get cm.jar "/danh-gia/$C/$Y" page.html)" 200
for k in score-sheet evaluation-report; do
	eq "commune page: $k in xlsx, pdf, csv" "$(links page.html $k | sed 's/.*format=//' | tr '\n' ' ')" "xlsx pdf csv "
done
check "commune page: buttons are links, no script" sh -c "grep -q 'id=\"tai-bieu-mau\"' page.html && ! grep -q '<script>' page.html"
L=$(links page.html score-sheet | grep 'format=xlsx')
eq "commune: score sheet XLSX 200" "$(get cm.jar "$L" ss.xlsx)" 200
eq "commune: XLSX content type" "$(header ss.xlsx.h Content-Type)" "$XLSX_TYPE"
check "commune: XLSX is a valid workbook (unzip -t, XML)" xlsx_ok ss.xlsx
want=$(q "SELECT printf('%g', v.computed_pts / 100.0) FROM indicator_value v JOIN assessment a ON a.id = v.assessment_id WHERE a.year = $Y AND a.unit_code = '$C' AND v.item_code = '1.1'")
eq "commune: XLSX cell of indicator 1.1 = stored points" "$(cell ss.xlsx sheet1 1.1 G)" "$want"
eq "commune: ASCII filename" "$(header ss.xlsx.h Content-Disposition | sed -n 's/^attachment; filename="\([^"]*\)".*/\1/p')" "score-sheet-$C-$Y.xlsx"
eq "commune: UTF-8 filename* (Vietnamese)" "$(fname_star ss.xlsx.h | nfc)" \
	"$(printf '%s' "Bảng tổng hợp điểm số của các tiêu chí, chỉ tiêu - $CNAME - $Y.xlsx" | nfc)"
check "commune: signed-in file not cached by shared caches" sh -c "grep -qi '^Cache-Control: private' ss.xlsx.h"
L=$(links page.html evaluation-report | grep 'format=pdf')
eq "commune: evaluation report PDF 200" "$(get cm.jar "$L" er.pdf)" 200
eq "commune: PDF content type" "$(header er.pdf.h Content-Type)" application/pdf
pdftotext er.pdf er.txt 2>/dev/null
check "commune: PDF text accented (title)" has er.txt "BÁO CÁO ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TIÊU CHÍ XÃ ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT"
check "commune: PDF text accented (commune name)" has er.txt "$CNAME"
check "commune: PDF renders" pdftoppm -r 30 -f 1 -l 1 -png er.pdf er
L=$(links page.html score-sheet | grep 'format=csv')
get cm.jar "$L" ss.csv >/dev/null
cli score-sheet "$C" csv cli-ss.csv
check "commune: score sheet CSV = tiepcan report (same args)" cmp ss.csv cli-ss.csv
eq "commune: CSV content type" "$(header ss.csv.h Content-Type)" "text/csv; charset=utf-8"
eq "commune: another commune's score sheet: 404" \
	"$(get cm.jar "/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=$OTHER&format=csv" x.csv)" 404
eq "commune: another commune's assessment page: 403, no buttons" \
	"$(get cm.jar "/danh-gia/$OTHER/$Y" op.html) $(links op.html score-sheet | wc -l | tr -d ' ')" "403 0"
get cm.jar "/bao-cao/tai-ve?kind=eligibility-lists&year=$Y&unit=04&format=csv" el.csv >/dev/null
eq "commune: province lists hold only its own commune" "$(tail -n +2 el.csv | cut -d, -f2 | sort -u | tr '\n' ' ')" "$C "

# ---- reviewer: queue (eligibility lists) and dossier (score sheet) ----
eq "reviewer: queue page 200" "$(get rv.jar "/tham-dinh?year=$Y&status=recognised" queue.html)" 200
eq "reviewer queue: eligibility lists of 04 in three formats" \
	"$(links queue.html eligibility-lists | sed 's/.*unit=\([0-9]*\)&format=\(.*\)/\1:\2/' | tr '\n' ' ')" "04:xlsx 04:pdf 04:csv "
L=$(links queue.html eligibility-lists | grep 'format=xlsx')
eq "reviewer: eligibility lists XLSX 200" "$(get rv.jar "$L" el.xlsx)" 200
check "reviewer: eligibility XLSX valid" xlsx_ok el.xlsx
last=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1 ORDER BY unit_code DESC LIMIT 1")
eq "reviewer: eligibility XLSX total cell = stored total" "$(cell el.xlsx sheet1 "$last" D)" \
	"$(q "SELECT printf('%g', total_pts / 100.0) FROM assessment WHERE year = $Y AND unit_code = '$last'")"
L=$(links queue.html eligibility-lists | grep 'format=csv')
get rv.jar "$L" el2.csv >/dev/null
cli eligibility-lists 04 csv cli-el.csv
check "reviewer: eligibility CSV = tiepcan report" cmp el2.csv cli-el.csv
eq "reviewer: dossier page 200" "$(get rv.jar "/tham-dinh/$C/$Y" dos.html)" 200
eq "reviewer dossier: score sheet buttons" "$(links dos.html score-sheet | wc -l | tr -d ' ')" 3
L=$(links dos.html score-sheet | grep 'format=pdf')
get rv.jar "$L" rs.pdf >/dev/null
pdftotext rs.pdf rs.txt 2>/dev/null
check "reviewer: score sheet PDF accented" has rs.txt "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU"

# ---- decisions page: the draft decision ----
eq "reviewer: decisions page 200" "$(get rv.jar "/quyet-dinh?year=$Y" dec.html)" 200
L=$(links dec.html decision-draft | grep 'format=pdf')
check "decisions page: draft decision button" test -n "$L"
get rv.jar "$L" dd.pdf >/dev/null
pdftotext dd.pdf dd.txt 2>/dev/null
check "decision draft PDF: Điều 1 with the count of recognised communes" has dd.txt \
	"Điều 1. Công nhận $(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1") xã, phường, thị trấn"
L=$(links dec.html decision-draft | grep 'format=csv')
get rv.jar "$L" dd.csv >/dev/null
cli decision-draft 04 csv cli-dd.csv
check "decision draft CSV = tiepcan report" cmp dd.csv cli-dd.csv

# ---- a council meeting: the draft decision of the council's area ----
R=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 9")
RS=$(q "SELECT status FROM assessment WHERE year = $Y AND unit_code = '$R'")
q "UPDATE assessment SET status = 'reviewed' WHERE year = $Y AND unit_code = '$R'"
st=$(curl -s -b hd.jar -o meet.json -w '%{http_code}' -H 'Content-Type: application/json' \
	-H "X-CSRF-Token: $HD_CSRF" -d "{\"name\":\"Hội đồng đánh giá\",\"date\":\"24/01/2025\",\"members\":[{\"name\":\"A\",\"role\":\"chair\"},{\"name\":\"B\",\"role\":\"member\"}],\"dossiers\":[{\"unit\":\"$R\",\"year\":$Y}]}" \
	"$url/api/v1/councils")
eq "council: meeting created" "$st" 201
M=$(jq -r .id meet.json)
eq "council: meeting page 200" "$(get hd.jar "/hoi-dong/$M" meet.html)" 200
eq "council meeting: draft decision and lists of 04, $Y" \
	"$(links meet.html decision-draft | sed 's/.*year=\([0-9]*\)&unit=\([0-9]*\)&format=\(.*\)/\1:\2:\3/' | tr '\n' ' ')" \
	"$Y:04:xlsx $Y:04:pdf $Y:04:csv "
L=$(links meet.html decision-draft | grep 'format=xlsx')
eq "council: draft decision XLSX 200" "$(get hd.jar "$L" dd.xlsx)" 200
check "council: draft decision XLSX valid" xlsx_ok dd.xlsx
unzip -p dd.xlsx xl/workbook.xml >dd.wb.xml
check "council: draft decision XLSX has the annex sheet" has dd.wb.xml 'name="Phụ lục"'
q "UPDATE assessment SET status = '$RS' WHERE year = $Y AND unit_code = '$R'"

# ---- the public: results page and dashboard, published results only ----
eq "public: results page 200" "$(get - "/ket-qua?year=$Y&province=04" res.html)" 200
eq "public results: province summary and New Rural buttons" \
	"$(links res.html province-summary | wc -l | tr -d ' ') $(links res.html new-rural | wc -l | tr -d ' ')" "3 3"
L=$(links res.html province-summary | grep 'format=csv')
eq "public: province summary CSV 200 without login" "$(get - "$L" ps.csv)" 200
cli province-summary 04 csv cli-ps.csv --published
check "public: summary CSV = tiepcan report --published" cmp ps.csv cli-ps.csv
"$BIN" export scores --year $Y --unit 04 --format csv --db "$DB" >exp.csv 2>/dev/null
check "public: all $Y results decided, so = export scores" cmp ps.csv exp.csv
check "public: no private cache header needed" sh -c "! grep -qi '^Cache-Control: private' ps.csv.h"
L=$(links res.html new-rural | grep 'format=xlsx')
eq "public: New Rural XLSX 200" "$(get - "$L" nr.xlsx)" 200
check "public: New Rural XLSX valid" xlsx_ok nr.xlsx
unzip -p nr.xlsx xl/sharedStrings.xml >nr.ss.xml
check "public: New Rural XLSX names criterion 18.4" has nr.ss.xml "Chỉ tiêu 18.4"
eq "public: New Rural filename" "$(header nr.xlsx.h Content-Disposition | sed -n 's/^attachment; filename="\([^"]*\)".*/\1/p')" "new-rural-04-$Y.xlsx"
eq "public: New Rural filename* decoded" "$(fname_star nr.xlsx.h | nfc)" \
	"$(printf '%s' "Tình trạng tiêu chí tiếp cận pháp luật (nông thôn mới) - Tỉnh Cao Bằng - $Y.xlsx" | nfc)"
eq "public: score sheet needs a login (303)" \
	"$(get - "/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=$C&format=pdf" x.pdf)" 303
eq "public: eligibility lists need a login (303)" \
	"$(get - "/bao-cao/tai-ve?kind=eligibility-lists&year=$Y&unit=04&format=csv" x.csv)" 303
# Unpublished results stay private: put one decided commune back under
# review; the public file leaves it out, the reviewer's keeps it.
S=$(q "SELECT status FROM assessment WHERE year = $Y AND unit_code = '$C'")
q "UPDATE assessment SET status = 'reviewed' WHERE year = $Y AND unit_code = '$C'"
get - "/bao-cao/tai-ve?kind=province-summary&year=$Y&unit=04&format=csv" ps2.csv >/dev/null
eq "public: an undecided commune is not in the public summary" "$(grep -c "^$C," ps2.csv)" 0
eq "public: the others are" "$(($(wc -l <ps2.csv) + 1))" "$(wc -l <ps.csv)"
cli province-summary 04 csv cli-ps2.csv --published
check "public: = tiepcan report --published after the change" cmp ps2.csv cli-ps2.csv
get rv.jar "/bao-cao/tai-ve?kind=province-summary&year=$Y&unit=04&format=csv" rv-ps.csv >/dev/null
eq "reviewer: the undecided commune is in the reviewer's summary" "$(grep -c "^$C," rv-ps.csv)" 1
q "UPDATE assessment SET status = '$S' WHERE year = $Y AND unit_code = '$C'"
eq "public: nothing decided yet (2026): 404 for XLSX" \
	"$(get - "/bao-cao/tai-ve?kind=province-summary&year=2026&unit=04&format=xlsx" x.xlsx)" 404
eq "public: dashboard 200" "$(get - "/bang-dieu-khien?year=$Y&province=04" dash.html)" 200
eq "public dashboard: public forms only" \
	"$(links dash.html province-summary | wc -l | tr -d ' ') $(links dash.html eligibility-lists | wc -l | tr -d ' ')" "3 0"
get rv.jar "/bang-dieu-khien?year=$Y&province=04" dashrv.html >/dev/null
eq "reviewer dashboard: lists and draft decision too" \
	"$(links dashrv.html eligibility-lists | wc -l | tr -d ' ') $(links dashrv.html decision-draft | wc -l | tr -d ' ')" "3 3"
eq "bad format: 400" "$(get - "/bao-cao/tai-ve?kind=province-summary&year=$Y&unit=04&format=doc" x)" 400
eq "bad unit for the kind: 400" "$(get rv.jar "/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=04&format=csv" x)" 400
"$BIN" report score-sheet --year $Y --unit "$C" --format csv -o x.csv --published --db "$DB" >out.txt 2>err.txt
eq "CLI --published on a non-public form: exit 2" "$?" 2
check "CLI --published: nothing on stdout" test ! -s out.txt

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
