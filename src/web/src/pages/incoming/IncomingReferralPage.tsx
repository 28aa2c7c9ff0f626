import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { saveReceivedDocument } from '../../api/documents';
import { Loading } from '../../components/TableParts';
import { ReceivedReferral } from '../public/ReceivedReferral';
import { INCOMING_KEY, receivedReferralKey } from './incoming-keys';

type SharedView = Schemas['ReferralSharedViewDto'];

/** `GET /referrals/{id}` gives the receiving agency the shared view (the referring one, more). */
function isSharedView(referral: Schemas['ReferralDto'] | SharedView): referral is SharedView {
  return 'receivingAgency' in referral;
}

/**
 * A referral sent to the reader's agency, as its supervisors and the caseworker it is given to
 * work it: what the referring agency shares (in the words of the partner's link page), its
 * documents downloaded with the session, the answers so far, and the answer to give.
 */
export function IncomingReferralPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const key = receivedReferralKey(id);
  const referral = useQuery({
    queryKey: key,
    queryFn: async () => {
      const view = data(await api.GET('/api/v1/referrals/{id}', { params: { path: { id } } }));
      // The referring agency's own referral is followed from its case, not from here.
      if (!isSharedView(view)) throw new ApiError(404, undefined);
      return view;
    },
  });
  const readAgain = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: INCOMING_KEY });
  };

  const back = (
    <Anchor component={Link} to="/referrals/incoming">
      {t('incomingReferrals.back')}
    </Anchor>
  );
  if (referral.isPending)
    return (
      <Stack gap="md">
        {back}
        <Title order={1}>{t('incomingReferrals.title')}</Title>
        <Loading label={t('incomingReferrals.detailLoading')} />
      </Stack>
    );
  if (referral.isError) {
    const status = referral.error instanceof ApiError ? referral.error.status : 0;
    return (
      <Stack gap="md">
        {back}
        <Title order={1}>{t('incomingReferrals.title')}</Title>
        <Alert color="red" role="alert">
          <Group justify="space-between">
            <Text>
              {status === 404 || status === 400
                ? t('incomingReferrals.notFound')
                : status === 403
                  ? t('incomingReferrals.notAssignee')
                  : t('incomingReferrals.detailFailed')}
            </Text>
            {![400, 403, 404].includes(status) && (
              <Button size="xs" variant="white" onClick={() => void referral.refetch()}>
                {t('incomingReferrals.retry')}
              </Button>
            )}
          </Group>
        </Alert>
      </Stack>
    );
  }

  const view = referral.data;
  return (
    <Stack gap="md" maw={900}>
      {back}
      <Title order={1}>
        {t('incomingReferrals.detailTitle', {
          caseNumber: view.caseNumber,
          agency: view.referringAgency.name,
        })}
      </Title>
      <ReceivedReferral
        referral={view}
        send={(body) =>
          api.POST('/api/v1/referrals/{id}/responses', { params: { path: { id } }, body })
        }
        saveDocument={(document, fallbackName) =>
          saveReceivedDocument(id, document.id, fallbackName)
        }
        onAnswered={(answered) => {
          queryClient.setQueryData(key, answered);
          void queryClient.invalidateQueries({ queryKey: INCOMING_KEY });
        }}
        readAgain={readAgain}
      />
    </Stack>
  );
}
