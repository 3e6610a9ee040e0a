// electron/server: entry point of browser mode (`npm run serve -- --data <dir> --port <n>`).
// The HTTP host stays on this thread; the core runs in a worker thread (dist/server/coreWorker.mjs)
// with reader workers beside it (electron/host/coreClient.ts), restarted if it dies. Serves the
// built renderer on 127.0.0.1 and prints the URL (with the per-launch token) to open.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { consoleLogger, silentLogger } from '../core/ports';
import { createCoreClient } from '../host/coreClient';
import { workerSpawner } from '../host/workerChannel';
import { startHttpHost } from './httpHost';

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'no-demo': { type: 'boolean' },
      'demo-traffic-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      readers: { type: 'string' },
    },
    allowPositionals: true,
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..', '..');
  const dataDir = resolve(values.data ?? process.env.STEWARD_DATA ?? join(root, '.data'));
  const port = Number(values.port ?? process.env.STEWARD_PORT ?? 4317);
  const logger = consoleLogger('steward');
  const trafficMs = values['demo-traffic-ms'] !== undefined ? Number(values['demo-traffic-ms']) : undefined;
  const core = createCoreClient({
    spawn: workerSpawner(new URL('./coreWorker.mjs', import.meta.url)),
    options: { dataDir, mode: 'browser', demo: values['no-demo'] ? false : { trafficMs } },
    // The worker opens the owner-only key-file store in the data folder itself.
    secrets: () => ({ kind: 'keyfile', dir: dataDir }),
    readers: values.readers !== undefined ? Number(values.readers) : undefined,
    logger: values.quiet ? silentLogger : logger,
  });
  const token = process.env.STEWARD_TOKEN ?? randomBytes(24).toString('base64url');
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
  // The page can load while the core opens the database: calls wait for the writer (up to 15 s).
  console.log(`Steward is running in browser mode. Open: ${host.url}/?token=${token}`);
  await core.start();
  const shutdown = async () => {
    await host.close();
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
