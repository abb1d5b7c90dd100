#!/bin/sh
# tests/suite-rules.sh BIN — end-to-end tests of `tiepcan rules`:
# list, show (JSON structure checked with python3, text), diff, --rules-dir
# replacing a built-in rule set, and errors (exit 2, nothing on stdout).
set -u
BIN=${1:?usage: suite-rules.sh BIN}
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_ok NAME CMD... : exit 0; stdout in $T/out
expect_ok() {
	name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok; else ko "$name (exit $?): $(cat "$T/err")"; fi
}

# expect_err NAME PATTERN CMD... : exit 2, empty stdout, stderr matches PATTERN
expect_err() {
	name=$1; pat=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -ne 2 ]; then ko "$name: exit $rc, want 2"; return; fi
	if [ -s "$T/out" ]; then ko "$name: stdout not empty"; return; fi
	if grep -q -- "$pat" "$T/err"; then ok; else ko "$name: stderr lacks '$pat': $(cat "$T/err")"; fi
}

# pycheck NAME FILE SCRIPT : runs python3 on the JSON in FILE (as `d`)
pycheck() {
	if python3 -c "import json,sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
$3" "$2" 2>"$T/pyerr"; then ok; else ko "$1: $(tail -n 3 "$T/pyerr")"; fi
}

# ---- list
expect_ok "list" "$BIN" rules list
cp "$T/out" "$T/list"
if [ "$(cut -f1 "$T/list" | tr '\n' ' ')" = "qd619-2017 qd25-2021 qd27-2025 " ]; then ok
else ko "list ids/order: $(cat "$T/list")"; fi
if awk -F '\t' 'NF != 3 || $3 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]$/ { bad = 1 } END { exit bad }' "$T/list"
then ok; else ko "list format ID<TAB>TITLE<TAB>FROM-TO"; fi
grep -q "^qd25-2021	.*	2022-2025$" "$T/list" && ok || ko "list qd25-2021 years"

# ---- show json: the key structure of every rule set
STRUCT='
assert set(d) >= {"id","title","basis","years","pass","criteria"}, d.keys()
assert isinstance(d["basis"], list) and d["basis"]
assert len(d["years"]) == 2 and all(isinstance(y, int) for y in d["years"])
p = d["pass"]
for k in ("total_min","total_min_by_class","criterion_min_fraction","gates"):
    assert k in p, k
for g in p["gates"]:
    assert set(g) >= {"code","title"}
for c in d["criteria"]:
    assert set(c) >= {"code","title","max","provisional","indicators"}, c.keys()
    assert isinstance(c["provisional"], bool)
    for i in c["indicators"]:
        assert set(i) >= {"code","title","max","kind","inputs","not_arising","provisional"}, i.keys()
        assert i["code"].startswith(c["code"] + ".")
        for x in i["inputs"]:
            assert set(x) >= {"name","type"}
        for s in i.get("subs", []):
            assert s["code"].startswith(i["code"] + ".")
            assert set(s) >= {"code","title","max","kind","provisional"}
'
for id in qd619-2017 qd25-2021 qd27-2025; do
	expect_ok "show $id" "$BIN" rules show "$id"
	cp "$T/out" "$T/$id.json"
	pycheck "show $id structure" "$T/$id.json" "$STRUCT
assert d['id'] == '$id'"
done

pycheck "qd25-2021 facts" "$T/qd25-2021.json" '
c = d["criteria"]
assert [x["code"] for x in c] == ["1","2","3","4","5"]
assert [len(x["indicators"]) for x in c] == [2,6,3,5,4]
assert [x["max"] for x in c] == [10,30,15,25,20]
assert d["years"] == [2022, 2025]
i11 = c[0]["indicators"][0]
assert i11["max"] == 3 and i11["kind"] == "sum" and i11["not_arising"] is True
assert [x["name"] for x in i11["inputs"]] == ["assigned","issued","unlawful_handled"]
assert [(s["code"], s["max"]) for s in i11["subs"]] == [("1.1.1",1),("1.1.2",2)]
assert i11["provisional"] is False
i12 = c[0]["indicators"][1]
assert i12["max"] == 7 and i12["provisional"] is True and i12["kind"] == "points"
assert all(i["provisional"] and i["max"] == 5 for x in c[1:] for i in x["indicators"])
p = d["pass"]
assert p["total_min"] == 80 and isinstance(p["total_min"], int)
assert p["criterion_min_fraction"] == 0.5 and p["total_min_by_class"] is None
assert [g["code"] for g in p["gates"]] == ["head_discipline"]
'
pycheck "qd619-2017 facts" "$T/qd619-2017.json" '
c = d["criteria"]
assert [x["max"] for x in c] == [15,30,25,10,20]
assert all(x["indicators"] == [] for x in c)
p = d["pass"]
assert p["total_min_by_class"] == {"I": 90, "II": 80, "III": 70}
assert p["criterion_min_fraction"] == 0.5 and p["total_min"] is None
assert len(p["gates"]) == 1 and p["gates"][0]["confidence"] == "medium"
assert d["years"] == [2017, 2021]
'
pycheck "qd27-2025 facts" "$T/qd27-2025.json" '
c = d["criteria"]
assert d["mode"] == "achievement"
assert [len(x["indicators"]) for x in c] == [3,7,4]
assert all(x["max"] is None for x in c)
codes = [i["code"] for x in c for i in x["indicators"]]
assert codes == ["1.1","1.2","1.3","2.1","2.2","2.3","2.4","2.5","2.6","2.7","3.1","3.2","3.3","3.4"], codes
subs = {i["code"]: [s["code"] for s in i["subs"]] for x in c for i in x["indicators"]}
assert subs["2.1"] == ["2.1.1","2.1.2"] and subs["2.4"] == ["2.4.1","2.4.2","2.4.3"]
assert subs["3.1"] == ["3.1.1","3.1.2"]
assert all(i["kind"] == "achievement" and i["max"] is None for x in c for i in x["indicators"])
assert all(i["confidence"] == "low" and i["provisional"] for x in c[1:] for i in x["indicators"])
assert d["pass"]["gates"] == [] and d["pass"]["all_met"] is True
'

# ---- show text
expect_ok "show text" "$BIN" rules show qd25-2021 --format text
grep -q "^Tiêu chí 1\. " "$T/out" && grep -q "Nguồn: " "$T/out" && grep -q "TẠM TÍNH" "$T/out" \
	&& ok || ko "text tree lacks criteria, citations or provisional marks"

# ---- exact numbers from hundredths (a rule set in --rules-dir)
mkdir "$T/num"
cat >"$T/num/n.rules" <<'EOR'
ruleset num-test
title Kiểm thử số
version 1
basis B
years 2040 2041
pass total_min 20.05
  cite c
  confidence high
criterion 1
  title C
  max 29.63
  cite c
  confidence high
indicator 1.1
  title I
  max 7,5
  kind ratio_bands done total
  input total count Tổng
  input done count Đã xong
  band 0 50 0.25
  band 50 * 7.5
  cite c
  confidence high
EOR
expect_ok "show num" "$BIN" rules show num-test --rules-dir "$T/num"
grep -q '"max": 29.63,' "$T/out" && grep -q '"max": 7.5,' "$T/out" && grep -q '"points": 0.25' "$T/out" \
	&& grep -q '"total_min": 20.05,' "$T/out" && ok || ko "numbers not exact: $(grep -E 'max|points|total_min' "$T/out")"

# ---- diff: one changed max
sed 's/^  max 7$/  max 6/' rules/qd25-2021.rules >"$T/changed.rules"
expect_ok "diff file" "$BIN" rules diff qd25-2021 "$T/changed.rules"
if [ "$(cat "$T/out")" = "~ indicator 1.2: max: 7 -> 6" ]; then ok; else ko "diff output: $(cat "$T/out")"; fi
expect_ok "diff same" "$BIN" rules diff qd25-2021 qd25-2021
[ -s "$T/out" ] && ko "diff of a set with itself not empty" || ok
expect_ok "diff regimes" "$BIN" rules diff qd25-2021 qd27-2025
grep -q '^~ ruleset: mode: points -> achievement$' "$T/out" && grep -q '^- gate head_discipline: ' "$T/out" \
	&& grep -q '^+ indicator 2.7: ' "$T/out" && grep -q '^- indicator 4.1: ' "$T/out" \
	&& ok || ko "diff qd25/qd27 misses changes"

# ---- --rules-dir replaces a built-in
mkdir "$T/dir"
sed 's/^title Xã, phường, thị trấn đạt chuẩn.*/title Bản địa phương/' rules/qd25-2021.rules >"$T/dir/local.rules"
expect_ok "list dir" "$BIN" rules list --rules-dir "$T/dir"
if [ "$(grep -c . "$T/out")" -eq 3 ] && grep -q "^qd25-2021	Bản địa phương	2022-2025$" "$T/out"; then ok
else ko "replacement not listed: $(cat "$T/out")"; fi
expect_ok "show dir" "$BIN" rules show qd25-2021 --rules-dir "$T/dir"
pycheck "replaced title" "$T/out" 'assert d["title"] == "Bản địa phương"'
expect_ok "diff dir" "$BIN" rules diff qd25-2021 rules/qd25-2021.rules --rules-dir "$T/dir"
grep -q '^~ ruleset: title: Bản địa phương -> ' "$T/out" && ok || ko "diff vs replaced: $(cat "$T/out")"

# ---- errors: exit 2, nothing on stdout
expect_err "show unknown" "known: qd619-2017, qd25-2021, qd27-2025" "$BIN" rules show qd99
expect_err "diff unknown" "unknown rule set 'nope'" "$BIN" rules diff qd25-2021 nope
expect_err "missing dir" "cannot open the rules directory" "$BIN" rules list --rules-dir "$T/none"
cp "$T/dir/local.rules" "$T/dir/other.rules"
expect_err "dup ids in dir" "local.rules and .*other.rules both define rule set 'qd25-2021'" \
	"$BIN" rules list --rules-dir "$T/dir"
rm "$T/dir/other.rules"
printf 'ruleset bad\ntitle T\nmax 3\n' >"$T/dir/bad.rules"
expect_err "broken file" "bad.rules:3: 'max' outside a block" "$BIN" rules show qd25-2021 --rules-dir "$T/dir"
rm "$T/dir/bad.rules"
expect_err "broken diff file" "x.rules:1: the first line" sh -c "echo 'title x' >'$T/x.rules'; '$BIN' rules diff qd25-2021 '$T/x.rules'"
expect_err "bad format" "--format must be json or text" "$BIN" rules show qd25-2021 --format xml
expect_err "no id" "give exactly one rule-set id" "$BIN" rules show
expect_err "diff one arg" "give two rule sets" "$BIN" rules diff qd25-2021
expect_err "bad subcommand" "unknown subcommand 'lst'" "$BIN" rules lst
expect_err "no subcommand" "give a subcommand" "$BIN" rules
expect_err "bad option" "unknown option '--colour'" "$BIN" rules list --colour
expect_err "option without value" "needs a value" "$BIN" rules list --rules-dir

# ---- --help everywhere
for sub in "" list show diff; do
	# shellcheck disable=SC2086
	expect_ok "help $sub" "$BIN" rules $sub --help
	grep -q "^usage: tiepcan rules" "$T/out" && ok || ko "help $sub has no usage line"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
