import { IsIn, IsUUID } from 'class-validator';

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
