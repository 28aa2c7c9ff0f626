// How soon the web app is usable on a slow phone connection, in Debian's Chromium driven by
// playwright-core: Chrome DevTools' "Slow 4G" preset (1.6 Mbit/s down and 750 kbit/s up, each
// at 90%, 562.5 ms latency: front_end/core/sdk/NetworkManager.ts) with the CPU slowed 4x.
// Measured from navigation to the moment the screen can be used (its heading and its data shown),
// cold (empty cache, as a first visit) and warm (the same browser coming back), RUNS times each.
//
// Usage: node test/bench/web-speed.mjs <base URL> <caseworker email> <password> [RUNS]
// (test/bench/web-speed.sh starts the built service on a fresh database and calls this.)
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const [base, email, password, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
const SLOW_4G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
};
const CPU_SLOWDOWN = 4;

async function api(path, init = {}, token) {
  const response = await fetch(`${base}/api/v1${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const { accessToken, expiresIn } = await api('/auth/login', {
  method: 'POST',
  body: JSON.stringify({ email, password }),
});
const user = await api('/me', {}, accessToken);
// The DOMAIN.md case: one deceased victim with his family, a recruiter, a referral.
const created = await api(
  '/cases',
  {
    method: 'POST',
    body: JSON.stringify({
      title: 'Ahmad Jayani, meninggal di Kamboja',
      incidentType: 'death_abroad',
      source: 'family',
      exploitationCountry: 'KH',
      exploitationTypes: ['OnlineScam', 'ForcedCriminality'],
      summary: 'Ditawari kerja oleh Hani, dipekerjakan sebagai "scammer" di Kamboja.',
      victims: [
        {
          fullName: 'Ahmad Jayani',
          currentSituation: 'deceased',
          estimatedAge: 36,
          originRegionCode: '18.01.06.2027',
          familyMembers: [
            { fullName: 'Janah', relation: 'mother', age: 60, primaryContact: true },
            { fullName: 'Mulhat', relation: 'father', alive: false },
          ],
        },
      ],
      perpetrators: [{ perpetrator: { fullName: 'Hani', homeRegionCode: '18.07' } }],
    }),
  },
  accessToken,
);
const session = { token: accessToken, user, expiresAt: Date.now() + expiresIn * 1000 };

async function firstScreenJs() {
  const root = 'dist/web';
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  for (const script of scripts) {
    const content = await readFile(join(root, script));
    raw += content.length;
    gz += gzipSync(content, { level: 9 }).length;
  }
  const all = (await readdir(join(root, 'assets'))).filter((f) => f.endsWith('.js'));
  let total = 0;
  for (const f of all) total += (await stat(join(root, 'assets', f))).size;
  return { scripts: scripts.length, raw, gz, allJsRaw: total };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});

/** One visit: ms from navigation until `ready` resolves, and the bytes the network carried. */
async function visit(page, cdp, url, ready) {
  let bytes = 0;
  const count = (event) => (bytes += event.encodedDataLength);
  cdp.on('Network.loadingFinished', count);
  const log = [];
  const began = (event) => log.push([performance.now(), 'start', event.request.url]);
  const ended = (event) => log.push([performance.now(), 'end', event.requestId]);
  if (process.env.WATERFALL) {
    cdp.on('Network.requestWillBeSent', began);
    cdp.on('Network.loadingFinished', ended);
  }
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  const ms = performance.now() - started;
  cdp.off('Network.loadingFinished', count);
  if (process.env.WATERFALL) {
    cdp.off('Network.requestWillBeSent', began);
    cdp.off('Network.loadingFinished', ended);
    for (const [at, what, detail] of log)
      if (what === 'start')
        console.error(`${Math.round(at - started)} ms  ${detail.replace(base, '')}`);
    console.error(`${Math.round(ms)} ms  usable`);
  }
  return { ms, bytes };
}

async function throttledContext(signedIn) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'id-ID',
  });
  if (signedIn)
    await context.addInitScript((stored) => {
      window.sessionStorage.setItem('jejak.session', stored);
    }, JSON.stringify(session));
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { context, page, cdp };
}

const screens = {
  'sign-in page': {
    path: '/login',
    signedIn: false,
    ready: (page) => page.getByRole('button', { name: 'Masuk' }).waitFor(),
  },
  'case page': {
    path: `/cases/${created.caseNumber}`,
    signedIn: true,
    ready: async (page) => {
      await page
        .getByRole('heading', { level: 1, name: 'Ahmad Jayani, meninggal di Kamboja' })
        .waitFor();
      await page.getByRole('rowheader', { name: 'Janah' }).waitFor();
    },
  },
  'case queue': {
    path: '/cases',
    signedIn: true,
    ready: (page) => page.getByRole('link', { name: created.caseNumber }).waitFor(),
  },
};

/**
 * The way a caseworker usually gets there: the queue is open (the app loaded, cold), then the
 * case is clicked; measured from the click to the case page being usable.
 */
async function fromQueue() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page, cdp } = await throttledContext(true);
    await visit(page, cdp, `${base}/cases`, screens['case queue'].ready);
    const started = performance.now();
    await page.getByRole('link', { name: created.caseNumber }).click();
    await screens['case page'].ready(page);
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
let warmByServiceWorker = 0;
for (const [name, screen] of Object.entries(screens)) {
  const cold = [];
  const warm = [];
  let coldBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const { context, page, cdp } = await throttledContext(screen.signedIn);
    const first = await visit(page, cdp, `${base}${screen.path}`, screen.ready);
    // Coming back means coming back after the first visit is over, its service worker (which
    // keeps the page and its first code) installed: a caseworker's next morning, not a reload
    // in the same second.
    const controlled = await page.evaluate(async () => {
      if (!('serviceWorker' in navigator)) return false;
      await navigator.serviceWorker.ready;
      return true;
    });
    const again = await visit(page, cdp, `${base}${screen.path}`, screen.ready);
    if (controlled && (await page.evaluate(() => navigator.serviceWorker.controller !== null)))
      warmByServiceWorker += 1;
    cold.push(first.ms);
    warm.push(again.ms);
    coldBytes = first.bytes;
    await context.close();
  }
  rows.push({ name, cold, warm, coldBytes });
}
const clicked = await fromQueue();
await browser.close();

const js = await firstScreenJs();
const kb = (n) => `${Math.round(n / 1024)} KB`;
const ms = (n) => `${Math.round(n)} ms`;
const lines = [
  `First screen's JavaScript: ${js.scripts} file(s), ${kb(js.raw)} raw, ${kb(js.gz)} gzipped (all screens: ${kb(js.allJsRaw)} raw)`,
  `Slow 4G (1.44 Mbit/s down, 562.5 ms latency) with the CPU slowed ${CPU_SLOWDOWN}x, ${RUNS} runs each:`,
  '',
  '| screen | cold median | cold max | warm median | warm max | bytes on the wire, cold |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${ms(median(r.cold))} | ${ms(Math.max(...r.cold))} | ${ms(median(r.warm))} | ${ms(Math.max(...r.warm))} | ${kb(r.coldBytes)} |`,
  ),
  `| case page, opened from the queue | ${ms(median(clicked))} | ${ms(Math.max(...clicked))} | (the app already loaded) | | |`,
  '',
  `Warm visits served through the app's service worker: ${warmByServiceWorker} of ${rows.length * RUNS}.`,
];
console.log(lines.join('\n'));
