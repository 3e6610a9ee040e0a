// tests/integration/time: a core on a real SQLite file with an injected clock, two clients with a
// forum each and a few conversations, for the time room's tests.
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';

export type TimeWorld = {
  core: TestCore;
  clock: { now: () => number; set(ms: number): void; advance(ms: number): void };
  clients: { a: number; b: number };
  conv: (topic: number) => number;
  /** Raw rows of time_entries (not deleted), oldest first. */
  rows(): {
    id: number;
    client_id: number;
    conversation_id: number | null;
    activity: string;
    origin: string;
    start_at: number;
    seconds: number;
    running: number;
  }[];
};

function msg(topic: number, at: number, title = `Topic ${topic}`): NormalizedItem {
  return {
    conversation: {
      externalId: String(topic),
      title,
      url: `https://forum.example/t/${topic}`,
      createdAt: at,
      kind: 'topic',
    },
    member: {
      externalId: `m${topic}`,
      username: `m${topic}`,
      displayName: `Member ${topic}`,
      avatarUrl: null,
      isStaff: false,
    },
    message: {
      externalId: `p${topic}`,
      bodyHtml: '<p>x</p>',
      bodyText: `message ${topic}`,
      createdAt: at,
      editedAt: null,
      version: 1,
      deleted: false,
    },
  };
}

/** Clients "Northwind" (topics 1, 2) and "Contoso" (topic 3), both in Europe/Copenhagen. */
export async function timeWorld(
  start = Date.parse('2026-11-10T09:00:00Z'),
  dir?: string,
  titles: Record<number, string> = {},
): Promise<TimeWorld> {
  let now = start;
  const clock = {
    now: () => now,
    set: (ms: number) => void (now = ms),
    advance: (ms: number) => void (now += ms),
  };
  const core = await makeCore({ clock, ...(dir ? { dir } : {}) });
  const ids: number[] = [];
  for (const [name, topics] of [
    ['Northwind', [1, 2]],
    ['Contoso', [3]],
  ] as const) {
    const existing = core.internals.repos.clients.list().find((c) => c.name === name);
    const c =
      existing ?? (await core.call('clients.create', { name, timezone: 'Europe/Copenhagen' }));
    ids.push(c.id);
    if (!existing) {
      const s = core.internals.repos.sources.insert(
        {
          clientId: c.id,
          platform: 'discourse',
          name: `${name} forum`,
          baseUrl: 'http://127.0.0.1:9',
          config: {},
          secretRef: null,
        },
        now,
      );
      core.internals.ingester.ingest(
        { id: s.id, clientId: c.id },
        topics.map((t) => msg(t, start - 3600_000, titles[t])),
        [],
        now,
      );
    }
  }
  const conv = (topic: number) =>
    (
      core.internals.db
        .prepare('SELECT id FROM conversations WHERE external_id = ?')
        .get(String(topic)) as { id: number }
    ).id;
  const rows = () =>
    core.internals.db
      .prepare(
        'SELECT id, client_id, conversation_id, activity, origin, start_at, seconds, running FROM time_entries WHERE deleted_at IS NULL ORDER BY start_at, id',
      )
      .all() as ReturnType<TimeWorld['rows']>;
  return { core, clock, clients: { a: ids[0]!, b: ids[1]! }, conv, rows };
}

export const EUR_CONTRACT = {
  currency: 'EUR',
  timeZone: 'Europe/Copenhagen',
  rates: [{ ratePerHourMinor: 9000, effectiveFrom: '2026-01-01' }],
  rounding: { mode: 'up', intervalMinutes: 15, scope: 'entry' },
} as const;
