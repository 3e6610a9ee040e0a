// build/harness: `npm run harness [-- --quick]`. Runs each part and prints one JSON object of
// figures as its last line. `--quick` (what `npm test` runs) uses small counts; the full run is
// documented in README with its figures.
import { parseArgs } from 'node:util';
import { ambiguousHarness } from './ambiguous';
import { crashHarness } from './crash';
import { secretsHarness } from './secrets';
import { exportHarness } from './exports';
import { fuzzContract } from './fuzzContract';
import { fuzzParsers } from './fuzzParsers';
import { loadHarness } from './load';
import { rateLimitHarness } from './rateLimit';
import { xssHarness } from './xss';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    'child-bundle': { type: 'string' },
    only: { type: 'string' },
    // Only these simulators in the ambiguous and rate-limit parts; sends per platform (ambiguous).
    platforms: { type: 'string' },
    sends: { type: 'string' },
  },
});
const quick = values.quick === true;
const log = (m: string) => process.stderr.write(m + '\n');
const want = (p: string) => !values.only || values.only.split(',').includes(p);
const figures: Record<string, unknown> = { mode: quick ? 'quick' : 'full' };

if (want('crash')) {
  const t = Date.now();
  Object.assign(
    figures,
    await crashHarness({ kills: quick ? 8 : 200, childBundle: values['child-bundle']!, log }),
  );
  figures.crash_ms = Date.now() - t;
}

if (want('fuzz')) {
  const t = Date.now();
  // ≥ 10,000 inputs in all across the contract in the quick run; 10,000 per method in the full one.
  Object.assign(figures, await fuzzContract({ runsPerMethod: quick ? 150 : 10_000, log }));
  figures.fuzz_ms = Date.now() - t;
}

if (want('parsers')) {
  const t = Date.now();
  // Every connector's normalizers (through replay): 10,000 inputs each in the full run.
  Object.assign(figures, await fuzzParsers({ runs: quick ? 500 : 10_000, log }));
  figures.parsers_ms = Date.now() - t;
}

if (want('xss')) {
  const t = Date.now();
  // Quick: an even sample of ~100 vectors across the corpus; full: every vector (> 1,000).
  Object.assign(figures, await xssHarness({ limit: quick ? 100 : undefined, log }));
  figures.xss_ms = Date.now() - t;
}

if (want('ratelimit')) {
  const t = Date.now();
  Object.assign(
    figures,
    await rateLimitHarness({
      storms: quick ? 1 : 5,
      repliesPerStorm: quick ? 3 : 6,
      log,
      platforms: values.platforms?.split(','),
    }),
  );
  figures.ratelimit_ms = Date.now() - t;
}

if (want('ambiguous')) {
  const t = Date.now();
  // Quick: 24 sends per platform (8 per fault); full: 500 per platform.
  Object.assign(
    figures,
    await ambiguousHarness({
      sends: values.sends ? Number(values.sends) : quick ? 24 : 500,
      batch: quick ? 8 : 25,
      log,
      platforms: values.platforms?.split(','),
    }),
  );
  figures.ambiguous_ms = Date.now() - t;
}

if (want('secrets')) {
  const t = Date.now();
  // The same in the quick and the full run: five platforms, every secret, every artefact.
  Object.assign(figures, await secretsHarness({ platforms: values.platforms?.split(','), log }));
  figures.secrets_ms = Date.now() - t;
}

if (want('exports')) {
  const t = Date.now();
  // Quick: ~850 fuzzed values; full: 3,200 time entries + 640 responses (> 10,000 fuzzed values, > 150,000 cells read back).
  Object.assign(
    figures,
    await exportHarness({ entries: quick ? 250 : 3200, responses: quick ? 50 : 640, log }),
  );
  figures.exports_ms = Date.now() - t;
}

if (want('load')) {
  const t = Date.now();
  // Full: 50,000 messages in 10 minutes on one source while 49 others poll; quick: 5,000 in 1 minute.
  Object.assign(
    figures,
    await loadHarness({
      spikeMessages: quick ? 5_000 : 50_000,
      spikeMs: quick ? 60_000 : 600_000,
      otherSources: 49,
      pollIntervalMs: 5_000,
      log,
    }),
  );
  figures.load_ms = Date.now() - t;
}

// The verdict: every "0" figure must be 0.
const zeroes = [
  'crash_lost',
  'crash_integrity_failures',
  'crash_illegal_outbox_states',
  'crash_duplicates',
  'secret_leaks',
  'secret_sweep_leaks',
  'fuzz_crashes',
  'fuzz_prototype_polluted',
  'parser_fuzz_crashes',
  'parser_prototype_polluted',
  'xss_executions',
  'remote_requests',
  'xss_dangerous_attributes',
  'requests_before_reset',
  'queues_undrained',
  'dup_sends',
  'lost_sends',
  'unreconciled_sends',
  'live_formulas',
  'spike_polls_missed',
];
const bad = zeroes.filter((k) => k in figures && figures[k] !== 0);
figures.ok = bad.length === 0;
console.log(JSON.stringify(figures));
process.exit(bad.length === 0 ? 0 : 1);
