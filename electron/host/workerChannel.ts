// electron/host: the worker_threads adapter of the host protocol (browser mode, benchmarks and
// tests): each core runs in its own worker thread started from a bundled entry
// (dist/server/coreWorker.mjs, built from electron/server/coreWorker.ts).
import { Worker } from 'node:worker_threads';
import type { CoreChannel, CoreMessage, SpawnChannel } from './protocol';

export function workerChannel(entry: string | URL, name: string): CoreChannel {
  const worker = new Worker(entry, { name });
  let exited = false;
  let reason = 'exited';
  const exitListeners: ((info: { code: number | null; reason: string }) => void)[] = [];
  worker.on('error', (err) => {
    reason = `crashed: ${err.message}`;
  });
  worker.on('exit', (code) => {
    exited = true;
    for (const l of exitListeners) l({ code, reason });
  });
  return {
    post: (msg) => {
      if (!exited) worker.postMessage(msg);
    },
    onMessage: (cb) => void worker.on('message', (m: CoreMessage) => cb(m)),
    onExit: (cb) => void exitListeners.push(cb),
    kill: () => {
      if (!exited) void worker.terminate();
    },
  };
}

/** Spawns writer and readers as worker threads of `entry`. */
export function workerSpawner(entry: string | URL): SpawnChannel {
  return (role, index) =>
    workerChannel(entry, role === 'writer' ? 'steward-core' : `steward-reader-${index}`);
}
