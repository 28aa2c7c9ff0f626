import {
  AppError,
  ErrorKind,
  FieldError,
  MAX_FIELD_ERRORS,
  ValidationFailedError,
} from '../errors/app-error';

/** Deeper than any request this API takes (a case's victims' families' needs are 6 levels). */
export const MAX_NESTING_DEPTH = 32;

/**
 * Longer than any list a DTO accepts (the most is 1,000 victims of one case). Validation checks
 * every element even past `@ArrayMaxSize`, so a 300 KB list would otherwise cost seconds of CPU.
 */
export const MAX_ARRAY_ITEMS = 1000;

export class RequestTooManyItemsError extends AppError {
  constructor(field: string) {
    super(
      ErrorKind.Validation,
      'REQUEST.TOO_MANY_ITEMS',
      `Daftar dalam permintaan berisi lebih dari ${MAX_ARRAY_ITEMS} butir. / ` +
        `A list in the request has more than ${MAX_ARRAY_ITEMS} items.`,
      { field, maxItems: MAX_ARRAY_ITEMS },
    );
  }
}

export class RequestTooDeepError extends AppError {
  constructor() {
    super(
      ErrorKind.Validation,
      'REQUEST.TOO_DEEP',
      `Isi permintaan bersarang lebih dari ${MAX_NESTING_DEPTH} tingkat. / ` +
        `The request is nested more than ${MAX_NESTING_DEPTH} levels deep.`,
      { maxDepth: MAX_NESTING_DEPTH },
    );
  }
}

export class IllFormedUnicodeError extends AppError {
  constructor(fields: FieldError[], totalFields: number) {
    super(
      ErrorKind.Validation,
      'REQUEST.ILL_FORMED_UNICODE',
      'Teks dalam permintaan bukan Unicode yang sah (surrogate tanpa pasangan). / ' +
        'Text in the request is not well-formed Unicode (an unpaired surrogate).',
      { fields, totalFields },
    );
  }
}

export interface InspectionFindings {
  tooDeep: boolean;
  /** The first list longer than {@link MAX_ARRAY_ITEMS}, if any. */
  tooLong?: string;
  illFormed: string[];
  illFormedTotal: number;
  withNul: string[];
  withNulTotal: number;
}

// ES2024 string methods; the compiler's lib stops at ES2023, Node 20 has them.
interface WellFormedText {
  isWellFormed(): boolean;
  toWellFormed(): string;
}
const isWellFormed = (text: string): boolean => (text as unknown as WellFormedText).isWellFormed();
const toWellFormed = (text: string): string => (text as unknown as WellFormedText).toWellFormed();

export function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

interface PendingValue {
  value: unknown;
  path: string;
  /** How many objects and arrays enclose this value. */
  depth: number;
}

/**
 * One walk over a parsed request value (body, query or parameter) that finds what must never
 * reach validation or the database: nesting deeper than {@link MAX_NESTING_DEPTH}, lists longer
 * than {@link MAX_ARRAY_ITEMS}, ill-formed Unicode (in keys as well as values) and NUL characters.
 * It keeps its own stack instead of recursing, so a hostile body nested thousands of levels costs a
 * loop, not the call stack, and it stops at the first level too deep or list too long. Paths are
 * listed in document order.
 */
export function inspectRequestValue(value: unknown, root = ''): InspectionFindings {
  const findings: InspectionFindings = {
    tooDeep: false,
    illFormed: [],
    illFormedTotal: 0,
    withNul: [],
    withNulTotal: 0,
  };
  const note = (kind: 'illFormed' | 'withNul', path: string): void => {
    const total = kind === 'illFormed' ? ++findings.illFormedTotal : ++findings.withNulTotal;
    if (total <= MAX_FIELD_ERRORS) findings[kind].push(path || 'value');
  };
  const checkText = (text: string, path: string): void => {
    if (!isWellFormed(text)) note('illFormed', path);
    if (text.includes('\u0000')) note('withNul', path);
  };

  const stack: PendingValue[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      checkText(current, path);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > MAX_NESTING_DEPTH) {
      findings.tooDeep = true;
      return findings;
    }
    const children: PendingValue[] = [];
    if (Array.isArray(current)) {
      if (current.length > MAX_ARRAY_ITEMS) {
        findings.tooLong = path || 'body';
        return findings;
      }
      current.forEach((item: unknown, index) =>
        children.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
    } else {
      for (const [key, item] of Object.entries(current)) {
        const childPath = joinPath(path, isWellFormed(key) ? key : toWellFormed(key));
        checkText(key, childPath);
        children.push({ value: item, path: childPath, depth: depth + 1 });
      }
    }
    // Reversed so that the first child is taken next: findings come out in document order.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]);
  }
  return findings;
}

export class BodyNotAnObjectError extends AppError {
  constructor() {
    super(
      ErrorKind.Validation,
      'REQUEST.BODY_NOT_AN_OBJECT',
      'Isi permintaan harus berupa objek JSON ({ … }). / The request body must be a JSON object ({ … }).',
    );
  }
}

/** Throws the error a client should see for the first kind of problem found, if any. */
export function assertInspectable(value: unknown, root = ''): void {
  const findings = inspectRequestValue(value, root);
  if (findings.tooDeep) throw new RequestTooDeepError();
  if (findings.tooLong !== undefined) throw new RequestTooManyItemsError(findings.tooLong);
  if (findings.illFormedTotal > 0) {
    throw new IllFormedUnicodeError(
      findings.illFormed.map((field) => ({
        field,
        messages: [
          `${field} berisi surrogate Unicode tanpa pasangan / ${field} contains an unpaired Unicode surrogate`,
        ],
      })),
      findings.illFormedTotal,
    );
  }
  if (findings.withNulTotal > 0) {
    throw new ValidationFailedError(
      findings.withNul.map((field) => ({
        field,
        messages: [`${field} must not contain a NUL character`],
      })),
      undefined,
      findings.withNulTotal,
    );
  }
}

/**
 * Fastify `preValidation` hook: it runs once the body is parsed and before Nest's handler, so a
 * hostile body or query string is refused before guards (the sign-in rate limiter reads the
 * email), pipes or services see it. A refusal goes to the exception filter like any error.
 */
export function inspectIncomingRequest(
  request: { body?: unknown; query?: unknown },
  _reply: unknown,
  done: (error?: Error) => void,
): void {
  try {
    assertInspectable(request.body);
    assertInspectable(request.query);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}
