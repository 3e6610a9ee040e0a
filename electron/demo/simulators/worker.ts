// electron/demo/simulators: the worker-thread entry of the demo simulators (bundled by
// build/scripts/build.mjs as demo-simulators.*). It starts them with the options it was given and
// answers the host's `act` and `close` messages; see host.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulatorStartOptions } from '../types';
import { startSimulators } from './host';

type ToWorker =
  | {
      type: 'act';
      id: number;
      actions: Parameters<Awaited<ReturnType<typeof startSimulators>>['act']>[0];
    }
  | { type: 'close'; id: number };

const port = parentPort;
if (port) {
  startSimulators(workerData as SimulatorStartOptions).then(
    (sims) => {
      port.postMessage({ type: 'ready', setups: sims.setups, ports: sims.ports });
      port.on('message', (m: ToWorker) => {
        if (m.type === 'act')
          void sims.act(m.actions).then(() => port.postMessage({ type: 'done', id: m.id }));
        else void sims.close().then(() => port.postMessage({ type: 'done', id: m.id }));
      });
    },
    (err: unknown) =>
      port.postMessage({
        type: 'error',
        message: String((err as Error)?.message ?? err).slice(0, 500),
      }),
  );
}
