// electron/core/domains: the one loop that durable senders (the reply outbox, the moderation sender)
// run their due rows in. Rows are written durably before any network I/O; this loop only decides
// when to try them: concurrent drain() calls share one run, which loops until nothing is due; each
// row is tried at most once per run (a row whose state could not be written — a failing disk — must
// not spin the loop; the next run tries it again); a timer is armed for the next due row only between
// start() and stop(), and never sleeps longer than a minute (a clock change cannot strand a row).
import type { Clock, Logger } from '../ports';

export type DrainLoopOptions<Row extends { id: number }> = {
  clock: Clock;
  logger: Logger;
  /** What a failing row is logged as ("outbox row", "moderation action"). */
  what: string;
  /** Up to `limit` rows due at `now`, oldest first. */
  due(now: number, limit: number): Row[];
  /** When the next row becomes due (epoch ms), or null when none waits. */
  nextDueAt(): number | null;
  /** Tries one row; a throw is logged and the row waits for the next run. */
  process(row: Row): Promise<void>;
  /**
   * Runs at the start of every pass of a run, before the due rows (the outbox's follow-up jobs).
   * `seen` is this run's own set for whatever it tries, so it too tries each item once per run.
   */
  beforePass?(seen: Set<number>, stopped: () => boolean): void;
};

export type DrainLoop = {
  /** Tries everything due now; resolves when the shared run ends. */
  drain(): Promise<void>;
  /** Arms timers from now on (call after the sender's own resume work) and drains. */
  start(): void;
  /** No timers and no new rows from now on; a row in flight finishes. */
  stop(): void;
  stopped(): boolean;
};

export function createDrainLoop<Row extends { id: number }>(o: DrainLoopOptions<Row>): DrainLoop {
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  let stopped = false;
  let started = false;
  let current: Promise<void> | null = null;
  const isStopped = () => stopped;

  function drain(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      // Yield first: `current` must be assigned before this body (and its finally) runs.
      await Promise.resolve();
      try {
        const seen = new Set<number>();
        const seenBefore = new Set<number>();
        do {
          again = false;
          o.beforePass?.(seenBefore, isStopped);
          if (stopped) return;
          const rows = o.due(o.clock.now(), 20 + seen.size).filter((r) => !seen.has(r.id));
          for (const row of rows) {
            if (stopped) return;
            seen.add(row.id);
            try {
              await o.process(row);
            } catch (err) {
              o.logger.error(`${o.what} failed unexpectedly`, {
                id: row.id,
                error: (err as Error | undefined)?.message,
              });
            }
          }
          if (rows.length > 0) again = true;
        } while (again && !stopped);
      } finally {
        current = null;
        arm();
      }
    })();
    return current;
  }

  function arm() {
    if (stopped || !started) return;
    if (timer) clearTimeout(timer);
    const next = o.nextDueAt();
    if (next == null) return;
    timer = setTimeout(() => void drain(), Math.max(0, Math.min(next - o.clock.now(), 60_000)));
    timer.unref?.();
  }

  return {
    drain,
    start() {
      stopped = false;
      started = true;
      void drain();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    stopped: isStopped,
  };
}
