import { useOptions } from '../../components/options';
import {
  Alert,
  Button,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatNumber } from '../../format';
import { idValues } from '../../i18n/values';
import { LoadFailed, showRefusal } from './admin-shared';

type Policy = Schemas['SlaPolicyDto'];
type Unit = Policy['acknowledgeUnit'];
type Service = Policy['service'];

/** The amount-and-unit pairs of a policy, in the order they happen to a referral. */
const PERIODS = ['acknowledge', 'complete', 'remindBeforeDue', 'overdueEvery'] as const;
type Period = (typeof PERIODS)[number];
const PRIORITY_ORDER: Policy['priority'][] = ['critical', 'high', 'normal', 'low'];
const SERVICES = Object.keys(idValues.referralService) as Service[];

type PolicyForm = Record<`${Period}Amount`, number | string> &
  Record<`${Period}Unit`, Unit> & { escalateAfterReminders: number | string };

/** How long partner agencies have to answer, per service and priority; reminders follow these. */
export function SlaPoliciesPage() {
  const { t } = useTranslation();
  const [service, setService] = useState<Service | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const policies = useQuery({
    queryKey: ['admin', 'sla-policies'],
    queryFn: async () => data(await api.GET('/api/v1/sla-policies')),
  });
  const serviceOrder = (p: Policy) => SERVICES.indexOf(p.service);
  const rows = (policies.data?.items ?? [])
    .filter((policy) => service === null || policy.service === service)
    .sort(
      (a, b) =>
        serviceOrder(a) - serviceOrder(b) ||
        PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority),
    );

  return (
    <Stack gap="md">
      <Title order={1}>{t('admin.sla.title')}</Title>
      <Text>{t('admin.sla.explained')}</Text>
      <Select
        label={t('admin.sla.filterService')}
        placeholder={t('admin.sla.allServices')}
        clearable
        searchable
        maw={400}
        data={SERVICES.map((code) => ({ value: code, label: t(`values.referralService.${code}`) }))}
        value={service}
        onChange={setService}
      />
      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('admin.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {policies.isPending && <Loading label={t('admin.loading')} />}
      {policies.isError && <LoadFailed onRetry={() => void policies.refetch()} />}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table withTableBorder miw={1000} captionSide="top" verticalSpacing="xs">
            <Table.Caption>{t('admin.sla.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('admin.sla.service'),
                t('admin.sla.priority'),
                ...PERIODS.map((period) => t(`admin.sla.${period}`)),
                t('admin.sla.escalateAfterReminders'),
                t('admin.actions'),
              ]}
            />
            <Table.Tbody>
              {rows.map((policy) =>
                editing === policy.id ? (
                  <PolicyEditRow
                    key={policy.id}
                    policy={policy}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved)
                        setNotice(
                          t('admin.sla.saved', {
                            service: t(`values.referralService.${saved.service}`),
                            priority: t(`values.casePriority.${saved.priority}`),
                          }),
                        );
                    }}
                  />
                ) : (
                  <PolicyRow
                    key={policy.id}
                    policy={policy}
                    onEdit={() => {
                      setNotice(null);
                      setEditing(policy.id);
                    }}
                  />
                ),
              )}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

function PolicyRow({ policy, onEdit }: { policy: Policy; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const amount = (value: number, unit: Unit) =>
    `${formatNumber(value, i18n.language)} ${t(`values.slaUnit.${unit}`)}`;
  const service = t(`values.referralService.${policy.service}`);
  const priority = t(`values.casePriority.${policy.priority}`);
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        {service}
      </Table.Th>
      <Table.Td>{priority}</Table.Td>
      {PERIODS.map((period) => (
        <Table.Td key={period}>
          {period === 'remindBeforeDue' && policy.remindBeforeDueAmount === 0
            ? t('admin.sla.off')
            : amount(policy[`${period}Amount`], policy[`${period}Unit`])}
        </Table.Td>
      ))}
      <Table.Td>{formatNumber(policy.escalateAfterReminders, i18n.language)}</Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="default"
          aria-label={t('admin.sla.editOne', { service, priority })}
          onClick={onEdit}
        >
          {t('admin.edit')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** One policy edited in its own row; the API's checks land on the inputs they concern. */
function PolicyEditRow({
  policy,
  onDone,
}: {
  policy: Policy;
  onDone: (saved: Policy | null) => void;
}) {
  const { t } = useTranslation();
  const valueOptions = useOptions();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<PolicyForm>({
    mode: 'controlled',
    initialValues: {
      acknowledgeAmount: policy.acknowledgeAmount,
      acknowledgeUnit: policy.acknowledgeUnit,
      completeAmount: policy.completeAmount,
      completeUnit: policy.completeUnit,
      remindBeforeDueAmount: policy.remindBeforeDueAmount,
      remindBeforeDueUnit: policy.remindBeforeDueUnit,
      overdueEveryAmount: policy.overdueEveryAmount,
      overdueEveryUnit: policy.overdueEveryUnit,
      escalateAfterReminders: policy.escalateAfterReminders,
    },
    validate: {
      acknowledgeAmount: (v) => (v === '' ? t('validation.required') : null),
      completeAmount: (v) => (v === '' ? t('validation.required') : null),
      remindBeforeDueAmount: (v) => (v === '' ? t('validation.required') : null),
      overdueEveryAmount: (v) => (v === '' ? t('validation.required') : null),
      escalateAfterReminders: (v) => (v === '' ? t('validation.required') : null),
    },
  });
  const service = t(`values.referralService.${policy.service}`);
  const priority = t(`values.casePriority.${policy.priority}`);
  const units = valueOptions('slaUnit');
  // The inputs sit in the row's cells, outside the form: Enter in any of them still saves.
  const formId = `sla-policy-${policy.id}`;

  const save = form.onSubmit(async (values) => {
    setProblem(null);
    setSaving(true);
    try {
      const result = await api.PATCH('/api/v1/sla-policies/{id}', {
        params: { path: { id: policy.id } },
        body: {
          version: policy.version,
          acknowledgeAmount: Number(values.acknowledgeAmount),
          acknowledgeUnit: values.acknowledgeUnit,
          completeAmount: Number(values.completeAmount),
          completeUnit: values.completeUnit,
          remindBeforeDueAmount: Number(values.remindBeforeDueAmount),
          remindBeforeDueUnit: values.remindBeforeDueUnit as Exclude<Unit, 'working_days'>,
          overdueEveryAmount: Number(values.overdueEveryAmount),
          overdueEveryUnit: values.overdueEveryUnit,
          escalateAfterReminders: Number(values.escalateAfterReminders),
        },
      });
      if (result.data) {
        await queryClient.invalidateQueries({ queryKey: ['admin', 'sla-policies'] });
        onDone(result.data);
      } else setProblem(showRefusal(result, form.setFieldError, t));
    } catch {
      setProblem(t('admin.errors.unreachable'));
    } finally {
      setSaving(false);
    }
  });

  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        {service}
      </Table.Th>
      <Table.Td>{priority}</Table.Td>
      {PERIODS.map((period) => (
        <Table.Td key={period}>
          <Stack gap={4}>
            <NumberInput
              size="xs"
              aria-label={t('admin.sla.amountOf', { period: t(`admin.sla.${period}`) })}
              allowDecimal={false}
              allowNegative={false}
              form={formId}
              {...form.getInputProps(`${period}Amount`)}
            />
            <Select
              size="xs"
              aria-label={t('admin.sla.unitOf', { period: t(`admin.sla.${period}`) })}
              allowDeselect={false}
              data={
                period === 'remindBeforeDue'
                  ? units.filter((unit) => unit.value !== 'working_days')
                  : units
              }
              {...form.getInputProps(`${period}Unit`)}
            />
          </Stack>
        </Table.Td>
      ))}
      <Table.Td>
        <NumberInput
          size="xs"
          aria-label={t('admin.sla.escalateAfterReminders')}
          allowDecimal={false}
          allowNegative={false}
          form={formId}
          {...form.getInputProps('escalateAfterReminders')}
        />
      </Table.Td>
      <Table.Td>
        <form
          id={formId}
          onSubmit={save}
          noValidate
          aria-label={t('admin.sla.editOne', { service, priority })}
        >
          <Stack gap={4}>
            <Button size="xs" type="submit" loading={saving}>
              {t('admin.save')}
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                // Someone else's change may have refused this one: reopening starts from it.
                void queryClient.invalidateQueries({ queryKey: ['admin', 'sla-policies'] });
                onDone(null);
              }}
            >
              {t('admin.cancel')}
            </Button>
            {problem && (
              <Text size="xs" c="red.9" role="alert">
                {problem}
              </Text>
            )}
          </Stack>
        </form>
      </Table.Td>
    </Table.Tr>
  );
}
