// Issue 6, defect 1: once the platform accepted a reply, nothing local turns it into a resend.
// Against the Discourse simulator with a real SQLite file; local failures are real SQLite failures
// (a trigger that aborts a write), not mocks. Each test here posts the reply more than once on the
// code before the fix, where recording the delivery shared the send's try block.
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import { createOutboxSender } from '../../../electron/core/domains/replies/outbox';
import type { TestCore } from '../../helpers/core';
import { connect, forumCore, startForum } from '../../helpers/forum';

let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

const postsWith = (s: DiscourseSimulator, raw: string) =>
  s.posts('acme').filter((p) => p.raw === raw);
const rowOf = (c: TestCore, messageId: number) => c.internals.repos.outbox.byMessage(messageId)!;
const due = (c: TestCore) =>
  c.internals.db
    .prepare(
      'UPDATE outbox SET next_attempt_at = 0, followup_next_at = CASE WHEN followup_pending = 1 THEN 0 ELSE followup_next_at END',
    )
    .run();

async function setup() {
  sim = await startForum();
  core = await forumCore();
  const { source, client } = await connect(core, sim);
  await core.internals.sync.runOnce(source.id);
  const conv = (await core.call('queue.list', {})).rows[0]!;
  return { c: core, s: sim, source, client, conv };
}

describe('outbox receipts', () => {
  it('a failing follow-up (conversation/SLA update) after acceptance is retried on its own: one post', async () => {
    const { c, s, conv } = await setup();
    c.internals.db.exec(
      `CREATE TRIGGER fail_followup BEFORE UPDATE OF first_replied_at ON conversations BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
    );
    const body = 'Accepted by the forum; the local follow-up fails.';
    const m = await c.call('replies.send', {
      conversationId: conv.id,
      body,
      idempotencyKey: 'followup-0001',
    });
    for (let i = 0; i < 4; i++) {
      await c.internals.outbox.drain();
      due(c);
    }
    expect(postsWith(s, body)).toHaveLength(1);
    const row = rowOf(c, m.id);
    expect(row).toMatchObject({ state: 'sent', followup_pending: 1 });
    expect(row.followup_error).toContain('disk trouble');
    expect(row.followup_attempts).toBeGreaterThanOrEqual(1);
    expect(c.internals.repos.messages.get(m.id)).toMatchObject({
      deliveryState: 'sent',
      externalId: row.external_id,
    });
    // The trouble goes away: the follow-up completes; still one post.
    c.internals.db.exec('DROP TRIGGER fail_followup');
    due(c);
    await c.internals.outbox.drain();
    expect(rowOf(c, m.id)).toMatchObject({
      state: 'sent',
      followup_pending: 0,
      followup_error: null,
    });
    expect(
      (await c.call('conversations.get', { id: conv.id })).conversation.firstRepliedAt,
    ).not.toBeNull();
    expect(postsWith(s, body)).toHaveLength(1);
  });

  it('a platform id already held by another stored message is reconciled, not retried', async () => {
    const { c, s, conv, source } = await setup();
    // The forum lost its state and reuses ids: the next post id is already stored for a member post.
    const nextId = String(Math.max(...s.posts('acme').map((p) => p.id)) + 1);
    const other = (await c.call('queue.list', {})).rows.find((r) => r.id !== conv.id)!;
    c.internals.db
      .prepare(
        `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at) VALUES (?, ?, ?, 'inbound', 'old', '<p>old</p>', 'old', 1)`,
      )
      .run(other.id, source.id, nextId);
    const body = 'Our reply gets an id the cache already knows.';
    const m = await c.call('replies.send', {
      conversationId: conv.id,
      body,
      idempotencyKey: 'collide-0001',
    });
    for (let i = 0; i < 3; i++) {
      await c.internals.outbox.drain();
      due(c);
    }
    expect(postsWith(s, body)).toHaveLength(1);
    expect(rowOf(c, m.id)).toMatchObject({
      state: 'sent',
      external_id: nextId,
      followup_pending: 0,
    });
    // Our message is sent; the id stays with the message that held it.
    expect(c.internals.repos.messages.get(m.id)).toMatchObject({
      deliveryState: 'sent',
      externalId: null,
    });
  });

  it('a copy of our post that polling stored first is adopted: one message, one post', async () => {
    const { c, s, conv, source } = await setup();
    const nextId = String(Math.max(...s.posts('acme').map((p) => p.id)) + 1);
    c.internals.db
      .prepare(
        `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at) VALUES (?, ?, ?, 'outbound', 'agent_bot', '<p>copy</p>', 'copy', 1)`,
      )
      .run(conv.id, source.id, nextId);
    const body = 'Polling stored this one first, cooked differently.';
    const m = await c.call('replies.send', {
      conversationId: conv.id,
      body,
      idempotencyKey: 'adopt-00001',
    });
    await c.internals.outbox.drain();
    expect(postsWith(s, body)).toHaveLength(1);
    expect(c.internals.repos.messages.get(m.id)).toMatchObject({
      deliveryState: 'sent',
      externalId: nextId,
    });
    const outbound = (await c.call('conversations.get', { id: conv.id })).messages.filter(
      (x) => x.direction === 'outbound' && x.externalId === nextId,
    );
    expect(outbound.map((x) => x.id)).toEqual([m.id]);
  });

  it('when even the receipt cannot be written, the row is reconciled (unknown), never queued for a resend', async () => {
    const { c, s, conv } = await setup();
    c.internals.db.exec(
      `CREATE TRIGGER fail_receipt BEFORE UPDATE OF state ON outbox WHEN NEW.state = 'sent' BEGIN SELECT RAISE(ABORT, 'no space left'); END`,
    );
    const body = 'Accepted, but the receipt write fails.';
    const m = await c.call('replies.send', {
      conversationId: conv.id,
      body,
      idempotencyKey: 'receipt-0001',
    });
    const states: string[] = [];
    c.onEvent((e) => e.name === 'outbox.changed' && states.push(e.payload.state));
    await c.internals.outbox.drain();
    expect(rowOf(c, m.id).state).toBe('unknown');
    expect(states).not.toContain('queued');
    due(c);
    await c.internals.outbox.drain(); // reconcile finds the post; recording fails again: still unknown
    expect(rowOf(c, m.id).state).toBe('unknown');
    c.internals.db.exec('DROP TRIGGER fail_receipt');
    due(c);
    await c.internals.outbox.drain();
    expect(rowOf(c, m.id)).toMatchObject({ state: 'sent', followup_pending: 0 });
    expect(postsWith(s, body)).toHaveLength(1);
    expect(s.requests('acme').filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a crash between acceptance and the receipt (row left sending) is reconciled by the next sender', async () => {
    const { c, s, conv } = await setup();
    // Every outbox write after 'sending' fails, as if the process died right after the response.
    c.internals.db.exec(
      `CREATE TRIGGER crash BEFORE UPDATE OF state ON outbox WHEN NEW.state != 'sending' BEGIN SELECT RAISE(ABORT, 'crash'); END`,
    );
    const body = 'The process dies right after the forum accepted this.';
    const m = await c.call('replies.send', {
      conversationId: conv.id,
      body,
      idempotencyKey: 'crash-00001',
    });
    await c.internals.outbox.drain();
    expect(rowOf(c, m.id).state).toBe('sending');
    c.internals.db.exec('DROP TRIGGER crash');
    // A restarted sender on the same database.
    const sender = createOutboxSender({
      db: c.internals.db,
      outbox: c.internals.repos.outbox,
      messages: c.internals.repos.messages,
      conversations: c.internals.repos.conversations,
      sources: c.internals.repos.sources,
      clock: { now: () => Date.now() },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      bus: { emit() {}, on: () => () => {} },
      contextFor: (id, signal) => c.internals.sync.contextFor(id, signal),
    });
    sender.start();
    await sender.drain();
    await sender.stop();
    expect(rowOf(c, m.id)).toMatchObject({ state: 'sent' });
    expect(postsWith(s, body)).toHaveLength(1);
  });
});
