// electron/host: Node's on-disk compile cache for the cores. A core (writer or reader) starts by
// compiling its bundle and libraries, which was most of its start-up time; with the cache, a start
// after the first reuses V8's compiled code (about 100 ms less per core on the 1M-message cold-start
// benchmark). Node reads NODE_COMPILE_CACHE when a worker thread or child process starts, so the
// host sets it before it spawns any core; this thread's later imports use it too. The cache is keyed
// by Node version and file content, lives in the OS temporary folder, and holds no user data.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; an older Node without the API simply runs without it.
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function enableCompileCache(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const enable = (
    module as { enableCompileCache?: (dir?: string) => { status: number; directory?: string } }
  ).enableCompileCache;
  if (typeof enable !== 'function') return undefined;
  const dir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'steward-compile-cache');
  try {
    const r = enable(dir);
    if (!r.directory) return undefined; // failed or disabled: start without the cache
    process.env.NODE_COMPILE_CACHE = r.directory; // inherited by the core workers / utility processes
    return r.directory;
  } catch {
    return undefined; // a read-only temporary folder: start without the cache
  }
}
