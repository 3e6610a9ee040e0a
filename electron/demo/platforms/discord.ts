// electron/demo/platforms: the demo's Discord communities. One local Discord simulator (gateway over
// WebSocket + REST) per demo server, with #help, #bug-reports, a #feedback forum and #mod-alerts.
// Member traffic: questions in channels (a conversation per reply chain / member), forum posts,
// replies to the bot's answers, DMs to the bot; moderation: AutoMod alerts and blocks. The server
// (ids, token, history) lives in <stateDir>/discord-<slug>.json, its layout in …layout.json.
import { join } from 'node:path';
import { startDiscordSimulator, type DiscordSimulator, type SimUser } from '../simulators/discord';
import { readStateFile, writeStateFile } from '../simulators/stateFile';
import { mulberry32, pick, type Rng } from '../prng';
import { onPreferredPort, type DemoPlatformModule, type DemoPlatformSims } from './types';
import type { MemberAction } from '../types';

type Layout = { help: string; bugs: string; feedback: string; alerts: string; members: SimUser[] };

const NAMES: Array<[string, string]> = [
  ['xX_sniper_Xx', 'Sniper'],
  ['lunawolf', 'Luna'],
  ['kenji.dev', 'Kenji'],
  ['frag_queen', 'Frag Queen'],
  ['tobias_gg', 'Tobias'],
  ['noobmaster', 'Noob Master'],
  ['pixelpaladin', 'Paladin'],
  ['mika_plays', 'Mika'],
];
const HELP = [
  'anyone else stuck on the loading screen since the patch? 🙃',
  'my battle pass progress reset after the update, can a mod check?',
  'how do I link my console account to the website?',
  'getting error CE-4410 when joining ranked, tried restarting',
  'is the EU server down? ping is 300+ since an hour',
];
const BUGS = [
  'Bug: the shotgun reload animation loops forever if you switch weapons mid-reload',
  'Bug: crash to desktop when opening the store on DX12, log attached',
  'Bug: voice chat cuts out every 30 s in squads of 4',
];
const FEEDBACK: Array<[string, string]> = [
  [
    'Please add a colour-blind mode for the minimap',
    'Red and green markers look the same to me. A deuteranopia preset would help a lot.',
  ],
  [
    'Matchmaking feels unfair in ranked',
    'Three games in a row against a full premade squad while I queue solo. Can solo queue be separate?',
  ],
  [
    'Love the new map!',
    'Just wanted to say the harbour map is the best one so far. More of this please.',
  ],
];
const FOLLOW_UPS = [
  'ty that worked!! 🙏',
  'still broken for me tbh',
  'ok tried that, same error',
  'thanks, will try tonight',
  'any eta on a fix?',
];
const DMS = [
  'hi, I think my account got hacked, someone changed my email',
  'can I get a refund for the skin I bought by accident?',
  'how do I report a cheater privately?',
];
const AUTOMOD: Array<[string, string]> = [
  ['selling cheap aimbot, dm me for a discount', 'aimbot'],
  ['free nitro here: discord-gift.example/xyz', 'free nitro'],
  ['you are all trash, uninstall', 'trash'],
];

function act(sim: DiscordSimulator, l: Layout, a: MemberAction): void {
  const rnd: Rng = mulberry32(a.seed);
  const member = pick(rnd, l.members);
  if (a.kind === 'conversation') {
    const r = rnd();
    if (r < 0.5) sim.post(l.help, member, pick(rnd, HELP));
    else if (r < 0.75) sim.post(l.bugs, member, pick(rnd, BUGS));
    else {
      const [title, body] = pick(rnd, FEEDBACK);
      sim.startThread(l.feedback, member, title, body);
    }
  } else if (a.kind === 'followUp') {
    // The member answers the bot's reply to them (a reply chain), else writes again in #help.
    const answered = [...sim.messages(l.help), ...sim.messages(l.bugs)].filter(
      (m) => m.author.id === sim.bot.id && m.message_reference,
    );
    const botMsg = answered.length ? pick(rnd, answered.slice(-20)) : undefined;
    const ref = botMsg?.referenced_message as { author?: SimUser } | undefined;
    const who = l.members.find((m) => m.id === ref?.author?.id) ?? member;
    if (botMsg)
      sim.post(botMsg.channel_id, who, { content: pick(rnd, FOLLOW_UPS), replyTo: botMsg.id });
    else sim.post(l.help, member, pick(rnd, FOLLOW_UPS));
  } else if (a.kind === 'moderation') {
    const [content, keyword] = pick(rnd, AUTOMOD);
    sim.automod({
      user: member,
      channelId: rnd() < 0.5 ? l.help : l.bugs,
      content,
      keyword,
      action: rnd() < 0.7 ? 'alert' : 'block',
      alertChannelId: l.alerts,
    });
  } else {
    sim.dm(member, pick(rnd, DMS));
  }
}

export const discordPlatform: DemoPlatformModule = {
  platform: 'discord',
  async start(o) {
    const sims: Array<{ slug: string; sim: DiscordSimulator; layout: Layout }> = [];
    const setups: DemoPlatformSims['setups'] = {};
    const ports: Record<string, number> = {};
    for (const c of o.communities) {
      const layoutFile = join(o.stateDir, `discord-${c.slug}.layout.json`);
      const sim = await onPreferredPort(o.ports[`discord:${c.slug}`], (port) =>
        startDiscordSimulator({
          port,
          stateFile: join(o.stateDir, `discord-${c.slug}.json`),
          heartbeatIntervalMs: 41_250,
        }),
      );
      ports[`discord:${c.slug}`] = Number(new URL(sim.url).port);
      let layout = readStateFile<Layout>(layoutFile);
      if (!layout || !sim.channel(layout.help)) {
        layout = {
          help: sim.addChannel('help'),
          bugs: sim.addChannel('bug-reports'),
          feedback: sim.addChannel('feedback', 15),
          alerts: sim.addChannel('mod-alerts'),
          members: NAMES.map(([u, g]) => sim.addMember(u, { globalName: g })),
        };
        writeStateFile(layoutFile, layout);
        if (o.seedHistory) {
          for (let k = 0; k < 5; k++)
            act(sim, layout, { slug: c.slug, kind: 'conversation', seed: o.seed + 300 + k });
          act(sim, layout, { slug: c.slug, kind: 'moderation', seed: o.seed + 400 });
          act(sim, layout, { slug: c.slug, kind: 'private', seed: o.seed + 401 });
        }
      }
      sims.push({ slug: c.slug, sim, layout });
      setups[c.slug] = {
        baseUrl: sim.url,
        name: c.title,
        config: {
          guildId: sim.guildId,
          channelIds: [layout.help, layout.bugs, layout.feedback, layout.alerts],
        },
        secrets: { botToken: sim.token },
      };
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
