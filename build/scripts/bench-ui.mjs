// `npm run bench:ui`: builds the renderer, bundles build/bench/ui.ts and runs it on Node 22.
import { buildBrowserMode, root, runEntry } from './runEntry.mjs';

buildBrowserMode();
await runEntry('build/bench/ui.ts', 'dist/bench/ui.mjs', { cwd: root });
