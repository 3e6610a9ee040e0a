// build/harness/load: the viral-spike part. A real core's database, ingester and SLA engine, driven by
// the real sync scheduler (createSyncScheduler: a timer per source, poll → ingest + cursor in one
// transaction → next poll after the interval, or 250 ms while the connector says `more`). 50 sources of
// 50 clients; one client's source receives `spikeMessages` messages spread evenly over `spikeMs` (a
// viral thread: new topics and replies to them), the 49 others a message now and then. The platforms
// are an in-process connector (the harness's own, standing in for the HTTP round trip: no platform
// code is measured, only Steward's scheduler and ingest path).
//
// Time is simulated but not free: the scheduler's clock and timers are the harness's, which jumps over
// idle time only; while code runs, the simulated clock advances with the real one. So a poll that is due
// while the spike's batch is being ingested fires late by exactly the real time the ingest took: that
// lateness (a timer firing after its due time) is the poll delay beyond the interval. Every second of
// simulated time an agent's keystroke reads the first queue page (queue.list, the real handler on the
// same database): its real duration, p99 during the spike.
// Figures: spike_messages, spike_polls (of the 49 others), spike_poll_delay_max_ms, spike_poll_delay_p99_ms,
// spike_polls_missed (a poll late by a whole interval or more: must be 0), spike_queue_p99_ms (goal < 16.7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../../electron/core/index';
import { allConnectors } from '../../electron/core/connectors/registry';
import type { Connector, NormalizedItem, PollResult } from '../../electron/core/connectors/types';
import { createSyncScheduler, type Timers } from '../../electron/core/domains/sources/sync';
import { createEventBus } from '../../electron/core/events';
import type { SecretStore } from '../../electron/core/ports';
import { silentLogger } from '../../electron/core/ports';
import { contractCall } from './contract';

const PAGE = 100;

const memorySecrets = (): SecretStore => {
  const m = new Map<string, string>();
  return {
    backend: 'memory',
    get: (r) => m.get(r) ?? null,
    set: (r, v) => void m.set(r, v),
    delete: (r) => void m.delete(r),
  };
};

/** Simulated time that skips idle periods and runs at real speed while work is done. */
export function simulatedTime(start: number) {
  let virt = start;
  let last = performance.now();
  const sync = () => {
    const r = performance.now();
    virt += r - last;
    last = r;
  };
  type T = { due: number; fn: () => void; seq: number };
  const queue: T[] = [];
  let seq = 0;
  const timers: Timers = {
    set(fn, ms) {
      sync();
      const t: T = { due: virt + Math.max(0, ms), fn, seq: seq++ };
      queue.push(t);
      return t;
    },
    clear(h) {
      const i = queue.indexOf(h as T);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  return {
    clock: {
      now: () => {
        sync();
        return Math.floor(virt);
      },
    },
    timers,
    /** Fires the next due timer (jumping over idle time); returns false when none is left before `until`. */
    async step(until: number): Promise<{ fired: boolean; late: number }> {
      if (queue.length === 0) return { fired: false, late: 0 };
      queue.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const t = queue[0]!;
      if (t.due > until) return { fired: false, late: 0 };
      queue.shift();
      sync();
      if (t.due > virt) {
        virt = t.due; // nothing runs until then: skip the idle time
        last = performance.now();
      }
      const late = virt - t.due;
      t.fn();
      // Let the poll (an async function whose platform answers at once) run to its commit.
      await new Promise((r) => setImmediate(r));
      return { fired: true, late };
    },
    now: () => {
      sync();
      return virt;
    },
    jump(to: number) {
      sync();
      if (to > virt) {
        virt = to;
        last = performance.now();
      }
    },
  };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export async function loadHarness(o: {
  spikeMessages: number;
  spikeMs: number;
  otherSources: number;
  pollIntervalMs: number;
  log: (m: string) => void;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-load-'));
  const start = Date.parse('2026-11-18T09:00:00Z');
  const time = simulatedTime(start);
  const core = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets: memorySecrets(),
    clock: time.clock,
    agent: { name: 'Load', email: 'load@example.test' },
    backups: false,
  });
  const call = contractCall((m, i) => core.dispatch(m, i), 'load');
  try {
    // 1 + otherSources clients, one source each.
    const sources: number[] = [];
    for (let i = 0; i <= o.otherSources; i++) {
      const c = await call<{ id: number }>('clients.create', {
        name: `Client ${i}`,
        timezone: 'Europe/Copenhagen',
      });
      sources.push(
        core.internals.repos.sources.insert(
          {
            clientId: c.id,
            platform: 'load',
            name: `Community ${i}`,
            baseUrl: 'http://127.0.0.1:9',
            config: {},
            secretRef: null,
          },
          start,
        ).id,
      );
    }
    const spikeSource = sources[0]!;
    const t0 = start + 5_000; // the spike starts 5 s in
    const end = t0 + o.spikeMs;
    // What each platform holds by time t: message n of the spike arrives at t0 + n * spikeMs / spikeMessages.
    const spikeArrived = (t: number) =>
      Math.max(0, Math.min(o.spikeMessages, Math.floor(((t - t0) * o.spikeMessages) / o.spikeMs)));
    // The others: one message every 20 s each, staggered.
    const otherArrived = (i: number, t: number) =>
      Math.max(0, Math.floor((t - start + i * 397) / 20_000));
    const item = (source: number, n: number, at: number): NormalizedItem => {
      // The spike: a new topic every 5 messages, then 4 replies in it (10,000 topics for 50,000 messages).
      const topic = source === spikeSource ? Math.floor(n / 5) : n;
      return {
        conversation: {
          externalId: `s${source}-t${topic}`,
          title: `Topic ${topic} of community ${source}`,
          url: null,
          createdAt: at,
          kind: 'topic',
        },
        member: {
          externalId: `m${n % 997}`,
          username: `member${n % 997}`,
          displayName: `Member ${n % 997}`,
          avatarUrl: null,
          isStaff: false,
        },
        message: {
          externalId: `s${source}-p${n}`,
          bodyHtml: `<p>Message ${n}: is this thing on? Everyone is talking about it.</p>`,
          bodyText: `Message ${n}: is this thing on? Everyone is talking about it.`,
          createdAt: at,
          editedAt: null,
          version: 1,
          deleted: false,
        },
      };
    };
    const template = allConnectors()[0]!;
    const connector: Connector = {
      ...template,
      platform: 'load',
      subscribe: undefined,
      async poll(ctx, cursor): Promise<PollResult> {
        const from = typeof cursor === 'number' ? cursor : 0;
        const now = time.now();
        const i = sources.indexOf(ctx.sourceId);
        const have = ctx.sourceId === spikeSource ? spikeArrived(now) : otherArrived(i, now);
        const to = Math.min(have, from + PAGE);
        const items: NormalizedItem[] = [];
        for (let n = from; n < to; n++) items.push(item(ctx.sourceId, n, Math.floor(now)));
        return { items, rejected: [], cursor: to, more: to < have };
      },
    };
    const sync = createSyncScheduler({
      db: core.internals.db,
      sources: core.internals.repos.sources,
      ingester: core.internals.ingester,
      secrets: memorySecrets(),
      http: () => Promise.reject(new Error('no network in the load harness')),
      clock: time.clock,
      logger: silentLogger,
      bus: createEventBus(),
      pollIntervalMs: o.pollIntervalMs,
      timers: time.timers,
      connectorFor: () => connector,
    });
    sync.start(); // first poll of every source now
    await new Promise((r) => setImmediate(r));
    const delays: number[] = [];
    let missed = 0;
    const queueMs: number[] = [];
    let nextKey = t0;
    let spikePolls = 0;
    const spikePollMs: number[] = [];
    const otherPollMs: number[] = [];
    // Which source a fired timer polled: the connector sees ctx.sourceId.
    const polled: number[] = [];
    const realPoll = connector.poll.bind(connector);
    connector.poll = (ctx, cursor) => {
      polled.push(ctx.sourceId);
      return realPoll(ctx, cursor);
    };
    const spikeCursor = () => core.internals.repos.sources.record(spikeSource)?.cursor;
    // Until the spike is over and its source has caught up with it.
    while (time.now() < end || spikeCursor() !== o.spikeMessages) {
      if (time.now() > end + 10 * o.pollIntervalMs)
        throw new Error('load harness: the spike source never caught up');
      // A keystroke every simulated second during the spike: the first queue page.
      if (time.now() >= nextKey) {
        if (time.now() > end) {
          nextKey = Infinity;
          continue;
        }
        const a = performance.now();
        await call('queue.list', { limit: 50 });
        queueMs.push(performance.now() - a);
        nextKey += 1000;
        continue;
      }
      polled.length = 0;
      const a = performance.now();
      const s = await time.step(nextKey);
      const took = performance.now() - a;
      if (!s.fired) {
        time.jump(nextKey);
        continue;
      }
      for (const id of polled) {
        if (id === spikeSource) {
          spikePolls++;
          spikePollMs.push(took);
          continue;
        }
        otherPollMs.push(took);
        if (time.now() < t0) continue;
        delays.push(s.late);
        if (s.late >= o.pollIntervalMs) missed++;
      }
    }
    await sync.shutdown();
    const stored = (
      core.internals.db
        .prepare('SELECT count(*) AS n FROM messages WHERE source_id = ?')
        .get(spikeSource) as { n: number }
    ).n;
    const figures = {
      spike_messages: stored,
      spike_polls: spikePolls,
      spike_other_polls: delays.length,
      spike_poll_delay_max_ms: Math.round(Math.max(0, ...delays)),
      spike_poll_delay_p99_ms: Math.round(pct(delays, 99)),
      spike_polls_missed: missed,
      spike_poll_ms_max: Math.round(Math.max(0, ...spikePollMs)),
      spike_other_poll_ms_p50: Number(pct(otherPollMs, 50).toFixed(2)),
      spike_queue_reads: queueMs.length,
      spike_queue_p99_ms: Number(pct(queueMs, 99).toFixed(2)),
    };
    o.log(
      `load: ${stored} spike messages stored in ${spikePolls} polls; ${delays.length} polls of ${o.otherSources} other sources, ` +
        `max ${figures.spike_poll_delay_max_ms} ms late; queue page p99 ${figures.spike_queue_p99_ms} ms`,
    );
    return figures;
  } finally {
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
