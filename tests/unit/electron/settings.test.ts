// Desktop settings (electron-store with a schema, in userData): defaults, validation, recovery.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { desktopDefaults, openDesktopSettings } from '../../../electron/main/settings';
import { tempDir } from '../../helpers/core';

vi.mock('electron', () => {
  const electron = {
    app: { getPath: () => '/nonexistent', getVersion: () => '0.1.0' },
    ipcMain: { on() {} },
    shell: {},
  };
  return { default: electron, ...electron };
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const dir = () => {
  const t = tempDir('steward-settings-');
  cleanups.push(t.cleanup);
  return t.dir;
};

describe('desktop settings', () => {
  it('starts from defaults and persists window bounds in <userData>/desktop-settings.json', () => {
    const d = dir();
    const s = openDesktopSettings(d);
    expect(s.get('window')).toEqual(desktopDefaults.window);
    s.set('window', { x: -1200, y: 40, width: 1100, height: 760, maximized: true });
    expect(s.path).toBe(join(d, 'desktop-settings.json'));
    expect(openDesktopSettings(d).get('window')).toEqual({
      x: -1200,
      y: 40,
      width: 1100,
      height: 760,
      maximized: true,
    });
  });
  it('rejects values outside the schema', () => {
    const s = openDesktopSettings(dir());
    expect(() => s.set('window', { width: 10, height: 760, maximized: false })).toThrow(/schema/i);
    expect(() => s.set('closeToTray', 'yes' as never)).toThrow(/schema/i);
  });
  it('a damaged or invalid file never stops the app: the defaults are used', () => {
    const d = dir();
    writeFileSync(join(d, 'desktop-settings.json'), '{"window": {"width": 5}}');
    expect(openDesktopSettings(d).get('window')).toEqual(desktopDefaults.window);
    writeFileSync(join(d, 'desktop-settings.json'), '{not json');
    expect(openDesktopSettings(d).get('closeToTray')).toBe(false);
  });
});
