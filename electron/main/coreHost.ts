// electron/main: creates and owns the core. v1 runs it in-process (better-sqlite3 is synchronous and
// fast at our sizes); moving it into a utilityProcess later changes only this file — callers see
// only Core's dispatch/onEvent/start/stop.
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';

export type StartCore = (opts: CoreOptions) => Promise<Core>;

export type CoreHostOptions = {
  /** Electron's userData folder; the core's data folder is <userData>/data unless dataDir is given. */
  userData: string;
  dataDir?: string;
  secrets: SecretStore;
  logger: Logger;
  /** false = no demo workspace (`--no-demo`). */
  demo?: boolean;
  createCore?: StartCore;
};

export function coreDataDir(o: Pick<CoreHostOptions, 'userData' | 'dataDir'>): string {
  return o.dataDir ?? join(o.userData, 'data');
}

export async function startCoreHost(o: CoreHostOptions): Promise<Core> {
  const create = o.createCore ?? createCore;
  // demo: the core creates the demo agency only when the data folder is new (no clients yet), and
  // restarts the demo's local forum simulator where it created it earlier; a real workspace is
  // left alone. So the desktop asks for it on every start, as browser mode does.
  const core = await create({ dataDir: coreDataDir(o), mode: 'desktop', secrets: o.secrets, logger: o.logger, demo: o.demo !== false });
  try {
    await core.start();
  } catch (err) {
    await core.stop().catch(() => {});
    throw err;
  }
  return core;
}
