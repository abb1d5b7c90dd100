#!/bin/sh
# End-to-end checks of the report writers through `tiepcan report --sample`:
# the XLSX is unzipped and its XML checked, the PDF is read back with poppler
# (pdftotext, pdfinfo, pdffonts, pdftoppm), the CSV is compared byte for byte.
# Usage: sh tests/suite-report.sh BUILD/tiepcan
set -u
BIN=${1:-build/tiepcan}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { # name command...
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name"; fi
}
nfc() { uconv -f utf-8 -t utf-8 -x any-nfc; }
# has FILE TEXT: FILE (NFC, lines joined, spaces squeezed) contains TEXT (NFC).
has() {
	want=$(printf '%s' "$2" | nfc)
	nfc <"$1" | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$want"
}

cd "$T" || exit 1

# ---- XLSX ----
check "xlsx: written" "$BIN" report --sample --format xlsx -o s.xlsx
unzip -p s.xlsx xl/sharedStrings.xml >strings.xml 2>/dev/null
unzip -p s.xlsx xl/worksheets/sheet1.xml >sheet.xml 2>/dev/null
unzip -p s.xlsx xl/workbook.xml >wb.xml 2>/dev/null
unzip -p s.xlsx xl/styles.xml >styles.xml 2>/dev/null
for s in "Bảng tổng hợp điểm số của các tiêu chí, chỉ tiêu" "Xã Sóc Hà" \
	"Đạt chuẩn tiếp cận pháp luật" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" \
	"Độc lập - Tự do - Hạnh phúc" "Cao Bằng, ngày 05 tháng 01 năm 2019" "Mẫu 02" \
	"Điểm thẩm định" "niêm yết công khai \"đầy đủ\" &amp; kịp thời"; do
	check "xlsx: shared string '$s'" has strings.xml "$s"
done
# Row 11 is the first data row (1 form no., 2 masthead, 1 place/date, blank,
# title, subtitle, blank, header row 9, group row 10). Numbers are numbers.
check "xlsx: STT is a number" grep -q '<c r="A11" s="[0-9]*"><v>1</v></c>' sheet.xml
check "xlsx: points are numbers" grep -q '<c r="G11" s="[0-9]*"><v>1.75</v></c>' sheet.xml
check "xlsx: percent is a fraction" grep -q '<c r="E12" s="[0-9]*"><v>0.9875</v></c>' sheet.xml
check "xlsx: date is a date serial" grep -q '<c r="H11" s="[0-9]*"><v>43435</v></c>' sheet.xml
check "xlsx: number formats 0.00, 0.00%, dd/mm/yyyy" sh -c \
	"grep -q 'formatCode=\"0.00\"' styles.xml && grep -q 'formatCode=\"0.00%\"' styles.xml && grep -q 'formatCode=\"dd/mm/yyyy\"' styles.xml"
check "xlsx: header row repeated when printing" grep -q \
	"_xlnm.Print_Titles\" localSheetId=\"0\">'Bảng điểm Xã Sóc Hà 2018'!\$9:\$9<" wb.xml
check "xlsx: sheet name sanitised" grep -q '<sheet name="Bảng điểm Xã Sóc Hà 2018"' wb.xml
check "xlsx: panes frozen under the header" grep -q '<pane ySplit="9" topLeftCell="A10" [^>]*state="frozen"' sheet.xml
check "xlsx: A4, fit to page width, portrait" grep -q '<pageSetup paperSize="9" fitToHeight="0" orientation="portrait"' sheet.xml
check "xlsx: fit to page enabled" grep -q '<pageSetUpPr fitToPage="1"/>' sheet.xml
check "xlsx: page numbers in the footer" grep -q 'Trang &amp;P/&amp;N' sheet.xml
check "xlsx: group row merged across the table" grep -q '<mergeCell ref="A10:I10"/>' sheet.xml
"$BIN" report --sample --format xlsx --landscape -o l.xlsx
check "xlsx: landscape" sh -c "unzip -p l.xlsx xl/worksheets/sheet1.xml | grep -q 'orientation=\"landscape\"'"

# ---- PDF ----
check "pdf: written" "$BIN" report --sample --format pdf -o s.pdf
pdftotext -layout s.pdf all.txt 2>/dev/null
pdftotext -f 2 -l 2 s.pdf p2.txt 2>/dev/null
for s in "Bảng tổng hợp điểm số của các tiêu chí, chỉ tiêu" "Xã Sóc Hà" \
	"Đạt chuẩn tiếp cận pháp luật" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" \
	"Độc lập - Tự do - Hạnh phúc" "Cao Bằng, ngày 05 tháng 01 năm 2019" \
	"Giá trị tạm tính (provisional)" "Nông Văn Đức" "TM. ỦY BAN NHÂN DÂN" \
	"98,75%" "01/12/2018" "Tổng cộng"; do
	check "pdf: text '$s'" has all.txt "$s"
done
pages=$(pdfinfo s.pdf 2>/dev/null | sed -n 's/^Pages: *//p')
check "pdf: at least 2 pages ($pages)" test "${pages:-0}" -ge 2
check "pdf: A4" sh -c "pdfinfo s.pdf | grep -q '^Page size:.*(A4)'"
check "pdf: page numbers Trang 1/$pages and Trang $pages/$pages" sh -c \
	"grep -q 'Trang 1/$pages' all.txt && grep -q 'Trang $pages/$pages' all.txt"
check "pdf: header row repeated on page 2" has p2.txt "Điểm thẩm định"
check "pdf: DejaVu font embedded" sh -c "pdffonts s.pdf | grep DejaVu | grep -q ' yes '"
check "pdf: page 1 renders to PNG" sh -c \
	"pdftoppm -r 50 -png -f 1 -l 1 s.pdf page && head -c 8 page-1.png | od -An -c | grep -q 'P   N   G'"
"$BIN" report --sample --format pdf --landscape --rows 2 -o l.pdf
check "pdf: landscape A4, one page for 2 rows" sh -c \
	"pdfinfo l.pdf | grep -q 'Page size: *841.89 x 595.276 pts (A4)' && pdfinfo l.pdf | grep -q '^Pages: *1$'"

# ---- CSV ----
{
	printf '\357\273\277'
	cat <<'EOF'
STT,Chỉ tiêu,Nội dung,Điểm tối đa,Tỷ lệ,Điểm tự chấm,Điểm thẩm định,Ngày cập nhật,Người phụ trách
Tiêu chí 1 (dữ liệu mẫu),,,,,,,,
1,1.1,"Nội dung chỉ tiêu 1.1 (dữ liệu mẫu): tỷ lệ hồ sơ được giải quyết đúng hạn, niêm yết công khai ""đầy đủ"" & kịp thời; văn bản dài để kiểm tra việc xuống dòng trong ô của bảng khi in ra giấy khổ A4",2.00,100.00,2.00,1.75,2018-12-01,Hoàng Thị Hằng
2,1.2,"Nội dung chỉ tiêu 1.2 (dữ liệu mẫu): tỷ lệ hồ sơ được giải quyết đúng hạn, niêm yết công khai ""đầy đủ"" & kịp thời",2.50,98.75,2.25,2.25,2018-12-02,Nguyễn Văn Ánh
,,Tổng cộng,,,4.25,4.00,,
EOF
} >want.csv
"$BIN" report --sample --format csv --rows 2 -o s.csv
check "csv: exact bytes (BOM, quoting, LF)" cmp s.csv want.csv
"$BIN" report --sample --format csv --rows 2 --no-bom -o - >nobom.csv
check "csv: --no-bom to stdout" sh -c "tail -c +4 want.csv | cmp - nobom.csv"

# ---- SVG ----
for k in bar-h bar-v line hist tiles; do
	"$BIN" report --sample --format svg --chart $k -o $k.svg
	check "svg $k: one accessible svg element" sh -c \
		"grep -c '<svg ' $k.svg | grep -qx 1 && grep -q 'role=\"img\" aria-label=\"Tổng điểm theo xã' $k.svg && tail -c 7 $k.svg | grep -q '</svg>'"
done
check "svg: hostile label escaped" sh -c \
	"grep -q 'Xã &lt;Thử&gt; &amp; &quot;Kiểm&quot;' bar-h.svg && ! grep -q '<Thử>' bar-h.svg"

# ---- bad input: exit 2, nothing on stdout, no file ----
bad() { # name args...
	name=$1
	shift
	"$BIN" report --sample "$@" >out.txt 2>err.txt
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s out.txt ] && [ -s err.txt ]; then ok "$name"; else ko "$name (rc $rc)"; fi
}
bad "bad format" --format doc -o x.doc
bad "bad rows" --format pdf --rows 0 -o x.pdf
bad "rows not a number" --format pdf --rows 3x -o x.pdf
bad "missing -o" --format csv
bad "xlsx to stdout" --format xlsx -o -
bad "bad chart" --format svg --chart pie -o x.svg
check "no file left by bad input" sh -c "! ls x.* 2>/dev/null | grep -q ."
"$BIN" report --sample --format pdf -o "$T/missing/dir/x.pdf" >out.txt 2>err.txt
rc=$?
if [ $rc -eq 1 ] && [ ! -s out.txt ] && grep -q 'missing/dir' err.txt; then
	ok "unwritable path: exit 1 with the path in the message"
else
	ko "unwritable path (rc $rc)"
fi
check "--help names the future command" sh -c "'$BIN' report --sample --help | grep -q 'tiepcan report KIND'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
