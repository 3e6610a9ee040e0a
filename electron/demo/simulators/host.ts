// electron/demo/simulators: starts every demo platform's simulators for the demo's communities and
// routes the director's member actions to them. `startSimulators` runs them in this thread (tests);
// `startSimulatorsInWorker` runs the same code in a worker_thread (the hosts), so the simulators'
// HTTP and WebSocket servers, JSON state writes and traffic never block the host's request thread.
import { Worker } from 'node:worker_threads';
import { demoPlatform } from '../platforms';
import type { DemoPlatformSims } from '../platforms/types';
import type { MemberAction, SimulatorHandle, SimulatorStartOptions } from '../types';

export async function startSimulators(o: SimulatorStartOptions): Promise<SimulatorHandle> {
  const running: Array<{ slugs: Set<string>; sims: DemoPlatformSims }> = [];
  const setups: SimulatorHandle['setups'] = {};
  const ports: SimulatorHandle['ports'] = {};
  try {
    for (const platform of new Set(o.communities.map((c) => c.platform))) {
      const mod = demoPlatform(platform);
      if (!mod) continue;
      const communities = o.communities.filter((c) => c.platform === platform);
      const sims = await mod.start({
        stateDir: o.stateDir,
        ports: o.ports,
        communities,
        seedHistory: o.seedHistory,
        seed: o.seed,
      });
      running.push({ slugs: new Set(communities.map((c) => c.slug)), sims });
      Object.assign(setups, sims.setups);
      Object.assign(ports, sims.ports);
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.sims.close()));
    throw err;
  }
  return {
    setups,
    ports,
    async act(actions: MemberAction[]) {
      for (const a of actions) {
        try {
          await running.find((r) => r.slugs.has(a.slug))?.sims.act(a);
        } catch {
          // A failed write (e.g. a full disk under the state file) drops that one post; the demo goes on.
        }
      }
    },
    async close() {
      await Promise.all(running.map((r) => r.sims.close()));
    },
  };
}

type FromWorker =
  | { type: 'ready'; setups: SimulatorHandle['setups']; ports: SimulatorHandle['ports'] }
  | { type: 'error'; message: string }
  | { type: 'done'; id: number };

/** The same simulators in a worker thread; `workerFile` is the bundled worker entry (simulators/worker.ts). */
export async function startSimulatorsInWorker(
  workerFile: string | URL,
  o: SimulatorStartOptions,
): Promise<SimulatorHandle> {
  const worker = new Worker(workerFile, { workerData: o });
  let nextId = 1;
  const pending = new Map<number, () => void>();
  const ready = await new Promise<Extract<FromWorker, { type: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`demo simulators exited (${code}) before they started`)),
    );
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'error') reject(new Error(m.message));
      else pending.get(m.id)?.();
    });
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('error', () => {});
  worker.on('exit', () => {
    for (const done of pending.values()) done();
    pending.clear();
  });
  const call = (msg: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      pending.set(id, () => {
        pending.delete(id);
        resolve();
      });
      worker.postMessage({ ...msg, id });
    });
  return {
    setups: ready.setups,
    ports: ready.ports,
    act: (actions) => call({ type: 'act', actions }),
    async close() {
      await call({ type: 'close' });
      await worker.terminate();
    },
  };
}
