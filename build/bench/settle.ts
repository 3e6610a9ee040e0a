// build/bench: settling a benchmark's freshly written files on disk before anything is timed.
import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Writes the data folder's database to disk before anything is timed: a freshly copied or filled
 * 800 MB file is otherwise written back by the kernel during the measurements, and that writeback
 * stalled the writer's commits and the host (a 118 ms host stall, a catch-up at a third of its
 * speed) in some runs — the benchmark's own set-up, not what an agent's start looks like.
 */
export function settleOnDisk(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
