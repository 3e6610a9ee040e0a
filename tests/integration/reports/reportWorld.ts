// tests/integration/reports: a client-report fixture built through the real core — a Danish brand
// (Fjord Outdoor, DKK retainer contract in Europe/Copenhagen) with a forum and a subreddit, member
// conversations in October and November 2026 (Danish and Russian titles), agent replies, solved
// conversations, moderation actions, time entries, and November submitted and approved by a team
// lead; plus a second client whose conversations must never appear in Fjord's report.
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';

const MIN = 60_000;

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

const TITLES = [
  'Hvornår åbner butikken i Århus?',
  'Где мой заказ? Посылка не пришла',
  'Teltstænger knækket efter én tur',
  'Возврат куртки — нужен чек?',
  'Størrelsesguide til skaljakker',
  'Rain jacket seams leaking',
];

export type ReportWorld = {
  core: TestCore;
  clientId: number;
  otherId: number;
  /** Conversation id by fixture key, and how many member messages each got. */
  convs: { id: number; clientId: number; title: string; memberMessages: number; open: number }[];
  entries: { activity: string; start: number; seconds: number }[];
};

export async function reportWorld(
  opts: { dir?: string; conversations?: number } = {},
): Promise<ReportWorld> {
  let now = Date.parse('2026-09-25T00:00:00Z');
  const core = await makeCore({
    clock: { now: () => now },
    ...(opts.dir ? { dir: opts.dir } : {}),
  });
  const fjord = await core.call('clients.create', {
    name: 'Fjord Outdoor',
    color: '#0b6e4f',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
  });
  const other = await core.call('clients.create', { name: 'Contoso', timezone: 'UTC' });
  await core.call('sla.savePolicy', {
    clientId: fjord.id,
    policy: {
      name: 'Standard',
      targets: {
        first_reply: { normal: { minutes: 240, mode: 'calendar' } },
        resolution: { normal: { minutes: 2880, mode: 'calendar' } },
      },
      warnRatio: 0.75,
      pausesOnPending: [],
    },
  });
  const src = (clientId: number, platform: string, name: string) =>
    core.internals.repos.sources.insert(
      { clientId, platform, name, baseUrl: 'http://127.0.0.1:9', config: {}, secretRef: null },
      now,
    ).id;
  const sources = [
    { id: src(fjord.id, 'discourse', 'Fjord forum'), clientId: fjord.id },
    { id: src(fjord.id, 'reddit', 'r/fjord'), clientId: fjord.id },
    { id: src(other.id, 'discourse', 'Contoso forum'), clientId: other.id },
  ];
  const rand = rng(7);
  const n = opts.conversations ?? 60;
  type Ev = { at: number; run: () => unknown };
  const evs: Ev[] = [];
  const plan: {
    key: string;
    src: (typeof sources)[number];
    title: string;
    open: number;
    messages: number[];
    solve: number | null;
  }[] = [];
  const start = Date.parse('2026-10-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const s = sources[i % 7 === 6 ? 2 : Math.floor(rand() * 2)]!;
    const open = start + Math.floor(rand() * 59 * 24 * 60) * MIN;
    const extra = Math.floor(rand() * 6);
    const messages = [open, ...Array.from({ length: extra }, (_, k) => open + (k + 1) * 37 * MIN)];
    const reply = open + (10 + Math.floor(rand() * 600)) * MIN;
    const solve = rand() < 0.6 ? reply + Math.floor(rand() * 3000) * MIN : null;
    const key = `c${i}`;
    plan.push({ key, src: s, title: `${TITLES[i % TITLES.length]} #${i}`, open, messages, solve });
    const p = plan[plan.length - 1]!;
    const item = (post: string, at: number, staff: boolean): NormalizedItem => ({
      conversation: { externalId: key, title: p.title, url: null, createdAt: open, kind: 'topic' },
      member: {
        externalId: staff ? 'staff' : `m${i % 13}`,
        username: staff ? 'staff' : `m${i % 13}`,
        displayName: staff ? 'Staff' : `Member ${i % 13}`,
        avatarUrl: null,
        isStaff: staff,
      },
      message: {
        externalId: post,
        bodyHtml: '<p>x</p>',
        bodyText: `message ${post}`,
        createdAt: at,
        editedAt: null,
        version: 1,
        deleted: false,
      },
    });
    const ing = (post: string, at: number, staff: boolean) => () =>
      core.internals.ingester.ingest(
        { id: s.id, clientId: s.clientId },
        [item(post, at, staff)],
        [],
        now,
      );
    messages.forEach((at, k) => evs.push({ at, run: ing(`${key}-${k}`, at, false) }));
    evs.push({ at: reply, run: ing(`${key}-r`, reply, true) });
    if (solve != null)
      evs.push({
        at: solve,
        run: () => core.call('conversations.setStatus', { id: idOf(s.id, key), status: 'solved' }),
      });
  }
  const idOf = (sourceId: number, key: string) =>
    (
      core.internals.db
        .prepare('SELECT id FROM conversations WHERE source_id = ? AND external_id = ?')
        .get(sourceId, key) as { id: number }
    ).id;
  evs.sort((a, b) => a.at - b.at);
  for (const e of evs) {
    now = e.at;
    await e.run();
  }
  now = Date.parse('2026-12-03T10:00:00Z');

  // Moderation actions, as the moderation sender records them (its own tests cover that path).
  const anyConv = idOf(plan[0]!.src.id, plan[0]!.key);
  const kinds = ['remove', 'ban', 'approve'] as const;
  for (let i = 0; i < 24; i++) {
    const s = sources[i % 3 === 2 ? 1 : 0]!;
    const at = start + Math.floor(rand() * 60 * 24 * 60) * MIN;
    core.internals.db
      .prepare(
        `INSERT INTO moderation_actions (conversation_id, source_id, client_id, kind, idempotency_key, state, next_attempt_at, actor_name, created_at, updated_at, done_at)
         VALUES (?, ?, ?, ?, ?, 'done', ?, 'Agent', ?, ?, ?)`,
      )
      .run(anyConv, s.id, s.clientId, kinds[i % 3], `k${i}`, at, at, at, at);
  }

  // Time: a DKK retainer, 15-minute rounding per entry; November submitted and approved.
  await core.call('time.setContract', {
    clientId: fjord.id,
    contract: {
      currency: 'DKK',
      timeZone: 'Europe/Copenhagen',
      rates: [{ ratePerHourMinor: 95_000, effectiveFrom: '2026-01-01' }],
      nonBillableActivities: ['admin'],
      rounding: { mode: 'up', intervalMinutes: 15, scope: 'entry' },
      retainer: {
        monthlyFeeMinor: 1_200_000,
        includedMinutes: 900,
        overageRatePerHourMinor: 110_000,
        unused: { policy: 'lose' },
      },
    },
  });
  const entries: ReportWorld['entries'] = [];
  const acts = ['reply', 'moderation', 'triage', 'admin', 'reporting'];
  for (let i = 0; i < 40; i++) {
    const e = {
      activity: acts[i % acts.length]!,
      start: Date.parse('2026-10-20T08:00:00Z') + Math.floor(rand() * 38 * 24) * 3_600_000,
      seconds: 300 + Math.floor(rand() * 7000),
    };
    entries.push(e);
    await core.call('time.addEntry', {
      clientId: fjord.id,
      activity: e.activity,
      start: new Date(e.start).toISOString(),
      seconds: e.seconds,
    });
  }
  await core.call('time.setProfile', { role: 'team_lead' });
  await core.call('time.setPeriod', { clientId: fjord.id, month: '2026-11', action: 'submit' });
  await core.call('time.setPeriod', { clientId: fjord.id, month: '2026-11', action: 'approve' });

  const convs = plan.map((p) => ({
    id: idOf(p.src.id, p.key),
    clientId: p.src.clientId,
    title: p.title,
    memberMessages: p.messages.length,
    open: p.open,
  }));
  return { core, clientId: fjord.id, otherId: other.id, convs, entries };
}
