// tests/unit/host: where lowering the writer's priority would lower more than the writer (a worker
// thread outside Linux) nothing is changed; STEWARD_WRITER_NICE=0 turns it off. The real writer thread's
// priority is checked in tests/integration/host/workerHost.test.ts.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerCorePriority } from '../../../electron/host/priority';

describe('lowerCorePriority', () => {
  it('a worker thread outside Linux is left alone (it would lower the host too)', () => {
    expect(lowerCorePriority(5, { platform: 'darwin', ownProcess: false })).toBe(false);
    expect(lowerCorePriority(5, { platform: 'win32', ownProcess: false })).toBe(false);
  });

  it('nice 0 (STEWARD_WRITER_NICE=0) changes nothing', () => {
    const before = os.getPriority(0);
    expect(lowerCorePriority(0, { platform: 'linux', ownProcess: true })).toBe(false);
    expect(os.getPriority(0)).toBe(before);
  });
});
