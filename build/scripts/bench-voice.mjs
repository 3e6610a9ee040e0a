// `npm run bench:voice [-- --runs N]`: bundles build/bench/voice.ts with esbuild (as bench.mjs does
// for the storage benchmark) and runs it on Node 22; the last line is one JSON object.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'dist/bench/voice.mjs');
await build({
  entryPoints: [join(root, 'build/bench/voice.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
