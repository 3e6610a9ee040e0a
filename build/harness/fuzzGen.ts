// build/harness/fuzzGen: the harness's input generators, shared by its fuzz parts (contract inputs,
// connector normalizers): hostile JSON (prototype-polluting keys, huge strings, NUL, numbers at the
// edges, deep nesting), mutations of a recorded payload's real shape, and byte-level mutations of raw
// text payloads (mail).
import fc from 'fast-check';

/** Keys attackers use (prototype pollution) and arbitrary short keys. */
export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.string({ maxLength: 20 }),
);
/** Leaves at the edges: empty, huge, NUL, markup, dates out of range, numbers at the limits. */
export const hostileLeaf = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    'NaN',
    '1e309',
    '2026-11-20T10:00:00Z',
    '0999-12-31T00:00:00Z',
    '\u0000',
    '<script>alert(1)</script>',
    'x'.repeat(5000),
  ),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1.5),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
/** Arbitrary JSON-like values built from those keys and leaves, nested a few levels. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('v'), { maxKeys: 6 }),
  ),
})).v;

/** Pollution probes: own "__proto__" keys as JSON.parse creates them. */
const POLLUTERS = ['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'];
const polluter = (i: number) => JSON.parse(POLLUTERS[i % POLLUTERS.length]!) as unknown;

/** Every path (array of keys/indices) into a JSON value, depth-first, at most `max`. */
function paths(v: unknown, max = 400): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [[]];
  const walk = (x: unknown, p: Array<string | number>) => {
    if (out.length >= max || x === null || typeof x !== 'object') return;
    for (const k of Array.isArray(x) ? x.keys() : Object.keys(x)) {
      const q = [...p, k];
      out.push(q);
      walk((x as Record<string | number, unknown>)[k], q);
    }
  };
  walk(v, []);
  return out;
}

/**
 * Mutations of a real payload: 1-4 edits, each at a path of the payload — the value replaced by hostile
 * JSON or a pollution probe, the key deleted, or the containing object given a "__proto__" key.
 */
export function mutationsOf(payload: unknown): fc.Arbitrary<unknown> {
  const ps = paths(payload);
  const edit = fc.tuple(
    fc.nat({ max: ps.length - 1 }),
    fc.constantFrom('set', 'delete', 'proto', 'type'),
    hostileJson,
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const root = JSON.parse(JSON.stringify(payload)) as unknown;
    let out = root;
    for (const [i, op, v] of edits) {
      const p = ps[i]!;
      if (p.length === 0) {
        out = op === 'proto' ? polluter(i) : v;
        continue;
      }
      let parent = out as Record<string | number, unknown> | null;
      for (const k of p.slice(0, -1))
        parent = parent && typeof parent === 'object' ? (parent[k] as typeof parent) : null;
      if (!parent || typeof parent !== 'object') continue;
      const k = p[p.length - 1]!;
      if (op === 'delete') delete parent[k];
      else if (op === 'proto')
        Object.defineProperty(parent, '__proto__', {
          value: polluter(i),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else if (op === 'type')
        parent[k] =
          typeof parent[k] === 'string'
            ? 12345
            : typeof parent[k] === 'object'
              ? 'an object became text'
              : String(parent[k]);
      else parent[k] = v;
    }
    return out;
  });
}

/** Byte-level mutations of a raw payload: flipped, inserted and deleted bytes, cuts, spliced lines. */
export function byteMutationsOf(raw: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.tuple(
    fc.nat({ max: Math.max(0, raw.length - 1) }),
    fc.constantFrom('flip', 'insert', 'delete', 'cut', 'splice'),
    fc.uint8Array({ minLength: 1, maxLength: 40 }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let b = Buffer.from(raw);
    for (const [at, op, bytes] of edits) {
      const i = Math.min(at, b.length);
      if (op === 'flip' && b.length) b[i % b.length] = b[i % b.length]! ^ (bytes[0]! || 1);
      else if (op === 'insert')
        b = Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
      else if (op === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + bytes.length)]);
      else if (op === 'cut') b = b.subarray(0, i);
      else
        b = Buffer.concat([
          b.subarray(0, i),
          Buffer.from(
            `\r\nContent-Type: multipart/mixed; boundary="${bytes[0]}"\r\nFrom: =?x?Q?=FF?=\r\n`,
          ),
          b.subarray(i),
        ]);
    }
    return b;
  });
}
