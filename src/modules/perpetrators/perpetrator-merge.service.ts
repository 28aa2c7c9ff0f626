import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { describeChanges } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { NotificationWriter } from '../notifications/notification-writer';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import type {
  NotificationDraft,
  ScheduledNotification,
} from '../notifications/notifications.repository';
import { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import { PERSONAL_FIELD } from '../victims/victim-records';
import { MergePerpetratorsDto } from './dto/perpetrator-merge.dto';
import { PerpetratorResponseDto } from './dto/perpetrator-response.dto';
import { Perpetrator } from './perpetrator.entity';
import {
  PerpetratorMergeNotAllowedError,
  PerpetratorMergePendingProposalsError,
  PerpetratorMergedError,
  PerpetratorNotFoundError,
} from './perpetrators.errors';
import { PerpetratorsRepository } from './perpetrators.repository';
import { PERPETRATOR_AUDIT_FIELDS, PerpetratorsService } from './perpetrators.service';

/** Supervisors of each recording agency told of one merge; more would be a mailing list. */
const SUPERVISORS_TOLD = 50;
/** The register's limits on what one record holds (PerpetratorInputDto). */
const MAX_ALIASES = 20;
const MAX_PHONES = 10;
const MAX_HANDLES = 20;

/**
 * Two register records of one recruiter become one. The record in the path stays; the duplicate's
 * case links, name (as an alias), aliases, roles, phones and handles move to it, its company and
 * home region fill what the survivor lacks. The duplicate stays in the register, marked merged:
 * reading it answers where it went (PERPETRATOR.MERGED), and `perpetrator_merges` keeps who
 * merged what and which cases moved.
 *
 * Who may: admins, and a supervisor of the agency that recorded both (the recording agency owns
 * who a perpetrator is); across agencies it is an admin's act. A duplicate with change proposals
 * still waiting is refused until they are decided, so no proposal is left on a record nobody reads.
 */
@Injectable()
export class PerpetratorMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly perpetrators: PerpetratorsService,
    private readonly repository: PerpetratorsRepository,
    private readonly users: UsersRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly notifications: NotificationWriter,
  ) {}

  async merge(
    actor: AuthenticatedUser,
    survivorId: string,
    dto: MergePerpetratorsDto,
  ): Promise<PerpetratorResponseDto> {
    if (dto.duplicateId === survivorId)
      throw ValidationFailedError.forField('duplicateId', 'a record cannot be merged into itself');
    // "Not found" (or where a merged one went) for either record the caller may not see.
    const survivor = (await this.perpetrators.loadReadable(actor, survivorId)).perpetrator;
    const duplicate = (await this.perpetrators.loadReadable(actor, dto.duplicateId)).perpetrator;
    if (!mayMerge(actor, survivor, duplicate)) throw new PerpetratorMergeNotAllowedError();

    const scheduled = await this.dataSource.transaction(async (manager) => {
      const locked = await this.repository.lockPair([survivorId, dto.duplicateId], manager);
      const current = locked.get(survivorId);
      const gone = locked.get(dto.duplicateId);
      if (!current || !gone) throw new PerpetratorNotFoundError();
      // Merged meanwhile by someone else: the same answer a fresh read would give.
      for (const record of [current, gone])
        if (record.mergedIntoId !== null) throw new PerpetratorMergedError(record.mergedIntoId);
      if (current.version !== dto.version)
        throw new VersionConflictError('perpetrator', current.version);
      if (gone.version !== dto.duplicateVersion)
        throw new VersionConflictError('perpetrator', gone.version);
      if (await this.repository.hasPendingProposals(gone.id, manager))
        throw new PerpetratorMergePendingProposalsError();

      const combined = this.combined(current, gone);
      const movedCaseIds = await this.repository.moveLinks(gone.id, current.id, manager);
      const result = await updateIfVersionMatches(
        manager.getRepository(Perpetrator),
        current.id,
        current.version,
        combined,
      );
      if (result.outcome !== 'updated')
        throw new VersionConflictError('perpetrator', current.version);
      await this.repository.markMerged(gone.id, current.id, manager);
      const mergeId = await this.repository.recordMerge(
        {
          survivorId: current.id,
          duplicateId: gone.id,
          survivorAgencyId: current.recordedByAgencyId,
          duplicateAgencyId: gone.recordedByAgencyId,
          movedCaseIds,
          mergedBy: actor.id,
        },
        manager,
      );
      // Every case now linked to the record learns of it, the moved ones with the rest.
      await this.perpetrators.auditOnEveryLinkedCase(
        manager,
        actor,
        current.id,
        'perpetrator.merged',
        {
          ...describeChanges(
            current as unknown as Record<string, unknown>,
            result.row as unknown as Record<string, unknown>,
            PERPETRATOR_AUDIT_FIELDS,
          ),
          mergedPerpetratorId: gone.id,
        },
      );
      return this.tellRecordingAgencies(manager, mergeId, [
        current.recordedByAgencyId,
        gone.recordedByAgencyId,
      ]);
    });
    await this.notifications.dispatchDue(scheduled);
    return this.perpetrators.get(actor, survivorId);
  }

  /** What the record that stays holds once the duplicate is in it. */
  private combined(survivor: Perpetrator, duplicate: Perpetrator): Partial<Perpetrator> {
    const phones = uniqueBy(
      [survivor, duplicate].flatMap((record) =>
        record.phonesEncrypted.map((stored) =>
          this.cipher.decrypt(PERSONAL_FIELD.perpetratorPhone, record.id, stored),
        ),
      ),
      (phone) => phone,
    );
    const sameName = (name: string) => nameKey(name) === nameKey(survivor.fullName);
    const aliases = uniqueBy(
      [...survivor.aliases, duplicate.fullName, ...duplicate.aliases].filter(
        (alias) => !sameName(alias),
      ),
      nameKey,
    );
    const socialHandles = uniqueBy([...survivor.socialHandles, ...duplicate.socialHandles], (h) =>
      h.trim().replace(/^@/, '').toLowerCase(),
    );
    // Nothing of either record is dropped: past what one record keeps, the caller trims first.
    const problems = (
      [
        ['aliases', aliases.length, MAX_ALIASES],
        ['phones', phones.length, MAX_PHONES],
        ['socialHandles', socialHandles.length, MAX_HANDLES],
      ] as const
    )
      .filter(([, count, max]) => count > max)
      .map(([field, count, max]) => ({
        field: 'duplicateId',
        messages: [
          `the two records hold ${count} ${field} together, more than the ${max} one record keeps: remove some from either record first`,
        ],
      }));
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return {
      aliases,
      roles: uniqueBy([...survivor.roles, ...duplicate.roles], (role) => role),
      socialHandles,
      placementCompany: survivor.placementCompany ?? duplicate.placementCompany,
      homeRegionCode: survivor.homeRegionCode ?? duplicate.homeRegionCode,
      // Phones are bound to their record when encrypted: the duplicate's are sealed again for it.
      ...this.perpetrators.phoneColumns(survivor.id, phones),
    };
  }

  private async tellRecordingAgencies(
    manager: EntityManager,
    mergeId: string,
    agencyIds: string[],
  ): Promise<ScheduledNotification[]> {
    const drafts: NotificationDraft[] = [];
    for (const agencyId of new Set(agencyIds)) {
      const { items } = await this.users.list({
        agencyId,
        role: UserRole.Supervisor,
        includeDisabled: false,
        limit: SUPERVISORS_TOLD,
        offset: 0,
      });
      for (const supervisor of items)
        drafts.push({
          kind: NotificationKind.PerpetratorMerged,
          channel: NotificationChannel.Email,
          recipientKind: RecipientKind.User,
          recipientUserId: supervisor.id,
          dedupeKey: `perpetrator_merge:${mergeId}:${supervisor.id}`,
          dueAt: new Date(),
        });
    }
    return drafts.length === 0 ? [] : this.notifications.schedule(manager, drafts);
  }
}

/**
 * Admins; and a supervisor whose agency recorded both records, since the recording agency alone
 * changes who a perpetrator is. Across agencies a merge would let one agency rewrite another's
 * record (or absorb it), so it is an admin's act.
 */
function mayMerge(
  actor: AuthenticatedUser,
  survivor: Perpetrator,
  duplicate: Perpetrator,
): boolean {
  if (actor.role === UserRole.Admin) return true;
  return (
    actor.role === UserRole.Supervisor &&
    actor.agencyId === survivor.recordedByAgencyId &&
    actor.agencyId === duplicate.recordedByAgencyId
  );
}

/** Names compared as people read them: case, spacing and dots aside. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.\s]+/g, ' ')
    .trim();
}

function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
