// electron/core/domains/time: the export path shared by the UI (time.export), the command line
// (`npm run export`) and the benchmark. Harvest, Toggl Track, Clockify and the detailed CSV rows come
// from shared/billing's builders (formula-neutralised) and are streamed through csv-stringify; XLSX
// goes through exceljs's streaming WorkbookWriter (one sheet per client with totals, then a summary
// sheet — last, because the zip is written entry by entry and an earlier open sheet would hold every
// later one in memory).
//
// One consistent snapshot: everything is read inside ONE read transaction on a connection of its
// own (WAL: writers carry on; the export does not see their changes). Streamed: a client's month is
// priced in two passes over its rows (shared/billing MonthPricer: sums and a histogram of money
// remainders in pass 1, each line's amount in pass 2), rows are read without joins (names once each),
// and the detailed CSV is written field by cached field in 256 KiB chunks with back-pressure. Between
// the passes up to PASS_BUFFER_ROWS raw rows are kept; a bigger month is read again in the same
// snapshot, so memory does not grow with the number of entries. Per-group rounding is the exception:
// such a month is priced as a whole by priceEntries (its spreading needs every entry of a group).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { DAY_MS, isoDateOf } from '../../../../shared/billing/civil';
import { parseContract, type Contract } from '../../../../shared/billing/contract';
import { BillingError } from '../../../../shared/billing/errors';
import {
  CSV_STRINGIFY_OPTIONS,
  DecimalCell,
  EXPORT_FORMATS,
  exportRows,
  neutralizeFormula,
  renderCell,
  detailedFormat,
  type ExportLine,
} from '../../../../shared/billing/exports';
import { formatMinor, formatRatio } from '../../../../shared/billing/money';
import { AppError } from '../../../../shared/ipc/result';
import type { Db } from '../../db/open';
import { createClientsRepo } from '../clients/repo';
import { MonthPricer, type StreamLine, type StreamTotals } from '../../../../shared/billing/stream';
import { zoneClock } from '../../../../shared/sla/tz';
import { createTimeRepo, type ExportRawRow } from './repo';
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
  options: { passBufferRows?: number } = {},
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
    const names = new Names(time);
    const sink =
      req.format === 'xlsx'
        ? await xlsxSink(out, names)
        : req.format === 'csv'
          ? detailedCsvSink(out, names)
          : csvSink(out, req.format, names);
    let rows = 0;
    const progress = () => {
      rows++;
      if (onProgress && rows % PROGRESS_EVERY === 0) onProgress(rows, total);
    };
    for (const p of plans) {
      names.startClient();
      const rowsOf = () => time.iterateExportRows(p.id, p.fromMs, p.toMs);
      try {
        if (MonthPricer.supports(p.contract))
          await streamClient(p, rowsOf, sink, progress, options.passBufferRows ?? PASS_BUFFER_ROWS);
        else await materialisedClient(p, rowsOf, sink, progress);
      } catch (e) {
        if (e instanceof BillingError)
          throw new AppError('conflict', `client "${p.name}" ${req.month}: ${e.message}`);
        throw e;
      }
    }
    await sink.end();
    onProgress?.(rows, total);
    return { rows, clients: plans.length };
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/** Rows of one client-month kept between the two passes; a bigger month is read a second time. */
export const PASS_BUFFER_ROWS = 50_000;
/** Pass 1 yields to the event loop every so many rows (the core keeps serving while it prices). */
const YIELD_EVERY = 10_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * priceEntries orders entries by start, then id AS A STRING ("10" before "9"); SQL gives (start, id)
 * as numbers. Within a run of equal starts (rare: manual entries at the same minute) the pricing
 * order is the string order, while rows are written in the SQL order, as before.
 */
const byStringId = (a: ExportRawRow, b: ExportRawRow) => {
  const x = String(a[0]);
  const y = String(b[0]);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Feeds rows to `each` in pricing order and then to `done` in the SQL order, run by run of equal
 * starts: a run of one (almost always) without allocating or awaiting; a longer run sorted by string
 * id for `each`. `tap` sees every row as read. Awaits only when `done` asks to (back-pressure) and
 * every YIELD_EVERY rows (the core's event loop keeps turning).
 */
async function inPricingOrder<T>(
  source: Iterable<ExportRawRow>,
  each: (r: ExportRawRow) => T,
  done: ((r: ExportRawRow, t: T) => Promise<void> | void) | null,
  tap: ((r: ExportRawRow) => void) | null = null,
): Promise<void> {
  const flush = async (head: ExportRawRow, rest: ExportRawRow[]) => {
    const run = [head, ...rest];
    const priced = new Map<ExportRawRow, T>();
    // `each` may reuse one object per call (MonthPricer.line): keep a copy per row of the run.
    for (const r of [...run].sort(byStringId)) {
      const t = each(r);
      priced.set(r, t !== null && typeof t === 'object' ? ({ ...t } as T) : t);
    }
    if (done) for (const r of run) await done(r, priced.get(r)!);
  };
  let head: ExportRawRow | null = null;
  let rest: ExportRawRow[] | null = null;
  let n = 0;
  for (const r of source) {
    if (tap) tap(r);
    if (head !== null && head[1] === r[1]) {
      (rest ??= []).push(r);
      continue;
    }
    if (head !== null) {
      if (rest) await flush(head, rest);
      else {
        const t = each(head);
        const w = done ? done(head, t) : undefined;
        if (w) await w;
      }
    }
    head = r;
    rest = null;
    if (++n === YIELD_EVERY) {
      n = 0;
      await yieldToLoop();
    }
  }
  if (head !== null) {
    if (rest) await flush(head, rest);
    else {
      const t = each(head);
      const w = done ? done(head, t) : undefined;
      if (w) await w;
    }
  }
}

/**
 * The rows of one client-month between the passes, in typed arrays outside the JS heap (so the
 * collector does not copy them around), texts (activity, note) deduplicated. Holds at most `cap` rows;
 * past that it is `full` and pass 2 reads the month again.
 */
class RowBuffer {
  full = false;
  private n = 0;
  private num: Float64Array;
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  private tx: Uint32Array;
  constructor(private readonly cap: number) {
    const size = Math.min(cap, 4096);
    this.num = new Float64Array(size * 7);
    this.tx = new Uint32Array(size * 2);
  }
  private textId(t: string): number {
    let i = this.textIds.get(t);
    if (i === undefined) {
      i = this.texts.push(t) - 1;
      this.textIds.set(t, i);
    }
    return i;
  }
  push(r: ExportRawRow): void {
    if (this.full) return;
    if (this.n === this.cap) {
      this.full = true;
      return;
    }
    if (this.n * 7 === this.num.length) this.grow();
    const o = this.n * 7;
    const a = this.num;
    a[o] = r[0];
    a[o + 1] = r[1];
    a[o + 2] = r[2];
    a[o + 3] = r[3];
    a[o + 4] = r[5];
    a[o + 5] = r[6] ?? NaN;
    a[o + 6] = r[7] ?? NaN;
    this.tx[this.n * 2] = this.textId(r[4]);
    this.tx[this.n * 2 + 1] = this.textId(r[8]);
    this.n++;
  }
  private grow(): void {
    const size = Math.min(this.cap, (this.num.length / 7) * 2);
    const num = new Float64Array(size * 7);
    num.set(this.num);
    const tx = new Uint32Array(size * 2);
    tx.set(this.tx);
    this.num = num;
    this.tx = tx;
  }
  *rows(): Generator<ExportRawRow> {
    const a = this.num;
    for (let i = 0; i < this.n; i++) {
      const o = i * 7;
      const conv = a[o + 5]!;
      const source = a[o + 6]!;
      yield [
        a[o]!,
        a[o + 1]!,
        a[o + 2]!,
        a[o + 3]!,
        this.texts[this.tx[i * 2]!]!,
        a[o + 4]!,
        Number.isNaN(conv) ? null : conv,
        Number.isNaN(source) ? null : source,
        this.texts[this.tx[i * 2 + 1]!]!,
      ];
    }
  }
}

/** A client-month in two passes (shared/billing MonthPricer): memory does not grow with its size. */
async function streamClient(
  p: ClientPlan,
  rowsOf: () => IterableIterator<ExportRawRow>,
  sink: Sink,
  progress: () => void,
  bufferRows: number,
): Promise<void> {
  const pricer = new MonthPricer(p.contract);
  const kept = new RowBuffer(bufferRows);
  await inPricingOrder(
    rowsOf(),
    (r) => pricer.observe(r[0], r[1], r[2], r[3], r[4], r[5] === 1),
    null,
    (r) => kept.push(r),
  );
  const { totals } = pricer.settle();
  await sink.startClient(p, totals.timeMinor, totals.retainerFeeMinor);
  await inPricingOrder(
    kept.full ? rowsOf() : kept.rows(),
    (r) => pricer.emit(r[0], r[1], r[2], r[3], r[4], r[5] === 1),
    (r, l) => {
      progress();
      return sink.line(p, r, l);
    },
  );
  await sink.endClient(p, totals);
}

/** Per-group rounding: the month priced as a whole with priceEntries (memory grows with the month). */
async function materialisedClient(
  p: ClientPlan,
  rowsOf: () => IterableIterator<ExportRawRow>,
  sink: Sink,
  progress: () => void,
): Promise<void> {
  const rows = [...rowsOf()];
  const priced = priceClientMonth(
    p.contract,
    rows.map((r) => ({
      id: r[0],
      startAt: r[1],
      seconds: r[2],
      agentId: r[3],
      activity: r[4],
      billable: r[5],
    })),
  );
  await sink.startClient(p, priced.totals.timeMinor, priced.totals.retainerFeeMinor);
  const zone = zoneClock(p.contract.timeZone);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const l = priced.lines[i]!;
    const w = sink.line(p, r, {
      billable: l.billable,
      rawSeconds: l.rawSeconds,
      roundedSeconds: l.roundedSeconds,
      ratePerHourMinor: l.chargedRatePerHourMinor ?? l.rate?.ratePerHourMinor ?? null,
      amountMinor: l.amountMinor,
      day: Math.floor((r[1] + zone.offsetAt(r[1])) / DAY_MS),
    });
    progress();
    if (w) await w;
  }
  await sink.endClient(p, priced.totals);
}

function splitName(name: string): [string, string] {
  const t = name.trim();
  const i = t.indexOf(' ');
  return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1).trim()];
}

type AgentNames = { name: string; email: string; first: string; last: string };

/** Names for the rows, each read once: agents and sources up front, conversations as met. */
class Names {
  private readonly agents = new Map<number, AgentNames>();
  private readonly sources = new Map<number, string>();
  private conversations = new Map<number, { title: string; url: string | null } | null>();
  constructor(private readonly time: ReturnType<typeof createTimeRepo>) {
    const { agents, sources } = time.exportNames();
    for (const a of agents) {
      const [first, last] = splitName(a.name);
      this.agents.set(a.id, { name: a.name, email: a.email ?? '', first, last });
    }
    for (const s of sources) this.sources.set(s.id, s.name);
  }
  /** Conversations are cached per client (a client's conversations, not its entries, bound it). */
  startClient(): void {
    this.conversations = new Map();
  }
  agent(id: number): AgentNames {
    return this.agents.get(id) ?? { name: '', email: '', first: '', last: '' };
  }
  source(id: number | null): string {
    return id == null ? '' : (this.sources.get(id) ?? '');
  }
  conversation(id: number | null): { title: string; url: string | null } | null {
    if (id == null) return null;
    let c = this.conversations.get(id);
    if (c === undefined) this.conversations.set(id, (c = this.time.conversationRef(id) ?? null));
    return c;
  }
}

/** The format-independent line (shared/billing ExportLine) of a raw row and its priced line. */
function toLine(p: ClientPlan, r: ExportRawRow, l: StreamLine, names: Names): ExportLine {
  const a = names.agent(r[3]);
  const conv = names.conversation(r[6]);
  return {
    start: isoInZone(r[1], p.contract.timeZone),
    client: p.name,
    source: names.source(r[7]),
    conversationTitle: conv ? conv.title : r[8],
    conversationUrl: conv ? conv.url : null,
    agentName: a.name,
    agentFirstName: a.first,
    agentLastName: a.last,
    agentEmail: a.email,
    activity: r[4],
    billable: l.billable,
    rawSeconds: l.rawSeconds,
    roundedSeconds: l.roundedSeconds,
    ratePerHourMinor: l.ratePerHourMinor,
    amountMinor: l.amountMinor,
    currency: p.contract.currency,
    periodState: p.state as ExportLine['periodState'],
  };
}

type Totals = StreamTotals;
type Sink = {
  startClient(p: ClientPlan, timeMinor: number, feeMinor: number): Promise<void>;
  /** A promise only when the caller must wait (back-pressure). */
  line(p: ClientPlan, r: ExportRawRow, l: StreamLine): Promise<void> | void;
  endClient(p: ClientPlan, totals: Totals): Promise<void>;
  end(): Promise<void>;
};

/** Writes text with back-pressure: a promise only when the stream asks to wait. */
function writer(out: Writable) {
  return (text: string): Promise<void> | undefined =>
    out.write(text) ? undefined : once(out, 'drain').then(() => undefined);
}

function csvSink(
  out: Writable,
  name: Exclude<ExportFormatName, 'xlsx' | 'csv'>,
  names: Names,
): Sink {
  const format = EXPORT_FORMATS[name];
  // Rows are rendered in chunks with csv-stringify's sync API and written with back-pressure: the
  // same RFC 4180 output as its stream API, without a stream round trip per row (memory: one chunk).
  const CHUNK = 2000;
  const write = writer(out);
  let pending: string[][] = [];
  let opts = { timeZone: 'UTC' };
  const flush = () => {
    if (pending.length === 0) return undefined;
    const text = stringifySync(pending, CSV_STRINGIFY_OPTIONS);
    pending = [];
    return write(text);
  };
  // The header (and a check of the options) once, whatever the number of clients.
  pending.push(exportRows(format, [], { timeZone: 'UTC' })[0]!);
  return {
    async startClient(p) {
      opts = { timeZone: p.contract.timeZone };
    },
    line(p, r, l) {
      const cells = format.row(toLine(p, r, l, names), opts);
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

/** One field as csv-stringify writes it (quoted when it must be), from a neutralised string. */
function csvField(text: string): string {
  return stringifySync([[text]], CSV_STRINGIFY_OPTIONS).slice(0, -2);
}

/**
 * The detailed CSV, row by row without a per-row object: every text field (client, source,
 * conversation, link, agent, activity) is neutralised and CSV-quoted by csv-stringify once per
 * distinct value; dates once per day; numbers are formatted from integers (never quoted). The bytes
 * are those of detailedFormat + renderCell + csv-stringify (tests/integration/time/exportStream.test.ts).
 */
function detailedCsvSink(out: Writable, names: Names): Sink {
  const CHUNK_CHARS = 1 << 18;
  const CACHE = 100_000; // each cache stops growing at this size (memory stays bounded)
  const write = writer(out);
  let buf = stringifySync([[...detailedFormat.header]], CSV_STRINGIFY_OPTIONS);
  const field = new Map<string, string>();
  const text = (s: string) => {
    let f = field.get(s);
    if (f === undefined) {
      f = csvField(neutralizeFormula(s));
      if (field.size < CACHE) field.set(s, f);
    }
    return f;
  };
  /** A cache of numbers rendered as decimals (hours with 4 places, money in the exponent). */
  const numbers = (render: (n: number) => string) => {
    let cache = new Map<number, string>();
    return {
      reset: () => (cache = new Map()),
      get(n: number): string {
        let f = cache.get(n);
        if (f === undefined) {
          f = render(n);
          if (cache.size < CACHE) cache.set(n, f);
        }
        return f;
      },
    };
  };
  const hours = numbers((s) => formatRatio(s, 3600, 4));
  let exponent = 2;
  const money = numbers((m) => formatMinor(m, exponent));
  const agents = new Map<number, string>();
  const sources = new Map<number | null, string>();
  let convs = new Map<number, string>();
  let lead = '';
  let tail = '';
  const dates = new Map<number, string>();
  const date = (day: number) => {
    let d = dates.get(day);
    if (d === undefined) dates.set(day, (d = isoDateOf(day * DAY_MS)));
    return d;
  };
  const flush = () => {
    const chunk = buf;
    buf = '';
    return write(chunk);
  };
  return {
    async startClient(p) {
      lead = ',' + text(p.name) + ',';
      tail = ',' + text(p.contract.currency) + ',' + text(p.state) + '\r\n';
      exponent = p.contract.exponent;
      money.reset();
      convs = new Map();
    },
    line(p, r, l) {
      let agent = agents.get(r[3]);
      if (agent === undefined) agents.set(r[3], (agent = text(names.agent(r[3]).name)));
      let source = sources.get(r[7]);
      if (source === undefined) sources.set(r[7], (source = text(names.source(r[7]))));
      let conv: string | undefined;
      if (r[6] != null) conv = convs.get(r[6]);
      if (conv === undefined) {
        const c = names.conversation(r[6]);
        conv = c ? text(c.title) + ',' + text(c.url ?? '') : text(r[8]) + ',';
        if (c && r[6] != null) convs.set(r[6], conv);
      }
      buf +=
        date(l.day) +
        lead +
        source +
        ',' +
        conv +
        ',' +
        agent +
        ',' +
        text(r[4]) +
        (l.billable ? ',Yes,' : ',No,') +
        hours.get(l.rawSeconds) +
        ',' +
        hours.get(l.roundedSeconds) +
        ',' +
        (l.ratePerHourMinor === null ? '' : money.get(l.ratePerHourMinor)) +
        ',' +
        money.get(l.amountMinor) +
        tail;
      return buf.length < CHUNK_CHARS ? undefined : flush();
    },
    async endClient() {},
    async end() {
      if (buf.length > 0) await flush();
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

async function xlsxSink(out: Writable, names: Names): Promise<Sink> {
  // Loaded on the first XLSX export only: exceljs and its dependencies are large.
  const { default: excel } = await import('exceljs');
  const wb = new excel.stream.xlsx.WorkbookWriter({
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
    async line(p, r, pl) {
      const cells = detailedFormat.row(toLine(p, r, pl, names), { timeZone: zone });
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
      /** A totals line: its label, hours (raw, billed) when given, and an amount in the currency. */
      const totalRow = (label: string, minor: number, bold: boolean, secs?: [number, number]) => {
        const row = ws!.addRow([
          label,
          ...Array<string>(7).fill(''),
          secs ? hours(secs[0]) : null,
          secs ? hours(secs[1]) : null,
          null,
          amount(minor),
          p.contract.currency,
          '',
        ]);
        if (bold) row.font = { bold: true };
        if (secs) {
          row.getCell(9).numFmt = '0.00';
          row.getCell(10).numFmt = '0.00';
        }
        row.getCell(12).numFmt = fmt;
        row.commit();
      };
      totalRow('Total', totals.timeMinor, true, [totals.rawSeconds, totals.billedSeconds]);
      if (totals.retainerFeeMinor > 0) {
        totalRow('Retainer fee', totals.retainerFeeMinor, false);
        totalRow('Total due', totals.totalMinor, true);
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
