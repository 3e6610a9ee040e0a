// electron/demo/simulators/discord: a local Discord (one server "guild", its channels, threads,
// members and a bot user) speaking Discord's real wire format, for the demo and the tests.
//   - Gateway over WebSocket (`ws`): HELLO with heartbeat_interval, heartbeat -> ACK, IDENTIFY ->
//     READY (session_id, resume_gateway_url) + GUILD_CREATE, RESUME -> replay of the dispatches the
//     session missed + RESUMED, INVALID_SESSION, op 7 RECONNECT, close codes (4004 bad token, 4014
//     disallowed intents, 4007 bad seq…), sequence numbers, intent filtering (no MESSAGE_CONTENT
//     intent = empty content, as on Discord).
//   - REST under /api/v10: gateway/bot, users/@me, guild channels and active threads, channel
//     messages GET (after/before/limit, newest first) and POST (2,000 characters, nonce +
//     enforce_nonce: the same nonce from the same author returns the first message), message DELETE,
//     member PATCH (timeout), bans PUT/DELETE, thread PATCH (lock), reactions; `Authorization: Bot`;
//     X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket on every answer; 429 with Retry-After,
//     X-RateLimit-Scope/Global and `{message, retry_after, global}`; error bodies `{message, code}`.
//   - Fault injection: drop the socket, miss heartbeats, invalidate the session, ask to reconnect,
//     close with a code, a 429 storm (and a count of requests that came before the advertised reset),
//     a 5xx (optionally after applying the write), a write applied whose response is lost.
//   - A test/demo API: post member traffic (with embeds, attachments, stickers, replies), DMs, edits
//     (full or partial), deletes, threads and forum posts, AutoMod executions; read back what the bot
//     posted and every moderation action with its audit-log reason.
// It imports nothing from the connector.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { readStateFile, writeStateFile } from '../stateFile';

const EPOCH = 1_420_070_400_000n;
export const SIM_INTENTS = {
  GUILDS: 1 << 0,
  GUILD_MESSAGES: 1 << 9,
  DIRECT_MESSAGES: 1 << 12,
  MESSAGE_CONTENT: 1 << 15,
  AUTO_MODERATION_EXECUTION: 1 << 21,
};

export type SimUser = {
  id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  discriminator: string;
  bot?: boolean;
  public_flags: number;
};
export type SimChannel = {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  parent_id?: string | null;
  position?: number;
  thread_metadata?: {
    archived: boolean;
    locked: boolean;
    auto_archive_duration: number;
    archive_timestamp: string;
  };
  owner_id?: string;
  recipients?: SimUser[];
  last_message_id?: string | null;
};
export type SimMessage = Record<string, unknown> & {
  id: string;
  channel_id: string;
  author: SimUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  nonce?: string | null;
};
export type SimRequest = {
  at: number;
  method: string;
  path: string;
  query: string;
  auditReason: string | null;
  body: unknown;
  status: number;
};
export type SimAction = {
  at: number;
  method: string;
  path: string;
  reason: string | null;
  body: unknown;
};
type Session = {
  id: string;
  seq: number;
  intents: number;
  buffer: Array<{ s: number; frame: string }>;
  socket: WebSocket | null;
  valid: boolean;
};
type Storm = {
  times: number;
  retryAfterMs: number;
  global: boolean;
  method?: string;
  pathPrefix?: string;
  until: number;
  key: string | null;
};
type Fail = {
  status: number;
  times: number;
  method?: string;
  pathPrefix?: string;
  afterApply?: boolean;
  lose?: boolean;
};

export type DiscordSimulatorOptions = {
  port?: number;
  heartbeatIntervalMs?: number;
  token?: string;
  /** Whether the application may use the privileged MESSAGE_CONTENT intent (else IDENTIFY with it closes 4014). */
  messageContentAllowed?: boolean;
  /** Per-route bucket size and window (Discord: e.g. 5 messages per 5 s per channel). */
  bucket?: { limit: number; windowMs: number };
  /** How long enforce_nonce deduplicates (Discord: "the past few minutes"). */
  nonceWindowMs?: number;
  /** The demo: keep the server (ids, token, members, channels, messages, bans) in this JSON file, restored on start. */
  stateFile?: string;
};

type SavedDiscord = {
  token: string;
  guildId: string;
  bot: SimUser;
  lastId: string;
  users: Array<SimUser & { roles: string[] }>;
  channels: SimChannel[];
  messages: Array<[string, SimMessage[]]>;
  bans: Array<[string, { reason: string | null; delete_message_seconds: number }]>;
  timeouts: Array<[string, string | null]>;
};

export type DiscordSimulator = Awaited<ReturnType<typeof startDiscordSimulator>>;

const iso = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('Z', '+00:00')
    .replace(/\.(\d{3})\+/, '.$1000+');

export async function startDiscordSimulator(o: DiscordSimulatorOptions = {}) {
  const saved = readStateFile<SavedDiscord>(o.stateFile);
  const token = saved?.token ?? o.token ?? `sim.${randomBytes(12).toString('hex')}`;
  const heartbeatInterval = o.heartbeatIntervalMs ?? 41_250;
  const bucket = o.bucket ?? { limit: 1000, windowMs: 1000 };
  const nonceWindow = o.nonceWindowMs ?? 5 * 60_000;
  let lastId = 0n;
  const snowflake = (at = Date.now()): string => {
    let id = (BigInt(at) - EPOCH) << 22n;
    if (id <= lastId) id = lastId + 1n;
    lastId = id;
    return id.toString();
  };

  if (saved) lastId = BigInt(saved.lastId);
  const guildId = saved?.guildId ?? snowflake();
  const bot: SimUser = saved?.bot ?? {
    id: snowflake(),
    username: 'steward-bot',
    global_name: null,
    avatar: null,
    discriminator: '0',
    bot: true,
    public_flags: 0,
  };
  const users = new Map<string, SimUser & { roles: string[] }>();
  const channels = new Map<string, SimChannel>();
  const messages = new Map<string, SimMessage[]>();
  const bans = new Map<string, { reason: string | null; delete_message_seconds: number }>();
  const timeouts = new Map<string, string | null>();
  const reactions: Array<{ channelId: string; messageId: string; emoji: string }> = [];
  const requests: SimRequest[] = [];
  const actions: SimAction[] = [];
  const sessions = new Map<string, Session>();
  const sockets = new Set<WebSocket>();
  const gateway = {
    intents: 0,
    connections: 0,
    identifies: 0,
    resumes: 0,
    heartbeats: 0,
    acksToSkip: 0,
    rejectedResumes: 0,
  };
  const storms: Storm[] = [];
  const fails: Fail[] = [];
  const buckets = new Map<string, { count: number; resetAt: number }>();
  let earlyRequests = 0;
  const earlyLog: string[] = [];
  if (saved) {
    for (const u of saved.users) users.set(u.id, u);
    for (const c of saved.channels) channels.set(c.id, c);
    for (const [id, list] of saved.messages) messages.set(id, list);
    for (const [id, b] of saved.bans) bans.set(id, b);
    for (const [id, t] of saved.timeouts) timeouts.set(id, t);
  }
  const persist = () => {
    if (!o.stateFile) return;
    const data: SavedDiscord = {
      token,
      guildId,
      bot,
      lastId: lastId.toString(),
      users: [...users.values()],
      channels: [...channels.values()],
      messages: [...messages.entries()],
      bans: [...bans.entries()],
      timeouts: [...timeouts.entries()],
    };
    writeStateFile(o.stateFile, data);
  };

  const addChannel = (c: { name: string; type?: number; parentId?: string }): SimChannel => {
    const id = snowflake();
    const ch: SimChannel = {
      id,
      type: c.type ?? 0,
      name: c.name,
      guild_id: guildId,
      parent_id: c.parentId ?? null,
      position: channels.size,
    };
    channels.set(id, ch);
    messages.set(id, []);
    return ch;
  };

  function frame(t: string | null, d: unknown, op = 0, s: number | null = null) {
    return JSON.stringify({ op, d, s, t });
  }

  /** Sends a dispatch to every live session (buffered for resumption when its socket is gone). */
  function dispatch(t: string, d: unknown, needs: number, o2: { contentGated?: boolean } = {}) {
    for (const s of sessions.values()) {
      if (!s.valid || (s.intents & needs) !== needs) continue;
      let payload = d;
      if (
        o2.contentGated &&
        (s.intents & SIM_INTENTS.MESSAGE_CONTENT) === 0 &&
        d &&
        typeof d === 'object'
      ) {
        payload = { ...(d as object), content: '', embeds: [], attachments: [] };
      }
      const seq = ++s.seq;
      const f = frame(t, payload, 0, seq);
      s.buffer.push({ s: seq, frame: f });
      if (s.buffer.length > 2000) s.buffer.shift();
      if (s.socket && s.socket.readyState === 1) s.socket.send(f);
    }
  }

  const member = (u: SimUser & { roles: string[] }) => ({
    roles: u.roles,
    nick: null,
    joined_at: iso(Date.now() - 86400_000),
    deaf: false,
    mute: false,
    flags: 0,
    premium_since: null,
    communication_disabled_until: timeouts.get(u.id) ?? null,
  });
  const publicUser = (u: SimUser) => ({
    id: u.id,
    username: u.username,
    global_name: u.global_name,
    avatar: u.avatar,
    discriminator: u.discriminator,
    public_flags: u.public_flags,
    ...(u.bot ? { bot: true } : {}),
  });

  function find(channelId: string, id: string): SimMessage | undefined {
    return messages.get(channelId)?.find((m) => m.id === id);
  }

  type PostInput = {
    content?: string;
    embeds?: unknown[];
    attachments?: Array<{ filename: string; content_type?: string; size?: number }>;
    sticker_items?: Array<{ id?: string; name: string; format_type?: number }>;
    replyTo?: string;
    nonce?: string;
    at?: number;
    type?: number;
  };

  function createMessage(channelId: string, author: SimUser, p: PostInput): SimMessage {
    const ch = channels.get(channelId);
    if (!ch) throw new Error(`no channel ${channelId}`);
    const at = p.at ?? Date.now();
    const id = snowflake(at);
    const ref = p.replyTo ? find(channelId, p.replyTo) : undefined;
    const msg: SimMessage = {
      id,
      type: p.type ?? (ref ? 19 : 0),
      content: p.content ?? '',
      channel_id: channelId,
      author: publicUser(author) as SimUser,
      attachments: (p.attachments ?? []).map((a) => ({
        id: snowflake(at),
        filename: a.filename,
        size: a.size ?? 1024,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${a.filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${a.filename}`,
        content_type: a.content_type ?? 'application/octet-stream',
      })),
      embeds: p.embeds ?? [],
      mentions: ref ? [publicUser(ref.author)] : [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      timestamp: iso(at),
      edited_timestamp: null,
      flags: 0,
      components: [],
      ...(p.sticker_items
        ? {
            sticker_items: p.sticker_items.map((s) => ({
              id: s.id ?? snowflake(at),
              name: s.name,
              format_type: s.format_type ?? 1,
            })),
          }
        : {}),
      ...(ref
        ? {
            message_reference: {
              type: 0,
              message_id: ref.id,
              channel_id: channelId,
              ...(ch.guild_id ? { guild_id: ch.guild_id } : {}),
            },
            referenced_message: stored(ref),
          }
        : {}),
      nonce: p.nonce ?? null,
    };
    messages.get(channelId)!.push(msg);
    ch.last_message_id = id;
    const u = users.get(author.id);
    const d = {
      ...stored(msg),
      nonce: msg.nonce,
      ...(ch.guild_id ? { guild_id: ch.guild_id, ...(u ? { member: member(u) } : {}) } : {}),
    };
    dispatch(
      'MESSAGE_CREATE',
      d,
      ch.guild_id ? SIM_INTENTS.GUILD_MESSAGES : SIM_INTENTS.DIRECT_MESSAGES,
      { contentGated: !!ch.guild_id && author.id !== bot.id },
    );
    return msg;
  }

  /** A message as GET returns it (Discord does not return nonces on reads). */
  const stored = (m: SimMessage) => {
    const { nonce: _n, ...rest } = m;
    return rest;
  };

  // ---------- REST ----------
  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
    res.end(text);
  };
  const err = (
    res: ServerResponse,
    status: number,
    code: number,
    message: string,
    extra: Record<string, unknown> = {},
  ) => json(res, status, { message, code, ...extra });

  function bucketOf(method: string, path: string): string {
    const m = /^\/(channels|guilds|webhooks)\/(\d+)/.exec(path);
    const route = path.replace(/\/\d{5,}/g, '/:id').replace(/\/reactions\/[^/]+/, '/reactions/:e');
    return `${method} ${route} ${m ? m[2] : ''}`;
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return Symbol.for('bad-json');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v10/, '');
    const body = await readBody(req);
    const rawReason = req.headers['x-audit-log-reason'];
    let auditReason: string | null = null;
    if (typeof rawReason === 'string') {
      try {
        auditReason = decodeURIComponent(rawReason);
      } catch {
        auditReason = rawReason;
      }
    }
    const entry: SimRequest = {
      at: Date.now(),
      method,
      path,
      query: url.search,
      auditReason,
      body: typeof body === 'symbol' ? '(bad json)' : body,
      status: 0,
    };
    requests.push(entry);
    if (requests.length > 5000) requests.splice(0, requests.length - 5000);
    const send = (status: number, b: unknown, h: Record<string, string> = {}) => {
      entry.status = status;
      json(res, status, b, h);
    };

    if (!url.pathname.startsWith('/api/v10/'))
      return send(404, { message: '404: Not Found', code: 0 });
    if (req.headers.authorization !== `Bot ${token}`)
      return send(401, { message: '401: Unauthorized', code: 0 });

    // Rate limits: storms first (a request inside an advertised pause is counted: it should not have come).
    const now = Date.now();
    const key = bucketOf(method, path);
    for (const s of storms) {
      const matches =
        (!s.method || s.method === method) && (!s.pathPrefix || path.startsWith(s.pathPrefix));
      if (s.until > now && (s.global || s.key === key)) {
        earlyRequests++;
        earlyLog.push(`${method} ${path} ${s.until - now} ms early`);
      }
      if (matches && s.times > 0 && s.until <= now) {
        s.times--;
        s.until = now + s.retryAfterMs;
        s.key = s.global ? null : key;
        const secs = s.retryAfterMs / 1000;
        const h: Record<string, string> = {
          'Retry-After': String(Math.ceil(secs)),
          'X-RateLimit-Limit': String(bucket.limit),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': ((now + s.retryAfterMs) / 1000).toFixed(3),
          'X-RateLimit-Reset-After': secs.toFixed(3),
          'X-RateLimit-Bucket': Buffer.from(key).toString('hex').slice(0, 32),
          'X-RateLimit-Scope': s.global ? 'global' : 'user',
          ...(s.global ? { 'X-RateLimit-Global': 'true' } : {}),
        };
        return send(
          429,
          { message: 'You are being rate limited.', retry_after: secs, global: s.global },
          h,
        );
      }
    }
    let b = buckets.get(key);
    if (!b || b.resetAt <= now) b = { count: 0, resetAt: now + bucket.windowMs };
    b.count++;
    buckets.set(key, b);
    const rl: Record<string, string> = {
      'X-RateLimit-Limit': String(bucket.limit),
      'X-RateLimit-Remaining': String(Math.max(0, bucket.limit - b.count)),
      'X-RateLimit-Reset': (b.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': ((b.resetAt - now) / 1000).toFixed(3),
      'X-RateLimit-Bucket': Buffer.from(key).toString('hex').slice(0, 32),
    };
    if (b.count > bucket.limit) {
      earlyRequests++;
      earlyLog.push(`${method} ${path} over the bucket`);
      const secs = (b.resetAt - now) / 1000;
      return send(
        429,
        { message: 'You are being rate limited.', retry_after: secs, global: false },
        { ...rl, 'Retry-After': String(Math.ceil(secs)), 'X-RateLimit-Scope': 'user' },
      );
    }

    const failIdx = fails.findIndex(
      (f) => (!f.method || f.method === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)),
    );
    const fault = failIdx >= 0 ? fails[failIdx] : undefined;
    if (fault && --fault.times <= 0) fails.splice(failIdx, 1);
    if (fault && !fault.afterApply && !fault.lose)
      return send(fault.status, { message: `${fault.status}: Simulated failure`, code: 0 }, rl);

    const out = route(method, path, url, body, auditReason);
    if (method !== 'GET' && out.status < 300) persist();
    if (fault?.lose) {
      // The write is applied; the answer never arrives.
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.afterApply)
      return send(fault.status, { message: `${fault.status}: Simulated failure`, code: 0 }, rl);
    return send(out.status, out.body, rl);
  }

  type Out = { status: number; body: unknown };
  const ok = (body: unknown, status = 200): Out => ({ status, body });
  const fail = (
    status: number,
    code: number,
    message: string,
    extra: Record<string, unknown> = {},
  ): Out => ({ status, body: { message, code, ...extra } });

  function route(
    method: string,
    path: string,
    url: URL,
    body: unknown,
    reason: string | null,
  ): Out {
    const parts = path.split('/').filter(Boolean);
    const host = `127.0.0.1:${port}`;
    if (typeof body === 'symbol')
      return fail(400, 50109, 'The request body contains invalid JSON.');
    const b = (body ?? {}) as Record<string, unknown>;
    const act = () => actions.push({ at: Date.now(), method, path, reason, body });

    if (method === 'GET' && path === '/gateway/bot')
      return ok({
        url: `ws://${host}/gateway`,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      });
    if (method === 'GET' && path === '/gateway') return ok({ url: `ws://${host}/gateway` });
    if (method === 'GET' && path === '/users/@me')
      return ok({ ...publicUser(bot), bot: true, verified: true, flags: 0, mfa_enabled: false });

    if (parts[0] === 'guilds' && parts[1] === guildId) {
      if (method === 'GET' && parts.length === 3 && parts[2] === 'channels')
        return ok(
          [...channels.values()].filter((c) => c.guild_id && ![10, 11, 12].includes(c.type)),
        );
      if (method === 'GET' && parts[2] === 'threads' && parts[3] === 'active')
        return ok({
          threads: [...channels.values()].filter(
            (c) => [10, 11, 12].includes(c.type) && !c.thread_metadata?.archived,
          ),
          members: [],
        });
      if (parts[2] === 'members' && parts[3] && method === 'PATCH') {
        const u = users.get(parts[3]);
        if (!u) return fail(404, 10007, 'Unknown Member');
        if ('communication_disabled_until' in b)
          timeouts.set(u.id, (b.communication_disabled_until as string | null) ?? null);
        act();
        return ok({ ...member(u), user: publicUser(u) });
      }
      if (parts[2] === 'bans' && parts[3]) {
        if (method === 'PUT') {
          if (!users.has(parts[3])) return fail(404, 10013, 'Unknown User');
          const secs = typeof b.delete_message_seconds === 'number' ? b.delete_message_seconds : 0;
          if (secs < 0 || secs > 604800)
            return fail(400, 50035, 'Invalid Form Body', {
              errors: {
                delete_message_seconds: {
                  _errors: [
                    {
                      code: 'NUMBER_TYPE_MAX',
                      message: 'int value should be less than or equal to 604800.',
                    },
                  ],
                },
              },
            });
          bans.set(parts[3], { reason, delete_message_seconds: secs });
          act();
          return ok(null, 204);
        }
        if (method === 'DELETE') {
          if (!bans.has(parts[3])) return fail(404, 10026, 'Unknown Ban');
          bans.delete(parts[3]);
          act();
          return ok(null, 204);
        }
      }
      return fail(404, 0, '404: Not Found');
    }
    if (parts[0] === 'guilds') return fail(404, 10004, 'Unknown Guild');

    if (parts[0] === 'channels' && parts[1]) {
      const ch = channels.get(parts[1]);
      if (!ch) return fail(404, 10003, 'Unknown Channel');
      const list = messages.get(ch.id)!;
      if (parts.length === 2 && method === 'GET') return ok(ch);
      if (parts.length === 2 && method === 'PATCH') {
        if (![10, 11, 12].includes(ch.type))
          return fail(400, 50024, 'Cannot execute action on this channel type');
        ch.thread_metadata = {
          ...(ch.thread_metadata ?? {
            auto_archive_duration: 1440,
            archive_timestamp: iso(Date.now()),
            archived: false,
            locked: false,
          }),
          ...(typeof b.locked === 'boolean' ? { locked: b.locked } : {}),
          ...(typeof b.archived === 'boolean' ? { archived: b.archived } : {}),
        };
        act();
        dispatch('THREAD_UPDATE', ch, SIM_INTENTS.GUILDS);
        return ok(ch);
      }
      if (parts[2] === 'messages' && parts.length === 3 && method === 'GET') {
        if (ch.type === 15 || ch.type === 16)
          return fail(400, 50024, 'Cannot execute action on this channel type');
        const limit = Math.max(1, Math.min(100, Number(url.searchParams.get('limit') ?? 50) || 50));
        const after = url.searchParams.get('after');
        const before = url.searchParams.get('before');
        let sel: SimMessage[];
        if (after) sel = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
        else if (before) sel = list.filter((m) => BigInt(m.id) < BigInt(before)).slice(-limit);
        else sel = list.slice(-limit);
        return ok(sel.map(stored).reverse());
      }
      if (parts[2] === 'messages' && parts.length === 4 && method === 'GET') {
        const m = find(ch.id, parts[3]!);
        return m ? ok(stored(m)) : fail(404, 10008, 'Unknown Message');
      }
      if (parts[2] === 'messages' && parts.length === 3 && method === 'POST') {
        const content = typeof b.content === 'string' ? b.content : '';
        if (!content) return fail(400, 50006, 'Cannot send an empty message');
        if (content.length > 2000)
          return fail(400, 50035, 'Invalid Form Body', {
            errors: {
              content: {
                _errors: [
                  { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' },
                ],
              },
            },
          });
        const nonce =
          typeof b.nonce === 'string' || typeof b.nonce === 'number' ? String(b.nonce) : undefined;
        if (nonce && nonce.length > 25)
          return fail(400, 50035, 'Invalid Form Body', {
            errors: {
              nonce: {
                _errors: [
                  { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
                ],
              },
            },
          });
        if (nonce && b.enforce_nonce === true) {
          const prior = list.find(
            (m) =>
              m.nonce === nonce &&
              m.author.id === bot.id &&
              Date.now() - Date.parse(m.timestamp) < nonceWindow,
          );
          if (prior) return ok(prior);
        }
        const ref = b.message_reference as
          { message_id?: string; fail_if_not_exists?: boolean } | undefined;
        let replyTo: string | undefined;
        if (ref?.message_id) {
          if (find(ch.id, ref.message_id)) replyTo = ref.message_id;
          else if (ref.fail_if_not_exists !== false)
            return fail(400, 50035, 'Invalid Form Body', {
              errors: {
                message_reference: {
                  _errors: [
                    { code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
                  ],
                },
              },
            });
        }
        const m = createMessage(ch.id, bot, { content, replyTo, nonce });
        return ok(m);
      }
      if (parts[2] === 'messages' && parts.length === 4 && method === 'DELETE') {
        const idx = list.findIndex((m) => m.id === parts[3]);
        if (idx < 0) return fail(404, 10008, 'Unknown Message');
        list.splice(idx, 1);
        act();
        dispatch(
          'MESSAGE_DELETE',
          { id: parts[3], channel_id: ch.id, ...(ch.guild_id ? { guild_id: ch.guild_id } : {}) },
          ch.guild_id ? SIM_INTENTS.GUILD_MESSAGES : SIM_INTENTS.DIRECT_MESSAGES,
        );
        return ok(null, 204);
      }
      if (
        parts[2] === 'messages' &&
        parts[4] === 'reactions' &&
        parts[6] === '@me' &&
        method === 'PUT'
      ) {
        if (!find(ch.id, parts[3]!)) return fail(404, 10008, 'Unknown Message');
        const emoji = decodeURIComponent(parts[5]!);
        if (!reactions.some((r) => r.messageId === parts[3] && r.emoji === emoji))
          reactions.push({ channelId: ch.id, messageId: parts[3]!, emoji });
        act();
        return ok(null, 204);
      }
    }
    return fail(404, 0, '404: Not Found');
  }

  // ---------- gateway ----------
  const wss = new WebSocketServer({ noServer: true });
  function onSocket(ws: WebSocket) {
    gateway.connections++;
    sockets.add(ws);
    let session: Session | null = null;
    ws.on('close', () => {
      sockets.delete(ws);
      if (session && session.socket === ws) session.socket = null;
    });
    ws.on('message', (data) => {
      let p: { op?: unknown; d?: unknown };
      try {
        p = JSON.parse(String(data));
      } catch {
        return ws.close(4002, 'Error while decoding payload.');
      }
      const d = (p.d ?? {}) as Record<string, unknown>;
      switch (p.op) {
        case 1:
          gateway.heartbeats++;
          if (gateway.acksToSkip > 0) gateway.acksToSkip--;
          else ws.send(frame(null, null, 11));
          return;
        case 2: {
          if (session) return ws.close(4005, 'Already authenticated.');
          if (d.token !== token) return ws.close(4004, 'Authentication failed.');
          const intents = typeof d.intents === 'number' ? d.intents : 0;
          if (intents & SIM_INTENTS.MESSAGE_CONTENT && o.messageContentAllowed === false)
            return ws.close(4014, 'Disallowed intent(s).');
          gateway.identifies++;
          gateway.intents = intents;
          session = {
            id: randomBytes(16).toString('hex'),
            seq: 0,
            intents,
            buffer: [],
            socket: ws,
            valid: true,
          };
          sessions.set(session.id, session);
          const ready = {
            v: 10,
            user: { ...publicUser(bot), bot: true, verified: true, flags: 0 },
            session_id: session.id,
            resume_gateway_url: `ws://127.0.0.1:${port}/resume`,
            guilds: [{ id: guildId, unavailable: true }],
            application: { id: bot.id, flags: 0 },
            private_channels: [],
            shard: [0, 1],
          };
          const send = (t: string, dd: unknown) => {
            const s = ++session!.seq;
            const f = frame(t, dd, 0, s);
            session!.buffer.push({ s, frame: f });
            ws.send(f);
          };
          send('READY', ready);
          if (intents & SIM_INTENTS.GUILDS) {
            const all = [...channels.values()].filter((c) => c.guild_id);
            send('GUILD_CREATE', {
              id: guildId,
              name: 'Simulated server',
              unavailable: false,
              member_count: users.size + 1,
              channels: all.filter((c) => ![10, 11, 12].includes(c.type)),
              threads: all.filter(
                (c) => [10, 11, 12].includes(c.type) && !c.thread_metadata?.archived,
              ),
              members: [],
              roles: [],
            });
          }
          return;
        }
        case 6: {
          const s = typeof d.session_id === 'string' ? sessions.get(d.session_id) : undefined;
          if (!s || !s.valid || d.token !== token || typeof d.seq !== 'number') {
            gateway.rejectedResumes++;
            return ws.send(frame(null, false, 9));
          }
          gateway.resumes++;
          if (s.socket && s.socket !== ws) s.socket.terminate();
          s.socket = ws;
          session = s;
          const oldest = s.buffer[0]?.s ?? s.seq + 1;
          if (d.seq < oldest - 1) {
            // The missed events are no longer buffered: the session cannot be resumed.
            s.valid = false;
            return ws.send(frame(null, false, 9));
          }
          for (const e of s.buffer) if (e.s > (d.seq as number)) ws.send(e.frame);
          const seq = ++s.seq;
          const f = frame('RESUMED', null, 0, seq);
          s.buffer.push({ s: seq, frame: f });
          ws.send(f);
          return;
        }
        default:
          if (!session) return ws.close(4003, 'Not authenticated.');
          return ws.close(4001, 'Unknown opcode.');
      }
    });
    ws.send(frame(null, { heartbeat_interval: heartbeatInterval }, 10));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) err(res, 500, 0, `500: ${(e as Error).message}`);
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const p = new URL(req.url ?? '/', 'http://sim').pathname;
    if (p !== '/gateway' && p !== '/resume' && p !== '/gateway/' && p !== '/resume/')
      socket.destroy();
    else wss.handleUpgrade(req, socket, head, onSocket);
  });
  // A taken port rejects (EADDRINUSE) instead of crashing the process with an unhandled 'error'.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const sim = {
    url: `http://127.0.0.1:${port}`,
    token,
    guildId,
    bot,
    gateway,
    requests: () => requests,
    actions: () => actions,
    bans,
    timeouts,
    reactions,
    /** Requests that arrived inside an advertised rate-limit pause (should be 0). */
    earlyRequests: () => ({ count: earlyRequests, log: [...earlyLog] }),
    channel: (id: string) => channels.get(id),
    messages: (channelId: string) => [...(messages.get(channelId) ?? [])],
    /** Messages the bot posted, in every channel. */
    sent: () => [...messages.values()].flat().filter((m) => m.author.id === bot.id),

    addChannel: (name: string, type = 0) => addChannel({ name, type }).id,
    addMember(username: string, o2: { globalName?: string; roles?: string[] } = {}): SimUser {
      const u = {
        id: snowflake(),
        username,
        global_name: o2.globalName ?? null,
        avatar: randomBytes(16).toString('hex'),
        discriminator: '0',
        public_flags: 0,
        roles: o2.roles ?? [],
      };
      users.set(u.id, u);
      return u;
    },
    /** A member posts in a channel or thread (MESSAGE_CREATE dispatched). */
    post: (channelId: string, user: SimUser, p: PostInput | string) =>
      createMessage(channelId, user, typeof p === 'string' ? { content: p } : p),
    /** Another bot posts (the connector skips it). */
    postAsOtherBot(channelId: string, content: string) {
      const other: SimUser = {
        id: snowflake(),
        username: 'other-bot',
        global_name: null,
        avatar: null,
        discriminator: '0',
        bot: true,
        public_flags: 0,
      };
      return createMessage(channelId, other, { content });
    },
    /** A DM from a member to the bot. */
    dm(user: SimUser, content: string) {
      let ch = [...channels.values()].find(
        (c) => c.type === 1 && c.recipients?.[0]?.id === user.id,
      );
      if (!ch) {
        ch = {
          id: snowflake(),
          type: 1,
          name: '',
          recipients: [publicUser(user) as SimUser],
          last_message_id: null,
        };
        channels.set(ch.id, ch);
        messages.set(ch.id, []);
      }
      return createMessage(ch.id, user, { content });
    },
    /** Starts a thread (a forum post when the parent is a forum): THREAD_CREATE, then its first message. */
    startThread(parentId: string, user: SimUser, name: string, content: string) {
      const parent = channels.get(parentId);
      if (!parent) throw new Error(`no channel ${parentId}`);
      const isForum = parent.type === 15 || parent.type === 16;
      const th = addChannel({ name, type: 11, parentId });
      th.owner_id = user.id;
      th.thread_metadata = {
        archived: false,
        locked: false,
        auto_archive_duration: 1440,
        archive_timestamp: iso(Date.now()),
      };
      dispatch('THREAD_CREATE', { ...th, newly_created: true }, SIM_INTENTS.GUILDS);
      // A forum post's first message has the thread's id.
      if (isForum) lastId = BigInt(th.id) - 1n;
      const first = createMessage(th.id, user, { content });
      return { threadId: th.id, first };
    },
    /** An edit; `partial` dispatches only id, channel_id and the changed fields (as Discord may). */
    edit(channelId: string, messageId: string, content: string, o2: { partial?: boolean } = {}) {
      const m = find(channelId, messageId);
      if (!m) throw new Error(`no message ${messageId}`);
      m.content = content;
      m.edited_timestamp = iso(Date.now());
      const ch = channels.get(channelId)!;
      const d = o2.partial
        ? {
            id: m.id,
            channel_id: channelId,
            content,
            edited_timestamp: m.edited_timestamp,
            ...(ch.guild_id ? { guild_id: ch.guild_id } : {}),
          }
        : { ...stored(m), ...(ch.guild_id ? { guild_id: ch.guild_id } : {}) };
      dispatch(
        'MESSAGE_UPDATE',
        d,
        ch.guild_id ? SIM_INTENTS.GUILD_MESSAGES : SIM_INTENTS.DIRECT_MESSAGES,
        { contentGated: true },
      );
      return m;
    },
    /** A member or moderator deletes a message (MESSAGE_DELETE), or several (MESSAGE_DELETE_BULK). */
    remove(channelId: string, ...ids: string[]) {
      const list = messages.get(channelId) ?? [];
      for (const id of ids) {
        const i = list.findIndex((m) => m.id === id);
        if (i >= 0) list.splice(i, 1);
      }
      const ch = channels.get(channelId)!;
      const g = ch.guild_id ? { guild_id: ch.guild_id } : {};
      if (ids.length === 1)
        dispatch(
          'MESSAGE_DELETE',
          { id: ids[0], channel_id: channelId, ...g },
          SIM_INTENTS.GUILD_MESSAGES,
        );
      else
        dispatch(
          'MESSAGE_DELETE_BULK',
          { ids, channel_id: channelId, ...g },
          SIM_INTENTS.GUILD_MESSAGES,
        );
    },
    /**
     * AutoMod: `block` never posts the message (one execution, no message_id); `alert` posts it and an
     * alert in `alertChannelId` (executions for the alert, with alert_system_message_id).
     */
    automod(o2: {
      user: SimUser;
      channelId: string;
      content: string;
      keyword: string;
      action: 'block' | 'alert';
      alertChannelId?: string;
    }) {
      const ruleId = snowflake();
      const base = {
        guild_id: guildId,
        rule_id: ruleId,
        rule_trigger_type: 1,
        user_id: o2.user.id,
        channel_id: o2.channelId,
        content: o2.content,
        matched_keyword: o2.keyword,
        matched_content: o2.keyword,
      };
      if (o2.action === 'block') {
        dispatch(
          'AUTO_MODERATION_ACTION_EXECUTION',
          { ...base, action: { type: 1, metadata: { custom_message: 'Blocked by AutoMod' } } },
          SIM_INTENTS.AUTO_MODERATION_EXECUTION,
          { contentGated: true },
        );
        return { ruleId, message: null, alert: null };
      }
      const msg = createMessage(o2.channelId, o2.user, { content: o2.content });
      const alertCh = o2.alertChannelId ?? o2.channelId;
      const alert = createMessage(alertCh, bot, { content: '', type: 24 });
      dispatch(
        'AUTO_MODERATION_ACTION_EXECUTION',
        {
          ...base,
          message_id: msg.id,
          alert_system_message_id: alert.id,
          action: { type: 2, metadata: { channel_id: alertCh } },
        },
        SIM_INTENTS.AUTO_MODERATION_EXECUTION,
        { contentGated: true },
      );
      return { ruleId, message: msg, alert };
    },

    // ---------- faults ----------
    /** Drops every gateway socket without a close frame (the client sees 1006 and resumes). */
    dropSockets() {
      for (const s of sockets) s.terminate();
    },
    /** Do not acknowledge the next n heartbeats (the client detects a zombie connection). */
    missHeartbeats(n: number) {
      gateway.acksToSkip += n;
    },
    /** op 9 INVALID_SESSION; not resumable by default (the session and its buffer are dropped). */
    invalidateSessions(resumable = false) {
      for (const s of sessions.values()) {
        if (!resumable) s.valid = false;
        s.socket?.send(frame(null, resumable, 9));
      }
    },
    /** op 7 RECONNECT: the client reconnects and resumes. */
    requestReconnect() {
      for (const s of sessions.values()) if (s.valid) s.socket?.send(frame(null, null, 7));
    },
    /** The server closes every socket with this code (4000 unknown error, 4004 bad token, 4009 session timeout…). */
    closeSockets(code: number, reason = '') {
      for (const s of sockets) s.close(code, reason);
    },
    /** The next `times` matching requests get 429 with this retry_after; later requests inside the pause are counted. */
    rateLimit(o2: {
      retryAfterMs: number;
      times?: number;
      global?: boolean;
      method?: string;
      pathPrefix?: string;
    }) {
      storms.push({
        times: o2.times ?? 1,
        retryAfterMs: o2.retryAfterMs,
        global: !!o2.global,
        method: o2.method,
        pathPrefix: o2.pathPrefix,
        until: 0,
        key: null,
      });
    },
    /** The next matching request fails with `status` (before applying, or after with `afterApply`). */
    failNext(o2: {
      status: number;
      times?: number;
      method?: string;
      pathPrefix?: string;
      afterApply?: boolean;
    }) {
      fails.push({ ...o2, times: Math.max(1, o2.times ?? 1) });
    },
    /** The next matching write is applied, then the connection is cut before the answer. */
    loseResponseNext(o2: { method?: string; pathPrefix?: string } = {}) {
      fails.push({ status: 0, times: 1, lose: true, ...o2 });
    },
    clearFaults() {
      storms.length = 0;
      fails.length = 0;
      gateway.acksToSkip = 0;
    },
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  // Every member-side change is saved too (a no-op without a state file).
  for (const k of [
    'addChannel',
    'addMember',
    'post',
    'postAsOtherBot',
    'dm',
    'startThread',
    'edit',
    'remove',
    'automod',
  ] as const) {
    const f = sim[k] as (...a: unknown[]) => unknown;
    (sim as Record<string, unknown>)[k] = (...a: unknown[]) => {
      const r = f(...a);
      persist();
      return r;
    };
  }
  return sim;
}
