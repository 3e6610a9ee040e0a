// Import and export of canned responses as CSV (one row per variant) and JSON, round-trip exact.
// CSV goes through csv-parse / csv-stringify, passed in by the caller (CsvLib): their type
// declarations pull Node's types into any layer that imports them, and shared/ must stay free of
// Node types, so the core binds them (`import { parse } from 'csv-parse/sync'`, `import { stringify }
// from 'csv-stringify/sync'`). Every cell that starts with = + - @ tab or CR, or the fullwidth ＝ ＋ － ＠
// that CJK-locale spreadsheets also evaluate (as shared/billing's exports do; after any run of
// apostrophes) gets one apostrophe in front on export, so a spreadsheet never runs it as a formula;
// import removes exactly that one apostrophe again, so export → import gives back every value.
import { z } from 'zod';
import { CannedResponse } from './schema';

export const CSV_COLUMNS = [
  'id',
  'client_id',
  'shortcut',
  'title',
  'folder',
  'tags',
  'overrides',
  'locale',
  'platform',
  'body',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

export type CsvParseOptions = {
  bom: true;
  info: true;
  relax_column_count: true;
  skip_empty_lines: true;
  max_record_size: number;
};
export type CsvStringifyOptions = { bom: true; record_delimiter: '\r\n'; eof: true };
/** The two functions used from csv-parse/sync and csv-stringify/sync. */
export type CsvLib = {
  parse: (input: string, options: CsvParseOptions) => unknown;
  stringify: (rows: string[][], options: CsvStringifyOptions) => string;
};

export type ImportError = {
  /** 1-based data row (CSV, header not counted) or response index + 1 (JSON); 0 for the file as a whole. */
  row: number;
  /** 1-based line in the CSV file where the row starts, when known. */
  line?: number;
  /** Column or field path. */
  field?: string;
  message: string;
};
export type ImportResult = { ok: boolean; responses: CannedResponse[]; errors: ImportError[] };

const TRIGGER = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEUTRALISED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Spreadsheet-formula neutralisation (reversible: see restoreCell). */
export const neutraliseCell = (v: string): string => (TRIGGER.test(v) ? `'${v}` : v);
export const restoreCell = (v: string): string => (NEUTRALISED.test(v) ? v.slice(1) : v);

export function formatImportError(e: ImportError): string {
  const where =
    e.row === 0 ? 'file' : `row ${e.row}${e.line !== undefined ? ` (line ${e.line})` : ''}`;
  return `${where}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

export function exportResponsesCsv(responses: readonly CannedResponse[], csv: CsvLib): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const r of responses) {
    for (const v of r.variants) {
      const cells: Record<Column, string> = {
        id: r.id,
        client_id: r.clientId ?? '',
        shortcut: r.shortcut,
        title: r.title,
        folder: r.folder,
        tags: r.tags.join('|'),
        overrides: r.overrides ?? '',
        locale: v.locale,
        platform: v.platform ?? '',
        body: v.body,
      };
      rows.push(CSV_COLUMNS.map((c) => neutraliseCell(cells[c])));
    }
  }
  return csv.stringify(rows, { bom: true, record_delimiter: '\r\n', eof: true });
}

const MAX_FILE = 20_000_000;

export function importResponsesCsv(text: string, csv: CsvLib): ImportResult {
  if (text.length > MAX_FILE)
    return {
      ok: false,
      responses: [],
      errors: [{ row: 0, message: `file is larger than ${MAX_FILE} characters` }],
    };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const parsed = csv.parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1_000_000,
    });
    records = parsed as typeof records;
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    return {
      ok: false,
      responses: [],
      errors: [
        {
          row: 0,
          ...(typeof lines === 'number' ? { line: lines } : {}),
          message: `not valid CSV: ${(e as Error).message}`,
        },
      ],
    };
  }
  const header = records[0]?.record.map((h) => h.trim().toLowerCase());
  if (!header)
    return {
      ok: false,
      responses: [],
      errors: [{ row: 0, message: 'the file is empty (expected a header row)' }],
    };
  const errors: ImportError[] = [];
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = CSV_COLUMNS.filter(
    (c) =>
      !header.includes(c) &&
      c !== 'overrides' &&
      c !== 'folder' &&
      c !== 'tags' &&
      c !== 'client_id' &&
      c !== 'platform',
  );
  const dup = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length)
    errors.push({
      row: 0,
      line: 1,
      message: `unknown column(s): ${unknown.join(', ')} (expected ${CSV_COLUMNS.join(', ')})`,
    });
  if (missing.length)
    errors.push({ row: 0, line: 1, message: `missing column(s): ${missing.join(', ')}` });
  if (dup.length)
    errors.push({
      row: 0,
      line: 1,
      message: `duplicate column(s): ${[...new Set(dup)].join(', ')}`,
    });
  if (errors.length) return { ok: false, responses: [], errors };

  const col = (rec: string[], c: Column) => {
    const k = header.indexOf(c);
    return k < 0 ? '' : restoreCell(rec[k] ?? '');
  };
  type Draft = { input: Record<string, unknown>; rows: number[]; lines: number[]; first: number };
  const drafts = new Map<string, Draft>();
  let lineStart = 2;
  records.slice(1).forEach(({ record, info }, k) => {
    const row = k + 1;
    const line = lineStart;
    lineStart = info.lines + 1;
    if (record.length !== header.length) {
      errors.push({
        row,
        line,
        message: `has ${record.length} cells, the header has ${header.length}`,
      });
      return;
    }
    const id = col(record, 'id');
    const variant = {
      locale: col(record, 'locale'),
      platform: col(record, 'platform') || null,
      body: col(record, 'body'),
    };
    const tagsCell = col(record, 'tags');
    const head = {
      id,
      clientId: col(record, 'client_id') || null,
      overrides: col(record, 'overrides') || null,
      shortcut: col(record, 'shortcut'),
      title: col(record, 'title'),
      folder: col(record, 'folder'),
      tags: tagsCell === '' ? [] : tagsCell.split('|'),
    };
    const d = drafts.get(id);
    if (!d) {
      drafts.set(id, {
        input: { ...head, variants: [variant] },
        rows: [row],
        lines: [line],
        first: row,
      });
      return;
    }
    const same: [keyof typeof head, Column][] = [
      ['clientId', 'client_id'],
      ['overrides', 'overrides'],
      ['shortcut', 'shortcut'],
      ['title', 'title'],
      ['folder', 'folder'],
    ];
    for (const [f, c] of same)
      if (d.input[f] !== head[f])
        errors.push({
          row,
          line,
          field: c,
          message: `differs from row ${d.first} of the same id "${id}"`,
        });
    if ((d.input.tags as string[]).join('|') !== head.tags.join('|'))
      errors.push({
        row,
        line,
        field: 'tags',
        message: `differs from row ${d.first} of the same id "${id}"`,
      });
    (d.input.variants as unknown[]).push(variant);
    d.rows.push(row);
    d.lines.push(line);
  });

  const responses: CannedResponse[] = [];
  const fieldToColumn: Record<string, Column> = {
    id: 'id',
    clientId: 'client_id',
    overrides: 'overrides',
    shortcut: 'shortcut',
    title: 'title',
    folder: 'folder',
    tags: 'tags',
  };
  const variantColumn: Record<string, Column> = {
    locale: 'locale',
    platform: 'platform',
    body: 'body',
  };
  for (const d of drafts.values()) {
    const r = CannedResponse.safeParse(d.input);
    if (r.success) {
      responses.push(r.data);
      continue;
    }
    for (const issue of r.error.issues) {
      const [top, idx, sub] = issue.path;
      let k = 0;
      let field: string | undefined =
        typeof top === 'string' ? (fieldToColumn[top] ?? top) : undefined;
      if (top === 'variants' && typeof idx === 'number') {
        k = idx;
        field = typeof sub === 'string' ? (variantColumn[sub] ?? sub) : undefined;
      }
      errors.push({
        row: d.rows[k] ?? d.first,
        line: d.lines[k],
        ...(field ? { field } : {}),
        message: issue.message,
      });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { ok: errors.length === 0, responses, errors };
}

export const JSON_FORMAT = 'steward.canned-responses';
const JsonFile = z.object({
  format: z.literal(JSON_FORMAT),
  version: z.literal(1),
  responses: z.array(z.unknown()).max(100_000),
});

export function exportResponsesJson(responses: readonly CannedResponse[]): string {
  return JSON.stringify({ format: JSON_FORMAT, version: 1, responses }, null, 2) + '\n';
}

export function importResponsesJson(text: string): ImportResult {
  if (text.length > MAX_FILE)
    return {
      ok: false,
      responses: [],
      errors: [{ row: 0, message: `file is larger than ${MAX_FILE} characters` }],
    };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      responses: [],
      errors: [{ row: 0, message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
  const file = JsonFile.safeParse(data);
  if (!file.success)
    return {
      ok: false,
      responses: [],
      errors: file.error.issues.map((i) => ({
        row: 0,
        field: i.path.join('.'),
        message: i.message,
      })),
    };
  const responses: CannedResponse[] = [];
  const errors: ImportError[] = [];
  const ids = new Map<string, number>();
  file.data.responses.forEach((raw, k) => {
    const r = CannedResponse.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues)
        errors.push({
          row: k + 1,
          field: i.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
            .join('.')
            .replace(/\.\[/g, '['),
          message: i.message,
        });
      return;
    }
    const first = ids.get(r.data.id);
    if (first !== undefined)
      errors.push({
        row: k + 1,
        field: 'id',
        message: `duplicate id "${r.data.id}" (also response ${first})`,
      });
    else ids.set(r.data.id, k + 1);
    responses.push(r.data);
  });
  return { ok: errors.length === 0, responses, errors };
}
