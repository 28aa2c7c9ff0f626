import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import {
  type AnswerResult,
  AnswerHistory,
  type ReferralAnswerBody,
  ReferralAnswerForm,
} from './ReferralAnswer';
import {
  DownloadNotice,
  type SharedDocument,
  SharedDocuments,
  SharedPeople,
  SharedSummary,
  useSharedDocumentDownload,
} from './SharedReferralView';

type SharedView = Schemas['ReferralSharedViewDto'];

/** The referral's own zone is always set once sent; WIB, named, if it ever is not. */
const DEFAULT_ZONE = 'Asia/Jakarta';

/**
 * A referral as the receiving agency works it, the same behind the emailed link and in the app:
 * the summary, the answer, the answers so far, the people and documents it shares. Only how it
 * is asked differs: `send` posts an answer, `saveDocument` downloads one shared document,
 * `onAnswered` takes the referral as an answer left it and `readAgain` reads it afresh when it
 * changed or went away meanwhile.
 */
export function ReceivedReferral({
  referral,
  send,
  saveDocument,
  onAnswered,
  readAgain,
}: {
  referral: SharedView;
  send: (body: ReferralAnswerBody) => Promise<AnswerResult>;
  saveDocument: (document: SharedDocument, fallbackName: string) => Promise<void>;
  onAnswered: (view: SharedView) => void;
  readAgain: () => Promise<void>;
}) {
  const { t } = useTranslation();
  // Revoked, expired, closed or withdrawn while the page was open: the page shows what is left.
  const documents = useSharedDocumentDownload(saveDocument, readAgain);
  const timeZone = referral.timeZone || DEFAULT_ZONE;
  const open = ['sent', 'acknowledged', 'in_progress'].includes(referral.status);
  return (
    <>
      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="summary-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="summary-heading">
            {t('partner.summary')}
          </Title>
          <SharedSummary view={referral} timeZone={timeZone} />
          <Text size="sm" c="dimmed">
            {t('partner.times')}
          </Text>
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="answer-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="answer-heading">
            {t('partner.answer')}
          </Title>
          <ReferralAnswerForm
            allowedResponses={referral.allowedResponses}
            send={send}
            onAnswered={onAnswered}
            onStale={readAgain}
          />
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="history-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="history-heading">
            {t('partner.history')}
          </Title>
          <AnswerHistory answers={referral.responses} timeZone={timeZone} />
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="people-heading">
        {open ? (
          <SharedPeople
            victims={referral.victims}
            familyMembers={referral.familyMembers}
            headingId="people-heading"
          />
        ) : (
          <Stack gap="sm">
            <Title order={2} size="h3" id="people-heading">
              {t('partner.people')}
            </Title>
            <Text>{t('partner.closedNoPeople')}</Text>
          </Stack>
        )}
      </Paper>

      {open && (
        <Paper
          withBorder
          p="sm"
          radius="md"
          component="section"
          aria-labelledby="documents-heading"
        >
          <Stack gap="sm">
            <SharedDocuments
              documents={referral.documents}
              timeZone={timeZone}
              headingId="documents-heading"
              onDownload={(document) => void documents.download(document)}
              downloading={documents.downloading}
            />
            {documents.notice && <DownloadNotice notice={documents.notice} />}
          </Stack>
        </Paper>
      )}
      {/* A download refused as the referral closed: the section has gone, the reason stays. */}
      {!open && documents.notice && <DownloadNotice notice={documents.notice} />}
    </>
  );
}
