// build/bench: benchmark sections contributed by other parts (SLA engine); each returns fields.
import type { Db } from '../../electron/core/db/open';
import type { Repos } from '../../electron/core/services/handlers';

export async function extraBenches(_o: { db: Db; repos: Repos; log: (m: string) => void }): Promise<Record<string, number>> {
  return {};
}
