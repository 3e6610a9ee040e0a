// electron/preload: the sandboxed bridge. Exposes exactly window.app = { invoke, on, platform };
// forwards only the two contract channels, so adding a method never touches this file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppBridge } from '../../shared/ipc/bridge';
import { CHANNELS } from '../../shared/ipc/channels';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

const bridge: AppBridge = {
  invoke: (method: string, input: unknown) =>
    ipcRenderer.invoke(CHANNELS.invoke, method, input) as Promise<Result<unknown>>,
  on(listener: (e: CoreEvent) => void) {
    const handler = (_e: IpcRendererEvent, evt: CoreEvent) => listener(evt);
    ipcRenderer.on(CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.event, handler);
    };
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('app', bridge);
