'use strict';
/* Vietnamese text: exact expected phrases with diacritics, everything NFC
 * (both the bytes the server sent and what the browser shows), and no
 * mojibake; page weight (everything one page load fetches) <= 100 KB.
 * Then, as users type them: commune search without diacritics, and numbers
 * with the decimal comma. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const PAGES = require('./pages');

const MAX_WEIGHT = 100 * 1024;

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

for (const p of PAGES) {
	test(`${p.path}: Vietnamese text is NFC with diacritics; weight <= 100 KB`, async (t) => {
		const ctx = await lib.newContext(browser);
		try {
			const page = await ctx.newPage();
			const w = await lib.loadWithWeight(page, p.path);
			const html = w.responses.length ? await (await page.request.get(p.path)).text() : '';
			const shown = await page.evaluate(() => document.body.innerText);
			assert.equal(html, html.normalize('NFC'), `${p.path}: HTML is not NFC`);
			assert.equal(shown, shown.normalize('NFC'), `${p.path}: displayed text is not NFC`);
			assert.ok(lib.VI_DIACRITICS.test(shown), `${p.path}: no Vietnamese diacritics shown`);
			assert.doesNotMatch(shown, lib.MOJIBAKE, `${p.path}: mojibake in the page`);
			if (p.text)
				assert.ok(shown.includes(p.text), `${p.path}: missing "${p.text}"`);
			const list = w.responses.map((r) => `${new URL(r.url).pathname} ${r.bytes}`).join(', ');
			assert.ok(w.bytes <= MAX_WEIGHT, `${p.path}: ${w.bytes} bytes > ${MAX_WEIGHT} (${list})`);
			assert.ok(w.responses.length >= 2, `${p.path}: expected the page and its stylesheet, got ${list}`);
			t.diagnostic(`weight ${w.bytes} bytes: ${list}`);
		} finally {
			await ctx.close();
		}
	});
}

/* ---- Vietnamese search, decimal comma, dates (the demo database) ----
 * Dates typed and shown as dd/mm/yyyy (sign-off, posting period, return
 * deadline, council and decision) are checked along the journey in
 * journeys/commune-year.test.js. */

const shown = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
/* 2026-11-29 or 12.5 in what a user reads would be a formatting slip */
const ISO_DATE = /\b(19|20)\d\d-\d\d-\d\d\b/;
const DECIMAL_POINT = /\b\d+\.\d{1,2}\b/;

/* Fills the public results form as a user would (JavaScript off) and
 * returns the commune names listed. */
async function search(page, year, q) {
	await page.goto('/ket-qua');
	await page.getByLabel('Năm').fill(String(year));
	await page.getByLabel('Mã tỉnh').fill('04');
	await page.getByLabel('Tìm xã (không cần dấu)').fill(q);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Xem' }).click()]);
	return page.locator('tbody tr td:first-child a').allInnerTexts();
}

test('commune search ignores diacritics, letter case, đ and decomposed input (JavaScript off)', async (t) => {
	const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		assert.deepEqual(await search(page, 2023, 'soc ha'), ['Xã Sóc Hà']);
		assert.equal(await page.getByLabel('Tìm xã (không cần dấu)').inputValue(), 'soc ha', 'the query is kept');
		assert.deepEqual(await search(page, 2023, 'SÓC HÀ'), ['Xã Sóc Hà']);
		/* some phone keyboards send combining marks (NFD) */
		assert.deepEqual(await search(page, 2023, 'Sóc Hà'.normalize('NFD')), ['Xã Sóc Hà']);
		/* đ is a letter of its own in Unicode, not d plus a mark */
		assert.deepEqual(await search(page, 2018, 'dai son'), ['Xã Đại Sơn']);
		assert.deepEqual(await search(page, 2018, 'Đại sơn'), ['Xã Đại Sơn']);
		assert.deepEqual(await search(page, 2018, 'khong co xa nay'), []);
		assert.equal((await page.locator('#tong-ket').innerText()).trim(), 'Đạt chuẩn: 0 · Chưa đạt chuẩn: 0.');
		const all = await search(page, 2018, '');
		assert.ok(all.length > 20, `an empty query lists the province (${all.length} communes)`);
		t.diagnostic(`Cao Bằng 2018: ${all.length} communes; each query above narrowed them to one`);
	} finally {
		await ctx.close();
	}
});

test('numbers use the decimal comma, typed and shown; no decimal point or ISO date shown (JavaScript off)', async () => {
	const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		/* results table and result sheet: 79,25 points (demo, Đại Sơn 2018) */
		await search(page, 2018, 'dai son');
		assert.equal((await page.locator('tbody tr td.num').innerText()).trim(), '79,25');
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Xã Đại Sơn' }).click()]);
		let main = await shown(page);
		assert.ok(main.includes('Tổng điểm: 79,25.'), main.slice(0, 200));
		assert.doesNotMatch(main, DECIMAL_POINT, 'a decimal point on the result sheet');
		assert.doesNotMatch(main, ISO_DATE, 'an ISO date on the result sheet');
		/* typed with a comma, added exactly: 12,5 + 25,75 + 20 + 8 + 15 = 81,25 */
		await page.goto('/tinh-diem?bo=qd619-2017');
		await page.getByLabel('Loại đơn vị hành chính').fill('II');
		await page.getByLabel('Trong năm đánh giá có cán bộ').fill('0');
		const crit = page.getByLabel('Điểm của tiêu chí');
		for (const [i, v] of ['12,5', '25,75', '20', '8', '15'].entries()) await crit.nth(i).fill(v);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tính điểm' }).click()]);
		assert.equal((await page.locator('#kq + p strong').first().innerText()).trim(), '81,25');
		main = await shown(page);
		assert.ok(main.includes('Điểm nhập cho cả tiêu chí: 25,75 điểm'), 'the entered value is echoed with a comma');
		assert.doesNotMatch(main, DECIMAL_POINT, 'a decimal point in the playground result');
	} finally {
		await ctx.close();
	}
});
