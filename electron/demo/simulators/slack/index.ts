// electron/demo/simulators/slack: a local Slack workspace speaking Slack's real wire format, for the
// demo and the tests.
//   - Web API: POST /api/<method> (form-encoded, as @slack/web-api sends, or JSON), `Authorization:
//     Bearer`, HTTP 200 `{ok:false,error}` for errors. Methods: auth.test, apps.connections.open (app
//     token only: returns this simulator's ws:// URL), conversations.history (newest first, oldest/
//     latest/inclusive/limit/cursor, has_more), conversations.replies (parent first then oldest first,
//     oldest/inclusive/limit/cursor), conversations.info (incl. Slack Connect flags), users.info,
//     chat.postMessage (thread_ts, metadata as a JSON string or object, 40,000-character truncation as
//     Slack does, `msg_too_long` beyond), chat.delete (bot token: own messages only, else
//     cant_delete_message; a user token of an admin: any). `include_all_metadata` gates `metadata`.
//   - Socket Mode: a WebSocket at /link: `hello`, `events_api` envelopes with `envelope_id`, `payload`
//     (event_callback with event_id), `retry_attempt`/`retry_reason`; acknowledgements `{envelope_id}`
//     are tracked: an envelope not acknowledged within `ackTimeoutMs`, or unacknowledged when its socket
//     closed, is delivered again (retry_attempt + 1) on the next live socket; `disconnect` frames; pings.
//   - Faults: drop sockets, send a `disconnect` frame, a 429 storm (Retry-After) or `ratelimited`
//     bodies, counting requests that came before the advertised reset; a 5xx (optionally after applying
//     the write); a write applied whose response is lost (the connection is destroyed).
//   - A test/demo API: users (incl. external Slack Connect members), channels, member posts (blocks,
//     files, threads, broadcasts, bot messages), DMs, edits, deletions; what the app posted.
//   - A request log that never holds a token.
//   - Optional `stateFile` (the demo): the workspace (ids, tokens, users, channels, messages) is saved
//     after every change and reloaded on the next start, so a restarted demo keeps its sources valid.
// It imports nothing from the connector.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { readStateFile, writeStateFile } from '../stateFile';
import { isObj } from '../../../../shared/guards';

export type SimUser = {
  id: string;
  name: string;
  real_name: string;
  display_name: string;
  team_id: string;
  is_bot: boolean;
  is_admin: boolean;
};
export type SimChannel = {
  id: string;
  name: string;
  is_im: boolean;
  is_ext_shared: boolean;
  user?: string;
};
export type SimMessage = Record<string, unknown> & {
  ts: string;
  type: 'message';
  text: string;
  user?: string;
  thread_ts?: string;
};
export type SimRequest = {
  at: number;
  method: string;
  auth: 'bot' | 'app' | 'user' | 'none' | 'bad';
  params: Record<string, unknown>;
  status: number;
  error: string | null;
};
type Storm = {
  times: number;
  retryAfterSec: number;
  style: '429' | 'ratelimited';
  method?: string;
  until: number;
};
type Fail = {
  status: number;
  times: number;
  method?: string;
  afterApply?: boolean;
  lose?: boolean;
  error?: string;
};
type Envelope = {
  id: string;
  frame: Record<string, unknown>;
  attempts: number;
  sentAt: number;
  socket: WebSocket | null;
};

export type SlackSimulatorOptions = {
  port?: number;
  /** Redeliver an envelope that was not acknowledged after this long (Slack: a few seconds). */
  ackTimeoutMs?: number;
  /** Server ping interval on Socket Mode connections (0 = none). */
  pingIntervalMs?: number;
  /** Longest page conversations.history/replies return (Slack: 999; the 2025 Tier 1 limit: 15). */
  maxPage?: number;
  /** Durable workspace state (the demo); tests start without one. */
  stateFile?: string;
};

type SavedSlack = {
  teamId: string;
  appId: string;
  botToken: string;
  appToken: string;
  userToken: string;
  botUser: SimUser;
  botId: string;
  admin: SimUser;
  users: SimUser[];
  channels: SimChannel[];
  messages: Array<[string, SimMessage[]]>;
  lastTs: number;
};

export type SlackSimulator = Awaited<ReturnType<typeof startSlackSimulator>>;

const rid = (prefix: string, n = 10) =>
  `${prefix}${randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, n)}`;
const cmpTs = (a: string, b: string) => {
  const d = Number(a.split('.')[0]) - Number(b.split('.')[0]);
  return d !== 0
    ? Math.sign(d)
    : (a.split('.')[1] ?? '').padEnd(9, '0').localeCompare((b.split('.')[1] ?? '').padEnd(9, '0'));
};

export async function startSlackSimulator(o: SlackSimulatorOptions = {}) {
  const saved = readStateFile<SavedSlack>(o.stateFile);
  const teamId = saved?.teamId ?? rid('T');
  const appId = saved?.appId ?? rid('A');
  const botToken = saved?.botToken ?? `xoxb-${randomBytes(12).toString('hex')}`;
  const appToken = saved?.appToken ?? `xapp-1-${randomBytes(12).toString('hex')}`;
  const userToken = saved?.userToken ?? `xoxp-${randomBytes(12).toString('hex')}`;
  const ackTimeout = o.ackTimeoutMs ?? 3000;
  const maxPage = o.maxPage ?? 999;
  const botUser: SimUser = saved?.botUser ?? {
    id: rid('U'),
    name: 'steward',
    real_name: 'Steward',
    display_name: 'Steward',
    team_id: teamId,
    is_bot: true,
    is_admin: false,
  };
  const botId = saved?.botId ?? rid('B');
  const admin: SimUser = saved?.admin ?? {
    id: rid('U'),
    name: 'admin',
    real_name: 'Workspace Admin',
    display_name: 'admin',
    team_id: teamId,
    is_bot: false,
    is_admin: true,
  };
  const users = new Map<string, SimUser>([
    [botUser.id, botUser],
    [admin.id, admin],
    ...(saved?.users ?? []).map((u): [string, SimUser] => [u.id, u]),
  ]);
  const channels = new Map<string, SimChannel>((saved?.channels ?? []).map((c) => [c.id, c]));
  const messages = new Map<string, SimMessage[]>(saved?.messages ?? []);
  const requests: SimRequest[] = [];
  const storms: Storm[] = [];
  const fails: Fail[] = [];
  const sockets = new Set<WebSocket>();
  const tickets = new Set<string>();
  const pending = new Map<string, Envelope>();
  const socketStats = { connections: 0, acks: 0, redeliveries: 0, helloSent: 0 };
  let earlyRequests = 0;
  let lastTs = saved?.lastTs ?? 0;
  let eventSeq = 0;
  const persist = () => {
    if (!o.stateFile) return;
    const data: SavedSlack = {
      teamId,
      appId,
      botToken,
      appToken,
      userToken,
      botUser,
      botId,
      admin,
      users: [...users.values()],
      channels: [...channels.values()],
      messages: [...messages.entries()],
      lastTs,
    };
    writeStateFile(o.stateFile, data);
  };

  /** A fresh, strictly increasing ts at `at` ms (µs precision; collisions bumped). */
  const nextTs = (at = Date.now()) => {
    let us = at * 1000;
    if (us <= lastTs) us = lastTs + 1;
    lastTs = us;
    return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
  };

  // ---- Socket Mode ----
  function sendEnvelope(env: Envelope) {
    const live = [...sockets].filter((s) => s.readyState === 1);
    const s = live[live.length - 1];
    env.socket = s ?? null;
    if (!s) return;
    env.sentAt = Date.now();
    env.frame.retry_attempt = env.attempts;
    env.frame.retry_reason = env.attempts > 0 ? 'timeout' : '';
    if (env.attempts > 0) socketStats.redeliveries++;
    env.attempts++;
    s.send(JSON.stringify(env.frame));
  }
  function emitEvent(event: Record<string, unknown>) {
    const id = randomBytes(16).toString('hex');
    const eventId = `Ev${String(++eventSeq).padStart(8, '0')}`;
    const frame = {
      envelope_id: id,
      payload: {
        token: 'verification-token-unused',
        team_id: teamId,
        api_app_id: appId,
        event: { ...event, event_ts: event.event_ts ?? event.ts ?? nextTs() },
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [
          {
            enterprise_id: null,
            team_id: teamId,
            user_id: botUser.id,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: !!channels.get(String(event.channel))?.is_ext_shared,
        event_context: `4-${randomBytes(6).toString('hex')}`,
      },
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
    };
    const env: Envelope = { id, frame, attempts: 0, sentAt: 0, socket: null };
    pending.set(id, env);
    sendEnvelope(env);
    return eventId;
  }
  const redeliverTimer = setInterval(
    () => {
      const now = Date.now();
      for (const env of pending.values()) {
        if (
          env.attempts > 0 &&
          env.socket &&
          env.socket.readyState === 1 &&
          now - env.sentAt >= ackTimeout &&
          env.attempts < 4
        )
          sendEnvelope(env);
      }
    },
    Math.max(20, Math.min(500, ackTimeout / 4)),
  );
  redeliverTimer.unref();

  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    socketStats.connections++;
    const ping = o.pingIntervalMs
      ? setInterval(() => ws.readyState === 1 && ws.ping(), o.pingIntervalMs)
      : null;
    ws.on('message', (data) => {
      try {
        const m = JSON.parse(String(data)) as { envelope_id?: unknown };
        if (typeof m.envelope_id === 'string' && pending.delete(m.envelope_id)) socketStats.acks++;
      } catch {
        /* not JSON: Slack ignores it too */
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (ping) clearInterval(ping);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        debug_info: { host: 'applink-sim', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: appId },
      }),
    );
    socketStats.helloSent++;
    // Unacknowledged envelopes of earlier connections come again on this one.
    for (const env of pending.values())
      if (!env.socket || env.socket.readyState !== 1) sendEnvelope(env);
  });

  // ---- Web API ----
  function authOf(req: IncomingMessage, params: Record<string, unknown>): SimRequest['auth'] {
    const h = req.headers.authorization;
    const t =
      typeof h === 'string' && h.startsWith('Bearer ')
        ? h.slice(7)
        : typeof params.token === 'string'
          ? params.token
          : '';
    if (!t) return 'none';
    return t === botToken ? 'bot' : t === appToken ? 'app' : t === userToken ? 'user' : 'bad';
  }
  const publicMessage = (m: SimMessage, withMeta: boolean) => {
    const { metadata, ...rest } = m;
    const out: Record<string, unknown> = { ...rest };
    if (withMeta && metadata) out.metadata = metadata;
    const replies =
      m.thread_ts === m.ts
        ? (messages.get(String(m.channel)) ?? []).filter(
            (r) => r.thread_ts === m.ts && r.ts !== m.ts,
          )
        : [];
    if (replies.length) {
      out.reply_count = replies.length;
      out.reply_users = [...new Set(replies.map((r) => r.user).filter(Boolean))];
      out.latest_reply = replies[replies.length - 1]!.ts;
    }
    delete out.channel;
    return out;
  };
  const bool = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

  function page(list: SimMessage[], params: Record<string, unknown>) {
    const limit = Math.max(1, Math.min(maxPage, Number(params.limit) || 100));
    const offset =
      typeof params.cursor === 'string' && params.cursor
        ? Number(Buffer.from(params.cursor, 'base64').toString().replace('next_offset:', '')) || 0
        : 0;
    const slice = list.slice(offset, offset + limit);
    const more = offset + limit < list.length;
    return {
      slice,
      more,
      next: more ? Buffer.from(`next_offset:${offset + limit}`).toString('base64') : '',
    };
  }
  function inRange(m: SimMessage, params: Record<string, unknown>) {
    const inc = bool(params.inclusive);
    const oldest =
      typeof params.oldest === 'string' || typeof params.oldest === 'number'
        ? String(params.oldest)
        : null;
    const latest =
      typeof params.latest === 'string' || typeof params.latest === 'number'
        ? String(params.latest)
        : null;
    if (oldest && (inc ? cmpTs(m.ts, oldest) < 0 : cmpTs(m.ts, oldest) <= 0)) return false;
    if (latest && (inc ? cmpTs(m.ts, latest) > 0 : cmpTs(m.ts, latest) >= 0)) return false;
    return true;
  }

  type Result = {
    status?: number;
    body: Record<string, unknown>;
    headers?: Record<string, string>;
  };
  const err = (error: string): Result => ({ body: { ok: false, error } });

  function apply(method: string, p: Record<string, unknown>, auth: SimRequest['auth']): Result {
    if (auth === 'none') return err('not_authed');
    if (auth === 'bad') return err('invalid_auth');
    if (method === 'apps.connections.open') {
      if (auth !== 'app') return err('not_allowed_token_type');
      const ticket = randomBytes(16).toString('hex');
      tickets.add(ticket);
      return {
        body: { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}` },
      };
    }
    if (auth === 'app') return err('not_allowed_token_type');
    const chan = typeof p.channel === 'string' ? channels.get(p.channel) : undefined;
    switch (method) {
      case 'auth.test':
        return auth === 'user'
          ? {
              body: {
                ok: true,
                url: `https://sim-workspace.slack.com/`,
                team: 'Sim Workspace',
                user: admin.name,
                team_id: teamId,
                user_id: admin.id,
                is_enterprise_install: false,
              },
            }
          : {
              body: {
                ok: true,
                url: `https://sim-workspace.slack.com/`,
                team: 'Sim Workspace',
                user: botUser.name,
                team_id: teamId,
                user_id: botUser.id,
                bot_id: botId,
                is_enterprise_install: false,
              },
            };
      case 'users.info': {
        const u = typeof p.user === 'string' ? users.get(p.user) : undefined;
        if (!u) return err('user_not_found');
        return {
          body: {
            ok: true,
            user: {
              id: u.id,
              team_id: u.team_id,
              name: u.name,
              deleted: false,
              real_name: u.real_name,
              tz: 'Europe/Copenhagen',
              is_admin: u.is_admin,
              is_bot: u.is_bot,
              is_app_user: false,
              updated: 1700000000,
              profile: {
                real_name: u.real_name,
                display_name: u.display_name,
                real_name_normalized: u.real_name,
                display_name_normalized: u.display_name,
                image_72: `https://avatars.slack-edge.com/sim/${u.id}_72.png`,
                team: u.team_id,
              },
            },
          },
        };
      }
      case 'conversations.info':
        if (!chan) return err('channel_not_found');
        return {
          body: {
            ok: true,
            channel: {
              id: chan.id,
              name: chan.is_im ? undefined : chan.name,
              is_channel: !chan.is_im,
              is_group: false,
              is_im: chan.is_im,
              is_mpim: false,
              is_private: false,
              is_archived: false,
              is_general: false,
              is_shared: chan.is_ext_shared,
              is_ext_shared: chan.is_ext_shared,
              is_org_shared: false,
              is_pending_ext_shared: false,
              is_member: true,
              created: 1449252889,
              name_normalized: chan.name,
            },
          },
        };
      case 'conversations.history': {
        if (!chan) return err('channel_not_found');
        const withMeta = bool(p.include_all_metadata);
        const top = (messages.get(chan.id) ?? [])
          .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
          .filter((m) => inRange(m, p));
        const newestFirst = [...top].reverse();
        const pg = page(newestFirst, p);
        return {
          body: {
            ok: true,
            messages: pg.slice.map((m) => publicMessage(m, withMeta)),
            has_more: pg.more,
            pin_count: 0,
            response_metadata: { next_cursor: pg.next },
          },
        };
      }
      case 'conversations.replies': {
        if (!chan) return err('channel_not_found');
        const ts = String(p.ts ?? '');
        const all = messages.get(chan.id) ?? [];
        const parent = all.find((m) => m.ts === ts);
        if (!parent) return err('thread_not_found');
        const withMeta = bool(p.include_all_metadata);
        const replies = all.filter((m) => m.thread_ts === ts && m.ts !== ts && inRange(m, p));
        const pg = page(replies, p);
        const list = (pg.slice.length || !p.cursor ? [parent, ...pg.slice] : pg.slice).map((m) =>
          publicMessage(m, withMeta),
        );
        return {
          body: {
            ok: true,
            messages: list,
            has_more: pg.more,
            response_metadata: { next_cursor: pg.next },
          },
        };
      }
      case 'chat.postMessage': {
        if (!chan) return err('channel_not_found');
        const text = typeof p.text === 'string' ? p.text : '';
        if (!text.trim() && !p.blocks) return err('no_text');
        if (text.length > 40_000 * 4) return err('msg_too_long');
        const thread = typeof p.thread_ts === 'string' && p.thread_ts ? p.thread_ts : null;
        if (thread && !(messages.get(chan.id) ?? []).some((m) => m.ts === thread))
          return err('thread_not_found');
        let metadata: unknown = p.metadata;
        if (typeof metadata === 'string') {
          try {
            metadata = JSON.parse(metadata);
          } catch {
            return err('invalid_metadata_format');
          }
        }
        const m: SimMessage = {
          type: 'message',
          ts: nextTs(),
          user: botUser.id,
          bot_id: botId,
          app_id: appId,
          team: teamId,
          text: text.slice(0, 40_000),
          channel: chan.id,
          ...(thread
            ? {
                thread_ts: thread,
                parent_user_id: (messages.get(chan.id) ?? []).find((x) => x.ts === thread)?.user,
              }
            : {}),
          ...(isObj(metadata) ? { metadata } : {}),
          bot_profile: {
            id: botId,
            app_id: appId,
            name: 'Steward',
            deleted: false,
            team_id: teamId,
          },
        };
        if (thread) {
          const parent = (messages.get(chan.id) ?? []).find((x) => x.ts === thread);
          if (parent && !parent.thread_ts) parent.thread_ts = parent.ts;
        }
        messages.get(chan.id)!.push(m);
        posted.push(m);
        persist();
        emitEvent({ ...m, channel_type: chan.is_im ? 'im' : 'channel' });
        const { channel: _c, ...msg } = m;
        return { body: { ok: true, channel: chan.id, ts: m.ts, message: msg } };
      }
      case 'chat.delete': {
        if (!chan) return err('channel_not_found');
        const list = messages.get(chan.id)!;
        const i = list.findIndex((m) => m.ts === p.ts);
        if (i < 0) return err('message_not_found');
        const m = list[i]!;
        if (auth === 'bot' && m.user !== botUser.id) return err('cant_delete_message');
        list.splice(i, 1);
        deletedLog.push({ channel: chan.id, ts: m.ts, by: auth });
        persist();
        emitEvent({
          type: 'message',
          subtype: 'message_deleted',
          hidden: true,
          channel: chan.id,
          channel_type: chan.is_im ? 'im' : 'channel',
          ts: nextTs(),
          deleted_ts: m.ts,
          previous_message: { type: 'message', user: m.user, text: m.text, ts: m.ts },
        });
        return { body: { ok: true, channel: chan.id, ts: m.ts } };
      }
      default:
        return err('unknown_method');
    }
  }

  const posted: SimMessage[] = [];
  const deletedLog: Array<{ channel: string; ts: string; by: string }> = [];

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if ((req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        const j = JSON.parse(raw) as unknown;
        return isObj(j) ? j : {};
      } catch {
        return {};
      }
    }
    return Object.fromEntries(new URLSearchParams(raw));
  }

  function respond(res: ServerResponse, r: Result) {
    res.writeHead(r.status ?? 200, {
      'content-type': 'application/json; charset=utf-8',
      'x-oauth-scopes': 'channels:history,chat:write,users:read',
      ...(r.headers ?? {}),
    });
    res.end(JSON.stringify(r.body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    const params = {
      ...Object.fromEntries(url.searchParams),
      ...(req.method === 'POST' ? await readBody(req) : {}),
    };
    const auth = authOf(req, params);
    const { token: _t, ...logged } = params;
    const entry: SimRequest = {
      at: Date.now(),
      method: m?.[1] ?? url.pathname,
      auth,
      params: logged,
      status: 200,
      error: null,
    };
    requests.push(entry);
    if (!m) {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    const method = m[1]!;
    const now = Date.now();
    // Rate limits: a storm answers 429 (or a `ratelimited` body) until its reset.
    const storm = storms.find((s) => !s.method || s.method === method);
    if (storm && now >= storm.until && storm.times <= 0) storms.splice(storms.indexOf(storm), 1);
    else if (storm) {
      // A request inside the advertised pause came too early; it is refused again (not extended).
      if (now < storm.until) earlyRequests++;
      else {
        storm.times--;
        storm.until = now + storm.retryAfterSec * 1000;
      }
      entry.status = storm.style === '429' ? 429 : 200;
      entry.error = 'ratelimited';
      return respond(res, {
        status: entry.status,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(storm.retryAfterSec) },
      });
    }
    const fail = fails.find((f) => f.times > 0 && (!f.method || f.method === method));
    if (fail) {
      fail.times--;
      if (fail.afterApply || fail.lose) apply(method, params, auth);
      entry.status = fail.lose ? 0 : fail.status;
      entry.error = fail.error ?? (fail.lose ? 'response lost' : `HTTP ${fail.status}`);
      if (fail.lose) return void (req.socket as Socket).destroy();
      if (fail.error) return respond(res, { body: { ok: false, error: fail.error } });
      res.writeHead(fail.status, { 'content-type': 'text/html' });
      return void res.end('<html><body>upstream error</body></html>');
    }
    const r = apply(method, params, auth);
    entry.status = r.status ?? 200;
    entry.error = r.body.ok === false ? String(r.body.error) : null;
    respond(res, r);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname.replace(/\/$/, '') !== '/link' || !tickets.delete(ticket)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return void socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  // ---- test / demo API ----
  function addUser(
    name: string,
    o2: { realName?: string; displayName?: string; teamId?: string; admin?: boolean } = {},
  ): SimUser {
    const u: SimUser = {
      id: rid('U'),
      name,
      real_name: o2.realName ?? name,
      display_name: o2.displayName ?? '',
      team_id: o2.teamId ?? teamId,
      is_bot: false,
      is_admin: !!o2.admin,
    };
    users.set(u.id, u);
    persist();
    return u;
  }
  function addChannel(name: string, o2: { shared?: boolean } = {}): string {
    const c: SimChannel = { id: rid('C'), name, is_im: false, is_ext_shared: !!o2.shared };
    channels.set(c.id, c);
    messages.set(c.id, []);
    persist();
    return c.id;
  }
  type PostInput = {
    threadTs?: string;
    broadcast?: boolean;
    blocks?: unknown[];
    files?: Array<{ name: string; mimetype?: string; size?: number }>;
    at?: number;
    silent?: boolean;
    subtype?: string;
    botName?: string;
  };
  function post(
    channel: string,
    user: SimUser | null,
    text: string,
    p: PostInput = {},
  ): SimMessage {
    const chan = channels.get(channel);
    if (!chan) throw new Error(`no channel ${channel}`);
    const ts = nextTs(p.at);
    const files = (p.files ?? []).map((f) => ({
      id: rid('F'),
      name: f.name,
      title: f.name,
      mimetype: f.mimetype ?? 'application/octet-stream',
      filetype: 'binary',
      size: f.size ?? 1024,
      url_private: `https://files.slack.com/files-pri/${teamId}-X/${encodeURIComponent(f.name)}`,
      permalink: `https://sim-workspace.slack.com/files/${user?.id ?? 'B'}/${ts}/${encodeURIComponent(f.name)}`,
      mode: 'hosted',
    }));
    const m: SimMessage = {
      type: 'message',
      ts,
      text,
      channel,
      ...(user
        ? {
            user: user.id,
            team: user.team_id,
            user_team: user.team_id,
            source_team: user.team_id,
            client_msg_id: randomBytes(16).toString('hex'),
          }
        : { subtype: 'bot_message', bot_id: rid('B'), username: p.botName ?? 'integration' }),
      ...(p.blocks
        ? { blocks: p.blocks }
        : text && user
          ? {
              blocks: [
                {
                  type: 'rich_text',
                  block_id: randomBytes(3).toString('hex'),
                  elements: [
                    {
                      type: 'rich_text_section',
                      elements: [
                        {
                          type: 'text',
                          text: text
                            .replace(/&lt;/g, '<')
                            .replace(/&gt;/g, '>')
                            .replace(/&amp;/g, '&'),
                        },
                      ],
                    },
                  ],
                },
              ],
            }
          : {}),
      ...(files.length ? { files, subtype: 'file_share', upload: false } : {}),
      ...(p.subtype ? { subtype: p.subtype } : {}),
    };
    if (p.threadTs) {
      const parent = messages.get(channel)!.find((x) => x.ts === p.threadTs);
      if (!parent) throw new Error(`no parent ${p.threadTs}`);
      if (!parent.thread_ts) parent.thread_ts = parent.ts;
      m.thread_ts = p.threadTs;
      m.parent_user_id = parent.user;
      if (p.broadcast) m.subtype = 'thread_broadcast';
    }
    messages.get(channel)!.push(m);
    persist();
    if (!p.silent) emitEvent({ ...m, channel_type: chan.is_im ? 'im' : 'channel' });
    return m;
  }
  function dm(
    user: SimUser,
    text: string,
    p: PostInput = {},
  ): { channel: string; message: SimMessage } {
    let chan = [...channels.values()].find((c) => c.is_im && c.user === user.id);
    if (!chan) {
      chan = { id: rid('D'), name: user.name, is_im: true, is_ext_shared: false, user: user.id };
      channels.set(chan.id, chan);
      messages.set(chan.id, []);
    }
    return { channel: chan.id, message: post(chan.id, user, text, p) };
  }
  function edit(channel: string, ts: string, text: string): SimMessage {
    const m = messages.get(channel)?.find((x) => x.ts === ts);
    if (!m) throw new Error(`no message ${ts}`);
    const prev = { ...m };
    m.text = text;
    if (m.blocks)
      m.blocks = [
        {
          type: 'rich_text',
          block_id: 'ed1',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
        },
      ];
    m.edited = { user: m.user, ts: nextTs() };
    persist();
    const { channel: _c, ...msg } = m;
    const { channel: _p, ...previous } = prev;
    emitEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel,
      channel_type: channels.get(channel)?.is_im ? 'im' : 'channel',
      ts: nextTs(),
      message: msg,
      previous_message: previous,
    });
    return m;
  }
  function remove(channel: string, ts: string) {
    const list = messages.get(channel)!;
    const i = list.findIndex((x) => x.ts === ts);
    if (i < 0) throw new Error(`no message ${ts}`);
    const [m] = list.splice(i, 1);
    persist();
    emitEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel,
      channel_type: channels.get(channel)?.is_im ? 'im' : 'channel',
      ts: nextTs(),
      deleted_ts: ts,
      previous_message: { type: 'message', user: m!.user, text: m!.text, ts },
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    teamId,
    appId,
    botToken,
    appToken,
    userToken,
    botUser,
    botId,
    admin,
    requests,
    posted,
    deleted: deletedLog,
    socket: socketStats,
    /** Envelopes not yet acknowledged. */
    unacked: () => pending.size,
    get earlyRequests() {
      return earlyRequests;
    },
    addUser,
    addChannel,
    post,
    dm,
    edit,
    remove,
    messagesIn: (channel: string) => [...(messages.get(channel) ?? [])],
    /** Forget an envelope (Slack gives up after its retries): it is never delivered again. */
    dropPending: () => pending.clear(),
    rateLimit(s: {
      times: number;
      retryAfterSec: number;
      style?: '429' | 'ratelimited';
      method?: string;
    }) {
      storms.push({
        times: s.times,
        retryAfterSec: s.retryAfterSec,
        style: s.style ?? '429',
        method: s.method,
        until: 0,
      });
    },
    failNext(f: Fail) {
      fails.push({ ...f });
    },
    dropSockets() {
      for (const s of sockets) s.terminate();
    },
    /** Slack's routine connection rotation: a `disconnect` frame, then the server closes. */
    sendDisconnect(reason = 'refresh_requested') {
      for (const s of sockets) {
        s.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-sim' } }));
      }
    },
    liveSockets: () => [...sockets].filter((s) => s.readyState === 1).length,
    async close() {
      clearInterval(redeliverTimer);
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
