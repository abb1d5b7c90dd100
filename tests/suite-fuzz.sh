#!/bin/sh
# Short fuzzing pass inside `make test`: every libFuzzer target for a few
# seconds over its committed corpus (the long run is `make fuzz`). Runs once,
# for the plain build only (the fuzz build has its own sanitizers).
set -u
cd "$(dirname "$0")/.." || exit 1
case "${BUILD:-build}" in
build) ;;
*) echo "0 passed, 0 failed"; exit 0 ;;
esac
if ! ls build-fuzz/fuzz/fuzz_* >/dev/null 2>&1; then
	echo "suite-fuzz: no fuzz targets built (make fuzz-bins BUILD=build-fuzz CC=clang SAN=fuzz)"
	echo "0 passed, 1 failed"
	exit 1
fi
exec tests/fuzz/run.sh build-fuzz "${FUZZ_SHORT_SECONDS:-3}"
