import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth';

/** The Node flags the service is started with (the project files test keeps them in step). */
const SHIPPED_FLAGS = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts['start:prod']
  .split(' ')
  .slice(1, -1);

/**
 * A heap of ~30 MB that stays alive, and request-like garbage that lives long enough to be
 * promoted to the old generation; prints the largest heap V8 committed meanwhile, in bytes. The
 * full collection first sets the limits from what is alive, as the service's start-up does, so
 * V8's larger initial limit plays no part.
 */
const CHURN = `
if (process.argv[1]) require('node:v8').setFlagsFromString(process.argv[1]);
const kept = Array.from({ length: 200000 }, (_, i) => ({ i, name: 'item-' + i, tags: [i, i * 2] }));
const recent = new Array(150000);
globalThis.gc();
let peak = 0;
for (let i = 0; i < 2500000; i++) {
  recent[i % recent.length] = { i, path: '/cases/' + i, row: [i, i + 1] };
  if (i % 20000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(peak, kept.length);
`;

function peakHeap(flag: string): number {
  const output = execFileSync(
    process.execPath,
    // The young generation pinned to Node 20's size: Node 24 sizes it from the machine (64 MB
    // semi-spaces here), which would let this garbage die young and measure nothing of the flag.
    [...SHIPPED_FLAGS, '--max-semi-space-size=16', '--expose-gc', '-e', CHURN, flag],
    { encoding: 'utf8' },
  );
  return Number(output.split(' ')[0]);
}

describe('heap growth limit', () => {
  it('is set unless the command line chose one', () => {
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--max-semi-space-size=8'])).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
    expect(heapGrowthFlag(['--heap-growing-percent=80'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=80'])).toBeUndefined();
  });

  // The service sets the flag once it runs; a Node whose V8 stopped reading it then would
  // silently bring back heaps several times what is alive.
  it('set by a running process, keeps its heap near what stays alive', () => {
    const unlimited = peakHeap('');
    const limited = peakHeap(heapGrowthFlag([])!);
    expect(limited).toBeLessThan(unlimited * 0.75);
  });
});
