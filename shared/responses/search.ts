// The `#` picker and "similar to the member's last message", over one client's library, built once
// per library (createResponseIndex) and queried on every keystroke.
// - Picker ranking, in tiers: (1) shortcut starts with the query (a sorted array, binary search),
//   (2) title or shortcut matches (3) body matches; within a tier by relevance × this agent's usage
//   weight for this client (1 + ln(1 + uses)). Title/body matching is MiniSearch (maintained,
//   browser and Node): AND of the typed words, prefix on the last word, fuzzy (edit distance ≤ 20 %)
//   on words of 4+ letters.
// - Similar responses: MiniSearch's BM25 ranking of titles and bodies against the member's message
//   (OR of its words, minus a small en/da/ru stop-word list and words in more than half the library,
//   the 24 rarest), local only.
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

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
  const shortcuts = responses
    .map((r, i) => ({ key: r.shortcut.toLowerCase(), i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const tokenizeText = (text: string) =>
    text
      .toLowerCase()
      .split(/[\s\p{P}\p{S}]+/u)
      .filter(Boolean);
  const options = {
    idField: 'i',
    storeFields: [],
    // Shortcuts like "refund-eu" are also words "refund", "eu".
    tokenize: (text: string) => text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean),
    processTerm: (term: string) => term.toLowerCase(),
  };
  // Titles and shortcuts: a small MiniSearch index, searched with prefix and fuzzy matching.
  // Bodies: MiniSearch (BM25) for "similar"; for the picker's body tier, posting lists over a
  // radix tree of the words (MiniSearch's SearchableMap for prefix and fuzzy lookup), intersected
  // rarest-first and ranked by idf: scoring thousands of bodies per keystroke is what costs.
  const titleIndex = new MiniSearch<Doc>({ ...options, fields: ['shortcut', 'title'] });
  const mini = new MiniSearch<Doc>({ ...options, fields: ['title', 'body'] });
  const postings = new SearchableMap<number[]>();
  // Document frequency of each word (title + body), to query "similar" with its rarest words.
  const df = new Map<string, number>();
  const docs = responses.map((r, i) => {
    const doc = {
      i,
      shortcut: r.shortcut,
      title: r.title,
      body: [...new Set(r.variants.map((v) => v.body))].join('\n'),
    };
    for (const t of new Set(tokenizeText(`${doc.title} ${doc.body}`)))
      df.set(t, (df.get(t) ?? 0) + 1);
    for (const t of new Set(tokenizeText(doc.body))) {
      const list = postings.get(t);
      if (list) list.push(i);
      else postings.set(t, [i]);
    }
    return doc;
  });
  titleIndex.addAll(docs);
  mini.addAll(docs);

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
      const prefix: { i: number; key: string; w: number }[] = [];
      for (let k = lowerBound(q); k < shortcuts.length && shortcuts[k]!.key.startsWith(q); k++)
        prefix.push({ ...shortcuts[k]!, w: w(shortcuts[k]!.i) });
      prefix
        .sort(
          (a, b) =>
            b.w - a.w ||
            a.key.length - b.key.length ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        )
        .forEach((p) => {
          taken.add(p.i);
          hits.push({ id: ids[p.i]!, tier: 'shortcut', score: p.w });
        });
      if (hits.length >= limit) return hits.slice(0, limit);
    }
    // Tier 2: titles and shortcuts. Prefix on the word being typed (from its second letter), fuzzy
    // (edit distance ≤ 20 %, at most 2) on words of 4+ letters.
    const titleHits = titleIndex.search(q, {
      combineWith: 'AND',
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.5, prefix: 0.8 },
    });
    const titled: PickerHit[] = [];
    for (const r of titleHits) {
      const i = r.id as number;
      if (taken.has(i)) continue;
      taken.add(i);
      titled.push({ id: ids[i]!, tier: 'title', score: r.score * w(i) });
    }
    titled.sort((a, b) => b.score - a.score);
    hits.push(...titled);
    if (hits.length >= limit) return hits.slice(0, limit);
    // Tier 3: bodies containing every word (the last one as a prefix from its second letter; words
    // of 5+ letters also within edit distance 1), ranked by the idf of the matched words × usage.
    const words = q.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
    if (words.length === 0) return hits.slice(0, limit);
    // Count, per body, how many of the words it contains (each word once: `seenAt` holds the last
    // word index that counted it); the first word's bodies are the candidates.
    const count = new Uint16Array(responses.length);
    const seenAt = new Int32Array(responses.length).fill(-1);
    const firstDocs: number[] = [];
    let idf = 0;
    for (let k = 0; k < words.length; k++) {
      const word = words[k]!;
      let df = 0;
      const add = (list: number[] | undefined) => {
        if (!list) return;
        for (const d of list) {
          if (seenAt[d] === k) continue;
          seenAt[d] = k;
          if (count[d] !== k) continue;
          count[d] = k + 1;
          df++;
          if (k === 0) firstDocs.push(d);
        }
      };
      if (k === words.length - 1 && word.length >= 2)
        for (const [, list] of postings.atPrefix(word)) add(list);
      else add(postings.get(word));
      if (word.length >= 5) for (const [, [list]] of postings.fuzzyGet(word, 1)) add(list);
      if (df === 0) return hits.slice(0, limit);
      idf += Math.log(1 + responses.length / df);
    }
    const bodied: { i: number; score: number }[] = [];
    for (const i of firstDocs)
      if (count[i] === words.length && !taken.has(i)) bodied.push({ i, score: idf * w(i) });
    bodied.sort((a, b) => b.score - a.score || a.i - b.i);
    return hits
      .concat(
        bodied
          .slice(0, limit)
          .map((b) => ({ id: ids[b.i]!, tier: 'body' as const, score: b.score })),
      )
      .slice(0, limit);
  }

  function similar(message: string, opts: { limit?: number } = {}): SimilarHit[] {
    const limit = opts.limit ?? 5;
    // The member's distinct words, minus stop words and words in more than half the library, rarest
    // first (they say the most), at most 24: bounded work whatever the message.
    const seen = new Set<string>();
    const candidates: string[] = [];
    for (const t of tokenizeText(message.slice(0, 10_000))) {
      if (t.length < 2 || STOP.has(t) || seen.has(t) || /^\p{N}+$/u.test(t)) continue;
      seen.add(t);
      const n = df.get(t) ?? 0;
      if (n > 0 && n <= Math.max(1, responses.length / 2)) candidates.push(t);
    }
    const terms = candidates
      .sort((a, b) => df.get(a)! - df.get(b)! || (a < b ? -1 : 1))
      .slice(0, 24);
    if (terms.length === 0) return [];
    return mini
      .search(terms.join(' '), {
        fields: ['title', 'body'],
        combineWith: 'OR',
        boost: { title: 1.5 },
        prefix: false,
        fuzzy: false,
      })
      .slice(0, limit)
      .map((r) => ({ id: ids[r.id as number]!, score: r.score }));
  }

  return { size: responses.length, search, similar };
}
