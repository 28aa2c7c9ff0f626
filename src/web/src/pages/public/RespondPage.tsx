import { Alert, Button, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, data } from '../../api/client';
import { saveSharedDocument } from '../../api/documents';
import { publicApi } from '../../api/public-client';
import { Loading } from '../../components/TableParts';
import { PublicFrame } from '../../components/PublicFrame';
import { fragmentToken } from './fragment-token';
import { ReceivedReferral } from './ReceivedReferral';

/** Not the token: a query key may be shown by developer tools and kept in memory caches. */
const VIEW_KEY = ['referral-by-link'];

/**
 * The page behind the action link in a referral message, for the receiving agency's people who
 * have no account. The token stays in the fragment (kept there so the page can be reloaded from
 * the message) and reaches the API only in the X-Response-Token header.
 */
export function RespondPage() {
  const { t } = useTranslation();
  const [token] = useState(() => fragmentToken('respond'));
  const queryClient = useQueryClient();
  const headers = { 'x-response-token': token };
  const view = useQuery({
    queryKey: VIEW_KEY,
    queryFn: async () =>
      data(await publicApi.GET('/api/v1/referral-responses', { params: { header: headers } })),
    enabled: token !== '',
    staleTime: Infinity,
  });

  if (!token)
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Alert color="red" role="alert">
          {t('partner.incomplete')}
        </Alert>
      </PublicFrame>
    );
  if (view.isPending)
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Loading label={t('partner.loading')} />
      </PublicFrame>
    );
  if (view.isError) {
    const invalid = view.error instanceof ApiError && view.error.status === 404;
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Alert color="red" role="alert">
          {invalid ? t('partner.invalid') : t('partner.unreachable')}
        </Alert>
        {!invalid && (
          <Button size="md" variant="default" onClick={() => void view.refetch()}>
            {t('partner.retry')}
          </Button>
        )}
      </PublicFrame>
    );
  }

  const referral = view.data;
  return (
    <PublicFrame>
      <Title order={1}>{t('partner.title')}</Title>
      <Alert color="yellow" variant="light" role="note">
        <Text c="dark">{t('partner.doNotForward')}</Text>
      </Alert>

      <ReceivedReferral
        referral={referral}
        send={(body) =>
          publicApi.POST('/api/v1/referral-responses', { params: { header: headers }, body })
        }
        saveDocument={(document, fallbackName) =>
          saveSharedDocument(token, document.id, fallbackName)
        }
        onAnswered={(answered) => queryClient.setQueryData(VIEW_KEY, answered)}
        readAgain={() => queryClient.invalidateQueries({ queryKey: VIEW_KEY })}
      />
    </PublicFrame>
  );
}
