// electron/core/connectors/slack: the cursor (SlackState) and the REST catch-up (`poll`).
//
// CURSOR (JSON, stored by the core with each committed batch):
//   { v: 1, me, ch: { <channel>: { ts, stack? } }, th: { "<channel>:<thread ts>": { last, at, chk } },
//     dms: [<DM channel>], names: { <channel>: name }, shared: [<channel>], pass }
//   - `ch[c].ts`: everything in channel c up to this ts has been delivered (top-level messages and
//     thread broadcasts, which is what conversations.history returns).
//   - `ch[c].stack`: conversations.history returns the NEWEST messages of a range first (docs.slack.dev,
//     "Pagination by time"), so to deliver oldest first with bounded work we walk back: a page with
//     `has_more` pushes its oldest ts as the next `latest`, until a page reaches `ts`; that page is
//     delivered (sorted ascending), `ts` moves to its newest message and the stack pops. A poll that
//     runs out of its request budget keeps the stack in the cursor and says `more: true`.
//   - `th`: threads we follow (seen through events or history), at most MAX_THREADS, the most recently
//     active; `last` = newest reply delivered. conversations.replies returns oldest first, so a
//     thread's catch-up is `oldest = last` page after page. `chk` = the catch-up pass that last read
//     it; a pass ends when every thread active within `threadHours` has been read.
//   - `me` (auth.test), channel names and Slack Connect flags (conversations.info) are cached.
// The first sync starts `initialHours` back (default 24).
import type { RejectedItem, SourceContext } from '../types';
import { ConnectorError } from '../types';
import { call, type CallResult } from './api';
import {
  compareTs,
  isChannelId,
  isDmChannel,
  isTs,
  isUserId,
  mapMessage,
  messageIdOf,
  tsAt,
  tsMs,
  type MapEnv,
  type MapResult,
  type Me,
  type UserInfo,
} from './mapper';
import type { NormalizedItem } from '../types';
import { isObj } from '../../../../shared/guards';

export const MAX_THREADS = 200;
const MAX_DMS = 200;
const MAX_STACK = 200;

export type SlackConfig = {
  channelIds: string[];
  staffUserIds: string[];
  staffTeamIds: string[];
  includeBotMessages: boolean;
  initialHours: number;
  threadHours: number;
  historyLimit: number;
  maxRequestsPerPoll: number;
  requestTimeoutMs: number;
};

export function readConfig(ctx: SourceContext): SlackConfig {
  const c = ctx.config ?? {};
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : [])
      .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
      .map((x) => x.trim());
  const num = (v: unknown, d: number, min: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : d;
  const channelIds = list(c.channelIds).filter(isChannelId);
  return {
    channelIds,
    staffUserIds: list(c.staffUserIds).filter(isUserId),
    staffTeamIds: list(c.staffTeamIds),
    includeBotMessages: c.includeBotMessages === true,
    initialHours: num(c.initialHours, 24, 0, 24 * 14),
    threadHours: num(c.threadHours, 72, 1, 24 * 30),
    historyLimit: num(c.historyLimit, 200, 1, 999),
    maxRequestsPerPoll: num(c.maxRequestsPerPoll, 20, 1, 500),
    requestTimeoutMs: num(c.requestTimeoutMs, 15_000, 100, 300_000),
  };
}

type ChannelPos = { ts: string; stack: string[] };
type ThreadPos = { last: string; at: number; chk: number };

export class SlackState {
  me: Me | null = null;
  ch = new Map<string, ChannelPos>();
  th = new Map<string, ThreadPos>();
  dms: string[] = [];
  names = new Map<string, string>();
  shared = new Set<string>();
  pass = 0;
  /** Not stored: display names looked up with users.info in this process. */
  users = new Map<string, UserInfo>();

  static fromCursor(cursor: unknown): SlackState {
    const st = new SlackState();
    if (!isObj(cursor) || cursor.v !== 1) return st;
    const me = cursor.me;
    if (isObj(me) && isUserId(me.userId) && typeof me.teamId === 'string') {
      st.me = {
        userId: me.userId,
        teamId: me.teamId,
        botId: typeof me.botId === 'string' ? me.botId : null,
        url: typeof me.url === 'string' ? me.url : null,
      };
    }
    if (isObj(cursor.ch)) {
      for (const [k, v] of Object.entries(cursor.ch)) {
        if (!isChannelId(k) || !isObj(v) || !isTs(v.ts)) continue;
        st.ch.set(k, {
          ts: v.ts,
          stack: Array.isArray(v.stack) ? v.stack.filter(isTs).slice(-MAX_STACK) : [],
        });
      }
    }
    if (isObj(cursor.th)) {
      for (const [k, v] of Object.entries(cursor.th)) {
        const [c, t] = k.split(':');
        if (!isChannelId(c) || !isTs(t) || !isObj(v) || !isTs(v.last)) continue;
        st.th.set(k, {
          last: v.last,
          at: typeof v.at === 'number' && Number.isFinite(v.at) ? v.at : 0,
          chk: typeof v.chk === 'number' && Number.isSafeInteger(v.chk) ? v.chk : -1,
        });
      }
    }
    if (Array.isArray(cursor.dms)) st.dms = cursor.dms.filter(isChannelId).slice(-MAX_DMS);
    if (isObj(cursor.names))
      for (const [k, v] of Object.entries(cursor.names))
        if (isChannelId(k) && typeof v === 'string') st.names.set(k, v.slice(0, 100));
    if (Array.isArray(cursor.shared))
      for (const c of cursor.shared) if (isChannelId(c)) st.shared.add(c);
    if (typeof cursor.pass === 'number' && Number.isSafeInteger(cursor.pass)) st.pass = cursor.pass;
    return st;
  }

  toCursor(): unknown {
    return {
      v: 1,
      me: this.me,
      ch: Object.fromEntries(
        [...this.ch].map(([k, v]) => [
          k,
          v.stack.length ? { ts: v.ts, stack: [...v.stack] } : { ts: v.ts },
        ]),
      ),
      th: Object.fromEntries(this.th),
      dms: [...this.dms],
      names: Object.fromEntries(this.names),
      shared: [...this.shared],
      pass: this.pass,
    };
  }

  position(channel: string, now: number, initialHours: number): ChannelPos {
    let p = this.ch.get(channel);
    if (!p) {
      p = { ts: tsAt(now - initialHours * 3600_000), stack: [] };
      this.ch.set(channel, p);
    }
    return p;
  }

  /** A channel's messages up to `ts` are delivered (live events move it forward). */
  advance(channel: string, ts: string) {
    const p = this.ch.get(channel);
    if (p && compareTs(ts, p.ts) > 0 && p.stack.length === 0) p.ts = ts;
  }

  /** Follow a thread from `last` (a reply or the parent's ts). */
  track(channel: string, threadTs: string, last: string, at: number) {
    const key = `${channel}:${threadTs}`;
    const cur = this.th.get(key);
    if (cur) {
      if (compareTs(last, cur.last) > 0) cur.last = last;
      cur.at = Math.max(cur.at, at);
      return;
    }
    this.th.set(key, { last, at, chk: -1 });
    if (this.th.size > MAX_THREADS) {
      const oldest = [...this.th].sort((a, b) => a[1].at - b[1].at)[0];
      if (oldest) this.th.delete(oldest[0]);
    }
  }

  addDm(channel: string) {
    if (this.dms.includes(channel)) return;
    this.dms.push(channel);
    if (this.dms.length > MAX_DMS) this.dms.shift();
  }

  env(cfg: SlackConfig): MapEnv {
    return {
      me: this.me,
      users: this.users,
      channelNames: this.names,
      sharedChannels: this.shared,
      staffUserIds: new Set(cfg.staffUserIds),
      staffTeamIds: new Set(cfg.staffTeamIds),
      includeBots: cfg.includeBotMessages,
    };
  }
}

export type Budget = { left: number };
export type Out = {
  items: NormalizedItem[];
  rejected: RejectedItem[];
  deletions: string[];
  skipped: number;
};
/** Message id + version already delivered in this run (a poll, or one stream). */
export type Seen = { has(key: string): boolean; add(key: string): unknown };
export const emptyOut = (): Out => ({ items: [], rejected: [], deletions: [], skipped: 0 });

export function collect(r: MapResult, out: Out) {
  if ('item' in r) out.items.push(r.item);
  else if ('rejected' in r) out.rejected.push(r.rejected);
  else if ('deletion' in r) out.deletions.push(r.deletion);
  else out.skipped++;
}

async function spend(
  ctx: SourceContext,
  budget: Budget,
  method: string,
  args: Record<string, unknown>,
): Promise<CallResult> {
  budget.left--;
  return call(ctx, method, args);
}

/** auth.test once: who we are (bot user, bot id, team, workspace URL). */
export async function ensureMe(ctx: SourceContext, st: SlackState, budget: Budget): Promise<Me> {
  if (st.me) return st.me;
  const r = await spend(ctx, budget, 'auth.test', {});
  if (!isUserId(r.user_id) || typeof r.team_id !== 'string')
    throw new ConnectorError(
      'Slack auth.test sent no user or team id',
      'transient',
      undefined,
      undefined,
      'platform_error',
    );
  st.me = {
    userId: r.user_id,
    teamId: r.team_id,
    botId: typeof r.bot_id === 'string' ? r.bot_id : null,
    url: typeof r.url === 'string' ? r.url : null,
  };
  return st.me;
}

/** Names and Slack Connect flags of the chosen channels (conversations.info, once each). */
export async function ensureChannels(
  ctx: SourceContext,
  st: SlackState,
  cfg: SlackConfig,
  budget: Budget,
) {
  for (const c of cfg.channelIds) {
    if (st.names.has(c) || budget.left <= 1) continue;
    try {
      const r = await spend(ctx, budget, 'conversations.info', { channel: c });
      const info = isObj(r.channel) ? r.channel : {};
      st.names.set(c, typeof info.name === 'string' ? info.name.slice(0, 100) : c);
      if (info.is_ext_shared === true || (info.is_shared === true && info.is_org_shared !== true))
        st.shared.add(c);
      else st.shared.delete(c);
    } catch (err) {
      // A channel the bot cannot see stays unnamed; its history call reports the real problem.
      if (!(err instanceof ConnectorError && err.kind === 'permanent')) throw err;
      st.names.set(c, c);
    }
  }
}

/** users.info for authors we have no name for (cached per process; failures leave the id). */
export async function resolveUsers(
  ctx: SourceContext,
  st: SlackState,
  ids: Iterable<string>,
  budget: Budget,
) {
  for (const id of new Set(ids)) {
    if (!isUserId(id) || st.users.has(id) || budget.left <= 0) continue;
    try {
      const r = await spend(ctx, budget, 'users.info', { user: id });
      const u = isObj(r.user) ? r.user : {};
      const p = isObj(u.profile) ? u.profile : {};
      const name = typeof u.name === 'string' ? u.name : id;
      const display =
        (typeof p.display_name === 'string' && p.display_name) ||
        (typeof p.real_name === 'string' && p.real_name) ||
        (typeof u.real_name === 'string' && u.real_name) ||
        name;
      const img =
        typeof p.image_72 === 'string' && /^https:\/\//.test(p.image_72) ? p.image_72 : null;
      st.users.set(id, {
        name,
        displayName: display,
        avatarUrl: img,
        isBot: u.is_bot === true,
        teamId: typeof u.team_id === 'string' ? u.team_id : null,
      });
    } catch (err) {
      if (
        err instanceof ConnectorError &&
        (err.kind === 'rate_limited' || err.kind === 'transient')
      )
        return;
      st.users.set(id, { name: id, displayName: id, avatarUrl: null, isBot: false, teamId: null });
    }
  }
}

const authorsOf = (msgs: unknown[]) =>
  msgs.flatMap((m) => (isObj(m) && isUserId(m.user) ? [m.user] : []));
const messagesOf = (r: CallResult, what: string): Record<string, unknown>[] => {
  if (!Array.isArray(r.messages))
    throw new ConnectorError(
      `Slack sent no message list for ${what}`,
      'transient',
      undefined,
      undefined,
      'platform_error',
    );
  return r.messages.filter(isObj);
};

function mapOne(
  m: Record<string, unknown>,
  channel: string,
  st: SlackState,
  cfg: SlackConfig,
  out: Out,
  seen?: Seen,
) {
  const r = mapMessage(m, { channel, dm: isDmChannel(channel, undefined) }, st.env(cfg));
  if ('item' in r && seen) {
    const key = `${r.item.message.externalId}#${r.item.message.version}`;
    if (seen.has(key)) {
      out.skipped++;
      return;
    }
    seen.add(key);
  }
  collect(r, out);
}

/** Catch-up of one channel's top-level messages (oldest first); returns true when it is complete. */
async function catchUpChannel(
  ctx: SourceContext,
  st: SlackState,
  cfg: SlackConfig,
  channel: string,
  budget: Budget,
  out: Out,
  seen?: Seen,
): Promise<boolean> {
  const pos = st.position(channel, ctx.now(), cfg.initialHours);
  for (;;) {
    if (budget.left <= 0) return false;
    const latest = pos.stack.at(-1);
    const r = await spend(ctx, budget, 'conversations.history', {
      channel,
      oldest: pos.ts,
      ...(latest ? { latest } : {}),
      inclusive: false,
      limit: cfg.historyLimit,
      include_all_metadata: true,
    });
    const msgs = messagesOf(r, `#${channel}`).filter(
      (m) => isTs(m.ts) && compareTs(m.ts, pos.ts) > 0 && (!latest || compareTs(m.ts, latest) < 0),
    );
    msgs.sort((a, b) => compareTs(a.ts as string, b.ts as string));
    if (r.has_more === true && msgs.length > 0 && pos.stack.length < MAX_STACK) {
      pos.stack.push(msgs[0]!.ts as string);
      continue;
    }
    if (r.has_more === true && msgs.length > 0)
      ctx.logger.warn('slack: history gap too deep, delivering the newest part', { channel });
    await resolveUsers(ctx, st, authorsOf(msgs), { left: Math.min(20, Math.max(0, budget.left)) });
    for (const m of msgs) {
      mapOne(m, channel, st, cfg, out, seen);
      const ts = m.ts as string;
      const rc = m.reply_count;
      if (typeof rc === 'number' && rc > 0 && !isDmChannel(channel, undefined)) {
        const lr = isTs(m.latest_reply) ? m.latest_reply : ts;
        st.track(channel, ts, ts, tsMs(lr));
      }
    }
    const newest = msgs.at(-1)?.ts as string | undefined;
    if (newest && compareTs(newest, pos.ts) > 0) pos.ts = newest;
    if (latest) pos.stack.pop();
    if (pos.stack.length === 0) return true;
  }
}

/** Catch-up of one thread's replies after `last` (conversations.replies is oldest first). */
async function catchUpThread(
  ctx: SourceContext,
  st: SlackState,
  cfg: SlackConfig,
  key: string,
  budget: Budget,
  out: Out,
  seen?: Seen,
): Promise<boolean> {
  const pos = st.th.get(key)!;
  const [channel, threadTs] = key.split(':') as [string, string];
  let cursor: string | undefined;
  for (;;) {
    if (budget.left <= 0) return false;
    let r: CallResult;
    try {
      r = await spend(ctx, budget, 'conversations.replies', {
        channel,
        ts: threadTs,
        oldest: pos.last,
        inclusive: false,
        limit: cfg.historyLimit,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
    } catch (err) {
      // The parent is gone (deleted) or the channel is no longer visible: stop following it.
      if (err instanceof ConnectorError && err.kind === 'permanent' && err.reason === 'not_found') {
        st.th.delete(key);
        return true;
      }
      throw err;
    }
    const msgs = messagesOf(r, `thread ${threadTs}`).filter(
      (m) => isTs(m.ts) && compareTs(m.ts, pos.last) > 0 && m.ts !== threadTs,
    );
    msgs.sort((a, b) => compareTs(a.ts as string, b.ts as string));
    await resolveUsers(ctx, st, authorsOf(msgs), { left: Math.min(20, Math.max(0, budget.left)) });
    for (const m of msgs) {
      mapOne(
        { ...m, thread_ts: isTs(m.thread_ts) ? m.thread_ts : threadTs },
        channel,
        st,
        cfg,
        out,
        seen,
      );
      pos.last = m.ts as string;
      pos.at = Math.max(pos.at, tsMs(m.ts as string));
    }
    const next = r.response_metadata?.next_cursor;
    if (r.has_more === true && typeof next === 'string' && next && msgs.length > 0) {
      cursor = next;
      continue;
    }
    pos.chk = st.pass;
    return true;
  }
}

/**
 * One bounded catch-up round: every chosen channel and DM from its position, then the followed
 * threads active within `threadHours` not yet read in this pass. Returns true when more is waiting.
 */
export async function catchUp(
  ctx: SourceContext,
  st: SlackState,
  cfg: SlackConfig,
  budget: Budget,
  out: Out,
  seen?: Seen,
): Promise<boolean> {
  await ensureMe(ctx, st, budget);
  await ensureChannels(ctx, st, cfg, budget);
  const channels = [...cfg.channelIds, ...st.dms.filter((d) => !cfg.channelIds.includes(d))];
  let complete = true;
  for (const c of channels)
    if (!(await catchUpChannel(ctx, st, cfg, c, budget, out, seen))) complete = false;
  if (!complete) return true;
  const horizon = ctx.now() - cfg.threadHours * 3600_000;
  const chosen = new Set(cfg.channelIds);
  for (const [k, v] of [...st.th])
    if (v.at < horizon || !chosen.has(k.split(':')[0]!)) st.th.delete(k);
  const due = [...st.th].filter(([, v]) => v.chk !== st.pass).sort((a, b) => b[1].at - a[1].at);
  for (const [k] of due)
    if (!(await catchUpThread(ctx, st, cfg, k, budget, out, seen))) return true;
  // Every thread was read in this pass: the next catch-up starts a new one.
  st.pass++;
  return false;
}

export { messageIdOf };
