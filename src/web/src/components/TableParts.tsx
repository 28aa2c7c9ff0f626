import { Group, Loader, Table, Text } from '@mantine/core';

/**
 * A table's column headings, in order; those from `numbersFrom` on head columns of numbers,
 * aligned to the right as their figures are.
 */
export function ColumnHeadings({
  labels,
  numbersFrom,
}: {
  labels: string[];
  numbersFrom?: number;
}) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label, index) => (
          <Table.Th
            scope="col"
            key={label}
            ta={numbersFrom !== undefined && index >= numbersFrom ? 'right' : undefined}
          >
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/** What is being loaded, said to screen readers as well (role status). */
export function Loading({ label }: { label: string }) {
  return (
    <Group gap="xs" role="status">
      <Loader size="sm" />
      <Text>{label}</Text>
    </Group>
  );
}
