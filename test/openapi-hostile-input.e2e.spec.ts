import type { Response } from 'supertest';
import {
  ahmadJayaniCase,
  ahmadJayaniVictim,
  duplicateChecksSettled,
  haniLink,
} from './support/case-fixtures';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import { createReferral, legalAidReferral } from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every operation of the OpenAPI document that takes a body or a query string gets each class of
 * hostile input the outside review sent, as a signed-in user who may reach it (or nobody, where the
 * route is public), and must answer a JSON 4xx in the common error shape while the database stays
 * exactly as it was. Paths, methods, parameters and body schemas come from the document alone, so a
 * route added later is covered without touching this file (a path parameter with no fixture, or a
 * nested body with no valid base, fails loudly instead of being skipped).
 *
 * The compiled service is booted: the Swagger plugin documents DTO fields and query parameters at
 * build time only (`npm test` builds first; for this file alone run `npm run build`).
 */
jest.setTimeout(600_000);

interface SchemaObject {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: SchemaObject;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
  security?: unknown[];
}

interface DocumentedOperation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  label: string;
  signedIn: boolean;
  bodySchemaName?: string;
  bodySchema?: SchemaObject;
  query: Parameter[];
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
const ERROR_KEYS = ['statusCode', 'code', 'message', 'details', 'requestId'];
const BAD_NUMBERS = ['', ' 5', '5 ', '0x10', '1e2', '5.0', '-0x1', 'Infinity', 'NaN'];
const WRONG_JSON_TYPES = ['[{}]', '"text"', '42', 'null', 'true', '[]'];

/** `{"a":{"a":…}}` as text, `levels` deep. */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`;
}

function schemaName(schema: SchemaObject | undefined): string | undefined {
  return schema?.$ref?.split('/').pop();
}

describe('every documented operation refuses hostile input with a JSON 4xx and changes nothing', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let world: ReferralWorld;
  /** A supervisor of the agency the referral went to: the one who assigns it. */
  let receivingSupervisor: SignedInUser;
  let document: OpenApiDocument;
  let operations: DocumentedOperation[];
  const pathIds: Record<string, string> = {};

  const resolve = (schema: SchemaObject | undefined): SchemaObject | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(document.components.schemas[schemaName(schema)!]);
    const combined = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (combined && !schema.properties) {
      const properties = Object.assign(
        {},
        ...combined.map((part) => resolve(part)?.properties ?? {}),
      ) as Record<string, SchemaObject>;
      return { type: 'object', properties };
    }
    return schema;
  };

  /** Who may reach an operation: nobody for public routes, else the user whose job it is. */
  const actorFor = (operation: DocumentedOperation): SignedInUser | undefined => {
    if (!operation.signedIn) return undefined;
    if (/^\/api\/v1\/referrals\/\{[^}]+\}\/responses$/.test(operation.path)) return world.liaison;
    if (/^\/api\/v1\/referrals\/(incoming$|\{[^}]+\}\/assignment$)/.test(operation.path))
      return receivingSupervisor;
    if (
      /^\/api\/v1\/(agencies|users|sla-policies|holidays|notifications|audit|regions|countries)\b/.test(
        operation.path,
      )
    )
      return world.admin;
    return world.caseworker;
  };

  /** A real id for every path parameter, by the collection it names; unknown ones fail loudly. */
  const concretePath = (operation: DocumentedOperation): string =>
    operation.path.replace(
      /\/([^/]+)\/\{([^}]+)\}/g,
      (_match, collection: string, name: string) => {
        const id = pathIds[`${collection}/${name}`] ?? pathIds[collection];
        if (id === undefined)
          throw new Error(
            `no fixture id for {${name}} after /${collection} in ${operation.label}: add one to pathIds`,
          );
        return `/${collection}/${encodeURIComponent(id)}`;
      },
    );

  const send = (
    operation: DocumentedOperation,
    options: { body?: string | object; query?: string },
  ) => {
    const url = `${concretePath(operation)}${options.query ?? ''}`;
    let call = t.http()[operation.method](url);
    const actor = actorFor(operation);
    if (actor) call = call.set(...bearer(actor));
    if (options.body === undefined) return call;
    call = call.set('Content-Type', 'application/json');
    return call.send(
      typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    );
  };

  /** Every table's row count and an order-independent hash of its rows. */
  const fingerprint = async (): Promise<Record<string, string>> => {
    const { rows: tables } = await t.db.query<{ name: string }>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    // An export that was let through (harmless input) is audited, as every export is: those
    // entries are counted apart, against the answers that were successes.
    const parts = tables.map(
      ({ name }) =>
        `SELECT '${name}' AS name, count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) AS print FROM ${name} t
         ${name === 'audit_events' ? `WHERE t.entity_type <> 'export'` : ''}`,
    );
    parts.push(
      // One export, one id: its entry before the first row and the one at the end share it.
      `SELECT 'export audit entries', count(DISTINCT entity_id)::text FROM audit_events WHERE entity_type = 'export'`,
    );
    const { rows } = await t.db.query<{ name: string; print: string }>(parts.join(' UNION ALL '));
    return Object.fromEntries(rows.map((row) => [row.name, row.print]));
  };

  const problemsOf = (
    response: Response,
    expected?: number,
    allowSuccess = false,
  ): string | undefined => {
    const status = response.status;
    if (allowSuccess && status < 300) return undefined;
    if (status < 400 || status >= 500) return `answered ${status}`;
    if (expected !== undefined && status !== expected) return `answered ${status}, not ${expected}`;
    if (!/application\/json/.test(String(response.headers['content-type'])))
      return `answered ${String(response.headers['content-type'])}, not JSON`;
    const body = response.body as Record<string, unknown>;
    const extra = Object.keys(body).filter((key) => !ERROR_KEYS.includes(key));
    if (
      body.statusCode !== status ||
      typeof body.code !== 'string' ||
      typeof body.message !== 'string' ||
      typeof body.requestId !== 'string' ||
      body.requestId === '' ||
      extra.length > 0
    )
      return `answered ${status} without the error shape: ${JSON.stringify(body).slice(0, 300)}`;
    if (JSON.stringify(body).length > 30_000)
      return `answered ${JSON.stringify(body).length} characters`;
    return undefined;
  };

  /** Sends every request of one operation, then checks the answers and that no table changed. */
  const runAgainst = async (
    operation: DocumentedOperation,
    requests: Array<{
      label: string;
      body?: string | object;
      query?: string;
      status?: number;
      code?: string;
      /** Harmless input some routes may accept: only a 5xx or a change is a failure. */
      allowSuccess?: boolean;
    }>,
  ): Promise<string[]> => {
    const failures: string[] = [];
    const before = await fingerprint();
    let successes = 0;
    for (const request of requests) {
      const response = await send(operation, request);
      if (response.status < 300) successes += 1;
      const problem =
        problemsOf(response, request.status, request.allowSuccess) ??
        (request.code !== undefined && response.body.code !== request.code
          ? `answered ${response.body.code}, not ${request.code}`
          : undefined);
      if (problem) failures.push(`${operation.label} with ${request.label}: ${problem}`);
    }
    const after = await fingerprint();
    const exports = 'export audit entries';
    if (Number(after[exports]) - Number(before[exports]) > successes)
      failures.push(`${operation.label}: a refused export was audited as one`);
    for (const table of Object.keys(after))
      if (table !== exports && before[table] !== after[table])
        failures.push(`${operation.label}: table ${table} changed (${requests.length} requests)`);
    return failures;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ from: 'build', env: { SMTP_URL: sink.url } });
    world = await referralWorld(t);
    receivingSupervisor = await createUser(t, UserRole.Supervisor, {
      agencyId: world.receivingAgencyId,
    });

    const sent = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, { send: true }),
    );
    const [mail] = await sink.waitFor(1, 10_000, world.agencyEmail);
    const task = await t
      .http()
      .post(`/api/v1/cases/${world.caseId}/tasks`)
      .set(...bearer(world.caseworker))
      .send({ title: 'Hubungi keluarga', dueAt: '2099-01-05T09:00:00+07:00' });
    expect(task.status).toBe(201);
    const holiday = await t
      .http()
      .post('/api/v1/holidays')
      .set(...bearer(world.admin))
      .send({ day: '2099-08-17', name: 'Hari Kemerdekaan' });
    expect(holiday.status).toBe(201);
    const one = async (sql: string, parameters: unknown[] = []) =>
      (await t.db.query<{ id: string }>(sql, parameters)).rows[0].id;

    const perpetratorId = await one(
      'SELECT perpetrator_id AS id FROM case_perpetrators WHERE case_id = $1',
      [world.caseId],
    );
    // A pending proposal from the partner agency, for the routes that decide one.
    const proposalId = await one(
      `INSERT INTO perpetrator_change_proposals
         (perpetrator_id, proposed_by_agency_id, proposed_by, base_version, changes)
       VALUES ($1, $2, $3, 1, '{"fullName": "Hani S."}') RETURNING id`,
      [perpetratorId, world.receivingAgencyId, world.liaison.id],
    );
    // An open transfer of the case, for the routes that decide one.
    const transferId = await one(
      `INSERT INTO case_transfers (case_id, from_agency_id, to_agency_id, reason, requested_by)
       VALUES ($1, $2, $3, 'Pindah ke BP3MI', $4) RETURNING id`,
      [world.caseId, world.referringAgencyId, world.receivingAgencyId, world.supervisor.id],
    );
    // An open possible-duplicate flag between two victims of the caseworker's agency.
    const twinId = await one(
      `INSERT INTO victims (case_id, person_id, full_name, current_situation)
       VALUES ($1, gen_random_uuid(), 'Ahmad Jayani', 'deceased') RETURNING id`,
      [world.caseId],
    );
    const duplicateFlagId = await one(
      `INSERT INTO victim_duplicate_flags (victim_id, candidate_victim_id, reason, score)
       VALUES ($1, $2, 'similar_name', 0.9) RETURNING id`,
      [twinId, world.victimId],
    );
    // Checked as it is, so that no duplicate check or its sweep writes during the barrage.
    await t.db.query(
      'INSERT INTO victim_duplicate_checks (victim_id, checked_version) VALUES ($1, 1)',
      [twinId],
    );
    Object.assign(pathIds, {
      'duplicate-flags': duplicateFlagId,
      'perpetrator-proposals': proposalId,
      agencies: world.receivingAgencyId,
      users: world.caseworker.id,
      cases: world.caseId,
      victims: world.victimId,
      'family-members': world.familyMemberIds[0],
      perpetrators: perpetratorId,
      referrals: sent.id,
      'referral-responses': tokenFromText(mail.text),
      notifications: await one('SELECT id FROM notifications WHERE referral_id = $1 LIMIT 1', [
        sent.id,
      ]),
      'sla-policies': await one('SELECT id FROM sla_policies LIMIT 1'),
      holidays: '2099-08-17',
      'tasks/taskId': (task.body as { id: string }).id,
      tasks: (task.body as { id: string }).id,
      queues: 'unassigned',
      transfers: transferId,
      // A draft id the caller has not used: a hostile save must not create it.
      'case-drafts': '5b1f0c7e-2a4d-4c8e-9f3a-6d2b8e1c4a70',
      // No document is on record: each hostile body is refused before one is looked for.
      documents: '0c9a4e2d-7b1f-4e63-a8d5-3f6b2c9e1a47',
      // No filter is saved: a hostile delete finds nothing to delete.
      'saved-filters': 'e4d7a1c3-5b2f-4a96-8c0e-7f3d9b6a2e15',
    });

    // Deliveries finish before the barrage, so that the only writes left would be the requests'.
    for (let attempt = 0; ; attempt += 1) {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications
          WHERE status IN ('pending', 'sending') AND due_at <= now() + interval '1 minute'`,
      );
      if (rows[0].n === 0) break;
      if (attempt > 200) throw new Error('the referral message was never delivered');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Likewise the duplicate checks of the victims the world recorded.
    await duplicateChecksSettled(t);

    const response = await t.http().get('/docs/openapi.json');
    expect(response.status).toBe(200);
    document = response.body as OpenApiDocument;
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      METHODS.filter((method) => byMethod[method] !== undefined).map((method) => {
        const operation = byMethod[method];
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        return {
          method,
          path,
          label: `${method.toUpperCase()} ${path}`,
          signedIn: (operation.security ?? document.security ?? []).length > 0,
          bodySchemaName: schemaName(bodySchema),
          bodySchema: resolve(bodySchema),
          query: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query'),
        };
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('reads a document with the operations the review attacked', () => {
    const withBody = operations.filter((o) => o.bodySchema);
    const withQuery = operations.filter((o) => o.query.length > 0);
    expect(withBody.length).toBeGreaterThanOrEqual(30);
    expect(withQuery.length).toBeGreaterThanOrEqual(15);
    const publicWithBody = withBody.filter((o) => !o.signedIn).map((o) => o.path);
    expect(publicWithBody).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/password-setup']),
    );
    expect(publicWithBody.some((path) => path.includes('referral-responses'))).toBe(true);
    for (const operation of withQuery)
      expect(operation.query.every((parameter) => parameter.schema !== undefined)).toBe(true);
  });

  /** A valid body for schemas with nested objects, so that only the changed shape is wrong. */
  const VALID_BASES: Record<string, () => Record<string, unknown>> = {
    CreateCaseDto: () => ahmadJayaniCase(),
    VictimInputDto: () => ahmadJayaniVictim(),
    CasePerpetratorLinkDto: () => haniLink(),
    ProposePerpetratorChangeDto: () => ({
      changes: { fullName: 'Hani Susanti', phones: ['+62 812-3456-7890'] },
      reason: 'Nama lengkap dari keterangan keluarga',
    }),
    PrioritySuggestionRequestDto: () => ({
      incidentType: 'death_abroad',
      incidentDate: '2024-05-11',
      victims: [{ currentSituation: 'deceased', estimatedAge: 36 }],
    }),
    SaveFilterDto: () => ({
      name: 'Kritis dari Lampung',
      query: { queue: 'critical_open', originRegion: '18', overdue: true, sort: 'nextDue' },
    }),
  };

  /**
   * Operations whose valid base is refused by a business rule after validation, for the fixture
   * user: passing validation is all the wrong-shape checks need from it.
   */
  const REFUSED_AFTER_VALIDATION: Record<string, string> = {
    // The caseworker's agency recorded the perpetrator: it changes it directly, proposes nothing.
    ProposePerpetratorChangeDto: 'PERPETRATOR_PROPOSAL.NOT_NEEDED',
  };

  /** Paths (as property lists, `[]` for "each element") of nested objects in a schema. */
  const nestedPaths = (schema: SchemaObject | undefined, prefix: string[] = []): string[][] => {
    const found: string[][] = [];
    for (const [name, property] of Object.entries(resolve(schema)?.properties ?? {})) {
      const resolved = resolve(property);
      if (resolved?.type === 'array' && resolve(resolved.items)?.properties) {
        found.push([...prefix, name, '[]']);
        found.push(...nestedPaths(resolved.items, [...prefix, name, '0']));
      } else if (resolved?.properties) {
        found.push([...prefix, name]);
        found.push(...nestedPaths(resolved, [...prefix, name]));
      }
    }
    return found;
  };

  /** The base with the value at `path` replaced; undefined when the base has nothing there. */
  const withReplaced = (
    base: Record<string, unknown>,
    path: string[],
    replace: (current: unknown) => unknown,
  ): Record<string, unknown> | undefined => {
    const copy = structuredClone(base);
    let holder: Record<string, unknown> = copy;
    for (const step of path.slice(0, -1)) {
      const next = holder[step];
      if (next === null || typeof next !== 'object') return undefined;
      holder = next as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (holder[last] === undefined) return undefined;
    holder[last] = replace(holder[last]);
    return copy;
  };

  const wrongShapes = (
    operation: DocumentedOperation,
  ): Array<{ label: string; body: object; status: number }> => {
    const paths = nestedPaths(operation.bodySchema);
    if (paths.length === 0) return [];
    const makeBase = VALID_BASES[operation.bodySchemaName ?? ''];
    if (!makeBase)
      throw new Error(
        `${operation.label} takes nested objects (${operation.bodySchemaName}): add a valid base body to VALID_BASES`,
      );
    const variants: Array<{ label: string; body: object; status: number }> = [];
    for (const path of paths) {
      const isList = path[path.length - 1] === '[]';
      const at = isList ? path.slice(0, -1) : path;
      const shapes: Array<[string, (current: unknown) => unknown]> = isList
        ? [
            ['one object instead of a list', (list) => (list as unknown[])[0]],
            ['a list of lists', (list) => [list]],
            ['a list of null', () => [null]],
            ['a list of text', () => ['text']],
            ['a list of numbers', () => [7]],
          ]
        : [
            ['a list instead of an object', (object) => [object]],
            ['text instead of an object', () => 'text'],
            ['a number instead of an object', () => 7],
            ['null instead of an object', () => null],
          ];
      for (const [label, replace] of shapes) {
        const body = withReplaced(makeBase(), at, replace);
        if (body === undefined)
          throw new Error(`the base body of ${operation.label} has nothing at ${at.join('.')}`);
        variants.push({ label: `${at.join('.')} as ${label}`, body, status: 400 });
      }
    }
    return variants;
  };

  const firstProperty = (operation: DocumentedOperation, type: string): string | undefined =>
    Object.entries(operation.bodySchema?.properties ?? {}).find(
      ([, property]) => resolve(property)?.type === type,
    )?.[0];

  it('refuses every hostile body on every operation that takes one', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => o.bodySchema)) {
      const text = firstProperty(operation, 'string');
      const list = firstProperty(operation, 'array') ?? text ?? 'items';
      const requests = [
        {
          label: 'a body nested 3,000 levels',
          body: nestedJson(3000),
          status: 400,
          code: 'REQUEST.TOO_DEEP',
        },
        {
          label: 'a body nested 33 levels',
          body: nestedJson(33),
          status: 400,
          code: 'REQUEST.TOO_DEEP',
        },
        {
          label: 'a lone surrogate in a string value',
          body: { [text ?? 'value']: '\ud800@x.id' },
          status: 400,
          code: 'REQUEST.ILL_FORMED_UNICODE',
        },
        {
          label: 'a lone surrogate in a key',
          body: { [`${text ?? 'value'}\udc00`]: 'x' },
          status: 400,
          code: 'REQUEST.ILL_FORMED_UNICODE',
        },
        {
          label: 'a huge array in a field',
          body: { [list]: Array.from({ length: 60_000 }, () => 'x') },
          status: 400,
          code: 'REQUEST.TOO_MANY_ITEMS',
        },
        {
          label: 'a huge array of objects in a field',
          body: { [list]: Array.from({ length: 40_000 }, () => ({})) },
          status: 400,
          code: 'REQUEST.TOO_MANY_ITEMS',
        },
        {
          label: 'a huge array as the body',
          body: `[${'{},'.repeat(90_000)}{}]`,
          status: 400,
          code: 'REQUEST.TOO_MANY_ITEMS',
        },
        ...WRONG_JSON_TYPES.map((body) => ({ label: `the body ${body}`, body, status: 400 })),
        ...wrongShapes(operation),
      ];
      failures.push(...(await runAgainst(operation, requests)));
    }
    expect(failures).toEqual([]);
  });

  it('refuses bad numbers, repeated parameters and unknown keys in every query string', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => o.query.length > 0)) {
      const requests: Array<{
        label: string;
        query: string;
        status?: number;
        allowSuccess?: boolean;
      }> = [];
      for (const parameter of operation.query) {
        const type = resolve(parameter.schema)?.type;
        if (type === 'number' || type === 'integer') {
          for (const bad of BAD_NUMBERS)
            requests.push({
              label: `${parameter.name}=${JSON.stringify(bad)}`,
              query: `?${parameter.name}=${encodeURIComponent(bad)}`,
              status: 400,
            });
        }
        requests.push({
          label: `${parameter.name} given twice`,
          query: `?${parameter.name}=1&${parameter.name}=2`,
          status: 400,
        });
        // UTF-8 cannot carry a lone surrogate: its would-be bytes decode to replacement characters.
        requests.push({
          label: `${parameter.name} with a surrogate's bytes`,
          query: `?${parameter.name}=%ED%A0%80`,
          allowSuccess: true,
        });
      }
      requests.push({ label: 'a surrogate-like unknown key', query: '?%ED%A0%80=1', status: 400 });
      failures.push(...(await runAgainst(operation, requests)));
    }
    expect(failures).toEqual([]);
  });

  it('takes every valid base body, so that each wrong shape above was refused for its shape alone', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => nestedPaths(o.bodySchema).length > 0)) {
      const response = await send(operation, { body: VALID_BASES[operation.bodySchemaName!]() });
      const expectedRefusal = REFUSED_AFTER_VALIDATION[operation.bodySchemaName!];
      if (
        expectedRefusal !== undefined &&
        (response.body as { code?: string }).code === expectedRefusal
      )
        continue;
      if (response.status >= 300)
        failures.push(
          `${operation.label}: the valid base answered ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
