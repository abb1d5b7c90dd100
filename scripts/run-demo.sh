#!/bin/sh
# The main job at this stage (`make run`): score the demo communes of
# demo/cao-bang-2018.csv and print a Vietnamese summary table. The data are
# synthetic (demo/README.md); the output says so.
set -eu
bin=${1:-build/tiepcan}
here=$(cd "$(dirname "$0")/.." && pwd)
demo="$here/demo/cao-bang-2018.csv"

echo "tiepcan — chấm điểm xã đạt chuẩn tiếp cận pháp luật"
echo "Tệp: demo/cao-bang-2018.csv — năm đánh giá 2018, bộ tiêu chí QĐ 619/QĐ-TTg (qd619-2017)"
echo "LƯU Ý: dữ liệu minh họa (tổng hợp), không phải số liệu thật."
echo
"$bin" score --format text "$demo"
echo
echo "TC1–TC5: điểm từng tiêu chí; ngưỡng tổng điểm theo loại xã I/II/III = 90/80/70;"
echo "mỗi tiêu chí phải đạt ít nhất 50% điểm tối đa. \"tạm tính\": kết quả dựa trên"
echo "điều kiện chưa xác nhận chính thức (xem: tiepcan rules show qd619-2017)."
echo "Chi tiết từng chỉ tiêu: $bin score --format json demo/cao-bang-2018.csv"
