import { IntegerQuery } from '../../../common/http/integer-query';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export const AUDITED_ENTITIES = [
  'case',
  'victim',
  'family_member',
  'perpetrator',
  'case_note',
] as const;

export class AuditQueryDto {
  @IsIn(AUDITED_ENTITIES)
  entity!: (typeof AUDITED_ENTITIES)[number];

  @IsUUID()
  id!: string;

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
  changes!: Record<string, unknown> | null;
}
