// The local Discourse simulator speaks the wire format the connector expects: raw HTTP checks of
// auth, paging, shapes, posting, errors, persistence and demo traffic.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../../electron/demo/simulators/discourse';
import { KEY, USER } from './helpers';

let sims: DiscourseSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function start(o: Parameters<typeof startDiscourseSimulator>[0] = {}) {
  const sim = await startDiscourseSimulator({ seed: 3, ...o });
  sims.push(sim);
  if (!sim.hasSite('acme'))
    sim.addSite({ slug: 'acme', apiKey: KEY, apiUsername: USER, title: 'Acme' });
  return sim;
}
const auth = { 'Api-Key': KEY, 'Api-Username': USER, Accept: 'application/json' };
async function get(
  sim: DiscourseSimulator,
  path: string,
  headers: Record<string, string> = auth,
  slug = 'acme',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${sim.siteUrl(slug)}${path}`, { headers });
  return { status: res.status, body: await res.json(), headers: res.headers };
}
async function post(
  sim: DiscourseSimulator,
  body: Record<string, unknown>,
  form = false,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.siteUrl('acme')}/posts.json`, {
    method: 'POST',
    headers: {
      ...auth,
      'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json',
    },
    body: form
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('Discourse simulator', () => {
  it("auth: a wrong key, a wrong username or another site's key gets Discourse's 403 invalid_access body", async () => {
    const sim = await start();
    sim.addSite({
      slug: 'other',
      apiKey: 'other-key-123',
      apiUsername: 'other_bot',
      title: 'Other',
    });
    const ok = await get(sim, '/posts.json');
    expect(ok.status).toBe(200);
    for (const headers of [
      { ...auth, 'Api-Key': 'nope' },
      { ...auth, 'Api-Username': 'someone' },
      { Accept: 'application/json' },
    ]) {
      const r = await get(sim, '/posts.json', headers);
      expect(r.status).toBe(403);
      expect(r.body).toEqual({
        errors: [
          'You are not permitted to view the requested resource. The API username or key is invalid.',
        ],
        error_type: 'invalid_access',
      });
    }
    expect((await get(sim, '/posts.json', auth, 'other')).status).toBe(403);
    // Usernames are case-insensitive, as in Discourse.
    expect(
      (await get(sim, '/posts.json', { ...auth, 'Api-Username': USER.toUpperCase() })).status,
    ).toBe(200);
  });

  it('/posts.json: public regular posts only, newest first, 50 per page, `before` exclusive', async () => {
    const sim = await start();
    const made = Array.from({ length: 60 }, (_, i) =>
      sim.addMemberPost('acme', {
        title: `Public question number ${i}`,
        raw: `q${i}`,
        username: 'u',
      }),
    );
    sim.addMemberPost('acme', {
      title: 'A private one',
      raw: 'secret',
      username: 'u',
      privateMessage: true,
    });
    sim.addMemberPost('acme', {
      topicId: made[0]!.topic_id,
      raw: 'whisper',
      username: 'mod',
      postType: 4,
    });
    sim.closeTopic('acme', made[1]!.topic_id);
    const p1 = await get(sim, '/posts.json');
    expect(Object.keys(p1.body)).toEqual(['latest_posts']);
    expect(p1.body.latest_posts).toHaveLength(50);
    expect(p1.body.latest_posts[0].id).toBe(made[59]!.id);
    expect(p1.body.latest_posts.every((p: { post_type: number }) => p.post_type === 1)).toBe(true);
    const p2 = await get(sim, `/posts.json?before=${made[10]!.id}`);
    expect(p2.body.latest_posts.map((p: { id: number }) => p.id)).toEqual(
      made
        .slice(0, 10)
        .map((p) => p.id)
        .reverse(),
    );
    // The fields a /posts.json entry has (the recorded shape): raw, topic_title, topic_slug, topic_html_title.
    const e = p1.body.latest_posts[0];
    for (const k of [
      'id',
      'username',
      'avatar_template',
      'created_at',
      'cooked',
      'post_number',
      'post_type',
      'updated_at',
      'topic_id',
      'topic_slug',
      'topic_title',
      'topic_html_title',
      'raw',
      'version',
      'staff',
      'admin',
      'moderator',
      'user_id',
      'hidden',
      'deleted_at',
    ])
      expect(e).toHaveProperty(k);
    expect(
      (await get(sim, '/private-posts.json')).body.private_posts.map((p: { raw: string }) => p.raw),
    ).toEqual(['secret']);
  });

  it('/t/{id}.json: topic fields, 20 posts inline without raw/topic_title, the full stream; /t/{id}/posts.json by ids; /posts/{id}.json with raw', async () => {
    const sim = await start();
    const first = sim.addMemberPost('acme', {
      title: 'A long discussion thread',
      raw: 'start',
      username: 'u',
    });
    for (let i = 0; i < 25; i++)
      sim.addMemberPost('acme', { topicId: first.topic_id, raw: `reply ${i}`, username: `u${i}` });
    const t = await get(sim, `/t/${first.topic_id}.json`);
    expect(t.body).toMatchObject({
      id: first.topic_id,
      title: 'A long discussion thread',
      slug: 'a-long-discussion-thread',
      archetype: 'regular',
      posts_count: 26,
    });
    expect(t.body.post_stream.posts).toHaveLength(20);
    expect(t.body.post_stream.stream).toHaveLength(26);
    expect(t.body.post_stream.posts[0]).not.toHaveProperty('raw');
    expect(t.body.post_stream.posts[0]).not.toHaveProperty('topic_title');
    expect((await get(sim, `/t/a-long-discussion-thread/${first.topic_id}.json`)).status).toBe(200);
    const last = t.body.post_stream.stream.slice(-2);
    const some = await get(
      sim,
      `/t/${first.topic_id}/posts.json?${last.map((id: number) => `post_ids[]=${id}`).join('&')}`,
    );
    expect(some.body.post_stream.posts.map((p: { id: number }) => p.id)).toEqual(last);
    const single = await get(sim, `/posts/${last[1]}.json`);
    expect(single.body.raw).toBe('reply 24');
    expect((await get(sim, '/t/99999.json')).body).toEqual({
      errors: ['The requested URL or resource could not be found.'],
      error_type: 'not_found',
    });
  });

  it("POST /posts.json: JSON or form-encoded replies, new private messages, Discourse's 422 bodies", async () => {
    const sim = await start();
    const first = sim.addMemberPost('acme', {
      title: 'Question about invoices',
      raw: 'start',
      username: 'u',
    });
    const a = await post(sim, { topic_id: first.topic_id, raw: 'JSON reply from support' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      topic_id: first.topic_id,
      post_number: 2,
      username: USER,
      cooked: '<p>JSON reply from support</p>',
      staff: true,
    });
    expect(a.body).not.toHaveProperty('raw');
    const b = await post(
      sim,
      {
        topic_id: String(first.topic_id),
        raw: 'Form reply from support',
        reply_to_post_number: '1',
      },
      true,
    );
    expect(b.body).toMatchObject({ post_number: 3, reply_to_post_number: 1 });
    const pm = await post(sim, {
      title: 'About your account',
      raw: 'Private words',
      archetype: 'private_message',
      target_recipients: 'u',
    });
    expect(sim.topics('acme').find((t) => t.id === pm.body.topic_id)?.archetype).toBe(
      'private_message',
    );
    sim.setMinPostLength('acme', 20);
    expect(await post(sim, { topic_id: first.topic_id, raw: 'short' })).toEqual({
      status: 422,
      body: { action: 'create_post', errors: ['Body is too short (minimum is 20 characters)'] },
    });
    expect(
      (await post(sim, { topic_id: 424242, raw: 'a long enough reply for the minimum' })).status,
    ).toBe(422);
    expect(
      (await post(sim, { title: 'short', raw: 'a long enough reply for the minimum' })).body
        .errors[0],
    ).toContain('Title is too short');
  });

  it('rate limit: 429 with Retry-After and the rate_limit body with extras.wait_seconds', async () => {
    const sim = await start();
    sim.rateLimit('acme', 2);
    await get(sim, '/posts.json');
    await get(sim, '/posts.json');
    const r = await get(sim, '/posts.json');
    expect(r.status).toBe(429);
    const wait = Number(r.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(59);
    expect(r.body).toEqual({
      errors: [expect.stringContaining(`wait ${wait} seconds`)],
      error_type: 'rate_limit',
      extras: { wait_seconds: wait, time_left: `${wait} seconds` },
    });
  });

  it('request log: method, path, query, status, headers without the key', async () => {
    const sim = await start();
    await get(sim, '/posts.json?before=5');
    await get(sim, '/posts.json', { ...auth, 'Api-Key': 'bad' });
    const log = sim.requests('acme');
    expect(log.map((r) => [r.method, r.path, r.query, r.status])).toEqual([
      ['GET', '/posts.json', 'before=5', 200],
      ['GET', '/posts.json', '', 403],
    ]);
    expect(log[0]!.headers['api-username']).toBe(USER);
    expect(JSON.stringify(log)).not.toMatch(new RegExp(`${KEY}|"bad"`));
  });

  it('faults: failNext counts down, down() drops connections, malformed posts are served broken', async () => {
    const sim = await start();
    sim.failNext('acme', { status: 500, times: 2 });
    expect((await get(sim, '/posts.json')).status).toBe(500);
    expect((await get(sim, '/posts.json')).status).toBe(500);
    expect((await get(sim, '/posts.json')).status).toBe(200);
    sim.down('acme');
    await expect(get(sim, '/posts.json')).rejects.toThrow();
    sim.down('acme', false);
    sim.malformedNext('acme', 1, 'created_at');
    sim.addMemberPost('acme', { title: 'Broken post coming up', raw: 'x', username: 'u' });
    expect((await get(sim, '/posts.json')).body.latest_posts[0].created_at).toBe('not a date');
  });

  it('state file: a restart keeps the forums, written atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
    try {
      const stateFile = join(dir, 'forums', 'state.json');
      const a = await start({ stateFile });
      a.seed('acme', { topics: 5 });
      const before = a.posts('acme').map((p) => p.id);
      await a.close();
      sims = [];
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).sites[0].slug).toBe('acme');
      const b = await start({ stateFile });
      expect(b.posts('acme').map((p) => p.id)).toEqual(before);
      const next = b.addMemberPost('acme', {
        title: 'After the restart, a new question',
        raw: 'x',
        username: 'u',
      });
      expect(next.id).toBe(Math.max(...before) + 1);
      expect((await get(b, '/posts.json')).status).toBe(200); // same key still valid
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo traffic: seeded and reproducible; questions, follow-ups, spam, PMs, several languages, HTML with links, code, images and hostile markup', async () => {
    const a = await start({ seed: 99 });
    const b = await start({ seed: 99 });
    for (const s of [a, b]) {
      s.seed('acme', { topics: 8 });
      for (let i = 0; i < 150; i++) s.trafficTick();
    }
    const strip = (s: DiscourseSimulator) =>
      s.posts('acme').map((p) => [p.username, p.raw, p.topic_id]);
    expect(strip(a)).toEqual(strip(b));
    const posts = a.posts('acme');
    const cooked = posts.map((p) => p.cooked).join('\n');
    expect(posts.length).toBeGreaterThan(80);
    expect(cooked).toMatch(/<a href="https:\/\/[^"]+" rel="noopener nofollow ugc">/);
    expect(cooked).toContain('<pre><code');
    expect(cooked).toMatch(/<img src="https:\/\/images\.example\.net\//);
    expect(cooked).toMatch(/<script>|onerror=/);
    expect(posts.some((p) => /[æøå]/i.test(p.raw))).toBe(true);
    expect(posts.some((p) => /[а-я]/i.test(p.raw))).toBe(true);
    expect(posts.some((p) => p.username.startsWith('promo'))).toBe(true);
    expect(a.topics('acme').some((t) => t.archetype === 'private_message')).toBe(true);
    expect(posts.some((p) => p.post_number > 1 && p.username !== USER)).toBe(true);
    // Seeded history is in the past and partly answered by staff.
    const seeded = posts.slice(0, 8);
    expect(seeded.every((p) => Date.parse(p.created_at) < Date.now())).toBe(true);
    expect(posts.some((p) => p.username === USER)).toBe(true);
  });
});
