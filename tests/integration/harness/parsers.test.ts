// The parser part of the harness: it counts a normalizer that throws, returns a broken batch or
// pollutes Object.prototype, and every real connector's normalizers survive a short run of hostile
// JSON, mutated recorded shapes and mutated mail bytes.
import { expect, it } from 'vitest';
import { fuzzParsers } from '../../../build/harness/fuzzParsers';
import { allConnectors } from '../../../electron/core/connectors/registry';
import type { Connector } from '../../../electron/core/connectors/types';

const fake = (platform: string, replay: Connector['replay']): Connector => ({
  ...allConnectors()[0]!,
  platform,
  replay,
});

it('counts throwing normalizers, broken batches and prototype pollution', async () => {
  const throwing = fake('nowhere', (p) => {
    if (p && typeof p === 'object' && Object.keys(p).length > 2) throw new Error('boom');
    return { items: [], rejected: [], skipped: 0 };
  });
  const broken = fake('nowhere', () => ({
    items: [],
    rejected: [{ reason: '', raw: null }],
    skipped: 0,
  }));
  const f = await fuzzParsers({ runs: 300, log: () => {}, connectors: [throwing, broken] });
  expect(f.parser_normalizers).toBe(2);
  expect(f.parser_fuzz_cases).toBe(600);
  expect(f.parser_fuzz_crashes).toBeGreaterThan(300);
  expect(f.parser_prototype_polluted).toBe(0);
  const polluting = fake('nowhere', () => {
    (Object.prototype as Record<string, unknown>).polluted = 1;
    return { items: [], rejected: [], skipped: 0 };
  });
  try {
    expect(
      (await fuzzParsers({ runs: 5, log: () => {}, connectors: [polluting] }))
        .parser_prototype_polluted,
    ).toBe(1);
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
});

it("every connector's normalizers survive hostile and mutated input", async () => {
  const logs: string[] = [];
  const f = await fuzzParsers({ runs: 300, log: (m) => logs.push(m) });
  expect(f.parser_normalizers).toBe(allConnectors().length);
  expect(f.parser_fuzz_cases).toBe(300 * allConnectors().length);
  expect(logs.filter((l) => /recorded shapes/.test(l) && !/\(0 recorded/.test(l))).toHaveLength(
    allConnectors().length,
  );
  expect(f).toMatchObject({ parser_fuzz_crashes: 0, parser_prototype_polluted: 0 });
}, 120_000);
