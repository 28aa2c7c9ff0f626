export enum ErrorKind {
  Validation = 'validation',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
  /** An upload larger than its route takes. */
  TooLarge = 'too_large',
  /** An upload whose content (not its name) is of a type the route does not take. */
  UnsupportedType = 'unsupported_type',
}

export interface FieldError {
  /** Path of the field in the request, e.g. `contactEmails[1]`. */
  field: string;
  messages: string[];
  /**
   * The rule each message reports (`isNotEmpty`, `isNik`, `maxLength`...), in the same order, for
   * clients that say it in their own words and language; absent for a check the service made.
   */
  rules?: string[];
}

/**
 * Base of every error the service raises on purpose. `code` is stable (`AGENCY.NOT_FOUND`) so
 * clients can branch on it; the message is for people and never carries personal data.
 */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A 370 KB array of bad values once produced a 648 KB answer: a client needs the first problems
 * and how many there are, not all of them.
 */
export const MAX_FIELD_ERRORS = 100;

export class ValidationFailedError extends AppError {
  readonly fields: FieldError[];

  /** `fields` is cut to {@link MAX_FIELD_ERRORS}; `totalFields` says how many there were. */
  constructor(
    fields: FieldError[],
    message = 'The request has invalid fields',
    totalFields?: number,
  ) {
    const shown = fields.slice(0, MAX_FIELD_ERRORS);
    super(ErrorKind.Validation, 'REQUEST.VALIDATION_FAILED', message, {
      fields: shown,
      totalFields: totalFields ?? fields.length,
    });
    this.fields = shown;
  }

  static forField(field: string, message: string): ValidationFailedError {
    return new ValidationFailedError([{ field, messages: [message] }]);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this action') {
    super(ErrorKind.Forbidden, 'AUTH.FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first: a valid bearer token is required') {
    super(ErrorKind.Unauthenticated, 'AUTH.UNAUTHENTICATED', message);
  }
}

export class VersionConflictError extends AppError {
  constructor(entity: string, currentVersion: number) {
    super(
      ErrorKind.Conflict,
      `${entity.toUpperCase()}.VERSION_CONFLICT`,
      `The ${entity} was changed by someone else; reload it and apply your change to version ${currentVersion}`,
      { currentVersion },
    );
  }
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.Validation:
      return 400;
    case ErrorKind.Unauthenticated:
      return 401;
    case ErrorKind.Forbidden:
      return 403;
    case ErrorKind.NotFound:
      return 404;
    case ErrorKind.Conflict:
      return 409;
    case ErrorKind.RateLimited:
      return 429;
    case ErrorKind.Unavailable:
      return 503;
    case ErrorKind.TooLarge:
      return 413;
    case ErrorKind.UnsupportedType:
      return 415;
    default: {
      const unhandled: never = kind;
      throw new Error(`Unmapped error kind ${String(unhandled)}`);
    }
  }
}
