import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError, ErrorKind, ValidationFailedError } from '../../common/errors/app-error';
import { type AuthenticatedUser, requireRole } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { AuditEvent } from './audit-event.entity';
import { AuditReadPolicies } from './audit-read-policies';
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
    private readonly policies: AuditReadPolicies,
  ) {}

  /**
   * The entries of one record (or of every record of one kind) that the caller may read, oldest
   * first. Each entry is judged on its own, in the query, so a page holds every readable entry
   * after the cursor and nothing else.
   */
  async list(actor: AuthenticatedUser, query: AuditQueryDto): Promise<AuditEventResponseDto[]> {
    requireRole(actor, UserRole.Admin, UserRole.Supervisor);
    if (!this.policies.knows(query.entity)) {
      throw ValidationFailedError.forField(
        'entity',
        `entity must be one of: ${this.policies.entityTypes().join(', ')}`,
      );
    }
    const scope = this.policies.conditionFor(actor, query.entity);
    const builder = this.events
      .createQueryBuilder('e')
      .where('e.entity_type = :auditEntityType', { auditEntityType: query.entity })
      .andWhere(scope.sql, scope.params)
      .orderBy('e.id', 'ASC')
      .limit(query.limit);
    if (query.id) builder.andWhere('e.entity_id = :auditEntityId', { auditEntityId: query.id });
    if (query.after) builder.andWhere('e.id > :auditAfter', { auditAfter: query.after });
    const events = await builder.getMany();
    // A record with no entry the caller may read looks like a record with no trail at all.
    if (query.id && events.length === 0 && !query.after) throw new AuditTrailNotFoundError();
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
      agencyId: e.agencyId,
      changes: e.changes,
    }));
  }
}
