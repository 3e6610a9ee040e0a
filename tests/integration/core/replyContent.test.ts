// Structured outbound content: replies.send checks the source's capabilities at the door (replies at
// all, the platform's length limit), and the outbox renders every reply with its connector before
// anything is sent — content the platform cannot take fails with a translatable reason and no request.
import { afterEach, describe, expect, it } from 'vitest';
import { splitReason } from '../../../shared/reasons';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import type { TestCore } from '../../helpers/core';
import { connect, forumCore, startForum } from '../../helpers/forum';
import { item } from '../../helpers/items';

let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = sim = null;
});

const posts = (s: DiscourseSimulator) =>
  s.requests('acme').filter((r) => r.method === 'POST' && r.path.endsWith('/posts.json'));

/** A conversation on a source of `platform`, ingested directly (no network). */
async function conversationOn(c: TestCore, platform: string) {
  const client = await c.call('clients.create', { name: `On ${platform}`, timezone: 'UTC' });
  const src = c.internals.repos.sources.insert(
    {
      clientId: client.id,
      platform,
      name: platform,
      baseUrl: 'http://127.0.0.1:9',
      config: {},
      secretRef: null,
    },
    Date.now(),
  );
  c.internals.ingester.ingest(
    { id: src.id, clientId: client.id },
    [item({ topic: 1, post: 1 })],
    [],
    Date.now(),
  );
  return (await c.call('queue.list', { clientIds: [client.id] })).rows[0]!;
}

describe('replies at the door', () => {
  it('refuses a reply over the platform limit, naming it, and one where the platform takes no replies; nothing is queued', async () => {
    core = await forumCore();
    const discord = await conversationOn(core, 'discord'); // 2,000 characters
    const long = 'x'.repeat(2001);
    const r = await core.dispatch('replies.send', {
      conversationId: discord.id,
      body: long,
      idempotencyKey: 'key-too-long-1',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!r.ok && r.error.message).toContain('2000');
    expect(
      (
        await core.call('replies.send', {
          conversationId: discord.id,
          body: 'x'.repeat(2000),
          idempotencyKey: 'key-fits-0001',
        })
      ).deliveryState,
    ).toBe('queued');

    const readOnly = await conversationOn(core, 'nowhere'); // no connector: no capabilities
    const r2 = await core.dispatch('replies.send', {
      conversationId: readOnly.id,
      body: 'Hello',
      idempotencyKey: 'key-read-only-1',
    });
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.internals.db.prepare('SELECT count(*) n FROM outbox').get()).toEqual({ n: 1 });
    // Notes stay local and are always allowed.
    expect(
      (await core.call('notes.add', { conversationId: readOnly.id, body: 'Seen on the platform' }))
        .direction,
    ).toBe('note');
  });
});

describe('rendering before sending', () => {
  it('a reply the connector cannot render fails with its reason before any request; a good one is sent', async () => {
    sim = await startForum();
    core = await forumCore();
    const { source } = await connect(core, sim);
    await core.internals.sync.runOnce(source.id);
    const conv = (await core.call('queue.list', {})).rows[0]!;
    // Queued under a larger limit (an older version, a limit lowered since): the door cannot see it now.
    const r = core.internals.repos;
    const body = 'y'.repeat(40_000);
    const mid = r.messages.insertLocal({
      conversationId: conv.id,
      sourceId: source.id,
      direction: 'outbound',
      authorName: 'A',
      body,
      bodyHtml: '',
      at: Date.now(),
      deliveryState: 'queued',
    });
    r.outbox.insert({
      messageId: mid,
      conversationId: conv.id,
      sourceId: source.id,
      idempotencyKey: 'key-render-0001',
      body,
      replyToExternalId: null,
      now: Date.now(),
    });
    await core.internals.outbox.drain();
    const failed = (await core.call('conversations.get', { id: conv.id })).messages.find(
      (m) => m.id === mid,
    )!;
    expect(failed.deliveryState).toBe('failed');
    expect(splitReason(failed.deliveryError)).toMatchObject({ reason: 'too_long' });
    expect(posts(sim)).toHaveLength(0);
    expect(r.outbox.byMessage(mid)!.attempts).toBe(0);

    const ok = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'A normal answer.',
      idempotencyKey: 'key-render-0002',
    });
    await core.internals.outbox.drain();
    expect(
      (await core.call('conversations.get', { id: conv.id })).messages.find((m) => m.id === ok.id)!
        .deliveryState,
    ).toBe('sent');
    expect(posts(sim)).toHaveLength(1);
  });
});
