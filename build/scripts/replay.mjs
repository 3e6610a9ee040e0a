// `npm run replay -- --platform <id> <file>...`: bundles build/replay/main.ts with esbuild and runs it
// on Node 22 (see the entry for what it prints).
import { runEntry } from './runEntry.mjs';

await runEntry('build/replay/main.ts', 'dist/replay/main.mjs');
