// Issue 6: the outbox's promise as a property. For any sequence of send outcomes — accepted,
// refused (transient 500 or permanent 422, retried by the agent), timed out after the forum applied
// it, a gateway error after it applied it, a crash before or after the receipt was recorded — and
// local failures after acceptance (the follow-up fails, the platform id is already stored), every
// reply appears on the forum exactly once and ends 'sent' with its follow-up done.
// Real parts: the Discourse simulator over HTTP, a real SQLite file; crashes are real aborted writes
// (a trigger) followed by a new sender on the same database, as after a restart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createOutboxSender,
  type OutboxSender,
} from '../../../electron/core/domains/replies/outbox';
import { silentLogger } from '../../../electron/core/ports';
import type { TestCore } from '../../helpers/core';
import { connect, forumCore, startForum } from '../../helpers/forum';

const OUTCOMES = [
  'accept',
  'refuse-transient',
  'refuse-permanent',
  'timeout-after-apply',
  'gateway-after-apply',
  'crash-before-record',
  'crash-after-record',
  'followup-fails',
  'collision',
] as const;
type Outcome = (typeof OUTCOMES)[number];

function newSender(c: TestCore): OutboxSender {
  return createOutboxSender({
    db: c.internals.db,
    outbox: c.internals.repos.outbox,
    messages: c.internals.repos.messages,
    conversations: c.internals.repos.conversations,
    sources: c.internals.repos.sources,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bus: { emit() {}, on: () => () => {} },
    contextFor: (id, signal) => c.internals.sync.contextFor(id, signal),
    onSent: (id, at) => void c.internals.sla.guarded(id, () => c.internals.sla.agentReply(id, at)),
    random: () => 0.5,
    // The simulator applies a POST before it answers or hangs, so no attempt is ever still in flight
    // when a sender reconciles here; the in-flight window is exercised by the crash harness
    // (build/harness), where a killed process's request can land after the restart's first look.
    inFlightMs: 0,
  });
}

describe('outbox property: exactly once on the platform', () => {
  it('holds for any sequence of send outcomes and local failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
        async (replies, outcomes, targets) => {
          const sim = await startForum('acme', 3);
          const c = await forumCore();
          try {
            const { source } = await connect(c, sim);
            await c.internals.sync.runOnce(source.id);
            await c.internals.outbox.stop(); // the test drives senders by hand (and "restarts" them)
            const convs = (await c.call('queue.list', {})).rows;
            const bodies: string[] = [];
            const ids: number[] = [];
            for (let i = 0; i < replies; i++) {
              const body = `Property reply ${i}: ${outcomes.join(',')}`;
              bodies.push(body);
              ids.push(
                (
                  await c.call('replies.send', {
                    conversationId: convs[targets[i]!]!.id,
                    body,
                    idempotencyKey: `prop-key-${i}-0000`,
                  })
                ).id,
              );
            }
            const db = c.internals.db;
            const due = () =>
              db
                .prepare(
                  'UPDATE outbox SET next_attempt_at = 0, followup_next_at = CASE WHEN followup_pending = 1 THEN 0 ELSE followup_next_at END',
                )
                .run();
            const retryFailed = async () => {
              for (const id of ids)
                if (c.internals.repos.outbox.byMessage(id)!.state === 'failed')
                  await c.call('replies.retry', { messageId: id });
            };
            let sender = newSender(c);
            const restart = async () => {
              await sender.stop();
              const s = newSender(c);
              s.start(); // marks rows left 'sending' unknown: they are reconciled, not resent
              await s.drain();
              await s.stop();
              sender = newSender(c);
            };
            for (const o of outcomes as Outcome[]) {
              switch (o) {
                case 'refuse-transient':
                  sim.failNext('acme', { status: 500, method: 'POST' });
                  break;
                case 'refuse-permanent':
                  sim.failNext('acme', { status: 422, method: 'POST' });
                  break;
                case 'timeout-after-apply':
                  sim.hangAfterApply('acme');
                  break;
                case 'gateway-after-apply':
                  sim.failNext('acme', { status: 502, afterApply: true, method: 'POST' });
                  break;
                case 'crash-before-record':
                  db.exec(
                    `CREATE TRIGGER crash BEFORE UPDATE OF state ON outbox WHEN NEW.state != 'sending' BEGIN SELECT RAISE(ABORT, 'crash'); END`,
                  );
                  break;
                case 'crash-after-record':
                case 'followup-fails':
                  db.exec(
                    `CREATE TRIGGER crash BEFORE UPDATE OF first_replied_at ON conversations BEGIN SELECT RAISE(ABORT, 'follow-up fails'); END`,
                  );
                  break;
                case 'collision': {
                  const next = String(Math.max(...sim.posts('acme').map((p) => p.id)) + 1);
                  db.prepare(
                    `INSERT OR IGNORE INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at) VALUES (?, ?, ?, 'inbound', 'old', '<p>old</p>', 'old', 1)`,
                  ).run(convs[2]!.id, source.id, next);
                  break;
                }
                case 'accept':
                  break;
              }
              await sender.drain();
              db.exec('DROP TRIGGER IF EXISTS crash');
              if (o === 'crash-before-record' || o === 'crash-after-record') await restart();
              due();
              await retryFailed();
            }
            // Faults exhausted: everything settles.
            for (let i = 0; i < 40; i++) {
              const rows = ids.map((id) => c.internals.repos.outbox.byMessage(id)!);
              if (rows.every((r) => r.state === 'sent' && r.followup_pending === 0)) break;
              due();
              await retryFailed();
              await sender.drain();
            }
            for (const [i, body] of bodies.entries()) {
              expect(
                sim.posts('acme').filter((p) => p.raw === body),
                body,
              ).toHaveLength(1);
              expect(c.internals.repos.outbox.byMessage(ids[i]!)).toMatchObject({
                state: 'sent',
                followup_pending: 0,
              });
              expect(c.internals.repos.messages.get(ids[i]!)!.deliveryState).toBe('sent');
            }
            for (const t of new Set(targets.slice(0, replies)))
              expect(
                (await c.call('conversations.get', { id: convs[t]!.id })).conversation
                  .firstRepliedAt,
              ).not.toBeNull();
            await sender.stop();
          } finally {
            await c.close();
            await sim.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
