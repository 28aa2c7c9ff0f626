import { ApiProperty } from '@nestjs/swagger';
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

/**
 * The one shape of every list answer. Lists are paged by offset (`total` and `offset` known),
 * by keyset (`nextCursor`), or given whole; every key is always present, and a key that does not
 * apply to how this list is paged is null rather than a guess.
 */
export class ListPageDto<T = unknown> {
  @ApiProperty({ type: 'array', items: {}, description: 'The items of this page, in list order' })
  items!: T[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The most items a page holds; null when the whole list is given at once',
  })
  limit!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'How many items the whole list holds, when known without counting every page (offset ' +
      'pages and whole lists); null for keyset pages',
  })
  total!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Items skipped before this page, for lists paged by offset; null otherwise',
  })
  offset!: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'For lists paged by keyset: pass it back as `cursor` (the timeline: as `after`) for the ' +
      'next page; null on the last page and for lists not paged this way',
  })
  nextCursor!: string | null;
}

export type ListPage<T> = ListPageDto<T>;

/** One page of an offset-paged list, converting each row with `toDto`. */
export function offsetPage<Row, Dto>(
  rows: { items: Row[]; total: number | null },
  query: { limit: number; offset: number },
  toDto: (row: Row) => Dto,
): ListPage<Dto> {
  return {
    items: rows.items.map(toDto),
    limit: query.limit,
    total: rows.total,
    offset: query.offset,
    nextCursor: null,
  };
}

/** One page of a keyset-paged list; `nextCursor` is null on the last page. */
export function keysetPage<T>(items: T[], limit: number, nextCursor: string | null): ListPage<T> {
  return { items, limit, total: null, offset: null, nextCursor };
}

/**
 * `keysetPage`'s answer as JSON text, around items that are JSON text already (written by
 * PostgreSQL); the route sends it as is and must declare the JSON content type.
 */
export function keysetPageJson(
  itemsJson: string,
  limit: number,
  nextCursor: string | null,
): string {
  return `{"items":${itemsJson},"limit":${limit},"total":null,"offset":null,"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/** A list small enough to be given whole. */
export function wholeList<T>(items: T[]): ListPage<T> {
  return { items, limit: null, total: items.length, offset: null, nextCursor: null };
}

/** The first `limit` matches of a search that gives no further pages. */
export function firstMatches<T>(items: T[], limit: number): ListPage<T> {
  return { items, limit, total: null, offset: null, nextCursor: null };
}

/**
 * A page of a list read in id order after a given id (`after`). A full page carries the id of its
 * last item; the page after it may turn out empty, since the end is not looked ahead for.
 */
export function afterIdPage<T extends { id: string | number }>(
  items: T[],
  limit: number,
): ListPage<T> {
  const last = items[items.length - 1];
  return keysetPage(items, limit, items.length === limit && last ? String(last.id) : null);
}
