// `npm test`: the whole suite — typecheck (every layer), lint, vitest (unit, integration,
// renderer), then Playwright end-to-end in Chromium against browser mode. Finds or installs a
// browser on its own. Ends with one line: `N passed, N failed` over every suite.
//   --only <step[,step]>   typecheck | lint | prettier | vitest | harness | e2e
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (p) => join(root, 'node_modules', p);
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? new Set(process.argv[onlyIdx + 1].split(',')) : null;
const want = (s) => !only || only.has(s);
mkdirSync(join(root, 'test-results'), { recursive: true });

const results = [];
function run(label, cmd, args, opts = {}) {
  console.log(`\n── ${label} ──`);
  const t = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...opts.env },
  });
  console.log(
    `   (${label}: exit ${r.status ?? r.signal}, ${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );
  return r.status === 0;
}

if (want('typecheck')) {
  for (const layer of ['shared', 'electron', 'renderer', 'tests']) {
    const ok = run(`typecheck ${layer}/`, process.execPath, [
      bin('typescript/bin/tsc'),
      '-p',
      layer,
    ]);
    results.push({ suite: `typecheck:${layer}`, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  }
}

if (want('lint')) {
  // No --cache: the type-aware rules depend on other files' types, which ESLint's cache cannot see.
  const ok = run('lint', process.execPath, [
    bin('eslint/bin/eslint.js'),
    '-c',
    'build/eslint.config.mjs',
    '.',
  ]);
  results.push({ suite: 'lint', passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

if (want('prettier')) {
  const ok = run('prettier (format check)', process.execPath, [
    bin('prettier/bin/prettier.cjs'),
    '--check',
    '--log-level',
    'warn',
    '.',
  ]);
  results.push({ suite: 'prettier', passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

if (want('vitest')) {
  const out = join(root, 'test-results', 'vitest.json');
  const ok = run('vitest (unit, integration, renderer)', process.execPath, [
    bin('vitest/vitest.mjs'),
    'run',
    '-c',
    'build/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  let passed = 0,
    failed = ok ? 0 : 1;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests;
    // A suite file that fails to load has no failed tests of its own: count it as one failure.
    const brokenFiles = (j.testResults ?? []).filter(
      (f) =>
        f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'),
    ).length;
    failed = j.numFailedTests + brokenFiles + (ok || j.numFailedTests + brokenFiles > 0 ? 0 : 1);
  }
  results.push({ suite: 'vitest', passed, failed });
}

if (want('harness')) {
  // The short version of `npm run harness` (build/harness): every figure that must be 0 is 0.
  const ok = run(
    'harness (quick: crash kills, secret sweeps, contract and parser fuzz, XSS, rate limits, ambiguous sends, exports, load spike)',
    process.execPath,
    [join(root, 'build/scripts/harness.mjs'), '--quick'],
  );
  results.push({ suite: 'harness', passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

if (want('e2e')) {
  let chromium = findChromium();
  if (
    !chromium &&
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    existsSync('/usr/bin/apt-get')
  ) {
    console.log("No Chromium found: installing Debian's chromium with apt-get…");
    spawnSync(
      'sh',
      [
        '-c',
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
      ],
      { stdio: 'inherit' },
    );
    chromium = findChromium();
  }
  const env = {};
  if (chromium) env.CHROMIUM_PATH = chromium;
  else {
    console.log("No system Chromium: using Playwright's own browser download.");
    spawnSync(process.execPath, [bin('@playwright/test/cli.js'), 'install', 'chromium'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const built = run('build (renderer + server)', process.execPath, [
    join(root, 'build/scripts/build.mjs'),
    '--no-main',
  ]);
  if (!built) results.push({ suite: 'e2e', passed: 0, failed: 1 });
  else {
    const out = join(root, 'test-results', 'e2e.json');
    const ok = run(
      'end-to-end (Playwright + Chromium, browser mode)',
      process.execPath,
      [
        bin('@playwright/test/cli.js'),
        'test',
        '-c',
        'tests/e2e/playwright.config.ts',
        '--reporter=list,json',
      ],
      {
        env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
      },
    );
    let passed = 0,
      failed = ok ? 0 : 1;
    if (existsSync(out)) {
      const s = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
      passed = (s.expected ?? 0) + (s.flaky ?? 0);
      failed = (s.unexpected ?? 0) + (ok || s.unexpected ? 0 : 1);
    }
    results.push({ suite: 'e2e', passed, failed });
  }
}

console.log('\n── summary ──');
for (const r of results)
  console.log(`  ${r.suite.padEnd(20)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
