// shared/billing: export row builders (pure) for Harvest, Toggl Track and Clockify time imports and
// for Steward's detailed CSV. Each format is a header plus a row function from one ExportLine to cells;
// `exportRows` renders header + rows as strings with every text cell neutralised against formula
// injection. Serialising the rows is csv-stringify's job (in the core, which has Node):
//   stringify(exportRows(harvestFormat, lines, opts), CSV_STRINGIFY_OPTIONS)      (sync, small)
//   stringify(CSV_STRINGIFY_OPTIONS).write(row) ...                              (stream, 1M rows)
// csv-stringify is not imported here: its typings pull Node's types into the pure layer and its
// Node entry point needs Buffer. The same neutralised strings go into XLSX text cells.
//
// Formula injection (OWASP "CSV Injection"): a text cell starting with = + - @ TAB or CR — or their
// full-width forms ＝ ＋ － ＠, which spreadsheets normalise — is prefixed with a single quote. This
// covers every member-supplied name and title as well as our own strings. Numbers are exempt only as
// DecimalCell values: those are built by this module from integers (minor units, seconds) and must match
// /^-?\d+(\.\d+)?$/, so a negative amount "-12.50" stays a number and can never carry a formula.
//
// Dates and times are the local wall clock of the export's time zone (`ExportOptions.timeZone`).
import { offsetAt, isValidZone } from '../sla/tz';
import { wallClock } from './civil';
import { currencyExponent } from './currency';
import { BillingError, nonNegativeInt } from './errors';
import { formatMinor, formatRatio } from './money';
import { parseIsoWithOffset } from './rounding';

/** A numeric cell: a plain decimal written by us, exempt from formula neutralisation. */
export class DecimalCell {
  readonly text: string;
  constructor(text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text))
      throw new BillingError('cell', `${JSON.stringify(text)} is not a plain decimal number`);
    this.text = text;
  }
}
export type Cell = string | DecimalCell;
export const decimal = (text: string): DecimalCell => new DecimalCell(text);

const FORMULA_START = new Set([
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
]);

/** Prefixes a single quote when the text starts like a formula (see the header). */
export function neutralizeFormula(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]!) ? `'${text}` : text;
}

/** A cell as the string to write: text neutralised, numbers as they are. */
export function renderCell(cell: Cell): string {
  return cell instanceof DecimalCell ? cell.text : neutralizeFormula(String(cell));
}

/** Options for csv-stringify: RFC 4180 line ends, no BOM (importers match headers byte for byte). */
export const CSV_STRINGIFY_OPTIONS = Object.freeze({
  record_delimiter: 'windows' as const,
  bom: false,
  escape_formulas: false,
});

export type PeriodState = 'open' | 'submitted' | 'approved' | 'invoiced';

/** One priced time entry with its names, as the exports need it. */
export type ExportLine = {
  /** Start instant, ISO-8601 with offset. */
  start: string;
  client: string;
  /** The community/source (a Discourse forum...): Harvest/Toggl/Clockify "Project". */
  source: string;
  conversationTitle: string;
  conversationUrl: string | null;
  agentName: string;
  agentFirstName: string;
  agentLastName: string;
  agentEmail: string;
  activity: string;
  billable: boolean;
  rawSeconds: number;
  roundedSeconds: number;
  ratePerHourMinor: number | null;
  amountMinor: number;
  currency: string;
  periodState: PeriodState;
};

export type ClockifyOptions = {
  /** Must match the importing user's profile date format. Default MM/DD/YYYY (Clockify's sample file). */
  dateFormat?:
    'MM/DD/YYYY' | 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'MM-DD-YYYY' | 'DD-MM-YYYY' | 'DD.MM.YYYY';
  /** Must match the profile time format: '12h' "9:00 AM" (default, the sample file) or '24h' "13:00". */
  timeFormat?: '12h' | '24h';
  /** Must match the workspace duration format: full "8:00:00" (default), compact "8:00", decimal "8.00". */
  durationFormat?: 'full' | 'compact' | 'decimal';
};

export type ExportOptions = {
  /** IANA zone whose wall clock the dates and times are written in. */
  timeZone: string;
  /** Which duration the import formats carry: the billed (rounded, default) or the raw seconds. */
  duration?: 'rounded' | 'raw';
  /** Decimal places of Harvest's Hours column (default 2, Harvest's own precision; half up). */
  harvestHoursDecimals?: number;
  clockify?: ClockifyOptions;
};

export type ExportFormat = {
  name: 'harvest' | 'toggl' | 'clockify' | 'csv';
  /** Where the format is documented. */
  source: string;
  header: readonly string[];
  row: (line: ExportLine, options: ExportOptions) => Cell[];
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

type Local = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function local(startIso: string, timeZone: string): Local {
  const ms = parseIsoWithOffset(startIso, 'line.start').ms;
  return wallClock(ms + offsetAt(timeZone, ms));
}

const isoDate = (l: Local) => `${pad(l.y, 4)}-${pad(l.mo)}-${pad(l.d)}`;

/** Seconds as h:mm:ss with hours unbounded ("25:03:07"); `hoursWidth` pads the hours. */
export function clockDuration(seconds: number, hoursWidth = 1): string {
  const s = nonNegativeInt(seconds, 'seconds');
  return `${pad(Math.floor(s / 3600), hoursWidth)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

const durationOf = (line: ExportLine, o: ExportOptions) =>
  nonNegativeInt(o.duration === 'raw' ? line.rawSeconds : line.roundedSeconds, 'line.seconds');

/**
 * Harvest time import. Source: Harvest Help, "Importing data" — 8 columns in this order: Date
 * (YYYY-MM-DD or M/D/YYYY), Client, Project, Task, Notes, Hours (decimal, no stray characters),
 * First name, Last name (must match a person in the account); commas only as delimiters.
 * https://support.getharvest.com/hc/en-us/articles/360048685111 . Harvest cannot import start/end times.
 */
export const harvestFormat: ExportFormat = {
  name: 'harvest',
  source: 'https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-data',
  header: ['Date', 'Client', 'Project', 'Task', 'Notes', 'Hours', 'First name', 'Last name'],
  row: (line, o) => {
    const places = o.harvestHoursDecimals ?? 2;
    return [
      isoDate(local(line.start, o.timeZone)),
      line.client,
      line.source,
      line.activity,
      notes(line),
      decimal(formatRatio(durationOf(line, o), 3600, places)),
      line.agentFirstName,
      line.agentLastName,
    ];
  },
};

/**
 * Toggl Track CSV import. Source: Toggl support, "Editing and uploading a CSV file" and "Toggl Track
 * CSV Import Guide": comma-separated UTF-8, English headers from User, Email, Client, Project, Task,
 * Description, Billable, Start date, Start time, Duration, Tags, in any order; a time entry needs Email,
 * Start date, Start time and Duration; the format is that of the Detailed report CSV export (Start date
 * YYYY-MM-DD, Start time HH:MM:SS, Duration HH:MM:SS in the "Improved" duration format).
 * https://support.toggl.com/en/articles/2216070-editing-and-uploading-a-csv-file . The activity goes
 * into Tags (Task is a paid-plan column). Toggl merges entries identical in every column, start included.
 */
export const togglFormat: ExportFormat = {
  name: 'toggl',
  source: 'https://support.toggl.com/en/articles/2216070-editing-and-uploading-a-csv-file',
  header: [
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
  ],
  row: (line, o) => {
    const l = local(line.start, o.timeZone);
    return [
      line.agentEmail,
      line.agentName,
      line.client,
      line.source,
      line.conversationTitle,
      line.billable ? 'Yes' : 'No',
      isoDate(l),
      `${pad(l.h)}:${pad(l.mi)}:${pad(l.s)}`,
      clockDuration(durationOf(line, o), 2),
      line.activity,
    ];
  },
};

function clockifyDate(l: Local, f: NonNullable<ClockifyOptions['dateFormat']>): string {
  const [y, m, d] = [pad(l.y, 4), pad(l.mo), pad(l.d)];
  switch (f) {
    case 'MM/DD/YYYY':
      return `${m}/${d}/${y}`;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'YYYY-MM-DD':
      return `${y}-${m}-${d}`;
    case 'MM-DD-YYYY':
      return `${m}-${d}-${y}`;
    case 'DD-MM-YYYY':
      return `${d}-${m}-${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
  }
}

/**
 * Clockify timesheet import. Source: Clockify Help, "Import timesheets" — its example file's header
 * `Project,Client,Description,Task,Email,Tags,Billable,Start Date,Start Time,Duration (h)` with rows such
 * as `...,Yes,08/31/2019,9:00 AM,8:00`; Email, Start date, Start time and Duration are required; date,
 * time and duration must match the importing account's profile and workspace formats (12/24-hour;
 * full hh:mm:ss, compact h:mm, decimal h.hh). https://clockify.me/help/extra-features/import-timesheets
 * Compact and decimal durations are rounded half up to the minute / hundredth of an hour.
 */
export const clockifyFormat: ExportFormat = {
  name: 'clockify',
  source: 'https://clockify.me/help/extra-features/import-timesheets',
  header: [
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
  ],
  row: (line, o) => {
    const c = o.clockify ?? {};
    const l = local(line.start, o.timeZone);
    const time =
      (c.timeFormat ?? '12h') === '24h'
        ? `${pad(l.h)}:${pad(l.mi)}`
        : `${((l.h + 11) % 12) + 1}:${pad(l.mi)} ${l.h < 12 ? 'AM' : 'PM'}`;
    const secs = durationOf(line, o);
    const fmt = c.durationFormat ?? 'full';
    const duration =
      fmt === 'decimal'
        ? decimal(formatRatio(secs, 3600, 2))
        : fmt === 'compact'
          ? (() => {
              const m = Math.floor((secs + 30) / 60);
              return `${Math.floor(m / 60)}:${pad(m % 60)}`;
            })()
          : clockDuration(secs, 2);
    return [
      line.source,
      line.client,
      line.conversationTitle,
      line.activity,
      line.agentEmail,
      '',
      line.billable ? 'Yes' : 'No',
      clockifyDate(l, c.dateFormat ?? 'MM/DD/YYYY'),
      time,
      duration,
    ];
  },
};

/**
 * Steward's detailed CSV (our own format, issue 10): one row per entry. Hours have 4 decimals (half up);
 * Rate and Amount are decimals in the currency's major unit with its ISO 4217 exponent ("1500" JPY,
 * "12.50" EUR, "1.250" KWD). Amounts are exact allocations (see money.ts), so hours × rate may differ
 * from Amount by less than one minor unit.
 */
export const detailedFormat: ExportFormat = {
  name: 'csv',
  source: 'Steward (README.md, "Billing arithmetic")',
  header: [
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
  ],
  row: (line, o) => {
    const e = currencyExponent(line.currency, 'line.currency');
    return [
      isoDate(local(line.start, o.timeZone)),
      line.client,
      line.source,
      line.conversationTitle,
      line.conversationUrl ?? '',
      line.agentName,
      line.activity,
      line.billable ? 'Yes' : 'No',
      decimal(formatRatio(nonNegativeInt(line.rawSeconds, 'line.rawSeconds'), 3600, 4)),
      decimal(formatRatio(nonNegativeInt(line.roundedSeconds, 'line.roundedSeconds'), 3600, 4)),
      line.ratePerHourMinor === null
        ? ''
        : decimal(formatMinor(nonNegativeInt(line.ratePerHourMinor, 'line.ratePerHourMinor'), e)),
      decimal(formatMinor(line.amountMinor, e)),
      line.currency,
      line.periodState,
    ];
  },
};

function notes(line: ExportLine): string {
  return line.conversationUrl
    ? `${line.conversationTitle} (${line.conversationUrl})`
    : line.conversationTitle;
}

export const EXPORT_FORMATS = {
  harvest: harvestFormat,
  toggl: togglFormat,
  clockify: clockifyFormat,
  csv: detailedFormat,
} as const;

function checkOptions(o: ExportOptions): void {
  if (!o || !isValidZone(o.timeZone))
    throw new BillingError(
      'options.timeZone',
      `${JSON.stringify(o?.timeZone)} is not an IANA time zone`,
    );
  const p = o.harvestHoursDecimals;
  if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 6))
    throw new BillingError('options.harvestHoursDecimals', 'must be a whole number from 0 to 6');
}

/** One line as rendered strings (neutralised text, numbers as they are). */
export function exportRow(
  format: ExportFormat,
  line: ExportLine,
  options: ExportOptions,
): string[] {
  return format.row(line, options).map(renderCell);
}

/** Header + one rendered row per line, ready for csv-stringify (or XLSX text cells). */
export function exportRows(
  format: ExportFormat,
  lines: Iterable<ExportLine>,
  options: ExportOptions,
): string[][] {
  checkOptions(options);
  const out: string[][] = [[...format.header]];
  for (const line of lines) out.push(exportRow(format, line, options));
  return out;
}
