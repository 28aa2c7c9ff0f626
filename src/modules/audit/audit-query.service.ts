import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError, ErrorKind, ForbiddenError } from '../../common/errors/app-error';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Case } from '../cases/case.entity';
import { UserRole } from '../users/user-role';
import { AuditEvent } from './audit-event.entity';
import { AuditEventResponseDto, AuditQueryDto } from './dto/audit.dto';

class AuditTrailNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'AUDIT.NOT_FOUND', 'No audit trail for this record');
  }
}

@Injectable()
export class AuditQueryService {
  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    @InjectRepository(Case) private readonly cases: Repository<Case>,
  ) {}

  async forEntity(
    actor: AuthenticatedUser,
    query: AuditQueryDto,
  ): Promise<AuditEventResponseDto[]> {
    if (actor.role !== UserRole.Admin && actor.role !== UserRole.Supervisor)
      throw new ForbiddenError();
    const events = await this.events.find({
      where: { entityType: query.entity, entityId: query.id },
      order: { id: 'ASC' },
      take: 1000,
    });
    if (events.length === 0) throw new AuditTrailNotFoundError();
    if (actor.role === UserRole.Supervisor) {
      // A supervisor reads the trails of their own agency's cases only; anything else looks absent.
      const caseId = events.find((e) => e.caseId !== null)?.caseId;
      const owner = caseId
        ? await this.cases.findOne({ where: { id: caseId }, select: { owningAgencyId: true } })
        : null;
      if (!owner || owner.owningAgencyId !== actor.agencyId) throw new AuditTrailNotFoundError();
    }
    return events.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt,
      actorId: e.actorId,
      actorRole: e.actorRole,
      requestId: e.requestId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      caseId: e.caseId,
      changes: e.changes,
    }));
  }
}
