// electron/demo/platforms: the demo's Discourse communities. One local Discourse simulator serves every
// demo forum (one "site" per client under /s/<slug>); this module seeds their history and turns the
// director's member actions into posts: new topics, follow-ups where an agent answered, spam and
// hostile posts that members flag (they reach the review queue: moderation items), and private
// messages. Its state (posts, hashed API keys) lives in <stateDir>/discourse.json.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  FOLLOW_UPS,
  HOSTILE,
  MEMBERS,
  PRIVATE_MESSAGES,
  QUESTIONS,
  SPAM,
} from '../simulators/discourse/content';
import { startDiscourseSimulator } from '../simulators/discourse';
import { mulberry32, pick } from '../prng';
import { onPreferredPort, type DemoPlatformModule } from './types';

const API_USER = 'steward_agent';

export const discoursePlatform: DemoPlatformModule = {
  platform: 'discourse',
  async start(o) {
    const sim = await onPreferredPort(o.ports.discourse, (port) =>
      startDiscourseSimulator({
        port,
        stateFile: join(o.stateDir, 'discourse.json'),
        seed: o.seed,
      }),
    );
    const setups: Awaited<ReturnType<DemoPlatformModule['start']>>['setups'] = {};
    for (const c of o.communities) {
      let secrets: Record<string, string> = {};
      if (!sim.hasSite(c.slug)) {
        // A new forum: a fresh key for this data folder. The simulator keeps only its hash; the core
        // keeps the key itself (sources.add stores it encrypted).
        const apiKey = `demo-${c.slug}-${randomBytes(18).toString('base64url')}`;
        sim.addSite({ slug: c.slug, apiKey, apiUsername: API_USER, title: c.title });
        if (o.seedHistory) sim.seed(c.slug, { topics: 6 });
        secrets = { apiKey };
      }
      setups[c.slug] = {
        baseUrl: sim.siteUrl(c.slug),
        name: c.title,
        config: { apiUsername: API_USER },
        secrets,
      };
    }
    return {
      ports: { discourse: Number(new URL(sim.url).port) },
      setups,
      act(a) {
        const rnd = mulberry32(a.seed);
        const member = pick(rnd, MEMBERS);
        const topics = sim.topics(a.slug).filter((t) => !t.closed && t.archetype === 'regular');
        if (a.kind === 'conversation' || (a.kind === 'followUp' && topics.length === 0)) {
          const q = pick(rnd, QUESTIONS);
          sim.addMemberPost(a.slug, {
            title: q.title,
            raw: q.raw,
            username: member.username,
            name: member.name,
          });
        } else if (a.kind === 'followUp') {
          // Members mostly come back where an agent answered them ("thanks, that worked" / "still broken").
          const posts = sim.posts(a.slug);
          const lastOf = (id: number) =>
            posts.filter((p) => p.topic_id === id && p.post_type === 1 && !p.deleted_at).at(-1);
          const answered = topics.filter((t) => lastOf(t.id)?.staff);
          const t = pick(rnd, answered.length && rnd() < 0.8 ? answered : topics);
          const starter = posts.find((p) => p.topic_id === t.id && p.post_number === 1);
          sim.addMemberPost(a.slug, {
            topicId: t.id,
            raw: pick(rnd, FOLLOW_UPS),
            username: starter?.username ?? member.username,
          });
        } else if (a.kind === 'moderation') {
          // Members flag what they see; the forum's review queue holds it for the moderators.
          if (rnd() < 0.8) {
            const s = pick(rnd, SPAM);
            const p = sim.addMemberPost(a.slug, {
              title: s.title,
              raw: s.raw,
              username: `promo${100 + Math.floor(rnd() * 900)}`,
            });
            sim.flagPost(a.slug, p.id, { type: 'spam', by: member.username });
          } else {
            const h = pick(rnd, HOSTILE);
            const p = sim.addMemberPost(a.slug, {
              title: h.title,
              raw: h.raw,
              cooked: h.cooked,
              username: member.username,
              name: member.name,
            });
            const by = pick(
              rnd,
              MEMBERS.filter((m) => m.username !== member.username),
            ).username;
            sim.flagPost(a.slug, p.id, { type: 'inappropriate', by });
          }
        } else {
          const pm = pick(rnd, PRIVATE_MESSAGES);
          sim.addMemberPost(a.slug, {
            title: pm.title,
            raw: pm.raw,
            username: member.username,
            name: member.name,
            privateMessage: true,
          });
        }
      },
      close: () => sim.close(),
    };
  },
};
