// build/bench: the core worker of the host benchmark. Exactly electron/server/coreWorker.ts (the
// real endpoint serving a real core), plus one benchmark-only message: `bench.ingest` runs a
// catch-up of N messages for one source through the writer core's real ingest path in poll-sized
// batches (one transaction per batch, yielding to the event loop between batches as a poll does),
// so the catch-up runs inside the same core that answers the host's queue requests.
import { parentPort } from 'node:worker_threads';
import { createCore, type Core } from '../../electron/core/index';
import { serveCore } from '../../electron/host/coreEndpoint';
import type { HostMessage } from '../../electron/host/protocol';
import { generator } from './data';

if (!parentPort) throw new Error('benchCoreWorker must run in a worker thread');
const port = parentPort;
let core: Core | null = null;
serveCore(
  {
    post: (msg) => port.postMessage(msg),
    onMessage: (cb) => void port.on('message', (m: HostMessage) => cb(m)),
  },
  async (opts) => (core = await createCore(opts)),
);

type IngestMsg = {
  t: 'bench.ingest';
  sourceId: number;
  clientId: number;
  messages: number;
  batch: number;
  prefix: string;
};
port.on('message', (m: { t: string }) => {
  if (m.t !== 'bench.ingest') return;
  const o = m as IngestMsg;
  void (async () => {
    const c = core;
    if (!c) return port.postMessage({ t: 'bench.done', error: 'no core' });
    const gen = generator({
      clients: 1,
      perConversation: 5,
      seed: 99,
      start: Date.now() - o.messages * 1000,
    });
    const t0 = performance.now();
    let maxBatchMs = 0;
    for (let done = 0; done < o.messages; done += o.batch) {
      const items = gen.batch(Math.min(o.batch, o.messages - done)).map(({ item }) => ({
        ...item,
        conversation: {
          ...item.conversation,
          externalId: `${o.prefix}${item.conversation.externalId}`,
        },
        message: { ...item.message, externalId: `${o.prefix}${item.message.externalId}` },
      }));
      const t = performance.now();
      c.internals.ingester.ingest({ id: o.sourceId, clientId: o.clientId }, items, [], Date.now());
      maxBatchMs = Math.max(maxBatchMs, performance.now() - t);
      await new Promise((r) => setImmediate(r));
    }
    port.postMessage({ t: 'bench.done', ms: performance.now() - t0, maxBatchMs });
  })();
});
