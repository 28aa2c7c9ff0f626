import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { judgeTransition } from '../cases/case-workflow';
import { CaseStatus } from '../cases/case.enums';
import { CasesRepository } from '../cases/cases.repository';
import { lockAndJudge, resolveCaseRefs } from './bulk-case-refs';
import { BulkRefusal } from './case-moves.errors';
import { BulkCaseResultDto, ClosureDecision, ClosureDecisionsDto } from './dto/case-moves.dto';

const TARGET: Record<ClosureDecision, CaseStatus> = {
  [ClosureDecision.Approve]: CaseStatus.Closed,
  [ClosureDecision.SendBack]: CaseStatus.InAssistance,
};

@Injectable()
export class ClosureDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * A supervisor's decision on up to 500 cases of the `awaiting_closure_approval` queue, all or
   * nothing: each case must be one the supervisor may change and the workflow must allow the move
   * from where the case is now (judgeTransition, as `POST /cases/:id/transitions` does).
   */
  async decide(actor: AuthenticatedUser, dto: ClosureDecisionsDto): Promise<BulkCaseResultDto[]> {
    if (!CaseAccess.isSupervisor(actor))
      throw new ForbiddenError(
        'Hanya kepala seksi yang memutuskan penutupan kasus / Only a supervisor decides on closing cases',
      );
    if (dto.decision === ClosureDecision.SendBack && !dto.comment)
      throw ValidationFailedError.forField('comment', 'comment is required to send cases back');
    const to = TARGET[dto.decision];
    const refs = await resolveCaseRefs(this.cases, dto.caseIds);
    return this.dataSource.transaction(async (manager) => {
      const cases = await lockAndJudge(this.cases, refs, dto.caseIds, manager, (record) => {
        if (!record || !CaseAccess.canRead(actor, record)) return BulkRefusal.NotFound;
        if (!CaseAccess.canWrite(actor, record)) return BulkRefusal.NotAllowed;
        // Only cases waiting for this decision: approving a case from `open` is not a decision
        // on a request, even where the workflow would allow a supervisor that move.
        if (record.status !== CaseStatus.ClosureRequested) return BulkRefusal.NotAwaitingClosure;
        if (!judgeTransition(record.status, to, true).allowed)
          return BulkRefusal.NotAwaitingClosure;
        return null;
      });
      const versions = await this.cases.updateLocked(
        cases.map((c) => c.id),
        { status: to },
        manager,
      );
      // The entry a single transition writes, so the timeline reads it the same way.
      await this.audit.recordMany(
        manager,
        actor,
        cases.map((c) => ({
          action: 'case.transitioned',
          entityType: 'case',
          entityId: c.id,
          caseId: c.id,
          changes: {
            status: { from: c.status, to },
            reason: dto.comment ?? null,
            decision: dto.decision,
            bulk: true,
          },
        })),
      );
      return cases.map((c) => ({
        caseId: c.id,
        caseNumber: c.caseNumber,
        status: to,
        assignedCaseworkerId: c.assignedCaseworkerId,
        version: versions.get(c.id)!,
        changed: true,
      }));
    });
  }
}
