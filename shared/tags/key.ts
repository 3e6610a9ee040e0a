// shared/tags: the identity of a tag name within a client's catalogue, free of zod so the renderer
// can use it (its bundle imports shared/domain as types only).

/**
 * The identity of a name within a client's catalogue: NFKC, whitespace collapsed, lower case. Two
 * names with one key are one tag; conversation tags, SLA tag conditions and `tags_json` use keys.
 */
export function tagKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
