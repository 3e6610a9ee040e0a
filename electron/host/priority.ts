// electron/host: the writer core runs at a lower CPU priority than the threads that answer the agent.
// The writer does the background work (sync, a catch-up's ingest, the SLA monitor, the outbox); the
// host thread (relaying IPC or HTTP) and the reader cores answer every keystroke. On a busy machine
// (2 cores, a catch-up saturating one) the scheduler then runs a woken host or reader thread first, so
// the queue page stays within a frame; the writer loses nothing but a little throughput when the CPU
// is contended, and none when it is not. Only the writer is lowered, by WRITER_NICE:
//   - a desktop core is its own utility process: the whole process;
//   - browser mode's core is a worker thread: on Linux, setpriority on the calling task changes only
//     this thread; elsewhere it would lower the whole process (the host too), so it is left alone.
// A nice value can be raised (lower priority) without privileges, never lowered back: once per core.
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** STEWARD_WRITER_NICE=0 keeps the writer at the normal priority (e.g. to compare). */
// 10, not 5, since the ingest got faster (2026-11-26): at 11k messages/s the writer at nice 5 held the
// host thread off the CPU for 17–22 ms in 5 of 7 catch-ups here; at nice 10 for 9–17 ms in 7 of 9
// (one 21 ms; one 89 ms in a slow-disk period of this shared machine, when nice 5 gave 117 ms), with
// the same catch-up speed: the writer loses CPU only while a thread answering the agent wants it.
// Under a CPU-bound competitor a nice-10 writer still gets ~10% of a core: a status change's few
// milliseconds become a few tens at worst.
export const WRITER_NICE = Number(process.env.STEWARD_WRITER_NICE ?? 10);

/** Lowers the calling core's priority where that affects only the core; true when done. */
export function lowerCorePriority(
  nice = WRITER_NICE,
  where: { platform: NodeJS.Platform; ownProcess: boolean } = {
    platform: process.platform,
    ownProcess: isMainThread,
  },
): boolean {
  if (!(nice > 0) || (!where.ownProcess && where.platform !== 'linux')) return false;
  try {
    if (os.getPriority(0) >= nice) return false; // already as low (or lower)
    os.setPriority(0, nice);
    return true;
  } catch {
    return false; // not permitted here: run at the normal priority
  }
}
