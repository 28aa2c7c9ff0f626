import { INestApplication, INestApplicationContext, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { inspectIncomingRequest } from './common/validation/request-inspection';
import { declareShapeErrors } from './common/openapi/shape-errors';
import { createValidationPipe } from './common/validation/validation';
import { AppConfig } from './config/app-config';
import { MetricsRegistry } from './modules/metrics/metrics-registry';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'docs';
/** A terminal's Ctrl-C and hang-up stop the service as cleanly as an orchestrator's SIGTERM. */
export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Builds the HTTP application exactly as production runs it; tests use this too. */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First, so that every answer is timed, refusals included.
  app.use(app.get(MetricsRegistry).timeRequests);
  app.set('trust proxy', config.trustProxy);
  // Express hashes every answer for an ETag; ours are no-store, so nobody revalidates with it.
  app.set('etag', false);
  // Offices often serve the API over plain HTTP on their LAN; upgrading subresources to https
  // would break the docs and password pages there.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.useBodyParser('json', { limit: '1mb' });
  // Registered here rather than by Nest at init so that the inspection below also sees form bodies.
  app.useBodyParser('urlencoded', { extended: true });
  app.use(inspectIncomingRequest);
  // Answers carry case files and personal data: no browser or proxy may keep a copy.
  app.use(
    `/${API_PREFIX}`,
    (
      _request: unknown,
      response: { setHeader(name: string, value: string): void },
      next: () => void,
    ) => {
      response.setHeader('Cache-Control', 'no-store');
      next();
    },
  );
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'set-password', method: RequestMethod.GET },
      { path: 'set-password.js', method: RequestMethod.GET },
      { path: 'respond', method: RequestMethod.GET },
      { path: 'respond.js', method: RequestMethod.GET },
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
