// shared: type guards for untrusted JSON (platform payloads, recorded files, stored metadata), one
// definition for every parser that walks such data.

/** A plain JSON object (not null, not an array): its fields may be read as `unknown`. */
export const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
