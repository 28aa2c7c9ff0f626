import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/app-error';
import { assertInspectable, BodyNotAnObjectError, joinPath } from './request-inspection';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own: FieldError[] = error.constraints
      ? [
          {
            field,
            messages: Object.values(error.constraints),
            rules: Object.keys(error.constraints),
          },
        ]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Unknown fields are refused rather than dropped: a caseworker who misspells a field must learn
 * that nothing was saved under it.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Bodies and query strings were inspected as they arrived (app.factory.ts); path parameters
    // and custom arguments are inspected here, with the same rules.
    if (metadata.type === 'param' || metadata.type === 'custom')
      assertInspectable(value, metadata.data ?? '');
    // A DTO describes an object. A list would be validated element by element as if each were the
    // body, and text or numbers would meet the DTO's checks in ways nobody wrote them for.
    if (metadata.type === 'body' && metadata.data === undefined && this.describesObject(metadata))
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new BodyNotAnObjectError();
    return super.transform(value, metadata);
  }

  private describesObject(metadata: ArgumentMetadata): boolean {
    const type = metadata.metatype;
    return (
      typeof type === 'function' &&
      !([String, Number, Boolean, Array, Object] as unknown[]).includes(type)
    );
  }
}

export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadataLookups();
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
