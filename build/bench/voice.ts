// build/bench: `npm run bench:voice`. The brand-guideline linter and the `#` picker on realistic
// sizes: lint_p95_ms = a 2,000-character reply (English with a Danish paragraph, links, emoji,
// Markdown) against a 200-rule guideline of every kind, p95 over 2,000 runs after 200 warm-up runs
// (it runs on every keystroke); canned_search_p95_ms = the picker over 10,000 responses for one
// client, p95 over 2,000 queries typed letter by letter (prefixes of shortcuts, title words, body
// words, a typo); also the one-off compile and index build times. Prints one JSON object as its last line.
import { compileGuideline, lintReply, type GuidelineInput } from '../../shared/guidelines';
import { createResponseIndex, type SearchableResponse } from '../../shared/responses';
import { percentile, prng } from './data';

const rnd = prng(20261126);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const WORDS =
  'account order refund payment card delivery invoice password login update season match player server guild ticket support team help issue problem time week month store price plan subscription member community forum topic reply message bank transfer balance fee app version device phone settings profile email address code reward event tournament'.split(
    ' ',
  );
const DA =
  'konto ordre refusion betaling kort levering faktura adgangskode opdatering sæson kamp spiller server hjælp problem tid uge måned butik pris abonnement medlem fællesskab besked bank overførsel saldo gebyr'.split(
    ' ',
  );

export function benchGuideline(): GuidelineInput {
  const rules: GuidelineInput['rules'] = [];
  for (let i = 0; i < 60; i++)
    rules.push({
      id: `ban${i}`,
      kind: 'existence',
      terms: [`banword${i}`, `bad phrase ${i}`, `${pick(WORDS)}x${i}`],
      message: 'Avoid "{match}"',
      severity: 'warning',
    });
  for (let i = 0; i < 50; i++)
    rules.push({
      id: `sub${i}`,
      kind: 'substitution',
      swap: { [`user${i}`]: `member${i}`, [`log in ${i}`]: `sign in ${i}` },
      message: 'Use "{suggestion}"',
      severity: 'error',
    });
  rules.push({
    id: 'users',
    kind: 'substitution',
    swap: { users: 'members', user: 'member', customers: 'members' },
    message: 'Use "{suggestion}"',
    severity: 'error',
  });
  for (let i = 0; i < 40; i++)
    rules.push({
      id: `cap${i}`,
      kind: 'capitalization',
      terms: [`Brand${i}`, `Product${i} Pro`],
      message: 'Write "{suggestion}"',
      severity: 'suggestion',
    });
  rules.push({
    id: 'brand',
    kind: 'capitalization',
    terms: ['Northwind', 'PlayNow', 'iPhone'],
    message: 'Write "{suggestion}"',
  });
  for (let i = 0; i < 20; i++)
    rules.push({
      id: `occ${i}`,
      kind: 'occurrence',
      token: i === 0 ? '!' : `${pick(WORDS)}`,
      max: i === 0 ? 1 : 3,
      message: 'At most {max}',
    });
  for (const p of ['discourse', 'reddit', 'discord', 'slack', 'email']) {
    rules.push({
      id: `hi-${p}`,
      kind: 'greeting',
      platforms: [p],
      phrases: ['Hi', 'Hello', 'Dear'],
      message: 'Greet the member',
      insert: 'Hi,\n\n',
    });
    rules.push({
      id: `bye-${p}`,
      kind: 'signoff',
      platforms: [p],
      phrases: ['Kind regards, Northwind Support'],
      message: 'Sign off',
      insert: 'Kind regards,\nNorthwind Support',
    });
    rules.push({
      id: `len-${p}`,
      kind: 'length',
      platforms: [p],
      max: p === 'discord' ? 2000 : 10000,
      message: '{count}/{max}',
    });
  }
  rules.push({ id: 'rep', kind: 'repetition', message: 'Repeated "{match}"' });
  rules.push({ id: 'emoji', kind: 'emoji', policy: 'max', max: 1, message: 'At most one emoji' });
  rules.push({
    id: 'links',
    kind: 'links',
    allowedDomains: ['northwind.example', 'help.northwind.example'],
    message: 'Link to {match}',
  });
  rules.push({ id: 'sent', kind: 'sentenceLength', maxWords: 35, message: '{count} words' });
  rules.push({ id: 'lang', kind: 'language', message: 'Reply in the member language' });
  rules.push({
    id: 'da-sub',
    kind: 'substitution',
    languages: ['da'],
    swap: { brugere: 'medlemmer' },
    message: 'Skriv "{suggestion}"',
  });
  while (rules.length < 200)
    rules.push({
      id: `pad${rules.length}`,
      kind: 'existence',
      terms: [`padword${rules.length}`],
      message: 'x',
    });
  return { rules: rules.slice(0, 200) };
}

export function benchReply(): string {
  let s = 'Hi Anna,\n\nThanks for reaching out about your Northwind order. ';
  while (s.length < 1500) {
    const n = 6 + Math.floor(rnd() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    if (rnd() < 0.1) words.push('users');
    if (rnd() < 0.05) words.push('northwind');
    s += words.join(' ').replace(/^./, (c) => c.toUpperCase()) + (rnd() < 0.1 ? '! ' : '. ');
    if (rnd() < 0.08)
      s += 'See [the guide](https://help.northwind.example/guide) or https://example.com/x. ';
    if (rnd() < 0.05) s += '🙂 ';
    if (rnd() < 0.1) s += '\n\n';
  }
  s += '\n\nPå dansk: ';
  while (s.length < 1960) s += pick(DA) + ' ';
  s = s.slice(0, 1960) + '.\n\nKind regards,\nNorthwind Support';
  return s.padEnd(2000, ' ').slice(0, 2000);
}

// A library's vocabulary: the common support words above plus 3,000 rarer ones (product names,
// features, error codes), drawn with a Zipf-like distribution as in real text.
const SYLL = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'to',
  'vi',
  'ze',
  'po',
  'da',
  'fe',
  'gu',
  'hi',
  'jo',
];
const RARE = Array.from(
  { length: 3000 },
  (_, i) =>
    SYLL[i % 15]! +
    SYLL[Math.floor(i / 15) % 15]! +
    SYLL[Math.floor(i / 225) % 15]! +
    (i % 7 === 0 ? 'x' : ''),
);
const VOCAB = [...WORDS, ...RARE];
const zipf = () =>
  VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.pow(rnd(), 2.2) * VOCAB.length))]!;

export function benchResponses(n: number): SearchableResponse[] {
  const out: SearchableResponse[] = [];
  for (let i = 0; i < n; i++) {
    const topic = pick(WORDS);
    const title = `${topic[0]!.toUpperCase()}${topic.slice(1)} ${zipf()} ${pick(['help', 'question', 'problem', 'update', 'how-to'])} ${i}`;
    const body = Array.from({ length: 40 + Math.floor(rnd() * 80) }, zipf).join(' ');
    const da = Array.from({ length: 30 }, () => pick(DA)).join(' ');
    out.push({ id: `r${i}`, shortcut: `${topic}-${i}`, title, variants: [{ body }, { body: da }] });
  }
  return out;
}

export function runVoiceBench(opts: { runs?: number } = {}): Record<string, number> {
  const runs = opts.runs ?? 2000;
  const t0 = performance.now();
  const compiled = compileGuideline(benchGuideline() as never);
  const compileMs = performance.now() - t0;
  const reply = benchReply();
  const ctx = { platform: 'discord', language: 'en', memberLanguage: 'en' };
  let findings = 0;
  for (let i = 0; i < 200; i++) findings = lintReply(compiled, reply, ctx).length;
  const lint: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A keystroke changes the text: vary one character so nothing can be cached on the string.
    const text = reply.slice(0, 1000) + String.fromCharCode(97 + (i % 26)) + reply.slice(1001);
    const a = performance.now();
    lintReply(compiled, text, ctx);
    lint.push(performance.now() - a);
  }

  const responses = benchResponses(10_000);
  const b0 = performance.now();
  const index = createResponseIndex(responses);
  const buildMs = performance.now() - b0;
  const usage = new Map(responses.slice(0, 300).map((r, i) => [r.id, (i * 7) % 40]));
  const queries: string[] = [];
  const typed = [
    'refund',
    'acc',
    'delivery problem',
    'passwrd',
    'season',
    'tournament rew',
    'ordre',
    'subscription plan',
    'x',
    'member',
  ];
  for (const q of typed) for (let k = 1; k <= q.length; k++) queries.push(q.slice(0, k));
  for (let i = 0; i < 200; i++) index.search(queries[i % queries.length]!, { usage });
  const search: number[] = [];
  for (let i = 0; i < runs; i++) {
    const q = queries[i % queries.length]!;
    const a = performance.now();
    index.search(q, { usage });
    search.push(performance.now() - a);
  }
  const similar: number[] = [];
  for (let i = 0; i < 200; i++) {
    const msg = Array.from({ length: 30 }, zipf).join(' ');
    const a = performance.now();
    index.similar(msg);
    similar.push(performance.now() - a);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    lint_p50_ms: r3(percentile(lint, 0.5)),
    lint_p95_ms: r3(percentile(lint, 0.95)),
    lint_rules: compiled.rules.length,
    lint_reply_chars: reply.length,
    lint_findings: findings,
    lint_runs: runs,
    guideline_compile_ms: r3(compileMs),
    canned_search_p50_ms: r3(percentile(search, 0.5)),
    canned_search_p95_ms: r3(percentile(search, 0.95)),
    canned_responses: index.size,
    canned_index_build_ms: r3(buildMs),
    similar_p95_ms: r3(percentile(similar, 0.95)),
  };
}

// Run directly (npm run bench:voice), not when imported.
if (process.argv[1]?.endsWith('voice.mjs')) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || undefined;
  console.log(JSON.stringify(runVoiceBench({ runs })));
}
