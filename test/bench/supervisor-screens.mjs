// How soon a supervisor's screens are usable in Debian's Chromium on this machine (issue 14: a
// queue page and the dashboard within 1 s at a million cases), driven by playwright-core with no
// network or CPU throttling: the service, PostgreSQL and the browser share the machine's cores.
// Measured from navigation to the moment the screen can be used (READY below), cold (a new
// browser context: empty cache, the app's code fetched) and warm (the same context loading the
// address again), RUNS times each. Prints a Markdown table.
//
// Usage: node test/bench/supervisor-screens.mjs <base URL> <supervisor email> <password> [RUNS]
// (test/bench/queues-scale.sh calls it with SCREENS=1, on its seeded database.)
import { chromium } from 'playwright-core';

const [base, email, password, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);

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

const { accessToken, expiresIn, user } = await api('/auth/login', {
  method: 'POST',
  body: JSON.stringify({ email, password }),
});
// The tab's stored session, as the app keeps it after signing in (session.tsx).
const session = { token: accessToken, user, expiresAt: Date.now() + expiresIn * 1000 };

/** What "usable" means for each screen: its heading and the data a supervisor acts on. */
const SCREENS = {
  'unassigned queue': {
    path: '/cases?queue=unassigned',
    ready: async (page) => {
      // The first case of the page, and the side bar's counts.
      await page.getByRole('table').getByRole('link').first().waitFor();
      await page
        .getByRole('navigation', { name: /antrian/i })
        .getByText(/\d/)
        .first()
        .waitFor();
    },
  },
  // The dashboard's first part: the queues that need someone now and the case counts (totals,
  // months, countries, types); the victims' origins and the partners' service levels follow.
  'dashboard, first figures': {
    path: '/dashboard',
    ready: async (page) => {
      await page.getByRole('link', { name: /Belum ditugaskan$/ }).waitFor();
      await page.getByRole('table', { name: 'Kasus per bulan dicatat' }).waitFor();
    },
  },
  dashboard: {
    path: '/dashboard',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // Every figure drawn: nothing is still loading, and the charts have their shapes.
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[aria-busy="true"], .mantine-Loader-root').length === 0 &&
          document.querySelectorAll('[role="img"] svg path').length > 0,
        undefined,
        { timeout: 60_000 },
      );
    },
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});

async function visit(page, url, ready) {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return performance.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const [name, screen] of Object.entries(SCREENS)) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'id-ID',
    });
    await context.addInitScript((stored) => {
      window.sessionStorage.setItem('jejak.session', stored);
    }, JSON.stringify(session));
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    cold.push(await visit(page, `${base}${screen.path}`, screen.ready));
    warm.push(await visit(page, `${base}${screen.path}`, screen.ready));
    await context.close();
  }
  rows.push({ name, cold, warm });
}
await browser.close();

const ms = (n) => `${Math.round(n)} ms`;
console.log(
  [
    `The supervisor's screens in Chromium, no throttling, ${RUNS} runs each (usable: the screen's data shown; cold: a new browser context, warm: the same one again):`,
    '',
    '| screen | cold median | cold max | warm median | warm max | target |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${ms(median(r.cold))} | ${ms(Math.max(...r.cold))} | ${ms(median(r.warm))} | ${ms(Math.max(...r.warm))} | ${median(r.cold) < 1000 ? 'met' : '**not met**'} (< 1 s) |`,
    ),
  ].join('\n'),
);
