import {
  Alert,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ApiErrorBody, data, type Schemas } from '../../api/client';
import {
  type CaseDocument,
  type DocumentKind,
  saveDocument,
  uploadDocument,
} from '../../api/documents';
import { fieldErrorText } from '../../api/field-errors';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatSize } from '../../document-size';
import { formatDateTime } from '../../format';
import { documentsId } from '../../i18n/documents';
import { useAgencyTimeZone, useSession } from '../../session/session';

type Victim = Schemas['VictimResponseDto'];

/** As the API takes it; checked here first so a too-large file is not sent for nothing. */
const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPTED = 'application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif';
const KINDS = Object.keys(documentsId.kinds) as DocumentKind[];
/** Roles that may add documents to a case they can read (the API decides in the end). */
const UPLOADING_ROLES = new Set(['caseworker', 'supervisor', 'admin']);
/** A document is evidence: removing one is a supervisor's decision. */
const REMOVING_ROLES = new Set(['supervisor', 'admin']);

type UploadField = 'file' | 'kind' | 'victimId';

/**
 * Mantine's error red (and the red it gives an input's text with an error) is under WCAG AA's
 * 4.5:1 on white; red.9 is above it. Its placeholder grey likewise, for the file input's.
 */
const READABLE_FIELD = {
  error: { color: 'var(--mantine-color-red-9)' },
  input: { color: 'var(--mantine-color-black)' },
  placeholder: { color: 'var(--mantine-color-gray-7)' },
};

/** The case's documents: the list, a download for each, and an upload form with its progress. */
export function DocumentsSection({ caseRef, victims }: { caseRef: string; victims: Victim[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const timeZone = useAgencyTimeZone();
  const { session } = useSession();
  const documents = useQuery({
    queryKey: ['case', caseRef, 'documents'],
    queryFn: async () =>
      data(await api.GET('/api/v1/cases/{id}/documents', { params: { path: { id: caseRef } } })),
  });
  const [downloading, setDownloading] = useState<string | null>(null);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const [removing, setRemoving] = useState<CaseDocument | null>(null);
  const [removedNotice, setRemovedNotice] = useState(false);
  const mayRemove = Boolean(session && REMOVING_ROLES.has(session.user.role));
  const victimName = (id: string | null) =>
    id === null
      ? t('documents.wholeCase')
      : (victims.find((victim) => victim.id === id)?.fullName ?? t('caseView.notRecorded'));

  async function download(document: CaseDocument) {
    setDownloading(document.id);
    setDownloadFailed(false);
    try {
      await saveDocument(document);
    } catch {
      setDownloadFailed(true);
    } finally {
      setDownloading(null);
    }
  }

  return (
    <Section title={t('documents.title')}>
      <Text size="sm">{t('documents.intro')}</Text>
      {documents.isPending && <Loading label={t('caseView.loading')} />}
      {documents.isError && (
        <Alert color="red" role="alert">
          {t('caseView.loadFailed')}
        </Alert>
      )}
      {documents.isSuccess && documents.data.items.length === 0 && (
        <Text>{t('caseView.none')}</Text>
      )}
      {documents.isSuccess && documents.data.items.length > 0 && (
        <ScrollArea type="auto">
          <Table withTableBorder miw={820}>
            <ColumnHeadings
              labels={[
                t('documents.kindColumn'),
                t('documents.about'),
                t('documents.fileName'),
                t('documents.size'),
                t('documents.uploaded'),
                t('documents.by'),
                t('documents.actions'),
              ]}
            />
            <Table.Tbody>
              {documents.data.items.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Th scope="row">{t(`documents.kinds.${document.kind}`)}</Table.Th>
                  <Table.Td>{victimName(document.victimId)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {document.fileName ?? t('documents.hiddenForRole')}
                  </Table.Td>
                  <Table.Td>{formatSize(document.sizeBytes, language, t)}</Table.Td>
                  <Table.Td>{formatDateTime(document.uploadedAt, language, timeZone)}</Table.Td>
                  <Table.Td>{document.uploadedBy.fullName}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {document.fileName !== null && (
                        <Button
                          size="xs"
                          variant="outline"
                          loading={downloading === document.id}
                          aria-label={t('documents.downloadNamed', { name: document.fileName })}
                          onClick={() => void download(document)}
                        >
                          {t('documents.download')}
                        </Button>
                      )}
                      {mayRemove && document.fileName !== null && (
                        <Button
                          size="xs"
                          variant="outline"
                          color="red.9"
                          aria-label={t('documents.removeNamed', { name: document.fileName })}
                          onClick={() => {
                            setRemovedNotice(false);
                            setRemoving(document);
                          }}
                        >
                          {t('documents.remove')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {removedNotice && (
        <Alert color="green" role="status">
          {t('documents.removed')}
        </Alert>
      )}
      {removing && (
        <RemoveDialog
          caseRef={caseRef}
          document={removing}
          onClose={(removed) => {
            setRemoving(null);
            setRemovedNotice(removed);
          }}
        />
      )}
      {downloadFailed && (
        <Alert color="red" role="alert">
          {t('documents.downloadFailed')}
        </Alert>
      )}
      {session && UPLOADING_ROLES.has(session.user.role) && (
        <UploadForm caseRef={caseRef} victims={victims} token={session.token} />
      )}
    </Section>
  );
}

function UploadForm({
  caseRef,
  victims,
  token,
}: {
  caseRef: string;
  victims: Victim[];
  token: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { lapse } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const [victimId, setVictimId] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<UploadField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setFailure(null);
    const found: Partial<Record<UploadField, string>> = {};
    if (!file) found.file = t('documents.required');
    else if (file.size > MAX_BYTES) found.file = t('documents.tooLarge');
    if (!kind) found.kind = t('documents.required');
    setErrors(found);
    if (!file || !kind || Object.keys(found).length > 0) return;
    setProgress(0);
    try {
      const document = await uploadDocument(caseRef, { kind, victimId, file }, token, setProgress);
      setSaved(t('documents.saved', { name: document.fileName ?? file.name }));
      setFile(null);
      setKind(null);
      setVictimId(null);
      // The history tells of the upload or removal too.
      await queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'documents'] });
      void queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'timeline'] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) lapse();
      else {
        const refusal = refusalOf(error, t);
        setErrors(refusal.fields);
        setFailure(refusal.message);
      }
    } finally {
      setProgress(null);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('documents.uploadTitle')}
        </Title>
        <Group align="flex-start" grow wrap="wrap">
          <FileInput
            label={t('documents.file')}
            placeholder={t('documents.filePlaceholder')}
            styles={READABLE_FIELD}
            description={t('documents.fileHint')}
            accept={ACCEPTED}
            value={file}
            onChange={setFile}
            error={errors.file}
            clearable
            clearButtonProps={{ 'aria-label': t('documents.clearFile') }}
            required
            miw={220}
          />
          <Select
            label={t('documents.kind')}
            placeholder={t('documents.kindPlaceholder')}
            data={KINDS.map((value) => ({ value, label: t(`documents.kinds.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value)}
            error={errors.kind}
            styles={READABLE_FIELD}
            required
            miw={200}
          />
          {victims.length > 0 && (
            <Select
              label={t('documents.victim')}
              description={t('documents.victimHint')}
              data={victims.map((victim) => ({ value: victim.id, label: victim.fullName }))}
              value={victimId}
              onChange={setVictimId}
              error={errors.victimId}
              styles={READABLE_FIELD}
              clearable
              clearButtonProps={{ 'aria-label': t('documents.clearVictim') }}
              miw={200}
            />
          )}
        </Group>
        {progress !== null && (
          <Stack gap={4}>
            <Text size="sm" role="status">
              {t('documents.uploading', { percent: progress })}
            </Text>
            <Progress value={progress} aria-label={t('documents.progress')} />
          </Stack>
        )}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {saved && (
          <Alert color="green" role="status">
            {saved}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={progress !== null}>
            {t('documents.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Asks why before a document and its content go for good. */
function RemoveDialog({
  caseRef,
  document,
  onClose,
}: {
  caseRef: string;
  document: CaseDocument;
  onClose: (removed: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState(false);
  const [pending, setPending] = useState(false);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setFailure(false);
    if (reason.trim().length < 10) {
      setError(t('documents.reasonTooShort'));
      return;
    }
    setError(null);
    setPending(true);
    const result = await api.POST('/api/v1/documents/{documentId}/removal', {
      params: { path: { documentId: document.id } },
      body: { reason: reason.trim() },
    });
    setPending(false);
    if (result.response.ok) {
      // The history tells of the upload or removal too.
      await queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'documents'] });
      void queryClient.invalidateQueries({ queryKey: ['case', caseRef, 'timeline'] });
      onClose(true);
      return;
    }
    const field = (result.error as ApiErrorBody | undefined)?.details?.fields?.find(
      (candidate) => candidate.field === 'reason',
    );
    if (field) setError(fieldErrorText(field, t));
    else setFailure(true);
  }

  return (
    <Modal
      opened
      onClose={() => onClose(false)}
      title={t('documents.removeTitle')}
      closeButtonProps={{ 'aria-label': t('documents.cancel') }}
    >
      <form onSubmit={(event) => void confirm(event)} noValidate>
        <Stack gap="sm">
          <Text>{t('documents.removeWarning', { name: document.fileName ?? '' })}</Text>
          <Textarea
            label={t('documents.reason')}
            description={t('documents.reasonHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={error}
            styles={READABLE_FIELD}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {failure && (
            <Alert color="red" role="alert">
              {t('documents.removeFailed')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {t('documents.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={pending}>
              {t('documents.confirmRemove')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** What the API refused, on the fields it names, in the reader's language. */
function refusalOf(
  error: unknown,
  t: ReturnType<typeof useTranslation>['t'],
): { fields: Partial<Record<UploadField, string>>; message: string | null } {
  if (!(error instanceof ApiError) || !error.body)
    return { fields: {}, message: t('documents.uploadFailed') };
  if (error.body.code === 'DOCUMENT.TOO_LARGE')
    return { fields: { file: t('documents.tooLarge') }, message: null };
  if (error.body.code === 'DOCUMENT.TYPE_NOT_ACCEPTED')
    return { fields: { file: t('documents.typeNotAccepted') }, message: null };
  const fields: Partial<Record<UploadField, string>> = {};
  for (const field of error.body.details?.fields ?? []) {
    if (field.field === 'file' || field.field === 'kind' || field.field === 'victimId')
      fields[field.field] = fieldErrorText(field, t);
  }
  return Object.keys(fields).length > 0
    ? { fields, message: null }
    : { fields, message: t('documents.uploadFailed') };
}
