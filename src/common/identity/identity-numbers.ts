import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * NIK, the 16-digit Indonesian identity number: 6 digits of the issuing district's Kemendagri
 * code (province, regency, district), the birth date as DDMMYY with 40 added to the day for
 * women, and a 4-digit serial.
 */
export function isValidNik(nik: string): boolean {
  if (!/^\d{16}$/.test(nik)) return false;
  const province = Number(nik.slice(0, 2));
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const serial = nik.slice(12);
  const dayOfMonth = day > 40 ? day - 40 : day;
  return (
    province >= 11 &&
    province <= 96 &&
    dayOfMonth >= 1 &&
    dayOfMonth <= 31 &&
    month >= 1 &&
    month <= 12 &&
    serial !== '0000'
  );
}

/** Digits only: people write NIKs with spaces or dots. */
export function normaliseNik(text: string): string {
  return text.replace(/[\s.-]/g, '');
}

/**
 * A phone number in E.164 (+6281234567890), or undefined if it is not a valid number. Numbers
 * written the Indonesian way (0812..., 62812...) are read as Indonesian.
 */
export function toE164(text: string): string | undefined {
  if (readThisTurn.has(text)) return readThisTurn.get(text);
  const trimmed = text.trim();
  const asWritten = /^62\d{8,}$/.test(trimmed.replace(/[\s-]/g, '')) ? `+${trimmed}` : trimmed;
  const parsed = parsePhoneNumberFromString(asWritten, 'ID');
  const e164 = parsed?.isValid() ? parsed.number : undefined;
  if (readThisTurn.size === 0) setImmediate(forgetNumbersReadThisTurn);
  readThisTurn.set(text, e164);
  return e164;
}

/**
 * A request's phone numbers are parsed when its body is validated and again when its rows are
 * written, a few percent of a create's CPU each time. Answers are kept until the event loop's
 * next turn only: long enough for one request's two readings, too short to hold anybody's number.
 */
const readThisTurn = new Map<string, string | undefined>();

function forgetNumbersReadThisTurn(): void {
  readThisTurn.clear();
}

export function lastFour(text: string): string {
  return text.slice(-4);
}

/** `************7890`: what most roles see of a NIK or passport number. */
export function masked(lastFourDigits: string | null, length = 12): string | null {
  return lastFourDigits === null ? null : `${'*'.repeat(length)}${lastFourDigits}`;
}
