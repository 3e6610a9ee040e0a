// build/bench: `npm run bench -- --only-export [--time-entries N]` — only the time export figures.
import { parseArgs } from 'node:util';
import { runExportBench } from './exportRunner';

const { values } = parseArgs({ options: { 'time-entries': { type: 'string' } }, strict: false });
console.log(
  JSON.stringify({
    node: process.version,
    ...runExportBench(Number(values['time-entries'] ?? 1_000_000), (m) =>
      process.stderr.write(m + '\n'),
    ),
  }),
);
