// `npm run bench [-- --messages N]`: builds browser mode (dist/server, dist/renderer: the hosts'
// figures start the real server and open it in Chromium), bundles build/bench/main.ts and the
// benchmark's core worker with esbuild, and runs it on Node 22.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--no-main', '--skip-renderer-if-fresh'], { stdio: 'inherit', cwd: root });
if (b.status !== 0) process.exit(b.status ?? 1);
const outfile = join(root, 'dist/bench/main.mjs');
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' };
await build({ ...common, entryPoints: [join(root, 'build/bench/main.ts')], outfile });
await build({ ...common, entryPoints: [join(root, 'build/bench/benchCoreWorker.ts')], outfile: join(root, 'dist/bench/benchCoreWorker.mjs') });
const r = spawnSync(process.execPath, ['--max-old-space-size=8192', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
