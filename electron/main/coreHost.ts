// electron/main: creates and owns the core. The core runs off main's thread: the writer core and
// the reader cores each in an Electron utilityProcess (dist/electron/utilityCore.cjs), reached
// through electron/host/coreClient.ts over MessagePorts, and restarted if one dies. Callers see
// only dispatch/onEvent/start/stop. Tests may pass `createCore` to run a core in-process instead.
// The demo room (electron/demo, outside the core) is started here for the demo workspace and drives
// it through the same dispatch.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core, CoreOptions } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';
import { readSecretsFile, SECRETS_FILE } from '../core/secrets/keyFileSecretStore';
import { demoWorkerFile, startDemo, type Demo } from '../demo';
import { createCoreClient, type CoreClient } from '../host/coreClient';
import { enableCompileCache } from '../host/compileCache';
import { FALLBACK_DIR, SAFE_SECRETS_FILE } from './safeStorageSecretStore';
import { utilitySpawner, type UtilityElectron } from './utilityChannel';

export type StartCore = (opts: CoreOptions) => Promise<Core>;
export type HostedCore = Pick<Core, 'dispatch' | 'onEvent' | 'start' | 'stop'>;

export type CoreHostOptions = {
  /** Electron's userData folder; the core's data folder is <userData>/data unless dataDir is given. */
  userData: string;
  dataDir?: string;
  secrets: SecretStore;
  logger: Logger;
  /** false = no demo workspace (`--no-demo`). */
  demo?: boolean;
  /** In-process core (tests with a fake core). */
  createCore?: StartCore;
  /** Out-of-process core: Electron's utilityProcess + MessageChannelMain and the bundled entry. */
  utility?: UtilityElectron & { entry: string; readers?: number };
  /** The demo room's entry point (tests pass a fake). */
  startDemo?: typeof startDemo;
};

export function coreDataDir(o: Pick<CoreHostOptions, 'userData' | 'dataDir'>): string {
  return o.dataDir ?? join(o.userData, 'data');
}

/** Every secret reference the desktop stores hold (safeStorage file and key-file fallback); never the values. */
export function secretRefs(userData: string): string[] {
  const refs = new Set<string>();
  for (const file of [
    join(userData, SAFE_SECRETS_FILE),
    join(userData, FALLBACK_DIR, SECRETS_FILE),
  ]) {
    try {
      for (const ref of Object.keys(readSecretsFile<unknown>(file))) refs.add(ref);
    } catch {
      // a damaged file: the store itself reports it when a value is read
    }
  }
  return [...refs];
}

/**
 * The secrets a utility-process core gets: safeStorage only works in main, so main decrypts them
 * and passes them in memory over the MessagePort (never written anywhere else, never logged).
 */
export function secretSnapshot(
  userData: string,
  secrets: SecretStore,
  logger: Logger,
): Record<string, string> {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const ref of secretRefs(userData)) {
    try {
      const v = secrets.get(ref);
      if (v !== null) values[ref] = v;
    } catch (err) {
      logger.warn('a stored secret could not be decrypted', { ref, error: (err as Error).message });
    }
  }
  return values;
}

export function startOutOfProcessCore(
  o: CoreHostOptions & { utility: NonNullable<CoreHostOptions['utility']> },
): CoreClient {
  enableCompileCache(); // the utility processes inherit NODE_COMPILE_CACHE (electron/host/compileCache.ts)
  return createCoreClient({
    spawn: utilitySpawner(o.utility, o.utility.entry),
    options: { dataDir: coreDataDir(o), mode: 'desktop' },
    secrets: () => ({ kind: 'mirror', values: secretSnapshot(o.userData, o.secrets, o.logger) }),
    persistSecret: (w) =>
      w.op === 'set' ? o.secrets.set(w.ref, w.value) : o.secrets.delete(w.ref),
    readers: o.utility.readers,
    logger: o.logger,
  });
}

export async function startCoreHost(o: CoreHostOptions): Promise<HostedCore> {
  let core: HostedCore;
  const dataDir = coreDataDir(o);
  if (o.createCore) {
    core = await o.createCore({ dataDir, mode: 'desktop', secrets: o.secrets, logger: o.logger });
  } else if (o.utility) {
    core = startOutOfProcessCore({ ...o, utility: o.utility });
  } else {
    throw new Error('startCoreHost needs createCore (in-process) or utility (utilityProcess)');
  }
  let demo: Demo | null = null;
  try {
    await core.start();
    // The demo (electron/demo, outside the core) creates the demo agency in a new data folder and drives
    // it through the contract, or reopens the one it created earlier; a real workspace is left alone.
    if (o.demo !== false) {
      demo = await (o.startDemo ?? startDemo)({
        dataDir,
        dispatch: core.dispatch,
        logger: o.logger,
        trafficMs: 5000,
        simulatorWorker: demoWorkerFile(dirname(fileURLToPath(import.meta.url))),
      }).catch((err: unknown) => {
        o.logger.warn('demo could not start', {
          error: String((err as Error)?.message ?? err).slice(0, 300),
        });
        return null;
      });
    }
  } catch (err) {
    await demo?.close().catch(() => {});
    await core.stop().catch(() => {});
    throw err;
  }
  const d = demo;
  return d
    ? {
        ...core,
        stop: async () => {
          await d.close().catch(() => {});
          await core.stop();
        },
      }
    : core;
}
