import {
  Alert,
  Button,
  type ComboboxItem,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { type AgencyOption, useAgencyOptions } from '../../components/options';
import { formatDateTime } from '../../format';
import { useAgencyTimeZone } from '../../session/session';

type CaseRecord = Schemas['CaseResponseDto'];
type Transfer = Schemas['TransferResponseDto'];

/** The offer of this case that waits for the receiving agency, if any (at most one waits). */
function pendingTransferKey(record: CaseRecord) {
  return ['case', record.caseNumber, 'transfer'] as const;
}

/**
 * Offering the case to another agency, for those the API lets (`yourActions.transfer`: a
 * supervisor of the owning agency, the case not closed): while an offer waits, it is shown
 * instead, with a way to take it back.
 */
export function CaseTransfer({ record }: { record: CaseRecord }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const pending = useQuery({
    queryKey: pendingTransferKey(record),
    queryFn: async () => {
      const page = data(
        await api.GET('/api/v1/transfers', {
          params: {
            query: {
              direction: 'outgoing',
              status: 'requested',
              caseId: record.id,
              // An admin reads the owning agency's side; a supervisor names their own.
              agencyId: record.owningAgencyId,
              limit: 1,
            },
          },
        }),
      );
      return page.items[0] ?? null;
    },
  });
  const changed = (transfer: Transfer | null, message: string) => {
    queryClient.setQueryData(pendingTransferKey(record), transfer);
    void queryClient.invalidateQueries({ queryKey: ['case', record.caseNumber, 'timeline'] });
    void queryClient.invalidateQueries({ queryKey: ['transfers'] });
    setNotice(message);
  };
  const reload = (message: string) => {
    void queryClient.invalidateQueries({ queryKey: pendingTransferKey(record) });
    void queryClient.invalidateQueries({ queryKey: ['case', record.caseNumber] });
    setNotice(message);
  };

  if (pending.isPending) return null;
  if (pending.isError)
    return (
      <Group gap="sm">
        <Alert color="red" role="alert" py={6}>
          {t('transfers.loadFailed')}
        </Alert>
        <Button variant="default" onClick={() => void pending.refetch()}>
          {t('transfers.retry')}
        </Button>
      </Group>
    );

  const said = notice && (
    <Alert color="green" variant="light" py={6} role="status">
      {notice}
    </Alert>
  );
  if (pending.data)
    return (
      <Stack gap="xs">
        {said}
        <PendingOffer
          transfer={pending.data}
          onWithdrawn={() => changed(null, t('transfers.pending.withdrawn'))}
          onStale={() => reload(t('transfers.pending.decided'))}
        />
      </Stack>
    );
  return (
    <Group gap="sm">
      <OfferTransfer
        record={record}
        onSent={(transfer) =>
          changed(transfer, t('transfers.offer.sent', { agency: transfer.toAgencyName }))
        }
        onStale={(message) => reload(message)}
      />
      {said}
    </Group>
  );
}

function OfferTransfer({
  record,
  onSent,
  onStale,
}: {
  record: CaseRecord;
  onSent: (transfer: Transfer) => void;
  onStale: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [agencySearch, setAgencySearch] = useState('');
  const [chosen, setChosen] = useState<AgencyOption | null>(null);
  const agencyOptions = useAgencyOptions(agencySearch, record.owningAgencyId, chosen);
  const form = useForm<{ toAgencyId: string | null; reason: string }>({
    initialValues: { toAgencyId: null, reason: '' },
    validate: {
      toAgencyId: (value) => (value ? null : t('validation.required')),
      reason: (value) => (value.trim() ? null : t('validation.required')),
    },
  });
  const close = () => {
    setOpened(false);
    setProblem(null);
  };

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const {
      data: transfer,
      error,
      response,
    } = await api.POST('/api/v1/cases/{id}/transfers', {
      params: { path: { id: record.id } },
      body: { toAgencyId: values.toAgencyId!, reason: values.reason.trim() },
    });
    if (transfer) {
      close();
      form.reset();
      setChosen(null);
      setAgencySearch('');
      onSent(transfer);
      return;
    }
    const body = error as ApiErrorBody | undefined;
    if (body?.code === 'TRANSFER.ALREADY_OPEN') {
      close();
      onStale(t('transfers.offer.alreadyOpen'));
    } else if (body?.code === 'TRANSFER.CASE_CLOSED') {
      close();
      onStale(t('transfers.offer.closed'));
    } else if (response.status === 400 && body?.details?.fields?.length) {
      for (const field of body.details.fields)
        form.setFieldError(
          field.field,
          field.field === 'toAgencyId'
            ? t('transfers.offer.agencyRefused')
            : fieldErrorText(field, t),
        );
    } else setProblem(t('transfers.failed'));
  });

  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('transfers.offer.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('transfers.offer.title')}
        closeButtonProps={{ 'aria-label': t('transfers.offer.cancel') }}
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <Select
              label={t('transfers.offer.agency')}
              description={t('transfers.offer.agencyHint')}
              placeholder={t('transfers.offer.choose')}
              required
              searchable
              data={agencyOptions}
              searchValue={agencySearch}
              onSearchChange={setAgencySearch}
              nothingFoundMessage={t('transfers.offer.agencyNone')}
              // The API found these by the typed name already.
              filter={({ options }) => options}
              {...form.getInputProps('toAgencyId')}
              onChange={(value: string | null, option: ComboboxItem | null) => {
                form.setFieldValue('toAgencyId', value);
                setChosen(value && option ? { value, label: option.label } : null);
              }}
            />
            <Textarea
              label={t('transfers.offer.reason')}
              description={t('transfers.offer.reasonHint')}
              required
              autosize
              minRows={3}
              maxLength={2000}
              {...form.getInputProps('reason')}
            />
            {chosen && (
              <Text size="sm">{t('transfers.offer.consequence', { agency: chosen.label })}</Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('transfers.offer.cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('transfers.offer.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function PendingOffer({
  transfer,
  onWithdrawn,
  onStale,
}: {
  transfer: Transfer;
  onWithdrawn: () => void;
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const label = t('transfers.pending.label');
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={label}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} maw={720}>
          <Text fw={700}>{label}</Text>
          <Text>
            {t('transfers.pending.waiting', {
              agency: transfer.toAgencyName,
              when: formatDateTime(transfer.requestedAt, i18n.language, timeZone),
            })}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t('transfers.pending.reason', { reason: transfer.reason })}
          </Text>
        </Stack>
        <WithdrawTransfer
          transfer={transfer}
          buttonLabel={t('transfers.pending.withdraw')}
          onWithdrawn={onWithdrawn}
          onStale={onStale}
        />
      </Group>
    </Paper>
  );
}

/**
 * Taking an offer back, after a confirmation: from the case page and from the list of outgoing
 * offers. An offer decided meanwhile (409) is reloaded, not retried.
 */
export function WithdrawTransfer({
  transfer,
  buttonLabel,
  accessibleName,
  onWithdrawn,
  onStale,
}: {
  transfer: Transfer;
  buttonLabel: string;
  /** Where several offers are listed: which one the button takes back. */
  accessibleName?: string;
  onWithdrawn: (transfer: Transfer) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = async () => {
    setSending(true);
    setProblem(null);
    const { data: withdrawn, response } = await api.POST('/api/v1/transfers/{id}/withdraw', {
      params: { path: { id: transfer.id } },
      body: {},
    });
    setSending(false);
    if (withdrawn) {
      setOpened(false);
      onWithdrawn(withdrawn);
    } else if (response.status === 409 || response.status === 404) {
      setOpened(false);
      onStale();
    } else setProblem(t('transfers.failed'));
  };
  return (
    <>
      <Button variant="default" aria-label={accessibleName} onClick={() => setOpened(true)}>
        {buttonLabel}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('transfers.pending.withdrawTitle')}
        closeButtonProps={{ 'aria-label': t('transfers.offer.cancel') }}
      >
        <Stack>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Text>{t('transfers.pending.withdrawBody', { agency: transfer.toAgencyName })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('transfers.offer.cancel')}
            </Button>
            <Button color="red.9" loading={sending} onClick={() => void withdraw()}>
              {t('transfers.pending.withdrawConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
