import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQs } from 'qs';

/** Largest JSON body the API takes (1 MiB, as before). */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest form body (100 KiB, body-parser's default that the API had). */
export const FORM_BODY_LIMIT = 100 * 1024;
/** Most form parameters read, as body-parser's default. */
const FORM_PARAMETER_LIMIT = 1000;
/** Deepest `a[b][c]` nesting of a form field, as body-parser's default. */
const FORM_DEPTH = 32;

/**
 * A body that could not be read. `type` names the failure as body-parser did
 * (`entity.parse.failed`, `charset.unsupported`, ...), so that the exception filter maps one
 * vocabulary to error codes.
 */
export class BodyReadError extends Error {
  constructor(
    message: string,
    readonly type: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BodyReadError';
  }
}

type Done = (error: Error | null, body?: unknown) => void;

/** What a body parser is given: Fastify's request, of which only the headers are read. */
interface WithHeaders {
  headers: IncomingHttpHeaders;
}

function charsetOf(request: WithHeaders): string | undefined {
  const type = request.headers['content-type'];
  const match = typeof type === 'string' ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type) : null;
  return match?.[1].toLowerCase();
}

function unsupportedCharset(charset: string): BodyReadError {
  return new BodyReadError(
    `unsupported charset "${charset.toUpperCase()}"`,
    'charset.unsupported',
    415,
  );
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
const JSON_WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function firstNonWhitespace(text: string): number {
  let index = 0;
  while (index < text.length && JSON_WHITESPACE.has(text[index])) index += 1;
  return index;
}

/**
 * JSON bodies as the API always read them: an object or a list only (a bare string, number or
 * `null` is malformed), an empty body as `{}`, UTF-8 text, and plain `JSON.parse` (a `__proto__`
 * key becomes an ordinary property, which validation then refuses as unknown).
 */
export function parseJsonBody(request: WithHeaders, body: Buffer, done: Done): void {
  const charset = charsetOf(request) ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'utf8') {
    done(unsupportedCharset(charset));
    return;
  }
  const text = body.toString('utf8');
  if (text.length === 0) {
    done(null, {});
    return;
  }
  const first = text[firstNonWhitespace(text)];
  if (first !== '{' && first !== '[') {
    done(new BodyReadError('The body is not a JSON object or list', 'entity.parse.failed', 400));
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    done(new BodyReadError((error as Error).message, 'entity.parse.failed', 400));
    return;
  }
  done(null, parsed);
}

/**
 * Form bodies, read with nesting (`a[b]=1`) as before, so that the request inspection and
 * validation see them like JSON bodies.
 */
export function parseFormBody(request: WithHeaders, body: Buffer, done: Done): void {
  const charset = charsetOf(request) ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') {
    done(unsupportedCharset(charset));
    return;
  }
  const text = body.toString(charset === 'utf-8' ? 'utf8' : 'latin1');
  if (text.length === 0) {
    done(null, {});
    return;
  }
  let count = 0;
  let index = -1;
  do {
    count += 1;
    if (count > FORM_PARAMETER_LIMIT) {
      done(new BodyReadError('too many parameters', 'parameters.too.many', 413));
      return;
    }
    index = text.indexOf('&', index + 1);
  } while (index !== -1);
  let parsed: unknown;
  try {
    parsed = parseQs(text, {
      allowPrototypes: true,
      arrayLimit: Math.max(100, count),
      depth: FORM_DEPTH,
      charset: charset === 'utf-8' ? 'utf-8' : 'iso-8859-1',
      parameterLimit: FORM_PARAMETER_LIMIT,
      strictDepth: true,
    });
  } catch (error) {
    done(
      error instanceof RangeError
        ? new BodyReadError('The input exceeded the depth', 'querystring.parse.rangeError', 400)
        : (error as Error),
    );
    return;
  }
  done(null, parsed);
}
