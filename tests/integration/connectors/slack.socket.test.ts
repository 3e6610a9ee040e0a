// The Slack connector's push stream against the Slack simulator's real Socket Mode WebSocket:
// apps.connections.open -> hello -> events -> ack only after deliver resolved; a rejected deliver ->
// no ack -> Slack redelivers; a dropped socket or a `disconnect` frame ends the stream `transient`;
// the catch-up poll from the stored cursor then fills the gap with no duplicate; DMs, threads, edits,
// deletions, other channels ignored; bad tokens end `permanent`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../electron/core/connectors/types';
import { startSlackSimulator, type SlackSimulator } from '../../../electron/demo/simulators/slack';
import { catchUpPoll, eventually, slackCtx, streamHarness } from './slack.helpers';

let sim: SlackSimulator;
let general: string;
beforeEach(async () => {
  sim = await startSlackSimulator({ ackTimeoutMs: 60_000 });
  general = sim.addChannel('help');
});
afterEach(async () => {
  await sim.close();
});

function expectExactlyOnce(ids: string[], expected: string[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
}

describe('Slack Socket Mode stream', () => {
  it('opens the socket from apps.connections.open, goes live on hello, delivers, and acks only after the commit', async () => {
    let unackedDuringCommit = -1;
    const base = slackCtx(sim, [general]);
    const h = streamHarness(base, {
      deliverDelay: async () => {
        // Inside deliver (before it resolves): the envelope must still be unacknowledged.
        unackedDuringCommit = sim.unacked();
        await Promise.resolve();
      },
    });
    const start = await catchUpPoll(h.ctx, null);
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live socket mode'));
    const ann = sim.addUser('ann', { realName: 'Ann Kowalski', displayName: 'Ann K.' });
    const m = sim.post(general, ann, 'My order #1234 never arrived & I am <upset>');
    await h.until(() => h.ids().includes(`${general}:${m.ts}`));
    expect(unackedDuringCommit).toBe(1);
    await eventually(() => sim.unacked() === 0, 'the ack');
    const item = h.delivered.find((i) => i.message.externalId === `${general}:${m.ts}`)!;
    expect(item.message.bodyText).toBe('My order #1234 never arrived & I am <upset>');
    expect(item.member).toMatchObject({
      externalId: ann.id,
      username: 'ann',
      displayName: 'Ann K.',
      isStaff: false,
    });
    expect(item.conversation).toMatchObject({
      externalId: `${general}:${m.ts}`,
      kind: 'thread',
      title: 'My order #1234 never arrived & I am <upset>',
    });
    expect(JSON.stringify(h.state.cursor)).toContain(m.ts);
    // The app token opened the socket; no token is in the request log.
    expect(sim.requests.find((r) => r.method === 'apps.connections.open')?.auth).toBe('app');
    expect(JSON.stringify(sim.requests)).not.toMatch(/xox[bp]-|xapp-/);
    await stream.close();
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('a deliver that rejects: no ack, the stream ends transient, Slack redelivers and nothing is lost or doubled', async () => {
    const base = slackCtx(sim, [general]);
    const start = await catchUpPoll(base, null);
    const h = streamHarness(base, { failDeliveries: 1 });
    h.state.cursor = start.cursor;
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live socket mode'));
    const ann = sim.addUser('ann');
    const m = sim.post(general, ann, 'please do not lose me');
    const err = await stream.done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('transient');
    expect(h.ids()).toEqual([]);
    expect(sim.unacked()).toBe(1);
    // The stored cursor did not move past the message...
    expect(h.state.cursor).toEqual(start.cursor);
    // ...the supervisor's catch-up finds it, and the resubscribed stream gets Slack's redelivery (acked, not doubled).
    const again = await catchUpPoll(base, h.state.cursor);
    expect(again.items.map((i) => i.message.externalId)).toEqual([`${general}:${m.ts}`]);
    const h2 = streamHarness(base);
    h2.delivered.push(...again.items);
    const s2 = h2.open(again.cursor);
    await eventually(
      () => sim.unacked() === 0 && sim.socket.redeliveries >= 1,
      'the redelivery acked',
    );
    expectExactlyOnce(h2.ids(), [`${general}:${m.ts}`]);
    await s2.close();
  });

  it('a dropped socket ends the stream transient; the catch-up poll then fills the gap with no gap and no duplicate', async () => {
    const base = slackCtx(sim, [general]);
    const h = streamHarness(base);
    const start = await catchUpPoll(base, null);
    h.state.cursor = start.cursor;
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live socket mode'));
    const ann = sim.addUser('ann');
    const a = sim.post(general, ann, 'first');
    await h.until(() => h.ids().includes(`${general}:${a.ts}`));
    const reply1 = sim.post(general, ann, 'a reply in the thread', { threadTs: a.ts });
    await h.until(() => h.ids().includes(`${general}:${reply1.ts}`));
    sim.dropSockets();
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err.kind).toBe('transient');
    // While nobody listens (Slack gives up on these envelopes): a new top-level message, a thread reply, a broadcast.
    const b = sim.post(general, ann, 'second, while the socket is down', { silent: true });
    const reply2 = sim.post(general, ann, 'another reply', { threadTs: a.ts, silent: true });
    const bc = sim.post(general, ann, 'broadcast reply', {
      threadTs: a.ts,
      broadcast: true,
      silent: true,
    });
    const up = await catchUpPoll(base, h.state.cursor);
    h.delivered.push(...up.items);
    const s2 = h.open(up.cursor);
    await h.until(() => h.statuses.filter((s) => s === 'live socket mode').length === 2);
    const c = sim.post(general, ann, 'third, live again');
    await h.until(() => h.ids().includes(`${general}:${c.ts}`));
    expectExactlyOnce(
      h.ids(),
      [a, reply1, b, reply2, bc, c].map((m) => `${general}:${m.ts}`),
    );
    await s2.close();
  });

  it('a disconnect frame (connection rotation) ends the stream transient, without losing the next messages', async () => {
    const base = slackCtx(sim, [general]);
    const h = streamHarness(base);
    const start = await catchUpPoll(base, null);
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live socket mode'));
    sim.sendDisconnect('refresh_requested');
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('transient');
    const ann = sim.addUser('ann');
    const m = sim.post(general, ann, 'posted between two connections');
    const s2 = h.open(h.state.cursor ?? start.cursor);
    // Slack redelivers the unacknowledged envelope on the new connection; the catch-up after hello finds it too: once.
    await h.until(() => h.ids().includes(`${general}:${m.ts}`));
    await eventually(() => sim.unacked() === 0, 'the ack');
    expectExactlyOnce(h.ids(), [`${general}:${m.ts}`]);
    await s2.close();
  });

  it('DMs to the app, thread replies, edits (new version), deletions; other channels and staff top-level posts are ignored', async () => {
    const other = sim.addChannel('random');
    const base = slackCtx(sim, [general], { config: { staffUserIds: [sim.admin.id] } });
    const h = streamHarness(base);
    const stream = h.open((await catchUpPoll(base, null)).cursor);
    await h.until(() => h.statuses.includes('live socket mode'));
    const ann = sim.addUser('ann');
    const q = sim.post(general, ann, 'teh question');
    sim.post(other, ann, 'not followed');
    sim.post(general, sim.admin, 'announcement by staff');
    const d = sim.dm(ann, 'hello app, private question');
    await h.until(
      () =>
        h.ids().includes(`${d.channel}:${d.message.ts}`) && h.ids().includes(`${general}:${q.ts}`),
    );
    sim.edit(general, q.ts, 'the question');
    await h.until(
      () => h.delivered.filter((i) => i.message.externalId === `${general}:${q.ts}`).length === 2,
    );
    const [v1, v2] = h.delivered.filter((i) => i.message.externalId === `${general}:${q.ts}`);
    expect(v2!.message.bodyText).toBe('the question');
    expect(v2!.message.version).toBeGreaterThan(v1!.message.version);
    sim.remove(general, q.ts);
    await h.until(() => h.deletions.includes(`${general}:${q.ts}`));
    const dmItem = h.delivered.find(
      (i) => i.message.externalId === `${d.channel}:${d.message.ts}`,
    )!;
    expect(dmItem.conversation).toMatchObject({
      externalId: `dm:${d.channel}`,
      kind: 'private_message',
    });
    expect(h.delivered.some((i) => i.message.bodyText === 'not followed')).toBe(false);
    expect(h.delivered.some((i) => i.message.bodyText === 'announcement by staff')).toBe(false);
    // The DM channel is remembered in the cursor, so the catch-up reads it too.
    expect(JSON.stringify(h.state.cursor)).toContain(d.channel);
    await stream.close();
  });

  it('ends permanent (auth) when the app-level token is refused, without leaking it', async () => {
    const ctx = slackCtx(sim, [general], {
      secrets: { botToken: sim.botToken, appToken: 'xapp-1-wrong-token-value', userToken: null },
    });
    const h = streamHarness(ctx);
    const stream = h.open(null);
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('permanent');
    expect(err.reason).toBe('auth');
    expect(err.message).not.toContain('xapp-1-wrong-token-value');
  });
});
