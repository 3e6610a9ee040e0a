// electron/demo/simulators: durable JSON state files for the simulators, so a demo restart finds the
// same forums, subreddits and servers (same ids, same history). A write is a temp file + fsync,
// a rename over the old state and an fsync of the folder: a kill at any point leaves the old or the
// new state, never half of one. Only the demo uses state files; tests start simulators without one.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** The saved state, or null when there is none or it cannot be read (the demo then starts afresh). */
export function readStateFile<T>(file: string | undefined): T | null {
  if (!file || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function writeStateFile(file: string, data: unknown): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(data));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is atomic.
  }
}
