import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, ErrorKind } from '../../common/errors/app-error';
import { masked } from '../../common/identity/identity-numbers';
import { AuditService, REDACTED } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseReadOnlyError } from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
import { ReadableRecords } from '../cases/readable-records';
import { UserRole } from '../users/user-role';
import { VictimsRepository } from '../victims/victims.repository';
import { VictimsService } from '../victims/victims.service';
import { DUPLICATE_FLAG_AUDIT_TYPE } from './duplicate-checks';
import { FlagStatus } from './duplicate-flag.enums';
import { DuplicateFlagsRepository, type FlagViewRow } from './duplicate-flags.repository';
import { DecideDuplicateFlagDto, DuplicateFlagDto } from './dto/duplicate-flag.dto';
import { DuplicateFlagDecidedError, DuplicateFlagNotFoundError } from './duplicates.errors';

/** Viewers read cases but never learn that an identity matches another record. */
export class DuplicatesNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'DUPLICATE_FLAG.NOT_ALLOWED',
      'Peran Anda tidak boleh melihat kemungkinan duplikat korban. / ' +
        'Your role may not see possible duplicates of victims.',
    );
  }
}

/**
 * Possible duplicates of victims, as their readers see them, and the decisions on them. A flag
 * joins two victims, maybe of two agencies: each side reads it from its own victim, sees the
 * other record only if it may read that case (otherwise the agency and case number alone), and
 * may decide it if it may change its own victim's case. Linking makes the decider's victim take
 * the other record's personId ("same person"); dismissing records that they are not. Decisions
 * are kept and audited; a decided flag is never reopened by a later check.
 */
@Injectable()
export class DuplicateFlagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly flags: DuplicateFlagsRepository,
    private readonly readable: ReadableRecords,
    private readonly victims: VictimsRepository,
    private readonly victimRecords: VictimsService,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
  ) {}

  async listForVictim(actor: AuthenticatedUser, victimId: string): Promise<DuplicateFlagDto[]> {
    await this.readable.victimFor(actor, victimId);
    if (!CaseAccess.maySearchByIdentity(actor)) throw new DuplicatesNotAllowedError();
    const rows = await this.flags.flagsOf(victimId);
    return rows.map((row) => this.present(actor, victimId, row));
  }

  async decide(
    actor: AuthenticatedUser,
    flagId: string,
    status: FlagStatus.Linked | FlagStatus.Dismissed,
    dto: DecideDuplicateFlagDto,
  ): Promise<DuplicateFlagDto> {
    const flag = await this.flags.findById(flagId);
    if (!flag) throw new DuplicateFlagNotFoundError();
    const sides = await Promise.all(
      [flag.victim_id, flag.candidate_victim_id].map(async (id) => {
        const victim = await this.victims.findById(id);
        const record = victim ? await this.cases.findById(victim.caseId) : null;
        return victim && record ? { victim, record } : null;
      }),
    );
    const readable = sides.filter(
      (side): side is NonNullable<typeof side> =>
        side !== null && CaseAccess.canRead(actor, side.record),
    );
    if (readable.length === 0 || !CaseAccess.maySearchByIdentity(actor))
      throw new DuplicateFlagNotFoundError();
    // The side whose victim changes on a link: the flagged victim when the caller may change both.
    const mine = readable.find((side) => CaseAccess.canWrite(actor, side.record));
    if (!mine) throw new CaseReadOnlyError();
    const otherId = mine.victim.id === flag.victim_id ? flag.candidate_victim_id : flag.victim_id;
    const comment = dto.comment ?? null;

    await this.dataSource.transaction(async (manager) => {
      const current = await this.flags.findById(flagId, manager);
      if (!current) throw new DuplicateFlagNotFoundError();
      if (current.status !== FlagStatus.Open) throw new DuplicateFlagDecidedError(current.status);
      if (status === FlagStatus.Linked) {
        const other = await this.victims.findById(otherId, manager);
        if (!other) throw new DuplicateFlagNotFoundError();
        await this.victimRecords.adoptPerson(manager, actor, mine.victim.id, other.personId, {
          duplicateFlagId: flagId,
        });
      }
      const decided = await this.flags.decide(
        flagId,
        { status, decidedBy: actor.id, decidedByAgencyId: actor.agencyId, comment },
        manager,
      );
      if (!decided) throw new DuplicateFlagDecidedError('decided meanwhile');
      await this.audit.record(manager, actor, {
        action: `victim_duplicate_flag.${status}`,
        entityType: DUPLICATE_FLAG_AUDIT_TYPE,
        entityId: flagId,
        caseId: mine.record.id,
        changes: {
          victimId: mine.victim.id,
          status: { from: FlagStatus.Open, to: status },
          reason: current.reason,
          score: current.score,
          comment: comment === null ? null : REDACTED,
        },
        // The comment is the deciding staff's own words: their case's readers see it.
        restrictedChanges: comment === null ? null : { comment },
      });
    });
    const view = (await this.flags.flagsOf(mine.victim.id)).find((row) => row.id === flagId);
    if (!view) throw new DuplicateFlagNotFoundError();
    return this.present(actor, mine.victim.id, view);
  }

  private present(actor: AuthenticatedUser, victimId: string, row: FlagViewRow): DuplicateFlagDto {
    const visible = CaseAccess.canRead(actor, { owningAgencyId: row.other_agency_id });
    const ours = actor.role === UserRole.Admin || row.decided_by_agency_id === actor.agencyId;
    const match: DuplicateFlagDto['match'] = {
      visible,
      victimId: visible ? row.other_victim_id : null,
      fullName: visible ? row.other_full_name : null,
      dateOfBirth: visible ? row.other_date_of_birth : null,
      originRegionCode: visible ? row.other_origin_region_code : null,
      caseId: visible ? row.other_case_id : null,
      caseNumber: row.other_case_number,
      agency: { id: row.other_agency_id, name: row.other_agency_name },
    };
    if (visible && CaseAccess.seesMaskedIdentifiers(actor))
      match.nikMasked = masked(row.other_nik_last4);
    return {
      id: row.id,
      victimId,
      reason: row.reason,
      score: row.score,
      status: row.status,
      decidedAt: row.decided_at,
      decidedByYourAgency:
        row.decided_by_agency_id === null ? null : row.decided_by_agency_id === actor.agencyId,
      decidedBy: ours ? row.decided_by : null,
      comment: ours ? row.comment : null,
      version: row.version,
      createdAt: row.created_at,
      match,
    };
  }
}
