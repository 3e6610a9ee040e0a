// `npm run bench:reports-tab`: builds browser mode (server + renderer), bundles build/bench/reportsTabOnly.ts
// and runs it on Node 22: `reports_tab_ms`, the Reports tab in Chromium (default: 1,000,000 messages).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--no-main'], {
  stdio: 'inherit',
  cwd: root,
});
if (b.status !== 0) process.exit(b.status ?? 1);
const outfile = join(root, 'dist/bench/reportsTabOnly.mjs');
await build({
  entryPoints: [join(root, 'build/bench/reportsTabOnly.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const r = spawnSync(
  process.execPath,
  ['--max-old-space-size=8192', outfile, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 1);
