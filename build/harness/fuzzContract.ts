// build/harness: every contract method's input, fuzzed. fast-check generates arbitrary JSON (and
// prototype-polluting keys, huge strings, deep nesting, numbers at the edges) for each method of the
// contract and sends it through the real dispatcher of a real core on a real SQLite file. A method
// may refuse (invalid_input, not_found, conflict, unauthorized, …) but must never fail with an
// `internal` error or throw, and Object.prototype must stay untouched. Figures: fuzz_cases,
// fuzz_crashes (internal errors + exceptions), fuzz_prototype_polluted.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/index';
import type { SecretStore } from '../../electron/core/ports';
import { contract } from '../../shared/ipc/contract';
import { hostileKey as hostile, hostileJson as value } from './fuzzGen';

// Methods that reach outside the machine or would stop the harness are called with valid-looking
// but harmless inputs only through the generic fuzz (their handlers validate before any I/O).
const SKIP = new Set<string>(['time.export']);

const memorySecrets = (): SecretStore => {
  const m = new Map<string, string>();
  return {
    backend: 'memory',
    get: (r) => m.get(r) ?? null,
    set: (r, v) => void m.set(r, v),
    delete: (r) => void m.delete(r),
  };
};

/** Inputs that look like the method's own: valid ids, mostly right keys, hostile values. */
const shaped = (keys: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...(keys.length ? keys : ['id'])), hostile), value, {
    maxKeys: 8,
  });

export async function fuzzContract(o: { runsPerMethod: number; log: (m: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-fuzz-'));
  const core = await createCore({
    dataDir: dir,
    mode: 'browser',
    secrets: memorySecrets(),
    agent: { name: 'Fuzz', email: 'fuzz@example.test' },
    backups: false,
  });
  const client = await core.dispatch('clients.create', { name: 'Fuzz client' });
  if (!client.ok) throw new Error('fuzz setup failed');
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  let cases = 0;
  let crashes = 0;
  const examples: string[] = [];
  for (const method of Object.keys(contract)) {
    if (SKIP.has(method)) continue;
    const spec = contract[method as keyof typeof contract] as {
      input: { shape?: Record<string, unknown> };
    };
    const keys = spec.input.shape ? Object.keys(spec.input.shape) : [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(value, shaped(keys)), async (input) => {
        cases++;
        try {
          const r = await core.dispatch(method, input);
          if (!r.ok && r.error.code === 'internal') {
            crashes++;
            if (examples.length < 10)
              examples.push(`${method}: internal error for ${JSON.stringify(input).slice(0, 200)}`);
          }
        } catch (err) {
          crashes++;
          if (examples.length < 10)
            examples.push(
              `${method}: threw ${(err as Error).message} for ${JSON.stringify(input).slice(0, 200)}`,
            );
        }
        return true;
      }),
      { numRuns: o.runsPerMethod, seed: 20261126 },
    );
  }
  const polluted =
    Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== protoBefore ||
    ({} as Record<string, unknown>).polluted !== undefined;
  for (const e of examples) o.log(`fuzz: ${e}`);
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    fuzz_methods: Object.keys(contract).length - SKIP.size,
    fuzz_cases: cases,
    fuzz_crashes: crashes,
    fuzz_prototype_polluted: polluted ? 1 : 0,
  };
}
