'use strict';
/* Keyboard only: from the top of each page, Tab visits the skip link, the
 * main links and then the form fields in document order (which is also the
 * visual order: the layout never reorders), every stop is scrolled into
 * view and shows a visible focus ring (outline >= 2 px or a box-shadow)
 * whose colour has 3:1 contrast against the background around it. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const PAGES = require('./pages');

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

for (const vp of lib.WIDTHS) {
	for (const p of PAGES) {
		test(`${p.path} at ${vp.width} px: Tab order and visible focus`, async () => {
			const ctx = await lib.newContext(browser, { viewport: vp });
			try {
				const page = await ctx.newPage();
				await page.goto(p.path);
				const { total, stops } = await lib.tabThrough(page, p.tabStops);
				assert.ok(stops.length >= Math.min(p.tabStops, total) && stops.length > 0, `${p.path}: no tab stops`);
				const seq = stops.map((s) => `${s.idx}:${s.tag} ${s.text}`);
				stops.forEach((s, i) => {
					assert.equal(s.idx, i, `${p.path}: Tab stop ${i + 1} is out of document order: ${seq.join(' | ')}`);
					assert.ok(s.outline || s.shadow, `${p.path}: no visible focus on ${seq[i]}`);
					assert.ok(s.inView, `${p.path}: focused element off screen: ${seq[i]}`);
					/* WCAG 2.2 non-text contrast: the ring >= 3:1 against what surrounds it */
					if (s.ringColor) {
						const r = lib.contrastRatio(lib.parseColor(s.ringColor).rgb, lib.parseColor(s.ringBg).rgb);
						assert.ok(r >= 3, `${p.path}: focus ring ${s.ringColor} on ${s.ringBg} is ${r.toFixed(2)}:1 (< 3:1) at ${seq[i]}`);
					}
				});
				/* the first stop is the skip link, then the site's main links */
				assert.match(stops[0].text, /^#noi-dung$/, `${p.path}: first Tab stop should be the skip link: ${seq[0]}`);
				const hrefs = stops.map((s) => s.text);
				for (const h of ['/', '/quy-tac', '/tinh-diem'])
					assert.ok(hrefs.includes(h), `${p.path}: Tab never reached the link ${h}: ${seq.join(' | ')}`);
			} finally {
				await ctx.close();
			}
		});
	}
}

test('/tinh-diem: Tab reaches the rule-set chooser and the indicator fields, Enter submits', async () => {
	const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		await page.goto('/tinh-diem?bo=qd25-2021');
		const { stops } = await lib.tabThrough(page, 40);
		const ids = stops.map((s) => s.text);
		const chooser = ids.indexOf('bo');
		const first = ids.indexOf('f-1.1/assigned');
		assert.ok(chooser > 0, `chooser not reached: ${ids.join(' | ')}`);
		assert.ok(first > chooser, `indicator 1.1 fields not reached after the chooser: ${ids.join(' | ')}`);
		assert.deepEqual(ids.slice(first, first + 3), ['f-1.1/assigned', 'f-1.1/issued', 'f-1.1/unlawful_handled']);
		/* type into the focused fields with the keyboard alone, submit with Enter */
		await page.focus('#f-1\\.1\\/assigned');
		await page.keyboard.type('2');
		await page.keyboard.press('Tab');
		await page.keyboard.type('2');
		await page.keyboard.press('Tab');
		await page.keyboard.type('0');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await assert.doesNotReject(page.locator('#kq').waitFor(), 'no result after Enter');
		assert.equal(await page.locator('tbody tr', { has: page.locator('th', { hasText: /^1\.1$/ }) }).locator('td.num').textContent(), '3');
	} finally {
		await ctx.close();
	}
});
