// Reddit mapper: our fixtures (hand-written in the real shapes) and, when the corpus is present, the
// recorded PRAW cassettes in ../shared/payloads/reddit (every recorded body, through replay).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redditConnector } from '../../../electron/core/connectors/reddit';
import {
  flattenThings,
  isEscapedHtml,
  mapModmail,
  mapPayload,
  mapThing,
  parseIsoDate,
  type MapContext,
  type MapResult,
} from '../../../electron/core/connectors/reddit/mapper';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { CASSETTES, fixture } from './reddit.helpers';

const ctx: MapContext = {
  me: 'steward_mod',
  webOrigin: 'https://www.reddit.com',
  source: 'listing',
};
const item = (r: MapResult | undefined): NormalizedItem => {
  if (!r || !('item' in r))
    throw new Error(`expected an item, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.item;
};
const byName = (results: MapResult[], name: string) =>
  results.map((r) => ('item' in r ? r.item : null)).find((i) => i?.message.externalId === name) ??
  null;

describe('Reddit mapper: comments (t1)', () => {
  const results = mapPayload(fixture('comments_new.json'), ctx);

  it('maps a member comment: fullname ids, its submission as the conversation, parent as reply target, UTC time', () => {
    const it = byName(results, 't1_kq9d3f2')!;
    expect(it.conversation).toEqual({
      externalId: 't3_1p4zq8a',
      title: 'Kettle whistle starts before the water boils',
      url: 'https://www.reddit.com/r/KettleCoHelp/comments/1p4zq8a/kettle_whistle/',
      createdAt: 1763991725000,
      kind: 'thread',
      meta: { subreddit: 'KettleCoHelp' },
    });
    expect(it.member).toEqual({
      externalId: 't2_9x2kq7',
      username: 'mossy_pine',
      displayName: 'mossy_pine',
      avatarUrl: null,
      isStaff: false,
    });
    expect(it.message).toMatchObject({
      externalId: 't1_kq9d3f2',
      createdAt: 1763991725000,
      editedAt: null,
      version: 1,
      deleted: false,
      replyToExternalId: 't3_1p4zq8a',
    });
    expect(it.message.url).toBe(
      'https://www.reddit.com/r/KettleCoHelp/comments/1p4zq8a/kettle_whistle/kq9d3f2/',
    );
    // HTML kept as Reddit sent it (raw_json=1), Markdown as the text.
    expect(it.message.bodyHtml).toBe(
      '<div class="md"><p>Mine whistles too early — is that the lid seal? Cost me 30 € &amp; a burnt finger &lt;ouch&gt;.</p>\n</div>',
    );
    expect(it.message.bodyText).toBe(
      'Mine whistles too early — is that the lid seal? Cost me 30 € & a burnt finger <ouch>.',
    );
    expect(it.moderation).toBeUndefined();
  });

  it('our own account (any case) is staff; a reply to a comment targets that comment', () => {
    const it = byName(results, 't1_kq9d1a0')!;
    expect(it.member.isStaff).toBe(true);
    expect(it.message.replyToExternalId).toBe('t1_kq9cz77');
    const upper = item(
      mapThing(fixture('comments_new.json').data.children[1], { ...ctx, me: 'STEWARD_MOD' }),
    );
    expect(upper.member.isStaff).toBe(true);
    expect(
      item(mapThing(fixture('comments_new.json').data.children[1], { ...ctx, me: null })).member
        .isStaff,
    ).toBe(false);
  });

  it('edited: <epoch> gives editedAt and a version that grows with the edit time', () => {
    const it = byName(results, 't1_kq9cz77')!;
    expect(it.message.editedAt).toBe(1763991480000);
    expect(it.message.version).toBe(1763991480);
    const later = structuredClone(fixture('comments_new.json').data.children[2]);
    later.data.edited = 1763991999.0;
    expect(item(mapThing(later, ctx)).message.version).toBeGreaterThan(it.message.version);
  });

  it('[deleted] and [removed] bodies are deleted messages with a version above the live one', () => {
    const del = byName(results, 't1_kq9cx11')!;
    expect(del.message.deleted).toBe(true);
    expect(del.member.username).toBe('[deleted]');
    expect(del.member.externalId).toBe('u:[deleted]');
    const rem = byName(results, 't1_kq9cw02')!;
    expect(rem.message.deleted).toBe(true);
    expect(rem.message.bodyText).toBe('[removed]');
    expect(rem.message.version).toBeGreaterThan(1);
  });

  it('entity-escaped bodies (no raw_json=1) are decoded once', () => {
    const it = byName(results, 't1_kq9cv90')!;
    expect(it.message.bodyHtml).toBe(
      '<div class="md"><p>Fish &amp; chips &lt;3 — kettle &gt; pot</p>\n</div>',
    );
    expect(it.message.bodyText).toBe('Fish & chips <3 — kettle > pot');
    expect(isEscapedHtml('<div class="md">&lt;p&gt;</div>')).toBe(false);
  });

  it('rejects a malformed comment with the field and problem; the rest of the page maps', () => {
    const rejected = results.filter(
      (r): r is { rejected: { reason: string; raw: unknown } } => 'rejected' in r,
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.rejected.reason).toMatch(/^Reddit t1 t1_kq9cu00 rejected: created_utc /);
    expect(rejected[0]!.rejected.raw).toMatchObject({ id: 'kq9cu00', author: 'mallory_x' });
    expect(results.filter((r) => 'item' in r)).toHaveLength(6);
  });

  it('a name that does not match the id, or an unknown kind, is rejected', () => {
    const c = structuredClone(fixture('comments_new.json').data.children[0]);
    c.data.name = 't1_other1';
    expect(mapThing(c, ctx)).toEqual({
      rejected: expect.objectContaining({
        reason: expect.stringContaining('does not match id kq9d3f2'),
      }),
    });
    expect(mapThing({ kind: 't9', data: {} }, ctx)).toEqual({
      rejected: expect.objectContaining({ reason: expect.stringContaining('unknown kind "t9"') }),
    });
  });
});

describe('Reddit mapper: submissions (t3), submission pages, more stubs', () => {
  it('a self post is the first message of its own conversation; a link post has its link as body', () => {
    const [link, self, deleted] = mapPayload(fixture('submissions_new.json'), ctx).map(item);
    expect(self!.conversation).toMatchObject({
      externalId: 't3_1p4zq8a',
      title: 'Kettle whistle starts before the water boils',
      kind: 'thread',
      createdAt: 1763989000000,
    });
    expect(self!.message).toMatchObject({
      externalId: 't3_1p4zq8a',
      bodyText: 'It whistles at ~80 °C. Is that normal?\n\nModel K2, bought in May.',
      editedAt: 1763989500000,
      replyToExternalId: null,
    });
    expect(link!.message.bodyText).toBe('https://example.org/k2-descaling.pdf');
    expect(link!.message.bodyHtml).toContain('href="https://example.org/k2-descaling.pdf"');
    expect(deleted!.message.deleted).toBe(true);
  });

  it('a /comments/{id} page: post, nested replies (Listing) and "" replies, "more" skipped', () => {
    const results = mapPayload(fixture('submission_comments.json'), ctx);
    const ids = results.map((r) =>
      'item' in r ? r.item.message.externalId : 'skipped' in r ? 'skip' : 'rej',
    );
    expect(ids).toEqual(['t3_1p4zq8a', 't1_kq9g001', 't1_kq9g002', 'skip']);
    // No link_title in a submission page's comments: a neutral title, same conversation.
    const child = item(results[2]);
    expect(child.conversation.externalId).toBe('t3_1p4zq8a');
    expect(child.message.replyToExternalId).toBe('t1_kq9g001');
  });

  it('flattenThings survives hostile nesting without recursion limits', () => {
    let deep: unknown = { kind: 't1', data: { replies: '' } };
    for (let i = 0; i < 50_000; i++) deep = { kind: 'Listing', data: { children: [deep] } };
    expect(() => flattenThings(deep)).not.toThrow();
  });
});

describe('Reddit mapper: inbox (t1 replies and mentions, t4 messages)', () => {
  const results = mapPayload(fixture('inbox.json'), { ...ctx, source: 'inbox' });

  it('a comment reply joins the thread named in its context', () => {
    const it = item(results[0]);
    expect(it.conversation.externalId).toBe('t3_1p4zq8a');
    expect(it.message.replyToExternalId).toBe('t1_kq9d1a0');
    expect(it.message.meta).toMatchObject({ inboxType: 'comment_reply' });
    expect(item(results[1]).conversation).toMatchObject({
      externalId: 't3_1p4zs20',
      title: 'Lid hinge snapped',
    });
  });

  it('a PM chain is one conversation keyed by its first message; "re:" dropped from the title', () => {
    const reply = item(results[2]);
    const first = item(results[3]);
    expect(reply.conversation.externalId).toBe('t4_3b7k1z0');
    expect(first.conversation.externalId).toBe('t4_3b7k1z0');
    expect(reply.conversation.title).toBe('Warranty question');
    expect(reply.conversation.kind).toBe('private_message');
    expect(reply.message.replyToExternalId).toBe('t4_3b7k2a1');
  });

  it('a message from a subreddit (no author) is from r/<sub>', () => {
    expect(item(results[4]).member.username).toBe('r/KettleCoHelp');
  });
});

describe('Reddit mapper: mod queue', () => {
  const results = mapPayload(fixture('modqueue.json'), { ...ctx, source: 'modqueue' });
  it('reports: user reasons with counts and mod reports; filtered by AutoModerator; held', () => {
    expect(item(results[0]).moderation).toEqual({
      state: 'reported',
      reasons: ['Spam', 'This is misinformation', 'self-promotion'],
      reportCount: 4,
    });
    expect(item(results[1]).moderation).toEqual({
      state: 'filtered',
      reasons: ['automod_filtered'],
      reportCount: 0,
    });
    expect(item(results[2]).moderation).toEqual({
      state: 'held',
      reasons: ['awaiting review'],
      reportCount: 0,
    });
  });
  it('outside a queue only reports make moderation work', () => {
    const plain = mapPayload(fixture('modqueue.json'), ctx).map(item);
    expect(plain.map((i) => i.moderation?.state ?? null)).toEqual(['reported', null, null]);
  });
});

describe('Reddit mapper: modmail', () => {
  it('a conversation: one item per message in objIds order, mods are staff, internal notes marked', () => {
    const results = mapModmail(fixture('modmail_conversation.json'), ctx).map(item);
    expect(results.map((r) => r.message.externalId)).toEqual([
      'modmail:1q8zk:2f0a01',
      'modmail:1q8zk:2f0a07',
      'modmail:1q8zk:2f0a09',
    ]);
    expect(results[0]!.conversation).toEqual({
      externalId: 'modmail:1q8zk',
      title: 'Why was my post removed?',
      url: 'https://mod.reddit.com/mail/perma/1q8zk',
      createdAt: Date.parse('2026-11-24T09:10:03.512Z'),
      kind: 'modmail',
      meta: { modmailId: '1q8zk', subreddit: 'KettleCoHelp', internal: false },
    });
    expect(results[0]!.member).toMatchObject({
      username: 'ember_ash',
      externalId: `t2_${(48213377).toString(36)}`,
      isStaff: false,
    });
    expect(results[1]!.member.isStaff).toBe(true);
    expect(results[1]!.message.meta).toMatchObject({ internal: true });
    expect(results[2]!.message.createdAt).toBe(Date.parse('2026-11-24T09:41:40.004Z'));
  });
  it('the list: the latest message of each conversation', () => {
    const results = mapModmail(fixture('modmail_list.json'), ctx).map(item);
    expect(results.map((r) => r.message.externalId)).toEqual([
      'modmail:1q8zk:2f0a09',
      'modmail:1q8zm:2f0b02',
    ]);
  });
  it('dates: +00:00 and +0000 with microseconds; nonsense is NaN', () => {
    expect(parseIsoDate('2023-07-11T20:33:14.617000+0000')).toBe(
      Date.parse('2023-07-11T20:33:14.617Z'),
    );
    expect(parseIsoDate('2017-03-07T15:28:19.342937+00:00')).toBe(
      Date.parse('2017-03-07T15:28:19.342Z'),
    );
    expect(parseIsoDate('0001-01-01T00:00:00+00:00')).toBeNaN();
    expect(parseIsoDate('2026-02-31T00:00:00+00:00')).toBeNaN();
    expect(parseIsoDate('Tuesday')).toBeNaN();
  });
  it('a message id in objIds that is not an own key of messages (e.g. __proto__) is ignored', () => {
    const body = fixture('modmail_conversation.json');
    body.conversation.objIds.push(
      { id: '__proto__', key: 'messages' },
      { id: 'toString', key: 'messages' },
    );
    expect(mapModmail(body, ctx)).toHaveLength(3);
  });
});

describe('Reddit replay on our cassette', () => {
  it('every recorded body: items from listings and write results, token and HTML bodies skipped', () => {
    const r = redditConnector.replay!(fixture('cassette_comments.json'), {
      fileName: 'cassette_comments.json',
    });
    expect(r.items.map((i) => i.message.externalId)).toEqual([
      't1_kq9d3f2',
      't1_kq9d1a0',
      't1_kq9cz77',
      't1_kq9h001',
    ]);
    expect(r.rejected).toEqual([]);
    expect(r.skipped).toBe(2); // the token response and the HTML 400 page
  });
});

describe.skipIf(!existsSync(CASSETTES))('Reddit mapper on the recorded PRAW cassettes', () => {
  const files = existsSync(CASSETTES)
    ? readdirSync(CASSETTES).flatMap((d) => readdirSync(join(CASSETTES, d)).map((f) => join(d, f)))
    : [];
  const replay = (f: string) =>
    redditConnector.replay!(JSON.parse(readFileSync(join(CASSETTES, f), 'utf8')), { fileName: f });

  it('replays every cassette without throwing; nothing real is quarantined', () => {
    let items = 0;
    for (const f of files) {
      const r = replay(f);
      items += r.items.length;
      expect(r.rejected, f).toEqual([]);
    }
    expect(items).toBeGreaterThan(800);
  });

  it('inbox/unread: t1 replies and t4 messages in one listing', () => {
    const r = replay('inbox/unread.json');
    const kinds = new Set(r.items.map((i) => i.message.externalId.slice(0, 3)));
    expect(kinds).toEqual(new Set(['t1_', 't4_']));
    const reply = r.items.find((i) => i.message.externalId === 't1_myngt77')!;
    expect(reply.conversation.externalId).toBe('t3_1j7g9uj');
    expect(reply.message.replyToExternalId).toBe('t1_mynfuan');
  });

  it('inbox/messages: nested replies are flattened into their chain', () => {
    const r = replay('inbox/messages.json');
    const chain = r.items.filter((i) => i.conversation.externalId === 't4_22ydk2c');
    expect(chain.map((i) => i.message.externalId)).toEqual(
      expect.arrayContaining(['t4_22ydk2c', 't4_22ydkji', 't4_22ydkme']),
    );
  });

  it('modqueue: reported items carry their reasons; [deleted] authors map', () => {
    const r = replay('modqueue/modqueue.json');
    const reported = r.items.filter((i) => i.moderation?.state === 'reported');
    expect(reported.length).toBeGreaterThan(10);
    expect(r.items.some((i) => i.member.username === '[deleted]')).toBe(true);
    expect(r.items.find((i) => i.message.externalId === 't1_da2g5y6')!.moderation).toEqual({
      state: 'reported',
      reasons: ['test'],
      reportCount: 1,
    });
  });

  it('modmail: conversations with microsecond dates, moderators as staff', () => {
    const r = replay('modmail/conversation_get.json');
    expect(r.items.map((i) => i.message.externalId)).toEqual([
      'modmail:ik72:uui4',
      'modmail:ik72:uuln',
    ]);
    expect(r.items[0]!.member.externalId).toBe('t2_xw1ym');
    expect(r.items[1]!.member.isStaff).toBe(true);
    const list = replay('modmail/conversations_list.json');
    expect(list.items.length).toBe(100);
  });

  it('comment replies: the created comment from {json:{data:{things}}}', () => {
    const r = replay('reply/comment_reply.json');
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.message).toMatchObject({
      externalId: 't1_d1680wu',
      replyToExternalId: 't1_d1616q2',
    });
  });
});
