// electron/main: desktop-only settings (window bounds, tray behaviour) in electron-store, in the
// userData folder. Settings the core needs in every mode live in the core's own `conf` file in the
// data folder (electron/core/settings.ts). Never holds secrets.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Store, { type Schema } from 'electron-store';
import type { Logger } from '../core/ports';
import type { WindowBounds } from './windows';

export type DesktopSettings = {
  window: WindowBounds;
  /** Closing the window keeps Steward running in the tray (SLA notifications keep coming). */
  closeToTray: boolean;
};

export type DesktopSettingsStore = Pick<Store<DesktopSettings>, 'get' | 'set' | 'path'>;

export const DESKTOP_SETTINGS_NAME = 'desktop-settings';

export const desktopDefaults: DesktopSettings = {
  window: { width: 1400, height: 900, maximized: false },
  closeToTray: false,
};

const schema: Schema<DesktopSettings> = {
  window: {
    type: 'object',
    properties: {
      width: { type: 'number', minimum: 400, maximum: 100000 },
      height: { type: 'number', minimum: 300, maximum: 100000 },
      x: { type: 'number' },
      y: { type: 'number' },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
  },
  closeToTray: { type: 'boolean' },
};

/**
 * Opens the desktop settings in `cwd` (the userData folder). A damaged or schema-invalid file is
 * reset to the defaults (clearInvalidConfig); if opening still fails (say, an unreadable file), it
 * is moved aside (`.bad.json`) and opened afresh: losing window bounds must never stop the app.
 */
export function openDesktopSettings(cwd: string, logger?: Logger): DesktopSettingsStore {
  const open = () =>
    new Store<DesktopSettings>({
      cwd,
      name: DESKTOP_SETTINGS_NAME,
      defaults: desktopDefaults,
      schema,
      clearInvalidConfig: true,
    });
  try {
    return open();
  } catch (err) {
    const file = join(cwd, `${DESKTOP_SETTINGS_NAME}.json`);
    logger?.warn('desktop settings could not be opened; using defaults', {
      error: (err as Error).message.slice(0, 300),
    });
    if (existsSync(file)) renameSync(file, join(cwd, `${DESKTOP_SETTINGS_NAME}.bad.json`));
    return open();
  }
}
