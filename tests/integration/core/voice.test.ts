// The responses and guidelines rooms through the contract, on a real SQLite file: libraries with
// agency responses a client overrides, use counts per response/client/agent and the 90-day list,
// CSV/JSON import/export (round trip, per-row errors, all or nothing), guideline storage and
// "check this text", and replies.send re-checking the guideline: an error finding blocks the reply
// unless the agent overrides it with a reason, which is audited and counted per client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import type { ResponseDraft } from '../../../shared/ipc/contract';
import { makeCore, type TestCore } from '../../helpers/core';

let now = Date.parse('2026-11-18T09:00:00Z');
const clock = { now: () => now };
let core: TestCore;
const DAY = 86_400_000;

beforeEach(async () => {
  now = Date.parse('2026-11-18T09:00:00Z');
  core = await makeCore({ clock });
});
afterEach(async () => core.close());

function item(topic: number, post: number, text: string): NormalizedItem {
  return {
    conversation: {
      externalId: String(topic),
      title: `Topic ${topic}`,
      url: `https://forum.example/t/${topic}`,
      createdAt: now,
      kind: 'topic',
    },
    member: {
      externalId: `m${topic}`,
      username: `m${topic}`,
      displayName: `Mette Holm`,
      avatarUrl: null,
      isStaff: false,
    },
    message: {
      externalId: String(post),
      bodyHtml: `<p>${text}</p>`,
      bodyText: text,
      createdAt: now,
      editedAt: null,
      version: 1,
      deleted: false,
    },
  };
}

async function setup(name = 'Northwind Bank') {
  const client = await core.call('clients.create', { name, timezone: 'Europe/Copenhagen' });
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
  core.internals.ingester.ingest(
    { id: s.id, clientId: client.id },
    [
      item(
        client.id * 100,
        client.id * 1000,
        'Hej, jeg vil gerne have mine penge tilbage for min ordre, den kom aldrig frem.',
      ),
    ],
    [],
    now,
  );
  const conv = (await core.call('queue.list', { clientIds: [client.id] })).rows[0]!;
  return { client, conv };
}

const draft = (
  over: Partial<ResponseDraft> & Pick<ResponseDraft, 'clientId' | 'shortcut'>,
): ResponseDraft => ({
  title: `Title ${over.shortcut}`,
  variants: [
    {
      locale: 'en',
      platform: null,
      body: `Hi {{member.first_name | "there"}}, about ${over.shortcut}.`,
    },
  ],
  ...over,
});

describe('canned-response libraries', () => {
  it('a client sees its own responses plus the agency ones it does not override', async () => {
    const { client } = await setup();
    const other = await core.call('clients.create', { name: 'Pixel Forge' });
    const agencyRefund = await core.call('responses.save', {
      response: draft({ clientId: null, shortcut: 'refund', title: 'Refund (agency)' }),
    });
    const agencyHours = await core.call('responses.save', {
      response: draft({ clientId: null, shortcut: 'hours' }),
    });
    const agencyBye = await core.call('responses.save', {
      response: draft({ clientId: null, shortcut: 'bye' }),
    });
    const own = await core.call('responses.save', {
      response: draft({
        clientId: client.id,
        shortcut: 'refund-bank',
        overrides: agencyRefund.id,
        title: 'Refund (bank)',
      }),
    });
    const sameShortcut = await core.call('responses.save', {
      response: draft({ clientId: client.id, shortcut: 'BYE' }),
    });
    const lib = await core.call('responses.library', { clientId: client.id });
    expect(lib.responses.map((x) => x.id).sort()).toEqual(
      [own.id, sameShortcut.id, agencyHours.id].sort(),
    );
    expect(
      (await core.call('responses.library', { clientId: other.id })).responses
        .map((x) => x.id)
        .sort(),
    ).toEqual([agencyRefund.id, agencyHours.id, agencyBye.id].sort());
    // One shortcut per library; only agency responses can be overridden; templates are validated.
    await expect(
      core.call('responses.save', {
        response: draft({ clientId: client.id, shortcut: 'Refund-Bank' }),
      }),
    ).rejects.toThrow(/conflict: shortcut: #Refund-Bank is already used/);
    await expect(
      core.call('responses.save', {
        response: draft({ clientId: client.id, shortcut: 'x', overrides: own.id }),
      }),
    ).rejects.toThrow(/is not an agency-wide response/);
    await expect(
      core.call('responses.save', {
        response: draft({
          clientId: client.id,
          shortcut: 'y',
          variants: [{ locale: 'en', platform: null, body: 'Hi {{member.nickname}}' }],
        }),
      }),
    ).rejects.toThrow(/unknown placeholder "member.nickname"/);
    // Editing keeps the id; every change is a named command by the acting agent.
    const edited = await core.call('responses.save', {
      response: {
        ...draft({ clientId: client.id, shortcut: 'refund-bank', overrides: agencyRefund.id }),
        id: own.id,
        title: 'Refund, edited',
      },
    });
    expect(edited).toMatchObject({ id: own.id, title: 'Refund, edited', createdAt: own.createdAt });
    const audit = await core.call('audit.list', {
      entity: 'response',
      entityId: own.id,
      limit: 10,
    });
    expect(audit.map((e) => e.action)).toEqual(['response.save', 'response.save']);
    expect(audit.every((e) => e.actorId !== null)).toBe(true);
  });

  it('counts uses per response, client and agent, and lists what was not used in 90 days', async () => {
    const { client, conv } = await setup();
    const a = await core.call('responses.save', {
      response: draft({ clientId: client.id, shortcut: 'a' }),
    });
    const b = await core.call('responses.save', {
      response: draft({ clientId: client.id, shortcut: 'b' }),
    });
    const ag = await core.call('responses.save', {
      response: draft({ clientId: null, shortcut: 'agency' }),
    });
    now += 10 * DAY;
    expect(
      await core.call('responses.used', { responseId: a.id, conversationId: conv.id }),
    ).toEqual({ uses: 1 });
    expect(
      await core.call('responses.used', { responseId: a.id, conversationId: conv.id }),
    ).toEqual({ uses: 2 });
    // A second agent's uses are counted apart from the first's.
    const other = core.internals.repos.agents.insert({ name: 'Bo', email: 'bo@agency.example' });
    const r = await core.dispatch(
      'responses.used',
      { responseId: ag.id, conversationId: conv.id },
      { agentId: other.id },
    );
    expect(r.ok).toBe(true);
    const lib = await core.call('responses.library', { clientId: client.id });
    expect(lib.usage).toEqual({ [a.id]: 2 });
    expect(lib.totals).toEqual({ [a.id]: 2, [ag.id]: 1 });
    // Another client's response cannot be counted here.
    const { client: c2 } = await setup('Other');
    const foreign = await core.call('responses.save', {
      response: draft({ clientId: c2.id, shortcut: 'z' }),
    });
    await expect(
      core.call('responses.used', { responseId: foreign.id, conversationId: conv.id }),
    ).rejects.toThrow(/not_found/);
    // 95 days after creation: b was never used, a and the agency one were used 85 days ago.
    now += 85 * DAY;
    expect(
      (await core.call('responses.stale', { clientId: client.id })).map((s) => s.response.id),
    ).toEqual([b.id]);
    now += 10 * DAY;
    const stale = await core.call('responses.stale', { clientId: client.id });
    expect(stale.map((s) => [s.response.id, s.uses])).toEqual([
      [b.id, 0],
      [a.id, 2],
      [ag.id, 1],
    ]);
    expect(stale[1]!.lastUsedAt).toBe(new Date(Date.parse('2026-11-28T09:00:00Z')).toISOString());
    expect((await core.call('responses.stale', { clientId: client.id, days: 200 })).length).toBe(0);
  });
});

describe('import and export', () => {
  const hostile =
    'Hi {{member.first_name | "there"}},\n\n=HYPERLINK("http://evil") "quoted", commas; and {{input "Order number"}}.\r\nBye';
  it('CSV and JSON round-trip exactly through the contract', async () => {
    const { client } = await setup();
    await core.call('responses.save', {
      response: {
        clientId: client.id,
        shortcut: 'refund',
        title: '+Refund, "quoted"',
        folder: 'Billing/Refunds',
        tags: ['billing', '@money'],
        variants: [
          { locale: 'en', platform: null, body: hostile },
          { locale: 'da', platform: null, body: 'Hej {{member.first_name | "der"}}' },
          { locale: 'ru', platform: 'discourse', body: 'Здравствуйте!' },
        ],
      },
    });
    await core.call('responses.save', {
      response: draft({ clientId: client.id, shortcut: 'hours' }),
    });
    for (const format of ['csv', 'json'] as const) {
      const out = await core.call('responses.export', { clientId: client.id, format });
      expect(out.filename).toBe(`responses-northwind-bank.${format}`);
      const before = await core.call('responses.list', { clientId: client.id });
      for (const x of before) await core.call('responses.delete', { id: x.id });
      expect(
        await core.call('responses.import', { clientId: client.id, format, text: out.text }),
      ).toEqual({ ok: true, created: 2, updated: 0, errors: [] });
      expect(
        (await core.call('responses.list', { clientId: client.id })).map(
          ({ createdAt: _c, updatedAt: _u, ...x }) => x,
        ),
      ).toEqual(before.map(({ createdAt: _c, updatedAt: _u, ...x }) => x));
      expect((await core.call('responses.export', { clientId: client.id, format })).text).toBe(
        out.text,
      );
      // Importing the same file again updates in place.
      expect(
        await core.call('responses.import', { clientId: client.id, format, text: out.text }),
      ).toMatchObject({ ok: true, created: 0, updated: 2 });
    }
  });

  it('a bad file saves nothing and says which row is wrong and why', async () => {
    const { client } = await setup();
    const other = await core.call('clients.create', { name: 'Other' });
    await core.call('responses.save', {
      response: draft({ clientId: client.id, shortcut: 'taken' }),
    });
    const csv = [
      'id,client_id,shortcut,title,folder,tags,overrides,locale,platform,body',
      `ok1,,good,Good,,,,en,,Hello`,
      `bad1,,has space,Bad shortcut,,,,en,,Hello`,
      `bad2,${other.id},fine,Wrong client,,,,en,,Hello`,
      `bad3,,taken,Taken shortcut,,,,en,,Hello`,
      `bad4,,tpl,Bad template,,,,en,,"Hi {{#each x}}"`,
    ].join('\n');
    const r = await core.call('responses.import', {
      clientId: client.id,
      format: 'csv',
      text: csv,
    });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'shortcut'],
      [3, 'client_id'],
      [4, 'shortcut'],
      [5, 'body'],
    ]);
    expect(r.errors[0]!.text).toMatch(/^row 2 \(line 3\): shortcut: must be 1-40 letters/);
    expect(r.errors[2]!.text).toMatch(/^row 4 \(line 5\): shortcut: #taken is already used/);
    expect(
      (await core.call('responses.list', { clientId: client.id })).map((x) => x.shortcut),
    ).toEqual(['taken']);
    const json = await core.call('responses.import', {
      clientId: client.id,
      format: 'json',
      text: '{"format":"steward.canned-responses","version":1,"responses":[{"id":"x"}]}',
    });
    expect(json.ok).toBe(false);
    expect(json.errors[0]!.text).toMatch(/^row 1: clientId: /);
    expect(
      (await core.call('responses.import', { clientId: client.id, format: 'json', text: '{nope' }))
        .errors[0]!.text,
    ).toMatch(/^file: not valid JSON/);
  });
});

const GUIDELINE_YAML = `name: Northwind Bank
rules:
  - id: members
    kind: substitution
    swap: { users: members }
    message: 'Say "{suggestion}", not "{match}"'
    severity: error
  - id: no-emoji
    kind: emoji
    policy: none
    message: No emoji in bank replies
    severity: error
  - id: bang
    kind: occurrence
    token: "!"
    max: 1
    message: At most one exclamation mark
    severity: warning
`;

describe('guidelines', () => {
  it('stores the source and the parsed rules, refuses a bad file with the field named, exports and checks text', async () => {
    const { client } = await setup();
    expect(await core.call('guidelines.get', { clientId: client.id })).toMatchObject({
      format: null,
      guideline: null,
    });
    const saved = await core.call('guidelines.set', {
      clientId: client.id,
      source: GUIDELINE_YAML,
    });
    expect(saved).toMatchObject({ format: 'yaml', source: GUIDELINE_YAML });
    expect(saved.guideline!.rules.map((x) => x.id)).toEqual(['members', 'no-emoji', 'bang']);
    await expect(
      core.call('guidelines.set', {
        clientId: client.id,
        source: '{"rules":[{"id":"x","kind":"substitution","swap":{},"message":"m"}]}',
      }),
    ).rejects.toThrow(/invalid_input: guideline: rules\[0\]\.swap: needs at least one entry/);
    expect((await core.call('guidelines.get', { clientId: client.id })).source).toBe(
      GUIDELINE_YAML,
    );
    expect(await core.call('guidelines.export', { clientId: client.id })).toEqual({
      filename: 'guideline-northwind-bank.yaml',
      mimeType: 'application/yaml',
      text: GUIDELINE_YAML,
    });
    const check = await core.call('guidelines.check', {
      clientId: client.id,
      text: 'Dear users! Welcome! 🎉',
    });
    expect(check.blocksSend).toBe(true);
    expect(
      check.findings.map((f) => [
        f.ruleId,
        f.severity,
        'Dear users! Welcome! 🎉'.slice(f.start, f.end),
      ]),
    ).toEqual(
      [
        ['members', 'error', 'users'],
        ['bang', 'warning', '!'],
        ['no-emoji', 'error', '🎉'],
      ].sort(
        (a, b) =>
          'Dear users! Welcome! 🎉'.indexOf(a[2]!) - 'Dear users! Welcome! 🎉'.indexOf(b[2]!),
      ),
    );
    expect(check.findings.find((f) => f.ruleId === 'members')!.fix!.edits).toEqual([
      { start: 5, end: 10, text: 'members' },
    ]);
    const audit = await core.call('audit.list', {
      entity: 'client',
      entityId: String(client.id),
      limit: 5,
    });
    expect(audit[0]).toMatchObject({ action: 'guideline.set', data: { format: 'yaml', rules: 3 } });
    // Import is the same validation under its own command name; an empty source removes it.
    await core.call('guidelines.import', { clientId: client.id, source: '{"rules":[]}' });
    expect((await core.call('guidelines.get', { clientId: client.id })).format).toBe('json');
    await core.call('guidelines.set', { clientId: client.id, source: '' });
    expect((await core.call('guidelines.get', { clientId: client.id })).guideline).toBeNull();
  });

  it('send: an error finding blocks the reply unless overridden with a reason, which is audited and counted', async () => {
    const { client, conv } = await setup();
    await core.call('guidelines.set', { clientId: client.id, source: GUIDELINE_YAML });
    const blocked = await core.dispatch('replies.send', {
      conversationId: conv.id,
      body: 'Hi users 🎉',
      idempotencyKey: 'key-blocked-1',
    });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'guideline_blocked' } });
    expect(!blocked.ok && blocked.error.message).toMatch(
      /Say "members", not "users" \[members\]; No emoji in bank replies \[no-emoji\]/,
    );
    expect(
      (await core.call('conversations.get', { id: conv.id })).messages.filter(
        (m) => m.direction === 'outbound',
      ),
    ).toEqual([]);
    // A reason that is too short is refused by the contract.
    expect(
      await core.dispatch('replies.send', {
        conversationId: conv.id,
        body: 'Hi users',
        idempotencyKey: 'key-blocked-2',
        override: { reason: ' ' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Warnings do not block.
    const warned = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hi members! Welcome!',
      idempotencyKey: 'key-warning-1',
    });
    expect(warned.deliveryState).toBe('queued');
    now += 1000;
    const sent = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hi users 🎉',
      idempotencyKey: 'key-override-1',
      override: { reason: 'Member asked about "users" by name' },
    });
    const me = (await core.call('app.info', {})).agent!;
    const [ev] = await core.call('audit.list', {
      entity: 'conversation',
      entityId: String(conv.id),
      limit: 1,
    });
    expect(ev).toMatchObject({
      action: 'reply.queue',
      actorId: me.id,
      data: {
        messageId: sent.id,
        guidelineOverride: {
          reason: 'Member asked about "users" by name',
          ruleIds: ['members', 'no-emoji'],
        },
      },
    });
    const report = await core.call('guidelines.overrides', {
      clientId: client.id,
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    });
    expect(report).toMatchObject({
      count: 1,
      byRule: [
        { ruleId: 'members', count: 1 },
        { ruleId: 'no-emoji', count: 1 },
      ],
      byAgent: [{ agentId: me.id, name: me.name, count: 1 }],
    });
    expect(report.items[0]).toMatchObject({
      conversationId: conv.id,
      messageId: sent.id,
      agentId: me.id,
      reason: 'Member asked about "users" by name',
    });
    expect(
      (
        await core.call('guidelines.overrides', {
          clientId: client.id,
          from: '2026-12-01T00:00:00Z',
          to: '2027-01-01T00:00:00Z',
        })
      ).count,
    ).toBe(0);
    // A retried Send with the same key is the same reply: neither re-checked nor counted twice.
    await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hi users 🎉',
      idempotencyKey: 'key-override-1',
      override: { reason: 'Member asked about "users" by name' },
    });
    expect(
      (
        await core.call('guidelines.overrides', {
          clientId: client.id,
          from: '2026-11-01T00:00:00Z',
          to: '2026-12-01T00:00:00Z',
        })
      ).count,
    ).toBe(1);
  });

  it('the "language must match" rule uses the member language detected from their messages', async () => {
    const { client, conv } = await setup();
    await core.call('guidelines.set', {
      clientId: client.id,
      source:
        'rules:\n  - { id: lang, kind: language, severity: error, message: "Answer in {memberLanguage}, not {language}" }\n',
    });
    const r = await core.dispatch('replies.send', {
      conversationId: conv.id,
      body: 'Hello, we have refunded your order and it should arrive within five days.',
      idempotencyKey: 'key-lang-1',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'guideline_blocked' } });
    expect(!r.ok && r.error.message).toMatch(/Answer in da, not en/);
    const ok = await core.call('replies.send', {
      conversationId: conv.id,
      body: 'Hej Mette, vi har refunderet din ordre, og pengene er på vej til din konto.',
      idempotencyKey: 'key-lang-2',
    });
    expect(ok.deliveryState).toBe('queued');
  });
});
