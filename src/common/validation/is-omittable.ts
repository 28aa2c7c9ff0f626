import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but if present must be valid: unlike @IsOptional, null is refused,
 * so a column that cannot be empty is never sent an explicit null.
 */
export const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object, value) => value !== undefined);
