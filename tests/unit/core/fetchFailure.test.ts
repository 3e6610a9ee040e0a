// tests/unit/core: the connectors' one rule for failed fetches and lost bodies (connectors/fetchFailure.ts):
// what may have been applied is `unknown_outcome` (reconciled before any resend), what surely was not
// is `transient`; bodies are read under one size cap whether or not the length is declared.
import { describe, expect, it } from 'vitest';
import {
  bodyFailure,
  fetchFailure,
  readCapped,
} from '../../../electron/core/connectors/fetchFailure';

const notSent = new Set(['ECONNREFUSED']);

function streamed(chunks: Uint8Array[], failAfter?: number): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (failAfter !== undefined && i === failAfter) return c.error(new Error('socket hang up'));
      if (i < chunks.length) c.enqueue(chunks[i++]!);
      else c.close();
    },
  });
  return new Response(body, { status: 200 });
}

describe('fetchFailure', () => {
  it('a connection never made is transient, on reads and writes', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(fetchFailure(err, { platform: 'P', what: 'x', write: true, notSent }).kind).toBe(
      'transient',
    );
  });
  it('a write cut off after it left (reset, timeout) may have been applied; a read is transient', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    for (const err of [reset, timeout]) {
      expect(fetchFailure(err, { platform: 'P', what: 'x', write: true, notSent }).kind).toBe(
        'unknown_outcome',
      );
      expect(fetchFailure(err, { platform: 'P', what: 'x', write: false, notSent }).kind).toBe(
        'transient',
      );
    }
  });
});

describe('bodyFailure', () => {
  it('a write whose 2xx or 5xx body was lost may have been applied; 4xx and reads are transient', () => {
    expect(bodyFailure({ what: 'post', why: 'reset', write: true, status: 200 }).kind).toBe(
      'unknown_outcome',
    );
    expect(bodyFailure({ what: 'post', why: 'reset', write: true, status: 502 }).kind).toBe(
      'unknown_outcome',
    );
    expect(bodyFailure({ what: 'post', why: 'reset', write: true, status: 422 }).kind).toBe(
      'transient',
    );
    expect(bodyFailure({ what: 'get', why: 'reset', write: false, status: 200 }).kind).toBe(
      'transient',
    );
    expect(bodyFailure({ what: 'post', why: 'reset', write: true, status: 200 }).status).toBe(200);
  });
});

describe('readCapped', () => {
  it('reads a streamed body whole', async () => {
    const res = streamed([new Uint8Array([104, 105]), new Uint8Array([33])]);
    expect((await readCapped(res, 10)).toString('utf8')).toBe('hi!');
  });
  it('refuses a declared length over the cap before reading, and a streamed one as it passes the cap', async () => {
    const declared = new Response('x'.repeat(20), { headers: { 'content-length': '20' } });
    await expect(readCapped(declared, 10)).rejects.toThrow('response too large (20 bytes)');
    const undeclared = streamed([new Uint8Array(6), new Uint8Array(6), new Uint8Array(6)]);
    await expect(readCapped(undeclared, 10)).rejects.toThrow('response larger than 10 bytes');
  });
  it('a body that fails mid-stream or an aborted signal rejects', async () => {
    await expect(readCapped(streamed([new Uint8Array(2)], 1), 10)).rejects.toThrow(
      'socket hang up',
    );
    const ac = new AbortController();
    ac.abort(new Error('timeout'));
    await expect(readCapped(streamed([new Uint8Array(2)]), 10, ac.signal)).rejects.toThrow(
      'timeout',
    );
  });
});
