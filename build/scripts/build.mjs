// `npm run build`: the renderer with vite (dist/renderer), and with esbuild the Electron main
// (dist/electron/main.cjs), the core's utility-process entry (dist/electron/utilityCore.cjs), the
// sandboxed preload (dist/electron/preload.cjs), the browser-mode server (dist/server/index.mjs), its
// core worker entry (dist/server/coreWorker.mjs) and, next to each host, the demo's simulator worker
// (demo-simulators.*).
//   --node-only                skip the renderer (vite)
//   --no-main                  skip Electron main and preload (browser mode only)
//   --skip-renderer-if-fresh   skip vite when dist/renderer is newer than renderer/, shared/ and the vite config
//   --out <dir>                write the esbuild bundles under <dir> instead of dist/ (with --node-only; tests)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const outIndex = argv.indexOf('--out');
const outDir = outIndex >= 0 ? argv[outIndex + 1] : 'dist';
if (!outDir || (outDir !== 'dist' && !args.has('--node-only'))) {
  console.error(
    '[build] --out <dir> needs a folder and --node-only (vite always writes dist/renderer)',
  );
  process.exit(2);
}
const out = (p) => join(outDir, p);
const t0 = Date.now();
const step = (m) => console.log(`[build] ${m}`);
const kb = (file) =>
  `${Math.round(statSync(isAbsolute(file) ? file : join(root, file)).size / 1024)} kB`;

/** Newest mtime of the files under the given folders/files (0 if none). */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(join(p, e));
    } else max = Math.max(max, st.mtimeMs);
  };
  for (const p of paths) walk(join(root, p));
  return max;
}

function rendererIsFresh() {
  const out = join(root, 'dist/renderer/index.html');
  if (!existsSync(out)) return false;
  return (
    statSync(out).mtimeMs >= newest(['renderer', 'shared', 'build/vite.config.ts', 'package.json'])
  );
}

if (args.has('--node-only')) {
  step('renderer skipped (--node-only)');
} else if (args.has('--skip-renderer-if-fresh') && rendererIsFresh()) {
  step('renderer is up to date (skipped)');
} else {
  step('renderer (vite)…');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'build/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    console.error('[build] renderer failed');
    process.exit(r.status ?? 1);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

async function bundle(label, entry, options) {
  if (!existsSync(join(root, entry))) {
    step(`${label} skipped (${entry} does not exist yet)`);
    return null;
  }
  const t = Date.now();
  try {
    const result = await build({ ...common, entryPoints: [entry], metafile: true, ...options });
    step(`${label} -> ${options.outfile} (${kb(options.outfile)}, ${Date.now() - t} ms)`);
    return result;
  } catch {
    // esbuild has already printed the errors
    console.error(`[build] ${label} failed`);
    process.exit(1);
  }
}

// Browser mode: node_modules are present wherever the server runs, so packages stay external.
await bundle('server', 'electron/server/main.ts', {
  format: 'esm',
  outfile: out('server/index.mjs'),
  packages: 'external',
});
// The demo room: loaded by the browser-mode host only for the demo workspace (electron/server/main.ts).
await bundle('demo room (browser mode)', 'electron/demo/index.ts', {
  format: 'esm',
  outfile: out('server/demo.mjs'),
  packages: 'external',
});
// The demo's simulators run in a worker thread next to each host (electron/demo/simulators/worker.ts).
await bundle('demo simulators (browser mode)', 'electron/demo/simulators/worker.ts', {
  format: 'esm',
  outfile: out('server/demo-simulators.mjs'),
  packages: 'external',
});
await bundle('server core worker', 'electron/server/coreWorker.ts', {
  format: 'esm',
  outfile: out('server/coreWorker.mjs'),
  packages: 'external',
});

if (args.has('--no-main')) {
  step('electron main and preload skipped (--no-main)');
} else {
  // Main: every pure-JS dependency is bundled (electron-builder ships only `dependencies`, and the
  // ESM-only conf/electron-store become CJS here); electron and the native better-sqlite3 stay external.
  await bundle('electron main', 'electron/main/index.ts', {
    format: 'cjs',
    outfile: out('electron/main.cjs'),
    external: ['electron', 'better-sqlite3'],
    // ESM builds of dependencies read import.meta.url (e.g. to find a worker file next to them); in a
    // CJS bundle it would be empty, so it becomes this file's own URL.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
  await bundle('demo simulators (desktop)', 'electron/demo/simulators/worker.ts', {
    format: 'cjs',
    outfile: out('electron/demo-simulators.cjs'),
  });
  // The writer and reader cores' utility processes (electron/host protocol over a MessagePort).
  await bundle('electron core (utility process)', 'electron/main/utilityCore.ts', {
    format: 'cjs',
    outfile: out('electron/utilityCore.cjs'),
    external: ['electron', 'better-sqlite3'],
    // The core's connectors bundle ESM dependencies that read import.meta.url (as in main above).
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
  // Preload: sandboxed, so one self-contained CJS file whose only require is `electron`.
  const preload = await bundle('electron preload', 'electron/preload/index.ts', {
    format: 'cjs',
    outfile: out('electron/preload.cjs'),
    external: ['electron'],
  });
  if (preload) {
    const allowed = new Set(['electron/preload/index.ts', 'shared/ipc/channels.ts']);
    const inputs = Object.keys(preload.metafile.inputs).map((p) => relative(root, join(root, p)));
    const extra = inputs.filter((p) => !allowed.has(p));
    const imports = Object.values(preload.metafile.outputs).flatMap((o) =>
      o.imports.map((i) => i.path),
    );
    const foreign = imports.filter((p) => p !== 'electron');
    if (extra.length || foreign.length) {
      console.error(
        `[build] the preload must bundle only the bridge and the channel names; it pulled in: ${[...extra, ...foreign].join(', ')}`,
      );
      process.exit(1);
    }
  }
}
step(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
