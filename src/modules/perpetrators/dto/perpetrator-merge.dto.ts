import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** `POST /perpetrators/:id/merge`: the record in the path stays; `duplicateId` goes into it. */
export class MergePerpetratorsDto {
  /** The record that goes: its links, aliases, phones and handles move to the one that stays. */
  @IsUUID()
  duplicateId!: string;

  /** The `version` you read of the record that stays. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  /** The `version` you read of the duplicate. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  duplicateVersion!: number;
}
