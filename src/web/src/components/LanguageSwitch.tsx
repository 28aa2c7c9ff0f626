import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type Language } from '../i18n';

/** Bahasa Indonesia or English, kept in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('app.language')}
      size="xs"
      value={i18n.language}
      onChange={(language) => changeLanguage(language as Language)}
      data={[
        { value: 'id', label: 'Bahasa Indonesia' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
