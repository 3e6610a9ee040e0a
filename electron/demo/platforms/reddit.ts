// electron/demo/platforms: the demo's Reddit communities. One local Reddit simulator per demo
// subreddit (its own OAuth "script" app and moderator account, generated per data folder and kept in
// <stateDir>/reddit-<slug>.account.json, owner-only). Member traffic: new posts, comments (mostly
// where the moderator account answered), private messages and modmail; moderation: user reports and
// AutoModerator holds, so the mod queue has work in it.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startRedditSimulator, type RedditSimulator } from '../simulators/reddit';
import { readStateFile, writeStateFile } from '../simulators/stateFile';
import { mulberry32, pick, type Rng } from '../prng';
import { onPreferredPort, type DemoPlatformModule, type DemoPlatformSims } from './types';
import type { MemberAction } from '../types';

type Account = { clientId: string; clientSecret: string; username: string; password: string };

const MEMBERS = [
  'bean_there',
  'latte_larry',
  'morning_mia',
  'grindhouse42',
  'oatmilk_olly',
  'crema_queen',
  'drip_dan',
  'pourover_pete',
];
const POSTS: Array<[string, string]> = [
  [
    'Machine leaking from the bottom after descaling',
    'Descaled my Brewly One yesterday following the app, now there is a small puddle every morning. Anyone else?',
  ],
  [
    'Subscription charged twice this month',
    'Got two charges for the beans subscription on the 3rd. How do I get one refunded?',
  ],
  [
    'Best grind setting for the house blend?',
    'Using the built-in grinder, setting 5 tastes sour. What do you all use?',
  ],
  [
    'Milk frother stopped working',
    'The frother spins but does not heat anymore. Warranty is still valid, what is the process?',
  ],
  [
    'App says "machine offline" all the time',
    'Wi-Fi is fine, the machine is 2 m from the router. Started after the firmware update.',
  ],
  [
    'Where is my order? Tracking not updating',
    'Ordered the grinder 9 days ago, tracking has said "label created" since.',
  ],
];
const COMMENTS = [
  'Same here, following.',
  'Any update on this?',
  'That fixed it, thank you!',
  'Still happening for me after trying that.',
  'Did support ever get back to you?',
  'Had the same, a firmware reset helped.',
];
const REPORT_REASONS = [
  'Spam',
  'Rude or harassing',
  'Breaks r/ rules: self-promotion',
  'Misinformation',
];
const PROMO = [
  'Cheapest beans online, link in my profile!!',
  'Selling refurbished Brewly machines, DM me for prices',
  'Use my code for 50% off at a competitor',
];

function act(sim: RedditSimulator, sub: string, me: string, a: MemberAction): void {
  const rnd: Rng = mulberry32(a.seed);
  const posts = sim
    .things()
    .filter((t) => t.kind === 't3' && t.subreddit === sub && !t.removed && !t.deleted);
  if (a.kind === 'conversation' || (a.kind === 'followUp' && posts.length === 0)) {
    const [title, body] = pick(rnd, POSTS);
    sim.post({ subreddit: sub, author: pick(rnd, MEMBERS), title, selftext: body });
  } else if (a.kind === 'followUp') {
    // Mostly an answer to the moderator account's own comment (it lands in the inbox), else a comment on a post.
    const ours = sim.replies().filter((t) => t.kind === 't1' && t.subreddit === sub);
    const parent = ours.length && rnd() < 0.7 ? pick(rnd, ours) : pick(rnd, posts);
    const author =
      parent.author.toLowerCase() === me.toLowerCase()
        ? (sim.thing(parent.parentId ?? '')?.author ?? pick(rnd, MEMBERS))
        : pick(rnd, MEMBERS);
    sim.comment({
      parent: parent.name,
      author: author === '[deleted]' ? pick(rnd, MEMBERS) : author,
      body: pick(rnd, COMMENTS),
    });
  } else if (a.kind === 'moderation') {
    const r = rnd();
    if (r < 0.5 && posts.length) {
      sim.report(pick(rnd, posts).name, pick(rnd, REPORT_REASONS), {
        count: 1 + Math.floor(rnd() * 3),
      });
    } else {
      const spam = sim.post({
        subreddit: sub,
        author: `promo_${100 + Math.floor(rnd() * 900)}`,
        title: pick(rnd, PROMO),
        selftext: '',
      });
      sim.filter(spam.name, 'AutoModerator');
    }
  } else if (rnd() < 0.5) {
    sim.message({
      from: pick(rnd, MEMBERS),
      subject: 'Question about my order',
      body: 'Hi mods, can someone from Brewly check my order? I did not want to post the number publicly.',
    });
  } else {
    sim.modmail({
      from: pick(rnd, MEMBERS),
      subject: 'Why was my post removed?',
      body: 'My post about the leaking machine disappeared. Which rule did it break?',
      subreddit: sub,
    });
  }
}

export const redditPlatform: DemoPlatformModule = {
  platform: 'reddit',
  async start(o) {
    // One simulator per subreddit (one app and moderator account each): ports are per community.
    const sims: Array<{ slug: string; sim: RedditSimulator }> = [];
    const setups: DemoPlatformSims['setups'] = {};
    const ports: Record<string, number> = {};
    for (const [i, c] of o.communities.entries()) {
      const accountFile = join(o.stateDir, `reddit-${c.slug}.account.json`);
      const stateFile = join(o.stateDir, `reddit-${c.slug}.json`);
      let account = readStateFile<Account>(accountFile);
      const fresh = !account;
      if (!account) {
        account = {
          clientId: randomBytes(11).toString('base64url'),
          clientSecret: randomBytes(21).toString('base64url'),
          username: `${c.slug}_mods`,
          password: randomBytes(18).toString('base64url'),
        };
        writeStateFile(accountFile, account);
      }
      const sim = await onPreferredPort(o.ports[`reddit:${c.slug}`], (port) =>
        startRedditSimulator({
          port,
          stateFile,
          clientId: account.clientId,
          clientSecret: account.clientSecret,
          username: account.username,
          password: account.password,
          subreddits: [c.slug],
          seed: o.seed + i,
          windowLimit: 100_000,
        }),
      );
      ports[`reddit:${c.slug}`] = Number(new URL(sim.url).port);
      sims.push({ slug: c.slug, sim });
      if (fresh && o.seedHistory) {
        for (let k = 0; k < 4; k++)
          act(sim, c.slug, account.username, {
            slug: c.slug,
            kind: 'conversation',
            seed: o.seed + 100 + k,
          });
        act(sim, c.slug, account.username, {
          slug: c.slug,
          kind: 'moderation',
          seed: o.seed + 200,
        });
        act(sim, c.slug, account.username, {
          slug: c.slug,
          kind: 'moderation',
          seed: o.seed + 201,
        });
      }
      setups[c.slug] = {
        baseUrl: sim.url,
        name: `r/${c.slug}`,
        config: {
          authMode: 'script',
          subreddits: [c.slug],
          inbox: true,
          modQueue: true,
          modmail: true,
        },
        secrets: {
          clientId: account.clientId,
          clientSecret: account.clientSecret,
          username: account.username,
          password: account.password,
        },
      };
    }
    return {
      ports,
      setups,
      act(a) {
        const s = sims.find((x) => x.slug === a.slug);
        if (s) act(s.sim, s.slug, s.sim.username, a);
      },
      async close() {
        await Promise.all(sims.map((s) => s.sim.close()));
      },
    };
  },
};
