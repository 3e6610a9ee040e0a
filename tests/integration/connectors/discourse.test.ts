// The Discourse connector: mapping real response shapes (our fixtures, and the recorded payloads in
// ../shared/payloads when present), rate limits, errors, and the limiter/backoff it relies on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backoffMs, backoffWithFloor } from '../../../electron/core/connectors/backoff';
import { discourseConnector } from '../../../electron/core/connectors/discourse';
import { htmlToText, mapPost } from '../../../electron/core/connectors/discourse/mapper';
import { createRateLimiter, parseRetryAfter } from '../../../electron/core/connectors/rateLimiter';
import { ConnectorError, type SourceContext } from '../../../electron/core/connectors/types';
import { silentLogger } from '../../../electron/core/ports';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = (f: string) => JSON.parse(readFileSync(join(here, '..', '..', 'fixtures', 'discourse', f), 'utf8'));
const ctx = { baseUrl: 'https://forum.example', apiUsername: 'support_bot' };

describe('Discourse mapper (fixtures in the real shapes)', () => {
  const posts = fixture('posts_latest.json').latest_posts as unknown[];
  const mapped = posts.map((p) => mapPost(p, ctx));

  it('maps a member post: ids, topic, author, HTML and text, timestamps with any offset', () => {
    const r = mapped[0]!;
    expect(r && 'item' in r).toBe(true);
    const { item } = r as { item: NonNullable<ReturnType<typeof mapPost>> extends infer T ? T extends { item: infer I } ? I : never : never };
    expect(item.conversation).toMatchObject({ externalId: '913', title: 'Card declined at checkout', url: 'https://forum.example/t/card-declined-at-checkout/913', kind: 'topic' });
    expect(item.member).toMatchObject({ externalId: '341', username: 'ingrid_d', displayName: 'Ingrid Dahl', isStaff: false, avatarUrl: 'https://forum.example/user_avatar/forum.example/ingrid_d/90/77_2.png' });
    expect(item.message.externalId).toBe('4812');
    expect(item.message.bodyText).toBe('My card was declined at checkout & the app says “try later”.\n\nerror screenshot');
    expect(item.message.createdAt).toBe(Date.parse('2026-11-20T14:05:11.402Z'));
  });
  it('our own account and staff are outbound; -05:00 offsets parse', () => {
    const r = mapped[1] as { item: { member: { isStaff: boolean }; message: { createdAt: number } } };
    expect(r.item.member.isStaff).toBe(true);
    expect(r.item.message.createdAt).toBe(Date.parse('2026-11-20T18:58:40.000Z'));
  });
  it('skips system "small action" posts (not member content) without rejecting them', () => {
    expect(mapped[2]).toBeNull();
  });
  it('edited posts carry their version and edit time', () => {
    const r = mapped[3] as { item: { message: { version: number; editedAt: number | null } } };
    expect(r.item.message.version).toBe(3);
    expect(r.item.message.editedAt).toBe(Date.parse('2026-11-20T15:00:00.000+01:00'));
  });
  it('rejects a malformed post with a reason that names the field', () => {
    const r = mapped[4] as { rejected: { reason: string } };
    expect(r.rejected.reason).toMatch(/^Discourse post "4808" rejected: id /);
  });
  it('htmlToText decodes entities and drops scripts', () => {
    expect(htmlToText('<p>a &lt;b&gt; &#x1F600; &quot;q&quot;</p><script>x()</script><p>next</p>')).toBe('a <b> 😀 "q"\nnext');
  });
});

const shared = join(here, '..', '..', '..', '..', 'shared', 'payloads', 'discourse');
describe.skipIf(!existsSync(shared))('Discourse mapper on the recorded payloads (../shared/payloads)', () => {
  const files = [join(shared, 'discourse_api-gem', 'posts_latest.json'), join(shared, 'discourse_api-gem', 'posts_before.json'), join(shared, 'api-docs', 'latest_posts.json')].filter(existsSync);
  it('maps every recorded post or rejects it with a reason; never throws', () => {
    let ok = 0;
    for (const f of files) {
      const body = JSON.parse(readFileSync(f, 'utf8')) as { latest_posts?: unknown[] };
      for (const p of body.latest_posts ?? []) {
        const r = mapPost(p, { baseUrl: 'https://meta.example', apiUsername: 'nobody' });
        if (r && 'item' in r) {
          ok++;
          expect(r.item.message.externalId).toBe(String((p as { id: number }).id));
          expect(Number.isFinite(r.item.message.createdAt)).toBe(true);
          expect(r.item.conversation.title.length).toBeGreaterThan(0);
        } else if (r) expect(r.rejected.reason.length).toBeGreaterThan(10);
      }
    }
    expect(ok).toBeGreaterThan(0);
  });
  it('maps the posts of a recorded topic (post_stream)', () => {
    const f = join(shared, 'discourse_api-gem', 'topic.json');
    const topic = JSON.parse(readFileSync(f, 'utf8')) as { title: string; post_stream: { posts: unknown[] } };
    const items = topic.post_stream.posts.map((p) => mapPost(p, { baseUrl: 'https://try.example', apiUsername: 'x' }, topic.title)).filter((r) => r && 'item' in r);
    expect(items.length).toBeGreaterThan(0);
  });
  it('recorded files are all readable JSON', () => {
    for (const f of readdirSync(join(shared, 'discourse_api-gem'))) expect(() => JSON.parse(readFileSync(join(shared, 'discourse_api-gem', f), 'utf8'))).not.toThrow();
  });
});

function fakeCtx(responses: Response[], secret: string | null = 'KEY-1234567890'): SourceContext & { calls: { url: string; init?: RequestInit }[] } {
  const calls: { url: string; init?: RequestInit }[] = [];
  return {
    sourceId: 1, baseUrl: 'https://forum.example', config: { apiUsername: 'support_bot' }, secret, logger: silentLogger,
    limiter: createRateLimiter({ perMinute: 600 }),
    http: async (url, init) => {
      calls.push({ url, init });
      const r = responses.shift();
      if (!r) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return r;
    },
    calls,
  };
}

describe('Discourse HTTP behaviour', () => {
  it('sends the admin API key headers and never leaks the key into errors', async () => {
    const c = fakeCtx([new Response(JSON.stringify({ errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'], error_type: 'invalid_access' }), { status: 403 })]);
    const err = (await discourseConnector.poll(c, null).catch((e) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('permanent');
    expect(err.message).not.toContain('KEY-1234567890');
    const headers = c.calls[0]!.init!.headers as Record<string, string>;
    expect(headers['Api-Key']).toBe('KEY-1234567890');
    expect(headers['Api-Username']).toBe('support_bot');
    expect(c.calls[0]!.url).toBe('https://forum.example/posts.json');
  });
  it('429: rate_limited with the wait from Retry-After or wait_seconds, and the limiter pauses', async () => {
    const c = fakeCtx([new Response(JSON.stringify(fixture('rate_limited.json')), { status: 429, headers: { 'Retry-After': '42' } })]);
    const err = (await discourseConnector.poll(c, null).catch((e) => e)) as ConnectorError;
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(42_000);
    expect(c.limiter.delayMs()).toBeGreaterThan(40_000);
    const c2 = fakeCtx([new Response(JSON.stringify(fixture('rate_limited.json')), { status: 429 })]);
    const err2 = (await discourseConnector.poll(c2, null).catch((e) => e)) as ConnectorError;
    expect(err2.retryAfterMs).toBe(42_000);
  });
  it('a POST that gets no answer is an unknown outcome; refused connections are transient', async () => {
    const c = fakeCtx([]);
    c.http = async () => { throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }); };
    const e1 = (await discourseConnector.send(c, { outboxId: 1, conversationExternalId: '913', replyToExternalId: null, body: 'hi there', idempotencyKey: 'k', queuedAt: 0 }).catch((e) => e)) as ConnectorError;
    expect(e1.kind).toBe('unknown_outcome');
    const e2 = (await discourseConnector.poll(fakeCtx([]), null).catch((e) => e)) as ConnectorError;
    expect(e2.kind).toBe('transient');
  });
  it('first sync takes the newest pages; later syncs page back to the cursor', async () => {
    const page = (ids: number[]) => new Response(JSON.stringify({ latest_posts: ids.map((id) => ({ ...fixture('posts_latest.json').latest_posts[0], id, topic_id: id })) }));
    const c = fakeCtx([page([105, 104, 103]), page([102, 101])]);
    const first = await discourseConnector.poll({ ...c, config: { apiUsername: 'x', initialPages: 1 } }, null);
    expect(first.items.map((i) => i.message.externalId)).toEqual(['105', '104', '103']);
    expect(first.cursor).toMatchObject({ lastPostId: 105 });
    const c2 = fakeCtx([page([109, 108]), page([107, 106, 105, 104])]);
    const next = await discourseConnector.poll(c2, first.cursor);
    expect(next.items.map((i) => i.message.externalId).sort()).toEqual(['106', '107', '108', '109']);
    expect(c2.calls[1]!.url).toBe('https://forum.example/posts.json?before=108');
    expect(next.cursor).toMatchObject({ lastPostId: 109 });
    expect(next.more).toBe(false);
  });
});

describe('rate limiter and backoff', () => {
  it('token bucket: N requests per minute, then waits', () => {
    let t = 0;
    const l = createRateLimiter({ perMinute: 60, clock: { now: () => t } });
    for (let i = 0; i < 60; i++) {
      expect(l.delayMs()).toBe(0);
      void l.acquire();
    }
    expect(l.delayMs()).toBeGreaterThan(0);
    t += 1000;
    expect(l.delayMs()).toBe(0);
  });
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
  it('backoff: full jitter within an exponential cap, never zero, floor honoured', () => {
    for (let a = 1; a < 20; a++) {
      const lo = backoffMs(a, { random: () => 0 });
      const hi = backoffMs(a, { random: () => 0.999999 });
      expect(lo).toBeGreaterThan(0);
      expect(hi).toBeLessThanOrEqual(Math.min(15 * 60_000, 1000 * 2 ** (a - 1)));
    }
    expect(backoffMs(3, { random: () => 0.5 })).toBe(2000);
    expect(backoffWithFloor(1, 30_000, { random: () => 0.5 })).toBe(30_000);
  });
});
