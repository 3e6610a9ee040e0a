// electron/server: the entry of a core worker thread (bundled to dist/server/coreWorker.mjs). The
// browser-mode host (electron/server/main.ts) runs the writer core and the reader cores each in one
// of these; electron/host/coreEndpoint.ts speaks the host protocol over the thread's parentPort.
import { parentPort } from 'node:worker_threads';
import { createCore } from '../core/index';
import { serveCore } from '../host/coreEndpoint';
import type { HostMessage } from '../host/protocol';

if (!parentPort) throw new Error('coreWorker must run in a worker thread');
const port = parentPort;
serveCore(
  {
    post: (msg) => port.postMessage(msg),
    onMessage: (cb) => void port.on('message', (m: HostMessage) => cb(m)),
  },
  createCore,
);
