'use strict';
/* tests/browser/pages.js — every page the experience checks visit.
 *
 * Add one line per new page (log-in, assessment form, reviewer, public
 * results ...): the layout, label, overflow, contrast, weight, keyboard and
 * text checks then cover it automatically. `name` names its screenshots;
 * `status` is the expected HTTP status; `text` (optional) is Vietnamese text
 * the page must contain, exactly, in NFC; `tabStops` how many Tab presses
 * the keyboard test makes (enough to reach the main links and first fields).
 * Pages behind a login need a journey instead (see README.md). */
module.exports = [
	{ path: '/', name: 'trang-chu', status: 200,
		text: 'Đánh giá, công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật', tabStops: 10 },
	{ path: '/quy-tac', name: 'quy-tac', status: 200,
		text: 'Quy tắc chấm điểm', tabStops: 10 },
	{ path: '/quy-tac/qd25-2021', name: 'quy-tac-qd25-2021', status: 200,
		text: 'Tiếp cận thông tin, phổ biến, giáo dục pháp luật', tabStops: 12 },
	{ path: '/quy-tac/qd27-2025', name: 'quy-tac-qd27-2025', status: 200,
		text: 'Xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật', tabStops: 12 },
	{ path: '/quy-tac/qd619-2017', name: 'quy-tac-qd619-2017', status: 200,
		text: 'Xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật', tabStops: 12 },
	{ path: '/tinh-diem?bo=qd25-2021', name: 'tinh-diem', status: 200,
		text: 'Tính điểm thử', tabStops: 14 },
	/* no choice made: the newest rule set (qd27-2025, met / not met) */
	{ path: '/tinh-diem', name: 'tinh-diem-moi-nhat', status: 200,
		text: '1 = đạt, 0 = không đạt', tabStops: 14 },
	/* the one rule set whose threshold depends on the commune's class */
	{ path: '/tinh-diem?bo=qd619-2017', name: 'tinh-diem-qd619-2017', status: 200,
		text: 'Loại đơn vị hành chính', tabStops: 14 },
	/* public results and dashboard (the demo's latest decided year) */
	{ path: '/ket-qua', name: 'ket-qua', status: 200,
		text: 'Kết quả đánh giá, công nhận xã đạt chuẩn tiếp cận pháp luật năm', tabStops: 12 },
	{ path: '/bang-dieu-khien', name: 'bang-dieu-khien', status: 200,
		text: 'Bảng điều khiển', tabStops: 12 },
	{ path: '/dang-nhap', name: 'dang-nhap', status: 200,
		text: 'Tên đăng nhập', tabStops: 8 },
	{ path: '/khong-co-trang-nay', name: 'loi-404', status: 404,
		text: 'Không tìm thấy trang', tabStops: 5 },
];
