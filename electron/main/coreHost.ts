// electron/main: creates and owns the core. v1 runs it in-process (better-sqlite3 is synchronous and
// fast at our sizes); moving it into a utilityProcess later changes only this file — callers see
// only Core's dispatch/onEvent/start/stop.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core, type CoreOptions } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';
import { demoWorkerFile, startDemo, type Demo } from '../demo';

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
  /** The demo room's entry point (tests pass a fake). */
  startDemo?: typeof startDemo;
};

export function coreDataDir(o: Pick<CoreHostOptions, 'userData' | 'dataDir'>): string {
  return o.dataDir ?? join(o.userData, 'data');
}

export async function startCoreHost(o: CoreHostOptions): Promise<Core> {
  const create = o.createCore ?? createCore;
  const dataDir = coreDataDir(o);
  const core = await create({ dataDir, mode: 'desktop', secrets: o.secrets, logger: o.logger });
  // The demo (electron/demo, outside the core) creates the demo agency in a new data folder and drives
  // it through the contract, or reopens the one it created earlier; a real workspace is left alone.
  let demo: Demo | null = null;
  try {
    if (o.demo !== false) {
      demo = await (o.startDemo ?? startDemo)({ dataDir, dispatch: core.dispatch, logger: o.logger, trafficMs: 5000, simulatorWorker: demoWorkerFile(dirname(fileURLToPath(import.meta.url))) }).catch((err: unknown) => {
        o.logger.warn('demo could not start', { error: String((err as Error)?.message ?? err).slice(0, 300) });
        return null;
      });
    }
    await core.start();
  } catch (err) {
    await demo?.close().catch(() => {});
    await core.stop().catch(() => {});
    throw err;
  }
  const d = demo;
  return d ? { ...core, stop: async () => { await d.close().catch(() => {}); await core.stop(); } } : core;
}
