// build/bench: the time export figures for `npm run bench` — `export_1m_ms` (1,000,000 time entries
// in one month across 50 clients -> the detailed CSV of that month for all clients, through the real
// export path: a read-only snapshot, pricing per client-month, shared/billing rows, csv-stringify
// stream to a file) and `export_peak_rss_mb` (the peak resident memory of the process that ran the
// export). Two processes, so the figure is the export's own:
//   export.mjs --generate <dir> --entries N   fills <dir>/steward.db (plain inserts, one transaction per 50k)
//   export.mjs --run <dir>                    exports and prints {export_ms, rows, bytes, peak_rss_mb}
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { writeExport } from '../../electron/core/domains/time/export';
import { now, prng } from './data';

const { values } = parseArgs({
  options: {
    generate: { type: 'string' },
    run: { type: 'string' },
    entries: { type: 'string' },
    clients: { type: 'string' },
  },
});
const MONTH = '2026-11';
const MONTH_START = Date.parse('2026-10-31T23:00:00Z'); // 2026-11-01 00:00 in Copenhagen
const MONTH_MS = 30 * 86_400_000 - 3600_000;

if (values.generate) {
  // Loaded here only: the export process (--run) holds what the export path needs, no more.
  const { openDb } = await import('../../electron/core/db/open');
  const { createRepos } = await import('../../electron/core/domains');
  const n = Number(values.entries ?? 1_000_000);
  const clients = Number(values.clients ?? 50);
  const db = openDb(join(values.generate, 'steward.db'));
  const repos = createRepos(db);
  const rnd = prng(42);
  const agents = Array.from(
    { length: 20 },
    (_, i) =>
      repos.agents.insert({ name: `Agent ${i} Example`, email: `agent${i}@agency.example` }).id,
  );
  const convs: { id: number; sourceId: number }[][] = [];
  for (let c = 0; c < clients; c++) {
    const client = repos.clients.insert(
      {
        name: `Client ${c}`,
        color: '#336699',
        timezone: 'Europe/Copenhagen',
        firstReplyMinutes: 60,
        briefing: '',
        isDemo: false,
      },
      0,
    );
    const s = repos.sources.insert(
      {
        clientId: client.id,
        platform: 'discourse',
        name: `Forum ${c}`,
        baseUrl: 'http://127.0.0.1:9',
        config: {},
        secretRef: null,
      },
      0,
    );
    repos.time.setContractJson(
      client.id,
      JSON.stringify({
        currency: c % 5 === 0 ? 'DKK' : 'EUR',
        timeZone: 'Europe/Copenhagen',
        nonBillableActivities: ['admin'],
        rates: [
          { ratePerHourMinor: 9000, effectiveFrom: '2026-01-01' },
          { ratePerHourMinor: 9500, effectiveFrom: '2026-11-15' },
          { ratePerHourMinor: 12000, activity: 'moderation', effectiveFrom: '2026-01-01' },
        ],
        rounding: { mode: 'up', intervalMinutes: 6, scope: 'entry' },
        clockRounding: null,
        minimumPerEntryMinutes: 0,
        retainer: null,
      }),
      0,
    );
    const ins = db.prepare(
      'INSERT INTO conversations (client_id, source_id, external_id, title, url, created_at, last_message_at, due_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0)',
    );
    const list: { id: number; sourceId: number }[] = [];
    for (let k = 0; k < 200; k++) {
      const id = Number(
        ins.run(
          client.id,
          s.id,
          `t${k}`,
          `Topic ${k}: ${k % 7 === 0 ? '=SUM(A1:A9)' : 'login trouble after the update'}`,
          `https://forum${c}.example/t/${k}`,
        ).lastInsertRowid,
      );
      list.push({ id, sourceId: s.id });
    }
    convs.push(list);
  }
  const acts = ['triage', 'reply', 'reply', 'moderation', 'admin'];
  const insert =
    db.prepare(`INSERT INTO time_entries (agent_id, client_id, conversation_id, source_id, activity, billable, origin, start_at, seconds, note, running, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 1, 'auto', ?, ?, '', 0, 0, 0)`);
  const t = now();
  for (let done = 0; done < n;) {
    const batch = Math.min(50_000, n - done);
    db.transaction(() => {
      for (let i = 0; i < batch; i++) {
        const c = Math.floor(rnd() * clients);
        const conv = convs[c]![Math.floor(rnd() * 200)]!;
        insert.run(
          agents[Math.floor(rnd() * agents.length)]!,
          c + 1,
          conv.id,
          conv.sourceId,
          acts[Math.floor(rnd() * acts.length)]!,
          MONTH_START + Math.floor(rnd() * MONTH_MS),
          15 + Math.floor(rnd() * 1800),
        );
      }
    })();
    done += batch;
  }
  db.close();
  process.stderr.write(
    `export bench: ${n} time entries generated in ${((now() - t) / 1000).toFixed(1)} s\n`,
  );
} else if (values.run) {
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
