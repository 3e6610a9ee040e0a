// `npm run bench [-- --messages N]`: bundles build/bench/main.ts with esbuild and runs it on Node 22.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'dist/bench/main.mjs');
await build({ entryPoints: [join(root, 'build/bench/main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', outfile, logLevel: 'warning' });
const r = spawnSync(process.execPath, ['--max-old-space-size=8192', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
