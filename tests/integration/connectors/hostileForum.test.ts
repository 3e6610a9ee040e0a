// Issue 6: a hostile forum that echoes the API key back — as is, lower- and upper-cased, base64 (also
// inside base64("user:key")), URL-encoded, hex — or redirects to http://<key>.host must not get the
// key into the source's health, the database, the logs or the event stream, in any of those forms.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../../electron/demo/simulators/discourse';
import type { Logger } from '../../../electron/core/ports';
import type { TestCore } from '../../helpers/core';
import { forumCore } from '../../helpers/forum';

const KEY = 'Sk-9fQ2mZx7LpA4wR';
const USER = 'agent_bot';
let sim: DiscourseSimulator | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

/** The forms a leak could take, computed here independently of the code under test. */
function leakForms(): { exact: string[]; anyCase: string[] } {
  const b = Buffer.from(KEY);
  const b64 = (x: string) => Buffer.from(x).toString('base64').replace(/=+$/, '');
  return {
    exact: [
      b64(KEY),
      Buffer.from(KEY).toString('base64url'),
      b64(`${USER}:${KEY}`),
      b64(KEY.toLowerCase()),
      b64(KEY.toUpperCase()),
    ],
    anyCase: [
      KEY,
      encodeURIComponent(KEY),
      [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''),
      b.toString('hex'),
    ],
  };
}
function assertClean(where: string, text: string) {
  const { exact, anyCase } = leakForms();
  const lower = text.toLowerCase();
  for (const f of anyCase)
    expect(lower.includes(f.toLowerCase()), `${where} contains ${f}`).toBe(false);
  for (const f of exact) expect(text.includes(f), `${where} contains ${f}`).toBe(false);
}

it('keeps every form of the key out of health, database, logs and events', async () => {
  sim = await startDiscourseSimulator({});
  sim.addSite({ slug: 'evil', apiKey: KEY, apiUsername: USER, title: 'Evil', minPostLength: 1 });
  sim.seed('evil', { topics: 2 });
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m, d) => void lines.push(`${m} ${JSON.stringify(d ?? {})}`),
    info: (m, d) => void lines.push(`${m} ${JSON.stringify(d ?? {})}`),
    warn: (m, d) => void lines.push(`${m} ${JSON.stringify(d ?? {})}`),
    error: (m, d) => void lines.push(`${m} ${JSON.stringify(d ?? {})}`),
  };
  core = await forumCore({ logger });
  const events: string[] = [];
  core.onEvent((e) => void events.push(JSON.stringify(e)));
  const client = await core.call('clients.create', { name: 'Evil', timezone: 'UTC' });
  const source = await core.call('sources.add', {
    clientId: client.id,
    platform: 'discourse',
    name: 'Evil',
    baseUrl: sim.siteUrl('evil'),
    config: { apiUsername: USER },
    secrets: { apiKey: KEY },
  });
  await core.internals.sync.stop();

  const healthErrors: string[] = [];
  const poll = async () => {
    await core!.internals.sync.runOnce(source.id);
    healthErrors.push(
      (await core!.call('sources.list', {})).find((s) => s.id === source.id)!.health.lastError ??
        '',
    );
  };
  for (const status of [403, 422, 500, 404]) {
    sim.hostileNext('evil', { mode: 'echo-key', status, method: 'GET' });
    await poll();
  }
  sim.hostileNext('evil', { mode: 'redirect-key', method: 'GET' });
  await poll();
  expect(healthErrors.filter((e) => e !== '')).toHaveLength(5);
  expect(healthErrors.at(-1)).toMatch(/redirected .*HTTP 302/);

  // A reply refused with the echo (422 keeps Discourse's text, redacted) and one redirected.
  await poll();
  const conv = (await core.call('queue.list', {})).rows[0]!;
  sim.hostileNext('evil', { mode: 'echo-key', status: 422, method: 'POST' });
  const m1 = await core.call('replies.send', {
    conversationId: conv.id,
    body: 'Reply one',
    idempotencyKey: 'hostile-0001',
  });
  await core.internals.outbox.drain();
  sim.hostileNext('evil', { mode: 'redirect-key', method: 'POST' });
  const m2 = await core.call('replies.send', {
    conversationId: conv.id,
    body: 'Reply two',
    idempotencyKey: 'hostile-0002',
  });
  await core.internals.outbox.drain();
  const detail = await core.call('conversations.get', { id: conv.id });
  const d1 = detail.messages.find((x) => x.id === m1.id)!;
  expect(d1.deliveryState).toBe('failed');
  expect(d1.deliveryError).toContain('[redacted]');
  expect(detail.messages.find((x) => x.id === m2.id)!.deliveryState).toBe('failed');

  for (const [i, e] of healthErrors.entries()) assertClean(`health ${i}`, e);
  assertClean('messages', JSON.stringify(detail.messages));
  assertClean('logs', lines.join('\n'));
  assertClean('events', events.join('\n'));
  assertClean('audit', JSON.stringify(await core.call('audit.list', { limit: 1000 })));
  // The database files on disk (checkpointed), byte for byte.
  core.internals.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const f of readdirSync(core.dir).filter((n) => n.startsWith('steward.db')))
    assertClean(f, readFileSync(join(core.dir, f)).toString('latin1'));
});
