// `npm run report -- --data <dir> --client <name> --month YYYY-MM [--lang en|da|ru] [--paper a4|letter] --out <file.pdf>`:
// bundles build/report/main.ts with esbuild and runs it on Node 22 (see the entry for exit codes).
import { runEntry } from './runEntry.mjs';

await runEntry('build/report/main.ts', 'dist/report/main.mjs');
