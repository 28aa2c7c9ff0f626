import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { useSession } from '../../session/session';
import { IncomingQueuePage } from './IncomingQueuePage';
import { IncomingReferralPage } from './IncomingReferralPage';

/** The roles the incoming list is for (the service refuses the others). */
export const INCOMING_ROLES = ['supervisor', 'caseworker'];

/** The receiving agency's screens, under /referrals/incoming. */
export function IncomingReferralsRoutes() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!session || !INCOMING_ROLES.includes(session.user.role))
    return (
      <Stack gap="md">
        <Title order={1}>{t('incomingReferrals.title')}</Title>
        <Alert color="yellow" role="note">
          {t('incomingReferrals.staffOnly')}
        </Alert>
      </Stack>
    );
  return (
    <Routes>
      <Route index element={<IncomingQueuePage />} />
      <Route path=":id" element={<IncomingReferralPage />} />
    </Routes>
  );
}
