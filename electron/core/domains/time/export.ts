// electron/core/domains/time: the export path shared by the UI (time.export), the command line
// (`npm run export`) and the benchmark. Harvest, Toggl Track, Clockify and the detailed CSV rows come
// from shared/billing's builders (formula-neutralised) and are streamed through csv-stringify; XLSX
// goes through exceljs's streaming WorkbookWriter (one sheet per client with totals, then a summary
// sheet — last, because the zip is written entry by entry and an earlier open sheet would hold every
// later one in memory).
//
// One consistent snapshot: everything is read inside ONE read transaction on a connection of its
// own (WAL: writers carry on; the export does not see their changes). Memory: a client's month is
// priced as a whole (largest-remainder allocation and group rounding need all its entries), then its
// rows are streamed out and dropped — memory grows with the largest client-month, not with the
// number of entries exported.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { parseContract, type Contract } from '../../../../shared/billing/contract';
import { BillingError } from '../../../../shared/billing/errors';
import {
  CSV_STRINGIFY_OPTIONS,
  DecimalCell,
  EXPORT_FORMATS,
  exportRows,
  renderCell,
  detailedFormat,
  type ExportLine,
} from '../../../../shared/billing/exports';
import { formatMinor, formatRatio } from '../../../../shared/billing/money';
import { AppError } from '../../../../shared/ipc/result';
import type { Db } from '../../db/open';
import { createClientsRepo } from '../clients/repo';
import { createTimeRepo, type ExportEntryRow } from './repo';
import { priceClientMonth, isoInZone } from './pricing';
import { monthBounds } from './rules';

export type ExportFormatName = 'harvest' | 'toggl' | 'clockify' | 'csv' | 'xlsx';
export const EXPORT_EXTENSIONS: Record<ExportFormatName, string> = {
  harvest: 'csv',
  toggl: 'csv',
  clockify: 'csv',
  csv: 'csv',
  xlsx: 'xlsx',
};

export type ExportRequest = {
  /** null = every client (clients without time that month are skipped). */
  clientId: number | null;
  month: string;
  format: ExportFormatName;
};
export type ExportResult = { rows: number; clients: number };
export type ExportProgress = (rows: number, total: number) => void;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const PROGRESS_EVERY = 10_000;

type ClientPlan = {
  id: number;
  name: string;
  contract: Contract & { exponent: number };
  fromMs: number;
  toMs: number;
  count: number;
  state: string;
};

/**
 * Writes one export to `out` (which it ends). `db` should be a connection of its own (the read
 * transaction is held across the stream's awaits). Bad input: AppError with a readable message.
 */
export async function writeExport(
  db: Db,
  req: ExportRequest,
  out: Writable,
  onProgress?: ExportProgress,
): Promise<ExportResult> {
  if (!MONTH.test(req.month))
    throw new AppError(
      'invalid_input',
      `month: expected YYYY-MM, got ${JSON.stringify(req.month)}`,
    );
  if (!(req.format in EXPORT_EXTENSIONS))
    throw new AppError(
      'invalid_input',
      `format: expected one of ${Object.keys(EXPORT_EXTENSIONS).join(', ')}`,
    );
  const clients = createClientsRepo(db);
  const time = createTimeRepo(db);
  db.exec('BEGIN');
  try {
    // The first read opens the snapshot; every later read in this transaction sees the same data.
    const list =
      req.clientId == null ? clients.list() : [clients.get(req.clientId)].filter((c) => c != null);
    if (req.clientId != null && list.length === 0)
      throw new AppError('not_found', `client ${req.clientId} not found`);
    const plans: ClientPlan[] = [];
    for (const c of list) {
      const json = time.contractJson(c.id);
      const zone = json
        ? ((JSON.parse(json) as { timeZone?: string }).timeZone ?? c.timezone)
        : c.timezone;
      const { fromMs, toMs } = monthBounds(req.month, zone);
      const count = time.countRange(c.id, fromMs, toMs);
      if (count === 0 && req.clientId == null) continue;
      if (json == null) {
        if (count === 0) continue;
        throw new AppError(
          'conflict',
          `client "${c.name}" has time in ${req.month} but no contract: set one in Settings → client → Contract`,
        );
      }
      let contract: Contract & { exponent: number };
      try {
        contract = parseContract(JSON.parse(json));
      } catch (e) {
        throw new AppError(
          'conflict',
          `client "${c.name}": stored contract is invalid (${(e as Error).message})`,
        );
      }
      plans.push({
        id: c.id,
        name: c.name,
        contract,
        fromMs,
        toMs,
        count,
        state: time.periodState(c.id, req.month),
      });
    }
    const total = plans.reduce((s, p) => s + p.count, 0);
    const sink = req.format === 'xlsx' ? await xlsxSink(out) : csvSink(out, req.format);
    let rows = 0;
    for (const p of plans) {
      const entries = time.exportEntries(p.id, p.fromMs, p.toMs);
      let priced;
      try {
        priced = priceClientMonth(p.contract, entries);
      } catch (e) {
        if (e instanceof BillingError)
          throw new AppError('conflict', `client "${p.name}" ${req.month}: ${e.message}`);
        throw e;
      }
      await sink.startClient(p, priced.totals.timeMinor, priced.totals.retainerFeeMinor);
      for (let i = 0; i < entries.length; i++) {
        const pending = sink.line(toLine(p, entries[i]!, priced.lines[i]!));
        if (pending) await pending;
        rows++;
        if (onProgress && rows % PROGRESS_EVERY === 0) onProgress(rows, total);
      }
      await sink.endClient(p, priced.totals);
    }
    await sink.end();
    onProgress?.(rows, total);
    return { rows, clients: plans.length };
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

function splitName(name: string): [string, string] {
  const t = name.trim();
  const i = t.indexOf(' ');
  return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1).trim()];
}

function toLine(
  p: ClientPlan,
  e: ExportEntryRow,
  l: ReturnType<typeof priceClientMonth>['lines'][number],
): ExportLine {
  const [first, last] = splitName(e.agentName);
  return {
    start: isoInZone(e.startAt, p.contract.timeZone),
    client: p.name,
    source: e.sourceName ?? '',
    conversationTitle: e.conversationTitle ?? e.note,
    conversationUrl: e.conversationUrl,
    agentName: e.agentName,
    agentFirstName: first,
    agentLastName: last,
    agentEmail: e.agentEmail ?? '',
    activity: e.activity,
    billable: l.billable,
    rawSeconds: l.rawSeconds,
    roundedSeconds: l.roundedSeconds,
    ratePerHourMinor: l.chargedRatePerHourMinor ?? l.rate?.ratePerHourMinor ?? null,
    amountMinor: l.amountMinor,
    currency: p.contract.currency,
    periodState: p.state as ExportLine['periodState'],
  };
}

type Totals = ReturnType<typeof priceClientMonth>['totals'];
type Sink = {
  startClient(p: ClientPlan, timeMinor: number, feeMinor: number): Promise<void>;
  /** A promise only when the caller must wait (back-pressure). */
  line(l: ExportLine): Promise<void> | void;
  endClient(p: ClientPlan, totals: Totals): Promise<void>;
  end(): Promise<void>;
};

function csvSink(out: Writable, name: Exclude<ExportFormatName, 'xlsx'>): Sink {
  const format = EXPORT_FORMATS[name];
  // Rows are rendered in chunks with csv-stringify's sync API and written with back-pressure: the
  // same RFC 4180 output as its stream API, without a stream round trip per row (memory: one chunk).
  const CHUNK = 2000;
  let pending: string[][] = [];
  let opts = { timeZone: 'UTC' };
  const flush = async () => {
    if (pending.length === 0) return;
    const text = stringifySync(pending, CSV_STRINGIFY_OPTIONS);
    pending = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  // The header (and a check of the options) once, whatever the number of clients.
  pending.push(exportRows(format, [], { timeZone: 'UTC' })[0]!);
  return {
    async startClient(p) {
      opts = { timeZone: p.contract.timeZone };
    },
    line(l) {
      const cells = format.row(l, opts);
      const row = new Array<string>(cells.length);
      for (let i = 0; i < cells.length; i++) row[i] = renderCell(cells[i]!);
      pending.push(row);
      return pending.length >= CHUNK ? flush() : undefined;
    },
    async endClient() {},
    async end() {
      await flush();
      out.end();
      await finished(out);
    },
  };
}

/** An exceljs number format for amounts in a currency: the ISO exponent's decimals and the code. */
export function currencyNumFmt(currency: string, exponent: number): string {
  return `#,##0${exponent > 0 ? '.' + '0'.repeat(exponent) : ''} "${currency.replace(/[^A-Z]/g, '')}"`;
}

/** A worksheet name Excel accepts: no []:*?/\, at most 31 characters, unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = (
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Client'
  ).slice(0, 31);
  let n = base;
  for (let i = 2; taken.has(n.toLowerCase()) || n.toLowerCase() === 'summary'; i++)
    n = `${base.slice(0, 31 - String(i).length - 3)} (${i})`;
  taken.add(n.toLowerCase());
  return n;
}

async function xlsxSink(out: Writable): Promise<Sink> {
  // Loaded on first use: exceljs is large, and every core (writer and readers) would otherwise load it
  // at start (the cold-start figure).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const taken = new Set<string>();
  const summary: (string | number | null)[][] = [];
  const money: string[] = [];
  let ws: ExcelJS.Worksheet | null = null;
  let fmt = '';
  let zone = 'UTC';
  const header = detailedFormat.header;
  const NUM_HOURS = [8, 9];
  const NUM_MONEY = [10, 11];
  return {
    async startClient(p) {
      zone = p.contract.timeZone;
      fmt = currencyNumFmt(p.contract.currency, p.contract.exponent);
      ws = wb.addWorksheet(sheetName(p.name, taken));
      ws.columns = header.map((h, i) => ({
        header: h,
        key: String(i),
        width: i === 3 || i === 4 ? 40 : 14,
      }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
    },
    async line(l) {
      const cells = detailedFormat.row(l, { timeZone: zone });
      const values = cells.map((c) => (c instanceof DecimalCell ? Number(c.text) : renderCell(c)));
      const row = ws!.addRow(values);
      for (const i of NUM_HOURS) row.getCell(i + 1).numFmt = '0.00';
      for (const i of NUM_MONEY) if (typeof values[i] === 'number') row.getCell(i + 1).numFmt = fmt;
      row.commit();
    },
    async endClient(p, totals) {
      const e = p.contract.exponent;
      const amount = (minor: number) => Number(formatMinor(minor, e));
      const hours = (s: number) => Number(formatRatio(s, 3600, 4));
      const total = ws!.addRow([
        'Total',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        hours(totals.rawSeconds),
        hours(totals.billedSeconds),
        null,
        amount(totals.timeMinor),
        p.contract.currency,
        '',
      ]);
      total.font = { bold: true };
      total.getCell(9).numFmt = '0.00';
      total.getCell(10).numFmt = '0.00';
      total.getCell(12).numFmt = fmt;
      total.commit();
      if (totals.retainerFeeMinor > 0) {
        const fee = ws!.addRow([
          'Retainer fee',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          null,
          null,
          null,
          amount(totals.retainerFeeMinor),
          p.contract.currency,
          '',
        ]);
        fee.getCell(12).numFmt = fmt;
        fee.commit();
        const all = ws!.addRow([
          'Total due',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          null,
          null,
          null,
          amount(totals.totalMinor),
          p.contract.currency,
          '',
        ]);
        all.font = { bold: true };
        all.getCell(12).numFmt = fmt;
        all.commit();
      }
      ws!.commit();
      ws = null;
      summary.push([
        renderCell(p.name),
        p.contract.currency,
        p.state,
        p.count,
        hours(totals.rawSeconds),
        hours(totals.billedSeconds),
        amount(totals.timeMinor),
        amount(totals.retainerFeeMinor),
        amount(totals.totalMinor),
      ]);
      money.push(fmt);
    },
    async end() {
      const s = wb.addWorksheet('Summary');
      s.columns = [
        'Client',
        'Currency',
        'Period state',
        'Entries',
        'Raw hours',
        'Billed hours',
        'Time amount',
        'Retainer fee',
        'Total',
      ].map((h) => ({ header: h, width: 16 }));
      s.getRow(1).font = { bold: true };
      s.getRow(1).commit();
      summary.forEach((v, i) => {
        const row = s.addRow(v);
        row.getCell(5).numFmt = '0.00';
        row.getCell(6).numFmt = '0.00';
        for (const c of [7, 8, 9]) row.getCell(c).numFmt = money[i]!;
        row.commit();
      });
      s.commit();
      await wb.commit();
      await finished(out);
    },
  };
}
