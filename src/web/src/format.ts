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
