// `npm run build`: the renderer with vite (dist/renderer), and with esbuild the Electron main
// (dist/electron/main.cjs), the sandboxed preload (dist/electron/preload.cjs) and the browser-mode
// server (dist/server/index.mjs).
//   --no-main      skip Electron main and preload (browser mode only)
//   --node-only    skip the renderer
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const t0 = Date.now();
const step = (m) => console.log(`[build] ${m}`);

if (!args.has('--node-only')) {
  step('renderer (vite)');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'build/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
step('server (esbuild)');
await build({ ...common, entryPoints: ['electron/server/main.ts'], format: 'esm', outfile: 'dist/server/index.mjs', packages: 'external' });

if (!args.has('--no-main')) {
  if (existsSync(join(root, 'electron/main/index.ts'))) {
    step('electron main (esbuild)');
    await build({ ...common, entryPoints: ['electron/main/index.ts'], format: 'cjs', outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3'] });
  }
  if (existsSync(join(root, 'electron/preload/index.ts'))) {
    step('electron preload (esbuild)');
    await build({ ...common, entryPoints: ['electron/preload/index.ts'], format: 'cjs', outfile: 'dist/electron/preload.cjs', external: ['electron'], platform: 'node' });
  }
}
step(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
