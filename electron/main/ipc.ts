// electron/main: the IPC transport of the contract. Every invoke is checked to come from our own
// window's top frame on our app URL, then goes through the one dispatcher.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc/channels';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Dispatch } from '../../shared/ipc/dispatch';
import type { Result } from '../../shared/ipc/result';
import { isAppUrl } from './security';

export type SenderCheck = (e: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;

/** Trusted = the top frame of our own window, showing our app URL (Electron security checklist: validate the sender of IPC messages). */
export function makeSenderCheck(isOurWebContents: (wc: WebContents) => boolean): SenderCheck {
  return (e) => {
    const frame = e.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!isOurWebContents(e.sender)) return false;
    return isAppUrl(frame.url);
  };
}

export function createInvokeHandler(dispatch: Dispatch, trusted: SenderCheck) {
  return async (
    e: IpcMainInvokeEvent,
    method: unknown,
    input: unknown,
  ): Promise<Result<unknown>> => {
    if (!trusted(e))
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'IPC from an untrusted frame was refused' },
      };
    try {
      return await dispatch(method, input);
    } catch {
      // The dispatcher returns envelopes; this only guards against a host bug reaching the renderer as a throw.
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  };
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  trusted: SenderCheck,
): () => void {
  ipcMain.handle(CHANNELS.invoke, createInvokeHandler(dispatch, trusted));
  return () => ipcMain.removeHandler(CHANNELS.invoke);
}

/** Forwards core events to a window (dropped silently once it is gone). */
export function forwardEvents(
  onEvent: (cb: (e: CoreEvent) => void) => () => void,
  target: () => WebContents | null,
): () => void {
  return onEvent((evt) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(CHANNELS.event, evt);
  });
}
