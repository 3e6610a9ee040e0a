// The harness's secret sweep must be able to fail: a key written in any of its forms, into any file
// of the data folder or into crash output, is found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { findLeaks, secretForms } from '../../../build/harness/crash';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('finds the secret as typed, case-folded, base64, base64url, URL-encoded and hex, in nested files and outputs', () => {
  const key = 'k-Secret/Value+42?';
  const t = tempDir();
  cleanup = t.cleanup;
  expect(findLeaks(key, t.dir, { out: 'nothing here' })).toEqual([]);
  mkdirSync(join(t.dir, 'backups'));
  for (const [i, form] of secretForms(key).entries())
    writeFileSync(
      join(t.dir, 'backups', `f${i}.bin`),
      Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`..${form}..`)]),
    );
  const hits = findLeaks(key, t.dir, {
    'crash output': `stack: ${Buffer.from(key).toString('base64')}`,
  });
  expect(hits).toHaveLength(secretForms(key).length + 1);
  expect(hits).toContain('crash output');
});
