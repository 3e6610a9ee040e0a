// electron/core/connectors/discord: the REST catch-up shared by `poll` and the gateway stream.
// Per tracked channel (chosen text channels, threads and forum posts under chosen channels, DMs to
// the bot): `GET /channels/{id}/messages?after=<last delivered snowflake>&limit=100`. Discord answers
// the 100 messages right after `after`, newest first; we map them oldest first (the conversation
// grouping depends on order) and move the channel's position to the newest. A full page means more
// is waiting (`more`). Work per call is bounded by a request budget; channels are visited oldest
// position first, so a busy channel cannot starve the others.
import type { SourceContext } from '../types';
import { ConnectorError } from '../types';
import { mapMessage, type DispatchResult } from './mapper';
import { discordRequest } from './rest';
import { compareSnowflakes, isSnowflake, snowflakeAt, snowflakeBefore } from './snowflake';
import type { DiscordState } from './state';

export const PAGE = 100;

export type DiscordConfig = {
  guildId: string | null;
  channelIds: string[];
  staffRoleIds: Set<string>;
  /** First sync and newly found threads: how far back to read (hours). */
  initialHours: number;
  maxRequestsPerPoll: number;
  identifyIntervalMs: number;
  maxReconnects: number;
};

export function readConfig(ctx: SourceContext): DiscordConfig {
  const c = ctx.config;
  const ids = (v: unknown) =>
    (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : [])
      .map((x) => String(x).trim())
      .filter(isSnowflake);
  const int = (v: unknown, d: number, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? Math.min(v, max) : d;
  return {
    guildId: isSnowflake(typeof c.guildId === 'string' ? c.guildId.trim() : c.guildId)
      ? String(c.guildId).trim()
      : null,
    channelIds: [...new Set(ids(c.channelIds))].slice(0, 100),
    staffRoleIds: new Set(ids(c.staffRoleIds)),
    initialHours: int(c.initialHours, 24, 0, 24 * 14),
    maxRequestsPerPoll: int(c.maxRequestsPerPoll, 10, 1, 100),
    identifyIntervalMs: int(c.identifyIntervalMs, 5_000, 0, 60_000),
    maxReconnects: int(c.maxReconnects, 5, 1, 100),
  };
}

type Budget = { left: number };

/** Our bot's user id (READY or GET /users/@me), needed to tell our own messages apart. */
export async function ensureMe(
  ctx: SourceContext,
  st: DiscordState,
  budget: Budget,
): Promise<void> {
  if (st.me) return;
  const me = await discordRequest<{ id?: unknown }>(ctx, 'GET', '/users/@me');
  budget.left--;
  if (isSnowflake(me?.id)) st.me = me.id;
}

/** Learns the chosen channels' types (forum or text) and names, and the active threads under them. */
export async function discoverChannels(
  ctx: SourceContext,
  st: DiscordState,
  cfg: DiscordConfig,
  budget: Budget,
  out: DispatchResult,
): Promise<void> {
  if (!cfg.guildId) return;
  if (cfg.channelIds.some((id) => !st.typed.has(id)) && budget.left > 0) {
    const channels = await discordRequest<unknown>(ctx, 'GET', `/guilds/${cfg.guildId}/channels`);
    budget.left--;
    if (Array.isArray(channels)) {
      for (const c of channels.slice(0, 2000)) {
        if (!c || typeof c !== 'object') continue;
        const { id, type, name } = c as { id?: unknown; type?: unknown; name?: unknown };
        if (!isSnowflake(id)) continue;
        if (typeof name === 'string') st.setName(id, name);
        if (st.chosen.has(id) && typeof type === 'number') {
          st.typed.add(id);
          if (type === 15 || type === 16) st.forums.add(id);
        }
      }
    }
  }
  if (budget.left > 0) {
    const active = await discordRequest<{ threads?: unknown }>(
      ctx,
      'GET',
      `/guilds/${cfg.guildId}/threads/active`,
    );
    budget.left--;
    const threads = Array.isArray(active?.threads) ? active.threads : [];
    for (const t of threads.slice(0, 1000)) {
      if (!t || typeof t !== 'object') continue;
      const { id, parent_id, name } = t as { id?: unknown; parent_id?: unknown; name?: unknown };
      if (!isSnowflake(id) || !isSnowflake(parent_id)) continue;
      const isNew = !st.threads.has(id);
      if (st.addThread(id, parent_id, typeof name === 'string' ? name : '') && isNew)
        out.newThreads.push(id);
    }
  }
}

/** Where a channel's reading starts when we have no position: `initialHours` back, or a young thread's start. */
export function startPosition(
  st: DiscordState,
  channelId: string,
  now: number,
  initialHours: number,
): string {
  const from = snowflakeAt(now - initialHours * 3600_000);
  // A thread younger than that: from its very start (a forum post's first message has the thread's id).
  if (st.threads.has(channelId) && compareSnowflakes(channelId, from) > 0)
    return snowflakeBefore(channelId);
  return from;
}

/** Channels to read, least recently advanced position first. */
export function trackedChannels(st: DiscordState, cfg: DiscordConfig): string[] {
  const set = new Set<string>();
  for (const id of cfg.channelIds) if (!st.forums.has(id)) set.add(id);
  for (const id of st.threads.keys()) set.add(id);
  for (const id of st.dms) set.add(id);
  return [...set].sort((a, b) => compareSnowflakes(st.last.get(a) ?? '0', st.last.get(b) ?? '0'));
}

/**
 * Reads every tracked channel once (a page each) within the budget. Returns `more` when a channel
 * had a full page or the budget ran out.
 */
export async function catchUp(
  ctx: SourceContext,
  st: DiscordState,
  cfg: DiscordConfig,
  budget: Budget,
  out: DispatchResult,
): Promise<boolean> {
  let more = false;
  const now = ctx.now();
  for (const id of out.newThreads)
    if (!st.last.has(id)) st.advance(id, startPosition(st, id, now, cfg.initialHours));
  const channels = trackedChannels(st, cfg);
  for (const channelId of channels) {
    if (budget.left <= 0) return true;
    if (!st.last.has(channelId))
      st.advance(channelId, startPosition(st, channelId, now, cfg.initialHours));
    const after = st.last.get(channelId)!;
    let page: unknown;
    try {
      page = await discordRequest<unknown>(ctx, 'GET', `/channels/${channelId}/messages`, {
        query: { after, limit: PAGE },
      });
    } catch (err) {
      budget.left--;
      // A thread that was deleted, or a channel we lost access to: stop following it (a chosen channel is reported).
      if (
        err instanceof ConnectorError &&
        err.kind === 'permanent' &&
        (err.status === 404 || err.status === 403)
      ) {
        if (st.threads.has(channelId) || st.dms.has(channelId)) {
          st.threads.delete(channelId);
          st.dms.delete(channelId);
          st.last.delete(channelId);
          continue;
        }
        ctx.logger.warn('discord: cannot read a chosen channel', { channelId, status: err.status });
        out.rejected.push({
          reason: `Discord channel ${channelId} cannot be read (${err.status}): check the bot's View Channel and Read Message History permissions`,
          raw: { channelId, status: err.status },
        });
        continue;
      }
      throw err;
    }
    budget.left--;
    if (!Array.isArray(page))
      throw new ConnectorError(
        `Discord sent an unexpected answer for channel ${channelId} messages (not a list)`,
        'transient',
      );
    const kind = st.threads.has(channelId) ? 'thread' : st.dms.has(channelId) ? 'dm' : 'channel';
    // Oldest first; items without a readable id are mapped (and rejected) in place.
    const sorted = [...page.slice(0, PAGE)].sort((a, b) => {
      const x =
        a && typeof a === 'object' && isSnowflake((a as { id?: unknown }).id)
          ? (a as { id: string }).id
          : null;
      const y =
        b && typeof b === 'object' && isSnowflake((b as { id?: unknown }).id)
          ? (b as { id: string }).id
          : null;
      return x && y ? compareSnowflakes(x, y) : 0;
    });
    let newest = after;
    for (const raw of sorted) {
      const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
      if (isSnowflake(id)) {
        if (compareSnowflakes(id, newest) > 0) newest = id;
        if (st.seen(channelId, id)) continue;
      }
      const r = mapMessage(raw, st, { kindHint: kind, staffRoleIds: cfg.staffRoleIds });
      if ('item' in r) out.items.push(r.item);
      else if ('rejected' in r) out.rejected.push(r.rejected);
      else out.skipped++;
    }
    if (newest !== after) st.advance(channelId, newest);
    if (page.length >= PAGE) more = true;
  }
  return more;
}
