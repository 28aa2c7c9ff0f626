import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { useRegionPaths } from '../../api/regions';
import { Fact } from '../../components/Section';
import { formatDate, formatDateTime } from '../../format';
import { localeOf } from '../../i18n';
import { useAgencyTimeZone } from '../../session/session';

type Victim = Schemas['VictimResponseDto'];
type Flag = Schemas['DuplicateFlagDto'];

const duplicatesKey = (victimId: string) => ['victim-duplicates', victimId];

function useDuplicates(victimId: string, enabled: boolean) {
  return useQuery({
    queryKey: duplicatesKey(victimId),
    queryFn: async () =>
      data(
        await api.GET('/api/v1/victims/{id}/duplicates', {
          params: { path: { id: victimId } },
        }),
      ).items,
    enabled,
    staleTime: 30_000,
  });
}

/**
 * A victim's possible duplicates, in the victims table: how many wait for a decision, opening
 * the dialog that shows and decides them. Small cases are checked as the page opens; in a case of
 * hundreds of victims (a rescue) each is checked when asked, not all at once.
 */
export function DuplicatesCell({
  victim,
  checkAtOnce,
  canDecide,
  caseRef,
}: {
  victim: Victim;
  checkAtOnce: boolean;
  canDecide: boolean;
  caseRef: string;
}) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(checkAtOnce);
  const [open, setOpen] = useState(false);
  const flags = useDuplicates(victim.id, asked);
  if (!asked)
    return (
      <Button
        size="xs"
        variant="default"
        aria-label={t('search.duplicates.checkFor', { name: victim.fullName })}
        onClick={() => setAsked(true)}
      >
        {t('search.duplicates.check')}
      </Button>
    );
  if (flags.isPending) return <Text size="sm">{t('search.duplicates.loading')}</Text>;
  if (flags.isError) return <Text size="sm">{t('search.duplicates.failed')}</Text>;
  if (flags.data.length === 0) return <Text size="sm">{t('search.duplicates.none')}</Text>;
  const waiting = flags.data.filter((flag) => flag.status === 'open').length;
  return (
    <>
      <Button
        size="xs"
        variant={waiting > 0 ? 'filled' : 'default'}
        color={waiting > 0 ? 'red.9' : undefined}
        aria-label={`${t('search.duplicates.openFor', { name: victim.fullName })}: ${
          waiting > 0
            ? t('search.duplicates.open', { count: waiting })
            : t('search.duplicates.decided', { count: flags.data.length })
        }`}
        onClick={() => setOpen(true)}
      >
        {waiting > 0
          ? t('search.duplicates.open', { count: waiting })
          : t('search.duplicates.decided', { count: flags.data.length })}
      </Button>
      {open && (
        <DuplicatesDialog
          victim={victim}
          flags={flags.data}
          canDecide={canDecide}
          caseRef={caseRef}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function DuplicatesDialog({
  victim,
  flags,
  canDecide,
  caseRef,
  onClose,
}: {
  victim: Victim;
  flags: Flag[];
  canDecide: boolean;
  caseRef: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const regionPath = useRegionPaths(flags.map((flag) => flag.match.originRegionCode));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: duplicatesKey(victim.id) }),
      // A link changes the victim's person, which the case's history shows.
      queryClient.invalidateQueries({ queryKey: ['case', caseRef] }),
    ]);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('search.duplicates.title', { name: victim.fullName })}
      size="xl"
      closeButtonProps={{ 'aria-label': t('search.duplicates.close') }}
    >
      <Stack>
        <Text size="sm">{t('search.duplicates.intro')}</Text>
        {notice && (
          <Alert color="green" role="status">
            {notice}
          </Alert>
        )}
        {flags.map((flag, index) => (
          <FlagCard
            key={flag.id}
            flag={flag}
            index={index + 1}
            canDecide={canDecide}
            regionPath={regionPath}
            onDecided={async (message) => {
              setNotice(message);
              await refresh();
            }}
          />
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('search.duplicates.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function FlagCard({
  flag,
  index,
  canDecide,
  regionPath,
  onDecided,
}: {
  flag: Flag;
  index: number;
  canDecide: boolean;
  regionPath: (code: string) => string;
  onDecided: (message: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'link' | 'dismiss' | null>(null);
  const match = flag.match;
  const headingId = `duplicate-flag-${flag.id}`;

  const decide = async (action: 'link' | 'dismiss') => {
    setProblem(null);
    setBusy(action);
    const body = comment.trim() ? { comment: comment.trim() } : {};
    const path = { params: { path: { id: flag.id } }, body };
    const { error, response } =
      action === 'link'
        ? await api.POST('/api/v1/duplicate-flags/{id}/link', path)
        : await api.POST('/api/v1/duplicate-flags/{id}/dismiss', path);
    setBusy(null);
    if (response.ok)
      return onDecided(
        action === 'link' ? t('search.duplicates.linked') : t('search.duplicates.dismissed'),
      );
    const code = (error as ApiErrorBody | undefined)?.code;
    if (code === 'DUPLICATE_FLAG.ALREADY_DECIDED') {
      await onDecided(t('search.duplicates.alreadyDecided'));
      return;
    }
    setProblem(
      response.status === 403
        ? t('search.duplicates.readOnly')
        : t('search.duplicates.decideFailed'),
    );
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700} id={headingId}>
            {t('search.duplicates.flag', { index })}
          </Text>
          <Badge variant={flag.status === 'open' ? 'filled' : 'outline'} color="dark" tt="none">
            {t(`values.duplicateStatus.${flag.status}`)}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0}>
          <Fact label={t('search.duplicates.reason')}>
            {t(`values.duplicateReason.${flag.reason}`)}
          </Fact>
          <Fact label={t('search.duplicates.score')}>
            {new Intl.NumberFormat(localeOf(i18n.language), { style: 'percent' }).format(
              flag.score,
            )}
          </Fact>
          {match.visible && (
            <>
              <Fact label={t('search.duplicates.otherName')}>{match.fullName}</Fact>
              <Fact label={t('search.duplicates.born')}>
                {match.dateOfBirth && formatDate(match.dateOfBirth, i18n.language)}
              </Fact>
              <Fact label={t('search.duplicates.origin')}>
                {match.originRegionCode && regionPath(match.originRegionCode)}
              </Fact>
              {match.nikMasked !== undefined && (
                <Fact label={t('search.duplicates.nik')}>{match.nikMasked}</Fact>
              )}
            </>
          )}
          <Fact label={t('search.duplicates.case')}>
            {match.visible ? (
              <Anchor component={Link} to={`/cases/${match.caseNumber}`} ff="monospace">
                {match.caseNumber}
              </Anchor>
            ) : (
              <Text component="span" ff="monospace">
                {match.caseNumber}
              </Text>
            )}
          </Fact>
          <Fact label={t('search.duplicates.agency')}>{match.agency.name}</Fact>
        </SimpleGrid>
        {!match.visible && (
          <Text size="sm">
            {t('search.duplicates.hidden', {
              agency: match.agency.name,
              caseNumber: match.caseNumber,
            })}
          </Text>
        )}
        {flag.status !== 'open' && (
          <Text size="sm">
            {flag.decidedByYourAgency === false
              ? t('search.duplicates.decidedElsewhere')
              : flag.decidedAt &&
                t('search.duplicates.decidedAt', {
                  when: formatDateTime(flag.decidedAt, i18n.language, timeZone),
                })}
            {flag.comment && ` ${t('search.duplicates.yourComment', { comment: flag.comment })}`}
          </Text>
        )}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        {flag.status === 'open' && canDecide && (
          <Stack gap="xs">
            <Textarea
              label={t('search.duplicates.comment')}
              description={t('search.duplicates.commentHint')}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              maxLength={2000}
              autosize
              minRows={2}
            />
            <Group>
              <Button
                loading={busy === 'link'}
                disabled={busy !== null}
                onClick={() => void decide('link')}
              >
                {t('search.duplicates.link')}
              </Button>
              <Button
                variant="default"
                loading={busy === 'dismiss'}
                disabled={busy !== null}
                onClick={() => void decide('dismiss')}
              >
                {t('search.duplicates.dismiss')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
