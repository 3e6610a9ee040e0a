// build: what the command-line tools (`npm run export`, `npm run report`) share — argument parsing
// with required options, the month and data-folder checks, finding a client by name, and the exit
// codes (2 for a usage error, 1 for any other failure, with the message on stderr).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** A mistake in how the tool was called: exit code 2. */
export class Usage extends Error {}

/** String options by name; those in `required` must be given. */
export function cliArgs(
  argv: string[],
  names: readonly string[],
  required: readonly string[],
): Record<string, string | undefined> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new Usage((e as Error).message, { cause: e });
  }
  for (const k of required) if (!values[k]) throw new Usage(`--${k} is required`);
  return values;
}

/** `--month` as YYYY-MM. */
export function cliMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new Usage(`--month: expected YYYY-MM (e.g. 2026-11), got "${month}"`);
  return month;
}

/** `--data`: a folder holding a Steward database; returns the folder, resolved. */
export function cliDataFolder(data: string): string {
  const dir = resolve(data);
  if (!existsSync(join(dir, 'steward.db')))
    throw new Error(`--data: no Steward data in ${dir} (steward.db not found)`);
  return dir;
}

/** `--client`: a client by its name (case and surrounding spaces ignored). */
export function cliClient<C extends { name: string }>(
  clients: C[],
  name: string,
  orAll = false,
): C {
  const want = name.trim().toLowerCase();
  const hit = clients.find((c) => c.name.trim().toLowerCase() === want);
  if (!hit)
    throw new Usage(
      `--client: unknown client "${name}" (known: ${clients.map((c) => c.name).join(', ') || 'none'}${orAll ? '; or "all"' : ''})`,
    );
  return hit;
}

/** Runs a tool's main and exits with its code (2 for a Usage error, 1 for any other). */
export function runCli(tool: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${tool}: ${(e as Error).message}\n`);
      process.exit(e instanceof Usage ? 2 : 1);
    },
  );
}
