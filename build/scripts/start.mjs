// `npm start`: open the desktop app. First find a usable Electron binary (requiring the `electron`
// package downloads it on first use, so this runs in a child process with a time limit); then
// build and launch `electron .` (package.json "main" = dist/electron/main.cjs). Where no binary can
// be had (offline machines, CI here), say so in one line and run browser mode (serve.mjs, which
// builds what it needs and prints the URL). STEWARD_BROWSER=1 forces browser mode.
// Arguments pass through to either mode: `npm start -- --data <dir> --no-demo`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const PROBE_TIMEOUT_MS = Number(process.env.STEWARD_ELECTRON_TIMEOUT_MS ?? 60_000);

/** Resolves to the path of a usable Electron binary, or to { reason } when there is none. */
function findElectron() {
  if (process.env.STEWARD_BROWSER && process.env.STEWARD_BROWSER !== '0')
    return Promise.resolve({ reason: 'STEWARD_BROWSER is set' });
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return Promise.resolve({ reason: 'the electron package is not installed' });
  }
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['-e', `process.stdout.write('\\n@@' + require(${JSON.stringify(pkgDir)}))`],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // Offline, the download fails within a second; a real first download takes longer — say so once.
    const notice = setTimeout(
      () => console.log('Downloading the Electron binary (first start only)…'),
      3000,
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(notice);
      clearTimeout(timer);
      const path = out.split('\n@@').pop()?.trim() ?? '';
      if (code === 0 && path && existsSync(path)) return done({ path });
      if (signal)
        return done({
          reason: `the download did not finish within ${Math.round(PROBE_TIMEOUT_MS / 1000)} s`,
        });
      done({
        reason: /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(out)
          ? 'offline download failed'
          : 'it could not be installed',
      });
    });
  });
}

function run(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { stdio: 'inherit', cwd: root, env });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = await findElectron();
if (electron.path) {
  const b = spawnSync(
    process.execPath,
    [join(root, 'build/scripts/build.mjs'), '--skip-renderer-if-fresh'],
    { stdio: 'inherit', cwd: root },
  );
  if (b.status !== 0) process.exit(b.status ?? 1);
  // A shell inside VS Code or another Electron app may set this; it would start Electron as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, [root, ...args], env);
} else {
  console.log(
    `Electron binary not available (${electron.reason}) — serving Steward in your browser instead.`,
  );
  run(process.execPath, [join(root, 'build/scripts/serve.mjs'), ...args]);
}
