// Node side of test/bench/queues-scale.sh: plain Node 20, no packages. Phases, each its own process:
//   cursor <json>                       the queue cursor of a position given as the JSON array
//                                       [sort, ...keys as text, id] (encodeQueueCursor's format)
//   sink   <port>                       a loopback SMTP server that accepts every message and
//                                       discards it (smtp-server from the repo's node_modules)
//   plans  <slices.tsv> <plans.txt> <verdicts.jsonl>
//                                       cuts auto_explain's plans out of the PostgreSQL log slices
//                                       (one per endpoint: key, label, expected index prefix, file),
//                                       writes them for people and a verdict per endpoint on its
//                                       top scan of `cases`
//   report <results.jsonl> <endpoints.tsv> <verdicts.jsonl> <warnings.txt> <others.txt>
//                                       the Markdown table; the run's facts come in the environment
//                                       (BASELINE: a results .jsonl of an earlier run, the 10,000-case
//                                       one, for the "within 2x" column)
import { readFileSync, writeFileSync } from 'node:fs';

function fail(message) {
  console.error(`queues-scale: ${message}`);
  process.exit(1);
}

const lines = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

// ---- cursor -----------------------------------------------------------------------------------

function cursor(json) {
  const position = JSON.parse(json);
  if (!Array.isArray(position) || !position.every((part) => typeof part === 'string'))
    fail(`not a cursor position: ${json}`);
  console.log(Buffer.from(JSON.stringify(position)).toString('base64url'));
}

// ---- sink ------------------------------------------------------------------------------------

async function sink(port) {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', resolve);
  });
  process.on('SIGTERM', () => {
    console.log(`${received} messages received`);
    server.close(() => process.exit(0));
  });
}

// ---- plans ------------------------------------------------------------------------------------

/**
 * auto_explain's entries in a slice of the server log (stderr format: each entry starts with the
 * log_line_prefix's time stamp, its further lines with a tab): the query text and plan of each
 * statement the bench database ran, in order.
 */
function explainEntries(text, database) {
  const entries = [];
  let current = null;
  const start = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? \S+ \[\d+\] /;
  for (const line of text.split('\n')) {
    if (start.test(line)) {
      current = null;
      const match = new RegExp(`@${database} LOG:  duration: ([0-9.]+) ms  plan:`).exec(line);
      if (match) {
        current = { ms: Number(match[1]), body: [] };
        entries.push(current);
      }
    } else if (current && line.startsWith('\t')) {
      current.body.push(line.slice(1));
    } else {
      current = null;
    }
  }
  return entries.map(({ ms, body }) => {
    // The query text may span lines; the plan starts at its first unindented node line.
    const planStart = body.findIndex((l, i) => i > 0 && /^\S.*\(cost=/.test(l));
    const queryLines = planStart > 0 ? body.slice(0, planStart) : body.slice(0, 1);
    return {
      ms,
      query: queryLines.join('\n').replace(/^Query Text: /, ''),
      plan: planStart > 0 ? body.slice(planStart) : body.slice(1),
    };
  });
}

/**
 * How the plan reads `cases`, top-down as it prints them: each access is a scan, or a bitmap heap
 * scan with the index scans that feed it (one, or several under a BitmapAnd/BitmapOr).
 */
function casesAccesses(plan) {
  const accesses = [];
  let bitmap = null;
  for (const line of plan) {
    const bitmapIndex = /Bitmap Index Scan on (\S+)/.exec(line);
    if (bitmapIndex) {
      if (bitmap) bitmap.indexes.push(bitmapIndex[1]);
      continue;
    }
    const scan =
      /((?:Parallel )?(?:Seq Scan|Index Only Scan(?: Backward)?|Index Scan(?: Backward)?|Bitmap Heap Scan))(?: using (\S+))? on (\S+)/.exec(
        line,
      );
    if (!scan) continue;
    bitmap = null;
    if (scan[3] !== 'cases') continue;
    const access = { kind: scan[1], indexes: scan[2] ? [scan[2]] : [] };
    if (scan[1].endsWith('Bitmap Heap Scan')) bitmap = access;
    accesses.push(access);
  }
  return accesses;
}

const describe = (access) =>
  access.indexes.length === 0
    ? `${access.kind} on cases`
    : `${access.kind} ${access.kind.endsWith('Bitmap Heap Scan') ? 'over' : 'using'} ${access.indexes.join(' + ')}`;

/** yes: every index of the access is the expected one; partly: some are; no: none (or a seq scan). */
function onExpected(access, expected) {
  const matches = access.indexes.filter((index) =>
    expected.endsWith('_') ? index.startsWith(expected) : index === expected,
  );
  if (matches.length > 0 && matches.length === access.indexes.length) return 'yes';
  return matches.length > 0 ? 'partly' : 'no';
}

/** A plan's shape: its lines without the figures that change between executions. */
const shape = (plan) =>
  plan
    .filter((l) => !/^\s*(Planning|Execution|Buffers|I\/O Timings|JIT)/.test(l.trim()))
    .map((l) => l.replace(/\(actual[^)]*\)/g, '').replace(/\(cost=[^)]*\)/g, ''))
    .map((l) => l.replace(/(Rows Removed by \w+|Heap Fetches|Heap Blocks): .*/, '$1'))
    .join('\n');

function plans(slicesPath, outPath, verdictsPath) {
  const database = process.env.DB;
  const slices = lines(slicesPath).map((line) => {
    const [key, label, expected, file] = line.split('\t');
    return { key, label, expected, entries: explainEntries(readFileSync(file, 'utf8'), database) };
  });
  // Statements that every endpoint runs (signing the caller in) are shown once, not per endpoint.
  const seenIn = new Map();
  for (const slice of slices)
    for (const query of new Set(slice.entries.map((e) => e.query)))
      seenIn.set(query, (seenIn.get(query) ?? 0) + 1);
  const common = new Set(
    [...seenIn].filter(([, n]) => slices.length > 2 && n === slices.length).map(([q]) => q),
  );

  const out = [
    `# EXPLAIN (ANALYZE, BUFFERS) of the statements the service ran for each endpoint`,
    `# auto_explain (log_min_duration 0, log_analyze, log_buffers) on a pool of two connections (used last in, first out), each`,
    `# endpoint requested ${process.env.EXPLAIN_REQUESTS} times in a row: the first execution of a`,
    `# prepared statement is planned for its parameters (custom plan); from the sixth on PostgreSQL may`,
    `# switch to a generic plan ($n in the conditions), which is what a busy pool then runs.`,
    `# Database ${database}: ${process.env.SIZE_NOTE ?? ''}`,
    '',
  ];
  const verdicts = [];
  const printStatement = (entries) => {
    const first = entries[0];
    const last = entries[entries.length - 1];
    out.push(
      `-- ${entries.length} execution(s), ${entries.map((e) => e.ms.toFixed(2)).join(', ')} ms`,
    );
    out.push(first.query, '');
    if (entries.length > 1 && shape(first.plan) !== shape(last.plan)) {
      out.push(
        '-- first execution:',
        ...first.plan,
        '',
        '-- last execution (another plan):',
        ...last.plan,
      );
    } else {
      out.push(
        entries.length > 1 ? '-- last execution (the same plan as the first):' : '-- plan:',
        ...last.plan,
      );
    }
    out.push('');
  };
  const byQuery = (entries) => {
    const groups = new Map();
    for (const entry of entries)
      groups.set(entry.query, [...(groups.get(entry.query) ?? []), entry]);
    return [...groups.values()];
  };

  for (const slice of slices) {
    out.push(`## ${slice.label}`, '');
    const own = slice.entries.filter((e) => !common.has(e.query));
    if (own.length === 0) out.push('(no statement of its own was logged)', '');
    for (const group of byQuery(own)) printStatement(group);
    // The endpoint's main statement: the last that reads cases, else its slowest.
    const reading = own.filter((e) => casesAccesses(e.plan).length > 0);
    const main = reading.at(-1) ?? [...own].sort((a, b) => b.ms - a.ms)[0];
    const accesses = main ? casesAccesses(main.plan) : [];
    // Its first execution, planned for the request's values: it may read cases another way.
    const firstRead = reading.find((e) => e.query === main?.query);
    const firstAccesses = firstRead ? casesAccesses(firstRead.plan).map(describe) : [];
    const accessVerdicts = accesses.map((access) => onExpected(access, slice.expected));
    verdicts.push({
      key: slice.key,
      statements: byQuery(own).length,
      accesses: accesses.map(describe),
      firstAccess:
        firstAccesses[0] !== undefined && firstAccesses[0] !== describe(accesses[0])
          ? {
              access: firstAccesses[0],
              verdict: onExpected(casesAccesses(firstRead.plan)[0], slice.expected),
            }
          : null,
      expected: slice.expected,
      top: accessVerdicts[0] ?? 'no',
      all: accessVerdicts.every((v) => v === 'yes')
        ? 'yes'
        : accessVerdicts.some((v) => v !== 'no')
          ? 'partly'
          : 'no',
      generic: main ? /\$\d/.test(main.plan.join('\n')) : false,
      ms: main?.ms,
    });
  }
  if (common.size > 0) {
    out.push('## Every request (signing the caller in)', '');
    for (const slice of slices.slice(0, 1))
      for (const group of byQuery(slice.entries.filter((e) => common.has(e.query))))
        printStatement(group);
  }
  writeFileSync(outPath, `${out.join('\n')}\n`);
  writeFileSync(verdictsPath, verdicts.map((v) => JSON.stringify(v)).join('\n') + '\n');
}

// ---- report -----------------------------------------------------------------------------------

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const failures = (run) => run.errors.status + run.errors.timeout + run.errors.socket;

/** Each endpoint's recorded runs as one: the median of each figure, requests and failures summed. */
function combine(results) {
  const byKey = new Map();
  for (const run of results) byKey.set(run.key, [...(byKey.get(run.key) ?? []), run]);
  const combined = new Map();
  for (const [key, runs] of byKey)
    combined.set(key, {
      key,
      runs: runs.length,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p95: median(runs.map((r) => r.p95)),
      p99: median(runs.map((r) => r.p99)),
      requests: runs.reduce((sum, r) => sum + r.requests, 0),
      bytes: runs.reduce((sum, r) => sum + r.bytes, 0),
      failed: runs.reduce((sum, r) => sum + failures(r), 0),
      timedOutAll: runs.every((r) => r.requests <= r.errors.timeout + r.errors.socket),
    });
  return combined;
}

function report(resultsPath, endpointsPath, verdictsPath, warningsPath, othersPath) {
  const env = process.env;
  const results = combine(lines(resultsPath).map((l) => JSON.parse(l)));
  const baseline = env.BASELINE ? combine(lines(env.BASELINE).map((l) => JSON.parse(l))) : null;
  const verdicts = new Map(
    (verdictsPath && verdictsPath !== '-' ? lines(verdictsPath) : [])
      .map((l) => JSON.parse(l))
      .map((v) => [v.key, v]),
  );
  const warnings = lines(warningsPath);
  const others = lines(othersPath).map((l) => l.split(' '));
  for (const [key, round, pct] of others)
    if (Number(pct) > 10)
      warnings.push(
        `WARN: other processes took ${pct}% of the machine during the ${key} run (round ${round}): its figures are low`,
      );

  const table = [
    `| endpoint | req/s | p50 ms | p95 ms | p99 ms | response (with headers) | errors | top scan of cases (plan) | p95 < 50 ms${baseline ? ' | p95 vs baseline' : ''} |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---${baseline ? ' | ---:' : ''} |`,
  ];
  for (const line of lines(endpointsPath)) {
    const [key, label, , status, smokeBytes, target] = line.split('\t');
    const display = label.replace(/\|/g, '\\|');
    if (status !== 'ok') {
      table.push(`| ${display} | – | – | – | – | – | – | – | ${status}${baseline ? ' | –' : ''} |`);
      continue;
    }
    const r = results.get(key);
    const v = verdicts.get(key);
    const expectedName = (v) => (v.expected.endsWith('_') ? `${v.expected}*` : v.expected);
    let plan = 'not captured';
    if (v && v.accesses.length === 0) plan = 'reads no cases';
    else if (v && v.expected === '-')
      plan = `${v.accesses.slice(0, 2).join('; ')}${v.accesses.length > 2 ? ` (+${v.accesses.length - 2} more)` : ''}`;
    else if (v) {
      const mark = (verdict) => (verdict === 'yes' ? 'yes' : `**${verdict}**`);
      plan =
        v.accesses.length === 1
          ? `${v.accesses[0]}: ${mark(v.top)} (${expectedName(v)})`
          : `${v.accesses.length} reads of cases, by ${expectedName(v)}: ${mark(v.all)}; first: ${v.accesses[0]}`;
      if (v.generic) plan += '; generic plan';
      if (v.firstAccess)
        plan += `; its first (custom) plan: ${v.firstAccess.access}: ${mark(v.firstAccess.verdict)}`;
    }
    if (!r) {
      table.push(
        `| ${display} | not measured | | | | ${smokeBytes} B | | ${plan} | –${baseline ? ' | –' : ''} |`,
      );
      continue;
    }
    const latency = (value) => (r.timedOutAll ? `> ${env.WRK_TIMEOUT} s` : ms(value));
    const size = `${(r.bytes / Math.max(1, r.requests) / 1024).toFixed(1)} KiB`;
    const verdict =
      target === 'yes'
        ? r.failed > 0
          ? '**requests failed**'
          : r.p95 < 50
            ? 'yes'
            : '**no**'
        : '– (not a queue)';
    let versus = '';
    if (baseline) {
      const b = baseline.get(key);
      versus = b
        ? ` | ${(r.p95 / b.p95).toFixed(2)}x${target === 'yes' && r.p95 > 2 * b.p95 ? ' (**over 2x**)' : ''}`
        : ' | –';
    }
    table.push(
      `| ${display} | ${r.rps.toFixed(0)} | ${latency(r.p50)} | ${latency(r.p95)} | ${latency(r.p99)} | ${size} | ${r.failed}/${r.requests} | ${plan} | ${verdict}${versus} |`,
    );
    if (r.failed > 0)
      warnings.push(
        `WARN: ${label}: ${r.failed} of ${r.requests} requests failed (HTTP >= 400, timeout or socket)`,
      );
    if (v?.firstAccess && v.expected !== '-' && v.firstAccess.verdict !== 'yes')
      warnings.push(
        `WARN: ${label}: the first execution's plan (planned for its values) reads cases by ${v.firstAccess.access}, not by ${expectedName(v)}`,
      );
    if (v && v.expected !== '-' && v.accesses.length > 0 && v.all !== 'yes')
      warnings.push(
        `WARN: ${label}: the plan reads cases by ${v.accesses.join('; ')}, not only by ${expectedName(v)}`,
      );
  }

  const date = `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  const out = [
    `# Queues at scale: ${Number(env.CASES).toLocaleString('en-US')} cases (${date})`,
    '',
    ...table,
    '',
    ...(warnings.length ? [...warnings, ''] : []),
    `- Target (issue 12): **queue pages and counts p95 under 50 ms at a million cases, and within 2x of the figure at ten thousand** (on this 2-core machine). The "p95 < 50 ms" column checks the first half at whatever size this run had${baseline ? `; "p95 vs baseline" divides by ${env.BASELINE}` : "; pass BASELINE=<the 10,000-case run's .jsonl> for the second half"}.`,
    `- Size: ${env.SIZE_NOTE}.`,
    `- Caller: the supervisor of the agency with the most cases (${env.CALLER_NOTE}); every queue is scoped to that agency in SQL.`,
    `- Deep page: ${env.DEPTH_NOTE}.`,
    `- Filtered queue: origin province ${env.PROVINCE} (the agency's most frequent), status open or in_assistance, a referral overdue: ${env.FILTERED_NOTE}.`,
    `- Load: \`wrk -t2 -c${env.CONNECTIONS}\`, ${env.WARMUP} s unrecorded warm-up then ${env.DURATION} s recorded (--latency) per endpoint${Number(env.ROUNDS) > 1 ? `, ${env.ROUNDS} rounds (figures are medians)` : ''}; wrk's timeout of ${env.WRK_TIMEOUT} s counts a slower answer as failed; wrk shares the ${env.CORES} cores with the service, PostgreSQL and Redis. CPU busy before the run: ${env.BUSY}%.`,
    `- Other processes' share of the machine during each recorded run: ${others.map(([key, round, pct]) => `${key}${Number(env.ROUNDS) > 1 ? ` #${round}` : ''} ${pct}%`).join(', ') || 'none measured'}.`,
    `- Plans: ${env.PLANS_NOTE}.`,
    `- Service: ${env.BUILD}; ${env.MAIL_NOTE}; LOG_LEVEL ${env.LOG_LEVEL_USED}; DATABASE_POOL_SIZE ${env.POOL_USED}; started with ${env.NODE_FLAGS}.`,
    `- Machine: ${env.CORES} cores (${env.CPU}), Node ${process.version}, PostgreSQL ${env.PG_VERSION}, Redis ${env.REDIS_VERSION}.`,
    `- Seed: ${env.SEED_NOTE}. Wall time to this report: ${env.WALL} s.`,
  ];
  console.log(out.join('\n'));
}

const [phase, ...args] = process.argv.slice(2);
const phases = { cursor, sink, plans, report };
if (!phases[phase]) fail(`unknown phase ${phase}; use cursor, sink, plans or report`);
try {
  await phases[phase](...args);
} catch (error) {
  fail(error.stack ?? error.message);
}
