// build/export: `npm run export -- --data <dir> --client <name|all> --month YYYY-MM --format
// harvest|toggl|clockify|csv|xlsx --out <file>` — the time export for scheduled jobs, through the same
// path as the app (electron/core/domains/time/export.ts): one read-only snapshot of <dir>/steward.db,
// streamed to a temporary file next to <out> that is renamed into place only when complete.
// Exit codes: 0 done (an empty month is a valid, empty export), 2 bad arguments (unknown client,
// malformed month, unknown format), 1 anything else (no Steward data there, unwritable file, a client
// without a contract...). One line `export: <reason>` on stderr; a JSON summary line on stdout.
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/ipc/result';
import { createClientsRepo } from '../../electron/core/domains/clients/repo';
import {
  EXPORT_EXTENSIONS,
  writeExport,
  type ExportFormatName,
} from '../../electron/core/domains/time/export';

class Usage extends Error {}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: {
        data: { type: 'string' },
        client: { type: 'string' },
        month: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new Usage((e as Error).message, { cause: e });
  }
  for (const k of ['data', 'client', 'month', 'format', 'out'] as const)
    if (!values[k]) throw new Usage(`--${k} is required`);
  const month = values.month!;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new Usage(`--month: expected YYYY-MM (e.g. 2026-11), got "${month}"`);
  const format = values.format! as ExportFormatName;
  if (!(format in EXPORT_EXTENSIONS))
    throw new Usage(
      `--format: expected one of ${Object.keys(EXPORT_EXTENSIONS).join(', ')}, got "${format}"`,
    );
  const dbPath = join(resolve(values.data!), 'steward.db');
  if (!existsSync(dbPath))
    throw new Error(`--data: no Steward data in ${resolve(values.data!)} (steward.db not found)`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 5)
      throw new Error(
        `--data: this data folder predates time tracking (schema ${version}); open it with Steward once`,
      );
    let clientId: number | null = null;
    if (values.client!.toLowerCase() !== 'all') {
      const all = createClientsRepo(db).list();
      const want = values.client!.trim().toLowerCase();
      const hit = all.find((c) => c.name.trim().toLowerCase() === want);
      if (!hit)
        throw new Usage(
          `--client: unknown client "${values.client}" (known: ${all.map((c) => c.name).join(', ') || 'none'}; or "all")`,
        );
      clientId = hit.id;
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`export: ${(e as Error).message}\n`);
    process.exit(e instanceof Usage ? 2 : 1);
  },
);
