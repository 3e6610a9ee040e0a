// tests/renderer: an in-memory core behind the Transport interface (the contract's shapes).
import type { Conversation, QueueRow } from '../../shared/domain/entities';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Transport } from '../../renderer/api/transport';

export type Call = { method: string; input: Record<string, unknown> };

export function fakeTransport(n = 30) {
  const calls: Call[] = [];
  const listeners = new Set<(e: CoreEvent) => void>();
  const now = Date.now();
  const convs: Conversation[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1, clientId: 1 + (i % 2), sourceId: 1, externalId: String(100 + i), title: `Question ${i + 1}`, url: null,
    status: 'new', priority: 'normal', assigneeId: null, memberId: 1, createdAt: new Date(now - 3600_000).toISOString(),
    lastMessageAt: new Date(now - 600_000).toISOString(), firstReplyDueAt: new Date(now + (i + 1) * 600_000).toISOString(), firstRepliedAt: null, messageCount: 1,
  }));
  const row = (c: Conversation): QueueRow => ({ ...c, clientName: c.clientId === 1 ? 'Northwind' : 'Pixel Forge', clientColor: '#2563eb', clientTimezone: 'Europe/Copenhagen', platform: 'discourse', memberName: 'Maria', assigneeName: null, dueAt: c.firstReplyDueAt, snippet: '' });
  const drafts = new Map<number, string>();
  const handlers: Record<string, (i: Record<string, unknown>) => unknown> = {
    'app.info': () => ({ version: '0.1.0', mode: 'browser', dataDir: '/tmp', demo: true, agent: { id: 1, name: 'You' } }),
    'clients.list': () => [{ id: 1, name: 'Northwind', color: '#2563eb', timezone: 'Europe/Copenhagen', firstReplyMinutes: 120, briefing: 'Never give financial advice.', isDemo: true }],
    'agents.list': () => [{ id: 1, name: 'You' }],
    'queue.counts': () => ({ open: convs.length, breached: 0, mine: 0 }),
    'queue.list': (i) => {
      const list = convs.filter((c) => c.status !== 'solved');
      const offset = Number(i.offset ?? 0), limit = Number(i.limit ?? 100);
      return { total: list.length, offset, rows: list.slice(offset, offset + limit).map(row) };
    },
    'conversations.get': (i) => {
      const c = convs.find((x) => x.id === i.id)!;
      return {
        conversation: c,
        client: { id: 1, name: 'Northwind', color: '#2563eb', timezone: 'Europe/Copenhagen', firstReplyMinutes: 120, briefing: 'Never give financial advice.', isDemo: true },
        source: { id: 1, clientId: 1, platform: 'discourse', name: 'F', baseUrl: 'http://x', config: {}, hasSecret: true, enabled: true, health: { status: 'ok', lastSyncAt: null, lastError: null, consecutiveFailures: 0, nextAttemptAt: null, quarantined: 0 } },
        member: { id: 1, sourceId: 1, externalId: 'm', username: 'maria', displayName: 'Maria', avatarUrl: null },
        messages: [{ id: c.id * 10, conversationId: c.id, externalId: 'p', direction: 'inbound', authorName: 'Maria', bodyHtml: `<p>Body of ${c.title}</p><img src="https://tracker.example/p.gif"><script>window.__pwned=1</script>`, bodyText: 'x', createdAt: c.createdAt, editedAt: null, version: 1, deliveryState: null, deliveryError: null }],
        draft: drafts.get(c.id) ?? '',
      };
    },
    'conversations.setStatus': (i) => {
      const c = convs.find((x) => x.id === i.id)!;
      c.status = i.status as Conversation['status'];
      return c;
    },
    'conversations.assign': (i) => {
      const c = convs.find((x) => x.id === i.id)!;
      c.assigneeId = i.assigneeId as number | null;
      return c;
    },
    'drafts.save': (i) => {
      drafts.set(i.conversationId as number, i.body as string);
      return { savedAt: new Date().toISOString() };
    },
    'replies.send': (i) => ({ id: 999, conversationId: i.conversationId, externalId: null, direction: 'outbound', authorName: 'You', bodyHtml: `<p>${String(i.body)}</p>`, bodyText: String(i.body), createdAt: new Date().toISOString(), editedAt: null, version: 1, deliveryState: 'queued', deliveryError: null }),
    'sla.clocks': () => [],
  };
  const transport: Transport = {
    kind: 'http',
    async invoke(method, input) {
      calls.push({ method, input: (input ?? {}) as Record<string, unknown> });
      const h = handlers[method];
      if (!h) return { ok: false, error: { code: 'unknown_method', message: method } };
      return { ok: true, value: h((input ?? {}) as Record<string, unknown>) };
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { transport, calls, convs, drafts, emit: (e: CoreEvent) => listeners.forEach((l) => l(e)) };
}
