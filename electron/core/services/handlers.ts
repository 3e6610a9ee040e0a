// electron/core/services: the implementation of every contract method (validated input in,
// domain objects out). The dispatcher in shared/ipc/dispatch.ts wraps these.
import { randomUUID } from 'node:crypto';
import type { CoreHandlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import { durable, type Db } from '../db/open';
import { createAgentsRepo, createClientsRepo } from '../db/repositories/clientsRepo';
import { createConversationsRepo, toFtsQuery } from '../db/repositories/conversationsRepo';
import { createMessagesRepo } from '../db/repositories/messagesRepo';
import { createAuditRepo, createDraftsRepo, createQuarantineRepo } from '../db/repositories/miscRepo';
import { createOutboxRepo } from '../db/repositories/outboxRepo';
import { createSourcesRepo } from '../db/repositories/sourcesRepo';
import type { SlaEngine } from '../sla/engine';
import { applySlaChange, createSlaHandlers } from './slaHandlers';
import type { Clock, SecretStore } from '../ports';
import type { EventBus } from './events';
import type { OutboxSender } from './outbox';
import type { SyncScheduler } from './sync';

export type Repos = ReturnType<typeof createRepos>;
export function createRepos(db: Db) {
  return {
    clients: createClientsRepo(db),
    agents: createAgentsRepo(db),
    sources: createSourcesRepo(db),
    conversations: createConversationsRepo(db),
    messages: createMessagesRepo(db),
    outbox: createOutboxRepo(db),
    drafts: createDraftsRepo(db),
    audit: createAuditRepo(db),
    quarantine: createQuarantineRepo(db),
  };
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Plain text typed by an agent -> the HTML shown in our own thread view. */
export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export type HandlerDeps = {
  db: Db;
  repos: Repos;
  clock: Clock;
  bus: EventBus;
  secrets: SecretStore;
  sla: SlaEngine;
  sync: SyncScheduler;
  outbox: OutboxSender;
  info: () => { version: string; mode: 'desktop' | 'browser' | 'test'; dataDir: string; demo: boolean };
  selfId: () => number;
  /** Called after a source and its data were deleted. */
  onSourceRemoved?: (id: number) => void;
};

// SLA updates from an agent's action run through sla.guarded: clocks that cannot be computed flag the
// conversation (sla_error) instead of refusing a status, priority or tag change.
export function createHandlers(d: HandlerDeps): CoreHandlers {
  const { db, repos: r, clock, bus } = d;
  const actor = () => r.agents.get(d.selfId())?.name ?? 'agent';

  const mustConversation = (id: number) => {
    const c = r.conversations.get(id);
    if (!c) throw new AppError('not_found', `Conversation ${id} not found`);
    return c;
  };

  const changed = (id: number, reason: string) => {
    bus.emit('conversation.changed', { id });
    bus.emit('queue.changed', { reason, conversationIds: [id] });
  };

  return {
    ...createSlaHandlers({ db, repos: r, sla: d.sla, clock, bus, actor }),
    'app.info': () => {
      const self = r.agents.get(d.selfId())!;
      return { ...d.info(), agent: self };
    },
    'clients.list': () => r.clients.list(),
    'clients.create': (input) => {
      if (!isValidTimeZone(input.timezone)) throw new AppError('invalid_input', `timezone: unknown IANA time zone "${input.timezone}"`);
      return durable(db, () => {
        const c = r.clients.insert({ ...input, isDemo: false }, clock.now());
        r.audit.add({ at: clock.now(), actor: actor(), action: 'client.create', entity: 'client', entityId: c.id, data: { name: c.name } });
        return c;
      });
    },
    'clients.update': ({ id, ...patch }) => {
      if (patch.timezone !== undefined && !isValidTimeZone(patch.timezone)) throw new AppError('invalid_input', `timezone: unknown IANA time zone "${patch.timezone}"`);
      if (!r.clients.get(id)) throw new AppError('not_found', `Client ${id} not found`);
      const write = () => {
        r.clients.update(id, patch);
        r.audit.add({ at: clock.now(), actor: actor(), action: 'client.update', entity: 'client', entityId: id, data: { fields: Object.keys(patch) } });
      };
      // The first-reply target and the time zone (of the default schedule) are SLA settings:
      // validated against the open conversations and applied with their re-targeting, or refused.
      if (patch.firstReplyMinutes !== undefined || patch.timezone !== undefined) {
        applySlaChange({ db, sla: d.sla, clock, bus, clients: r.clients }, id, patch.firstReplyMinutes !== undefined ? 'firstReplyMinutes' : 'timezone', write);
      } else {
        durable(db, write);
      }
      return r.clients.get(id)!;
    },
    'agents.list': () => r.agents.list(),
    'sources.list': () => r.sources.list(),
    'sources.addDiscourse': (input) => {
      if (!r.clients.get(input.clientId)) throw new AppError('not_found', `Client ${input.clientId} not found`);
      const ref = `source-key:${randomUUID()}`;
      d.secrets.set(ref, input.apiKey);
      const src = durable(db, () => {
        const s = r.sources.insert(
          { clientId: input.clientId, platform: 'discourse', name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''), config: { apiUsername: input.apiUsername }, secretRef: ref },
          clock.now(),
        );
        r.audit.add({ at: clock.now(), actor: actor(), action: 'source.add', entity: 'source', entityId: s.id, data: { platform: 'discourse', baseUrl: s.baseUrl } });
        return s;
      });
      d.sync.add(src.id);
      bus.emit('sources.changed', { sourceId: src.id });
      return src;
    },
    'sources.remove': ({ id }) => {
      const rec = r.sources.record(id);
      if (!rec) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.remove(id);
      durable(db, () => {
        r.sources.remove(id);
        r.audit.add({ at: clock.now(), actor: actor(), action: 'source.remove', entity: 'source', entityId: id, data: { name: rec.name } });
      });
      if (rec.secretRef) d.secrets.delete(rec.secretRef);
      d.onSourceRemoved?.(id);
      bus.emit('sources.changed', { sourceId: id });
      bus.emit('queue.changed', { reason: 'source-removed' });
      return { ok: true as const };
    },
    'sources.syncNow': ({ id }) => {
      if (!r.sources.get(id)) throw new AppError('not_found', `Source ${id} not found`);
      d.sync.syncNow(id);
      return { ok: true as const };
    },
    'sources.quarantine': ({ sourceId, limit }) => r.quarantine.list(sourceId, limit),
    'queue.list': (q) => {
      const match = q.search ? toFtsQuery(q.search) : undefined;
      if (q.search && !match) return { total: 0, offset: q.offset, rows: [] };
      const page = r.conversations.queue({
        clientIds: q.clientIds,
        statuses: q.statuses,
        assignee: q.assignee,
        selfId: d.selfId(),
        match,
        offset: q.offset,
        limit: q.limit,
      });
      return { total: page.total, offset: q.offset, rows: page.rows };
    },
    'queue.counts': () => r.conversations.counts(d.selfId(), clock.now()),
    'conversations.get': ({ id }) => {
      const conversation = mustConversation(id);
      const client = r.clients.get(conversation.clientId)!;
      const source = r.sources.get(conversation.sourceId)!;
      return {
        conversation,
        client,
        source,
        member: conversation.memberId ? r.conversations.member(conversation.memberId) : null,
        messages: r.messages.forConversation(id),
        draft: r.drafts.get(id),
      };
    },
    'conversations.setStatus': ({ id, status }) => {
      const before = mustConversation(id);
      durable(db, () => {
        r.conversations.setStatus(id, status);
        d.sla.guarded(id, () => d.sla.statusChanged(id, before.status, status, clock.now()));
        r.audit.add({ at: clock.now(), actor: actor(), action: 'conversation.status', entity: 'conversation', entityId: id, data: { from: before.status, to: status } });
      });
      changed(id, 'status');
      return mustConversation(id);
    },
    'conversations.setPriority': ({ id, priority }) => {
      const before = mustConversation(id);
      durable(db, () => {
        r.conversations.setPriority(id, priority);
        d.sla.guarded(id, () => d.sla.retarget(id, clock.now()));
        r.audit.add({ at: clock.now(), actor: actor(), action: 'conversation.priority', entity: 'conversation', entityId: id, data: { from: before.priority, to: priority } });
      });
      changed(id, 'priority');
      return mustConversation(id);
    },
    'conversations.setTags': ({ id, tags }) => {
      const before = mustConversation(id);
      const next = [...new Set(tags.map((t) => t.toLowerCase()))].sort();
      durable(db, () => {
        r.conversations.setTags(id, next);
        // Tags can change which SLA policy applies.
        d.sla.guarded(id, () => d.sla.retarget(id, clock.now()));
        r.audit.add({ at: clock.now(), actor: actor(), action: 'conversation.tags', entity: 'conversation', entityId: id, data: { from: before.tags, to: next } });
      });
      changed(id, 'tags');
      return mustConversation(id);
    },
    'conversations.assign': ({ id, assigneeId }) => {
      const before = mustConversation(id);
      if (assigneeId != null && !r.agents.get(assigneeId)) throw new AppError('not_found', `Agent ${assigneeId} not found`);
      durable(db, () => {
        r.conversations.assign(id, assigneeId);
        r.audit.add({ at: clock.now(), actor: actor(), action: 'conversation.assign', entity: 'conversation', entityId: id, data: { from: before.assigneeId, to: assigneeId } });
      });
      changed(id, 'assign');
      return mustConversation(id);
    },
    'drafts.save': ({ conversationId, body }) => {
      mustConversation(conversationId);
      const now = clock.now();
      durable(db, () => r.drafts.save(conversationId, body, now));
      return { savedAt: new Date(now).toISOString() };
    },
    'replies.send': ({ conversationId, body, idempotencyKey, thenStatus }) => {
      const conv = mustConversation(conversationId);
      const existing = r.outbox.byKey(idempotencyKey);
      if (existing) return r.messages.get(existing.message_id)!; // a retried Send: same reply, not a second
      const now = clock.now();
      const messageId = durable(db, () => {
        const mid = r.messages.insertLocal({ conversationId, sourceId: conv.sourceId, direction: 'outbound', authorName: actor(), body, bodyHtml: textToHtml(body), at: now, deliveryState: 'queued' });
        r.outbox.insert({ messageId: mid, conversationId, sourceId: conv.sourceId, idempotencyKey, body, replyToExternalId: null, now });
        r.drafts.save(conversationId, '', now);
        if (thenStatus && thenStatus !== conv.status) {
          r.conversations.setStatus(conversationId, thenStatus);
          d.sla.guarded(conversationId, () => d.sla.statusChanged(conversationId, conv.status, thenStatus, now));
        }
        r.audit.add({ at: now, actor: actor(), action: 'reply.queue', entity: 'conversation', entityId: conversationId, data: { messageId: mid, thenStatus: thenStatus ?? null } });
        return mid;
      });
      const queued = r.messages.get(messageId)!;
      d.outbox.kick();
      changed(conversationId, 'reply-queued');
      return queued;
    },
    'replies.retry': ({ messageId }) => {
      const row = r.outbox.byMessage(messageId);
      if (!row) throw new AppError('not_found', `No outbound reply ${messageId}`);
      if (row.state !== 'failed') throw new AppError('conflict', `Reply ${messageId} is ${row.state}, not failed`);
      durable(db, () => {
        // Reconcile before resending: a "failed" attempt may still have reached the platform.
        r.outbox.setState(row.id, 'unknown', { now: clock.now(), nextAttemptAt: clock.now(), error: null });
        r.messages.setDelivery(messageId, 'unknown', null);
        r.audit.add({ at: clock.now(), actor: actor(), action: 'reply.retry', entity: 'conversation', entityId: row.conversation_id, data: { messageId } });
      });
      const msg = r.messages.get(messageId)!;
      d.outbox.kick();
      changed(row.conversation_id, 'reply-retry');
      return msg;
    },
    'notes.add': ({ conversationId, body }) => {
      const conv = mustConversation(conversationId);
      const now = clock.now();
      const id = durable(db, () => {
        const mid = r.messages.insertLocal({ conversationId, sourceId: conv.sourceId, direction: 'note', authorName: actor(), body, bodyHtml: textToHtml(body), at: now, deliveryState: null });
        r.audit.add({ at: now, actor: actor(), action: 'note.add', entity: 'conversation', entityId: conversationId, data: { messageId: mid } });
        return mid;
      });
      changed(conversationId, 'note');
      return r.messages.get(id)!;
    },
    'audit.list': (f) => r.audit.list(f),
  };
}
