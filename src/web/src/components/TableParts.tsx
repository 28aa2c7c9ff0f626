import { Group, Loader, Table, Text } from '@mantine/core';

/** A table's column headings, in order. */
export function ColumnHeadings({ labels }: { labels: string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label) => (
          <Table.Th scope="col" key={label}>
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
