#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS — runs every libFuzzer target in BUILD/fuzz
# for SECONDS each over its committed corpus (tests/fuzz/corpus/NAME/), and
# prints the executions of each and "N passed, N failed" (a target fails if
# it finds a crash; the crashing input is left in tests/fuzz/crashes/).
# New interesting inputs go to a scratch corpus, not the committed one:
# minimise them with -merge=1 before committing.
# Every input that once crashed a target is kept in tests/fuzz/regressions/
# NAME/ and replayed first (a failure there fails the target at once).
set -u
cd "$(dirname "$0")/../.." || exit 1
build=${1:-build-fuzz}
secs=${2:-5}
pass=0
fail=0
mkdir -p tests/fuzz/crashes
for bin in "$build"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin" | sed 's/^fuzz_//')
	corpus="tests/fuzz/corpus/$name"
	scratch=$(mktemp -d)
	log=$(mktemp)
	mkdir -p "$corpus"
	regr="tests/fuzz/regressions/$name"
	if [ -d "$regr" ] && [ -n "$(ls -A "$regr")" ] &&
		! "$bin" -runs=1 "$regr"/* >"$log" 2>&1; then
		fail=$((fail + 1))
		echo "  fuzz $name FAILED on a regression input:"
		tail -n 40 "$log"
		rm -rf "$scratch" "$log"
		continue
	fi
	"$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
		-artifact_prefix="tests/fuzz/crashes/$name-" "$scratch" "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		printf '  fuzz %-20s %12s executions in %ss\n' "$name" "${execs:-?}" "$secs"
	else
		fail=$((fail + 1))
		echo "  fuzz $name FAILED:"
		tail -n 40 "$log"
	fi
	rm -rf "$scratch" "$log"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
