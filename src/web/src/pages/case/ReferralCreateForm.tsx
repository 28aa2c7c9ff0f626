import {
  Alert,
  Button,
  Checkbox,
  type ComboboxItem,
  Fieldset,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { useAgencyOptions } from '../../components/options';
import { formatDateTime } from '../../format';
import { enValues, idValues } from '../../i18n/values';
import { useAgencyTimeZone } from '../../session/session';
import {
  SharedDocuments,
  SharedPeople,
  SharedSummary,
  type SharedFamilyMember,
  type SharedVictim,
} from '../public/SharedReferralView';
import { formField, referralFieldError, referralProblem } from './referral-helpers';

type CaseRecord = Schemas['CaseResponseDto'];
type Victim = Schemas['VictimResponseDto'];
type ReferralInput = Schemas['CreateReferralDto'];
type Referral = Schemas['ReferralDto'];
type SharedField = NonNullable<ReferralInput['sharedFields']>[number];
type Consent = ReferralInput['consent'];

/** In the order of the server's SharedField, which is the order the partner's page shows them. */
const SHARED_FIELDS: SharedField[] = [
  'full_name',
  'sex',
  'age',
  'date_of_birth',
  'nik',
  'passport',
  'phone',
  'origin_address',
  'current_situation',
  'death_details',
  'family_contacts',
];
const CONSENTS: Consent[] = ['victim', 'family', 'guardian', 'not_obtained'];

interface ReferralForm {
  agencyId: string | null;
  service: ReferralInput['service'] | null;
  priority: NonNullable<ReferralInput['priority']>;
  reason: string;
  request: string;
  contactName: string;
  contactEmail: string;
  victimIds: string[];
  familyMemberIds: string[];
  consent: Consent | null;
  noConsentReason: string;
  sharedFields: SharedField[];
  documentIds: string[];
}

function ageFrom(dateOfBirth: string | null): number | null {
  if (!dateOfBirth) return null;
  const born = new Date(`${dateOfBirth}T00:00:00Z`);
  const now = new Date();
  let age = now.getUTCFullYear() - born.getUTCFullYear();
  if (
    now.getUTCMonth() < born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate())
  )
    age -= 1;
  return age;
}

/**
 * A victim as the receiving agency will see them: the server's ReferralSharedView.victimView,
 * field by field. Full numbers and streets are not readable here (they are masked for the case's
 * own readers): the preview says they are sent in full instead.
 */
function sharedVictim(
  victim: Victim,
  shared: Set<SharedField>,
  regionPath: (code: string) => string | undefined,
  inFull: (masked: string) => string,
): SharedVictim {
  const view: SharedVictim = { id: victim.id };
  if (shared.has('full_name')) {
    view.fullName = victim.fullName;
    view.otherNames = victim.otherNames;
  }
  if (shared.has('sex')) view.gender = victim.gender;
  if (shared.has('age')) {
    view.estimatedAge = victim.estimatedAge ?? ageFrom(victim.dateOfBirth);
    view.minorAtRecruitment = victim.minorAtRecruitment;
  }
  if (shared.has('date_of_birth')) view.dateOfBirth = victim.dateOfBirth;
  if (shared.has('nik')) view.nik = victim.nikMasked ? inFull(victim.nikMasked) : null;
  if (shared.has('passport'))
    view.passportNumber = victim.passportMasked ? inFull(victim.passportMasked) : null;
  if (shared.has('phone')) view.phone = victim.hasPhone ? inFull('…') : null;
  if (shared.has('origin_address')) {
    view.originStreet = victim.hasOriginStreet ? inFull('…') : null;
    view.originRegionCode = victim.originRegionCode;
    view.originRegionPath = victim.originRegionCode
      ? (regionPath(victim.originRegionCode) ?? null)
      : null;
  }
  if (shared.has('current_situation')) view.currentSituation = victim.currentSituation;
  if (shared.has('death_details')) {
    view.deathDate = victim.deathDate;
    view.deathPlace = victim.deathPlace;
    view.deathCountry = victim.deathCountry;
    view.deathCause = victim.deathCause;
    view.remainsStatus = victim.remainsStatus;
    view.deathCertificateRef = victim.deathCertificateRef;
  }
  return view;
}

/** The form's values for a new referral, or as a draft has them. */
function initialForm(record: CaseRecord, draft: Referral | undefined): ReferralForm {
  return {
    agencyId: draft?.agency.id ?? null,
    service: draft?.service ?? null,
    priority: draft?.priority ?? record.priority,
    reason: draft?.reason ?? '',
    request: draft?.request ?? '',
    contactName: draft?.contactName ?? '',
    contactEmail: draft?.contactEmail ?? '',
    victimIds: draft?.victimIds ?? [],
    familyMemberIds: draft?.familyMemberIds ?? [],
    consent: draft?.consent ?? null,
    noConsentReason: draft?.noConsentReason ?? '',
    sharedFields: draft?.sharedFields ?? [],
    documentIds: draft?.documentIds ?? [],
  };
}

/**
 * A referral of the case, new or a draft being changed: where to, what for, with whose consent,
 * and which personal fields of which people go with it, beside a live preview of what the
 * receiving agency will read. It is saved as a draft, then sent if asked: a refusal to send keeps
 * the draft.
 */
export function ReferralCreateForm({
  record,
  draft,
  onDone,
}: {
  record: CaseRecord;
  draft?: Referral;
  onDone: (message: string, referralId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const queryClient = useQueryClient();
  const labels = i18n.language === 'en' ? enValues : idValues;
  const [agencySearch, setAgencySearch] = useState('');
  const [chosenAgency, setChosenAgency] = useState<{ id: string; name: string } | null>(
    draft ? { id: draft.agency.id, name: draft.agency.name } : null,
  );
  const agencyOptions = useAgencyOptions(
    agencySearch,
    record.owningAgencyId,
    chosenAgency && { value: chosenAgency.id, label: chosenAgency.name },
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState<'draft' | 'send' | null>(null);
  const originCodes = [
    ...new Set(record.victims.flatMap((v) => (v.originRegionCode ? [v.originRegionCode] : []))),
  ].sort();
  // The same query as the case page's: answered from its cache.
  const regions = useQuery({
    queryKey: ['regions', originCodes],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: originCodes, limit: 100, offset: 0 } },
        }),
      ),
    enabled: originCodes.length > 0,
    staleTime: Infinity,
  });
  const owningAgency = useQuery({
    queryKey: ['agency', record.owningAgencyId],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/agencies/{id}', { params: { path: { id: record.owningAgencyId } } }),
      ),
    staleTime: Infinity,
  });
  const staffZone = useAgencyTimeZone();
  // The case page's documents section reads the same list: answered from its cache.
  const documents = useQuery({
    queryKey: ['case', record.caseNumber, 'documents'],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/cases/{id}/documents', {
          params: { path: { id: record.caseNumber } },
        }),
      ),
  });

  const form = useForm<ReferralForm>({
    mode: 'controlled',
    // A refusal's summary goes once the form changes; the fields keep their own messages.
    onValuesChange: () => setProblem(null),
    initialValues: initialForm(record, draft),
    validate: {
      agencyId: (value) => (value ? null : t('referrals.required')),
      service: (value) => (value ? null : t('referrals.required')),
      reason: (value) => (value.trim() ? null : t('referrals.required')),
      request: (value) => (value.trim() ? null : t('referrals.required')),
      contactEmail: (value) =>
        value.trim() === '' || /^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('referrals.email'),
      consent: (value) => (value ? null : t('referrals.required')),
      victimIds: (value, values) =>
        values.sharedFields.some((f) => f !== 'family_contacts') && value.length === 0
          ? t('referrals.needVictims')
          : null,
      familyMemberIds: (value, values) =>
        values.sharedFields.includes('family_contacts') && value.length === 0
          ? t('referrals.needFamily')
          : null,
      sharedFields: (value, values) =>
        values.familyMemberIds.length > 0 && !value.includes('family_contacts')
          ? t('referrals.needFamilyField')
          : null,
      noConsentReason: (value, values) =>
        values.consent === 'not_obtained' &&
        (values.sharedFields.length > 0 || values.documentIds.length > 0)
          ? value.trim().length === 0
            ? t('referrals.required')
            : value.trim().length < 10
              ? t('referrals.tooShort', { count: 10 })
              : null
          : null,
    },
  });
  const values = form.getValues();

  const chosenVictims = record.victims.filter((v) => values.victimIds.includes(v.id));
  const family = chosenVictims.flatMap((victim) =>
    (victim.familyMembers ?? []).map((member) => ({ member, victim })),
  );
  const shared = new Set(values.sharedFields);
  const regionPath = (code: string) =>
    regions.data?.items.find((region) => region.code === code)?.fullPath;
  const inFull = (masked: string) => `${masked} (${t('referrals.sentInFull')})`;
  const previewVictims =
    shared.size > 0
      ? chosenVictims.map((victim) => sharedVictim(victim, shared, regionPath, inFull))
      : [];
  const previewFamily: SharedFamilyMember[] = shared.has('family_contacts')
    ? family
        .filter(({ member }) => values.familyMemberIds.includes(member.id))
        .map(({ member }) => ({
          id: member.id,
          victimId: member.victimId,
          fullName: member.fullName,
          relation: member.relation,
          alive: member.alive,
          phone: member.hasPhone ? inFull('…') : null,
          street: member.hasStreet ? inFull('…') : null,
          regionCode: member.regionCode,
          language: member.language,
        }))
    : [];

  const caseDocuments = documents.data?.items ?? [];
  const previewDocuments = caseDocuments.filter((document) =>
    values.documentIds.includes(document.id),
  );
  const aboutVictim = (victimId: string | null) =>
    victimId === null
      ? t('documents.wholeCase')
      : (record.victims.find((victim) => victim.id === victimId)?.fullName ??
        t('caseView.notRecorded'));

  const showFieldErrors = async (body: ApiErrorBody | undefined) => {
    const fields = body?.details?.fields ?? [];
    if (fields.some((field) => formField(field.field) === 'documentIds')) {
      // A chosen document was removed meanwhile: the list shows what is left, and the choice
      // keeps only those (before the error is set, since a change clears a field's error).
      const fresh = await documents.refetch();
      const left = new Set((fresh.data?.items ?? []).map((document) => document.id));
      form.setFieldValue(
        'documentIds',
        form.getValues().documentIds.filter((id) => left.has(id)),
      );
    }
    for (const field of fields)
      form.setFieldError(formField(field.field), referralFieldError(field, t));
  };

  const save = async (send: boolean) => {
    if (form.validate().hasErrors) {
      setProblem(t('referrals.invalid'));
      return;
    }
    setProblem(null);
    setSaving(send ? 'send' : 'draft');
    const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
    const fields = {
      agencyId: values.agencyId!,
      service: values.service!,
      priority: values.priority,
      reason: values.reason.trim(),
      request: values.request.trim(),
      victimIds: values.victimIds,
      familyMemberIds: values.familyMemberIds,
      consent: values.consent!,
      sharedFields: values.sharedFields,
      documentIds: values.documentIds,
    };
    try {
      const created = draft
        ? // A field emptied in the form is cleared on the draft, not left as it was.
          await api.PATCH('/api/v1/referrals/{id}', {
            params: { path: { id: draft.id } },
            body: {
              ...fields,
              version: draft.version,
              contactName: optional(values.contactName) ?? null,
              contactEmail: optional(values.contactEmail) ?? null,
              noConsentReason:
                values.consent === 'not_obtained'
                  ? (optional(values.noConsentReason) ?? null)
                  : null,
            },
          })
        : await api.POST('/api/v1/cases/{id}/referrals', {
            params: { path: { id: record.id } },
            body: {
              ...fields,
              contactName: optional(values.contactName),
              contactEmail: optional(values.contactEmail),
              noConsentReason:
                values.consent === 'not_obtained' ? optional(values.noConsentReason) : undefined,
            },
          });
      if (!created.data) {
        const body = created.error as ApiErrorBody | undefined;
        await showFieldErrors(body);
        setProblem(t(referralProblem(created.response.status, body)));
        return;
      }
      const saved = created.data;
      await queryClient.invalidateQueries({ queryKey: ['case', record.caseNumber, 'referrals'] });
      await queryClient.invalidateQueries({ queryKey: ['case', record.id, 'referrals'] });
      await queryClient.invalidateQueries({ queryKey: ['referral', saved.id] });
      if (!send) {
        onDone(t('referrals.draftSaved'), saved.id);
        return;
      }
      const sent = await api.POST('/api/v1/referrals/{id}/send', {
        params: { path: { id: saved.id } },
        body: { version: saved.version },
      });
      await queryClient.invalidateQueries({ queryKey: ['case'] });
      if (sent.data) {
        onDone(t('referrals.sent', { agency: saved.agency.name }), saved.id);
        return;
      }
      const body = sent.error as ApiErrorBody | undefined;
      const reasons = (body?.details?.fields ?? []).map((f) => referralFieldError(f, t));
      const why =
        reasons.length > 0 ? reasons.join(' ') : t(referralProblem(sent.response.status, body));
      onDone(t('referrals.sentDraftKept', { problem: why }), saved.id);
    } catch {
      setProblem(t('referrals.failed'));
    } finally {
      setSaving(null);
    }
  };

  const previewSummary = {
    caseNumber: record.caseNumber,
    referringAgency: owningAgency.data ? { name: owningAgency.data.name } : null,
    receivingAgency: chosenAgency,
    service: values.service,
    priority: values.priority,
    reason: values.reason.trim(),
    request: values.request.trim(),
    contactName: values.contactName.trim() || null,
    incidentType: record.incidentType,
    exploitationCountry: record.exploitationCountry,
    consent: values.consent,
  };

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <form
        noValidate
        aria-label={draft ? t('referrals.editTitle') : t('referrals.createTitle')}
        onSubmit={(event) => {
          event.preventDefault();
          void save(true);
        }}
      >
        <Stack gap="md">
          <Title order={3}>{draft ? t('referrals.editTitle') : t('referrals.createTitle')}</Title>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Select
            label={t('referrals.agency')}
            description={t('referrals.agencyHint')}
            required
            searchable
            data={agencyOptions}
            searchValue={agencySearch}
            onSearchChange={setAgencySearch}
            nothingFoundMessage={t('referrals.agencyNone')}
            filter={({ options }) => options}
            key={form.key('agencyId')}
            {...form.getInputProps('agencyId')}
            onChange={(value: string | null, option: ComboboxItem | null) => {
              form.setFieldValue('agencyId', value);
              setChosenAgency(value && option ? { id: value, name: option.label } : null);
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('referrals.service')}
              required
              searchable
              data={Object.entries(labels.referralService).map(([value, label]) => ({
                value,
                label,
              }))}
              key={form.key('service')}
              {...form.getInputProps('service')}
            />
            <Select
              label={t('referrals.priority')}
              required
              allowDeselect={false}
              data={Object.entries(labels.casePriority).map(([value, label]) => ({
                value,
                label,
              }))}
              key={form.key('priority')}
              {...form.getInputProps('priority')}
            />
          </SimpleGrid>
          <Textarea
            label={t('referrals.reason')}
            description={t('referrals.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={5000}
            key={form.key('reason')}
            {...form.getInputProps('reason')}
          />
          <Textarea
            label={t('referrals.request')}
            description={t('referrals.requestHint')}
            required
            autosize
            minRows={2}
            maxLength={5000}
            key={form.key('request')}
            {...form.getInputProps('request')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('referrals.contactName')}
              maxLength={200}
              key={form.key('contactName')}
              {...form.getInputProps('contactName')}
            />
            <TextInput
              label={t('referrals.contactEmail')}
              description={t('referrals.contactEmailHint')}
              type="email"
              key={form.key('contactEmail')}
              {...form.getInputProps('contactEmail')}
            />
          </SimpleGrid>

          <Fieldset legend={t('referrals.people')}>
            <Stack gap="sm">
              <Text size="sm">{t('referrals.peopleHint')}</Text>
              <Checkbox.Group
                label={t('referrals.victims')}
                key={form.key('victimIds')}
                {...form.getInputProps('victimIds')}
                onChange={(ids) => {
                  form.setFieldValue('victimIds', ids);
                  // Family members stay chosen only while their victim is.
                  const kept = record.victims
                    .filter((v) => ids.includes(v.id))
                    .flatMap((v) => (v.familyMembers ?? []).map((m) => m.id));
                  form.setFieldValue(
                    'familyMemberIds',
                    form.getValues().familyMemberIds.filter((id) => kept.includes(id)),
                  );
                }}
              >
                <Stack gap={6} mt={4}>
                  {record.victims.map((victim) => (
                    <Checkbox key={victim.id} value={victim.id} label={victim.fullName} />
                  ))}
                </Stack>
              </Checkbox.Group>
              <Checkbox.Group
                label={t('referrals.familyMembers')}
                key={form.key('familyMemberIds')}
                {...form.getInputProps('familyMemberIds')}
              >
                <Stack gap={6} mt={4}>
                  {family.length === 0 && <Text size="sm">{t('referrals.noFamily')}</Text>}
                  {family.map(({ member, victim }) => (
                    <Checkbox
                      key={member.id}
                      value={member.id}
                      label={t('referrals.familyOf', {
                        name: member.fullName,
                        relation: t(`values.familyRelation.${member.relation}`),
                        victim: victim.fullName,
                      })}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            </Stack>
          </Fieldset>

          <Fieldset legend={t('referrals.consentTitle')}>
            <Stack gap="sm">
              <Select
                label={t('referrals.consent')}
                description={t('referrals.consentHint')}
                required
                allowDeselect={false}
                data={CONSENTS.map((value) => ({
                  value,
                  label: t(`values.referralConsent.${value}`),
                }))}
                key={form.key('consent')}
                {...form.getInputProps('consent')}
              />
              {values.consent === 'not_obtained' && (
                <Textarea
                  label={t('referrals.noConsentReason')}
                  description={t('referrals.noConsentHint')}
                  autosize
                  minRows={2}
                  maxLength={2000}
                  key={form.key('noConsentReason')}
                  {...form.getInputProps('noConsentReason')}
                />
              )}
              <Checkbox.Group
                label={t('referrals.sharedFields')}
                description={t('referrals.sharedFieldsHint')}
                key={form.key('sharedFields')}
                {...form.getInputProps('sharedFields')}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={4}>
                  {SHARED_FIELDS.map((field) => (
                    <Checkbox key={field} value={field} label={t(`values.sharedField.${field}`)} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              <Checkbox.Group
                label={t('referrals.documents')}
                description={t('referrals.documentsHint')}
                key={form.key('documentIds')}
                {...form.getInputProps('documentIds')}
              >
                <Stack gap={6} mt={4}>
                  {documents.isPending && <Text size="sm">{t('referrals.documentsLoading')}</Text>}
                  {documents.isError && (
                    <Text size="sm" c="red.9">
                      {t('referrals.documentsLoadFailed')}
                    </Text>
                  )}
                  {documents.isSuccess && caseDocuments.length === 0 && (
                    <Text size="sm">{t('referrals.documentsNone')}</Text>
                  )}
                  {caseDocuments.map((document) => (
                    <Checkbox
                      key={document.id}
                      value={document.id}
                      label={t(
                        document.fileName
                          ? 'referrals.documentOptionNamed'
                          : 'referrals.documentOption',
                        {
                          kind: t(`documents.kinds.${document.kind}`),
                          about: aboutVictim(document.victimId),
                          name: document.fileName,
                          date: formatDateTime(document.uploadedAt, language, staffZone),
                        },
                      )}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            </Stack>
          </Fieldset>

          <Group>
            <Button type="submit" loading={saving === 'send'} disabled={saving !== null}>
              {saving === 'send' ? t('referrals.saving') : t('referrals.saveAndSend')}
            </Button>
            <Button
              variant="default"
              loading={saving === 'draft'}
              disabled={saving !== null}
              onClick={() => void save(false)}
            >
              {t('referrals.saveDraft')}
            </Button>
          </Group>
        </Stack>
      </form>

      <Paper
        withBorder
        p="md"
        radius="md"
        bg="gray.0"
        component="section"
        aria-labelledby="referral-preview-heading"
      >
        <Stack gap="sm">
          <Title order={3} id="referral-preview-heading">
            {t('referrals.preview')}
          </Title>
          <Text size="sm">{t('referrals.previewHint')}</Text>
          <SharedSummary view={previewSummary} timeZone="Asia/Jakarta" />
          <SharedPeople victims={previewVictims} familyMembers={previewFamily} headingOrder={3} />
          <SharedDocuments documents={previewDocuments} timeZone="Asia/Jakarta" headingOrder={3} />
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
