// electron/core/connectors/slack: the Slack connector (a Slack app installed in one workspace; two
// secrets: the bot token `xoxb-` for the Web API and the app-level token `xapp-` for Socket Mode; an
// optional user token `xoxp-` for deleting other people's messages).
//
// CONVERSATION MODEL
//   - A thread is one conversation: `<channel>:<thread_ts>`, titled with the first line of its parent.
//   - A top-level member message in a chosen channel starts one under its own ts — the same id its
//     thread will have, so the replies to it (members' and ours) join it. A top-level message by staff
//     (our app, `staffUserIds`, members of `staffTeamIds`) starts nothing.
//   - DMs and group DMs with the app: one conversation per DM channel, `dm:<channel>`.
//   - Message ids are `<channel>:<ts>` (a ts is unique only within its channel). Edits are new versions
//     (the edit time), deletions (`message_deleted`, a tombstoned parent) are `deletions`.
//   - Slack Connect: members of other organisations in a shared channel are marked `external` in the
//     message meta and the channel `shared` in the conversation meta; members of the teams listed in
//     `staffTeamIds` (e.g. the agency's own workspace) count as staff.
//
// INBOUND: `subscribe` (socket.ts, Socket Mode) is the live path; `poll` (sync.ts) is the first sync and
// the catch-up before every (re)subscribe: conversations.history of each chosen channel and known DM
// from the stored per-channel ts (oldest first, bounded by `maxRequestsPerPoll`, `more: true` while
// there is more), then conversations.replies of the followed threads. CURSOR: see sync.ts.
//
// OUTBOUND: `render` (render.ts: Markdown -> mrkdwn, ≤ 40,000 characters), then chat.postMessage with
// `thread_ts` (none in a DM) and message metadata `{event_type: 'steward_reply', event_payload: {key}}`
// holding the idempotency key. `findSent` reads the thread (conversations.replies) — or the DM's
// history — since the reply was queued, with `include_all_metadata`, for that key: the whole window,
// else it throws (never a guess).
import { z } from 'zod';
import type {
  Connector,
  ItemBatch,
  ModerationRequest,
  ModerationResult,
  OutboundReply,
  PollResult,
  SentReceipt,
  SourceContext,
  StreamContext,
} from '../types';
import { ConnectorError } from '../types';
import { call, userToken, type CallResult } from './api';
import {
  compareTs,
  isChannelId,
  isDmChannel,
  isTs,
  mapMessage,
  mapMessageEvent,
  messageIdOf,
  tsAt,
  tsMs,
  type MapEnv,
  type MapResult,
} from './mapper';
import { MAX_MESSAGE_LENGTH, renderSlack } from './render';
import { subscribeSocket } from './socket';
import { catchUp, collect, emptyOut, readConfig, SlackState } from './sync';
import { isObj } from '../../../../shared/guards';

/** findSent considers messages posted after queuedAt minus this (clock skew). */
export const FIND_SENT_SKEW_MS = 2 * 60_000;
const FIND_SENT_MAX_PAGES = 10;
export const REPLY_EVENT_TYPE = 'steward_reply';

const channelId = z
  .string()
  .trim()
  .regex(/^[CGD][A-Z0-9]{2,40}$/, {
    message: 'is not a Slack channel id (channel details → About → Channel ID, e.g. C0123ABCD)',
  });
const idList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
    z.array(item).max(200),
  );

export const SlackConfigSchema = z
  .object({
    channelIds: idList(channelId).refine((a) => a.length > 0, {
      message: 'choose at least one channel',
    }),
    staffUserIds: idList(
      z
        .string()
        .trim()
        .regex(/^[UW][A-Z0-9]{2,40}$/, { message: 'is not a Slack member id (U…)' }),
    ).optional(),
    staffTeamIds: idList(
      z
        .string()
        .trim()
        .regex(/^[TE][A-Z0-9]{2,40}$/, { message: 'is not a Slack team id (T…)' }),
    ).optional(),
    includeBotMessages: z.boolean().optional(),
    initialHours: z.number().int().min(0).max(336).optional(),
    threadHours: z.number().int().min(1).max(720).optional(),
    historyLimit: z.number().int().min(1).max(999).optional(),
    maxRequestsPerPoll: z.number().int().min(1).max(500).optional(),
    requestTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .passthrough();

/** Where a reply goes: `<channel>:<thread ts>` or `dm:<channel>`. */
export function replyTarget(
  reply: Pick<OutboundReply, 'conversationExternalId' | 'conversationMeta'>,
): { channel: string; threadTs: string | null } {
  const id = reply.conversationExternalId;
  const dm = /^dm:([CGD][A-Z0-9]{2,40})$/.exec(id);
  if (dm) return { channel: dm[1]!, threadTs: null };
  const m = /^([CGD][A-Z0-9]{2,40}):(\d{1,12}\.\d{1,9})$/.exec(id);
  if (m) return { channel: m[1]!, threadTs: m[2]! };
  throw new ConnectorError(
    `Cannot reply in "${id.slice(0, 60)}": it is not a Slack thread or DM conversation`,
    'permanent',
    undefined,
    undefined,
    'config',
  );
}

function textOf(reply: OutboundReply): string {
  const r = renderSlack(reply.content ?? { markdown: reply.body });
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

const keyOf = (m: Record<string, unknown>): string | null => {
  const md = m.metadata;
  if (!isObj(md) || md.event_type !== REPLY_EVENT_TYPE || !isObj(md.event_payload)) return null;
  return typeof md.event_payload.key === 'string' ? md.event_payload.key : null;
};

/** The posted message (no permalink: that needs the workspace URL, one more call for nothing). */
function receipt(channel: string, ts: unknown): SentReceipt {
  if (!isTs(ts))
    throw new ConnectorError('Slack accepted the message but sent no ts back', 'unknown_outcome');
  return { externalId: messageIdOf(channel, ts), url: null, createdAt: tsMs(ts) };
}

/** Replay: Socket Mode envelopes, Events API callbacks, bare events and Web API responses. */
function replayOne(
  x: unknown,
  env: MapEnv,
  out: ReturnType<typeof emptyOut>,
  hintChannel: string | null,
) {
  if (!isObj(x)) {
    out.rejected.push({
      reason: `not a Slack envelope, event or API response (${x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x})`,
      raw:
        typeof x === 'string'
          ? x.slice(0, 2000)
          : x === undefined
            ? null
            : Buffer.isBuffer(x)
              ? `[${x.length} bytes]`
              : x,
    });
    return;
  }
  // Socket Mode envelope: { type: 'events_api', envelope_id, payload: { event } }
  if (x.type === 'events_api' && isObj(x.payload))
    return replayOne(x.payload, env, out, hintChannel);
  if (x.type === 'hello' || x.type === 'disconnect' || typeof x.envelope_id === 'string')
    return void out.skipped++;
  // Events API callback: { type: 'event_callback', event, event_id, … }
  if (isObj(x.event)) {
    const ev = x.event;
    if (ev.type !== 'message') return void out.skipped++;
    for (const r of mapMessageEvent(ev, isDmChannel, env)) collect(r, out);
    return;
  }
  // Web API response: { ok, messages[] } (history / replies) or { ok, message, channel } (postMessage)
  if (x.ok === false) return void out.skipped++;
  const channel = isChannelId(x.channel)
    ? x.channel
    : isObj(x.channel) && isChannelId(x.channel.id)
      ? x.channel.id
      : hintChannel;
  if (Array.isArray(x.messages)) {
    const msgs = [...x.messages].slice(0, 10_000);
    msgs.sort((a, b) =>
      isObj(a) && isObj(b) && isTs(a.ts) && isTs(b.ts) ? compareTs(a.ts, b.ts) : 0,
    );
    for (const m of msgs) {
      const c = isObj(m) && isChannelId(m.channel) ? m.channel : channel;
      if (!c) {
        out.rejected.push({
          reason:
            'Slack message rejected: the response names no channel (replay a file named after it, e.g. C0123ABCD.json)',
          raw: m,
        });
        continue;
      }
      collect(mapMessage(m, { channel: c, dm: isDmChannel(c, undefined) }, env), out);
    }
    return;
  }
  if (isObj(x.message) && channel)
    return void collect(
      mapMessage(x.message, { channel, dm: isDmChannel(channel, undefined) }, env),
      out,
    );
  // A bare event or message.
  if (x.type === 'message') {
    if (isChannelId(x.channel))
      for (const r of mapMessageEvent(x, isDmChannel, env)) collect(r, out);
    else if (channel)
      collect(mapMessage(x, { channel, dm: isDmChannel(channel, undefined) }, env), out);
    else out.rejected.push({ reason: 'Slack message rejected: no channel id', raw: x });
    return;
  }
  out.skipped++;
}

export const slackConnector: Connector = {
  platform: 'slack',
  label: { en: 'Slack', da: 'Slack', ru: 'Slack' },
  capabilities: {
    reply: true,
    platformNotes: false,
    moderation: ['delete'],
    moderationNotes: {
      delete: {
        en: 'Needs a user token (xoxp-) of a workspace admin or owner with chat:write: Slack lets a bot delete only its own messages.',
        da: 'Kræver et brugertoken (xoxp-) fra en administrator eller ejer af arbejdsområdet med chat:write: Slack lader en bot slette kun sine egne beskeder.',
        ru: 'Нужен пользовательский токен (xoxp-) администратора или владельца рабочего пространства с chat:write: бот может удалять только свои сообщения.',
      },
    },
    push: true,
    webhooks: false,
    replyFormat: 'slack-mrkdwn',
    maxReplyLength: MAX_MESSAGE_LENGTH,
  },
  fields: [
    {
      key: 'channelIds',
      kind: 'list',
      required: true,
      label: { en: 'Channel IDs', da: 'Kanal-ID’er', ru: 'ID каналов' },
      help: {
        en: 'Channels to follow (open the channel → its name → About → Channel ID). Invite the app to each. Direct messages to the app are always included.',
        da: 'Kanaler, der skal følges (åbn kanalen → dens navn → Om → Kanal-ID). Invitér appen til hver. Direkte beskeder til appen medtages altid.',
        ru: 'Каналы для отслеживания (откройте канал → его название → О канале → ID канала). Пригласите в каждый приложение. Личные сообщения приложению включаются всегда.',
      },
      placeholder: 'C0123ABCD',
    },
    {
      key: 'staffTeamIds',
      kind: 'list',
      required: false,
      label: {
        en: 'Staff team IDs (Slack Connect)',
        da: 'Team-ID’er for personale (Slack Connect)',
        ru: 'ID команд сотрудников (Slack Connect)',
      },
      help: {
        en: 'In a channel shared with your agency, messages from members of these workspaces (T…) count as replies from your team.',
        da: 'I en kanal delt med jeres bureau tæller beskeder fra medlemmer af disse arbejdsområder (T…) som svar fra jeres team.',
        ru: 'В канале, общем с вашим агентством, сообщения участников этих пространств (T…) считаются ответами вашей команды.',
      },
    },
    {
      key: 'staffUserIds',
      kind: 'list',
      required: false,
      label: { en: 'Staff member IDs', da: 'Medlems-ID’er for personale', ru: 'ID сотрудников' },
      help: {
        en: 'Messages by these members (U…) count as replies from your team.',
        da: 'Beskeder fra disse medlemmer (U…) tæller som svar fra jeres team.',
        ru: 'Сообщения этих участников (U…) считаются ответами вашей команды.',
      },
    },
    {
      key: 'botToken',
      kind: 'secret',
      required: true,
      label: { en: 'Bot token (xoxb-…)', da: 'Bot-token (xoxb-…)', ru: 'Токен бота (xoxb-…)' },
      help: {
        en: 'api.slack.com/apps → your app → OAuth & Permissions. Scopes: channels:history, groups:history, im:history, mpim:history, channels:read, users:read, chat:write. Stored encrypted, never shown again.',
        da: 'api.slack.com/apps → din app → OAuth & Permissions. Scopes: channels:history, groups:history, im:history, mpim:history, channels:read, users:read, chat:write. Gemmes krypteret og vises aldrig igen.',
        ru: 'api.slack.com/apps → ваше приложение → OAuth & Permissions. Права: channels:history, groups:history, im:history, mpim:history, channels:read, users:read, chat:write. Хранится в зашифрованном виде.',
      },
      placeholder: 'xoxb-…',
    },
    {
      key: 'appToken',
      kind: 'secret',
      required: true,
      label: {
        en: 'App-level token (xapp-…)',
        da: 'App-token (xapp-…)',
        ru: 'Токен приложения (xapp-…)',
      },
      help: {
        en: 'Basic Information → App-Level Tokens, with connections:write; enable Socket Mode and subscribe to message.channels, message.groups, message.im, message.mpim.',
        da: 'Basic Information → App-Level Tokens, med connections:write; slå Socket Mode til og abonnér på message.channels, message.groups, message.im, message.mpim.',
        ru: 'Basic Information → App-Level Tokens, с connections:write; включите Socket Mode и подпишитесь на message.channels, message.groups, message.im, message.mpim.',
      },
      placeholder: 'xapp-…',
    },
    {
      key: 'userToken',
      kind: 'secret',
      required: false,
      label: {
        en: 'Admin user token (xoxp-…, optional)',
        da: 'Administrator-brugertoken (xoxp-…, valgfrit)',
        ru: 'Токен администратора (xoxp-…, необязательно)',
      },
      help: {
        en: 'Only for deleting members’ messages: a workspace admin’s user token with chat:write.',
        da: 'Kun til at slette medlemmers beskeder: en administrators brugertoken med chat:write.',
        ru: 'Только для удаления сообщений участников: пользовательский токен администратора с chat:write.',
      },
      placeholder: 'xoxp-…',
    },
  ],
  configSchema: SlackConfigSchema,
  // Tier 3 (conversations.history/replies/info: 50+/min) is the binding tier for the catch-up.
  defaultRatePerMinute: 50,

  async test(ctx: SourceContext): Promise<{ account: string }> {
    const r = await call(ctx, 'auth.test', {});
    const user = typeof r.user === 'string' ? r.user : 'app';
    const team = typeof r.team === 'string' ? r.team : 'workspace';
    return { account: `${user} @ ${team}` };
  },

  render: renderSlack,

  async poll(ctx: SourceContext, cursor: unknown): Promise<PollResult> {
    const cfg = readConfig(ctx);
    const st = SlackState.fromCursor(cursor);
    const out = emptyOut();
    // A thread broadcast is both in the channel's history and in its thread: deliver it once per poll.
    const more = await catchUp(ctx, st, cfg, { left: cfg.maxRequestsPerPoll }, out, new Set());
    return {
      items: out.items,
      rejected: out.rejected,
      deletions: out.deletions.length ? out.deletions : undefined,
      cursor: st.toCursor(),
      more,
    };
  },

  subscribe(ctx: StreamContext, cursor: unknown) {
    return subscribeSocket(ctx, cursor);
  },

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const text = textOf(reply);
    const { channel, threadTs } = replyTarget(reply);
    const r = await call(ctx, 'chat.postMessage', {
      channel,
      text,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      mrkdwn: true,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { key: reply.idempotencyKey } },
    });
    return receipt(isChannelId(r.channel) ? r.channel : channel, r.ts);
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const { channel, threadTs } = replyTarget(reply);
    const oldest = tsAt(Math.max(0, reply.queuedAt - FIND_SENT_SKEW_MS));
    let cursor: string | undefined;
    for (let page = 0; page < FIND_SENT_MAX_PAGES; page++) {
      const args = {
        channel,
        oldest,
        inclusive: true,
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      };
      const r: CallResult = threadTs
        ? await call(ctx, 'conversations.replies', { ...args, ts: threadTs })
        : await call(ctx, 'conversations.history', args);
      if (!Array.isArray(r.messages))
        throw new ConnectorError(
          'Slack sent an unexpected message list while reconciling',
          'transient',
        );
      for (const m of r.messages) {
        if (isObj(m) && keyOf(m) === reply.idempotencyKey && isTs(m.ts))
          return receipt(channel, m.ts);
      }
      const next = r.response_metadata?.next_cursor;
      if (r.has_more === true) {
        if (typeof next !== 'string' || !next)
          throw new ConnectorError(
            'Slack said more messages exist but gave no cursor: cannot be sure the reply was not posted',
            'transient',
          );
        cursor = next;
        continue;
      }
      // Every message since the reply was queued has been read.
      return null;
    }
    throw new ConnectorError(
      `More than ${FIND_SENT_MAX_PAGES * 200} messages since the reply was queued: cannot be sure it was not posted`,
      'transient',
    );
  },

  async moderate(ctx: SourceContext, a: ModerationRequest): Promise<ModerationResult> {
    if (a.kind !== 'delete')
      throw new ConnectorError(
        `Slack does not support "${a.kind}" here`,
        'permanent',
        undefined,
        undefined,
        'config',
      );
    const token = userToken(ctx);
    if (!token)
      throw new ConnectorError(
        'Deleting a member’s message on Slack needs an admin user token (xoxp-): add one to the source. A bot can delete only its own messages.',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    const id = a.messageExternalId ?? '';
    const m = /^([CGD][A-Z0-9]{2,40}):(\d{1,12}\.\d{1,9})$/.exec(id);
    if (!m)
      throw new ConnectorError(
        'delete needs the Slack message (channel:ts)',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    try {
      await call(ctx, 'chat.delete', { channel: m[1], ts: m[2] }, { token });
      return { platformResponse: `deleted message ${m[2]} in ${m[1]}` };
    } catch (err) {
      // Already gone: the wanted state (a delete is never applied twice).
      if (
        err instanceof ConnectorError &&
        err.reason === 'not_found' &&
        /message_not_found/.test(err.message)
      )
        return { platformResponse: `message ${m[2]} was already deleted` };
      throw err;
    }
  },

  replay(payload: unknown, hint: { fileName: string }): ItemBatch & { skipped: number } {
    const env: MapEnv = { me: null, users: new Map(), channelNames: new Map(), includeBots: true };
    const out = emptyOut();
    const fromName = /([CGD][A-Z0-9]{2,40})/.exec(hint?.fileName ?? '')?.[1] ?? null;
    const list = Array.isArray(payload) ? payload.slice(0, 10_000) : [payload];
    for (const x of list) replayOne(x, env, out, fromName);
    return {
      items: out.items,
      rejected: out.rejected,
      deletions: out.deletions.length ? out.deletions : undefined,
      skipped: out.skipped,
    };
  },
};

export type { MapResult };
