// tests/unit/host: the hosts turn on Node's compile cache before they spawn a core, and a core
// started afterwards (here a worker thread, as browser mode runs them) uses the same cache folder.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { enableCompileCache } from '../../../electron/host/compileCache';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE'])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

function workerCacheDir(): Promise<string | undefined> {
  const w = new Worker(
    `const m = require('node:module'); require('node:worker_threads').parentPort.postMessage(m.getCompileCacheDir());`,
    { eval: true },
  );
  return new Promise((ok, fail) => {
    w.once('message', (d: string | undefined) => void w.terminate().then(() => ok(d)));
    w.once('error', fail);
  });
}

describe('enableCompileCache', () => {
  it('sets NODE_COMPILE_CACHE so a core started afterwards caches its compiled code there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-ncc-'));
    try {
      process.env.NODE_COMPILE_CACHE = dir;
      const used = enableCompileCache();
      expect(used).toBeDefined();
      expect(used).toBe(dir);
      expect(process.env.NODE_COMPILE_CACHE).toBe(dir);
      // The worker keeps its code in the folder's sub-folder for this Node version.
      const inWorker = await workerCacheDir();
      expect(inWorker).toBe(join(dir, readdirSync(dir)[0]!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
    delete process.env.NODE_COMPILE_CACHE;
    process.env.NODE_DISABLE_COMPILE_CACHE = '1';
    expect(enableCompileCache()).toBeUndefined();
    expect(process.env.NODE_COMPILE_CACHE).toBeUndefined();
  });
});
