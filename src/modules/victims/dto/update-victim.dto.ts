import { PartialType } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { VictimFieldsDto } from './victim-input.dto';

export class UpdateVictimDto extends PartialType(VictimFieldsDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

export class LinkSamePersonDto {
  /** A victim record in another case that is the same person. */
  @IsUUID()
  otherVictimId!: string;
}
