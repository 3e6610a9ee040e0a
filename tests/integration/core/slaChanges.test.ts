// Issue 6, defect 2 and the contract probes: an SLA change is all or nothing (validated against the
// calculator's horizon and applied with its re-targeting in one transaction, or refused with a
// field-named invalid_input and nothing saved); ingest never quarantines a post over an SLA
// computation; every list in the contract is bounded; every incoming time is a strict instant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';
import { connect, forumCore, startForum } from '../../helpers/forum';

let now = Date.parse('2026-11-20T10:00:00Z');
const clock = { now: () => now };
let core: TestCore;
let src: { id: number; clientId: number };

function post(topic: number, postId: number, at: number): NormalizedItem {
  return {
    conversation: {
      externalId: String(topic),
      title: `Topic ${topic}`,
      url: null,
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
      externalId: String(postId),
      bodyHtml: '<p>help</p>',
      bodyText: `help ${postId}`,
      createdAt: at,
      editedAt: null,
      version: 1,
      deleted: false,
    },
  };
}
const ingest = (...items: NormalizedItem[]) => core.internals.ingester.ingest(src, items, [], now);
const errorOf = async (method: Parameters<TestCore['dispatch']>[0], input: unknown) => {
  const r = await core.dispatch(method, input);
  if (r.ok) throw new Error(`expected ${String(method)} to be refused`);
  return r.error;
};
const TINY = { timezone: 'Europe/Oslo', weekly: { mon: [['09:00', '09:30']] } };

beforeEach(async () => {
  now = Date.parse('2026-11-20T10:00:00Z');
  core = await makeCore({ clock });
  const client = await core.call('clients.create', {
    name: 'Fjord',
    timezone: 'Europe/Oslo',
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
});
afterEach(async () => core.close());

describe('SLA changes are all or nothing', () => {
  it('a schedule whose targets cannot be computed is refused, nothing saved, later posts stored (issue repro)', async () => {
    ingest(post(1, 10, now - 60_000));
    await core.call('clients.update', { id: src.clientId, firstReplyMinutes: 525600 });
    const before = await core.call('sla.getSchedule', { clientId: src.clientId });
    const err = await errorOf('sla.setSchedule', { clientId: src.clientId, schedule: TINY });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(
      /^schedule: .*first-reply target of 525600 business minutes.*200 years/,
    );
    // Nothing saved, nothing broken.
    expect(await core.call('sla.getSchedule', { clientId: src.clientId })).toEqual(before);
    expect((await core.call('sla.preview', { clientId: src.clientId })).length).toBeGreaterThan(0);
    const res = ingest(post(2, 20, now));
    expect(res).toMatchObject({ inserted: 1, quarantined: 0, slaErrors: 0 });
  });

  it('a policy whose target cannot be reached on the schedule is refused naming its field; nothing saved', async () => {
    await core.call('sla.setSchedule', { clientId: src.clientId, schedule: TINY });
    const err = await errorOf('sla.savePolicy', {
      clientId: src.clientId,
      policy: {
        name: 'P',
        targets: {
          first_reply: { normal: { minutes: 60, mode: 'business' } },
          periodic_update: { normal: { minutes: 525600, mode: 'business' } },
        },
      },
    });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^policy\.targets\.periodic_update\.normal\.minutes: /);
    expect(await core.call('sla.policies', { clientId: src.clientId })).toEqual([]);
  });

  it('the order of the issue (policy first, then the schedule) is refused at the schedule', async () => {
    ingest(post(1, 10, now - 60_000));
    await core.call('sla.savePolicy', {
      clientId: src.clientId,
      policy: {
        name: 'P',
        targets: {
          first_reply: { normal: { minutes: 60, mode: 'business' } },
          periodic_update: { normal: { minutes: 525600, mode: 'business' } },
        },
      },
    });
    const err = await errorOf('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'Australia/Sydney', weekly: { mon: [['09:00', '09:30']] } },
    });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^schedule: .*policy "P" periodic_update target/);
    expect((await core.call('sla.getSchedule', { clientId: src.clientId })).isDefault).toBe(true);
  });

  it('clients.update of the first-reply target is validated the same way, and re-targets open clocks when accepted', async () => {
    ingest(post(1, 10, now));
    await core.call('sla.setSchedule', { clientId: src.clientId, schedule: TINY });
    const err = await errorOf('clients.update', { id: src.clientId, firstReplyMinutes: 525600 });
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect(err.message).toMatch(/^firstReplyMinutes: /);
    expect(
      (await core.call('clients.list', {})).find((c) => c.id === src.clientId)!.firstReplyMinutes,
    ).toBe(120);
    await core.call('clients.update', { id: src.clientId, firstReplyMinutes: 30 });
    const conv = (await core.call('queue.list', {})).rows[0]!;
    const fr = (await core.call('sla.clocks', { conversationId: conv.id })).find(
      (k) => k.metric === 'first_reply',
    )!;
    expect(fr.targetMinutes).toBe(30);
  });
});

describe('ingest never quarantines over an SLA computation', () => {
  it('stores the post, marks the clock as not computable, says why in the source health; a fix recomputes', async () => {
    // Settings that can no longer be computed (written before this validation existed).
    core.internals.db
      .prepare('UPDATE clients SET first_reply_minutes = 525600, schedule_json = ? WHERE id = ?')
      .run(
        JSON.stringify({
          timezone: 'Europe/Oslo',
          weekly: {
            mon: [['09:00', '09:30']],
            tue: [],
            wed: [],
            thu: [],
            fri: [],
            sat: [],
            sun: [],
          },
          holidays: [],
        }),
        src.clientId,
      );
    core.internals.sla.invalidateClient(src.clientId);
    const res = ingest(post(5, 50, now));
    expect(res).toMatchObject({ inserted: 1, quarantined: 0, slaErrors: 1 });
    expect(res.slaError).toMatch(/200 years/);
    expect(await core.call('sources.quarantine', {})).toEqual([]);
    const sla = core.internals.db
      .prepare('SELECT sla_error FROM conversations WHERE external_id = ?')
      .get('5') as { sla_error: string };
    expect(sla.sla_error).toMatch(/^SLA clocks could not be computed: /);
    // A valid schedule fixes it: the clocks are computed from the conversation's opening.
    await core.call('sla.setSchedule', {
      clientId: src.clientId,
      schedule: {
        timezone: 'Europe/Oslo',
        weekly: {
          mon: [['09:00', '17:00']],
          tue: [['09:00', '17:00']],
          wed: [['09:00', '17:00']],
          thu: [['09:00', '17:00']],
          fri: [['09:00', '17:00']],
        },
      },
    });
    const after = core.internals.db
      .prepare('SELECT sla_error, due_at FROM conversations WHERE external_id = ?')
      .get('5') as { sla_error: string | null; due_at: number };
    expect(after.sla_error).toBeNull();
    expect(after.due_at).toBeLessThan(8.64e15);
  });
});

describe('the source health says why', () => {
  it('a poll that stores posts without computable clocks leaves the source degraded with the reason', async () => {
    const sim = await startForum('acme', 2);
    const c = await forumCore();
    try {
      const { source, client } = await connect(c, sim);
      c.internals.db
        .prepare('UPDATE clients SET first_reply_minutes = 525600, schedule_json = ? WHERE id = ?')
        .run(
          JSON.stringify({
            timezone: 'Europe/Oslo',
            weekly: {
              mon: [['09:00', '09:30']],
              tue: [],
              wed: [],
              thu: [],
              fri: [],
              sat: [],
              sun: [],
            },
            holidays: [],
          }),
          client.id,
        );
      c.internals.sla.invalidateClient(client.id);
      await c.internals.sync.runOnce(source.id);
      const s = (await c.call('sources.list', {})).find((x) => x.id === source.id)!;
      expect(s.health.status).toBe('degraded');
      expect(s.health.lastError).toMatch(
        /conversation\(s\) stored without SLA deadlines \(SLA clocks could not be computed: .*200 years/,
      );
      expect(s.health.quarantined).toBe(0);
      expect((await c.call('queue.list', {})).total).toBeGreaterThan(0);
    } finally {
      await c.close();
      await sim.close();
    }
  });
});

describe('bounded lists and strict instants', () => {
  it('refuses 100,000 holidays and a 60,000-interval Monday quickly, naming the field', async () => {
    const holidays = Array.from({ length: 100_000 }, (_, i) =>
      new Date(Date.UTC(2030, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    );
    const t0 = Date.now();
    const e1 = await errorOf('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] }, holidays },
    });
    expect(e1.message).toMatch(/holidays: has 100000 dates; at most 2000/);
    const mon = Array.from({ length: 60_000 }, (_, i) => [
      `${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      '23:59',
    ]);
    const e2 = await errorOf('sla.setSchedule', {
      clientId: src.clientId,
      schedule: { timezone: 'UTC', weekly: { mon } },
    });
    expect(e2.message).toMatch(/weekly\.mon: has 60000 intervals; at most 48 a day/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('sla.board refuses too many client ids as invalid_input and handles the maximum', async () => {
    const many = Array.from({ length: 40_000 }, (_, i) => i + 1);
    expect((await errorOf('sla.board', { clientIds: many })).code).toBe('invalid_input');
    expect(
      Array.isArray(
        await core.call('sla.board', { clientIds: Array.from({ length: 500 }, (_, i) => i + 1) }),
      ),
    ).toBe(true);
  });

  it('sla.preview and sla.report take only strict instants (zone required, years 1970..9999)', async () => {
    for (const at of [
      '0999-12-31T00:00:00Z',
      '1',
      '2026-11-20T10:00:00',
      '10000-01-01T00:00:00Z',
    ]) {
      const e = await errorOf('sla.preview', { clientId: src.clientId, at });
      expect(e.code, at).toBe('invalid_input');
      expect(e.message, at).toMatch(/at/);
    }
    expect(
      (
        await errorOf('sla.report', {
          clientId: src.clientId,
          from: '1',
          to: '2026-11-20T10:00:00Z',
        })
      ).code,
    ).toBe('invalid_input');
    expect(
      (
        await errorOf('sla.report', {
          clientId: src.clientId,
          from: '2026-11-21T00:00:00Z',
          to: '2026-11-20T00:00:00Z',
        })
      ).message,
    ).toMatch(/^to: /);
    const ok = await core.call('sla.preview', {
      clientId: src.clientId,
      at: '2026-11-20T10:00:00+01:00',
    });
    expect(ok[0]!.dueAt).toBe('2026-11-20T11:00:00.000Z');
  });
});
