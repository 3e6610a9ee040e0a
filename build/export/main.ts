// build/export: `npm run export -- --data <dir> --client <name|all> --month YYYY-MM --format
// harvest|toggl|clockify|csv|xlsx --out <file>` — the time export for scheduled jobs, through the same
// path as the app (electron/core/domains/time/export.ts): one read-only snapshot of <dir>/steward.db,
// streamed to a temporary file next to <out> that is renamed into place only when complete.
// Exit codes: 0 done (an empty month is a valid, empty export), 2 bad arguments (unknown client,
// malformed month, unknown format), 1 anything else (no Steward data there, unwritable file, a client
// without a contract...). One line `export: <reason>` on stderr; a JSON summary line on stdout.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/ipc/result';
import { createClientsRepo } from '../../electron/core/domains/clients/repo';
import { cliArgs, cliClient, cliDataFolder, cliMonth, runCli, Usage } from '../cli';
import {
  EXPORT_EXTENSIONS,
  writeExport,
  type ExportFormatName,
} from '../../electron/core/domains/time/export';

async function main(argv: string[]): Promise<number> {
  const names = ['data', 'client', 'month', 'format', 'out'];
  const values = cliArgs(argv, names, names);
  const month = cliMonth(values.month!);
  const format = values.format! as ExportFormatName;
  if (!(format in EXPORT_EXTENSIONS))
    throw new Usage(
      `--format: expected one of ${Object.keys(EXPORT_EXTENSIONS).join(', ')}, got "${format}"`,
    );
  const dbPath = join(cliDataFolder(values.data!), 'steward.db');
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 5)
      throw new Error(
        `--data: this data folder predates time tracking (schema ${version}); open it with Steward once`,
      );
    let clientId: number | null = null;
    if (values.client!.toLowerCase() !== 'all') {
      clientId = cliClient(createClientsRepo(db).list(), values.client!, true).id;
    }
    const out = resolve(values.out!);
    const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
    const stream = createWriteStream(tmp, { flags: 'wx' });
    try {
      await Promise.race([
        once(stream, 'open'),
        once(stream, 'error').then(([e]) => Promise.reject(e as Error)),
      ]);
    } catch (e) {
      throw new Error(
        `--out: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        { cause: e },
      );
    }
    try {
      const res = await writeExport(db, { clientId, month, format }, stream);
      renameSync(tmp, out);
      process.stdout.write(
        JSON.stringify({
          out,
          format,
          month,
          client: values.client,
          rows: res.rows,
          clients: res.clients,
        }) + '\n',
      );
    } catch (e) {
      stream.destroy();
      rmSync(tmp, { force: true });
      if (e instanceof AppError && e.code === 'invalid_input') throw new Usage(e.message);
      throw e;
    }
  } finally {
    db.close();
  }
  return 0;
}

runCli('export', main);
