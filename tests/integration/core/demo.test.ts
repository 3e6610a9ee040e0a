// The demo agency: created once in an empty data folder, clearly labelled, and a restart reuses it
// (same clients, the simulator's forums restored, sources pointed at its new port).
import { afterEach, expect, it } from 'vitest';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let core: TestCore | null = null;
let cleanup: (() => void) | null = null;
afterEach(async () => {
  await core?.stop();
  cleanup?.();
  core = null;
});

it('creates four demo clients with Discourse sources once, and restarts onto the same workspace', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = await makeCore({ dir: t.dir, demo: { trafficMs: 0 }, secrets: createKeyFileSecretStore(t.dir) });
  const info = await core.call('app.info', {});
  expect(info.demo).toBe(true);
  const clients = await core.call('clients.list', {});
  expect(clients).toHaveLength(4);
  expect(new Set(clients.map((c) => c.timezone)).size).toBe(4);
  expect(new Set(clients.map((c) => c.firstReplyMinutes)).size).toBeGreaterThan(1);
  expect(clients.every((c) => c.isDemo)).toBe(true);
  const sources = await core.call('sources.list', {});
  for (const s of sources) await core.internals.sync.runOnce(s.id);
  const before = (await core.call('queue.list', {})).total;
  expect(before).toBeGreaterThan(10);
  const firstPort = new URL(sources[0]!.baseUrl).port;
  await core.stop();

  core = await makeCore({ dir: t.dir, demo: { trafficMs: 0 }, secrets: createKeyFileSecretStore(t.dir) });
  expect(await core.call('clients.list', {})).toHaveLength(4);
  const again = await core.call('sources.list', {});
  expect(again).toHaveLength(4);
  expect(new URL(again[0]!.baseUrl).port).not.toBe(firstPort);
  for (const s of again) await core.internals.sync.runOnce(s.id);
  expect((await core.call('sources.list', {})).every((s) => s.health.status === 'ok')).toBe(true);
  // The restored forums are the same forums: nothing was imported twice.
  expect((await core.call('queue.list', {})).total).toBe(before);
});
