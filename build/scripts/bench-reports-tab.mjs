// `npm run bench:reports-tab`: builds browser mode (server + renderer), bundles build/bench/reportsTabOnly.ts
// and runs it on Node 22: `reports_tab_ms`, the Reports tab in Chromium (default: 1,000,000 messages).
import { buildBrowserMode, root, runEntry } from './runEntry.mjs';

buildBrowserMode();
await runEntry('build/bench/reportsTabOnly.ts', 'dist/bench/reportsTabOnly.mjs', {
  nodeArgs: ['--max-old-space-size=8192'],
  cwd: root,
});
