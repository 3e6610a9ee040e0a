// shared: how a tag name is written and what identifies it in a client's catalogue (pure TS,
// no zod: the renderer imports it to match what the agent types against the catalogue).

/** A tag name as stored: NFKC, trimmed, inner whitespace collapsed (case kept). */
export function normalizeTagName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/**
 * The identity of a name within a client's catalogue: the normalized name in lower case. Two names
 * with one key are one tag; conversation tags, SLA tag conditions and `tags_json` use keys.
 */
export function tagKey(name: string): string {
  return normalizeTagName(name).toLowerCase();
}
