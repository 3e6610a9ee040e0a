// electron/main: the tray icon with the open count (and breaches) in its tooltip and title.
import type { Menu as MenuT, NativeImage, Tray as TrayT } from 'electron';

export function trayLabel(c: { open: number; breached: number }): string {
  return c.breached > 0 ? `Steward — ${c.open} open, ${c.breached} breached` : `Steward — ${c.open} open`;
}

export function createTray(o: {
  Tray: new (icon: NativeImage) => TrayT;
  Menu: { buildFromTemplate(t: Electron.MenuItemConstructorOptions[]): MenuT };
  icon: NativeImage;
  onShow(): void;
  onQuit(): void;
}) {
  const tray = new o.Tray(o.icon);
  tray.setContextMenu(o.Menu.buildFromTemplate([{ label: 'Show Steward', click: o.onShow }, { type: 'separator' }, { label: 'Quit', click: o.onQuit }]));
  tray.on('click', o.onShow);
  return {
    tray,
    update(c: { open: number; breached: number }) {
      tray.setToolTip(trayLabel(c));
      if (process.platform === 'darwin') tray.setTitle(c.breached > 0 ? `${c.open} · ${c.breached}!` : String(c.open));
    },
  };
}
