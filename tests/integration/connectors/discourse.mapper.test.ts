// Discourse mapper: our fixtures (hand-written in the real shapes) and, when the corpus is present,
// the recorded payloads in ../shared/payloads/discourse.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../electron/core/text/html';
import {
  mapPost,
  MAX_BODY_CHARS,
  parseTimestamp,
  type MapResult,
} from '../../../electron/core/connectors/discourse/mapper';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
import { fixture, SHARED } from './helpers';

const ctx = { baseUrl: 'https://forum.example', apiUsername: 'support_bot' };
const item = (r: MapResult): NormalizedItem => {
  if (!('item' in r)) throw new Error(`expected an item, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.item;
};

describe('Discourse mapper on our fixtures', () => {
  const posts = fixture('posts_latest.json').latest_posts as unknown[];
  const byId = (id: number | string) =>
    mapPost(
      posts.find((p) => (p as { id: unknown }).id === id),
      ctx,
    );

  it('maps a member post: ids, topic, permalink, author, HTML kept, text converted, UTC time', () => {
    const it = item(byId(4812));
    expect(it.conversation).toEqual({
      externalId: '913',
      title: 'Card declined at checkout',
      url: 'https://forum.example/t/card-declined-at-checkout/913',
      createdAt: Date.parse('2026-11-20T14:05:11.402Z'),
      kind: 'topic',
    });
    expect(it.member).toEqual({
      externalId: '341',
      username: 'ingrid_d',
      displayName: 'Ingrid Dahl',
      isStaff: false,
      avatarUrl: 'https://forum.example/user_avatar/forum.example/ingrid_d/90/77_2.png',
    });
    expect(it.message.externalId).toBe('4812');
    expect(it.message.url).toBe('https://forum.example/t/card-declined-at-checkout/913/1');
    expect(it.message.bodyHtml).toContain('<em>“try later”</em>');
    expect(it.message.bodyText).toBe(
      'My card was declined at checkout & the app says “try later”.\n\nerror screenshot',
    );
    expect(it.message).toMatchObject({
      createdAt: Date.parse('2026-11-20T14:05:11.402Z'),
      editedAt: null,
      version: 1,
      deleted: false,
    });
  });

  it('our own API user (any letter case) is staff/outbound even without staff flags; -05:00 parses to UTC', () => {
    const it = item(byId(4811));
    expect(it.member.isStaff).toBe(true);
    expect(it.message.createdAt).toBe(Date.UTC(2026, 10, 20, 18, 58, 40));
    // A reply's conversation time is its own time when the topic start is unknown.
    expect(it.conversation.createdAt).toBe(it.message.createdAt);
  });

  it('staff flags make a post outbound even from another account', () => {
    const raw = { ...(posts[0] as object), id: 9999, username: 'other_mod', moderator: true };
    expect(item(mapPost(raw, ctx)).member.isStaff).toBe(true);
    expect(
      item(mapPost({ ...(posts[0] as object), id: 9998, username: 'x', admin: true }, ctx)).member
        .isStaff,
    ).toBe(true);
    expect(
      item(mapPost({ ...(posts[0] as object), id: 9997, username: 'x', staff: 'true' }, ctx)).member
        .isStaff,
    ).toBe(false);
  });

  it('skips small actions, moderator actions and whispers without rejecting them', () => {
    expect(byId(4810)).toEqual({ skipped: expect.stringContaining('small action') });
    expect(byId(4807)).toEqual({ skipped: expect.stringContaining('whisper') });
    expect(mapPost({ ...(posts[0] as object), post_type: 2 }, ctx)).toEqual({
      skipped: expect.stringContaining('moderator action'),
    });
  });

  it('edited posts carry their version and edit time (+01:00 offsets)', () => {
    const it = item(byId(4809));
    expect(it.message.version).toBe(3);
    expect(it.message.editedAt).toBe(Date.UTC(2026, 10, 20, 14, 0, 0));
    expect(it.member.avatarUrl).toBe('https://www.gravatar.com/avatar/abc.png?s=90');
  });

  it('rejects a malformed post with a reason naming each bad field', () => {
    const r = byId('4808');
    expect(r).toHaveProperty('rejected');
    const { reason, raw } = (r as { rejected: { reason: string; raw: unknown } }).rejected;
    expect(reason).toMatch(/^Discourse post "4808" rejected: /);
    expect(reason).toContain('id ');
    expect(reason).toContain('created_at is not an ISO-8601 date-time');
    expect(raw).toMatchObject({ id: '4808', username: 'mallory' });
  });

  it('hostile HTML stays as data: kept in bodyHtml, no script/comment/markup in bodyText', () => {
    const it = item(byId(4806));
    expect(it.message.bodyHtml).toContain('<script>');
    expect(it.message.bodyText).toBe('Does the <export> button work for you?\n\na > b\n\nThanks …');
    expect(it.message.bodyText).not.toMatch(/evil|cookie|hidden comment|onerror/);
  });

  it('hidden posts are marked deleted; microsecond fractions and +03:00 parse; non-ASCII titles kept', () => {
    const it = item(byId(4805));
    expect(it.message.deleted).toBe(true);
    expect(it.message.createdAt).toBe(Date.UTC(2026, 10, 20, 9, 0, 0, 123));
    expect(it.conversation.title).toBe('Код не приходит');
    expect(it.member.avatarUrl).toBe(
      'https://avatars.discourse-cdn.example/v4/letter/m/e47774/90.png',
    );
  });

  it('topic payload posts (no topic_title, no raw) take the title, slug, start and archetype from the topic', () => {
    const topic = fixture('topic.json');
    const [first, staff, small] = topic.post_stream.posts.map((p: unknown) =>
      mapPost(p, ctx, {
        title: topic.title,
        slug: topic.slug,
        archetype: topic.archetype,
        createdAt: topic.created_at,
      }),
    );
    expect(item(first).conversation).toMatchObject({
      externalId: '512',
      title: 'Invoice address',
      kind: 'topic',
      url: 'https://forum.example/t/invoice-address/512',
    });
    expect(item(staff).member.isStaff).toBe(true);
    expect(item(staff).conversation.createdAt).toBe(Date.parse('2026-10-02T08:15:00.000Z'));
    expect(small).toHaveProperty('skipped');
    // Without any title the post is rejected with the reason, not given a made-up title.
    expect(mapPost(topic.post_stream.posts[0], ctx)).toEqual({
      rejected: expect.objectContaining({
        reason: expect.stringContaining('title of topic 512 is unknown'),
      }),
    });
  });

  it('private messages map to kind private_message', () => {
    const pm = fixture('topic_private_message.json');
    const it = item(
      mapPost(pm.post_stream.posts[0], ctx, { title: pm.title, archetype: pm.archetype }),
    );
    expect(it.conversation.kind).toBe('private_message');
    expect(it.message.createdAt).toBe(Date.UTC(2026, 9, 5, 8, 0, 0));
  });

  it('a structured (non-string) raw does not reject the post', () => {
    const tp = fixture('topic_posts.json');
    expect(
      item(mapPost(tp.post_stream.posts[0], ctx, { title: 'Invoice address' })).message.bodyText,
    ).toBe('Under Billing → Details.');
  });

  it('bodies over 1 MB are rejected with the size; the quarantined copy is cut down', () => {
    const big = {
      ...(posts[0] as object),
      id: 5000,
      cooked: `<p>${'x'.repeat(MAX_BODY_CHARS)}</p>`,
    };
    const r = mapPost(big, ctx) as { rejected: { reason: string; raw: { cooked: string } } };
    expect(r.rejected.reason).toBe(
      `Discourse post 5000 rejected: body is ${MAX_BODY_CHARS + 7} characters (limit ${MAX_BODY_CHARS})`,
    );
    expect(r.rejected.raw.cooked.length).toBeLessThan(5000);
    // Exactly at the limit is accepted.
    expect(mapPost({ ...big, cooked: 'y'.repeat(MAX_BODY_CHARS) }, ctx)).toHaveProperty('item');
  });

  it('rejects non-objects and posts missing the body', () => {
    expect(mapPost(null, ctx)).toHaveProperty('rejected');
    expect(mapPost('<p>hi</p>', ctx)).toHaveProperty('rejected');
    const { cooked: _c, ...noBody } = posts[0] as Record<string, unknown>;
    expect((mapPost(noBody, ctx) as { rejected: { reason: string } }).rejected.reason).toContain(
      'cooked',
    );
  });
});

describe('htmlToText', () => {
  it('decodes named, decimal and hex entities; invalid code points become U+FFFD', () => {
    expect(
      htmlToText(
        '<p>a &lt;b&gt; &#x1F600; &quot;q&quot; &#228; &aring; &unknown; &#0; &#xD800;</p>',
      ),
    ).toBe('a <b> 😀 "q" ä å &unknown; \ufffd \ufffd');
  });
  it('drops script/style/iframe/svg content even when unclosed or nested in odd ways', () => {
    expect(htmlToText('<p>ok</p><script>alert("x")</script><style>p{}</style><p>next</p>')).toBe(
      'ok\n\nnext',
    );
    expect(htmlToText('<p>before</p><script>var a = "</p><p>";')).toBe('before');
    expect(
      htmlToText('<svg><script>alert(2)</script></svg><iframe src="x">fallback</iframe>tail'),
    ).toBe('tail');
  });
  it('attribute values containing ">" do not end the tag', () => {
    expect(htmlToText('<a title="x > y" href="#">link</a> text')).toBe('link text');
    expect(htmlToText("<img alt='one > two' src=x>")).toBe('one > two');
  });
  it('comments, CDATA and doctype are not text; a lone "<" is', () => {
    expect(htmlToText('<!DOCTYPE html><!-- c --><![CDATA[x]]>a < b and 3<4')).toBe('a < b and 3<4');
  });
  it('collapses whitespace, keeps paragraphs and line breaks, preserves <pre>', () => {
    expect(
      htmlToText('<p>one\n   two</p>\n\n\n<p>three<br>four</p><ul><li>a</li><li>b</li></ul>'),
    ).toBe('one two\n\nthree\nfour\n\na\nb');
    expect(htmlToText('<pre><code>if (a) {\n    b();\n}</code></pre>')).toBe(
      'if (a) {\n    b();\n}',
    );
  });
  it('inline tags join words; table cells are separated', () => {
    expect(
      htmlToText(
        '<p>un<strong>believ</strong>able</p><table><tr><td>a</td><td>b</td></tr></table>',
      ),
    ).toBe('unbelievable\n\na b');
  });
  it('strips control characters (a NUL cannot smuggle placeholders)', () => {
    expect(htmlToText('<p>a\u0000b\u0007c</p><pre>\u00000\u0000</pre>')).toBe('abc\n\n0');
  });
});

describe('parseTimestamp', () => {
  it('accepts ISO-8601 with Z or any offset form, with or without fractions', () => {
    expect(parseTimestamp('2026-11-20T14:05:11.402Z')).toBe(Date.UTC(2026, 10, 20, 14, 5, 11, 402));
    expect(parseTimestamp('2026-11-20T14:05:11-04:00')).toBe(Date.UTC(2026, 10, 20, 18, 5, 11));
    expect(parseTimestamp('2026-11-20T14:05:11.5+0530')).toBe(
      Date.UTC(2026, 10, 20, 8, 35, 11, 500),
    );
    expect(parseTimestamp('2026-11-20T14:05+01')).toBe(Date.UTC(2026, 10, 20, 13, 5));
  });
  it('rejects what Date.parse would guess at', () => {
    for (const s of [
      'last tuesday',
      '2026',
      '2026-11-20',
      '2026-11-20T14:05:11',
      'Fri, 20 Nov 2026 14:05:11 GMT',
      '2026-02-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '',
    ]) {
      expect(parseTimestamp(s), s).toBeNaN();
    }
  });
});

const recorded = (...p: string[]) => join(SHARED, ...p);
describe.skipIf(!existsSync(SHARED))(
  'Discourse mapper on the recorded payloads (../shared/payloads/discourse)',
  () => {
    const base = { baseUrl: 'https://meta.example', apiUsername: 'nobody' };
    const lists = [
      recorded('discourse_api-gem', 'posts_latest.json'),
      recorded('discourse_api-gem', 'posts_before.json'),
      recorded('api-docs', 'latest_posts.json'),
    ];

    it('maps every post of the recorded /posts.json pages, field by field', () => {
      let n = 0;
      for (const f of lists) {
        const body = JSON.parse(readFileSync(f, 'utf8')) as {
          latest_posts: Record<string, unknown>[];
        };
        expect(body.latest_posts.length).toBeGreaterThan(0);
        for (const p of body.latest_posts) {
          const it = item(mapPost(p, base));
          n++;
          expect(it.message.externalId).toBe(String(p.id));
          expect(it.conversation.externalId).toBe(String(p.topic_id));
          expect(it.conversation.title).toBe(p.topic_title);
          expect(it.message.url).toBe(
            `https://meta.example/t/${p.topic_slug as string}/${p.topic_id as number}/${p.post_number as number}`,
          );
          expect(it.message.createdAt).toBe(Date.parse(p.created_at as string));
          expect(it.message.bodyHtml).toBe(p.cooked);
          expect(it.message.bodyText).not.toMatch(/<[a-z/][^>]*>/i);
          expect(it.member.username).toBe(p.username);
          expect(it.member.externalId).toBe(String(p.user_id));
          expect(it.member.isStaff).toBe(
            p.staff === true || p.admin === true || p.moderator === true,
          );
          expect(it.message.version).toBe(p.version);
          expect(it.member.avatarUrl).toMatch(
            /^https:\/\/meta\.example\/(letter_avatar_proxy|user_avatar)\/.+\/90\/?[^/]*\.png$/,
          );
        }
      }
      expect(n).toBe(4 + 3 + 25);
    });

    it('a recorded member post reads as the text its cooked HTML shows', () => {
      const body = JSON.parse(
        readFileSync(recorded('discourse_api-gem', 'posts_latest.json'), 'utf8'),
      ) as { latest_posts: { id: number; cooked: string }[] };
      const p = body.latest_posts.find((x) => x.id === 15)!;
      expect(item(mapPost(p, base)).message.bodyText).toBe('holla bullhonky.');
    });

    it('maps the posts of recorded topics (post_stream without topic_title/raw) with the topic as hint', () => {
      for (const f of [
        recorded('discourse_api-gem', 'topic.json'),
        recorded('api-docs', 'responses', 'topics_topic_response.json'),
      ]) {
        const topic = JSON.parse(readFileSync(f, 'utf8')) as {
          title: string;
          slug: string;
          archetype: string;
          post_stream: { posts: { id: number; post_type: number }[] };
        };
        const results = topic.post_stream.posts.map((p) =>
          mapPost(p, base, { title: topic.title, slug: topic.slug, archetype: topic.archetype }),
        );
        results.forEach((r, i) => {
          if (topic.post_stream.posts[i]!.post_type === 1)
            expect(item(r).conversation.title).toBe(topic.title);
          else expect(r).toHaveProperty('skipped');
        });
        expect(results.some((r) => 'item' in r)).toBe(true);
      }
    });

    it('the recorded topic_posts.json (raw as a structured array) maps', () => {
      const tp = JSON.parse(
        readFileSync(recorded('discourse_api-gem', 'topic_posts.json'), 'utf8'),
      ) as { post_stream: { posts: unknown[] } };
      const it = item(mapPost(tp.post_stream.posts[0], base, { title: 'Some topic' }));
      expect(it.message).toMatchObject({ externalId: '123456', bodyText: 'Some text.' });
      expect(it.member.avatarUrl).toBe('https://avatars.discourse.org/v4/letter/w/abcd123/90.png');
    });

    it('the recorded single post and created-post responses map (with the topic title supplied)', () => {
      for (const f of [
        recorded('discourse_api-gem', 'post.json'),
        recorded('api-docs', 'responses', 'topics_new_topic_response.json'),
      ]) {
        const p = JSON.parse(readFileSync(f, 'utf8')) as { id: number };
        expect(item(mapPost(p, base, { title: 'T' })).message.externalId).toBe(String(p.id));
      }
    });

    it('timestamps in every recorded file with -04:00/-05:00 offsets parse', () => {
      let seen = 0;
      for (const f of readdirSync(recorded('discourse_api-gem'))) {
        const text = readFileSync(recorded('discourse_api-gem', f), 'utf8');
        for (const m of text.matchAll(/"(?:created_at|updated_at)":\s*"([^"]+)"/g)) {
          seen++;
          expect(parseTimestamp(m[1]!), `${f}: ${m[1]}`).toBe(Date.parse(m[1]!));
        }
      }
      expect(seen).toBeGreaterThan(20);
    });
  },
);
