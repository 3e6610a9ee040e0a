// electron/host: the core side of the host protocol. Runs inside the worker_thread (browser mode)
// or the utilityProcess (desktop): answers `init` by creating the core (a writer, or a read-only
// reader), every `call` with exactly one `result`, and pushes the core's events to the host.
import type { Core, CoreOptions } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';
import { createKeyFileSecretStore } from '../core/secrets/keyFileSecretStore';
import { lowerCorePriority } from './priority';
import {
  EXIT_DB_CORRUPT,
  type EndpointPort,
  type HostMessage,
  type InitMessage,
  type LogLevel,
} from './protocol';

export type CreateCoreFn = (opts: CoreOptions) => Promise<Core>;

/** The core's logger: every line goes to the host, which owns the real logger. */
export function portLogger(port: EndpointPort): Logger {
  const at = (level: LogLevel) => (msg: string, data?: Record<string, unknown>) =>
    port.post({ t: 'log', level, msg, data });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Secrets handed over by the host in memory; writes go back to the host, which persists them. */
export function mirrorSecretStore(values: Record<string, string>, port: EndpointPort): SecretStore {
  const map = new Map(Object.entries(values));
  return {
    backend: 'host-mirror',
    get: (ref) => map.get(ref) ?? null,
    set(ref, value) {
      map.set(ref, value);
      port.post({ t: 'secret', op: 'set', ref, value });
    },
    delete(ref) {
      map.delete(ref);
      port.post({ t: 'secret', op: 'delete', ref });
    },
  };
}

const noSecrets: SecretStore = {
  backend: 'none',
  get: () => null,
  set: () => {
    throw new Error('A read-only core cannot store secrets');
  },
  delete: () => {
    throw new Error('A read-only core cannot delete secrets');
  },
};

function secretsFor(init: InitMessage, port: EndpointPort): SecretStore {
  const s = init.secrets;
  // Every secret value the store touches is handed to the host's logger for redaction.
  if (s.kind === 'keyfile')
    return createKeyFileSecretStore(s.dir, {
      onSecret: (value) => port.post({ t: 'redact', value }),
    });
  if (s.kind === 'mirror') return mirrorSecretStore(s.values, port);
  return noSecrets;
}

/**
 * Serves one core over `port`. Calls that arrive before `init` finished wait for it (the host sends
 * them right behind `init`). After `stop` the host ends the worker/process.
 */
export function serveCore(port: EndpointPort, createCore: CreateCoreFn): void {
  let core: Core | null = null;
  let booting: Promise<Core | null> | null = null;

  const boot = (init: InitMessage) => {
    booting = (async () => {
      try {
        const logger = portLogger(port);
        // The writer's background work yields the CPU to the threads answering the agent (priority.ts).
        if (init.role === 'writer') lowerCorePriority();
        const c = await createCore({
          ...init.options,
          readOnly: init.role === 'reader',
          secrets: secretsFor(init, port),
          logger,
          // A corrupted database found by the background check: end this core; the host restarts it
          // through the recovery at start (the database is marked suspect).
          onCorrupt: () => setImmediate(() => process.exit(EXIT_DB_CORRUPT)),
        });
        c.onEvent((event) => port.post({ t: 'event', event }));
        core = c;
        port.post({ t: 'ready' });
        return c;
      } catch (err) {
        port.post({ t: 'failed', message: err instanceof Error ? err.message : String(err) });
        return null;
      }
    })();
  };

  const handle = async (msg: HostMessage) => {
    if (msg.t === 'init') return boot(msg);
    const c = core ?? (booting ? await booting : null);
    if (msg.t === 'call') {
      if (!c)
        return port.post({
          t: 'result',
          id: msg.id,
          json: JSON.stringify({
            ok: false,
            error: { code: 'unavailable', message: 'The core did not start' },
          }),
        });
      // dispatch never throws: it returns an envelope for every outcome.
      const result = await c.dispatch(msg.method, msg.input, msg.meta);
      return port.post({ t: 'result', id: msg.id, json: JSON.stringify(result) });
    }
    if (msg.t === 'start') {
      await c?.start();
      return port.post({ t: 'started' });
    }
    if (msg.t === 'stop') {
      try {
        await c?.stop();
      } finally {
        port.post({ t: 'stopped' });
      }
    }
  };

  port.onMessage((msg) => {
    handle(msg).catch((err: unknown) =>
      port.post({
        t: 'log',
        level: 'error',
        msg: 'core endpoint error',
        data: { error: (err as Error)?.message },
      }),
    );
  });
}
