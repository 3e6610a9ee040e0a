// build/bench: deterministic synthetic community traffic for the benchmarks.
import type { NormalizedItem } from '../../electron/core/connectors/types';

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 0x12345678;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export type Vocab = { words: string[]; zipf: () => number };

export function vocabulary(rnd: () => number, size = 10_000): Vocab {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    let w = '';
    const len = 3 + Math.floor(rnd() * 7);
    for (let j = 0; j < len; j++) w += letters[Math.floor(rnd() * 26)];
    words.push(w + (i % 10));
  }
  const cum = new Float64Array(size);
  let acc = 0;
  for (let i = 0; i < size; i++) {
    acc += 1 / (i + 1);
    cum[i] = acc;
  }
  const zipf = () => {
    const x = rnd() * acc;
    let lo = 0,
      hi = size - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m]! < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  return { words, zipf };
}

export type Gen = {
  batch(n: number): { sourceIdx: number; item: NormalizedItem }[];
  /** Every member id a source's messages can carry (authors are drawn from these). */
  memberIds: string[];
};

/**
 * Messages spread across `clients` sources; conversations of ~`perConversation` messages each,
 * bodies of ~200 characters drawn from a Zipf vocabulary (like real forum text).
 */
export function generator(o: {
  clients: number;
  perConversation: number;
  seed?: number;
  start?: number;
  /** Distinct members per source (default 5,000). */
  members?: number;
}): Gen & { vocab: Vocab } {
  const rnd = prng(o.seed ?? 42);
  const vocab = vocabulary(rnd);
  const start = o.start ?? Date.parse('2026-01-01T00:00:00Z');
  let seq = 0;
  const members = o.members ?? 5000;
  return {
    vocab,
    memberIds: Array.from({ length: members }, (_, i) => `m${i}`),
    batch(n) {
      const out: { sourceIdx: number; item: NormalizedItem }[] = [];
      for (let i = 0; i < n; i++, seq++) {
        const conv = Math.floor(seq / o.perConversation);
        const sourceIdx = conv % o.clients;
        let body = '';
        while (body.length < 195) body += vocab.words[vocab.zipf()] + ' ';
        body = body.trimEnd();
        const at = start + seq * 1000;
        const user = `m${Math.floor(rnd() * members)}`;
        out.push({
          sourceIdx,
          item: {
            conversation: {
              externalId: `t${conv}`,
              title: `Topic ${conv}: ${vocab.words[vocab.zipf()]}`,
              url: null,
              createdAt: start + conv * o.perConversation * 1000,
              kind: 'topic',
            },
            member: {
              externalId: user,
              username: user,
              displayName: user,
              avatarUrl: null,
              isStaff: false,
            },
            message: {
              externalId: `p${seq}`,
              bodyHtml: `<p>${body}</p>`,
              bodyText: body,
              createdAt: at,
              editedAt: null,
              version: 1,
              deleted: false,
            },
          },
        });
      }
      return out;
    },
  };
}

export const percentile = (a: number[], p: number): number => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.min(b.length - 1, Math.floor(b.length * p))] ?? 0;
};
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;
