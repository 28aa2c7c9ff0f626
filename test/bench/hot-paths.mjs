// Node side of test/bench/hot-paths.sh: plain Node 20 plus smtp-server from the repo's
// node_modules (to receive the caseworker's password link). Phases, each its own process:
//   setup  <state.json> <ids.txt>       product: sign in as the admin, create the agency and a
//                                       caseworker (password set through the emailed link), then as
//                                       that caseworker PRODUCT_CASES one-victim cases and
//                                       TEN_VICTIM_CASES cases of 10 victims with two relatives each
//   smoke  bare|product <ids.txt>      every GET the load runs answers 2xx, right shape
//   report <results.jsonl> <state.json> <warnings.txt> <notes.txt> <others.txt>
//                                       the Markdown table; the run's facts (sizes, RSS,
//                                       versions) come in the environment
// Environment: BASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD, SMTP_PORT (setup); TOKEN (smoke, product);
// PRODUCT_CASES (2000), TEN_VICTIM_CASES (20), SETUP_CONCURRENCY (8).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const BASE_URL = process.env.BASE_URL;
const REQUEST_TIMEOUT_MS = 60_000;

function fail(message) {
  console.error(`hot-paths: ${message}`);
  process.exit(1);
}

/** One request; throws with the status and a bit of the body on anything unexpected. */
async function call(method, path, { token, body, expect = 200 } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${BASE_URL}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${method} ${path}: ${error.cause?.code ?? error.name}: ${error.message}`, {
      cause: error,
    });
  }
  const text = await response.text();
  if (response.status !== expect) {
    throw new Error(
      `${method} ${path}: expected ${expect}, got ${response.status}: ${text.slice(0, 600)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}

// ---- payloads ---------------------------------------------------------------------------------
// NIKs here use district 18.01.06; hot-paths.lua's POSTs use 32.01.01, so the two never collide.

let serial = 0;
function nextNik(feminine) {
  const n = serial++;
  const pad = (v, w) => String(v).padStart(w, '0');
  const day = 1 + (n % 28) + (feminine ? 40 : 0);
  const month = 1 + (Math.floor(n / 28) % 12);
  const year = 70 + (Math.floor(n / 336) % 30);
  return `180106${pad(day, 2)}${pad(month, 2)}${pad(year, 2)}${pad(1 + Math.floor(n / 10080), 4)}`;
}
let phoneSerial = 0;
const nextPhone = () => `0812${String(10000000 + phoneSerial++)}`;

const TITLE =
  'Laporan dugaan TPPO: pekerja migran direkrut calo dengan janji kerja di restoran, ' +
  'dibawa lewat jalur tidak resmi, ditampung di kompleks penipuan daring, paspor ditahan, ' +
  'gaji tidak dibayar; keluarga melapor ke Disnaker dan BP3MI lewat hotline. No. ';

function victim(index, familySize) {
  const feminine = index % 2 === 1;
  const relations = ['mother', 'father', 'spouse', 'sibling'];
  return {
    fullName: `Korban ${index + 1}`,
    gender: feminine ? 'Feminine' : 'Masculine',
    estimatedAge: 20 + (index % 25),
    nik: nextNik(feminine),
    phone: nextPhone(),
    originRegionCode: '18.01.06.2027',
    migrationChannel: 'non_procedural',
    occupationAbroad: 'online scam operator (forced)',
    currentSituation: 'detained',
    traffickingStatus: 'PossibleVictimOfTrafficking',
    ...(familySize > 0 && {
      familyMembers: Array.from({ length: familySize }, (_, j) => ({
        fullName: `Keluarga ${index + 1}.${j + 1}`,
        relation: relations[j % relations.length],
        age: 50 + j,
        primaryContact: j === 0,
        consentToContact: j === 0,
        phone: nextPhone(),
        regionCode: '18.01.06.2027',
        needs: ['case_information'],
      })),
    }),
  };
}

/** The same case shape as hot-paths.lua's POST, so GET by id reads what the POST run writes. */
function casePayload(title, victimCount, familySize) {
  return {
    title,
    summary: 'Keluarga melapor lewat hotline; korban menghubungi keluarga dari kompleks.',
    incidentType: 'trafficking',
    exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
    methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughInformalBroker'],
    exploitationCountry: 'KH',
    incidentDate: '2024-05-11',
    reportedDate: '2024-05-14',
    source: 'family',
    tags: ['tppo', 'bench'],
    victims: Array.from({ length: victimCount }, (_, i) => victim(i, familySize)),
  };
}

// ---- the caseworker ---------------------------------------------------------------------------

/** A loopback SMTP server that hands each message's raw text to `onMessage`. */
async function startSink(port, onMessage) {
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        onMessage(
          session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          Buffer.concat(chunks).toString('utf8'),
        );
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The password-link token in a message, whatever transfer encoding each MIME part used. */
function linkToken(raw) {
  const texts = [
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
  ];
  for (const block of raw.split(/\r?\n\r?\n/)) {
    const compact = block.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]{40,}={0,2}$/.test(compact))
      texts.push(Buffer.from(compact, 'base64').toString());
  }
  for (const text of texts) {
    const match = /\/set-password#token=([A-Za-z0-9_.-]+)/.exec(text);
    if (match) return match[1];
  }
  return null;
}

/**
 * Creates a caseworker the way an admin does (POST /users), receives the emailed one-time link
 * on the loopback SMTP sink the service was started with, sets the password and signs in.
 */
async function signInCaseworker(adminToken, agencyId) {
  const email = 'caseworker@bench.jejak.local';
  const password = `bench-caseworker-${Math.random().toString(36).slice(2, 12)}`;
  let resolveToken;
  const tokenArrived = new Promise((resolve) => (resolveToken = resolve));
  const sink = await startSink(Number(process.env.SMTP_PORT), (to, raw) => {
    if (to.includes(email)) resolveToken(linkToken(raw));
  });
  try {
    const user = await call('POST', '/api/v1/users', {
      token: adminToken,
      expect: 201,
      body: { email, fullName: 'Siti Rahayu (bench)', role: 'caseworker', agencyId },
    });
    const linkTokenValue = await Promise.race([
      tokenArrived,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no password email within 30 s')), 30_000),
      ),
    ]);
    if (!linkTokenValue) throw new Error('the password email carries no set-password link');
    await call('POST', '/api/v1/auth/password-setup', {
      expect: 204,
      body: { token: linkTokenValue, password },
    });
    const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (login.user?.role !== 'caseworker') throw new Error(`signed in as ${login.user?.role}`);
    return { token: login.accessToken, userId: user.id, role: 'caseworker', email };
  } finally {
    await sink.close();
  }
}

/** `count` creates from `concurrency` workers; ids in creation order. */
async function createMany(token, count, concurrency, make, check) {
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const created = await call('POST', '/api/v1/cases', { token, body: make(i), expect: 201 });
      check(created, i);
      ids[i] = created.id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

// ---- phases -----------------------------------------------------------------------------------

async function setup(statePath, idsPath) {
  const started = performance.now();
  const admin = await call('POST', '/api/v1/auth/login', {
    body: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD },
  });
  if (!admin.accessToken) fail(`login answered without accessToken: ${JSON.stringify(admin)}`);

  const agency = await call('POST', '/api/v1/agencies', {
    token: admin.accessToken,
    expect: 201,
    body: {
      name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan (bench)',
      shortName: 'Disnakertrans Lamsel bench',
      type: 'disnakertrans',
      level: 'regency',
      regionCode: '18.01',
      casePrefix: 'HOT',
    },
  });

  let caller;
  let callerNote = null;
  try {
    caller = await signInCaseworker(admin.accessToken, agency.id);
    console.error(`  signed in as the caseworker ${caller.email}`);
  } catch (error) {
    // Still measure, but say loudly that an admin (who sees every agency) made the requests.
    callerNote = `could not sign in a caseworker (${error.message}); the load ran as the admin`;
    console.error(`  WARN ${callerNote}`);
    caller = {
      token: admin.accessToken,
      userId: admin.user?.id,
      role: 'admin',
      email: process.env.ADMIN_EMAIL,
    };
  }

  const productCases = num('PRODUCT_CASES', 2000);
  const concurrency = num('SETUP_CONCURRENCY', 8);
  const t0 = performance.now();
  const oneVictimIds = await createMany(
    caller.token,
    productCases,
    concurrency,
    (i) => casePayload(`${TITLE}setup-${i + 1}`, 1, 0),
    (created, i) => {
      if (created.victimCount !== 1)
        fail(`case ${i + 1} came back with ${created.victimCount} victims`);
    },
  );
  const oneVictimSeconds = (performance.now() - t0) / 1000;
  console.error(
    `  ${productCases} one-victim cases in ${oneVictimSeconds.toFixed(1)} s (${concurrency} at a time)`,
  );

  const tenVictimIds = await createMany(
    caller.token,
    num('TEN_VICTIM_CASES', 20),
    Math.min(concurrency, 4),
    (i) => casePayload(`${TITLE}ten-${i + 1}`, 10, 2),
    (created, i) => {
      const relatives = created.victims?.reduce((n, v) => n + (v.familyMembers?.length ?? 0), 0);
      if (created.victimCount !== 10 || relatives !== 20)
        fail(`10-victim case ${i + 1}: ${created.victimCount} victims, ${relatives} relatives`);
    },
  );
  console.error(`  ${tenVictimIds.length} cases of 10 victims x 2 relatives`);

  writeFileSync(idsPath, oneVictimIds.join('\n') + '\n');
  writeFileSync(`${idsPath}.ten`, tenVictimIds.join('\n') + '\n');
  writeFileSync(
    statePath,
    JSON.stringify({
      token: caller.token,
      role: caller.role,
      userId: caller.userId,
      callerNote,
      agencyId: agency.id,
      casePrefix: 'HOT',
      oneVictimSeconds,
      setupSeconds: (performance.now() - started) / 1000,
      tenVictimCount: tenVictimIds.length,
    }),
  );
}

async function smoke(side, idsPath) {
  const token = process.env.TOKEN || undefined;
  const ids = readFileSync(idsPath, 'utf8').split('\n').filter(Boolean);
  if (ids.length === 0) fail(`no ids in ${idsPath}`);
  const api = side === 'bare' ? '' : '/api/v1';
  const one = await call('GET', `${api}/cases/${ids[Math.floor(Math.random() * ids.length)]}`, {
    token,
  });
  if (side === 'product' && one.victimCount !== 1)
    fail(`GET by id: ${one.victimCount} victims, expected 1`);
  if (side === 'bare' && !one.id) fail(`GET by id answered ${JSON.stringify(one).slice(0, 200)}`);
  const page = await call('GET', `${api}/cases?limit=50`, { token });
  if (page.items?.length !== 50) fail(`first page holds ${page.items?.length} items, expected 50`);
  if (side === 'product') {
    const tenIds = readFileSync(`${idsPath}.ten`, 'utf8').split('\n').filter(Boolean);
    const ten = await call('GET', `${api}/cases/${tenIds[0]}`, { token });
    const relatives = ten.victims?.reduce((n, v) => n + (v.familyMembers?.length ?? 0), 0);
    if (ten.victimCount !== 10 || relatives !== 20)
      fail(`10-victim read: ${ten.victimCount} victims, ${relatives} relatives`);
    console.error(
      `  product: GET by id ${JSON.stringify(one).length} B, first page ${JSON.stringify(page).length} B, 10-victim case ${JSON.stringify(ten).length} B`,
    );
  } else {
    console.error(
      `  bare: GET by id ${JSON.stringify(one).length} B, first page ${JSON.stringify(page).length} B`,
    );
  }
}

// ---- report -----------------------------------------------------------------------------------

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const MB = (kib) => `${(Number(kib) / 1024).toFixed(0)} MB`;

/** The run's facts, as hot-paths.sh passes them in its environment. */
function metaFrom(env, state, warningsPath) {
  const version = (name) =>
    JSON.parse(readFileSync(`${env.RAW_WORK}/node_modules/${name}/package.json`, 'utf8')).version;
  return {
    ...env,
    date: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    role: state.role,
    callerNote: state.callerNote,
    tenCases: state.tenVictimCount,
    setupRate: (Number(env.PRODUCT_CASES) / state.oneVictimSeconds).toFixed(0),
    fastify: version('fastify'),
    pg: version('pg'),
    warnings: readFileSync(warningsPath, 'utf8').split('\n').filter(Boolean),
  };
}

/** The Markdown report of the recorded runs. */
function report(resultsPath, statePath, warningsPath, notesPath, othersPath) {
  const meta = metaFrom(process.env, JSON.parse(readFileSync(statePath, 'utf8')), warningsPath);
  // Every recorded run, in the order made: round n of an endpoint is its nth bare and nth product run.
  const rounds = new Map();
  for (const line of readFileSync(resultsPath, 'utf8').split('\n').filter(Boolean)) {
    const run = JSON.parse(line);
    const key = `${run.side}:${run.key}`;
    rounds.set(key, [...(rounds.get(key) ?? []), run]);
  }
  const failures = (run) => (run ? run.errors.status + run.errors.timeout + run.errors.socket : 0);
  const warnings = [...meta.warnings];
  // Share of the machine that other processes took during each recorded run.
  const others = readFileSync(othersPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
  for (const [side, key, pct] of others) {
    if (Number(pct) > 10)
      warnings.push(
        `WARN: other processes took ${pct}% of the machine during the ${side} ${key} run: its figures are low`,
      );
  }
  for (const run of [...rounds.values()].flat()) {
    const failed = failures(run);
    if (failed > 0)
      warnings.push(
        `WARN: ${run.side} ${run.label}: ${failed} of ${run.requests} requests failed (HTTP >= 400: ${run.errors.status}, timeout ${run.errors.timeout}, socket ${run.errors.socket})`,
      );
  }

  const rows = [
    { key: 'byid', label: 'GET /cases/:id (one victim)', ratio: 30, p99: 50 },
    { key: 'list', label: 'GET /cases?limit=50 (first page)', ratio: 30, p99: 50 },
    { key: 'post', label: 'POST /cases (one victim)', ratio: 15 },
    { key: 'ten', label: 'GET /cases/:id (10 victims x 2 relatives), product only' },
  ];
  const lines = [
    '| endpoint | bare req/s | product req/s | ratio % | bare p50/p99 | product p50/p99 | target met? |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const cell = (run, f) => (run ? f(run) : '–');
  // wrk records no latency for an answer that came after its timeout: when every one did, the run
  // has no latency to show.
  const latency = (r) =>
    r.requests > r.errors.timeout + r.errors.socket
      ? `${ms(r.p50)} / ${ms(r.p99)} ms`
      : 'every answer > 2 s (timed out)';
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  /** One side's runs of an endpoint as one: the median of each figure, failures summed. */
  const combined = (runs) =>
    runs && runs.length > 0
      ? {
          ...runs[0],
          rps: median(runs.map((r) => r.rps)),
          p50: median(runs.map((r) => r.p50)),
          p99: median(runs.map((r) => r.p99)),
          requests: runs.reduce((sum, r) => sum + r.requests, 0),
          errors: Object.fromEntries(
            Object.keys(runs[0].errors).map((k) => [
              k,
              runs.reduce((sum, r) => sum + r.errors[k], 0),
            ]),
          ),
        }
      : undefined;
  const roundRatios = [];
  for (const row of rows) {
    const bareRuns = rounds.get(`bare:${row.key}`) ?? [];
    const productRuns = rounds.get(`product:${row.key}`) ?? [];
    const bare = combined(bareRuns);
    const product = combined(productRuns);
    // Each round's ratio from its own two runs, made seconds apart; the verdict takes the median.
    const ratios = productRuns
      .slice(0, bareRuns.length)
      .map((run, i) => (100 * run.rps) / bareRuns[i].rps);
    const ratio = ratios.length > 0 ? median(ratios) : null;
    if (ratios.length > 1)
      roundRatios.push(`${row.label}: ${ratios.map((r) => r.toFixed(1)).join(', ')} %`);
    let verdict = '– (reported)';
    if (row.ratio !== undefined) {
      const misses = [];
      if (ratio === null) misses.push('not measured');
      else if (ratio < row.ratio) misses.push(`ratio < ${row.ratio}%`);
      if (row.p99 !== undefined && product && product.p99 >= row.p99)
        misses.push(`p99 >= ${row.p99} ms`);
      if (failures(bare) + failures(product) > 0) misses.push('requests failed');
      const goal = `>= ${row.ratio}%${row.p99 !== undefined ? `, p99 < ${row.p99} ms` : ''}`;
      verdict = misses.length === 0 ? `yes (${goal})` : `**no**: ${misses.join(', ')} (${goal})`;
    } else if (failures(product) > 0) {
      verdict = '**requests failed**';
    }
    lines.push(
      `| ${row.label} | ${cell(bare, (r) => r.rps.toFixed(0))} | ${cell(product, (r) => r.rps.toFixed(0))} | ${ratio === null ? '–' : ratio.toFixed(1)} | ${cell(bare, latency)} | ${cell(product, latency)} | ${verdict} |`,
    );
  }
  lines.push(
    `| product RSS: first boot, migrating / at start / idle before load / peak under load / after load | | ${MB(meta.RSS_MIGRATION_BOOT)} / ${MB(meta.RSS_START)} / ${MB(meta.RSS_IDLE)} / ${MB(meta.RSS_PEAK)} / ${MB(meta.RSS_AFTER)} | | | | ${Number(meta.RSS_AFTER) / 1024 < 250 ? 'yes' : '**no**'} (after load < 250 MB) |`,
    `| bare server RSS: idle / peak under load | ${MB(meta.BARE_RSS_IDLE)} / ${MB(meta.BARE_RSS_PEAK)} | | | | | |`,
  );
  const sizes = [...rounds.values()]
    .map((runs) => runs[0])
    .map((r) => `${r.side} ${r.key} ${(r.bytes / Math.max(1, r.requests) / 1024).toFixed(1)} KiB`)
    .join(', ');

  const out = [
    `# Hot paths: bare stack vs product (${meta.date})`,
    '',
    ...lines,
    '',
    ...(warnings.length ? [...warnings, ''] : []),
    ...(roundRatios.length
      ? [
          `- ${meta.ROUNDS} rounds, bare and product alternating; req/s, p50 and p99 above are each side's median, the ratio the median of the rounds' ratios: ${roundRatios.join('; ')}.`,
        ]
      : []),
    ...readFileSync(notesPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((note) => `- ${note}`),
    `- Load: \`wrk -t2 -c50\`, ${meta.WARMUP} s unrecorded warm-up then ${meta.DURATION} s recorded (--latency) per endpoint and round, bare then product (wrk's default 2 s timeout: a slower answer counts as failed); wrk shares the ${meta.CORES} cores with both servers, PostgreSQL and Redis. CPU busy before the run: ${meta.BUSY}%.`,
    `- Other processes' share of the machine during each recorded run: ${others.map(([side, key, pct]) => `${side} ${key} ${pct}%`).join(', ')}.`,
    `- Product: ${meta.BUILD}; LOG_LEVEL ${meta.LOG_LEVEL_USED}; requests as a **${meta.role}** of the bench agency${meta.callerNote ? ` (${meta.callerNote})` : ''}; other settings at their defaults (APP_ROLE=all${meta.POOL ? '' : ', DATABASE_POOL_SIZE 10'})${meta.POOL ? `; DATABASE_POOL_SIZE ${meta.POOL}` : ''}.`,
    `- Bare: ${meta.RAW_BASELINE_DIR}/server.js (Fastify ${meta.fastify}, pg ${meta.pg}, pool of 10, no logger).`,
    `- Sizes: bare ${meta.ROWS} rows, GET by id over ${meta.BARE_IDS} random ids. Product: ${meta.PRODUCT_CASES} one-victim cases through the API (${meta.setupRate} cases/s, ${meta.SETUP_CONCURRENCY} at a time) + ${meta.BULK_CASES} by SQL in the same agency = ${meta.PRODUCT_ROWS} cases visible to the caller before the load; GET by id over the ${meta.PRODUCT_CASES} one-victim cases; the 10-victim read over ${meta.tenCases} cases.`,
    `- POST runs, rows stored vs answers (warm-up + recorded): bare ${meta.BARE_POST_CHECK}, product ${meta.PRODUCT_POST_CHECK}.`,
    `- Mean response size: ${sizes}. Product log written during the load: ${(Number(meta.LOG_BYTES) / 1048576).toFixed(1)} MiB.`,
    `- Node ${process.version}, PostgreSQL ${meta.PG_VERSION}, Redis ${meta.REDIS_VERSION}; ${meta.CORES} cores (${meta.CPU}).`,
    `- Wall time to this report: ${meta.WALL} s.`,
  ];
  console.log(out.join('\n'));
}

const [phase, ...args] = process.argv.slice(2);
if (!BASE_URL && phase !== 'report') fail('BASE_URL is not set');
const phases = { setup, smoke, report };
if (!phases[phase]) fail(`unknown phase ${phase}; use setup, smoke or report`);
try {
  await phases[phase](...args);
} catch (error) {
  fail(error.message);
}
