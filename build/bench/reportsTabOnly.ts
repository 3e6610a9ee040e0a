// build/bench: `npm run bench:reports-tab [-- --messages N --clients N --runs N --keep | --data DIR
// --month YYYY-MM]` — fills a data folder as `npm run bench` does (N messages, default 1,000,000,
// through the real ingest path with SLA clocks, 50 clients, all in January 2026), then measures
// `reports_tab_ms` on it in Chromium (build/bench/reportsTab.ts). `--keep` leaves the folder (its path
// is logged); `--data DIR` measures an existing data folder instead — a kept one, or the one
// `npm run bench:reports` builds (dist/bench-reports: 1M messages over 2026, answered, tagged) — for
// `--month` (default 2026-01). Prints one JSON object as its last line.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../chromium';
import { openDb } from '../../electron/core/db/open';
import { createRepos } from '../../electron/core/domains';
import { generator } from './data';
import { seedClients, slaIngester } from './workspace';
import { reportsTabBench } from './reportsTab';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    clients: { type: 'string' },
    runs: { type: 'string' },
    keep: { type: 'boolean' },
    data: { type: 'string' },
    month: { type: 'string' },
  },
});
const N = Number(values.messages ?? 1_000_000);
const CLIENTS = Number(values.clients ?? 50);
const log = (m: string) => process.stderr.write(m + '\n');
const root = process.cwd();
const serverEntry = join(root, 'dist/server/index.mjs');
if (!existsSync(serverEntry) || !existsSync(join(root, 'dist/renderer/index.html')))
  throw new Error(
    'dist/server or dist/renderer is missing: run `npm run build -- --no-main` first',
  );

/** N messages through the real ingest path into dir/steward.db. */
function seed(dir: string) {
  const db = openDb(join(dir, 'steward.db'));
  const repos = createRepos(db);
  const sources = seedClients(repos, CLIENTS, {
    name: (c) => `Client ${String(c + 1).padStart(2, '0')}`,
  });
  const ingester = slaIngester(db);
  const gen = generator({ clients: CLIENTS, perConversation: 5 });
  const t0 = performance.now();
  for (let done = 0; done < N; done += 1000) {
    const batch = gen.batch(Math.min(1000, N - done));
    const bySource = new Map<number, typeof batch>();
    for (const b of batch)
      (bySource.get(b.sourceIdx) ?? bySource.set(b.sourceIdx, []).get(b.sourceIdx)!).push(b);
    for (const [idx, items] of bySource)
      ingester.ingest(
        sources[idx]!,
        items.map((x) => x.item),
        [],
        0,
      );
    if (done % 100_000 === 0 && done > 0) log(`ingest: ${done} messages`);
  }
  log(`ingest: ${N} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.exec('ANALYZE');
  db.close();
}

const dir = values.data ?? mkdtempSync(join(tmpdir(), 'steward-bench-reports-'));
try {
  if (!values.data) seed(dir);
  const browser = await launchChromium();
  try {
    const figures = await reportsTabBench({
      browser,
      serverEntry,
      dataDir: dir,
      month: values.month ?? '2026-01',
      runs: Number(values.runs ?? 5),
      log,
    });
    console.log(
      JSON.stringify({ data: values.data ?? `${N} messages, ${CLIENTS} clients`, ...figures }),
    );
  } finally {
    await browser.close();
  }
} finally {
  if (values.keep || values.data) log(`data folder kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
