// The demo room (electron/demo) against a real core: the demo agency is created through the contract
// only, once, clearly labelled, with Discourse, Reddit, Discord, Slack and e-mail sources served by the
// local simulators (the mailbox: in-process IMAP + SMTP); a restart reuses it (same clients, simulators restored from the data folder, sources
// repointed when a port moved); a reply to a Discord item, to a Slack thread and to a mail lands on the
// simulator once (the mail: read back over IMAP from Sent and from the Bcc copy); a real workspace
// gets no demo.
import { afterEach, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../electron/demo';
import { silentLogger } from '../../../electron/core/ports';
import { createKeyFileSecretStore } from '../../../electron/core/secrets/keyFileSecretStore';
import { startDiscordSimulator } from '../../../electron/demo/simulators/discord';
import { ImapFlow } from 'imapflow';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let core: TestCore | null = null;
let demo: Demo | null = null;
let cleanup: (() => void) | null = null;
afterEach(async () => {
  await demo?.close();
  await core?.stop();
  cleanup?.();
  core = demo = null;
});

async function open(dir: string) {
  core = await makeCore({ dir, secrets: createKeyFileSecretStore(dir) });
  demo = await startDemo({
    dataDir: dir,
    dispatch: core.dispatch,
    logger: silentLogger,
    trafficMs: 0,
    seed: 7,
  });
  return { core, demo: demo! };
}
const syncAll = async (c: TestCore) => {
  for (const s of await c.call('sources.list', {})) await c.internals.sync.runOnce(s.id);
};

it('creates the demo agency through the contract once, and restarts onto the same workspace', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const { core: c1 } = await open(t.dir);
  expect((await c1.call('app.info', {})).demo).toBe(true);
  const clients = await c1.call('clients.list', {});
  expect(clients).toHaveLength(7);
  expect(clients.every((c) => c.isDemo)).toBe(true);
  expect(new Set(clients.map((c) => c.timezone)).size).toBeGreaterThanOrEqual(5);
  const sources = await c1.call('sources.list', {});
  expect(sources.map((s) => s.platform).sort()).toEqual([
    'discord',
    'discourse',
    'discourse',
    'discourse',
    'discourse',
    'email',
    'reddit',
    'slack',
  ]);
  // The support mailbox is Fjord Outdoor's second source, not another client.
  const fjord = clients.find((c) => c.name === 'Fjord Outdoor')!;
  expect(
    sources
      .filter((s) => s.clientId === fjord.id)
      .map((s) => s.platform)
      .sort(),
  ).toEqual(['discourse', 'email']);
  // The colleagues are agents of the workspace, and the setup is audited as the demo lead's work.
  const agents = await c1.call('agents.list', {});
  expect(agents.map((a) => a.name)).toEqual(expect.arrayContaining(['Maja Holm', 'Sam Reyes']));
  await syncAll(c1);
  expect((await c1.call('sources.list', {})).map((s) => [s.platform, s.health.status])).toEqual(
    sources.map((s) => [s.platform, 'ok']),
  );
  // Five platforms in one queue, a workable backlog to start with.
  const page = await c1.call('queue.list', { limit: 500 });
  expect(new Set(page.rows.map((r) => r.platform))).toEqual(
    new Set(['discourse', 'reddit', 'discord', 'slack', 'email']),
  );
  const open1 = (await c1.call('queue.counts', {})).open;
  expect(open1).toBeGreaterThanOrEqual(20);
  expect(open1).toBeLessThanOrEqual(60);
  const total = page.total;
  const ports = { ...demo!.state.ports };
  const firstSlackToken = demo!.setups.loop!.secrets.botToken;
  await demo!.close();
  demo = null;
  await c1.stop();

  // Another process takes the Discord simulator's port meanwhile: the restart moves and repoints it.
  const squatter = await startDiscordSimulator({ port: ports['discord:nebula'] });
  try {
    const { core: c2, demo: d2 } = await open(t.dir);
    expect(await c2.call('clients.list', {})).toHaveLength(7);
    const again = await c2.call('sources.list', {});
    expect(again.map((s) => s.id)).toEqual(sources.map((s) => s.id));
    const discord = again.find((s) => s.platform === 'discord')!;
    expect(new URL(discord.baseUrl).port).not.toBe(String(ports['discord:nebula']));
    expect(discord.baseUrl).toBe(d2.setups.nebula!.baseUrl);
    expect(new URL(again.find((s) => s.platform === 'reddit')!.baseUrl).port).toBe(
      String(ports['reddit:brewly']),
    );
    // The Slack workspace is restored with its tokens: the source's secrets still fit.
    expect(d2.setups.loop!.secrets.botToken).toBe(firstSlackToken);
    // This test process still holds keep-alive connections to the first run's servers on the same
    // ports (a real restart is a new process); the first poll of each may meet a closed socket.
    await syncAll(c2);
    await syncAll(c2);
    expect(
      (await c2.call('sources.list', {})).map((s) => [
        s.platform,
        s.health.status,
        s.health.lastError,
      ]),
    ).toEqual(again.map((s) => [s.platform, 'ok', null]));
    // The restored communities are the same ones: nothing was imported twice.
    expect((await c2.call('queue.list', {})).total).toBe(total);
  } finally {
    await squatter.close();
  }
});

it('a reply to a Discord item lands on the simulator once', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const { core: c, demo: d } = await open(t.dir);
  await syncAll(c);
  const row = (await c.call('queue.list', { limit: 500 })).rows.find(
    (r) => r.platform === 'discord' && r.memberName,
  )!;
  expect(row).toBeDefined();
  const body = 'Thanks for the report! We are on it.';
  const key = 'demo-test-reply-0001';
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key });
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key }); // a retried Send
  await c.internals.outbox.drain();
  await c.internals.outbox.drain();
  // Read the bot's messages back through Discord's REST API, as any client would.
  const src = (await c.call('sources.list', {})).find((s) => s.platform === 'discord')!;
  const token = d.setups.nebula!.secrets.botToken!;
  const cfg = src.config as { guildId: string; channelIds: string[] };
  let found = 0;
  for (const ch of cfg.channelIds) {
    const res = await fetch(`${src.baseUrl}/api/v10/channels/${ch}/messages?limit=100`, {
      headers: { Authorization: `Bot ${token}` },
    });
    if (!res.ok) continue;
    const msgs = (await res.json()) as Array<{ content: string; author: { bot?: boolean } }>;
    found += msgs.filter((m) => m.author.bot && m.content === body).length;
  }
  const threads = await fetch(`${src.baseUrl}/api/v10/guilds/${cfg.guildId}/threads/active`, {
    headers: { Authorization: `Bot ${token}` },
  });
  for (const th of ((await threads.json()) as { threads: Array<{ id: string }> }).threads) {
    const msgs = (await (
      await fetch(`${src.baseUrl}/api/v10/channels/${th.id}/messages?limit=100`, {
        headers: { Authorization: `Bot ${token}` },
      })
    ).json()) as Array<{ content: string; author: { bot?: boolean } }>;
    found += msgs.filter((m) => m.author.bot && m.content === body).length;
  }
  expect(found).toBe(1);
  const detail = await c.call('conversations.get', { id: row.id });
  expect(
    detail.messages
      .filter((m) => m.direction === 'outbound' && m.bodyText === body)
      .map((m) => m.deliveryState),
  ).toEqual(['sent']);
});

it('a Slack member question reaches the queue, and a reply lands in its thread once', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const { core: c, demo: d } = await open(t.dir);
  await syncAll(c);
  const src = (await c.call('sources.list', {})).find((s) => s.platform === 'slack')!;
  expect(src.health.status).toBe('ok');
  const rows = (await c.call('queue.list', { limit: 500 })).rows.filter(
    (r) => r.platform === 'slack',
  );
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const row = rows.find((r) => r.memberName)!;
  const body = 'Great question! Start with the recovery plan and keep it light.';
  const key = 'demo-test-slack-reply-0001';
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key });
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key }); // a retried Send
  await c.internals.outbox.drain();
  await c.internals.outbox.drain();
  // Read the channels back through Slack's Web API, as any client would: the reply is in a thread.
  const token = d.setups.loop!.secrets.botToken!;
  const api = async (method: string, params: Record<string, string>) =>
    (await (
      await fetch(`${src.baseUrl}/api/${method}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(params).toString(),
      })
    ).json()) as {
      ok: boolean;
      messages: Array<{ ts: string; text: string; bot_id?: string; thread_ts?: string }>;
    };
  let found = 0;
  for (const ch of (src.config as { channelIds: string[] }).channelIds) {
    const history = await api('conversations.history', { channel: ch, limit: '200' });
    expect(history.ok).toBe(true);
    for (const parent of history.messages.filter((m) => m.thread_ts === m.ts)) {
      const replies = await api('conversations.replies', {
        channel: ch,
        ts: parent.ts,
        limit: '200',
      });
      found += replies.messages.filter(
        (m) => m.bot_id && m.text === body && m.thread_ts === parent.ts,
      ).length;
    }
  }
  expect(found).toBe(1);
  const detail = await c.call('conversations.get', { id: row.id });
  expect(
    detail.messages
      .filter((m) => m.direction === 'outbound' && m.bodyText === body)
      .map((m) => m.deliveryState),
  ).toEqual(['sent']);
});

it('a customer mail to the support mailbox reaches the queue, and the reply is sent once', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const { core: c, demo: d } = await open(t.dir);
  await syncAll(c);
  const src = (await c.call('sources.list', {})).find((s) => s.platform === 'email')!;
  expect(src.health.status).toBe('ok');
  // The demo opted in to cleartext on loopback; the source's settings say so.
  expect(src.config).toMatchObject({
    imapSecurity: 'none',
    smtpSecurity: 'none',
    allowInsecure: true,
  });
  const rows = (await c.call('queue.list', { limit: 500 })).rows.filter(
    (r) => r.platform === 'email',
  );
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const row = rows.find((r) => r.memberName && !/closed|guaranteed/i.test(r.title ?? ''))!;
  const body = 'Thank you for writing! Your return label is on its way.';
  const key = 'demo-test-mail-reply-0001';
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key });
  await c.call('replies.send', { conversationId: row.id, body, idempotencyKey: key }); // a retried Send
  await c.internals.outbox.drain();
  await c.internals.outbox.drain();
  const detail = await c.call('conversations.get', { id: row.id });
  expect(
    detail.messages
      .filter((m) => m.direction === 'outbound' && m.bodyText?.includes(body))
      .map((m) => m.deliveryState),
  ).toEqual(['sent']);
  // Read the mailbox back over IMAP, as any mail client would: the reply is in Sent once, and its
  // Bcc copy (the SMTP delivery to the mailbox itself) is in INBOX once.
  const cfg = d.setups['fjord-mail']!.config as { imapPort: number; username: string };
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: cfg.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: cfg.username, pass: d.setups['fjord-mail']!.secrets.password! },
    logger: false,
  });
  await imap.connect();
  try {
    const count = async (folder: string) => {
      const lock = await imap.getMailboxLock(folder);
      try {
        let n = 0;
        for await (const m of imap.fetch('1:*', { source: true })) {
          if (m.source?.toString('utf8').includes('Your return label is on its way')) n++;
        }
        return n;
      } finally {
        lock.release();
      }
    };
    expect(await count('Sent')).toBe(1);
    expect(await count('INBOX')).toBe(1);
  } finally {
    await imap.logout();
  }
});

it('leaves a real workspace alone', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = await makeCore({ dir: t.dir });
  await core.call('clients.create', { name: 'Real Client' });
  expect(
    await startDemo({
      dataDir: t.dir,
      dispatch: core.dispatch,
      logger: silentLogger,
      trafficMs: 0,
    }),
  ).toBeNull();
  expect((await core.call('app.info', {})).demo).toBe(false);
  expect(await core.call('clients.list', {})).toHaveLength(1);
});
