// build/bench: entry of the catch-up host process (bundled to dist/bench/catchUpMain.mjs): runs
// catchUp.ts's workerHostRun on the given data folder and prints its figures as one JSON line; logs
// go to stderr. Argument: JSON { dataDir, catchUp, root }.
import { join } from 'node:path';
import { workerHostRun } from './catchUp';

const arg = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  catchUp: number;
  root: string;
};
const figures = await workerHostRun({
  dataDir: arg.dataDir,
  benchWorker: join(arg.root, 'dist/bench/benchCoreWorker.mjs'),
  catchUp: arg.catchUp,
  idleMs: 5_000,
  log: (m) => process.stderr.write(m + '\n'),
});
console.log(JSON.stringify(figures));
process.exit(0);
