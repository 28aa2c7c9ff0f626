import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { id } from './id';
import { enValues, idValues } from './values';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORED_LANGUAGE = 'jejak.language';

function storedLanguage(): Language {
  const stored = window.localStorage.getItem(STORED_LANGUAGE);
  return stored === 'en' ? 'en' : 'id';
}

void i18next.use(initReactI18next).init({
  resources: {
    id: { translation: { ...id, values: idValues } },
    en: { translation: { ...en, values: enValues } },
  },
  lng: storedLanguage(),
  fallbackLng: 'id',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export function changeLanguage(language: Language): void {
  window.localStorage.setItem(STORED_LANGUAGE, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

/** The BCP 47 locale for dates and numbers in a language. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}

export { i18next };
