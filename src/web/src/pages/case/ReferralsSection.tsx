import { caseQuery } from '../../api/queries';
import { Alert, Badge, Button, Drawer, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { ReferralCreateForm } from './ReferralCreateForm';
import { ReferralDetail } from './ReferralDetail';

/**
 * The case's referrals to partner agencies, with their status and due dates (in each receiving
 * agency's zone, where its deadlines are counted); a new referral, and each one's details.
 */
export function ReferralsSection({ caseRef }: { caseRef: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // The form is open for a new referral (true) or for a draft being changed.
  const [creating, setCreating] = useState<boolean | Schemas['ReferralDto']>(false);
  const [opened, setOpened] = useState<{ id: string; agency: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The case page has loaded it: read from the cache.
  const record = useQuery(caseQuery(caseRef));
  // As the API decides for this caller; it still has the last word on each request.
  const canChange = record.data?.yourActions.edit ?? false;
  const referrals = useQuery({
    queryKey: ['case', caseRef, 'referrals'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/cases/{id}/referrals', {
          params: { path: { id: caseRef }, query: { limit: 100 } },
        }),
      ),
  });

  return (
    <Section title={t('caseView.referrals')}>
      {notice && (
        <Alert
          color="blue"
          role="status"
          withCloseButton
          closeButtonLabel={t('referrals.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {canChange && !creating && (
        <Group>
          <Button onClick={() => setCreating(true)}>{t('referrals.create')}</Button>
        </Group>
      )}
      {creating && record.data && (
        <>
          <Group>
            <Button variant="default" onClick={() => setCreating(false)}>
              {t('referrals.closeForm')}
            </Button>
          </Group>
          <ReferralCreateForm
            // A fresh form for each draft: its values start from the draft's own.
            key={creating === true ? 'new' : creating.id}
            record={record.data}
            draft={creating === true ? undefined : creating}
            onDone={(message, referralId) => {
              setCreating(false);
              setNotice(message);
              const agency =
                referrals.data?.items.find((r) => r.id === referralId)?.agency.name ?? '';
              setOpened({ id: referralId, agency });
            }}
          />
        </>
      )}
      {referrals.isPending && <Loading label={t('caseView.loading')} />}
      {referrals.isSuccess && referrals.data.items.length === 0 && (
        <Text>{t('caseView.none')}</Text>
      )}
      {referrals.isSuccess && referrals.data.items.length > 0 && (
        <ScrollArea type="auto">
          <Table withTableBorder miw={640}>
            <ColumnHeadings
              labels={[
                t('caseView.agency'),
                t('caseView.service'),
                t('caseView.referralStatus'),
                t('caseView.due'),
                t('referrals.details'),
              ]}
            />
            <Table.Tbody>
              {referrals.data.items.map((referral) => (
                <Table.Tr key={referral.id}>
                  <Table.Td>{referral.agency.name}</Table.Td>
                  <Table.Td>{t(`values.referralService.${referral.service}`)}</Table.Td>
                  <Table.Td>
                    {t(`values.referralStatus.${referral.status}`)}
                    {referral.overdue && (
                      <Badge ml="xs" color="red.9" variant="filled" tt="none">
                        {t('caseView.overdue')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {referral.dueAt
                      ? formatDateTime(referral.dueAt, language, referral.timeZone)
                      : t('caseView.notRecorded')}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('referrals.detailsOf', { agency: referral.agency.name })}
                      onClick={() => setOpened({ id: referral.id, agency: referral.agency.name })}
                    >
                      {t('referrals.details')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Drawer
        opened={opened !== null}
        onClose={() => setOpened(null)}
        position="right"
        size="xl"
        title={
          opened
            ? t('referrals.detailsOf', {
                agency:
                  opened.agency ||
                  referrals.data?.items.find((r) => r.id === opened.id)?.agency.name ||
                  '',
              })
            : ''
        }
        closeButtonProps={{ 'aria-label': t('referrals.close') }}
      >
        {opened && (
          <ReferralDetail
            referralId={opened.id}
            canChange={canChange}
            onEditDraft={(draft) => {
              setOpened(null);
              setNotice(null);
              setCreating(draft);
            }}
          />
        )}
      </Drawer>
    </Section>
  );
}
