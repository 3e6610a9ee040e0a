// electron/core/ingest: normalized platform items -> the local cache. Idempotent (the same platform
// message twice is one row), keeps edits (old versions in message_revisions), and quarantines an
// item that fails validation with a visible reason instead of failing the batch.
// v2 fields: conversation and message meta (JSON, handed back to the connector when replying or
// moderating), the message answered, attachments (metadata only), deletions known only by id, and
// moderation state: an item with `moderation` files (or updates) the moderation item of its message —
// a queue entry of kind 'moderation' with its own time_to_action clock. Staff messages with
// `meta.internal = true` are internal notes: stored as notes, they fulfil no reply clock.
import type { NormalizedItem, RejectedItem } from '../../connectors/types';
import type { Db } from '../../db/open';
import type { EventBus } from '../../events';
import { createConversationsRepo } from '../conversations/repo';
import { createMessagesRepo } from '../conversations/messagesRepo';
import { createModerationRepo } from '../moderation/repo';
import { createOutboxRepo } from '../replies/outboxRepo';
import { createIngestRepo, type ExistingMessage } from './repo';
import { NO_DUE, parseJson } from '../../db/rows';

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
  /** A member message re-opened a pending or solved conversation (or new reports re-opened a solved moderation item). */
  statusReopened?(convId: number, from: 'pending' | 'solved', at: number): SlaHookResult;
  /** A moderation item was filed at `at` (its time_to_action clock starts). */
  filed?(convId: number, at: number): SlaHookResult;
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
  /** Moderation items filed, and existing ones whose state the platform changed. */
  moderationFiled: number;
  moderationUpdated: number;
  /** Messages marked deleted from the batch's deletions. */
  deleted: number;
};

const MAX_BODY = 1_000_000;
/** Members remembered between batches, per generation (two generations, ~100 bytes each). */
const MEMBER_CACHE = 100_000;
const profileKey = (username: string, name: string, avatar: string | null, staff: number) =>
  `${username}\u0000${name}\u0000${avatar ?? ''}\u0000${staff}`;

/** Structural checks the core applies to every item, whatever the connector said. */
export function validateItem(it: NormalizedItem): string | null {
  const ts = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 8.64e15;
  if (!it || typeof it !== 'object') return 'item is not an object';
  if (!it.conversation?.externalId) return 'conversation.externalId is missing';
  if (!it.message?.externalId) return 'message.externalId is missing';
  if (!it.member?.externalId) return 'member.externalId is missing';
  if (!ts(it.message.createdAt))
    return `message.createdAt is not a valid time (${String(it.message.createdAt)})`;
  if (!ts(it.conversation.createdAt))
    return `conversation.createdAt is not a valid time (${String(it.conversation.createdAt)})`;
  if (typeof it.message.bodyHtml !== 'string' || typeof it.message.bodyText !== 'string')
    return 'message body is not text';
  if (it.message.bodyHtml.length > MAX_BODY)
    return `message body is ${it.message.bodyHtml.length} characters (limit ${MAX_BODY})`;
  return null;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

const MAX_META_CHARS = 20_000;
const MAX_ATTACHMENTS = 50;
/** A connector's meta as stored JSON: a plain object, bounded; anything else is dropped. */
export function metaJson(meta: unknown): string | null {
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return null;
  let json: string;
  try {
    json = JSON.stringify(meta);
  } catch {
    return null;
  }
  return json && json !== '{}' && json.length <= MAX_META_CHARS ? json : null;
}
/** Attachments as metadata only: bounded, names without path separators, only http(s) links. */
export function attachmentsJson(list: unknown): string | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const out = [];
  for (const a of list.slice(0, MAX_ATTACHMENTS)) {
    if (!a || typeof a !== 'object') continue;
    const x = a as Record<string, unknown>;
    const name =
      typeof x.name === 'string'
        ? // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not carry
          x.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255)
        : 'attachment';
    const url =
      typeof x.url === 'string' && /^https?:\/\//i.test(x.url) && x.url.length <= 2000
        ? x.url
        : null;
    const size =
      typeof x.size === 'number' && Number.isSafeInteger(x.size) && x.size >= 0 ? x.size : null;
    const contentType = typeof x.contentType === 'string' ? x.contentType.slice(0, 100) : null;
    out.push({ name: name || 'attachment', contentType, size, url });
  }
  return out.length ? JSON.stringify(out) : null;
}
const MAX_REASONS = 20;
const cleanReasons = (r: unknown): string[] =>
  (Array.isArray(r) ? r : [])
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.slice(0, 300))
    .slice(0, MAX_REASONS);

export function createIngester(db: Db, hooks: IngestHooks, opts: { bus?: EventBus } = {}) {
  const r = createIngestRepo(db);
  // Shared rules live in their own repositories: marking a conversation replied, adopting our post, moderation.
  const conversations = createConversationsRepo(db);
  const messages = createMessagesRepo(db);
  const outbox = createOutboxRepo(db);
  const moderation = createModerationRepo(db);
  let members = new Map<string, { id: number; profile: string }>();
  let membersOld = new Map<string, { id: number; profile: string }>();

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
  function ingest(
    source: IngestSource,
    items: NormalizedItem[],
    rejected: RejectedItem[],
    now: number,
    deletions: readonly string[] = [],
  ): IngestResult {
    const res: IngestResult = {
      inserted: 0,
      edited: 0,
      duplicates: 0,
      quarantined: 0,
      conversationIds: [],
      slaErrors: 0,
      slaError: null,
      moderationFiled: 0,
      moderationUpdated: 0,
      deleted: 0,
    };
    const touched = new Set<number>();
    const adopted: Array<{ messageId: number; conversationId: number }> = [];
    // Oldest first, so a conversation's first message opens it and deadlines follow arrival order.
    const sorted = [...items].sort(
      (a, b) => (a.message?.createdAt ?? 0) - (b.message?.createdAt ?? 0),
    );

    const store = db.transaction(() => {
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
          ingestOne(source, it, touched, res, adopted, now);
        } catch (err) {
          // A constraint failure on one item must not lose the rest of the batch.
          quarantine(source.id, now, `could not store item: ${(err as Error).message}`, it);
          res.quarantined++;
        }
      }
      for (const id of (Array.isArray(deletions) ? deletions : []).slice(0, 10_000)) {
        if (typeof id !== 'string' || !id) continue;
        for (const row of r.msgMarkDeleted.all(source.id, id)) {
          touched.add(row.conversation_id);
          res.deleted++;
        }
      }
    });
    try {
      store();
    } catch (err) {
      // Rolled back (a full disk, a lost lock): members cached by this batch may not exist.
      members = new Map();
      membersOld = new Map();
      throw err;
    }
    res.conversationIds = [...touched];
    // After the commit: our own posts adopted from polling are delivered (the composer shows it).
    for (const a of adopted)
      opts.bus?.emit('outbox.changed', {
        messageId: a.messageId,
        conversationId: a.conversationId,
        state: 'sent',
        error: null,
      });
    if (res.moderationFiled || res.moderationUpdated || res.deleted)
      opts.bus?.emit('queue.changed', {
        reason: 'moderation',
        conversationIds: res.conversationIds,
      });
    return res;
  }

  function sla(res: IngestResult, outcome: SlaHookResult): void {
    if (typeof outcome !== 'string') return;
    res.slaErrors++;
    res.slaError ??= outcome;
  }

  /**
   * The member's row id, written only when the member is new or its profile changed. Recently seen
   * members are remembered in two generations (the older is dropped when the newer fills), which
   * spares the regulars even the lookup.
   */
  function memberIdOf(sourceId: number, m: NormalizedItem['member']): number {
    const key = `${sourceId}\u0000${m.externalId}`;
    const avatar = m.avatarUrl ?? null;
    const staff = m.isStaff ? 1 : 0;
    const profile = profileKey(m.username, m.displayName, avatar, staff);
    const cached = members.get(key) ?? membersOld.get(key);
    let id = cached?.id;
    let stored = cached?.profile;
    if (id === undefined) {
      const row = r.memberFind.get(sourceId, m.externalId);
      id =
        row?.id ??
        r.memberInsert.get(sourceId, m.externalId, m.username, m.displayName, avatar, staff)!.id;
      stored = row
        ? profileKey(row.username, row.display_name, row.avatar_url, row.is_staff)
        : profile;
    }
    if (stored !== profile) r.memberUpdate.run(m.username, m.displayName, avatar, staff, id);
    if (stored !== profile || !members.has(key)) {
      if (!members.has(key) && members.size >= MEMBER_CACHE) {
        membersOld = members;
        members = new Map();
      }
      members.set(key, { id, profile });
    }
    return id;
  }

  function ingestOne(
    source: IngestSource,
    it: NormalizedItem,
    touched: Set<number>,
    res: IngestResult,
    adopted: Array<{ messageId: number; conversationId: number }>,
    now: number,
  ): void {
    const m = it.member;
    const memberId = memberIdOf(source.id, m);
    const msg = it.message;
    const msgMeta = metaJson(msg.meta);
    const files = attachmentsJson(msg.attachments);
    const replyTo =
      typeof msg.replyToExternalId === 'string' && msg.replyToExternalId
        ? msg.replyToExternalId.slice(0, 200)
        : null;
    // Staff posts may be our own replies coming back: look before inserting. Member posts are
    // inserted directly (the unique index makes a repeat a no-op) and looked up only on conflict.
    const existing = m.isStaff ? r.msgFind.get(source.id, msg.externalId) : undefined;
    if (existing) {
      handleExisting(existing, msg, touched, res, it.moderation ? msgMeta : null);
      if (it.moderation) fileModeration(source, it, existing.id, memberId, touched, res, now);
      return;
    }

    const c = it.conversation;
    const convMeta = metaJson(c.meta);
    let conv = r.convFind.get(source.id, c.externalId);
    let isNew = false;
    // A message that was blocked or removed before anyone saw it (a filtered moderation item) in a
    // conversation it would open: nothing to answer, so the conversation is stored solved, with no
    // reply clock; the moderation item is the work. A later message re-opens it as usual.
    const quiet = !conv && !!it.moderation && msg.deleted && !m.isStaff;
    if (!conv) {
      const status = quiet ? 'solved' : 'new';
      const info = r.convInsert.run(
        source.clientId,
        source.id,
        c.externalId,
        c.kind,
        c.title,
        c.url,
        status,
        memberId,
        c.createdAt,
        msg.createdAt,
        null,
        NO_DUE,
        convMeta,
      );
      conv = {
        id: Number(info.lastInsertRowid),
        status,
        first_replied_at: null,
        first_reply_due_at: null,
        created_at: c.createdAt,
        member_id: memberId,
        due_at: NO_DUE,
        title: c.title,
        meta_json: convMeta,
        work_kind: 'support',
      };
      isNew = true;
    } else if (convMeta && convMeta !== conv.meta_json) {
      r.convMeta.run(convMeta, conv.id);
    }
    touched.add(conv.id);

    if (m.isStaff) {
      const internal = msg.meta?.internal === true;
      // Our own reply may come back through polling before the sender recorded its id.
      const match = internal ? null : outbox.pendingMatch(conv.id, norm(msg.bodyText));
      if (match) {
        messages.setDelivery(match.messageId, 'sent', null, msg.externalId);
        // Recorded as delivered with its follow-up done here (conversation and SLA just below).
        outbox.adoptPolled(match.outboxId, {
          externalId: msg.externalId,
          sentAt: msg.createdAt,
          now,
        });
        adopted.push({ messageId: match.messageId, conversationId: conv.id });
        conversations.markReplied(conv.id, msg.createdAt);
        sla(res, hooks.agentReply(conv.id, msg.createdAt));
        res.duplicates++;
        return;
      }
      const ins = r.msgInsert.run(
        conv.id,
        source.id,
        msg.externalId,
        internal ? 'note' : 'outbound',
        memberId,
        m.displayName || m.username,
        msg.bodyHtml,
        msg.bodyText,
        msg.createdAt,
        msg.editedAt,
        msg.version,
        msg.deleted ? 1 : 0,
        msgMeta,
        replyTo,
        files,
      );
      if (internal) {
        // An internal moderator note: visible to the team, never a reply to the member.
        r.convNote.run(msg.createdAt, conv.id);
      } else {
        // A reply made on the platform itself still answers the member.
        conversations.markReplied(conv.id, msg.createdAt);
        if (!isNew) sla(res, hooks.agentReply(conv.id, msg.createdAt));
      }
      res.inserted++;
      if (it.moderation)
        fileModeration(source, it, Number(ins.lastInsertRowid), memberId, touched, res, now);
      return;
    }

    const ins = r.msgInsertIgnore.run(
      conv.id,
      source.id,
      msg.externalId,
      'inbound',
      memberId,
      m.displayName || m.username,
      msg.bodyHtml,
      msg.bodyText,
      msg.createdAt,
      msg.editedAt,
      msg.version,
      msg.deleted ? 1 : 0,
      msgMeta,
      replyTo,
      files,
    );
    if (ins.changes === 0) {
      const ex = r.msgFind.get(source.id, msg.externalId)!;
      handleExisting(ex, msg, touched, res, it.moderation ? msgMeta : null);
      if (it.moderation) fileModeration(source, it, ex.id, memberId, touched, res, now);
      return;
    }
    const messageId = Number(ins.lastInsertRowid);
    const reopened = conv.status === 'solved' || conv.status === 'pending';
    // A new title from the platform (a renamed topic, a new mail subject) comes with the message.
    const retitle = c.title && c.title !== conv.title ? c.title : null;
    r.convInbound.run(msg.createdAt, msg.createdAt, msg.bodyText.slice(0, 160), retitle, conv.id);
    res.inserted++;
    if (it.moderation) fileModeration(source, it, messageId, memberId, touched, res, now);
    if (quiet) return;
    if (reopened && !isNew) {
      r.convReopenLog.run({ id: conv.id, at: msg.createdAt });
      r.convReopen.run(conv.id);
    }
    if (isNew) sla(res, hooks.opened(conv.id, msg.createdAt));
    else {
      if (reopened)
        sla(
          res,
          hooks.statusReopened?.(conv.id, conv.status as 'pending' | 'solved', msg.createdAt),
        );
      // Before any agent reply, further member messages change no clock (first reply is running).
      if (reopened || conv.first_replied_at != null)
        sla(res, hooks.memberMessage(conv.id, msg.createdAt, reopened));
    }
  }

  /**
   * Files the moderation item of a message, or updates it when the platform's state, reasons or
   * report count changed — also when the message itself is unchanged (a re-delivery with new
   * reports). New reports on an item that was solved re-open it (a new time_to_action cycle).
   */
  function fileModeration(
    source: IngestSource,
    it: NormalizedItem,
    messageId: number,
    memberId: number,
    touched: Set<number>,
    res: IngestResult,
    now: number,
  ): void {
    const mod = it.moderation!;
    const state = (['reported', 'flagged', 'filtered', 'held'] as const).includes(mod.state)
      ? mod.state
      : 'flagged';
    const reasons = cleanReasons(mod.reasons);
    const count =
      Number.isSafeInteger(mod.reportCount) && mod.reportCount >= 0
        ? Math.min(mod.reportCount, 1_000_000)
        : 0;
    const found = moderation.itemByMessage(source.id, it.message.externalId);
    if (!found) {
      const title = (it.conversation.title || it.message.bodyText || it.message.externalId).slice(
        0,
        300,
      );
      const convId = moderation.file({
        clientId: source.clientId,
        sourceId: source.id,
        platformKind: it.conversation.kind,
        messageId,
        messageExternalId: it.message.externalId,
        title,
        url: it.message.url ?? it.conversation.url,
        memberId,
        messageAt: it.message.createdAt,
        snippet: it.message.bodyText.slice(0, 160),
        state,
        reasons,
        reportCount: count,
        now,
      });
      touched.add(convId);
      sla(res, hooks.filed?.(convId, now));
      res.moderationFiled++;
      return;
    }
    const sameReasons = found.reasons_json === JSON.stringify(reasons);
    if (
      found.state === state &&
      sameReasons &&
      found.report_count === count &&
      found.message_id != null
    )
      return;
    moderation.update(found.id, { state, reasons, reportCount: count, messageId, now });
    touched.add(found.conversation_id);
    res.moderationUpdated++;
    const conv = conversations.raw(found.conversation_id);
    // More reports (or a new state) on an item already dealt with: it is work again.
    if (conv?.status === 'solved' && (count > found.report_count || found.state !== state)) {
      conversations.setStatus(conv.id, 'open', now, null);
      moderation.resetActioned(found.id);
      sla(res, hooks.statusReopened?.(conv.id, 'solved', now));
    }
  }

  function handleExisting(
    existing: ExistingMessage,
    msg: NormalizedItem['message'],
    touched: Set<number>,
    res: IngestResult,
    mergeMeta: string | null = null,
  ): void {
    // A moderation item for a stored message (e.g. a flag that reuses the message's id) brings meta
    // the moderation actions need: merged over what the message already had.
    if (mergeMeta) {
      const merged = metaJson({
        ...parseJson<Record<string, unknown>>(existing.meta_json, {}),
        ...parseJson<Record<string, unknown>>(mergeMeta, {}),
      });
      if (merged && merged !== existing.meta_json) r.msgMeta.run(merged, existing.id);
    }
    const changed =
      msg.version > existing.version ||
      (msg.version === existing.version && msg.bodyHtml !== existing.body_html && msg.deleted);
    if (changed) {
      r.msgRevision.run(
        existing.id,
        existing.version,
        existing.body_html,
        existing.body_text,
        msg.editedAt ?? msg.createdAt,
      );
      r.msgEdit.run(
        msg.bodyHtml,
        msg.bodyText,
        msg.editedAt ?? msg.createdAt,
        Math.max(msg.version, existing.version),
        msg.deleted ? 1 : 0,
        existing.id,
      );
      touched.add(existing.conversation_id);
      res.edited++;
    } else {
      res.duplicates++;
    }
  }

  /** Forget cached member ids (a source was removed; SQLite may reuse its id). */
  const resetCache = () => {
    members = new Map();
    membersOld = new Map();
  };

  return { ingest, quarantine, resetCache };
}
export type Ingester = ReturnType<typeof createIngester>;
