// The Slack normalizers on our fixtures (in the real shapes) and on the recorded payload corpus:
// rich_text preferred over mrkdwn, mentions/channels/links resolved, entities decoded once, subtypes
// (edits, deletions, broadcasts, files, bots, system messages), the conversation model, Slack Connect,
// quarantine reasons; the replay path (envelopes, callbacks, bare events, API responses) and the
// Markdown -> mrkdwn rendering with Slack's limit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { slackConnector } from '../../../electron/core/connectors/slack';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import {
  mapMessage,
  mapMessageEvent,
  isDmChannel,
  type MapEnv,
} from '../../../electron/core/connectors/slack/mapper';
import { renderSlack, MAX_MESSAGE_LENGTH } from '../../../electron/core/connectors/slack/render';
import { mrkdwnToParts } from '../../../electron/core/connectors/slack/text';
import { FIXTURES, SHARED, fixture } from './slack.helpers';

const env = (o: Partial<MapEnv> = {}): MapEnv => ({
  me: {
    userId: 'U07STEWARD',
    botId: 'B07STEWARD',
    teamId: 'T07BRAND01',
    url: 'https://brand.slack.com/',
  },
  users: new Map([
    [
      'U07AGENT01',
      {
        name: 'maja',
        displayName: 'Maja (Support)',
        avatarUrl: null,
        isBot: false,
        teamId: 'T07BRAND01',
      },
    ],
    [
      'U07MEMBER1',
      {
        name: 'ann',
        displayName: 'Ann K.',
        avatarUrl: 'https://avatars.slack-edge.com/ann_72.png',
        isBot: false,
        teamId: 'T07BRAND01',
      },
    ],
  ]),
  channelNames: new Map([['C07SUPPORT', 'support']]),
  ...o,
});
const one = (ev: unknown, e = env()) => mapMessageEvent(ev, isDmChannel, e);

describe('Slack mapper on our fixtures', () => {
  it('a Socket Mode message: rich_text preferred (what the member saw), mentions and links resolved, model and permalink', () => {
    const [r] = one(fixture('socket_message.json').payload.event);
    expect(r).toHaveProperty('item');
    const { item } = r as { item: NormalizedItem };
    expect(item.message.bodyText).toBe(
      'Hi @Maja (Support), my order #4471 is late & the tracking link here says <unknown> — see #C07ORDERS1 😔\n• ordered Monday\n• paid by card',
    );
    expect(item.message.bodyHtml).toContain('<a href="https://track.example.com/4471">here</a>');
    expect(item.message.bodyHtml).toContain('<b>#4471</b>');
    expect(item.message.bodyHtml).toContain('&#60;unknown&#62;');
    expect(item.conversation).toMatchObject({
      externalId: 'C07SUPPORT:1767225600.123456',
      kind: 'thread',
      url: 'https://brand.slack.com/archives/C07SUPPORT/p1767225600123456',
    });
    expect(item.member).toMatchObject({
      externalId: 'U07MEMBER1',
      username: 'ann',
      displayName: 'Ann K.',
      isStaff: false,
    });
    expect(item.message).toMatchObject({
      externalId: 'C07SUPPORT:1767225600.123456',
      version: 1,
      createdAt: 1767225600123,
      replyToExternalId: null,
    });
  });

  it('mrkdwn text when there are no blocks: entities decoded exactly once, specials and labels resolved', () => {
    const p = mrkdwnToParts(
      'a &amp;lt; b &amp; <@U07MEMBER1> <#C07SUPPORT> <!here> <!subteam^S1|@team> <https://x.example/a?b=1&amp;c=2|docs> *bold* _it_ `co*de*`',
      {
        user: (id) => (id === 'U07MEMBER1' ? 'Ann K.' : null),
        channel: (id) => (id === 'C07SUPPORT' ? 'support' : null),
      },
    );
    expect(p.text).toBe('a &lt; b & @Ann K. #support @here @team docs bold it co*de*');
    expect(p.html).toContain('<a href="https://x.example/a?b=1&#38;c=2">docs</a>');
    expect(p.html).toContain('<b>bold</b>');
    expect(p.html).toContain('<code>co*de*</code>');
    expect(p.html).not.toMatch(/<script/);
  });

  it('message_changed is a new version of the same message; message_deleted a deletion', () => {
    const [r] = one(fixture('event_message_changed.json').event);
    const item = (
      r as {
        item: {
          message: { externalId: string; version: number; bodyText: string; editedAt: number };
        };
      }
    ).item;
    expect(item.message).toMatchObject({
      externalId: 'C07SUPPORT:1767225600.123456',
      bodyText: 'my order #4471 is late (edited: it arrived broken)',
      editedAt: 1767225690000,
    });
    expect(item.message.version).toBe(1767225690000);
    expect(one(fixture('event_message_deleted.json').event)).toEqual([
      { deletion: 'C07SUPPORT:1767225600.123456' },
    ]);
  });

  it('a file shared in a thread by a Slack Connect member: metadata only, names sanitised, external flagged, joins the thread', () => {
    const [r] = one(fixture('event_file_share.json'));
    const item = (r as { item: NormalizedItem }).item;
    expect(item.conversation.externalId).toBe('C07SUPPORT:1767225600.123456');
    expect(item.message.replyToExternalId).toBe('C07SUPPORT:1767225600.123456');
    expect(item.message.attachments).toEqual([
      {
        name: '.._.._etc_box photo.jpg',
        contentType: 'image/jpeg',
        size: 482133,
        url: 'https://brand.slack.com/files/U07MEMBER2/F07PHOTO01/box_photo.jpg',
      },
    ]);
    expect(item.message.bodyText).toBe('[.._.._etc_box photo.jpg]');
    expect(item.message.meta).toMatchObject({ external: true, team: 'T07PARTNER' });
    // The partner team is the agency: its members are staff.
    const [s] = one(
      fixture('event_file_share.json'),
      env({ staffTeamIds: new Set(['T07PARTNER']) }),
    );
    expect((s as { item: { member: { isStaff: boolean } } }).item.member.isStaff).toBe(true);
  });

  it('a thread broadcast joins its thread; another bot is skipped unless asked for; our own reply is staff', () => {
    const [b] = one(fixture('event_thread_broadcast.json'));
    expect(
      (b as { item: { conversation: { externalId: string } } }).item.conversation.externalId,
    ).toBe('C07SUPPORT:1767225600.123456');
    expect(one(fixture('event_bot_message.json'))).toEqual([
      { skipped: 'a message from another bot or integration' },
    ]);
    const [bot] = one(fixture('event_bot_message.json'), env({ includeBots: true }));
    expect(
      (bot as { item: { message: { bodyText: string }; member: { displayName: string } } }).item,
    ).toMatchObject({
      message: { bodyText: 'New request from Dana: refund for order 4480' },
      member: { displayName: 'Order form' },
    });
    const replies = fixture('conversations_replies.json');
    const ours = mapMessage(replies.messages[1], { channel: 'C07SUPPORT', dm: false }, env());
    expect(
      (ours as { item: { member: { isStaff: boolean }; message: { bodyText: string } } }).item,
    ).toMatchObject({
      member: { isStaff: true },
      message: {
        bodyText: 'Sorry about that! I have asked the warehouse & will update you today.',
      },
    });
  });

  it('a DM is one conversation per DM channel; a staff top-level post starts none', () => {
    const dm = one({
      type: 'message',
      channel: 'D07DMANN01',
      channel_type: 'im',
      user: 'U07MEMBER1',
      text: 'hello?',
      ts: '1767230000.000100',
    });
    expect(
      (dm[0] as { item: { conversation: { externalId: string; kind: string } } }).item.conversation,
    ).toMatchObject({ externalId: 'dm:D07DMANN01', kind: 'private_message' });
    const staff = one(
      {
        type: 'message',
        channel: 'C07SUPPORT',
        user: 'U07AGENT01',
        text: 'Maintenance tonight',
        ts: '1767230000.000200',
      },
      env({ staffUserIds: new Set(['U07AGENT01']) }),
    );
    expect(staff).toEqual([{ skipped: 'a top-level message by staff starts no conversation' }]);
  });

  it('replay of an API response: system messages skipped, a bad ts quarantined with its reason, the rest delivered', () => {
    const r = slackConnector.replay!(fixture('conversations_history.json'), {
      fileName: 'conversations_history.json',
    });
    expect(r.items.map((i) => i.message.externalId)).toEqual([
      'C07SUPPORT:1767225600.123456',
      'C07SUPPORT:1767229200.000900',
    ]);
    expect(r.items[1]!.message.bodyText).toBe(
      'Is the <b>store</b> open on Sunday? cc @here @support',
    );
    expect(r.skipped).toBe(1);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason).toBe(
      'Slack message yesterday rejected: ts is not a Slack timestamp',
    );
  });

  it('replay of a Socket Mode envelope, an Events API callback and a bare event', () => {
    const counts = [
      'socket_message.json',
      'event_message_changed.json',
      'event_file_share.json',
    ].map((f) => {
      const r = slackConnector.replay!(fixture(f), { fileName: f });
      return [r.items.length, r.rejected.length];
    });
    expect(counts).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(
      slackConnector.replay!(fixture('event_message_deleted.json'), { fileName: 'x.json' })
        .deletions,
    ).toEqual(['C07SUPPORT:1767225600.123456']);
  });

  it('npm run replay -- --platform slack prints one JSON line per file', () => {
    const r = spawnSync(
      process.execPath,
      [
        'build/scripts/replay.mjs',
        '--platform',
        'slack',
        join(FIXTURES, 'conversations_history.json'),
        join(FIXTURES, 'socket_message.json'),
      ],
      { encoding: 'utf8' },
    );
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toMatchObject({ items: 2, quarantined: 1, skipped: 1 });
    expect(out[1]).toMatchObject({ items: 1, quarantined: 0, skipped: 0, errors: [] });
    expect(r.status).toBe(0);
  }, 60_000);
});

describe.skipIf(!existsSync(SHARED))('Slack mapper on the recorded payload corpus', () => {
  const files = (dir: string) =>
    existsSync(join(SHARED, dir))
      ? readdirSync(join(SHARED, dir))
          .filter((f) => f.endsWith('.json'))
          .map((f) => join(SHARED, dir, f))
      : [];
  it('every recorded event and web example replays without an exception; schema samples with empty ids are quarantined with reasons', () => {
    const all = [
      ...files('java-sdk-samples/events'),
      ...files('api-specs/web-examples'),
      ...files('java-sdk-samples/api'),
      ...files('python-sdk-fixtures'),
    ];
    expect(all.length).toBeGreaterThan(30);
    for (const f of all) {
      const r = slackConnector.replay!(JSON.parse(readFileSync(f, 'utf8')), { fileName: f });
      for (const q of r.rejected) expect(q.reason.length).toBeGreaterThan(15);
      expect(
        r.items.length + r.rejected.length + r.skipped + (r.deletions?.length ?? 0),
      ).toBeGreaterThan(0);
    }
  });
  it('the recorded conversations.history / replies examples map to items (ids, text, thread model)', () => {
    const hist = slackConnector.replay!(
      JSON.parse(
        readFileSync(join(SHARED, 'api-specs/web-examples/conversations.history.ok.json'), 'utf8'),
      ),
      { fileName: 'C012AB3CD.json' },
    );
    expect(hist.items.map((i) => i.message.externalId)).toEqual([
      'C012AB3CD:1512085950.000216',
      'C012AB3CD:1512104434.000490',
    ]);
    const rep = slackConnector.replay!(
      JSON.parse(
        readFileSync(join(SHARED, 'api-specs/web-examples/conversations.replies.ok.json'), 'utf8'),
      ),
      { fileName: 'C012AB3CD.json' },
    );
    expect(new Set(rep.items.map((i) => i.conversation.externalId))).toEqual(
      new Set(['C012AB3CD:1482960137.003543']),
    );
    expect(rep.items).toHaveLength(4);
  });
});

it('a type that is not text is named by its type in the skip (String() of some objects throws; found by the harness)', () => {
  const hostile = JSON.parse('{"toString":1}') as unknown;
  expect(
    mapMessage({ type: hostile, ts: '1.1' }, { channel: 'C07SUPPORT', dm: false }, env()),
  ).toEqual({
    skipped: 'not a message (object)',
  });
  expect(one({ type: [hostile] })).toEqual([{ skipped: 'event object is not a message' }]);
});

describe('Markdown -> Slack mrkdwn', () => {
  const r = (md: string) => {
    const x = renderSlack({ markdown: md });
    if (!x.ok) throw new Error(x.message);
    return x.text;
  };
  it('converts emphasis, links, code, lists, headings and quotes', () => {
    expect(
      r('**Hello** _there_, *you* and ~~old~~ [our docs](https://docs.example.com/a_b) `a*b`'),
    ).toBe('*Hello* _there_, _you_ and ~old~ <https://docs.example.com/a_b|our docs> `a*b`');
    expect(r('# Steps\n- one\n- two\n1. first\n> quoted')).toBe(
      '*Steps*\n• one\n• two\n1. first\n> quoted',
    );
    expect(r('```js\nif (a < b && c) {}\n```')).toBe('```\nif (a &lt; b &amp;&amp; c) {}\n```');
  });
  it('escapes & < > so typed text never becomes a mention, link or broadcast', () => {
    expect(r('Tom & Jerry <!channel> <@U123> 3 > 2')).toBe(
      'Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt; 3 &gt; 2',
    );
    expect(r('[x](javascript:alert(1))')).not.toContain('<javascript');
  });
  it(`refuses empty replies and replies over ${MAX_MESSAGE_LENGTH} characters before sending`, () => {
    expect(renderSlack({ markdown: '  \n ' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(renderSlack({ markdown: 'a'.repeat(MAX_MESSAGE_LENGTH) })).toMatchObject({ ok: true });
    // Escaping counts: 10,001 ampersands become 50,005 characters.
    expect(renderSlack({ markdown: '&'.repeat(10_001) })).toMatchObject({
      ok: false,
      reason: 'too_long',
    });
  });
});
