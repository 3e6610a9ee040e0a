// electron/core/connectors/slack: pure normalizers. A Slack message (from an Events API `message`
// event, a Socket Mode envelope, conversations.history or conversations.replies) -> a NormalizedItem,
// a deletion, a skip with its reason, or a RejectedItem with a precise reason. Never throws on input:
// everything is hostile JSON (own `__proto__` keys included — we only read own, typed fields).
//
// Conversation model (see index.ts): a thread is one conversation `<channel>:<thread_ts>`; a top-level
// member message starts one under its own ts (its later thread has the same id). DMs and group DMs
// with the app are one conversation per DM channel, `dm:<channel>`. Message ids are `<channel>:<ts>`
// (a ts is unique only within its channel).
//
// Text: rich_text blocks (what the Slack client renders for people) are preferred; else `text`
// (mrkdwn, resolved and entity-decoded once: text.ts); else layout blocks or legacy attachments of bot
// posts. Files are attachment metadata (names sanitised). Versions: 1 for an unedited message, the
// edit time in ms for an edited one, so live events and a later catch-up agree.
import type { NormalizedItem, RejectedItem } from '../types';
import {
  escapeHtml,
  layoutBlocksToParts,
  mrkdwnToParts,
  richTextToParts,
  type Names,
  type Parts,
} from './text';
import { isObj } from '../../../../shared/guards';

export type UserInfo = {
  name: string;
  displayName: string;
  avatarUrl: string | null;
  isBot: boolean;
  teamId: string | null;
};
export type Me = { userId: string; botId: string | null; teamId: string; url: string | null };
export type MapEnv = {
  me: Me | null;
  users: ReadonlyMap<string, UserInfo>;
  channelNames: ReadonlyMap<string, string>;
  /** Channels shared with other organisations (Slack Connect). */
  sharedChannels?: ReadonlySet<string>;
  staffUserIds?: ReadonlySet<string>;
  /** Teams whose members are staff (e.g. the agency's own workspace across a Slack Connect channel). */
  staffTeamIds?: ReadonlySet<string>;
  /** Messages of other bots and integrations (bot_message) become items (default: skipped). */
  includeBots?: boolean;
};
export type MapResult =
  | { item: NormalizedItem }
  | { rejected: RejectedItem }
  | { deletion: string }
  | { skipped: string };

/** Slack ids: C/G/D channels, U/W users, B bots, T/E teams; uppercase letters and digits. */
export const isChannelId = (v: unknown): v is string =>
  typeof v === 'string' && /^[CGD][A-Z0-9]{2,40}$/.test(v);
export const isUserId = (v: unknown): v is string =>
  typeof v === 'string' && /^[UWB][A-Z0-9]{2,40}$/.test(v);
export const isTeamId = (v: unknown): v is string =>
  typeof v === 'string' && /^[TE][A-Z0-9]{2,40}$/.test(v);
/** A message ts: seconds '.' microseconds ("1512085950.000216"). */
export const isTs = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{1,12}\.\d{1,9}$/.test(v);
export const tsMs = (ts: string): number => Math.floor(Number(ts) * 1000);
/** Compares two ts strings numerically (seconds, then the fraction as digits). */
export function compareTs(a: string, b: string): number {
  const [as, af = ''] = a.split('.');
  const [bs, bf = ''] = b.split('.');
  const d = Number(as) - Number(bs);
  if (d !== 0) return d < 0 ? -1 : 1;
  const x = af.padEnd(9, '0');
  const y = bf.padEnd(9, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}
export const tsAt = (ms: number): string =>
  `${Math.floor(ms / 1000)}.${String(Math.floor(ms % 1000) * 1000).padStart(6, '0')}`;

const MAX_TEXT = 100_000;
const own = (o: Record<string, unknown>, k: string): unknown =>
  Object.hasOwn(o, k) ? o[k] : undefined;
const str = (o: Record<string, unknown>, k: string): string | undefined => {
  const v = own(o, k);
  return typeof v === 'string' ? v : undefined;
};

/** A bounded copy for quarantine (a huge text is cut, never stored whole). */
export function quarantineCopy(raw: unknown): unknown {
  let json: string;
  try {
    json = JSON.stringify(raw) ?? 'undefined';
  } catch {
    return '[unserializable]';
  }
  if (json.length <= 16_000) return raw === undefined ? null : (JSON.parse(json) as unknown);
  return { truncated: true, length: json.length, preview: json.slice(0, 16_000) };
}

function reject(raw: unknown, why: string): { rejected: RejectedItem } {
  const ts = isObj(raw) ? own(raw, 'ts') : undefined;
  const what =
    typeof ts === 'string' ? `Slack message ${ts.slice(0, 30)}` : 'Slack message (no ts)';
  return { rejected: { reason: `${what} rejected: ${why}`, raw: quarantineCopy(raw) } };
}

/** File names as metadata only: no path separators or control characters. */
export function safeFileName(name: string): string {
  const s = name
    .replace(/[\\/]+/g, '_')
    // eslint-disable-next-line no-control-regex -- removing control characters from a platform file name is the point
    .replace(/[\u0000-\u001f\u007f]+/g, '')
    .trim()
    .slice(0, 255);
  return s && s !== '.' && s !== '..' ? s : 'file';
}

/** https://<workspace>.slack.com/archives/<channel>/p<ts without dot>[?thread_ts=…&cid=…] */
export function permalink(
  me: Me | null,
  channel: string,
  ts: string,
  threadTs?: string | null,
): string | null {
  if (!me?.url || !/^https:\/\/[a-z0-9.-]+\/?$/i.test(me.url)) return null;
  const base = `${me.url.replace(/\/$/, '')}/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

export const conversationIdOf = (channel: string, threadTs: string, dm: boolean) =>
  dm ? `dm:${channel}` : `${channel}:${threadTs}`;
export const messageIdOf = (channel: string, ts: string) => `${channel}:${ts}`;

function namesOf(env: MapEnv): Names {
  return {
    user: (id) => {
      const u = env.users.get(id);
      return u ? u.displayName || u.name : null;
    },
    channel: (id) => env.channelNames.get(id) ?? null,
  };
}

function files(m: Record<string, unknown>): NonNullable<NormalizedItem['message']['attachments']> {
  const list = own(m, 'files');
  if (!Array.isArray(list)) return [];
  const out: Array<{
    name: string;
    contentType: string | null;
    size: number | null;
    url: string | null;
  }> = [];
  for (const f of list.slice(0, 50)) {
    if (!isObj(f)) continue;
    if (str(f, 'mode') === 'tombstone') continue;
    const name = safeFileName(str(f, 'name') || str(f, 'title') || 'file');
    const size = own(f, 'size');
    const url = str(f, 'permalink') ?? str(f, 'url_private') ?? null;
    const mime = str(f, 'mimetype');
    out.push({
      name,
      contentType: mime && /^[\w.+-]{1,100}\/[\w.+-]{1,100}$/.test(mime) ? mime : null,
      size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : null,
      url: url && /^https:\/\//.test(url) ? url : null,
    });
  }
  return out;
}

/** Legacy attachments of bot posts: fallback / pretext / text. */
function legacyAttachments(m: Record<string, unknown>, names: Names): Parts | null {
  const list = own(m, 'attachments');
  if (!Array.isArray(list)) return null;
  const parts: Parts[] = [];
  for (const a of list.slice(0, 20)) {
    if (!isObj(a)) continue;
    const t = str(a, 'text') || str(a, 'fallback') || str(a, 'pretext') || str(a, 'title');
    if (t) parts.push(mrkdwnToParts(t, names));
  }
  return parts.length
    ? {
        text: parts.map((p) => p.text).join('\n'),
        html: parts.map((p) => `<p>${p.html}</p>`).join(''),
      }
    : null;
}

/** The text a member saw: rich_text blocks, else mrkdwn `text`, else layout blocks / attachments. */
export function bodyOf(m: Record<string, unknown>, env: MapEnv): Parts {
  const names = namesOf(env);
  const rich = richTextToParts(own(m, 'blocks'), names);
  if (rich && rich.text.trim()) return rich;
  const text = str(m, 'text');
  if (text && text.trim()) return mrkdwnToParts(text, names);
  return (
    layoutBlocksToParts(own(m, 'blocks'), names) ??
    legacyAttachments(m, names) ?? { text: '', html: '' }
  );
}

function userInfoFromProfile(p: unknown): UserInfo | null {
  if (!isObj(p)) return null;
  const name = str(p, 'name') ?? '';
  const display = str(p, 'display_name') || str(p, 'real_name') || name;
  if (!name && !display) return null;
  const img = str(p, 'image_72');
  return {
    name: name || display,
    displayName: display,
    avatarUrl: img && /^https:\/\//.test(img) ? img : null,
    isBot: false,
    teamId: str(p, 'team') ?? null,
  };
}

const SKIP_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_join',
  'group_leave',
  'group_topic',
  'group_purpose',
  'group_name',
  'group_archive',
  'group_unarchive',
  'pinned_item',
  'unpinned_item',
  'reminder_add',
  'ekm_access_denied',
  'channel_convert_to_private',
  'channel_posting_permissions',
  'assistant_app_thread',
  'huddle_thread',
  'sh_room_created',
  'bot_add',
  'bot_remove',
  'joiner_notification_for_inviter',
]);
const MEMBER_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message', 'bot_message']);

export type MessageContext = { channel: string; dm: boolean; update?: boolean };

/**
 * One message object (top-level `message` fields) of a known channel -> a result. `ctx.dm` is true for
 * DMs and group DMs with the app. Our own replies come back as staff items (outbound).
 */
export function mapMessage(raw: unknown, ctx: MessageContext, env: MapEnv): MapResult {
  if (!isObj(raw))
    return reject(
      raw,
      `expected a message object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`,
    );
  const type = own(raw, 'type');
  if (type !== undefined && type !== 'message')
    return { skipped: `not a message (${String(type).slice(0, 40)})` };
  const subtype = own(raw, 'subtype');
  if (subtype !== undefined && subtype !== null && typeof subtype !== 'string')
    return reject(raw, 'subtype is not a string');
  if (typeof subtype === 'string' && SKIP_SUBTYPES.has(subtype))
    return { skipped: `system message (${subtype})` };
  if (typeof subtype === 'string' && subtype !== '' && !MEMBER_SUBTYPES.has(subtype))
    return { skipped: `message subtype ${subtype.slice(0, 40)} is not member content` };
  const ts = own(raw, 'ts');
  if (!isTs(ts))
    return reject(raw, `ts ${ts === undefined ? 'is missing' : 'is not a Slack timestamp'}`);
  const channel = ctx.channel;
  if (!isChannelId(channel)) return reject(raw, 'channel is not a Slack channel id');
  const threadRaw = own(raw, 'thread_ts');
  if (threadRaw !== undefined && threadRaw !== null && !isTs(threadRaw))
    return reject(raw, 'thread_ts is not a Slack timestamp');
  const threadTs = isTs(threadRaw) ? threadRaw : ts;
  const isReply = threadTs !== ts;

  const userRaw = own(raw, 'user');
  const botId = own(raw, 'bot_id');
  if (userRaw !== undefined && userRaw !== null && !isUserId(userRaw))
    return reject(raw, 'user is not a Slack user id');
  if (botId !== undefined && botId !== null && typeof botId !== 'string')
    return reject(raw, 'bot_id is not a string');
  const user = isUserId(userRaw) ? userRaw : null;
  const me = env.me;
  const metadata = own(raw, 'metadata');
  const ours =
    (isObj(metadata) && own(metadata, 'event_type') === 'steward_reply') ||
    (!!user && user === me?.userId) ||
    (!!botId && botId === me?.botId);
  const isBot = subtype === 'bot_message' || (!user && typeof botId === 'string');
  if (isBot && !ours && !env.includeBots)
    return { skipped: 'a message from another bot or integration' };
  if (!user && !isBot && !ours) return reject(raw, 'user is missing');

  const textRaw = own(raw, 'text');
  if (textRaw !== undefined && textRaw !== null && typeof textRaw !== 'string')
    return reject(raw, 'text is not a string');
  if (typeof textRaw === 'string' && textRaw.length > MAX_TEXT)
    return reject(raw, `text is ${textRaw.length} characters (more than ${MAX_TEXT})`);

  const teamRaw = str(raw, 'user_team') ?? str(raw, 'team') ?? str(raw, 'source_team');
  const team = isTeamId(teamRaw) ? teamRaw : null;
  const external = !!(team && me?.teamId && team !== me.teamId);
  const known = user ? env.users.get(user) : undefined;
  const fromProfile = userInfoFromProfile(own(raw, 'user_profile'));
  const info: UserInfo | null = known ?? fromProfile;
  const botProfile = own(raw, 'bot_profile');
  const botName = str(raw, 'username') || (isObj(botProfile) ? str(botProfile, 'name') : undefined);
  const memberId =
    user ?? (typeof botId === 'string' && botId ? `bot:${botId.slice(0, 40)}` : 'bot:unknown');
  const staff =
    ours ||
    (!!user && !!env.staffUserIds?.has(user)) ||
    (!!(team ?? info?.teamId) && !!env.staffTeamIds?.has((team ?? info?.teamId)!));
  // A top-level message by staff starts no conversation (it is an announcement, not a request).
  if (staff && !isReply && !ctx.dm)
    return { skipped: 'a top-level message by staff starts no conversation' };

  const body = bodyOf(raw, env);
  const attachments = files(raw);
  let bodyText = body.text.trim();
  let bodyHtml = body.html;
  if (!bodyText && attachments.length) {
    bodyText = attachments.map((a) => `[${a.name}]`).join(' ');
    bodyHtml = escapeHtml(bodyText);
  }
  if (!bodyText && attachments.length === 0)
    return { skipped: 'a message with no text and no files' };

  const edited = own(raw, 'edited');
  const editedTs = isObj(edited) ? own(edited, 'ts') : undefined;
  const editedAt = isTs(editedTs) ? tsMs(editedTs) : null;
  const createdAt = tsMs(ts);
  const convCreated = tsMs(ctx.dm ? ts : threadTs);
  const convId = conversationIdOf(channel, threadTs, ctx.dm);
  const chanName = env.channelNames.get(channel);
  const firstLine =
    bodyText
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  const title = ctx.dm
    ? `Direct message from ${info?.displayName || botName || memberId}`.slice(0, 200)
    : isReply
      ? `Thread in ${chanName ? `#${chanName}` : channel}`
      : (firstLine.length > 100 ? `${firstLine.slice(0, 99)}…` : firstLine) ||
        `Message in ${chanName ? `#${chanName}` : channel}`;
  const shared = !!env.sharedChannels?.has(channel);

  const item: NormalizedItem = {
    conversation: {
      externalId: convId,
      title,
      url: permalink(me, channel, ctx.dm ? ts : threadTs),
      createdAt: Number.isFinite(convCreated) ? convCreated : createdAt,
      kind: ctx.dm ? 'private_message' : 'thread',
      meta: { channelId: channel, threadTs: ctx.dm ? null : threadTs, shared },
    },
    member: {
      externalId: memberId,
      username: (info?.name || botName || memberId).slice(0, 200),
      displayName: (info?.displayName || botName || info?.name || memberId).slice(0, 200),
      avatarUrl: info?.avatarUrl ?? null,
      isStaff: staff,
    },
    message: {
      externalId: messageIdOf(channel, ts),
      bodyHtml,
      bodyText,
      createdAt,
      editedAt,
      version: editedAt !== null && editedAt > 0 ? editedAt : 1,
      deleted: false,
      url: permalink(me, channel, ts, isReply ? threadTs : null),
      replyToExternalId: isReply && !ctx.dm ? messageIdOf(channel, threadTs) : null,
      attachments: attachments.length ? attachments : undefined,
      meta: {
        channelId: channel,
        ts,
        threadTs: isReply ? threadTs : null,
        team,
        external,
        ...(subtype ? { subtype } : {}),
      },
    },
  };
  return { item };
}

/**
 * A `message` event (with its subtypes) -> results. `message_changed` maps the new version (a
 * tombstoned parent becomes a deletion); `message_deleted` is a deletion.
 */
export function mapMessageEvent(
  ev: unknown,
  dmHint: (channel: string, channelType: unknown) => boolean,
  env: MapEnv,
): MapResult[] {
  if (!isObj(ev)) return [reject(ev, 'event is not an object')];
  if (own(ev, 'type') !== 'message')
    return [{ skipped: `event ${String(own(ev, 'type')).slice(0, 40)} is not a message` }];
  const channel = own(ev, 'channel');
  if (!isChannelId(channel)) return [reject(ev, 'channel is not a Slack channel id')];
  const dm = dmHint(channel, own(ev, 'channel_type'));
  const subtype = own(ev, 'subtype');
  if (subtype === 'message_deleted') {
    const del = own(ev, 'deleted_ts');
    return isTs(del)
      ? [{ deletion: messageIdOf(channel, del) }]
      : [reject(ev, 'message_deleted without a valid deleted_ts')];
  }
  if (subtype === 'message_changed') {
    const m = own(ev, 'message');
    if (!isObj(m)) return [reject(ev, 'message_changed without the new message')];
    const mts = own(m, 'ts');
    if (own(m, 'subtype') === 'tombstone') {
      return isTs(mts)
        ? [{ deletion: messageIdOf(channel, mts) }]
        : [reject(ev, 'tombstone without a valid ts')];
    }
    return [mapMessage(m, { channel, dm, update: true }, env)];
  }
  if (subtype === 'message_replied')
    return [{ skipped: 'message_replied notice (the reply arrives as its own event)' }];
  return [mapMessage(ev, { channel, dm }, env)];
}

/** Channel type from an event's `channel_type`, else from the id (D… = DM). */
export function isDmChannel(channel: string, channelType: unknown): boolean {
  if (channelType === 'im' || channelType === 'mpim') return true;
  if (channelType === 'channel' || channelType === 'group') return false;
  return channel.startsWith('D');
}
