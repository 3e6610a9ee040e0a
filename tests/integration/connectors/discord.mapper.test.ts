// The Discord normalizers on hand-written fixtures (tests/fixtures/discord, real shapes) and on the
// recorded payload corpus when present, replay, rendering, and fast-check fuzzing of every
// normalizer (>= 10,000 runs each) over arbitrary JSON and mutations of real shapes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discordConnector as dc, replyTarget } from '../../../electron/core/connectors/discord';
import {
  emptyDispatch,
  mapAutoMod,
  mapDispatch,
  mapMessage,
  parseDiscordTime,
  QUIET_WINDOW_MS,
} from '../../../electron/core/connectors/discord/mapper';
import { restFor } from '../../../electron/core/connectors/discord/rest';
import { snowflakeAt, snowflakeTime } from '../../../electron/core/connectors/discord/snowflake';
import { DiscordState } from '../../../electron/core/connectors/discord/state';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { silentLogger } from '../../../electron/core/ports';
import { fixture, SHARED } from './discord.helpers';

const GUILD = '1100000000000000100';
const CHANNEL = '1346000000000000000';
const FORUM = '1346000000000000099';
const state = (o: { chosen?: string[] } = {}) =>
  new DiscordState(new Set(o.chosen ?? [CHANNEL, FORUM]), GUILD, null);
const item = (r: ReturnType<typeof mapMessage>): NormalizedItem => {
  if (!('item' in r)) throw new Error(`expected an item, got ${JSON.stringify(r)}`);
  return r.item;
};

describe('mapper on fixtures', () => {
  it('maps a gateway MESSAGE_CREATE: mentions, custom emoji and channels written out, nick, staff role, permalink', () => {
    const st = state();
    const f = fixture('gateway_message_create.json');
    const it1 = item(mapMessage(f.d, st, { staffRoleIds: new Set(['1100000000000000777']) }));
    expect(it1.message.bodyText).toBe(
      '@steward-bot my save file vanished after patch 1.4 :sadcat: in #channel',
    );
    expect(it1.message.bodyHtml).toBe(
      '<p>@steward-bot my save file vanished after patch 1.4 :sadcat: in #channel</p>',
    );
    expect(it1.member).toEqual({
      externalId: '1100000000000000042',
      username: 'kari_plays',
      displayName: 'Kari (EU)',
      avatarUrl:
        'https://cdn.discordapp.com/avatars/1100000000000000042/0a1b2c3d4e5f60718293a4b5c6d7e8f9.png?size=128',
      isStaff: true,
    });
    expect(it1.message.createdAt).toBe(Date.parse('2026-03-02T09:15:04.512Z'));
    expect(it1.message.url).toBe(
      `https://discord.com/channels/${GUILD}/${CHANNEL}/1346054567433535508`,
    );
    expect(it1.conversation).toMatchObject({
      externalId: `chan:${CHANNEL}:1346054567433535508`,
      kind: 'channel',
      meta: { channelId: CHANNEL, guildId: GUILD },
    });
  });

  it('a sticker-only reply is readable and joins the conversation of the message it answers', () => {
    const st = state();
    const first = item(mapMessage(fixture('gateway_message_create.json').d, st));
    const reply = item(mapMessage(fixture('gateway_message_reply.json').d, st));
    expect(reply.message.bodyText).toBe('[sticker: Thumbs Up Frog]');
    expect(reply.message.replyToExternalId).toBe('1346054567433535508');
    expect(reply.conversation.externalId).toBe(first.conversation.externalId);
  });

  it('groups a member’s messages within the quiet window, and starts a new conversation after it', () => {
    const st = state();
    const base = fixture('gateway_message_create.json').d;
    const at = (ms: number, id: string) => ({
      ...base,
      id,
      content: `msg ${id}`,
      timestamp: new Date(ms).toISOString().replace('Z', '+00:00'),
    });
    const t0 = Date.parse('2026-03-02T09:15:04.512Z');
    const a = item(mapMessage(at(t0, '1346054567433535508'), st));
    const b = item(mapMessage(at(t0 + QUIET_WINDOW_MS - 1000, '1346061000000000000'), st));
    const c = item(mapMessage(at(t0 + 2 * QUIET_WINDOW_MS + 1000, '1346070000000000000'), st));
    expect(b.conversation.externalId).toBe(a.conversation.externalId);
    expect(c.conversation.externalId).toBe(`chan:${CHANNEL}:1346070000000000000`);
  });

  it('a partial MESSAGE_UPDATE asks for a re-read; deletes and bulk deletes give ids; threads under chosen channels are learned', () => {
    const st = state();
    const out = emptyDispatch();
    for (const f of [
      'gateway_message_update_partial.json',
      'gateway_message_delete.json',
      'gateway_message_delete_bulk.json',
      'gateway_thread_create.json',
    ]) {
      const frame = fixture(f);
      mapDispatch(frame.t, frame.d, st, { now: Date.now() }, out);
    }
    expect(out.partial).toEqual([{ channelId: CHANNEL, messageId: '1346054567433535508' }]);
    expect(out.deletions).toEqual([
      '1346055180531593287',
      '1346055180531593287',
      '1346054567433535508',
    ]);
    expect(out.newThreads).toEqual(['1346060000000000001']);
    expect(st.kindOf('1346060000000000001', GUILD)).toBe('thread');
    // A thread under a channel we do not follow is ignored.
    const other = state({ chosen: [CHANNEL] });
    const t = fixture('gateway_thread_create.json');
    mapDispatch(t.t, t.d, other, { now: Date.now() });
    expect(other.kindOf('1346060000000000001', GUILD)).toBeNull();
  });

  it('an AutoMod block becomes a filtered moderation item with the matched keyword; the same event twice has one id', () => {
    const st = state();
    const f = fixture('gateway_automod_execution.json');
    const a = mapAutoMod(f.d, st, 1_000);
    const b = mapAutoMod(f.d, st, 2_000);
    if (!('item' in a) || !('item' in b)) throw new Error('expected items');
    expect(a.item.moderation).toEqual({
      state: 'filtered',
      reasons: ['AutoMod keyword rule: message blocked', 'matched “cheap gold”'],
      reportCount: 0,
    });
    expect(a.item.message).toMatchObject({ bodyText: 'selling cheap gold, DM me', deleted: true });
    expect(a.item.message.externalId).toBe(b.item.message.externalId);
  });

  it('REST messages: attachment-only and embed-only messages are readable, system messages skipped, edits versioned', () => {
    const st = state();
    const list = fixture('rest_channel_messages.json') as unknown[];
    const results = list.map((m) => mapMessage(m, st, { kindHint: 'channel' }));
    const [att, emb, sys] = results;
    const a = item(att!);
    expect(a.message.bodyText).toBe(
      '[attachment: .._.._crash log.txt (text/plain; charset=utf-8)]',
    );
    expect(a.message.attachments).toEqual([
      {
        name: '.._.._crash log.txt',
        contentType: 'text/plain; charset=utf-8',
        size: 20480,
        url: expect.stringContaining('cdn.discordapp.com'),
      },
    ]);
    const e = item(emb!);
    expect(e.message.bodyText).toBe(
      'Bug report\nGame freezes at the loading screen\nPlatform: Steam Deck\nVersion: 1.4.2',
    );
    expect(e.message.version).toBe(Date.parse('2026-03-02T11:03:10.777Z'));
    expect(e.message.editedAt).toBe(Date.parse('2026-03-02T11:03:10.777Z'));
    expect(sys).toEqual({
      skipped: 'message 1346068000000000001 is a system message (member join)',
    });
  });

  it('our own bot’s messages are outbound (staff); other bots are skipped', () => {
    const st = state();
    st.me = '1100000000000000001';
    const ours = item(
      mapMessage(fixture('rest_message_created.json'), st, { kindHint: 'channel' }),
    );
    expect(ours.member.isStaff).toBe(true);
    const other = {
      ...fixture('rest_message_created.json'),
      author: { id: '1100000000000000002', username: 'mee6', bot: true },
    };
    expect(mapMessage(other, st, { kindHint: 'channel' })).toMatchObject({
      skipped: expect.stringContaining('another bot'),
    });
  });

  it('parses Discord timestamps strictly and snowflake times exactly', () => {
    expect(parseDiscordTime('2020-07-14T13:02:12.171000+00:00')).toBe(
      Date.parse('2020-07-14T13:02:12.171Z'),
    );
    expect(parseDiscordTime('2026-02-31T00:00:00+00:00')).toBeNaN();
    expect(parseDiscordTime('Tuesday')).toBeNaN();
    expect(snowflakeTime('175928847299117063')).toBe(1462015105796);
    expect(snowflakeTime(snowflakeAt(1_700_000_000_000))).toBe(1_700_000_000_000);
  });
});

describe('replay', () => {
  it('normalizes frames, bare d objects named by the file, and REST lists with readable counts', () => {
    const frame = dc.replay!(fixture('gateway_message_create.json'), {
      fileName: 'gateway_message_create.json',
    });
    expect(frame).toMatchObject({ items: [expect.anything()], rejected: [], skipped: 0 });
    const bare = dc.replay!(fixture('gateway_automod_execution.json').d, {
      fileName: 'AutoModExecution.json',
    });
    expect(bare.items[0]!.moderation?.state).toBe('filtered');
    const del = dc.replay!(fixture('gateway_message_delete_bulk.json').d, {
      fileName: 'MessageDeleteBulk.json',
    });
    expect(del.deletions).toHaveLength(2);
    const list = dc.replay!(fixture('rest_channel_messages.json'), { fileName: 'messages.json' });
    expect(list.items.map((i) => i.message.externalId)).toEqual([
      '1346069000000000002',
      '1346070000000000003',
    ]);
    expect(list.skipped).toBe(1);
    const partial = dc.replay!(fixture('gateway_message_update_partial.json'), {
      fileName: 'x.json',
    });
    expect(partial).toMatchObject({ items: [], skipped: 1 });
    const junk = dc.replay!('not json at all', { fileName: 'x.json' });
    expect(junk.rejected[0]!.reason).toMatch(/not a Discord frame/);
  });
});

describe('render and reply targets', () => {
  it('renders Markdown for Discord and enforces 2,000 characters', () => {
    expect(
      dc.render({ markdown: '#### Steps\r\n![screenshot](https://x.example/a.png)\n---' }),
    ).toEqual({ ok: true, text: '**Steps**\n[screenshot](https://x.example/a.png)\n———' });
    expect(dc.render({ markdown: '```\n#### not a heading\n```' })).toEqual({
      ok: true,
      text: '```\n#### not a heading\n```',
    });
    expect(dc.render({ markdown: '   ' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(dc.render({ markdown: 'é'.repeat(2001) })).toMatchObject({
      ok: false,
      reason: 'too_long',
    });
  });

  it('derives the channel and the answered message from the conversation', () => {
    expect(
      replyTarget({
        conversationExternalId: `chan:${CHANNEL}:1346054567433535508`,
        replyToExternalId: null,
      }),
    ).toEqual({ channelId: CHANNEL, replyTo: '1346054567433535508' });
    expect(
      replyTarget({
        conversationExternalId: 'thread:1346060000000000001',
        replyToExternalId: '1346060000000000005',
      }),
    ).toEqual({ channelId: '1346060000000000001', replyTo: '1346060000000000005' });
    expect(() =>
      replyTarget({ conversationExternalId: 'automod:abc', replyToExternalId: null }),
    ).toThrow(/not a Discord channel/);
  });

  it('a 429 body with global: true but no global header still pauses the whole source', async () => {
    const limiter = createRateLimiter({ perMinute: 6000 });
    const calls: string[] = [];
    const ctx = {
      sourceId: 1,
      baseUrl: 'https://discord.test',
      config: { guildId: GUILD, channelIds: [CHANNEL] },
      secrets: { botToken: 'tkn.123456' },
      secret: 'tkn.123456',
      persistSecret: () => {},
      logger: silentLogger,
      limiter,
      now: () => Date.now(),
      http: async (url: string) => {
        calls.push(url);
        return new Response(JSON.stringify(fixture('rate_limited_global.json')), {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
        });
      },
    };
    await restFor(ctx);
    const e = await dc.test(ctx).then(
      () => null,
      (x: unknown) => x as { kind: string; retryAfterMs: number },
    );
    expect(e).toMatchObject({ kind: 'rate_limited' });
    expect(e!.retryAfterMs).toBeGreaterThanOrEqual(1250);
    expect(limiter.delayMs()).toBeGreaterThan(1000);
    await dc.poll(ctx, null).catch(() => {});
    expect(calls).toHaveLength(1);
  });
});

const corpus = (dir: string) =>
  existsSync(join(SHARED, dir))
    ? readdirSync(join(SHARED, dir)).filter((f) => f.endsWith('.json'))
    : [];
describe.skipIf(!existsSync(SHARED))('recorded payloads (shared corpus)', () => {
  const load = (dir: string, f: string) => JSON.parse(readFileSync(join(SHARED, dir, f), 'utf8'));

  it('maps recorded MESSAGE_CREATE frames (default, reply with an embed-only referenced message)', () => {
    const st = new DiscordState(new Set(), null, null, true);
    const t0 = load('discord4j-gateway', 'MessageCreate.Type0.json');
    const a = item(mapMessage(t0.d, st));
    expect(a.message.bodyText).toBe('.ping');
    expect(a.message.externalId).toBe(t0.d.id);
    const t19 = load('discord4j-gateway', 'MessageCreate.Type19.json');
    const b = item(mapMessage(t19.d, st));
    expect(b.message.replyToExternalId).toBe(t19.d.message_reference.message_id);
    expect(b.message.bodyText).toBe('cool.');
  });

  it('maps recorded REST messages: sticker-only, forwarded, docs example; a recorded embed update is partial', () => {
    const st = new DiscordState(new Set(), null, null, true);
    expect(
      item(mapMessage(load('discord4j-rest', 'Message.json'), st, { kindHint: 'channel' })).message
        .bodyText,
    ).toBe('[sticker: Scared]');
    const forward = load('discord4j-rest', 'CreateMessageWithForwardResponse.json');
    // Recorded as a bot's own forward: as our bot, it is outbound content like any other message.
    st.me = forward.author.id;
    const fwd = item(mapMessage(forward, st, { kindHint: 'channel' })).message.bodyText;
    expect(fwd.startsWith('[forwarded message] What is Lorem Ipsum?')).toBe(true);
    expect(
      item(
        mapMessage(load('docs-examples', 'message__example-message.json'), st, {
          kindHint: 'channel',
        }),
      ).message.bodyText,
    ).toBe('Supa Hot');
    const upd = load('discord4j-gateway', 'MessageUpdate.Embeds.json');
    expect(mapMessage(upd.d, st, { update: true, kindHint: 'channel' })).toEqual({
      partial: { channelId: upd.d.channel_id, messageId: upd.d.id },
    });
  });

  it('replays every recorded gateway frame and REST body without throwing, with counts that add up', () => {
    for (const dir of ['discord4j-gateway', 'discord4j-rest', 'docs-examples']) {
      for (const f of corpus(dir)) {
        const r = dc.replay!(load(dir, f), { fileName: f });
        expect(
          r.items.length + r.rejected.length + r.skipped + (r.deletions?.length ?? 0),
          `${dir}/${f}`,
        ).toBeGreaterThan(0);
        for (const q of r.rejected) expect(q.reason.length).toBeGreaterThan(10);
      }
    }
  });
});

// ---------- fuzzing ----------
const RUNS = 10_000;
const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Applies random edits (delete, replace, __proto__ injection) at random paths of a real shape. */
function mutate(
  base: unknown,
  ops: Array<[number, 'delete' | 'replace' | 'proto' | 'wrap', unknown]>,
): unknown {
  const root = JSON.parse(JSON.stringify(base)) as unknown;
  for (const [n, op, value] of ops) {
    const paths: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (x: unknown) => {
      if (x && typeof x === 'object') {
        for (const k of Object.keys(x)) {
          paths.push([x as Record<string, unknown>, Array.isArray(x) ? Number(k) : k]);
          walk((x as Record<string, unknown>)[k]);
        }
      }
    };
    walk(root);
    if (paths.length === 0) break;
    const [parent, key] = paths[n % paths.length]!;
    const p = parent as Record<string | number, unknown>;
    if (op === 'delete') delete p[key];
    else if (op === 'replace') p[key] = value;
    else if (op === 'wrap') p[key] = [p[key]];
    else
      Object.defineProperty(p, '__proto__', {
        value: { polluted: true, ...(value && typeof value === 'object' ? value : {}) },
        enumerable: true,
        configurable: true,
        writable: true,
      });
  }
  return root;
}
const opArb = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom('delete' as const, 'replace' as const, 'proto' as const, 'wrap' as const),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  { minLength: 1, maxLength: 4 },
);

function checkResult(r: ReturnType<typeof mapMessage>) {
  if ('rejected' in r) expect(r.rejected.reason).toMatch(/rejected: .+/);
  else if ('item' in r) {
    expect(typeof r.item.message.bodyText).toBe('string');
    expect(Number.isFinite(r.item.message.createdAt)).toBe(true);
    expect(r.item.conversation.externalId.length).toBeGreaterThan(0);
  }
}

describe('fuzz: every normalizer, arbitrary JSON and mutated real shapes', () => {
  const before = protoKeys();
  const shapes = [
    fixture('gateway_message_create.json').d,
    fixture('gateway_message_reply.json').d,
    ...(fixture('rest_channel_messages.json') as unknown[]),
    fixture('rest_message_created.json'),
  ];
  const frames = [
    'gateway_message_create.json',
    'gateway_message_reply.json',
    'gateway_message_update_partial.json',
    'gateway_message_delete.json',
    'gateway_message_delete_bulk.json',
    'gateway_thread_create.json',
    'gateway_automod_execution.json',
  ].map(fixture);

  it(`mapMessage: ${RUNS} arbitrary values and ${RUNS} mutated messages`, () => {
    const st = new DiscordState(new Set([CHANNEL]), GUILD, null, true);
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, update) =>
        checkResult(mapMessage(v, st, { update })),
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.nat(shapes.length - 1), opArb, fc.boolean(), (i, ops, update) =>
        checkResult(
          mapMessage(mutate(shapes[i], ops), st, {
            update,
            kindHint: update ? undefined : 'channel',
          }),
        ),
      ),
      { numRuns: RUNS },
    );
    expect(protoKeys()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`mapDispatch and mapAutoMod: ${RUNS} arbitrary frames and ${RUNS} mutated real frames`, () => {
    const st = new DiscordState(new Set([CHANNEL, FORUM]), GUILD, null);
    const ts = [
      'MESSAGE_CREATE',
      'MESSAGE_UPDATE',
      'MESSAGE_DELETE',
      'MESSAGE_DELETE_BULK',
      'THREAD_CREATE',
      'THREAD_LIST_SYNC',
      'GUILD_CREATE',
      'CHANNEL_UPDATE',
      'AUTO_MODERATION_ACTION_EXECUTION',
      'READY',
      'TYPING_START',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...ts), fc.jsonValue(), (t, d) => {
        const out = mapDispatch(t, d, st, { now: 1 });
        for (const r of out.rejected) expect(r.reason).toMatch(/rejected: /);
        const a = mapAutoMod(d, st, 1);
        if ('rejected' in a) expect(a.rejected.reason).toMatch(/AutoMod event rejected: /);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.nat(frames.length - 1), opArb, (i, ops) => {
        const f = mutate(frames[i], ops) as { t?: unknown; d?: unknown } | null;
        const out = mapDispatch(
          f && typeof f === 'object' ? f.t : null,
          f && typeof f === 'object' ? f.d : f,
          st,
          { now: 1 },
        );
        for (const r of out.rejected) expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
    // The state stays bounded however much is thrown at it.
    const c = st.toCursor();
    expect(c.threads.length).toBeLessThanOrEqual(200);
    expect(c.links.length).toBeLessThanOrEqual(600);
    expect(protoKeys()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`replay: ${RUNS} arbitrary payloads (frames, lists, bare objects) never throw`, () => {
    const names = [
      'MessageCreate.json',
      'messages.json',
      'AutoMod.json',
      'MessageDeleteBulk.json',
      'x.json',
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ op: fc.constant(0), t: fc.string(), d: fc.jsonValue() }),
          fc.array(fc.jsonValue(), { maxLength: 5 }),
        ),
        fc.constantFrom(...names),
        (p, fileName) => {
          const r = dc.replay!(p, { fileName });
          expect(r.skipped).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: RUNS },
    );
    expect(protoKeys()).toBe(before);
  });

  it('a cursor that is not ours restarts cleanly instead of failing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (c) => {
        const st = DiscordState.fromCursor(c, new Set([CHANNEL]), GUILD);
        expect(st.toCursor().v).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
