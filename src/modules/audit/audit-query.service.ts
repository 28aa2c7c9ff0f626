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
    const first = await this.events.findOne({
      where: { entityType: query.entity, entityId: query.id },
      order: { id: 'ASC' },
    });
    if (!first) throw new AuditTrailNotFoundError();
    if (actor.role === UserRole.Supervisor) {
      // A supervisor reads the trails of their own agency's cases only; anything else looks absent.
      const caseId = first.caseId;
      const owner = caseId
        ? await this.cases.findOne({ where: { id: caseId }, select: { owningAgencyId: true } })
        : null;
      if (!owner || owner.owningAgencyId !== actor.agencyId) throw new AuditTrailNotFoundError();
    }
    const events = await this.events
      .createQueryBuilder('e')
      .where('e.entity_type = :type AND e.entity_id = :id', { type: query.entity, id: query.id })
      .andWhere(query.after ? 'e.id > :after' : 'TRUE', { after: query.after })
      .orderBy('e.id', 'ASC')
      .limit(query.limit)
      .getMany();
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
