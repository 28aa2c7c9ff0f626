import { Alert, Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas } from '../../api/client';
import { fileNameFor } from '../../api/documents';
import { formatSize } from '../../document-size';
import { countryName, formatDate, formatDateTime } from '../../format';

type SharedView = Schemas['ReferralSharedViewDto'];
export type SharedVictim = Schemas['SharedVictimDto'];
export type SharedFamilyMember = Schemas['SharedFamilyMemberDto'];
/** A shared document as listed; the file name is null in a preview for roles that may not read it. */
export type SharedDocument = Pick<
  Schemas['SharedDocumentDto'],
  'id' | 'kind' | 'mimeType' | 'sizeBytes' | 'uploadedAt'
> & { fileName: string | null };

/** Names people know these formats by; the media type itself is not for reading. */
const TYPE_NAMES: Record<SharedDocument['mimeType'], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

/**
 * What the receiving agency reads about a referral, laid out the same on its page and in the
 * referring caseworker's preview, so that the preview shows exactly what the partner will see.
 */
export type SharedSummaryFields = Pick<
  SharedView,
  | 'caseNumber'
  | 'priority'
  | 'reason'
  | 'request'
  | 'contactName'
  | 'incidentType'
  | 'exploitationCountry'
> & {
  /** Not chosen yet, in a preview. */
  service: SharedView['service'] | null;
  consent: SharedView['consent'] | null;
  referringAgency: { name: string } | null;
  receivingAgency: { name: string } | null;
} & Partial<
    Pick<
      SharedView,
      | 'status'
      | 'sentAt'
      | 'acknowledgeDueAt'
      | 'dueAt'
      | 'progressNote'
      | 'outcome'
      | 'outcomeNotes'
      | 'declineReason'
    >
  >;

/** One fact, left out when there is nothing to say: the partner reads no "not recorded" rows. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={700} component="dt">
        {label}
      </Text>
      <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

function Facts({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} component="dl" m={0} spacing="sm" verticalSpacing="sm">
      {children}
    </SimpleGrid>
  );
}

export function SharedSummary({ view, timeZone }: { view: SharedSummaryFields; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const when = (iso: string | null | undefined) =>
    iso ? formatDateTime(iso, language, timeZone) : null;
  return (
    <Facts>
      <Fact label={t('partner.fromAgency')}>{view.referringAgency?.name}</Fact>
      <Fact label={t('partner.toAgency')}>{view.receivingAgency?.name}</Fact>
      <Fact label={t('partner.caseNumber')}>{view.caseNumber}</Fact>
      <Fact label={t('partner.service')}>
        {view.service && t(`values.referralService.${view.service}`)}
      </Fact>
      <Fact label={t('partner.priority')}>{t(`values.casePriority.${view.priority}`)}</Fact>
      <Fact label={t('partner.status')}>
        {view.status && t(`values.referralStatus.${view.status}`)}
      </Fact>
      <Fact label={t('partner.incidentType')}>
        {t(`values.incidentType.${view.incidentType}`, { defaultValue: view.incidentType })}
      </Fact>
      <Fact label={t('partner.exploitationCountry')}>
        {view.exploitationCountry && countryName(view.exploitationCountry, language)}
      </Fact>
      <Fact label={t('partner.reason')}>{view.reason}</Fact>
      <Fact label={t('partner.request')}>{view.request}</Fact>
      <Fact label={t('partner.contactName')}>{view.contactName}</Fact>
      <Fact label={t('partner.consent')}>
        {view.consent && t(`values.referralConsent.${view.consent}`)}
      </Fact>
      <Fact label={t('partner.sentAt')}>{when(view.sentAt)}</Fact>
      <Fact label={t('partner.acknowledgeDueAt')}>{when(view.acknowledgeDueAt)}</Fact>
      <Fact label={t('partner.dueAt')}>{when(view.dueAt)}</Fact>
      <Fact label={t('partner.progressNote')}>{view.progressNote}</Fact>
      <Fact label={t('partner.outcome')}>
        {view.outcome && t(`values.referralOutcome.${view.outcome}`)}
      </Fact>
      <Fact label={t('partner.outcomeNotes')}>{view.outcomeNotes}</Fact>
      <Fact label={t('partner.declineReason')}>{view.declineReason}</Fact>
    </Facts>
  );
}

function VictimFacts({ victim }: { victim: SharedVictim }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const label = (key: string) => t(`partner.fields.${key}`);
  const yesNo = (value: boolean | null | undefined) =>
    value === null || value === undefined ? null : value ? t('partner.yes') : t('partner.no');
  const code = (list: string, value: string | null | undefined) =>
    value ? t(`values.${list}.${value}`, { defaultValue: value }) : null;
  return (
    <Facts>
      <Fact label={label('fullName')}>{victim.fullName}</Fact>
      <Fact label={label('otherNames')}>{victim.otherNames?.join(', ')}</Fact>
      <Fact label={label('gender')}>{code('gender', victim.gender)}</Fact>
      <Fact label={label('estimatedAge')}>
        {victim.estimatedAge !== null && victim.estimatedAge !== undefined
          ? t('partner.fields.ageYears', { count: victim.estimatedAge })
          : null}
      </Fact>
      <Fact label={label('minorAtRecruitment')}>{yesNo(victim.minorAtRecruitment)}</Fact>
      <Fact label={label('dateOfBirth')}>
        {victim.dateOfBirth && formatDate(victim.dateOfBirth, language)}
      </Fact>
      <Fact label={label('nik')}>{victim.nik}</Fact>
      <Fact label={label('passportNumber')}>{victim.passportNumber}</Fact>
      <Fact label={label('phone')}>{victim.phone}</Fact>
      <Fact label={label('originStreet')}>{victim.originStreet}</Fact>
      <Fact label={label('originRegionPath')}>
        {victim.originRegionPath ?? victim.originRegionCode}
      </Fact>
      <Fact label={label('currentSituation')}>
        {code('currentSituation', victim.currentSituation)}
      </Fact>
      <Fact label={label('deathDate')}>
        {victim.deathDate && formatDate(victim.deathDate, language)}
      </Fact>
      <Fact label={label('deathPlace')}>{victim.deathPlace}</Fact>
      <Fact label={label('deathCountry')}>
        {victim.deathCountry && countryName(victim.deathCountry, language)}
      </Fact>
      <Fact label={label('deathCause')}>{victim.deathCause}</Fact>
      <Fact label={label('remainsStatus')}>{code('remainsStatus', victim.remainsStatus)}</Fact>
      <Fact label={label('deathCertificateRef')}>{victim.deathCertificateRef}</Fact>
    </Facts>
  );
}

function FamilyFacts({ member }: { member: SharedFamilyMember }) {
  const { t, i18n } = useTranslation();
  const label = (key: string) => t(`partner.fields.${key}`);
  const languageName = (code: string) =>
    new Intl.DisplayNames([i18n.language === 'en' ? 'en' : 'id'], { type: 'language' }).of(code) ??
    code;
  return (
    <Facts>
      <Fact label={label('fullName')}>{member.fullName}</Fact>
      <Fact label={label('relation')}>
        {t(`values.familyRelation.${member.relation}`, { defaultValue: member.relation })}
      </Fact>
      <Fact label={label('alive')}>{member.alive ? t('partner.yes') : t('partner.no')}</Fact>
      <Fact label={label('phone')}>{member.phone}</Fact>
      <Fact label={label('street')}>{member.street}</Fact>
      <Fact label={label('regionCode')}>{member.regionCode}</Fact>
      <Fact label={label('language')}>{member.language && languageName(member.language)}</Fact>
    </Facts>
  );
}

/** The victims and family members the referral names, each with only the fields it shares. */
export function SharedPeople({
  victims,
  familyMembers,
  headingOrder = 2,
  headingId,
}: {
  victims: SharedVictim[];
  familyMembers: SharedFamilyMember[];
  headingOrder?: 2 | 3;
  headingId?: string;
}) {
  const { t } = useTranslation();
  const personHeading = (headingOrder + 1) as 3 | 4;
  return (
    <Stack gap="sm">
      <Title order={headingOrder} size="h3" id={headingId}>
        {t('partner.people')}
      </Title>
      {victims.length === 0 && familyMembers.length === 0 && <Text>{t('partner.noPeople')}</Text>}
      {victims.map((victim, index) => (
        <Paper withBorder p="sm" radius="md" key={victim.id}>
          <Stack gap="xs">
            <Title order={personHeading} size="h4">
              {t('partner.victim', { number: index + 1 })}
            </Title>
            <VictimFacts victim={victim} />
          </Stack>
        </Paper>
      ))}
      {familyMembers.map((member, index) => (
        <Paper withBorder p="sm" radius="md" key={member.id}>
          <Stack gap="xs">
            <Title order={personHeading} size="h4">
              {t('partner.familyMember', { number: index + 1 })}
            </Title>
            <FamilyFacts member={member} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/**
 * The documents the referral shares, each with its kind, name, format and size; with a download
 * button each on the partner's page (`onDownload`), without in the referring caseworker's preview.
 */
export function SharedDocuments({
  documents,
  timeZone,
  headingOrder = 2,
  headingId,
  onDownload,
  downloading = null,
}: {
  documents: SharedDocument[];
  timeZone: string;
  headingOrder?: 2 | 3;
  headingId?: string;
  onDownload?: (document: SharedDocument) => void;
  /** The one being downloaded, if any. */
  downloading?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const itemHeading = (headingOrder + 1) as 3 | 4;
  return (
    <Stack gap="sm">
      <Title order={headingOrder} size="h3" id={headingId}>
        {t('partner.documents')}
      </Title>
      {documents.length === 0 && <Text>{t('partner.noDocuments')}</Text>}
      {documents.length > 0 && onDownload && <Text size="sm">{t('partner.documentsHint')}</Text>}
      {documents.length > 0 && (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {documents.map((document) => {
            const kind = t(`documents.kinds.${document.kind}`);
            return (
              <Paper component="li" withBorder p="sm" radius="md" key={document.id}>
                <Stack gap={4}>
                  <Title order={itemHeading} size="h4">
                    {kind}
                  </Title>
                  {document.fileName && (
                    <Text style={{ overflowWrap: 'anywhere' }}>{document.fileName}</Text>
                  )}
                  <Text size="sm">
                    {t('partner.documentDetails', {
                      type: TYPE_NAMES[document.mimeType],
                      size: formatSize(document.sizeBytes, language, t),
                      date: formatDateTime(document.uploadedAt, language, timeZone),
                    })}
                  </Text>
                  {onDownload && (
                    <Button
                      mt={4}
                      size="md"
                      variant="outline"
                      w={{ base: '100%', xs: 'auto' }}
                      style={{ alignSelf: 'flex-start' }}
                      loading={downloading === document.id}
                      disabled={downloading !== null && downloading !== document.id}
                      aria-label={t('partner.downloadNamed', {
                        kind,
                        name: document.fileName ?? kind,
                      })}
                      onClick={() => onDownload(document)}
                    >
                      {t('partner.download')}
                    </Button>
                  )}
                </Stack>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}

export interface DownloadOutcome {
  ok: boolean;
  text: string;
}

/**
 * Downloading the documents a referral shares, behind the link or in the app alike: `save` fetches
 * one and hands it to the browser (under the name given, when the service gives none); `onGone`
 * reads the referral again when a document can no longer be had (closed, withdrawn, revoked).
 */
export function useSharedDocumentDownload(
  save: (document: SharedDocument, fallbackName: string) => Promise<void>,
  onGone: () => Promise<void>,
) {
  const { t } = useTranslation();
  const [downloading, setDownloading] = useState<string | null>(null);
  const [notice, setNotice] = useState<DownloadOutcome | null>(null);
  const download = async (document: SharedDocument) => {
    const kind = t(`documents.kinds.${document.kind}`);
    setDownloading(document.id);
    setNotice(null);
    try {
      await save(document, fileNameFor(kind, document.mimeType));
      setNotice({ ok: true, text: t('partner.downloaded', { kind }) });
    } catch (error) {
      const gone = error instanceof ApiError && [403, 404, 409].includes(error.status);
      setNotice({
        ok: false,
        text: gone ? t('partner.documentGone') : t('partner.downloadFailed'),
      });
      if (gone) await onGone();
    } finally {
      setDownloading(null);
    }
  };
  return { download, downloading, notice };
}

export function DownloadNotice({ notice }: { notice: DownloadOutcome }) {
  return (
    <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
      {notice.text}
    </Alert>
  );
}
