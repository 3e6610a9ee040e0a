// reports.kpis `feedback` and reports.feedbackCsv on fixture data built through the core: member
// messages ingested for two clients (hostile names and texts among them), tagged as feedback with
// built-in kinds and client themes through `feedback.tag`, one theme merged into another. Every figure
// is checked against an independent reference over the fixture's own list of taggings (plain loops),
// and the CSV is parsed back with csv-parse and compared row by row, formula neutralisation included.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import type { FeedbackKind } from '../../../shared/domain/tags';
import type { ReportsPeriodKpis } from '../../../shared/ipc/domains/reports';
import { makeCore, type TestCore } from '../../helpers/core';

const MIN = 60_000;
const KINDS: FeedbackKind[] = ['bug', 'feature_request', 'praise', 'complaint', 'question'];
let now = Date.parse('2026-09-01T00:00:00Z');
const clock = { now: () => now };
let core: TestCore;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Src = { id: number; clientId: number; clientName: string; platform: string };
type Msg = {
  id: number;
  convId: number;
  src: Src;
  member: string;
  displayName: string;
  text: string;
  at: number;
  url: string;
};
type TagRef = { id: number; clientId: number; name: string; kind: FeedbackKind; builtin: boolean };
/** One tagging as the reference sees it: `seq` is the order of tagging (the item id order). */
type Tagging = { seq: number; msg: Msg; tag: TagRef };

const NAMES = ['Ann', '=cmd|calc!A1', '@evil', 'Bo, "the" Builder', '+45 Jens', 'Ольга'];
const TEXTS = [
  'Please add dark mode',
  '=HYPERLINK("http://x.example","click")',
  'Login loops forever, "again"',
  'Great update!\nThanks',
  '-1 for the new layout',
  'Как включить тёмную тему?',
  '\tTabbed complaint',
];
let srcs: Src[];
let msgs: Msg[];
let taggings: Tagging[];
let agentName: string;
const FROM = Date.parse('2026-11-01T00:00:00Z');
const TO = Date.parse('2026-12-01T00:00:00Z');
const PREV = FROM - (TO - FROM);

beforeEach(async () => {
  now = Date.parse('2026-09-01T00:00:00Z');
  core = await makeCore({ clock });
  const a = await core.call('clients.create', {
    name: 'Northwind',
    timezone: 'UTC',
    firstReplyMinutes: 120,
  });
  const b = await core.call('clients.create', {
    name: 'Contoso',
    timezone: 'UTC',
    firstReplyMinutes: 60,
  });
  const source = (clientId: number, clientName: string, platform: string, name: string): Src => ({
    id: core.internals.repos.sources.insert(
      { clientId, platform, name, baseUrl: 'http://127.0.0.1:9', config: {}, secretRef: null },
      now,
    ).id,
    clientId,
    clientName,
    platform,
  });
  srcs = [
    source(a.id, a.name, 'discourse', 'Forum'),
    source(a.id, a.name, 'reddit', 'Sub'),
    source(b.id, b.name, 'discourse', 'Forum B'),
  ];

  // Themes: Northwind has Dark mode, Night theme (merged into Dark mode below) and Login loop; Contoso has Slow app.
  const catalogue = new Map<number, TagRef[]>();
  for (const c of [a, b]) {
    catalogue.set(
      c.id,
      (await core.call('tags.list', { clientId: c.id })).map((t) => ({
        id: t.id,
        clientId: c.id,
        name: t.name,
        kind: t.kind!,
        builtin: true,
      })),
    );
  }
  const theme = async (clientId: number, name: string, kind: FeedbackKind) => {
    const t = await core.call('tags.create', { clientId, name, kind });
    const ref = { id: t.id, clientId, name, kind, builtin: false };
    catalogue.get(clientId)!.push(ref);
    return ref;
  };
  const dark = await theme(a.id, 'Dark mode', 'feature_request');
  const night = await theme(a.id, 'Night theme', 'feature_request');
  await theme(a.id, 'Login loop', 'bug');
  await theme(b.id, 'Slow app', 'complaint');

  // 80 member messages between 1 September and 29 November (so the previous period has feedback too).
  const rand = rng(7);
  const start = Date.parse('2026-09-01T00:00:00Z');
  const plan = Array.from({ length: 80 }, (_, i) => {
    const src = srcs[Math.floor(rand() * srcs.length)]!;
    const m = Math.floor(rand() * NAMES.length);
    return {
      i,
      src,
      member: `${src.id}-m${m}`,
      displayName: NAMES[m]!,
      text: TEXTS[Math.floor(rand() * TEXTS.length)]!,
      at: start + Math.floor(rand() * 89 * 24 * 60) * MIN,
      topic: `t${Math.floor(rand() * 30)}`,
    };
  }).sort((x, y) => x.at - y.at);
  msgs = [];
  for (const p of plan) {
    now = p.at;
    const url = `https://community.example/${p.src.id}/${p.topic}`;
    const item: NormalizedItem = {
      conversation: { externalId: p.topic, title: p.topic, url, createdAt: p.at, kind: 'topic' },
      member: {
        externalId: p.member,
        username: p.member,
        displayName: p.displayName,
        avatarUrl: null,
        isStaff: false,
      },
      message: {
        externalId: `post-${p.i}`,
        bodyHtml: '<p>x</p>',
        bodyText: p.text,
        createdAt: p.at,
        editedAt: null,
        version: 1,
        deleted: false,
      },
    };
    core.internals.ingester.ingest({ id: p.src.id, clientId: p.src.clientId }, [item], [], now);
    const row = core.internals.db
      .prepare(
        'SELECT id, conversation_id AS convId FROM messages WHERE source_id = ? AND external_id = ?',
      )
      .get(p.src.id, `post-${p.i}`) as { id: number; convId: number };
    const conv = core.internals.db
      .prepare('SELECT url FROM conversations WHERE id = ?')
      .get(row.convId) as { url: string };
    msgs.push({
      ...row,
      src: p.src,
      member: p.member,
      displayName: p.displayName,
      text: p.text,
      at: p.at,
      url: conv.url,
    });
  }

  // Tag 75 % of the messages with one or two of their client's tags; Night theme often (to merge).
  taggings = [];
  let seq = 0;
  now = Date.parse('2026-12-05T00:00:00Z');
  for (const m of msgs) {
    if (rand() >= 0.75) continue;
    const tags = catalogue.get(m.src.clientId)!;
    const picks = new Set<TagRef>();
    for (let k = 0; k < 1 + Math.floor(rand() * 2); k++)
      picks.add(
        rand() < 0.3 && m.src.clientId === a.id
          ? rand() < 0.5
            ? night
            : dark
          : tags[Math.floor(rand() * tags.length)]!,
      );
    for (const tag of picks) {
      await core.call('feedback.tag', { messageId: m.id, tagId: tag.id });
      taggings.push({ seq: seq++, msg: m, tag });
    }
  }
  // The merge, in the reference: Night theme's items become Dark mode's, one per message.
  await core.call('tags.merge', { id: night.id, intoId: dark.id });
  const hasDark = new Set(taggings.filter((t) => t.tag.id === dark.id).map((t) => t.msg.id));
  taggings = taggings
    .filter((t) => !(t.tag.id === night.id && hasDark.has(t.msg.id)))
    .map((t) => (t.tag.id === night.id ? { ...t, tag: dark } : t));
  agentName = (await core.call('app.info', {})).agent!.name;
});
afterEach(async () => core.close());

function reference(clientId: number | null, from: number, to: number) {
  const inP = (t: Tagging, a: number, b: number) =>
    (clientId == null || t.msg.src.clientId === clientId) && t.msg.at >= a && t.msg.at < b;
  const mine = taggings.filter((t) => inP(t, from, to));
  const before = taggings.filter((t) => inP(t, from - (to - from), from));
  const tagIds = [...new Set(mine.map((t) => t.tag.id))];
  const themes = tagIds.map((id) => {
    const items = mine.filter((t) => t.tag.id === id);
    const tag = items[0]!.tag;
    return {
      tagId: id,
      clientId: tag.clientId,
      name: tag.name,
      kind: tag.kind,
      builtin: tag.builtin,
      count: items.length,
      members: new Set(items.map((t) => t.msg.member)).size,
      previousCount: before.filter((t) => t.tag.id === id).length,
      examples: [...items]
        .sort((x, y) => y.msg.at - x.msg.at || y.seq - x.seq)
        .slice(0, 3)
        .map((t) => ({
          conversationId: t.msg.convId,
          messageId: t.msg.id,
          author: t.msg.displayName,
          quote: t.msg.text.slice(0, 280),
          at: new Date(t.msg.at).toISOString(),
        })),
    };
  });
  themes.sort((x, y) => y.count - x.count || x.name.localeCompare(y.name) || x.tagId - y.tagId);
  return {
    total: mine.length,
    byKind: KINDS.map((kind) => ({ kind, count: mine.filter((t) => t.tag.kind === kind).length })),
    themes,
  };
}

const check = (got: ReportsPeriodKpis, clientId: number | null, from: number, to: number) =>
  expect(got.feedback).toEqual(reference(clientId, from, to));

describe('feedback in reports', () => {
  it('totals, kinds and themes with members, trend and example quotes equal the independent computation', async () => {
    for (const clientId of [srcs[0]!.clientId, srcs[2]!.clientId, null]) {
      const k = await core.call('reports.kpis', {
        clientId,
        from: new Date(FROM).toISOString(),
        to: new Date(TO).toISOString(),
      });
      check(k.current, clientId, FROM, TO);
      check(k.previous, clientId, PREV, FROM);
    }
    const k = await core.call('reports.kpis', {
      clientId: srcs[0]!.clientId,
      from: new Date(FROM).toISOString(),
      to: new Date(TO).toISOString(),
    });
    // Not a vacuous match: the merged theme leads with several members, a trend and three quotes.
    const dark = k.current.feedback.themes.find((t) => t.name === 'Dark mode')!;
    expect(dark.count).toBeGreaterThan(3);
    expect(dark.members).toBeGreaterThan(1);
    expect(dark.previousCount).toBeGreaterThan(0);
    expect(dark.examples).toHaveLength(3);
    expect(k.current.feedback.themes.some((t) => t.name === 'Night theme')).toBe(false);
    expect(k.current.feedback.themes.some((t) => t.builtin)).toBe(true);
    expect(k.howComputed.feedback).toBe('reports.how.feedback');
  });

  it('the CSV of the feedback items parses back to the reference rows, text cells formula-neutralised', async () => {
    const neutral = (s: string) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s);
    for (const clientId of [srcs[0]!.clientId, null]) {
      const out = await core.call('reports.feedbackCsv', {
        clientId,
        from: new Date(FROM).toISOString(),
        to: new Date(TO).toISOString(),
      });
      const mine = taggings
        .filter(
          (t) =>
            (clientId == null || t.msg.src.clientId === clientId) &&
            t.msg.at >= FROM &&
            t.msg.at < TO,
        )
        .sort((x, y) => x.msg.at - y.msg.at || x.seq - y.seq);
      const rows = parse(out.csv, { relax_column_count: false }) as string[][];
      expect(rows[0]).toEqual([
        'date',
        'client',
        'platform',
        'conversation_link',
        'conversation_id',
        'member',
        'kind',
        'theme',
        'quote',
        'tagged_by',
      ]);
      expect(rows.slice(1)).toEqual(
        mine.map((t) =>
          [
            new Date(t.msg.at).toISOString(),
            t.msg.src.clientName,
            t.msg.src.platform,
            t.msg.url,
            String(t.msg.convId),
            t.msg.displayName,
            t.tag.kind,
            t.tag.builtin ? '' : t.tag.name,
            t.msg.text,
            agentName,
          ].map(neutral),
        ),
      );
      expect(out.rows).toBe(mine.length);
      expect(out.csv).toContain('\r\n');
      // The hostile cells are there, neutralised.
      expect(rows.some((r) => r[8] === `'=HYPERLINK("http://x.example","click")`)).toBe(true);
      expect(rows.some((r) => ["'=cmd|calc!A1", "'@evil", "'+45 Jens"].includes(r[5]!))).toBe(true);
    }
    const one = await core.call('reports.feedbackCsv', {
      clientId: srcs[0]!.clientId,
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    });
    expect(one.filename).toBe('feedback-northwind-2026-11-01-2026-12-01.csv');
    expect(
      await core.dispatch('reports.feedbackCsv', {
        clientId: 999,
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await core.dispatch('reports.feedbackCsv', {
        clientId: null,
        from: '2026-12-01T00:00:00Z',
        to: '2026-11-01T00:00:00Z',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
