import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { join } from 'node:path';
import { parse as parseQuery } from 'node:querystring';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { INestApplicationContext, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import {
  FORM_BODY_LIMIT,
  JSON_BODY_LIMIT,
  parseFormBody,
  parseJsonBody,
} from './common/http/body-parsers';
import { requestIdOf } from './common/logging/logger-options';
import { inspectIncomingRequest } from './common/validation/request-inspection';
import { declareShapeErrors } from './common/openapi/shape-errors';
import { errorResponseOf } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/validation/validation';
import { AppConfig } from './config/app-config';
import { MetricsRegistry } from './modules/metrics/metrics-registry';
import { UPLOAD_LIMITS } from './modules/documents/upload-parts';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'docs';
/** A terminal's Ctrl-C and hang-up stop the service as cleanly as an orchestrator's SIGTERM. */
export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Paths under the API, whatever the case (routes match case-insensitively, as they always did). */
const API_PATH = new RegExp(`^/${API_PREFIX}(?:[/?#]|$)`, 'i');

/**
 * TRUST_PROXY keeps its meaning: true, false, addresses/subnets such as "loopback, 10.0.0.0/8"
 * (both read by proxy-addr, as Fastify does), or a number of hops, trusting the nearest n hops
 * (the peer among them). Fastify would trust no hop for a bare number, so the count is a function.
 */
function trustProxyOption(
  trustProxy: AppConfig['trustProxy'],
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy;
}

// Offices often serve the API over plain HTTP on their LAN; upgrading subresources to https would
// break the docs and the web app there. The web app reads spreadsheets in workers that its own
// scripts build from blob: URLs (read-excel-file, fflate); a blob can only come from a script that
// already runs here, so allowing it adds no way in. No referrer, ever: the partner's and the
// password pages carry their token in the URL fragment, and a page's address must not travel
// with its requests.
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null, workerSrc: ["'self'", 'blob:'] },
  },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * The headers of every answer, set on the raw response, which Fastify merges into whatever it
 * sends, errors included: helmet's, the request id, and no-store on the API. The adapter runs this
 * first on every request (its "security hook").
 */
function setCommonHeaders(request: FastifyRequest, response: HeaderTarget): Error | undefined {
  let failure: Error | undefined;
  securityHeaders(request.raw, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) failure = error as Error;
  });
  response.setHeader('x-request-id', String(request.id));
  // Case files and the pages behind emailed links have no business in a search engine.
  response.setHeader('X-Robots-Tag', 'noindex, nofollow');
  // Answers carry case files and personal data: no browser or proxy may keep a copy.
  if (API_PATH.test(request.url)) response.setHeader('Cache-Control', 'no-store');
  return failure;
}

/**
 * The web app's built files (src/web, built by `npm run build` into dist/web): beside the built
 * service, or, for the service run from its sources (tests), in dist. None before a build: the
 * API is served alone.
 */
function builtWebApp(): string | undefined {
  return [join(__dirname, '..', 'web'), join(__dirname, '..', 'dist', 'web')].find((root) =>
    existsSync(join(root, 'index.html')),
  );
}

/** What the service answers itself, whatever follows: anything else without an extension is a screen. */
const SERVICE_PATH = /^\/(?:api|docs|health|metrics)(?:[/?#.]|$)/i;

/**
 * The web app routes in the browser: a screen's address (`/cases`, `/login`) reaches the service
 * only when typed, reloaded or followed from a message, and is answered with the app's page.
 * Files (with an extension) and the service's own paths are left as they are.
 */
function webAppScreen(method: string | undefined, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split(/[?#]/, 1)[0];
  return !SERVICE_PATH.test(path) && !/\.[^/]*$/.test(path);
}

interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): unknown;
}

/** Builds the HTTP application exactly as production runs it; tests use this too. */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const webApp = builtWebApp();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      rewriteUrl: (request: IncomingMessage) =>
        webApp && webAppScreen(request.method, request.url ?? '/')
          ? '/index.html'
          : (request.url ?? '/'),
      trustProxy: trustProxyOption(config.trustProxy),
      // The router refuses a malformed URL before any hook runs: the answer still gets the common
      // headers and the common error shape.
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        setCommonHeaders(request, reply.raw);
        void reply.code(error.statusCode ?? 400).send(errorResponseOf(error, String(request.id)));
      },
      bodyLimit: JSON_BODY_LIMIT,
      // The id an answer's x-request-id and every error body and log line quote; kept on the
      // raw request too, where the request logger (pino-http) reads it.
      genReqId: (raw: IncomingMessage | Http2ServerRequest) => {
        const id = requestIdOf(raw as IncomingMessage);
        (raw as IncomingMessage).id = id;
        return id;
      },
      routerOptions: {
        // Query strings read as they always were (Node's querystring, Express 5's "simple"
        // parser): repeated keys give a list, brackets are no syntax (`a[b]=1` is the key
        // `a[b]`), so validation answers the same.
        querystringParser: (query: string) => parseQuery(query),
        caseSensitive: false,
        ignoreTrailingSlash: true,
        // Long path segments reach the route (and its validation) instead of a bare 414.
        maxParamLength: 8192,
      },
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Every answer is timed, refusals and unknown routes included.
  fastify.addHook('onResponse', app.get(MetricsRegistry).timeRequests);
  (app.getHttpAdapter() as FastifyAdapter).registerSecurityHook(setCommonHeaders);
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT }, parseJsonBody);
  // Registered here rather than by Nest at init so that the inspection below also sees form bodies.
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: FORM_BODY_LIMIT },
    parseFormBody,
  );
  // Other content types are not read, as before: the body stays undefined and validation says so.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  // Multipart forms (document uploads) are left unread until their route streams them; routes
  // that take none refuse them as they refuse any body they cannot read.
  await app.register(fastifyMultipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: true });
  fastify.addHook('preValidation', inspectIncomingRequest);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  // process.exit after the hooks lets pino flush and fires the 'exit' event main.ts listens to.
  app.enableShutdownHooks(STOP_SIGNALS, { useProcessExit: true });

  // Built on the first request to the docs rather than at boot: scanning every route and DTO takes
  // ~0.2 s and the document with its caches ~2 MB of heap, which most processes never serve.
  const buildDocument = () =>
    declareShapeErrors(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Jejak API')
          .setDescription(
            'Case tracking for trafficking incidents affecting Indonesian migrant workers. ' +
              'Errors always have the shape { statusCode, code, message, details?, requestId }; ' +
              'every list answer the shape { items, limit, total, offset, nextCursor }.',
          )
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    );
  if (webApp)
    await app.register(fastifyStatic, {
      root: webApp,
      prefix: '/',
      // One route per file, found at start: any other path is the router's to answer.
      wildcard: false,
      // The build's .br and .gz copies (src/web/scripts/precompress.mjs), for whoever accepts them.
      preCompressed: true,
      decorateReply: false,
      cacheControl: false,
      // Vite names its assets by their content: kept for a year. The page itself is asked
      // again each time, so a new version reaches everyone at the next load.
      setHeaders: (reply, path) => {
        reply.header(
          'Cache-Control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  SwaggerModule.setup(DOCS_PATH, app, buildDocument, {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
  });
  return app;
}

/** A worker-only process: the same modules, no HTTP server. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(STOP_SIGNALS, { useProcessExit: true });
  return app;
}
