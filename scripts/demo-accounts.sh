#!/bin/sh
# scripts/demo-accounts.sh BIN DB — creates the demo accounts that are
# missing in DB (all with the password tiepcan-demo; a local demonstration
# only). Used by scripts/run-demo.sh (`make run`) and tests/browser/seed.sh.
#
# Communes: the current-year journeys (2026, list of 07/2025) use the
# successors of the 2018 pilot communes: Trường Hà 01392 (from Sóc Hà
# 01417) and Phục Hòa 01648 (from Đại Sơn 01639). The pilot codes keep
# accounts of their own for the 2018-2024 records.
set -eu
bin=${1:?usage: demo-accounts.sh BIN DB}
db=${2:?usage: demo-accounts.sh BIN DB}
pw=tiepcan-demo

existing=$("$bin" user list --db "$db" | awk 'NR > 1 { print $1 }')

# add LOGIN ROLE UNIT NAME — only if the account does not exist yet.
add() {
	for e in $existing; do
		[ "$e" = "$1" ] && return 0
	done
	if [ -n "$3" ]; then
		printf '%s\n' "$pw" | "$bin" user add --db "$db" --login "$1" --role "$2" \
			--unit "$3" --name "$4" --password-stdin >/dev/null
	else
		printf '%s\n' "$pw" | "$bin" user add --db "$db" --login "$1" --role "$2" \
			--name "$4" --password-stdin >/dev/null
	fi
}

add admin admin "" "Quản trị hệ thống (minh họa)"
add thamdinh.caobang reviewer 04 "Sở Tư pháp Cao Bằng (minh họa)"
add hoidong.caobang council 04 "Thành viên Hội đồng tỉnh Cao Bằng (minh họa)"
add xa.truongha commune 01392 "UBND xã Trường Hà (minh họa)"
add xa.phuchoa commune 01648 "UBND xã Phục Hòa (minh họa)"
add xa.socha commune 01417 "UBND xã Sóc Hà, 2018-2024 (minh họa)"
add xa.daison commune 01639 "UBND xã Đại Sơn, 2018-2024 (minh họa)"
