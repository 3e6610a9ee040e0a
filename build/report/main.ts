// build/report: `npm run report -- --data <dir> --client <name> --month YYYY-MM [--lang en|da|ru]
// [--paper a4|letter] --out <file.pdf>` — the client report PDF for scheduled jobs, through the same
// path as the app's `reports.clientReport` (electron/core/domains/reports/clientReport.ts): a
// read-only core on <dir> answers `reports.clientReportData`, pdfkit draws it into a temporary file
// next to <out>, renamed into place only when complete. Progress: one line per step on stdout
// (`report: 3/10 …`), then a JSON summary line (pages, bytes, ms: the whole run, collectMs / renderMs: data / PDF). Exit codes: 0 written; 2 bad arguments (unknown
// client, malformed month, unknown language or paper); 1 anything else (no Steward data there, an
// unwritable file...). Errors: one line `report: <reason>` on stderr.
import type { Output } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { createCore } from '../../electron/core/index';
import { silentLogger } from '../../electron/core/ports';
import { writeClientReport } from '../../electron/core/domains/reports/clientReport';
import type { ReportLanguage, ReportPaper } from '../../shared/ipc/domains/reports';
import { resolve } from 'node:path';
import { cliArgs, cliClient, cliDataFolder, cliMonth, runCli, Usage } from '../cli';

const STEPS = [
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
];

async function main(argv: string[]): Promise<number> {
  const values = cliArgs(
    argv,
    ['data', 'client', 'month', 'lang', 'paper', 'out'],
    ['data', 'client', 'month', 'out'],
  );
  const month = cliMonth(values.month!);
  const lang = values.lang as ReportLanguage | undefined;
  if (lang !== undefined && !['en', 'da', 'ru'].includes(lang))
    throw new Usage(`--lang: expected en, da or ru, got "${lang}"`);
  const paper = (values.paper ?? 'a4').toLowerCase() as ReportPaper;
  if (!['a4', 'letter'].includes(paper))
    throw new Usage(`--paper: expected a4 or letter, got "${values.paper}"`);
  const dataDir = cliDataFolder(values.data!);

  const started = performance.now();
  const core = await createCore({
    dataDir,
    mode: 'desktop',
    readOnly: true,
    logger: silentLogger,
    secrets: { backend: 'none', get: () => null, set() {}, delete() {} },
  });
  try {
    const listed = await core.dispatch('clients.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const clients = { value: listed.value as Output<'clients.list'> };
    const hit = cliClient(clients.value, values.client!);
    const collecting = performance.now();
    const res = await core.dispatch('reports.clientReportData', {
      clientId: hit.id,
      month,
      ...(lang ? { language: lang } : {}),
    });
    if (!res.ok) throw new Error(res.error.message);
    const data = res.value as Output<'reports.clientReportData'>;
    const collectMs = performance.now() - collecting;
    const rendering = performance.now();
    const out = resolve(values.out!);
    const written = await writeClientReport(() => data, { clientId: hit.id, month, paper }, out, {
      now: Date.now(),
      onProgress: (step, steps) =>
        process.stdout.write(`report: ${step}/${steps} ${STEPS[step - 1] ?? ''}\n`),
    }).catch((e: unknown) => {
      throw e instanceof AppError && e.message.startsWith('cannot write')
        ? new Error(`--out: ${e.message}`, { cause: e })
        : e;
    });
    process.stdout.write(
      JSON.stringify({
        out: written.path,
        client: hit.name,
        month,
        language: written.language,
        paper,
        pages: written.pages,
        bytes: written.bytes,
        ms: Math.round(performance.now() - started),
        collectMs: Math.round(collectMs),
        renderMs: Math.round(performance.now() - rendering),
      }) + '\n',
    );
  } finally {
    await core.stop();
  }
  return 0;
}

runCli('report', main);
