// The sandboxed preload exposes exactly invoke/on/platform and uses only the two channels.
import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, value: 1 })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
  ipcRenderer,
}));

describe('preload', () => {
  it('exposes window.app with invoke, on and platform only', async () => {
    await import('../../../electron/preload/index');
    const app = exposed.app as {
      invoke(m: string, i: unknown): Promise<unknown>;
      on(l: (e: unknown) => void): () => void;
      platform: string;
    };
    expect(Object.keys(app).sort()).toEqual(['invoke', 'on', 'platform']);
    await app.invoke('queue.list', { limit: 1 });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('app:invoke', 'queue.list', { limit: 1 });
    const listener = vi.fn();
    const off = app.on(listener);
    expect(ipcRenderer.on).toHaveBeenCalledWith('app:event', expect.any(Function));
    const handler = ipcRenderer.on.mock.calls[0]![1] as (e: unknown, evt: unknown) => void;
    handler({}, { name: 'queue.changed', payload: {} });
    expect(listener).toHaveBeenCalledWith({ name: 'queue.changed', payload: {} });
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('app:event', handler);
  });
});
