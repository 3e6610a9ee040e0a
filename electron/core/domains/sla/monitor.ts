// electron/core/domains/sla: the breach monitor; watches running SLA clocks; when one passes its warning threshold or its
// due time it records a `breach` event (the audit trail), refreshes the clock, and raises a
// notification event (native notification in Electron, browser notification in browser mode).
import type { Db } from '../../db/open';
import type { Clock, Logger } from '../../ports';
import type { SlaEngine } from './engine';
import type { EventBus } from '../../events';

const LABEL: Record<string, string> = {
  first_reply: 'First reply',
  next_reply: 'Next reply',
  periodic_update: 'Update',
  resolution: 'Resolution',
  time_to_action: 'Moderation action',
};

export function createSlaMonitor(o: {
  db: Db;
  sla: SlaEngine;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  intervalMs?: number;
}) {
  let timer: NodeJS.Timeout | null = null;

  function tick(): number {
    const now = o.clock.now();
    const due = o.sla.repo.dueNotifications(now);
    if (due.length === 0) return 0;
    let breaches = 0;
    o.db.transaction(() => {
      for (const c of due) {
        const info = o.sla.repo.conversationLabel(c.conversationId);
        const label = LABEL[c.metric] ?? c.metric;
        if (c.dueAt != null && c.dueAt <= now) {
          o.sla.repo.addEvent(c.conversationId, c.metric, { kind: 'breach', at: c.dueAt }, now);
          o.sla.recompute(c.conversationId, now);
          o.sla.repo.setNotified(c.conversationId, c.metric, 2);
          breaches++;
          o.bus.emit('notify', {
            kind: 'breach',
            title: `${label} SLA breached — ${info?.client ?? ''}`,
            body: info?.title ?? '',
            conversationId: c.conversationId,
            metric: c.metric,
            client: info?.client,
          });
        } else {
          o.sla.repo.setNotified(c.conversationId, c.metric, 1);
          o.bus.emit('notify', {
            kind: 'warning',
            title: `${label} due soon — ${info?.client ?? ''}`,
            body: info?.title ?? '',
            conversationId: c.conversationId,
            metric: c.metric,
            client: info?.client,
          });
        }
      }
    })();
    o.bus.emit('queue.changed', { reason: 'sla-tick' });
    return breaches;
  }

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        try {
          tick();
        } catch (err) {
          o.logger.error('sla monitor failed', { error: (err as Error).message });
        }
      }, o.intervalMs ?? 15_000);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
