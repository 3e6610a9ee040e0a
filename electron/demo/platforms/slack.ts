// electron/demo/platforms: the demo's Slack communities. One local Slack simulator (Web API + Socket
// Mode) per demo workspace, with #ask-a-coach, #app-help and #general. Member traffic: questions as new
// messages, follow-ups as thread replies (the member answering the bot's reply in its thread, else
// another member chiming in on a thread), spam in #general (moderation work), DMs to the bot. The
// workspace (ids, tokens, history) lives in <stateDir>/slack-<slug>.json, its layout in …layout.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSlackSimulator, type SimUser, type SlackSimulator } from '../simulators/slack';
import { readStateFile, writeStateFile } from '../simulators/stateFile';
import { mulberry32, pick, type Rng } from '../prng';
import { onPreferredPort, type DemoPlatformModule, type DemoPlatformSims } from './types';
import type { MemberAction } from '../types';

type Layout = { coach: string; app: string; general: string; members: SimUser[] };

const NAMES: Array<[string, string, string]> = [
  ['ines.r', 'Inés Romero', 'Inés'],
  ['tom_lifts', 'Tom Becker', 'Tom'],
  ['aiko', 'Aiko Sato', 'Aiko'],
  ['runner.jo', 'Jo Lindqvist', 'Jo'],
  ['marcus', 'Marcus Hale', 'Marcus'],
  ['priya.k', 'Priya Kumar', 'Priya'],
  ['ben_on_bikes', 'Ben Okafor', 'Ben'],
];
const COACH = [
  'Is it ok to do the 20-min HIIT plan two days in a row? My legs are toast :sweat_smile:',
  'What should I eat before a 6am class? I always feel dizzy halfway through.',
  'Week 3 of the beginner strength plan, should I go up in weight already?',
  'Any tips for knee-friendly cardio? Jumping jacks hurt after my old injury.',
  'How do I get back into it after two weeks off sick?',
];
const APP = [
  'My streak reset to 0 even though I logged a workout yesterday :cry:',
  'The app crashes when I open the Plans tab on Android 14.',
  'How do I connect my Garmin watch? The heart rate shows 0.',
  'I was charged twice for the annual membership this month, who can I talk to?',
  'Live class video freezes every few minutes on the iPad app.',
];
const FOLLOW_UPS = [
  'Thank you!! That helped :raised_hands:',
  'Tried that, still the same problem.',
  'Makes sense, I will try it tomorrow morning.',
  'Same here actually, following this thread.',
  'Any update on this?',
];
const SPAM = [
  'Make $5k a week from home!! DM me for the link :moneybag:',
  'Cheap protein powder, 80% off, best-supplements.example/deal',
  'Join my crypto fitness challenge, earn tokens for every step!',
];
const DMS = [
  'Hi, can you cancel my membership? I do not want to post that in the channel.',
  'I would like to change the email on my account, how?',
  'Can I pause my subscription while I am travelling?',
];

function act(sim: SlackSimulator, l: Layout, a: MemberAction): void {
  const rnd: Rng = mulberry32(a.seed);
  const member = pick(rnd, l.members);
  if (a.kind === 'conversation') {
    sim.post(rnd() < 0.55 ? l.coach : l.app, member, pick(rnd, rnd() < 0.5 ? COACH : APP));
  } else if (a.kind === 'followUp') {
    // The member answers in the thread of the bot's reply to them, else someone joins a recent thread.
    const channel = rnd() < 0.55 ? l.coach : l.app;
    const msgs = sim.messagesIn(channel);
    const botReplies = msgs.filter((m) => m.user === sim.botUser.id && m.thread_ts);
    const reply = botReplies.length ? pick(rnd, botReplies.slice(-20)) : undefined;
    const asker = l.members.find((m) => m.id === reply?.parent_user_id);
    if (reply?.thread_ts) {
      sim.post(channel, asker ?? member, pick(rnd, FOLLOW_UPS), { threadTs: reply.thread_ts });
      return;
    }
    const parents = msgs.filter((m) => m.user && !m.thread_ts && m.user !== sim.botUser.id);
    const parent = parents.length ? pick(rnd, parents.slice(-20)) : undefined;
    if (parent) sim.post(channel, member, pick(rnd, FOLLOW_UPS), { threadTs: parent.ts });
    else sim.post(channel, member, pick(rnd, rnd() < 0.5 ? COACH : APP));
  } else if (a.kind === 'moderation') {
    sim.post(l.general, member, pick(rnd, SPAM));
  } else {
    sim.dm(member, pick(rnd, DMS));
  }
}

export const slackPlatform: DemoPlatformModule = {
  platform: 'slack',
  async start(o) {
    const sims: Array<{ slug: string; sim: SlackSimulator; layout: Layout }> = [];
    const setups: DemoPlatformSims['setups'] = {};
    const ports: Record<string, number> = {};
    try {
      for (const c of o.communities) {
        const layoutFile = join(o.stateDir, `slack-${c.slug}.layout.json`);
        const stateFile = join(o.stateDir, `slack-${c.slug}.json`);
        const restored = existsSync(stateFile);
        const sim = await onPreferredPort(o.ports[`slack:${c.slug}`], (port) =>
          startSlackSimulator({ port, stateFile }),
        );
        sims.push({ slug: c.slug, sim, layout: null as unknown as Layout });
        ports[`slack:${c.slug}`] = sim.port;
        let layout = readStateFile<Layout>(layoutFile);
        if (!layout || !restored) {
          layout = {
            coach: sim.addChannel('ask-a-coach'),
            app: sim.addChannel('app-help'),
            general: sim.addChannel('general'),
            members: NAMES.map(([u, real, display]) =>
              sim.addUser(u, { realName: real, displayName: display }),
            ),
          };
          writeStateFile(layoutFile, layout);
          if (o.seedHistory) {
            for (let k = 0; k < 5; k++)
              act(sim, layout, { slug: c.slug, kind: 'conversation', seed: o.seed + 500 + k });
            act(sim, layout, { slug: c.slug, kind: 'followUp', seed: o.seed + 600 });
            act(sim, layout, { slug: c.slug, kind: 'moderation', seed: o.seed + 601 });
          }
        }
        sims[sims.length - 1]!.layout = layout;
        setups[c.slug] = {
          baseUrl: sim.url,
          name: c.title,
          config: { channelIds: [layout.coach, layout.app, layout.general] },
          secrets: { botToken: sim.botToken, appToken: sim.appToken },
        };
      }
    } catch (err) {
      await Promise.all(sims.map((s) => s.sim.close()));
      throw err;
    }
    return {
      ports,
      setups,
      act(a) {
        const s = sims.find((x) => x.slug === a.slug);
        if (s) act(s.sim, s.layout, a);
      },
      async close() {
        await Promise.all(sims.map((s) => s.sim.close()));
      },
    };
  },
};
