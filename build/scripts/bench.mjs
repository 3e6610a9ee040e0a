// `npm run bench [-- --messages N] [--time-entries N] [--only-export]`: bundles build/bench/main.ts
// and build/bench/export.ts with esbuild and runs them on Node 22. `--only-export` runs just the time
// export benchmark (export_1m_ms, export_peak_rss_mb).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = { bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' };
await build({ ...opts, entryPoints: [join(root, 'build/bench/main.ts')], outfile: join(root, 'dist/bench/main.mjs') });
await build({ ...opts, entryPoints: [join(root, 'build/bench/export.ts')], outfile: join(root, 'dist/bench/export.mjs') });
await build({ ...opts, entryPoints: [join(root, 'build/bench/exportOnly.ts')], outfile: join(root, 'dist/bench/exportOnly.mjs') });
const args = process.argv.slice(2);
const only = args.includes('--only-export');
const entry = only ? 'dist/bench/exportOnly.mjs' : 'dist/bench/main.mjs';
const r = spawnSync(process.execPath, ['--max-old-space-size=8192', join(root, entry), ...args.filter((a) => a !== '--only-export')], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
