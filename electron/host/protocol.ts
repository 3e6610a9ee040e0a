// electron/host: the typed message protocol between a host (the browser-mode HTTP server's main
// thread, or Electron main) and a core it runs elsewhere (a worker_thread or an Electron
// utilityProcess). Every call carries a request id and is answered by exactly one `result` with the
// contract's Result envelope as JSON text; core events are pushed. Messages are structured-cloneable
// plain data.
import type { CoreEvent } from '../../shared/ipc/contract';

/** A writer core owns sync, the outbox, the SLA monitor and every write; a reader serves pure reads. */
export type CoreRole = 'writer' | 'reader';

/** How the core's process reaches the secret store. */
export type SecretsInit =
  /** The owner-only key-file store in this folder (browser mode; plain Node can open it itself). */
  | { kind: 'keyfile'; dir: string }
  /**
   * Desktop: safeStorage exists only in Electron main, so main decrypts the values once and hands
   * them over in memory (never on disk, never logged); set/delete in the core are sent back to main.
   */
  | { kind: 'mirror'; values: Record<string, string> }
  /** Readers never touch secrets. */
  | { kind: 'none' };

/** The serializable part of CoreOptions (ports such as the clock or fetch stay in-process). */
export type RemoteCoreOptions = {
  dataDir: string;
  mode: 'desktop' | 'browser' | 'test';
  agent?: { name: string; email: string };
  backups?: false | { dailyMs: number };
  deferredCheck?: false | { delayMs: number };
  pollIntervalMs?: number;
};

/**
 * The exit code of a writer whose background integrity check found the database corrupted: the host
 * restarts it (its start moves the file aside and restores the newest good backup) and then restarts
 * the readers, so they reopen the restored file.
 */
export const EXIT_DB_CORRUPT = 70;

export type InitMessage = {
  t: 'init';
  role: CoreRole;
  options: RemoteCoreOptions;
  secrets: SecretsInit;
};
export type HostMessage =
  | InitMessage
  /** `meta` carries who acts when the host knows (a simulated colleague, later a team server's session). */
  | { t: 'call'; id: number; method: string; input: unknown; meta?: { agentId?: number | null } }
  /** Start the background services (sync, outbox sender, SLA monitor); answered by `started`. */
  | { t: 'start' }
  /** Orderly stop; answered by `stopped`, after which the host may end the worker/process. */
  | { t: 'stop' };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type CoreMessage =
  /** The core opened its database and answers calls. */
  | { t: 'ready' }
  /** createCore failed: the host reports it and does not restart in a loop on a permanent error. */
  | { t: 'failed'; message: string }
  | { t: 'started' }
  | { t: 'stopped' }
  /**
   * The Result envelope, serialized once by the core: the HTTP host writes it as is and Electron
   * main parses it. A string crosses a thread or process as one copy, which costs the host's
   * thread less than cloning a page of 200 rows as an object graph.
   */
  | { t: 'result'; id: number; json: string }
  | { t: 'event'; event: CoreEvent }
  /** A secret written or deleted by the core (mirror secrets only), to be persisted by the host. */
  | { t: 'secret'; op: 'set'; ref: string; value: string }
  | { t: 'secret'; op: 'delete'; ref: string }
  | { t: 'log'; level: LogLevel; msg: string; data?: Record<string, unknown> }
  /** A secret value the core read or wrote: the host's logger redacts it in every form from then on. */
  | { t: 'redact'; value: string };

/** What an endpoint needs from a worker_threads port or an Electron MessagePortMain (core side). */
export type EndpointPort = {
  post(msg: CoreMessage): void;
  onMessage(cb: (msg: HostMessage) => void): void;
};

/**
 * The host side of one core (one worker or one process). The two hosts differ only in this
 * adapter: worker_threads (electron/host/workerChannel.ts) or utilityProcess + MessageChannelMain
 * (electron/main/utilityChannel.ts).
 */
export type CoreChannel = {
  post(msg: HostMessage): void;
  onMessage(cb: (msg: CoreMessage) => void): void;
  /** Called once when the worker/process is gone (crash, kill or after an orderly stop). */
  onExit(cb: (info: { code: number | null; reason: string }) => void): void;
  /** Ends the worker/process at once (no orderly stop). */
  kill(): void;
};

export type SpawnChannel = (role: CoreRole, index: number) => CoreChannel;
