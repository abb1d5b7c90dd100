#!/bin/sh
# tests/suite-browser.sh BIN — real-browser tests (tests/browser/, README
# there). Runs only for the plain build (BUILD=build): it is slow and the
# browser sees the same HTML from every build. Installs what it needs when
# missing — Debian's chromium (apt-get, as root or through sudo -n) and the
# pinned npm playwright-core (npm ci in tests/browser) — then starts the
# real `BIN serve` on 127.0.0.1 with a free port and a temp database, runs
# `node --test` on tests/browser/*.test.js and tests/browser/journeys/*.test.js
# (with TIEPCAN_URL, and TIEPCAN_BIN for journeys that start servers of their
# own, e.g. with the test clock TIEPCAN_NOW),
# stops the server (SIGTERM, must exit 0) and removes its temp files.
# If chromium or playwright-core truly cannot be installed it prints
# "suite-browser: SKIPPED: ..." and "0 passed, 0 failed" and exits 0.
#
# Env: BUILD (from tests/run.sh), BROWSER_TESTS="file.test.js ..." to run
# only some files, BROWSER_JOBS (files run at once, default 2),
# TIEPCAN_ARTIFACTS (default tests/artifacts),
# TIEPCAN_CHROMIUM (default /usr/bin/chromium, Debian's package).
set -u
BIN=${1:?usage: suite-browser.sh BIN}
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
CHROMIUM=${TIEPCAN_CHROMIUM:-/usr/bin/chromium}
export TIEPCAN_CHROMIUM="$CHROMIUM"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac

case "$(basename "${BUILD:-build}")" in
build) ;;
*)
	echo "suite-browser: runs for the plain build only (BUILD=build), not ${BUILD}"
	echo "0 passed, 0 failed"
	exit 0
	;;
esac

skip() {
	echo "suite-browser: SKIPPED: $*"
	echo "0 passed, 0 failed"
	exit 0
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
	else return 1
	fi
}

# Debian's chromium; apt-get update only when the package is unknown.
ensure_chromium() {
	[ -x "$CHROMIUM" ] && return 0
	echo "suite-browser: installing chromium (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-cache show chromium >/dev/null 2>&1; then
		as_root apt-get update -qq >"$tmp/apt.log" 2>&1 || true
	fi
	as_root apt-get install -y -qq -o DPkg::Lock::Timeout=120 --no-install-recommends chromium >>"$tmp/apt.log" 2>&1 \
		|| skip "chromium could not be installed: $(tail -n 1 "$tmp/apt.log")"
	[ -x "$CHROMIUM" ] || skip "chromium could not be installed: $CHROMIUM missing after apt-get"
}

# playwright-core at the version pinned in package-lock.json; `npm ci`
# only when node_modules does not match the lock file (a stamp we write).
ensure_npm() {
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		skip "node and npm are needed (apt-get install nodejs npm)"
	fi
	d=tests/browser
	if [ -f "$d/node_modules/playwright-core/package.json" ] \
		&& cmp -s "$d/package-lock.json" "$d/node_modules/.tiepcan-lock"; then
		return 0
	fi
	echo "suite-browser: npm ci in $d"
	(cd "$d" && npm ci --no-audit --no-fund --loglevel=error) >"$tmp/npm.log" 2>&1 \
		|| skip "playwright-core could not be installed (npm ci): $(head -n 2 "$tmp/npm.log" | tr "\n" " ")"
	cp "$d/package-lock.json" "$d/node_modules/.tiepcan-lock"
}

tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

start=$(date +%s)
ensure_chromium
ensure_npm

# Extension point: tests/browser/seed.sh BIN DB creates the users and data
# journeys need (e.g. with `tiepcan user add`), before the server starts.
db="$tmp/tiepcan.db"
if [ ! -f tests/browser/seed.sh ]; then
	"$BIN" init --db "$db" >"$tmp/init.log" 2>&1 || {
		echo "suite-browser: tiepcan init failed:"; cat "$tmp/init.log"
		echo "0 passed, 1 failed"; exit 1
	}
fi
if [ -f tests/browser/seed.sh ]; then
	sh tests/browser/seed.sh "$BIN" "$db" >"$tmp/seed.log" 2>&1 || {
		echo "suite-browser: tests/browser/seed.sh failed:"; cat "$tmp/seed.log"
		echo "0 passed, 1 failed"; exit 1
	}
fi

"$BIN" serve --listen 127.0.0.1:0 --db "$db" --quiet >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "suite-browser: server did not start:"; cat "$tmp/err"
	echo "0 passed, 1 failed"
	exit 1
fi

files=${BROWSER_TESTS:-}
if [ -z "$files" ]; then
	for f in tests/browser/*.test.js tests/browser/journeys/*.test.js; do
		[ -f "$f" ] && files="$files ${f#tests/browser/}"
	done
fi

# Two files at a time (BROWSER_JOBS): each launches its own Chromium; the
# throttled tests mostly wait, so a second file overlaps them on a 2-core
# machine. TMPDIR puts Chromium's fresh profile dirs inside $tmp.
mkdir -p "$tmp/t"
# shellcheck disable=SC2086
(cd tests/browser && TIEPCAN_URL="$url" TIEPCAN_BIN="$BIN" TMPDIR="$tmp/t" \
	TIEPCAN_ARTIFACTS="${TIEPCAN_ARTIFACTS:-$ROOT/tests/artifacts}" \
	node --test --test-concurrency="${BROWSER_JOBS:-2}" \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$tmp/tap" $files)
rc=$?

kill "$pid" 2>/dev/null
wait "$pid"
src=$?
pid=""

pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tmp/tap" | tail -n 1)
cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tmp/tap" | tail -n 1)
pass=${pass:-0}
fail=$((${fail:-0} + ${cancelled:-0}))
if [ "$src" -eq 0 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: server exited with $src after SIGTERM"; cat "$tmp/err"
fi
if [ $rc -ne 0 ] && [ $fail -eq 0 ]; then fail=1; echo "FAIL: node --test exited with $rc"; fi
echo "suite-browser: $(($(date +%s) - start)) s; screenshots in ${TIEPCAN_ARTIFACTS:-tests/artifacts}/screenshots"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
