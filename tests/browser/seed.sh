#!/bin/sh
# tests/browser/seed.sh BIN DB — the database the browser tests run against:
# the demo (Cao Bằng 2018-2026, synthetic) and the demo accounts of
# scripts/demo-accounts.sh (password tiepcan-demo).
set -eu
"$1" demo --db "$2" >/dev/null
sh "$(dirname "$0")/../../scripts/demo-accounts.sh" "$1" "$2"
# offline.test.js (live points, offline drafts): its own commune and year
# (Cống Vị 00007, 2024: no assessment in the demo), so no other test edits it.
printf 'tiepcan-demo\n' | "$1" user add --db "$2" --login xa.congvi --role commune --unit 00007 \
	--name "UBND phường Cống Vị (thử nghiệm ngoại tuyến)" --password-stdin >/dev/null
