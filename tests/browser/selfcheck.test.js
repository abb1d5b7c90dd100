'use strict';
/* The checkers check themselves: each must be able to fail. The contrast
 * arithmetic against known WCAG values; the error watcher against a real
 * CSP violation and a real script error on one of our pages; the overflow
 * and label checks against a page made to break them. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

test('contrast ratio matches known WCAG values', () => {
	assert.equal(lib.contrastRatio([0, 0, 0], [255, 255, 255]).toFixed(2), '21.00');
	assert.equal(lib.contrastRatio([255, 255, 255], [255, 255, 255]).toFixed(2), '1.00');
	/* #767676 on white is the classic just-passing grey; #777777 just fails */
	assert.ok(lib.contrastRatio([0x76, 0x76, 0x76], [255, 255, 255]) >= 4.5);
	assert.ok(lib.contrastRatio([0x77, 0x77, 0x77], [255, 255, 255]) < 4.5);
	assert.deepEqual(lib.parseColor('rgba(1, 2, 3, 0.5)'), { rgb: [1, 2, 3], alpha: 0.5 });
});

test('error watcher sees a CSP violation and a script error on a served page', async () => {
	const ctx = await lib.newContext(browser);
	try {
		const page = await ctx.newPage();
		const watch = await lib.watchErrors(page);
		await page.goto('/');
		assert.deepEqual(await watch.all(), []);
		/* an inline script added to the DOM is blocked by our CSP */
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.__ran = true;';
			document.head.appendChild(s);
		});
		assert.equal(await page.evaluate(() => window.__ran === true), false, 'inline script ran: no CSP?');
		await page.evaluate(() => setTimeout(() => { throw new Error('deliberate'); }, 0));
		await page.waitForTimeout(100);
		const all = (await watch.all()).join('\n');
		assert.match(all, /^csp: script-src/m);
		assert.match(all, /Content Security Policy/);
		assert.match(all, /pageerror: deliberate/);
	} finally {
		await ctx.close();
	}
});

test('overflow, label and contrast checks fail on a page made to break them', async () => {
	const ctx = await lib.newContext(browser, { viewport: lib.PHONE });
	try {
		const page = await ctx.newPage();
		await page.goto('/');
		await page.evaluate(() => {
			const d = document.createElement('div');
			d.style.width = '500px';
			d.textContent = 'rộng quá';
			d.style.color = '#999';
			document.querySelector('main').appendChild(d);
			const i = document.createElement('input');
			i.name = 'khong-nhan';
			document.querySelector('main').appendChild(i);
		});
		await assert.rejects(lib.assertNoOverflow(page), /horizontal scrolling at 360 px/);
		await assert.rejects(lib.assertLabels(page), /fields without a <label>: khong-nhan/);
		await assert.rejects(lib.assertContrast(page), /div "rộng quá": rgb\(153, 153, 153\) on rgb\(255, 255, 255\) = 2\.85:1/);
	} finally {
		await ctx.close();
	}
});
