// `npm run bench:reports [-- --messages N --clients N --data DIR --runs N]`: bundles build/bench/reports.ts
// with esbuild and runs it on Node 22 (reports.kpis at 1M cached messages; see the file's header).
import { root, runEntry } from './runEntry.mjs';

await runEntry('build/bench/reports.ts', 'dist/bench/reports.mjs', { cwd: root });
