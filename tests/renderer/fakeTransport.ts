// tests/renderer: an in-memory core behind the Transport interface, in the contract's shapes.
// Records every call; `emit` pushes core events as the real transports would.
import type {
  Client,
  Conversation,
  Message,
  QueueRow,
  SourceCapabilities,
} from '../../shared/domain/entities';
import type {
  ConnectorInfo,
  ConversationDetail,
  CoreEvent,
  Method,
  SourceWithSecrets,
} from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { Transport } from '../../renderer/api/transport';

export type Call = { method: string; input: Record<string, unknown> };

const CLIENTS: Client[] = [
  {
    id: 1,
    name: 'Northwind',
    color: '#2563eb',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
    briefing: 'Never give financial advice.',
    isDemo: true,
  },
  {
    id: 2,
    name: 'Pixel Forge',
    color: '#dc2626',
    timezone: 'America/New_York',
    firstReplyMinutes: 60,
    briefing: 'Gamers: keep it casual.',
    isDemo: true,
  },
];

/** A made-up platform whose declared fields cover every kind the generated form renders. */
const L = (en: string) => ({ en, da: `${en} (da)`, ru: `${en} (ru)` });
export const CONNECTORS: ConnectorInfo[] = [
  {
    platform: 'forumly',
    label: { en: 'Forumly', da: 'Forumly DK', ru: 'Форумли' },
    capabilities: {
      reply: true,
      platformNotes: false,
      moderation: [],
      push: false,
      replyFormat: 'markdown',
      maxReplyLength: 500,
    },
    fields: [
      {
        key: 'mode',
        kind: 'select',
        required: true,
        label: L('Sign-in'),
        options: [
          { value: 'token', label: L('Token') },
          { value: 'none', label: L('Anonymous') },
        ],
      },
      {
        key: 'account',
        kind: 'text',
        required: true,
        label: L('Account'),
        help: L('The account replies are posted as.'),
      },
      {
        key: 'token',
        kind: 'secret',
        required: true,
        label: L('Token'),
        when: { key: 'mode', in: ['token'] },
      },
      { key: 'boards', kind: 'list', required: false, label: L('Boards') },
      { key: 'pages', kind: 'number', required: false, label: L('Pages per poll') },
      { key: 'drafts', kind: 'boolean', required: false, label: L('Import drafts') },
    ],
  },
  {
    platform: 'discourse',
    label: { en: 'Discourse', da: 'Discourse', ru: 'Discourse' },
    capabilities: {
      reply: true,
      platformNotes: false,
      moderation: [],
      push: false,
      replyFormat: 'markdown',
      maxReplyLength: 32000,
    },
    fields: [
      { key: 'apiUsername', kind: 'text', required: true, label: L('API username') },
      { key: 'apiKey', kind: 'secret', required: true, label: L('API key') },
    ],
  },
  {
    platform: 'chatly',
    label: L('Chatly'),
    capabilities: {
      reply: false,
      platformNotes: false,
      moderation: [],
      push: true,
      replyFormat: 'text',
      maxReplyLength: 0,
    },
    fields: [],
  },
];

export function fakeTransport(
  n = 30,
  opts: {
    kind?: Transport['kind'];
    capabilities?: Partial<SourceCapabilities>;
    /** Answers of these methods wait for the promise (to see the UI before they arrive). */
    hold?: Partial<Record<Method, Promise<void>>>;
  } = {},
) {
  const calls: Call[] = [];
  const listeners = new Set<(e: CoreEvent) => void>();
  const now = Date.now();
  const convs: Conversation[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    clientId: 1 + (i % 2),
    sourceId: 1,
    externalId: String(100 + i),
    kind: 'support',
    title: `Question ${i + 1}`,
    url: null,
    status: 'new',
    priority: 'normal',
    assigneeId: null,
    memberId: 1,
    createdAt: new Date(now - 3600_000).toISOString(),
    lastMessageAt: new Date(now - 600_000).toISOString(),
    firstReplyDueAt: new Date(now + (i + 1) * 600_000).toISOString(),
    firstRepliedAt: null,
    messageCount: 1,
    tags: [],
  }));
  const client = (id: number) => CLIENTS.find((c) => c.id === id)!;
  const row = (c: Conversation): QueueRow => ({
    ...c,
    clientName: client(c.clientId).name,
    clientColor: client(c.clientId).color,
    clientTimezone: client(c.clientId).timezone,
    platform: 'discourse',
    memberName: 'Maria',
    assigneeName: c.assigneeId ? 'You' : null,
    dueAt: c.firstReplyDueAt,
    snippet: '',
  });
  const source: SourceWithSecrets = {
    id: 1,
    clientId: 1,
    platform: 'discourse',
    name: 'Northwind Forum',
    baseUrl: 'https://forum.northwind.example',
    config: { apiUsername: 'bot' },
    hasSecret: true,
    enabled: true,
    platformLabel: { en: 'Discourse', da: 'Discourse', ru: 'Discourse' },
    capabilities: {
      reply: true,
      platformNotes: false,
      moderation: [],
      push: false,
      replyFormat: 'markdown',
      maxReplyLength: 32000,
      ...opts.capabilities,
    },
    health: {
      status: 'degraded',
      lastSyncAt: new Date(now - 60_000).toISOString(),
      lastError: '[rate_limited] HTTP 429 from /latest.json',
      consecutiveFailures: 2,
      nextAttemptAt: null,
      quarantined: 1,
    },
    secretsSet: ['apiKey'],
  };
  const sources: SourceWithSecrets[] = [source];
  const drafts = new Map<number, string>();
  /** Extra messages per conversation (replies, notes) after the first inbound one. */
  const extra = new Map<number, Message[]>();
  let msgSeq = 10_000;
  const message = (conversationId: number, m: Partial<Message>): Message => ({
    id: ++msgSeq,
    conversationId,
    externalId: null,
    direction: 'outbound',
    authorName: 'You',
    bodyHtml: '',
    bodyText: '',
    createdAt: new Date().toISOString(),
    editedAt: null,
    version: 1,
    deliveryState: null,
    deliveryError: null,
    replyToExternalId: null,
    attachments: [],
    ...m,
  });
  const find = (id: unknown) => {
    const c = convs.find((x) => x.id === id);
    if (!c)
      throw Object.assign(new Error(`conversation ${String(id)} not found`), { code: 'not_found' });
    return c;
  };

  const handlers: Partial<Record<Method, (i: Record<string, unknown>) => unknown>> = {
    'app.info': () => ({
      version: '0.1.0',
      mode: 'browser',
      dataDir: '/tmp',
      demo: true,
      recovery: null,
      agent: { id: 1, name: 'You', email: 'you@example.test' },
    }),
    'clients.list': () => CLIENTS,
    'clients.update': (i) => Object.assign(client(i.id as number), i),
    'agents.list': () => [
      { id: 1, name: 'You', email: 'you@example.test' },
      { id: 2, name: 'Sam', email: null },
    ],
    'sources.list': () => sources,
    'sources.quarantine': () => [
      {
        id: 1,
        sourceId: 1,
        receivedAt: new Date(now - 120_000).toISOString(),
        reason: 'post.cooked missing',
        payload: '{"id":7}',
      },
    ],
    'sources.connectors': () => CONNECTORS,
    'sources.add': (i) => {
      const c = CONNECTORS.find((x) => x.platform === i.platform)!;
      const s: SourceWithSecrets = {
        ...source,
        id: sources.length + 1,
        clientId: i.clientId as number,
        platform: c.platform,
        platformLabel: c.label,
        capabilities: c.capabilities,
        name: i.name as string,
        baseUrl: i.baseUrl as string,
        config: i.config as Record<string, unknown>,
        secretsSet: Object.keys(i.secrets as object),
        health: { ...source.health, status: 'ok', lastError: null, quarantined: 0 },
      };
      sources.push(s);
      return s;
    },
    'sources.update': (i) => {
      const s = sources.find((x) => x.id === i.id)!;
      return Object.assign(s, {
        name: i.name ?? s.name,
        baseUrl: i.baseUrl ?? s.baseUrl,
        config: i.config ?? s.config,
        secretsSet: [
          ...new Set([...s.secretsSet, ...Object.keys((i.secrets as object | undefined) ?? {})]),
        ],
      });
    },
    // "Test connection" of the fake platform: the token "good-token" works, anything else is refused.
    'sources.test': (i) => {
      const secrets = (i.secrets as Record<string, string> | undefined) ?? {};
      const token = secrets.token ?? ('id' in i ? 'good-token' : undefined);
      return token === 'good-token'
        ? { ok: true, account: 'steward-bot' }
        : { ok: false, reason: 'auth', message: 'HTTP 401' };
    },
    'sources.remove': (i) => {
      sources.splice(
        sources.findIndex((x) => x.id === i.id),
        1,
      );
      return { ok: true };
    },
    'queue.counts': () => ({
      open: convs.filter((c) => c.status !== 'solved').length,
      breached: 0,
      mine: 0,
    }),
    'queue.list': (i) => {
      let list = convs.filter((c) => c.status !== 'solved');
      if (Array.isArray(i.clientIds))
        list = list.filter((c) => (i.clientIds as number[]).includes(c.clientId));
      if (typeof i.search === 'string')
        list = list.filter((c) => c.title.includes(i.search as string));
      const offset = Number(i.offset ?? 0);
      const limit = Number(i.limit ?? 100);
      const rows = list.slice(offset, offset + limit).map(row);
      // As the core answers a common word: the page first, a lower bound as its total.
      if (typeof i.search === 'string' && list.length > offset + limit)
        return { total: offset + limit + 1, partialTotal: true, offset, rows };
      return { total: list.length, offset, rows };
    },
    'queue.count': (i) => {
      let list = convs.filter((c) => c.status !== 'solved');
      if (typeof i.search === 'string')
        list = list.filter((c) => c.title.includes(i.search as string));
      return { total: list.length };
    },
    'conversations.get': (i): ConversationDetail => {
      const c = find(i.id);
      return {
        conversation: c,
        client: client(c.clientId),
        source,
        member: {
          id: 1,
          sourceId: 1,
          externalId: 'm',
          username: 'maria',
          displayName: 'Maria',
          avatarUrl: null,
        },
        messages: [
          {
            id: c.id * 10,
            conversationId: c.id,
            externalId: 'p',
            direction: 'inbound',
            authorName: 'Maria',
            bodyHtml: `<p>Body of ${c.title}</p><img src="https://tracker.example/p.gif" onerror="window.__pwned=1"><script>window.__pwned=1</script>`,
            bodyText: 'x',
            createdAt: c.createdAt,
            editedAt: null,
            version: 1,
            deliveryState: null,
            deliveryError: null,
            replyToExternalId: null,
            attachments: [],
          },
          ...(extra.get(c.id) ?? []),
        ],
        draft: drafts.get(c.id) ?? '',
        moderation: null,
      };
    },
    'conversations.setStatus': (i) => Object.assign(find(i.id), { status: i.status }),
    'conversations.setPriority': (i) => Object.assign(find(i.id), { priority: i.priority }),
    'conversations.assign': (i) => Object.assign(find(i.id), { assigneeId: i.assigneeId }),
    'drafts.save': (i) => {
      drafts.set(i.conversationId as number, i.body as string);
      return { savedAt: new Date().toISOString() };
    },
    'replies.send': (i) => {
      const m = message(i.conversationId as number, {
        bodyHtml: `<p>${String(i.body)}</p>`,
        bodyText: String(i.body),
        deliveryState: 'queued',
      });
      extra.set(m.conversationId, [...(extra.get(m.conversationId) ?? []), m]);
      drafts.delete(m.conversationId);
      if (i.thenStatus) find(i.conversationId).status = i.thenStatus as Conversation['status'];
      return m;
    },
    'replies.retry': (i) => {
      for (const list of extra.values()) {
        const m = list.find((x) => x.id === i.messageId);
        if (m) return Object.assign(m, { deliveryState: 'queued', deliveryError: null });
      }
      throw new Error('not found');
    },
    'notes.add': (i) => {
      const m = message(i.conversationId as number, {
        direction: 'note',
        bodyHtml: `<p>${String(i.body)}</p>`,
        bodyText: String(i.body),
      });
      extra.set(m.conversationId, [...(extra.get(m.conversationId) ?? []), m]);
      return m;
    },
    'sla.clocks': () => [],
    'sla.board': () => [],
    'sla.policies': () => [],
    'sla.getSchedule': () => ({ schedule: {}, isDefault: true }),
    'sla.preview': () => [],
    'sla.report': () => [],
  };

  const transport: Transport = {
    kind: opts.kind ?? 'http',
    async invoke(method, input): Promise<Result<unknown>> {
      const i = (input ?? {}) as Record<string, unknown>;
      calls.push({ method, input: i });
      await opts.hold?.[method as Method];
      const h = handlers[method as Method];
      if (!h) return { ok: false, error: { code: 'unknown_method', message: method } };
      try {
        return { ok: true, value: structuredClone(h(i)) };
      } catch (e) {
        return { ok: false, error: { code: 'not_found', message: (e as Error).message } };
      }
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    transport,
    calls,
    convs,
    drafts,
    extra,
    message,
    callsTo: (method: Method) => calls.filter((c) => c.method === method),
    emit: (e: CoreEvent) => listeners.forEach((l) => l(e)),
  };
}
