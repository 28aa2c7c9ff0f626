import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { Fact } from '../../components/Section';
import { formatSize } from '../../document-size';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime, wallTimeInZone, zoneLabel } from '../../format';
import { formField, referralFieldError, referralProblem } from './referral-helpers';

type Referral = Schemas['ReferralDto'];
type Notification = Schemas['NotificationDto'];
type Panel = 'renew' | 'due' | 'cancel' | null;

const OPEN_STATUSES: Referral['status'][] = ['sent', 'acknowledged', 'in_progress'];

/**
 * One referral as its referring agency follows it: where it stands and by when (in the receiving
 * agency's zone), what the agency answered, every message sent and its fate, and its answer links.
 * Staff who may change the case's referrals also send a draft, renew the link, re-date or cancel.
 */
export function ReferralDetail({
  referralId,
  canChange,
  onEditDraft,
}: {
  referralId: string;
  canChange: boolean;
  /** Opens the draft in the referral form, where everything chosen for it can be changed. */
  onEditDraft: (draft: Referral) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = ['referral', referralId];
  const referral = useQuery({
    queryKey: key,
    queryFn: async () =>
      data(
        await api.GET('/api/v1/referrals/{id}', { params: { path: { id: referralId } } }),
      ) as Referral,
  });
  const answers = useQuery({
    queryKey: [...key, 'responses'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/referrals/{id}/responses', {
          params: { path: { id: referralId } },
        }),
      ),
  });
  const messages = useQuery({
    queryKey: [...key, 'notifications'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/referrals/{id}/notifications', {
          params: { path: { id: referralId } },
        }),
      ),
    // Messages go out in the background: their fate changes while the drawer is open.
    refetchInterval: (query) =>
      query.state.data?.items.some((m) => m.status === 'pending' || m.status === 'sending')
        ? 3000
        : false,
  });
  const links = useQuery({
    queryKey: [...key, 'links'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/referrals/{id}/response-links', {
          params: { path: { id: referralId } },
        }),
      ),
    enabled: canChange,
  });
  const sharedIds = referral.data?.documentIds ?? [];
  // The case's list, as the documents section reads it; the referral names its documents by id.
  const documents = useQuery({
    queryKey: ['case', referral.data?.caseNumber, 'documents'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/cases/{id}/documents', {
          params: { path: { id: referral.data!.caseNumber } },
        }),
      ),
    enabled: sharedIds.length > 0,
  });
  const renewForm = useForm({ mode: 'uncontrolled', initialValues: { contactEmail: '' } });
  const dueForm = useForm({ mode: 'uncontrolled', initialValues: { dueAt: '', reason: '' } });
  const cancelForm = useForm({ mode: 'uncontrolled', initialValues: { reason: '' } });

  if (referral.isPending) return <Loading label={t('referrals.loading')} />;
  if (referral.isError)
    return (
      <Alert color="red" role="alert">
        {t('referrals.loadFailed')}
      </Alert>
    );
  const item = referral.data;
  const zone = item.timeZone || 'Asia/Jakarta';
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language, zone) : null);
  const open = OPEN_STATUSES.includes(item.status);
  const sharedDocuments = (documents.data?.items ?? []).filter((document) =>
    item.documentIds.includes(document.id),
  );

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['case'] });
  };

  /** Runs one change; its field errors land on `form`'s fields, anything else in the notice. */
  const change = async (
    run: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    success: string,
    form?: { setFieldError: (field: string, error: string) => void },
  ) => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await run();
      if (result.data !== undefined) {
        setNotice({ ok: true, text: success });
        setPanel(null);
        refresh();
        return;
      }
      const body = result.error as ApiErrorBody | undefined;
      const fields = body?.details?.fields ?? [];
      for (const field of fields)
        form?.setFieldError(formField(field.field), referralFieldError(field, t));
      const text =
        fields.length > 0 && !form
          ? fields.map((field) => referralFieldError(field, t)).join(' ')
          : t(referralProblem(result.response.status, body));
      setNotice({ ok: false, text });
      if (result.response.status === 409) refresh();
    } catch {
      setNotice({ ok: false, text: t('referrals.failed') });
    } finally {
      setBusy(false);
    }
  };

  const messageWhen = (message: Notification) => {
    if (message.status === 'delivered') return when(message.deliveredAt);
    if (message.status === 'failed') return when(message.failedAt);
    if (message.status === 'cancelled') return when(message.cancelledAt);
    return t('referrals.nextAttempt', { when: when(message.nextAttemptAt) });
  };

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="filled" color="blue.9" tt="none">
          {t(`values.referralStatus.${item.status}`)}
        </Badge>
        {item.overdue && (
          <Badge variant="filled" color="red.9" tt="none">
            {t('caseView.overdue')}
          </Badge>
        )}
      </Group>
      {notice && (
        <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0}>
        <Fact label={t('referrals.service')}>{t(`values.referralService.${item.service}`)}</Fact>
        <Fact label={t('referrals.priority')}>{t(`values.casePriority.${item.priority}`)}</Fact>
        <Fact label={t('referrals.consentGiven')}>
          {t(`values.referralConsent.${item.consent}`)}
        </Fact>
        <Fact label={t('referrals.sharedFieldsShown')}>
          {item.sharedFields.length === 0
            ? t('referrals.noneShared')
            : item.sharedFields.map((f) => t(`values.sharedField.${f}`)).join(', ')}
        </Fact>
        {item.noConsentReason && (
          <Fact label={t('referrals.noConsentReasonShown')}>{item.noConsentReason}</Fact>
        )}
        <Fact label={t('referrals.sentAt')}>{when(item.sentAt)}</Fact>
        <Fact label={t('referrals.acknowledgeDueAt')}>{when(item.acknowledgeDueAt)}</Fact>
        <Fact label={t('referrals.dueAt')}>{when(item.dueAt)}</Fact>
        {item.acknowledgedAt && (
          <Fact label={t('referrals.acknowledgedAt')}>{when(item.acknowledgedAt)}</Fact>
        )}
        {item.progressNote && <Fact label={t('referrals.progressNote')}>{item.progressNote}</Fact>}
        {item.completedAt && (
          <Fact label={t('referrals.completedAt')}>{when(item.completedAt)}</Fact>
        )}
        {item.outcome && (
          <Fact label={t('referrals.outcome')}>{t(`values.referralOutcome.${item.outcome}`)}</Fact>
        )}
        {item.outcomeNotes && <Fact label={t('referrals.outcomeNotes')}>{item.outcomeNotes}</Fact>}
        {item.declinedAt && <Fact label={t('referrals.declinedAt')}>{when(item.declinedAt)}</Fact>}
        {item.declineReason && (
          <Fact label={t('referrals.declineReason')}>{item.declineReason}</Fact>
        )}
        {item.cancelledAt && (
          <Fact label={t('referrals.cancelledAt')}>{when(item.cancelledAt)}</Fact>
        )}
        {item.cancelReason && <Fact label={t('referrals.cancelReason')}>{item.cancelReason}</Fact>}
        {item.remindersIgnored > 0 && (
          <Fact label={t('referrals.remindersIgnored')}>{String(item.remindersIgnored)}</Fact>
        )}
        {item.escalatedAt && (
          <Fact label={t('referrals.escalatedAt')}>{when(item.escalatedAt)}</Fact>
        )}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('referrals.zoneNote', { zone: zoneLabel(zone) })}
      </Text>

      {canChange && (
        <Group gap="xs">
          {item.status === 'draft' && (
            <Button
              loading={busy}
              onClick={() =>
                void change(
                  () =>
                    api.POST('/api/v1/referrals/{id}/send', {
                      params: { path: { id: item.id } },
                      body: { version: item.version },
                    }),
                  t('referrals.sent', { agency: item.agency.name }),
                )
              }
            >
              {t('referrals.sendDraft')}
            </Button>
          )}
          {item.status === 'draft' && (
            <Button variant="default" onClick={() => onEditDraft(item)}>
              {t('referrals.editDraft')}
            </Button>
          )}
          {open && (
            <Button variant="default" onClick={() => setPanel(panel === 'renew' ? null : 'renew')}>
              {t('referrals.renew')}
            </Button>
          )}
          {open && (
            <Button variant="default" onClick={() => setPanel(panel === 'due' ? null : 'due')}>
              {t('referrals.changeDue')}
            </Button>
          )}
          {(open || item.status === 'draft') && (
            <Button
              variant="outline"
              color="red.9"
              onClick={() => setPanel(panel === 'cancel' ? null : 'cancel')}
            >
              {t('referrals.cancel')}
            </Button>
          )}
        </Group>
      )}

      {panel === 'renew' && (
        <Paper withBorder p="sm">
          <form
            noValidate
            aria-label={t('referrals.renew')}
            onSubmit={renewForm.onSubmit(
              (values) =>
                void change(
                  () =>
                    api.POST('/api/v1/referrals/{id}/response-links', {
                      params: { path: { id: item.id } },
                      body: {
                        version: item.version,
                        ...(values.contactEmail.trim()
                          ? { contactEmail: values.contactEmail.trim() }
                          : {}),
                      },
                    }),
                  t('referrals.renewed'),
                  renewForm,
                ),
            )}
          >
            <Stack gap="sm">
              <Text size="sm">{t('referrals.renewHint')}</Text>
              <TextInput
                label={t('referrals.renewEmail')}
                type="email"
                key={renewForm.key('contactEmail')}
                {...renewForm.getInputProps('contactEmail')}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('referrals.renew')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {panel === 'due' && (
        <Paper withBorder p="sm">
          <form
            noValidate
            aria-label={t('referrals.changeDue')}
            onSubmit={dueForm.onSubmit((values) => {
              const dueAt = wallTimeInZone(values.dueAt, zone);
              if (!dueAt) {
                dueForm.setFieldError('dueAt', t('referrals.required'));
                return;
              }
              if (values.reason.trim().length < 3) {
                dueForm.setFieldError('reason', t('referrals.tooShort', { count: 3 }));
                return;
              }
              void change(
                () =>
                  api.POST('/api/v1/referrals/{id}/due-date', {
                    params: { path: { id: item.id } },
                    body: { version: item.version, dueAt, reason: values.reason.trim() },
                  }),
                t('referrals.dueChanged'),
                dueForm,
              );
            })}
          >
            <Stack gap="sm">
              <TextInput
                type="datetime-local"
                label={t('referrals.newDue', { zone: zoneLabel(zone) })}
                required
                key={dueForm.key('dueAt')}
                {...dueForm.getInputProps('dueAt')}
              />
              <Textarea
                label={t('referrals.dueReason')}
                required
                autosize
                minRows={2}
                maxLength={2000}
                key={dueForm.key('reason')}
                {...dueForm.getInputProps('reason')}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('referrals.confirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {panel === 'cancel' && (
        <Paper withBorder p="sm">
          <form
            noValidate
            aria-label={t('referrals.cancel')}
            onSubmit={cancelForm.onSubmit((values) => {
              if (values.reason.trim().length < 3) {
                cancelForm.setFieldError('reason', t('referrals.tooShort', { count: 3 }));
                return;
              }
              void change(
                () =>
                  api.POST('/api/v1/referrals/{id}/cancel', {
                    params: { path: { id: item.id } },
                    body: { version: item.version, reason: values.reason.trim() },
                  }),
                t('referrals.cancelled'),
                cancelForm,
              );
            })}
          >
            <Stack gap="sm">
              <Textarea
                label={t('referrals.cancelReasonField')}
                required
                autosize
                minRows={2}
                maxLength={2000}
                key={cancelForm.key('reason')}
                {...cancelForm.getInputProps('reason')}
              />
              <Group>
                <Button type="submit" color="red.9" loading={busy}>
                  {t('referrals.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}

      <Stack gap="xs" component="section" aria-labelledby="referral-documents-heading">
        <Title order={3} size="h4" id="referral-documents-heading">
          {t('referrals.documentsShared')}
        </Title>
        {item.documentIds.length === 0 && <Text>{t('referrals.documentsNoneShared')}</Text>}
        {documents.isPending && item.documentIds.length > 0 && (
          <Loading label={t('referrals.loading')} />
        )}
        {documents.isError && (
          <Alert color="red" role="alert">
            {t('referrals.loadFailed')}
          </Alert>
        )}
        {sharedDocuments.length > 0 && (
          <Table withTableBorder>
            <ColumnHeadings
              labels={[
                t('documents.kindColumn'),
                t('documents.fileName'),
                t('documents.size'),
                t('documents.uploaded'),
              ]}
            />
            <Table.Tbody>
              {sharedDocuments.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Th scope="row">{t(`documents.kinds.${document.kind}`)}</Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {document.fileName ?? t('documents.hiddenForRole')}
                  </Table.Td>
                  <Table.Td>{formatSize(document.sizeBytes, language, t)}</Table.Td>
                  <Table.Td>{when(document.uploadedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {documents.isSuccess && sharedDocuments.length < item.documentIds.length && (
          <Text size="sm">{t('referrals.documentsGone')}</Text>
        )}
        {!open && item.status !== 'draft' && sharedDocuments.length > 0 && (
          <Text size="sm">{t('referrals.documentsClosed')}</Text>
        )}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="referral-answers-heading">
        <Title order={3} size="h4" id="referral-answers-heading">
          {t('referrals.answers')}
        </Title>
        {answers.isSuccess && answers.data.items.length === 0 && (
          <Text>{t('referrals.noAnswers')}</Text>
        )}
        {answers.isSuccess && answers.data.items.length > 0 && (
          <Timeline bulletSize={14} lineWidth={2} active={answers.data.items.length}>
            {answers.data.items.map((answer) => (
              <Timeline.Item key={answer.id} title={t(`values.responseAction.${answer.action}`)}>
                <Text size="sm">
                  {when(answer.createdAt)} ·{' '}
                  {answer.via === 'link' ? t('referrals.viaLink') : t('referrals.viaAccount')}
                </Text>
                {[answer.note, answer.reason, answer.outcomeNotes].map(
                  (text, index) =>
                    text && (
                      <Text key={index} style={{ whiteSpace: 'pre-wrap' }}>
                        {text}
                      </Text>
                    ),
                )}
                {answer.outcome && (
                  <Text>
                    {t('referrals.outcome')}: {t(`values.referralOutcome.${answer.outcome}`)}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="referral-messages-heading">
        <Title order={3} size="h4" id="referral-messages-heading">
          {t('referrals.messages')}
        </Title>
        {messages.isSuccess && messages.data.items.length === 0 && (
          <Text>{t('referrals.noMessages')}</Text>
        )}
        {messages.isSuccess && messages.data.items.length > 0 && (
          <Table withTableBorder>
            <ColumnHeadings
              labels={[
                t('referrals.messageKind'),
                t('referrals.channel'),
                t('referrals.fate'),
                t('referrals.when'),
              ]}
            />
            <Table.Tbody>
              {messages.data.items.map((message) => (
                <Table.Tr key={message.id}>
                  <Table.Td>{t(`values.notificationKind.${message.kind}`)}</Table.Td>
                  <Table.Td>{t(`values.notificationChannel.${message.channel}`)}</Table.Td>
                  <Table.Td>
                    {t(`values.notificationStatus.${message.status}`)}
                    {message.attempts > 0 && message.status !== 'delivered' && (
                      <Text size="sm" component="span" display="block">
                        {t('referrals.attempts', {
                          count: message.attempts,
                          max: message.maxAttempts,
                        })}
                      </Text>
                    )}
                    {message.status === 'failed' && message.lastError && (
                      <Text size="sm" component="span" display="block">
                        {t('referrals.technical', { error: message.lastError })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{messageWhen(message)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      {canChange && (
        <Stack gap="xs" component="section" aria-labelledby="referral-links-heading">
          <Title order={3} size="h4" id="referral-links-heading">
            {t('referrals.links')}
          </Title>
          <Text size="sm">{t('referrals.linksHint')}</Text>
          {links.isSuccess && links.data.items.length === 0 && (
            <Text>{t('referrals.noLinks')}</Text>
          )}
          {links.isSuccess &&
            links.data.items.map((link) => {
              const live = !link.revokedAt && new Date(link.expiresAt).getTime() > Date.now();
              return (
                <Paper withBorder p="xs" key={link.id}>
                  <Group gap="xs">
                    <Badge variant="outline" color={live ? 'green.9' : 'dark'} tt="none">
                      {live ? t('referrals.linkLive') : t('referrals.linkDead')}
                    </Badge>
                    <Text size="sm">
                      {[
                        t('referrals.linkCreated', { when: when(link.createdAt) }),
                        link.revokedAt
                          ? t('referrals.linkRevoked', { when: when(link.revokedAt) })
                          : t('referrals.linkExpires', { when: when(link.expiresAt) }),
                        link.useCount > 0
                          ? t('referrals.linkUsed', {
                              count: link.useCount,
                              when: when(link.lastUsedAt),
                            })
                          : t('referrals.linkUnused'),
                      ].join(' · ')}
                    </Text>
                  </Group>
                </Paper>
              );
            })}
        </Stack>
      )}
    </Stack>
  );
}
