// `npm run export`: the command line runs the real export on a data folder and exits 0 with the
// file in place (an empty month is a valid, empty export), 2 with one clear line for an unknown
// client, a malformed month or an unknown format, and 1 for an unwritable file or a folder without
// Steward data — leaving no partial file behind.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core';
import { EUR_CONTRACT, timeWorld } from './helpers';

const root = join(import.meta.dirname, '..', '..', '..');
let t: { dir: string; cleanup(): void };
let data: string;

beforeAll(async () => {
  t = tempDir('steward-cli-');
  data = join(t.dir, 'data');
  mkdirSync(data);
  const w = await timeWorld(Date.parse('2026-11-10T09:00:00Z'), data);
  await w.core.call('time.setContract', { clientId: w.clients.a, contract: EUR_CONTRACT });
  await w.core.call('time.addEntry', {
    clientId: w.clients.a,
    conversationId: w.conv(1),
    activity: 'reply',
    start: '2026-11-03T09:00:00+01:00',
    seconds: 1800,
  });
  await w.core.stop();
}, 60_000);
afterAll(() => t.cleanup());

/** The first run goes through npm's script (bundling); the others run the bundle it left. */
let bundled = false;
function run(...args: string[]) {
  const cmd = bundled
    ? [join(root, 'dist/export/main.mjs'), ...args]
    : [join(root, 'build/scripts/export.mjs'), '--', ...args];
  bundled = true;
  const r = spawnSync(process.execPath, cmd, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('exports a client month (exit 0), by name case-insensitively, into the given file', () => {
  const out = join(t.dir, 'nw.csv');
  const r = run(
    '--data',
    data,
    '--client',
    'northwind',
    '--month',
    '2026-11',
    '--format',
    'harvest',
    '--out',
    out,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ rows: 1, clients: 1, format: 'harvest' });
  expect(readFileSync(out, 'utf8')).toBe(
    'Date,Client,Project,Task,Notes,Hours,First name,Last name\r\n2026-11-03,Northwind,Northwind forum,reply,Topic 1 (https://forum.example/t/1),0.50,Test,Agent\r\n',
  );
}, 60_000);

it('an empty month is a valid, empty export; xlsx for all clients opens in exceljs', async () => {
  const out = join(t.dir, 'empty.csv');
  const r = run(
    '--data',
    data,
    '--client',
    'all',
    '--month',
    '2025-02',
    '--format',
    'csv',
    '--out',
    out,
  );
  expect(r.code).toBe(0);
  expect(readFileSync(out, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
  const x = join(t.dir, 'all.xlsx');
  expect(
    run('--data', data, '--client', 'all', '--month', '2026-11', '--format', 'xlsx', '--out', x)
      .code,
  ).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(x);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['Northwind', 'Summary']);
}, 60_000);

it('unknown client, malformed month, unknown format: exit 2 with one clear line, nothing written', () => {
  const out = join(t.dir, 'never.csv');
  const cases: [string[], RegExp][] = [
    [
      ['--client', 'Umbrella', '--month', '2026-11', '--format', 'csv'],
      /^export: --client: unknown client "Umbrella" \(known: Contoso, Northwind; or "all"\)\n$/,
    ],
    [
      ['--client', 'all', '--month', '2026-13', '--format', 'csv'],
      /^export: --month: expected YYYY-MM/,
    ],
    [
      ['--client', 'all', '--month', '11/2026', '--format', 'csv'],
      /^export: --month: expected YYYY-MM/,
    ],
    [
      ['--client', 'all', '--month', '2026-11', '--format', 'pdf'],
      /^export: --format: expected one of harvest, toggl, clockify, csv, xlsx/,
    ],
    [['--client', 'all', '--month', '2026-11'], /^export: --format is required/],
  ];
  for (const [args, message] of cases) {
    const r = run('--data', data, ...args, '--out', out);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(message);
  }
  expect(existsSync(out)).toBe(false);
}, 60_000);

it('an unwritable file or a folder without Steward data: exit 1, no partial file', () => {
  const ro = join(t.dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o500);
  try {
    const asRoot = process.getuid?.() === 0;
    const targets = [join(t.dir, 'missing-dir', 'x.csv'), ...(asRoot ? [] : [join(ro, 'x.csv')])];
    for (const out of targets) {
      const r = run(
        '--data',
        data,
        '--client',
        'all',
        '--month',
        '2026-11',
        '--format',
        'csv',
        '--out',
        out,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^export: --out: cannot write .*x\.csv: (ENOENT|EACCES)\n$/);
    }
    expect(readdirSync(ro)).toEqual([]);
  } finally {
    chmodSync(ro, 0o700);
  }
  const r = run(
    '--data',
    join(t.dir, 'nothing'),
    '--client',
    'all',
    '--month',
    '2026-11',
    '--format',
    'csv',
    '--out',
    join(t.dir, 'y.csv'),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/no Steward data/);
}, 60_000);
