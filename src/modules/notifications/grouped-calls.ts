/**
 * Calls made while others are under way are run together: `runMany` gets every key that arrived
 * meanwhile (up to `maxBatch`), and each caller gets its own result. With nothing under way a call
 * runs at once, alone, so a quiet engine waits for no batch; under load one statement serves many
 * callers instead of one each. A failed batch fails each of its callers.
 */
export class GroupedCalls<Key, Result> {
  private readonly waiting: Array<{
    key: Key;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }> = [];
  private inFlight = 0;

  constructor(
    private readonly runMany: (keys: Key[]) => Promise<Map<Key, Result>>,
    private readonly missing: Result,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  call(key: Key): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.runMany(batch.map((call) => call.key))
        .then(
          (results) => {
            for (const call of batch) call.resolve(results.get(call.key) ?? this.missing);
          },
          (error: unknown) => {
            for (const call of batch) call.reject(error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.start();
        });
    }
  }
}
