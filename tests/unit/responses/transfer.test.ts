// CSV and JSON import/export of canned responses: round-trip exact for arbitrary text (quotes,
// newlines, CR, formulas, Unicode) with fast-check, formula cells neutralised in the file, and a
// clear per-row error for a bad file. CSV through the real csv-parse / csv-stringify.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CannedResponse,
  exportResponsesCsv,
  exportResponsesJson,
  formatImportError,
  importResponsesCsv,
  importResponsesJson,
  neutraliseCell,
  restoreCell,
  type CannedResponseInput,
  type CsvLib,
} from '../../../shared/responses';

const csv: CsvLib = { parse, stringify };
const make = (r: CannedResponseInput) => CannedResponse.parse(r);
const sample = [
  make({
    id: 'r1',
    clientId: 'bank',
    shortcut: 'refund',
    title: 'Refund "policy", EU',
    folder: 'Billing/Refunds',
    tags: ['billing', 'eu, de'],
    variants: [
      {
        locale: 'en',
        platform: null,
        body: 'Hi {{member.first_name | "there"}},\n\nRefunds take 5 days.\r\nKind regards',
      },
      { locale: 'da', platform: 'email', body: '=HYPERLINK("http://evil")  æøå' },
    ],
  }),
  make({
    id: 'r2',
    clientId: null,
    shortcut: 'ru',
    title: '+Привет',
    overrides: null,
    tags: [],
    variants: [{ locale: 'ru', platform: null, body: "'-1 and @here 😀" }],
  }),
];

// Text without the (template-invalid) "{{" so bodies stay valid templates.
const text = (min: number, max: number) =>
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => !s.includes('{{'));
const oneLine = (max: number) =>
  text(1, max)
    .map((s) => s.replace(/[\r\n]/g, ' '))
    .filter((s) => s.trim() !== '' || s.length > 0);
const response = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/),
    clientId: fc.option(oneLine(20), { nil: null }),
    shortcut: fc.stringMatching(/^[a-zæøå0-9_-]{1,12}$/),
    title: oneLine(40),
    folder: fc.oneof(fc.constant(''), oneLine(20)),
    tags: fc.uniqueArray(
      fc.stringMatching(/^[^|\s\p{Cc}][^|\p{Cc}]{0,10}$/u).filter((t) => t === t.trim()),
      { maxLength: 3 },
    ),
    variants: fc.uniqueArray(
      fc.record({
        locale: fc.constantFrom('en', 'da', 'ru', 'da-DK'),
        platform: fc.constantFrom(null, 'email', 'discord'),
        body: fc.oneof(
          text(1, 80),
          fc.constantFrom(
            '=1+1',
            '+SUM(A1)',
            '-x',
            '@cmd',
            '\tx',
            '\rx',
            "'=x",
            "''+y",
            '"quoted", here',
            'a\r\nb\nc\rd',
            ' lead and trail ',
          ),
        ),
      }),
      { minLength: 1, maxLength: 3, selector: (v) => `${v.locale}|${v.platform}` },
    ),
  })
  .map((r) => CannedResponse.parse({ ...r, overrides: null }));
const library = fc.uniqueArray(response, { maxLength: 6, selector: (r) => r.id });

describe('round trip', () => {
  it('CSV: import(export(x)) equals x for arbitrary text', () => {
    fc.assert(
      fc.property(library, (lib) => {
        const file = exportResponsesCsv(lib, csv);
        const back = importResponsesCsv(file, csv);
        expect(back.errors).toEqual([]);
        expect(back.responses).toEqual(lib);
        expect(exportResponsesCsv(back.responses, csv)).toBe(file);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON: import(export(x)) equals x', () => {
    fc.assert(
      fc.property(library, (lib) => {
        const back = importResponsesJson(exportResponsesJson(lib));
        expect(back).toEqual({ ok: true, responses: lib, errors: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('neutralising formulas is reversible for every string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.constantFrom('', "'", "''", '=', "'=", '+', '\t', '\r', '\uFF1D', "'\uFF0B", '\uFF20'),
        (tail, head) => {
          const s = head + tail;
          const cell = neutraliseCell(s);
          expect(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell)).toBe(false);
          expect(restoreCell(cell)).toBe(s);
        },
      ),
    );
  });
});

describe('CSV file', () => {
  it('has one row per variant, a BOM and neutralised formula cells', () => {
    const file = exportResponsesCsv(sample, csv);
    expect(
      file.startsWith(
        '\ufeffid,client_id,shortcut,title,folder,tags,overrides,locale,platform,body\r\n',
      ),
    ).toBe(true);
    const rows = parse(file, { bom: true }) as string[][];
    expect(rows).toHaveLength(4);
    expect(rows[2]![9]).toBe('\'=HYPERLINK("http://evil")  æøå');
    expect(rows[3]![3]).toBe("'+Привет");
    expect(rows[3]![9]).toBe("''-1 and @here 😀");
    expect(rows[1]![5]).toBe('billing|eu, de');
  });

  it('reports each bad row with its line, column and reason, and imports nothing silently', () => {
    const file = [
      'id,client_id,shortcut,title,folder,tags,overrides,locale,platform,body',
      'r1,bank,refund,Refund,,,,en,,Hello {{member.first_name}}',
      'r1,bank,refund,Other title,,,,da,,Hej',
      'r2,,bad shortcut!,T,,,,en,,x',
      'r3,,ok,T,,,,english,,x',
      'r4,,ok2,T,,,,en,,"Hi {{member.email}}"',
      'r5,,ok3,T,,,,en,,"multi',
      'line"',
      'r6,,short',
      'r7,,ok4,T,,,,en,,{{#each x}}',
    ].join('\n');
    const r = importResponsesCsv(file, csv);
    expect(r.ok).toBe(false);
    expect(r.errors.map(formatImportError)).toEqual([
      'row 2 (line 3): title: differs from row 1 of the same id "r1"',
      'row 3 (line 4): shortcut: must be 1-40 letters, digits, "_" or "-" (typed after #)',
      'row 4 (line 5): locale: must be a locale such as "en", "da" or "da-DK"',
      expect.stringMatching(/^row 5 \(line 6\): body: unknown placeholder "member\.email"/),
      'row 7 (line 9): has 3 cells, the header has 10',
      expect.stringMatching(/^row 8 \(line 10\): body: template syntax error/),
    ]);
    expect(r.responses.map((x) => x.id)).toEqual(['r1', 'r5']);
  });

  it('refuses a wrong header and broken quoting with a clear message', () => {
    expect(importResponsesCsv('id,title,colour\nx,y,z', csv).errors.map(formatImportError)).toEqual(
      [
        'file: unknown column(s): colour (expected id, client_id, shortcut, title, folder, tags, overrides, locale, platform, body)',
        'file: missing column(s): shortcut, locale, body',
      ],
    );
    const broken = importResponsesCsv(
      'id,shortcut,title,locale,body\nr1,a,T,en,"unterminated',
      csv,
    );
    expect(broken.ok).toBe(false);
    expect(formatImportError(broken.errors[0]!)).toMatch(/^file.*not valid CSV/);
    expect(importResponsesCsv('', csv).errors[0]!.message).toMatch(/empty/);
  });

  it('accepts a minimal hand-made file (optional columns absent, columns in any order)', () => {
    const r = importResponsesCsv(
      'body,locale,title,shortcut,id\n"Hi, {{member.name}}",da,Hej,hej,x1\n',
      csv,
    );
    expect(r).toEqual({
      ok: true,
      errors: [],
      responses: [
        {
          id: 'x1',
          clientId: null,
          overrides: null,
          shortcut: 'hej',
          title: 'Hej',
          folder: '',
          tags: [],
          variants: [{ locale: 'da', platform: null, body: 'Hi, {{member.name}}' }],
        },
      ],
    });
  });
});

describe('JSON file', () => {
  it('names the response and field of each problem', () => {
    const file = JSON.stringify({
      format: 'steward.canned-responses',
      version: 1,
      responses: [sample[0], { ...sample[1], variants: [] }, sample[0]],
    });
    const r = importResponsesJson(file);
    expect(r.errors.map(formatImportError)).toEqual([
      'row 2: variants: Too small: expected array to have >=1 items',
      'row 3: id: duplicate id "r1" (also response 1)',
    ]);
    expect(importResponsesJson('{"format":"other"}').errors[0]!.field).toBe('format');
    expect(importResponsesJson('{oops').errors[0]!.message).toMatch(/not valid JSON/);
  });
});
