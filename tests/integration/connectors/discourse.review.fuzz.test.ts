// Hostile input: the Discourse review-queue normalizer (mapReviewQueue) under fast-check, 10,000 runs
// each over arbitrary JSON and over mutations of the real shape (our /review.json fixture): no
// exception escapes, Object.prototype is never touched, every entry is a valid moderation item, a
// skip, or a rejection with a reason.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { mapReviewQueue } from '../../../electron/core/connectors/discourse/review';
import { fixture } from './helpers';

const RUNS = 10_000;
const SLOW = 120_000;
const ctx = { baseUrl: 'https://forum.example.com', apiUsername: 'support_bot' };
const STATES = ['reported', 'flagged', 'filtered', 'held'];

afterEach(() => {
  const probe = {} as Record<string, unknown>;
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(probe.polluted).toBeUndefined();
});

function check(body: unknown) {
  for (const e of mapReviewQueue(body, ctx)) {
    const r = e.result;
    if ('skipped' in r) expect(typeof r.skipped).toBe('string');
    else if ('rejected' in r) expect(r.rejected.reason).toMatch(/^Discourse reviewable /);
    else {
      const m = r.item.moderation!;
      expect(STATES).toContain(m.state);
      expect(Number.isSafeInteger(m.reportCount) && m.reportCount >= 0).toBe(true);
      expect(m.reasons.length).toBeGreaterThan(0);
      for (const s of m.reasons) expect(typeof s === 'string' && s.length <= 200).toBe(true);
      expect(Number.isFinite(r.item.message.createdAt)).toBe(true);
      expect(r.item.message.externalId).toMatch(/^(\d+|queued:\d+)$/);
      expect(typeof r.item.conversation.title).toBe('string');
    }
  }
}

const base = fixture('review_pending.json') as Record<string, unknown[]>;
const keys = ['reviewables', 'users', 'topics', 'reviewable_scores', 'bundled_actions'] as const;

describe('mapReviewQueue under hostile input', () => {
  it('arbitrary JSON', { timeout: SLOW }, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => check(v)),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...keys, '__proto__', 'meta'), fc.jsonValue()),
        (v) => check(v),
      ),
      { numRuns: RUNS },
    );
  });

  it(
    'mutations of the real shape (a field of a record replaced by arbitrary JSON)',
    { timeout: SLOW },
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...keys),
          fc.nat(),
          fc.string({ maxLength: 30 }),
          fc.jsonValue(),
          (key, n, field, value) => {
            const body = structuredClone(base);
            const list = body[key]!;
            const rec = list[n % list.length] as Record<string, unknown>;
            const names = Object.keys(rec);
            const name = n % 3 === 0 ? field : names[n % names.length]!;
            // JSON.parse semantics for keys like __proto__ (an own property, as a hostile server sends it).
            Object.defineProperty(rec, name, {
              value,
              enumerable: true,
              configurable: true,
              writable: true,
            });
            check(JSON.parse(JSON.stringify(body)));
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});
