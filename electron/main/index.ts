// electron/main: the desktop app's lifecycle — single instance, the privileged app:// scheme with
// a strict CSP, the core, IPC, the main window, tray and native notifications.
import { app, BrowserWindow, ipcMain, Menu, nativeImage, net, Notification, protocol, safeStorage, shell, Tray } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Core } from '../core/index';
import { consoleLogger } from '../core/ports';
import { startCoreHost } from './coreHost';
import { forwardEvents, makeSenderCheck, registerIpc } from './ipc';
import { notifyFromEvent } from './notifications';
import { createSafeStorageSecretStore } from './safeStorageSecretStore';
import { APP_HOST, APP_SCHEME, CSP } from './security';
import { openDesktopSettings } from './settings';
import { createTray } from './tray';
import { createMainWindow } from './windows';

const logger = consoleLogger('steward-main');
const root = join(__dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  const show = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  app.on('second-instance', show);

  app.whenReady().then(async () => {
    // app://steward/<file> -> dist/renderer/<file>, with the CSP on every response.
    protocol.handle(APP_SCHEME, async (req) => {
      const url = new URL(req.url);
      if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
      const file = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
      if (!file.startsWith(rendererDir + sep)) return new Response('Forbidden', { status: 403 });
      const res = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', CSP);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(res.body, { status: res.status, headers });
    });
    app.on('web-contents-created', (_e, contents) => {
      contents.session.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
    });

    const settings = openDesktopSettings();
    const secrets = createSafeStorageSecretStore(safeStorage, app.getPath('userData'), logger);
    core = await startCoreHost({ userData: app.getPath('userData'), secrets, logger });
    const c = core;
    win = createMainWindow({
      BrowserWindow,
      shell,
      preload: join(__dirname, 'preload.cjs'),
      bounds: settings.get('window'),
      onBounds: (b) => settings.set('window', b),
    });
    const w = win;
    registerIpc(ipcMain, c.dispatch, makeSenderCheck((wc) => wc === w.webContents));
    forwardEvents(c.onEvent, () => (w.isDestroyed() ? null : w.webContents));

    const tray = createTray({ Tray, Menu, icon: nativeImage.createEmpty(), onShow: show, onQuit: () => app.quit() });
    let pending: NodeJS.Timeout | null = null;
    const refreshTray = () => {
      if (pending) return;
      pending = setTimeout(async () => {
        pending = null;
        const r = await c.dispatch('queue.counts', {});
        if (r.ok) tray.update(r.value as { open: number; breached: number });
      }, 1000);
    };
    refreshTray();
    c.onEvent((evt) => {
      if (evt.name === 'queue.changed') refreshTray();
      notifyFromEvent(evt, { Notification, onClick: () => show() });
    });
  }).catch((err: unknown) => {
    logger.error('startup failed', { error: (err as Error).message });
    app.quit();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void core?.stop();
  });
}
