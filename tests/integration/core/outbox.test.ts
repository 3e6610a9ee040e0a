// The outbox against the Discourse simulator: exactly-once delivery, unknown outcomes reconciled,
// and a sender killed mid-send (a real SIGKILL of a child process) resumes without a duplicate.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import { memorySecrets, tempDir, type TestCore } from '../../helpers/core';
import { API_KEY, API_USER, connect, forumCore, startForum } from '../../helpers/forum';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');
const childBundle = join(root, 'node_modules', '.cache', 'steward-test', 'sendAndHang.mjs');

let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

const posts = (s: DiscourseSimulator) =>
  s.requests('acme').filter((r) => r.method === 'POST' && r.path.endsWith('/posts.json'));

async function firstConversation(c: TestCore, sourceId: number) {
  await c.internals.sync.runOnce(sourceId);
  const page = await c.call('queue.list', {});
  expect(page.total).toBeGreaterThan(0);
  return page.rows[0]!;
}

describe('outbox', () => {
  it('delivers a reply exactly once and records the platform id', async () => {
    sim = await startForum();
    core = await forumCore();
    const { source } = await connect(core, sim);
    const conv = await firstConversation(core, source.id);
    const msg = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hello from the agency, we are looking into it.',
      idempotencyKey: 'key-00000001',
    });
    expect(msg.deliveryState).toBe('queued');
    // A double-click / retried request with the same key is the same reply.
    const again = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hello from the agency, we are looking into it.',
      idempotencyKey: 'key-00000001',
    });
    expect(again.id).toBe(msg.id);
    await core.internals.outbox.drain();
    const detail = await core.call('conversations.get', { id: conv.id });
    const sent = detail.messages.find((m) => m.id === msg.id)!;
    expect(sent.deliveryState).toBe('sent');
    expect(sent.externalId).not.toBeNull();
    expect(posts(sim)).toHaveLength(1);
    expect(sim.posts('acme').filter((p) => String(p.id) === sent.externalId)).toHaveLength(1);
    expect(detail.conversation.firstRepliedAt).not.toBeNull();
    // Polling brings our own post back: still one message.
    await core.internals.sync.runOnce(source.id);
    const after = await core.call('conversations.get', { id: conv.id });
    expect(after.messages.filter((m) => m.direction === 'outbound')).toHaveLength(1);
  });

  it('a started core delivers a reply on its own (Send kicks the sender; no manual drain)', async () => {
    sim = await startForum();
    core = await forumCore();
    const { source } = await connect(core, sim);
    const conv = await firstConversation(core, source.id);
    await core.start();
    await core.internals.sync.stop();
    const states: string[] = [];
    core.onEvent((e) => e.name === 'outbox.changed' && states.push(e.payload.state));
    const m = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Delivered by the kicked sender.',
      idempotencyKey: 'kick-0000001',
    });
    await expect
      .poll(() => core!.internals.repos.outbox.byMessage(m.id)!.state, { timeout: 5000 })
      .toBe('sent');
    expect(states).toEqual(['sending', 'sent']);
    expect(posts(sim)).toHaveLength(1);
  });

  it('reconciles an unknown outcome (request applied, response lost) instead of posting twice', async () => {
    sim = await startForum();
    core = await forumCore();
    const { source } = await connect(core, sim);
    const conv = await firstConversation(core, source.id);
    sim.hangAfterApply('acme');
    const msg = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'This reply will time out after it was applied.',
      idempotencyKey: 'key-00000002',
    });
    await core.internals.outbox.drain();
    let state = (await core.call('conversations.get', { id: conv.id })).messages.find(
      (m) => m.id === msg.id,
    )!.deliveryState;
    expect(state).toBe('unknown');
    expect(posts(sim)).toHaveLength(1);
    // Next attempt: reconcile finds the post; no second POST.
    core.internals.db.prepare('UPDATE outbox SET next_attempt_at = 0').run();
    await core.internals.outbox.drain();
    state = (await core.call('conversations.get', { id: conv.id })).messages.find(
      (m) => m.id === msg.id,
    )!.deliveryState;
    expect(state).toBe('sent');
    expect(posts(sim)).toHaveLength(1);
    expect(
      sim.posts('acme').filter((p) => p.raw === 'This reply will time out after it was applied.'),
    ).toHaveLength(1);
  });

  it('waits out a 429 and then delivers', async () => {
    sim = await startForum();
    core = await forumCore();
    const { source } = await connect(core, sim);
    const conv = await firstConversation(core, source.id);
    sim.failNext('acme', { status: 429, retryAfterSec: 1 });
    const msg = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Rate limited at first, then delivered.',
      idempotencyKey: 'key-00000003',
    });
    await core.internals.outbox.drain();
    const row = core.internals.repos.outbox.byMessage(msg.id)!;
    expect(row.state).toBe('queued');
    expect(row.next_attempt_at).toBeGreaterThanOrEqual(Date.now() + 200);
    core.internals.db.prepare('UPDATE outbox SET next_attempt_at = 0').run();
    await new Promise((r) => setTimeout(r, 1100)); // the source's limiter honours Retry-After too
    await core.internals.outbox.drain();
    expect(core.internals.repos.outbox.byMessage(msg.id)!.state).toBe('sent');
    expect(
      sim.posts('acme').filter((p) => p.raw === 'Rate limited at first, then delivered.'),
    ).toHaveLength(1);
  });
});

describe('a sender killed mid-send', () => {
  beforeAll(async () => {
    mkdirSync(join(root, 'node_modules', '.cache', 'steward-test'), { recursive: true });
    await build({
      entryPoints: [join(here, 'child', 'sendAndHang.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: childBundle,
      logLevel: 'error',
    });
  });

  it('resumes after SIGKILL: the reply reaches the forum once, and is marked sent', async () => {
    sim = await startForum();
    const tmp = tempDir();
    // Set up the workspace in this process, then let a child process send and die mid-request.
    const setup = await forumCore({ dir: tmp.dir, secrets: createKeyFileSecretStore(tmp.dir) });
    const { source } = await connect(setup, sim);
    const conv = await firstConversation(setup, source.id);
    await setup.stop();

    sim.hangAfterApply('acme', { hold: true }); // the post is created, the response never comes
    const child = spawn(process.execPath, [childBundle, tmp.dir, String(conv.id)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    await expect.poll(() => posts(sim!).length, { timeout: 15_000 }).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(out).toContain('queued');

    // Restart on the same data folder: the interrupted send is reconciled, not resent.
    core = await forumCore({ dir: tmp.dir, secrets: createKeyFileSecretStore(tmp.dir) });
    await core.internals.sync.stop();
    const row = core.internals.db.prepare('SELECT * FROM outbox').get() as {
      state: string;
      message_id: number;
    };
    // Left mid-send, unless the child's own poll already found the post and recorded it (a loaded
    // machine kills it later): either way it must end sent, once.
    expect(['unknown', 'sending', 'sent']).toContain(row.state);
    await core.start();
    await core.internals.sync.stop();
    await core.internals.outbox.drain();
    const detail = await core.call('conversations.get', { id: conv.id });
    expect(detail.messages.find((m) => m.id === row.message_id)!.deliveryState).toBe('sent');
    expect(posts(sim)).toHaveLength(1);
    expect(
      sim.posts('acme').filter((p) => p.raw === 'Reply sent by a process that is about to die.'),
    ).toHaveLength(1);
    tmp.cleanup();
  });

  it('a reply queued but not yet sent when the app died is delivered after restart', async () => {
    sim = await startForum();
    const tmp = tempDir();
    const secrets = memorySecrets();
    const first = await forumCore({ dir: tmp.dir, secrets });
    const { source } = await connect(first, sim);
    const conv = await firstConversation(first, source.id);
    await first.internals.outbox.stop(); // the sender never runs: as if the app died right after Send
    await first.call('replies.send', {
      conversationId: conv.id,
      body: 'Queued before the crash.',
      idempotencyKey: 'key-00000004',
    });
    first.internals.db.close(); // no orderly shutdown
    expect(posts(sim)).toHaveLength(0);
    core = await forumCore({ dir: tmp.dir, secrets });
    await core.start();
    await core.internals.sync.stop();
    await core.internals.outbox.drain();
    expect(sim.posts('acme').filter((p) => p.raw === 'Queued before the crash.')).toHaveLength(1);
    void API_KEY;
    void API_USER;
    tmp.cleanup();
  });
});
