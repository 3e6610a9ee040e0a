// tests/helpers: a core on a real SQLite file in a temp folder, with an in-memory secret store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index';
import type { SecretStore } from '../../electron/core/ports';
import type { Input, Method, Output } from '../../shared/ipc/contract';

export function tempDir(prefix = 'steward-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    backend: 'memory',
    values,
    get: (ref) => values.get(ref) ?? null,
    set: (ref, v) => void values.set(ref, v),
    delete: (ref) => void values.delete(ref),
  };
}

export const TEST_AGENT = { name: 'Test Agent', email: 'agent@example.test' };

export type TestCore = Core & {
  dir: string;
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  close(): Promise<void>;
};

/** A core on a real SQLite file. `call` throws on an error envelope. */
export async function makeCore(
  opts: Partial<CoreOptions> & { dir?: string } = {},
): Promise<TestCore> {
  const tmp = opts.dir ? null : tempDir();
  const dir = opts.dir ?? tmp!.dir;
  // The current agent is chosen at first start; tests start as "Test Agent" unless they say otherwise.
  const core = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets: opts.secrets ?? memorySecrets(),
    agent: TEST_AGENT,
    ...opts,
  });
  return Object.assign(core, {
    dir,
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const r = await core.dispatch(method, input);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as Output<M>;
    },
    async close() {
      await core.stop();
      tmp?.cleanup();
    },
  });
}
