import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type ApiErrorBody, data, type Schemas } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { Fact, Section } from '../components/Section';
import { ColumnHeadings, Loading } from '../components/TableParts';
import { countryName, formatDate, formatDateTime } from '../format';
import { useAgencyTimeZone, useSession } from '../session/session';
import { WithdrawTransfer } from './case/CaseTransfer';

type Transfer = Schemas['TransferResponseDto'];
type Direction = 'incoming' | 'outgoing';

const PAGE_SIZE = 20;

/** One side of the caller's agency's transfers, newest first, by keyset pages. */
function useTransfers(direction: Direction) {
  return useInfiniteQuery({
    queryKey: ['transfers', direction],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/transfers', {
          params: {
            query: {
              direction,
              // Offers to the agency matter while they wait; its own offers, whatever became of them.
              ...(direction === 'incoming' ? { status: 'requested' as const } : {}),
              limit: PAGE_SIZE,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * Cases moving between agencies, for supervisors: offers to their agency, decided on the facts
 * the API shares before a case is theirs (no name, identity or address), and the agency's own
 * offers with what became of them.
 */
export function TransfersPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const role = session?.user.role;
  if (role !== 'supervisor' && role !== 'admin')
    return (
      <Stack>
        <Title order={1}>{t('transfers.title')}</Title>
        <Text>{t('transfers.noAccess')}</Text>
        <Anchor component={Link} to="/cases">
          {t('app.backHome')}
        </Anchor>
      </Stack>
    );
  return (
    <Stack gap="md">
      <Title order={1}>{t('transfers.title')}</Title>
      <Text>{t('transfers.intro')}</Text>
      {notice && (
        <Alert color="green" variant="light" role="status">
          {notice}
        </Alert>
      )}
      <IncomingOffers onNotice={setNotice} />
      <OutgoingOffers onNotice={setNotice} />
    </Stack>
  );
}

function ListState({ list, empty }: { list: ReturnType<typeof useTransfers>; empty: string }) {
  const { t } = useTranslation();
  if (list.isPending) return <Loading label={t('transfers.loading')} />;
  if (list.isError)
    return (
      <Group gap="sm">
        <Alert color="red" role="alert" py={6}>
          {t('transfers.loadFailed')}
        </Alert>
        <Button variant="default" onClick={() => void list.refetch()}>
          {t('transfers.retry')}
        </Button>
      </Group>
    );
  if (list.data.pages[0].items.length === 0) return <Text>{empty}</Text>;
  return null;
}

function MoreButton({ list }: { list: ReturnType<typeof useTransfers> }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Group justify="flex-end">
      <LoadMoreButton list={list} label={t('transfers.loadMore')} variant="default" />
    </Group>
  );
}

function IncomingOffers({ onNotice }: { onNotice: (message: string) => void }) {
  const { t } = useTranslation();
  const list = useTransfers('incoming');
  const offers = list.data?.pages.flatMap((page) => page.items) ?? [];
  const regencyCodes = [...new Set(offers.flatMap((o) => o.case?.originRegencyCodes ?? []))].sort();
  const regions = useQuery({
    queryKey: ['regions', regencyCodes],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: regencyCodes, limit: 100, offset: 0 } },
        }),
      ),
    enabled: regencyCodes.length > 0,
    staleTime: Infinity,
  });
  const regionName = (code: string) =>
    regions.data?.items.find((region) => region.code === code)?.fullPath ?? code;
  return (
    <Section title={t('transfers.incoming.title')}>
      <Text size="sm">{t('transfers.incoming.caption')}</Text>
      <ListState list={list} empty={t('transfers.incoming.empty')} />
      {offers.length > 0 && <Text size="sm">{t('transfers.incoming.privacy')}</Text>}
      {offers.map((offer) => (
        <IncomingOffer key={offer.id} offer={offer} regionName={regionName} onNotice={onNotice} />
      ))}
      <MoreButton list={list} />
    </Section>
  );
}

function IncomingOffer({
  offer,
  regionName,
  onNotice,
}: {
  offer: Transfer;
  regionName: (code: string) => string;
  onNotice: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const timeZone = useAgencyTimeZone();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deciding, setDeciding] = useState<'accept' | 'refuse' | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const refusal = useForm<{ reason: string }>({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() ? null : t('validation.required')) },
  });
  const heading = t('transfers.incoming.offer', {
    caseNumber: offer.caseNumber,
    agency: offer.fromAgencyName,
  });
  const facts = offer.case;
  const close = () => {
    setDeciding(null);
    setProblem(null);
  };
  const stale = () => {
    close();
    void queryClient.invalidateQueries({ queryKey: ['transfers'] });
    onNotice(t('transfers.incoming.decided'));
  };

  const accept = async () => {
    setSending(true);
    setProblem(null);
    const { data: accepted, response } = await api.POST('/api/v1/transfers/{id}/accept', {
      params: { path: { id: offer.id } },
      body: {},
    });
    setSending(false);
    if (accepted) {
      close();
      void queryClient.invalidateQueries({ queryKey: ['transfers'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      // The agency's now: it opens as any of its cases.
      await queryClient.invalidateQueries({ queryKey: ['case', accepted.caseNumber] });
      void navigate(`/cases/${accepted.caseNumber}`);
    } else if (response.status === 409 || response.status === 404) stale();
    else setProblem(t('transfers.failed'));
  };

  const refuse = refusal.onSubmit(async (values) => {
    setProblem(null);
    const {
      data: refused,
      error,
      response,
    } = await api.POST('/api/v1/transfers/{id}/refuse', {
      params: { path: { id: offer.id } },
      body: { reason: values.reason.trim() },
    });
    if (refused) {
      close();
      refusal.reset();
      void queryClient.invalidateQueries({ queryKey: ['transfers'] });
      onNotice(
        t('transfers.incoming.refused', {
          caseNumber: refused.caseNumber,
          agency: refused.fromAgencyName,
        }),
      );
      return;
    }
    const body = error as ApiErrorBody | undefined;
    if (response.status === 409 || response.status === 404) stale();
    else if (response.status === 400 && body?.details?.fields?.length)
      for (const field of body.details.fields)
        refusal.setFieldError(field.field, fieldErrorText(field, t));
    else setProblem(t('transfers.failed'));
  });

  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={heading}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {heading}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="dl" m={0}>
          <Fact label={t('transfers.incoming.from')}>{offer.fromAgencyName}</Fact>
          <Fact label={t('transfers.incoming.when')}>
            {formatDateTime(offer.requestedAt, language, timeZone)}
          </Fact>
          {facts && (
            <>
              <Fact label={t('caseView.priority')}>
                {t(`values.casePriority.${facts.priority}`)}
              </Fact>
              <Fact label={t('caseView.incidentType')}>
                {t(`values.incidentType.${facts.incidentType}`)}
              </Fact>
              <Fact label={t('caseView.exploitationTypes')}>
                {facts.exploitationTypes
                  .map((type) => t(`values.exploitationType.${type}`))
                  .join(', ')}
              </Fact>
              <Fact label={t('transfers.incoming.country')}>
                {facts.exploitationCountry && countryName(facts.exploitationCountry, language)}
              </Fact>
              <Fact label={t('transfers.incoming.victims')}>{String(facts.victimCount)}</Fact>
              <Fact label={t('transfers.incoming.origin')}>
                {facts.originRegencyCodes.map(regionName).join('; ')}
              </Fact>
              <Fact label={t('transfers.incoming.reported')}>
                {formatDate(facts.reportedDate, language)}
              </Fact>
              <Fact label={t('transfers.status')}>{t(`values.caseStatus.${facts.status}`)}</Fact>
            </>
          )}
        </SimpleGrid>
        {!facts && <Text>{t('transfers.incoming.notShared')}</Text>}
        <Stack gap={2}>
          <Text size="sm" fw={700}>
            {t('transfers.reason')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{offer.reason}</Text>
        </Stack>
        <Group gap="sm">
          <Button onClick={() => setDeciding('accept')}>{t('transfers.incoming.accept')}</Button>
          <Button variant="default" onClick={() => setDeciding('refuse')}>
            {t('transfers.incoming.refuse')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={deciding === 'accept'}
        onClose={close}
        title={t('transfers.incoming.acceptTitle', { caseNumber: offer.caseNumber })}
        closeButtonProps={{ 'aria-label': t('transfers.incoming.cancel') }}
      >
        <Stack>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Text>{t('transfers.incoming.acceptBody', { agency: offer.fromAgencyName })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('transfers.incoming.cancel')}
            </Button>
            <Button loading={sending} onClick={() => void accept()}>
              {t('transfers.incoming.acceptConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={deciding === 'refuse'}
        onClose={close}
        title={t('transfers.incoming.refuseTitle', { caseNumber: offer.caseNumber })}
        closeButtonProps={{ 'aria-label': t('transfers.incoming.cancel') }}
      >
        <form onSubmit={refuse} noValidate>
          <Stack>
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <Textarea
              label={t('transfers.incoming.refuseReason')}
              description={t('transfers.incoming.refuseHint')}
              required
              autosize
              minRows={3}
              maxLength={2000}
              {...refusal.getInputProps('reason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('transfers.incoming.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={refusal.submitting}>
                {t('transfers.incoming.refuseConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

function OutgoingOffers({ onNotice }: { onNotice: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const timeZone = useAgencyTimeZone();
  const queryClient = useQueryClient();
  const list = useTransfers('outgoing');
  const offers = list.data?.pages.flatMap((page) => page.items) ?? [];
  const when = (iso: string) => formatDateTime(iso, language, timeZone);
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['transfers'] });
  };
  return (
    <Section title={t('transfers.outgoing.title')}>
      <Text size="sm">{t('transfers.outgoing.caption')}</Text>
      <ListState list={list} empty={t('transfers.outgoing.empty')} />
      {offers.length > 0 && (
        <ScrollArea type="auto">
          <Table withTableBorder miw={900}>
            <ColumnHeadings
              labels={[
                t('transfers.outgoing.case'),
                t('transfers.outgoing.to'),
                t('transfers.when'),
                t('transfers.reason'),
                t('transfers.status'),
                t('transfers.outgoing.response'),
                t('transfers.outgoing.actions'),
              ]}
            />
            <Table.Tbody>
              {offers.map((offer) => (
                <Table.Tr key={offer.id}>
                  <Table.Th scope="row">
                    {/* Once accepted, the case is another agency's: no link that would fail. */}
                    {offer.status === 'accepted' ? (
                      <Text ff="monospace" span>
                        {offer.caseNumber}
                      </Text>
                    ) : (
                      <Anchor component={Link} to={`/cases/${offer.caseNumber}`} ff="monospace">
                        {offer.caseNumber}
                      </Anchor>
                    )}
                  </Table.Th>
                  <Table.Td>{offer.toAgencyName}</Table.Td>
                  <Table.Td>{when(offer.requestedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{offer.reason}</Table.Td>
                  <Table.Td>
                    <Text>{t(`values.transferStatus.${offer.status}`)}</Text>
                    {offer.decidedAt && (
                      <Text size="sm" c="dimmed">
                        {t('transfers.outgoing.decidedAt', { when: when(offer.decidedAt) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                    {offer.responseReason ?? t('cases.none')}
                  </Table.Td>
                  <Table.Td>
                    {offer.status === 'requested' && (
                      <WithdrawTransfer
                        transfer={offer}
                        buttonLabel={t('transfers.outgoing.withdraw')}
                        accessibleName={t('transfers.outgoing.withdrawOf', {
                          caseNumber: offer.caseNumber,
                        })}
                        onWithdrawn={(withdrawn) => {
                          reload();
                          void queryClient.invalidateQueries({
                            queryKey: ['case', withdrawn.caseNumber],
                          });
                          onNotice(
                            t('transfers.outgoing.withdrawn', {
                              caseNumber: withdrawn.caseNumber,
                            }),
                          );
                        }}
                        onStale={() => {
                          reload();
                          onNotice(t('transfers.incoming.decided'));
                        }}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <MoreButton list={list} />
    </Section>
  );
}
