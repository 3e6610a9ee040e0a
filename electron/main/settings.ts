// electron/main: desktop-only settings (window bounds, tray) in electron-store. Settings the core
// needs in every mode live in the core's own `conf` file (electron/core/settings.ts).
import Store from 'electron-store';

export type DesktopSettings = {
  window: { width: number; height: number; x?: number; y?: number; maximized: boolean };
  closeToTray: boolean;
};

export function openDesktopSettings(): Store<DesktopSettings> {
  return new Store<DesktopSettings>({
    name: 'desktop-settings',
    defaults: { window: { width: 1400, height: 900, maximized: false }, closeToTray: false },
    schema: {
      window: {
        type: 'object',
        properties: { width: { type: 'number', minimum: 400 }, height: { type: 'number', minimum: 300 }, x: { type: 'number' }, y: { type: 'number' }, maximized: { type: 'boolean' } },
        required: ['width', 'height', 'maximized'],
      },
      closeToTray: { type: 'boolean' },
    },
  });
}
