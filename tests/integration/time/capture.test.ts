// Automatic time capture through the contract: heartbeats extend a segment, a conversation or
// activity switch splits it, focus loss and gaps end it, idle beyond the threshold becomes a pending
// review (discard / keep / reassign), the timer pauses capture, and a crash loses at most 15 s.
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore } from '../../helpers/core';
import { tempDir } from '../../helpers/core';
import { timeWorld, type TimeWorld } from './helpers';

let w: TimeWorld | null = null;
afterEach(async () => {
  await w?.core.close();
  w = null;
});

const S = 1000;
const beat = (hb: {
  conversationId?: number | null;
  activity?: string;
  focused?: boolean;
  active: boolean;
  idleSeconds?: number;
}) => w!.core.call('time.heartbeat', hb);
/** Beats every 15 s for `seconds`, same context. */
async function beatsFor(seconds: number, hb: Parameters<typeof beat>[0]) {
  for (let s = 0; s < seconds; s += 15) {
    w!.clock.advance(15 * S);
    await beat(hb);
  }
}

describe('segments', () => {
  it('extends one segment while the same conversation is focused and persists its seconds at every beat', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    const st = await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    expect(st.tracking).toBe('auto');
    await beatsFor(60, { conversationId: c1, activity: 'triage', focused: true, active: true });
    const rows = w.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      conversation_id: c1,
      client_id: w.clients.a,
      activity: 'triage',
      origin: 'auto',
      seconds: 60,
      running: 1,
    });
  });

  it('splits on a conversation switch and on an activity switch, at the switching beat', async () => {
    w = await timeWorld();
    const [c1, c3] = [w.conv(1), w.conv(3)];
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(10 * S);
    await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
    w.clock.advance(7 * S);
    await beat({ conversationId: c3, activity: 'reply', focused: true, active: true });
    w.clock.advance(5 * S);
    await beat({ conversationId: null, activity: 'triage', focused: true, active: true });
    expect(
      w.rows().map((r) => [r.conversation_id, r.client_id, r.activity, r.seconds, r.running]),
    ).toEqual([
      [c1, w.clients.a, 'triage', 10, 0],
      [c1, w.clients.a, 'reply', 7, 0],
      [c3, w.clients.b, 'reply', 5, 0],
    ]);
  });

  it('ends the segment when the window loses focus, and counts nothing until it comes back', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(12 * S);
    await beat({ conversationId: c1, activity: 'triage', focused: false, active: true });
    await beatsFor(120, { conversationId: c1, activity: 'triage', focused: false, active: true });
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(15 * S);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    expect(w.rows().map((r) => r.seconds)).toEqual([12, 15]);
  });

  it('does not count a gap without heartbeats (the app was closed or frozen): the segment ends at its last beat', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    await beatsFor(30, { conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(10 * 60 * S);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(15 * S);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    expect(w.rows().map((r) => [r.seconds, r.running])).toEqual([
      [30, 0],
      [15, 1],
    ]);
    expect(await w.core.call('time.idleReviews', {})).toEqual([]);
  });

  it('a crash loses at most the time since the last heartbeat (≤ 15 s); the next run closes the left-open segment', async () => {
    const t = tempDir();
    try {
      w = await timeWorld(undefined, t.dir);
      const c1 = w.conv(1);
      const startedAt = w.clock.now();
      await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
      await beatsFor(10 * 60, {
        conversationId: c1,
        activity: 'reply',
        focused: true,
        active: true,
      });
      // The process dies 14 s after its last beat (no stop(), no final beat): the file is what is left.
      const crashAt = w.clock.now() + 14 * S;
      const db = w.core.internals.db;
      const saved = db.prepare('SELECT seconds, running FROM time_entries').get() as {
        seconds: number;
        running: number;
      };
      expect(saved.running).toBe(1);
      expect((crashAt - startedAt) / 1000 - saved.seconds).toBeLessThanOrEqual(15);
      expect((crashAt - startedAt) / 1000 - saved.seconds).toBe(14);
      db.close();
      w = null;
      // Next start, an hour later.
      const core = await makeCore({ dir: t.dir, clock: { now: () => crashAt + 3600 * S } });
      try {
        await core.call('time.heartbeat', {
          conversationId: c1,
          activity: 'reply',
          focused: true,
          active: true,
        });
        const rows = core.internals.db
          .prepare('SELECT seconds, running FROM time_entries ORDER BY id')
          .all();
        expect(rows).toEqual([
          { seconds: 600, running: 0 },
          { seconds: 0, running: 1 },
        ]);
      } finally {
        await core.stop();
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('idle', () => {
  it('idle beyond the threshold is cut from the segment and offered on return, never billed silently', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    await beatsFor(60, { conversationId: c1, activity: 'triage', focused: true, active: true });
    const lastInput = w.clock.now();
    // Away: the page keeps beating, inactive, with the seconds since the last input.
    for (let s = 15; s <= 9 * 60; s += 15) {
      w.clock.set(lastInput + s * S);
      const st = await beat({
        conversationId: c1,
        activity: 'triage',
        focused: true,
        active: false,
        idleSeconds: s,
      });
      expect(st.tracking).toBe(s > 300 ? 'idle' : 'auto');
    }
    // While away nothing past the last input is counted.
    expect(w.rows().map((r) => r.seconds)).toEqual([60]);
    expect(await w.core.call('time.idleReviews', {})).toEqual([]);
    w.clock.advance(20 * S);
    const back = await beat({
      conversationId: c1,
      activity: 'triage',
      focused: true,
      active: true,
    });
    expect(back.pendingIdle).toBe(1);
    const [review] = await w.core.call('time.idleReviews', {});
    expect(review).toMatchObject({
      start: new Date(lastInput).toISOString(),
      seconds: 9 * 60 + 20,
      clientId: w.clients.a,
      conversationId: c1,
      activity: 'triage',
    });
    expect(w.rows().map((r) => [r.seconds, r.running])).toEqual([
      [60, 0],
      [0, 1],
    ]);
  });

  it('a short pause (under the threshold) is counted as work', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    await beatsFor(4 * 60, {
      conversationId: c1,
      activity: 'triage',
      focused: true,
      active: false,
    });
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    expect(w.rows().map((r) => r.seconds)).toEqual([240]);
    expect(await w.core.call('time.idleReviews', {})).toEqual([]);
  });

  it('an away span that crosses the threshold between two beats is detected on the returning beat', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    const t0 = w.clock.now();
    await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
    // Inactive beats (no idleSeconds known) up to exactly the threshold: still counted as work…
    await beatsFor(300, { conversationId: c1, activity: 'reply', focused: true, active: false });
    expect(w.rows().map((r) => r.seconds)).toEqual([300]);
    // …the next beat is active, 315 s after the last input: the whole away span goes to review.
    w.clock.advance(15 * S);
    await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
    const reviews = await w.core.call('time.idleReviews', {});
    expect(reviews.map((r) => [r.start, r.seconds])).toEqual([[new Date(t0).toISOString(), 315]]);
    expect(w.rows().map((r) => [r.seconds, r.running])).toEqual([[0, 1]]);
  });

  it("respects the agent's own threshold", async () => {
    w = await timeWorld();
    await w.core.call('time.setProfile', { idleThresholdMinutes: 2 });
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    await beatsFor(150, { conversationId: c1, activity: 'triage', focused: true, active: false });
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    const [r] = await w.core.call('time.idleReviews', {});
    expect(r!.seconds).toBe(150);
    expect(w.rows().map((x) => [x.seconds, x.running])).toEqual([[0, 1]]);
  });

  it('review: discard leaves nothing, keep bills the original conversation, reassign gives it to another client and activity', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    const makeReview = async () => {
      await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
      w!.clock.advance(15 * S);
      await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
      w!.clock.advance(6 * 60 * S);
      await beat({
        conversationId: c1,
        activity: 'triage',
        focused: true,
        active: false,
        idleSeconds: 360,
      });
      w!.clock.advance(10 * S);
      await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
      const list = await w!.core.call('time.idleReviews', {});
      return list[list.length - 1]!;
    };
    const r1 = await makeReview();
    expect(
      (await w.core.call('time.resolveIdle', { id: r1.id, action: 'discard' })).entry,
    ).toBeNull();
    const r2 = await makeReview();
    const kept = (await w.core.call('time.resolveIdle', { id: r2.id, action: 'keep' })).entry!;
    expect(kept).toMatchObject({
      origin: 'idle-kept',
      clientId: w.clients.a,
      conversationId: c1,
      activity: 'triage',
      seconds: 370,
      start: r2.start,
    });
    const r3 = await makeReview();
    const moved = (
      await w.core.call('time.resolveIdle', {
        id: r3.id,
        action: 'reassign',
        clientId: w.clients.b,
        activity: 'call',
      })
    ).entry!;
    expect(moved).toMatchObject({
      origin: 'idle-kept',
      clientId: w.clients.b,
      conversationId: null,
      activity: 'call',
      seconds: 370,
    });
    expect(await w.core.call('time.idleReviews', {})).toEqual([]);
    await expect(w.core.call('time.resolveIdle', { id: r3.id, action: 'keep' })).rejects.toThrow(
      /already resolved/,
    );
    const audit = w.core.internals.db
      .prepare("SELECT action, actor_id FROM audit_events WHERE action = 'time.resolveIdle'")
      .all();
    expect(audit).toHaveLength(3);
  });

  it('the desktop power monitor feeds the same tracker: lock (idle since) and unlock', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
    w.clock.advance(15 * S);
    await beat({ conversationId: c1, activity: 'reply', focused: true, active: true });
    // Locked 30 s after the last beat; the power module knows the input was 30 s ago.
    w.clock.advance(30 * S);
    await beat({ active: false, idleSeconds: 30 });
    for (let i = 0; i < 30; i++) {
      w.clock.advance(15 * S);
      await beat({ active: false });
    }
    w.clock.advance(15 * S);
    await beat({ active: true }); // unlock
    const [r] = await w.core.call('time.idleReviews', {});
    expect(r).toMatchObject({ conversationId: c1, activity: 'reply', seconds: 30 + 30 * 15 + 15 });
    expect(w.rows().map((x) => x.seconds)[0]).toBe(15);
  });
});

describe('timer', () => {
  it('runs with client, activity and note, pauses automatic capture, and stops with its wall-clock seconds', async () => {
    w = await timeWorld();
    const c1 = w.conv(1);
    await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    w.clock.advance(20 * S);
    const timer = await w.core.call('time.timerStart', {
      clientId: w.clients.b,
      activity: 'reporting',
      note: 'Monthly report',
    });
    expect(timer).toMatchObject({
      running: true,
      origin: 'timer',
      clientId: w.clients.b,
      note: 'Monthly report',
    });
    const st = await beat({ conversationId: c1, activity: 'triage', focused: true, active: true });
    expect(st.tracking).toBe('timer');
    await beatsFor(90, { conversationId: c1, activity: 'triage', focused: false, active: true });
    const stopped = await w.core.call('time.timerStop', {});
    expect(stopped).toMatchObject({ running: false, seconds: 90 });
    expect(w.rows().map((r) => [r.origin, r.seconds])).toEqual([
      ['auto', 20],
      ['timer', 90],
    ]);
    expect(await w.core.call('time.timerStop', {})).toBeNull();
  });

  it('idle while the timer runs: the timer is cut at the last input, the idle span is reviewed, the timer continues', async () => {
    w = await timeWorld();
    await w.core.call('time.timerStart', {
      clientId: w.clients.a,
      activity: 'planning',
      note: 'Content plan',
    });
    await beatsFor(60, { conversationId: null, activity: 'triage', focused: true, active: true });
    await beatsFor(6 * 60, {
      conversationId: null,
      activity: 'triage',
      focused: true,
      active: false,
    });
    w.clock.advance(15 * S);
    const st = await beat({
      conversationId: null,
      activity: 'triage',
      focused: true,
      active: true,
    });
    expect(st.tracking).toBe('timer');
    expect(st.timer).toMatchObject({ activity: 'planning', note: 'Content plan', seconds: 0 });
    const [r] = await w.core.call('time.idleReviews', {});
    expect(r).toMatchObject({ clientId: w.clients.a, activity: 'planning', seconds: 6 * 60 + 15 });
    expect(w.rows().map((x) => [x.origin, x.seconds, x.running])).toEqual([
      ['timer', 60, 0],
      ['timer', 0, 1],
    ]);
  });
});
