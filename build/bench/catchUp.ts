// build/bench: the catch-up figures of the browser-mode host (queue_page_idle_* /
// queue_page_during_ingest_* / max_event_loop_block_ms, see hosts.ts), measured in a process of its
// own (catchUpMain.ts) that is a host and nothing else, as `npm run serve` is: the benchmark's own
// libraries (Playwright, the data generator) would otherwise sit in the measured thread's heap, and
// collecting them is not the host's work. The probe and the helpers are shared with hosts.ts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createCoreClient } from '../../electron/host/coreClient';
import type { CoreChannel } from '../../electron/host/protocol';
import { workerChannel } from '../../electron/host/workerChannel';
import { startHttpHost } from '../../electron/server/httpHost';
import type { Source } from '../../shared/domain/entities';
import { percentile } from './data';

export const TOKEN = 'bench-hosts-token-0123456789';
const FIRST_PAGE = { offset: 0, limit: 200, assignee: 'any' };
export const BATCH = 250;

// The latency probe: its own thread, so its HTTP client does not run on the host's event loop.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, body, everyMs } = workerData;
let phase = null;
const lat = {};
let running = true;
parentPort.on('message', (m) => {
  if (m.phase !== undefined) { phase = m.phase; if (phase) lat[phase] = lat[phase] || []; }
  if (m.stop) { running = false; parentPort.postMessage(lat); }
});
(async () => {
  while (running) {
    const t0 = performance.now();
    if (phase) {
      const res = await fetch(url + '/rpc/queue.list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Steward-Token': token }, body });
      const r = await res.json();
      if (!r.ok) throw new Error('queue.list failed: ' + JSON.stringify(r.error));
      if (phase) lat[phase].push(performance.now() - t0);
    }
    await new Promise((ok) => setTimeout(ok, Math.max(0, everyMs - (performance.now() - t0))));
  }
})();
`;

export function startProbe(url: string) {
  const w = new Worker(PROBE, {
    eval: true,
    workerData: { url, token: TOKEN, body: JSON.stringify(FIRST_PAGE), everyMs: 50 },
  });
  return {
    phase: (p: string | null) => w.postMessage({ phase: p }),
    async stop(): Promise<Record<string, number[]>> {
      const out = new Promise<Record<string, number[]>>((ok) => w.once('message', ok));
      w.postMessage({ stop: true });
      const lat = await out;
      await w.terminate();
      return lat;
    },
  };
}

export const r2 = (x: number) => Number(x.toFixed(2));
export const stats = (prefix: string, lat: number[]) => ({
  [`${prefix}_p50_ms`]: r2(percentile(lat, 0.5)),
  [`${prefix}_p99_ms`]: r2(percentile(lat, 0.99)),
  [`${prefix}_max_ms`]: r2(Math.max(...lat)),
  [`${prefix}_samples`]: lat.length,
});
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rpc<T>(url: string, method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Steward-Token': TOKEN },
    body: JSON.stringify(input),
  });
  const r = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value;
}

/** The host as browser mode runs it (core in worker threads), with the benchmark's worker entry. */
export async function workerHostRun(o: {
  dataDir: string;
  benchWorker: string;
  catchUp: number;
  idleMs: number;
  log: (m: string) => void;
}) {
  let writer: CoreChannel | null = null;
  const client = createCoreClient({
    spawn: (role, index) => {
      const ch = workerChannel(
        o.benchWorker,
        role === 'writer' ? 'steward-core' : `steward-reader-${index}`,
      );
      if (role === 'writer') writer = ch;
      return ch;
    },
    options: {
      dataDir: o.dataDir,
      mode: 'browser',
      pollIntervalMs: 3_600_000,
      agent: { name: 'Bench', email: 'bench@example.test' },
    },
    secrets: () => ({ kind: 'keyfile', dir: o.dataDir }),
  });
  await client.start();
  while (client.readersReady() === 0) await sleep(20);
  const host = await startHttpHost({
    dispatch: client.dispatch,
    dispatchJson: client.dispatchJson,
    onEvent: client.onEvent,
    token: TOKEN,
  });
  const source = (await rpc<Source[]>(host.url, 'sources.list'))[0]!;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // STEWARD_BENCH_TRACE=1: log every stall of the host thread over 12 ms, to match with --trace-gc.
  let last = performance.now();
  const gaps = process.env.STEWARD_BENCH_TRACE
    ? setInterval(() => {
        const now = performance.now();
        if (now - last > 13)
          o.log(`host stall ${(now - last - 1).toFixed(1)} ms at ${now.toFixed(0)}`);
        last = now;
      }, 1)
    : null;
  const probe = startProbe(host.url);
  probe.phase('idle');
  await sleep(o.idleMs);
  probe.phase('ingest');
  const done = new Promise<{ ms: number; maxBatchMs: number }>((ok) =>
    writer!.onMessage((m) => (m as unknown as { t: string }).t === 'bench.done' && ok(m as never)),
  );
  writer!.post({
    t: 'bench.ingest',
    sourceId: source.id,
    clientId: source.clientId,
    messages: o.catchUp,
    batch: BATCH,
    prefix: 'cw',
  } as never);
  const ingest = await done;
  probe.phase(null);
  const lat = await probe.stop();
  loop.disable();
  if (gaps) clearInterval(gaps);
  await host.close();
  await client.stop();
  o.log(
    `hosts (worker): ${o.catchUp} messages ingested in ${(ingest.ms / 1000).toFixed(1)} s while ${lat.ingest!.length} queue pages were fetched`,
  );
  return {
    ...stats('queue_page_idle', lat.idle!),
    ...stats('queue_page_during_ingest', lat.ingest!),
    max_event_loop_block_ms: r2(loop.max / 1e6),
    catch_up_messages: o.catchUp,
    catch_up_ingest_per_s: Math.round(o.catchUp / (ingest.ms / 1000)),
    catch_up_max_batch_ms: r2(ingest.maxBatchMs),
  };
}
