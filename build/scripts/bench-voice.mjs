// `npm run bench:voice [-- --runs N]`: bundles build/bench/voice.ts with esbuild (as bench.mjs does
// for the storage benchmark) and runs it on Node 22; the last line is one JSON object.
import { root, runEntry } from './runEntry.mjs';

await runEntry('build/bench/voice.ts', 'dist/bench/voice.mjs', { cwd: root });
