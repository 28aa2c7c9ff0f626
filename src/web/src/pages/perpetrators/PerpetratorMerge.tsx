import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { Fact, Section } from '../../components/Section';
import { useSession } from '../../session/session';
import { perpetratorKey } from './queries';

type RegisterRecord = Schemas['PerpetratorResponseDto'];
type Candidate = { id: string; fullName: string; aliases: string[] };

/**
 * Merging a duplicate register record into this one: the duplicate is chosen from the network or
 * found by name, read afresh (its current version), shown beside this record, and merged once
 * confirmed. Shown only to the roles the API lets merge; a supervisor choosing another agency's
 * record is told it is an admin's act before anything is sent.
 */
export function PerpetratorMerge({
  survivor,
  candidates,
}: {
  survivor: RegisterRecord;
  candidates: Candidate[];
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState<RegisterRecord | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const options = [...candidates, ...(found ?? [])].filter(
    (option, index, all) =>
      option.id !== survivor.id && all.findIndex((other) => other.id === option.id) === index,
  );

  const searchRecords = async (event: FormEvent) => {
    event.preventDefault();
    if (term.trim().length < 2) return;
    setProblem(null);
    try {
      const result = data(
        await api.GET('/api/v1/perpetrators', { params: { query: { q: term.trim() } } }),
      );
      setFound(result.items.filter((item) => item.id !== survivor.id));
    } catch {
      setProblem(t('search.failed'));
    }
  };

  const review = async () => {
    if (!chosenId) return;
    setProblem(null);
    setNotice(null);
    const { data: duplicate, response } = await api.GET('/api/v1/perpetrators/{id}', {
      params: { path: { id: chosenId } },
    });
    if (!response.ok || !duplicate) {
      setProblem(t('search.recruiter.notFound'));
      return;
    }
    setReviewing(duplicate);
  };

  const refresh = () => queryClient.invalidateQueries({ queryKey: perpetratorKey(survivor.id) });

  const merge = async (duplicate: RegisterRecord) => {
    setBusy(true);
    setProblem(null);
    const {
      data: merged,
      error,
      response,
    } = await api.POST('/api/v1/perpetrators/{id}/merge', {
      params: { path: { id: survivor.id } },
      body: {
        duplicateId: duplicate.id,
        version: survivor.version,
        duplicateVersion: duplicate.version,
      },
    });
    setBusy(false);
    setReviewing(null);
    if (response.ok && merged) {
      setChosenId(null);
      setFound(null);
      setNotice(t('search.recruiter.mergeDone', { duplicate: duplicate.fullName }));
      queryClient.setQueryData(perpetratorKey(survivor.id), merged);
      await refresh();
      return;
    }
    const body = error as ApiErrorBody | undefined;
    const fields = body?.details?.fields ?? [];
    if (body?.code === 'PERPETRATOR.MERGE_NOT_ALLOWED')
      setProblem(t('search.recruiter.notAllowed'));
    else if (body?.code === 'PERPETRATOR.MERGE_PENDING_PROPOSALS')
      setProblem(t('search.recruiter.pending'));
    else if (response.status === 409 || response.status === 404) {
      setProblem(t('search.recruiter.conflict'));
      await refresh();
    } else if (fields.length > 0)
      setProblem(fields.map((field) => fieldErrorText(field, t)).join(' '));
    else setProblem(t('search.recruiter.mergeFailed'));
  };

  const acrossAgencies =
    reviewing !== null && session?.user.role !== 'admin' && !reviewing.recordedByYourAgency;

  return (
    <Section title={t('search.recruiter.merge')}>
      <Text size="sm">{t('search.recruiter.mergeIntro')}</Text>
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <form onSubmit={(event) => void searchRecords(event)} noValidate>
        <Group align="flex-end">
          <TextInput
            label={t('search.recruiter.searchOther')}
            value={term}
            onChange={(event) => setTerm(event.currentTarget.value)}
            autoComplete="off"
            maxLength={100}
          />
          <Button type="submit" variant="default">
            {t('search.recruiter.searchOtherSubmit')}
          </Button>
        </Group>
      </form>
      {found !== null && found.length === 0 && (
        <Text size="sm">{t('search.recruiter.searchOtherNone')}</Text>
      )}
      {options.length === 0 ? (
        <Text size="sm">{t('search.recruiter.fromNetworkNone')}</Text>
      ) : (
        <Radio.Group
          label={t('search.recruiter.fromNetwork')}
          value={chosenId}
          onChange={setChosenId}
        >
          <Stack gap="xs" mt={4}>
            {options.map((option) => (
              <Radio
                key={option.id}
                value={option.id}
                label={
                  option.aliases.length > 0
                    ? `${option.fullName} (${option.aliases.join(', ')})`
                    : option.fullName
                }
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Group>
        <Button disabled={chosenId === null} onClick={() => void review()}>
          {t('search.recruiter.review')}
        </Button>
      </Group>

      {reviewing && (
        <Modal
          opened
          onClose={() => setReviewing(null)}
          title={t('search.recruiter.confirmTitle')}
          size="lg"
          closeButtonProps={{ 'aria-label': t('search.recruiter.cancel') }}
        >
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <RecordSummary heading={t('search.recruiter.stays')} record={survivor} />
              <RecordSummary heading={t('search.recruiter.goes')} record={reviewing} />
            </SimpleGrid>
            {acrossAgencies ? (
              <Alert color="yellow">{t('search.recruiter.notAllowed')}</Alert>
            ) : (
              <Text>
                {t('search.recruiter.confirmText', {
                  duplicate: reviewing.fullName,
                  survivor: survivor.fullName,
                })}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReviewing(null)}>
                {t('search.recruiter.cancel')}
              </Button>
              {!acrossAgencies && (
                <Button color="red.9" loading={busy} onClick={() => void merge(reviewing)}>
                  {t('search.recruiter.confirm')}
                </Button>
              )}
            </Group>
          </Stack>
        </Modal>
      )}
    </Section>
  );
}

function RecordSummary({ heading, record }: { heading: string; record: RegisterRecord }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" component="section" aria-label={`${heading}: ${record.fullName}`}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {heading}
        </Title>
        <Stack component="dl" m={0} gap="xs">
          <Fact label={t('search.recruiter.name')}>{record.fullName}</Fact>
          <Fact label={t('search.recruiter.aliases')}>{record.aliases.join(', ')}</Fact>
          <Fact label={t('search.recruiter.roles')}>
            {record.roles.map((value) => t(`values.perpetratorRole.${value}`)).join(', ')}
          </Fact>
          <Fact label={t('search.recruiter.cases')}>
            {t('search.recruiter.linkedCases', { count: record.linkedCaseCount })}
          </Fact>
          <Fact label={t('search.recruiter.recordedBy')}>
            {record.recordedByYourAgency
              ? t('search.recruiter.recordedByYou')
              : t('search.recruiter.recordedElsewhere')}
          </Fact>
        </Stack>
      </Stack>
    </Paper>
  );
}
