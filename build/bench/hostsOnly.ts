// build/bench: `npm run bench -- --only-hosts --db <steward.db> [--no-cold] [--no-catch-up] [--inproc]
// [--catch-up N]` — only the hosts' figures (build/bench/hosts.ts), on a copy of an existing database
// (e.g. one kept by `npm run bench -- --keep --no-hosts`: <tmp>/steward-bench-*/ingest.db), so that
// the cold start and the catch-up can be iterated on without re-ingesting 1,000,000 messages. Each run
// works on a fresh copy in a new temporary folder (the catch-up adds messages), deleted afterwards.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markClosed } from '../../electron/core/db/integrity';
import { hostBenches } from './hosts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'catch-up': { type: 'string' },
    'no-cold': { type: 'boolean' },
    'no-catch-up': { type: 'boolean' },
    inproc: { type: 'boolean' },
    /** Mark the copy as cleanly closed (as after an earlier run), so the background check runs. */
    'clean-state': { type: 'boolean' },
  },
  strict: false,
});
if (typeof values.db !== 'string') throw new Error('--only-hosts needs --db <steward.db>');
const log = (m: string) => process.stderr.write(m + '\n');
const dir = mkdtempSync(join(tmpdir(), 'steward-hosts-'));
try {
  copyFileSync(values.db, join(dir, 'steward.db'));
  if (values['clean-state'] === true) markClosed(join(dir, 'steward.db'), Date.now());
  const out = await hostBenches({
    dataDir: dir,
    root: process.cwd(),
    catchUp: Number(values['catch-up'] ?? 100_000),
    inproc: values.inproc === true,
    cold: values['no-cold'] !== true,
    catchUpRun: values['no-catch-up'] !== true,
    log,
  });
  console.log(JSON.stringify({ node: process.version, ...out }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
