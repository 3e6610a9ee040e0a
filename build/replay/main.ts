// `npm run replay -- --platform <id> <file>...`: runs a connector's own normalizer (`replay`) on
// recorded payload files, with no network. Generic: the platform comes from the registry; the file
// decides the payload form:
//   - JSON: one response body, or a VCR/Betamax cassette (`interactions` / `http_interactions`):
//     each recorded response body (`string`, or `base64_string`, gunzipped when compressed);
//   - JSON lines (.jsonl/.ndjson, or text whose lines each parse): one payload per line (gateway frames);
//   - .eml/.mbox and anything that is not JSON: the raw bytes (a Buffer).
// Prints one JSON line per file: {"file","items","quarantined","skipped","errors"} — counts, and the
// readable reasons (quarantined items and bodies or files that could not be replayed). Exit code 0
// when every file was read, 1 when one could not be (or the platform is unknown), 2 on bad usage.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getConnector } from '../../electron/core/connectors/registry';
import type { Connector } from '../../electron/core/connectors/types';

type Line = { file: string; items: number; quarantined: number; skipped: number; errors: string[] };
const MAX_REASONS = 50;

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A cassette's recorded response bodies (decoded), or null when the JSON is not a cassette. */
export function cassetteBodies(doc: unknown): Array<unknown> | null {
  const list = isObj(doc) ? (doc.interactions ?? doc.http_interactions) : undefined;
  if (!Array.isArray(list) || !list.every((i) => isObj(i) && isObj(i.response))) return null;
  return list.map((i) => {
    const res = (i as { response: Record<string, unknown> }).response;
    const body = res.body;
    let bytes: Buffer | null = null;
    if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
    else if (isObj(body) && typeof body.base64_string === 'string')
      bytes = Buffer.from(body.base64_string, 'base64');
    else if (isObj(body) && typeof body.string === 'string')
      bytes = Buffer.from(body.string, 'utf8');
    if (!bytes || bytes.length === 0) return '';
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch {
        return bytes;
      }
    }
    const text = bytes.toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  });
}

/** The payloads in one file, in order. */
export function payloadsOf(file: string, bytes: Buffer): unknown[] {
  const ext = extname(file).toLowerCase();
  if (ext === '.eml' || ext === '.mbox') return [bytes];
  const text = bytes.toString('utf8');
  if (ext !== '.jsonl' && ext !== '.ndjson') {
    try {
      const doc = JSON.parse(text) as unknown;
      return cassetteBodies(doc) ?? [doc];
    } catch {
      /* not one JSON document: maybe JSON lines */
    }
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const parsed: unknown[] = [];
  for (const l of lines) {
    try {
      parsed.push(JSON.parse(l));
    } catch {
      if (ext === '.jsonl' || ext === '.ndjson')
        parsed.push(new Error(`line ${parsed.length + 1} is not JSON`));
      else return [bytes];
    }
  }
  return parsed.length ? parsed : [bytes];
}

export function replayFile(connector: Connector, file: string, bytes: Buffer): Line {
  const line: Line = { file, items: 0, quarantined: 0, skipped: 0, errors: [] };
  const reason = (s: string) => {
    if (line.errors.length < MAX_REASONS) line.errors.push(s.slice(0, 500));
  };
  const payloads = payloadsOf(file, bytes);
  payloads.forEach((p, i) => {
    const where = payloads.length > 1 ? `#${i + 1}: ` : '';
    if (p instanceof Error) {
      reason(`${where}${p.message}`);
      return;
    }
    try {
      const r = connector.replay!(p, { fileName: basename(file) });
      line.items += r.items.length;
      line.skipped += r.skipped;
      line.quarantined += r.rejected.length;
      for (const q of r.rejected) reason(`${where}quarantined: ${q.reason}`);
    } catch (err) {
      reason(`${where}replay failed: ${(err as Error)?.message ?? String(err)}`);
    }
  });
  const total = line.quarantined + line.errors.filter((e) => !/quarantined: /.test(e)).length;
  if (total > line.errors.length) line.errors.push(`… and ${total - line.errors.length} more`);
  return line;
}

/** A connector whose normaliser is asynchronous (email: mailparser) offers `replayAsync` instead of `replay`. */
type AsyncReplay = {
  replayAsync?: (
    payload: unknown,
    hint: { fileName: string },
  ) => Promise<ReturnType<NonNullable<Connector['replay']>>>;
};

/** `replayFile` for either kind of connector: the asynchronous normaliser when there is one. */
export async function replayFileAsync(
  connector: Connector & AsyncReplay,
  file: string,
  bytes: Buffer,
): Promise<Line> {
  const replayAsync = connector.replayAsync;
  if (!replayAsync) return replayFile(connector, file, bytes);
  const results: Array<Awaited<ReturnType<typeof replayAsync>> | Error> = [];
  for (const p of payloadsOf(file, bytes)) {
    if (p instanceof Error) continue;
    try {
      results.push(await replayAsync(p, { fileName: basename(file) }));
    } catch (err) {
      results.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  // The same counting and reasons as replayFile, over the results computed above, in order.
  let next = 0;
  const settled: Connector = {
    ...connector,
    replay: () => {
      const r = results[next++];
      if (!r) throw new Error('no result');
      if (r instanceof Error) throw r;
      return r;
    },
  };
  return replayFile(settled, file, bytes);
}

async function main(argv: string[]): Promise<number> {
  const i = argv.indexOf('--platform');
  const platform = i >= 0 ? argv[i + 1] : undefined;
  const files = argv.filter((_, k) => k !== i && k !== i + 1);
  if (!platform || files.length === 0) {
    process.stderr.write('usage: npm run replay -- --platform <id> <file>...\n');
    return 2;
  }
  let connector: Connector & AsyncReplay;
  try {
    connector = getConnector(platform);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  if (!connector.replay && !connector.replayAsync) {
    process.stderr.write(`The ${platform} connector has no replay\n`);
    return 1;
  }
  let failed = false;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      failed = true;
      process.stdout.write(
        `${JSON.stringify({ file, items: 0, quarantined: 0, skipped: 0, errors: [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] })}\n`,
      );
      continue;
    }
    process.stdout.write(`${JSON.stringify(await replayFileAsync(connector, file, bytes))}\n`);
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && /replay[\\/]main\.(mjs|ts)$/.test(process.argv[1]))
  process.exitCode = await main(process.argv.slice(2));
