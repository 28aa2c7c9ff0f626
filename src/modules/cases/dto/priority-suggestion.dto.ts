import { PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { VictimFieldsDto } from '../../victims/dto/victim-input.dto';
import { CasePriority } from '../case.enums';
import { PriorityReason } from '../case-priority';
import { CaseFieldsDto } from './create-case.dto';

/** What the priority rule reads of a victim: no name and no identifier. */
export class PriorityFactsVictimDto extends PickType(VictimFieldsDto, [
  'currentSituation',
  'dateOfBirth',
  'estimatedAge',
  'recruitmentDate',
] as const) {}

/** The facts of a case being written, before it exists. */
export class PrioritySuggestionRequestDto extends PickType(CaseFieldsDto, [
  'incidentType',
  'incidentDate',
] as const) {
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PriorityFactsVictimDto)
  victims?: PriorityFactsVictimDto[];
}

export class PrioritySuggestionResponseDto {
  /** The priority the case will be given unless someone overrides it with a reason. */
  priority!: CasePriority;

  /** Every fact that raises it, most serious first; empty for `normal`. */
  reasons!: PriorityReason[];
}
