// electron/main: the entry of a core utilityProcess (bundled to dist/electron/utilityCore.cjs).
// Main forks it for the writer core and for each reader core; the first message from main carries
// a MessagePort, over which electron/host/coreEndpoint.ts speaks the host protocol. No Electron
// module is imported: a utility process is plain Node plus `process.parentPort`.
import { createCore } from '../core/index';
import { serveCore } from '../host/coreEndpoint';
import type { HostMessage } from '../host/protocol';

type PortLike = {
  postMessage(m: unknown): void;
  on(ev: 'message', cb: (e: { data: unknown }) => void): void;
  start(): void;
};
type ParentPort = {
  once(ev: 'message', cb: (e: { data: unknown; ports: PortLike[] }) => void): void;
};

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utilityCore must run in an Electron utility process');
parentPort.once('message', (e) => {
  const port = e.ports[0];
  if (!port) throw new Error('utilityCore: the first message from main must carry a MessagePort');
  serveCore(
    {
      post: (msg) => port.postMessage(msg),
      onMessage: (cb) => port.on('message', (ev) => cb(ev.data as HostMessage)),
    },
    createCore,
  );
  port.start();
});
