// build/bench: fills a data folder for the time export benchmark (build/bench/export.ts):
//   exportGenerate.mjs <dir> --entries N [--clients C]
// 50 clients (Copenhagen, EUR or DKK, a rate change mid-month and an activity rate), 200 conversations
// each (every seventh title a formula), 20 agents, and N time entries spread at random over November
// 2026, inserted in random order (the worst case for reading a client's month: its rows are scattered
// over the whole table). Plain inserts, one transaction per 50,000. A process of its own, so the
// export's process loads only the export path.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../electron/core/db/open';
import { createRepos } from '../../electron/core/domains';
import { now, prng } from './data';
import { seedClients } from './workspace';

const { values, positionals } = parseArgs({
  options: { entries: { type: 'string' }, clients: { type: 'string' } },
  allowPositionals: true,
});
const dir = positionals[0];
if (!dir) throw new Error('usage: exportGenerate.mjs <dir> --entries N [--clients C]');
const MONTH_START = Date.parse('2026-10-31T23:00:00Z'); // 2026-11-01 00:00 in Copenhagen
const MONTH_MS = 30 * 86_400_000 - 3600_000;

const n = Number(values.entries ?? 1_000_000);
const clients = Number(values.clients ?? 50);
const db = openDb(join(dir, 'steward.db'));
const repos = createRepos(db);
const rnd = prng(42);
const agents = Array.from(
  { length: 20 },
  (_, i) =>
    repos.agents.insert({ name: `Agent ${i} Example`, email: `agent${i}@agency.example` }).id,
);
const convs: { id: number; sourceId: number }[][] = [];
for (const [c, s] of seedClients(repos, clients, { firstReplyMinutes: () => 60 }).entries()) {
  repos.time.setContractJson(
    s.clientId,
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
        s.clientId,
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
