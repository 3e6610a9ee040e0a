// build/scripts: the one way our command-line scripts run TypeScript entries — bundle the entry with
// esbuild (Node 22, ESM, packages external) into dist/, then run it on this Node with the script's
// arguments and exit with its status. Used by report, export, replay and the bench scripts.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds browser mode (server + renderer) first, for scripts that drive Chromium. */
export function buildBrowserMode() {
  const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--no-main'], {
    stdio: 'inherit',
    cwd: root,
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

/**
 * Bundles `entry` (relative to the repo) into `outfile` (relative) and runs it with the process's
 * arguments; `nodeArgs` go before the file (e.g. a larger heap); `cwd` defaults to the caller's, so
 * relative paths given on the command line mean what they meant. Never returns.
 */
export async function runEntry(entry, outfile, { nodeArgs = [], cwd = process.cwd() } = {}) {
  const out = join(root, outfile);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [...nodeArgs, out, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd,
  });
  process.exit(r.status ?? 1);
}
