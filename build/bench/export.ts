// build/bench: the time export figures for `npm run bench` — `export_1m_ms` (1,000,000 time entries
// in one month across 50 clients -> the detailed CSV of that month for all clients, through the real
// export path: a read-only snapshot, pricing per client-month, shared/billing rows, csv-stringify
// stream to a file) and `export_peak_rss_mb` (the peak resident memory of the process that ran the
// export; `start_rss_mb` is that process before the export). Two processes, so the figure is the
// export's own:
//   exportGenerate.mjs <dir> --entries N     fills <dir>/steward.db (build/bench/exportGenerate.ts)
//   export.mjs --run <dir>                    exports and prints {export_ms, cpu_ms, rows, bytes,
//                                             peak_rss_mb, start_rss_mb}
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { writeExport } from '../../electron/core/domains/time/export';
import { now } from './data';

const { values } = parseArgs({ options: { run: { type: 'string' } } });
const MONTH = '2026-11';

if (!values.run) throw new Error('usage: export.mjs --run <dir>');
{
  const path = join(values.run, 'export.csv');
  const db = new Database(join(values.run, 'steward.db'), { readonly: true, fileMustExist: true });
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const cpu0 = process.cpuUsage();
  const t = now();
  const res = await writeExport(
    db,
    { clientId: null, month: MONTH, format: 'csv' },
    createWriteStream(path),
    () => (peak = Math.max(peak, process.memoryUsage.rss())),
  );
  const ms = now() - t;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  const maxRss = process.resourceUsage().maxRSS / 1024; // KiB -> MiB
  console.log(
    JSON.stringify({
      export_ms: Number(ms.toFixed(0)),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      rows: res.rows,
      bytes: statSync(path).size,
      peak_rss_mb: Number(Math.max(maxRss, peak / 1048576).toFixed(0)),
      start_rss_mb: Math.round(startRss / 1048576),
    }),
  );
}
