// `npm run report`: the command line writes the client report PDF of a data folder (exit 0, progress
// lines, a JSON summary, the language and paper asked for), and fails with one clear line — exit 2
// for an unknown client, a malformed month, an unknown language or paper; exit 1 for an unwritable
// file or a folder without Steward data — leaving no partial file behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core';
import { readPdf } from './pdfText';
import { reportWorld } from './reportWorld';

const root = join(import.meta.dirname, '..', '..', '..');
let t: { dir: string; cleanup(): void };
let data: string;

beforeAll(async () => {
  t = tempDir('steward-report-cli-');
  data = join(t.dir, 'data');
  mkdirSync(data);
  const w = await reportWorld({ dir: data, conversations: 30 });
  await w.core.stop();
}, 120_000);
afterAll(() => t.cleanup());

/** The first run goes through npm's script (bundling); the others run the bundle it left. */
let bundled = false;
function run(...args: string[]) {
  const cmd = bundled
    ? [join(root, 'dist/report/main.mjs'), ...args]
    : [join(root, 'build/scripts/report.mjs'), '--', ...args];
  bundled = true;
  const r = spawnSync(process.execPath, cmd, { cwd: root, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('writes the report (exit 0) with progress, by client name case-insensitively', async () => {
  const out = join(t.dir, 'fjord.pdf');
  const r = run(
    '--data',
    data,
    '--client',
    'fjord outdoor',
    '--month',
    '2026-11',
    '--lang',
    'da',
    '--paper',
    'letter',
    '--out',
    out,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines.slice(0, -1)).toEqual(
    [
      'data',
      'cover',
      'summary',
      'volume',
      'responsiveness',
      'sla',
      'moderation',
      'feedback',
      'effort',
      'hours',
      'written',
    ].map((s, i) => `report: ${i + 1}/11 ${s}`),
  );
  const summary = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  expect(summary).toMatchObject({
    out,
    client: 'Fjord Outdoor',
    month: '2026-11',
    language: 'da',
    paper: 'letter',
  });
  const pdf = await readPdf(out);
  expect(pdf.pages.length).toBe(summary.pages);
  expect(pdf.pages[0]!).toMatchObject({ width: 612, height: 792 });
  expect(pdf.text).toContain('Timeopgørelse');
  expect(pdf.text).toContain('november 2026');
}, 120_000);

it('bad arguments: exit 2 with one clear line, nothing written', () => {
  const out = join(t.dir, 'never.pdf');
  const cases: [string[], RegExp][] = [
    [
      ['--client', 'Umbrella', '--month', '2026-11'],
      /^report: --client: unknown client "Umbrella" \(known: Contoso, Fjord Outdoor\)\n$/,
    ],
    [['--client', 'Contoso', '--month', '2026-13'], /^report: --month: expected YYYY-MM/],
    [['--client', 'Contoso', '--month', 'November'], /^report: --month: expected YYYY-MM/],
    [
      ['--client', 'Contoso', '--month', '2026-11', '--lang', 'de'],
      /^report: --lang: expected en, da or ru, got "de"\n$/,
    ],
    [
      ['--client', 'Contoso', '--month', '2026-11', '--paper', 'a3'],
      /^report: --paper: expected a4 or letter/,
    ],
    [['--month', '2026-11'], /^report: --client is required/],
  ];
  for (const [args, message] of cases) {
    const r = run('--data', data, ...args, '--out', out);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(message);
  }
  expect(existsSync(out)).toBe(false);
}, 120_000);

it('an unwritable file or a folder without Steward data: exit 1, no partial file', () => {
  const file = join(t.dir, 'a-file');
  writeFileSync(file, 'x');
  for (const out of [join(t.dir, 'missing-dir', 'x.pdf'), join(file, 'x.pdf')]) {
    const r = run('--data', data, '--client', 'Contoso', '--month', '2026-11', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^report: --out: cannot write .*x\.pdf: (ENOENT|ENOTDIR)\n$/);
  }
  expect(readdirSync(t.dir).filter((f) => f.includes('partial'))).toEqual([]);
  const r = run(
    '--data',
    join(t.dir, 'nothing'),
    '--client',
    'Contoso',
    '--month',
    '2026-11',
    '--out',
    join(t.dir, 'y.pdf'),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^report: --data: no Steward data/);
}, 120_000);
