'use strict';
/* Every main page works without JavaScript, as the role that uses it, on a
 * phone (360 px): the demo database and accounts of seed.sh (password
 * tiepcan-demo). Each page: HTTP 200 (no redirect to the login page),
 * lang="vi", one <h1>, a label on every field, no horizontal scrolling,
 * WCAG AA contrast. The public pages without a login are in pages.js (all
 * checks at both widths, JavaScript on) and here again with it off; the
 * pages only a journey's state reaches (a meeting, a decision) are checked
 * the same way at the end of journeys/commune-year.test.js. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const PUBLIC = require('./pages');

const PW = 'tiepcan-demo';
const ROLES = {
	'': PUBLIC.filter((p) => p.status === 200).map((p) => p.path)
		.concat(['/ket-qua?year=2023&province=04&q=soc+ha', '/ket-qua/01417/2023', '/bao-cao?year=2025&unit=04']),
	/* a commune official: her list, a signed (read-only) and a decided year */
	'xa.truongha': ['/xa', '/danh-gia/01392/2026', '/danh-gia/01392/2025', '/phan-cong/01392/2026', '/lich', '/ke-hoach'],
	'thamdinh.caobang': ['/tham-dinh', '/tham-dinh/01392/2026', '/hoi-dong', '/quyet-dinh', '/ke-hoach', '/lich',
		'/tap-huan', '/kiem-tra', '/nhan-rong', '/phan-cong/01392/2026', '/bao-cao?year=2025&unit=01392'],
	'hoidong.caobang': ['/hoi-dong', '/tham-dinh'],
	admin: ['/quan-tri/nguoi-dung', '/quan-tri/nhat-ky', '/quan-tri/cai-dat', '/quan-tri/don-vi', '/quan-tri/quy-tac'],
};

let browser;
before(async () => { browser = await lib.launchBrowser(); });
after(async () => { await lib.closeAll(browser); });

for (const [login, paths] of Object.entries(ROLES)) {
	test(`${login || 'the public'}: ${paths.length} pages without JavaScript at 360 px`, async (t) => {
		const ctx = await lib.newContext(browser, { js: false, viewport: lib.PHONE });
		try {
			const page = await ctx.newPage();
			if (login) await lib.login(page, login, PW);
			const bad = [];
			for (const p of paths) {
				const res = await page.goto(p);
				const where = new URL(page.url()).pathname;
				if (res.status() !== 200 || (where === '/dang-nhap' && !p.startsWith('/dang-nhap'))) {
					bad.push(`${p}: HTTP ${res.status()} at ${where}`);
					continue;
				}
				for (const check of [lib.assertPageBasics, lib.assertLabels, lib.assertNoOverflow])
					await check(page, p).catch((e) => bad.push(e.message));
				await lib.assertContrast(page, 4.5, p).catch((e) => bad.push(e.message));
			}
			assert.deepEqual(bad, [], bad.join('\n'));
			t.diagnostic(paths.join(' '));
		} finally {
			await ctx.close();
		}
	});
}
