// The sync scheduler against the Discourse simulator: ingest through the real connector, health per
// source, one unreachable source never stalls another, malformed items quarantined.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import type { TestCore } from '../../helpers/core';
import { API_KEY, API_USER, connect, forumCore, startForum } from '../../helpers/forum';

let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = sim = null;
});

describe('sync', () => {
  it('pulls seeded topics into the queue, then only what is new', async () => {
    sim = await startForum('acme', 4);
    core = await forumCore();
    const { source } = await connect(core, sim);
    await core.internals.sync.runOnce(source.id);
    const first = await core.call('queue.list', {});
    expect(first.total).toBeGreaterThan(0);
    const messages = () =>
      (core!.internals.db.prepare('SELECT count(*) n FROM messages').get() as { n: number }).n;
    const before = messages();
    await core.internals.sync.runOnce(source.id);
    expect(messages()).toBe(before); // nothing new, nothing duplicated
    sim.addMemberPost('acme', {
      title: 'Brand new question about invoices',
      raw: "How do I download last month's invoice as PDF?",
      username: 'newbie',
    });
    await core.internals.sync.runOnce(source.id);
    expect(messages()).toBe(before + 1);
    const page = await core.call('queue.list', { search: 'invoice' });
    expect(page.rows.some((r) => r.title === 'Brand new question about invoices')).toBe(true);
    const [health] = await core.call('sources.list', {});
    expect(health!.health).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(health!.health.lastSyncAt).not.toBeNull();
  });

  it('one unreachable source does not stall the others, and shows why', async () => {
    sim = await startForum('acme', 2);
    core = await forumCore();
    const { source } = await connect(core, sim);
    const client2 = await core.call('clients.create', { name: 'Broken Co', timezone: 'UTC' });
    const dead = await core.call('sources.add', {
      clientId: client2.id,
      platform: 'discourse',
      name: 'Dead forum',
      baseUrl: 'http://127.0.0.1:9',
      config: { apiUsername: API_USER },
      secrets: { apiKey: API_KEY },
    });
    await core.internals.sync.stop();
    await Promise.all([
      core.internals.sync.runOnce(dead.id),
      core.internals.sync.runOnce(source.id),
    ]);
    const sources = await core.call('sources.list', {});
    const d = sources.find((s) => s.id === dead.id)!;
    const ok = sources.find((s) => s.id === source.id)!;
    expect(d.health.status).toBe('degraded');
    expect(d.health.lastError).toBeTruthy();
    expect(d.health.nextAttemptAt).not.toBeNull();
    expect(ok.health.status).toBe('ok');
    expect((await core.call('queue.list', {})).total).toBeGreaterThan(0);
  });

  it('a wrong API key is a failing source with a clear error, and the key is not in it', async () => {
    sim = await startForum('acme', 1);
    core = await forumCore();
    const client = await core.call('clients.create', { name: 'Acme', timezone: 'UTC' });
    const src = await core.call('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'Acme',
      baseUrl: sim.siteUrl('acme'),
      config: { apiUsername: API_USER },
      secrets: { apiKey: 'wrong-key-xyz-123' },
    });
    await core.internals.sync.stop();
    await core.internals.sync.runOnce(src.id);
    const s = (await core.call('sources.list', {}))[0]!;
    expect(s.health.status).toBe('failing');
    expect(s.health.lastError).not.toContain('wrong-key-xyz-123');
    expect(JSON.stringify(s)).not.toContain('wrong-key-xyz-123');
    expect(s.hasSecret).toBe(true);
  });

  it('quarantines a malformed post with its reason and keeps syncing the rest', async () => {
    sim = await startForum('acme', 2);
    core = await forumCore();
    const { source } = await connect(core, sim);
    await core.internals.sync.runOnce(source.id);
    sim.addMemberPost('acme', {
      title: 'Good one',
      raw: 'A perfectly normal question about shipping.',
      username: 'alice',
    });
    sim.malformedNext('acme', 1);
    sim.addMemberPost('acme', {
      title: 'Broken one',
      raw: 'This one will arrive broken.',
      username: 'mallory',
    });
    sim.addMemberPost('acme', {
      title: 'Another good one',
      raw: 'And a question about returns.',
      username: 'bob',
    });
    await core.internals.sync.runOnce(source.id);
    const q = await core.call('sources.quarantine', { sourceId: source.id });
    expect(q.length).toBeGreaterThanOrEqual(1);
    expect(q[0]!.reason.length).toBeGreaterThan(5);
    const titles = (await core.call('queue.list', { limit: 500 })).rows.map((r) => r.title);
    expect(titles).toContain('Good one');
    expect(titles).toContain('Another good one');
    expect((await core.call('sources.list', {}))[0]!.health.quarantined).toBeGreaterThanOrEqual(1);
  });

  it('picks up an edit of an older post by re-reading recently active topics', async () => {
    sim = await startForum('acme', 3);
    core = await forumCore();
    const { source } = await connect(core, sim);
    await core.internals.sync.runOnce(source.id);
    const post = sim.posts('acme').find((p) => p.post_number === 1)!;
    sim.editPost('acme', post.id, 'Update: it works again after the latest release, thanks!');
    for (let i = 0; i < 12; i++) await core.internals.sync.runOnce(source.id);
    const row = core.internals.db
      .prepare('SELECT id, body_text, version FROM messages WHERE external_id = ?')
      .get(String(post.id)) as { id: number; body_text: string; version: number };
    expect(row.body_text).toBe('Update: it works again after the latest release, thanks!');
    expect(row.version).toBe(2);
    expect(
      core.internals.db
        .prepare('SELECT count(*) n FROM message_revisions WHERE message_id = ?')
        .get(row.id),
    ).toEqual({ n: 1 });
  });
});

describe('sync at shutdown', () => {
  it('a poll in flight when the core stops ends before the database closes, and is not recorded as a failure', async () => {
    // A forum that accepts the request and never answers: the poll is in flight until aborted.
    let arrived!: () => void;
    const requestIn = new Promise<void>((r) => (arrived = r));
    const hung = createServer(() => arrived());
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    try {
      core = await forumCore();
      const client = await core.call('clients.create', {
        name: 'Acme',
        timezone: 'UTC',
        firstReplyMinutes: 60,
      });
      const source = await core.call('sources.add', {
        clientId: client.id,
        platform: 'discourse',
        name: 'Silent Forum',
        baseUrl: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
        config: { apiUsername: API_USER },
        secrets: { apiKey: API_KEY },
      });
      await core.internals.sync.stop();
      const poll = core.internals.sync.runOnce(source.id);
      await requestIn;
      await core.close(); // shutdown aborts the request, then closes the database
      core = null;
      await expect(poll).resolves.toBeUndefined(); // before the fix: "The database connection is not open"
    } finally {
      hung.closeAllConnections();
      await new Promise((r) => hung.close(r));
    }
  });
});
