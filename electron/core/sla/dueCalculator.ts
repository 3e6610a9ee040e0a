// electron/core/sla: the deadline calculator the ingest and queue use.
// Walking-skeleton version: calendar minutes from the client's first-reply target.
import type { Db } from '../db/open';
import type { DueCalculator } from '../ingest/ingest';

export function createCalendarDueCalculator(db: Db): DueCalculator {
  const stmt = db.prepare<[number], { first_reply_minutes: number }>('SELECT first_reply_minutes FROM clients WHERE id = ?');
  const cache = new Map<number, number>();
  const minutes = (clientId: number) => {
    let m = cache.get(clientId);
    if (m === undefined) {
      m = stmt.get(clientId)?.first_reply_minutes ?? 60;
      cache.set(clientId, m);
    }
    return m;
  };
  return {
    firstReplyDue: (clientId, openedAt) => openedAt + minutes(clientId) * 60_000,
    nextReplyDue: (clientId, at) => at + minutes(clientId) * 60_000,
    invalidate: () => cache.clear(),
  } as DueCalculator & { invalidate(): void };
}
