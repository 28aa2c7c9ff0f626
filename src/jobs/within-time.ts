/**
 * `work`'s result, or `timedOut()`'s error once `ms` pass first. With its store away, a BullMQ
 * command waits for the reconnection without end; callers that must not hang bound it here.
 */
export async function withinTime<T>(
  work: Promise<T>,
  ms: number,
  timedOut: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
