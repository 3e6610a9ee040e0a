// Hostile input: the email normaliser (mailparser + our charset hook, threading, quotes, names) under
// fast-check, over arbitrary bytes and over byte-level mutations of our own .eml fixtures (flipped,
// inserted and deleted bytes, cut messages, spliced headers): no exception escapes, Object.prototype
// is never touched, every result is a structurally sound item, a skip, or a quarantine with a reason.
// Runs: 5,000 arbitrary + 5,000 mutated = 10,000 messages through the async parser. mailparser costs
// ~1–3 ms per small message, so the file takes ~15–30 s on 2 loaded cores (measured: see the report).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  normalizeMessage,
  type NormalizeResult,
} from '../../../electron/core/connectors/email/normalize';
import { ThreadMemory } from '../../../electron/core/connectors/email/thread';
// Attachment names must not carry path separators or control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_NAME = /[\\/\u0000-\u001f]/;

const RUNS_ARBITRARY = 5_000;
const RUNS_MUTATED = 5_000;
const SLOW = 180_000;

const here = fileURLToPath(new URL('.', import.meta.url));
const FIX = join(here, '..', '..', 'fixtures', 'email');
const seeds = readdirSync(FIX)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(FIX, f)));

function prototypeClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    Object.keys(Object.prototype).length === 0 &&
    probe.polluted === undefined &&
    Object.getPrototypeOf(probe) === Object.prototype
  );
}
afterEach(() => expect(prototypeClean()).toBe(true));

const memory = new ThreadMemory();
const ctx = { ownAddresses: new Set(['support@brand.example']), memory, now: 1_700_000_000_000 };

function check(r: NormalizeResult): void {
  if ('item' in r) {
    const i = r.item;
    for (const s of [
      i.conversation.externalId,
      i.conversation.title,
      i.member.externalId,
      i.message.externalId,
      i.message.bodyText,
      i.message.bodyHtml,
    ])
      expect(typeof s).toBe('string');
    expect(i.conversation.externalId.length).toBeGreaterThan(0);
    expect(i.message.externalId.length).toBeGreaterThan(0);
    expect(Number.isFinite(i.message.createdAt)).toBe(true);
    for (const a of i.message.attachments ?? []) expect(a.name).not.toMatch(UNSAFE_NAME);
    const q = i.message.meta?.quotedFrom;
    if (q !== null && q !== undefined)
      expect(q as number).toBeLessThanOrEqual(i.message.bodyText.length);
    JSON.stringify(i);
  } else if ('rejected' in r) {
    expect(r.rejected.reason.length).toBeGreaterThan(3);
    JSON.stringify(r.rejected);
  } else expect(r.skipped.length).toBeGreaterThan(3);
}

/** A mutation of a seed message: byte flips, insertions (incl. MIME-significant text), deletions, cuts. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: seeds.length - 1 }),
    fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('flip' as const),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        fc.record({
          op: fc.constant('insert' as const),
          at: fc.nat(),
          text: fc.constantFrom(
            '\r\n',
            '\r\n\r\n',
            '--',
            '=?',
            '?=',
            '=\r\n',
            'boundary=',
            'charset=utf-7',
            'Content-Type: multipart/mixed; boundary=x\r\n',
            'Content-Transfer-Encoding: base64\r\n',
            '\u0000',
            'References: <a@b> <a@b>\r\n',
            '=?koi8-r?B?8vXz8+vp6g==?=',
            '\xff\xfe',
          ),
        }),
        fc.record({
          op: fc.constant('delete' as const),
          at: fc.nat(),
          len: fc.integer({ min: 1, max: 40 }),
        }),
        fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([seed, ops]) => {
    let b = Buffer.from(seeds[seed]!);
    for (const o of ops) {
      const at = b.length ? o.at % b.length : 0;
      if (o.op === 'flip' && b.length) b[at] = o.byte;
      else if (o.op === 'insert')
        b = Buffer.concat([b.subarray(0, at), Buffer.from(o.text, 'latin1'), b.subarray(at)]);
      else if (o.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + o.len)]);
      else if (o.op === 'cut') b = b.subarray(0, at);
    }
    return b;
  });

describe('email normaliser fuzz', () => {
  it(
    `${RUNS_ARBITRARY} arbitrary byte strings`,
    async () => {
      const t0 = performance.now();
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) =>
          check(await normalizeMessage(Buffer.from(bytes), ctx)),
        ),
        { numRuns: RUNS_ARBITRARY },
      );
      console.info(
        `email fuzz: ${RUNS_ARBITRARY} arbitrary in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    },
    SLOW,
  );

  it(
    `${RUNS_MUTATED} mutations of our .eml fixtures`,
    async () => {
      const t0 = performance.now();
      await fc.assert(
        fc.asyncProperty(mutated, async (bytes) => check(await normalizeMessage(bytes, ctx))),
        { numRuns: RUNS_MUTATED },
      );
      console.info(
        `email fuzz: ${RUNS_MUTATED} mutated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    },
    SLOW,
  );
});
