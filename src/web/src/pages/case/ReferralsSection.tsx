import { Badge, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Section } from '../../components/Section';
import { ColumnHeadings } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { useAgencyTimeZone } from '../../session/session';

/** The case's referrals to partner agencies, with their status and due dates. */
export function ReferralsSection({ caseRef }: { caseRef: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const timeZone = useAgencyTimeZone();
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
      {referrals.isPending && <Loader size="sm" aria-label={t('caseView.loading')} />}
      {referrals.isSuccess && referrals.data.items.length === 0 && (
        <Text>{t('caseView.none')}</Text>
      )}
      {referrals.isSuccess && referrals.data.items.length > 0 && (
        <Table withTableBorder>
          <ColumnHeadings
            labels={[
              t('caseView.agency'),
              t('caseView.service'),
              t('caseView.referralStatus'),
              t('caseView.due'),
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
                    ? formatDateTime(referral.dueAt, language, timeZone)
                    : t('caseView.notRecorded')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}
