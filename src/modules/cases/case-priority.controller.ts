import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { minorAtRecruitment, explainPriority } from './case-priority';
import {
  PrioritySuggestionRequestDto,
  PrioritySuggestionResponseDto,
} from './dto/priority-suggestion.dto';

/**
 * The priority rule, asked while a case is still being written, so the intake form can say what
 * priority the case will get and why before anything is saved. It reads no stored data and
 * returns nothing about anyone, so every signed-in role may ask.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasePriorityController {
  /** The suggested priority for these facts and every fact that raises it. Writes nothing. */
  @ApiRoute('suggestCasePriority')
  @Post('priority-suggestion')
  @HttpCode(200)
  suggest(@Body() dto: PrioritySuggestionRequestDto): PrioritySuggestionResponseDto {
    return explainPriority({
      incidentType: dto.incidentType,
      victims: (dto.victims ?? []).map((victim) => ({
        currentSituation: victim.currentSituation,
        minorAtRecruitment: minorAtRecruitment({
          dateOfBirth: victim.dateOfBirth ?? null,
          estimatedAge: victim.estimatedAge ?? null,
          recruitmentDate: victim.recruitmentDate ?? dto.incidentDate ?? null,
        }),
      })),
    });
  }
}
