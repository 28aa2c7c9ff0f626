import type { TFunction } from 'i18next';
import type { ApiErrorBody, ApiFieldError } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { useSession } from '../../session/session';

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

/**
 * Whether the signed-in user may draft, send, re-date and cancel the case's referrals (as
 * CaseAccess.canWrite decides on the server, which still has the last word).
 */
export function useCanReferCase(owningAgencyId: string | undefined): boolean {
  const { session } = useSession();
  const user = session?.user;
  if (!user || !owningAgencyId) return false;
  if (user.role === 'admin') return true;
  return (
    (user.role === 'caseworker' || user.role === 'supervisor') && user.agencyId === owningAgencyId
  );
}

/** Minutes east of UTC that `timeZone` is at the instant `utcMs`. */
function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((asUtc - utcMs) / 60_000);
}

/**
 * A wall-clock time typed in a `datetime-local` field (`2026-12-07T16:00`), read in the
 * agency's zone, as ISO 8601 with that zone's offset (`2026-12-07T16:00:00+07:00`).
 */
export function wallTimeInZone(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Indonesia's zones have no daylight saving: one correction finds the offset.
  const offset = zoneOffsetMinutes(naive - zoneOffsetMinutes(naive, timeZone) * 60_000, timeZone);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
