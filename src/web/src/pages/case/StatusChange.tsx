import { Alert, Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';

type CaseRecord = Schemas['CaseResponseDto'];

/**
 * Moving a case on (opened, in assistance, closure asked, closed…) with the reason the history
 * keeps. Only the moves the API offers this reader are listed; a change someone else made in
 * the meantime (409) reloads the case instead of overwriting it.
 */
export function StatusChange({ record }: { record: CaseRecord }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<{ to: CaseRecord['status'] | null; reason: string }>({
    initialValues: { to: null, reason: '' },
    validate: {
      to: (value) => (value ? null : t('validation.required')),
      reason: (value) => (value.trim() ? null : t('validation.required')),
    },
  });
  const targets = record.yourActions.transitions;
  if (targets.length === 0) return null;

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const {
      data: moved,
      error,
      response,
    } = await api.POST('/api/v1/cases/{id}/transitions', {
      params: { path: { id: record.caseNumber } },
      body: { to: values.to!, reason: values.reason.trim(), version: record.version },
    });
    if (moved) {
      queryClient.setQueryData(['case', record.caseNumber], moved);
      void queryClient.invalidateQueries({ queryKey: ['case', record.caseNumber, 'timeline'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      setDone(t('caseWork.status.changed', { status: t(`values.caseStatus.${moved.status}`) }));
      setOpened(false);
      form.reset();
      return;
    }
    const body = error as ApiErrorBody | undefined;
    if (response.status === 409) {
      setProblem(t('caseWork.status.stale'));
      void queryClient.invalidateQueries({ queryKey: ['case', record.caseNumber] });
    } else if (response.status === 400 && body?.details?.fields?.length) {
      for (const field of body.details.fields)
        form.setFieldError(field.field, fieldErrorText(field, t));
    } else setProblem(t('caseWork.status.failed'));
  });

  return (
    <>
      <Group gap="sm">
        <Button variant="default" onClick={() => setOpened(true)}>
          {t('caseWork.status.change')}
        </Button>
        {done && (
          <Alert color="green" variant="light" py={6} role="status">
            {done}
          </Alert>
        )}
      </Group>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('caseWork.status.title')}
        closeButtonProps={{ 'aria-label': t('caseWork.status.cancel') }}
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <Select
              label={t('caseWork.status.to')}
              placeholder={t('intake.choose')}
              required
              data={targets.map((status) => ({
                value: status,
                label: t(`values.caseStatus.${status}`),
              }))}
              {...form.getInputProps('to')}
            />
            <Textarea
              label={t('caseWork.status.reason')}
              description={t('caseWork.status.reasonHint')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('caseWork.status.cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('caseWork.status.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
