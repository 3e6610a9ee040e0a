// `npm run serve -- --data <dir> --port <n>`: build, then run Steward's browser mode (the core in
// plain Node behind a local HTTP server on 127.0.0.1). Prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
if (!process.env.STEWARD_SKIP_BUILD) {
  const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--no-main'], {
    stdio: 'inherit',
    cwd: root,
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const entry = join(root, 'dist/server/index.mjs');
if (!existsSync(entry)) {
  console.error('Steward: dist/server/index.mjs is missing; run `npm run build` first.');
  process.exit(1);
}
const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', cwd: root });
const forward = (sig) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code) => process.exit(code ?? 0));
