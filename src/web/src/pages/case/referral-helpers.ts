import type { TFunction } from 'i18next';
import type { ApiErrorBody, ApiFieldError } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';

/**
 * The service's own checks on a referral (beyond the DTO's rules) say what is wrong in English;
 * these are the ones a form can meet, in the reader's words.
 */
const SERVICE_CHECKS: Array<[RegExp, string]> = [
  [/no contact email or webhook/, 'referrals.agencyNoChannel'],
  [/must name an active agency/, 'referrals.agencyInactive'],
  [/not to the one that owns the case/, 'referrals.agencyOwn'],
  [/name the victims whose fields are shared/, 'referrals.needVictims'],
  [/name the family members whose contacts/, 'referrals.needFamily'],
  [/include family_contacts/, 'referrals.needFamilyField'],
  [/noConsentReason is required/, 'referrals.required'],
  [/must be in the future/, 'referrals.futureDue'],
  [/every documentId must name a document of this case/, 'referrals.documentUnknown'],
];

/** `victimIds[0]` (the API's path) as the form's field `victimIds`. */
export function formField(apiField: string): string {
  return apiField.replace(/\[\d+\].*$/, '');
}

export function referralFieldError(error: ApiFieldError, t: TFunction): string {
  const known = error.messages
    .map((message) => SERVICE_CHECKS.find(([pattern]) => pattern.test(message))?.[1])
    .filter((key): key is string => key !== undefined);
  return known.length > 0 ? known.map((key) => t(key)).join(' ') : fieldErrorText(error, t);
}

/** The reader's words for a refusal that is not about one field. */
export function referralProblem(status: number, body: ApiErrorBody | undefined): string {
  if (body?.code === 'REFERRAL.SUPERVISOR_REQUIRED') return 'referrals.supervisorRequired';
  if (body?.code === 'REFERRAL.READ_ONLY' || status === 403) return 'referrals.readOnly';
  if (body?.code === 'REFERRAL.CLOSED' || body?.code === 'REFERRAL.NOT_DRAFT')
    return 'referrals.closed';
  if (status === 409) return 'referrals.conflict';
  if (status === 400) return 'referrals.invalid';
  return 'referrals.failed';
}
