// The streamed export (writeExport: raw rows, MonthPricer's two passes, the detailed CSV written from
// cached fields) against the pure core on a random dataset in a real SQLite file: the bytes of every
// CSV format must equal what shared/billing's priceEntries + export row builders + csv-stringify make
// of the same entries (read with the joined exportEntries query, priced the way the time room prices a
// client-month). The dataset has hostile titles, names and notes, entries without a conversation,
// agent-flagged non-billable entries, equal starts with ids 9/10-style, a retainer, a JPY and a KWD
// client, clock rounding on a half-hour zone, a per-group rounding client (priced as a whole) and a
// client without time. Run with the between-passes buffer and with the second read of the month.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingEntry,
  type ContractInput,
  CSV_STRINGIFY_OPTIONS,
  EXPORT_FORMATS,
  type ExportLine,
  exportRows,
  parseContract,
  priceEntries,
} from '../../../shared/billing';
import { offsetAt } from '../../../shared/sla';
import { openDb } from '../../../electron/core/db/open';
import { createRepos } from '../../../electron/core/domains';
import { writeExport } from '../../../electron/core/domains/time/export';
import { monthBounds } from '../../../electron/core/domains/time/rules';

const MONTH = '2026-03';
let dir: string;

/** mulberry32: a seeded generator, so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTRACTS: { name: string; contract: ContractInput }[] = [
  {
    name: 'Northwind, Ltd',
    contract: {
      currency: 'EUR',
      timeZone: 'Europe/Copenhagen',
      nonBillableActivities: ['admin'],
      rates: [
        { ratePerHourMinor: 9000, effectiveFrom: '2026-01-01' },
        { ratePerHourMinor: 9517, effectiveFrom: '2026-03-15' },
        { ratePerHourMinor: 12_001, activity: 'moderation', effectiveFrom: '2026-01-01' },
        { ratePerHourMinor: 7777, agentId: '2', effectiveFrom: '2026-03-10' },
      ],
      rounding: { mode: 'up', intervalMinutes: 6, scope: 'entry' },
    },
  },
  {
    name: '=cmd|calc',
    contract: {
      currency: 'JPY',
      timeZone: 'Asia/Tokyo',
      rates: [{ ratePerHourMinor: 12_345, effectiveFrom: '2026-01-01' }],
      retainer: {
        monthlyFeeMinor: 50_000,
        includedMinutes: 600,
        overageRatePerHourMinor: null,
        unused: { policy: 'rollover', capMinutes: 120 },
      },
      minimumPerEntryMinutes: 15,
    },
  },
  {
    name: 'Newfoundland "Fish"',
    contract: {
      currency: 'KWD',
      timeZone: 'America/St_Johns',
      rates: [{ ratePerHourMinor: 33_333, effectiveFrom: '2026-01-01' }],
      rounding: { mode: 'nearest', intervalMinutes: 15, scope: 'entry' },
      clockRounding: { start: 'down', end: 'up', intervalMinutes: 60 },
      retainer: {
        monthlyFeeMinor: 1000,
        includedMinutes: 120,
        overageRatePerHourMinor: 40_000,
        unused: { policy: 'lose' },
      },
    },
  },
  {
    name: 'Grouped AS',
    contract: {
      currency: 'NOK',
      timeZone: 'Europe/Oslo',
      rates: [{ ratePerHourMinor: 95_000, effectiveFrom: '2026-01-01' }],
      rounding: { mode: 'up', intervalMinutes: 15, scope: 'group' },
    },
  },
  { name: 'Quiet Co', contract: { currency: 'EUR', timeZone: 'UTC', rates: [] } },
  {
    name: 'Ties Ltd',
    contract: {
      currency: 'EUR',
      timeZone: 'UTC',
      rates: [{ ratePerHourMinor: 10_000, effectiveFrom: '2026-01-01' }],
    },
  },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'steward-export-stream-'));
  const db = openDb(join(dir, 'steward.db'));
  const repos = createRepos(db);
  const rnd = prng(7);
  const agents = ['Ann Smith', '@Mallory Evil', '-Dash, "Quoted" Name', 'Solo'].map(
    (name, i) => repos.agents.insert({ name, email: `a${i}@agency.example` }).id,
  );
  const convIns = db.prepare(
    'INSERT INTO conversations (client_id, source_id, external_id, title, url, created_at, last_message_at, due_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0)',
  );
  const entryIns =
    db.prepare(`INSERT INTO time_entries (agent_id, client_id, conversation_id, source_id, activity, billable, origin, start_at, seconds, note, running, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?, 0, 0, 0)`);
  const titles = [
    'Login trouble',
    '=HYPERLINK("http://evil.example")',
    '+1 for this',
    'Line\nbreak, comma',
    '＠full width',
  ];
  const notes = ['', 'Call with the client', '-10 minutes', 'quote " and, comma'];
  const acts = ['triage', 'reply', 'moderation', 'admin', '=act'];
  db.transaction(() => {
    CONTRACTS.forEach(({ name, contract }, c) => {
      const client = repos.clients.insert(
        {
          name,
          color: '#336699',
          timezone: 'Europe/Copenhagen',
          firstReplyMinutes: 60,
          briefing: '',
          isDemo: false,
        },
        0,
      );
      const source = repos.sources.insert(
        {
          clientId: client.id,
          platform: 'discourse',
          name: c === 1 ? '-Forum' : `Forum ${c}`,
          baseUrl: 'http://127.0.0.1:9',
          config: {},
          secretRef: null,
        },
        0,
      );
      repos.time.setContractJson(client.id, JSON.stringify(contract), 0);
      if (c === 0) repos.time.setPeriodState(client.id, MONTH, 'approved', agents[0]!, 0);
      if (name === 'Quiet Co') return;
      if (name === 'Ties Ltd') {
        // Two minutes at one start, ids 9999999 and 10000000: 166.67 each, 333 in all. The extra unit
        // goes to the earlier line in priceEntries' order, where "10000000" < "9999999".
        const tie =
          db.prepare(`INSERT INTO time_entries (id, agent_id, client_id, activity, billable, origin, start_at, seconds, note, running, created_at, updated_at)
          VALUES (?, ?, ?, 'reply', 1, 'manual', ?, 60, 'tie', 0, 0, 0)`);
        for (const id of [9_999_999, 10_000_000])
          tie.run(id, agents[0]!, client.id, Date.UTC(2026, 2, 2, 9));
        return;
      }
      const convs = Array.from({ length: 12 }, (_, k) =>
        Number(
          convIns.run(
            client.id,
            source.id,
            `t${k}`,
            titles[k % titles.length]!,
            k % 4 === 3 ? null : `https://f${c}.example/t/${k}`,
          ).lastInsertRowid,
        ),
      );
      const zone = parseContract(contract).timeZone;
      const { fromMs, toMs } = monthBounds(MONTH, zone);
      let last = fromMs;
      for (let i = 0; i < 400; i++) {
        // Every fifth entry starts exactly where the previous one did (manual entries at one minute).
        const start = i % 5 === 4 ? last : fromMs + Math.floor(rnd() * (toMs - fromMs));
        last = start;
        const conv = rnd() < 0.15 ? null : convs[Math.floor(rnd() * convs.length)]!;
        entryIns.run(
          agents[Math.floor(rnd() * agents.length)]!,
          client.id,
          conv,
          conv == null ? null : source.id,
          acts[Math.floor(rnd() * acts.length)]!,
          rnd() < 0.1 ? 0 : 1,
          start,
          Math.floor(rnd() * 5400),
          notes[Math.floor(rnd() * notes.length)]!,
        );
      }
      // The month's edges and the next month (must not be exported).
      entryIns.run(agents[0]!, client.id, null, null, 'reply', 1, fromMs, 60, 'first');
      entryIns.run(agents[0]!, client.id, null, null, 'reply', 1, toMs - 1000, 60, 'last');
      entryIns.run(agents[0]!, client.id, null, null, 'reply', 1, toMs, 60, 'next month');
    });
  })();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function isoInZone(ms: number, zone: string): string {
  const off = Math.round(offsetAt(zone, ms) / 60_000);
  const wall = new Date(ms + off * 60_000).toISOString().slice(0, 23);
  const a = Math.abs(off);
  return `${wall}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The pure core's export of the month: joined rows, priceEntries, row builders, csv-stringify. */
function referenceCsv(format: keyof typeof EXPORT_FORMATS): string {
  const db = new Database(join(dir, 'steward.db'), { readonly: true });
  const repos = createRepos(db);
  const lines: ExportLine[] = [];
  for (const client of repos.clients.list()) {
    const json = repos.time.contractJson(client.id);
    const c = parseContract(JSON.parse(json!));
    const { fromMs, toMs } = monthBounds(MONTH, c.timeZone);
    const rows = repos.time.exportEntries(client.id, fromMs, toMs);
    if (rows.length === 0) continue;
    const entry = (r: (typeof rows)[number]): BillingEntry => ({
      id: String(r.id),
      start: isoInZone(r.startAt, c.timeZone),
      seconds: r.seconds,
      agentId: String(r.agentId),
      activity: r.activity,
    });
    const billable = rows.filter((r) => r.billable === 1);
    const flagged = rows.filter((r) => r.billable === 0);
    const a = priceEntries(c, billable.map(entry));
    const b = priceEntries(
      {
        ...c,
        rates: [],
        retainer: null,
        nonBillableActivities: [...new Set(flagged.map((r) => r.activity))],
      },
      flagged.map(entry),
    );
    const priced = new Map([...a.lines, ...b.lines].map((l) => [l.id, l]));
    const state = repos.time.periodState(client.id, MONTH);
    for (const r of rows) {
      const l = priced.get(String(r.id))!;
      const name = r.agentName.trim();
      const sp = name.indexOf(' ');
      lines.push({
        start: isoInZone(r.startAt, c.timeZone),
        client: client.name,
        source: r.sourceName ?? '',
        conversationTitle: r.conversationTitle ?? r.note,
        conversationUrl: r.conversationUrl,
        agentName: r.agentName,
        agentFirstName: sp < 0 ? name : name.slice(0, sp),
        agentLastName: sp < 0 ? '' : name.slice(sp + 1).trim(),
        agentEmail: r.agentEmail ?? '',
        activity: r.activity,
        billable: l.billable,
        rawSeconds: l.rawSeconds,
        roundedSeconds: l.roundedSeconds,
        ratePerHourMinor: l.chargedRatePerHourMinor ?? l.rate?.ratePerHourMinor ?? null,
        amountMinor: l.amountMinor,
        currency: c.currency,
        periodState: state,
      });
    }
  }
  db.close();
  // The row builders take the export's zone per line; group lines by client's zone as the export does.
  let out = stringify([[...EXPORT_FORMATS[format].header]], CSV_STRINGIFY_OPTIONS);
  for (const l of lines) {
    const zone = CONTRACTS.find((x) => x.name === l.client)!.contract.timeZone;
    out += stringify(
      exportRows(EXPORT_FORMATS[format], [l], { timeZone: zone }).slice(1),
      CSV_STRINGIFY_OPTIONS,
    );
  }
  return out;
}

async function streamedCsv(format: keyof typeof EXPORT_FORMATS, passBufferRows?: number) {
  const db = new Database(join(dir, 'steward.db'), { readonly: true });
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setImmediate(done); // a slow sink: the export must wait for 'drain'
    },
  });
  const progress: number[] = [];
  try {
    const res = await writeExport(
      db,
      { clientId: null, month: MONTH, format },
      out,
      (rows) => progress.push(rows),
      {
        passBufferRows,
      },
    );
    return { text: Buffer.concat(chunks).toString('utf8'), res, progress };
  } finally {
    db.close();
  }
}

describe('streamed export = the pure core, byte for byte', () => {
  for (const format of ['csv', 'harvest', 'toggl', 'clockify'] as const) {
    it(`${format}: with the rows kept between the passes and with the month read twice`, async () => {
      const ref = referenceCsv(format);
      const kept = await streamedCsv(format);
      const reread = await streamedCsv(format, 10);
      // 4 clients × (400 + 2 inside the month) + 2 ties; not the quiet client nor the next month's entries.
      expect(kept.res).toEqual({ rows: 1610, clients: 5 });
      expect(ref.split('\r\n').length).toBe(1610 + 2);
      expect(kept.text).toBe(ref);
      expect(reread.text).toBe(ref);
      expect(kept.progress.at(-1)).toBe(1610);
    });
  }

  it('neutralises every hostile cell and keeps the per-group client priced as a whole', async () => {
    const { text } = await streamedCsv('csv');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(text).toContain(`'=cmd|calc`);
    expect(text).toContain(`'@Mallory Evil`);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    // The per-group client is in the export (priced by priceEntries as a whole; bytes checked above).
    const grouped = text.split('\r\n').filter((l) => l.includes(',Grouped AS,'));
    expect(grouped.length).toBe(402);
    const ties = text.split('\r\n').filter((l) => l.includes(',Ties Ltd,'));
    expect(ties.map((l) => l.split(',')[11])).toEqual(['1.66', '1.67']); // rows in id order
  });
});
