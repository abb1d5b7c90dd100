#!/bin/sh
# tests/suite-bench.sh BIN — smoke test of the benchmark harness: runs
# `bench/run --quick` with BIN and checks that the results exist, parse and
# hold every figure. It never passes or fails on speed (the machine running
# the tests is shared and its figures mean nothing). Plain builds only: a
# sanitizer build's timings are not what the harness is for.
set -u
bin=${1:-build/tiepcan}
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # NAME COMMAND...
	n=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else ko "$n"; fi
}

case ${BUILD:-$(dirname "$bin")} in
*asan*|*san*) echo "bench smoke test: plain builds only, skipped for ${BUILD:-$bin}"
	echo "0 passed, 0 failed"; exit 0 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sh bench/run --quick --no-install --bin "$bin" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc -eq 0 ] && ok || { ko "bench/run --quick exited $rc"; cat "$tmp/stderr"; }
check "quick.md written" test -s "$tmp/out/quick.md"
check "quick.json written" test -s "$tmp/out/quick.json"
check "stdout is the Markdown" cmp -s "$tmp/stdout" "$tmp/out/quick.md"
check "md names the CPU" grep -q '^- CPU: .' "$tmp/out/quick.md"
check "md has the table" grep -q '^| figure | value | reference | ratio | target | met? |$' "$tmp/out/quick.md"
check "md has the score row" grep -q '^| tiepcan score (JSON) on the national CSV | [0-9.]* s | awk' "$tmp/out/quick.md"
check "md has the import row" grep -q '^| tiepcan import scores (fresh database) | [0-9.]* s | sqlite3' "$tmp/out/quick.md"

# The JSON parses and holds every figure with sane values.
cat >"$tmp/check.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mode"] == "quick" and d["cpu"] and d["date"], "header"
assert d["data"]["rows"] > 1000 and d["data"]["commune_years"] > 100, "data"
f = {x["id"]: x for x in d["figures"]}
for k in ("score", "score_csv", "import", "rss_serve", "rss_import", "rss_score",
          "report_national-csv"):
    assert k in f, "missing figure " + k
for k in ("score", "score_csv", "import"):
    x = f[k]
    assert x["value"] > 0 and x["reference_value"] > 0, k
    assert abs(x["ratio"] - x["value"] / x["reference_value"]) < 0.02 * x["ratio"] + 0.01, k
    assert x["met"] in (True, False), k
http = [x for x in d["figures"] if x["id"].startswith("http_") and x["unit"] == "req/s"]
assert http, "no page was benchmarked"
for x in http:
    assert x["value"] > 0 and x["reference_value"] > 0 and x["met"] in (True, False), x["id"]
    assert x["id"] + "_p50" in f and x["id"] + "_p99" in f, x["id"]
    assert 0 < f[x["id"] + "_p50"]["value"] <= f[x["id"] + "_p99"]["value"], x["id"]
assert 1 < f["rss_serve"]["value"] < 4096 and f["rss_serve"]["met"] in (True, False)
assert f["report_national-csv"]["value"] > 0
EOF
if m=$(python3 "$tmp/check.py" "$tmp/out/quick.json" 2>&1); then ok; else ko "quick.json: $m"; fi

# The generator is deterministic and covers every year on the right list.
gen() {
	awk -v seed="$1" -v limit=5 -f bench/gen.awk rules/qd619-2017.rules rules/qd25-2021.rules \
		data/vn-admin-units-2020-02.csv data/vn-admin-units-2024.csv data/vn-admin-units-2025.csv
}
gen 7 >"$tmp/a.csv"
gen 7 >"$tmp/b.csv"
gen 8 >"$tmp/c.csv"
check "same seed, same bytes" cmp -s "$tmp/a.csv" "$tmp/b.csv"
check "another seed, other bytes" sh -c "! cmp -s '$tmp/a.csv' '$tmp/c.csv'"
years=$(sed 1d "$tmp/a.csv" | cut -d, -f2 | sort -u | tr '\n' ' ')
[ "$years" = "2017 2018 2019 2020 2021 2022 2023 2024 2025 " ] && ok || ko "years: $years"
# Each commune-year: 7 rows on qd619-2017 (class, 5 criteria, gate), 23 on
# qd25-2021 (3 inputs of 1.1, 19 indicators, gate).
per=$(sed 1d "$tmp/a.csv" | cut -d, -f1,2 | sort | uniq -c | awk '{ split($2, k, ","); print k[2], $1 }' | sort -u | tr '\n' ';')
[ "$per" = "2017 7;2018 7;2019 7;2020 7;2021 7;2022 23;2023 23;2024 23;2025 23;" ] && ok || ko "rows per sheet: $per"
# The data is valid: score and import accept all of it.
check "score accepts the data" "$bin" score --format csv "$tmp/a.csv"
"$bin" init --db "$tmp/g.db" >/dev/null 2>&1
check "import accepts the data" "$bin" import scores "$tmp/a.csv" --db "$tmp/g.db"

# Bad option: exit 2, message on stderr.
sh bench/run --bogus >"$tmp/o" 2>"$tmp/e"
[ $? -eq 2 ] && [ ! -s "$tmp/o" ] && grep -q "unknown option '--bogus'" "$tmp/e" && ok || ko "bad option"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
