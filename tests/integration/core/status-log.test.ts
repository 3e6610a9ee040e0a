// The conversation status log (migration 0012) through the real paths: ingest creates a conversation
// ('new'), a staff reply leaves 'new', the agent's status commands log with the agent, a member's
// message re-opens a solved conversation, a late-synced message never writes history backwards, and
// an UPDATE that forgot to log is caught by the safety-net trigger. Then reports.kpis reads the
// history: backlog at the period's end and resolution rate for periods ending between the changes.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';

const MIN = 60_000;
let now = Date.parse('2026-11-02T10:00:00Z');
const clock = { now: () => now };
let core: TestCore;
let source: { id: number; clientId: number };

const item = (post: string, at: number, staff = false): NormalizedItem => ({
  conversation: {
    externalId: 'topic-1',
    title: 'Dark mode?',
    url: null,
    createdAt: T0,
    kind: 'topic',
  },
  member: {
    externalId: staff ? 'agent' : 'm1',
    username: staff ? 'agent' : 'm1',
    displayName: staff ? 'Agent' : 'Member',
    avatarUrl: null,
    isStaff: staff,
  },
  message: {
    externalId: post,
    bodyHtml: '<p>x</p>',
    bodyText: post,
    createdAt: at,
    editedAt: null,
    version: 1,
    deleted: false,
  },
});
const T0 = Date.parse('2026-11-02T10:00:00Z');

beforeEach(async () => {
  now = T0;
  core = await makeCore({ clock });
  const c = await core.call('clients.create', {
    name: 'Northwind',
    timezone: 'UTC',
    firstReplyMinutes: 60,
  });
  source = {
    id: core.internals.repos.sources.insert(
      {
        clientId: c.id,
        platform: 'discourse',
        name: 'Forum',
        baseUrl: 'http://127.0.0.1:9',
        config: {},
        secretRef: null,
      },
      now,
    ).id,
    clientId: c.id,
  };
});
afterEach(async () => core.close());

const ingest = (post: string, at: number, staff = false) =>
  core.internals.ingester.ingest(source, [item(post, at, staff)], [], now);
const log = () =>
  core.internals.db
    .prepare('SELECT at, status, actor_id AS actor FROM conversation_status_log ORDER BY id')
    .all() as { at: number; status: string; actor: number | null }[];
const kpis = async (to: number) =>
  (
    await core.call('reports.kpis', {
      clientId: source.clientId,
      from: new Date(T0 - 60 * MIN).toISOString(),
      to: new Date(to).toISOString(),
    })
  ).current.responsiveness;

it('every status change is logged once, with its time and agent, and the reports read status at the period end', async () => {
  ingest('q', T0);
  const convId = (core.internals.db.prepare('SELECT id FROM conversations').get() as { id: number })
    .id;
  now = T0 + 10 * MIN;
  ingest('a', now, true); // staff reply: new -> open
  now = T0 + 20 * MIN;
  await core.call('conversations.setStatus', { id: convId, status: 'solved' });
  await core.call('conversations.setStatus', { id: convId, status: 'solved' }); // no change: no row
  now = T0 + 30 * MIN;
  ingest('back', now); // the member writes again: solved -> open
  now = T0 + 40 * MIN;
  await core.call('conversations.setStatus', { id: convId, status: 'pending' });
  const agentId = (await core.call('app.info', {})).agent!.id;
  expect(log()).toEqual([
    { at: T0, status: 'new', actor: null },
    { at: T0 + 10 * MIN, status: 'open', actor: null },
    { at: T0 + 20 * MIN, status: 'solved', actor: agentId },
    { at: T0 + 30 * MIN, status: 'open', actor: null },
    { at: T0 + 40 * MIN, status: 'pending', actor: agentId },
  ]);

  // Periods ending while new, right after the solve, after the re-open.
  expect(await kpis(T0 + 5 * MIN)).toMatchObject({ backlogAtEnd: 1, resolutionRatePct: 0 });
  expect(await kpis(T0 + 20 * MIN)).toMatchObject({ backlogAtEnd: 1, resolutionRatePct: 0 }); // [from, to): the solve at `to` is not in it
  expect(await kpis(T0 + 21 * MIN)).toMatchObject({ backlogAtEnd: 0, resolutionRatePct: 100 });
  expect(await kpis(T0 + 31 * MIN)).toMatchObject({ backlogAtEnd: 1, resolutionRatePct: 0 });
  expect(await kpis(T0 + 50 * MIN)).toMatchObject({ backlogAtEnd: 1, resolutionRatePct: 0 }); // pending is backlog
  // A period before the conversation existed has no backlog and no rate.
  const before = await core.call('reports.kpis', {
    clientId: source.clientId,
    from: new Date(T0 - 120 * MIN).toISOString(),
    to: new Date(T0 - 60 * MIN).toISOString(),
  });
  expect(before.current.responsiveness).toMatchObject({ backlogAtEnd: 0, resolutionRatePct: null });
});

it('a late-synced message re-opens at the later instant; an unlogged UPDATE is caught by the safety net', async () => {
  ingest('q', T0);
  const convId = (core.internals.db.prepare('SELECT id FROM conversations').get() as { id: number })
    .id;
  now = T0 + 20 * MIN;
  await core.call('conversations.setStatus', { id: convId, status: 'solved' });
  now = T0 + 25 * MIN;
  ingest('written-before-the-solve', T0 + 15 * MIN); // synced after the solve
  expect(log().map((r) => [r.at, r.status])).toEqual([
    [T0, 'new'],
    [T0 + 20 * MIN, 'solved'],
    [T0 + 20 * MIN, 'open'], // never before the previous row
  ]);
  const wall = Date.now();
  core.internals.db.prepare(`UPDATE conversations SET status = 'solved' WHERE id = ?`).run(convId);
  const last = log().at(-1)!;
  expect(last.status).toBe('solved');
  expect(last.at).toBeGreaterThanOrEqual(wall - 1000);
  expect(last.at).toBeLessThanOrEqual(Date.now() + 1000);
  expect(log()).toHaveLength(4);
});
