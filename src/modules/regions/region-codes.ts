/** The Kemendagri code format: province `18`, regency `18.01`, district `18.01.04`, village `18.01.04.2001`. */
export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/**
 * A region's code and those of every region above it, province first: `18.01.04.2001` gives
 * `18`, `18.01`, `18.01.04`, `18.01.04.2001`. As the database's `region_code_ancestry`.
 */
export function regionCodeAncestry(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/**
 * Every level of every given origin, each once, in code-point order: what `cases.origin_region_codes`
 * holds for a case whose victims come from these regions (the database sorts them the same way).
 */
export function originRegionCodes(codes: Array<string | null | undefined>): string[] {
  const all = new Set<string>();
  for (const code of codes) if (code) for (const level of regionCodeAncestry(code)) all.add(level);
  return [...all].sort();
}
