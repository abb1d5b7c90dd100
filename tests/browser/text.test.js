'use strict';
/* Vietnamese text: exact expected phrases with diacritics, everything NFC
 * (both the bytes the server sent and what the browser shows), and no
 * mojibake; page weight (everything one page load fetches) <= 100 KB. */
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
