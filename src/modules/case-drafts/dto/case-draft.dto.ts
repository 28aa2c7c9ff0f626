import { IsInt, IsObject, IsString, Length, Max, Min } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';

/** The intake form as its writer left it. */
export class SaveCaseDraftDto {
  /** The case title as typed so far (may be empty), shown in the list of drafts. */
  @Trim()
  @IsString()
  @Length(0, 200)
  title!: string;

  /** The step of the intake the writer is on, to reopen it there. */
  @IsInt()
  @Min(0)
  @Max(20)
  step!: number;

  /** How many victims the form holds so far. */
  @IsInt()
  @Min(0)
  @Max(1000)
  victimCount!: number;

  /**
   * The form's fields, as the web app keeps them (at most 512 KB as JSON). The service stores
   * them encrypted and does not check them: the case is checked when it is created.
   */
  @IsObject()
  content!: Record<string, unknown>;
}

export class CaseDraftSummaryDto {
  id!: string;
  title!: string;
  step!: number;
  victimCount!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export class CaseDraftDto extends CaseDraftSummaryDto {
  content!: Record<string, unknown>;
}
