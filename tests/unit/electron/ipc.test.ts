// The IPC transport: sender-frame check before the dispatcher, only the two channels.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import {
  createInvokeHandler,
  forwardEvents,
  makeSenderCheck,
  registerIpc,
} from '../../../electron/main/ipc';

const ours = { id: 1, isDestroyed: () => false, send: vi.fn() } as unknown as WebContents;
const other = { id: 2 } as unknown as WebContents;
const ev = (o: { url: string; parent?: unknown; sender?: WebContents }) =>
  ({
    senderFrame: { url: o.url, parent: o.parent ?? null },
    sender: o.sender ?? ours,
  }) as unknown as IpcMainInvokeEvent;

describe('IPC', () => {
  const check = makeSenderCheck((wc) => wc === ours);
  const dispatch = vi.fn(async (m: unknown, i: unknown) => ({
    ok: true as const,
    value: { m, i },
  }));
  const handler = createInvokeHandler(dispatch, check);

  it('forwards a call from our window to the dispatcher', async () => {
    const r = await handler(ev({ url: 'app://steward/index.html' }), 'queue.list', { limit: 5 });
    expect(r).toEqual({ ok: true, value: { m: 'queue.list', i: { limit: 5 } } });
  });
  it('refuses a foreign page, a subframe and another webContents', async () => {
    dispatch.mockClear();
    for (const e of [
      ev({ url: 'https://evil.example/' }),
      ev({ url: 'app://steward/index.html', parent: {} }),
      ev({ url: 'app://steward/index.html', sender: other }),
    ]) {
      expect(await handler(e, 'queue.list', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });
  it('registers exactly the invoke channel and forwards events to the window', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
    const off = registerIpc(ipcMain, dispatch, check);
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle.mock.calls[0]![0]).toBe('app:invoke');
    off();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith('app:invoke');
    let emit: (e: never) => void = () => {};
    forwardEvents(
      (cb) => {
        emit = cb as never;
        return () => {};
      },
      () => ours,
    );
    emit({ name: 'queue.changed', payload: { reason: 'x' } } as never);
    expect((ours.send as unknown as ReturnType<typeof vi.fn>).mock.calls[0]).toEqual([
      'app:event',
      { name: 'queue.changed', payload: { reason: 'x' } },
    ]);
  });
});
