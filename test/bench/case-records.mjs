// HTTP side of test/bench/case-records.sh: plain Node 20 (fetch, perf_hooks), no dependencies.
// Phases, each run as its own process so the shell can act between them:
//   write  <state.json>                 sign in, create the agency, time the large case creates,
//                                       create the cases that the read phase reads
//   read   <state.json> <reads.json>    warm up, then time GET /cases/:id under concurrency
//   report <state.json> <reads.json> <rss KiB>   print the Markdown table
// Environment: BASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD, and the sizes below.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const SIZES = {
  createRuns: env('CREATE_RUNS', 5),
  createVictims: env('CREATE_VICTIMS', 200),
  readCases: env('READ_CASES', 50),
  readVictims: env('READ_VICTIMS', 10),
  warmup: env('WARMUP', 200),
  requests: env('REQUESTS', 3000),
  concurrency: env('CONCURRENCY', 10),
};
const BASE_URL = process.env.BASE_URL;
const REQUEST_TIMEOUT_MS = env('REQUEST_TIMEOUT_MS', 60000);

function fail(message) {
  console.error(`case-records: ${message}`);
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
  return { json: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
}

// ---- payloads ---------------------------------------------------------------------------------

let serial = 0;
/** A valid NIK unique within the run: district 18.01.06, a varying birth date, a unique serial. */
function nextNik(feminine) {
  const n = serial++;
  if (n >= 9999) fail('ran out of NIK serials; lower the sizes');
  const day = 1 + (n % 28) + (feminine ? 40 : 0);
  const month = 1 + (Math.floor(n / 28) % 12);
  const year = 70 + (n % 30);
  const pad = (v, w) => String(v).padStart(w, '0');
  return `180106${pad(day, 2)}${pad(month, 2)}${pad(year, 2)}${pad(n + 1, 4)}`;
}
let phoneSerial = 0;
const nextPhone = () => `0812${String(10000000 + phoneSerial++)}`;

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
  };
}

function casePayload(agencyId, title, victimCount, familySize, withPerpetrator) {
  return {
    title,
    summary: 'Benchmark: rescue of workers from a scam compound.',
    incidentType: 'trafficking',
    exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
    methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughInformalBroker'],
    exploitationCountry: 'KH',
    incidentDate: '2024-05-11',
    reportedDate: '2024-05-14',
    source: 'embassy_report',
    tags: ['tppo', 'kamboja', 'bench'],
    owningAgencyId: agencyId,
    victims: Array.from({ length: victimCount }, (_, i) => victim(i, familySize)),
    perpetrators: withPerpetrator
      ? [
          {
            perpetrator: {
              fullName: `Perekrut ${title}`,
              roles: ['RecruiterOrIntermediary'],
              homeRegionCode: '18.07',
              phones: [nextPhone()],
            },
            relationshipToVictims: 'Acquainted',
            roleInCase: 'offered the work in Cambodia',
          },
        ]
      : [],
  };
}

// ---- statistics -------------------------------------------------------------------------------

/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

// ---- phases -----------------------------------------------------------------------------------

async function write(statePath) {
  const login = await call('POST', '/api/v1/auth/login', {
    body: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD },
  });
  const token = login.json.accessToken;
  if (!token) fail(`login answered without accessToken: ${JSON.stringify(login.json)}`);

  const agency = await call('POST', '/api/v1/agencies', {
    token,
    expect: 201,
    body: {
      name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan (bench)',
      shortName: 'Disnakertrans Lamsel bench',
      type: 'disnakertrans',
      level: 'regency',
      regionCode: '18.01',
      casePrefix: 'LPG',
    },
  });
  const agencyId = agency.json.id;

  // 1. One POST per case with many victims, each with one family member.
  const createMs = [];
  let createBytes = 0;
  for (let run = 0; run < SIZES.createRuns; run++) {
    const payload = casePayload(agencyId, `Bench large ${run + 1}`, SIZES.createVictims, 1, false);
    const body = JSON.stringify(payload);
    createBytes = Buffer.byteLength(body);
    const start = performance.now();
    const created = await call('POST', '/api/v1/cases', { token, body: payload, expect: 201 });
    createMs.push(performance.now() - start);
    if (created.json.victimCount !== SIZES.createVictims) {
      fail(
        `case ${run + 1}: victimCount ${created.json.victimCount}, expected ${SIZES.createVictims}`,
      );
    }
    console.error(
      `  create ${SIZES.createVictims} victims, run ${run + 1}: ${ms(createMs.at(-1))} ms`,
    );
  }

  // 2. The cases the read phase reads: small victims lists, two relatives each, a perpetrator.
  const readCaseIds = [];
  const smallCreateMs = [];
  for (let i = 0; i < SIZES.readCases; i++) {
    const payload = casePayload(agencyId, `Bench read ${i + 1}`, SIZES.readVictims, 2, true);
    const start = performance.now();
    const created = await call('POST', '/api/v1/cases', { token, body: payload, expect: 201 });
    smallCreateMs.push(performance.now() - start);
    if (created.json.victimCount !== SIZES.readVictims || created.json.perpetrators?.length !== 1) {
      fail(
        `read case ${i + 1} came back with ${created.json.victimCount} victims and ${created.json.perpetrators?.length} perpetrators`,
      );
    }
    readCaseIds.push(created.json.id);
  }
  console.error(`  created ${readCaseIds.length} cases of ${SIZES.readVictims} victims`);

  writeFileSync(
    statePath,
    JSON.stringify({ token, agencyId, createMs, createBytes, smallCreateMs, readCaseIds }),
  );
}

async function read(statePath, readsPath) {
  const { token, readCaseIds } = JSON.parse(readFileSync(statePath, 'utf8'));
  const pick = () => readCaseIds[Math.floor(Math.random() * readCaseIds.length)];

  // Check the shape once per case (outside the timed run), then warm up.
  let responseBytes = 0;
  for (const id of readCaseIds) {
    const { json, bytes } = await call('GET', `/api/v1/cases/${id}`, { token });
    responseBytes = bytes;
    const families = json.victims?.reduce((n, v) => n + (v.familyMembers?.length ?? 0), 0);
    if (
      json.victimCount !== SIZES.readVictims ||
      families !== 2 * SIZES.readVictims ||
      json.perpetrators?.length !== 1
    ) {
      fail(
        `case ${id}: ${json.victimCount} victims, ${families} relatives, ${json.perpetrators?.length} perpetrators`,
      );
    }
  }

  /** `total` GETs on random ids from `concurrency` workers; latencies in ms. */
  async function load(total) {
    const latencies = [];
    let issued = 0;
    const worker = async () => {
      while (issued < total) {
        issued++;
        const id = pick();
        const start = performance.now();
        const response = await fetch(`${BASE_URL}/api/v1/cases/${id}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }).catch((error) => {
          throw new Error(
            `GET /api/v1/cases/${id}: ${error.cause?.code ?? error.name}: ${error.message}`,
            { cause: error },
          );
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - start);
        if (response.status !== 200) throw new Error(`GET /api/v1/cases/${id}: ${response.status}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: SIZES.concurrency }, worker));
    return { latencies, seconds: (performance.now() - started) / 1000 };
  }

  await load(SIZES.warmup);
  const { latencies, seconds } = await load(SIZES.requests);
  latencies.sort((a, b) => a - b);
  const result = {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
    responseBytes,
  };
  console.error(`  ${result.requests} reads in ${seconds.toFixed(1)} s`);
  writeFileSync(readsPath, JSON.stringify(result));
}

function report(statePath, readsPath, rssKiB) {
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  const reads = JSON.parse(readFileSync(readsPath, 'utf8'));
  const creates = [...state.createMs].sort((a, b) => a - b);
  const small = [...state.smallCreateMs].sort((a, b) => a - b);
  const median = (sorted) => percentile(sorted, 50);
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const rows = [
    [
      `POST /cases, ${SIZES.createVictims} victims x 1 relative (${kib(state.createBytes)} body), ${creates.length} cases`,
      `min ${ms(creates[0])} / median ${ms(median(creates))} / max ${ms(creates.at(-1))} ms`,
    ],
    [
      `POST /cases, ${SIZES.readVictims} victims x 2 relatives + 1 perpetrator, ${small.length} cases (setup, sequential)`,
      `median ${ms(median(small))} ms (min ${ms(small[0])}, max ${ms(small.at(-1))})`,
    ],
    [
      `GET /cases/:id, ${SIZES.readVictims}-victim cases (${kib(reads.responseBytes)} response), ${reads.requests} requests, concurrency ${SIZES.concurrency}`,
      `p50 ${ms(reads.p50)} / p95 ${ms(reads.p95)} / p99 ${ms(reads.p99)} ms (max ${ms(reads.max)})`,
    ],
    ['GET /cases/:id throughput', `${reads.rps.toFixed(0)} requests/s`],
    ['service RSS after the read run (VmRSS)', `${(Number(rssKiB) / 1024).toFixed(0)} MiB`],
  ];
  console.log('| measurement | result |');
  console.log('| --- | --- |');
  for (const [label, value] of rows) console.log(`| ${label} | ${value} |`);
}

const [phase, ...args] = process.argv.slice(2);
if (!BASE_URL && phase !== 'report') fail('BASE_URL is not set');
const phases = { write, read, report };
if (!phases[phase]) fail(`unknown phase ${phase}; use write, read or report`);
try {
  await phases[phase](...args);
} catch (error) {
  fail(error.message);
}
