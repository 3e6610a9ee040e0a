// `npm run dev`: development in browser mode. One command runs
//   - the core host (electron/server) from an esbuild watch build, restarted after every rebuild of the
//     core, shared/ or the server (same bundle options as build.mjs), on 127.0.0.1:STEWARD_PORT (4317);
//   - vite's dev server with hot reload for the renderer on 127.0.0.1:STEWARD_DEV_PORT (5173), proxying
//     /rpc and /events to the core host (build/vite.config.ts).
// The per-launch token is made here and given to every restarted host, so an open page keeps working.
// Arguments go to the host: `npm run dev -- --data <dir> --no-demo`. Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corePort = Number(process.env.STEWARD_PORT ?? 4317);
const devPort = Number(process.env.STEWARD_DEV_PORT ?? 5173);
process.env.STEWARD_PORT = String(corePort); // read by build/vite.config.ts for the proxy
process.env.STEWARD_DEV_PORT = String(devPort);
const token = process.env.STEWARD_TOKEN ?? randomBytes(24).toString('base64url');
const hostArgs = ['--port', String(corePort), ...process.argv.slice(2)];
// Same folder depth as dist/server/index.mjs, so the host finds the repository root the same way.
const outfile = join(root, 'dist', 'dev', 'server.mjs');
const say = (m) => console.log(`[dev] ${m}`);

let child = null;
let stopping = false;

/** Stops the running host (SIGTERM: it closes the HTTP server and the core), SIGKILL after 5 s. */
function stopHost() {
  const c = child;
  child = null;
  if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => c.kill('SIGKILL'), 5000);
    c.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    c.kill('SIGTERM');
  });
}

function startHost() {
  const c = spawn(process.execPath, ['--enable-source-maps', outfile, ...hostArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STEWARD_TOKEN: token },
    // Its own process group: Ctrl+C reaches only this script, which then stops the host exactly once.
    detached: true,
  });
  c.on('exit', (code, signal) => {
    if (child === c && !stopping)
      say(`core host exited (${signal ?? code}); it restarts after the next change`);
  });
  child = c;
}

// Rebuilds arrive one at a time; a restart waits for the previous host to be gone (the port is free).
let restarting = Promise.resolve();
const restartPlugin = {
  name: 'restart-host',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) {
        say('core build failed; the running host is unchanged');
        return;
      }
      restarting = restarting.then(async () => {
        if (stopping) return;
        const first = child === null;
        await stopHost();
        startHost();
        say(first ? 'core host started' : 'core rebuilt; host restarted');
      });
    });
  },
};

// The host, its core worker, the demo room and its simulator worker, side by side as in dist/server.
const core = await context({
  absWorkingDir: root,
  entryPoints: {
    server: 'electron/server/main.ts',
    coreWorker: 'electron/server/coreWorker.ts',
    demo: 'electron/demo/index.ts',
    'demo-simulators': 'electron/demo/simulators/worker.ts',
  },
  outdir: dirname(outfile),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [restartPlugin],
});
await core.watch();

const vite = await createServer({ configFile: join(root, 'build/vite.config.ts') });
await vite.listen();
say(`renderer with hot reload: http://127.0.0.1:${devPort}/?token=${token}`);

async function shutdown() {
  if (stopping) return;
  stopping = true;
  await core.dispose();
  await vite.close();
  await restarting;
  await stopHost();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.on('exit', () => child?.kill('SIGTERM')); // whatever ends this script ends the host too
