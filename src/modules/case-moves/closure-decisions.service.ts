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
import { resolveCaseRefs } from './bulk-case-refs';
import { BulkCasesRefusedError, BulkRefusal, type RefusedCase } from './case-moves.errors';
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
      const locked = new Map(
        (await this.cases.lockManyInIdOrder(refs.distinct, manager)).map((c) => [c.id, c]),
      );
      const refused: RefusedCase[] = [...refs.refused];
      refs.ids.forEach((id, index) => {
        if (id === null) return;
        const record = locked.get(id);
        const refuse = (reason: BulkRefusal) =>
          refused.push({ index, caseRef: dto.caseIds[index], reason });
        if (!record || !CaseAccess.canRead(actor, record)) return refuse(BulkRefusal.NotFound);
        if (!CaseAccess.canWrite(actor, record)) return refuse(BulkRefusal.NotAllowed);
        // Only cases waiting for this decision: approving a case from `open` is not a decision
        // on a request, even where the workflow would allow a supervisor that move.
        if (record.status !== CaseStatus.ClosureRequested)
          return refuse(BulkRefusal.NotAwaitingClosure);
        if (!judgeTransition(record.status, to, true).allowed)
          return refuse(BulkRefusal.NotAwaitingClosure);
      });
      if (refused.length > 0)
        throw new BulkCasesRefusedError(refused.sort((a, b) => a.index - b.index));

      const cases = refs.ids.map((id) => locked.get(id!)!);
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
