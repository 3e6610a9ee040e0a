// The `#` picker and "similar to the member's last message", over one client's library, built once
// per library (createResponseIndex) and queried on every keystroke.
// - Picker ranking, in tiers: (1) shortcut starts with the query (a sorted array, binary search),
//   (2) title or shortcut matches (3) body matches; within a tier by relevance × this agent's usage
//   weight for this client (1 + ln(1 + uses)). Title/body matching is MiniSearch (maintained,
//   browser and Node): AND of the typed words, prefix on the last word, fuzzy (edit distance ≤ 20 %)
//   on words of 4+ letters.
// - Similar responses: MiniSearch's BM25 ranking of titles and bodies against the member's message
//   (OR of its words, minus a small en/da/ru stop-word list, first 48 distinct words), local only.
import MiniSearch, { type SearchResult } from 'minisearch';

export type SearchableResponse = {
  id: string;
  shortcut: string;
  title: string;
  /** Text to search: the bodies of all variants, or of the ones in the agent's locales. */
  variants: ReadonlyArray<{ body: string }>;
};
export type PickerHit = { id: string; tier: 'shortcut' | 'title' | 'body'; score: number };
export type SimilarHit = { id: string; score: number };
export type Usage = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export type ResponseIndex = {
  readonly size: number;
  /** `#` picker: best first. An empty query lists the most used (then alphabetical by title). */
  search(query: string, opts?: { usage?: Usage; limit?: number }): PickerHit[];
  /** Responses most similar to a member's message, best first (BM25 scores). */
  similar(message: string, opts?: { limit?: number }): SimilarHit[];
};

type Doc = { i: number; shortcut: string; title: string; body: string };

const STOP = new Set(
  (
    'a an and are as at be but by can could do does for from have hi hello how i if in is it its me my no not of on or our please so that the their them there this to was we what when where which who why will with would you your ' +
    'af at de den der det du eller en er et for fra har hej hvad hvis hvor i ikke jeg kan med men mig min mit og om på se som til tak var vi ' +
    'а в во вы да для до же за и из или к как мне мой на не но о об от по с так то у что это я'
  ).split(' '),
);

const usageOf = (usage: Usage | undefined, id: string): number => {
  if (!usage) return 0;
  const v = usage instanceof Map ? usage.get(id) : (usage as Record<string, number>)[id];
  return typeof v === 'number' && v > 0 ? v : 0;
};
const weight = (uses: number) => 1 + Math.log1p(uses);

export function createResponseIndex(responses: readonly SearchableResponse[]): ResponseIndex {
  const ids = responses.map((r) => r.id);
  const titles = responses.map((r) => r.title);
  const shortcuts = responses.map((r, i) => ({ key: r.shortcut.toLowerCase(), i })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const mini = new MiniSearch<Doc>({
    idField: 'i',
    fields: ['shortcut', 'title', 'body'],
    storeFields: [],
    // Shortcuts like "refund-eu" are also words "refund", "eu".
    tokenize: (text) => text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean),
  });
  mini.addAll(
    responses.map((r, i) => ({
      i,
      shortcut: r.shortcut,
      title: r.title,
      body: [...new Set(r.variants.map((v) => v.body))].join('\n'),
    })),
  );

  const lowerBound = (q: string) => {
    let lo = 0;
    let hi = shortcuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shortcuts[mid]!.key < q) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  function search(query: string, opts: { usage?: Usage; limit?: number } = {}): PickerHit[] {
    const limit = opts.limit ?? 20;
    const q = query.trim().replace(/^#/, '').trim().toLowerCase();
    const w = (i: number) => weight(usageOf(opts.usage, ids[i]!));
    if (!q) {
      return responses
        .map((_, i) => i)
        .sort((a, b) => w(b) - w(a) || titles[a]!.localeCompare(titles[b]!) || a - b)
        .slice(0, limit)
        .map((i) => ({ id: ids[i]!, tier: 'title' as const, score: w(i) }));
    }
    const hits: PickerHit[] = [];
    const taken = new Set<number>();
    // Tier 1: shortcut prefix (only for a single word: "#ref").
    if (!/\s/.test(q)) {
      const prefix: { i: number; key: string }[] = [];
      for (let k = lowerBound(q); k < shortcuts.length && shortcuts[k]!.key.startsWith(q); k++) prefix.push(shortcuts[k]!);
      prefix
        .sort((a, b) => w(b.i) - w(a.i) || a.key.length - b.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .forEach((p) => {
          taken.add(p.i);
          hits.push({ id: ids[p.i]!, tier: 'shortcut', score: w(p.i) });
        });
      if (hits.length >= limit) return hits.slice(0, limit);
    }
    // Tiers 2 and 3: MiniSearch over shortcut, title and body.
    const results: SearchResult[] = mini.search(q, {
      combineWith: 'AND',
      boost: { shortcut: 2, title: 2, body: 1 },
      prefix: (_term, i, terms) => i === terms.length - 1,
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      weights: { fuzzy: 0.5, prefix: 0.8 },
    });
    const rest: PickerHit[] = [];
    for (const r of results) {
      const i = r.id as number;
      if (taken.has(i)) continue;
      const inTitle = Object.values(r.match).some((fields) => fields.includes('title') || fields.includes('shortcut'));
      rest.push({ id: ids[i]!, tier: inTitle ? 'title' : 'body', score: r.score * w(i) });
    }
    rest.sort((a, b) => (a.tier === b.tier ? b.score - a.score : a.tier === 'title' ? -1 : 1));
    return hits.concat(rest).slice(0, limit);
  }

  function similar(message: string, opts: { limit?: number } = {}): SimilarHit[] {
    const limit = opts.limit ?? 5;
    const terms: string[] = [];
    const seen = new Set<string>();
    for (const t of message.slice(0, 10_000).toLowerCase().split(/[\s\p{P}\p{S}]+/u)) {
      if (t.length < 2 || STOP.has(t) || seen.has(t) || /^\p{N}+$/u.test(t)) continue;
      seen.add(t);
      terms.push(t);
      if (terms.length >= 48) break;
    }
    if (terms.length === 0) return [];
    return mini
      .search(terms.join(' '), { fields: ['title', 'body'], combineWith: 'OR', boost: { title: 1.5 }, prefix: false, fuzzy: false })
      .slice(0, limit)
      .map((r) => ({ id: ids[r.id as number]!, score: r.score }));
  }

  return { size: responses.length, search, similar };
}
