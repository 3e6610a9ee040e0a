// reports.kpis through the contract on fixture data built by ingesting member and agent messages and
// solving conversations (two clients, business- and calendar-time SLA policies, two platforms),
// checked figure by figure against an independent reference: plain loops over the fixture's own
// event list, with business minutes counted minute by minute (Mon–Fri 09:00–17:00 UTC). Backlog and
// resolution rate read the status history (re-opens are covered by status-log.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import type { ReportsPeriodKpis } from '../../../shared/ipc/domains/reports';
import da from '../../../renderer/i18n/da.json';
import en from '../../../renderer/i18n/en.json';
import ru from '../../../renderer/i18n/ru.json';
import { makeCore, type TestCore } from '../../helpers/core';

const MIN = 60_000;
const DAY = 86_400_000;
let now = Date.parse('2026-09-01T00:00:00Z');
const clock = { now: () => now };
let core: TestCore;

type Src = { id: number; clientId: number; platform: string; client: 'A' | 'B' };
type Conv = {
  key: string;
  src: Src;
  member: string;
  open: number;
  extra: number[];
  reply: number | null;
  solve: number | null;
};
/** Client A: business-time policy; client B: calendar-time policy. */
const TARGET = {
  A: { first: 120, res: 960, mode: 'business' },
  B: { first: 60, res: 2880, mode: 'calendar' },
} as const;

/** Deterministic PRNG (mulberry32), so the fixture is the same on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- The reference: business time by walking whole minutes. ---
const isBusinessMinute = (t: number) => {
  const d = new Date(t);
  const wd = d.getUTCDay();
  const h = d.getUTCHours();
  return wd >= 1 && wd <= 5 && h >= 9 && h < 17;
};
function businessMinutes(a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += MIN) if (isBusinessMinute(t)) n++;
  return n;
}
function addBusiness(a: number, minutes: number): number {
  let n = 0;
  let t = a;
  for (;;) {
    if (isBusinessMinute(t)) n++;
    t += MIN;
    if (n === minutes) return t;
  }
}
const elapsed = (c: Conv, end: number) =>
  TARGET[c.src.client].mode === 'business' ? businessMinutes(c.open, end) : (end - c.open) / MIN;
const due = (c: Conv, minutes: number) =>
  TARGET[c.src.client].mode === 'business' ? addBusiness(c.open, minutes) : c.open + minutes * MIN;
const rank = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.max(1, Math.ceil(p * s.length)) - 1]! : null;
};
const weekStart = (t: number) => {
  const d = new Date(t);
  const back = (d.getUTCDay() + 6) % 7; // days since Monday
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - back * DAY;
};

function item(c: Conv, post: string, at: number, staff: boolean): NormalizedItem {
  return {
    conversation: {
      externalId: c.key,
      title: `Topic ${c.key}`,
      url: null,
      createdAt: c.open,
      kind: 'topic',
    },
    member: {
      externalId: staff ? 'agent' : c.member,
      username: staff ? 'agent' : c.member,
      displayName: staff ? 'Agent' : c.member,
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
  };
}

let convs: Conv[];
let srcs: Src[];
const moderation: {
  clientId: number;
  platform: string;
  kind: 'remove' | 'ban' | 'approve';
  doneAt: number | null;
  conv: number;
  reason: string | null;
  itemReasons: string[] | null;
}[] = [];
const overrides: { clientId: number; at: number }[] = [];
const entries: { clientId: number; activity: string; start: number; seconds: number }[] = [];
let agent: { id: number; name: string };
/** Client A's contract: no rounding, 10 included hours for 1,000.00 EUR, overage at 120.00 EUR an hour; admin is not billable. */
const RETAINER = {
  monthlyFeeMinor: 100_000,
  includedMinutes: 600,
  overageRatePerHourMinor: 12_000,
};
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
  for (const [c, key] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    const t = TARGET[key];
    await core.call('sla.savePolicy', {
      clientId: c.id,
      policy: {
        name: 'Standard',
        targets: {
          first_reply: { normal: { minutes: t.first, mode: t.mode } },
          resolution: { normal: { minutes: t.res, mode: t.mode } },
        },
        warnRatio: 0.75,
        pausesOnPending: [],
      },
    });
  }
  const source = (clientId: number, platform: string, client: 'A' | 'B', name: string): Src => ({
    id: core.internals.repos.sources.insert(
      { clientId, platform, name, baseUrl: 'http://127.0.0.1:9', config: {}, secretRef: null },
      now,
    ).id,
    clientId,
    platform,
    client,
  });
  srcs = [
    source(a.id, 'discourse', 'A', 'Forum'),
    source(a.id, 'reddit', 'A', 'Sub'),
    source(b.id, 'discourse', 'B', 'Forum B'),
  ];

  // 90 conversations opened at whole minutes between 1 October and 28 November; members drawn from a
  // pool of 10 per source (so some return across periods); 80 % get an agent reply within 25 hours;
  // half of the replied and every unreplied one is solved later.
  const rand = rng(12);
  convs = [];
  const start = Date.parse('2026-10-01T00:00:00Z');
  for (let i = 0; i < 90; i++) {
    const src = srcs[Math.floor(rand() * srcs.length)]!;
    const open = start + Math.floor(rand() * 58 * 24 * 60) * MIN;
    const replyAfter = 5 + Math.floor(rand() * 1500);
    const replied = rand() < 0.8;
    const extra = Array.from(
      { length: Math.floor(rand() * 3) },
      (_, k) => open + Math.floor(((k + 1) * replyAfter) / 4) * MIN,
    );
    const reply = replied ? open + replyAfter * MIN : null;
    const solve =
      !replied || rand() < 0.5 ? (reply ?? open) + (1 + Math.floor(rand() * 2500)) * MIN : null;
    convs.push({
      key: `t${i}`,
      src,
      member: `${src.client}${src.platform}-m${Math.floor(rand() * 10)}`,
      open,
      extra,
      reply,
      solve,
    });
  }

  // Replay the events in time order, the core's clock following them.
  type Ev = { at: number; run: () => unknown };
  const evs: Ev[] = [];
  const convId = (c: Conv) =>
    (
      core.internals.db
        .prepare('SELECT id FROM conversations WHERE source_id = ? AND external_id = ?')
        .get(c.src.id, c.key) as { id: number }
    ).id;
  for (const c of convs) {
    const ing = (post: string, at: number, staff: boolean) => () =>
      core.internals.ingester.ingest(
        { id: c.src.id, clientId: c.src.clientId },
        [item(c, post, at, staff)],
        [],
        now,
      );
    evs.push({ at: c.open, run: ing(`${c.key}-0`, c.open, false) });
    c.extra.forEach((t, k) => evs.push({ at: t, run: ing(`${c.key}-x${k}`, t, false) }));
    if (c.reply != null) evs.push({ at: c.reply, run: ing(`${c.key}-r`, c.reply, true) });
    if (c.solve != null)
      evs.push({
        at: c.solve,
        run: () => core.call('conversations.setStatus', { id: convId(c), status: 'solved' }),
      });
  }
  evs.sort((x, y) => x.at - y.at);
  for (const e of evs) {
    now = e.at;
    await e.run();
  }
  now = Date.parse('2026-12-10T00:00:00Z');

  // Moderation actions and guideline overrides are written as the moderation sender and replies.send
  // record them (their own tests cover those paths; here only the counting matters).
  moderation.length = 0;
  overrides.length = 0;
  const anyConv = convId(convs[0]!);
  const kinds = ['remove', 'ban', 'approve'] as const;
  const reasons = [null, 'Spam link', 'off-topic', 'SPAM', 'rude'];
  // A few flagged items whose platform reports say spam (the spam share reads them too); the
  // actions' conversations repeat (several actions on one item count once).
  const itemConvs = convs.slice(0, 12).map(convId);
  const itemReasons = new Map<number, string[]>();
  itemConvs.forEach((id, k) => {
    const rs = k % 3 === 0 ? ['spam'] : ['off-topic'];
    itemReasons.set(id, rs);
    core.internals.db
      .prepare(
        `INSERT INTO moderation_items (conversation_id, source_id, message_external_id, state, reasons_json, report_count, filed_at, updated_at)
         VALUES (?, ?, ?, 'reported', ?, 1, 0, 0)`,
      )
      .run(id, srcs[0]!.id, `flag${k}`, JSON.stringify(rs));
  });
  for (let i = 0; i < 40; i++) {
    const s = srcs[Math.floor(rand() * srcs.length)]!;
    const kind = kinds[Math.floor(rand() * kinds.length)]!;
    const at = start + Math.floor(rand() * 61 * 24 * 60) * MIN;
    const done = rand() < 0.85;
    const conv = rand() < 0.5 ? anyConv : itemConvs[Math.floor(rand() * itemConvs.length)]!;
    const reason = reasons[Math.floor(rand() * reasons.length)]!;
    moderation.push({
      clientId: s.clientId,
      platform: s.platform,
      kind,
      doneAt: done ? at : null,
      conv,
      reason,
      itemReasons: itemReasons.get(conv) ?? null,
    });
    core.internals.db
      .prepare(
        `INSERT INTO moderation_actions (conversation_id, source_id, client_id, kind, reason, idempotency_key, state, next_attempt_at, actor_name, created_at, updated_at, done_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Agent', ?, ?, ?)`,
      )
      .run(
        conv,
        s.id,
        s.clientId,
        kind,
        reason,
        `k${i}`,
        done ? 'done' : 'failed',
        at,
        at,
        at,
        done ? at : null,
      );
    if (rand() < 0.5) {
      overrides.push({ clientId: s.clientId, at });
      core.internals.db
        .prepare(
          `INSERT INTO guideline_overrides (client_id, conversation_id, at, reason, rule_ids_json) VALUES (?, ?, ?, 'client asked', '["r1"]')`,
        )
        .run(s.clientId, anyConv, at);
    }
  }

  // Time: client A under a retainer contract, client B without a contract; entries in 5-minute steps
  // (so every charged line is a whole number of cents without rounding) from October to early December.
  await core.call('time.setContract', {
    clientId: srcs[0]!.clientId,
    contract: {
      currency: 'EUR',
      timeZone: 'UTC',
      rates: [{ ratePerHourMinor: 9000, effectiveFrom: '2026-01-01' }],
      nonBillableActivities: ['admin'],
      retainer: { ...RETAINER, unused: { policy: 'lose' } },
    },
  });
  const info = await core.call('app.info', {});
  agent = { id: info.agent!.id, name: info.agent!.name };
  entries.length = 0;
  const activities = ['reply', 'moderation', 'admin', 'call'];
  for (let i = 0; i < 70; i++) {
    const clientId = srcs[rand() < 0.7 ? 0 : 2]!.clientId;
    const e = {
      clientId,
      activity: activities[Math.floor(rand() * activities.length)]!,
      start: start + Math.floor(rand() * 65 * 24 * 4) * 15 * MIN,
      seconds: (1 + Math.floor(rand() * 36)) * 300,
    };
    entries.push(e);
    await core.call('time.addEntry', {
      clientId,
      activity: e.activity,
      start: new Date(e.start).toISOString(),
      seconds: e.seconds,
    });
  }
});
afterEach(async () => core.close());

/** Hours and money of one period, from the fixture's entries (client A's contract worked out by hand). */
function effortReference(clientId: number | null, from: number, to: number) {
  const mine = entries.filter(
    (e) => (clientId == null || e.clientId === clientId) && e.start >= from && e.start < to,
  );
  const byActivity = new Map<string, number>();
  for (const e of mine) byActivity.set(e.activity, (byActivity.get(e.activity) ?? 0) + e.seconds);
  const total = mine.reduce((n, e) => n + e.seconds, 0);
  const money = [];
  for (const id of clientId == null ? [srcs[0]!.clientId, srcs[2]!.clientId] : [clientId]) {
    // Whole UTC months inside the period.
    const months: string[] = [];
    for (let m = new Date(from); m.getTime() < to; m.setUTCMonth(m.getUTCMonth() + 1, 1)) {
      const a = Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1);
      const b = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
      if (a >= from && b <= to) months.push(new Date(a).toISOString().slice(0, 7));
    }
    const inMonths = entries.filter(
      (e) => e.clientId === id && months.includes(new Date(e.start).toISOString().slice(0, 7)),
    );
    if (inMonths.length === 0 && id !== srcs[0]!.clientId) continue;
    const resolved = convs.filter(
      (c) =>
        c.src.clientId === id &&
        c.solve != null &&
        months.includes(new Date(c.solve).toISOString().slice(0, 7)),
    ).length;
    if (id !== srcs[0]!.clientId) {
      const raw = inMonths.reduce((n, e) => n + e.seconds, 0);
      money.push({
        clientId: id,
        months,
        currency: null,
        exponent: null,
        billedSeconds: raw,
        includedSeconds: null,
        usedSeconds: null,
        overageSeconds: null,
        totalMinor: null,
        resolved,
        costPerResolvedMinor: null,
        problem: 'no contract',
      });
      continue;
    }
    let billed = 0;
    let used = 0;
    let overage = 0;
    let totalMinor = 0;
    for (const m of months) {
      const b = inMonths
        .filter((e) => e.activity !== 'admin' && new Date(e.start).toISOString().startsWith(m))
        .reduce((n, e) => n + e.seconds, 0);
      const u = Math.min(b, RETAINER.includedMinutes * 60);
      billed += b;
      used += u;
      overage += b - u;
      totalMinor += RETAINER.monthlyFeeMinor + ((b - u) / 3600) * RETAINER.overageRatePerHourMinor;
    }
    money.push({
      clientId: id,
      months,
      currency: 'EUR',
      exponent: 2,
      billedSeconds: billed,
      includedSeconds: RETAINER.includedMinutes * 60 * months.length,
      usedSeconds: used,
      overageSeconds: overage,
      totalMinor,
      resolved,
      costPerResolvedMinor: resolved && months.length ? Math.round(totalMinor / resolved) : null,
      problem: null,
    });
  }
  return {
    totalSeconds: total,
    byActivity: [...byActivity.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([activity, seconds]) => ({ activity, seconds })),
    byAgent: total ? [{ agentId: agent.id, name: agent.name, seconds: total }] : [],
    money,
  };
}

/** Every figure of one period, computed from the fixture with plain loops. */
function reference(clientId: number | null, from: number, to: number) {
  const mine = convs.filter((c) => clientId == null || c.src.clientId === clientId);
  const inP = (t: number | null) => t != null && t >= from && t < to;
  const opened = mine.filter((c) => inP(c.open));
  const inbound = mine.flatMap((c) => [c.open, ...c.extra].map((at) => ({ c, at })));
  const msgs = inbound.filter((m) => inP(m.at));
  const byPlatform = new Map<string, { conversations: number; messages: number }>();
  const byWeek = new Map<number, { conversations: number; messages: number }>();
  const bump = <K>(
    m: Map<K, { conversations: number; messages: number }>,
    k: K,
    f: 'conversations' | 'messages',
  ) => {
    const v = m.get(k) ?? { conversations: 0, messages: 0 };
    v[f]++;
    m.set(k, v);
  };
  for (const c of opened) {
    bump(byPlatform, c.src.platform, 'conversations');
    bump(byWeek, weekStart(c.open), 'conversations');
  }
  for (const m of msgs) {
    bump(byPlatform, m.c.src.platform, 'messages');
    bump(byWeek, weekStart(m.at), 'messages');
  }
  const memberKey = (c: Conv) => `${c.src.id}/${c.member}`;
  const active = new Set(msgs.map((m) => memberKey(m.c)));
  let fresh = 0;
  for (const k of active) if (!inbound.some((m) => memberKey(m.c) === k && m.at < from)) fresh++;

  // SLA clocks: first reply fulfilled at the reply; resolution fulfilled at the solve.
  const first = mine.filter((c) => c.reply != null && inP(c.reply));
  const firstMin = first.map((c) => elapsed(c, c.reply!));
  const firstBreached = first.filter((c) => c.reply! > due(c, TARGET[c.src.client].first)).length;
  const solved = mine.filter((c) => inP(c.solve));
  const resMin = solved.map((c) => elapsed(c, c.solve!));
  const resBreached = solved.filter((c) => c.solve! > due(c, TARGET[c.src.client].res)).length;
  const business = first
    .filter((c) => c.src.client === 'A')
    .map((c) => businessMinutes(c.open, c.reply!));
  const calendar = first.map((c) => (c.reply! - c.open) / MIN);

  const mod = moderation.filter(
    (m) => (clientId == null || m.clientId === clientId) && inP(m.doneAt),
  );
  const kinds = [...new Set(mod.map((m) => m.kind))].sort();
  const spammy = (t: string) => t.toLowerCase().includes('spam');
  const spamRemoved = new Set(
    mod
      .filter(
        (m) =>
          m.kind === 'remove' &&
          ((m.reason != null && spammy(m.reason)) || (m.itemReasons ?? []).some(spammy)),
      )
      .map((m) => m.conv),
  ).size;
  // Status at `to`: solved when the solve happened before `to` and no member message re-opened it
  // between the solve and `to` (a message at the solve's own minute was replayed before the solve).
  const solvedAt = (c: Conv, t: number) =>
    c.solve != null && c.solve < t && !c.extra.some((x) => x > c.solve! && x < t);
  const created = mine.filter((c) => c.open < to);
  const modPlatforms = [...new Set(mod.map((m) => m.platform))].sort();
  return {
    volume: {
      conversationsIn: opened.length,
      messagesIn: msgs.length,
      byPlatform: [...byPlatform.entries()]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([platform, v]) => ({ platform, ...v })),
      byWeek: [...byWeek.entries()]
        .sort(([x], [y]) => x - y)
        .map(([w, v]) => ({ weekStart: new Date(w).toISOString(), ...v })),
      activeMembers: active.size,
      newMembers: fresh,
      returningMembers: active.size - fresh,
    },
    first: {
      total: first.length,
      breached: firstBreached,
      median: rank(firstMin, 0.5),
      p90: rank(firstMin, 0.9),
    },
    res: { total: solved.length, breached: resBreached, median: rank(resMin, 0.5) },
    business: { median: rank(business, 0.5), p90: rank(business, 0.9) },
    calendar: { median: rank(calendar, 0.5), p90: rank(calendar, 0.9) },
    responseRatePct: opened.length
      ? (opened.filter((c) => c.reply != null).length / opened.length) * 100
      : null,
    backlogAtEnd: created.filter((c) => !solvedAt(c, to)).length,
    resolutionRatePct: opened.length
      ? (opened.filter((c) => solvedAt(c, to)).length / opened.length) * 100
      : null,
    moderation: {
      total: mod.length,
      byKind: kinds.map((kind) => ({ kind, count: mod.filter((m) => m.kind === kind).length })),
      byPlatform: modPlatforms.map((platform) => ({
        platform,
        count: mod.filter((m) => m.platform === platform).length,
      })),
      spamRemoved,
      memberMessagesIn: msgs.length,
      spamSharePct: msgs.length ? (spamRemoved / msgs.length) * 100 : null,
    },
    overrides: overrides.filter((o) => (clientId == null || o.clientId === clientId) && inP(o.at))
      .length,
  };
}

function expectMatches(got: ReportsPeriodKpis, clientId: number | null, from: number, to: number) {
  const ref = reference(clientId, from, to);
  expect(got.from).toBe(new Date(from).toISOString());
  expect(got.to).toBe(new Date(to).toISOString());
  expect(got.volume).toEqual(ref.volume);
  const fr = got.sla.find((s) => s.metric === 'first_reply')!;
  expect(fr).toMatchObject({
    total: ref.first.total,
    breached: ref.first.breached,
    met: ref.first.total - ref.first.breached,
  });
  expect(fr.attainmentPct).toBeCloseTo(
    ref.first.total ? ((ref.first.total - ref.first.breached) / ref.first.total) * 100 : NaN,
    9,
  );
  const res = got.sla.find((s) => s.metric === 'resolution')!;
  expect(res).toMatchObject({ total: ref.res.total, breached: ref.res.breached });
  const r = got.responsiveness;
  expect(r.firstReplyCount).toBe(ref.first.total);
  expect(r.firstReplyMedianMinutes).toBeCloseTo(ref.first.median!, 6);
  expect(r.firstReplyP90Minutes).toBeCloseTo(ref.first.p90!, 6);
  expect(r.firstReplyBusinessMedianMinutes).toBeCloseTo(ref.business.median!, 6);
  expect(r.firstReplyBusinessP90Minutes).toBeCloseTo(ref.business.p90!, 6);
  expect(r.firstReplyCalendarMedianMinutes).toBeCloseTo(ref.calendar.median!, 6);
  expect(r.firstReplyCalendarP90Minutes).toBeCloseTo(ref.calendar.p90!, 6);
  expect(r.responseRatePct).toBeCloseTo(ref.responseRatePct!, 9);
  expect(r.resolvedCount).toBe(ref.res.total);
  expect(r.resolutionMedianMinutes).toBeCloseTo(ref.res.median!, 6);
  expect(r.backlogAtEnd).toBe(ref.backlogAtEnd);
  expect(r.resolutionRatePct).toBeCloseTo(ref.resolutionRatePct!, 9);
  const { spamSharePct, ...modRest } = got.moderation;
  const { spamSharePct: refSpamPct, ...refModRest } = ref.moderation;
  expect(modRest).toEqual(refModRest);
  expect(spamSharePct).toBeCloseTo(refSpamPct!, 9);
  expect(got.guidelineOverrides).toBe(ref.overrides);
  expect(got.effort).toEqual(effortReference(clientId, from, to));
}

describe('reports.kpis', () => {
  it('every figure of one client, this period and the previous one, equals the independent computation', async () => {
    const a = srcs[0]!.clientId;
    const k = await core.call('reports.kpis', {
      clientId: a,
      from: new Date(FROM).toISOString(),
      to: new Date(TO).toISOString(),
    });
    // The fixture is rich enough that every figure is exercised (not a vacuous match of zeros).
    expect(k.current.volume.byPlatform.map((p) => p.platform)).toEqual(['discourse', 'reddit']);
    expect(k.current.volume.returningMembers).toBeGreaterThan(0);
    expect(k.current.volume.newMembers).toBeGreaterThan(0);
    expect(k.current.sla.find((s) => s.metric === 'first_reply')!.breached).toBeGreaterThan(0);
    expect(k.current.moderation.total).toBeGreaterThan(0);
    expect(k.current.moderation.spamRemoved).toBeGreaterThan(0);
    expect(k.current.responsiveness.backlogAtEnd).toBeGreaterThan(0);
    expect(k.current.responsiveness.resolutionRatePct).toBeGreaterThan(0);
    // November has more than the retainer's 10 hours: there is overage, and the cost per resolution.
    expect(k.current.effort.money[0]).toMatchObject({ months: ['2026-11'], problem: null });
    expect(k.current.effort.money[0]!.overageSeconds).toBeGreaterThan(0);
    expect(k.current.effort.money[0]!.costPerResolvedMinor).toBeGreaterThan(0);
    expectMatches(k.current, a, FROM, TO);
    expectMatches(k.previous, a, PREV, FROM);
  });

  it('the calendar-time client and all clients together match too', async () => {
    const b = srcs[2]!.clientId;
    const kb = await core.call('reports.kpis', {
      clientId: b,
      from: new Date(FROM).toISOString(),
      to: new Date(TO).toISOString(),
    });
    expectMatches(kb.current, b, FROM, TO);
    expectMatches(kb.previous, b, PREV, FROM);
    expect(kb.current.responsiveness.firstReplyBusinessMedianMinutes).toBeNull(); // no business-time clocks
    const all = await core.call('reports.kpis', {
      clientId: null,
      from: new Date(FROM).toISOString(),
      to: new Date(TO).toISOString(),
    });
    expectMatches(all.current, null, FROM, TO);
    expectMatches(all.previous, null, PREV, FROM);
  });

  it('SLA, moderation and override figures are the very numbers sla.report, moderation.counts and guidelines.overrides return', async () => {
    for (const src of [srcs[0]!, srcs[2]!]) {
      const range = { from: '2026-10-20T00:00:00.000Z', to: '2026-11-17T12:00:00.000Z' };
      const k = await core.call('reports.kpis', { clientId: src.clientId, ...range });
      expect(k.current.sla).toEqual(
        await core.call('sla.report', { clientId: src.clientId, ...range }),
      );
      const counts = await core.call('moderation.counts', { clientId: src.clientId, ...range });
      expect(k.current.moderation.total).toBe(counts.reduce((n, c) => n + c.count, 0));
      expect(k.current.guidelineOverrides).toBe(
        (await core.call('guidelines.overrides', { clientId: src.clientId, ...range })).count,
      );
    }
  });

  it('every figure names its how-computed text; bad periods and unknown clients are refused', async () => {
    const k = await core.call('reports.kpis', {
      clientId: null,
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    });
    // Each key is a text in every UI language (the tooltips say how the figure is computed).
    for (const dict of [en, da, ru]) {
      for (const key of Object.values(k.howComputed)) {
        const text = key
          .split('.')
          .reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], dict);
        expect(typeof text === 'string' && text.length > 20, key).toBe(true);
      }
    }
    expect(Object.keys(k.howComputed)).toEqual(
      expect.arrayContaining(['conversationsIn', 'firstReply', 'sla', 'moderation']),
    );
    const backwards = await core.dispatch('reports.kpis', {
      clientId: null,
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-01T00:00:00Z',
    });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await core.dispatch('reports.kpis', {
      clientId: 999,
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const long = await core.dispatch('reports.kpis', {
      clientId: null,
      from: '2000-01-01T00:00:00Z',
      to: '2020-01-01T00:00:00Z',
    });
    expect(long).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^to: /) },
    });
    const early = await core.dispatch('reports.kpis', {
      clientId: null,
      from: '1971-01-01T00:00:00Z',
      to: '1973-01-01T00:00:00Z',
    });
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^from: /) },
    });
    const loose = await core.dispatch('reports.kpis', {
      clientId: null,
      from: '1 Nov 2026',
      to: '2026-11-02T00:00:00Z',
    });
    expect(loose).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
