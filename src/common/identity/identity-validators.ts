import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isValidNik, normaliseNik, toE164 } from './identity-numbers';

/** A valid NIK, written with or without spaces and dots; stored as 16 digits. */
export function IsNik(options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'isNik',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidNik(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'nik'} must be a valid 16-digit NIK (district code, birth date, serial)`,
      },
    },
    options,
  );
  const normalise = Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normaliseNik(value) : value,
  );
  return (target: object, property: string | symbol) => {
    normalise(target, property);
    validate(target, property);
  };
}

/** A phone number that can be written in E.164; Indonesian numbers may be written 0812... */
export function IsPhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPhoneNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164(value) !== undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'phone'} must be a valid phone number, e.g. 0812 3456 7890 or +855 12 345 678`,
      },
    },
    options,
  );
}
