'use strict';
/* Journey: one commune's year, end to end, in real Chromium against the
 * real `tiepcan serve` (its own database and test clock, TIEPCAN_NOW, so
 * the posting period can elapse: the server is restarted to move the day).
 *
 *   02/11/2026  the commune official (no JavaScript, 360 px phone) signs in,
 *               opens the 2026 self-assessment (qd27-2025), saves part of the
 *               figures (points and "missing" reasons shown), the rest with
 *               one indicator "không phát sinh", uploads a PDF, sees 14
 *               points and "Đủ điều kiện công nhận"; the chairman signs off
 *               (a bad date first); submitting during the posting period is
 *               refused with the period's end; the posting notice is public.
 *   09/11/2026  the commune submits; the reviewer (JavaScript on, 1366 px)
 *               returns indicator 2.3 with a reason; the commune sees the
 *               reason and deadline, corrects 2.3 and resubmits; the reviewer
 *               sees the change, scores every indicator and finishes; the
 *               council records its meeting, an opinion and its proposal; the
 *               reviewer records the chairman's decision with the signed PDF;
 *               the public (no login, no JavaScript) finds the commune by
 *               "truong ha" and sees it recognised.
 * Then: every signed-in page of the journey at 360 px without JavaScript
 * (layout, labels, overflow, contrast), and the self-assessment form's load
 * and save times on a throttled 3G link (diagnostics; sanity bound only).
 *
 * Steps are tests run in order and share the database; a failing step makes
 * the later ones fail too (read the first failure). Screenshots go to
 * tests/artifacts/screenshots/ (lib.screenshot). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('../lib');

const PW = 'mat-khau-hanh-trinh';
const UNIT = '01392'; /* Xã Trường Hà, Cao Bằng (04), list of 07/2025 */
const YEAR = 2026;    /* qd27-2025: met / not met per indicator, 14 indicators */
const FORM = `/danh-gia/${UNIT}/${YEAR}`;
const REVIEW = `/tham-dinh/${UNIT}/${YEAR}`;
const USERS = [
	['xa.truongha', 'commune', UNIT, 'Nông Thị Hoa'],
	['xa.phuchoa', 'commune', '01648', 'Lục Văn Hòa'],
	['thamdinh.caobang', 'reviewer', '04', 'Sở Tư pháp Cao Bằng'],
	['hoidong.caobang', 'council', '04', 'Hội đồng tỉnh Cao Bằng'],
];
const PDF = { name: 'bien-ban-hop-xa.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% bien ban hop xa\n%%EOF\n') };
const SIGNED = { name: 'qd-125-ubnd.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% quyet dinh da ky\n%%EOF\n') };

/* Criterion 1 (all figures), then criteria 2 and 3. Indicator 1.2 is marked
 * "không phát sinh" separately. Keys are the form's field names. */
const PART1 = { '1.1/assigned': '4', '1.1/issued_ok': '4', '1.3/issued': '4', '1.3/self_checked': '4' };
const PART2 = {
	'2.1.1/met': '1', '2.1.2/met': '1', '2.2/met': '1', '2.3/requests': '3', '2.3/provided_on_time': '3',
	'2.4/tasks_planned': '10', '2.4/tasks_done': '10', '2.4.1/met': '1', '2.4.3/met': '1',
	'2.5/dx_activities': '2', '2.6.1/met': '1', '2.6.2/met': '1', '2.6.3/met': '1',
	'2.7.1/met': '1', '2.7.2/met': '1', '2.7.3/met': '1',
	'3.1/teams_required': '2', '3.1/teams_ok': '2', '3.1/mediators_required': '5', '3.1/mediators_done': '5',
	'3.2.1/met': '1', '3.2.2/met': '1', '3.3/met': '1',
	'3.4/teams': '6', '3.4/teams_funded': '6', '3.4/cases': '4', '3.4/cases_paid': '4', '3.4.1/met': '1', '3.4.2/met': '1',
};
const INDICATORS = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '3.1', '3.2', '3.3', '3.4'];

let browser;
let dir;
let db;
let srv = null;
let meetingId = '';
let decisionPath = '';

before(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepcan-journey-'));
	db = path.join(dir, 'journey.db');
	lib.run(['init', '--db', db]);
	for (const [login, role, unit, name] of USERS)
		lib.run(['user', 'add', '--db', db, '--login', login, '--role', role, '--unit', unit,
			'--name', name, '--password-stdin'], `${PW}\n`);
	browser = await lib.launchBrowser();
});

after(async () => {
	if (srv) {
		const code = await srv.stop();
		srv = null;
		assert.equal(code, 0, 'the journey server exited non-zero after SIGTERM');
	}
	await lib.closeAll(browser);
	fs.rmSync(dir, { recursive: true, force: true });
});

/* (Re)starts the server with "today" = day (yyyy-mm-dd). Cookies stay
 * valid: sessions live in the database and cookies are per host, not port. */
async function clock(day) {
	if (srv) assert.equal(await srv.stop(), 0, 'server exit status');
	srv = await lib.startServer(lib.tiepcanBin(), { db, env: { TIEPCAN_NOW: day } });
}

async function open({ js, viewport }) {
	const ctx = await browser.newContext({
		javaScriptEnabled: js, viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: srv.url,
	});
	ctx.setDefaultTimeout(10000); /* a missing control fails fast, not in 30 s */
	return ctx;
}

/* Clicks a control that submits a form or follows a link; resolves once
 * the next page has loaded and returns its response status. */
async function go(page, locator) {
	const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
	return res ? res.status() : 0;
}

/* The text as shown (innerText: table cells apart), whitespace collapsed. */
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();

async function fill(page, values) {
	for (const [name, v] of Object.entries(values))
		await page.locator(`[name="${name}"]`).fill(v);
}

/* "Điểm: N … — explanation" of one indicator on the self-assessment form. */
const itemPoints = (page, code) => text(page.locator(`[id="ct-${code}"] > .points`));

/* A role's signed-in context on the server of the moment. */
async function signedIn(login, opts) {
	const ctx = await open(opts);
	const page = await ctx.newPage();
	await lib.login(page, login, PW);
	return { ctx, page };
}

test('02/11/2026: the commune saves its figures without JavaScript and sees points and verdict', async (t) => {
	await clock('2026-11-02');
	const { ctx, page } = await signedIn('xa.truongha', { js: false, viewport: lib.PHONE });
	try {
		/* regression: a commune official had no link to her dossiers */
		assert.equal(await go(page, page.getByRole('link', { name: 'Hồ sơ của xã' })), 200);
		assert.equal(await text(page.locator('h1')), 'Hồ sơ đánh giá của xã');
		assert.equal(await go(page, page.getByRole('link', { name: 'năm 2026' })), 200);
		assert.equal(new URL(page.url()).pathname, FORM);
		assert.equal(await text(page.locator('h1')), 'Tự đánh giá Xã Trường Hà năm 2026');
		assert.equal(await text(page.locator('.status')), 'Dự thảo');
		await lib.screenshot(page, 'tu-danh-gia-trong-360');

		/* criterion 1 first, by the fields' labels where they are unique */
		await page.getByLabel('Số nghị quyết của HĐND, quyết định của UBND cấp xã được giao ban hành').fill(PART1['1.1/assigned']);
		await page.getByLabel('Số văn bản trong đó được ban hành đúng thời hạn').fill(PART1['1.1/issued_ok']);
		await fill(page, { '1.3/issued': PART1['1.3/issued'], '1.3/self_checked': PART1['1.3/self_checked'] });
		await page.locator('[id="ct-1.2"]').getByRole('checkbox', { name: 'Không phát sinh' }).check();
		assert.equal(await go(page, page.getByRole('button', { name: 'Lưu và tính điểm' })), 200);
		assert.equal(await text(page.locator('#thong-bao')), 'Đã lưu và tính lại điểm.');
		assert.equal(await text(page.locator('#tong-diem')), '3');
		assert.equal(await text(page.locator('#kq ~ p .verdict-fail')), 'Chưa đủ điều kiện công nhận');
		assert.ok((await text(page.locator('.reasons'))).includes('thiếu số liệu 2.1'), 'missing figures named');
		assert.match(await itemPoints(page, '1.1'), /^Điểm: 1 .*Tỷ lệ 100,00% \(4\/4\): đạt ngưỡng 100% → đạt$/);
		assert.match(await itemPoints(page, '1.2'), /Không phát sinh nhiệm vụ \(nhập\) → đạt$/);
		assert.equal(await page.locator('[id="ct-1.2"]').getByRole('checkbox', { name: 'Không phát sinh' }).isChecked(), true);

		/* the rest, including the sub-items entered as met / not met */
		await fill(page, PART2);
		assert.equal(await go(page, page.getByRole('button', { name: 'Lưu và tính điểm' })), 200);
		assert.equal(await text(page.locator('#tong-diem')), '14');
		assert.equal(await text(page.locator('#kq ~ p .verdict-pass')), 'Đủ điều kiện công nhận');
		assert.equal(await page.locator('.reasons').count(), 0, 'no reasons once everything is met');
		assert.match(await itemPoints(page, '2.1'), /Tất cả tiểu mục đạt → đạt$/);
		assert.match(await itemPoints(page, '2.5'), /Điều kiện dx_activities ≥ 1 \(2 ≥ 1\) đúng → đạt$/);
		assert.equal(await page.locator('[name="2.3/requests"]').inputValue(), '3', 'saved figures shown again');
		await lib.assertNoOverflow(page, 'self-assessment form at 360 px');
		await lib.screenshot(page, 'tu-danh-gia-ket-qua-360');
		await page.setViewportSize(lib.LAPTOP);
		await lib.screenshot(page, 'tu-danh-gia-ket-qua-1366');
		await page.setViewportSize(lib.PHONE);

		/* evidence: a PDF for 1.1, listed under it and downloadable as sent */
		await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('1.1');
		await page.getByLabel('Tệp (PDF').setInputFiles(PDF);
		assert.equal(await go(page, page.getByRole('button', { name: 'Tải lên' })), 200);
		const link = page.locator('[id="ct-1.1"] .evidence a', { hasText: PDF.name });
		assert.equal(await link.count(), 1, 'evidence listed under 1.1');
		const dl = await page.request.get(await link.getAttribute('href'));
		assert.equal(dl.status(), 200);
		assert.deepEqual(Buffer.from(await dl.body()), PDF.buffer, 'evidence downloads byte for byte');
		await page.setViewportSize(lib.LAPTOP);
		await page.locator('[id="ct-1.1"]').evaluate((el) => el.scrollIntoView());
		await lib.screenshot(page, 'tu-danh-gia-chi-tieu-1366');
		t.diagnostic('saved 3 → 14 points, verdict Đủ điều kiện công nhận; evidence stored');
	} finally {
		await ctx.close();
	}
});

test('02/11/2026: the chairman signs off; submitting during the posting period is refused', async () => {
	const { ctx, page } = await signedIn('xa.truongha', { js: false, viewport: lib.PHONE });
	try {
		await page.goto(FORM);
		const date = page.getByLabel('Ngày hoàn thành tự chấm (dd/mm/yyyy)');
		await date.fill('31/02/2026');
		await page.getByLabel('Họ và tên người ký').fill('Nông Văn Chủ');
		assert.equal(await go(page, page.getByRole('button', { name: 'Ký duyệt và bắt đầu niêm yết' })), 422);
		assert.match(await text(page.locator('[id="e-signed_on"]')), /^Ngày không hợp lệ: nhập theo dạng dd\/mm\/yyyy/);
		assert.equal(await date.getAttribute('aria-invalid'), 'true');
		assert.equal(await page.getByLabel('Họ và tên người ký').inputValue(), 'Nông Văn Chủ', 'the form keeps what was typed');
		assert.equal(await text(page.locator('.status')), 'Dự thảo', 'nothing written');

		await date.fill('02/11/2026');
		assert.equal(await go(page, page.getByRole('button', { name: 'Ký duyệt và bắt đầu niêm yết' })), 200);
		assert.equal(await text(page.locator('#thong-bao')), 'Đã ký duyệt; thời gian niêm yết công khai đã bắt đầu.');
		assert.equal(await text(page.locator('.status')), 'Đã ký duyệt tự đánh giá');
		assert.equal(await text(page.locator('#niem-yet-tu')), '02/11/2026');
		assert.equal(await text(page.locator('#niem-yet-den')), '06/11/2026');
		assert.ok((await text(page.locator('.dossier'))).includes('Ký duyệt: Nông Văn Chủ, Chủ tịch UBND xã, ngày 02/11/2026.'));
		assert.equal(await page.locator('[name="2.3/requests"]').getAttribute('readonly'), '', 'figures read-only once signed');

		assert.equal(await go(page, page.getByRole('button', { name: 'Gửi hồ sơ' })), 409);
		assert.match(await text(page.locator('#thong-bao')), /đến hết ngày 06\/11\/2026/);
		assert.equal(await text(page.locator('.status')), 'Đã ký duyệt tự đánh giá');
	} finally {
		await ctx.close();
	}
	/* the posting notice is public */
	const pub = await open({ js: false, viewport: lib.PHONE });
	try {
		const page = await pub.newPage();
		assert.equal((await page.goto(`/niem-yet/${UNIT}/${YEAR}`)).status(), 200);
		assert.match(await text(page.locator('main')), /từ ngày 02\/11\/2026 đến hết ngày 06\/11\/2026, tại Trụ sở UBND xã/);
		await lib.screenshot(page, 'niem-yet-360');
	} finally {
		await pub.close();
	}
});

test('09/11/2026: after the posting period the commune submits without JavaScript', async () => {
	await clock('2026-11-09');
	const { ctx, page } = await signedIn('xa.truongha', { js: false, viewport: lib.PHONE });
	try {
		await go(page, page.getByRole('link', { name: 'Hồ sơ của xã' }));
		const row = page.locator('tbody tr', { hasText: 'Đã ký duyệt tự đánh giá' });
		assert.equal(await row.count(), 1, '/xa lists the signed 2026 dossier');
		assert.ok((await text(row)).includes('14'), '/xa shows its total');
		await go(page, row.getByRole('link').first());
		assert.equal(new URL(page.url()).pathname, FORM);
		assert.equal(await go(page, page.getByRole('button', { name: 'Gửi hồ sơ' })), 200);
		assert.equal(await text(page.locator('#thong-bao')), 'Đã gửi hồ sơ đến cơ quan thẩm định.');
		assert.equal(await text(page.locator('.status')), 'Đã gửi hồ sơ');
		/* the submission's timestamp is the real time, not TIEPCAN_NOW */
		assert.match(await text(page.locator('.dossier')), /Gửi ngày \d\d\/\d\d\/\d{4} \(34 số liệu, 1 tài liệu\)$/);
	} finally {
		await ctx.close();
	}
});

test('09/11/2026: the reviewer returns indicator 2.3 for a supplement (JavaScript on)', async () => {
	const { ctx, page } = await signedIn('thamdinh.caobang', { js: true, viewport: lib.LAPTOP });
	const watch = await lib.watchErrors(page);
	try {
		await go(page, page.getByRole('link', { name: 'Thẩm định', exact: true }));
		await go(page, page.locator(`a[href="${REVIEW}"]`).first());
		assert.equal(await text(page.locator('h1')), `Thẩm định: Xã Trường Hà (${UNIT}), năm ${YEAR}`);
		assert.match(await text(page.locator('#kq + p, #kq ~ p').first()), /^Xã tự chấm: 14 điểm — đủ điều kiện$/);
		assert.ok((await text(page.locator('[id="ct-2.3"]'))).includes('requests: 3'), 'the commune\'s figures are shown');
		assert.ok((await text(page.locator('[id="ct-1.1"]'))).includes(PDF.name), 'the evidence is linked');
		await page.getByLabel('Lý do trả lại').fill('Số yêu cầu cung cấp thông tin chưa khớp sổ theo dõi');
		await page.locator('[id="f-bs-2.3"]').fill('Bổ sung sổ theo dõi yêu cầu cung cấp thông tin');
		assert.equal(await go(page, page.getByRole('button', { name: 'Trả lại để bổ sung' })), 200);
		assert.equal(await text(page.locator('.notice')), 'Đã trả lại hồ sơ để bổ sung.');
		assert.equal(await text(page.locator('#trang-thai')), 'Trả lại để bổ sung');
		/* Monday 09/11 + 3 working days */
		assert.match(await text(page.locator('#tl ~ p').first()), /^Ngày trả lại: 09\/11\/2026\. Hạn bổ sung: 12\/11\/2026 \(3 ngày làm việc\)$/);
		assert.deepEqual(await watch.all(), [], 'console errors or CSP violations');
	} finally {
		await ctx.close();
	}
});

test('09/11/2026: the commune sees the return, corrects 2.3 and resubmits without JavaScript', async () => {
	const { ctx, page } = await signedIn('xa.truongha', { js: false, viewport: lib.PHONE });
	try {
		await page.goto(FORM);
		assert.equal(await text(page.locator('.status')), 'Trả lại để bổ sung');
		const notice = page.locator('#yeu-cau-bo-sung');
		assert.match(await text(notice), /^Hồ sơ được trả lại để bổ sung \(lần 1\) Ngày trả lại: 09\/11\/2026\. Hạn bổ sung: 12\/11\/2026 \(3 ngày làm việc\)/);
		assert.ok((await text(notice)).includes('Lý do: Số yêu cầu cung cấp thông tin chưa khớp sổ theo dõi'));
		assert.ok((await text(notice)).includes('Chỉ tiêu 2.3: Bổ sung sổ theo dõi yêu cầu cung cấp thông tin'));
		await lib.screenshot(page, 'tra-lai-360');
		await fill(page, { '2.3/requests': '5', '2.3/provided_on_time': '5' });
		assert.equal(await go(page, page.getByRole('button', { name: 'Lưu và tính điểm' })), 200);
		assert.match(await itemPoints(page, '2.3'), /Tỷ lệ 100,00% \(5\/5\): đạt ngưỡng 100% → đạt$/);
		assert.equal(await text(page.locator('#tong-diem')), '14');
		assert.equal(await go(page, page.getByRole('button', { name: 'Gửi lại' })), 200);
		assert.equal(await text(page.locator('.status')), 'Đã gửi hồ sơ');
		assert.match(await text(page.locator('.dossier')), /Gửi lại ngày \d\d\/\d\d\/\d{4} \(34 số liệu, 1 tài liệu\)$/);
	} finally {
		await ctx.close();
	}
});

test('09/11/2026: the reviewer sees the change, scores every indicator and finishes', async () => {
	const { ctx, page } = await signedIn('thamdinh.caobang', { js: true, viewport: lib.LAPTOP });
	const watch = await lib.watchErrors(page);
	try {
		await page.goto(REVIEW);
		const change = page.locator('#thay-doi + .table-wrap tbody tr', { hasText: 'requests' });
		assert.equal(await text(change), '2.3 requests 3 5');
		for (const code of INDICATORS)
			await page.getByLabel(`Điểm thẩm định ${code}`, { exact: true }).fill('1');
		await page.getByLabel('Nhận xét 2.3', { exact: true }).fill('Đã bổ sung sổ theo dõi');
		assert.equal(await go(page, page.getByRole('button', { name: 'Lưu điểm thẩm định' })), 200);
		assert.equal(await text(page.locator('.notice')), 'Đã lưu điểm thẩm định.');
		/* no article cited: TT 09/2021 art. 2(2) is qd25-2021's; 2026 is qd27-2025 */
		assert.equal(await text(page.locator('#ket-qua-tham-dinh')), 'Theo điểm thẩm định (14 chỉ tiêu đã chấm): 14 điểm — Đủ điều kiện công nhận');
		await lib.screenshot(page, 'tham-dinh-1366');
		assert.equal(await go(page, page.getByRole('button', { name: 'Hoàn thành thẩm định' })), 200);
		assert.equal(await text(page.locator('.notice')), 'Đã hoàn thành thẩm định.');
		assert.equal(await text(page.locator('#trang-thai')), 'Đã thẩm định');
		assert.deepEqual(await watch.all(), [], 'console errors or CSP violations');
	} finally {
		await ctx.close();
	}
});

test('09/11/2026: the council meets, gives an opinion and proposes recognition', async () => {
	const { ctx, page } = await signedIn('hoidong.caobang', { js: true, viewport: lib.LAPTOP });
	const watch = await lib.watchErrors(page);
	try {
		await go(page, page.getByRole('link', { name: 'Hội đồng', exact: true }));
		await page.getByLabel('Tên Hội đồng').fill('Hội đồng đánh giá tỉnh Cao Bằng năm 2026');
		await page.getByLabel('Ngày họp (dd/mm/yyyy)').fill('09/11/2026');
		await page.getByLabel('Thành viên: mỗi dòng').fill(
			'Nguyễn Văn An; Chủ tịch; có mặt\nTrần Thị Bình; Thành viên; có mặt\nLê Văn Cường; Thư ký; vắng');
		await page.getByRole('checkbox', { name: `${UNIT}, năm ${YEAR}` }).check();
		assert.equal(await go(page, page.getByRole('button', { name: 'Ghi nhận cuộc họp' })), 200);
		meetingId = (/\/hoi-dong\/(\d+)/.exec(page.url()) || [])[1] || '';
		assert.ok(meetingId, `landed on the meeting page, not ${page.url()}`);
		assert.equal(await text(page.locator('#co-mat')), '2/3');
		await page.getByLabel('Thành viên', { exact: true }).selectOption({ label: 'Nguyễn Văn An (Chủ tịch)' });
		await page.getByLabel('Ý kiến', { exact: true }).selectOption({ label: 'Đồng ý công nhận' });
		await page.getByLabel('Ghi chú', { exact: true }).fill('Hồ sơ đầy đủ');
		assert.equal(await go(page, page.getByRole('button', { name: 'Ghi ý kiến' })), 200);
		assert.ok((await text(page.locator('main'))).includes('Hồ sơ đầy đủ'), 'the opinion is listed');
		await page.getByRole('radio', { name: 'Đề nghị công nhận' }).check();
		assert.equal(await go(page, page.getByRole('button', { name: 'Ghi kết luận' })), 200);
		assert.match(await text(page.locator('section.dossier')), new RegExp(`^${UNIT}, năm ${YEAR} — Đã họp Hội đồng Kết luận: Đề nghị công nhận `));
		await lib.screenshot(page, 'hoi-dong-1366');
		assert.deepEqual(await watch.all(), [], 'console errors or CSP violations');
	} finally {
		await ctx.close();
	}
});

test('09/11/2026: the reviewer records the chairman\'s decision with the signed PDF', async () => {
	const { ctx, page } = await signedIn('thamdinh.caobang', { js: true, viewport: lib.LAPTOP });
	const watch = await lib.watchErrors(page);
	try {
		await go(page, page.getByRole('link', { name: 'Quyết định', exact: true }));
		await page.getByLabel('Số quyết định').fill('125/QĐ-UBND');
		await page.getByLabel('Ngày ký (dd/mm/yyyy)').fill('09/11/2026');
		await page.getByLabel('Người ký', { exact: true }).fill('Hoàng Văn Đức');
		await page.getByLabel('Chức vụ người ký').fill('Chủ tịch UBND tỉnh');
		await page.getByLabel('Bản quyết định đã ký').setInputFiles(SIGNED);
		await page.getByRole('radio', { name: 'Công nhận', exact: true }).check();
		assert.equal(await go(page, page.getByRole('button', { name: 'Ghi nhận quyết định' })), 200);
		decisionPath = new URL(page.url()).pathname;
		assert.match(decisionPath, /^\/quyet-dinh\/\d+$/);
		const main = await text(page.locator('main'));
		assert.ok(main.includes('125/QĐ-UBND') && main.includes('09/11/2026'), `decision page: ${main.slice(0, 200)}`);
		assert.ok(main.includes('Người ký: Hoàng Văn Đức, Chủ tịch UBND tỉnh'));
		await lib.screenshot(page, 'quyet-dinh-1366');
		await page.goto(REVIEW);
		assert.equal(await text(page.locator('#quyet-dinh')), 'Quyết định: Công nhận đạt chuẩn');
		assert.equal(await text(page.locator('#trang-thai')), 'Được công nhận đạt chuẩn');
		assert.deepEqual(await watch.all(), [], 'console errors or CSP violations');
	} finally {
		await ctx.close();
	}
});

test('the public, without logging in or JavaScript, finds "truong ha" recognised', async () => {
	const ctx = await open({ js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		await page.goto('/');
		assert.equal(await go(page, page.getByRole('link', { name: 'Kết quả công nhận' })), 200);
		await page.getByLabel('Năm').fill(String(YEAR));
		await page.getByLabel('Mã tỉnh').fill('04');
		await page.getByLabel('Tìm xã (không cần dấu)').fill('truong ha');
		assert.equal(await go(page, page.getByRole('button', { name: 'Xem' })), 200);
		const row = page.locator('tbody tr', { hasText: 'Trường Hà' });
		assert.equal(await row.count(), 1);
		assert.equal(await text(row.locator('.verdict-pass')), 'Đạt chuẩn');
		assert.equal(await text(page.locator('#tong-ket')), 'Đạt chuẩn: 1 · Chưa đạt chuẩn: 0.');
		await lib.assertNoOverflow(page, 'public results at 360 px');
		await lib.screenshot(page, 'ket-qua-tim-kiem-360');
		await go(page, row.getByRole('link').first());
		assert.equal(new URL(page.url()).pathname, `/ket-qua/${UNIT}/${YEAR}`);
		const sheet = await text(page.locator('main'));
		assert.ok(sheet.startsWith('Xã Trường Hà — kết quả năm 2026 Quyết định: Công nhận đạt chuẩn tiếp cận pháp luật (Quyết định số 125/QĐ-UBND ngày 09/11/2026) · Tổng điểm: 14.'),
			`result sheet: ${sheet.slice(0, 300)}`);
	} finally {
		await ctx.close();
	}
	/* and the commune's own list says so */
	const { ctx: c2, page } = await signedIn('xa.truongha', { js: false, viewport: lib.PHONE });
	try {
		await page.goto('/xa');
		assert.equal(await page.locator('tbody tr', { hasText: 'Được công nhận' }).count(), 1);
	} finally {
		await c2.close();
	}
});

/* Every page the journey used, signed in as its role, with JavaScript off
 * on a phone: one h1, lang, labels, no horizontal scrolling, contrast. */
test('every signed-in page of the journey works at 360 px without JavaScript', async (t) => {
	const pages = {
		'xa.truongha': ['/xa', FORM],
		'thamdinh.caobang': ['/tham-dinh', REVIEW, '/hoi-dong', `/hoi-dong/${meetingId}`, '/quyet-dinh', decisionPath],
		'': [`/ket-qua?year=${YEAR}&province=04`, `/ket-qua/${UNIT}/${YEAR}`, `/niem-yet/${UNIT}/${YEAR}`],
	};
	let n = 0;
	for (const [login, paths] of Object.entries(pages)) {
		const { ctx, page } = login ? await signedIn(login, { js: false, viewport: lib.PHONE })
			: await open({ js: false, viewport: lib.PHONE }).then(async (c) => ({ ctx: c, page: await c.newPage() }));
		try {
			for (const p of paths) {
				const res = await page.goto(p);
				assert.equal(res.status(), 200, `${p} as ${login || 'the public'}`);
				await lib.assertPageBasics(page, p);
				await lib.assertLabels(page, p);
				await lib.assertNoOverflow(page, `${p} at 360 px`);
				await lib.assertContrast(page, 4.5, `${p} at 360 px`);
				n++;
			}
		} finally {
			await ctx.close();
		}
	}
	t.diagnostic(`${n} pages checked without JavaScript`);
});

/* The form a commune official fills on a 3G link (DevTools' "Regular 3G":
 * 750 kbit/s down, 250 kbit/s up) with a round trip of 100 ms and of 300 ms
 * (mountain communes). Each round: load the form with an empty cache
 * (page, stylesheet, script), fill every figure, save (POST, 303, reload).
 * Figures are printed; the bound is a sanity check, not a budget (the
 * measured figures are in tests/browser/README.md). */
test('3G link: the self-assessment form loads and saves in reasonable time', async (t) => {
	const BOUND = 10000;
	const fresh = `/danh-gia/01648/${YEAR}`; /* Phục Hòa: a draft of its own */
	if (!srv) await clock('2026-11-09'); /* when run alone (--test-name-pattern) */
	for (const latency of [100, 300]) {
		const REG_3G = { latency, downloadKbps: 750, uploadKbps: 250 };
		const { ctx, page } = await signedIn('xa.phuchoa', { js: true, viewport: lib.PHONE });
		try {
			const un = await lib.throttle(page, REG_3G);
			let t0 = Date.now();
			const res = await page.goto(fresh, { waitUntil: 'load' });
			const load = Date.now() - t0;
			assert.equal(res.status(), 200);
			/* bytes on the wire of this load: the page and what it fetched */
			const wire = () => page.evaluate(() => performance.getEntriesByType('navigation')
				.concat(performance.getEntriesByType('resource')).reduce((n, e) => n + e.transferSize, 0));
			const loadKb = ((await wire()) / 1024).toFixed(1);
			await fill(page, { ...PART1, ...PART2 });
			t0 = Date.now();
			assert.equal(await go(page, page.getByRole('button', { name: 'Lưu và tính điểm' })), 200);
			const save = Date.now() - t0;
			const saveKb = ((await wire()) / 1024).toFixed(1);
			await un();
			assert.equal(await text(page.locator('#tong-diem')), '13', 'saved and rescored (1.2 left empty)');
			const line = `3G 750/250 kbit/s, ${latency} ms RTT: form load ${load} ms, save (POST + 303 + reload) ${save} ms; received ${loadKb} KB loading the form, ${saveKb} KB after saving`;
			t.diagnostic(line);
			assert.ok(load >= latency && save >= latency, 'throttling had no effect');
			assert.ok(load < BOUND && save < BOUND, line);
		} finally {
			await ctx.close();
		}
	}
});
