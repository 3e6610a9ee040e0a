// electron/main: owns the core. v1 runs it in-process (better-sqlite3 is synchronous and fast at
// our sizes); moving it to a utilityProcess later changes only this file.
import { join } from 'node:path';
import { createCore, type Core } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';

export async function startCoreHost(o: { userData: string; secrets: SecretStore; logger: Logger }): Promise<Core> {
  const dataDir = join(o.userData, 'data');
  // An empty data folder gets the demo agency (a first start shows a moving queue); a folder that
  // already has the demo restarts its simulator; a real workspace is left alone.
  const core = await createCore({ dataDir, mode: 'desktop', secrets: o.secrets, logger: o.logger, demo: true });
  await core.start();
  return core;
}
