// electron/main: the tray icon. Its tooltip (and, on macOS, its title) shows the open count, read
// with dispatch('queue.counts') when the queue changes — throttled, since a sync burst sends many events.
import type { Menu as MenuT, NativeImage, Tray as TrayT } from 'electron';
import type { Dispatch } from '../../shared/ipc/dispatch';

export type QueueCounts = { open: number; breached: number };

/** 32×32 PNG: a teal disc with a white "S" (the tray must never be an empty, invisible image). */
export const TRAY_ICON_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA4ElEQVR42s2XwQ2FIAyGnYAVmMkVWKBLeOPcFZyFXToD4V0gMYpKBV5r8l+M+H+hpbSLBb9IirtgteDRgg8WPFnwMYvyO8zfDAUwFvyWTVKjKK8xvQCOaVwDcV8BsMP4LOQC7APNi/ZWAJxgfrsTtZinyXJ3AOYp4bjPS2KaGsD2RD4QIGWvCwD9EYDOAOtb7AYDpFIxmzOf+fPmE1EAggBAOAJQ75Z/CAkdAaIAQFQFIB6CMCKxmIkaWMdwAgCqKkTipVjFZSR+HYs3JCpaMhVNqYq2XMVgomI0UzGcTtUPLYGHofZwpmUAAAAASUVORK5CYII=';

export function trayLabel(c: QueueCounts): string {
  return c.breached > 0
    ? `Steward — ${c.open} open, ${c.breached} breached`
    : `Steward — ${c.open} open`;
}

export function createTray(o: {
  Tray: new (icon: NativeImage) => TrayT;
  Menu: { buildFromTemplate(t: Electron.MenuItemConstructorOptions[]): MenuT };
  icon: NativeImage;
  platform?: NodeJS.Platform;
  onShow(): void;
  onQuit(): void;
}) {
  const tray = new o.Tray(o.icon);
  tray.setToolTip('Steward');
  tray.setContextMenu(
    o.Menu.buildFromTemplate([
      { label: 'Show Steward', click: () => o.onShow() },
      { type: 'separator' },
      { label: 'Quit', click: () => o.onQuit() },
    ]),
  );
  tray.on('click', () => o.onShow());
  const platform = o.platform ?? process.platform;
  return {
    tray,
    update(c: QueueCounts) {
      if (tray.isDestroyed()) return;
      tray.setToolTip(trayLabel(c));
      if (platform === 'darwin')
        tray.setTitle(c.breached > 0 ? `${c.open} · ${c.breached}!` : String(c.open));
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/**
 * Keeps the tray's count current: refresh() asks the core for queue.counts at most once per
 * `intervalMs` (the first call runs at once; calls during the pause collapse into one trailing run).
 */
export function createTrayCounter(o: {
  dispatch: Dispatch;
  show(c: QueueCounts): void;
  intervalMs?: number;
  onError?(msg: string): void;
}) {
  const interval = o.intervalMs ?? 1000;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = async () => {
    last = Date.now();
    const r = await o.dispatch('queue.counts', {});
    if (stopped) return;
    if (r.ok) o.show(r.value as QueueCounts);
    else o.onError?.(r.error.message);
  };
  return {
    refresh() {
      if (stopped || timer) return;
      const wait = last + interval - Date.now();
      if (wait <= 0) {
        void run();
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, wait);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
