// The generic source setup beyond add: sources.update (only the secrets given are replaced, audited,
// picked up by the scheduler) and sources.test ("Test connection" of a saved source, of unsaved edits
// over it, and of an unsaved setup) against the local Discourse simulator, with translatable reasons
// and no secret in any answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscourseSimulator } from '../../../electron/demo/simulators/discourse';
import type { TestCore } from '../../helpers/core';
import { API_KEY, API_USER, connect, forumCore, startForum } from '../../helpers/forum';

let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = sim = null;
});

const WRONG = 'wrong-key-0a1b2c3d4e';

describe('sources.test', () => {
  it('tests an unsaved setup: ok with the account, a wrong key is "auth", an unreachable host "network", a bad config "config"; no secret in any answer', async () => {
    sim = await startForum('acme', 1);
    core = await forumCore();
    const client = await core.call('clients.create', { name: 'Acme', timezone: 'UTC' });
    const setup = {
      clientId: client.id,
      platform: 'discourse',
      name: 'Acme',
      baseUrl: sim.siteUrl('acme'),
      config: { apiUsername: API_USER },
      secrets: { apiKey: API_KEY },
    };
    expect(await core.call('sources.test', setup)).toEqual({ ok: true, account: API_USER });

    const wrong = await core.call('sources.test', { ...setup, secrets: { apiKey: WRONG } });
    expect(wrong).toMatchObject({ ok: false, reason: 'auth' });
    expect(JSON.stringify(wrong)).not.toContain(WRONG);

    const down = await core.call('sources.test', { ...setup, baseUrl: 'http://127.0.0.1:9' });
    expect(down).toMatchObject({ ok: false, reason: 'network' });

    const bad = await core.call('sources.test', { ...setup, config: { apiUsername: '' } });
    expect(bad).toMatchObject({ ok: false, reason: 'config' });
    expect(bad.ok === false && bad.message).toMatch(/^config\.apiUsername/);
    // Testing saves nothing.
    expect(await core.call('sources.list', {})).toEqual([]);
  });

  it('tests a saved source, and unsaved edits over it without storing them', async () => {
    sim = await startForum('acme', 1);
    core = await forumCore();
    const { source } = await connect(core, sim);
    expect(await core.call('sources.test', { id: source.id })).toEqual({
      ok: true,
      account: API_USER,
    });
    const edited = await core.call('sources.test', { id: source.id, secrets: { apiKey: WRONG } });
    expect(edited).toMatchObject({ ok: false, reason: 'auth' });
    // The stored key is untouched by a test of other values.
    expect(
      core.internals.sync.contextFor(source.id, new AbortController().signal)!.secrets,
    ).toEqual({ apiKey: API_KEY });
    expect(await core.dispatch('sources.test', { id: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('sources.update', () => {
  it('changes name, address and config, replaces only the secrets given, is audited, and the next sync uses it', async () => {
    sim = await startForum('acme', 2);
    core = await forumCore();
    const client = await core.call('clients.create', { name: 'Acme', timezone: 'UTC' });
    const src = await core.call('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'Old',
      baseUrl: 'http://127.0.0.1:9',
      config: { apiUsername: API_USER },
      secrets: { apiKey: WRONG },
    });
    await core.internals.sync.stop();
    await core.internals.sync.runOnce(src.id);
    expect((await core.call('sources.list', {}))[0]!.health.status).not.toBe('ok');

    // Name and address only: the stored key stays.
    const renamed = await core.call('sources.update', {
      id: src.id,
      name: 'Acme Forum',
      baseUrl: `${sim.siteUrl('acme')}/`,
    });
    expect(renamed).toMatchObject({
      name: 'Acme Forum',
      baseUrl: sim.siteUrl('acme'),
      hasSecret: true,
      config: { apiUsername: API_USER },
    });
    expect(core.internals.sync.contextFor(src.id, new AbortController().signal)!.secrets).toEqual({
      apiKey: WRONG,
    });
    await core.internals.sync.runOnce(src.id);
    expect((await core.call('sources.list', {}))[0]!.health).toMatchObject({ status: 'failing' });
    expect((await core.call('sources.list', {}))[0]!.health.lastError).toMatch(/^\[auth\] /);

    // The key replaced: the next poll syncs.
    await core.call('sources.update', {
      id: src.id,
      secrets: { apiKey: API_KEY },
      config: { apiUsername: API_USER, privateMessages: false },
    });
    expect(core.internals.sync.contextFor(src.id, new AbortController().signal)!.secrets).toEqual({
      apiKey: API_KEY,
    });
    await core.internals.sync.runOnce(src.id);
    expect((await core.call('sources.list', {}))[0]!.health.status).toBe('ok');
    expect((await core.call('queue.list', {})).total).toBeGreaterThan(0);

    const audit = await core.call('audit.list', { entity: 'source', entityId: String(src.id) });
    const updates = audit.filter((e) => e.action === 'source.update');
    expect(updates).toHaveLength(2);
    expect(updates.every((e) => e.actorId != null)).toBe(true);
    expect(updates.some((e) => JSON.stringify(e.data.secretsReplaced) === '["apiKey"]')).toBe(true);
    const everything = JSON.stringify([
      audit,
      await core.call('sources.list', {}),
      core.internals.db.prepare('SELECT * FROM sources').all(),
    ]);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(WRONG);
  });

  it('refuses a bad config or an undeclared secret and changes nothing', async () => {
    sim = await startForum('acme', 1);
    core = await forumCore();
    const { source } = await connect(core, sim);
    for (const patch of [
      { config: { apiUsername: '' } },
      { secrets: { password: 'x-123456' } },
      { name: '' },
    ]) {
      expect(await core.dispatch('sources.update', { id: source.id, ...patch })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect((await core.call('sources.list', {}))[0]).toMatchObject({
      name: source.name,
      config: { apiUsername: API_USER },
    });
    expect(
      core.internals.sync.contextFor(source.id, new AbortController().signal)!.secrets,
    ).toEqual({ apiKey: API_KEY });
  });
});
