// tests/unit/electron: a small in-memory stand-in for the parts of Electron's main-process API that
// electron/main uses (the Electron binary can't be downloaded on the build machines).
import { EventEmitter } from 'node:events';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

type Handler = (...args: never[]) => unknown;

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  mainFrame = new FakeFrame('');
  loading = false;
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isLoading() {
    return this.loading;
  }
}

/** A MessagePortMain over a real worker_threads port (Electron's port events carry `{ data, ports }`). */
export class FakeMessagePortMain extends EventEmitter {
  constructor(readonly real: MessagePort) {
    super();
    real.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
  }
  postMessage(data: unknown) {
    this.real.postMessage(data);
  }
  start() {
    this.real.start();
  }
  close() {
    this.real.close();
  }
}

export class FakeMessageChannelMain {
  port1: FakeMessagePortMain;
  port2: FakeMessagePortMain;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new FakeMessagePortMain(port1);
    this.port2 = new FakeMessagePortMain(port2);
  }
}

// Runs a utility-process entry in a worker thread with `process.parentPort` as Electron sets it up.
const UTILITY_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { EventEmitter } = require('node:events');
const pp = new EventEmitter();
process.parentPort = pp;
const wrap = (p) => ({ postMessage: (m) => p.postMessage(m), on: (ev, cb) => p.on('message', (d) => cb({ data: d })), start: () => p.start(), close: () => p.close() });
parentPort.on('message', ({ data, port }) => pp.emit('message', { data, ports: port ? [wrap(port)] : [] }));
require(workerData.modulePath);
`;

/** utilityProcess.fork as a worker thread running the real entry bundle. */
export class FakeUtilityProcess extends EventEmitter {
  static forked: FakeUtilityProcess[] = [];
  readonly worker: Worker;
  pid = 0;
  exited = false;
  constructor(
    readonly modulePath: string,
    readonly options: { serviceName?: string },
  ) {
    super();
    this.worker = new Worker(UTILITY_BOOTSTRAP, { eval: true, workerData: { modulePath } });
    this.worker.on('online', () => this.emit('spawn'));
    this.worker.on('error', () => {});
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.emit('exit', code);
    });
    FakeUtilityProcess.forked.push(this);
  }
  postMessage(data: unknown, transfer: FakeMessagePortMain[] = []) {
    const port = transfer[0]?.real;
    this.worker.postMessage({ data, port }, port ? [port] : []);
  }
  kill() {
    void this.worker.terminate();
    return true;
  }
}

export function createFakeElectron(o: { userData: string; lock?: boolean; encryption?: boolean }) {
  const calls: string[] = [];
  const webContentsCreated: FakeWebContents[] = [];

  class FakeApp extends EventEmitter {
    ready = false;
    paths: Record<string, string> = { userData: o.userData };
    private readyWaiters: (() => void)[] = [];
    requestSingleInstanceLock = () => o.lock ?? true;
    getPath = (name: string) => this.paths[name] ?? `/fake/${name}`;
    setPath = (name: string, p: string) => void (this.paths[name] = p);
    getVersion = () => '0.1.0';
    setAppUserModelId = () => {};
    isReady = () => this.ready;
    quit = () => {
      calls.push('app.quit');
      const e = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      this.emit('before-quit', e);
      if (!e.defaultPrevented) calls.push('app.quit:done');
    };
    exit = (code?: number) => void calls.push(`app.exit:${code ?? 0}`);
    whenReady = () =>
      this.ready ? Promise.resolve() : new Promise<void>((r) => this.readyWaiters.push(r));
    /** Test helper: fire "ready". */
    makeReady() {
      this.ready = true;
      for (const r of this.readyWaiters.splice(0)) r();
      this.emit('ready');
    }
  }
  const app = new FakeApp();

  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    webContents = new FakeWebContents();
    loaded = '';
    destroyed = false;
    minimized = false;
    visible = false;
    focused = false;
    constructor(public opts: Electron.BrowserWindowConstructorOptions) {
      super();
      BrowserWindow.all.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(u: string) {
      this.loaded = u;
      this.webContents.mainFrame.url = u;
      return Promise.resolve();
    }
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
      calls.push('win.restore');
    }
    show() {
      this.visible = true;
      calls.push('win.show');
    }
    hide() {
      this.visible = false;
    }
    focus() {
      this.focused = true;
      calls.push('win.focus');
    }
    isDestroyed() {
      return this.destroyed;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    close() {
      const e = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      this.emit('close', e);
      if (e.defaultPrevented) return;
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
      if (BrowserWindow.all.every((w) => w.destroyed)) app.emit('window-all-closed');
    }
  }

  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (ch: string, h: Handler) => void handlers.set(ch, h),
    removeHandler: (ch: string) => void handlers.delete(ch),
    on: () => ipcMain,
    handlers,
  };

  class Tray extends EventEmitter {
    static last: Tray | null = null;
    tooltip = '';
    title = '';
    menu: unknown = null;
    destroyed = false;
    constructor(public icon: unknown) {
      super();
      Tray.last = this;
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setTitle(t: string) {
      this.title = t;
    }
    setContextMenu(m: unknown) {
      this.menu = m;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  class Notification extends EventEmitter {
    static shown: Notification[] = [];
    static isSupported() {
      return true;
    }
    constructor(public opts: Electron.NotificationConstructorOptions) {
      super();
    }
    show() {
      Notification.shown.push(this);
    }
  }

  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (req: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged: (s: unknown[]) => void protocol.privileged.push(...s),
    handle: (scheme: string, h: (req: Request) => Promise<Response>) =>
      void protocol.handlers.set(scheme, h),
  };

  const session = {
    defaultSession: {
      headersHook: null as
        | null
        | ((
            d: { responseHeaders?: Record<string, string[]> },
            cb: (r: { responseHeaders: Record<string, string[]> }) => void,
          ) => void),
      permissionRequest: null as
        | null
        | ((
            wc: unknown,
            permission: string,
            cb: (ok: boolean) => void,
            details: { requestingUrl: string },
          ) => void),
      permissionCheck: null as
        null | ((wc: unknown, permission: string, origin: string) => boolean),
      webRequest: {
        onHeadersReceived(
          h: (
            d: { responseHeaders?: Record<string, string[]> },
            cb: (r: { responseHeaders: Record<string, string[]> }) => void,
          ) => void,
        ) {
          session.defaultSession.headersHook = h;
        },
      },
      setPermissionRequestHandler(h: never) {
        session.defaultSession.permissionRequest = h;
      },
      setPermissionCheckHandler(h: never) {
        session.defaultSession.permissionCheck = h;
      },
    },
  };

  const image = { resize: () => image, isEmpty: () => false };
  const electron = {
    app,
    BrowserWindow,
    dialog: {
      errors: [] as string[][],
      showErrorBox(t: string, c: string) {
        this.errors.push([t, c]);
      },
    },
    ipcMain,
    Menu: { buildFromTemplate: (t: Electron.MenuItemConstructorOptions[]) => ({ items: t }) },
    nativeImage: { createFromBuffer: () => image, createEmpty: () => image },
    Notification,
    protocol,
    safeStorage: {
      isEncryptionAvailable: () => o.encryption ?? true,
      getSelectedStorageBackend: () => 'gnome_libsecret' as const,
      encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session,
    shell: {
      opened: [] as string[],
      async openExternal(u: string) {
        this.opened.push(u);
      },
    },
    Tray,
    utilityProcess: {
      fork: (modulePath: string, _args?: string[], options: { serviceName?: string } = {}) =>
        new FakeUtilityProcess(modulePath, options),
    },
    MessageChannelMain: FakeMessageChannelMain,
  };
  return {
    electron,
    app,
    calls,
    handlers,
    BrowserWindow,
    Tray,
    Notification,
    protocol,
    session,
    webContentsCreated,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeApp = FakeElectron['app'];

/** An IPC invoke event as Electron would pass it for a frame of `wc`. */
export function invokeEvent(wc: FakeWebContents, frame: FakeFrame = wc.mainFrame) {
  return { sender: wc, senderFrame: frame } as unknown as Electron.IpcMainInvokeEvent;
}
