#!/bin/sh
# tests/memcheck.sh [BUILD] — `make test-memcheck`: the end-to-end suites
# (cases, rules, store, web, bad-inputs by default; MEMCHECK_SUITES to
# choose) with every run of the binary under valgrind memcheck.
#
# How: the suites take the binary as $1 and run "$BIN ..."; we hand them
# BUILD-memcheck/tiepcan, a two-line wrapper that execs
#   valgrind --leak-check=full --error-exitcode=99 --log-file=LOGS/vg.%p BUILD/tiepcan "$@"
# Exit code 99, not 1: 1 is a real exit status of tiepcan that suites
# expect for some inputs, so an error there would be masked. Every log file
# is checked afterwards as well: any "ERROR SUMMARY" other than 0 errors, or
# a definite/indirect leak, fails the run whatever the suite saw.
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build}
real=$(pwd)/$build/tiepcan
[ -x "$real" ] || { echo "memcheck: build $real first (make BUILD=$build)"; exit 1; }
command -v valgrind >/dev/null || { echo "memcheck: valgrind is missing (apt-get install valgrind)"; exit 1; }
wrap=$(pwd)/$build-memcheck
logs=$wrap/logs
rm -rf "$wrap"
mkdir -p "$logs"
chmod 1777 "$logs" # bad-inputs runs some commands as nobody
cat >"$wrap/tiepcan" <<EOW
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \\
	--show-leak-kinds=definite,indirect --error-exitcode=99 \\
	--suppressions=$(pwd)/tests/valgrind.supp --log-file=$logs/vg.%p "$real" "\$@"
EOW
chmod +x "$wrap/tiepcan"
pass=0
fail=0
for s in ${MEMCHECK_SUITES:-cases rules store web bad-inputs}; do
	BUILD=$build-memcheck sh "tests/suite-$s.sh" "$wrap/tiepcan" >"$logs/suite-$s.log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/suite-$s.log" | tail -n 1)
	echo "  memcheck suite-$s: ${line:-no summary} (exit $rc)"
	if [ $rc -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); grep FAIL "$logs/suite-$s.log" | head -20; fi
done
# Any valgrind report at all (-q prints only errors and leaks).
n=0
for f in "$logs"/vg.*; do
	[ -s "$f" ] || continue
	n=$((n + 1))
	[ $n -le 3 ] && { echo "---- $f"; head -n 40 "$f"; }
done
runs=$(ls "$logs"/vg.* 2>/dev/null | wc -l)
echo "memcheck: $runs runs of tiepcan under valgrind, $n with errors or leaks"
[ $n -eq 0 ] && pass=$((pass + 1)) || fail=$((fail + 1))
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
