// `npm run bench [-- --messages N]`: bundles build/bench/main.ts (storage, queue, search, SLA) and
// build/bench/voice.ts (brand-guideline lint and the `#` picker) with esbuild and runs both on
// Node 22. The storage benchmark's output streams through; its last line, one JSON object, is
// printed with the voice figures (lint_p95_ms, canned_search_p95_ms, …) merged in.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = (name) => ({ entryPoints: [join(root, `build/bench/${name}.ts`)], bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', outfile: join(root, `dist/bench/${name}.mjs`), logLevel: 'warning' });
await Promise.all([build(bundle('main')), build(bundle('voice'))]);

// Voice first (seconds): its last stdout line is its JSON.
const voice = spawnSync(process.execPath, [join(root, 'dist/bench/voice.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (voice.status !== 0) process.exit(voice.status ?? 1);
const voiceFigures = JSON.parse(voice.stdout.trim().split('\n').pop());

const child = spawn(process.execPath, ['--max-old-space-size=8192', join(root, 'dist/bench/main.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let last = null;
for await (const line of createInterface({ input: child.stdout })) {
  if (last !== null) console.log(last);
  last = line;
}
const code = await new Promise((ok) => (child.exitCode !== null ? ok(child.exitCode) : child.on('exit', ok)));
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
