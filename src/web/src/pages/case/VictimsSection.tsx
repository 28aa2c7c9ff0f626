import { Alert, Button, Group, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { Fact, Section } from '../../components/Section';
import { ColumnHeadings } from '../../components/TableParts';
import { useSession } from '../../session/session';
import { maySearchByIdentity } from '../search/roles';
import { DuplicatesCell } from './VictimDuplicates';

/** Up to this many victims, each is checked for duplicates as the page opens; past it, on asking. */
const DUPLICATES_CHECKED_AT_ONCE = 30;

type Victim = Schemas['VictimResponseDto'];

/**
 * A victim's full identifiers, read on purpose: the reader confirms first, knowing the reading
 * goes into the case history under their name (the API audits it), and the answer is shown in a
 * dialog that is not kept once closed.
 */
function IdentityDialog({ victim, onClose }: { victim: Victim; onClose: () => void }) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const identity = useQuery({
    queryKey: ['victim-identity', victim.id],
    queryFn: async () =>
      data(await api.GET('/api/v1/victims/{id}/identity', { params: { path: { id: victim.id } } })),
    enabled: confirmed,
    // Read once per opening and forgotten afterwards: nothing of it stays in the cache.
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('caseWork.identity.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('caseWork.identity.close') }}
    >
      <Stack>
        <Text fw={700}>{victim.fullName}</Text>
        {!confirmed && (
          <>
            <Alert color="yellow">{t('caseWork.identity.warning')}</Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('caseWork.identity.cancel')}
              </Button>
              <Button onClick={() => setConfirmed(true)}>{t('caseWork.identity.confirm')}</Button>
            </Group>
          </>
        )}
        {identity.isError && (
          <Alert color="red" role="alert">
            {t('caseWork.identity.failed')}
          </Alert>
        )}
        {identity.data && (
          <>
            <Stack component="dl" m={0} gap="sm">
              <Fact label={t('caseWork.identity.nik')}>{identity.data.nik}</Fact>
              <Fact label={t('caseWork.identity.passport')}>{identity.data.passportNumber}</Fact>
              <Fact label={t('caseWork.identity.phone')}>{identity.data.phone}</Fact>
              <Fact label={t('caseWork.identity.street')}>{identity.data.originStreet}</Fact>
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('caseWork.identity.close')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function FamilyTable({ victim }: { victim: Victim }) {
  const { t } = useTranslation();
  const members = victim.familyMembers ?? [];
  const yesNo = (value: boolean) => (value ? t('caseWork.family.yes') : t('caseWork.family.no'));
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('caseWork.family.of', { name: victim.fullName })}
      </Title>
      {members.length === 0 ? (
        <Text size="sm">{t('caseWork.family.none')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table withTableBorder miw={640}>
            <ColumnHeadings
              labels={[
                t('caseView.name'),
                t('caseWork.family.relation'),
                t('caseView.age'),
                t('caseWork.family.alive'),
                t('caseWork.family.primaryContact'),
                t('caseWork.family.consent'),
              ]}
            />
            <Table.Tbody>
              {members.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Th scope="row">{member.fullName}</Table.Th>
                  <Table.Td>{t(`values.familyRelation.${member.relation}`)}</Table.Td>
                  <Table.Td>
                    {member.age === null
                      ? t('caseView.notRecorded')
                      : t('caseView.ageYears', { count: member.age })}
                  </Table.Td>
                  <Table.Td>
                    {member.alive ? t('caseWork.family.living') : t('caseWork.family.deceased')}
                  </Table.Td>
                  <Table.Td>{yesNo(member.primaryContact)}</Table.Td>
                  <Table.Td>{yesNo(member.consentToContact)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

/** The victims (identifiers masked per role), their families, and the deliberate identity reading. */
export function VictimsSection({
  victims,
  regionPath,
  canRevealIdentity,
  canEdit,
  caseRef,
}: {
  victims: Victim[];
  regionPath: (code: string | null) => string | null;
  canRevealIdentity: boolean;
  canEdit: boolean;
  caseRef: string;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  // Viewers never learn that an identity matches another record (the API refuses them too).
  const showsDuplicates = maySearchByIdentity(session?.user.role);
  const [revealing, setRevealing] = useState<Victim | null>(null);
  const age = (victim: Victim) =>
    victim.estimatedAge === null ? null : t('caseView.ageYears', { count: victim.estimatedAge });
  if (victims.length === 0)
    return (
      <Section title={t('caseView.victims')}>
        <Text>{t('caseView.none')}</Text>
      </Section>
    );
  return (
    <Section title={t('caseView.victims')}>
      {/* Wider than a laptop's screen: the keyboard must reach it to scroll it sideways. */}
      <ScrollArea type="auto" viewportProps={{ tabIndex: 0 }}>
        <Table withTableBorder miw={1040}>
          <ColumnHeadings
            labels={[
              t('caseView.name'),
              t('caseView.gender'),
              t('caseView.age'),
              t('caseView.situation'),
              t('caseView.origin'),
              t('caseView.nik'),
              t('caseView.migrationChannel'),
              t('caseView.traffickingStatus'),
              ...(showsDuplicates ? [t('search.duplicates.column')] : []),
              ...(canRevealIdentity ? [t('caseWork.identity.title')] : []),
            ]}
          />
          <Table.Tbody>
            {victims.map((victim) => (
              <Table.Tr key={victim.id}>
                <Table.Th scope="row">{victim.fullName}</Table.Th>
                <Table.Td>{t(`values.gender.${victim.gender}`)}</Table.Td>
                <Table.Td>{age(victim) ?? t('caseView.notRecorded')}</Table.Td>
                <Table.Td>{t(`values.currentSituation.${victim.currentSituation}`)}</Table.Td>
                <Table.Td>
                  {regionPath(victim.originRegionCode) ?? t('caseView.notRecorded')}
                </Table.Td>
                <Table.Td ff={victim.nikMasked ? 'monospace' : undefined}>
                  {victim.nikMasked === undefined
                    ? t('caseView.hiddenForRole')
                    : (victim.nikMasked ?? t('caseView.notRecorded'))}
                </Table.Td>
                <Table.Td>{t(`values.migrationChannel.${victim.migrationChannel}`)}</Table.Td>
                <Table.Td>{t(`values.traffickingStatus.${victim.traffickingStatus}`)}</Table.Td>
                {showsDuplicates && (
                  <Table.Td>
                    <DuplicatesCell
                      victim={victim}
                      checkAtOnce={victims.length <= DUPLICATES_CHECKED_AT_ONCE}
                      canDecide={canEdit}
                      caseRef={caseRef}
                    />
                  </Table.Td>
                )}
                {canRevealIdentity && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('caseWork.identity.reveal', { name: victim.fullName })}
                      onClick={() => setRevealing(victim)}
                    >
                      {t('caseWork.identity.revealShort')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {victims.map((victim) => (
        <FamilyTable key={victim.id} victim={victim} />
      ))}
      {revealing && <IdentityDialog victim={revealing} onClose={() => setRevealing(null)} />}
    </Section>
  );
}
