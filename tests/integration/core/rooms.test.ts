// The core's rooms and its one command path: every change names the acting agent (by id) in the
// audit log; each rule that used to exist twice now has one implementation, and these tests would
// catch the old disagreements (a zone one path accepted and another refused; a preview that ignored
// tags/platform; a client's target change that never re-targeted its open clocks).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { isValidZone } from '../../../shared/sla/tz';
import { makeCore, TEST_AGENT, type TestCore } from '../../helpers/core';

let now = Date.parse('2026-11-18T09:00:00Z'); // Wednesday 10:00 in Copenhagen
const clock = { now: () => now };
let core: TestCore;

function item(topic: number, post: number, at: number): NormalizedItem {
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
      externalId: String(post),
      bodyHtml: '<p>x</p>',
      bodyText: `message ${post}`,
      createdAt: at,
      editedAt: null,
      version: 1,
      deleted: false,
    },
  };
}

beforeEach(async () => {
  now = Date.parse('2026-11-18T09:00:00Z');
  core = await makeCore({ clock });
});
afterEach(async () => core.close());

async function setupClient(firstReplyMinutes = 120) {
  const client = await core.call('clients.create', {
    name: 'Northwind',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes,
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
  return { client, src: { id: s.id, clientId: client.id } };
}

describe('named commands', () => {
  it('every change records the acting agent id and the command name, in the same transaction', async () => {
    const { src } = await setupClient();
    core.internals.ingester.ingest(src, [item(1, 10, now)], [], now);
    const [row] = (await core.call('queue.list', {})).rows;
    const id = row!.id;
    await core.call('conversations.setStatus', { id, status: 'pending' });
    await core.call('conversations.setPriority', { id, priority: 'high' });
    await core.call('conversations.setTags', { id, tags: ['billing'] });
    await core.call('notes.add', { conversationId: id, body: 'looked at it' });
    await core.call('drafts.save', { conversationId: id, body: 'Hi' });
    await core.call('drafts.save', { conversationId: id, body: 'Hi there' });
    const me = (await core.call('app.info', {})).agent!;
    expect(me).toMatchObject({ name: TEST_AGENT.name, email: TEST_AGENT.email });
    await core.call('conversations.assign', { id, assigneeId: me.id });
    const events = await core.call('audit.list', {
      entity: 'conversation',
      entityId: String(id),
      limit: 50,
    });
    const actions = events.map((e) => e.action).reverse();
    expect(actions).toEqual([
      'conversation.status',
      'conversation.priority',
      'conversation.tags',
      'note.add',
      'draft.save',
      'conversation.assign',
    ]);
    // Draft autosave is coalesced (one event per minute), the draft itself is saved every time.
    expect((await core.call('conversations.get', { id })).draft).toBe('Hi there');
    for (const e of events) {
      expect(e.actorId).toBe(me.id);
      expect(e.actor).toBe(TEST_AGENT.name);
    }
  });

  it('without a current agent, commands are refused and reads still work; setupSelf makes one', async () => {
    const bare = await makeCore({ clock, agent: undefined });
    try {
      expect((await bare.call('app.info', {})).agent).toBeNull();
      const refused = await bare.dispatch('clients.create', { name: 'X' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(await bare.call('clients.list', {})).toEqual([]);
      const me = await bare.call('agents.setupSelf', {
        name: 'Mette',
        email: 'mette@agency.example',
      });
      expect((await bare.call('app.info', {})).agent).toEqual(me);
      const c = await bare.call('clients.create', { name: 'X' });
      const [ev] = await bare.call('audit.list', { entity: 'client', limit: 1 });
      expect(ev).toMatchObject({
        action: 'client.create',
        actorId: me.id,
        data: { clientId: c.id },
      });
      // An e-mail is one agent: a second agent with the same address is refused.
      bare.internals.repos.agents.insert({ name: 'Other', email: 'other@agency.example' });
      const dup = await bare.dispatch('agents.setupSelf', {
        name: 'Mette',
        email: 'OTHER@agency.example',
      });
      expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });
    } finally {
      await bare.close();
    }
  });

  it('a host-supplied agent (team mode) is the actor instead of the desktop agent', async () => {
    await setupClient();
    const other = core.internals.repos.agents.insert({
      name: 'Lead',
      email: 'lead@agency.example',
    });
    const r = await core.dispatch(
      'clients.create',
      { name: 'Via team server' },
      { agentId: other.id },
    );
    expect(r.ok).toBe(true);
    const [ev] = await core.call('audit.list', { entity: 'client', limit: 1 });
    expect(ev).toMatchObject({ actorId: other.id, actor: 'Lead' });
  });
});

describe('one implementation per rule', () => {
  it('time zones: the contract accepts exactly what the SLA calculator can compute with', async () => {
    for (const tz of [
      'Europe/Copenhagen',
      'America/Los_Angeles',
      'UTC',
      'Etc/GMT-1',
      '+01:00',
      '-0500',
      'Mars/Olympus',
      'europe/copenhagen',
    ]) {
      const r = await core.dispatch('clients.create', { name: `Z ${tz}`, timezone: tz });
      expect({ tz, ok: r.ok }).toEqual({ tz, ok: isValidZone(tz) });
    }
  });

  it('sla.preview picks the policy the queue would pick (tags, platform and source conditions)', async () => {
    const { client, src } = await setupClient(240);
    await core.call('sla.savePolicy', {
      clientId: client.id,
      policy: {
        name: 'VIP',
        conditions: { tags: ['vip'] },
        targets: { first_reply: { normal: { minutes: 30, mode: 'calendar' } } },
      },
    });
    await core.call('sla.savePolicy', {
      clientId: client.id,
      policy: {
        name: 'Other platform',
        conditions: { platforms: ['reddit'] },
        targets: { first_reply: { normal: { minutes: 15, mode: 'calendar' } } },
      },
    });
    core.internals.ingester.ingest(src, [item(1, 10, now)], [], now);
    const id = (await core.call('queue.list', {})).rows[0]!.id;
    await core.call('conversations.setTags', { id, tags: ['vip'] });
    const [clock0] = await core.call('sla.clocks', { conversationId: id });
    const [preview] = await core.call('sla.preview', {
      clientId: client.id,
      at: new Date(now).toISOString(),
      tags: ['vip'],
      platform: 'discourse',
      sourceId: src.id,
    });
    expect(preview).toMatchObject({
      metric: 'first_reply',
      targetMinutes: clock0!.targetMinutes,
      mode: clock0!.mode,
    });
    expect(preview!.targetMinutes).toBe(30);
    const [plain] = await core.call('sla.preview', {
      clientId: client.id,
      at: new Date(now).toISOString(),
      platform: 'discourse',
    });
    expect(plain!.targetMinutes).toBe(240);
    const [reddit] = await core.call('sla.preview', {
      clientId: client.id,
      at: new Date(now).toISOString(),
      platform: 'reddit',
    });
    expect(reddit!.targetMinutes).toBe(15);
  });

  it("a client's first-reply target or zone change re-targets its open clocks, like a schedule edit", async () => {
    const { client, src } = await setupClient(120);
    core.internals.ingester.ingest(src, [item(1, 10, now)], [], now);
    const id = (await core.call('queue.list', {})).rows[0]!.id;
    const before = (await core.call('sla.clocks', { conversationId: id })).find(
      (c) => c.metric === 'first_reply',
    )!;
    expect(before.dueAt).toBe('2026-11-18T11:00:00.000Z'); // 10:00 + 2 business hours, Copenhagen
    now += 60_000;
    await core.call('clients.update', { id: client.id, firstReplyMinutes: 60 });
    const after = (await core.call('sla.clocks', { conversationId: id })).find(
      (c) => c.metric === 'first_reply',
    )!;
    expect(after.targetMinutes).toBe(60);
    expect(after.dueAt).toBe('2026-11-18T10:00:00.000Z');
    // The zone moves the business calendar: 10:00 UTC+1 start, now measured in New York (closed until 09:00 local = 14:00 UTC).
    await core.call('clients.update', { id: client.id, timezone: 'America/New_York' });
    const ny = (await core.call('sla.clocks', { conversationId: id })).find(
      (c) => c.metric === 'first_reply',
    )!;
    expect(ny.dueAt).toBe('2026-11-18T15:00:00.000Z');
  });
});

describe('generic source setup', () => {
  it('lists connectors with their fields; adds a source of any platform with named secrets kept out of every output', async () => {
    const connectors = await core.call('sources.connectors', {});
    const platforms = connectors.map((c) => c.platform);
    expect(platforms).toEqual(expect.arrayContaining(['discourse', 'reddit', 'discord']));
    const discourse = connectors.find((c) => c.platform === 'discourse')!;
    expect(discourse.fields.find((f) => f.key === 'apiKey')).toMatchObject({
      kind: 'secret',
      required: true,
    });
    expect(discourse.capabilities).toMatchObject({
      reply: true,
      replyFormat: 'markdown',
      maxReplyLength: 32000,
    });

    const { client } = await setupClient();
    const KEY = 'k-very-secret-value-12345';
    const src = await core.call('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'Forum',
      baseUrl: 'http://127.0.0.1:9/',
      config: { apiUsername: 'bot' },
      secrets: { apiKey: KEY },
    });
    expect(src).toMatchObject({
      platform: 'discourse',
      baseUrl: 'http://127.0.0.1:9',
      hasSecret: true,
      platformLabel: { en: 'Discourse' },
      capabilities: { reply: true },
    });
    expect(JSON.stringify(await core.call('sources.list', {}))).not.toContain(KEY);
    // The connector sees the secret by its declared name; the database holds only a reference.
    const ctx = core.internals.sync.contextFor(src.id, new AbortController().signal)!;
    expect(ctx.secrets).toEqual({ apiKey: KEY });
    expect(ctx.secret).toBe(KEY);
    const row = core.internals.db.prepare('SELECT * FROM sources WHERE id = ?').get(src.id);
    expect(JSON.stringify(row)).not.toContain(KEY);
    // A rotated token persists encrypted and comes back on the next context.
    ctx.persistSecret('accessToken', 'rotated-token-abcdef');
    expect(core.internals.sync.contextFor(src.id, new AbortController().signal)!.secrets).toEqual({
      apiKey: KEY,
      accessToken: 'rotated-token-abcdef',
    });
  });

  it('refuses an unknown platform, an undeclared secret, a missing required secret and a bad config, saving nothing', async () => {
    const { client } = await setupClient();
    const before = (await core.call('sources.list', {})).length;
    const bad = [
      { platform: 'myspace', config: {}, secrets: {} },
      {
        platform: 'discourse',
        config: { apiUsername: 'bot' },
        secrets: { apiKey: 'k-123456789', password: 'x' },
      },
      { platform: 'discourse', config: { apiUsername: 'bot' }, secrets: {} },
      { platform: 'discourse', config: { apiUsername: '' }, secrets: { apiKey: 'k-123456789' } },
    ];
    for (const b of bad) {
      const r = await core.dispatch('sources.add', {
        clientId: client.id,
        name: 'X',
        baseUrl: 'http://127.0.0.1:9',
        ...b,
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect((await core.call('sources.list', {})).length).toBe(before);
  });
});

describe('one rule, one implementation (more)', () => {
  it('instants: the contract, the SLA calculator and the Discourse mapper accept and read exactly the same strings', async () => {
    const { Instant, parseInstantMs } = await import('../../../shared/domain/time');
    const { parseInstant } = await import('../../../shared/sla');
    const { parseTimestamp } = await import('../../../electron/core/connectors/discourse/mapper');
    const samples = [
      '2026-11-20T14:05:11.402Z',
      '2026-11-20T14:05:11-04:00',
      '2026-11-20T14:05:11.5+0530',
      '2026-11-20T14:05+01',
      '2026-11-20 14:05:11Z',
      '2026-11-20T14:05:11',
      '2026-02-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '1',
      '2026',
      'Tuesday',
      '2026-11-20T24:00:00Z',
      '2026-11-20T14:05:60Z',
    ];
    for (const s of samples) {
      const t = parseInstantMs(s);
      const sla = (() => {
        try {
          return parseInstant(s);
        } catch {
          return NaN;
        }
      })();
      expect({ s, sla }).toEqual({ s, sla: t });
      expect({ s, discourse: parseTimestamp(s) }).toEqual({ s, discourse: t });
      expect({ s, contract: Instant.safeParse(s).success }).toEqual({
        s,
        contract: !Number.isNaN(t),
      });
    }
  });

  it('Discourse settings: what setup refuses, the connector refuses too (no silent clamping)', async () => {
    const { client } = await setupClient();
    const r = await core.dispatch('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'F',
      baseUrl: 'http://127.0.0.1:9',
      config: { apiUsername: 'bot', maxPagesPerPoll: 500 },
      secrets: { apiKey: 'k-123456789' },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('maxPagesPerPoll') },
    });
    const { discourseConnector } = await import('../../../electron/core/connectors/discourse');
    const src = core.internals.repos.sources.insert(
      {
        clientId: client.id,
        platform: 'discourse',
        name: 'Old',
        baseUrl: 'http://127.0.0.1:9',
        config: { apiUsername: 'bot', maxPagesPerPoll: 500 },
        secretRef: null,
      },
      now,
    );
    const ctx = core.internals.sync.contextFor(src.id, new AbortController().signal)!;
    await expect(discourseConnector.poll(ctx, null)).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'config',
    });
  });
});
