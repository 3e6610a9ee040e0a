// The contract: every method implemented; the dispatcher rejects unknown methods and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/ipc/contract';
import { makeCore, type TestCore } from '../../helpers/core';

let core: TestCore;
beforeAll(async () => {
  core = await makeCore();
});
afterAll(async () => {
  await core.close();
});

describe('contract dispatcher', () => {
  it('rejects an unknown method', async () => {
    const r = await core.dispatch('queue.dropAllTables', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const proto = await core.dispatch('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('rejects invalid input and names the field', async () => {
    const r = await core.dispatch('conversations.setStatus', { id: 1, status: 'deleted' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toMatch(/status/);
    }
    const neg = await core.dispatch('queue.list', { limit: -5 });
    expect(neg).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('implements every method in the contract', async () => {
    for (const method of Object.keys(contract)) {
      const r = await core.dispatch(method, {});
      // Either a result or a validation/not-found error, never "unknown method" or an internal error.
      if (!r.ok) expect(['invalid_input', 'not_found', 'conflict']).toContain(r.error.code);
    }
  });

  it('returns not_found for a missing conversation', async () => {
    expect(await core.dispatch('conversations.get', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('applies defaults and returns an empty queue on a fresh database', async () => {
    const page = await core.call('queue.list', {});
    expect(page).toEqual({ total: 0, offset: 0, rows: [] });
  });
});
