import type { TFunction } from 'i18next';
import type { ApiFieldError } from './client';

/**
 * What the API said about a field, in the reader's language: each rule it names (`isNik`,
 * `maxLength`...) as the catalogue words it, and the API's own message for a rule the catalogue
 * does not know or a check of the service's own.
 */
export function fieldErrorText(error: ApiFieldError, t: TFunction): string {
  return error.messages
    .map((message, i) => {
      const rule = error.rules?.[i];
      const key = `apiRules.${rule}`;
      return rule && t(key, { defaultValue: '' }) !== '' ? t(key) : message;
    })
    .filter((text, i, all) => all.indexOf(text) === i)
    .join(' ');
}
