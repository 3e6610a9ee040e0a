// The SLA engine through the contract, on business calendars: Copenhagen business hours, pauses
// while pending, re-targeting on priority change, solve stopping clocks, reports and the board.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';

let now = Date.parse('2026-11-20T15:00:00Z'); // Friday 16:00 in Copenhagen
const clock = { now: () => now };
let core: TestCore;
let src: { id: number; clientId: number };

function msg(topic: number, post: number, at: string, staff = false): NormalizedItem {
  const t = Date.parse(at);
  return {
    conversation: {
      externalId: String(topic),
      title: `Topic ${topic}`,
      url: null,
      createdAt: t,
      kind: 'topic',
    },
    member: {
      externalId: staff ? 'agent' : `m${topic}`,
      username: staff ? 'agent' : `m${topic}`,
      displayName: staff ? 'Agent' : `Member ${topic}`,
      avatarUrl: null,
      isStaff: staff,
    },
    message: {
      externalId: String(post),
      bodyHtml: '<p>x</p>',
      bodyText: `message ${post}`,
      createdAt: t,
      editedAt: null,
      version: 1,
      deleted: false,
    },
  };
}
const ingest = (...items: NormalizedItem[]) => core.internals.ingester.ingest(src, items, [], now);
const convId = (topic: number) =>
  (
    core.internals.db
      .prepare('SELECT id FROM conversations WHERE external_id = ?')
      .get(String(topic)) as { id: number }
  ).id;
const clocks = async (topic: number) =>
  Object.fromEntries(
    (await core.call('sla.clocks', { conversationId: convId(topic) })).map((c) => [c.metric, c]),
  );

beforeEach(async () => {
  now = Date.parse('2026-11-20T15:00:00Z');
  core = await makeCore({ clock });
  const client = await core.call('clients.create', {
    name: 'Northwind',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
  });
  const s = core.internals.repos.sources.insert(
    {
      clientId: client.id,
      platform: 'discourse',
      name: 'F',
      baseUrl: 'http://127.0.0.1:9',
      config: {},
      secretRef: null,
    },
    now,
  );
  src = { id: s.id, clientId: client.id };
  await core.call('sla.savePolicy', {
    clientId: client.id,
    policy: {
      name: 'Standard',
      targets: {
        first_reply: {
          normal: { minutes: 120, mode: 'business' },
          urgent: { minutes: 30, mode: 'business' },
        },
        next_reply: {
          normal: { minutes: 60, mode: 'business' },
          urgent: { minutes: 15, mode: 'business' },
        },
        resolution: {
          normal: { minutes: 480, mode: 'business' },
          urgent: { minutes: 240, mode: 'business' },
        },
      },
      warnRatio: 0.75,
      pausesOnPending: ['first_reply', 'next_reply', 'resolution'],
    },
  });
});
afterEach(async () => core.close());

describe('SLA engine', () => {
  it('Friday 16:00 + 2 business hours in Copenhagen is due Monday 10:00 (weekend skipped)', async () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    const c = await clocks(1);
    expect(c.first_reply).toMatchObject({
      status: 'running',
      dueAt: '2026-11-23T09:00:00.000Z',
      targetMinutes: 120,
      mode: 'business',
    });
    // The queue is ordered by that deadline and shows it.
    const [row] = (await core.call('queue.list', {})).rows;
    expect(row!.dueAt).toBe('2026-11-23T09:00:00.000Z');
    // 75 % warning: 90 business minutes -> Monday 09:30 local.
    expect(c.first_reply!.warnAt).toBe('2026-11-23T08:30:00.000Z');
  });

  it('pending pauses the clock; re-opening resumes it with the time already used', async () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    now = Date.parse('2026-11-20T15:30:00Z'); // 30 business minutes used
    await core.call('conversations.setStatus', { id: convId(1), status: 'pending' });
    let c = await clocks(1);
    expect(c.first_reply).toMatchObject({ status: 'paused', dueAt: null });
    expect(c.first_reply!.elapsedMinutes).toBeCloseTo(30, 6);
    expect((await core.call('queue.list', {})).rows[0]!.dueAt).toBeNull();
    now = Date.parse('2026-11-23T08:30:00Z'); // Monday 09:30 local
    await core.call('conversations.setStatus', { id: convId(1), status: 'open' });
    c = await clocks(1);
    expect(c.first_reply).toMatchObject({ status: 'running', dueAt: '2026-11-23T10:00:00.000Z' }); // 90 minutes left from 09:30
  });

  it('a public agent reply fulfils first reply; a member follow-up starts next reply; notes fulfil nothing', async () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    await core.call('notes.add', {
      conversationId: convId(1),
      body: 'internal: checking with billing',
    });
    expect((await clocks(1)).first_reply!.status).toBe('running');
    ingest(msg(1, 11, '2026-11-20T15:20:00Z', true));
    let c = await clocks(1);
    expect(c.first_reply).toMatchObject({ status: 'fulfilled', breached: false });
    expect(c.first_reply!.elapsedMinutes).toBeCloseTo(20, 6);
    ingest(msg(1, 12, '2026-11-23T08:10:00Z')); // Monday 09:10 local
    ingest(msg(1, 13, '2026-11-23T08:40:00Z')); // a second message does not move the deadline
    c = await clocks(1);
    expect(c.next_reply).toMatchObject({ status: 'running', dueAt: '2026-11-23T09:10:00.000Z' });
  });

  it('a priority change re-targets running clocks', async () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    await core.call('conversations.setPriority', { id: convId(1), priority: 'urgent' });
    const c = await clocks(1);
    expect(c.first_reply).toMatchObject({ targetMinutes: 30, dueAt: '2026-11-20T15:30:00.000Z' });
  });

  it('solving fulfils resolution and stops next reply (it does not run on after resolve)', async () => {
    ingest(
      msg(1, 10, '2026-11-20T15:00:00Z'),
      msg(1, 11, '2026-11-20T15:05:00Z', true),
      msg(1, 12, '2026-11-20T15:10:00Z'),
    );
    now = Date.parse('2026-11-20T15:20:00Z');
    await core.call('conversations.setStatus', { id: convId(1), status: 'solved' });
    now = Date.parse('2026-11-30T15:20:00Z');
    const c = await clocks(1);
    expect(c.next_reply).toMatchObject({ status: 'cancelled', breached: false });
    expect(c.resolution).toMatchObject({ status: 'fulfilled', breached: false });
    expect(c.resolution!.elapsedMinutes).toBeCloseTo(20, 6);
  });

  it('reports attainment, median and p90 of first reply per client and period', async () => {
    // Five conversations answered after 10, 20, 30, 40 and 150 business minutes (the last breaches 120).
    const replies = [10, 20, 30, 40, 150];
    replies.forEach((m, i) => {
      const open = Date.parse('2026-11-18T08:00:00Z'); // Wednesday 09:00 local
      ingest(
        msg(100 + i, 1000 + i * 2, new Date(open).toISOString()),
        msg(100 + i, 1001 + i * 2, new Date(open + m * 60_000).toISOString(), true),
      );
    });
    const report = await core.call('sla.report', {
      clientId: src.clientId,
      from: '2026-11-16T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
    });
    const fr = report.find((r) => r.metric === 'first_reply')!;
    expect(fr).toMatchObject({ total: 5, met: 4, breached: 1, attainmentPct: 80 });
    expect(fr.medianMinutes).toBeCloseTo(30, 6);
    expect(fr.p90Minutes).toBeCloseTo(150, 6);
    const empty = await core.call('sla.report', {
      clientId: src.clientId,
      from: '2026-10-01T00:00:00Z',
      to: '2026-10-02T00:00:00Z',
    });
    expect(empty.find((r) => r.metric === 'first_reply')).toMatchObject({
      total: 0,
      attainmentPct: null,
      medianMinutes: null,
    });
  });

  it('the board lists breaching-soon, breached and paused clocks; the monitor records breaches once', async () => {
    ingest(msg(1, 10, '2026-11-20T13:00:00Z')); // due 16:00 local
    ingest(msg(2, 20, '2026-11-20T15:00:00Z')); // due Monday
    ingest(msg(3, 30, '2026-11-20T14:30:00Z'));
    await core.call('conversations.setStatus', { id: convId(3), status: 'pending' });
    now = Date.parse('2026-11-20T15:30:00Z');
    let board = await core.call('sla.board', { soonMinutes: 60 });
    const state = (t: number) =>
      board.filter((r) => r.conversationId === convId(t)).map((r) => `${r.metric}:${r.state}`);
    expect(state(1)).toContain('first_reply:breached');
    expect(state(2)).toEqual([]);
    expect(state(3)).toContain('first_reply:paused');
    const events: string[] = [];
    core.onEvent((e) => e.name === 'notify' && events.push(e.payload.kind));
    core.internals.monitor.tick();
    core.internals.monitor.tick();
    expect(events.filter((k) => k === 'breach')).toHaveLength(1);
    const log = core.internals.db
      .prepare("SELECT count(*) n FROM sla_clock_events WHERE kind = 'breach'")
      .get() as { n: number };
    expect(log.n).toBe(1);
    now = Date.parse('2026-11-23T08:45:00Z'); // Monday 09:45: conversation 2 is due at 10:00
    board = await core.call('sla.board', { soonMinutes: 60 });
    expect(state(2)).toContain('first_reply:breaching_soon');
  });

  it('a tag condition picks a stricter policy, and tagging re-targets the running clock', async () => {
    await core.call('sla.savePolicy', {
      clientId: src.clientId,
      policy: {
        name: 'VIP',
        position: 0,
        conditions: { tags: ['vip'] },
        targets: { first_reply: { normal: { minutes: 15, mode: 'calendar' } } },
      },
    });
    // Put the VIP policy first.
    const policies = await core.call('sla.policies', { clientId: src.clientId });
    const std = policies.find((p) => p.name === 'Standard')!;
    await core.call('sla.savePolicy', {
      clientId: src.clientId,
      id: std.id,
      policy: { ...std, position: 5 },
    });
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    expect((await clocks(1)).first_reply).toMatchObject({ targetMinutes: 120 });
    const tagged = await core.call('conversations.setTags', {
      id: convId(1),
      tags: ['VIP', 'vip'],
    });
    expect(tagged.tags).toEqual(['vip']);
    expect((await clocks(1)).first_reply).toMatchObject({
      targetMinutes: 15,
      mode: 'calendar',
      dueAt: '2026-11-20T15:15:00.000Z',
    });
  });

  it('the clock event log is append-only', () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    expect(() => core.internals.db.exec('UPDATE sla_clock_events SET at = 0')).toThrow(
      /append-only/,
    );
  });

  it('schedules: invalid ones are refused naming the field; a holiday moves the deadline; preview', async () => {
    const bad = await core.dispatch('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'Mars/Olympus', weekly: {}, holidays: [] },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^timezone/);
    const rev = await core.dispatch('sla.setSchedule', {
      clientId: src.clientId,
      schedule: {
        timezone: 'Europe/Copenhagen',
        weekly: { mon: [['17:00', '09:00']] },
        holidays: [],
      },
    });
    if (!rev.ok) expect(rev.error.message).toMatch(/weekly\.mon\[0\]/);
    const weekly = {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
      sat: [],
      sun: [],
    };
    await core.call('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'Europe/Copenhagen', weekly, holidays: ['2026-11-23'] },
    });
    const preview = await core.call('sla.preview', {
      clientId: src.clientId,
      at: '2026-11-20T15:00:00Z',
    });
    expect(preview.find((p) => p.metric === 'first_reply')!.dueAt).toBe('2026-11-24T09:00:00.000Z'); // Monday is a holiday
    const dk = await core.call('sla.holidays', { country: 'DK', years: [2026] });
    expect(dk).toContain('2026-12-25');
  });

  it('a schedule change re-targets open conversations (documented behaviour)', async () => {
    ingest(msg(1, 10, '2026-11-20T15:00:00Z'));
    const weekly = {
      mon: [['08:00', '16:00']],
      tue: [],
      wed: [],
      thu: [],
      fri: [['09:00', '17:00']],
      sat: [['10:00', '12:00']],
      sun: [],
    };
    await core.call('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'Europe/Copenhagen', weekly, holidays: [] },
    });
    // 60 minutes Friday, 120 minutes... 60 left: Saturday 10:00-11:00 local.
    expect((await clocks(1)).first_reply!.dueAt).toBe('2026-11-21T10:00:00.000Z');
  });
});
