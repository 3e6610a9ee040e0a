// The browser-mode host's core for real: the bundled core worker (dist/server/coreWorker.mjs as
// build.mjs makes it) on a real SQLite file, with a reader worker beside it, against the Discourse
// simulator. The writer is killed while a reply is in flight; the host restarts it, says so, and
// the reply typed before the kill reaches the forum exactly once.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent, Output } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import { createCoreClient, type CoreClient } from '../../../electron/host/coreClient';
import { WRITER_NICE } from '../../../electron/host/priority';
import { workerSpawner } from '../../../electron/host/workerChannel';
import { startHttpHost } from '../../../electron/server/httpHost';
import { tempDir } from '../../helpers/core';
import { connect, forumCore, startForum } from '../../helpers/forum';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = join(root, 'node_modules', '.cache', 'steward-test', `coreWorker-${process.pid}.mjs`);

let sim: DiscourseSimulator | null = null;
let client: CoreClient | null = null;
const dirs: { cleanup(): void }[] = [];
afterEach(async () => {
  await client?.stop();
  await sim?.close();
  client = null;
  sim = null;
  for (const d of dirs.splice(0)) d.cleanup();
});

beforeAll(async () => {
  mkdirSync(join(root, 'node_modules', '.cache', 'steward-test'), { recursive: true });
  await build({
    entryPoints: [join(root, 'electron/server/coreWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outfile: entry,
    logLevel: 'error',
  });
});

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const posts = (s: DiscourseSimulator) =>
  s.requests('acme').filter((r) => r.method === 'POST' && r.path.endsWith('/posts.json'));

/** A workspace with the simulator's forum connected and polled once, made in-process, then closed. */
async function workspace(s: DiscourseSimulator) {
  const tmp = tempDir();
  dirs.push(tmp);
  const setup = await forumCore({ dir: tmp.dir, secrets: createKeyFileSecretStore(tmp.dir) });
  const { source } = await connect(setup, s);
  await setup.internals.sync.runOnce(source.id);
  const page = await setup.call('queue.list', {});
  await setup.stop();
  expect(page.rows.length).toBeGreaterThanOrEqual(2);
  return { dir: tmp.dir, conversations: page.rows.map((r) => r.id) };
}

function startClient(dir: string, restartMs = 50) {
  client = createCoreClient({
    spawn: workerSpawner(entry),
    options: { dataDir: dir, mode: 'test', pollIntervalMs: 3_600_000 },
    secrets: () => ({ kind: 'keyfile', dir }),
    readers: 1,
    restart: { initialMs: restartMs, maxMs: 5000 },
  });
  return client;
}

/** Each thread of this process: its id and nice value (/proc/self/task/<tid>/stat, field 19). */
function threadNices(): { tid: number; nice: number }[] {
  const out: { tid: number; nice: number }[] = [];
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      out.push({ tid: Number(t), nice: Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

describe('browser-mode core in worker threads', () => {
  // Linux only (a worker thread's own priority), and not when the tests themselves run niced.
  it.runIf(process.platform === 'linux' && os.getPriority(0) === 0)(
    'the writer thread runs at a lower priority than the host and the reader; a restarted writer too',
    async () => {
      sim = await startForum();
      const ws = await workspace(sim);
      const niced = () => threadNices().filter((t) => t.nice === WRITER_NICE).length;
      const before = niced();
      const c = startClient(ws.dir);
      await c.start();
      await expect.poll(() => c.readersReady(), { timeout: 15_000 }).toBe(1);
      const main = threadNices().find((t) => t.tid === process.pid)!;
      expect(main.nice).toBe(0); // the host thread keeps its priority
      const withWriter = niced();
      expect(withWriter).toBeGreaterThan(before); // the writer's thread (and what it started)
      // The reader answers at the normal priority: most threads of the process are not lowered.
      expect(threadNices().filter((t) => t.nice === 0).length).toBeGreaterThan(withWriter);
      c.kill('writer');
      await expect.poll(() => c.restarts(), { timeout: 15_000 }).toBe(1);
      value(await c.dispatch('drafts.save', { conversationId: ws.conversations[0]!, body: 'x' }));
      expect(niced()).toBeGreaterThan(before);
      expect(threadNices().find((t) => t.tid === process.pid)!.nice).toBe(0);
    },
    60_000,
  );

  it('answers reads from the reader while the writer is down; writes wait for the writer', async () => {
    sim = await startForum();
    const ws = await workspace(sim);
    // A restart delay of 1.5 s: the reads below run while no writer exists.
    const c = startClient(ws.dir, 1500);
    await c.start();
    await expect.poll(() => c.readersReady(), { timeout: 15_000 }).toBe(1);
    const before = value<Output<'queue.list'>>(await c.dispatch('queue.list', {}));
    c.kill('writer');
    // The host has seen the writer's exit (a write sent before that would fail as "restarted").
    await expect.poll(() => c.writerReady(), { timeout: 15_000 }).toBe(false);
    // Reads keep working with no writer at all: they are served by the reader worker.
    const page = value<Output<'queue.list'>>(await c.dispatch('queue.list', {}));
    expect(page.total).toBe(before.total);
    const detail = value<Output<'conversations.get'>>(
      await c.dispatch('conversations.get', { id: ws.conversations[0]! }),
    );
    expect(detail.messages.length).toBeGreaterThan(0);
    // A write issued now is answered by the restarted writer.
    const saved = value<Output<'drafts.save'>>(
      await c.dispatch('drafts.save', {
        conversationId: ws.conversations[0]!,
        body: 'written after the restart',
      }),
    );
    expect(saved.savedAt).toBeTruthy();
    expect(c.restarts()).toBe(1);
    expect(
      value<Output<'conversations.get'>>(
        await c.dispatch('conversations.get', { id: ws.conversations[0]! }),
      ).draft,
    ).toBe('written after the restart');
  }, 60_000);

  it('restarts a killed writer; a reply acknowledged before the kill is delivered exactly once, the draft survives', async () => {
    sim = await startForum();
    const ws = await workspace(sim);
    const [convA, convB] = ws.conversations as [number, number];
    const c = startClient(ws.dir);
    const events: CoreEvent[] = [];
    c.onEvent((e) => events.push(e));
    await c.start();

    // The agent types a draft in one conversation and sends a reply in another.
    value(
      await c.dispatch('drafts.save', {
        conversationId: convB,
        body: 'Half-typed answer that must survive.',
      }),
    );
    sim.hangAfterApply('acme', { hold: true }); // the forum creates the post, the response never comes
    const body = 'Reply acknowledged before the core died.';
    const sent = value<Output<'replies.send'>>(
      await c.dispatch('replies.send', {
        conversationId: convA,
        body,
        idempotencyKey: 'worker-kill-0001',
      }),
    );
    expect(sent.deliveryState).toBe('queued');
    await expect.poll(() => posts(sim!).length, { timeout: 15_000 }).toBe(1); // the request is in flight

    c.kill('writer');
    await expect
      .poll(() => events.some((e) => e.name === 'app.reconnected'), { timeout: 15_000 })
      .toBe(true);
    expect(c.restarts()).toBe(1);

    // The restarted writer reconciles the interrupted send (findSent) instead of posting again.
    await expect
      .poll(
        async () =>
          value<Output<'conversations.get'>>(
            await c.dispatch('conversations.get', { id: convA }),
          ).messages.find((m) => m.id === sent.id)?.deliveryState,
        { timeout: 20_000 },
      )
      .toBe('sent');
    expect(posts(sim)).toHaveLength(1);
    expect(sim.posts('acme').filter((p) => p.raw === body)).toHaveLength(1);
    const b = value<Output<'conversations.get'>>(
      await c.dispatch('conversations.get', { id: convB }),
    );
    expect(b.draft).toBe('Half-typed answer that must survive.');
    // A retried Send with the same key after the restart is the same reply, not a second one.
    const again = value<Output<'replies.send'>>(
      await c.dispatch('replies.send', {
        conversationId: convA,
        body,
        idempotencyKey: 'worker-kill-0001',
      }),
    );
    expect(again.id).toBe(sent.id);
    expect(sim.posts('acme').filter((p) => p.raw === body)).toHaveLength(1);
  }, 60_000);

  it('the HTTP host sends the JSON envelope of the core worker as is, behind the same token guard', async () => {
    sim = await startForum();
    const ws = await workspace(sim);
    const c = startClient(ws.dir);
    await c.start();
    const host = await startHttpHost({
      dispatch: c.dispatch,
      dispatchJson: c.dispatchJson,
      onEvent: c.onEvent,
      token: 'worker-token-0123456789',
    });
    try {
      const call = (method: string, body: unknown, token = 'worker-token-0123456789') =>
        fetch(`${host.url}/rpc/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Steward-Token': token },
          body: JSON.stringify(body),
        });
      const ok = await call('queue.list', { limit: 5 });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/application\/json/);
      const page = (await ok.json()) as Result<Output<'queue.list'>>;
      expect(page.ok && page.value.rows.map((r) => r.id)).toEqual(
        value<Output<'queue.list'>>(await c.dispatch('queue.list', { limit: 5 })).rows.map(
          (r) => r.id,
        ),
      );
      expect(await (await call('queue.list', { limit: 'x' })).json()).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect((await call('queue.list', {}, 'wrong-token-0123456789x')).status).toBe(401);
    } finally {
      await host.close();
    }
  }, 60_000);
});
