// The export part of the harness: its formula detector can fail (CSV text a spreadsheet evaluates, an
// XLSX cell stored as a formula), and a short real run — fuzzed names, titles, notes and canned
// responses through every time export and the responses CSV — reads back no live formula.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { exportHarness, fuzzText, isLiveFormula, xlsxCells } from '../../../build/harness/exports';
import { tempDir } from '../../helpers/core';

it('treats formula starts (fullwidth too) as live, plain numbers and quoted text as inert', () => {
  for (const t of ['=1+1', '+A1', '-2+3', '@SUM(1)', '\tx', '\rx', '＝A1', '＋1', '－1', '＠x'])
    expect(isLiveFormula(t)).toBe(true);
  for (const t of ['-12.50', '+3', '1e5', "'=1+1", ' =1', 'x=1', '', '−1'])
    expect(isLiveFormula(t)).toBe(false);
  // The fuzzer mostly produces formula starts, so the check is exercised.
  const sample = fc.sample(fuzzText, { numRuns: 1000, seed: 1 });
  expect(sample.filter(isLiveFormula).length).toBeGreaterThan(400);
});

it('reads a formula cell of an XLSX file as a formula and a text cell starting with = as text', async () => {
  const t = tempDir();
  try {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.getCell('A1').value = { formula: '1+1', result: 2 };
    ws.getCell('A2').value = '=HYPERLINK("http://evil.example")';
    const file = join(t.dir, 'x.xlsx');
    await wb.xlsx.writeFile(file);
    const cells = await xlsxCells(file);
    expect(cells.map((c) => c.formula)).toEqual([true, false]);
  } finally {
    t.cleanup();
  }
});

it('no export carries a live formula for fuzzed member-, agent- and client-supplied text', async () => {
  const logs: string[] = [];
  const f = await exportHarness({ entries: 60, responses: 12, log: (m) => logs.push(m), seed: 7 });
  expect(f.export_files).toBe(7);
  expect(f.export_fuzzed_values).toBeGreaterThan(200);
  expect(f.csv_cells).toBeGreaterThan(2000);
  expect(f.live_formulas).toBe(0);
}, 120_000);
