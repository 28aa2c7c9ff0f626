import { Alert, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime, wallTimeInZone, zoneLabel } from '../../format';
import { useAgencyTimeZone } from '../../session/session';

/** Follow-up tasks: what is still to do on the case, by when, each reminded to its assignee. */
export function TasksSection({ caseRef, canWrite }: { caseRef: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const tasks = useQuery({
    queryKey: ['case', caseRef, 'tasks'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/cases/{id}/tasks', {
          params: { path: { id: caseRef }, query: { limit: 100, offset: 0 } },
        }),
      ),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'timeline'] }),
    ]);
  const form = useForm({
    initialValues: { title: '', dueAt: '' },
    validate: {
      title: (value) => (value.trim() ? null : t('validation.required')),
      dueAt: (value) => (wallTimeInZone(value, timeZone) ? null : t('validation.required')),
    },
  });
  const add = form.onSubmit(async (values) => {
    setProblem(null);
    const { error, response } = await api.POST('/api/v1/cases/{id}/tasks', {
      params: { path: { id: caseRef } },
      body: { title: values.title.trim(), dueAt: wallTimeInZone(values.dueAt, timeZone)! },
    });
    if (response.ok) {
      form.reset();
      return refresh();
    }
    const fields = (error as ApiErrorBody | undefined)?.details?.fields ?? [];
    if (fields.length > 0)
      for (const field of fields) form.setFieldError(field.field, fieldErrorText(field, t));
    else setProblem(t('caseWork.tasks.failed'));
  });
  const toggle = async (task: { id: string; version: number; done: boolean }) => {
    setProblem(null);
    const { response } = await api.PATCH('/api/v1/cases/{id}/tasks/{taskId}', {
      params: { path: { id: caseRef, taskId: task.id } },
      body: { version: task.version, done: !task.done },
    });
    if (!response.ok) setProblem(t('caseWork.tasks.failed'));
    await refresh();
  };

  return (
    <Section title={t('caseWork.tasks.title')}>
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {tasks.isPending && <Loading label={t('caseView.loading')} />}
      {tasks.isSuccess && tasks.data.items.length === 0 && <Text>{t('caseWork.tasks.none')}</Text>}
      {tasks.isSuccess && tasks.data.items.length > 0 && (
        <Table withTableBorder>
          <ColumnHeadings
            labels={[t('caseWork.tasks.done'), t('caseWork.tasks.what'), t('caseWork.tasks.due')]}
          />
          <Table.Tbody>
            {tasks.data.items.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>
                  <Checkbox
                    checked={task.done}
                    disabled={!canWrite}
                    aria-label={t(task.done ? 'caseWork.tasks.reopen' : 'caseWork.tasks.markDone', {
                      title: task.title,
                    })}
                    onChange={() => void toggle(task)}
                  />
                </Table.Td>
                <Table.Td td={task.done ? 'line-through' : undefined}>{task.title}</Table.Td>
                <Table.Td>{formatDateTime(task.dueAt, i18n.language, timeZone)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <form onSubmit={add} noValidate>
          <Stack gap="xs">
            <Group align="flex-start" grow wrap="wrap">
              <TextInput
                label={t('caseWork.tasks.newTitle')}
                required
                {...form.getInputProps('title')}
              />
              <TextInput
                type="datetime-local"
                label={`${t('caseWork.tasks.newDue')} (${zoneLabel(timeZone)})`}
                required
                {...form.getInputProps('dueAt')}
              />
            </Group>
            <div>
              <Button type="submit" variant="default" loading={form.submitting}>
                {t('caseWork.tasks.add')}
              </Button>
            </div>
          </Stack>
        </form>
      )}
    </Section>
  );
}
