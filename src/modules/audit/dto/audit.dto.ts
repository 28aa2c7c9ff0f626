import { IntegerQuery } from '../../../common/http/integer-query';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  /** The kind of record (`case`, `victim`, `user`, `agency`, ...); an unknown kind answers 400. */
  @Matches(/^[a-z][a-z_]{0,39}$/, { message: 'entity must name a kind of audited record' })
  entity!: string;

  /** One record's trail; without it, the trails of every record of the kind you may read. */
  @IsOptional()
  @IsUUID()
  id?: string;

  /** Events after this one (the `id` of the last event of the previous page). */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be the id of an audit event' })
  after?: string;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 500;
}

export class AuditEventResponseDto {
  id!: string;
  occurredAt!: Date;
  actorId!: string | null;
  actorRole!: string | null;
  requestId!: string | null;
  action!: string;
  entityType!: string;
  entityId!: string;
  caseId!: string | null;
  /** For entries about no case: the agency they concern. */
  agencyId!: string | null;
  changes!: Record<string, unknown> | null;
}
