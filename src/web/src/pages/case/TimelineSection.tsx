import { Blockquote, Button, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { Section } from '../../components/Section';
import { Loading } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { useAgencyTimeZone } from '../../session/session';

type Entry = Schemas['TimelineEntryDto'];

const PAGE = 200;

/** A change as the audit log records it; codes only where a label is looked up. */
interface Change {
  from?: string | null;
  to?: string | null;
}

/**
 * One entry of the case's history as a sentence in the reader's language: who did what, to which
 * partner agency, from which status to which. Free text written by people (a reason, a note) is
 * quoted beneath it as written.
 */
function useSentence(agencyOfReferral: (id: string) => string | undefined) {
  const { t } = useTranslation();
  const fieldLabel = (key: string) =>
    t(`caseView.${key}`, { defaultValue: '' }) ||
    t(`intake.${key}`, { defaultValue: '' }) ||
    t('caseWork.timeline.otherField');
  return (entry: Entry): { text: string; quote: string | null } => {
    const changes = (entry.changes ?? {}) as Record<string, unknown>;
    const via = typeof changes.via === 'string' ? changes.via : null;
    const actor =
      entry.actorName ??
      (via === 'link' ? t('caseWork.timeline.partner') : t('caseWork.timeline.system'));
    const status = changes.status as Change | undefined;
    const priority = changes.suggestedPriority as Change | undefined;
    const documentKind =
      entry.entityType === 'document' && typeof changes.kind === 'string'
        ? t(`documents.kinds.${changes.kind}`, { defaultValue: '' })
        : '';
    const fields = [
      ...new Set(
        Object.keys(changes)
          .filter((key) => key !== 'version' && key !== 'bulk')
          .map(fieldLabel),
      ),
    ].join(', ');
    const [group, name] = entry.action.split('.');
    const key = `caseWork.timeline.sentence.${group}.${name}`;
    const values = {
      actor,
      action: entry.action,
      fields,
      agency:
        agencyOfReferral(
          entry.entityType === 'referral'
            ? entry.entityId
            : typeof changes.referralId === 'string'
              ? changes.referralId
              : '',
        ) ?? t('caseWork.timeline.anAgency'),
      from: status?.from ? t(`values.caseStatus.${status.from}`) : '',
      to: status?.to
        ? t(`values.caseStatus.${status.to}`)
        : priority?.to
          ? t(`values.casePriority.${priority.to}`)
          : '',
      response:
        typeof changes.action === 'string'
          ? t(`values.responseAction.${changes.action}`, { defaultValue: changes.action })
          : '',
    };
    const said =
      t(key, { ...values, defaultValue: '' }) || t('caseWork.timeline.sentence.other', values);
    // "…mengunggah dokumen." names the document's kind: "…mengunggah dokumen (Paspor)."
    const text = documentKind ? said.replace(/\.$/, ` (${documentKind}).`) : said;
    const reason =
      typeof changes.reason === 'string' && changes.reason !== '[redacted]' ? changes.reason : null;
    const quote = entry.noteBody ?? (reason ? t('caseWork.timeline.reason', { reason }) : null);
    return { text, quote };
  };
}

function NoteForm({ caseRef }: { caseRef: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (body.trim() === '') return setError(t('validation.required'));
        setSaving(true);
        void api
          .POST('/api/v1/cases/{id}/notes', {
            params: { path: { id: caseRef } },
            body: { body: body.trim() },
          })
          .then(({ error: refused, response }) => {
            if (response.ok) {
              setBody('');
              setError(null);
              return queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'timeline'] });
            }
            const field = (refused as ApiErrorBody | undefined)?.details?.fields?.[0];
            setError(field ? fieldErrorText(field, t) : t('caseWork.notes.failed'));
          })
          .catch(() => setError(t('caseWork.notes.failed')))
          .finally(() => setSaving(false));
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t('caseWork.notes.label')}
          description={t('caseWork.notes.hint')}
          autosize
          minRows={2}
          value={body}
          error={error}
          onChange={(event) => setBody(event.currentTarget.value)}
        />
        <div>
          <Button type="submit" variant="default" loading={saving}>
            {t('caseWork.notes.add')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/** The case's history in sentences, from its first record on, as a story reads; and a new note. */
export function TimelineSection({ caseRef, canWrite }: { caseRef: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const history = useInfiniteQuery({
    queryKey: ['case', caseRef, 'timeline'],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/cases/{id}/timeline', {
          params: {
            path: { id: caseRef },
            query: { limit: PAGE, ...(pageParam ? { after: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const referrals = useQuery({
    queryKey: ['case', caseRef, 'referrals'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/cases/{id}/referrals', {
          params: { path: { id: caseRef }, query: { limit: 100 } },
        }),
      ),
  });
  const sentence = useSentence(
    (id) => referrals.data?.items.find((referral) => referral.id === id)?.agency.name,
  );
  const entries = (history.data?.pages ?? []).flatMap((page) => page.items);

  return (
    <Section title={t('caseWork.timeline.title')}>
      {canWrite && <NoteForm caseRef={caseRef} />}
      {history.isPending && <Loading label={t('caseWork.timeline.loading')} />}
      {history.isSuccess && entries.length === 0 && <Text>{t('caseWork.timeline.empty')}</Text>}
      {entries.length > 0 && (
        <Timeline bulletSize={12} lineWidth={2} color="blue.8">
          {entries.map((entry) => {
            const { text, quote } = sentence(entry);
            return (
              <Timeline.Item key={entry.id}>
                <Text size="sm" c="dimmed" component="p" m={0}>
                  {formatDateTime(entry.at, i18n.language, timeZone)}
                </Text>
                <Text component="p" m={0}>
                  {text}
                </Text>
                {quote && (
                  <Blockquote p="xs" mt={4} color="gray" style={{ whiteSpace: 'pre-wrap' }}>
                    {quote}
                  </Blockquote>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {history.hasNextPage && (
        <div>
          <Button
            variant="default"
            loading={history.isFetchingNextPage}
            onClick={() => void history.fetchNextPage()}
          >
            {t('caseWork.timeline.loadMore')}
          </Button>
        </div>
      )}
    </Section>
  );
}
