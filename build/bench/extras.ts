// build/bench: the SLA engine's figures for `npm run bench`.
import type { Db } from '../../electron/core/db/open';
import type { Repos } from '../../electron/core/domains';
import type { SlaEngine } from '../../electron/core/domains/sla/engine';
import { now } from './data';
import { runSlaBench } from './sla';

export async function extraBenches(o: {
  db: Db;
  repos: Repos;
  sla: SlaEngine;
  log: (m: string) => void;
  slaInputs: number;
}): Promise<Record<string, number | null>> {
  // Recompute every clock of 100,000 open conversations from the event log (the audit path).
  const open = (
    o.db.prepare("SELECT count(*) n FROM conversations WHERE status != 'solved'").get() as {
      n: number;
    }
  ).n;
  const n = Math.min(100_000, open);
  o.sla.recomputeAll(undefined, 1000); // warm the per-client calendars
  const t = now();
  const r = o.sla.recomputeAll(undefined, n);
  const ms = now() - t;
  o.log(
    `sla recompute: ${r.clocks} clocks of ${r.conversations} open conversations in ${ms.toFixed(1)} ms`,
  );
  o.log(`sla calculator vs moment-business-time on ${o.slaInputs} inputs…`);
  const cmp = await runSlaBench({ n: o.slaInputs });
  return {
    ...cmp,
    sla_recompute_conversations: r.conversations,
    sla_recompute_clocks: r.clocks,
    sla_recompute_100k_ms: Number(((ms * 100_000) / Math.max(1, r.conversations)).toFixed(1)),
    sla_recompute_measured_ms: Number(ms.toFixed(1)),
  };
}
