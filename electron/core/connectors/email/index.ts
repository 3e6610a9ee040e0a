// electron/core/connectors/email: a support mailbox over IMAP (inbound) and SMTP (replies).
//
// CONVERSATION MODEL (thread.ts)
//   A message's identity is its Message-ID (plus a digest of From/Date/Subject, so two different
//   messages that share one Message-ID stay two), or a digest of stable headers and the body when it
//   has none — never the IMAP UID, so a UIDVALIDITY change or a second copy never duplicates.
//   A conversation is named by the Message-ID of its root. A message joins, in this order:
//     1. the conversation of the first message among its References (root first) and In-Reply-To that
//        the connector has seen (a bounded memory of 1,500 Message-IDs, kept in the cursor);
//     2. otherwise the conversation named by the first of those ids (a missing root still names the
//        thread, and the root, when it arrives later, joins it through its own id);
//     3. without any reference: a conversation with the same sender and the same normalised subject
//        ("Re:", "Fwd:", "AW:", "SV:", "Отв:" and list tags stripped) active within 30 days;
//     4. otherwise it starts a conversation under its own Message-ID.
//   The message's own id never counts as its reference (cycles, self-references); chains are
//   cut at 50 ids. Conversation meta keeps what a reply needs: root Message-ID, the References
//   chain, the subject, and the member's address (Reply-To before From). Message meta keeps the
//   Message-ID, References, In-Reply-To, Reply-To, and where the quoted history and the signature start
//   (`quotedFrom`, `signatureFrom`, offsets into bodyText) so the pane folds them; nothing is deleted.
//   Delivery reports, read receipts, abuse reports and Auto-Submitted mail are skipped.
//
// INBOUND: `subscribe` keeps one IMAP connection in IDLE on the mailbox; new mail (EXISTS) breaks the
// IDLE, the new messages are fetched by UID, handed to `ctx.deliver`, and only after that resolved
// does the stream's cursor advance. A lost connection ends the stream `transient` (the scheduler
// reconnects and catches up). `poll` is the same catch-up by UID from the cursor (state.ts).
//
// OUTBOUND (smtp.ts): Message-ID derived from the idempotency key and the sender's domain; In-Reply-To
// and References from the answered message's meta; "Re:" once; the sender identity and signature;
// text + HTML. Sent over SMTP, then APPENDed to the Sent folder (unless the server keeps Sent copies
// itself). `findSent` looks for that Message-ID in Sent, then in the mailbox (the Bcc copy to
// ourselves); a copy found only in the mailbox is copied to Sent, so Sent holds the reply once.
import type { ImapFlow } from 'imapflow';
import type {
  Connector,
  ItemBatch,
  OutboundReply,
  PollResult,
  SentReceipt,
  SourceContext,
  StreamContext,
  StreamHandle,
} from '../types';
import { ConnectorError } from '../types';
import { EMAIL_FIELDS, EmailConfigSchema, readConfig, type EmailConfig } from './config';
import { connectionError } from './errors';
import { catchUp, imapLib, imapOptions, searchMessageId, sentFolder, withImap } from './imap';
import { isMbox, splitMbox } from './mbox';
import { normalizeMessage } from './normalize';
import { MAX_REPLY_CHARS, renderEmail } from './render';
import { composeReply, replyMessageId, sendRaw, verifySmtp } from './smtp';
import { ThreadMemory } from './thread';

/** findSent keeps looking (throws transient) this long after queueing when a Bcc copy may still be on its way. */
export const BCC_SETTLE_MS = 10 * 60_000;
/** How often an IDLE is renewed (a NOOP and a catch-up that calls ctx.alive()): below the core's 120 s stream watchdog. */
export const IDLE_RENEW_MS = 90_000;

function textOf(reply: OutboundReply): string {
  const r = renderEmail(reply.content ?? { markdown: reply.body });
  if (!r.ok)
    throw new ConnectorError(
      r.message,
      'permanent',
      undefined,
      undefined,
      r.reason === 'too_long' ? 'too_long' : 'config',
    );
  return r.text;
}

/** The external id our normaliser gives these bytes (the receipt must match what IMAP later yields). */
async function keyOf(raw: Buffer, now: number): Promise<string> {
  const r = await normalizeMessage(raw, {
    ownAddresses: new Set(),
    memory: new ThreadMemory(),
    now,
  });
  if (!('item' in r))
    throw new ConnectorError(
      'The composed reply could not be read back',
      'permanent',
      undefined,
      undefined,
      'platform_error',
    );
  return r.item.message.externalId;
}

async function appendToSent(
  ctx: SourceContext,
  cfg: EmailConfig,
  raw: Buffer,
  messageId: string,
): Promise<void> {
  await withImap(ctx, cfg, async (c) => {
    const folder = await sentFolder(c, cfg);
    if ((await searchMessageId(c, folder, messageId)).length) return;
    await c.append(folder, raw, ['\\Seen']);
  });
}

async function fetchSource(c: ImapFlow, mailbox: string, uid: number): Promise<Buffer | null> {
  const lock = await c.getMailboxLock(mailbox, { readOnly: true });
  try {
    const m = await c.fetchOne(String(uid), { source: true }, { uid: true });
    return m && m.source ? m.source : null;
  } finally {
    lock.release();
  }
}

/** The IDLE stream (see the header). */
function subscribeImap(ctx: StreamContext, cursorIn: unknown): StreamHandle {
  const cfg = readConfig(ctx);
  let cursor = cursorIn;
  let closing = false;
  let wake: (() => void) | null = null;
  let dirty = true;
  let stream: ImapFlow | null = null;
  const server = `IMAP ${cfg.imapHost}:${cfg.imapPort}`;
  let lost: unknown = null;
  const kick = () => {
    dirty = true;
    wake?.();
  };
  // Liveness: every 90 s the IDLE is renewed (servers drop an IDLE after ~30 minutes) and the
  // catch-up that follows calls ctx.alive(), inside the core's 120 s stream watchdog.
  const renew = setInterval(() => kick(), IDLE_RENEW_MS);
  renew.unref?.();

  const run = async (): Promise<void> => {
    ctx.status('connecting');
    const { ImapFlow: Imap } = await imapLib.load(); // on the first connect, not at core start
    if (closing) return;
    const client = new Imap(imapOptions(ctx, cfg, { maxIdleTime: undefined }));
    stream = client;
    client.on('exists', kick);
    client.on('error', (err: unknown) => {
      lost ??= err;
    });
    client.on('close', () => {
      lost ??= new Error('connection closed');
      kick();
    });
    try {
      await client.connect();
      await client.mailboxOpen(cfg.mailbox, { readOnly: true });
    } catch (err) {
      throw connectionError(err, server);
    }
    ctx.status('live', cfg.mailbox);
    while (!closing) {
      if (lost)
        throw connectionError(
          Object.assign(new Error(`${String((lost as Error)?.message ?? lost)}`), {
            code: (lost as { code?: unknown })?.code ?? 'ECONNECTION',
          }),
          server,
        );
      if (dirty) {
        dirty = false;
        let more = true;
        while (more && !closing) {
          const r = await catchUp(client, ctx, cfg, cursor);
          if (
            r.items.length ||
            r.rejected.length ||
            r.cursor.lastUid !== (cursor as { lastUid?: unknown } | null)?.lastUid ||
            r.cursor.uidValidity !== (cursor as { uidValidity?: unknown } | null)?.uidValidity
          ) {
            await ctx.deliver({ items: r.items, rejected: r.rejected, cursor: r.cursor });
          }
          cursor = r.cursor; // only after the batch was committed
          more = r.more;
        }
        ctx.alive();
        continue;
      }
      // IDLE until new mail, the renewal tick or close; a new command (the next catch-up) ends it.
      const woke = new Promise<void>((resolve) => (wake = resolve));
      const idling = client.idle().catch((err: unknown) => {
        lost ??= err;
      });
      await woke;
      wake = null;
      if (!closing && !lost) await client.noop().catch((err: unknown) => void (lost ??= err));
      await idling;
    }
  };

  const done = run().then(
    () => undefined,
    (err: unknown) => {
      if (closing) return undefined;
      throw err instanceof ConnectorError
        ? err.kind === 'permanent'
          ? err
          : new ConnectorError(
              err.message,
              'transient',
              undefined,
              undefined,
              err.reason ?? 'network',
            )
        : connectionError(err, server);
    },
  );
  done
    .catch(() => undefined)
    .finally(() => {
      clearInterval(renew);
      stream?.close();
    });
  return {
    done,
    async close() {
      closing = true;
      wake?.();
      const client = stream;
      if (client) await client.logout().catch(() => client.close());
      await done.catch(() => undefined);
    },
  };
}

export type ReplayResult = ItemBatch & { skipped: number };

/** Replay: an .eml (one message) or an .mbox (RFC 4155), as bytes or a string; no network. */
export async function replayEmail(
  payload: unknown,
  hint: { fileName: string },
  now = Date.now(),
): Promise<ReplayResult> {
  const out: ReplayResult = { items: [], rejected: [], skipped: 0 };
  const bytes = Buffer.isBuffer(payload)
    ? payload
    : payload instanceof Uint8Array
      ? Buffer.from(payload)
      : typeof payload === 'string'
        ? Buffer.from(payload, 'utf8')
        : null;
  if (!bytes) {
    out.rejected.push({
      reason: `not an email message (got ${payload === null ? 'null' : typeof payload})`,
      raw: null,
    });
    return out;
  }
  const memory = new ThreadMemory();
  const mbox = /\.mbox$/i.test(hint?.fileName ?? '') || isMbox(bytes);
  const { messages, more } = mbox ? splitMbox(bytes) : { messages: [bytes], more: 0 };
  for (const m of messages) {
    const r = await normalizeMessage(m, { ownAddresses: new Set(), memory, now });
    if ('item' in r) out.items.push(r.item);
    else if ('rejected' in r) out.rejected.push(r.rejected);
    else out.skipped++;
  }
  if (more)
    out.rejected.push({
      reason: `${more} more messages in the mbox were not replayed (limit 10,000)`,
      raw: null,
    });
  return out;
}

export const emailConnector: Connector & { replayAsync: typeof replayEmail } = {
  platform: 'email',
  label: { en: 'Email', da: 'E-mail', ru: 'Эл. почта' },
  capabilities: {
    reply: true,
    platformNotes: false,
    moderation: [],
    push: true,
    webhooks: false,
    replyFormat: 'email',
    maxReplyLength: MAX_REPLY_CHARS,
  },
  fields: EMAIL_FIELDS,
  configSchema: EmailConfigSchema,
  // IMAP has no published rate limits; a mailbox is one connection at a time for us.
  defaultRatePerMinute: 60,

  async test(ctx: SourceContext): Promise<{ account: string }> {
    const cfg = readConfig(ctx);
    await ctx.limiter.acquire(ctx.signal);
    await withImap(ctx, cfg, async (c) => {
      await c.status(cfg.mailbox, { messages: true });
    });
    await verifySmtp(ctx, cfg);
    return { account: cfg.fromName ? `${cfg.fromName} <${cfg.fromAddress}>` : cfg.fromAddress };
  },

  render: renderEmail,

  async poll(ctx: SourceContext, cursor: unknown): Promise<PollResult> {
    const cfg = readConfig(ctx);
    await ctx.limiter.acquire(ctx.signal);
    const r = await withImap(ctx, cfg, (c) => catchUp(c, ctx, cfg, cursor));
    return { items: r.items, rejected: r.rejected, cursor: r.cursor, more: r.more };
  },

  subscribe: subscribeImap,

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const cfg = readConfig(ctx);
    const text = textOf(reply);
    const now = ctx.now();
    const msg = await composeReply(cfg, reply, text, now);
    const externalId = await keyOf(msg.raw, now);
    await ctx.limiter.acquire(ctx.signal);
    await sendRaw(ctx, cfg, msg);
    // Accepted: from here on nothing may throw (a throw could cause a resend).
    if (cfg.sentCopy === 'append') {
      try {
        await appendToSent(ctx, cfg, msg.raw, msg.messageId);
      } catch (err) {
        ctx.logger.warn('email: reply sent, but the copy could not be saved in Sent', {
          sourceId: ctx.sourceId,
          error: (err as Error)?.message?.slice(0, 200),
        });
      }
    }
    return { externalId, url: null, createdAt: now };
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const cfg = readConfig(ctx);
    const messageId = replyMessageId(reply.idempotencyKey, cfg.fromAddress);
    await ctx.limiter.acquire(ctx.signal);
    const found = await withImap(ctx, cfg, async (c) => {
      const sent = await sentFolder(c, cfg);
      const inSent = await searchMessageId(c, sent, messageId);
      if (inSent.length) return { source: await fetchSource(c, sent, inSent[0]!) };
      const inBox = await searchMessageId(c, cfg.mailbox, messageId);
      if (!inBox.length) return null;
      const source = await fetchSource(c, cfg.mailbox, inBox[0]!);
      if (cfg.sentCopy === 'append' && source) await c.append(sent, source, ['\\Seen']);
      return { source };
    });
    if (found?.source) {
      const now = ctx.now();
      return { externalId: await keyOf(found.source, now), url: null, createdAt: now };
    }
    if (found) throw new ConnectorError('The reply was found but could not be read', 'transient');
    if (cfg.bccSelf && ctx.now() - reply.queuedAt < BCC_SETTLE_MS) {
      throw new ConnectorError(
        'The reply is not in Sent or the mailbox yet; its blind copy may still be on its way',
        'transient',
        BCC_SETTLE_MS,
      );
    }
    return null;
  },

  replayAsync: replayEmail,
};
