import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,100}$/;

/** Field names that hold personal data or secrets, wherever they appear in a logged object. */
const SENSITIVE_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'email',
  'fullName',
  'name',
  'otherNames',
  'nik',
  'passportNumber',
  'phone',
  'phoneNumbers',
  'address',
  'street',
  'dateOfBirth',
];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  // The credential of an action link (referrals); whoever holds it can answer for an agency.
  'req.headers["x-response-token"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/**
 * The id of a request, sent back as x-request-id and quoted in error answers and log lines. An
 * upstream proxy's id is kept so one request can be followed across services.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming)
    ? incoming
    : randomUUID();
}

export function loggerOptions(config: AppConfig): Params {
  return {
    // Nest's Fastify adapter runs middleware through @fastify/middie, where the default route of
    // nestjs-pino matches no request.
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Fastify gave the request its id (requestIdOf) as it arrived; the log line carries the same.
      genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? requestIdOf(req),
      // Our serializers read the few fields they log from the raw request and response; pino's
      // wrappers would first copy every header of both, on every request.
      wrapSerializers: false,
      serializers: {
        // Query strings can carry search terms (a victim's name), so only the path is logged.
        // Action links no longer put their secret in the path, but old links are still tried
        // that way (and refused): their secret is cut out of the logged path all the same.
        // Middleware may shorten `url` while it runs; `originalUrl` is the path asked for.
        req: (req: { id: string; method: string; url: string; originalUrl?: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.originalUrl ?? req.url)
            .split('?')[0]
            .replace(/(\/referral-responses\/).*/, '$1[redacted]'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Every change is logged at info (and audited); a successful read only at debug: reads are
      // most of the traffic, and one line each cost a tenth of a case read's CPU at info.
      customLogLevel: (req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return req.method === 'GET' || req.method === 'HEAD' ? 'debug' : 'info';
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
    },
  };
}
