import { Container, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The frame of the pages reached from an emailed link without an account: the name, the language,
 * and the content in one column that fits a 360 px phone.
 */
export function PublicFrame({ children, size = 'sm' }: { children: ReactNode; size?: string }) {
  const { t } = useTranslation();
  return (
    <Container size={size} px="sm" py="md">
      <Stack gap="md">
        <Group justify="space-between" gap="xs" component="header">
          <Text fw={700} size="xl" component="p" m={0}>
            {t('app.name')}
          </Text>
          <LanguageSwitch size="sm" />
        </Group>
        <Stack gap="md" component="main" id="main">
          {children}
        </Stack>
      </Stack>
    </Container>
  );
}
