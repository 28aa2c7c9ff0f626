import { Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, data } from '../../api/client';
import { useAssignees } from '../../components/options';
import type { Outcome } from './outcome';

/** One refused case of a bulk request (`details.refused` of `CASE.BULK_REFUSED`). */
interface RefusedCase {
  index: number;
  caseRef: string;
  reason: string;
}

/**
 * What a supervisor does to the selected cases at once: assign them to someone of the agency or
 * take them off whoever has them, or, in the closure approval queue, approve or send back their
 * closure. All or nothing: a refusal names each refused case, and the rows say why.
 */
export function BulkActions({
  caseIds,
  closureQueue,
  onOutcome,
  onClear,
}: {
  caseIds: string[];
  closureQueue: boolean;
  onOutcome: (outcome: Outcome) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const assignees = useAssignees(true);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [assigneeError, setAssigneeError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);

  const refusalOf = (error: unknown): Outcome => {
    if (error instanceof ApiError && error.body?.code === 'CASE.BULK_REFUSED') {
      const refused = (error.body.details?.refused ?? []) as RefusedCase[];
      const byCaseId = new Map(
        refused.map((entry) => [
          caseIds[entry.index] ?? entry.caseRef,
          t(`queues.refusal.${entry.reason}`, { defaultValue: t('queues.refusedElsewhere') }),
        ]),
      );
      const total = (error.body.details?.totalFields as number | undefined) ?? refused.length;
      return { kind: 'refused', byCaseId, text: t('queues.refused', { count: total }) };
    }
    if (error instanceof ApiError && error.status === 403)
      return { kind: 'failed', text: t('queues.forbidden') };
    return { kind: 'failed', text: t('queues.actionFailed') };
  };

  // null takes the cases off whoever has them: back to the unassigned queue.
  const assign = useMutation({
    mutationFn: async (to: string | null) =>
      data(await api.POST('/api/v1/cases/assignments', { body: { caseIds, assigneeId: to } })),
    onSuccess: (result, to) => {
      const count = result.items.length;
      if (to === null) {
        onOutcome({ kind: 'done', text: t('queues.unassigned', { count }) });
        return;
      }
      const name = assignees.data?.items.find((person) => person.id === to)?.fullName ?? '';
      onOutcome({ kind: 'done', text: t('queues.assigned', { count, name }) });
    },
    onError: (error) => onOutcome(refusalOf(error)),
  });
  const decide = useMutation({
    mutationFn: async (decision: 'approve' | 'send_back') =>
      data(
        await api.POST('/api/v1/cases/closure-decisions', {
          body: { caseIds, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        }),
      ),
    onSuccess: (result, decision) =>
      onOutcome({
        kind: 'done',
        text: t(decision === 'approve' ? 'queues.approved' : 'queues.sentBack', {
          count: result.items.length,
        }),
      }),
    onError: (error) => onOutcome(refusalOf(error)),
  });
  const busy = assign.isPending || decide.isPending;

  return (
    <Paper withBorder p="sm" component="section" aria-label={t('queues.bulkActions')} bg="blue.0">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600} aria-live="polite">
            {t('queues.selected', { count: caseIds.length })}
          </Text>
          <Button variant="subtle" size="xs" onClick={onClear}>
            {t('queues.clearSelection')}
          </Button>
        </Group>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!assigneeId) {
              setAssigneeError(t('validation.required'));
              return;
            }
            assign.mutate(assigneeId);
          }}
        >
          <Group align="flex-end" gap="sm">
            <Select
              label={t('queues.assignTo')}
              description={t('queues.assignToHint')}
              searchable
              clearable
              w={320}
              data={(assignees.data?.items ?? []).map((person) => ({
                value: person.id,
                label: `${person.fullName} (${t(`values.userRole.${person.role}`)})`,
              }))}
              value={assigneeId}
              error={assigneeError}
              onChange={(value) => {
                setAssigneeId(value);
                setAssigneeError(null);
              }}
            />
            <Button
              type="submit"
              loading={assign.isPending && assign.variables !== null}
              disabled={busy && !assign.isPending}
            >
              {t('queues.assign')}
            </Button>
            <Button
              variant="default"
              loading={assign.isPending && assign.variables === null}
              disabled={busy}
              onClick={() => assign.mutate(null)}
            >
              {t('queues.unassign')}
            </Button>
          </Group>
        </form>
        {closureQueue && (
          <Stack gap="xs">
            <Textarea
              label={t('queues.closureComment')}
              description={t('queues.closureCommentHint')}
              autosize
              minRows={2}
              maxLength={2000}
              value={comment}
              error={commentError}
              onChange={(event) => {
                setComment(event.currentTarget.value);
                setCommentError(null);
              }}
            />
            <Group gap="sm">
              <Button
                color="green.9"
                loading={decide.isPending && decide.variables === 'approve'}
                disabled={busy}
                onClick={() => decide.mutate('approve')}
              >
                {t('queues.approveClosure')}
              </Button>
              <Button
                variant="default"
                loading={decide.isPending && decide.variables === 'send_back'}
                disabled={busy}
                onClick={() => {
                  if (comment.trim().length < 3) {
                    setCommentError(t('queues.commentRequired'));
                    return;
                  }
                  decide.mutate('send_back');
                }}
              >
                {t('queues.sendBack')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
