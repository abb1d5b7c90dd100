#!/bin/sh
# `make run`: the web application on the demo database.
#   1. creates tiepcan.db with `tiepcan demo` if it is missing (Cao Bằng
#      2018-2026, synthetic figures);
#   2. creates the demo accounts that are missing;
#   3. prints the address and the demo logins, then serves until Ctrl-C.
# The demo passwords are printed on purpose: this is a local demonstration
# on 127.0.0.1 with synthetic data. Never use them on a real server.
# Environment: TIEPCAN_DEMO_DB (default tiepcan.db), TIEPCAN_LISTEN
# (default 127.0.0.1:8080).
set -eu
bin=${1:-build/tiepcan}
db=${TIEPCAN_DEMO_DB:-tiepcan.db}
listen=${TIEPCAN_LISTEN:-127.0.0.1:8080}
pw=tiepcan-demo

if [ ! -f "$db" ]; then
	echo "Tạo cơ sở dữ liệu minh họa $db (tiepcan demo)…"
	"$bin" demo --db "$db"
fi

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

# Communes: the current-year journeys (2026, list of 07/2025) use the
# successors of the 2018 pilot communes: Trường Hà 01392 (from Sóc Hà
# 01417) and Phục Hòa 01648 (from Đại Sơn 01639). The pilot codes keep
# accounts of their own for the 2018-2024 records.
add admin admin "" "Quản trị hệ thống (minh họa)"
add thamdinh.caobang reviewer 04 "Sở Tư pháp Cao Bằng (minh họa)"
add hoidong.caobang council 04 "Thành viên Hội đồng tỉnh Cao Bằng (minh họa)"
add xa.truongha commune 01392 "UBND xã Trường Hà (minh họa)"
add xa.phuchoa commune 01648 "UBND xã Phục Hòa (minh họa)"
add xa.socha commune 01417 "UBND xã Sóc Hà, 2018-2024 (minh họa)"
add xa.daison commune 01639 "UBND xã Đại Sơn, 2018-2024 (minh họa)"

cat <<EOF

tiepcan — đánh giá, công nhận xã đạt chuẩn tiếp cận pháp luật (bản minh họa)
Địa chỉ: http://$listen/
Cơ sở dữ liệu: $db — DỮ LIỆU MINH HỌA (tổng hợp), không phải số liệu thật.

Tài khoản minh họa (mật khẩu của tất cả: $pw — chỉ dùng trên máy này):
  admin             Quản trị
  thamdinh.caobang  Cán bộ thẩm định, tỉnh Cao Bằng (04)
  hoidong.caobang   Thành viên Hội đồng, tỉnh Cao Bằng (04)
  xa.truongha       Cán bộ xã Trường Hà (01392, kế thừa Sóc Hà)
  xa.phuchoa        Cán bộ xã Phục Hòa (01648, kế thừa Đại Sơn)
  xa.socha          Cán bộ xã Sóc Hà (01417, hồ sơ 2018-2024)
  xa.daison         Cán bộ xã Đại Sơn (01639, hồ sơ 2018-2024)

Dừng máy chủ: Ctrl-C.
EOF
exec "$bin" serve --db "$db" --listen "$listen"
