// electron/core/connectors/discord: the Discord connector (a bot token; one server per source).
//
// CONVERSATION MODEL
//   - A thread, or a forum/media channel post (which is a thread), is one conversation:
//     `thread:<thread id>`, titled with the thread's name.
//   - Direct messages to the bot: one conversation per DM channel, `dm:<channel id>`.
//   - A plain text/announcement channel is a stream of chat, grouped per message, in this order:
//       1. a reply (`message_reference` to a message in the same channel) joins the conversation of
//          the message it answers — whoever writes it (the member, another member, an agent);
//       2. otherwise a member's message joins that member's open conversation in the channel when
//          it comes within the QUIET WINDOW of 30 minutes of that conversation's last activity (the
//          member's own messages or replies into it);
//       3. otherwise it starts a conversation `chan:<channel id>:<message id>`.
//     Why 30 minutes: people write on Discord in bursts of short lines ("hi" / "my order" / "#1234")
//     and often follow up while they wait; half an hour keeps a burst and its follow-ups together
//     (one item, one SLA clock), while a new question after a longer silence becomes a new item with
//     its own clock instead of silently reopening an old one. An answer that uses Discord's reply
//     rejoins the right conversation whatever the gap (rule 1). The window is measured on message
//     snowflake times, never on arrival, so the gateway and the REST catch-up group identically.
//     The grouping state lives in the cursor, bounded (300 open member groups, 600 message links);
//     a reply to a message older than that memory joins `chan:<channel>:<answered id>`, which is the
//     same conversation whenever the answered message started one.
//
// INBOUND
//   `subscribe` (gateway.ts) is the live path; `poll` is first sync and catch-up: per tracked channel
//   `GET /channels/{id}/messages?after=<last snowflake>&limit=100`, oldest first, at most
//   `maxRequestsPerPoll` requests, `more: true` while pages are full (sync.ts). Tracked channels:
//   the chosen channels (a chosen forum is followed through its threads), active threads and forum
//   posts under them (`GET /guilds/{id}/threads/active`, THREAD_CREATE), and DM channels that wrote
//   to the bot. Messages whose text is only embeds, attachments, stickers, a forward or a poll still
//   become readable items; system messages, other bots and webhooks are skipped. AutoMod executions
//   become moderation items (flagged; `filtered` when the message was blocked).
//
// CURSOR: see state.ts — per-channel last snowflake, thread list, forum flags, names, grouping; the
// core stores it with each committed batch (poll result or stream delivery).
//
// OUTBOUND: `render` (render.ts), then `POST /channels/{id}/messages` with `message_reference` (the
// answered message, or the conversation's first message in a plain channel), `allowed_mentions`
// limited to the replied-to member, and `nonce` (25 characters derived from the idempotency key) with
// `enforce_nonce: true`: Discord returns the first message instead of posting a second one when the
// same nonce comes again within minutes. `findSent` does not rely on it: it reads every message of
// the channel posted since the reply was queued (minus 2 minutes of skew) and matches our author and
// text (a GET does not return nonces).
import { createHash } from 'node:crypto';
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
import { subscribeGateway } from './gateway';
import {
  emptyDispatch,
  mapDispatch,
  mapMessage,
  parseDiscordTime,
  permalink,
  type DispatchResult,
} from './mapper';
import { renderDiscord, MAX_MESSAGE_LENGTH } from './render';
import { discordRequest } from './rest';
import { compareSnowflakes, isSnowflake, snowflakeAt, snowflakeTime } from './snowflake';
import { DiscordState } from './state';
import { catchUp, discoverChannels, ensureMe, PAGE, readConfig } from './sync';

/** findSent considers messages created after queuedAt minus this (clock skew). */
export const FIND_SENT_SKEW_MS = 2 * 60_000;
/** findSent reads at most this many pages of 100 before it gives up being sure. */
const FIND_SENT_MAX_PAGES = 10;
/** Longest timeout Discord allows (28 days). */
export const MAX_TIMEOUT_MINUTES = 28 * 24 * 60;
/** ban: delete the member's messages of the last N seconds (Discord allows up to 7 days). */
const MAX_DELETE_SECONDS = 7 * 24 * 3600;

const snowflakeField = z.string().trim().refine(isSnowflake, {
  message: 'is not a Discord id (copy it with Developer Mode: right-click → Copy ID)',
});
const idList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
  z.array(snowflakeField).max(100),
);

export const DiscordConfigSchema = z
  .object({
    guildId: snowflakeField,
    channelIds: idList.refine((a) => a.length > 0, { message: 'choose at least one channel' }),
    staffRoleIds: idList.optional(),
    initialHours: z.number().int().min(0).max(336).optional(),
    maxRequestsPerPoll: z.number().int().min(1).max(100).optional(),
    identifyIntervalMs: z.number().int().min(0).max(60_000).optional(),
    maxReconnects: z.number().int().min(1).max(100).optional(),
    requestTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .passthrough();

/** Discord's nonce: at most 25 characters; derived from the idempotency key so a retry sends the same one. */
export function nonceFor(idempotencyKey: string): string {
  return `s${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

type RawMessage = {
  id?: unknown;
  channel_id?: unknown;
  timestamp?: unknown;
  content?: unknown;
  nonce?: unknown;
  author?: { id?: unknown };
};

/** Where a reply goes: the conversation's channel, and the message it answers. */
export function replyTarget(
  reply: Pick<OutboundReply, 'conversationExternalId' | 'replyToExternalId' | 'conversationMeta'>,
): { channelId: string; replyTo: string | null } {
  const id = reply.conversationExternalId;
  const metaChannel = reply.conversationMeta?.channelId;
  let channelId = isSnowflake(metaChannel) ? metaChannel : null;
  let root: string | null = null;
  const m = /^(thread|dm|chan):(\d{1,20})(?::(\d{1,20}))?$/.exec(id);
  if (m) {
    channelId = channelId ?? m[2]!;
    if (m[1] === 'chan' && m[3] && isSnowflake(m[3])) root = m[3];
  }
  if (!channelId || !isSnowflake(channelId))
    throw new ConnectorError(
      `Cannot reply in "${id.slice(0, 60)}": it is not a Discord channel conversation`,
      'permanent',
      undefined,
      undefined,
      'config',
    );
  const target =
    reply.replyToExternalId && isSnowflake(reply.replyToExternalId)
      ? reply.replyToExternalId
      : root;
  return { channelId, replyTo: target };
}

function receiptOf(m: RawMessage, guildId: string | null, fallbackChannel: string): SentReceipt {
  if (!isSnowflake(m?.id))
    throw new ConnectorError('Discord accepted the message but sent no id back', 'unknown_outcome');
  const channel = isSnowflake(m.channel_id) ? m.channel_id : fallbackChannel;
  const at = typeof m.timestamp === 'string' ? parseDiscordTime(m.timestamp) : NaN;
  return {
    externalId: m.id,
    url: permalink(guildId, channel, m.id),
    createdAt: Number.isFinite(at) ? at : snowflakeTime(m.id),
  };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function textOf(reply: OutboundReply): string {
  const r = renderDiscord(reply.content ?? { markdown: reply.body });
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

/** Replay: frames, arrays of frames, bare `d` objects (kind from the file name) and REST message lists. */
const FILE_EVENTS: Array<[RegExp, string]> = [
  [/message[_-]?create/i, 'MESSAGE_CREATE'],
  [/message[_-]?update/i, 'MESSAGE_UPDATE'],
  [/message[_-]?delete[_-]?bulk/i, 'MESSAGE_DELETE_BULK'],
  [/message[_-]?delete/i, 'MESSAGE_DELETE'],
  [/auto[_-]?mod/i, 'AUTO_MODERATION_ACTION_EXECUTION'],
  [/thread[_-]?create/i, 'THREAD_CREATE'],
  [/guild[_-]?create/i, 'GUILD_CREATE'],
  [/ready/i, 'READY'],
];

function replayOne(
  x: unknown,
  st: DiscordState,
  out: DispatchResult,
  fileName: string,
  now: number,
) {
  if (x === null || typeof x !== 'object') {
    out.rejected.push({
      reason: `not a Discord frame or object (${x === null ? 'null' : typeof x})`,
      raw: x,
    });
    return;
  }
  const o = x as Record<string, unknown>;
  if ('op' in o && ('d' in o || 't' in o)) {
    if (o.op === 0) mapDispatch(o.t, o.d, st, { now }, out);
    else out.skipped++;
    return;
  }
  const named = FILE_EVENTS.find(([re]) => re.test(fileName))?.[1];
  if (named) {
    mapDispatch(named, o, st, { now }, out);
    return;
  }
  if ('author' in o || 'content' in o) {
    const r = mapMessage(o, st, {
      kindHint: typeof o.guild_id === 'string' || !('guild_id' in o) ? 'channel' : 'dm',
    });
    if ('item' in r) out.items.push(r.item);
    else if ('rejected' in r) out.rejected.push(r.rejected);
    else out.skipped++;
    return;
  }
  if ('rule_id' in o && 'action' in o)
    return void mapDispatch('AUTO_MODERATION_ACTION_EXECUTION', o, st, { now }, out);
  out.skipped++;
}

export const discordConnector: Connector = {
  platform: 'discord',
  label: { en: 'Discord', da: 'Discord', ru: 'Discord' },
  capabilities: {
    reply: true,
    platformNotes: false,
    moderation: ['approve', 'remove', 'timeout', 'ban', 'unban', 'lock'],
    moderationNotes: {
      approve: {
        en: 'Marks an AutoMod alert as handled (✅ on the alert message); Discord has no API to dismiss one.',
        da: 'Markerer en AutoMod-advarsel som behandlet (✅ på advarslen); Discord har intet API til at afvise den.',
        ru: 'Отмечает оповещение AutoMod как обработанное (✅ на оповещении); у Discord нет API, чтобы его закрыть.',
      },
      ban: {
        en: 'Discord bans are permanent (no duration).',
        da: 'Udelukkelser på Discord er permanente (ingen varighed).',
        ru: 'Баны в Discord бессрочные (без срока).',
      },
      lock: {
        en: 'Threads and forum posts only.',
        da: 'Kun tråde og forumindlæg.',
        ru: 'Только ветки и публикации форума.',
      },
    },
    push: true,
    webhooks: false,
    replyFormat: 'discord-markdown',
    maxReplyLength: MAX_MESSAGE_LENGTH,
  },
  fields: [
    {
      key: 'guildId',
      kind: 'text',
      required: true,
      label: { en: 'Server ID', da: 'Server-ID', ru: 'ID сервера' },
      help: {
        en: 'Discord → Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID.',
        da: 'Discord → Indstillinger → Avanceret → Udviklertilstand, højreklik derefter på serveren → Kopiér server-ID.',
        ru: 'Discord → Настройки → Расширенные → Режим разработчика, затем правый клик по серверу → Копировать ID сервера.',
      },
      placeholder: '123456789012345678',
    },
    {
      key: 'channelIds',
      kind: 'list',
      required: true,
      label: { en: 'Channel IDs', da: 'Kanal-ID’er', ru: 'ID каналов' },
      help: {
        en: 'Text, announcement or forum channels to follow (their threads and posts are included).',
        da: 'Tekst-, meddelelses- eller forumkanaler, der skal følges (deres tråde og indlæg medtages).',
        ru: 'Текстовые, новостные или форумные каналы (их ветки и публикации включаются).',
      },
    },
    {
      key: 'staffRoleIds',
      kind: 'list',
      required: false,
      label: { en: 'Staff role IDs', da: 'Rolle-ID’er for personale', ru: 'ID ролей сотрудников' },
      help: {
        en: 'Messages by members with these roles count as replies from your team.',
        da: 'Beskeder fra medlemmer med disse roller tæller som svar fra jeres team.',
        ru: 'Сообщения участников с этими ролями считаются ответами вашей команды.',
      },
    },
    {
      key: 'botToken',
      kind: 'secret',
      required: true,
      label: { en: 'Bot token', da: 'Bot-token', ru: 'Токен бота' },
      help: {
        en: 'Developer Portal → your application → Bot → Reset Token. Enable the Message Content intent there. Stored encrypted, never shown again.',
        da: 'Developer Portal → din applikation → Bot → Reset Token. Slå Message Content-intent til dér. Gemmes krypteret og vises aldrig igen.',
        ru: 'Developer Portal → ваше приложение → Bot → Reset Token. Там же включите Message Content intent. Хранится в зашифрованном виде.',
      },
    },
  ],
  configSchema: DiscordConfigSchema,
  // Discord's global limit is 50 requests/s per bot; per-route buckets are tracked by @discordjs/rest.
  defaultRatePerMinute: 2400,

  async test(ctx: SourceContext): Promise<{ account: string }> {
    const me = await discordRequest<{ username?: unknown; discriminator?: unknown; bot?: unknown }>(
      ctx,
      'GET',
      '/users/@me',
    );
    const name = typeof me?.username === 'string' ? me.username : 'bot';
    const disc =
      typeof me?.discriminator === 'string' && me.discriminator !== '0'
        ? `#${me.discriminator}`
        : '';
    return { account: `${name}${disc}` };
  },

  render: renderDiscord,

  async poll(ctx: SourceContext, cursor: unknown): Promise<PollResult> {
    const cfg = readConfig(ctx);
    const st = DiscordState.fromCursor(cursor, new Set(cfg.channelIds), cfg.guildId);
    const budget = { left: cfg.maxRequestsPerPoll };
    const out = emptyDispatch();
    await ensureMe(ctx, st, budget);
    await discoverChannels(ctx, st, cfg, budget, out);
    const more = await catchUp(ctx, st, cfg, budget, out);
    return { items: out.items, rejected: out.rejected, cursor: st.toCursor(), more };
  },

  subscribe(ctx: StreamContext, cursor: unknown) {
    return subscribeGateway(ctx, cursor);
  },

  async send(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt> {
    const text = textOf(reply);
    const { channelId, replyTo } = replyTarget(reply);
    const cfg = readConfig(ctx);
    const body = {
      content: text,
      nonce: nonceFor(reply.idempotencyKey),
      enforce_nonce: true,
      allowed_mentions: { parse: [], replied_user: true },
      ...(replyTo
        ? {
            message_reference: {
              message_id: replyTo,
              channel_id: channelId,
              fail_if_not_exists: false,
            },
          }
        : {}),
    };
    const m = await discordRequest<RawMessage>(ctx, 'POST', `/channels/${channelId}/messages`, {
      body,
    });
    return receiptOf(
      m,
      reply.conversationExternalId.startsWith('dm:') ? null : cfg.guildId,
      channelId,
    );
  },

  async findSent(ctx: SourceContext, reply: OutboundReply): Promise<SentReceipt | null> {
    const text = norm(textOf(reply));
    const { channelId } = replyTarget(reply);
    const cfg = readConfig(ctx);
    const st = new DiscordState(new Set(), cfg.guildId, null);
    await ensureMe(ctx, st, { left: 1 });
    if (!st.me)
      throw new ConnectorError(
        'Cannot tell our own messages apart: /users/@me sent no id',
        'transient',
      );
    const nonce = nonceFor(reply.idempotencyKey);
    const since = reply.queuedAt - FIND_SENT_SKEW_MS;
    let after = snowflakeAt(since);
    for (let page = 0; page < FIND_SENT_MAX_PAGES; page++) {
      const list = await discordRequest<unknown>(ctx, 'GET', `/channels/${channelId}/messages`, {
        query: { after, limit: PAGE },
      });
      if (!Array.isArray(list))
        throw new ConnectorError(
          'Discord sent an unexpected message list while reconciling',
          'transient',
        );
      for (const raw of list as RawMessage[]) {
        if (!raw || typeof raw !== 'object' || !isSnowflake(raw.id)) continue;
        if (compareSnowflakes(raw.id, after) > 0) after = raw.id;
        const mine = raw.author?.id === st.me;
        const same =
          raw.nonce === nonce || (typeof raw.content === 'string' && norm(raw.content) === text);
        if (mine && same && snowflakeTime(raw.id) >= since)
          return receiptOf(
            raw,
            reply.conversationExternalId.startsWith('dm:') ? null : cfg.guildId,
            channelId,
          );
      }
      // A short page: every message since the reply was queued has been read.
      if (list.length < PAGE) return null;
    }
    throw new ConnectorError(
      `More than ${FIND_SENT_MAX_PAGES * PAGE} messages in the channel since the reply was queued: cannot be sure it was not posted`,
      'transient',
    );
  },

  async moderate(ctx: SourceContext, a: ModerationRequest): Promise<ModerationResult> {
    return moderate(ctx, a);
  },

  replay(payload: unknown, hint: { fileName: string }): ItemBatch & { skipped: number } {
    const st = new DiscordState(new Set(), null, null, true);
    const out = emptyDispatch();
    const now = Date.now();
    const list = Array.isArray(payload) ? payload : [payload];
    // REST message lists come newest first: group them oldest first, as the connector does live.
    const ordered =
      Array.isArray(payload) && payload.every((x) => x && typeof x === 'object' && !('op' in x))
        ? [...list].sort((a, b) => {
            const x = (a as { id?: unknown })?.id;
            const y = (b as { id?: unknown })?.id;
            return isSnowflake(x) && isSnowflake(y) ? compareSnowflakes(x, y) : 0;
          })
        : list;
    for (const x of ordered.slice(0, 10_000)) replayOne(x, st, out, hint?.fileName ?? '', now);
    // A partial MESSAGE_UPDATE cannot be re-read without the network.
    return {
      items: out.items,
      rejected: out.rejected,
      deletions: out.deletions.length ? out.deletions : undefined,
      skipped: out.skipped + out.partial.length,
    };
  },
};

async function moderate(ctx: SourceContext, a: ModerationRequest): Promise<ModerationResult> {
  const cfg = readConfig(ctx);
  const meta = a.meta ?? {};
  const reason = a.reason?.trim() || null;
  const guild = cfg.guildId;
  const needGuild = () => {
    if (!guild)
      throw new ConnectorError(
        'The source has no server ID configured',
        'permanent',
        undefined,
        undefined,
        'config',
      );
    return guild;
  };
  const needMember = () => {
    if (!a.memberExternalId || !isSnowflake(a.memberExternalId))
      throw new ConnectorError(
        `${a.kind} needs the member's Discord id`,
        'permanent',
        undefined,
        undefined,
        'config',
      );
    return a.memberExternalId;
  };
  const channelOf = () => {
    const c = meta.channelId;
    if (isSnowflake(c)) return c;
    return replyTarget({
      conversationExternalId: a.conversationExternalId,
      replyToExternalId: null,
    }).channelId;
  };
  /** 404 on an undo-style action means it is already in the wanted state (an action is never applied twice). */
  const already = async (f: () => Promise<unknown>, done: string): Promise<ModerationResult> => {
    try {
      await f();
      return { platformResponse: done };
    } catch (err) {
      if (err instanceof ConnectorError && err.status === 404)
        return { platformResponse: `${done} (already done: Discord answered 404)` };
      throw err;
    }
  };

  switch (a.kind) {
    case 'remove': {
      const mid = a.messageExternalId;
      if (!mid || !isSnowflake(mid))
        throw new ConnectorError(
          'remove needs the Discord message id (a message blocked by AutoMod was never posted)',
          'permanent',
          undefined,
          undefined,
          'config',
        );
      const ch = channelOf();
      return already(
        () => discordRequest(ctx, 'DELETE', `/channels/${ch}/messages/${mid}`, { reason }),
        `deleted message ${mid}`,
      );
    }
    case 'timeout': {
      const uid = needMember();
      const mins = a.durationMinutes;
      if (mins == null || !Number.isFinite(mins) || mins <= 0)
        throw new ConnectorError(
          'A timeout needs a duration',
          'permanent',
          undefined,
          undefined,
          'config',
        );
      if (mins > MAX_TIMEOUT_MINUTES)
        throw new ConnectorError(
          `Discord timeouts last at most 28 days (${MAX_TIMEOUT_MINUTES} minutes)`,
          'permanent',
          undefined,
          undefined,
          'config',
        );
      const until = new Date(ctx.now() + mins * 60_000).toISOString();
      await discordRequest(ctx, 'PATCH', `/guilds/${needGuild()}/members/${uid}`, {
        body: { communication_disabled_until: until },
        reason,
      });
      return { platformResponse: `member ${uid} timed out until ${until}` };
    }
    case 'ban': {
      const uid = needMember();
      if (a.durationMinutes != null)
        throw new ConnectorError(
          'Discord bans are permanent: use a timeout for a limited time',
          'permanent',
          undefined,
          undefined,
          'config',
        );
      const raw = meta.deleteMessageSeconds;
      const seconds =
        typeof raw === 'number' && Number.isFinite(raw)
          ? Math.max(0, Math.min(MAX_DELETE_SECONDS, Math.floor(raw)))
          : 0;
      await discordRequest(ctx, 'PUT', `/guilds/${needGuild()}/bans/${uid}`, {
        body: { delete_message_seconds: seconds },
        reason,
      });
      return {
        platformResponse: `member ${uid} banned${seconds ? `, messages of the last ${seconds} s deleted` : ''}`,
      };
    }
    case 'unban': {
      const uid = needMember();
      return already(
        () => discordRequest(ctx, 'DELETE', `/guilds/${needGuild()}/bans/${uid}`, { reason }),
        `member ${uid} unbanned`,
      );
    }
    case 'lock': {
      const m = /^thread:(\d{1,20})$/.exec(a.conversationExternalId);
      if (!m || !isSnowflake(m[1]))
        throw new ConnectorError(
          'Only threads and forum posts can be locked on Discord',
          'permanent',
          undefined,
          undefined,
          'config',
        );
      await discordRequest(ctx, 'PATCH', `/channels/${m[1]}`, {
        body: { locked: true, archived: true },
        reason,
      });
      return { platformResponse: `thread ${m[1]} locked and archived` };
    }
    case 'approve': {
      const ch = meta.alertChannelId;
      const msg = meta.alertMessageId;
      if (isSnowflake(ch) && isSnowflake(msg)) {
        // Adding our reaction is idempotent (PUT): a second approve changes nothing.
        await discordRequest(
          ctx,
          'PUT',
          `/channels/${ch}/messages/${msg}/reactions/${encodeURIComponent('✅')}/@me`,
        );
        return { platformResponse: `AutoMod alert ${msg} marked handled (✅)` };
      }
      return {
        platformResponse:
          'approved in Steward only: Discord has no API to dismiss an AutoMod flag, and this one has no alert message',
      };
    }
    default:
      throw new ConnectorError(
        `Discord does not support "${a.kind}" here`,
        'permanent',
        undefined,
        undefined,
        'config',
      );
  }
}
