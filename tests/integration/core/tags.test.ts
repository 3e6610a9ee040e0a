// The tag catalogue through the contract on a real SQLite file: built-ins per client, conversation
// tags drawn from the catalogue (a new name typed joins it), rename / merge / archive as audited
// commands, and SLA policy tag conditions that keep selecting the same work through a rename and
// follow a merge (first-reply due instants checked against the policies' targets).
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { makeCore, type TestCore } from '../../helpers/core';

const MIN = 60_000;
const T0 = Date.parse('2026-11-02T10:00:00Z');
let now = T0;
const clock = { now: () => now };
let core: TestCore;
let clientId: number;
let sourceId: number;

const item = (topic: string): NormalizedItem => ({
  conversation: { externalId: topic, title: topic, url: null, createdAt: T0, kind: 'topic' },
  member: {
    externalId: 'm1',
    username: 'm1',
    displayName: 'Member',
    avatarUrl: null,
    isStaff: false,
  },
  message: {
    externalId: `${topic}-1`,
    bodyHtml: '<p>x</p>',
    bodyText: 'x',
    createdAt: T0,
    editedAt: null,
    version: 1,
    deleted: false,
  },
});

beforeEach(async () => {
  now = T0;
  core = await makeCore({ clock });
  clientId = (
    await core.call('clients.create', { name: 'Northwind', timezone: 'UTC', firstReplyMinutes: 60 })
  ).id;
  sourceId = core.internals.repos.sources.insert(
    {
      clientId,
      platform: 'discourse',
      name: 'Forum',
      baseUrl: 'http://127.0.0.1:9',
      config: {},
      secretRef: null,
    },
    now,
  ).id;
  // A 15-minute calendar-time first reply for conversations tagged "vip"; others: the client's 60 business minutes.
  await core.call('sla.savePolicy', {
    clientId,
    policy: {
      name: 'VIP',
      conditions: { tags: ['vip'] },
      targets: { first_reply: { normal: { minutes: 15, mode: 'calendar' } } },
      warnRatio: 0.75,
      pausesOnPending: [],
    },
  });
  core.internals.ingester.ingest({ id: sourceId, clientId }, [item('a'), item('b')], [], now);
});
afterEach(async () => core.close());

const conv = (topic: string) =>
  (
    core.internals.db.prepare('SELECT id FROM conversations WHERE external_id = ?').get(topic) as {
      id: number;
    }
  ).id;
const due = async (topic: string) =>
  (await core.call('conversations.get', { id: conv(topic) })).conversation.firstReplyDueAt;
const VIP_DUE = new Date(T0 + 15 * MIN).toISOString();
const BUSINESS_DUE = new Date(T0 + 60 * MIN).toISOString(); // Monday 10:00 UTC is business time

it('every client has the five built-in kinds; conversation tags come from the catalogue and a new name joins it', async () => {
  const list = await core.call('tags.list', { clientId });
  expect(list.map((t) => [t.kind, t.builtin])).toEqual([
    ['bug', true],
    ['feature_request', true],
    ['praise', true],
    ['complaint', true],
    ['question', true],
  ]);
  const c = await core.call('conversations.setTags', {
    id: conv('a'),
    tags: ['VIP', ' Dark   mode ', 'vip', 'Bug'],
  });
  expect(c.tags).toEqual(['bug', 'dark mode', 'vip']);
  const after = await core.call('tags.list', { clientId });
  const themes = after.filter((t) => !t.builtin);
  expect(themes.map((t) => [t.name, t.key, t.kind, t.conversations])).toEqual([
    ['Dark mode', 'dark mode', null, 1],
    ['VIP', 'vip', null, 1],
  ]);
  expect(after.find((t) => t.kind === 'bug' && t.builtin)!.conversations).toBe(1);
  // Typing an existing name in another spelling reuses the tag.
  await core.call('conversations.setTags', { id: conv('b'), tags: ['DARK MODE'] });
  expect((await core.call('tags.list', { clientId })).filter((t) => !t.builtin)).toHaveLength(2);
  const audit = await core.call('audit.list', {
    entity: 'conversation',
    entityId: String(conv('a')),
  });
  expect(audit.find((e) => e.action === 'conversation.tags')!.data).toMatchObject({
    to: ['bug', 'dark mode', 'vip'],
    created: ['VIP', 'Dark mode'],
  });
  expect(await due('a')).toBe(VIP_DUE);
  expect(await due('b')).toBe(BUSINESS_DUE);
});

it('rename keeps the SLA policy selecting the same conversations; merge moves conversations and the policy follows', async () => {
  await core.call('conversations.setTags', { id: conv('a'), tags: ['vip'] });
  await core.call('conversations.setTags', { id: conv('b'), tags: ['priority'] });
  const tags = await core.call('tags.list', { clientId });
  const vip = tags.find((t) => t.key === 'vip')!;
  const priority = tags.find((t) => t.key === 'priority')!;

  now = T0 + MIN;
  const renamed = await core.call('tags.rename', { id: vip.id, name: 'VIP customer' });
  expect(renamed).toMatchObject({ name: 'VIP customer', key: 'vip customer', conversations: 1 });
  expect((await core.call('conversations.get', { id: conv('a') })).conversation.tags).toEqual([
    'vip customer',
  ]);
  expect((await core.call('sla.policies', { clientId }))[0]!.conditions.tags).toEqual([
    'vip customer',
  ]);
  expect(await due('a')).toBe(VIP_DUE);
  expect(await due('b')).toBe(BUSINESS_DUE);

  const merged = await core.call('tags.merge', { id: priority.id, intoId: vip.id });
  expect(merged).toMatchObject({ id: vip.id, conversations: 2 });
  expect((await core.call('conversations.get', { id: conv('b') })).conversation.tags).toEqual([
    'vip customer',
  ]);
  expect(await due('b')).toBe(VIP_DUE); // now under the VIP policy
  const all = await core.call('tags.list', { clientId, includeArchived: true });
  expect(all.some((t) => t.id === priority.id)).toBe(false); // merged tags are gone from the catalogue
  // The old name typed again means the survivor.
  await core.call('conversations.setTags', { id: conv('b'), tags: ['Priority'] });
  expect((await core.call('conversations.get', { id: conv('b') })).conversation.tags).toEqual([
    'vip customer',
  ]);

  const events = await core.call('audit.list', { entity: 'tag' });
  expect(events.map((e) => e.action).sort()).toEqual(['tag.merge', 'tag.rename']);
  const agentId = (await core.call('app.info', {})).agent!.id;
  expect(events.every((e) => e.actorId === agentId)).toBe(true);
  expect(events.find((e) => e.action === 'tag.merge')!.data).toMatchObject({
    name: 'priority',
    into: { id: vip.id, name: 'VIP customer' },
    conversations: 1,
  });
});

it('create, archive and the refusals: clashes, built-ins, merging across clients or into itself', async () => {
  const theme = await core.call('tags.create', {
    clientId,
    name: 'Dark mode',
    kind: 'feature_request',
  });
  expect(theme).toMatchObject({
    name: 'Dark mode',
    kind: 'feature_request',
    builtin: false,
    archived: false,
  });
  expect(await core.dispatch('tags.create', { clientId, name: 'dark MODE' })).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringMatching(/^name: /) },
  });
  expect(await core.dispatch('tags.create', { clientId, name: '   ' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  const bug = (await core.call('tags.list', { clientId })).find((t) => t.kind === 'bug')!;
  for (const [method, input] of [
    ['tags.rename', { id: bug.id, name: 'Defect' }],
    ['tags.archive', { id: bug.id, archived: true }],
    ['tags.merge', { id: bug.id, intoId: theme.id }],
    ['tags.merge', { id: theme.id, intoId: theme.id }],
  ] as const)
    expect(await core.dispatch(method, input as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  const other = (
    await core.call('clients.create', { name: 'Contoso', timezone: 'UTC', firstReplyMinutes: 60 })
  ).id;
  const foreign = await core.call('tags.create', { clientId: other, name: 'Dark mode' });
  expect(await core.dispatch('tags.merge', { id: foreign.id, intoId: theme.id })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', message: expect.stringMatching(/^intoId: /) },
  });

  await core.call('tags.archive', { id: theme.id, archived: true });
  expect((await core.call('tags.list', { clientId })).some((t) => t.id === theme.id)).toBe(false);
  expect(
    (await core.call('tags.list', { clientId, includeArchived: true })).find(
      (t) => t.id === theme.id,
    )!.archived,
  ).toBe(true);
  // Typed on a conversation again, an archived tag is used and restored.
  await core.call('conversations.setTags', { id: conv('a'), tags: ['dark mode'] });
  expect((await core.call('tags.list', { clientId })).find((t) => t.id === theme.id)).toMatchObject(
    { archived: false, conversations: 1 },
  );
});

it('feedback on member messages: kinds and themes, idempotent, refusals, untag, and a merge moves items', async () => {
  const msg = (topic: string) =>
    (
      core.internals.db
        .prepare('SELECT id FROM messages WHERE external_id = ?')
        .get(`${topic}-1`) as { id: number }
    ).id;
  const list = await core.call('tags.list', { clientId });
  const bug = list.find((t) => t.kind === 'bug')!;
  const dark = await core.call('tags.create', {
    clientId,
    name: 'Dark mode',
    kind: 'feature_request',
  });
  const night = await core.call('tags.create', {
    clientId,
    name: 'Night theme',
    kind: 'feature_request',
  });
  const label = await core.call('tags.create', { clientId, name: 'vip2' });

  now = T0 + 5 * MIN;
  const a = await core.call('feedback.tag', { messageId: msg('a'), tagId: bug.id });
  expect(a).toMatchObject({
    messageId: msg('a'),
    conversationId: conv('a'),
    kind: 'bug',
    builtin: true,
    taggedAt: new Date(now).toISOString(),
  });
  expect((await core.call('feedback.tag', { messageId: msg('a'), tagId: bug.id })).id).toBe(a.id); // one item
  await core.call('feedback.tag', { messageId: msg('a'), tagId: dark.id });
  await core.call('feedback.tag', { messageId: msg('a'), tagId: night.id });
  await core.call('feedback.tag', { messageId: msg('b'), tagId: night.id });
  expect(
    (await core.call('feedback.forConversation', { conversationId: conv('a') })).map(
      (f) => f.tagName,
    ),
  ).toEqual(['bug', 'Dark mode', 'Night theme']);

  // Refusals: a kind-less label, an agent's own message, another client's tag, an unknown message.
  expect(
    await core.dispatch('feedback.tag', { messageId: msg('a'), tagId: label.id }),
  ).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', message: expect.stringMatching(/^tagId: /) },
  });
  const reply = core.internals.db
    .prepare(
      `INSERT INTO messages (conversation_id, source_id, direction, author_name, body_html, body_text, created_at) VALUES (?, ?, 'outbound', 'Agent', '', 'hi', ?)`,
    )
    .run(conv('a'), sourceId, T0 + MIN).lastInsertRowid;
  expect(
    await core.dispatch('feedback.tag', { messageId: Number(reply), tagId: bug.id }),
  ).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', message: expect.stringMatching(/^messageId: /) },
  });
  const other = (
    await core.call('clients.create', { name: 'Contoso', timezone: 'UTC', firstReplyMinutes: 60 })
  ).id;
  const foreign = (await core.call('tags.list', { clientId: other })).find(
    (t) => t.kind === 'bug',
  )!;
  expect(
    await core.dispatch('feedback.tag', { messageId: msg('a'), tagId: foreign.id }),
  ).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  expect(await core.dispatch('feedback.tag', { messageId: 99999, tagId: bug.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found' },
  });

  // Merge "Night theme" into "Dark mode": message a had both (one item stays), b's item moves.
  const survivor = await core.call('tags.merge', { id: night.id, intoId: dark.id });
  expect(survivor.feedbackItems).toBe(2);
  expect(
    (await core.call('feedback.forConversation', { conversationId: conv('b') })).map(
      (f) => f.tagName,
    ),
  ).toEqual(['Dark mode']);
  expect(
    (await core.call('feedback.forConversation', { conversationId: conv('a') })).map(
      (f) => f.tagName,
    ),
  ).toEqual(['bug', 'Dark mode']);

  await core.call('feedback.untag', { id: a.id });
  expect(
    (await core.call('feedback.forConversation', { conversationId: conv('a') })).map(
      (f) => f.tagName,
    ),
  ).toEqual(['Dark mode']);
  const audit = await core.call('audit.list', { entity: 'message', entityId: String(msg('a')) });
  // Tagging a message again with the same tag changed nothing, so it wrote no event of its own.
  expect(audit.map((e) => e.action).sort()).toEqual([
    'feedback.tag',
    'feedback.tag',
    'feedback.tag',
    'feedback.untag',
  ]);
  expect(await core.dispatch('feedback.untag', { id: a.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found' },
  });
});
