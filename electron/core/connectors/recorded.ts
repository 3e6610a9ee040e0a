// electron/core/connectors: the response bodies in a recorded payload, for every connector's `replay`:
// a VCR/Betamax cassette's recorded bodies (string or base64), or the payload itself (text, bytes or
// parsed JSON). A body that is empty or not JSON is `undefined` (the replay counts it as skipped).
import { isObj } from '../../../shared/guards';

export function recordedBodies(payload: unknown): unknown[] {
  let p = payload;
  if (p instanceof Uint8Array) p = Buffer.from(p).toString('utf8');
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p);
    } catch {
      return [undefined];
    }
  }
  const interactions = isObj(p) ? (p.interactions ?? p.http_interactions) : undefined;
  if (!Array.isArray(interactions)) return [p];
  return interactions.map((i) => {
    const body = isObj(i) && isObj(i.response) ? i.response.body : undefined;
    const s = isObj(body)
      ? typeof body.string === 'string'
        ? body.string
        : typeof body.base64_string === 'string'
          ? Buffer.from(body.base64_string, 'base64').toString('utf8')
          : null
      : typeof body === 'string'
        ? body
        : null;
    if (s === null || s === '') return undefined;
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  });
}
