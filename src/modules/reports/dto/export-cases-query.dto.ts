import { OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListCasesQueryDto } from '../../queues/dto/list-cases-query.dto';
import { QueueName, QUEUES } from '../../queues/queue-definitions';
import { CsvLanguage } from './summary-query.dto';

/**
 * Parameters of `GET /api/v1/cases/export.csv`: the case list's filters and order (every row, no
 * pages), optionally one of the caller's named queues, and the CSV's language.
 */
export class ExportCasesQueryDto extends OmitType(ListCasesQueryDto, ['cursor', 'limit'] as const) {
  /**
   * One of the caller's named case queues; its filters take the place of the same ones given
   * here. (Incoming referrals are referrals, not cases: they have no export here.)
   */
  @IsOptional()
  @IsIn(QUEUES.map((queue) => queue.name))
  queue?: QueueName;

  /** Header and labels in Bahasa Indonesia (default) or English. */
  @IsOptional()
  @IsIn(Object.values(CsvLanguage))
  lang: CsvLanguage = CsvLanguage.Indonesian;
}
