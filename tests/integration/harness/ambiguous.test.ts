// The ambiguous-send part of the harness: its tally can fail (duplicates, losses, deliveries the core
// did not record), and a short real run — Discourse, Slack and mail simulators, a real core and its outbox,
// every post committed then answered by a timeout, a 5xx or a reset, a restart per batch — ends with
// every reply on the platform exactly once and recorded as sent.
import { expect, it } from 'vitest';
import { ambiguousHarness, tally } from '../../../build/harness/ambiguous';
import { discourseTarget, emailTarget, slackTarget } from '../../../build/harness/sendTargets';

it('tallies duplicates, losses and deliveries not recorded as sent', () => {
  expect(
    tally([
      { copies: 1, state: 'sent' },
      { copies: 2, state: 'sent' },
      { copies: 0, state: 'failed' },
      { copies: 1, state: 'failed' },
      { copies: 0, state: 'sent' },
    ]),
  ).toEqual({ dup: 1, lost: 2, unreconciled: 1 });
});

it('every committed-then-failed send is on the platform exactly once after reconciliation and restart', async () => {
  const logs: string[] = [];
  const f = await ambiguousHarness({
    sends: 6,
    batch: 2,
    log: (m) => logs.push(m),
    targets: [discourseTarget, slackTarget, emailTarget],
  });
  expect(f).toMatchObject({
    ambiguous_sends: 18,
    dup_sends: 0,
    lost_sends: 0,
    unreconciled_sends: 0,
    ambiguous_restarts: 9,
  });
  // The faults took effect: (nearly) every reply was in doubt after its attempt. A mail reply whose
  // Bcc copy the mailbox stream brings back while the SMTP answer is still awaited may settle first.
  expect(f.ambiguous_in_doubt).toBeGreaterThanOrEqual(16);
  expect(logs).toHaveLength(3);
}, 120_000);
