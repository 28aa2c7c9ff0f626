import {
  Alert,
  Button,
  Fieldset,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDate } from '../../format';
import { localeOf } from '../../i18n';
import { ConfirmDialog, LoadFailed, problemText, showRefusal } from './admin-shared';

type Holiday = Schemas['HolidayDto'];

/** The weekday of a calendar date, in the reader's language ("Senin"). */
function weekday(day: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** National holidays: days no deadline counts, besides Saturdays and Sundays. */
export function HolidaysPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const [removing, setRemoving] = useState<Holiday | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const holidays = useQuery({
    queryKey: ['admin', 'holidays', year],
    queryFn: async () =>
      data(await api.GET('/api/v1/holidays', { params: { query: { year: Number(year) } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'holidays'] });
  const form = useForm({
    mode: 'controlled',
    initialValues: { day: '', name: '' },
    validate: {
      day: (value) => (value === '' ? t('validation.required') : null),
      name: (value) => (value.trim() === '' ? t('validation.required') : null),
    },
  });
  const add = form.onSubmit(async (values) => {
    setProblem(null);
    setNotice(null);
    try {
      const result = await api.POST('/api/v1/holidays', {
        body: { day: values.day, name: values.name.trim() },
      });
      if (result.data) {
        const added = result.data;
        form.reset();
        setNotice(
          t('admin.holidays.added', {
            name: added.name,
            day: formatDate(added.day, i18n.language),
          }),
        );
        setYear(added.day.slice(0, 4));
        void refresh();
      } else setProblem(showRefusal(result, form.setFieldError, t, { 'HOLIDAY.EXISTS': 'day' }));
    } catch {
      setProblem(t('admin.errors.unreachable'));
    }
  });
  const remove = useMutation({
    mutationFn: async (holiday: Holiday) => {
      const { response, error } = await api.DELETE('/api/v1/holidays/{day}', {
        params: { path: { day: holiday.day } },
      });
      if (!response.ok) data({ error, response });
      return holiday;
    },
    onSuccess: (holiday) => {
      setRemoving(null);
      setNotice(
        t('admin.holidays.removed', {
          name: holiday.name,
          day: formatDate(holiday.day, i18n.language),
        }),
      );
      void refresh();
    },
  });
  const years = Array.from({ length: 7 }, (_, i) => String(thisYear - 2 + i));
  const rows = [...(holidays.data?.items ?? [])].sort((a, b) => a.day.localeCompare(b.day));

  return (
    <Stack gap="md" maw={900}>
      <Title order={1}>{t('admin.holidays.title')}</Title>
      <Text>{t('admin.holidays.explained')}</Text>
      <form onSubmit={add} noValidate>
        <Fieldset legend={t('admin.holidays.add')}>
          <Stack>
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <Group align="flex-start" grow>
              <TextInput
                type="date"
                label={t('admin.holidays.day')}
                required
                {...form.getInputProps('day')}
              />
              <TextInput
                label={t('admin.holidays.name')}
                description={t('admin.holidays.nameHint')}
                required
                autoComplete="off"
                {...form.getInputProps('name')}
              />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={form.submitting}>
                {t('admin.holidays.addSubmit')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      </form>
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
      <Select
        label={t('admin.holidays.year')}
        data={years.includes(year) ? years : [year, ...years]}
        value={year}
        allowDeselect={false}
        onChange={(value) => value && setYear(value)}
        maw={200}
      />
      {holidays.isPending && <Loading label={t('admin.loading')} />}
      {holidays.isError && <LoadFailed onRetry={() => void holidays.refetch()} />}
      {holidays.isSuccess && rows.length === 0 && (
        <Text>{t('admin.holidays.empty', { year })}</Text>
      )}
      {rows.length > 0 && (
        <Table striped withTableBorder captionSide="top">
          <Table.Caption>{t('admin.holidays.caption', { year })}</Table.Caption>
          <ColumnHeadings
            labels={[t('admin.holidays.day'), t('admin.holidays.name'), t('admin.actions')]}
          />
          <Table.Tbody>
            {rows.map((holiday) => (
              <Table.Tr key={holiday.day}>
                <Table.Td>
                  {weekday(holiday.day, i18n.language)}, {formatDate(holiday.day, i18n.language)}
                </Table.Td>
                <Table.Td>{holiday.name}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('admin.holidays.removeOne', {
                      name: holiday.name,
                      day: formatDate(holiday.day, i18n.language),
                    })}
                    onClick={() => {
                      remove.reset();
                      setRemoving(holiday);
                    }}
                  >
                    {t('admin.holidays.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('admin.holidays.removeTitle')}
        body={t('admin.holidays.removeBody', {
          name: removing?.name ?? '',
          day: removing ? formatDate(removing.day, i18n.language) : '',
        })}
        confirmLabel={t('admin.holidays.remove')}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
        busy={remove.isPending}
        problem={remove.isError ? problemText(remove.error, t) : null}
      />
    </Stack>
  );
}
