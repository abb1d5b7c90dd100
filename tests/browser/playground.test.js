'use strict';
/* The score playground end to end, with JavaScript off (the baseline every
 * page must meet) and on (which must add no console errors and no CSP
 * violations): choose qd25-2021, fill indicator 1.1, submit, read the
 * points and the verdict the server computed. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

/* Indicator 1.1 of QĐ 25/2021 (max 3): 1.1.1 "issued >= assigned" 1 point,
 * 1.1.2 "unlawful_handled = 0" 2 points (rules/qd25-2021.rules). */
async function scoreIndicator11(page, assigned, issued, unlawful) {
	await page.goto('/tinh-diem');
	await page.getByLabel('Bộ quy tắc').selectOption('qd25-2021');
	await Promise.all([page.waitForURL(/bo=qd25-2021/), page.getByRole('button', { name: 'Chọn' }).click()]);
	await page.getByLabel('Số văn bản quy phạm pháp luật được giao ban hành trong năm').fill(String(assigned));
	await page.getByLabel('Số văn bản quy phạm pháp luật được giao đã ban hành').fill(String(issued));
	await page.getByLabel('Số văn bản quy phạm pháp luật ban hành trái pháp luật').fill(String(unlawful));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tính điểm' }).click()]);
	const row = (code) => page.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${code.replace('.', '\\.')}$`) }) });
	return {
		total: await page.locator('#kq + p strong').textContent(),
		verdict: await page.locator('#kq + p .verdict-pass, #kq + p .verdict-fail').textContent(),
		p11: await row('1.1').locator('td.num').textContent(),
		p111: await row('1.1.1').locator('td.num').textContent(),
		p112: await row('1.1.2').locator('td.num').textContent(),
		/* the form keeps what was typed */
		kept: await page.getByLabel('Số văn bản quy phạm pháp luật được giao đã ban hành').inputValue(),
	};
}

for (const js of [false, true]) {
	test(`score playground with JavaScript ${js ? 'on' : 'off'}`, async (t) => {
		/* without JavaScript on a phone, with it on a laptop */
		const viewport = js ? lib.LAPTOP : lib.PHONE;
		const ctx = await lib.newContext(browser, { js, viewport });
		try {
			const page = await ctx.newPage();
			const watch = await lib.watchErrors(page);
			const full = await scoreIndicator11(page, 2, 2, 0);
			assert.deepEqual(full, { total: '3', verdict: 'Chưa đủ điều kiện công nhận', p11: '3', p111: '1', p112: '2', kept: '2' });
			await lib.screenshot(page, `tinh-diem-ket-qua-${viewport.width}`);
			const late = await scoreIndicator11(page, 2, 1, 0);
			assert.deepEqual(late, { total: '2', verdict: 'Chưa đủ điều kiện công nhận', p11: '2', p111: '0', p112: '2', kept: '1' });
			/* the result page meets the same bar as every GET page */
			await lib.assertNoOverflow(page, `playground result at ${viewport.width} px`);
			await lib.assertPageBasics(page, 'playground result');
			await lib.assertLabels(page, 'playground result');
			await lib.assertContrast(page, 4.5, 'playground result');
			/* proof the context really runs (or not) app.js: its
			 * "Mở tất cả" button exists only with JavaScript */
			await page.goto('/quy-tac/qd25-2021');
			assert.equal(await page.getByRole('button', { name: 'Mở tất cả' }).count(), js ? 1 : 0);
			if (js) assert.deepEqual(await watch.all(), [], 'console errors or CSP violations');
			t.diagnostic(`1.1 with 2/2/0 → ${full.p11} points, 2/1/0 → ${late.p11} points`);
		} finally {
			await ctx.close();
		}
	});
}

test('score playground: a bad number is reported on its field in Vietnamese (JavaScript off)', async () => {
	const ctx = await lib.newContext(browser, { js: false });
	try {
		const page = await ctx.newPage();
		await page.goto('/tinh-diem?bo=qd25-2021');
		const field = page.getByLabel('Số văn bản quy phạm pháp luật được giao đã ban hành');
		await field.fill('hai');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tính điểm' }).click()]);
		assert.equal(await field.getAttribute('aria-invalid'), 'true');
		assert.equal(await field.inputValue(), 'hai');
		const msg = page.locator('#f-1\\.1\\/issued + .field-error');
		assert.match(await msg.textContent(), /^Phải là một số/);
		await lib.screenshot(page, 'tinh-diem-loi-360');
	} finally {
		await ctx.close();
	}
});
