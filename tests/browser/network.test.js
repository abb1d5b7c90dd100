'use strict';
/* Slow link and offline: the helpers later "slow link" and "offline
 * drafts" journeys build on, each shown to take effect. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

const PAGE = '/quy-tac/qd25-2021';
const BUDGET_MS = 5000; /* "loads within a few seconds" on 3G */

async function timedLoad(page) {
	const t0 = Date.now();
	const res = await page.goto(PAGE, { waitUntil: 'load' });
	assert.equal(res.status(), 200);
	return Date.now() - t0;
}

test(`${PAGE} on a 3G-like link (400 ms RTT, 400 kbit/s) loads within ${BUDGET_MS} ms`, async (t) => {
	/* two fresh contexts, so the throttled load has an empty cache too */
	const fastCtx = await lib.newContext(browser, { viewport: lib.PHONE });
	const ctx = await lib.newContext(browser, { viewport: lib.PHONE });
	try {
		const fast = await timedLoad(await fastCtx.newPage());
		const page = await ctx.newPage();
		const unthrottle = await lib.throttle(page, lib.SLOW_3G);
		const slow = await timedLoad(page);
		await unthrottle();
		const line = `throttled load of ${PAGE}: ${slow} ms (unthrottled ${fast} ms)`;
		t.diagnostic(line);
		/* the throttle took effect: at least one 400 ms round trip */
		assert.ok(slow >= lib.SLOW_3G.latency, `throttling had no effect: ${slow} ms`);
		assert.ok(slow <= BUDGET_MS, `${PAGE} took ${slow} ms on 3G, budget ${BUDGET_MS} ms`);
	} finally {
		await fastCtx.close();
		await ctx.close();
	}
});

test('score playground on a 3G-like link: the form loads and its result comes back within budget', async (t) => {
	const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		const unthrottle = await lib.throttle(page, lib.SLOW_3G);
		let t0 = Date.now();
		await page.goto('/tinh-diem?bo=qd25-2021', { waitUntil: 'load' });
		const load = Date.now() - t0;
		await page.getByLabel('Số văn bản quy phạm pháp luật được giao ban hành trong năm').fill('2');
		await page.getByLabel('Số văn bản quy phạm pháp luật được giao đã ban hành').fill('2');
		t0 = Date.now();
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
			page.getByRole('button', { name: 'Tính điểm' }).click()]);
		const submit = Date.now() - t0;
		await unthrottle();
		assert.match(await page.locator('#kq + p').textContent(), /Tổng điểm: \d/);
		t.diagnostic(`throttled playground: form ${load} ms, submit and result ${submit} ms`);
		assert.ok(load >= lib.SLOW_3G.latency && submit >= lib.SLOW_3G.latency, 'throttling had no effect');
		assert.ok(load <= BUDGET_MS && submit <= BUDGET_MS, `form ${load} ms, submit ${submit} ms; budget ${BUDGET_MS} ms`);
	} finally {
		await ctx.close();
	}
});

test('offline helper: pages fail while offline and load again once back online', async () => {
	const ctx = await lib.newContext(browser);
	try {
		const page = await ctx.newPage();
		await page.goto('/');
		await lib.setOffline(ctx, true);
		assert.equal(await page.evaluate(() => navigator.onLine), false);
		const fetched = await page.evaluate(() => fetch('/api/v1').then(() => 'ok', () => 'failed'));
		assert.equal(fetched, 'failed');
		await assert.rejects(page.goto('/quy-tac'), /ERR_INTERNET_DISCONNECTED/);
		await lib.setOffline(ctx, false);
		const res = await page.goto('/quy-tac');
		assert.equal(await page.evaluate(() => navigator.onLine), true);
		assert.equal(res.status(), 200);
	} finally {
		await ctx.close();
	}
});
