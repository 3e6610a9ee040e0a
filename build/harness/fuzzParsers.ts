// build/harness/fuzzParsers: every connector's normalizers under hostile input. Each registered
// connector's replay entry point (the same normalizers polling and push streams use: API bodies, gateway
// and event frames, .eml/.mbox bytes) gets `runs` inputs: half hostile JSON (fuzzGen), half mutations of
// our recorded-shape fixtures (tests/fixtures/<platform>/, each given with its file name so replay picks
// the normalizer for that shape); mail gets arbitrary bytes and byte-level mutations of the .eml fixtures.
// A normalizer may reject or skip anything, but must not throw, must return a batch that serialises, and
// must leave Object.prototype untouched. Figures: parser_normalizers, parser_fuzz_cases,
// parser_fuzz_crashes, parser_prototype_polluted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { allConnectors } from '../../electron/core/connectors/registry';
import type { Connector, ItemBatch } from '../../electron/core/connectors/types';
import { byteMutationsOf, hostileJson, mutationsOf } from './fuzzGen';

type Replay = (
  payload: unknown,
  hint: { fileName: string },
) => (ItemBatch & { skipped: number }) | Promise<ItemBatch & { skipped: number }>;

/** The replay function of a connector (mail's is async), or null. */
function replayOf(c: Connector): Replay | null {
  const async = (c as Connector & { replayAsync?: Replay }).replayAsync;
  if (async) return async.bind(c);
  return c.replay ? c.replay.bind(c) : null;
}

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const polluted = (before: string) =>
  protoNames() !== before ||
  ({} as Record<string, unknown>).polluted !== undefined ||
  Object.keys(Object.prototype).length > 0;

/** Problems of a replay result, or null. */
function batchProblem(b: ItemBatch & { skipped: number }): string | null {
  if (!b || !Array.isArray(b.items) || !Array.isArray(b.rejected)) return 'not a batch';
  for (const i of b.items) {
    if (typeof i.conversation?.externalId !== 'string' || typeof i.message?.externalId !== 'string')
      return 'an item without ids';
    if (typeof i.message.bodyText !== 'string' || typeof i.message.bodyHtml !== 'string')
      return 'an item without a body';
    if (!Number.isFinite(i.message.createdAt)) return 'an item without a time';
  }
  for (const r of b.rejected)
    if (typeof r.reason !== 'string' || r.reason.length === 0)
      return 'a rejection without a reason';
  JSON.stringify(b); // stored as JSON: must not throw
  return null;
}

export async function fuzzParsers(o: {
  runs: number;
  log: (m: string) => void;
  fixturesDir?: string;
  connectors?: Connector[];
}) {
  const dir = o.fixturesDir ?? join(process.cwd(), 'tests/fixtures');
  const figures = {
    parser_normalizers: 0,
    parser_fuzz_cases: 0,
    parser_fuzz_crashes: 0,
    parser_prototype_polluted: 0,
  };
  const before = protoNames();
  const examples: string[] = [];
  for (const c of o.connectors ?? allConnectors()) {
    const replay = replayOf(c);
    if (!replay) continue;
    figures.parser_normalizers++;
    let files: string[] = [];
    try {
      files = readdirSync(join(dir, c.platform)).sort();
    } catch {
      o.log(`parsers: ${c.platform}: no fixtures in ${dir}; hostile input only`);
    }
    const json = files.filter((f) => f.endsWith('.json'));
    const raw = files.filter((f) => /\.(eml|mbox)$/.test(f));
    // One generator per shape, each with the file name its payload came from.
    const shapes: fc.Arbitrary<{ payload: unknown; fileName: string }>[] = [
      ...json.map((f) => {
        const p = JSON.parse(readFileSync(join(dir, c.platform, f), 'utf8')) as unknown;
        return mutationsOf(p).map((payload) => ({ payload, fileName: f }));
      }),
      ...raw.map((f) =>
        byteMutationsOf(readFileSync(join(dir, c.platform, f))).map((payload) => ({
          payload,
          fileName: f,
        })),
      ),
    ];
    const names = files.length ? files : ['payload.json'];
    const hostile = fc
      .tuple(
        raw.length
          ? fc.oneof(
              hostileJson,
              fc.uint8Array({ maxLength: 4000 }).map((u) => Buffer.from(u)),
            )
          : hostileJson,
        fc.constantFrom(...names),
      )
      .map(([payload, fileName]) => ({ payload, fileName }));
    const input = shapes.length ? fc.oneof(hostile, fc.oneof(...shapes)) : hostile;
    let crashes = 0;
    for (const { payload, fileName } of fc.sample(input, { numRuns: o.runs, seed: 20261126 })) {
      figures.parser_fuzz_cases++;
      try {
        const problem = batchProblem(await replay(payload, { fileName }));
        if (problem) throw new Error(problem);
      } catch (err) {
        crashes++;
        if (examples.length < 10)
          examples.push(
            `${c.platform} (${fileName}): ${((err as Error)?.stack ?? String(err)).split('\n').slice(0, 4).join(' | ')}`.slice(
              0,
              500,
            ),
          );
      }
    }
    figures.parser_fuzz_crashes += crashes;
    if (polluted(before)) figures.parser_prototype_polluted++;
    o.log(
      `parsers: ${c.platform}: ${o.runs} inputs (${shapes.length} recorded shapes), ${crashes} crashes`,
    );
  }
  for (const e of examples) o.log(`parsers: ${e}`);
  return figures;
}
