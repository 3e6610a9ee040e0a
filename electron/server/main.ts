// electron/server: entry point of browser mode (`npm run serve -- --data <dir> --port <n>`).
// The HTTP host stays on this thread; the core runs in a worker thread (dist/server/coreWorker.mjs)
// with reader workers beside it (electron/host/coreClient.ts), restarted if it dies. The demo room
// (electron/demo, its simulators in a worker of their own) drives the demo workspace through the
// contract. Serves the built renderer on 127.0.0.1 and prints the URL (with the per-launch token).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../core/logging/logger';
import { silentLogger } from '../core/ports';
import type * as DemoRoom from '../demo';
import { createCoreClient } from '../host/coreClient';
import { enableCompileCache } from '../host/compileCache';
import { workerSpawner } from '../host/workerChannel';
import { startHttpHost } from './httpHost';

async function main() {
  enableCompileCache(); // before any core worker starts (see electron/host/compileCache.ts)
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'no-demo': { type: 'boolean' },
      'demo-traffic-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      /** `--agent "Name <email>"`: the current agent for a scripted start (else chosen in the app). */
      agent: { type: 'string' },
      /** Reader workers beside the writer (default 1 on 2 cores). */
      readers: { type: 'string' },
    },
    allowPositionals: true,
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..', '..');
  const dataDir = resolve(values.data ?? process.env.STEWARD_DATA ?? join(root, '.data'));
  const port = Number(values.port ?? process.env.STEWARD_PORT ?? 4317);
  const logger = createLogger({ name: 'steward' });
  const trafficMs =
    values['demo-traffic-ms'] !== undefined ? Number(values['demo-traffic-ms']) : undefined;
  const agentArg = values.agent ?? process.env.STEWARD_AGENT;
  let agent: { name: string; email: string } | undefined;
  if (agentArg) {
    const m = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(agentArg);
    if (!m) throw new Error(`--agent: expected "Name <email>", got "${agentArg.slice(0, 100)}"`);
    agent = { name: m[1]!, email: m[2]! };
  }
  const core = createCoreClient({
    spawn: workerSpawner(new URL('./coreWorker.mjs', import.meta.url)),
    options: { dataDir, mode: 'browser', agent },
    // The worker opens the owner-only key-file store in the data folder itself (and hands every
    // secret it touches to this logger for redaction).
    secrets: () => ({ kind: 'keyfile', dir: dataDir }),
    readers: values.readers !== undefined ? Number(values.readers) : undefined,
    logger: values.quiet ? silentLogger : logger,
  });
  const token = process.env.STEWARD_TOKEN ?? randomBytes(24).toString('base64url');
  logger.registerSecret(token); // printed once below for the user, never logged
  const staticDir = join(root, 'dist', 'renderer');
  const host = await startHttpHost({
    dispatch: core.dispatch,
    dispatchJson: core.dispatchJson,
    onEvent: core.onEvent,
    token,
    port,
    staticDir: existsSync(staticDir) ? staticDir : undefined,
    logger,
  });
  // The demo room is a bundle of its own beside this one (dist/server/demo.mjs, with the mail
  // libraries its simulators use), loaded only for the demo workspace, not for `--no-demo`.
  const startDemoRoom = async () => {
    try {
      const { demoWorkerFile, startDemo } = (await import(
        new URL('./demo.mjs', import.meta.url).href
      )) as typeof DemoRoom;
      return await startDemo({
        dataDir,
        dispatch: core.dispatch,
        logger,
        trafficMs: trafficMs ?? 5000,
        simulatorWorker: demoWorkerFile(here),
      });
    } catch (err: unknown) {
      logger.warn('demo could not start', {
        error: String((err as Error)?.message ?? err).slice(0, 300),
      });
      return null;
    }
  };
  const url = `${host.url}/?token=${token}`;
  let demo: Awaited<ReturnType<typeof startDemoRoom>> = null;
  if (values['no-demo']) {
    // The page can load while the core opens the database: calls wait for the writer (up to 15 s).
    console.log(`Steward is running in browser mode. Open: ${url}`);
    await core.start();
  } else {
    // The demo (outside the core) seeds and drives the demo workspace through the contract; the URL
    // is printed once the workspace is there, so the first page shows it.
    await core.start();
    demo = await startDemoRoom();
    console.log(`Steward is running in browser mode. Open: ${url}`);
  }
  const shutdown = async () => {
    await host.close();
    await demo?.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(`Steward could not start: ${(err as Error).message}`);
  process.exit(1);
});
