'use strict';
/* Every page in pages.js at 360 px and 1366 px: status, lang="vi", a title,
 * one <h1>, a label on every field, no horizontal scrolling, WCAG AA
 * contrast; a screenshot of each into tests/artifacts/screenshots/. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const PAGES = require('./pages');

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

for (const vp of lib.WIDTHS) {
	for (const p of PAGES) {
		test(`${p.path} at ${vp.width} px: layout, labels, no overflow, contrast`, async (t) => {
			const ctx = await lib.newContext(browser, { viewport: vp });
			try {
				const page = await ctx.newPage();
				const res = await page.goto(p.path);
				assert.equal(res.status(), p.status, `${p.path}: HTTP status`);
				await lib.assertPageBasics(page, p.path);
				const fields = await lib.assertLabels(page, p.path);
				await lib.assertNoOverflow(page, `${p.path} at ${vp.width} px`);
				const lowest = await lib.assertContrast(page, 4.5, `${p.path} at ${vp.width} px`);
				await lib.screenshot(page, `${p.name}-${vp.width}`);
				t.diagnostic(`${fields} labelled fields, lowest contrast ${lowest.toFixed(2)}:1`);
			} finally {
				await ctx.close();
			}
		});
	}
}
