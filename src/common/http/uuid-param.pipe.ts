import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/app-error';

/** Refuses a malformed id in the path with the same field-level 400 as a bad body. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => ValidationFailedError.forField(name, `${name} must be a UUID`),
  });
}
