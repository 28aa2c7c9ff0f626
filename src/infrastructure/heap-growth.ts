import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive, in
 * percent. Left to itself V8 picks up to 300% (a limit of four times the live heap) when full
 * collections look cheap, as they do here: the service keeps ~55 MB alive, yet under load its heap
 * filled with garbage up to ~235 MB before each full collection and stayed committed afterwards
 * (RSS 382 MB at the peak of the hot-paths benchmark, 302 MB after it). At 50% the heap stays
 * within ~120 MB for a few more full collections, which are incremental and concurrent (~1 a
 * second under full load, 15-30 ms each).
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/**
 * The flag to set, or none when the command line already chose one (NODE_OPTIONS cannot carry
 * this flag, so the command line is the only other place it can come from).
 */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  const chosen = execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg));
  return chosen ? undefined : `${FLAG}=${HEAP_GROWING_PERCENT}`;
}

/**
 * V8 reads this flag each time it sets the next collection's limit, so unlike the heap size flags
 * it still works when set by the running process: the service sets it for itself, however it is
 * started (npm start, the image, a benchmark running `node dist/src/main.js`).
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
