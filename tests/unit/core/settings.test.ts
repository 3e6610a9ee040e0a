// The core's settings file (electron/core/settings.ts): defaults, atomic writes another store sees at
// once (the reader cores), invalid values read as defaults without losing the rest, files written by
// the earlier conf-based store read as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../../electron/core/settings';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

describe('core settings', () => {
  it('reads defaults, and a change made by one store is seen by another at once', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const writer = openSettings(t.dir);
    const reader = openSettings(t.dir);
    expect(reader.get('selfAgentId')).toBe(0);
    expect(reader.get('pollIntervalMs')).toBe(5000);
    writer.set('selfAgentId', 7);
    expect(reader.get('selfAgentId')).toBe(7);
    expect(JSON.parse(readFileSync(writer.path, 'utf8'))).toEqual({
      selfAgentId: 7,
      pollIntervalMs: 5000,
    });
  });

  it('an invalid value reads as its default; a set keeps every other key; invalid sets are refused', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = openSettings(t.dir);
    writeFileSync(
      s.path,
      JSON.stringify({ selfAgentId: -3, pollIntervalMs: 10, __internal__: { x: 1 } }),
    );
    expect(s.get('selfAgentId')).toBe(0);
    expect(s.get('pollIntervalMs')).toBe(5000);
    s.set('selfAgentId', 2);
    expect(JSON.parse(readFileSync(s.path, 'utf8'))).toEqual({
      selfAgentId: 2,
      pollIntervalMs: 10,
      __internal__: { x: 1 },
    });
    expect(() => s.set('pollIntervalMs', 5)).toThrow(/Invalid core setting/);
    writeFileSync(s.path, '{ not json');
    expect(s.get('selfAgentId')).toBe(0);
  });

  it('reads the file the conf-based store wrote (tab-indented JSON)', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeFileSync(
      join(t.dir, 'core-settings.json'),
      '{\n\t"selfAgentId": 4,\n\t"pollIntervalMs": 2000\n}',
    );
    const s = openSettings(t.dir);
    expect(s.get('selfAgentId')).toBe(4);
    expect(s.get('pollIntervalMs')).toBe(2000);
  });
});
