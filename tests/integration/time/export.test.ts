// Exports through the real path (a read-only connection of their own, one read transaction,
// csv-stringify / exceljs streams): each format's header and rows, formula neutralisation of
// member-supplied titles and names, XLSX read back with exceljs, one consistent snapshot, the
// time.export method with its progress events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeExport, type ExportFormatName } from '../../../electron/core/domains/time/export';
import { EUR_CONTRACT, timeWorld, type TimeWorld } from './helpers';

let w: TimeWorld;
const HOSTILE_TITLE = '=HYPERLINK("http://evil.example","click")';

beforeEach(async () => {
  w = await timeWorld(Date.parse('2026-11-10T09:00:00Z'), undefined, {
    1: HOSTILE_TITLE,
    2: '-2+3 cmd|calc',
    3: 'Plain topic',
  });
  const { a, b } = w.clients;
  await w.core.call('time.setContract', { clientId: a, contract: EUR_CONTRACT });
  await w.core.call('time.setContract', {
    clientId: b,
    contract: {
      currency: 'JPY',
      timeZone: 'Asia/Tokyo',
      rates: [{ ratePerHourMinor: 12000, effectiveFrom: '2026-01-01' }],
      retainer: {
        monthlyFeeMinor: 50000,
        includedMinutes: 60,
        overageRatePerHourMinor: null,
        unused: { policy: 'lose' },
      },
    },
  });
  // The agent's name comes from the profile form: make it hostile too.
  await w.core.call('agents.setupSelf', { name: '@Mallory Evil', email: 'agent@example.test' });
  await w.core.call('time.addEntry', {
    clientId: a,
    conversationId: w.conv(1),
    activity: 'reply',
    start: '2026-11-03T09:07:00+01:00',
    seconds: 600,
  });
  await w.core.call('time.addEntry', {
    clientId: a,
    conversationId: w.conv(2),
    activity: 'triage',
    start: '2026-11-04T14:00:00+01:00',
    seconds: 3700,
  });
  await w.core.call('time.addEntry', {
    clientId: b,
    conversationId: w.conv(3),
    activity: 'reply',
    start: '2026-11-05T10:00:00+09:00',
    seconds: 5400,
    note: '',
  });
  await w.core.call('time.addEntry', {
    clientId: a,
    activity: 'call',
    start: '2026-10-31T10:00:00+01:00',
    seconds: 900,
    note: 'October call',
  }); // other month
});
afterEach(async () => w.core.close());

function reader() {
  return new Database(join(w.core.dir, 'steward.db'), { readonly: true, fileMustExist: true });
}
async function exportText(
  format: ExportFormatName,
  clientId: number | null = null,
  month = '2026-11',
): Promise<string> {
  const db = reader();
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  try {
    await writeExport(db, { clientId, month, format }, out);
  } finally {
    db.close();
  }
  return Buffer.concat(chunks).toString('utf8');
}
const rowsOf = (text: string) => parse(text, { relax_column_count: false }) as string[][];

describe('CSV formats', () => {
  it('Harvest: its 8 columns, decimal hours, the neutralised member title in Notes', async () => {
    const text = await exportText('harvest', w.clients.a);
    expect(text.startsWith('Date,Client,Project,Task,Notes,Hours,First name,Last name\r\n')).toBe(
      true,
    );
    const rows = rowsOf(text);
    expect(rows.slice(1)).toEqual([
      [
        '2026-11-03',
        'Northwind',
        'Northwind forum',
        'reply',
        `'${HOSTILE_TITLE} (https://forum.example/t/1)`,
        '0.25',
        "'@Mallory",
        'Evil',
      ],
      [
        '2026-11-04',
        'Northwind',
        'Northwind forum',
        'triage',
        "'-2+3 cmd|calc (https://forum.example/t/2)",
        '1.25',
        "'@Mallory",
        'Evil',
      ],
    ]);
  });

  it('Toggl: header, start date/time and HH:MM:SS duration of the billed time', async () => {
    const rows = rowsOf(await exportText('toggl', w.clients.a));
    expect(rows[0]).toEqual([
      'Email',
      'User',
      'Client',
      'Project',
      'Description',
      'Billable',
      'Start date',
      'Start time',
      'Duration',
      'Tags',
    ]);
    expect(rows[1]).toEqual([
      'agent@example.test',
      "'@Mallory Evil",
      'Northwind',
      'Northwind forum',
      `'${HOSTILE_TITLE}`,
      'Yes',
      '2026-11-03',
      '09:07:00',
      '00:15:00',
      'reply',
    ]);
    expect(rows[2]![8]).toBe('01:15:00');
  });

  it('Clockify: header, MM/DD/YYYY and 12-hour start, hh:mm:ss duration', async () => {
    const rows = rowsOf(await exportText('clockify', w.clients.a));
    expect(rows[0]).toEqual([
      'Project',
      'Client',
      'Description',
      'Task',
      'Email',
      'Tags',
      'Billable',
      'Start Date',
      'Start Time',
      'Duration (h)',
    ]);
    expect(rows[2]).toEqual([
      'Northwind forum',
      'Northwind',
      "'-2+3 cmd|calc",
      'triage',
      'agent@example.test',
      '',
      'Yes',
      '11/04/2026',
      '2:00 PM',
      '01:15:00',
    ]);
  });

  it('detailed CSV across all clients: rates, exact amounts in each currency, the retainer client, no other month', async () => {
    const rows = rowsOf(await exportText('csv'));
    expect(rows[0]).toEqual([
      'Date',
      'Client',
      'Source',
      'Conversation',
      'Conversation link',
      'Agent',
      'Activity',
      'Billable',
      'Raw hours',
      'Rounded hours',
      'Rate',
      'Amount',
      'Currency',
      'Period state',
    ]);
    // Clients in name order, each client's entries by start.
    expect(rows.slice(1)).toEqual([
      // 90 minutes, 60 of them covered by the retainer; 30 at the rate card's 12,000 JPY/h.
      [
        '2026-11-05',
        'Contoso',
        'Contoso forum',
        'Plain topic',
        'https://forum.example/t/3',
        "'@Mallory Evil",
        'reply',
        'Yes',
        '1.5000',
        '1.5000',
        '12000',
        '6000',
        'JPY',
        'open',
      ],
      [
        '2026-11-03',
        'Northwind',
        'Northwind forum',
        `'${HOSTILE_TITLE}`,
        'https://forum.example/t/1',
        "'@Mallory Evil",
        'reply',
        'Yes',
        '0.1667',
        '0.2500',
        '90.00',
        '22.50',
        'EUR',
        'open',
      ],
      [
        '2026-11-04',
        'Northwind',
        'Northwind forum',
        "'-2+3 cmd|calc",
        'https://forum.example/t/2',
        "'@Mallory Evil",
        'triage',
        'Yes',
        '1.0278',
        '1.2500',
        '90.00',
        '112.50',
        'EUR',
        'open',
      ],
    ]);
  });

  it('an empty month is a valid export: the header only', async () => {
    expect(rowsOf(await exportText('csv', null, '2025-01'))).toEqual([
      expect.arrayContaining(['Date', 'Period state']),
    ]);
    expect(rowsOf(await exportText('harvest', w.clients.b, '2025-01'))).toHaveLength(1);
  });

  it('refuses a malformed month and a client with time but no contract, naming it', async () => {
    await expect(exportText('csv', null, '2026-13')).rejects.toThrow(/month: expected YYYY-MM/);
    const c = await w.core.call('clients.create', { name: 'NoContract Ltd' });
    w.core.internals.repos.sources.insert(
      {
        clientId: c.id,
        platform: 'discourse',
        name: 'F',
        baseUrl: 'http://127.0.0.1:9',
        config: {},
        secretRef: null,
      },
      0,
    );
    await w.core.call('time.addEntry', {
      clientId: c.id,
      activity: 'call',
      start: '2026-11-06T10:00:00Z',
      seconds: 60,
    });
    await expect(exportText('csv')).rejects.toThrow(
      /"NoContract Ltd" has time in 2026-11 but no contract/,
    );
  });
});

describe('XLSX', () => {
  it('a sheet per client with totals and a summary sheet; amounts are numbers in the currency format; text neutralised', async () => {
    const db = reader();
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeExport(db, { clientId: null, month: '2026-11', format: 'xlsx' }, out);
    db.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Contoso', 'Northwind', 'Summary']);
    const nw = wb.getWorksheet('Northwind')!;
    expect(nw.getRow(1).values).toEqual([
      undefined,
      'Date',
      'Client',
      'Source',
      'Conversation',
      'Conversation link',
      'Agent',
      'Activity',
      'Billable',
      'Raw hours',
      'Rounded hours',
      'Rate',
      'Amount',
      'Currency',
      'Period state',
    ]);
    const r2 = nw.getRow(2);
    expect(r2.getCell(4).value).toBe(`'${HOSTILE_TITLE}`);
    expect(r2.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(r2.getCell(6).value).toBe("'@Mallory Evil");
    expect(r2.getCell(12).value).toBe(22.5);
    expect(r2.getCell(12).numFmt).toBe('#,##0.00 "EUR"');
    const total = nw.getRow(4);
    expect([total.getCell(1).value, total.getCell(10).value, total.getCell(12).value]).toEqual([
      'Total',
      1.5,
      135,
    ]);
    const jp = wb.getWorksheet('Contoso')!;
    expect(jp.getRow(2).getCell(12).numFmt).toBe('#,##0 "JPY"');
    expect([jp.getRow(4).getCell(1).value, jp.getRow(4).getCell(12).value]).toEqual([
      'Retainer fee',
      50000,
    ]);
    expect([jp.getRow(5).getCell(1).value, jp.getRow(5).getCell(12).value]).toEqual([
      'Total due',
      56000,
    ]);
    const sum = wb.getWorksheet('Summary')!;
    expect(sum.getRow(2).values).toEqual([
      undefined,
      'Contoso',
      'JPY',
      'open',
      1,
      1.5,
      1.5,
      6000,
      50000,
      56000,
    ]);
    expect(sum.getRow(3).values).toEqual([
      undefined,
      'Northwind',
      'EUR',
      'open',
      2,
      1.1944,
      1.5,
      135,
      0,
      135,
    ]);
    // No cell anywhere holds a formula.
    for (const s of wb.worksheets)
      s.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});

describe('snapshot and the contract method', () => {
  it('reads one consistent snapshot: rows written while the export streams are not in it', async () => {
    const db = reader();
    const seen: string[] = [];
    let inserted = false;
    // A slow sink: the first chunk waits until a writer has committed a new entry.
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, cb) {
        seen.push(chunk.toString('utf8'));
        if (!inserted) {
          inserted = true;
          void w.core
            .call('time.addEntry', {
              clientId: w.clients.a,
              activity: 'call',
              start: '2026-11-20T10:00:00Z',
              seconds: 60,
              note: 'late',
            })
            .then(() => cb(), cb);
        } else cb();
      },
    });
    const res = await writeExport(db, { clientId: null, month: '2026-11', format: 'csv' }, out);
    db.close();
    expect(inserted).toBe(true);
    expect(res.rows).toBe(3);
    expect(seen.join('')).not.toContain('late');
    expect(rowsOf(await exportText('csv'))).toHaveLength(5);
  });

  it('time.export writes into the data folder and reports progress', async () => {
    const events: { rows: number; done: boolean }[] = [];
    w.core.onEvent((e) => {
      if (e.name === 'time.exportProgress')
        events.push({ rows: e.payload.rows, done: e.payload.done });
    });
    const r = await w.core.call('time.export', {
      clientId: w.clients.a,
      month: '2026-11',
      format: 'harvest',
      exportId: 'x1',
    });
    expect(r.path).toBe(join(w.core.dir, 'exports', 'steward-Northwind-2026-11-harvest.csv'));
    expect(r.rows).toBe(2);
    expect(readFileSync(r.path, 'utf8').split('\r\n')[0]).toBe(
      'Date,Client,Project,Task,Notes,Hours,First name,Last name',
    );
    expect(events.at(-1)).toEqual({ rows: 2, done: true });
  });
});
