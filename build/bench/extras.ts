// build/bench: the SLA engine's figures for `npm run bench`.
import type { Db } from '../../electron/core/db/open';
import type { Repos } from '../../electron/core/services/handlers';
import type { SlaEngine } from '../../electron/core/sla/engine';
import { now } from './data';

export async function extraBenches(o: { db: Db; repos: Repos; sla: SlaEngine; log: (m: string) => void }): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // Recompute every clock of every open conversation from the event log (the audit path).
  const open = (o.db.prepare("SELECT count(*) n FROM conversations WHERE status != 'solved'").get() as { n: number }).n;
  o.sla.recomputeAll(); // warm the per-client calendars
  const t = now();
  const r = o.sla.recomputeAll();
  const ms = now() - t;
  o.log(`sla recompute: ${r.clocks} clocks of ${r.conversations} open conversations in ${ms.toFixed(1)} ms`);
  out.sla_recompute_conversations = open;
  out.sla_recompute_ms = Number(ms.toFixed(1));
  return out;
}
