// build/bench: runs the time export benchmark in two child processes — generate
// (build/bench/exportGenerate.ts), then export (build/bench/export.ts), both bundled by bench.mjs into
// dist/bench/ — so the peak memory printed is that of the export alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settleOnDisk } from './settle';

export function runExportBench(entries: number, log: (m: string) => void): Record<string, number> {
  const script = join(process.cwd(), 'dist/bench/export.mjs');
  const generator = join(process.cwd(), 'dist/bench/exportGenerate.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-export-'));
  try {
    const gen = spawnSync(process.execPath, [generator, dir, '--entries', String(entries)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (gen.status !== 0) throw new Error('export bench: generating entries failed');
    // The generator's ~300 MB, written back by the kernel while the export runs, cost it 0.3–0.4 s.
    settleOnDisk(join(dir, 'steward.db'));
    log(`export bench: detailed CSV of ${entries} entries…`);
    const run = spawnSync(process.execPath, [script, '--run', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error('export bench: the export failed');
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      export_ms: number;
      cpu_ms: number;
      start_rss_mb: number;
      rows: number;
      bytes: number;
      peak_rss_mb: number;
    };
    log(
      `export bench: ${r.rows} rows, ${(r.bytes / 1048576).toFixed(0)} MiB in ${r.export_ms} ms (CPU ${r.cpu_ms} ms), peak RSS ${r.peak_rss_mb} MiB (${r.start_rss_mb} MiB before the export)`,
    );
    const scale = 1_000_000 / Math.max(1, r.rows);
    return {
      export_entries: r.rows,
      export_1m_ms: Math.round(r.export_ms * scale),
      export_measured_ms: r.export_ms,
      export_cpu_1m_ms: Math.round(r.cpu_ms * scale),
      export_peak_rss_mb: r.peak_rss_mb,
      export_start_rss_mb: r.start_rss_mb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
