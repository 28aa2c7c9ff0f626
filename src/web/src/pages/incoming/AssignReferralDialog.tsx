import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { useAssignees } from '../../components/options';
import { Loading } from '../../components/TableParts';
import type { IncomingRow } from './IncomingQueuePage';
import { INCOMING_KEY } from './incoming-keys';

/**
 * A supervisor gives an incoming referral to one of the agency's caseworkers or supervisors,
 * chosen by name, or takes it off whoever has it. The row's version goes with the request: had a
 * colleague assigned it meanwhile, the list is read again and nothing is overwritten.
 */
export function AssignReferralDialog({
  referral,
  onClose,
  onAssigned,
}: {
  referral: IncomingRow | null;
  onClose: () => void;
  onAssigned: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // Keyed by the referral in the list: each referral opened starts from its current assignee.
  const [assigneeId, setAssigneeId] = useState<string | null>(referral?.assignee?.id ?? null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [problem, setProblem] = useState<'conflict' | 'assignFailed' | null>(null);
  const [saving, setSaving] = useState<'assign' | 'unassign' | null>(null);
  // Those of the supervisor's own agency, which is the one the referral was sent to.
  const assignees = useAssignees(referral !== null);

  if (!referral) return <Modal opened={false} onClose={onClose} title="" />;
  const options = (assignees.data?.items ?? []).map((person) => ({
    value: person.id,
    label: t('incomingReferrals.assigneeOption', {
      name: person.fullName,
      role: t(`values.userRole.${person.role}`),
    }),
  }));

  const save = async (to: string | null) => {
    setSaving(to === null ? 'unassign' : 'assign');
    setProblem(null);
    setFieldError(null);
    try {
      const result = await api.POST('/api/v1/referrals/{id}/assignment', {
        params: { path: { id: referral.id } },
        body: { assigneeId: to, version: referral.version },
      });
      if (result.data) {
        await queryClient.invalidateQueries({ queryKey: INCOMING_KEY });
        onAssigned(
          result.data.assignee
            ? t('incomingReferrals.assignedTo', {
                caseNumber: referral.caseNumber,
                name: result.data.assignee.fullName,
              })
            : t('incomingReferrals.unassignedDone', { caseNumber: referral.caseNumber }),
        );
        return;
      }
      const body = result.error as ApiErrorBody | undefined;
      const field = body?.details?.fields?.find((error) => error.field === 'assigneeId');
      if (result.response.status === 400 && field) setFieldError(fieldErrorText(field, t));
      else if (result.response.status === 409) {
        setProblem('conflict');
        await queryClient.invalidateQueries({ queryKey: INCOMING_KEY });
      } else setProblem('assignFailed');
    } catch {
      setProblem('assignFailed');
    } finally {
      setSaving(null);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('incomingReferrals.assignTitle', { caseNumber: referral.caseNumber })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('incomingReferrals.close') }}
    >
      <Stack gap="md">
        <Text>
          {t('incomingReferrals.assignIntro', {
            agency: referral.referringAgency.name,
            service: t(`values.referralService.${referral.service}`),
          })}
        </Text>
        {problem && (
          <Alert color="red" role="alert">
            {t(`incomingReferrals.${problem}`)}
          </Alert>
        )}
        {assignees.isPending && <Loading label={t('incomingReferrals.assigneesLoading')} />}
        {assignees.isError && (
          <Alert color="red" role="alert">
            {t('incomingReferrals.assignFailed')}
          </Alert>
        )}
        {assignees.isSuccess && options.length === 0 && (
          <Text>{t('incomingReferrals.noAssignees')}</Text>
        )}
        {options.length > 0 && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!assigneeId) {
                setFieldError(t('validation.required'));
                return;
              }
              void save(assigneeId);
            }}
            noValidate
          >
            <Stack gap="md">
              <Select
                label={t('incomingReferrals.assigneeField')}
                description={t('incomingReferrals.assigneeHint')}
                required
                searchable
                data={options}
                value={assigneeId}
                onChange={(value) => {
                  setAssigneeId(value);
                  setFieldError(null);
                }}
                error={fieldError}
                nothingFoundMessage={t('incomingReferrals.noAssignees')}
                comboboxProps={{ withinPortal: true }}
                data-autofocus
              />
              <Group justify="space-between">
                {referral.assignee ? (
                  <Button
                    variant="outline"
                    color="red.9"
                    loading={saving === 'unassign'}
                    disabled={saving !== null}
                    onClick={() => void save(null)}
                  >
                    {t('incomingReferrals.unassign', { name: referral.assignee.fullName })}
                  </Button>
                ) : (
                  <span />
                )}
                <Group gap="sm">
                  <Button variant="default" onClick={onClose} disabled={saving !== null}>
                    {t('incomingReferrals.cancel')}
                  </Button>
                  <Button
                    type="submit"
                    loading={saving === 'assign'}
                    disabled={saving !== null && saving !== 'assign'}
                  >
                    {t('incomingReferrals.save')}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
