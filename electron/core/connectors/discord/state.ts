// electron/core/connectors/discord: the connector's memory between calls, kept in the cursor (the
// core stores it after each committed batch). Everything here is bounded so the cursor stays small:
//   - last[channel]  the newest message snowflake delivered per tracked channel (chosen channels,
//                    their threads and forum posts, DMs to the bot): the catch-up reads `after=` it;
//   - threads        known threads/forum posts under chosen channels (parent, name), newest kept;
//   - forums         chosen channels that are forum/media channels (their posts are threads);
//   - names          channel names for conversation titles;
//   - groups/links   the conversation grouping of plain channels (see index.ts): the open group of
//                    each member per channel, and message id -> conversation id for reply chains.
import { z } from 'zod';
import { compareSnowflakes, isSnowflake } from './snowflake';

export const MAX_TRACKED_CHANNELS = 300;
export const MAX_THREADS = 200;
export const MAX_GROUPS = 300;
export const MAX_LINKS = 600;
const MAX_NAMES = 300;

const Sf = z.string().refine(isSnowflake, 'is not a snowflake');

export const Group = z.object({
  id: z.string().max(120),
  ch: Sf,
  who: Sf,
  at: z.number().finite(),
  title: z.string().max(300),
});
export type Group = z.infer<typeof Group>;

export const CursorSchema = z.object({
  v: z.literal(1),
  me: Sf.nullable().default(null),
  last: z.array(z.tuple([Sf, Sf])).default([]),
  threads: z.array(z.object({ id: Sf, parent: Sf, name: z.string().max(200) })).default([]),
  forums: z.array(Sf).default([]),
  /** Chosen channels whose type we looked up (a forum's posts are threads; a text channel is read directly). */
  typed: z.array(Sf).default([]),
  dms: z.array(Sf).default([]),
  names: z.array(z.tuple([Sf, z.string().max(200)])).default([]),
  groups: z.array(Group).default([]),
  links: z.array(z.tuple([Sf, z.string().max(120)])).default([]),
});
export type DiscordCursor = z.infer<typeof CursorSchema>;

export type ChannelKind = 'channel' | 'thread' | 'dm';

/** Mutable view over a cursor; `toCursor()` gives the bounded JSON back. */
export class DiscordState {
  me: string | null;
  readonly last = new Map<string, string>();
  readonly threads = new Map<string, { parent: string; name: string }>();
  readonly forums = new Set<string>();
  readonly typed = new Set<string>();
  readonly dms = new Set<string>();
  readonly names = new Map<string, string>();
  /** key `${channel}:${member}` -> the member's open group in that channel. */
  readonly groups = new Map<string, Group>();
  readonly links = new Map<string, string>();

  constructor(
    /** Chosen channel ids (text, announcement, forum or media channels). */
    readonly chosen: ReadonlySet<string>,
    readonly guildId: string | null,
    cursor: DiscordCursor | null,
    /** Replay: accept messages from any channel (no configuration to filter by). */
    readonly acceptAll = false,
  ) {
    this.me = cursor?.me ?? null;
    if (!cursor) return;
    for (const [k, v] of cursor.last) this.last.set(k, v);
    for (const t of cursor.threads) this.threads.set(t.id, { parent: t.parent, name: t.name });
    for (const f of cursor.forums) this.forums.add(f);
    for (const f of cursor.typed) this.typed.add(f);
    for (const d of cursor.dms) this.dms.add(d);
    for (const [k, v] of cursor.names) this.names.set(k, v);
    for (const g of cursor.groups) this.groups.set(`${g.ch}:${g.who}`, g);
    for (const [m, c] of cursor.links) this.links.set(m, c);
  }

  static fromCursor(
    raw: unknown,
    chosen: ReadonlySet<string>,
    guildId: string | null,
  ): DiscordState {
    const parsed = raw == null ? null : CursorSchema.safeParse(raw);
    return new DiscordState(chosen, guildId, parsed?.success ? parsed.data : null);
  }

  /** What a message in `channelId` is to us; null = not a channel we follow. */
  kindOf(channelId: string, guildId: string | null | undefined): ChannelKind | null {
    if (this.threads.has(channelId)) return 'thread';
    if (this.chosen.has(channelId)) return this.forums.has(channelId) ? null : 'channel';
    if (this.dms.has(channelId)) return 'dm';
    if (guildId == null) return 'dm';
    if (this.acceptAll) return 'channel';
    return null;
  }

  addThread(id: string, parent: string, name: string): boolean {
    if (!this.acceptAll && !this.chosen.has(parent)) return false;
    this.threads.delete(id);
    this.threads.set(id, { parent, name: name.slice(0, 200) });
    trim(this.threads, MAX_THREADS);
    return true;
  }

  setName(id: string, name: string) {
    this.names.delete(id);
    this.names.set(id, name.slice(0, 200));
    trim(this.names, MAX_NAMES);
  }

  /** Advance a channel's catch-up position (never backwards). */
  advance(channelId: string, messageId: string) {
    const cur = this.last.get(channelId);
    if (cur && compareSnowflakes(cur, messageId) >= 0) return;
    this.last.delete(channelId);
    this.last.set(channelId, messageId);
    // Chosen channels are always kept; the least recently advanced threads/DMs go first.
    if (this.last.size > MAX_TRACKED_CHANNELS) {
      for (const k of this.last.keys()) {
        if (this.last.size <= MAX_TRACKED_CHANNELS) break;
        if (!this.chosen.has(k)) this.last.delete(k);
      }
    }
  }

  /** True when `messageId` was already delivered in `channelId` (at or below the catch-up position). */
  seen(channelId: string, messageId: string): boolean {
    const cur = this.last.get(channelId);
    return cur !== undefined && compareSnowflakes(messageId, cur) <= 0;
  }

  link(messageId: string, convId: string) {
    this.links.delete(messageId);
    this.links.set(messageId, convId);
    trim(this.links, MAX_LINKS);
  }

  putGroup(g: Group) {
    const k = `${g.ch}:${g.who}`;
    this.groups.delete(k);
    this.groups.set(k, g);
    trim(this.groups, MAX_GROUPS);
  }

  toCursor(): DiscordCursor {
    return {
      v: 1,
      me: this.me,
      last: [...this.last],
      threads: [...this.threads].map(([id, t]) => ({ id, parent: t.parent, name: t.name })),
      forums: [...this.forums],
      typed: [...this.typed],
      dms: [...this.dms].slice(-MAX_THREADS),
      names: [...this.names],
      groups: [...this.groups.values()],
      links: [...this.links],
    };
  }
}

/** Drops the oldest entries of an insertion-ordered map down to `max`. */
function trim<K, V>(m: Map<K, V>, max: number) {
  for (const k of m.keys()) {
    if (m.size <= max) break;
    m.delete(k);
  }
}
