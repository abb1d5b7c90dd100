#!/bin/sh
# tests/suite-cases.sh BIN [CASE...] — runs the data-driven cases in
# tests/cases/*.case against BIN (format: tests/cases/README.md) and prints
# "N passed, N failed". Exit status 1 if any case failed.
#
# POSIX sh + awk; python3 only to compare JSON (stdout-json, stdout-json-match).
set -u
bin=${1:?usage: sh tests/suite-cases.sh BIN [CASE...]}
shift
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$(dirname "$0")/.." || exit 1
[ $# -gt 0 ] || set -- tests/cases/*.case

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# JSON comparison: "exact" (after normalising) or "match" (every key of the
# expected objects must be present and equal; arrays of objects with a
# "code" are matched by code, other arrays by position and length).
cat >"$tmp/jsoncmp.py" <<'EOF'
import json, sys
mode, exp_path, got_path = sys.argv[1:4]
try:
    exp = json.load(open(exp_path, encoding="utf-8"))
except Exception as e:
    print("bad expected JSON in the case: %s" % e); sys.exit(2)
try:
    got = json.load(open(got_path, encoding="utf-8"))
except Exception as e:
    print("stdout is not JSON: %s" % e); sys.exit(1)
def match(e, g, path):
    if isinstance(e, dict):
        if not isinstance(g, dict):
            return "%s: expected an object" % path
        for k, v in e.items():
            if k not in g:
                return "%s.%s: missing" % (path, k)
            m = match(v, g[k], path + "." + k)
            if m: return m
        return None
    if isinstance(e, list):
        if not isinstance(g, list):
            return "%s: expected an array" % path
        if e and all(isinstance(x, dict) and "code" in x for x in e):
            by = {x.get("code"): x for x in g if isinstance(x, dict)}
            for x in e:
                if x["code"] not in by:
                    return "%s[code=%s]: missing" % (path, x["code"])
                m = match(x, by[x["code"]], "%s[%s]" % (path, x["code"]))
                if m: return m
            return None
        if len(e) != len(g):
            return "%s: expected %d elements, got %d" % (path, len(e), len(g))
        for i, (x, y) in enumerate(zip(e, g)):
            m = match(x, y, "%s[%d]" % (path, i))
            if m: return m
        return None
    if e != g or type(e) is bool and type(g) is not bool:
        return "%s: expected %s, got %s" % (path, json.dumps(e, ensure_ascii=False),
                                            json.dumps(g, ensure_ascii=False))
    return None
if mode == "exact":
    a = json.dumps(exp, sort_keys=True, ensure_ascii=False)
    b = json.dumps(got, sort_keys=True, ensure_ascii=False)
    if a != b:
        print("JSON differs:\n  expected %s\n  got      %s" % (a, b)); sys.exit(1)
else:
    m = match(exp, got, "$")
    if m:
        print(m); sys.exit(1)
EOF

# Every non-empty line of file $1 occurs in file $2.
contains_all() {
	while IFS= read -r l || [ -n "$l" ]; do
		[ -z "$l" ] || grep -qF -e "$l" "$2" || return 1
	done <"$1"
}

# Splits a case file into DIR/<section> files (the description is skipped).
split_case() { # file dir
	LC_ALL=C awk -v dir="$2" '
		/^--- [a-z-]+[ \t\r]*$/ { sub(/[ \t\r]+$/, ""); out = dir "/s." substr($0, 5);
			printf "" > out; next }
		out != "" { print >> out }
	' "$1"
}

passed=0
failed=0
for c in "$@"; do
	d="$tmp/case"
	rm -rf "$d"
	mkdir -p "$d/rules"
	split_case "$c" "$d"
	why=""
	if [ ! -f "$d/s.args" ]; then
		why="no '--- args' section"
	else
		[ -f "$d/s.rules" ] && cp "$d/s.rules" "$d/rules/case.rules"
		args=$(sed -e "s#@RULES_DIR@#$d/rules#g" -e "s#@FILE@#$d/s.file#g" "$d/s.args")
		stdin_file=/dev/null
		[ -f "$d/s.stdin" ] && stdin_file="$d/s.stdin"
		# shellcheck disable=SC2086 # args are words by design
		"$bin" $args <"$stdin_file" >"$d/out" 2>"$d/err"
		rc=$?
		want_rc=0
		[ -f "$d/s.exit" ] && want_rc=$(tr -d ' \r\n' <"$d/s.exit")
		if [ "$rc" != "$want_rc" ]; then
			why="exit status $rc, expected $want_rc"
		elif [ -f "$d/s.stdout" ] && ! cmp -s "$d/s.stdout" "$d/out"; then
			why="stdout differs:
$(diff "$d/s.stdout" "$d/out" | head -n 20)"
		elif [ -f "$d/s.stdout-json" ] && ! m=$(python3 "$tmp/jsoncmp.py" exact "$d/s.stdout-json" "$d/out"); then
			why=$m
		elif [ -f "$d/s.stdout-json-match" ] && ! m=$(python3 "$tmp/jsoncmp.py" match "$d/s.stdout-json-match" "$d/out"); then
			why=$m
		elif [ -f "$d/s.stdout-contains" ] && ! contains_all "$d/s.stdout-contains" "$d/out"; then
			why="stdout lacks: $(cat "$d/s.stdout-contains")"
		elif [ -f "$d/s.stderr" ] && ! cmp -s "$d/s.stderr" "$d/err"; then
			why="stderr differs: expected '$(cat "$d/s.stderr")', got '$(cat "$d/err")'"
		elif [ -f "$d/s.stderr-contains" ] && ! contains_all "$d/s.stderr-contains" "$d/err"; then
			why="stderr lacks '$(cat "$d/s.stderr-contains")': got '$(cat "$d/err")'"
		elif [ "$want_rc" != 0 ] && [ -s "$d/out" ]; then
			why="stdout must be empty on failure"
		fi
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $c: $why"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
