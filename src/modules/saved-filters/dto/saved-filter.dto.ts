import { PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';
import { ListCasesQueryDto } from '../../queues/dto/list-cases-query.dto';
import { QUEUES, QueueName } from '../../queues/queue-definitions';

/** The named queues of cases a saved filter may narrow (not those of referrals or transfers). */
const CASE_QUEUE_NAMES = QUEUES.map((queue) => queue.name);

/**
 * What a saved filter keeps: the case list's filters and order, as `GET /cases` takes them, and
 * optionally the named queue they narrow. Never the free-text `q` (a title can carry a victim's
 * name), the page size or a cursor.
 */
export class SavedFilterQueryDto extends PickType(ListCasesQueryDto, [
  'status',
  'priority',
  'assignment',
  'assignedCaseworkerId',
  'originRegion',
  'exploitationCountry',
  'incidentType',
  'exploitationType',
  'overdue',
  'inactiveDays',
  'createdFrom',
  'createdTo',
  'incidentFrom',
  'incidentTo',
  'tag',
  'sort',
] as const) {
  /** The named queue (`GET /queues`) the filters narrow; its own filters take precedence. */
  @IsOptional()
  @IsIn(CASE_QUEUE_NAMES)
  queue?: QueueName;
}

export class SaveFilterDto {
  /** Unique among the caller's saved filters, whatever its letters' case. */
  @Trim()
  @IsString()
  @Length(1, 80)
  name!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => SavedFilterQueryDto)
  query!: SavedFilterQueryDto;
}

export class SavedFilterDto {
  id!: string;
  name!: string;
  query!: SavedFilterQueryDto;
  createdAt!: Date;
}
