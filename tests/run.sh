#!/bin/sh
# tests/run.sh BUILD_DIR... — runs every test suite against each build
# (normally the plain build and the ASan+UBSan build) and prints one closing
# line "total: N passed, N failed". Exit status 1 if anything failed.
#
# Suites:
#   BUILD/tests/test_*   cmocka unit tests (their own summary is parsed)
#   tests/suite-*.sh     scripts run as `sh tests/suite-X.sh BUILD/tiepcan`;
#                        each must end with the line "N passed, N failed"
set -u
cd "$(dirname "$0")/.." || exit 1

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Fontconfig (used by pango for PDF reports) keeps its process-wide caches
# partly as encoded offsets LeakSanitizer cannot follow; suppress exactly the
# stacks through it. Leaks in our code, cairo or pango are still reported.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"

total_pass=0
total_fail=0
failed_suites=""
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

add() { # suite-name passed failed
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	[ "$3" -eq 0 ] || failed_suites="$failed_suites $1"
	printf '  %-44s %5d passed, %d failed\n' "$1" "$2" "$3"
}

run_unit() { # build binary
	log="$log_dir/unit.log"
	"$2" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	[ "$f" -eq 0 ] || { echo "---- $1 $(basename "$2") output:"; cat "$log"; }
	add "$1 $(basename "$2")" "$p" "$f"
}

run_suite() { # build script
	log="$log_dir/suite.log"
	BUILD="$1" sh "$2" "$1/tiepcan" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	[ "$f" -eq 0 ] || { echo "---- $1 $(basename "$2") output:"; cat "$log"; }
	add "$1 $(basename "$2" .sh)" "$p" "$f"
}

for build in "$@"; do
	echo "== $build"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] && run_unit "$build" "$t"
	done
	for s in tests/suite-*.sh; do
		[ -f "$s" ] && run_suite "$build" "$s"
	done
done

[ -z "$failed_suites" ] || echo "failed suites:$failed_suites"
echo "total: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
