/** `'a', 'b'` for a CHECK (... IN (...)) built from an enum's values; the values are ours, not input. */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}
