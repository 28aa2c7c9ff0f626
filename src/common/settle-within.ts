/**
 * Waits for `work` to settle, fulfilled or rejected, or for `ms` to pass, whichever comes first:
 * for clean-ups that must not hang a stop. The timer keeps no process alive.
 */
export function settleWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void Promise.resolve(work)
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}
