// electron/core/connectors/discord: Discord payloads -> NormalizedItem (pure apart from the
// DiscordState it is handed). Inbound content is hostile: every field we use is validated with zod;
// a message that fails is a RejectedItem with the field and the problem, never an exception.
// Shapes: gateway MESSAGE_CREATE/MESSAGE_UPDATE `d` (message + guild_id, member, mentions), REST
// message objects (`GET /channels/{id}/messages`, `POST` responses), partial MESSAGE_UPDATE (only
// id, channel_id and the changed fields), MESSAGE_DELETE(_BULK), THREAD_CREATE/UPDATE/DELETE,
// GUILD_CREATE (its channels and active threads), AUTO_MODERATION_ACTION_EXECUTION, READY.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NormalizedItem, RejectedItem } from '../types';
import { isSnowflake, snowflakeTime } from './snowflake';
import type { ChannelKind, DiscordState, Group } from './state';
import { isObj } from '../../../../shared/guards';

/** How long a member's messages in a plain channel keep joining their open conversation (see index.ts). */
export const QUIET_WINDOW_MS = 30 * 60_000;
export const MAX_BODY_CHARS = 100_000;
const MAX_TITLE = 120;

/** Message types that are member content: DEFAULT and REPLY. Everything else is a system message. */
const CONTENT_TYPES = new Set([0, 19]);
const TYPE_NAMES: Record<number, string> = {
  1: 'recipient add',
  2: 'recipient remove',
  3: 'call',
  4: 'channel name change',
  6: 'pin notice',
  7: 'member join',
  8: 'boost',
  18: 'thread created notice',
  20: 'slash command',
  21: 'thread starter',
  23: 'context menu command',
  24: 'AutoMod alert',
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
/** Discord's ISO-8601 timestamps ("2020-07-14T13:02:12.171000+00:00") -> ms; NaN otherwise. */
export function parseDiscordTime(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac = '', zone] = m;
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  )
    return NaN;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}.${(frac + '000').slice(0, 3)}${zone}`);
  if (!Number.isFinite(t)) return NaN;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() === Number(d)
    ? t
    : NaN;
}

const Sf = z.string().refine(isSnowflake, { message: 'is not a snowflake' });
const Time = z
  .string()
  .max(64)
  .refine((s) => Number.isFinite(parseDiscordTime(s)), { message: 'is not an ISO-8601 time' });
const OptStr = (max: number) => z.string().max(max).nullish().catch(null);
const list = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z
    .array(z.unknown())
    .max(max)
    .catch([])
    .transform((a) =>
      a.flatMap((x) => {
        const r = item.safeParse(x);
        return r.success ? [r.data as z.infer<T>] : [];
      }),
    );

const User = z.object({
  id: Sf,
  username: z.string().min(1).max(200),
  global_name: OptStr(200),
  avatar: OptStr(200),
  bot: z.boolean().nullish().catch(null),
});
const Mention = z.object({ id: Sf, username: z.string().max(200), global_name: OptStr(200) });
const Embed = z.object({
  title: OptStr(512),
  description: OptStr(8000),
  url: OptStr(2000),
  fields: list(z.object({ name: z.string().max(512), value: z.string().max(2048) }), 25),
  footer: z
    .object({ text: z.string().max(4096) })
    .nullish()
    .catch(null),
  author: z
    .object({ name: z.string().max(512) })
    .nullish()
    .catch(null),
  provider: z
    .object({ name: z.string().max(512).nullish().catch(null) })
    .nullish()
    .catch(null),
});
const Attachment = z.object({
  id: Sf.optional().catch(undefined),
  filename: z.string().max(1024),
  content_type: OptStr(200),
  size: z.number().int().min(0).nullish().catch(null),
  url: OptStr(4000),
  description: OptStr(1024),
});
const Sticker = z.object({ name: z.string().max(200) });
const Reference = z.object({
  message_id: Sf.optional(),
  channel_id: Sf.optional(),
  guild_id: Sf.optional(),
  type: z.number().int().optional(),
});
const Snapshot = z.object({
  message: z.object({
    content: z.string().max(8000).catch(''),
    embeds: list(Embed, 10),
    attachments: list(Attachment, 10),
  }),
});

/** The fields of a full message we rely on; descriptive extras are lenient (a bad one is dropped, not fatal). */
export const DiscordMessage = z.object({
  id: Sf,
  channel_id: Sf,
  guild_id: Sf.optional(),
  type: z.number().int().min(0).max(1000).default(0),
  author: User,
  content: z.string().max(MAX_BODY_CHARS),
  timestamp: Time,
  edited_timestamp: Time.nullish(),
  webhook_id: Sf.nullish().catch(null),
  member: z
    .object({ nick: OptStr(200), roles: z.array(z.string().max(25)).max(500).catch([]) })
    .partial()
    .nullish()
    .catch(null),
  mentions: list(Mention, 200),
  embeds: list(Embed, 25),
  attachments: list(Attachment, 25),
  sticker_items: list(Sticker, 5),
  stickers: list(Sticker, 5),
  message_reference: Reference.nullish().catch(null),
  referenced_message: z.unknown().optional(),
  message_snapshots: list(Snapshot, 5),
  poll: z
    .object({ question: z.object({ text: z.string().max(300) }) })
    .nullish()
    .catch(null),
  nonce: z
    .union([z.string().max(64), z.number()])
    .nullish()
    .catch(null),
});
export type DiscordMessage = z.infer<typeof DiscordMessage>;

export type MapResult =
  | { item: NormalizedItem }
  | { rejected: RejectedItem }
  | { skipped: string }
  /** A partial MESSAGE_UPDATE (only changed fields): the caller re-reads the message when it can. */
  | { partial: { channelId: string; messageId: string } };

/** A copy of a raw item small enough to quarantine (long strings cut). */
export function quarantineCopy(raw: unknown, limit = 4000): unknown {
  if (!isObj(raw))
    return typeof raw === 'string' && raw.length > limit
      ? `${raw.slice(0, limit)}… [${raw.length} chars]`
      : raw;
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(raw)) {
    if (++n > 100) break;
    if (k === '__proto__') continue;
    let json: string;
    try {
      json = JSON.stringify(v) ?? '';
    } catch {
      json = '';
    }
    out[k] =
      json.length > limit
        ? typeof v === 'string'
          ? `${v.slice(0, limit)}… [${v.length} chars]`
          : `[${Array.isArray(v) ? 'array' : 'object'} of ${json.length} chars]`
        : v;
  }
  return out;
}

function describe(raw: unknown): string {
  const id = isObj(raw) ? raw.id : undefined;
  return id === undefined
    ? 'Discord message (no id)'
    : `Discord message ${(JSON.stringify(id) ?? String(id)).slice(0, 40)}`;
}

function reject(raw: unknown, why: string): { rejected: RejectedItem } {
  return { rejected: { reason: `${describe(raw)} rejected: ${why}`, raw: quarantineCopy(raw) } };
}

function zodWhy(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(message)'} ${i.message}`)
    .join('; ');
}

/** File names as metadata only: no path separators or control characters. */
export function safeFileName(name: string): string {
  const s = name
    .replace(/[\\/]+/g, '_')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, '')
    .trim()
    .slice(0, 255);
  return s && s !== '.' && s !== '..' ? s : 'file';
}

export const permalink = (
  guildId: string | null | undefined,
  channelId: string,
  messageId?: string,
) =>
  `https://discord.com/channels/${guildId ?? '@me'}/${channelId}${messageId ? `/${messageId}` : ''}`;

export function avatarUrl(userId: string, hash: string | null | undefined): string | null {
  if (!hash || !/^(a_)?[0-9a-f]{32}$/.test(hash)) return null;
  return `https://cdn.discordapp.com/avatars/${userId}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}?size=128`;
}

/**
 * Discord-flavoured Markdown content -> readable text: user, role and channel mentions, custom
 * emoji and timestamps written out. The Markdown itself is kept (it reads fine as text).
 */
export function readableContent(
  content: string,
  mentions: ReadonlyArray<{ id: string; username: string; global_name?: string | null }>,
  names: ReadonlyMap<string, string>,
): string {
  const who = new Map(mentions.map((m) => [m.id, m.global_name || m.username]));
  return content
    .replace(/<@!?(\d{1,20})>/g, (_, id: string) => `@${who.get(id) ?? 'member'}`)
    .replace(/<@&(\d{1,20})>/g, '@role')
    .replace(/<#(\d{1,20})>/g, (_, id: string) => `#${names.get(id) ?? 'channel'}`)
    .replace(/<a?:(\w{1,64}):\d{1,20}>/g, ':$1:')
    .replace(/<t:(-?\d{1,13})(?::[tTdDfFR])?>/g, (_, s: string) => {
      const d = new Date(Number(s) * 1000);
      return Number.isFinite(d.getTime()) ? d.toISOString().replace('.000Z', 'Z') : s;
    });
}

type Parts = { text: string; attachments: NonNullable<NormalizedItem['message']['attachments']> };

/** Everything readable in a message: content, embeds, attachments, stickers, forwards, polls. */
export function messageText(m: DiscordMessage, names: ReadonlyMap<string, string>): Parts {
  const out: string[] = [];
  const content = readableContent(m.content, m.mentions, names).trim();
  if (content) out.push(content);
  for (const s of m.message_snapshots) {
    const fwd = [s.message.content.trim(), ...s.message.embeds.map(embedText)]
      .filter(Boolean)
      .join('\n');
    out.push(`[forwarded message] ${fwd || '(no text)'}`);
  }
  for (const e of m.embeds) {
    const t = embedText(e);
    if (t) out.push(t);
  }
  if (m.poll) out.push(`[poll] ${m.poll.question.text}`);
  const attachments = m.attachments.map((a) => ({
    name: safeFileName(a.filename),
    contentType: a.content_type ?? null,
    size: a.size ?? null,
    url: a.url ?? null,
  }));
  for (const a of attachments)
    out.push(`[attachment: ${a.name}${a.contentType ? ` (${a.contentType})` : ''}]`);
  for (const s of [...m.sticker_items, ...m.stickers]) out.push(`[sticker: ${s.name}]`);
  if (out.length === 0 && m.message_reference?.message_id) out.push('[reply without text]');
  return { text: out.join('\n').slice(0, MAX_BODY_CHARS), attachments };
}

function embedText(e: z.infer<typeof Embed>): string {
  const lines: string[] = [];
  if (e.author?.name) lines.push(e.author.name);
  if (e.title) lines.push(e.title);
  if (e.description) lines.push(e.description);
  for (const f of e.fields) lines.push(`${f.name}: ${f.value}`);
  if (e.footer?.text) lines.push(e.footer.text);
  if (lines.length === 0 && e.url) lines.push(e.url);
  return lines.join('\n').trim();
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
/** Discord sends Markdown, not HTML: the "HTML" we store is the text, escaped, with line breaks. */
export const textToSafeHtml = (text: string) => `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;

function titleFrom(text: string, fallback: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
}

export type Conversation = {
  id: string;
  title: string;
  createdAt: number;
  kind: NormalizedItem['conversation']['kind'];
};

/**
 * The conversation a message belongs to (the model is described in index.ts). Mutates the grouping
 * state, so messages must be passed oldest first.
 */
export function conversationFor(
  st: DiscordState,
  kind: ChannelKind,
  m: {
    id: string;
    channelId: string;
    authorId: string;
    at: number;
    text: string;
    replyTo: string | null;
    replyAuthor: string | null;
    replyText: string | null;
    memberName: string;
  },
  update = false,
): Conversation {
  if (kind === 'thread') {
    const t = st.threads.get(m.channelId);
    return {
      id: `thread:${m.channelId}`,
      title: t?.name || titleFrom(m.text, 'Thread'),
      createdAt: snowflakeTime(m.channelId),
      kind: 'thread',
    };
  }
  if (kind === 'dm') {
    if (!update) st.dms.add(m.channelId);
    return {
      id: `dm:${m.channelId}`,
      title: `Direct messages with ${m.memberName}`,
      createdAt: snowflakeTime(m.channelId),
      kind: 'private_message',
    };
  }
  const known = st.links.get(m.id);
  if (known) return fromId(st, known, m);
  if (update)
    return {
      id: `chan:${m.channelId}:${m.id}`,
      title: titleFrom(m.text, 'Message'),
      createdAt: m.at,
      kind: 'channel',
    };
  const channelName = st.names.get(m.channelId);
  const where = channelName ? ` in #${channelName}` : '';
  let g: Group | undefined;
  // 1. A reply joins the conversation of the message it answers.
  if (m.replyTo) {
    const c = st.links.get(m.replyTo);
    if (c)
      g = [...st.groups.values()].find((x) => x.id === c) ?? {
        id: c,
        ch: m.channelId,
        who: m.replyAuthor ?? m.authorId,
        at: m.at,
        title: titleFrom(m.replyText ?? m.text, 'Message') + where,
      };
    // The answered message is older than our memory: the conversation it started (or its own).
    else
      g = {
        id: `chan:${m.channelId}:${m.replyTo}`,
        ch: m.channelId,
        who: m.replyAuthor ?? m.authorId,
        at: m.at,
        title: titleFrom(m.replyText ?? m.text, 'Message') + where,
      };
  }
  // 2. Otherwise a member's messages within the quiet window join their open conversation.
  if (!g) {
    const open = st.groups.get(`${m.channelId}:${m.authorId}`);
    if (open && m.at - open.at <= QUIET_WINDOW_MS && m.at >= open.at - QUIET_WINDOW_MS) g = open;
  }
  // 3. Else this message starts a conversation.
  if (!g)
    g = {
      id: `chan:${m.channelId}:${m.id}`,
      ch: m.channelId,
      who: m.authorId,
      at: m.at,
      title: titleFrom(m.text, 'Message') + where,
    };
  const next = { ...g, at: Math.max(g.at, m.at) };
  st.putGroup(next);
  // Activity in a member's conversation (e.g. our reply) keeps that member's group open too.
  if (next.who !== m.authorId) {
    const theirs = st.groups.get(`${m.channelId}:${next.who}`);
    if (theirs && theirs.id === next.id) st.putGroup({ ...theirs, at: next.at });
  }
  st.link(m.id, next.id);
  return { id: next.id, title: next.title, createdAt: createdOf(next.id, m.at), kind: 'channel' };
}

function fromId(st: DiscordState, id: string, m: { at: number; text: string }): Conversation {
  const g = [...st.groups.values()].find((x) => x.id === id);
  return {
    id,
    title: g?.title ?? titleFrom(m.text, 'Message'),
    createdAt: createdOf(id, m.at),
    kind: 'channel',
  };
}

/** A channel conversation's id ends with its root message id, whose snowflake gives its start. */
function createdOf(convId: string, fallback: number): number {
  const root = convId.slice(convId.lastIndexOf(':') + 1);
  return isSnowflake(root) ? Math.min(snowflakeTime(root), fallback) : fallback;
}

export type MapOptions = {
  /** Role ids whose members count as staff (their messages are outbound). */
  staffRoleIds?: ReadonlySet<string>;
  /** A MESSAGE_UPDATE: a missing author/content means a partial update, not a bad message. */
  update?: boolean;
  /** The channel the message was read from (REST reads carry no guild_id). */
  kindHint?: ChannelKind;
};

/** Maps one message object (gateway `d` or REST). */
export function mapMessage(raw: unknown, st: DiscordState, o: MapOptions = {}): MapResult {
  if (!isObj(raw)) return reject(raw, 'is not an object');
  if (
    o.update &&
    (!isObj(raw.author) || typeof raw.content !== 'string' || typeof raw.timestamp !== 'string')
  ) {
    if (isSnowflake(raw.id) && isSnowflake(raw.channel_id)) {
      if (
        !o.kindHint &&
        !st.kindOf(raw.channel_id, typeof raw.guild_id === 'string' ? raw.guild_id : null)
      )
        return { skipped: `update in channel ${raw.channel_id}, which is not followed` };
      return { partial: { channelId: raw.channel_id, messageId: raw.id } };
    }
  }
  const parsed = DiscordMessage.safeParse(raw);
  if (!parsed.success) return reject(raw, zodWhy(parsed.error));
  const m = parsed.data;
  if (st.guildId && m.guild_id && m.guild_id !== st.guildId && !st.acceptAll)
    return { skipped: `message ${m.id} is from another server` };
  const kind = o.kindHint ?? st.kindOf(m.channel_id, m.guild_id ?? null);
  if (!kind)
    return { skipped: `message ${m.id} is in channel ${m.channel_id}, which is not followed` };
  if (!CONTENT_TYPES.has(m.type))
    return {
      skipped: `message ${m.id} is a system message (${TYPE_NAMES[m.type] ?? `type ${m.type}`})`,
    };
  const ours = st.me !== null && m.author.id === st.me;
  if (!ours && (m.author.bot === true || m.webhook_id))
    return { skipped: `message ${m.id} is from ${m.webhook_id ? 'a webhook' : 'another bot'}` };

  const created = parseDiscordTime(m.timestamp);
  const edited = m.edited_timestamp ? parseDiscordTime(m.edited_timestamp) : NaN;
  const { text, attachments } = messageText(m, st.names);
  const ref =
    m.message_reference && (m.message_reference.type ?? 0) === 0 ? m.message_reference : null;
  const replyTo =
    ref?.message_id && (!ref.channel_id || ref.channel_id === m.channel_id) ? ref.message_id : null;
  const refMsg = isObj(m.referenced_message) ? m.referenced_message : null;
  const refAuthor =
    refMsg && isObj(refMsg.author) && isSnowflake(refMsg.author.id) ? refMsg.author.id : null;
  const refText =
    refMsg && typeof refMsg.content === 'string' ? refMsg.content.slice(0, 500) : null;
  const displayName = (m.member?.nick || m.author.global_name || m.author.username).slice(0, 200);
  const roles = m.member?.roles ?? [];
  const isStaff = ours || (o.staffRoleIds ? roles.some((r) => o.staffRoleIds!.has(r)) : false);
  const at = Number.isFinite(created) ? created : snowflakeTime(m.id);
  const conv = conversationFor(
    st,
    kind,
    {
      id: m.id,
      channelId: m.channel_id,
      authorId: m.author.id,
      at,
      text,
      replyTo,
      replyAuthor: refAuthor,
      replyText: refText,
      memberName: displayName,
    },
    o.update === true,
  );
  const guildId = m.guild_id ?? (kind === 'dm' ? null : st.guildId);
  const body = text || '[message without text content]';
  return {
    item: {
      conversation: {
        externalId: conv.id,
        title: conv.title,
        url:
          kind === 'channel'
            ? permalink(guildId, m.channel_id, conv.id.slice(conv.id.lastIndexOf(':') + 1))
            : permalink(guildId, m.channel_id),
        createdAt: Math.min(conv.createdAt, at),
        kind: conv.kind,
        meta: { channelId: m.channel_id, guildId, channelKind: kind },
      },
      member: {
        externalId: m.author.id,
        username: m.author.username,
        displayName,
        avatarUrl: avatarUrl(m.author.id, m.author.avatar),
        isStaff,
      },
      message: {
        externalId: m.id,
        bodyHtml: textToSafeHtml(body),
        bodyText: body,
        createdAt: at,
        editedAt: Number.isFinite(edited) ? edited : null,
        // Discord has no edit counter: the edit time orders versions (1 = never edited).
        version: Number.isFinite(edited) && edited > 1 ? edited : 1,
        deleted: false,
        url: permalink(guildId, m.channel_id, m.id),
        replyToExternalId: replyTo,
        attachments,
        meta: {
          channelId: m.channel_id,
          ...(typeof m.nonce === 'string' ? { nonce: m.nonce } : {}),
        },
      },
    },
  };
}

const AutoMod = z.object({
  guild_id: Sf,
  action: z.object({ type: z.number().int(), metadata: z.unknown().optional() }),
  rule_id: Sf,
  rule_trigger_type: z.number().int(),
  user_id: Sf,
  channel_id: Sf.nullish(),
  message_id: Sf.nullish(),
  alert_system_message_id: Sf.nullish(),
  content: z.string().max(MAX_BODY_CHARS).catch(''),
  matched_keyword: z.string().max(500).nullish().catch(null),
  matched_content: z.string().max(4000).nullish().catch(null),
});
const TRIGGERS: Record<number, string> = {
  1: 'keyword',
  3: 'spam',
  4: 'keyword preset',
  5: 'mention spam',
  6: 'member profile',
};
const ACTIONS: Record<number, string> = {
  1: 'message blocked',
  2: 'alert sent',
  3: 'member timed out',
  4: 'interaction blocked',
};

/**
 * AUTO_MODERATION_ACTION_EXECUTION -> a moderation item. A blocked message never appears in the
 * channel (no message_id): the item carries the blocked text under a stable id derived from the
 * rule, member and content, so the separate block/alert/timeout executions of one message merge.
 */
export function mapAutoMod(raw: unknown, st: DiscordState, now: number): MapResult {
  const parsed = AutoMod.safeParse(raw);
  if (!parsed.success)
    return {
      rejected: {
        reason: `Discord AutoMod event rejected: ${zodWhy(parsed.error)}`,
        raw: quarantineCopy(raw),
      },
    };
  const a = parsed.data;
  if (st.guildId && a.guild_id !== st.guildId && !st.acceptAll)
    return { skipped: 'AutoMod event from another server' };
  const channelId = a.channel_id ?? null;
  const digest = createHash('sha256')
    .update(`${a.rule_id}\n${a.user_id}\n${channelId}\n${a.content}`)
    .digest('hex')
    .slice(0, 20);
  const messageId = a.message_id ?? `automod-${digest}`;
  const at = a.message_id
    ? snowflakeTime(a.message_id)
    : a.alert_system_message_id
      ? snowflakeTime(a.alert_system_message_id)
      : now;
  const reasons = [
    `AutoMod ${TRIGGERS[a.rule_trigger_type] ?? `rule type ${a.rule_trigger_type}`} rule: ${ACTIONS[a.action.type] ?? `action ${a.action.type}`}`,
  ];
  if (a.matched_keyword) reasons.push(`matched “${a.matched_keyword}”`);
  const text =
    a.content.trim() ||
    a.matched_content?.trim() ||
    '[content not available: the bot needs the Message Content intent]';
  const conv =
    a.message_id && channelId
      ? (st.links.get(a.message_id) ?? `chan:${channelId}:${a.message_id}`)
      : `automod:${a.message_id ?? digest}`;
  return {
    item: {
      conversation: {
        externalId: conv,
        title: titleFrom(text, 'AutoMod'),
        url: channelId ? permalink(a.guild_id, channelId, a.message_id ?? undefined) : null,
        createdAt: at,
        kind: 'channel',
        meta: { channelId, guildId: a.guild_id, channelKind: 'channel' },
      },
      member: {
        externalId: a.user_id,
        username: a.user_id,
        displayName: `member ${a.user_id}`,
        avatarUrl: null,
        isStaff: false,
      },
      message: {
        externalId: messageId,
        bodyHtml: textToSafeHtml(text),
        bodyText: text,
        createdAt: at,
        editedAt: null,
        version: 1,
        deleted: a.action.type === 1,
        url: channelId && a.message_id ? permalink(a.guild_id, channelId, a.message_id) : null,
        meta: {
          channelId,
          ruleId: a.rule_id,
          automodAction: a.action.type,
          alertMessageId: a.alert_system_message_id ?? null,
          alertChannelId: alertChannel(a.action.metadata),
        },
      },
      moderation: { state: a.action.type === 1 ? 'filtered' : 'flagged', reasons, reportCount: 0 },
    },
  };
}

function alertChannel(meta: unknown): string | null {
  return isObj(meta) && isSnowflake(meta.channel_id) ? meta.channel_id : null;
}

/** What one gateway dispatch (or replayed frame) yields. */
export type DispatchResult = {
  items: NormalizedItem[];
  rejected: RejectedItem[];
  deletions: string[];
  partial: Array<{ channelId: string; messageId: string }>;
  skipped: number;
  /** A new thread to catch up from its start (its id, so the first message is included). */
  newThreads: string[];
};

export const emptyDispatch = (): DispatchResult => ({
  items: [],
  rejected: [],
  deletions: [],
  partial: [],
  skipped: 0,
  newThreads: [],
});

function addResult(out: DispatchResult, r: MapResult, st: DiscordState, advance: boolean) {
  if ('item' in r) {
    out.items.push(r.item);
    const ch = r.item.message.meta?.channelId;
    // Only a new message moves the channel's catch-up position (an edit may be of an old one).
    if (advance && typeof ch === 'string' && isSnowflake(r.item.message.externalId))
      st.advance(ch, r.item.message.externalId);
  } else if ('rejected' in r) out.rejected.push(r.rejected);
  else if ('partial' in r) out.partial.push(r.partial);
  else out.skipped++;
}

const THREAD_TYPES = new Set([10, 11, 12]);
const FORUM_TYPES = new Set([15, 16]);

function learnChannel(st: DiscordState, c: unknown, out: DispatchResult | null) {
  if (!isObj(c) || !isSnowflake(c.id)) return;
  const name = typeof c.name === 'string' ? c.name : '';
  if (typeof c.type === 'number' && THREAD_TYPES.has(c.type) && isSnowflake(c.parent_id)) {
    const isNew = !st.threads.has(c.id);
    if (st.addThread(c.id, c.parent_id, name) && isNew && out) out.newThreads.push(c.id);
    return;
  }
  if (name) st.setName(c.id, name);
  if (st.chosen.has(c.id) && typeof c.type === 'number') {
    st.typed.add(c.id);
    if (FORUM_TYPES.has(c.type)) st.forums.add(c.id);
    else st.forums.delete(c.id);
  }
}

/**
 * One dispatch `t`/`d` -> items, deletions, partial updates to re-read. Never throws; anything we
 * do not use counts as skipped. Mutates the state (thread list, channel positions, grouping).
 */
export function mapDispatch(
  t: unknown,
  d: unknown,
  st: DiscordState,
  o: { now: number; staffRoleIds?: ReadonlySet<string> },
  out: DispatchResult = emptyDispatch(),
): DispatchResult {
  const guildOf = (x: Record<string, unknown>) =>
    typeof x.guild_id === 'string' ? x.guild_id : null;
  switch (t) {
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE': {
      const update = t === 'MESSAGE_UPDATE';
      // A create we already delivered (the catch-up read it first, or a resume replayed it) is not repeated.
      if (
        !update &&
        isObj(d) &&
        isSnowflake(d.id) &&
        isSnowflake(d.channel_id) &&
        st.seen(d.channel_id, d.id)
      ) {
        out.skipped++;
        return out;
      }
      addResult(out, mapMessage(d, st, { update, staffRoleIds: o.staffRoleIds }), st, !update);
      return out;
    }
    case 'MESSAGE_DELETE': {
      if (
        isObj(d) &&
        isSnowflake(d.id) &&
        isSnowflake(d.channel_id) &&
        st.kindOf(d.channel_id, guildOf(d))
      )
        out.deletions.push(d.id);
      else if (isObj(d) && isSnowflake(d.id)) out.skipped++;
      else
        out.rejected.push({
          reason: 'Discord MESSAGE_DELETE rejected: id or channel_id is not a snowflake',
          raw: quarantineCopy(d),
        });
      return out;
    }
    case 'MESSAGE_DELETE_BULK': {
      if (isObj(d) && Array.isArray(d.ids) && isSnowflake(d.channel_id)) {
        if (!st.kindOf(d.channel_id, guildOf(d))) out.skipped++;
        else for (const id of d.ids.slice(0, 1000)) if (isSnowflake(id)) out.deletions.push(id);
      } else
        out.rejected.push({
          reason:
            'Discord MESSAGE_DELETE_BULK rejected: ids is not a list or channel_id is not a snowflake',
          raw: quarantineCopy(d),
        });
      return out;
    }
    case 'THREAD_CREATE':
    case 'THREAD_UPDATE':
      learnChannel(st, d, out);
      out.skipped++;
      return out;
    case 'THREAD_DELETE':
      if (isObj(d) && isSnowflake(d.id)) st.threads.delete(d.id);
      out.skipped++;
      return out;
    case 'THREAD_LIST_SYNC':
    case 'GUILD_CREATE': {
      if (isObj(d) && (!st.guildId || d.guild_id === st.guildId || d.id === st.guildId)) {
        if (Array.isArray(d.channels))
          for (const c of d.channels.slice(0, 1000)) learnChannel(st, c, null);
        if (Array.isArray(d.threads))
          for (const c of d.threads.slice(0, 1000)) learnChannel(st, c, out);
      }
      out.skipped++;
      return out;
    }
    case 'CHANNEL_CREATE':
    case 'CHANNEL_UPDATE':
      learnChannel(st, d, null);
      out.skipped++;
      return out;
    case 'AUTO_MODERATION_ACTION_EXECUTION':
      addResult(out, mapAutoMod(d, st, o.now), st, false);
      return out;
    case 'READY':
      if (isObj(d) && isObj(d.user) && isSnowflake(d.user.id)) st.me = d.user.id;
      out.skipped++;
      return out;
    default:
      out.skipped++;
      return out;
  }
}
