// The Discord connector's push stream against the Discord simulator's real gateway (WebSocket):
// identify/ready, dispatch -> deliver, a dropped socket -> resume (no gap, no duplicate), INVALID_SESSION
// -> a new identify plus a catch-up with no gap and no duplicate, deliver-then-advance, partial edits,
// threads, DMs, AutoMod, fatal close codes. Short heartbeat intervals; every wait awaits an event.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../electron/core/connectors/types';
import {
  startDiscordSimulator,
  type DiscordSimulator,
} from '../../../electron/demo/simulators/discord';
import { catchUpPoll, discordCtx, streamHarness } from './discord.helpers';

let sim: DiscordSimulator;
let general: string;
beforeEach(async () => {
  sim = await startDiscordSimulator({ heartbeatIntervalMs: 60 });
  general = sim.addChannel('general');
});
afterEach(async () => {
  await sim.close();
});

/** Every id once, and exactly the expected ones. */
function expectExactlyOnce(ids: string[], expected: string[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
}

describe('Discord gateway stream', () => {
  it('identifies with the intents it needs, goes live, delivers dispatches and reports heartbeats', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const start = await catchUpPoll(h.ctx, null);
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann', { globalName: 'Ann K.' });
    const m = sim.post(general, ann, 'My order #1234 never arrived');
    await h.until(() => h.ids().includes(m.id));
    await h.until(() => h.state.alive >= 2);
    const item = h.delivered.find((i) => i.message.externalId === m.id)!;
    expect(item.message.bodyText).toBe('My order #1234 never arrived');
    expect(item.member).toMatchObject({
      externalId: ann.id,
      username: 'ann',
      displayName: 'Ann K.',
      isStaff: false,
    });
    expect(item.conversation).toMatchObject({
      externalId: `chan:${general}:${m.id}`,
      kind: 'channel',
    });
    expect(sim.gateway.identifies).toBe(1);
    // GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT (privileged), AUTO_MODERATION_EXECUTION.
    for (const bit of [0, 9, 12, 15, 21]) expect(sim.gateway.intents & (1 << bit)).not.toBe(0);
    // The stored cursor moved with the committed batch.
    expect(JSON.stringify(h.state.cursor)).toContain(m.id);
    await stream.close();
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('resumes after a dropped socket: the missed dispatches are replayed, nothing twice, no new identify', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const a = sim.post(general, ann, 'first');
    await h.until(() => h.ids().includes(a.id));
    sim.dropSockets();
    const b = sim.post(general, ann, 'second, while the socket is down');
    const c = sim.post(general, ann, 'third');
    await h.until(() => h.ids().includes(c.id) && h.statuses.includes('live resumed'));
    expectExactlyOnce(h.ids(), [a.id, b.id, c.id]);
    expect(sim.gateway.resumes).toBeGreaterThanOrEqual(1);
    expect(sim.gateway.identifies).toBe(1);
    await stream.close();
  });

  it('reconnects on op 7 and on a zombie connection (missed heartbeat ACKs) by resuming', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    sim.requestReconnect();
    const a = sim.post(general, ann, 'during reconnect');
    await h.until(
      () => h.ids().includes(a.id) && h.statuses.filter((s) => s === 'live resumed').length >= 1,
    );
    sim.missHeartbeats(1);
    const resumesBefore = sim.gateway.resumes;
    await h.until(() => h.statuses.filter((s) => s === 'live resumed').length >= 2);
    expect(sim.gateway.resumes).toBeGreaterThan(resumesBefore);
    const b = sim.post(general, ann, 'after the zombie');
    await h.until(() => h.ids().includes(b.id));
    expectExactlyOnce(h.ids(), [a.id, b.id]);
    expect(sim.gateway.identifies).toBe(1);
    await stream.close();
  });

  it('after INVALID_SESSION identifies again and catches up over REST: no gap, no duplicate', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const a = sim.post(general, ann, 'before');
    await h.until(() => h.ids().includes(a.id));
    sim.invalidateSessions(false);
    // Posted while no session exists: the gateway never dispatches these; only the catch-up can find them.
    const missed = [sim.post(general, ann, 'lost 1'), sim.post(general, ann, 'lost 2')];
    await h.until(() => h.statuses.filter((s) => s === 'live ready').length >= 2);
    const after = sim.post(general, ann, 'after the new session');
    await h.until(() => h.ids().includes(after.id) && missed.every((m) => h.ids().includes(m.id)));
    expectExactlyOnce(h.ids(), [a.id, ...missed.map((m) => m.id), after.id]);
    expect(sim.gateway.identifies).toBe(2);
    await stream.close();
  });

  it('advances the stored cursor only after deliver resolves: a rejected deliver ends the stream and the catch-up redelivers', async () => {
    const base = discordCtx(sim, [general]);
    const start = await catchUpPoll(base, null);
    const h = streamHarness(base, { failDeliveries: 1 });
    h.state.cursor = start.cursor;
    const stream = h.open(start.cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const m = sim.post(general, ann, 'please do not lose me');
    const err = await stream.done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('transient');
    expect(h.ids()).toEqual([]);
    // The cursor stored is still the one from before the failed batch...
    expect(h.state.cursor).toEqual(start.cursor);
    // ...so the supervisor's catch-up poll from it redelivers the message.
    const again = await catchUpPoll(base, h.state.cursor);
    expect(again.items.map((i) => i.message.externalId)).toEqual([m.id]);
  });

  it('re-reads a partial MESSAGE_UPDATE and delivers the edit as a newer version', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const m = sim.post(general, ann, 'teh typo');
    await h.until(() => h.ids().includes(m.id));
    sim.edit(general, m.id, 'the typo, fixed', { partial: true });
    await h.until(() => h.delivered.filter((i) => i.message.externalId === m.id).length === 2);
    const [v1, v2] = h.delivered.filter((i) => i.message.externalId === m.id);
    expect(v2!.message.bodyText).toBe('the typo, fixed');
    expect(v2!.message.version).toBeGreaterThan(v1!.message.version);
    expect(v2!.conversation.externalId).toBe(v1!.conversation.externalId);
    sim.remove(general, m.id);
    await h.until(() => h.deletions.includes(m.id));
    await stream.close();
  });

  it('follows forum posts and threads under chosen channels, DMs to the bot, and AutoMod alerts', async () => {
    const forum = sim.addChannel('help-forum', 15);
    const alerts = sim.addChannel('mod-alerts');
    const h = streamHarness(discordCtx(sim, [general, forum]));
    const stream = h.open((await catchUpPoll(h.ctx, null)).cursor);
    await h.until(() => h.statuses.includes('live ready'));
    const ann = sim.addMember('ann');
    const post = sim.startThread(forum, ann, 'Cannot log in', 'It says my password is wrong');
    const dm = sim.dm(ann, 'hello bot, private question');
    const flagged = sim.automod({
      user: ann,
      channelId: general,
      content: 'buy cheap gold at scam.example',
      keyword: 'cheap gold',
      action: 'alert',
      alertChannelId: alerts,
    });
    sim.postAsOtherBot(general, 'I am another bot');
    await h.until(
      () =>
        [post.first.id, dm.id].every((id) => h.ids().includes(id)) &&
        h.delivered.some((i) => i.moderation),
    );
    const p = h.delivered.find((i) => i.message.externalId === post.first.id)!;
    expect(p.conversation).toMatchObject({
      externalId: `thread:${post.threadId}`,
      title: 'Cannot log in',
      kind: 'thread',
    });
    const d = h.delivered.find((i) => i.message.externalId === dm.id)!;
    expect(d.conversation.kind).toBe('private_message');
    const mod = h.delivered.find((i) => i.moderation)!;
    expect(mod.message.externalId).toBe(flagged.message!.id);
    expect(mod.moderation).toMatchObject({ state: 'flagged' });
    expect(mod.moderation!.reasons.join(' ')).toContain('cheap gold');
    expect(mod.message.meta).toMatchObject({
      alertMessageId: flagged.alert!.id,
      alertChannelId: alerts,
    });
    expect(h.delivered.some((i) => i.message.bodyText === 'I am another bot')).toBe(false);
    await stream.close();
  });

  it('ends with a permanent error on a fatal close code (4004: the token was refused)', async () => {
    const h = streamHarness(discordCtx(sim, [general]));
    const stream = h.open(null);
    await h.until(() => h.statuses.includes('live ready'));
    sim.closeSockets(4004, 'Authentication failed.');
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('permanent');
    expect(err.reason).toBe('auth');
    expect(String(err.message)).not.toContain(sim.token);
  });

  it('gives up with a transient error after maxReconnects failed reconnects, so the supervisor backs off', async () => {
    const h = streamHarness(discordCtx(sim, [general], { config: { maxReconnects: 2 } }));
    const stream = h.open(null);
    await h.until(() => h.statuses.includes('live ready'));
    // Once this arrives, the catch-up after READY is over: only the gateway is left to fail.
    const m = sim.post(general, sim.addMember('ann'), 'last message before the outage');
    await h.until(() => h.ids().includes(m.id));
    await sim.close();
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('transient');
    expect(
      h.statuses.filter((s) => s.startsWith('connecting gateway closed')).length,
      `${err.message} ${h.statuses.join(' | ')}`,
    ).toBe(3);
    sim = await startDiscordSimulator();
  });

  it('ends with a permanent auth error when the token is wrong, and never logs it', async () => {
    const ctx = discordCtx(sim, [general], {
      secrets: { botToken: 'wrong.token.value' },
      secret: 'wrong.token.value',
    });
    const h = streamHarness(ctx);
    const stream = h.open(null);
    const err = (await stream.done.then(
      () => null,
      (e: unknown) => e,
    )) as ConnectorError;
    expect(err.kind).toBe('permanent');
    expect(err.reason).toBe('auth');
    expect(err.message).not.toContain('wrong.token.value');
  });
});
