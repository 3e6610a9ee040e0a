// electron/core/connectors/email: IMAP through imapflow — connecting (TLS/STARTTLS required unless
// opted out, password or XOAUTH2), catching up by UID from the cursor, the Sent folder, searches by
// Message-ID and APPEND. Fetches use BODY.PEEK (imapflow's `source`), so nothing is marked \Seen.
import type * as ImapFlowLib from 'imapflow';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { lazyModule } from '../../lazyModule';
import type { SourceContext } from '../types';
import { type EmailConfig, credentials, ownAddresses, tlsOptions } from './config';
import { connectionError } from './errors';
import { normalizeMessage } from './normalize';
import { type EmailCursor, type EmailCursorJson, readCursor, writeCursor } from './state';
import type { ItemBatch } from '../types';

/** imapflow (with libmime and its charsets), loaded when an email source first connects. */
export const imapLib = lazyModule<typeof ImapFlowLib>(() => import('imapflow'));

export function imapOptions(
  ctx: SourceContext,
  cfg: EmailConfig,
  extra: Partial<ImapFlowOptions> = {},
): ImapFlowOptions {
  const c = credentials(ctx, cfg);
  return {
    host: cfg.imapHost,
    port: cfg.imapPort,
    secure: cfg.imapSecurity === 'tls',
    doSTARTTLS:
      cfg.imapSecurity === 'starttls' ? true : cfg.imapSecurity === 'none' ? false : undefined,
    tls: tlsOptions(cfg, cfg.imapHost),
    auth: c.accessToken
      ? { user: c.user, accessToken: c.accessToken }
      : { user: c.user, pass: c.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: Math.min(cfg.timeoutMs, 16_000),
    socketTimeout: 5 * 60_000,
    clientInfo: { name: 'Steward' },
    ...extra,
  };
}

const server = (cfg: EmailConfig) => `IMAP ${cfg.imapHost}:${cfg.imapPort}`;

/** Connects, runs `fn`, logs out. Failures become ConnectorErrors with a reason. */
export async function withImap<T>(
  ctx: SourceContext,
  cfg: EmailConfig,
  fn: (c: ImapFlow) => Promise<T>,
): Promise<T> {
  const { ImapFlow: Imap } = await imapLib.load();
  const client = new Imap(imapOptions(ctx, cfg));
  client.on('error', () => {
    /* reported through the pending command's rejection */
  });
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw connectionError(err, server(cfg));
  }
  try {
    return await fn(client);
  } catch (err) {
    throw connectionError(err, server(cfg));
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The Sent folder: the configured one, else the one the server marks \Sent, else "Sent". */
export async function sentFolder(client: ImapFlow, cfg: EmailConfig): Promise<string> {
  if (cfg.sentFolder) return cfg.sentFolder;
  const list = await client.list();
  return (
    list.find((m) => m.specialUse === '\\Sent')?.path ??
    list.find((m) => /^(sent|sent items|sent messages|sendt|gesendet|отправленные)$/i.test(m.name))
      ?.path ??
    'Sent'
  );
}

/** UIDs of messages whose Message-ID header is `messageId` in `mailbox` (empty when none). */
export async function searchMessageId(
  client: ImapFlow,
  mailbox: string,
  messageId: string,
): Promise<number[]> {
  const lock = await client.getMailboxLock(mailbox, { readOnly: true });
  try {
    const r = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true });
    return Array.isArray(r) ? r : [];
  } finally {
    lock.release();
  }
}

/**
 * One catch-up step on an opened client: new messages since the cursor (by UID), or — first sync or a
 * UIDVALIDITY change — the messages since a date (`initialDays`, or a day before the last one seen),
 * at most `maxMessagesPerPoll`, oldest first, normalised in UID order. Returns the batch with the next
 * cursor and whether more are waiting. The mailbox is opened read-only.
 */
export async function catchUp(
  client: ImapFlow,
  ctx: SourceContext,
  cfg: EmailConfig,
  cursorIn: unknown,
): Promise<ItemBatch & { cursor: EmailCursorJson; more: boolean; skipped: number }> {
  const cur = readCursor(cursorIn);
  const lock = await client.getMailboxLock(cfg.mailbox, { readOnly: true });
  try {
    const mb = client.mailbox;
    const uidValidity = mb && typeof mb === 'object' ? String(mb.uidValidity) : '';
    const fresh = cur.uidValidity !== uidValidity;
    let uids: number[];
    if (fresh) {
      const since =
        cur.lastDate !== null
          ? cur.lastDate - 24 * 3600_000
          : ctx.now() - cfg.initialDays * 24 * 3600_000;
      const r = await client.search({ since: new Date(since) }, { uid: true });
      uids = Array.isArray(r) ? r : [];
      if (fresh && cur.uidValidity)
        ctx.logger.info('email: UIDVALIDITY changed, re-syncing by Message-ID', {
          sourceId: ctx.sourceId,
          mailbox: cfg.mailbox,
        });
    } else {
      const r = await client.search({ uid: `${cur.lastUid + 1}:*` }, { uid: true });
      uids = (Array.isArray(r) ? r : []).filter((u) => u > cur.lastUid);
    }
    uids.sort((a, b) => a - b);
    const take = uids.slice(0, cfg.maxMessagesPerPoll);
    const next: EmailCursor = { ...cur, uidValidity, lastUid: fresh ? 0 : cur.lastUid };
    const out: ItemBatch & { skipped: number } = { items: [], rejected: [], skipped: 0 };
    if (take.length) {
      const own = ownAddresses(cfg);
      const raw: Array<{ uid: number; source: Buffer; internalDate: number | null }> = [];
      for await (const m of client.fetch(
        take.join(','),
        { uid: true, source: true, internalDate: true },
        { uid: true },
      )) {
        const d =
          m.internalDate instanceof Date
            ? m.internalDate.getTime()
            : typeof m.internalDate === 'string'
              ? Date.parse(m.internalDate)
              : NaN;
        raw.push({
          uid: m.uid,
          source: m.source ?? Buffer.alloc(0),
          internalDate: Number.isFinite(d) ? d : null,
        });
      }
      raw.sort((a, b) => a.uid - b.uid);
      for (const m of raw) {
        const r = await normalizeMessage(m.source, {
          ownAddresses: own,
          memory: next.memory,
          receivedAt: m.internalDate,
          now: ctx.now(),
          uid: m.uid,
        });
        if ('item' in r) out.items.push(r.item);
        else if ('rejected' in r) out.rejected.push(r.rejected);
        else out.skipped++;
        next.lastUid = Math.max(next.lastUid, m.uid);
        if (m.internalDate !== null) next.lastDate = Math.max(next.lastDate ?? 0, m.internalDate);
      }
      // UIDs that vanished between SEARCH and FETCH (expunged) are passed over.
      next.lastUid = Math.max(next.lastUid, take[take.length - 1]!);
    }
    return { ...out, cursor: writeCursor(next), more: uids.length > take.length };
  } finally {
    lock.release();
  }
}
