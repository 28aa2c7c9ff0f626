import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

/** One line per source in this window; what else that source reports is counted, then told. */
const WINDOW_MS = 30_000;

interface Window {
  suppressed: number;
  timer: NodeJS.Timeout;
}

/**
 * Errors of the queue's connections, queues and workers, through the structured logger. An
 * outage makes every connection report every failed reconnect; left alone, they reach stderr as
 * raw stack traces (EventEmitter's default for an 'error' nobody listens to). Here each source
 * logs its first error, stays quiet for 30 s, and then says how many it left out.
 */
@Injectable()
export class QueueErrorLog implements OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly windows = new Map<string, Window>();

  report(source: string, error: unknown): void {
    const open = this.windows.get(source);
    if (open) {
      open.suppressed += 1;
      return;
    }
    this.logger.warn({ source, ...describe(error) }, 'Job queue error');
    const window: Window = {
      suppressed: 0,
      timer: setTimeout(() => {
        this.windows.delete(source);
        if (window.suppressed > 0)
          this.logger.warn(
            { source, suppressed: window.suppressed, windowSeconds: WINDOW_MS / 1000 },
            'More job queue errors from this source were left out of the log',
          );
      }, WINDOW_MS),
    };
    window.timer.unref();
    this.windows.set(source, window);
  }

  onModuleDestroy(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }
}

/**
 * Connection errors say which address and system call failed; queue payloads are ids only, so
 * BullMQ's own messages carry nothing personal either. Bounded all the same.
 */
function describe(error: unknown): { err: Record<string, unknown>; reason?: string } {
  if (!(error instanceof Error)) return { err: { type: typeof error } };
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return {
    err: {
      type: error.name,
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(typeof syscall === 'string' ? { syscall } : {}),
    },
    reason: error.message.slice(0, 200),
  };
}
