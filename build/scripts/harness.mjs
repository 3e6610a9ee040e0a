// `npm run harness [-- --quick] [--only crash,...]`: bundles build/harness (and the crash child) with
// esbuild and runs it on Node 22; the last line is one JSON object of figures.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (Number(process.versions.napi) < 10) {
  console.error(
    `npm run harness needs Node >= 22 (better-sqlite3 13), got ${process.version}: run it through npm`,
  );
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = (f) => join(root, 'dist/harness', f);
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(root, 'build/harness/main.ts')],
  outfile: out('main.mjs'),
});
await build({
  ...common,
  entryPoints: [join(root, 'build/harness/crashChild.ts')],
  outfile: out('crashChild.mjs'),
});
// The XSS part renders through the built renderer and browser-mode server: build them from the
// current sources first (a stale dist would test old code).
const onlyIdx = process.argv.indexOf('--only');
const parts = onlyIdx > 0 ? process.argv[onlyIdx + 1].split(',') : null;
if (!parts || parts.includes('xss')) {
  const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--no-main'], {
    stdio: ['ignore', 2, 2],
    cwd: root,
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(
  process.execPath,
  [out('main.mjs'), '--child-bundle', out('crashChild.mjs'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
