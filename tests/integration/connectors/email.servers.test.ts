// The email connector end to end against real servers (tests/helpers/mailServers.ts): Dovecot IMAP on
// loopback with a self-signed certificate, and an smtp-server receiver with STARTTLS that delivers the
// copies addressed to the mailbox into Dovecot (as an MTA would). Covers "Test connection" reasons
// (auth, tls, network, the per-source trusted certificate), polling by UID, a UIDVALIDITY change,
// IDLE latency, replies with their threading headers, Sent exactly once, and a connection dropped after
// DATA (unknown outcome → findSent → no resend).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import { emailConnector } from '../../../electron/core/connectors/email';
import { readConfig } from '../../../electron/core/connectors/email/config';
import { verifySmtp } from '../../../electron/core/connectors/email/smtp';
import {
  ConnectorError,
  type ItemBatch,
  type OutboundReply,
  type SourceContext,
  type StreamContext,
} from '../../../electron/core/connectors/types';
import { silentLogger } from '../../../electron/core/ports';
import {
  MAIL_SKIP_REASON,
  startDovecot,
  startSmtpReceiver,
  type Dovecot,
  type SmtpReceiver,
} from '../../helpers/mailServers';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = (f: string) => readFileSync(join(here, '..', '..', 'fixtures', 'email', f));

if (MAIL_SKIP_REASON) console.warn(MAIL_SKIP_REASON);

describe.skipIf(MAIL_SKIP_REASON !== null)('email connector against Dovecot + smtp-server', () => {
  let dc: Dovecot;
  let smtp: SmtpReceiver;
  let smtpTls: SmtpReceiver;

  beforeAll(async () => {
    dc = await startDovecot();
    smtp = await startSmtpReceiver({ cert: dc.cert, mode: 'starttls' });
    smtpTls = await startSmtpReceiver({ cert: dc.cert, mode: 'tls' });
    // Local delivery of what is addressed to the mailbox (the Bcc copy of our replies).
    for (const s of [smtp, smtpTls])
      s.onAccept = (r) => r.to.includes(dc.user) && dc.deliver(r.raw);
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await smtpTls?.close();
    await dc?.stop();
  }, 30_000);

  function ctx(
    config: Record<string, unknown> = {},
    secrets: Record<string, string | null> = { password: dc.pass },
  ): SourceContext {
    return {
      sourceId: 1,
      baseUrl: '',
      config: {
        imapHost: '127.0.0.1',
        imapPort: dc.port,
        imapSecurity: 'starttls',
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpSecurity: 'starttls',
        username: dc.user,
        fromAddress: dc.user,
        fromName: 'Brand Support',
        signature: 'Brand Support\nhttps://brand.example/help',
        tlsCa: dc.cert.cert,
        ...config,
      },
      secrets,
      secret: secrets.password ?? null,
      persistSecret: () => {},
      http: fetch,
      logger: silentLogger,
      limiter: createRateLimiter({ perMinute: 6000 }),
      now: () => Date.now(),
    };
  }
  const reason = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'resolved';
    } catch (err) {
      expect(err).toBeInstanceOf(ConnectorError);
      return `${(err as ConnectorError).kind}/${(err as ConnectorError).reason}`;
    }
  };
  async function imap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: dc.port,
      secure: false,
      doSTARTTLS: true,
      tls: { ca: dc.cert.cert },
      auth: { user: dc.user, pass: dc.pass },
      logger: false,
    });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  }
  const countByMessageId = (mailbox: string, id: string) =>
    imap(async (c) => {
      const lock = await c.getMailboxLock(mailbox);
      try {
        const r = await c.search({ header: { 'message-id': `<${id}>` } }, { uid: true });
        return Array.isArray(r) ? r.length : 0;
      } finally {
        lock.release();
      }
    });

  describe('Test connection', () => {
    it('logs in to IMAP (STARTTLS and implicit TLS) and SMTP (STARTTLS and TLS) with the trusted certificate', async () => {
      expect(await emailConnector.test(ctx())).toEqual({ account: `Brand Support <${dc.user}>` });
      expect(
        await emailConnector.test(
          ctx({
            imapSecurity: 'tls',
            imapPort: dc.tlsPort,
            smtpSecurity: 'tls',
            smtpPort: smtpTls.port,
          }),
        ),
      ).toBeTruthy();
    });
    it('bad password → auth; untrusted self-signed certificate → tls; nothing listening → network', async () => {
      expect(await reason(emailConnector.test(ctx({}, { password: 'wrong' })))).toBe(
        'permanent/auth',
      );
      expect(await reason(emailConnector.test(ctx({ tlsCa: undefined })))).toBe('permanent/tls');
      expect(
        await reason(
          emailConnector.test(ctx({ imapSecurity: 'tls', imapPort: dc.tlsPort, tlsCa: undefined })),
        ),
      ).toBe('permanent/tls');
      const c = ctx({ imapPort: 1 });
      expect(await reason(emailConnector.test(c))).toBe('transient/network');
      expect(await reason(verifySmtp(ctx({}, { password: 'wrong' }), readConfig(ctx())))).toBe(
        'permanent/auth',
      );
      expect(await reason(verifySmtp(ctx(), readConfig(ctx({ tlsCa: undefined }))))).toBe(
        'permanent/tls',
      );
    });
    it('refuses cleartext without the explicit opt-in, and never sends the password in an error', async () => {
      expect(await reason(emailConnector.test(ctx({ imapSecurity: 'none' })))).toBe(
        'permanent/config',
      );
      try {
        await emailConnector.test(ctx({}, { password: 'wrong-Secret-9' }));
      } catch (err) {
        expect(String((err as Error).message)).not.toContain('wrong-Secret-9');
      }
    });
  });

  describe('inbound', () => {
    it('polls by UID from the cursor without marking mail as seen', async () => {
      dc.expunge();
      dc.deliver(fixture('thread-1-root.eml'));
      dc.deliver(fixture('koi8r-qp.eml'));
      const first = await emailConnector.poll(ctx(), null);
      expect(first.items.map((i) => i.message.meta!.messageId)).toEqual([
        't.root@client.example',
        'koi8.1@mail.example.ru',
      ]);
      expect(first.items[1]!.message.bodyText).toContain('Здравствуйте');
      expect(first.more).toBe(false);
      const again = await emailConnector.poll(ctx(), first.cursor);
      expect(again.items).toHaveLength(0);
      dc.deliver(fixture('thread-3-irt-only.eml'));
      const next = await emailConnector.poll(ctx({ maxMessagesPerPoll: 1 }), again.cursor);
      expect(next.items).toHaveLength(1);
      expect(next.items[0]!.message.meta!.uid).toBeGreaterThan(
        (first.cursor as { lastUid: number }).lastUid,
      );
      const unseen = await imap(async (c) => {
        const lock = await c.getMailboxLock('INBOX');
        try {
          return await c.search({ seen: false }, { uid: true });
        } finally {
          lock.release();
        }
      });
      expect(Array.isArray(unseen) ? unseen.length : 0).toBe(3);
    });

    it('re-syncs after a UIDVALIDITY change without new message keys (no duplicates)', async () => {
      dc.recreate('Support');
      dc.deliver(fixture('thread-6-dup-id-a.eml'), 'Support');
      dc.deliver(fixture('thread-7-dup-id-b.eml'), 'Support');
      const c = ctx({ mailbox: 'Support' });
      const before = await emailConnector.poll(c, null);
      expect(before.items).toHaveLength(2);
      dc.recreate('Support');
      dc.deliver(fixture('thread-6-dup-id-a.eml'), 'Support');
      dc.deliver(fixture('thread-7-dup-id-b.eml'), 'Support');
      const after = await emailConnector.poll(c, before.cursor);
      expect((after.cursor as { uidValidity: string }).uidValidity).not.toBe(
        (before.cursor as { uidValidity: string }).uidValidity,
      );
      expect(after.items.map((i) => i.message.externalId).sort()).toEqual(
        before.items.map((i) => i.message.externalId).sort(),
      );
      expect(after.items.map((i) => i.conversation.externalId)).toEqual(
        before.items.map((i) => i.conversation.externalId),
      );
    });

    it('subscribe: mail delivered into Dovecot arrives through IDLE within seconds; the cursor moves after deliver', async () => {
      dc.expunge();
      const start = await emailConnector.poll(ctx(), null);
      const batches: ItemBatch[] = [];
      let arrived: (() => void) | null = null;
      const states: string[] = [];
      const sctx: StreamContext = {
        ...ctx(),
        deliver: async (b) => {
          batches.push(b);
          if (b.items.length) arrived?.();
        },
        alive: () => {},
        status: (s) => void states.push(s),
      };
      const h = emailConnector.subscribe!(sctx, start.cursor);
      // Wait for the first catch-up (the stream is live and idling).
      for (let i = 0; i < 200 && !states.includes('live'); i++)
        await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      const got = new Promise<void>((r) => (arrived = r));
      const t0 = performance.now();
      dc.deliver(fixture('danish-latin1-qp.eml'));
      await got;
      const ms = performance.now() - t0;
      console.info(`email IDLE: delivered → ctx.deliver in ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(5000);
      const b = batches.find((x) => x.items.length)!;
      expect(b.items[0]!.conversation.title).toBe('Bestilling fra København');
      expect((b.cursor as { lastUid: number }).lastUid).toBeGreaterThan(0);
      await h.close();
      await expect(h.done).resolves.toBeUndefined();
    }, 30_000);

    it('subscribe ends transient when the server drops the connection', async () => {
      const sctx: StreamContext = {
        ...ctx(),
        deliver: async () => {},
        alive: () => {},
        status: () => {},
      };
      const h = emailConnector.subscribe!(sctx, null);
      let live = false;
      sctx.status = (s) => void (live ||= s === 'live');
      await new Promise((r) => setTimeout(r, 1000));
      // doveadm kick: Dovecot closes the user's IMAP sessions.
      const { execFileSync } = await import('node:child_process');
      execFileSync('/usr/bin/doveadm', ['-c', join(dc.dir, 'dovecot.conf'), 'kick', dc.user], {
        stdio: 'ignore',
      });
      const err = await h.done.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).kind).toBe('transient');
      await h.close();
    }, 30_000);
  });

  describe('replies', () => {
    async function inbound(f: string) {
      const c = ctx();
      const cur = await emailConnector.poll(c, null);
      dc.deliver(fixture(f));
      const p = await emailConnector.poll(c, cur.cursor);
      return p.items.at(-1)!;
    }
    const replyFor = (
      i: Awaited<ReturnType<typeof inbound>>,
      key: string,
      markdown = 'Thanks, we are on it.\n\nSee https://brand.example/status',
    ): OutboundReply => ({
      outboxId: 1,
      conversationExternalId: i.conversation.externalId,
      replyToExternalId: i.message.externalId,
      body: markdown,
      content: { markdown },
      conversationMeta: i.conversation.meta,
      replyToMeta: i.message.meta,
      idempotencyKey: key,
      queuedAt: Date.now(),
    });

    it('sends with the right threading headers, identity, signature, text + HTML; Sent holds it once', async () => {
      const i = await inbound('reply-with-attachments.eml');
      const before = smtp.received.length;
      const r = replyFor(i, `k-${Date.now()}-a`);
      const receipt = await emailConnector.send(ctx(), r);
      expect(smtp.received.length).toBe(before + 1);
      const got = smtp.received.at(-1)!;
      expect(got.secure).toBe(true);
      expect(got.user).toBe(dc.user);
      expect(got.to).toEqual(['megan.private@client.example', dc.user]);
      const m = await simpleParser(got.raw);
      expect(m.subject).toBe('Re: Your order');
      expect(m.inReplyTo).toBe('<reply.2@client.example>');
      expect(m.references).toEqual(['<root.2@client.example>', '<reply.2@client.example>']);
      expect(m.from?.value[0]).toMatchObject({ name: 'Brand Support', address: dc.user });
      expect(m.messageId).toMatch(new RegExp(`^<steward\\.[0-9a-f]{32}@example\\.test>$`));
      expect(m.text).toContain('Thanks, we are on it.');
      expect(m.text).toContain('-- \nBrand Support');
      expect(m.html).toContain('<a href="https://brand.example/status">');
      expect(m.headers.has('bcc')).toBe(false);
      const id = m.messageId!.slice(1, -1);
      expect(await countByMessageId('Sent', id)).toBe(1);
      const found = await emailConnector.findSent(ctx(), r);
      expect(found?.externalId).toBe(receipt.externalId);
      expect(await countByMessageId('Sent', id)).toBe(1);
    }, 30_000);

    it('a connection dropped after DATA is unknown_outcome; findSent finds the reply; nothing is resent; Sent holds it once', async () => {
      const i = await inbound('thread-1-root.eml');
      const r = replyFor(i, `k-${Date.now()}-drop`);
      const before = smtp.received.length;
      smtp.dropAfterAccept(1);
      const err = await emailConnector.send(ctx(), r).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).kind).toBe('unknown_outcome');
      expect(smtp.received.length).toBe(before + 1); // the server did accept it
      const id = (await simpleParser(smtp.received.at(-1)!.raw)).messageId!.slice(1, -1);
      expect(await countByMessageId('Sent', id)).toBe(0);
      const found = await emailConnector.findSent(ctx(), r);
      expect(found).not.toBeNull();
      expect(smtp.received.length).toBe(before + 1);
      expect(await countByMessageId('Sent', id)).toBe(1);
      // The copy that comes back through IMAP carries the same external id as the receipt.
      const again = await emailConnector.findSent(ctx(), r);
      expect(again?.externalId).toBe(found!.externalId);
      expect(await countByMessageId('Sent', id)).toBe(1);
    }, 30_000);

    it('findSent: null when certainly not sent; transient while a blind copy may still arrive', async () => {
      const i = await inbound('danish-latin1-qp.eml');
      const never = replyFor(i, `k-${Date.now()}-never`);
      expect(await emailConnector.findSent(ctx({ bccSelf: false }), never)).toBeNull();
      expect(await reason(emailConnector.findSent(ctx(), never))).toBe('transient/undefined');
      expect(
        await emailConnector.findSent(ctx(), { ...never, queuedAt: Date.now() - 11 * 60_000 }),
      ).toBeNull();
    }, 30_000);

    it('a refused recipient is permanent, and nothing is appended to Sent', async () => {
      const i = await inbound('thread-1-root.eml');
      const r = replyFor(i, `k-${Date.now()}-refused`);
      const bad = {
        ...r,
        replyToMeta: { ...r.replyToMeta, replyTo: null, from: 'not-an-address' },
        conversationMeta: { ...r.conversationMeta, memberAddress: null },
      };
      expect(await reason(emailConnector.send(ctx(), bad))).toBe('permanent/config');
      expect(await reason(emailConnector.send(ctx({ smtpPort: 1 }), r))).toBe('transient/network');
    }, 30_000);
  });
});
