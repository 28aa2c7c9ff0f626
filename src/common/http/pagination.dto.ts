import { IntegerQuery } from './integer-query';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PaginationQueryDto {
  /** How many items to return (1-100). */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** How many items to skip. */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Shapes one page of rows for a response, converting each row with `toDto`. */
export function toPage<Row, Dto>(
  rows: { items: Row[]; total: number },
  query: PaginationQueryDto,
  toDto: (row: Row) => Dto,
): Page<Dto> {
  return {
    items: rows.items.map(toDto),
    total: rows.total,
    limit: query.limit,
    offset: query.offset,
  };
}
