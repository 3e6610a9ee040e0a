// The demo's simulators in a worker thread, as the hosts run them: the worker entry is bundled the way
// build/scripts/build.mjs bundles it for the desktop (CJS, dependencies inside), started by startDemo
// with `simulatorWorker`, and the workspace it serves is polled by a real core on this thread.
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../electron/demo';
import { silentLogger } from '../../../electron/core/ports';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let core: TestCore | null = null;
let demo: Demo | null = null;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await demo?.close();
  await core?.stop();
  for (const c of cleanups.splice(0)) c();
});

it(
  'runs the simulators in a worker thread and the core polls them',
  { timeout: 60_000 },
  async () => {
    const out = tempDir('steward-demo-worker-');
    cleanups.push(out.cleanup);
    const workerFile = join(out.dir, 'demo-simulators.cjs');
    await build({
      entryPoints: ['electron/demo/simulators/worker.ts'],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      outfile: workerFile,
      logLevel: 'error',
    });
    const t = tempDir();
    cleanups.push(t.cleanup);
    core = await makeCore({ dir: t.dir });
    let now = Date.parse('2026-11-24T13:00:00Z');
    demo = (await startDemo({
      dataDir: t.dir,
      dispatch: core.dispatch,
      logger: silentLogger,
      trafficMs: 0,
      seed: 11,
      simulatorWorker: workerFile,
      clock: { now: () => now },
    }))!;
    const sources = await core.call('sources.list', {});
    expect(sources).toHaveLength(8);
    for (const s of sources) await core.internals.sync.runOnce(s.id);
    const before = (
      await core.call('queue.list', { statuses: ['new', 'open', 'pending', 'solved'] })
    ).total;
    expect(before).toBeGreaterThan(20);
    // Member traffic is performed in the worker; the core sees it on the next poll.
    now += 10 * 60_000;
    const tick = await demo.tick();
    expect(tick.plan.member.filter((m) => m.kind === 'conversation').length).toBeGreaterThan(0);
    for (const s of sources) await core.internals.sync.runOnce(s.id);
    expect(
      (await core.call('queue.list', { statuses: ['new', 'open', 'pending', 'solved'] })).total,
    ).toBeGreaterThan(before);
    expect((await core.call('sources.list', {})).every((s) => s.health.status === 'ok')).toBe(true);
  },
);
