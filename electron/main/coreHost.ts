// electron/main: creates and owns the core. The core runs off main's thread: the writer core and
// the reader cores each in an Electron utilityProcess (dist/electron/utilityCore.cjs), reached
// through electron/host/coreClient.ts over MessagePorts, and restarted if one dies. Callers see
// only dispatch/onEvent/start/stop. Tests may pass `createCore` to run a core in-process instead.
import { join } from 'node:path';
import type { Core, CoreOptions } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';
import { readSecretsFile, SECRETS_FILE } from '../core/secrets/keyFileSecretStore';
import { createCoreClient, type CoreClient } from '../host/coreClient';
import { FALLBACK_DIR, SAFE_SECRETS_FILE } from './safeStorageSecretStore';
import { utilitySpawner, type UtilityElectron } from './utilityChannel';

export type StartCore = (opts: CoreOptions) => Promise<Core>;

/** What main uses of a core, wherever it runs. */
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
};

export function coreDataDir(o: Pick<CoreHostOptions, 'userData' | 'dataDir'>): string {
  return o.dataDir ?? join(o.userData, 'data');
}

/** Every secret reference the desktop stores hold (safeStorage file and key-file fallback); never the values. */
export function secretRefs(userData: string): string[] {
  const refs = new Set<string>();
  for (const file of [join(userData, SAFE_SECRETS_FILE), join(userData, FALLBACK_DIR, SECRETS_FILE)]) {
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
export function secretSnapshot(userData: string, secrets: SecretStore, logger: Logger): Record<string, string> {
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

export function startOutOfProcessCore(o: CoreHostOptions & { utility: NonNullable<CoreHostOptions['utility']> }): CoreClient {
  return createCoreClient({
    spawn: utilitySpawner(o.utility, o.utility.entry),
    // demo: the core creates the demo agency only when the data folder is new (no clients yet), and
    // restarts the demo's local forum simulator where it created it earlier; a real workspace is
    // left alone. So the desktop asks for it on every start, as browser mode does.
    options: { dataDir: coreDataDir(o), mode: 'desktop', demo: o.demo !== false },
    secrets: () => ({ kind: 'mirror', values: secretSnapshot(o.userData, o.secrets, o.logger) }),
    persistSecret: (w) => (w.op === 'set' ? o.secrets.set(w.ref, w.value) : o.secrets.delete(w.ref)),
    readers: o.utility.readers,
    logger: o.logger,
  });
}

export async function startCoreHost(o: CoreHostOptions): Promise<HostedCore> {
  let core: HostedCore;
  if (o.createCore) {
    core = await o.createCore({ dataDir: coreDataDir(o), mode: 'desktop', secrets: o.secrets, logger: o.logger, demo: o.demo !== false });
  } else if (o.utility) {
    core = startOutOfProcessCore({ ...o, utility: o.utility });
  } else {
    throw new Error('startCoreHost needs createCore (in-process) or utility (utilityProcess)');
  }
  try {
    await core.start();
  } catch (err) {
    await core.stop().catch(() => {});
    throw err;
  }
  return core;
}
