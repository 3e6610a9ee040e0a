// The desktop lifecycle with a fake Electron and a fake core: single instance, startup wiring,
// sender-checked IPC, tray count, native notifications, permissions, CSP headers, orderly quit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../../shared/ipc/contract';
import type { Core, CoreOptions } from '../../../electron/core/index';
import { silentLogger } from '../../../electron/core/ports';
import { parseDesktopArgs, startDesktop } from '../../../electron/main/lifecycle';
import { openDesktopSettings } from '../../../electron/main/settings';
import { tempDir } from '../../helpers/core';
import { createFakeElectron, FakeFrame, FakeWebContents, invokeEvent } from './fakeElectron';

// electron-store (settings.ts) imports 'electron' itself; the lifecycle gets the fake passed in.
vi.mock('electron', () => {
  const electron = {
    app: { getPath: () => '/nonexistent', getVersion: () => '0.1.0' },
    ipcMain: { on() {} },
    shell: {},
  };
  return { default: electron, ...electron };
});

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  vi.useRealTimers();
});

function fakeCore() {
  const listeners = new Set<(e: CoreEvent) => void>();
  const counts = { open: 3, breached: 1, mine: 0 };
  const core = {
    opts: null as CoreOptions | null,
    dispatch: vi.fn(async (method: unknown, input: unknown) =>
      method === 'queue.counts'
        ? { ok: true as const, value: { ...counts } }
        : { ok: true as const, value: { method, input } },
    ),
    onEvent: (cb: (e: CoreEvent) => void) => {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    emit: (e: CoreEvent) => listeners.forEach((l) => l(e)),
    counts,
    listeners,
  };
  const createCore = vi.fn(async (opts: CoreOptions) => {
    core.opts = opts;
    return core as unknown as Core;
  });
  return { core, createCore };
}

function setup(
  o: {
    lock?: boolean;
    argv?: string[];
    createCore?: (opts: CoreOptions) => Promise<Core>;
    encryption?: boolean;
  } = {},
) {
  const t = tempDir('steward-main-');
  cleanup.push(t.cleanup);
  const fake = createFakeElectron({ userData: t.dir, lock: o.lock, encryption: o.encryption });
  const { core, createCore } = fakeCore();
  const startDemo = vi.fn(async () => null);
  const handle = startDesktop({
    electron: fake.electron as never,
    logger: silentLogger,
    rendererDir: join(t.dir, 'renderer'),
    preload: '/dist/electron/preload.cjs',
    argv: o.argv ?? [],
    platform: 'linux',
    createCore: o.createCore ?? createCore,
    startDemo,
    openSettings: (cwd) => openDesktopSettings(cwd),
    trayIntervalMs: 50,
  });
  return { fake, core, createCore, startDemo, handle, dir: t.dir };
}

async function ready(s: ReturnType<typeof setup>) {
  s.fake.app.makeReady();
  await s.handle.ready;
  return s.fake.BrowserWindow.all.at(-1)!;
}

describe('single instance', () => {
  it('a second instance quits at once and never creates a core', async () => {
    const s = setup({ lock: false });
    expect(s.handle.primary).toBe(false);
    expect(s.fake.calls).toContain('app.quit');
    s.fake.app.makeReady();
    await new Promise((r) => setTimeout(r, 10));
    expect(s.createCore).not.toHaveBeenCalled();
  });
  it('the first instance is focused when a second one starts', async () => {
    const s = setup();
    const win = await ready(s);
    win.minimized = true;
    win.focused = false;
    s.fake.app.emit('second-instance', {}, ['steward']);
    expect(win.focused).toBe(true);
    expect(s.fake.calls).toEqual(expect.arrayContaining(['win.restore', 'win.show', 'win.focus']));
  });
});

describe('startup', () => {
  it('creates and starts the core in <userData>/data with the safeStorage secret store and the demo', async () => {
    const s = setup();
    await ready(s);
    expect(s.core.opts).toMatchObject({ dataDir: join(s.dir, 'data'), mode: 'desktop' });
    expect(s.startDemo).toHaveBeenCalledWith(
      expect.objectContaining({ dataDir: join(s.dir, 'data'), dispatch: s.core.dispatch }),
    );
    expect(s.core.opts!.secrets.backend).toBe('safeStorage');
    expect(s.core.start).toHaveBeenCalled();
  });
  it('--no-demo and --data are honoured; a keyring-less Linux gets the key-file store', async () => {
    const t = tempDir('steward-profile-');
    cleanup.push(t.cleanup);
    const s = setup({ argv: ['.', '--no-demo', '--data', t.dir], encryption: false });
    await ready(s);
    expect(s.core.opts).toMatchObject({ dataDir: join(t.dir, 'data') });
    expect(s.startDemo).not.toHaveBeenCalled();
    expect(s.core.opts!.secrets.backend).toBe('keyfile');
    expect(existsSync(join(t.dir, 'keyfile', 'secret.key'))).toBe(true);
  });
  it('parses desktop arguments', () => {
    expect(parseDesktopArgs(['.'])).toEqual({ dataDir: undefined, demo: true });
    expect(parseDesktopArgs(['--data=/tmp/x', '--no-demo'])).toEqual({
      dataDir: '/tmp/x',
      demo: false,
    });
    expect(parseDesktopArgs([], { STEWARD_DATA: '/tmp/y' })).toEqual({
      dataDir: '/tmp/y',
      demo: true,
    });
  });
  it('registers the privileged app:// scheme before ready and serves it once ready', async () => {
    const s = setup();
    expect(s.fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    await ready(s);
    expect(s.fake.protocol.handlers.has('app')).toBe(true);
  });
  it('opens one sandboxed window on the app URL, with the preload', async () => {
    const s = setup();
    const win = await ready(s);
    expect(s.fake.BrowserWindow.all).toHaveLength(1);
    expect(win.opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/dist/electron/preload.cjs',
    });
    expect(win.loaded).toBe('app://steward/index.html');
  });
  it('a failed start shows an error box and exits', async () => {
    const s = setup({
      createCore: async () => {
        throw new Error('database is locked');
      },
    });
    s.fake.app.makeReady();
    await expect(s.handle.ready).rejects.toThrow('database is locked');
    expect(s.fake.electron.dialog.errors).toEqual([
      ['Steward could not start', 'database is locked'],
    ]);
    expect(s.fake.calls).toContain('app.exit:1');
  });
});

describe('IPC', () => {
  it('forwards invokes from our window to the core and refuses other senders', async () => {
    const s = setup();
    const win = await ready(s);
    const h = s.fake.handlers.get('app:invoke') as (
      e: unknown,
      m: unknown,
      i: unknown,
    ) => Promise<unknown>;
    expect([...s.fake.handlers.keys()]).toEqual(['app:invoke']);
    expect(await h(invokeEvent(win.webContents), 'queue.list', { limit: 5 })).toEqual({
      ok: true,
      value: { method: 'queue.list', input: { limit: 5 } },
    });
    s.core.dispatch.mockClear();
    const sub = new FakeFrame('app://steward/index.html');
    sub.parent = win.webContents.mainFrame;
    const foreign = new FakeFrame('https://evil.example/');
    for (const e of [
      invokeEvent(win.webContents, sub),
      invokeEvent(win.webContents, foreign),
      invokeEvent(new FakeWebContents(), new FakeFrame('app://steward/index.html')),
    ]) {
      expect(await h(e, 'queue.list', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(s.core.dispatch).not.toHaveBeenCalled();
  });
  it('forwards core events to the window on app:event', async () => {
    const s = setup();
    const win = await ready(s);
    s.core.emit({ name: 'conversation.changed', payload: { id: 4 } });
    expect(win.webContents.sent).toContainEqual([
      'app:event',
      { name: 'conversation.changed', payload: { id: 4 } },
    ]);
  });
});

describe('tray and notifications', () => {
  it('the tray shows the open count and follows queue.changed, throttled', async () => {
    const s = setup();
    await ready(s);
    await vi.waitFor(() => expect(s.fake.Tray.last!.tooltip).toBe('Steward — 3 open, 1 breached'));
    s.core.dispatch.mockClear();
    s.core.counts.open = 7;
    s.core.counts.breached = 0;
    for (let i = 0; i < 10; i++)
      s.core.emit({ name: 'queue.changed', payload: { reason: 'sync' } });
    await vi.waitFor(() => expect(s.fake.Tray.last!.tooltip).toBe('Steward — 7 open'));
    await new Promise((r) => setTimeout(r, 120));
    expect(
      s.core.dispatch.mock.calls.filter(([m]) => m === 'queue.counts').length,
    ).toBeLessThanOrEqual(2);
    const menu = s.fake.Tray.last!.menu as { items: { label?: string }[] };
    expect(menu.items.map((i) => i.label).filter(Boolean)).toEqual(['Show Steward', 'Quit']);
  });
  it('a notify event shows a native notification; clicking it focuses the window and opens the conversation', async () => {
    const s = setup();
    const win = await ready(s);
    s.fake.Notification.shown.length = 0;
    s.core.emit({
      name: 'notify',
      payload: {
        kind: 'breach',
        title: 'First reply SLA breached',
        body: 'Card declined',
        conversationId: 42,
      },
    });
    expect(s.fake.Notification.shown.map((n) => n.opts)).toEqual([
      { title: 'First reply SLA breached', body: 'Card declined', urgency: 'critical' },
    ]);
    win.focused = false;
    s.fake.Notification.shown[0]!.emit('click');
    expect(win.focused).toBe(true);
    expect(win.webContents.sent).toContainEqual([
      'app:event',
      { name: 'notification.clicked', payload: { conversationId: 42 } },
    ]);
  });
});

describe('session policy', () => {
  it('allows only notifications, only for our app', async () => {
    const s = setup();
    await ready(s);
    const ses = s.fake.session.defaultSession;
    const ask = (permission: string, url: string) =>
      new Promise<boolean>((r) =>
        ses.permissionRequest!({}, permission, r, { requestingUrl: url }),
      );
    expect(await ask('notifications', 'app://steward/index.html')).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal'])
      expect(await ask(p, 'app://steward/index.html')).toBe(false);
    expect(await ask('notifications', 'https://evil.example/')).toBe(false);
    expect(ses.permissionCheck!({}, 'notifications', 'app://steward')).toBe(true);
    expect(ses.permissionCheck!({}, 'media', 'app://steward')).toBe(false);
  });
  it('puts the strict CSP on every response', async () => {
    const s = setup();
    await ready(s);
    let out: Record<string, string[]> = {};
    s.fake.session.defaultSession.headersHook!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out['Content-Security-Policy']![0]).toContain("script-src 'self'");
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['X-Other']).toEqual(['1']);
  });
  it('every new webContents refuses webviews, navigation away and popups', async () => {
    const s = setup();
    const win = await ready(s);
    const e = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(win.webContents.openHandler!({ url: 'https://x.example' })).toEqual({ action: 'deny' });
  });
});

describe('quit', () => {
  it('waits for the core to stop, then quits', async () => {
    const s = setup();
    await ready(s);
    let release!: () => void;
    s.core.stop.mockImplementation(() => new Promise<void>((r) => (release = r)));
    s.fake.app.quit();
    expect(s.fake.calls.filter((c) => c === 'app.quit:done')).toHaveLength(0); // held until the core stopped
    await vi.waitFor(() => expect(s.core.stop).toHaveBeenCalledTimes(1));
    release();
    await vi.waitFor(() => expect(s.fake.calls).toContain('app.quit:done'));
    expect(s.fake.Tray.last!.destroyed).toBe(true);
    expect(s.fake.handlers.size).toBe(0);
  });
  it('closes to the tray when that setting is on; quits on window-all-closed otherwise', async () => {
    const s = setup();
    const win = await ready(s);
    openDesktopSettings(s.dir).set('closeToTray', true);
    win.close();
    expect(win.isDestroyed()).toBe(false);
    openDesktopSettings(s.dir).set('closeToTray', false);
    win.close();
    expect(win.isDestroyed()).toBe(true); // the last window: the fake emits window-all-closed
    await vi.waitFor(() => expect(s.fake.calls).toContain('app.quit:done'));
    // Bounds were remembered on close.
    expect(openDesktopSettings(s.dir).get('window')).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});
