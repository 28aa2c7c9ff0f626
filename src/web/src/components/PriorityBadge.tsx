import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Dark shades: white words on them keep WCAG AA contrast. */
const PRIORITY_COLORS: Record<string, string> = {
  critical: 'red.9',
  high: 'orange.9',
  normal: 'blue.9',
  low: 'gray.8',
};

/** A case's priority as the queues show it: a filled badge, its colour by urgency. */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={PRIORITY_COLORS[priority] ?? 'gray.8'}
      variant="filled"
      tt="none"
      styles={{ label: { overflow: 'visible' } }}
    >
      {t(`values.casePriority.${priority}`)}
    </Badge>
  );
}
