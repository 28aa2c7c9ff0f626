import type { TFunction } from 'i18next';
import { localeOf } from './i18n';

/** A file's size as people read it: "391 KB", "1,5 MB" (in the reader's number format). */
export function formatSize(bytes: number, language: string, t: TFunction): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return t('documents.bytes', { value: number(bytes, 0) });
  if (bytes < 1024 * 1024) return t('documents.kilobytes', { value: number(bytes / 1024, 0) });
  return t('documents.megabytes', { value: number(bytes / 1024 / 1024, 1) });
}
