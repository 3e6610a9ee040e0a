// Hostile input: every Reddit normalizer (mapThing, mapPayload over listings, mapModmail, the
// connector's replay) under fast-check, 10,000 runs each over arbitrary JSON and over mutations of the
// real shapes (our fixtures): no exception escapes, Object.prototype is never touched, every result is
// an item that passes structural checks, a skip, or a quarantined item with a reason.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

// 10,000 runs per property on 2 loaded cores: generous per-test timeouts.
const SLOW = 120_000;
import { redditConnector } from '../../../electron/core/connectors/reddit';
import {
  mapModmail,
  mapPayload,
  mapThing,
  type MapContext,
  type MapResult,
} from '../../../electron/core/connectors/reddit/mapper';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { fixture } from './reddit.helpers';

const RUNS = 10_000;
const ctx: MapContext = {
  me: 'steward_mod',
  webOrigin: 'https://www.reddit.com',
  source: 'modqueue',
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

/** Structural problems of an item, or null (plain code: this runs 100,000 times). */
function itemProblem(i: NormalizedItem): string | null {
  for (const s of [
    i.conversation.externalId,
    i.conversation.title,
    i.member.externalId,
    i.member.username,
    i.message.externalId,
    i.message.bodyHtml,
    i.message.bodyText,
  ])
    if (typeof s !== 'string') return 'a string field is not a string';
  if (!i.conversation.externalId || !i.message.externalId) return 'empty id';
  if (!Number.isFinite(i.message.createdAt) || !Number.isFinite(i.conversation.createdAt))
    return 'time not finite';
  if (!Number.isSafeInteger(i.message.version) || i.message.version < 1) return 'bad version';
  if (i.message.editedAt !== null && !Number.isFinite(i.message.editedAt)) return 'bad editedAt';
  if (i.moderation) {
    if (!['reported', 'flagged', 'filtered', 'held'].includes(i.moderation.state))
      return 'bad moderation state';
    if (
      !i.moderation.reasons.every((r) => typeof r === 'string') ||
      !Number.isSafeInteger(i.moderation.reportCount)
    )
      return 'bad moderation';
  }
  JSON.stringify(i); // stored as JSON: must not throw
  return null;
}
function check(results: MapResult[]): void {
  if (!Array.isArray(results)) throw new Error('not an array');
  for (const r of results) {
    const problem =
      'item' in r
        ? itemProblem(r.item)
        : 'rejected' in r
          ? typeof r.rejected.reason === 'string' &&
            r.rejected.reason.length > 10 &&
            JSON.stringify(r.rejected.raw) !== ''
            ? null
            : 'rejected without a reason'
          : typeof r.skipped === 'string'
            ? null
            : 'bad skip';
    if (problem) throw new Error(`${problem}: ${JSON.stringify(r).slice(0, 300)}`);
  }
  if (!prototypeClean()) throw new Error('Object.prototype was modified');
}
const checkResults = check;
const checkItem = (i: NormalizedItem) => {
  const p = itemProblem(i);
  if (p) throw new Error(p);
};

// Arbitrary JSON, including the keys attackers use and JSON.parse's own "__proto__" properties.
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'kind',
  'data',
  'children',
  'replies',
  'name',
  'id',
  'created_utc',
  'body',
  'messages',
  'conversation',
  'conversations',
  'objIds',
  'json',
  'things',
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
/** Objects shaped like a Thing or a Listing, with arbitrary contents. */
const thingish = fc.oneof(
  fc.record({ kind: fc.constantFrom('t1', 't3', 't4', 'more', 'Listing', 't9'), data: json }),
  fc.record({
    kind: fc.constant('Listing'),
    data: fc.record({ children: fc.array(json, { maxLength: 5 }), after: json }),
  }),
  json,
);

// ---- mutations of real shapes ----
const BASES: unknown[] = [
  ...fixture('comments_new.json').data.children,
  ...fixture('submissions_new.json').data.children,
  ...fixture('inbox.json').data.children,
  ...fixture('modqueue.json').data.children,
];
const PAYLOADS: unknown[] = [
  fixture('comments_new.json'),
  fixture('inbox.json'),
  fixture('modqueue.json'),
  fixture('submission_comments.json'),
  fixture('comment_created.json'),
];
const MODMAIL: unknown[] = [fixture('modmail_conversation.json'), fixture('modmail_list.json')];

type Path = Array<string | number>;
function paths(v: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 6 || v === null || typeof v !== 'object') return out;
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
    switch (m.op) {
      case 'set':
        parent[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'proto':
        // An own "__proto__" key, as JSON.parse creates it.
        parent[key] = JSON.parse(
          '{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}',
        );
        break;
      case 'string':
        parent[key] =
          typeof parent[key] === 'string'
            ? `${parent[key] as string}\u0000<script>&lt;${'x'.repeat(m.at % 50)}`
            : String(parent[key]);
        break;
      case 'number':
        parent[key] = [Number.NaN, -1, 1e308, 0, 2 ** 53, 1.5, -0][m.at % 7];
        break;
      case 'wrap':
        parent[key] = [parent[key]];
        break;
    }
  }
  return JSON.parse(JSON.stringify(v)) as unknown;
}

describe('Reddit normalizers under fuzzing', () => {
  it(
    `mapThing: arbitrary JSON (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(thingish, (raw) => checkResults([mapThing(raw, ctx)])),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `mapThing: mutations of real Things (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...BASES),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          fc.constantFrom<MapContext['source']>('listing', 'inbox', 'modqueue', 'spam'),
          (base, muts, source) => {
            checkResults([mapThing(mutate(base, muts), { ...ctx, source })]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `mapPayload: arbitrary JSON and mutated listings (${RUNS} runs each)`,
    () => {
      fc.assert(
        fc.property(thingish, (raw) => checkResults(mapPayload(raw, ctx))),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          fc.constantFrom(...PAYLOADS),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (base, muts) => checkResults(mapPayload(mutate(base, muts), ctx)),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `mapModmail: arbitrary JSON and mutated conversations (${RUNS} runs each)`,
    () => {
      const modmailish = fc.oneof(
        json,
        fc.record({
          conversation: json,
          messages: fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 6 })), json),
        }),
        fc.record({ conversations: json, messages: json, conversationIds: json }),
      );
      fc.assert(
        fc.property(modmailish, (raw) => checkResults(mapModmail(raw, ctx))),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          fc.constantFrom(...MODMAIL),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (base, muts) => checkResults(mapModmail(mutate(base, muts), ctx)),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );
  it(
    `replay: arbitrary JSON, strings, bytes and mutated cassettes (${RUNS} runs each)`,
    () => {
      const replay = (p: unknown) => {
        const r = redditConnector.replay!(p, { fileName: 'fuzz.json' });
        r.items.forEach(checkItem);
        if (r.rejected.some((q) => q.reason.length <= 10))
          throw new Error('rejected without a reason');
        if (!Number.isInteger(r.skipped) || r.skipped < 0) throw new Error('bad skipped count');
        if (!prototypeClean()) throw new Error('Object.prototype was modified');
      };
      fc.assert(
        fc.property(fc.oneof(thingish, fc.string(), fc.uint8Array({ maxLength: 64 })), replay),
        { numRuns: RUNS },
      );
      const cassette = fixture('cassette_comments.json');
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (muts) =>
          replay(mutate(cassette, muts)),
        ),
        { numRuns: RUNS },
      );
    },
    SLOW,
  );

  it('a quarantined item keeps a bounded copy and its reason; the rest of the page is delivered', () => {
    const page = structuredClone(fixture('comments_new.json'));
    page.data.children[0].data.body = 'x'.repeat(300_000);
    const results = mapPayload(page, ctx);
    const rej = results.find((r) => 'rejected' in r && r.rejected.reason.includes('kq9d3f2'));
    expect(rej).toBeDefined();
    expect(JSON.stringify(rej).length).toBeLessThan(20_000);
    expect(results.filter((r) => 'item' in r).length).toBe(5);
  });
});
