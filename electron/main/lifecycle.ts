// electron/main: the desktop app's lifecycle, with Electron passed in (so it is unit-tested with
// fakes): single instance, the privileged app:// scheme + CSP, permissions, the core, IPC, the
// main window, the tray, native notifications and an orderly quit that stops the core.
import { dirname, join, resolve } from 'node:path';
import type * as ElectronModule from 'electron';
import type {
  Notification as NotificationT,
  BrowserWindow as BrowserWindowT,
  WebContents,
} from 'electron';
import { CHANNELS } from '../../shared/ipc/channels';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Logger } from '../core/ports';
import { createAppProtocolHandler } from './appProtocol';
import { startCoreHost, type CoreHostOptions, type HostedCore, type StartCore } from './coreHost';
import { forwardEvents, makeSenderCheck, registerIpc } from './ipc';
import { notifyFromEvent, type NotificationClickedEvent } from './notifications';
import { createSafeStorageSecretStore } from './safeStorageSecretStore';
import { APP_SCHEME, isAppUrl, isPermissionAllowed, withSecurityHeaders } from './security';
import { openDesktopSettings, type DesktopSettingsStore } from './settings';
import { createTray, createTrayCounter, TRAY_ICON_PNG_BASE64 } from './tray';
import { createMainWindow, fitBounds } from './windows';

export type DesktopElectron = Pick<
  typeof ElectronModule,
  | 'app'
  | 'BrowserWindow'
  | 'dialog'
  | 'ipcMain'
  | 'Menu'
  | 'nativeImage'
  | 'Notification'
  | 'protocol'
  | 'safeStorage'
  | 'screen'
  | 'session'
  | 'shell'
  | 'Tray'
  | 'utilityProcess'
  | 'MessageChannelMain'
>;

export type DesktopArgs = { dataDir?: string; demo: boolean };

/** `--data <dir>` (or STEWARD_DATA): a separate profile folder; `--no-demo`: no demo workspace. */
export function parseDesktopArgs(argv: string[], env: NodeJS.ProcessEnv = {}): DesktopArgs {
  let dataDir = env.STEWARD_DATA || undefined;
  let demo = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-demo') demo = false;
    else if (a === '--data' && argv[i + 1] !== undefined) dataDir = argv[++i];
    else if (a.startsWith('--data=')) dataDir = a.slice('--data='.length);
  }
  return { dataDir: dataDir ? resolve(dataDir) : undefined, demo };
}

export type DesktopOptions = {
  electron: DesktopElectron;
  logger: Logger;
  /** dist/renderer (served as app://steward/). */
  rendererDir: string;
  /** dist/electron/preload.cjs */
  preload: string;
  /** dist/electron/utilityCore.cjs: the entry of the core's utility processes. */
  utilityCore?: string;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Run the core in-process (tests with a fake core); by default it runs in utility processes. */
  createCore?: StartCore;
  /** The demo room's entry point (tests pass a fake). */
  startDemo?: CoreHostOptions['startDemo'];
  openSettings?: (cwd: string) => DesktopSettingsStore;
  /** Tray count refresh throttle. */
  trayIntervalMs?: number;
  /** How long quitting waits for the core to stop. */
  stopTimeoutMs?: number;
};

export type DesktopHandle = {
  /** false when another instance already runs (this one quits after focusing it). */
  primary: boolean;
  /** Resolves once the core runs and the window is open (rejects if startup failed). */
  ready: Promise<void>;
  window(): BrowserWindowT | null;
  core(): HostedCore | null;
};

export function startDesktop(o: DesktopOptions): DesktopHandle {
  const { app, protocol } = o.electron;
  const logger = o.logger;
  const platform = o.platform ?? process.platform;
  const args = parseDesktopArgs(o.argv ?? [], o.env ?? {});

  // Before ready: the privileged scheme, a profile folder from --data, the single-instance lock
  // (the lock is per userData folder, so a separate --data profile may run beside the default one).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  if (args.dataDir) app.setPath('userData', args.dataDir);
  if (platform === 'win32') app.setAppUserModelId('dev.steward.console');

  let win: BrowserWindowT | null = null;
  let core: HostedCore | null = null;
  const handle: DesktopHandle = {
    primary: true,
    ready: Promise.resolve(),
    window: () => win,
    core: () => core,
  };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ...handle, primary: false };
  }

  let quitting = false;
  let stopping: Promise<void> | null = null;
  let stopped = false;
  let cleanups: (() => void)[] = [];
  /** Set once the core runs: (re)creates the main window (macOS keeps running without one). */
  let openWindow: (() => BrowserWindowT) | null = null;

  const alive = () => (win && !win.isDestroyed() ? win : null);
  const show = () => {
    const w = alive() ?? (!quitting && openWindow ? openWindow() : null);
    if (!w) return null;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    return w;
  };
  app.on('second-instance', () => void show());
  app.on('activate', () => void show());

  // Every webContents (the main window and anything a bug might create): no webviews, no
  // navigation away from the app, no new windows.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-navigate', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  const startup = async () => {
    await app.whenReady();
    const {
      BrowserWindow,
      ipcMain,
      Menu,
      MessageChannelMain,
      nativeImage,
      Notification,
      safeStorage,
      screen,
      session,
      shell,
      Tray,
      utilityProcess,
    } = o.electron;
    const ses = session.defaultSession;
    protocol.handle(APP_SCHEME, createAppProtocolHandler(o.rendererDir));
    ses.webRequest.onHeadersReceived((details, cb) =>
      cb({ responseHeaders: withSecurityHeaders(details.responseHeaders) }),
    );
    ses.setPermissionRequestHandler((_wc, permission, cb, details) =>
      cb(isPermissionAllowed(permission, details.requestingUrl)),
    );
    ses.setPermissionCheckHandler((_wc, permission, origin) =>
      isPermissionAllowed(permission, origin),
    );

    const userData = app.getPath('userData');
    const settings = (o.openSettings ?? ((cwd) => openDesktopSettings(cwd, logger)))(userData);
    const secrets = createSafeStorageSecretStore(safeStorage, userData, logger, platform);
    const utility = o.createCore
      ? undefined
      : {
          utilityProcess,
          MessageChannelMain,
          entry: o.utilityCore ?? join(dirname(o.preload), 'utilityCore.cjs'),
        };
    core = await startCoreHost({
      userData,
      secrets,
      logger,
      demo: args.demo,
      createCore: o.createCore,
      utility,
      startDemo: o.startDemo,
    });
    const c = core;
    if (quitting) return; // the user quit while the core was starting; before-quit stops it

    const icon = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'));
    let tray: ReturnType<typeof createTray> | null = null;
    openWindow = () => {
      const workAreas = screen.getAllDisplays().map((d) => d.workArea);
      win = createMainWindow({
        BrowserWindow,
        shell,
        preload: o.preload,
        icon: platform === 'darwin' ? undefined : icon,
        bounds: fitBounds(settings.get('window'), workAreas),
        onBounds: (b) => settings.set('window', b),
        onClose: () => !quitting && tray !== null && settings.get('closeToTray'),
      });
      return win;
    };
    openWindow();
    const ours = (wc: WebContents) => alive()?.webContents === wc;
    cleanups.push(registerIpc(ipcMain, c.dispatch, makeSenderCheck(ours)));
    cleanups.push(forwardEvents(c.onEvent, () => alive()?.webContents ?? null));

    // The 32 px PNG as a 16 pt image at 2x: crisp on HiDPI trays and the right size on macOS.
    const trayIcon = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'), {
      scaleFactor: 2,
    });
    tray = createTray({
      Tray,
      Menu,
      icon: trayIcon,
      platform,
      onShow: () => void show(),
      onQuit: () => app.quit(),
    });
    const t = tray;
    const counter = createTrayCounter({
      dispatch: c.dispatch,
      show: (n) => t.update(n),
      intervalMs: o.trayIntervalMs,
      onError: (m) => logger.warn('tray count failed', { error: m }),
    });
    counter.refresh();
    cleanups.push(
      () => counter.stop(),
      () => t.destroy(),
    );

    // Native notifications are kept referenced until closed, or their click handler is collected.
    const live = new Set<NotificationT>();
    const openConversation = (conversationId?: number) => {
      const w = show();
      if (!w || conversationId === undefined) return;
      const evt: NotificationClickedEvent = {
        name: 'notification.clicked',
        payload: { conversationId },
      };
      const send = () => !w.isDestroyed() && w.webContents.send(CHANNELS.event, evt);
      if (w.webContents.isLoading()) w.webContents.once('did-finish-load', send);
      else send();
    };
    cleanups.push(
      c.onEvent((evt: CoreEvent) => {
        if (
          evt.name === 'queue.changed' ||
          evt.name === 'outbox.changed' ||
          evt.name === 'notify' ||
          evt.name === 'app.reconnected'
        )
          counter.refresh();
        const n = notifyFromEvent(evt, { Notification, onClick: openConversation });
        if (!n) return;
        live.add(n);
        n.on('close', () => live.delete(n));
        if (live.size > 20) live.delete(live.values().next().value!);
      }),
    );
    logger.info('desktop ready', { userData, secrets: secrets.backend });
  };

  handle.ready = startup().catch((err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    logger.error('startup failed', { error: msg });
    if (!quitting) {
      o.electron.dialog.showErrorBox('Steward could not start', msg);
      app.exit(1);
    }
    throw err;
  });
  handle.ready.catch(() => {}); // reported above; callers may still await it

  const shutdown = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        fn();
      } catch {
        // keep shutting down
      }
    }
    cleanups = [];
    await handle.ready.catch(() => {});
    if (!core) return;
    const timeout = new Promise<void>((r) =>
      setTimeout(() => {
        logger.warn('core did not stop in time; quitting anyway');
        r();
      }, o.stopTimeoutMs ?? 5000).unref(),
    );
    await Promise.race([
      core
        .stop()
        .catch((err: unknown) =>
          logger.error('core stop failed', { error: (err as Error).message }),
        ),
      timeout,
    ]);
  };

  app.on('before-quit', (e) => {
    quitting = true;
    if (stopped) return;
    e.preventDefault();
    stopping ??= shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });

  return handle;
}

/** Default paths in the built app: dist/electron/main.cjs beside preload.cjs and utilityCore.cjs, dist/renderer/. */
export function distPaths(mainDir: string) {
  return {
    preload: join(mainDir, 'preload.cjs'),
    utilityCore: join(mainDir, 'utilityCore.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  };
}
