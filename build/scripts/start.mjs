// `npm start`: build, then open the desktop app. Where no Electron binary is present and it cannot
// be downloaded (offline machines, CI), say so in one line and serve the same console in the
// browser instead. STEWARD_BROWSER=1 forces browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (b.status !== 0) process.exit(b.status ?? 1);

/** Path of a usable Electron binary, downloading it on first use where the network allows. */
function electronBinary() {
  if (process.env.STEWARD_BROWSER) return null;
  let pkg;
  try {
    pkg = require.resolve('electron/package.json');
  } catch {
    return null;
  }
  // Requiring `electron` triggers its lazy download when the binary is missing: do it in a child
  // with a time limit so an offline machine falls back quickly.
  const probe = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(dirname(pkg))}))`], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const bin = electronBinary();
if (bin) {
  const child = spawn(bin, [root, ...args], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not available (it could not be downloaded here) — serving Steward in your browser instead.');
  const child = spawn(process.execPath, [join(root, 'dist/server/index.mjs'), ...args], { stdio: 'inherit', cwd: root });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
