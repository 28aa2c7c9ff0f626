import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BooleanQuery } from '../../../common/http/boolean-query';
import { PaginationQueryDto } from '../../../common/http/pagination.dto';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { IsOffsetDateTime } from '../../../common/validation/offset-date-time';

export class CreateTaskDto {
  /** What to do, for the assignee ("call Janah about the repatriation papers"). */
  @Trim()
  @IsString()
  @Length(1, 300)
  title!: string;

  /** When it is due, with its offset: `2025-06-02T09:00:00+07:00`. The reminder goes out then. */
  @IsOffsetDateTime()
  dueAt!: string;

  /** An active caseworker or supervisor of the case's agency; you, when left out. */
  @IsOmittable()
  @IsUUID()
  assigneeId?: string;
}

/** Omitted fields stay as they are. */
export class UpdateTaskDto {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 300)
  title?: string;

  /** Moving the due date moves the reminder. */
  @IsOmittable()
  @IsOffsetDateTime()
  dueAt?: string;

  @IsOmittable()
  @IsUUID()
  assigneeId?: string;

  /** true marks the task done (its reminder is cancelled); false reopens it. */
  @IsOmittable()
  @IsBoolean()
  done?: boolean;
}

export class ListTasksQueryDto extends PaginationQueryDto {
  /** true: only open tasks; false: only done ones; left out: all. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  open?: boolean;
}
