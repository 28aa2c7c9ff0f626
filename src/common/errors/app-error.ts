export enum ErrorKind {
  Validation = 'validation',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
}

export interface FieldError {
  /** Path of the field in the request, e.g. `contactEmails[1]`. */
  field: string;
  messages: string[];
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

export class ValidationFailedError extends AppError {
  constructor(
    readonly fields: FieldError[],
    message = 'The request has invalid fields',
  ) {
    super(ErrorKind.Validation, 'REQUEST.VALIDATION_FAILED', message, { fields });
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
    default: {
      const unhandled: never = kind;
      throw new Error(`Unmapped error kind ${String(unhandled)}`);
    }
  }
}
