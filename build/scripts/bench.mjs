// `npm run bench [-- --messages N] [--time-entries N] [--only-export]`: bundles build/bench/main.ts
// (storage, queue, search, SLA, and the time export: export_1m_ms, export_peak_rss_mb via
// build/bench/export.ts) and build/bench/voice.ts (brand-guideline lint and the `#` picker) with esbuild
// and runs them on Node 22. The storage benchmark's output streams through; its last line, one JSON
// object, is printed with the voice figures (lint_p95_ms, canned_search_p95_ms, …) merged in.
// `--only-export` runs just the time export benchmark; `--only-hosts --db <steward.db>` just the hosts'
// figures on a copy of that database (build/bench/hostsOnly.ts). It first builds browser mode (dist/server,
// dist/renderer): the hosts' figures start the real server and open it in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
};
const bundle = (name) =>
  build({
    ...opts,
    entryPoints: [join(root, `build/bench/${name}.ts`)],
    outfile: join(root, `dist/bench/${name}.mjs`),
  });
const b = spawnSync(
  process.execPath,
  [join(root, 'build/scripts/build.mjs'), '--no-main', '--skip-renderer-if-fresh'],
  { stdio: 'inherit', cwd: root },
);
if (b.status !== 0) process.exit(b.status ?? 1);
await Promise.all(
  [
    'main',
    'export',
    'exportGenerate',
    'exportOnly',
    'hostsOnly',
    'catchUpMain',
    'voice',
    'benchCoreWorker',
  ].map(bundle),
);
const args = process.argv.slice(2);

if (args.includes('--only-hosts')) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist/bench/hostsOnly.mjs'), ...args.filter((a) => a !== '--only-hosts')],
    { stdio: 'inherit', cwd: root },
  );
  process.exit(r.status ?? 1);
}

if (args.includes('--only-export')) {
  const r = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      join(root, 'dist/bench/exportOnly.mjs'),
      ...args.filter((a) => a !== '--only-export'),
    ],
    { stdio: 'inherit', cwd: root },
  );
  process.exit(r.status ?? 1);
}

// Voice first (seconds): its last stdout line is its JSON.
const voice = spawnSync(process.execPath, [join(root, 'dist/bench/voice.mjs')], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (voice.status !== 0) process.exit(voice.status ?? 1);
const voiceFigures = JSON.parse(voice.stdout.trim().split('\n').pop());

const child = spawn(
  process.execPath,
  ['--max-old-space-size=8192', join(root, 'dist/bench/main.mjs'), ...args],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let last = null;
for await (const line of createInterface({ input: child.stdout })) {
  if (last !== null) console.log(last);
  last = line;
}
const code = await new Promise((ok) =>
  child.exitCode !== null ? ok(child.exitCode) : child.on('exit', ok),
);
if (code !== 0 || last === null) {
  if (last !== null) console.log(last);
  process.exit(code || 1);
}
let main;
try {
  main = JSON.parse(last);
} catch {
  console.log(last);
  process.exit(1);
}
console.log(JSON.stringify({ ...main, ...voiceFigures }));
