'use strict';
/* offline.test.js — the self-assessment form's live points and offline
 * drafts (web/static/app.js, src/web/assess.c, POST .../preview).
 *
 * The commune official xa.congvi (tests/browser/seed.sh) fills Cống Vị
 * 00007's 2024 self-assessment (qd25-2021, points), which no other test
 * touches. What the server really stored is read through a SEPARATE API
 * session (Playwright's request context runs in Node, so the browser
 * context's setOffline() does not cut it): the browser's own word is never
 * taken for it. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { request } = require('playwright-core');
const lib = require('./lib');

const USER = 'xa.congvi';
const PASSWORD = 'tiepcan-demo';
const FORM = '/danh-gia/00007/2024';
const API = '/api/v1/assessments/00007/2024';
const DRAFT_KEY = 'tiepcan-ban-nhap:00007/2024/xa.congvi';

let browser;
let api;        /* the second, Node-side session */
let apiCsrf;

before(async () => {
	browser = await lib.launchBrowser();
	api = await request.newContext({ baseURL: await lib.serverUrl() });
	const r = await api.post('/api/v1/session', { data: { login: USER, password: PASSWORD } });
	assert.equal(r.status(), 200, 'API sign-in for the checks');
	apiCsrf = (await r.json()).csrf;
});
after(async () => {
	if (api) await api.dispose();
	await lib.closeAll(browser);
});

/* Signs in through the real form, by its labels, landing on the form. */
async function login(page) {
	await page.goto(`/dang-nhap?next=${encodeURIComponent(FORM)}`);
	await page.getByLabel('Tên đăng nhập').fill(USER);
	await page.getByLabel('Mật khẩu').fill(PASSWORD);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(`**${FORM}`);
}

const input = (page, name) => page.locator(`[name="${name}"]`);

/* The server's score (GET, a separate session) and the raw values it
 * stored, read from the server-rendered form. */
async function server() {
	const r = await api.get(API);
	const score = r.status() === 200 ? await r.json() : null;
	const html = await (await api.get(FORM)).text();
	const values = {};
	for (const m of html.matchAll(/<input type="text"[^>]* name="([^"]+)" value="([^"]*)"/g))
		if (m[2] !== '') values[m[1]] = m[2];
	const comments = {};
	for (const m of html.matchAll(/<textarea id="f-[^"]*" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
		if (m[2] !== '') comments[m[1]] = m[2];
	return { status: r.status(), score, values, comments };
}

const pointsOf = (score, code) => score.indicators.find((i) => i.code === code).points;

async function statusText(page) {
	return (await page.locator('#trang-thai-nhap').textContent()).trim();
}

async function waitStatus(page, text, timeout = 20000) {
	await page.waitForFunction((t) => {
		const el = document.getElementById('trang-thai-nhap');
		return el && el.textContent.toLowerCase().includes(t);
	}, text.toLowerCase(), { timeout });
}

/* Waits until the live points line of an indicator reads `points`. */
async function waitPoints(page, code, points) {
	await page.waitForFunction(([c, p]) => {
		const el = document.getElementById(`ct-${c}`);
		const s = el && el.querySelector('p.points strong');
		return s && s.textContent === p;
	}, [code, points], { timeout: 10000 });
}

const liveLine = (page, code) => page.evaluate((c) =>
	document.getElementById(`ct-${c}`).querySelector('p.points').textContent.trim(), code);

/* Chromium logs every failed request to the console as an error: here
 * the ones this test provokes on purpose (network cut; the server's 422 for
 * the bad figure; its 409 for the stale draft). Anything else — a script
 * error, a CSP violation, another status — still fails the test. */
const EXPECTED = /ERR_INTERNET_DISCONNECTED|Failed to load resource: the server responded with a status of (422|409)/;
const realErrors = (all) => all.filter((e) => !EXPECTED.test(e));

test('live points equal the server; offline save kept on the machine, synced on reconnect', async (t) => {
	const ctx = await lib.newContext(browser, { js: true, viewport: lib.LAPTOP });
	try {
		const page = await ctx.newPage();
		const watch = await lib.watchErrors(page);
		const previews = [];
		page.on('request', (r) => { if (r.url().endsWith('/preview')) previews.push(r.postData()); });
		await login(page);

		/* the page: light, labelled, no inline script, one polite status */
		const w = await lib.loadWithWeight(page, FORM);
		t.diagnostic(`form page weight ${w.bytes} bytes (${w.responses.length} responses)`);
		assert.ok(w.bytes <= 100 * 1024, `page weight ${w.bytes} > 100 KB`);
		await lib.assertLabels(page);
		assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
		assert.equal(await page.locator('[role="status"][aria-live="polite"]#trang-thai-nhap').count(), 1);
		assert.equal((await server()).status, 404, 'no assessment before the first save');

		/* ---- live recomputation while typing (nothing saved) ---- */
		await page.evaluate(() => {
			window.__live = [];
			new MutationObserver(() => {
				const b = document.getElementById('diem-tam-tinh');
				if (b) window.__live.push(b.textContent);
			}).observe(document.body, { subtree: true, childList: true, characterData: true });
		});
		await input(page, '1.1/assigned').fill('4');
		await input(page, '1.1/issued').fill('4');
		await input(page, '1.1/unlawful_handled').fill('0');
		await waitPoints(page, '1.1', '3');
		const before = previews.length;
		await input(page, '2.1/points').pressSequentially('4,5', { delay: 40 });
		await waitPoints(page, '2.1', '4,5');
		const burst = previews.length - before;
		t.diagnostic(`3 keystrokes in 2.1 → ${burst} preview request(s)`);
		assert.ok(burst >= 1 && burst <= 2, `debounced: ${burst} previews for 3 keystrokes`);
		await input(page, '1.2/points').fill('6');
		await waitPoints(page, '1.2', '6');
		await page.waitForFunction(() => /tổng 13,5 điểm/.test(
			(document.getElementById('diem-tam-tinh') || {}).textContent || ''));
		const live = await page.evaluate(() => window.__live);
		assert.ok(live.some((s) => s.includes('đang tính…')), `a "đang tính…" state was shown: ${live.slice(0, 3)}`);
		assert.match(await page.locator('details[data-crit="1"] > summary').textContent(), /— 9\/10 điểm/);
		assert.match(await page.locator('#diem-tam-tinh').textContent(), /Chưa đủ điều kiện công nhận/);
		const liveText = {};
		for (const c of ['1.1', '1.2', '2.1']) liveText[c] = await liveLine(page, c);
		assert.match(liveText['2.1'], /^Điểm: 4,5 .*— Điểm nhập: 4,5 điểm$/);
		assert.equal((await server()).status, 404, 'typing saved nothing');
		/* a bad figure is reported on its field by the server's message */
		await input(page, '2.2/points').fill('9');
		await page.waitForSelector('[id="e-2.2/points"]');
		assert.match(await page.locator('[id="e-2.2/points"]').textContent(), /Điểm phải từ 0 đến 5/);
		await input(page, '2.2/points').fill('');
		await page.waitForSelector('[id="e-2.2/points"]', { state: 'detached' });

		/* ---- save online: the server computes exactly the live figures ---- */
		await page.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page, 'đã đồng bộ');
		await page.waitForSelector('#thong-bao');
		assert.match(await page.locator('#thong-bao').textContent(), /Đã lưu và tính lại điểm/);
		let s = await server();
		assert.equal(s.status, 200);
		assert.equal(s.score.total, 13.5);
		assert.equal(pointsOf(s.score, '1.1'), 3);
		assert.equal(pointsOf(s.score, '2.1'), 4.5);
		for (const c of ['1.1', '1.2', '2.1'])
			assert.equal(await liveLine(page, c), liveText[c], `live line of ${c} = the saved page's`);
		assert.equal(await page.locator('#tong-diem').textContent(), '13,5');
		const v1 = s.score.version;

		/* ---- offline: typed figures stay on the machine, not on the server ---- */
		await lib.setOffline(ctx, true);
		await input(page, '2.2/points').fill('5');
		await input(page, '3.1/points').fill('4');
		await page.locator('[name="2.2/_comment"]').fill('Nhập khi mất mạng');
		await page.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page, 'đã lưu trên máy');
		await lib.assertContrast(page);
		await lib.screenshot(page, 'tu-danh-gia-ngoai-tuyen-1366');
		const draft = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), DRAFT_KEY);
		assert.ok(draft && draft.pending, 'a pending draft in localStorage');
		s = await server();
		assert.equal(s.score.version, v1, 'the server has not changed');
		assert.equal(s.values['2.2/points'], undefined);
		assert.equal(pointsOf(s.score, '3.1'), 0);

		/* ---- back online: the draft is sent by the normal save ---- */
		await lib.setOffline(ctx, false);
		await waitStatus(page, 'đã đồng bộ');
		s = await server();
		assert.equal(s.score.version, v1 + 1);
		assert.deepEqual(s.values, { '1.1/assigned': '4', '1.1/issued': '4', '1.1/unlawful_handled': '0',
			'1.2/points': '6', '2.1/points': '4,5', '2.2/points': '5', '3.1/points': '4' });
		assert.equal(s.comments['2.2/_comment'], 'Nhập khi mất mạng');
		assert.equal(s.score.total, 22.5);
		assert.equal(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null, 'draft removed');
		assert.equal(await page.locator('[name="2.2/points"]').inputValue(), '5');

		/* ---- the saved result section follows the typing too, then comes back ---- */
		await input(page, '2.6/points').fill('1');
		await page.waitForFunction(() => document.getElementById('tong-diem').textContent === '23,5');
		assert.match(await page.locator('section.result .live-note').textContent(), /chưa lưu/);
		assert.equal(await page.locator('tr[data-crit="2"] td').first().textContent(), '10,5');
		assert.match(await page.locator('#ket-luan').textContent(), /Chưa đủ điều kiện công nhận/);
		await input(page, '2.6/points').fill('');
		await page.waitForFunction(() => document.getElementById('tong-diem').textContent === '22,5');
		assert.equal(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null,
			'back to the saved figures: no draft');

		/* ---- offline, page closed, reopened online: restored and synced ---- */
		await lib.setOffline(ctx, true);
		await input(page, '2.3/points').fill('3');
		await page.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page, 'đã lưu trên máy');
		await page.close();
		assert.equal((await server()).values['2.3/points'], undefined, 'not on the server while offline');
		await lib.setOffline(ctx, false);
		const page2 = await ctx.newPage();
		const watch2 = await lib.watchErrors(page2);
		await page2.addInitScript(() => { /* the restore notice, however briefly shown */
			window.__notices = [];
			new MutationObserver(() => {
				const n = document.getElementById('ban-nhap');
				if (n) window.__notices.push(n.textContent);
			}).observe(document, { subtree: true, childList: true });
		});
		await page2.goto(FORM);
		await waitStatus(page2, 'đã đồng bộ');
		assert.match(await statusText(page2), /đã được lưu trên máy chủ/);
		const notices = await page2.evaluate(() => window.__notices);
		assert.ok(notices.some((n) => /Đã khôi phục số liệu bạn nhập lúc .*đang gửi lên máy chủ/.test(n)),
			`restore notice shown: ${notices}`);
		s = await server();
		assert.equal(s.values['2.3/points'], '3');
		assert.equal(s.values['2.2/points'], '5', 'nothing lost');
		assert.equal(s.score.total, 25.5);
		assert.equal(await page2.locator('[name="2.3/points"]').inputValue(), '3');
		assert.equal(await page2.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null);

		/* ---- a draft typed on an old version never overwrites the server ---- */
		await lib.setOffline(ctx, true);
		await input(page2, '2.4/points').fill('2');
		await page2.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page2, 'đã lưu trên máy');
		const other = Object.entries((await server()).values).map(([k, v]) => {
			const [item, field] = k.split('/');
			return { item, field, value: v };
		}).concat([{ item: '5.1', field: 'points', value: '1' }]);
		const put = await api.put(API, { headers: { 'X-CSRF-Token': apiCsrf },
			data: { version: s.score.version, values: other } });
		assert.equal(put.status(), 200, 'someone else saves meanwhile');
		await lib.setOffline(ctx, false);
		await waitStatus(page2, 'không bị ghi đè');
		s = await server();
		assert.equal(s.values['5.1/points'], '1', 'the other save is intact');
		assert.equal(s.values['2.4/points'], undefined, 'the stale draft was not written');
		assert.ok(await page2.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), 'the draft is kept');
		await page2.reload();
		await page2.waitForSelector('#ban-nhap');
		assert.match(await statusText(page2), /phiên bản cũ/);
		assert.match(await page2.locator('#ban-nhap').textContent(), /phiên bản cũ/);
		await page2.setViewportSize(lib.PHONE);
		await lib.assertNoOverflow(page2);
		await lib.assertContrast(page2);
		await page2.locator('#ban-nhap').scrollIntoViewIfNeeded();
		await lib.screenshot(page2, 'tu-danh-gia-ban-nhap-cu-360');
		assert.equal(await page2.locator('[name="5.1/points"]').inputValue(), '1', 'the form shows the server');
		await page2.getByRole('button', { name: 'Bỏ số liệu trên máy' }).click();
		await page2.waitForLoadState('load');
		await page2.waitForFunction((k) => localStorage.getItem(k) === null, DRAFT_KEY);

		/* ---- a bad figure typed offline: refused on reconnect, kept, then fixed ---- */
		await page2.waitForSelector('#phieu');
		const v2 = (await server()).score.version;
		await lib.setOffline(ctx, true);
		await input(page2, '2.5/points').fill('7');
		await page2.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page2, 'đã lưu trên máy');
		await lib.setOffline(ctx, false);
		await waitStatus(page2, 'chưa lưu');
		assert.match(await page2.locator('[id="e-2.5/points"]').textContent(), /Điểm phải từ 0 đến 5/);
		assert.equal(await input(page2, '2.5/points').inputValue(), '7', 'the typed value is still there');
		assert.ok(await page2.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), 'and still on the machine');
		assert.equal((await server()).score.version, v2, 'nothing written');
		await input(page2, '2.5/points').fill('2');
		await page2.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await waitStatus(page2, 'đã đồng bộ');
		s = await server();
		assert.equal(s.values['2.5/points'], '2');
		assert.equal(s.values['5.1/points'], '1');
		assert.equal(await page2.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null);

		assert.deepEqual(realErrors(await watch.all()), []);
		assert.deepEqual(realErrors(await watch2.all()), []);
	} finally {
		await lib.setOffline(ctx, false).catch(() => {});
		await ctx.close();
	}
});

test('without JavaScript the form still saves (no hooks needed)', async () => {
	const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		await login(page);
		assert.equal(await page.locator('#trang-thai-nhap').isVisible(), false, 'the empty status line is hidden');
		await input(page, '2.5/points').fill('1,5');
		await page.getByRole('button', { name: 'Lưu và tính điểm' }).click();
		await page.waitForURL(/da-luu=1/);
		assert.equal((await server()).values['2.5/points'], '1,5');
		await lib.assertNoOverflow(page);
	} finally {
		await ctx.close();
	}
});
