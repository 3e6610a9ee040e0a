// Export rows (shared/billing/exports) serialised with the real csv-stringify: each format's exact
// header and cell formats as its vendor documents them, formula neutralisation of hostile member text,
// numeric cells left numeric, and agreement with csv-stringify's own escape_formulas on text.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockifyFormat,
  CSV_STRINGIFY_OPTIONS,
  decimal,
  detailedFormat,
  type ExportLine,
  exportRows,
  harvestFormat,
  neutralizeFormula,
  renderCell,
  togglFormat,
} from '../../../shared/billing';

const line = (over: Partial<ExportLine> = {}): ExportLine => ({
  start: '2026-03-02T13:05:09Z',
  client: 'Nordlys A/S',
  source: 'Nordlys forum',
  conversationTitle: 'Login fails, again',
  conversationUrl: 'https://forum.example/t/login/42',
  agentName: 'Ann Berg',
  agentFirstName: 'Ann',
  agentLastName: 'Berg',
  agentEmail: 'ann@agency.example',
  activity: 'reply',
  billable: true,
  rawSeconds: 5_117,
  roundedSeconds: 5_400,
  ratePerHourMinor: 95_000,
  amountMinor: 142_500,
  currency: 'DKK',
  periodState: 'approved',
  ...over,
});
const opts = { timeZone: 'Europe/Copenhagen' };
const csv = (rows: string[][]) => stringify(rows, CSV_STRINGIFY_OPTIONS);

describe('formats', () => {
  it('Harvest: the 8 documented columns in order, YYYY-MM-DD, decimal hours', () => {
    expect(csv(exportRows(harvestFormat, [line()], opts))).toBe(
      'Date,Client,Project,Task,Notes,Hours,First name,Last name\r\n' +
        '2026-03-02,Nordlys A/S,Nordlys forum,reply,"Login fails, again (https://forum.example/t/login/42)",1.50,Ann,Berg\r\n',
    );
    expect(
      exportRows(harvestFormat, [line({ roundedSeconds: 60 })], {
        ...opts,
        harvestHoursDecimals: 4,
      })[1]![5],
    ).toBe('0.0167');
    expect(exportRows(harvestFormat, [line()], { ...opts, duration: 'raw' })[1]![5]).toBe('1.42'); // 5117 s = 1.4214 h
  });

  it('Toggl Track: English headers, Start date YYYY-MM-DD, Start time and Duration HH:MM:SS', () => {
    const rows = exportRows(
      togglFormat,
      [line(), line({ start: '2026-07-01T22:30:00Z', roundedSeconds: 90_061, billable: false })],
      opts,
    );
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
      'ann@agency.example',
      'Ann Berg',
      'Nordlys A/S',
      'Nordlys forum',
      'Login fails, again',
      'Yes',
      '2026-03-02',
      '14:05:09',
      '01:30:00',
      'reply',
    ]);
    // Copenhagen summer time: 22:30Z is 00:30 the next day; 25 h 1 min 1 s stays one duration.
    expect(rows[2]!.slice(5, 9)).toEqual(['No', '2026-07-02', '00:30:00', '25:01:01']);
  });

  it("Clockify: the example file's header; date, time and duration follow the account's formats", () => {
    const rows = exportRows(clockifyFormat, [line()], opts);
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
    expect(rows[1]).toEqual([
      'Nordlys forum',
      'Nordlys A/S',
      'Login fails, again',
      'reply',
      'ann@agency.example',
      '',
      'Yes',
      '03/02/2026',
      '2:05 PM',
      '01:30:00',
    ]);
    const other = exportRows(
      clockifyFormat,
      [line({ start: '2026-03-02T23:05:09Z', roundedSeconds: 5_130 })],
      {
        ...opts,
        clockify: { dateFormat: 'DD.MM.YYYY', timeFormat: '24h', durationFormat: 'compact' },
      },
    )[1]!;
    expect(other.slice(7)).toEqual(['03.03.2026', '00:05', '1:26']); // 5130 s = 1:25:30 -> 1:26 (half up)
    expect(
      exportRows(clockifyFormat, [line({ start: '2026-03-01T23:30:00Z' })], {
        ...opts,
        clockify: { durationFormat: 'decimal' },
      })[1]!.slice(7),
    ).toEqual(['03/02/2026', '12:30 AM', '1.50']);
    expect(exportRows(clockifyFormat, [line({ start: '2026-03-02T11:00:00Z' })], opts)[1]![8]).toBe(
      '12:00 PM',
    );
  });

  it('detailed CSV: every column of the issue, amounts in the currency exponent', () => {
    const rows = exportRows(
      detailedFormat,
      [
        line(),
        line({
          currency: 'JPY',
          ratePerHourMinor: 9_000,
          amountMinor: 13_500,
          conversationUrl: null,
        }),
        line({ currency: 'KWD', amountMinor: 45_000, ratePerHourMinor: null }),
      ],
      opts,
    );
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
    expect(rows[1]).toEqual([
      '2026-03-02',
      'Nordlys A/S',
      'Nordlys forum',
      'Login fails, again',
      'https://forum.example/t/login/42',
      'Ann Berg',
      'reply',
      'Yes',
      '1.4214',
      '1.5000',
      '950.00',
      '1425.00',
      'DKK',
      'approved',
    ]);
    expect(rows[2]!.slice(4, 5).concat(rows[2]!.slice(10, 13))).toEqual([
      '',
      '9000',
      '13500',
      'JPY',
    ]);
    expect(rows[3]!.slice(10, 13)).toEqual(['', '45.000', 'KWD']);
  });

  it('refuses a bad zone, bad numbers and an unknown currency', () => {
    expect(() => exportRows(harvestFormat, [line()], { timeZone: 'Nowhere/City' })).toThrow(
      /options.timeZone/,
    );
    expect(() => exportRows(harvestFormat, [line({ roundedSeconds: -1 })], opts)).toThrow(
      /line.seconds/,
    );
    expect(() => exportRows(harvestFormat, [line({ start: '2026-03-02 13:05' })], opts)).toThrow(
      /line.start/,
    );
    expect(() => exportRows(detailedFormat, [line({ currency: 'XAU' })], opts)).toThrow(
      /line.currency/,
    );
    expect(() => exportRows(harvestFormat, [line()], { ...opts, harvestHoursDecimals: 9 })).toThrow(
      /harvestHoursDecimals/,
    );
    expect(() => decimal('=1+1')).toThrow(/not a plain decimal/);
    expect(() => decimal('-1e5')).toThrow(/not a plain decimal/);
  });
});

describe('formula injection', () => {
  const hostile = [
    '=HYPERLINK("http://evil","x")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    '＝1+1',
    '＋1',
    '－1',
    '＠x',
  ];

  it('neutralises hostile member names and titles in every format and column', () => {
    for (const h of hostile) {
      const evil = line({
        client: h,
        source: h,
        conversationTitle: h,
        agentName: h,
        agentFirstName: h,
        agentLastName: h,
        agentEmail: h,
        activity: h,
        conversationUrl: null,
      });
      for (const f of [harvestFormat, togglFormat, clockifyFormat, detailedFormat]) {
        const row = exportRows(f, [evil], opts)[1]!;
        for (const cell of row)
          expect(/^[=+\-@\t\r＝＋－＠]/.test(cell), `${f.name}: ${JSON.stringify(cell)}`).toBe(
            false,
          );
        expect(row).toContain(`'${h}`);
      }
    }
  });

  it('leaves our numbers numeric, negative ones included, and plain text alone', () => {
    expect(renderCell(decimal('-12.50'))).toBe('-12.50');
    expect(renderCell('-12.50')).toBe("'-12.50"); // the same text from a member is not trusted
    expect(neutralizeFormula('Nordlys')).toBe('Nordlys');
    expect(neutralizeFormula('')).toBe('');
    expect(neutralizeFormula(' =1')).toBe(' =1');
    const rows = exportRows(detailedFormat, [line({ amountMinor: -2_500 })], opts);
    expect(rows[1]![11]).toBe('-25.00');
  });

  it('agrees with csv-stringify escape_formulas on any text, and survives quoting', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '=',
            '+',
            '-',
            '@',
            '\t',
            '\r',
            '\n',
            '"',
            ',',
            'a',
            ' ',
            '＝',
            '＠',
            "'",
          ),
        }),
        (s) => {
          const ours = stringify([[renderCell(s)]], CSV_STRINGIFY_OPTIONS);
          const theirs = stringify([[s]], { ...CSV_STRINGIFY_OPTIONS, escape_formulas: true });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
