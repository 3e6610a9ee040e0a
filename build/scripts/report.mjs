// `npm run report -- --data <dir> --client <name> --month YYYY-MM [--lang en|da|ru] [--paper a4|letter] --out <file.pdf>`:
// bundles build/report/main.ts with esbuild and runs it on Node 22 (see the entry for exit codes).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'dist/report/main.mjs');
await build({
  entryPoints: [join(root, 'build/report/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
