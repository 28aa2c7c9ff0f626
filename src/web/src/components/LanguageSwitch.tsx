import { type MantineSize, SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type Language } from '../i18n';

/** Bahasa Indonesia or English, kept in this browser. Larger where fingers, not a mouse, choose. */
export function LanguageSwitch({ size = 'xs' }: { size?: MantineSize }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('app.language')}
      size={size}
      value={i18n.language}
      onChange={(language) => changeLanguage(language as Language)}
      data={[
        { value: 'id', label: 'Bahasa Indonesia' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
