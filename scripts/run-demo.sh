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

sh "$(dirname "$0")/demo-accounts.sh" "$bin" "$db"

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
