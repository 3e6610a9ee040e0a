// `npm run bench:reports [-- --messages N --clients N --data DIR --runs N]`: bundles build/bench/reports.ts
// with esbuild and runs it on Node 22 (reports.kpis at 1M cached messages; see the file's header).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
await build({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
  entryPoints: [join(root, 'build/bench/reports.ts')],
  outfile: join(root, 'dist/bench/reports.mjs'),
});
const r = spawnSync(
  process.execPath,
  [join(root, 'dist/bench/reports.mjs'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 1);
