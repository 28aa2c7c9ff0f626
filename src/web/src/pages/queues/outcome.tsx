import { Alert, Text } from '@mantine/core';

/** What came of a bulk action: done, refused case by case (nothing changed), or failed. */
export type Outcome =
  | { kind: 'done'; text: string }
  | { kind: 'refused'; byCaseId: Map<string, string>; text: string }
  | { kind: 'failed'; text: string };

/** An outcome's message: success said politely, refusals and failures as alerts. */
export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  return (
    <Alert
      color={outcome.kind === 'done' ? 'green' : 'red'}
      role={outcome.kind === 'done' ? 'status' : 'alert'}
    >
      <Text size="sm">{outcome.text}</Text>
    </Alert>
  );
}
