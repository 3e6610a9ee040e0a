// electron/core/connectors/email: conversation threading (see the header of index.ts for the model).
// Pure: Message-ID parsing, subject normalisation and the bounded memory (`ThreadMemory`, kept in the
// cursor) that maps known Message-IDs and (sender, subject) pairs to conversations.

/** Message-IDs remembered for threading (oldest forgotten first). */
export const MAX_IDS = 1500;
/** (sender, normalised subject) pairs remembered for the subject fallback. */
export const MAX_SUBJECTS = 500;
/** The subject fallback only joins a conversation active within this window. */
export const SUBJECT_WINDOW_MS = 30 * 24 * 3600_000;
/** A reference list longer than this is cut (keeping the root and the most recent ids). */
const MAX_REFS = 50;
const MAX_ID_LENGTH = 250;

/** `<a@b>` tokens of a header (Message-ID, In-Reply-To, References), in order, deduplicated. */
export function parseIds(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') continue;
    const found = p.match(/<[^<>\s]{1,250}>/g);
    const list = found
      ? found.map((x) => x.slice(1, -1))
      : p.split(/[\s,]+/).filter((x) => /^[^<>\s@]+@[^<>\s@]+$/.test(x));
    for (const id of list) if (id.length <= MAX_ID_LENGTH && !out.includes(id)) out.push(id);
  }
  if (out.length > MAX_REFS) return [out[0]!, ...out.slice(out.length - MAX_REFS + 1)];
  return out;
}

const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|vb|antw|antwort|odp|ynt|res|rif|tr|ref|ответ|отв|пересл|fw\d*)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)+/i;

/** Subject without reply/forward prefixes ("Re:", "Fwd:", "AW:", "SV:", "Отв:"), list tags and extra space. */
export function normalizeSubject(subject: string): string {
  let s = subject.normalize('NFC').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '').trim();
    if (next === s) break;
    s = next;
  }
  return s.toLowerCase();
}

/** True when the subject starts with a reply prefix (so "Re:" is not added twice). */
export function hasReplyPrefix(subject: string): boolean {
  return /^\s*(re|aw|sv|vs|antw|odp|ответ|отв)\s*(\[\d+\])?\s*[:：]/i.test(subject);
}

export type ThreadMemoryJson = {
  ids: Array<[string, string]>;
  subjects: Array<[string, string, number]>;
};

/** Known Message-IDs → conversation, and (sender|subject) → [conversation, last activity]. Insertion-ordered, bounded. */
export class ThreadMemory {
  readonly ids = new Map<string, string>();
  readonly subjects = new Map<string, [string, number]>();

  static fromJson(v: unknown): ThreadMemory {
    const m = new ThreadMemory();
    const o = v && typeof v === 'object' ? (v as Partial<ThreadMemoryJson>) : {};
    if (Array.isArray(o.ids)) {
      for (const e of o.ids.slice(-MAX_IDS))
        if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')
          m.ids.set(e[0], e[1]);
    }
    if (Array.isArray(o.subjects)) {
      for (const e of o.subjects.slice(-MAX_SUBJECTS)) {
        if (
          Array.isArray(e) &&
          typeof e[0] === 'string' &&
          typeof e[1] === 'string' &&
          typeof e[2] === 'number' &&
          Number.isFinite(e[2])
        )
          m.subjects.set(e[0], [e[1], e[2]]);
      }
    }
    return m;
  }

  toJson(): ThreadMemoryJson {
    return { ids: [...this.ids], subjects: [...this.subjects].map(([k, [c, at]]) => [k, c, at]) };
  }

  /**
   * The conversation of a message: the first of its references (root first, then In-Reply-To) that a
   * known message belongs to; else the root of its references (a missing root still names the thread);
   * else a recent conversation with the same sender and normalised subject; else its own key.
   * The message's own id never counts as its reference (reference cycles and self-references).
   */
  resolve(m: {
    key: string;
    messageId: string | null;
    references: string[];
    inReplyTo: string[];
    sender: string;
    subject: string;
    at: number;
  }): string {
    const own = m.messageId;
    const refs = [...m.references, ...m.inReplyTo].filter(
      (id, i, a) => id !== own && a.indexOf(id) === i,
    );
    let conv: string | null = null;
    for (const id of refs) {
      const known = this.ids.get(id);
      if (known) {
        conv = known;
        break;
      }
    }
    if (!conv && own && this.ids.has(own)) conv = this.ids.get(own)!;
    if (!conv && refs.length) conv = refs[0]!;
    const subjectKey = `${m.sender}|${normalizeSubject(m.subject)}`;
    if (!conv && normalizeSubject(m.subject)) {
      const s = this.subjects.get(subjectKey);
      if (s && m.at - s[1] <= SUBJECT_WINDOW_MS && m.at >= s[1] - SUBJECT_WINDOW_MS) conv = s[0];
    }
    conv ??= own ?? m.key;
    this.remember(own, conv);
    for (const id of refs) if (!this.ids.has(id)) this.remember(id, conv);
    if (normalizeSubject(m.subject)) {
      const prev = this.subjects.get(subjectKey);
      this.subjects.delete(subjectKey);
      this.subjects.set(subjectKey, [conv, Math.max(prev?.[0] === conv ? prev[1] : 0, m.at)]);
      while (this.subjects.size > MAX_SUBJECTS)
        this.subjects.delete(this.subjects.keys().next().value!);
    }
    return conv;
  }

  private remember(id: string | null, conv: string) {
    if (!id) return;
    this.ids.delete(id);
    this.ids.set(id, conv);
    while (this.ids.size > MAX_IDS) this.ids.delete(this.ids.keys().next().value!);
  }
}
