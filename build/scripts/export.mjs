// `npm run export -- --data <dir> --client <name|all> --month YYYY-MM --format harvest|toggl|clockify|csv|xlsx --out <file>`:
// bundles build/export/main.ts with esbuild and runs it on Node 22 (see the entry for exit codes).
import { runEntry } from './runEntry.mjs';

await runEntry('build/export/main.ts', 'dist/export/main.mjs');
