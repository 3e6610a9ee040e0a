// Ingest v2: Discord AutoMod items from the Discord simulator (flag reusing the message id, and a
// blocked message as an `automod-…` item in an `automod:` conversation), the fixture shape, deletions by
// id, attachments as metadata, internal notes, and ONE "mark replied" rule shared by the ingest and the
// outbox follow-up (property: any interleaving of the two paths gives the reference row).
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { mapAutoMod } from '../../../electron/core/connectors/discord/mapper';
import { DiscordState } from '../../../electron/core/connectors/discord/state';
import {
  startDiscordSimulator,
  type DiscordSimulator,
} from '../../../electron/demo/simulators/discord';
import { makeCore, type TestCore } from '../../helpers/core';
import { item } from '../../helpers/items';
import { catchUpPoll, discordCtx, fixture, streamHarness } from '../connectors/discord.helpers';

let core: TestCore;
beforeEach(async () => {
  core = await makeCore();
});
afterEach(async () => {
  await core.close();
});

async function source(platform: string) {
  const client = await core.call('clients.create', { name: `Client ${platform}` });
  const { db } = core.internals;
  // A source row without network: these tests hand items to the ingest directly.
  const id = Number(
    db
      .prepare(
        `INSERT INTO sources (client_id, platform, name, base_url, created_at) VALUES (?, ?, ?, 'http://127.0.0.1:9', 0)`,
      )
      .run(client.id, platform, platform).lastInsertRowid,
  );
  return { id, clientId: client.id };
}

describe('Discord AutoMod from the simulator', () => {
  let sim: DiscordSimulator;
  let general: string;
  beforeEach(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 60 });
    general = sim.addChannel('general');
  });
  afterEach(async () => {
    await sim.close();
  });

  it('a flag reusing the posted message id files one moderation item with the alert meta; a blocked message opens no support work', async () => {
    const alerts = sim.addChannel('mod-alerts');
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const flagged = sim.automod({
      user: ann,
      channelId: general,
      content: 'buy cheap gold at scam.example',
      keyword: 'cheap gold',
      action: 'alert',
      alertChannelId: alerts,
    });
    sim.automod({
      user: ann,
      channelId: general,
      content: 'my phone is 555-0100',
      keyword: '555',
      action: 'block',
    });
    await h.until(
      () =>
        h.delivered.filter((i) => i.moderation).length >= 2 &&
        h.ids().includes(flagged.message!.id),
    );
    await stream.close();

    const src = await source('discord');
    const res = core.internals.ingester.ingest(src, h.delivered, [], Date.now(), h.deletions);
    expect(res.quarantined).toBe(0);
    expect(res.moderationFiled).toBe(2);
    const mod = await core.call('queue.list', { kind: 'moderation' });
    expect(mod.total).toBe(2);
    const details = await Promise.all(
      mod.rows.map((r) => core.call('conversations.get', { id: r.id })),
    );
    const alert = details.find((d) => d.messages[0]?.externalId === flagged.message!.id)!;
    expect(alert.moderation).toMatchObject({ state: 'flagged', reportCount: 0 });
    expect(alert.moderation!.reasons.join(' ')).toContain('cheap gold');
    // The flag's meta (alert message and channel) is merged into the stored message meta: approve needs it.
    expect(core.internals.repos.messages.metaByExternal(src.id, flagged.message!.id)).toMatchObject(
      { channelId: general, alertMessageId: flagged.alert!.id, alertChannelId: alerts },
    );
    const blocked = details.find((d) => d.messages[0]?.externalId?.startsWith('automod-'))!;
    expect(blocked.moderation).toMatchObject({ state: 'filtered' });
    // The flagged message is support work as well (a member posted); the blocked one never became visible.
    const support = await core.call('queue.list', { kind: 'support' });
    expect(support.rows.every((r) => !r.externalId.startsWith('automod:'))).toBe(true);

    // The same batch again (redelivery): nothing new is filed.
    const again = core.internals.ingester.ingest(src, h.delivered, [], Date.now());
    expect(again.moderationFiled + again.moderationUpdated).toBe(0);
    expect((await core.call('queue.list', { kind: 'moderation' })).total).toBe(2);
  });

  it('the recorded AutoMod shape (fixture) through the mapper files an item', async () => {
    const raw = fixture('gateway_automod_execution.json');
    const d = raw && typeof raw === 'object' && 'd' in raw ? raw.d : raw;
    const st = new DiscordState(new Set(), null, null, true);
    const r = mapAutoMod(d, st, Date.now());
    expect('item' in r).toBe(true);
    const src = await source('discord');
    const res = core.internals.ingester.ingest(
      src,
      [(r as { item: NormalizedItem }).item],
      [],
      Date.now(),
    );
    expect(res.moderationFiled).toBe(1);
  });
});

describe('ingest v2 fields', () => {
  it('deletions by id mark messages deleted; attachments are metadata only with safe names and links; reply target and meta kept', async () => {
    const src = await source('discourse');
    const a = item({ topic: 1, post: 1 });
    a.message.attachments = [
      { name: '../../etc/passwd', contentType: 'text/plain', size: 12, url: 'javascript:alert(1)' },
      {
        name: 'photo.png',
        contentType: 'image/png',
        size: 2048,
        url: 'https://cdn.example/photo.png',
      },
    ];
    a.conversation.meta = { channelId: 'c1' };
    const b = item({ topic: 1, post: 2 });
    b.message.replyToExternalId = '1';
    b.message.meta = { postNumber: 2 };
    core.internals.ingester.ingest(src, [a, b], [], Date.now());
    const conv = (await core.call('queue.list', {})).rows[0]!;
    const d = await core.call('conversations.get', { id: conv.id });
    expect(d.messages[0]!.attachments).toEqual([
      { name: '.._.._etc_passwd', contentType: 'text/plain', size: 12, url: null },
      {
        name: 'photo.png',
        contentType: 'image/png',
        size: 2048,
        url: 'https://cdn.example/photo.png',
      },
    ]);
    expect(d.messages[1]!.replyToExternalId).toBe('1');
    expect(core.internals.repos.conversations.meta(conv.id)).toEqual({ channelId: 'c1' });
    const res = core.internals.ingester.ingest(src, [], [], Date.now(), ['2', 'nope']);
    expect(res.deleted).toBe(1);
    expect(
      core.internals.db.prepare('SELECT external_id, deleted FROM messages ORDER BY id').all(),
    ).toEqual([
      { external_id: '1', deleted: 0 },
      { external_id: '2', deleted: 1 },
    ]);
  });

  it('a staff message with meta.internal is an internal note: it fulfils no reply clock', async () => {
    const src = await source('reddit');
    const q = item({ topic: 5, post: 1 });
    const note = item({
      topic: 5,
      post: 2,
      staff: true,
      user: 'mod',
      text: 'internal: watch this user',
    });
    note.message.meta = { internal: true };
    core.internals.ingester.ingest(src, [q, note], [], Date.now());
    const conv = (await core.call('queue.list', {})).rows[0]!;
    const d = await core.call('conversations.get', { id: conv.id });
    expect(d.messages.map((m) => m.direction)).toEqual(['inbound', 'note']);
    expect(d.conversation.firstRepliedAt).toBeNull();
    const clocks = await core.call('sla.clocks', { conversationId: conv.id });
    expect(clocks.find((c) => c.metric === 'first_reply')!.status).toBe('running');
    const reply = item({
      topic: 5,
      post: 3,
      staff: true,
      user: 'mod',
      text: 'Hello, we are on it',
    });
    core.internals.ingester.ingest(src, [reply], [], Date.now());
    expect(
      (await core.call('conversations.get', { id: conv.id })).conversation.firstRepliedAt,
    ).toBe(new Date(reply.message.createdAt).toISOString());
  });
});

describe('one "mark replied" rule for the ingest and the outbox follow-up', () => {
  it('any interleaving of staff posts polled and replies delivered gives the reference conversation row', async () => {
    const src = await source('discourse');
    const { repos, db } = core.internals;
    let topic = 100;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            via: fc.constantFrom('ingest', 'outbox'),
            minute: fc.integer({ min: 2, max: 500 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (replies) => {
          topic++;
          core.internals.ingester.ingest(
            src,
            [item({ topic, post: topic * 100, minute: 1 })],
            [],
            Date.now(),
          );
          const convId = (
            db.prepare('SELECT id FROM conversations WHERE external_id = ?').get(String(topic)) as {
              id: number;
            }
          ).id;
          const before = repos.conversations.raw(convId)!;
          replies.forEach((r, i) => {
            const at = item({ topic, post: 0, minute: r.minute }).message.createdAt;
            if (r.via === 'ingest') {
              core.internals.ingester.ingest(
                src,
                [
                  item({
                    topic,
                    post: topic * 100 + i + 1,
                    minute: r.minute,
                    staff: true,
                    user: 'staff',
                    text: `staff reply ${i}`,
                  }),
                ],
                [],
                Date.now(),
              );
            } else {
              repos.conversations.markReplied(convId, at); // what the outbox follow-up calls
            }
          });
          const after = repos.conversations.raw(convId)!;
          const times = replies.map(
            (r) => item({ topic, post: 0, minute: r.minute }).message.createdAt,
          );
          // Reference: the first reply is the earliest reply, whatever path recorded it and in which order.
          expect(after.first_replied_at).toBe(Math.min(...times));
          expect(after.message_count).toBe(before.message_count + replies.length);
          expect(after.last_message_at).toBe(Math.max(before.last_message_at, ...times));
          expect(after.status).toBe('open');
        },
      ),
      { numRuns: 60 },
    );
  });
});
