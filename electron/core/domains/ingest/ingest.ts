// electron/core/ingest: normalized platform items -> the local cache. Idempotent (the same platform
// message twice is one row), keeps edits (old versions in message_revisions), and quarantines an
// item that fails validation with a visible reason instead of failing the batch.
import type { NormalizedItem, RejectedItem } from '../../connectors/types';
import type { Db } from '../../db/open';
import { createIngestRepo, type ExistingMessage } from './repo';
import { NO_DUE } from '../../db/rows';

/**
 * What ingest tells the SLA engine (called inside the ingest transaction). A hook returns a reason
 * string when the conversation's clocks could not be computed: the item is stored all the same
 * (an SLA computation never quarantines a post) and the result counts it for the source's health.
 */
export type SlaHookResult = string | null | void;
export interface IngestHooks {
  /** A member opened conversation `convId` with a message at `at`. */
  opened(convId: number, at: number): SlaHookResult;
  /** A member wrote again; `reopened` when the conversation was pending or solved. */
  memberMessage(convId: number, at: number, reopened: boolean): SlaHookResult;
  /** A public reply by staff (made on the platform itself, or our own coming back). */
  agentReply(convId: number, at: number): SlaHookResult;
  /** A member message re-opened a pending or solved conversation. */
  statusReopened?(convId: number, from: 'pending' | 'solved', at: number): SlaHookResult;
}

export type IngestSource = { id: number; clientId: number };
export type IngestResult = {
  inserted: number;
  edited: number;
  duplicates: number;
  quarantined: number;
  conversationIds: number[];
  /** Conversations stored whose SLA clocks could not be computed, and the first reason. */
  slaErrors: number;
  slaError: string | null;
};

const MAX_BODY = 1_000_000;

/** Structural checks the core applies to every item, whatever the connector said. */
export function validateItem(it: NormalizedItem): string | null {
  const ts = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 8.64e15;
  if (!it || typeof it !== 'object') return 'item is not an object';
  if (!it.conversation?.externalId) return 'conversation.externalId is missing';
  if (!it.message?.externalId) return 'message.externalId is missing';
  if (!it.member?.externalId) return 'member.externalId is missing';
  if (!ts(it.message.createdAt)) return `message.createdAt is not a valid time (${String(it.message.createdAt)})`;
  if (!ts(it.conversation.createdAt)) return `conversation.createdAt is not a valid time (${String(it.conversation.createdAt)})`;
  if (typeof it.message.bodyHtml !== 'string' || typeof it.message.bodyText !== 'string') return 'message body is not text';
  if (it.message.bodyHtml.length > MAX_BODY) return `message body is ${it.message.bodyHtml.length} characters (limit ${MAX_BODY})`;
  return null;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

export function createIngester(db: Db, hooks: IngestHooks) {
  const r = createIngestRepo(db);
  const members = new Map<string, { id: number; profile: string }>();

  function quarantine(sourceId: number, now: number, reason: string, raw: unknown): void {
    let payload: string;
    try {
      payload = typeof raw === 'string' ? raw : JSON.stringify(raw);
    } catch {
      payload = String(raw);
    }
    r.quarantine.run(sourceId, now, reason, (payload ?? '').slice(0, 200_000));
  }

  /** Ingests one batch in one transaction. Never throws for bad items; they are quarantined. */
  function ingest(source: IngestSource, items: NormalizedItem[], rejected: RejectedItem[], now: number): IngestResult {
    const res: IngestResult = { inserted: 0, edited: 0, duplicates: 0, quarantined: 0, conversationIds: [], slaErrors: 0, slaError: null };
    const touched = new Set<number>();
    // Oldest first, so a conversation's first message opens it and deadlines follow arrival order.
    const sorted = [...items].sort((a, b) => (a.message?.createdAt ?? 0) - (b.message?.createdAt ?? 0));

    db.transaction(() => {
      for (const rej of rejected) {
        quarantine(source.id, now, rej.reason, rej.raw);
        res.quarantined++;
      }
      for (const it of sorted) {
        const problem = validateItem(it);
        if (problem) {
          quarantine(source.id, now, problem, it);
          res.quarantined++;
          continue;
        }
        try {
          ingestOne(source, it, touched, res);
        } catch (err) {
          // A constraint failure on one item must not lose the rest of the batch.
          quarantine(source.id, now, `could not store item: ${(err as Error).message}`, it);
          res.quarantined++;
        }
      }
    })();
    res.conversationIds = [...touched];
    return res;
  }

  function sla(res: IngestResult, outcome: SlaHookResult): void {
    if (typeof outcome !== 'string') return;
    res.slaErrors++;
    res.slaError ??= outcome;
  }

  function ingestOne(source: IngestSource, it: NormalizedItem, touched: Set<number>, res: IngestResult): void {
    const m = it.member;
    // Members repeat constantly: write one only when it is new or its profile changed.
    const mkey = `${source.id}\u0000${m.externalId}`;
    const profile = `${m.username}\u0000${m.displayName}\u0000${m.avatarUrl ?? ''}\u0000${m.isStaff ? 1 : 0}`;
    const cached = members.get(mkey);
    let memberId: number;
    if (cached && cached.profile === profile) memberId = cached.id;
    else {
      memberId = (r.memberUpsert.get(source.id, m.externalId, m.username, m.displayName, m.avatarUrl, m.isStaff ? 1 : 0) as { id: number }).id;
      if (members.size > 100_000) members.clear();
      members.set(mkey, { id: memberId, profile });
    }

    const msg = it.message;
    // Staff posts may be our own replies coming back: look before inserting. Member posts are
    // inserted directly (the unique index makes a repeat a no-op) and looked up only on conflict.
    const existing = m.isStaff ? r.msgFind.get(source.id, msg.externalId) : undefined;
    if (existing) {
      handleExisting(existing, msg, touched, res);
      return;
    }

    const c = it.conversation;
    let conv = r.convFind.get(source.id, c.externalId);
    let isNew = false;
    if (!conv) {
      const info = r.convInsert.run(source.clientId, source.id, c.externalId, c.kind, c.title, c.url, memberId, c.createdAt, msg.createdAt, null, NO_DUE);
      conv = { id: Number(info.lastInsertRowid), status: 'new', first_replied_at: null, first_reply_due_at: null, created_at: c.createdAt, member_id: memberId, due_at: NO_DUE, title: c.title };
      isNew = true;
    }
    touched.add(conv.id);

    if (m.isStaff) {
      // Our own reply may come back through polling before the sender recorded its id.
      const match = r.pendingOutboundMatch.get(conv.id, norm(msg.bodyText));
      if (match) {
        db.prepare(`UPDATE messages SET external_id = ?, delivery_state = 'sent', delivery_error = NULL WHERE id = ?`).run(msg.externalId, match.message_id);
        // Recorded as delivered with its follow-up done here (conversation and SLA just below).
        db.prepare(`UPDATE outbox SET state = 'sent', external_id = ?, sent_at = ?, last_error = NULL, followup_pending = 0 WHERE id = ?`).run(msg.externalId, msg.createdAt, match.outbox_id);
        r.convOutbound.run(msg.createdAt, msg.createdAt, msg.createdAt, conv.id);
        sla(res, hooks.agentReply(conv.id, msg.createdAt));
        res.duplicates++;
        return;
      }
      r.msgInsert.run(conv.id, source.id, msg.externalId, 'outbound', memberId, m.displayName || m.username, msg.bodyHtml, msg.bodyText, msg.createdAt, msg.editedAt, msg.version, msg.deleted ? 1 : 0);
      // A reply made on the platform itself still answers the member.
      r.convOutbound.run(msg.createdAt, msg.createdAt, msg.createdAt, conv.id);
      if (!isNew) sla(res, hooks.agentReply(conv.id, msg.createdAt));
      res.inserted++;
      return;
    }

    const ins = r.msgInsertIgnore.run(conv.id, source.id, msg.externalId, 'inbound', memberId, m.displayName || m.username, msg.bodyHtml, msg.bodyText, msg.createdAt, msg.editedAt, msg.version, msg.deleted ? 1 : 0);
    if (ins.changes === 0) {
      handleExisting(r.msgFind.get(source.id, msg.externalId)!, msg, touched, res);
      return;
    }
    const reopened = conv.status === 'solved' || conv.status === 'pending';
    r.convInbound.run(msg.createdAt, msg.createdAt, msg.bodyText.slice(0, 160), conv.id);
    if (reopened) r.convReopen.run(conv.id);
    if (c.title && c.title !== conv.title) r.convRetitle.run(c.title, conv.id);
    if (isNew) sla(res, hooks.opened(conv.id, msg.createdAt));
    else {
      if (reopened) sla(res, hooks.statusReopened?.(conv.id, conv.status as 'pending' | 'solved', msg.createdAt));
      // Before any agent reply, further member messages change no clock (first reply is running).
      if (reopened || conv.first_replied_at != null) sla(res, hooks.memberMessage(conv.id, msg.createdAt, reopened));
    }
    res.inserted++;
  }

  function handleExisting(existing: ExistingMessage, msg: NormalizedItem['message'], touched: Set<number>, res: IngestResult): void {
    const changed = msg.version > existing.version || (msg.version === existing.version && msg.bodyHtml !== existing.body_html && msg.deleted);
    if (changed) {
      r.msgRevision.run(existing.id, existing.version, existing.body_html, existing.body_text, msg.editedAt ?? msg.createdAt);
      r.msgEdit.run(msg.bodyHtml, msg.bodyText, msg.editedAt ?? msg.createdAt, Math.max(msg.version, existing.version), msg.deleted ? 1 : 0, existing.id);
      touched.add(existing.conversation_id);
      res.edited++;
    } else {
      res.duplicates++;
    }
  }

  /** Forget cached member ids (a source was removed; SQLite may reuse its id). */
  const resetCache = () => members.clear();

  return { ingest, quarantine, resetCache };
}
export type Ingester = ReturnType<typeof createIngester>;
