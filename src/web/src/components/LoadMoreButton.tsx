import { Button, type ButtonProps } from '@mantine/core';

/** What a keyset list (TanStack's infinite query) tells of its next page. */
interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The next page of a list paged by cursor, asked for by the reader: no page numbers, since a
 * cursor knows only where the next page starts. Nothing once the list is all shown.
 */
export function LoadMoreButton({
  list,
  label,
  variant,
}: {
  list: PagedList;
  label: string;
  variant?: ButtonProps['variant'];
}) {
  if (!list.hasNextPage) return null;
  return (
    <Button
      variant={variant}
      onClick={() => void list.fetchNextPage()}
      loading={list.isFetchingNextPage}
    >
      {label}
    </Button>
  );
}
