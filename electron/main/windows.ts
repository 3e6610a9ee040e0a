// electron/main: the main window — sandboxed, isolated, no Node; loads our app:// page (CSP set by the
// protocol handler); navigation away and new windows denied; http(s) links go to the system
// browser after isSafeExternalUrl; bounds remembered and kept on a visible display.
import type { BrowserWindow as BrowserWindowT, NativeImage, Rectangle, Shell } from 'electron';
import { APP_URL, isAppUrl, isSafeExternalUrl, secureWebPreferences } from './security';

type BrowserWindowCtor = new (opts: Electron.BrowserWindowConstructorOptions) => BrowserWindowT;
export type WindowBounds = {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
};

const MIN_W = 900;
const MIN_H = 600;

/**
 * Saved bounds made safe for the current displays: a position that is no longer (mostly) visible —
 * a monitor was unplugged — is dropped so the window opens centred; the size fits the largest display.
 */
export function fitBounds(saved: WindowBounds, workAreas: Rectangle[]): WindowBounds {
  const maxW = Math.max(MIN_W, ...workAreas.map((a) => a.width));
  const maxH = Math.max(MIN_H, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(saved.width, MIN_W), maxW);
  const height = Math.min(Math.max(saved.height, MIN_H), maxH);
  const out: WindowBounds = { width, height, maximized: saved.maximized };
  if (saved.x === undefined || saved.y === undefined) return out;
  const { x, y } = saved;
  const visible = workAreas.some((a) => {
    const w = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    const h = Math.min(y + height, a.y + a.height) - Math.max(y, a.y);
    return w >= 200 && h >= 100;
  });
  return visible ? { ...out, x, y } : out;
}

export function createMainWindow(o: {
  BrowserWindow: BrowserWindowCtor;
  shell: Pick<Shell, 'openExternal'>;
  preload: string;
  bounds: WindowBounds;
  icon?: NativeImage;
  url?: string;
  onBounds?(b: Required<WindowBounds>): void;
  /** Return true to keep the app running in the tray instead of closing the window. */
  onClose?(): boolean;
}): BrowserWindowT {
  const win = new o.BrowserWindow({
    width: o.bounds.width,
    height: o.bounds.height,
    x: o.bounds.x,
    y: o.bounds.y,
    minWidth: MIN_W,
    minHeight: MIN_H,
    title: 'Steward',
    show: false,
    backgroundColor: '#f6f7f9',
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: secureWebPreferences(o.preload),
  });
  if (o.bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const wc = win.webContents;
  const openOutside = (url: string) => {
    if (isSafeExternalUrl(url)) void o.shell.openExternal(url);
  };
  wc.on('will-navigate', (e, url) => {
    if (isAppUrl(url)) return;
    e.preventDefault();
    openOutside(url);
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      if (win.isDestroyed()) return;
      o.onBounds?.({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    }, 300);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', (e) => {
    if (saveTimer) clearTimeout(saveTimer);
    if (!win.isDestroyed())
      o.onBounds?.({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    if (o.onClose?.()) {
      e.preventDefault();
      win.hide();
    }
  });
  void win.loadURL(o.url ?? APP_URL);
  return win;
}
