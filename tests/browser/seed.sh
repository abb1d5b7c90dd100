#!/bin/sh
# tests/browser/seed.sh BIN DB — the database the browser tests run against:
# the demo (Cao Bằng 2018-2026, synthetic) and the demo accounts of
# scripts/demo-accounts.sh (password tiepcan-demo).
set -eu
"$1" demo --db "$2" >/dev/null
sh "$(dirname "$0")/../../scripts/demo-accounts.sh" "$1" "$2"
