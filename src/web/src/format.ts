import { localeOf } from './i18n';

/** Indonesia's zones as people write them. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** A zone as people in Indonesia name it (WIB, WITA, WIT), or its IANA name elsewhere. */
export function zoneLabel(timeZone: string): string {
  return ZONE_ABBREVIATIONS[timeZone] ?? timeZone;
}

/** A moment in the agency's zone, with the zone named: "7 Des 2026, 14.05 WIB". */
export function formatDateTime(iso: string, language: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
  return `${text} ${ZONE_ABBREVIATIONS[timeZone] ?? timeZone}`;
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** A calendar date (YYYY-MM-DD, no zone): "7 Des 2026". */
export function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** A country's name in the reader's language, from its ISO code ("KH": Kamboja / Cambodia). */
export function countryName(code: string, language: string): string {
  return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code) ?? code;
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
