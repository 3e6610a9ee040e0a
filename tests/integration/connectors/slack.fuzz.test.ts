// Hostile input: every Slack normalizer (mapMessage, mapMessageEvent, the text renderers, the
// connector's replay) under fast-check, 10,000 runs each over arbitrary JSON and over mutations of the
// real shapes (our fixtures): no exception escapes, Object.prototype is never touched, every result is
// a structurally valid item, a deletion, a skip, or a quarantined item with a reason.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { slackConnector } from '../../../electron/core/connectors/slack';
import {
  isDmChannel,
  mapMessage,
  mapMessageEvent,
  type MapEnv,
  type MapResult,
} from '../../../electron/core/connectors/slack/mapper';
import { mrkdwnToParts, richTextToParts } from '../../../electron/core/connectors/slack/text';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { fixture } from './slack.helpers';

const RUNS = 10_000;
const SLOW = 120_000;
const env: MapEnv = {
  me: {
    userId: 'U07STEWARD',
    botId: 'B07STEWARD',
    teamId: 'T07BRAND01',
    url: 'https://brand.slack.com/',
  },
  users: new Map([
    [
      'U07MEMBER1',
      { name: 'ann', displayName: 'Ann', avatarUrl: null, isBot: false, teamId: 'T07BRAND01' },
    ],
  ]),
  channelNames: new Map([['C07SUPPORT', 'support']]),
  staffTeamIds: new Set(['T07PARTNER']),
  includeBots: true,
};

function prototypeClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    Object.keys(Object.prototype).length === 0 &&
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    Object.getPrototypeOf(probe) === Object.prototype
  );
}
afterEach(() => {
  expect(prototypeClean()).toBe(true);
});

function itemProblem(i: NormalizedItem): string | null {
  for (const s of [
    i.conversation.externalId,
    i.conversation.title,
    i.member.externalId,
    i.member.username,
    i.member.displayName,
    i.message.externalId,
    i.message.bodyHtml,
    i.message.bodyText,
  ])
    if (typeof s !== 'string') return 'a string field is not a string';
  if (!i.conversation.externalId || !i.message.externalId || !i.member.externalId)
    return 'empty id';
  if (!Number.isFinite(i.message.createdAt) || !Number.isFinite(i.conversation.createdAt))
    return 'time not finite';
  if (!Number.isSafeInteger(i.message.version) || i.message.version < 1) return 'bad version';
  if (i.message.editedAt !== null && !Number.isFinite(i.message.editedAt)) return 'bad editedAt';
  for (const a of i.message.attachments ?? [])
    if (/[\\/]/.test(a.name) || !a.name) return 'unsafe file name';
  if (/<script/i.test(i.message.bodyHtml)) return 'script in html';
  JSON.stringify(i);
  return null;
}
function check(results: MapResult[]) {
  for (const r of results) {
    const problem =
      'item' in r
        ? itemProblem(r.item)
        : 'rejected' in r
          ? r.rejected.reason.length > 15 && JSON.stringify(r.rejected.raw) !== ''
            ? null
            : 'rejected without a reason'
          : 'deletion' in r
            ? typeof r.deletion === 'string' && r.deletion.includes(':')
              ? null
              : 'bad deletion'
            : typeof r.skipped === 'string'
              ? null
              : 'bad skip';
    if (problem) throw new Error(`${problem}: ${JSON.stringify(r).slice(0, 300)}`);
  }
  if (!prototypeClean()) throw new Error('Object.prototype was modified');
}

const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'type',
  'subtype',
  'ts',
  'thread_ts',
  'user',
  'text',
  'blocks',
  'elements',
  'channel',
  'message',
  'files',
  'event',
  'payload',
  'messages',
  'edited',
  'metadata',
);
const json = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 2 }),
      tie('obj'),
      fc.array(tie('value'), { maxLength: 4 }),
    ),
    obj: fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 6,
    }),
  }))
  .value.map((v) => JSON.parse(JSON.stringify(v ?? null)) as unknown);
const slackish = fc.oneof(
  json,
  fc.record(
    {
      type: fc.constant('message'),
      channel: fc.constantFrom('C07SUPPORT', 'D07DM00001', 'x', ''),
      ts: fc.oneof(fc.constant('1767225600.123456'), fc.string()),
      subtype: fc.constantFrom(
        undefined,
        'message_changed',
        'message_deleted',
        'file_share',
        'bot_message',
        'thread_broadcast',
        'tombstone',
      ),
      user: fc.constantFrom('U07MEMBER1', 'W1', 'x', undefined),
      text: fc.oneof(fc.string({ maxLength: 60 }), json),
      blocks: json,
      message: json,
      files: json,
      deleted_ts: json,
    },
    { requiredKeys: ['type'] },
  ),
);

type Path = Array<string | number>;
function paths(v: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 7 || v === null || typeof v !== 'object') return out;
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths(child, p, out, depth + 1);
  }
  return out;
}
type Mutation = {
  at: number;
  op: 'set' | 'delete' | 'proto' | 'string' | 'number' | 'wrap';
  value: unknown;
};
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'delete', 'proto', 'string', 'number', 'wrap'),
  value: fc.jsonValue({ maxDepth: 2 }),
}) as fc.Arbitrary<Mutation>;
function mutate(base: unknown, muts: Mutation[]): unknown {
  const v = structuredClone(base);
  for (const m of muts) {
    const all = paths(v);
    if (all.length === 0) break;
    const p = all[m.at % all.length]!;
    let parent = v as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = p[p.length - 1]!;
    if (m.op === 'set') parent[key] = m.value;
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (m.op === 'proto')
      parent[key] = JSON.parse(
        '{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}',
      );
    else if (m.op === 'string')
      parent[key] =
        typeof parent[key] === 'string'
          ? `${parent[key] as string}\u0000<script>&lt;<@U1|x><!channel>${'x'.repeat(m.at % 50)}`
          : String(parent[key]);
    else if (m.op === 'number')
      parent[key] = [Number.NaN, -1, 1e308, 0, 2 ** 53, 1.5, -0][m.at % 7];
    else parent[key] = [parent[key]];
  }
  return JSON.parse(JSON.stringify(v)) as unknown;
}

const EVENTS = ['event_message_changed.json', 'event_message_deleted.json']
  .map((f) => fixture(f).event)
  .concat(
    ['event_file_share.json', 'event_thread_broadcast.json', 'event_bot_message.json'].map((f) =>
      fixture(f),
    ),
    [fixture('socket_message.json').payload.event],
  );
const MESSAGES = [
  ...fixture('conversations_history.json').messages,
  ...fixture('conversations_replies.json').messages,
];
const PAYLOADS = [
  'socket_message.json',
  'event_message_changed.json',
  'conversations_history.json',
  'conversations_replies.json',
  'event_file_share.json',
].map((f) => fixture(f));

describe('Slack normalizers under fuzzing', () => {
  it(
    `mapMessage: arbitrary JSON and mutated real messages (${RUNS} runs each)`,
    () => {
      fc.assert(
        fc.property(slackish, fc.boolean(), (raw, dm) =>
          check([mapMessage(raw, { channel: dm ? 'D07DM00001' : 'C07SUPPORT', dm }, env)]),
        ),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          fc.constantFrom(...MESSAGES),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (base, muts) =>
            check([mapMessage(mutate(base, muts), { channel: 'C07SUPPORT', dm: false }, env)]),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `mapMessageEvent: arbitrary JSON and mutated real events (${RUNS} runs each)`,
    () => {
      fc.assert(
        fc.property(slackish, (raw) => check(mapMessageEvent(raw, isDmChannel, env))),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          fc.constantFrom(...EVENTS),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (base, muts) => check(mapMessageEvent(mutate(base, muts), isDmChannel, env)),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `text renderers: arbitrary strings and block trees (${RUNS} runs each)`,
    () => {
      const names = {
        user: (id: string) => (id === 'U1' ? '<b>evil</b>' : null),
        channel: () => null,
      };
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (s) => {
          const p = mrkdwnToParts(s, names);
          if (typeof p.text !== 'string' || /<script/i.test(p.html))
            throw new Error('bad mrkdwn output');
        }),
        { numRuns: RUNS },
      );
      const blocks = fixture('socket_message.json').payload.event.blocks;
      fc.assert(
        fc.property(
          fc.oneof(
            json,
            fc.array(mutation, { minLength: 1, maxLength: 6 }).map((m) => mutate(blocks, m)),
          ),
          (b) => {
            const p = richTextToParts(b, names);
            if (p !== null && (typeof p.text !== 'string' || /<script|<b>evil/i.test(p.html)))
              throw new Error('bad rich text output');
          },
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `replay: arbitrary JSON, strings, bytes and mutated payloads (${RUNS} runs each)`,
    () => {
      const replay = (p: unknown) => {
        const r = slackConnector.replay!(p, { fileName: 'fuzz-C07SUPPORT.json' });
        r.items.forEach((i) => {
          const q = itemProblem(i);
          if (q) throw new Error(q);
        });
        if (r.rejected.some((q) => q.reason.length <= 15))
          throw new Error('rejected without a reason');
        if (!Number.isInteger(r.skipped) || r.skipped < 0) throw new Error('bad skipped count');
        if (!prototypeClean()) throw new Error('Object.prototype was modified');
      };
      fc.assert(
        fc.property(
          fc.oneof(
            slackish,
            fc.string(),
            fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)),
          ),
          replay,
        ),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          fc.constantFrom(...PAYLOADS),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (base, muts) => replay(mutate(base, muts)),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );

  it('a quarantined item keeps a bounded copy and its reason; the rest of the page is delivered', () => {
    const page = structuredClone(fixture('conversations_history.json'));
    page.messages[0].text = 'x'.repeat(300_000);
    const r = slackConnector.replay!(page, { fileName: 'page.json' });
    const rej = r.rejected.find((q) => q.reason.includes('1767229200.000900'));
    expect(rej?.reason).toContain('300000 characters');
    expect(JSON.stringify(rej).length).toBeLessThan(20_000);
    expect(r.items.map((i) => i.message.externalId)).toEqual(['C07SUPPORT:1767225600.123456']);
  });
});
