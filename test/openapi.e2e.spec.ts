import { randomUUID } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_MAIN, freePort, runService, RunningService } from './support/process-runner';
import {
  cloneTemplateDatabase,
  dropDatabase,
  TEST_APP_SECRET,
  TEST_DATA_KEY,
} from './support/test-app';
import { databaseUrl, TEST_REDIS_URL } from './support/test-env';

interface Operation {
  operationId?: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Schema {
  $ref?: string;
  type?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ERROR_REF = '#/components/schemas/ErrorResponseDto';
const LIST_REF = '#/components/schemas/ListPageDto';
/** The routes limited like sign-in (per address and account). */
const RATE_LIMITED = ['login', 'completePasswordSetup', 'changeMyPassword'];

/**
 * The document as the built service serves it: the Swagger CLI plugin, which describes DTOs and
 * answers, runs only in `nest build`, so the document is read from the built service rather than
 * from an app compiled by Jest. Needs `npm run build` first (npm test does it).
 */
describe('OpenAPI document (built service)', () => {
  let database: string;
  let port: number;
  let service: RunningService;
  let document: Document;
  let operations: Array<{ route: string; path: string; operation: Operation }>;

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN))
      throw new Error(`${BUILT_MAIN} is missing: run "npm run build" first`);
    database = await cloneTemplateDatabase();
    port = await freePort();
    service = runService(tmpdir(), {
      PORT: String(port),
      DATABASE_URL: databaseUrl(database),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `jejak-test-${randomBytes(4).toString('hex')}`,
      APP_SECRET: TEST_APP_SECRET,
      DATA_KEY: TEST_DATA_KEY,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MIGRATIONS_RUN: 'false',
      DATABASE_POOL_SIZE: '2',
      LOG_LEVEL: 'warn',
    });
    await service.waitForOutput(/Jejak is running/, 30_000);
    const response = await fetch(`http://127.0.0.1:${port}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        path,
        operation,
      })),
    );
  }, 60_000);

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    if (database) await dropDatabase(database);
  });

  it("is the document the web app's API types were generated from", async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'jejak-openapi-')), 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ['src/web/scripts/generate-api-types.mjs', '--check', file],
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    expect(outcome).toEqual({ code: 0, output: "the web app's API types match the document\n" });
  });

  it('names every operation with a unique camel-case operationId', () => {
    expect(operations.length).toBeGreaterThan(50);
    const badlyNamed = operations
      .filter(({ operation }) => !/^[a-z][A-Za-z]+$/.test(operation.operationId ?? ''))
      .map(({ route, operation }) => `${route}: ${operation.operationId}`);
    expect(badlyNamed).toEqual([]);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const idOf = (route: string) =>
      operations.find((o) => o.route === route)?.operation.operationId;
    expect({
      login: idOf('POST /api/v1/auth/login'),
      createCase: idOf('POST /api/v1/cases'),
      listCases: idOf('GET /api/v1/cases'),
      getCase: idOf('GET /api/v1/cases/{id}'),
      createReferral: idOf('POST /api/v1/cases/{id}/referrals'),
      respondToReferral: idOf('POST /api/v1/referrals/{id}/responses'),
    }).toEqual({
      login: 'login',
      createCase: 'createCase',
      listCases: 'listCases',
      getCase: 'getCase',
      createReferral: 'createReferral',
      respondToReferral: 'respondToReferral',
    });
  });

  it('answers 400 and 413 on routes that take no parameters or body, as the document says', async () => {
    // A NUL character in any query string is refused before routing, even where none is read.
    const withNul = await fetch(`http://127.0.0.1:${port}/api/v1/countries?x=%00`);
    expect([withNul.status, ((await withNul.json()) as { code: string }).code]).toEqual([
      400,
      'REQUEST.VALIDATION_FAILED',
    ]);
    const tooLarge = await fetch(`http://127.0.0.1:${port}/api/v1/users/${randomUUID()}/disable`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    expect(tooLarge.status).toBe(413);
  });

  it('declares on every operation the error answers it can give, with the error schema', () => {
    const problems: string[] = [];
    for (const { route, operation } of operations) {
      const declared = (status: number) => operation.responses[status] !== undefined;
      const parameters = operation.parameters ?? [];
      const hasBody = operation.requestBody !== undefined;
      const signedIn = (operation.security ?? []).length > 0;
      const expectations: Array<[number, boolean]> = [
        // Every query string and body is inspected before routing (see the next test).
        [400, true],
        [413, hasBody || !route.startsWith('GET ')],
        [429, RATE_LIMITED.includes(operation.operationId ?? '')],
        // Open routes answer 401 only when they check credentials themselves (sign-in).
        [401, signedIn || operation.operationId === 'login'],
      ];
      // A path names a record, which may be absent; a route may also declare 404 for one it reads.
      if (parameters.some((p) => p.in === 'path') && !declared(404))
        problems.push(`${route} lacks 404`);
      const successes = Object.keys(operation.responses).filter((status) => status < '300');
      if (successes.length !== 1)
        problems.push(`${route} declares successes ${successes.join(', ')}`);
      for (const [status, expected] of expectations)
        if (declared(status) !== expected)
          problems.push(`${route} ${expected ? 'lacks' : 'must not declare'} ${status}`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/json']?.schema;
        if (schema?.$ref !== ERROR_REF) problems.push(`${route} ${status} lacks the error schema`);
      }
    }
    expect(problems).toEqual([]);
    // Only the routes that must work without an account are open.
    const open = operations.filter(({ operation }) => (operation.security ?? []).length === 0);
    expect(open.map(({ operation }) => operation.operationId).sort()).toEqual([
      'completePasswordSetup',
      'downloadReferralDocumentByLink',
      'getHealth',
      'login',
      'respondToReferralByLink',
      'viewReferralByLink',
    ]);
  });

  it('gives every list answer the one shared list shape', () => {
    const list = document.components.schemas.ListPageDto;
    expect(Object.keys(list.properties ?? {}).sort()).toEqual([
      'items',
      'limit',
      'nextCursor',
      'offset',
      'total',
    ]);
    expect([...(list.required ?? [])].sort()).toEqual([
      'items',
      'limit',
      'nextCursor',
      'offset',
      'total',
    ]);
    for (const key of ['limit', 'total', 'offset', 'nextCursor'])
      expect({ key, nullable: list.properties?.[key].nullable }).toEqual({ key, nullable: true });

    // A list is an answer that is an array or holds `items`; every one must be the shared shape.
    const isListSchema = (schema: Schema | undefined): boolean => {
      if (!schema) return false;
      if (schema.type === 'array' || schema.properties?.items !== undefined) return true;
      if (schema.$ref && schema.$ref !== LIST_REF)
        return isListSchema(document.components.schemas[schema.$ref.split('/').pop()!]);
      return false;
    };
    const problems: string[] = [];
    let lists = 0;
    for (const { route, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 300) continue;
        const schema = response.content?.['application/json']?.schema;
        const shared = schema?.allOf?.[0]?.$ref === LIST_REF;
        if (shared) {
          lists += 1;
          const items = schema?.allOf?.[1]?.properties?.items;
          if (items?.type !== 'array' || (!items.items?.$ref && !items.items?.oneOf))
            problems.push(`${route} does not say what its items are`);
        } else if (isListSchema(schema)) problems.push(`${route} answers a list of its own shape`);
      }
    }
    expect(problems).toEqual([]);
    expect(lists).toBeGreaterThan(20);
  });

  it('shows examples for the main request bodies', () => {
    const examplesOf = (operationId: string) => {
      const operation = operations.find((o) => o.operation.operationId === operationId)?.operation;
      return Object.values(operation?.requestBody?.content['application/json']?.examples ?? {});
    };
    for (const operationId of [
      'login',
      'createCase',
      'transitionCase',
      'createReferral',
      'respondToReferral',
      'respondToReferralByLink',
      'createUser',
      'createAgency',
    ])
      expect({ operationId, examples: examplesOf(operationId).length > 0 }).toEqual({
        operationId,
        examples: true,
      });
    const [ahmad] = examplesOf('createCase');
    expect(ahmad.value).toMatchObject({
      incidentType: 'death_abroad',
      victims: [
        { fullName: 'Ahmad Jayani', familyMembers: [{ fullName: 'Janah' }, { alive: false }] },
      ],
      perpetrators: [{ perpetrator: { fullName: 'Hani' } }],
    });
  });
});
