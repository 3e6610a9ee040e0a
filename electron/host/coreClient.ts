// electron/host: the host-side CoreClient. Same surface callers used with the in-process core
// (dispatch, onEvent, start, stop), but the core runs elsewhere: one writer (worker_thread or
// utilityProcess) that owns every write, sync, the outbox and the SLA monitor, plus reader workers
// that open the same WAL database read-only and answer the contract methods marked `read: true`, so
// a read never queues behind a write. If a core dies, the client restarts it with backoff: in-flight
// writes fail with the retryable `unavailable` error, in-flight reads are re-sent (reads are
// idempotent), new calls wait for the restart, and after a writer restart `app.reconnected` is
// pushed to the renderer. Both hosts use this file; they differ only in the CoreChannel adapter.
import { availableParallelism } from 'node:os';
import { contract, isMethod, type CoreEvent, type Method } from '../../shared/ipc/contract';
import type { CallMeta, Dispatch } from '../../shared/ipc/dispatch';
import type { Result } from '../../shared/ipc/result';
import { silentLogger, type Logger } from '../core/ports';
import {
  EXIT_DB_CORRUPT,
  type CoreChannel,
  type CoreMessage,
  type CoreRole,
  type RemoteCoreOptions,
  type SecretsInit,
  type SpawnChannel,
} from './protocol';

export type SecretWrite = { op: 'set'; ref: string; value: string } | { op: 'delete'; ref: string };

export type CoreClientOptions = {
  spawn: SpawnChannel;
  options: RemoteCoreOptions;
  /** The writer's secrets, asked for on every (re)start (desktop: a fresh decrypted snapshot). */
  secrets: () => SecretsInit;
  /** Persists a secret the writer stored or deleted (desktop mirror secrets). */
  persistSecret?: (w: SecretWrite) => void;
  /** Reader workers (default: 1 or 2, by the CPUs available); 0 = every call goes to the writer. */
  readers?: number;
  logger?: Logger;
  /** Restart backoff: initialMs doubling up to maxMs; reset after a core lived stableMs. */
  restart?: { initialMs?: number; maxMs?: number; stableMs?: number };
  /** How long a call waits for a core that is (re)starting before failing as unavailable. */
  waitMs?: number;
  /** How long stop() waits for an orderly stop before ending the worker/process. */
  stopTimeoutMs?: number;
};

export type CoreClient = {
  dispatch: Dispatch;
  /** The same call, answered with the Result envelope as JSON text (the HTTP host sends it as is). */
  dispatchJson(method: unknown, input: unknown, meta?: CallMeta): Promise<string>;
  onEvent(cb: (e: CoreEvent) => void): () => void;
  /** Starts the writer (database opened and migrated, background services running), then the readers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Writer restarts so far (after crashes). */
  restarts(): number;
  /** Readers that are up and answering. */
  readersReady(): number;
  /** Whether the writer is up and answering (false from its exit until its restart is ready). */
  writerReady(): boolean;
  /** Ends a core at once, as a crash would (tests and fault drills). */
  kill(role: CoreRole, index?: number): void;
};

/** The contract marks pure SQL reads with `read: true`; only those may go to a reader. */
export function isReadMethod(method: unknown): method is Method {
  return isMethod(method) && (contract[method] as { read?: boolean }).read === true;
}

export const unavailable = (message: string): string =>
  JSON.stringify({ ok: false, error: { code: 'unavailable', message } } satisfies Result<never>);
const RESTARTED = "Steward's core restarted while this request was running. Try again.";

type Pending = { method: string; input: unknown; meta?: CallMeta; resolve: (json: string) => void };

/** One running worker/process and its calls in flight. */
class Member {
  readonly pending = new Map<number, Pending>();
  ready = false;
  dead = false;
  readonly startedAt = Date.now();
  private seq = 0;
  private waiters: { ok: () => void; fail: (m: string) => void }[] = [];
  private controlWaiters = new Map<string, (() => void)[]>();
  constructor(
    readonly role: CoreRole,
    readonly index: number,
    readonly channel: CoreChannel,
  ) {}
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (this.dead) return Promise.reject(new Error('gone'));
    return new Promise((ok, fail) => this.waiters.push({ ok, fail: (m) => fail(new Error(m)) }));
  }
  markReady() {
    this.ready = true;
    for (const w of this.waiters.splice(0)) w.ok();
  }
  markFailed(message: string) {
    for (const w of this.waiters.splice(0)) w.fail(message);
  }
  call(method: string, input: unknown, meta?: CallMeta): Promise<string> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(id, { method, input, meta, resolve });
      this.channel.post({ t: 'call', id, method, input, meta });
    });
  }
  settle(id: number, json: string) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(json);
  }
  control(t: 'start' | 'stop'): Promise<void> {
    const answer = t === 'start' ? 'started' : 'stopped';
    return new Promise((ok) => {
      const list = this.controlWaiters.get(answer) ?? [];
      list.push(ok);
      this.controlWaiters.set(answer, list);
      this.channel.post({ t });
    });
  }
  answered(t: 'started' | 'stopped') {
    for (const ok of this.controlWaiters.get(t)?.splice(0) ?? []) ok();
  }
  /** The worker/process is gone: every waiter is released. Returns the calls that were in flight. */
  die(): Pending[] {
    this.dead = true;
    this.ready = false;
    this.markFailed('gone');
    for (const list of this.controlWaiters.values()) for (const ok of list.splice(0)) ok();
    const inflight = [...this.pending.values()];
    this.pending.clear();
    return inflight;
  }
}

/** A slot (the writer, or reader n) that keeps one member alive, restarting it with backoff. */
type Slot = {
  role: CoreRole;
  index: number;
  member: Member | null;
  attempts: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Resolves when the slot has a ready member (replaced after every death). */
  up: Promise<void>;
  signalUp: () => void;
};

export function createCoreClient(o: CoreClientOptions): CoreClient {
  const logger = o.logger ?? silentLogger;
  const initialMs = o.restart?.initialMs ?? 200;
  const maxMs = o.restart?.maxMs ?? 10_000;
  const stableMs = o.restart?.stableMs ?? 30_000;
  const waitMs = o.waitMs ?? 15_000;
  const readerCount = o.readers ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const listeners = new Set<(e: CoreEvent) => void>();
  let stopping = false;
  let started = false;
  let restarts = 0;
  // The writer ended because its database was corrupted: once it restarted (restoring a backup),
  // the readers are restarted too, so they reopen the restored file.
  let reopenReaders = false;

  const emit = (e: CoreEvent) => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        // a failing listener (closed window, dropped SSE client) must not break the host
      }
    }
  };

  const newSlot = (role: CoreRole, index: number): Slot => {
    const slot = { role, index, member: null, attempts: 0, timer: null } as unknown as Slot;
    slot.up = new Promise<void>((r) => (slot.signalUp = r));
    return slot;
  };
  const writer = newSlot('writer', 0);
  const readers: Slot[] = Array.from({ length: readerCount }, (_, i) => newSlot('reader', i));

  /** Spawns the slot's worker/process; resolves once it is ready (rejects with the core's reason). */
  function spawn(slot: Slot): Promise<Member> {
    const channel = o.spawn(slot.role, slot.index);
    const m = new Member(slot.role, slot.index, channel);
    slot.member = m;
    channel.onMessage((msg: CoreMessage) => {
      switch (msg.t) {
        case 'ready':
          return m.markReady();
        case 'failed':
          logger.error('core failed to start', {
            role: m.role,
            index: m.index,
            error: msg.message,
          });
          m.markFailed(msg.message);
          return channel.kill();
        case 'result':
          return m.settle(msg.id, msg.json);
        case 'event':
          return emit(msg.event);
        case 'started':
        case 'stopped':
          return m.answered(msg.t);
        case 'secret':
          try {
            o.persistSecret?.(
              msg.op === 'set'
                ? { op: 'set', ref: msg.ref, value: msg.value }
                : { op: 'delete', ref: msg.ref },
            );
          } catch (err) {
            logger.error('could not persist a secret', {
              ref: msg.ref,
              error: (err as Error).message,
            });
          }
          return;
        case 'log':
          return logger[msg.level](msg.msg, {
            ...msg.data,
            core: m.role === 'writer' ? 'writer' : `reader${m.index}`,
          });
        case 'redact':
          return logger.registerSecret?.(msg.value);
      }
    });
    channel.onExit((info) => onExit(slot, m, info));
    const secrets: SecretsInit = slot.role === 'writer' ? o.secrets() : { kind: 'none' };
    channel.post({ t: 'init', role: slot.role, options: o.options, secrets });
    return m.whenReady().then(() => m);
  }

  function onExit(slot: Slot, m: Member, info: { code: number | null; reason: string }) {
    const inflight = m.die();
    if (slot.member !== m) return;
    slot.member = null;
    slot.up = new Promise<void>((r) => (slot.signalUp = r));
    if (stopping) {
      for (const p of inflight) p.resolve(unavailable('Steward is shutting down'));
      return;
    }
    logger.error('core exited', {
      role: slot.role,
      index: slot.index,
      code: info.code,
      reason: info.reason,
      inflight: inflight.length,
    });
    if (slot.role === 'writer' && info.code === EXIT_DB_CORRUPT) reopenReaders = true;
    if (slot.role === 'reader') {
      // Reads are idempotent: answer them elsewhere rather than failing them.
      for (const p of inflight) void route(p.method, p.input, p.meta).then(p.resolve);
    } else {
      for (const p of inflight) p.resolve(unavailable(RESTARTED));
    }
    if (Date.now() - m.startedAt >= stableMs) slot.attempts = 0;
    const delay = Math.min(maxMs, initialMs * 2 ** slot.attempts);
    slot.attempts++;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void restart(slot);
    }, delay);
  }

  async function restart(slot: Slot) {
    if (stopping) return;
    try {
      const m = await spawn(slot);
      if (slot.role === 'writer') {
        await m.control('start');
        if (m.dead) return;
        restarts++;
        logger.warn('core restarted', { role: 'writer', restarts });
        slot.signalUp();
        if (reopenReaders) {
          reopenReaders = false;
          for (const r of readers) r.member?.channel.kill();
        }
        emit({ name: 'app.reconnected', payload: { restarts, at: new Date().toISOString() } });
      } else {
        slot.signalUp();
      }
    } catch {
      // the member exited or failed: onExit scheduled the next attempt
    }
  }

  /** A ready reader with the fewest calls in flight, or null (then the writer answers). */
  function pickReader(): Member | null {
    let best: Member | null = null;
    for (const s of readers) {
      const m = s.member;
      if (m && m.ready && !m.dead && (!best || m.pending.size < best.pending.size)) best = m;
    }
    return best;
  }

  async function writerMember(): Promise<Member | null> {
    const current = writer.member;
    if (current?.ready && !current.dead) return current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
    const res = await Promise.race([writer.up.then(() => 'up' as const), timeout]);
    clearTimeout(timer);
    if (res === 'timeout') return null;
    const m = writer.member;
    return m?.ready && !m.dead ? m : null;
  }

  async function route(method: string, input: unknown, meta?: CallMeta): Promise<string> {
    if (stopping) return unavailable('Steward is shutting down');
    if (isReadMethod(method)) {
      const r = pickReader();
      if (r) return r.call(method, input, meta);
    }
    const w = await writerMember();
    if (!w)
      return unavailable("Steward's core is restarting and did not come back in time. Try again.");
    return w.call(method, input, meta);
  }

  return {
    dispatch: async (method, input, meta) =>
      JSON.parse(await route(method as string, input, meta)) as Result<unknown>,
    dispatchJson: (method, input, meta) => route(method as string, input, meta),
    onEvent(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    async start() {
      if (started) return;
      started = true;
      try {
        const w = await spawn(writer);
        await w.control('start');
        if (w.dead) throw new Error('The core exited while starting');
      } catch (err) {
        // A core that cannot start (database from a newer Steward, unreadable folder) is reported
        // to the caller, not restarted in a loop.
        stopping = true;
        if (writer.timer) clearTimeout(writer.timer);
        writer.member?.channel.kill();
        throw err;
      }
      writer.signalUp();
      // Readers open the database the writer has just migrated; until one is ready the writer reads.
      for (const s of readers) {
        spawn(s).then(
          () => s.signalUp(),
          () => {},
        );
      }
    },
    async stop() {
      stopping = true;
      const slots = [writer, ...readers];
      for (const s of slots) if (s.timer) clearTimeout(s.timer);
      await Promise.all(
        slots.map(async (s) => {
          const m = s.member;
          if (!m || m.dead) return;
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timeout = new Promise<void>(
            (r) => (timer = setTimeout(r, o.stopTimeoutMs ?? 10_000)),
          );
          await Promise.race([m.ready ? m.control('stop') : Promise.resolve(), timeout]);
          clearTimeout(timer);
          m.channel.kill();
        }),
      );
    },
    restarts: () => restarts,
    readersReady: () => readers.filter((s) => s.member?.ready && !s.member.dead).length,
    writerReady: () => writer.member?.ready === true && !writer.member.dead,
    kill(role, index = 0) {
      const slot = role === 'writer' ? writer : readers[index];
      slot?.member?.channel.kill();
    },
  };
}
