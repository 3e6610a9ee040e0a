// build/bench: the hosts' figures for `npm run bench`, on the data folder the storage benchmark
// filled (N messages, 50 clients):
// - cold_start_ms: the built browser-mode server (dist/server/index.mjs) started on that folder
//   until Chromium has painted the first queue page (after one unmeasured start that creates the
//   settings, key file and agent, as any earlier launch would have);
// - reports_tab_ms: the Reports tab for one client and one month, selection to paint (reportsTab.ts);
// - queue_page_idle_p99_ms / queue_page_during_ingest_p99_ms: the renderer's first queue page
//   (POST /rpc/queue.list, limit 200) over the real HTTP transport once every 50 ms, by a probe in
//   its own thread, with the core idle and then while a catch-up of `catchUp` messages for one
//   client ingests in poll-sized batches of 250 inside the same (writer) core;
// - max_event_loop_block_ms: the host thread's longest event-loop stall over both phases
//   (perf_hooks.monitorEventLoopDelay, 1 ms resolution). The host of these figures runs in a child
//   process that is a host and nothing else (catchUp.ts, catchUpMain.ts), like `npm run serve`;
// - the same during-ingest figures with the core in-process on the host's thread (`_inproc_`),
//   i.e. the architecture before the core moved off the UI thread, for comparison.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Browser } from '@playwright/test';
import { launchChromium } from '../chromium';
import { createCore } from '../../electron/core/index';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { startHttpHost } from '../../electron/server/httpHost';
import { BATCH, r2, sleep, startProbe, TOKEN } from './catchUp';
import { percentile } from './data';
import { reportsTabBench } from './reportsTab';
import { settleOnDisk } from './settle';

/** The catch-up figures from a host process of their own (dist/bench/catchUpMain.mjs). */
function catchUpInChild(o: {
  root: string;
  dataDir: string;
  catchUp: number;
  log: (m: string) => void;
}): Promise<Record<string, number>> {
  const child = spawn(
    process.execPath,
    [
      join(o.root, 'dist/bench/catchUpMain.mjs'),
      JSON.stringify({ dataDir: o.dataDir, catchUp: o.catchUp, root: o.root }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) o.log(line);
  });
  return new Promise((ok, fail) =>
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return fail(new Error(`catch-up host exited ${code}: ${last.slice(0, 300)}`));
      ok(JSON.parse(last) as Record<string, number>);
    }),
  );
}

/** The architecture before: the core in-process on the HTTP host's thread, same catch-up. */
async function inProcessRun(o: { dataDir: string; catchUp: number; log: (m: string) => void }) {
  const core = await createCore({
    dataDir: o.dataDir,
    mode: 'browser',
    secrets: createKeyFileSecretStore(o.dataDir),
    pollIntervalMs: 3_600_000,
  });
  await core.start();
  const host = await startHttpHost({
    dispatch: core.dispatch,
    onEvent: core.onEvent,
    token: TOKEN,
  });
  const source = core.internals.repos.sources.list()[0]!;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const probe = startProbe(host.url);
  await sleep(500);
  loop.enable();
  probe.phase('ingest');
  const { generator } = await import('./data');
  const gen = generator({
    clients: 1,
    perConversation: 5,
    seed: 98,
    start: Date.now() - o.catchUp * 1000,
  });
  for (let done = 0; done < o.catchUp; done += BATCH) {
    const items = gen.batch(Math.min(BATCH, o.catchUp - done)).map(({ item }) => ({
      ...item,
      conversation: { ...item.conversation, externalId: `ci${item.conversation.externalId}` },
      message: { ...item.message, externalId: `ci${item.message.externalId}` },
    }));
    core.internals.ingester.ingest(
      { id: source.id, clientId: source.clientId },
      items,
      [],
      Date.now(),
    );
    await new Promise((r) => setImmediate(r));
  }
  probe.phase(null);
  const lat = await probe.stop();
  loop.disable();
  await host.close();
  await core.stop();
  return {
    queue_page_during_ingest_inproc_p99_ms: r2(percentile(lat.ingest!, 0.99)),
    queue_page_during_ingest_inproc_max_ms: r2(Math.max(...lat.ingest!)),
    max_event_loop_block_inproc_ms: r2(loop.max / 1e6),
  };
}

/** Spawn the built server on dataDir, open it in Chromium, wait for the first queue row to be painted. */
async function coldStartRun(o: {
  dataDir: string;
  serverEntry: string;
  browser: Browser;
  log?: (m: string) => void;
}): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      o.serverEntry,
      '--data',
      o.dataDir,
      '--port',
      '0',
      '--no-demo',
      '--quiet',
      '--agent',
      'Bench Agent <bench@example.test>',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = out.match(/Open: (\S+)/);
        if (m) ok(m[1]!);
      });
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      child.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
    });
    const listening = performance.now() - t0;
    const page = await o.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const loaded = performance.now() - t0;
    await page.waitForSelector('[data-testid="queue-row"]', { timeout: 120_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const ms = performance.now() - t0;
    if (process.env.STEWARD_BENCH_TRACE)
      o.log?.(
        await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map(
              (e) =>
                `${e.name.replace(/^.*\/(rpc\/)?/, '').slice(0, 40)} @${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`,
            )
            .join('\n'),
        ),
      );
    o.log?.(
      `cold start phases: server listening ${listening.toFixed(0)} ms, page loaded ${loaded.toFixed(0)} ms, first row painted ${ms.toFixed(0)} ms`,
    );
    await page.close();
    return ms;
  } finally {
    await new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  }
}

export async function hostBenches(o: {
  dataDir: string;
  root: string;
  catchUp: number;
  inproc: boolean;
  /** Run the cold start / the catch-up part (default both). */
  cold?: boolean;
  catchUpRun?: boolean;
  log: (m: string) => void;
}): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  settleOnDisk(join(o.dataDir, 'steward.db'));
  const serverEntry = join(o.root, 'dist/server/index.mjs');
  if (o.cold === false) {
    // skipped on request (`--only-hosts --no-cold`)
  } else if (existsSync(serverEntry) && existsSync(join(o.root, 'dist/renderer/index.html'))) {
    const browser = await launchChromium();
    try {
      const first = await coldStartRun({ dataDir: o.dataDir, serverEntry, browser });
      o.log(
        `cold start: first launch on the folder ${first.toFixed(0)} ms (creates settings and key file; not the figure)`,
      );
      const runs = [];
      for (let i = 0; i < 3; i++)
        runs.push(await coldStartRun({ dataDir: o.dataDir, serverEntry, browser, log: o.log }));
      o.log(`cold start: ${runs.map((x) => x.toFixed(0)).join(', ')} ms`);
      out.cold_start_ms = Math.round(percentile(runs, 0.5));
      out.cold_start_max_ms = Math.round(Math.max(...runs));
      // The Reports tab for one client and one month of this data (build/bench/data.ts: January 2026).
      Object.assign(
        out,
        await reportsTabBench({
          browser,
          serverEntry,
          dataDir: o.dataDir,
          month: '2026-01',
          log: o.log,
        }),
      );
    } finally {
      await browser.close();
    }
  } else {
    o.log('cold start skipped: dist/server or dist/renderer missing (npm run build)');
    out.cold_start_ms = null;
    out.reports_tab_ms = null;
  }
  if (o.catchUpRun === false) return out;
  Object.assign(
    out,
    await catchUpInChild({ root: o.root, dataDir: o.dataDir, catchUp: o.catchUp, log: o.log }),
  );
  if (o.inproc)
    Object.assign(out, await inProcessRun({ dataDir: o.dataDir, catchUp: o.catchUp, log: o.log }));
  return out;
}
