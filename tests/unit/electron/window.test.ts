// The main window with a mocked BrowserWindow: secure preferences, navigation and popups denied,
// safe links to the system browser only; tray label; native notifications for SLA events.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { notifyFromEvent } from '../../../electron/main/notifications';
import { trayLabel } from '../../../electron/main/tray';
import { createMainWindow, fitBounds } from '../../../electron/main/windows';

class FakeWebContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
}
class FakeWindow extends EventEmitter {
  static last: FakeWindow;
  webContents = new FakeWebContents();
  loaded = '';
  constructor(public opts: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeWindow.last = this;
  }
  maximize() {}
  show() {}
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 1, y: 2, width: 1000, height: 700 };
  }
  loadURL(u: string) {
    this.loaded = u;
    return Promise.resolve();
  }
}

describe('main window', () => {
  const shell = { openExternal: vi.fn(async () => {}) };
  const onBounds = vi.fn();
  createMainWindow({
    BrowserWindow: FakeWindow as never,
    shell,
    preload: '/p.cjs',
    bounds: { width: 1200, height: 800, maximized: false },
    onBounds,
  });
  const w = FakeWindow.last;

  it('is created sandboxed and isolated, loading our app URL', () => {
    expect(w.opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/p.cjs',
    });
    expect(w.loaded).toBe('app://steward/index.html');
  });
  it('denies navigation away from the app and new windows; safe links open in the browser', () => {
    const e = { preventDefault: vi.fn() };
    w.webContents.emit('will-navigate', e, 'https://evil.example/phish');
    expect(e.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/phish');
    shell.openExternal.mockClear();
    const e2 = { preventDefault: vi.fn() };
    w.webContents.emit('will-navigate', e2, 'app://steward/index.html#x');
    expect(e2.preventDefault).not.toHaveBeenCalled();
    expect(w.webContents.openHandler!({ url: 'https://forum.example/t/1' })).toEqual({
      action: 'deny',
    });
    expect(shell.openExternal).toHaveBeenCalledWith('https://forum.example/t/1');
    shell.openExternal.mockClear();
    expect(w.webContents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(w.webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
  it('remembers its bounds (debounced)', async () => {
    w.emit('resize');
    w.emit('move');
    expect(onBounds).not.toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(onBounds).toHaveBeenCalledWith({
        x: 1,
        y: 2,
        width: 1000,
        height: 700,
        maximized: false,
      }),
    );
    expect(onBounds).toHaveBeenCalledTimes(1);
  });
});

describe('tray and notifications', () => {
  it('the tray label counts open and breached', () => {
    expect(trayLabel({ open: 12, breached: 0 })).toBe('Steward — 12 open');
    expect(trayLabel({ open: 12, breached: 3 })).toBe('Steward — 12 open, 3 breached');
  });
  it('an SLA breach event shows a native notification; other events do not', () => {
    const shown: unknown[] = [];
    class N extends EventEmitter {
      static isSupported() {
        return true;
      }
      constructor(public o: unknown) {
        super();
      }
      show() {
        shown.push(this.o);
      }
    }
    const onClick = vi.fn();
    const n = notifyFromEvent(
      {
        name: 'notify',
        payload: {
          kind: 'breach',
          title: 'First reply SLA breached',
          body: 'Card declined',
          conversationId: 7,
        },
      },
      { Notification: N as never, onClick },
    );
    expect(shown).toEqual([
      { title: 'First reply SLA breached', body: 'Card declined', urgency: 'critical' },
    ]);
    (n as unknown as EventEmitter).emit('click');
    expect(onClick).toHaveBeenCalledWith(7);
    expect(
      notifyFromEvent(
        { name: 'queue.changed', payload: { reason: 'x' } },
        { Notification: N as never, onClick },
      ),
    ).toBeNull();
  });
});

describe('window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('keeps a visible position and drops one on an unplugged monitor', () => {
    expect(
      fitBounds({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, screen),
    ).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: false });
    expect(
      fitBounds({ x: 3000, y: 50, width: 1200, height: 800, maximized: true }, screen),
    ).toEqual({ width: 1200, height: 800, maximized: true });
  });
  it('fits the size to the largest display and the minimum size', () => {
    expect(fitBounds({ width: 5000, height: 300, maximized: false }, screen)).toEqual({
      width: 1920,
      height: 600,
      maximized: false,
    });
  });
});
