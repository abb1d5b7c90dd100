'use strict';
/* tests/browser/lib.js — shared helpers for the browser tests.
 *
 * Who owns what:
 *   - tests/suite-browser.sh starts ONE real `tiepcan serve` (temp database,
 *     free port) and passes its URL in TIEPCAN_URL; every test file uses it.
 *     Run by hand without the wrapper, set TIEPCAN_BIN=build/tiepcan and
 *     each test file starts (and stops) its own server through serverUrl().
 *   - Every test file launches its own browser (node --test runs files in
 *     separate processes) with launchBrowser() and closes it in after().
 *   - Assertion helpers throw an AssertionError whose message lists every
 *     offending element, so one failure tells the whole story.
 *
 * Nothing here downloads anything: Chromium is Debian's /usr/bin/chromium,
 * driven by npm playwright-core (which never fetches browsers itself).
 *
 * Journeys (login, assessments, reviewer, public pages): login() drives the
 * real /dang-nhap form by its labels; the users come from seed.sh (shared
 * server) or from the journey's own database (tiepcanBin(), run()). New pages
 * are added to PAGES in pages.js so every experience check covers them.
 * See tests/browser/README.md "Adding a journey".
 */
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.TIEPCAN_CHROMIUM || '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = process.env.TIEPCAN_ARTIFACTS || path.join(ROOT, 'tests', 'artifacts');

/* The two widths every page must work at: a small Android phone and the
 * most common office laptop. */
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1366, height: 768 };
const WIDTHS = [PHONE, LAPTOP];

/* ~3G as seen in mountain communes: 400 ms round trip, 400 kbit/s each way. */
const SLOW_3G = { latency: 400, downloadKbps: 400, uploadKbps: 400 };

/* ---------- server ---------- */

/* Starts `BIN serve` on 127.0.0.1 with a free port and a temp database
 * (or `db`), with extra environment `env` (e.g. { TIEPCAN_NOW: '2026-11-02' },
 * the test clock of app/dossier.h); resolves to { url, db, stop() }. stop() sends SIGTERM and resolves to the
 * exit code (a clean shutdown is 0). */
function startServer(bin, { db, env } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepcan-srv-'));
	const dbPath = db || path.join(dir, 'tiepcan.db');
	const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--db', dbPath, '--quiet'],
		{ stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(env || {}) } });
	let out = '';
	let err = '';
	child.stderr.on('data', (d) => { err += d; });
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tiepcan serve did not print its URL within 10 s: ${err}`));
		}, 10000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = /^tiepcan: listening on (http:\S+)$/m.exec(out);
			if (!m) return;
			clearTimeout(timer);
			resolve({
				url: m[1].replace(/\/$/, ''),
				db: dbPath,
				async stop() {
					child.kill('SIGTERM');
					const code = await exited;
					fs.rmSync(dir, { recursive: true, force: true });
					return code;
				},
			});
		});
		exited.then((code) => reject(new Error(`tiepcan serve exited with ${code}: ${err}`)));
	});
}

let ownServer = null;
let ownDir = null;

/* The base URL (no trailing slash): the wrapper's server, or one started
 * here from TIEPCAN_BIN on a database seeded by seed.sh, as the wrapper
 * does (stopped and removed by closeAll()). */
async function serverUrl() {
	if (process.env.TIEPCAN_URL) return process.env.TIEPCAN_URL.replace(/\/$/, '');
	if (!ownServer) {
		const bin = process.env.TIEPCAN_BIN;
		if (!bin) throw new Error('set TIEPCAN_URL (a running server) or TIEPCAN_BIN (e.g. build/tiepcan); '
			+ 'normally tests/suite-browser.sh does this');
		ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepcan-seed-'));
		const db = path.join(ownDir, 'tiepcan.db');
		execFileSync('sh', [path.join(__dirname, 'seed.sh'), path.resolve(ROOT, bin), db], { stdio: 'ignore' });
		ownServer = await startServer(path.resolve(ROOT, bin), { db });
	}
	return ownServer.url;
}

/* ---------- browser and contexts ---------- */

/* Playwright's launch() gives Chromium a fresh temporary --user-data-dir of
 * its own (under TMPDIR, which the wrapper points at its temp dir) and
 * deletes it on close; passing --user-data-dir ourselves is refused by
 * launch(). */
async function launchBrowser() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--disable-dev-shm-usage'],
	});
}

/* A fresh context (no cookies, no cache): js true/false, viewport one of
 * WIDTHS (default LAPTOP). Vietnamese locale and the Hanoi time zone, as
 * the users have. */
async function newContext(browser, { js = true, viewport = LAPTOP } = {}) {
	return browser.newContext({
		javaScriptEnabled: js,
		viewport,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		baseURL: await serverUrl(),
	});
}

async function closeAll(browser) {
	if (browser) await browser.close();
	if (ownServer) {
		const s = ownServer;
		ownServer = null;
		await s.stop();
		fs.rmSync(ownDir, { recursive: true, force: true });
	}
}

/* ---------- watching a page ---------- */

/* Collects console errors, uncaught page errors and CSP violations from the
 * moment it is called. CSP violations are caught twice: Chromium logs them
 * as console errors, and an init script (not itself subject to the page's
 * CSP) records every `securitypolicyviolation` event. Call before goto(). */
async function watchErrors(page) {
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	await page.addInitScript(() => {
		window.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) => {
			window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
		});
	});
	return {
		errors,
		async all() {
			const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
			return errors.concat(csp.map((c) => `csp: ${c}`));
		},
	};
}

/* Loads `url` in `page` and returns { bytes, responses: [{url, bytes}] }:
 * the decoded body sizes of everything the load fetched (for a response
 * without a readable body, e.g. a redirect, the size on the wire). */
async function loadWithWeight(page, url) {
	const pending = [];
	const onResponse = (r) => pending.push(r.body().then((b) => ({ url: r.url(), bytes: b.length }),
		() => r.request().sizes().then((z) => ({ url: r.url(), bytes: z.responseBodySize }))));
	page.on('response', onResponse);
	await page.goto(url, { waitUntil: 'load' });
	page.off('response', onResponse);
	const responses = await Promise.all(pending);
	return { bytes: responses.reduce((s, r) => s + r.bytes, 0), responses };
}

/* ---------- network conditions ---------- */

/* Throttles one page through CDP Network.emulateNetworkConditions (the
 * same mechanism as DevTools). Returns an async function that lifts it. */
async function throttle(page, profile = SLOW_3G) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	const set = (p) => cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: p.latency,
		downloadThroughput: p.downloadKbps > 0 ? (p.downloadKbps * 1000) / 8 : -1,
		uploadThroughput: p.uploadKbps > 0 ? (p.uploadKbps * 1000) / 8 : -1,
	});
	await set(profile);
	return async () => {
		await set({ latency: 0, downloadKbps: 0, uploadKbps: 0 });
		await cdp.detach();
	};
}

/* Cuts (true) or restores (false) the network for a whole context: the
 * basis of the "offline drafts" journeys. */
async function setOffline(context, offline) {
	await context.setOffline(offline);
}

/* ---------- assertion helpers ---------- */

/* No horizontal scrolling at the current viewport. */
async function assertNoOverflow(page, label = page.url()) {
	const r = await page.evaluate(() => {
		const de = document.documentElement;
		const wide = [];
		for (const el of document.body.querySelectorAll('*')) {
			const b = el.getBoundingClientRect();
			if (b.right > window.innerWidth + 0.5 && b.width > 0 && !el.closest('.table-wrap'))
				wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + el.className : ''} (right ${Math.round(b.right)})`);
		}
		return { scroll: de.scrollWidth, inner: window.innerWidth, wide: wide.slice(0, 5) };
	});
	assert.ok(r.scroll <= r.inner,
		`${label}: horizontal scrolling at ${r.inner} px (scrollWidth ${r.scroll}); too wide: ${r.wide.join(', ')}`);
}

/* lang="vi", a non-empty <title>, exactly one <h1>. */
async function assertPageBasics(page, label = page.url()) {
	const r = await page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang'),
		title: document.title.trim(),
		h1: document.querySelectorAll('h1').length,
	}));
	assert.equal(r.lang, 'vi', `${label}: <html lang> is ${r.lang}`);
	assert.ok(r.title.length > 0, `${label}: empty <title>`);
	assert.equal(r.h1, 1, `${label}: ${r.h1} <h1> elements, want exactly 1`);
}

/* Every visible form field (input except hidden/submit/button, select,
 * textarea) has a <label for=id> or a wrapping <label> with text. Returns
 * the number of fields checked. */
async function assertLabels(page, label = page.url()) {
	const r = await page.evaluate(() => {
		const bad = [];
		let n = 0;
		for (const el of document.querySelectorAll('input, select, textarea')) {
			if (el.matches('[type=hidden], [type=submit], [type=button], [type=reset], [type=image]')) continue;
			n++;
			const text = Array.from(el.labels || []).map((l) => l.textContent.trim()).join(' ');
			if (!text) bad.push(el.name || el.id || el.outerHTML.slice(0, 60));
		}
		return { n, bad };
	});
	assert.deepEqual(r.bad, [], `${label}: fields without a <label>: ${r.bad.join(', ')}`);
	return r.n;
}

/* WCAG 2.x relative luminance and contrast ratio of two [r,g,b] 0..255. */
function luminance([r, g, b]) {
	const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrastRatio(fg, bg) {
	const a = luminance(fg);
	const b = luminance(bg);
	return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
function parseColor(s) {
	const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s);
	if (!m) throw new Error(`unparsable colour ${s}`);
	return { rgb: [+m[1], +m[2], +m[3]], alpha: m[4] === undefined ? 1 : +m[4] };
}

/* Every visible element with its own text: its colour against the first
 * opaque background up the tree (composited over white at the top).
 * Returns [{ what, fg, bg }] for the caller to rate. Background images are
 * not used anywhere in app.css; if one appears the element is reported. */
async function textColours(page) {
	return page.evaluate(() => {
		const seen = new Map();
		const bgOf = (el) => {
			for (let e = el; e; e = e.parentElement) {
				const cs = getComputedStyle(e);
				if (cs.backgroundImage !== 'none') return 'image';
				const c = cs.backgroundColor;
				if (c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c)) return c;
			}
			return 'rgb(255, 255, 255)';
		};
		for (const el of document.body.querySelectorAll('*')) {
			const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
			if (!own) continue;
			const b = el.getBoundingClientRect();
			const cs = getComputedStyle(el);
			if (b.width === 0 || b.height === 0 || cs.visibility === 'hidden' || b.right < 0) continue;
			const fg = cs.color;
			const bg = bgOf(el);
			const key = `${el.tagName}|${fg}|${bg}`;
			if (!seen.has(key))
				seen.set(key, { what: `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 30)}"`, fg, bg });
		}
		return Array.from(seen.values());
	});
}

/* All text and links reach `min` (WCAG AA 4.5:1) against their background.
 * Returns the lowest ratio found. */
async function assertContrast(page, min = 4.5, label = page.url()) {
	const bad = [];
	let lowest = 21;
	for (const t of await textColours(page)) {
		if (t.bg === 'image') { bad.push(`${t.what}: text over a background image`); continue; }
		const fg = parseColor(t.fg);
		const bg = parseColor(t.bg);
		assert.equal(fg.alpha, 1, `${label}: ${t.what} has translucent text ${t.fg}`);
		const r = contrastRatio(fg.rgb, bg.rgb);
		lowest = Math.min(lowest, r);
		if (r < min) bad.push(`${t.what}: ${t.fg} on ${t.bg} = ${r.toFixed(2)}:1`);
	}
	assert.deepEqual(bad, [], `${label}: contrast below ${min}:1: ${bad.join('; ')}`);
	return lowest;
}

/* Presses Tab up to `max` times from the top of the page and returns one
 * entry per stop: { idx (DOM order among tabbables), tag, text, outline,
 * shadow, inView, ringColor, ringBg (the background around the ring) }.
 * The page's tabbable elements are numbered first so order can be checked. */
async function tabThrough(page, max) {
	const expected = await page.evaluate(() => {
		const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
		const shown = (el) => {
			const cs = getComputedStyle(el);
			return cs.display !== 'none' && cs.visibility !== 'hidden' && !el.closest('[hidden]');
		};
		const tabbable = (el) => el.matches(sel) && el.tabIndex >= 0 && !el.disabled
			&& (el.tagName !== 'SUMMARY' || el.parentElement.tagName === 'DETAILS') && shown(el);
		/* Chromium also stops on a scroll container (a wide table's
		 * .table-wrap on a phone) that has nothing focusable inside, so
		 * keyboard users can scroll it: expect those too. */
		const scroller = (el) => {
			const cs = getComputedStyle(el);
			const x = /auto|scroll/.test(cs.overflowX) && el.scrollWidth > el.clientWidth;
			const y = /auto|scroll/.test(cs.overflowY) && el.scrollHeight > el.clientHeight;
			return el !== document.body && el !== document.documentElement && (x || y) && shown(el)
				&& !Array.from(el.querySelectorAll(sel)).some(tabbable);
		};
		const list = Array.from(document.body.querySelectorAll('*')).filter((el) => tabbable(el) || scroller(el));
		list.forEach((el, i) => { el.dataset.tabIdx = String(i); });
		return list.length;
	});
	await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
	const stops = [];
	for (let i = 0; i < Math.min(max, expected); i++) {
		await page.keyboard.press('Tab');
		stops.push(await page.evaluate(() => {
			const el = document.activeElement;
			const cs = getComputedStyle(el);
			const b = el.getBoundingClientRect();
			/* the ring is drawn outside the element (outline-offset): it
			 * must stand out against what is painted there — found at a
			 * point on the ring's left edge, so positioned elements (the
			 * skip link over the header) are judged where they really are */
			let bg = 'rgb(255, 255, 255)';
			const off = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) / 2;
			const x = Math.min(Math.max(b.left - off, 0), window.innerWidth - 1);
			const y = Math.min(Math.max(b.top + b.height / 2, 0), window.innerHeight - 1);
			for (const e of document.elementsFromPoint(x, y)) {
				if (e === el || el.contains(e)) continue;
				const c = getComputedStyle(e).backgroundColor;
				if (c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c)) { bg = c; break; }
			}
			return {
				ringColor: cs.outlineStyle !== 'none' ? cs.outlineColor : null,
				ringBg: bg,
				idx: el.dataset.tabIdx === undefined ? -1 : +el.dataset.tabIdx,
				tag: el.tagName.toLowerCase(),
				text: (el.getAttribute('href') || el.id || el.value || el.textContent || '').trim().slice(0, 40),
				outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
				shadow: cs.boxShadow !== 'none',
				inView: b.bottom > 0 && b.top < window.innerHeight && b.right > 0 && b.left < window.innerWidth,
			};
		}));
	}
	return { total: expected, stops };
}

/* ---------- text ---------- */

/* Letters only Vietnamese uses (precomposed, NFC). */
const VI_DIACRITICS = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
/* Typical UTF-8-read-as-Latin-1 garbage and the replacement character. */
const MOJIBAKE = /Ã.|Ä.|á»|áº|\uFFFD/;

/* ---------- journeys ---------- */

/* The tiepcan binary (TIEPCAN_BIN, set by tests/suite-browser.sh), for
 * journeys that need a database and clock of their own. */
function tiepcanBin() {
	const bin = process.env.TIEPCAN_BIN;
	if (!bin) throw new Error('set TIEPCAN_BIN (e.g. build/tiepcan); normally tests/suite-browser.sh does this');
	return path.resolve(ROOT, bin);
}

/* Runs `BIN args...` (stdin `input`), returns stdout; throws with stderr on
 * a non-zero exit. For setting up a journey's data with the real CLI. */
function run(args, input) {
	try {
		return execFileSync(tiepcanBin(), args, { input: input || '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
	} catch (e) {
		throw new Error(`tiepcan ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
	}
}

/* Signs in through the real /dang-nhap form (by its labels) and checks it
 * landed signed in: the header names the account. `base` is the server's
 * URL when the context's baseURL is not the one to use. Works with and
 * without JavaScript. */
async function login(page, user, password, base = '') {
	await page.goto(`${base}/dang-nhap`);
	await page.getByLabel('Tên đăng nhập').fill(user);
	await page.getByLabel('Mật khẩu').fill(password);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
	assert.equal(new URL(page.url()).pathname, '/', `login of ${user}: landed on ${page.url()}`);
	await page.locator('.account .who').waitFor();
	assert.equal(await page.getByRole('button', { name: 'Đăng xuất' }).count(), 1, `login of ${user}: no sign-out button`);
}

/* ---------- screenshots ---------- */

/* Saves the viewport as tests/artifacts/screenshots/NAME.png; returns the path. */
async function screenshot(page, name) {
	const dir = path.join(ARTIFACTS, 'screenshots');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	await page.screenshot({ path: file, fullPage: false });
	return file;
}

module.exports = {
	PHONE, LAPTOP, WIDTHS, SLOW_3G, VI_DIACRITICS, MOJIBAKE, ARTIFACTS,
	startServer, serverUrl, launchBrowser, newContext, closeAll,
	watchErrors, loadWithWeight, throttle, setOffline,
	assertNoOverflow, assertPageBasics, assertLabels, assertContrast, contrastRatio, luminance,
	parseColor, textColours, tabThrough, screenshot, tiepcanBin, run, login,
};
