// electron/main: the main window — sandboxed, isolated, strict CSP, navigation and new windows
// denied, external links through a checked shell.openExternal, bounds remembered.
import type { BrowserWindow as BrowserWindowT, Shell } from 'electron';
import { APP_ORIGIN, isAppUrl, isSafeExternalUrl, secureWebPreferences } from './security';

type BrowserWindowCtor = new (opts: Electron.BrowserWindowConstructorOptions) => BrowserWindowT;

export function createMainWindow(o: {
  BrowserWindow: BrowserWindowCtor;
  shell: Pick<Shell, 'openExternal'>;
  preload: string;
  bounds: { width: number; height: number; x?: number; y?: number; maximized: boolean };
  onBounds?(b: { width: number; height: number; x: number; y: number; maximized: boolean }): void;
}): BrowserWindowT {
  const win = new o.BrowserWindow({
    width: o.bounds.width,
    height: o.bounds.height,
    x: o.bounds.x,
    y: o.bounds.y,
    minWidth: 900,
    minHeight: 600,
    title: 'Steward',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(o.preload),
  });
  if (o.bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) {
      e.preventDefault();
      if (isSafeExternalUrl(url)) void o.shell.openExternal(url);
    }
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void o.shell.openExternal(url);
    return { action: 'deny' };
  });
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    o.onBounds?.({ ...b, maximized: win.isMaximized() });
  };
  win.on('resize', save);
  win.on('move', save);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
