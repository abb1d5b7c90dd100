#!/bin/sh
# End-to-end checks of the official forms (`tiepcan report KIND`) and the
# dashboard (`tiepcan dashboard`, the JSON behind /bang-dieu-khien) on the demo
# database. Every expected figure comes from an INDEPENDENT query run with the
# sqlite3 CLI (or psql, tests/lib-db.sh) over the same database (never from
# tiepcan itself).
# Usage: sh tests/suite-dash.sh BUILD/tiepcan
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:-build/tiepcan}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
T=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
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
q() { db_sql "$DB" "$1"; }

cd "$T" || exit 1
DB=$(db_new "$T/demo.db")
export TIEPCAN_DB="$DB"
db_demo "$BIN" "$DB" >/dev/null 2>&1 || { echo "cannot create the demo database"; echo "0 passed, 1 failed"; exit 1; }

Y=2024
C=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND recognised = 1 ORDER BY unit_code LIMIT 1")
CNAME=$(q "SELECT u.type || ' ' || u.name FROM assessment a JOIN unit u ON u.vintage = a.vintage AND u.code = a.unit_code WHERE a.year = $Y AND a.unit_code = '$C'")
CTOTAL=$(q "SELECT printf('%g', total_pts / 100.0) FROM assessment WHERE year = $Y AND unit_code = '$C'")

# ---- every form in every format ----
for k in score-sheet evaluation-report; do
	for f in xlsx pdf csv; do
		check "report $k $f written" "$BIN" report $k --year $Y --unit "$C" --format $f -o $k.$f
	done
done
for k in eligibility-lists decision-draft province-summary new-rural; do
	for f in xlsx pdf csv; do
		check "report $k $f written" "$BIN" report $k --year $Y --unit 04 --format $f -o $k.$f
	done
done

# ---- XLSX read back: strings and the right cells ----
xl() { # FILE PART -> file.PART.xml
	unzip -p "$1" "xl/$2.xml" >"$1.$(basename "$2").xml" 2>/dev/null
}
# cell FILE.xlsx SHEET CODE COL: the value in column COL of the row whose
# column B holds the shared string CODE.
cell() {
	xl "$1" sharedStrings
	xl "$1" "worksheets/$2"
	idx=$(xmllint --xpath "count(//*[local-name()='si'][*[local-name()='t']='$3']/preceding-sibling::*)" "$1.sharedStrings.xml")
	row=$(xmllint --xpath "string(//*[local-name()='c'][starts-with(@r,'B')][*[local-name()='v']='$idx']/@r)" "$1.$2.xml")
	row=${row#B}
	xmllint --xpath "string(//*[local-name()='c'][@r='$4$row']/*[local-name()='v'])" "$1.$2.xml"
}
xl score-sheet.xlsx sharedStrings
for s in "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU" "$CNAME" "Điểm tự chấm" \
	"Điểm thẩm định" "Người phụ trách" "Cộng tiêu chí 1" "Mẫu 02 (TT 09/2021/TT-BTP)"; do
	check "xlsx score-sheet: '$s'" has score-sheet.xlsx.sharedStrings.xml "$s"
done
xl score-sheet.xlsx worksheets/sheet1
check "xlsx score-sheet: panes frozen" grep -q 'state="frozen"' score-sheet.xlsx.sheet1.xml
check "xlsx score-sheet: A4 landscape" grep -Eq '<pageSetup paperSize="9"[^>]* orientation="landscape"' score-sheet.xlsx.sheet1.xml
# Indicator 1.1's computed points (column G) equal the stored computed points.
want=$(q "SELECT printf('%g', v.computed_pts / 100.0) FROM indicator_value v JOIN assessment a ON a.id = v.assessment_id WHERE a.year = $Y AND a.unit_code = '$C' AND v.item_code = '1.1'")
eq "xlsx score-sheet: indicator 1.1 points cell" "$(cell score-sheet.xlsx sheet1 1.1 G)" "$want"
eq "xlsx province-summary: total cell of $C" "$(cell province-summary.xlsx sheet1 "$C" I)" "$CTOTAL"
want=$(q "SELECT printf('%g', total_pts / 100.0) FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1 ORDER BY unit_code DESC LIMIT 1")
last=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1 ORDER BY unit_code DESC LIMIT 1")
eq "xlsx eligibility-lists: total cell of $last" "$(cell eligibility-lists.xlsx sheet1 "$last" D)" "$want"
notrec=$(q "SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 0 ORDER BY unit_code LIMIT 1")
xl eligibility-lists.xlsx workbook
check "xlsx eligibility-lists: two sheets" has eligibility-lists.xlsx.workbook.xml 'name="Không đủ điều kiện"'
check "xlsx eligibility-lists: $notrec on the second sheet" test -n "$(cell eligibility-lists.xlsx sheet2 "$notrec" D)"
check "xlsx eligibility-lists: $notrec not on the first" test -z "$(cell eligibility-lists.xlsx sheet1 "$notrec" D)"
xl decision-draft.xlsx workbook
check "xlsx decision-draft: annex sheet" has decision-draft.xlsx.workbook.xml 'name="Phụ lục"'
xl new-rural.xlsx sharedStrings
check "xlsx new-rural: criterion 18.4 for $Y" has new-rural.xlsx.sharedStrings.xml "Chỉ tiêu 18.4"

# ---- PDF: rendered and its text accented correctly ----
for k in score-sheet evaluation-report eligibility-lists decision-draft province-summary new-rural; do
	pdftotext -layout $k.pdf $k.txt 2>/dev/null
	check "pdf $k: renders to PNG" pdftoppm -r 40 -f 1 -l 1 -png $k.pdf $k
	check "pdf $k: motto" has $k.txt "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
done
check "pdf score-sheet: title" has score-sheet.txt "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU"
check "pdf score-sheet: commune" has score-sheet.txt "$CNAME"
check "pdf score-sheet: provisional footnote" has score-sheet.txt "giá trị tạm tính (provisional)"
check "pdf evaluation-report: verdict" has evaluation-report.txt "Kết luận: đủ điều kiện đề nghị công nhận đạt chuẩn tiếp cận pháp luật năm $Y."
check "pdf eligibility-lists: Mẫu 08" has eligibility-lists.txt "Mẫu 08 (TT 09/2021/TT-BTP)"
check "pdf decision-draft: Điều 1" has decision-draft.txt "Điều 1. Công nhận $(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1") xã, phường, thị trấn"
check "pdf province-summary: a district heading" has province-summary.txt "$(q "SELECT type || ' ' || name FROM unit WHERE vintage = '2025-03' AND code = '040'")"
check "pdf province-summary: reason in Vietnamese" has province-summary.txt "Tổng điểm thấp hơn mức tối thiểu"
check "pdf new-rural: section 5 cited" has new-rural.txt "Chỉ tiêu 18.4"
"$BIN" report eligibility-lists --year 2018 --unit 04 --format pdf -o e18.pdf 2>/dev/null
pdftotext e18.pdf e18.txt 2>/dev/null
check "pdf eligibility-lists 2018: forms 07-TCPL-II / 08-TCPL-II" has e18.txt "Mẫu 07-TCPL-II / 08-TCPL-II"
"$BIN" report new-rural --year 2019 --unit 04 --format csv -o nr19.csv 2>/dev/null
check "csv new-rural 2019: 18.x unconfirmed" has nr19.csv "18.x (thường được dẫn là 18.5 — CHƯA XÁC NHẬN)"

# ---- CSV ----
"$BIN" export scores --year $Y --unit 04 --format csv >exp.csv 2>/dev/null
check "csv province-summary = export scores (province)" cmp province-summary.csv exp.csv
"$BIN" report province-summary --year $Y --unit 040 --format csv -o ps040.csv 2>/dev/null
"$BIN" export scores --year $Y --unit 040 --format csv >exp040.csv 2>/dev/null
check "csv province-summary = export scores (district 040)" cmp ps040.csv exp040.csv
"$BIN" report province-summary --year 2026 --unit 04 --format csv -o ps26.csv 2>/dev/null
"$BIN" export scores --year 2026 --unit 04 --format csv >exp26.csv 2>/dev/null
check "csv province-summary = export scores (2026, achievement regime)" cmp ps26.csv exp26.csv
eq "csv eligibility-lists: one row per eligible commune" \
	"$(($(wc -l <eligibility-lists.csv) - 1))" \
	"$(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND recognised = 1")"
check "csv starts with a BOM" sh -c "head -c 3 score-sheet.csv | od -An -tx1 | grep -q 'ef bb bf'"

# ---- bad input: exit 2, nothing on stdout ----
"$BIN" report score-sheet --year $Y --unit 04 --format csv -o - >out.txt 2>err.txt
eq "score-sheet of a province: exit 2" "$?" 2
check "score-sheet of a province: nothing on stdout" test ! -s out.txt
"$BIN" report nonsense --year $Y --unit 04 --format csv -o x.csv >out.txt 2>&1
eq "unknown kind: exit 2" "$?" 2
"$BIN" report score-sheet --year 2030 --unit "$C" --format pdf -o x.pdf >out.txt 2>&1
check "no assessment: non-zero exit, no file" sh -c "test $? -ne 0 && test ! -e x.pdf"

# ---- dashboard figures = independent SQL ----
"$BIN" dashboard --year $Y --province 04 >d.json 2>/dev/null
eq "dash: assessed" "$(jq .whole.assessed d.json)" "$(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04'")"
eq "dash: recognised" "$(jq .whole.recognised d.json)" "$(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND status = 'recognised'")"
eq "dash: share recognised" "$(jq -r .whole.share_percent d.json)" \
	"$(q "SELECT printf('%.2f', round(100.0 * sum(status = 'recognised') / count(*), 2)) FROM assessment WHERE year = $Y AND province_code = '04'")"
eq "dash: share by district" "$(jq -r '.by_area[] | "\(.code)=\(.recognised)/\(.assessed)"' d.json | tr '\n' ' ')" \
	"$(q "SELECT district_code || '=' || sum(status = 'recognised') || '/' || count(*) FROM assessment WHERE year = $Y AND province_code = '04' GROUP BY district_code ORDER BY district_code" | tr '\n' ' ')"
eq "dash: trend on historical boundaries" "$(jq -r '.trend_historical[] | "\(.year)=\(.recognised)/\(.assessed)"' d.json | tr '\n' ' ')" \
	"$(q "SELECT year || '=' || sum(status = 'recognised') || '/' || count(*) FROM assessment WHERE province_code = '04' GROUP BY year ORDER BY year" | tr '\n' ' ')"
eq "dash: histogram bins (10 points wide)" "$(jq -r '[.histogram[].n] | join(",")' d.json)" \
	"$(q "WITH b(i) AS (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) SELECT group_concat(n, ',') FROM (SELECT b.i, (SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND total_pts IS NOT NULL AND min(max(total_pts, 0) / 1000, 9) = b.i) AS n FROM b ORDER BY b.i) AS h")"
eq "dash: ranking order" "$(jq -r '[.ranking[0:5][].unit] | join(",")' d.json)" \
	"$(q "SELECT group_concat(unit_code, ',') FROM (SELECT unit_code FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY total_pts DESC, unit_code LIMIT 5) AS r")"
eq "dash: tiers are quartiles" "$(jq '[.ranking[] | select(.tier == 1)] | length' d.json)" \
	"$(q "SELECT (count(*) + 3) / 4 FROM assessment WHERE year = $Y AND province_code = '04' AND total_pts IS NOT NULL")"

# Integrity flags, gates and weakest indicators need data the demo does not
# have: add it to the database with plain SQL, then compare again.
A1=$(q "SELECT id FROM assessment WHERE year = $Y AND unit_code = '$C'")
A2=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' AND unit_code <> '$C' ORDER BY unit_code LIMIT 1")
H=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
blob="x'616263'" # the bytes "abc"; PostgreSQL spells a bytea literal differently
! db_is_pg "$DB" || blob="'\\x616263'"
q "INSERT INTO evidence_blob VALUES ('$H', 3, $blob);
INSERT INTO evidence (assessment_id, item_code, sha256, original_name, mime_type, size, uploaded_at, uploaded_by) VALUES
 ($A1, '1.1', '$H', 'a.pdf', 'application/pdf', 3, '2025-01-02T00:00:00Z', 'test'),
 ($A2, '2.1', '$H', 'b.pdf', 'application/pdf', 3, '2025-01-02T00:00:00Z', 'test');
UPDATE indicator_value SET self_pts = computed_pts, reviewed_pts = 0 WHERE assessment_id = $A1;
INSERT INTO input_value VALUES ($A2, 'head_discipline', 'triggered', '1');"
"$BIN" dashboard --year $Y --province 04 >d2.json 2>/dev/null
"$BIN" dashboard --year $Y --province 04 --public >d3.json 2>/dev/null
eq "dash: shared evidence flagged for both communes" \
	"$(jq -r '[.integrity_flags[] | select(.kind == "shared-evidence") | .unit] | join(",")' d2.json)" \
	"$(q "SELECT group_concat(unit_code, ',') FROM (SELECT DISTINCT a.unit_code FROM evidence e JOIN assessment a ON a.id = e.assessment_id WHERE a.year = $Y AND e.sha256 IN (SELECT e2.sha256 FROM evidence e2 JOIN assessment a2 ON a2.id = e2.assessment_id WHERE a2.year = $Y GROUP BY e2.sha256 HAVING count(DISTINCT a2.unit_code) > 1) ORDER BY a.unit_code) AS s")"
eq "dash: review gap flagged" "$(jq -r '[.integrity_flags[] | select(.kind == "review-gap") | .unit] | join(",")' d2.json)" "$C"
eq "dash: jumps of >= 20 points" "$(jq '[.integrity_flags[] | select(.kind == "jump")] | length' d2.json)" \
	"$(q "SELECT count(*) FROM assessment a JOIN assessment p ON p.unit_code = a.unit_code AND p.year = a.year - 1 WHERE a.year = $Y AND a.province_code = '04' AND abs(a.total_pts - p.total_pts) >= 2000")"
eq "dash: gate failures" "$(jq -r '[.gate_failures[] | "\(.code)=\(.n)"] | join(",")' d2.json)" "head_discipline=1"
# Weakest indicators: share of communes below half of the max, per indicator,
# with the maxima from the rule set and the effective points in SQL.
"$BIN" rules show qd25-2021 --format json | jq -r '.criteria[].indicators[] | "\(.code) \(.max * 100 | floor)"' >max.txt
got=$(jq -r '.weakest_indicators[] | "\(.item)=\(.below)/\(.n)"' d2.json | sort | tr '\n' ' ')
want=$(while read -r code max; do
	q "SELECT '$code=' || sum(COALESCE(v.reviewed_pts, v.self_pts, v.computed_pts) * 2 < $max) || '/' || count(*) FROM indicator_value v JOIN assessment a ON a.id = v.assessment_id WHERE a.year = $Y AND a.province_code = '04' AND v.item_code = '$code' AND COALESCE(v.reviewed_pts, v.self_pts, v.computed_pts) IS NOT NULL"
done <max.txt | sort | tr '\n' ' ')
eq "dash: weakest indicators (below half, per indicator)" "$got" "$want"
eq "dash: weakest indicator first" "$(jq -r '.weakest_indicators[0].below' d2.json)" "$(jq '[.weakest_indicators[].below] | max' d2.json)"
eq "dash --public: no integrity flags" "$(jq 'has("integrity_flags")' d3.json)" "false"
# Early warning: a 2026 (draft-stage) commune with no indicator met.
A3=$(q "SELECT id FROM assessment WHERE year = 2026 ORDER BY unit_code LIMIT 1")
U3=$(q "SELECT unit_code FROM assessment WHERE id = $A3")
q "UPDATE indicator_value SET computed_pts = 0 WHERE assessment_id = $A3"
"$BIN" dashboard --year 2026 --province 04 >d4.json 2>/dev/null
eq "dash: early warning per criterion below half" \
	"$(jq -r "[.early_warnings[] | select(.unit == \"$U3\")] | length" d4.json)" \
	"$("$BIN" rules show qd27-2025 --format json | jq '.criteria | length')"

# Early warning on a gate: a 2024 commune put back to "submitted" (figures
# not yet appraised) with the qd25-2021 gate triggered ("1.00"); another
# one with the gate written "0.00" (not triggered) warns nothing.
A4=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 6")
A5=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 7")
U4=$(q "SELECT unit_code FROM assessment WHERE id = $A4")
S4=$(q "SELECT status FROM assessment WHERE id = $A4")
S5=$(q "SELECT status FROM assessment WHERE id = $A5")
q "UPDATE assessment SET status = 'submitted' WHERE id IN ($A4, $A5);
INSERT INTO input_value VALUES ($A4, 'head_discipline', 'triggered', '1.00');
INSERT INTO input_value VALUES ($A5, 'head_discipline', 'triggered', '0.00');"
"$BIN" dashboard --year $Y --province 04 >d5.json 2>/dev/null
eq "dash: early warning on a triggered gate (figures not yet appraised)" \
	"$(jq -r '[.early_warnings[] | select(.kind == "gate") | .unit] | join(",")' d5.json)" \
	"$(q "SELECT group_concat(unit_code, ',') FROM (SELECT a.unit_code FROM assessment a JOIN input_value i ON i.assessment_id = a.id AND i.field = 'triggered' WHERE a.year = $Y AND a.province_code = '04' AND a.status IN ('draft', 'signed', 'submitted', 'returned') AND i.value NOT IN ('0', '0.0', '0.00') ORDER BY a.unit_code) AS w")"
eq "dash: the warned gate is the triggered one" "$U4" \
	"$(jq -r '[.early_warnings[] | select(.kind == "gate") | .unit] | join(",")' d5.json)"
eq "dash: gate written 0.00 is not a gate failure" "$(jq -r '[.gate_failures[] | "\(.code)=\(.n)"] | join(",")' d5.json)" "head_discipline=2"
q "UPDATE assessment SET status = '$S4' WHERE id = $A4; UPDATE assessment SET status = '$S5' WHERE id = $A5"

# ---- pilot communes against the rest = independent SQL ----
# A pilot in year Y: listed as 'pilot' by a plan of Y or earlier (not
# cancelled), or a successor of one through unit_lineage.
pilot_sql() { # YEAR -> "pilot|assessed|recognised|share|mean" per group, pilot first
	q "WITH RECURSIVE p(v, c) AS (SELECT pp.vintage, pp.unit_code FROM plan_pilot pp, plan pl WHERE pl.id = pp.plan_id AND pp.kind = 'pilot' AND pl.status <> 'cancelled' AND pl.year <= $1 UNION SELECT l.new_vintage, l.new_code FROM unit_lineage l, p WHERE l.old_vintage = p.v AND l.old_code = p.c)
	SELECT g || '|' || count(*) || '|' || sum(status = 'recognised') || '|' || printf('%.2f', round(100.0 * sum(status = 'recognised') / count(*), 2)) || '|' || CAST(round(avg(total_pts)) AS INTEGER)
	FROM (SELECT CASE WHEN (a.vintage || '/' || a.unit_code) IN (SELECT v || '/' || c FROM p) THEN 1 ELSE 0 END AS g, a.status, a.total_pts FROM assessment a WHERE a.year = $1 AND a.province_code = '04') AS x GROUP BY g ORDER BY g DESC"
}
for py in 2018 2022 2025; do
	"$BIN" dashboard --year $py --province 04 >p$py.json 2>/dev/null
	eq "dash: pilot vs rest $py = SQL" \
		"$(jq -r '.pilot | "1|\(.pilot.assessed)|\(.pilot.recognised)|\(.pilot.share_percent)|\(.pilot.mean_total)", "0|\(.rest.assessed)|\(.rest.recognised)|\(.rest.share_percent)|\(.rest.mean_total)"' p$py.json | tr '\n' ' ')" \
		"$(pilot_sql $py | tr '\n' ' ')"
done
eq "dash: pilot communes exist in the demo (2018)" "$(jq .pilot.available p2018.json)" true
eq "dash: the two 2018 pilot communes" "$(jq .pilot.pilot.assessed p2018.json)" 2
"$BIN" dashboard --year 2017 --province 04 >p2017.json 2>/dev/null
eq "dash: no pilot before the first pilot plan (2017)" "$(jq .pilot.available p2017.json)" false
"$BIN" dashboard --year 2018 --province 04 --chart thi-diem >td.svg 2>/dev/null
check "chart thi-diem: well-formed SVG" xmllint --noout td.svg
eq "chart thi-diem: the pilot bar carries the SQL share" \
	"$(grep -o '<title>Xã thí điểm ([0-9]* xã): [0-9,]*%</title>' td.svg)" \
	"<title>Xã thí điểm ($(jq .pilot.pilot.assessed p2018.json) xã): $(jq -r .pilot.pilot.share_percent p2018.json | tr . ,)%</title>"
"$BIN" dashboard --year 2018 --province 04 --chart thi-diem-diem >tdd.svg 2>/dev/null
want=$(pilot_sql 2018 | sed -n 's/^0|\([0-9]*\)|.*|\([0-9]*\)$/\1 \2/p')
eq "chart thi-diem-diem: the rest's mean total = SQL" \
	"$(grep -o '<title>Các xã còn lại ([0-9]* xã): [0-9,]* điểm</title>' tdd.svg)" \
	"<title>Các xã còn lại (${want% *} xã): $(echo "${want#* }" | sed 's/\(..\)$/,\1/') điểm</title>"

# ---- review gaps by reviewer = independent SQL ----
# Two reviewers on three dossiers of 2024: r1 cuts 12 points on one dossier
# and 2 on another, r2 adds 5 on a third.
R1=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 3")
R2=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 4")
R3=$(q "SELECT id FROM assessment WHERE year = $Y AND province_code = '04' ORDER BY unit_code LIMIT 1 OFFSET 5")
q "UPDATE indicator_value SET self_pts = computed_pts WHERE assessment_id IN ($R1, $R2, $R3);
INSERT INTO review_item SELECT assessment_id, item_code, self_pts - 600, '', 'user:r1', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $R1 AND item_code IN ('1.1', '2.1');
INSERT INTO review_item SELECT assessment_id, item_code, self_pts - 200, '', 'user:r1', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $R2 AND item_code = '1.1';
INSERT INTO review_item SELECT assessment_id, item_code, self_pts + 500, 'thêm', 'user:r2', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $R3 AND item_code = '3.1';
INSERT INTO review_item SELECT assessment_id, item_code, NULL, 'chỉ nhận xét', 'user:r2', '2025-02-01T00:00:00Z' FROM indicator_value WHERE assessment_id = $R3 AND item_code = '1.1';"
"$BIN" dashboard --year $Y --province 04 >d6.json 2>/dev/null
"$BIN" dashboard --year $Y --province 04 --public >d7.json 2>/dev/null
eq "dash: gaps by reviewer = SQL" \
	"$(jq -r '.review_gaps_by_reviewer[] | "\(.reviewer)|\(.dossiers)|\(.large)|\(.mean_gap)|\(.max_gap)|\(.mean_signed_gap)"' d6.json | tr '\n' ' ')" \
	"$(q "SELECT who || '|' || count(*) || '|' || sum(abs(gap) >= 1000) || '|' || CAST(round(avg(abs(gap))) AS INTEGER) || '|' || max(abs(gap)) || '|' || CAST(round(avg(gap)) AS INTEGER) FROM (SELECT r.reviewer AS who, sum(v.self_pts) - sum(r.reviewed_pts) AS gap FROM review_item r, indicator_value v, assessment a WHERE v.assessment_id = r.assessment_id AND v.item_code = r.item_code AND a.id = r.assessment_id AND a.year = $Y AND a.province_code = '04' AND r.reviewed_pts IS NOT NULL AND v.self_pts IS NOT NULL GROUP BY r.reviewer, r.assessment_id) AS x GROUP BY who ORDER BY avg(abs(gap)) DESC, who" | tr '\n' ' ')"
eq "dash: reviewer r1: 2 dossiers, 1 large, mean 7, max 12" \
	"$(jq -r '.review_gaps_by_reviewer[] | select(.reviewer == "user:r1") | "\(.dossiers) \(.large) \(.mean_gap) \(.max_gap)"' d6.json)" "2 1 700 1200"
eq "dash: reviewer r2 raised points (negative signed gap)" \
	"$(jq -r '.review_gaps_by_reviewer[] | select(.reviewer == "user:r2") | .mean_signed_gap' d6.json)" "-500"
eq "dash --public: no per-reviewer gaps" "$(jq 'has("review_gaps_by_reviewer")' d7.json)" false

# ---- charts ----
for c in ty-le xu-huong pho-diem chi-tieu-yeu o-xa thi-diem thi-diem-diem; do
	"$BIN" dashboard --year $Y --province 04 --chart $c >$c.svg 2>/dev/null
	check "chart $c: well-formed SVG" xmllint --noout $c.svg
done
check "chart xu-huong: says which boundaries" grep -q "địa giới hiện nay" xu-huong.svg
eq "dash: decided per year" "$(jq -r '[.trend_historical[] | "\(.year)=\(.decided)"] | join(",")' d.json)" \
	"$(q "SELECT group_concat(y, ',') FROM (SELECT year || '=' || sum(status IN ('recognised', 'not_recognised')) AS y FROM assessment WHERE province_code = '04' GROUP BY year ORDER BY year) AS d")"
"$BIN" dashboard --year 2026 --province 04 --chart xu-huong >xh26.svg 2>/dev/null
eq "chart xu-huong: no point for 2026 (no decision yet)" "$(grep -o '– 2026:' xh26.svg | wc -l | tr -d ' ')" 0
eq "chart xu-huong: 2025 on both lines" "$(grep -o '– 2025:' xh26.svg | wc -l | tr -d ' ')" 2
eq "chart o-xa: one tile per scored commune" "$(grep -o 'class="tile"' o-xa.svg | wc -l)" \
	"$(q "SELECT count(*) FROM assessment WHERE year = $Y AND province_code = '04' AND total_pts IS NOT NULL")"
"$BIN" dashboard --year $Y --province 4x >out.txt 2>&1
eq "dashboard: bad province exit 2" "$?" 2

# ---- web: the same figures over HTTP, charts, downloads behind login ----
W=$(db_new "$T/web.db")
db_demo "$BIN" "$W" >/dev/null 2>&1
"$BIN" serve --db "$W" --listen 127.0.0.1:0 >srv.out 2>srv.err &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)\/$/\1/p' srv.out)
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
check "web: server started" test -n "$url"
"$BIN" dashboard --db "$W" --year $Y --province 04 --public >cli.json 2>/dev/null
eq "web: dashboard page 200" "$(curl -s -o page.html -w '%{http_code}' "$url/bang-dieu-khien?year=$Y&province=04")" 200
check "web: page has inline SVG charts" test "$(grep -c '<svg' page.html)" -ge 4
check "web: page says which boundaries" has page.html "theo địa giới hiện nay"
check "web: page says there is no map data" has page.html "Không có dữ liệu ranh giới hành chính được cấp phép"
check "web: no inline script" sh -c "! grep -q '<script>' page.html"
curl -s "$url/api/v1/dashboard?year=$Y&province=04" >api.json
eq "web: API = CLI (public)" "$(jq -S . api.json | md5sum)" "$(jq -S . cli.json | md5sum)"
eq "web: public API has no integrity flags" "$(jq 'has("integrity_flags")' api.json)" false
eq "web: chart SVG type" "$(curl -s -o ch.svg -w '%{content_type}' "$url/bang-dieu-khien/chart/pho-diem.svg?year=$Y&province=04")" "image/svg+xml; charset=utf-8"
check "web: chart SVG well-formed" xmllint --noout ch.svg
eq "web: unknown chart 404" "$(curl -s -o /dev/null -w '%{http_code}' "$url/bang-dieu-khien/chart/x.svg?year=$Y")" 404
eq "web: bad year 400" "$(curl -s -o /dev/null -w '%{http_code}' "$url/bang-dieu-khien?year=abc")" 400
eq "web: /bao-cao without a unit offers a chooser (200)" "$(curl -s -o ch.html -w '%{http_code}' "$url/bao-cao")" 200
check "web: ... with the year and unit fields" sh -c "grep -q '<input id=\"year\" name=\"year\"' ch.html && grep -q '<input id=\"unit\" name=\"unit\"' ch.html"
eq "web: a bad unit is 400" "$(curl -s -o ch.html -w '%{http_code}' "$url/bao-cao?year=$Y&unit=1")" 400
check "web: ... with the message under the unit field" has ch.html 'id="loi-unit">Mã đơn vị không hợp lệ'
check "web: ... keeping what was typed" has ch.html 'value="1" aria-invalid="true"'
eq "web: report page lists buttons" "$(curl -s "$url/bao-cao?year=$Y&unit=04" | grep -c 'bao-cao/tai-ve')" 4
eq "web: download needs login" "$(curl -s -o /dev/null -w '%{http_code}' "$url/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=$C&format=pdf")" 303
printf 'mat-khau-kiem-thu-1\n' | "$BIN" user add --db "$W" --login tdinh --role reviewer --unit 04 --password-stdin >/dev/null 2>&1
printf 'mat-khau-kiem-thu-1\n' | "$BIN" user add --db "$W" --login xa --role commune --unit "$C" --password-stdin >/dev/null 2>&1
curl -s -c rv.jar -H 'Content-Type: application/json' -d '{"login":"tdinh","password":"mat-khau-kiem-thu-1"}' "$url/api/v1/session" >/dev/null
curl -s -c cm.jar -H 'Content-Type: application/json' -d '{"login":"xa","password":"mat-khau-kiem-thu-1"}' "$url/api/v1/session" >/dev/null
curl -s -b rv.jar -o web.pdf "$url/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=$C&format=pdf"
pdftotext web.pdf web.txt 2>/dev/null
check "web: reviewer downloads the score sheet PDF" has web.txt "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU"
curl -s -b rv.jar -o web.csv "$url/bao-cao/tai-ve?kind=province-summary&year=$Y&unit=04&format=csv"
"$BIN" export scores --db "$W" --year $Y --unit 04 --format csv >webexp.csv 2>/dev/null
check "web: downloaded summary CSV = export scores" cmp web.csv webexp.csv
eq "web: reviewer sees integrity flags" "$(curl -s -b rv.jar "$url/api/v1/dashboard?year=$Y&province=04" | jq 'has("integrity_flags")')" true
other=$(db_sql "$W" "SELECT unit_code FROM assessment WHERE year = $Y AND unit_code <> '$C' LIMIT 1")
eq "web: commune cannot download another commune" "$(curl -s -b cm.jar -o /dev/null -w '%{http_code}' "$url/bao-cao/tai-ve?kind=score-sheet&year=$Y&unit=$other&format=pdf")" 404
eq "web: commune's province summary holds only itself" "$(curl -s -b cm.jar "$url/bao-cao/tai-ve?kind=province-summary&year=$Y&unit=04&format=csv" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" "$C "
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
