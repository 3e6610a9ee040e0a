// electron/core/connectors/email: replies over SMTP with nodemailer. The message is composed once
// (MailComposer) into raw bytes; the same bytes go to SMTP and to the Sent folder, and the same
// normaliser that reads inbound mail derives the reply's external id from them, so a copy that comes
// back through IMAP (Sent, a Bcc to the mailbox) is recognised as this reply.
//
// Outcome of a send: refused before the message was fully handed over (connection, TLS, login,
// MAIL FROM/RCPT TO, a 4xx/5xx answer to DATA) → nothing was delivered (transient or permanent);
// the connection lost after the whole message was written but before the server's final answer →
// `unknown_outcome` (the server may have accepted it): the outbox reconciles with findSent first.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type * as NodemailerLib from 'nodemailer';
import type * as MailComposerLib from 'nodemailer/lib/mail-composer';
import { lazyModule } from '../../lazyModule';
import type { OutboundReply } from '../types';
import { ConnectorError } from '../types';
import { type EmailConfig, credentials, tlsOptions } from './config';
import { connectionError, reasonOf } from './errors';
import { replyBodies } from './render';
import { hasReplyPrefix, parseIds } from './thread';

/** nodemailer, loaded when an email source first composes or sends a reply. */
const mailerLib = lazyModule<typeof NodemailerLib>(() => import('nodemailer'));
const composerLib = lazyModule<typeof MailComposerLib>(
  () => import('nodemailer/lib/mail-composer'),
);

export type Composed = {
  raw: Buffer;
  messageId: string;
  to: string;
  envelope: { from: string; to: string[] };
};

/** The reply's Message-ID: derived from the idempotency key and the sender's domain (stable across retries). */
export function replyMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@').pop()!.toLowerCase();
  return `steward.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const list = (v: unknown): string[] =>
  Array.isArray(v)
    ? parseIds(
        v.filter((x) => typeof x === 'string').map((x) => `<${String(x).replace(/^<|>$/g, '')}>`),
      )
    : [];

/** Recipient, subject and threading headers from the stored meta of the conversation and the answered message. */
export function replyHeaders(
  reply: Pick<OutboundReply, 'conversationExternalId' | 'conversationMeta' | 'replyToMeta'>,
): { to: string; subject: string; inReplyTo: string | null; references: string[] } {
  const c = reply.conversationMeta ?? {};
  const m = reply.replyToMeta ?? {};
  const to = str(m.replyTo) ?? str(m.from) ?? str(c.memberAddress);
  if (!to || !/^[^\s@<>]+@[^\s@<>]+$/.test(to)) {
    throw new ConnectorError(
      'Cannot reply: the conversation has no member address (its email meta is missing)',
      'permanent',
      undefined,
      undefined,
      'config',
    );
  }
  const lastKnown = list(c.references).at(-1);
  const inReplyTo =
    str(m.messageId) ??
    lastKnown ??
    (reply.conversationExternalId.includes('@') ? reply.conversationExternalId : null);
  let references = list(m.messageId ? m.references : c.references);
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  // RFC 5322 §3.6.4: keep the root and the most recent ancestors when the chain is long.
  if (references.length > 20) references = [references[0]!, ...references.slice(-19)];
  const base = (str(c.subject) ?? str(m.subject) ?? '').replace(/[\r\n]+/g, ' ');
  const subject = hasReplyPrefix(base) ? base : `Re: ${base}`.trim();
  return { to, subject, inReplyTo, references };
}

/** Builds the raw reply (text + HTML, threading headers, sender identity, signature). */
export async function composeReply(
  cfg: EmailConfig,
  reply: OutboundReply,
  text: string,
  now: number,
): Promise<Composed> {
  const h = replyHeaders(reply);
  const messageId = replyMessageId(reply.idempotencyKey, cfg.fromAddress);
  const bodies = replyBodies(text, cfg.signature);
  const { default: MailComposer } = await composerLib.load();
  const composer = new MailComposer({
    from: cfg.fromName ? { name: cfg.fromName, address: cfg.fromAddress } : cfg.fromAddress,
    to: h.to,
    subject: h.subject,
    messageId: `<${messageId}>`,
    date: new Date(now),
    ...(h.inReplyTo ? { inReplyTo: `<${h.inReplyTo}>` } : {}),
    ...(h.references.length ? { references: h.references.map((r) => `<${r}>`) } : {}),
    text: bodies.text,
    html: bodies.html,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, buf) => (err ? reject(err) : resolve(buf))),
  );
  const recipients = [h.to];
  if (cfg.bccSelf && !recipients.includes(cfg.fromAddress)) recipients.push(cfg.fromAddress);
  return { raw, messageId, to: h.to, envelope: { from: cfg.fromAddress, to: recipients } };
}

export async function smtpTransport(
  ctx: { secrets: Readonly<Record<string, string | null>> },
  cfg: EmailConfig,
) {
  const c = credentials(ctx, cfg);
  const { default: nodemailer } = await mailerLib.load();
  return nodemailer.createTransport({
    host: cfg.smtpHost,
    port: cfg.smtpPort,
    secure: cfg.smtpSecurity === 'tls',
    requireTLS: cfg.smtpSecurity === 'starttls',
    ignoreTLS: cfg.smtpSecurity === 'none',
    tls: tlsOptions(cfg, cfg.smtpHost),
    auth: c.accessToken
      ? { type: 'OAuth2', user: c.user, accessToken: c.accessToken }
      : { user: c.user, pass: c.pass },
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: Math.min(cfg.timeoutMs, 30_000),
    socketTimeout: cfg.timeoutMs * 2,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
}

const smtpServer = (cfg: EmailConfig) => `SMTP ${cfg.smtpHost}:${cfg.smtpPort}`;

/** Sends the composed message; classifies a failure by how far the message got (see the header). */
export async function sendRaw(
  ctx: { secrets: Readonly<Record<string, string | null>> },
  cfg: EmailConfig,
  msg: Composed,
): Promise<void> {
  const transport = await smtpTransport(ctx, cfg);
  let written = false;
  const body = Readable.from([msg.raw], { objectMode: false });
  body.once('end', () => void (written = true));
  try {
    await transport.sendMail({ envelope: msg.envelope, raw: body });
  } catch (err) {
    const e = err as {
      responseCode?: unknown;
      code?: unknown;
      command?: unknown;
      message?: unknown;
    };
    const code = typeof e.responseCode === 'number' ? e.responseCode : null;
    if (code !== null && code >= 500) {
      const reason = reasonOf(err) ?? 'platform_error';
      throw new ConnectorError(
        `${smtpServer(cfg)} refused the reply (${code}): ${String(e.message ?? '')
          .replace(/\s+/g, ' ')
          .slice(0, 200)}`,
        'permanent',
        undefined,
        code,
        reason,
      );
    }
    if (code !== null && code >= 400)
      throw new ConnectorError(
        `${smtpServer(cfg)} deferred the reply (${code}); it will be retried`,
        'transient',
        undefined,
        code,
        'platform_error',
      );
    if (written) {
      throw new ConnectorError(
        `${smtpServer(cfg)}: the connection was lost after the reply was handed over; it may have been delivered`,
        'unknown_outcome',
        undefined,
        undefined,
        'network',
      );
    }
    throw connectionError(err, smtpServer(cfg));
  } finally {
    transport.close();
  }
}

/** "Test connection" for SMTP: connect, TLS, log in, quit. */
export async function verifySmtp(
  ctx: { secrets: Readonly<Record<string, string | null>> },
  cfg: EmailConfig,
): Promise<void> {
  const transport = await smtpTransport(ctx, cfg);
  try {
    await transport.verify();
  } catch (err) {
    throw connectionError(err, smtpServer(cfg));
  } finally {
    transport.close();
  }
}
