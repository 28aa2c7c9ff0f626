import { IntegerQuery } from '../../../common/http/integer-query';
import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';
import { CaseStatus } from '../case.enums';

export class CaseTransitionDto {
  @IsEnum(CaseStatus)
  to!: CaseStatus;

  /** Why: kept on the timeline. */
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason!: string;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

export class CreateNoteDto {
  @Trim()
  @IsString()
  @Length(1, 20000)
  body!: string;
}

export class TimelineQueryDto {
  /** Entries after this one (the `id` of the last entry of the previous page). */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be the id of a timeline entry' })
  after?: string;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 500;
}
