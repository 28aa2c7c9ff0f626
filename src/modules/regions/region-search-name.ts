/**
 * The form region names are searched in: case-folded, apostrophes dropped (the data mixes ' and ’),
 * whitespace collapsed. The loader and the search query must agree on it.
 */
export function toRegionSearchName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
