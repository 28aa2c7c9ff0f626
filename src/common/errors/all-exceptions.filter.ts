import { randomUUID } from 'node:crypto';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constraintOf, postgresErrorCode } from '../../database/postgres-errors';
import { AppError, httpStatusOf } from './app-error';
import { ErrorResponseDto } from './error-response.dto';

const HTTP_CODES: Record<number, string> = {
  400: 'REQUEST.BAD_REQUEST',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

const HEALTH_DOWN = 'HEALTH.DOWN';
/**
 * Invalid text encoding, NUL in text, numeric out of range, datetime out of range, malformed
 * value for its type (a uuid), invalid datetime format.
 */
const UNSTORABLE_INPUT_CODES = new Set(['22021', '22P05', '22003', '22008', '22P02', '22007']);
/** Two transactions waited on each other, or a serializable one lost: the request may be repeated. */
const RETRYABLE_CONFLICT_CODES = new Set(['40P01', '40001']);
/**
 * Unique, exclusion and foreign-key violations that no repository translated: almost always two
 * requests racing. Constraint names can tell what exists (an email, a short name), so the answer
 * never carries them; the log does.
 */
const CONFLICT_CONSTRAINT_CODES = new Set(['23505', '23P01', '23503']);
/** A CHECK or NOT NULL rule only the database enforced: the request's values break it. */
const RULE_CONSTRAINT_CODES = new Set(['23514', '23502']);

/**
 * An error from reading the body or routing, before any controller: our body parsers
 * (BodyReadError, with body-parser's `type` names) or Fastify itself (`code` FST_ERR_…, and a
 * `statusCode`).
 */
interface BodyParserError {
  type?: string;
  status?: number;
  code?: unknown;
  statusCode?: number;
}

/** Fastify's refusals of a body, by their code, as the kind of failure they are. */
const FASTIFY_BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'entity.too.large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'entity.parse.failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'entity.parse.failed',
};

/** One error format for every failure: `{ statusCode, code, message, details?, requestId }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Fastify gives every request its id as it arrives; the security hook sends it back.
    let requestId = request.id === undefined ? '' : String(request.id);
    if (requestId === '') requestId = randomUUID();
    if (!reply.sent && !reply.raw.hasHeader('x-request-id'))
      reply.header('x-request-id', requestId);
    const body = errorResponseOf(exception, requestId);
    if (body.statusCode >= 500 && body.code !== HEALTH_DOWN) this.logUnexpected(exception, request);
    else if (postgresErrorCode(exception) !== undefined)
      this.logDatabaseRefusal(exception, request);
    if (reply.sent) return;
    void reply.code(body.statusCode).send(body);
  }

  private logDatabaseRefusal(exception: unknown, request: FastifyRequest): void {
    const code = postgresErrorCode(exception);
    // A CHECK or NOT NULL refusal is nearly always a validation gap (a bug of ours), not a race:
    // it must show where errors are watched, though the caller gets a 400.
    const level = code !== undefined && RULE_CONSTRAINT_CODES.has(code) ? 'error' : 'warn';
    this.logger[level](
      {
        pg: { code: postgresErrorCode(exception), constraint: constraintOf(exception) },
        route: request.is404 ? undefined : request.routeOptions?.url,
        method: request.method,
      },
      'The database refused a request that validation let through',
    );
  }

  // Database and driver messages can quote the values that failed (names, numbers), so only the
  // error's type, code and stack frames are logged, never its message.
  private logUnexpected(exception: unknown, request: FastifyRequest): void {
    const error = exception instanceof Error ? exception : new Error('non-error thrown');
    const frames = (error.stack ?? '').split('\n').slice(1).join('\n');
    this.logger.error(
      {
        err: { type: error.name, code: (error as { code?: unknown }).code, stack: frames },
        route: request.is404 ? undefined : request.routeOptions?.url,
        method: request.method,
      },
      'Unexpected error while handling a request',
    );
  }
}

/**
 * The answer to an error, for the filter and for the errors Fastify raises before Nest sees the
 * request (a malformed URL).
 */
export function errorResponseOf(exception: unknown, requestId: string): ErrorResponseDto {
  if (exception instanceof AppError) {
    const body: ErrorResponseDto = {
      statusCode: httpStatusOf(exception.kind),
      code: exception.code,
      message: exception.message,
      requestId,
    };
    if (exception.details !== undefined) body.details = exception.details;
    return body;
  }
  if (exception instanceof ServiceUnavailableException && exception.getResponse() !== null) {
    const details = exception.getResponse();
    // Terminus reports a failed health check this way; its per-check details are the point.
    if (typeof details === 'object' && 'status' in details && 'details' in details) {
      return {
        statusCode: 503,
        code: HEALTH_DOWN,
        message: 'A dependency is down',
        details,
        requestId,
      };
    }
  }
  const pgCode = postgresErrorCode(exception);
  if (pgCode !== undefined && UNSTORABLE_INPUT_CODES.has(pgCode)) {
    // Validation should have caught it first; this keeps a missed case a 400 rather than a 500.
    return {
      statusCode: 400,
      code: 'REQUEST.UNSTORABLE_VALUE',
      message: 'A value in the request cannot be stored (out of range or invalid characters)',
      requestId,
    };
  }
  if (pgCode !== undefined && CONFLICT_CONSTRAINT_CODES.has(pgCode)) {
    return {
      statusCode: HttpStatus.CONFLICT,
      code: 'REQUEST.CONFLICT',
      message:
        'Permintaan bertabrakan dengan data yang ada atau yang baru saja diubah; tidak ada yang disimpan. / ' +
        'The request conflicts with existing data or a change made at the same moment; nothing was saved.',
      requestId,
    };
  }
  if (pgCode !== undefined && RULE_CONSTRAINT_CODES.has(pgCode)) {
    return {
      statusCode: 400,
      code: 'REQUEST.CONSTRAINT_VIOLATED',
      message:
        'Nilai dalam permintaan melanggar aturan data; tidak ada yang disimpan. / ' +
        'Values in the request break a rule of the stored data; nothing was saved.',
      requestId,
    };
  }
  if (pgCode !== undefined && RETRYABLE_CONFLICT_CODES.has(pgCode)) {
    return {
      statusCode: HttpStatus.CONFLICT,
      code: 'REQUEST.CONCURRENT_CHANGE',
      message:
        'Someone else changed the same record at the same moment; nothing was saved. Try again.',
      requestId,
    };
  }
  if (exception instanceof ThrottlerException) {
    return {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      code: 'REQUEST.RATE_LIMITED',
      message: 'Too many attempts; wait a minute and try again',
      requestId,
    };
  }
  // Body parsers and Fastify reject malformed or oversized bodies before any controller runs;
  // Nest may wrap such an error in an HttpException.
  const parserError = (exception instanceof HttpException ? exception.cause : exception) as
    BodyParserError | undefined;
  const parserFailure =
    parserError?.type ??
    (typeof parserError?.code === 'string' ? FASTIFY_BODY_ERRORS[parserError.code] : undefined) ??
    // A JSON syntax error from a parser that gives no kind (Fastify's own).
    (exception instanceof SyntaxError ? 'entity.parse.failed' : undefined);
  if (parserFailure === 'entity.parse.failed') {
    return {
      statusCode: 400,
      code: 'REQUEST.MALFORMED_JSON',
      message: 'The request body is not valid JSON',
      requestId,
    };
  }
  if (parserFailure === 'entity.too.large') {
    return {
      statusCode: 413,
      code: 'REQUEST.TOO_LARGE',
      message: 'The request body is too large',
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    return {
      statusCode,
      code: HTTP_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL.ERROR' : 'REQUEST.FAILED'),
      message: statusCode >= 500 ? 'Internal error' : httpMessage(exception),
      requestId,
    };
  }
  const parserStatus = parserError?.status ?? parserError?.statusCode;
  if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
    return {
      statusCode: parserStatus,
      code: HTTP_CODES[parserStatus] ?? 'REQUEST.FAILED',
      message: 'The request could not be read',
      requestId,
    };
  }
  return {
    statusCode: 500,
    code: 'INTERNAL.ERROR',
    message: 'Internal error; quote the requestId when reporting it',
    requestId,
  };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}

// Validation or a repository should have caught it: worth finding in the log, without values.
