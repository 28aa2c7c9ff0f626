import { GroupedCalls } from './grouped-calls';

describe('grouped calls', () => {
  it('runs a lone call at once, and groups the calls that arrive while others run', async () => {
    const batches: number[][] = [];
    const releases: Array<() => void> = [];
    const grouped = new GroupedCalls<number, string>(
      async (keys) => {
        batches.push(keys);
        await new Promise<void>((resolve) => releases.push(resolve));
        return new Map(keys.filter((key) => key !== 4).map((key) => [key, `row ${key}`]));
      },
      'missing',
      3,
      1,
    );
    const first = grouped.call(1);
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4, 5].map((key) => grouped.call(key));
    expect(batches).toEqual([[1]]);
    releases.shift()!();
    expect(await first).toBe('row 1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    releases.shift()!();
    expect(await Promise.all(later)).toEqual(['row 2', 'row 3', 'missing', 'row 5']);
  });

  it('fails every caller of a batch that fails, and goes on with the next', async () => {
    let calls = 0;
    const grouped = new GroupedCalls<number, number>(
      async (keys) => {
        calls += 1;
        await new Promise((resolve) => setImmediate(resolve));
        if (calls === 2) throw new Error('connection lost');
        return new Map(keys.map((key) => [key, key * 10]));
      },
      0,
      2,
      1,
    );
    const results = [1, 2, 3, 4].map((key) => grouped.call(key).catch((error: Error) => error));
    expect(await Promise.all(results)).toEqual([
      10,
      new Error('connection lost'),
      new Error('connection lost'),
      40,
    ]);
    expect(calls).toBe(3);
  });
});
