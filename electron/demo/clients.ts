// electron/demo: the demo agency's clients — who they are (name, zone, first-reply target, briefing),
// where their community lives (one platform per entry), and how busy it is on an ordinary day. Adding a
// demo client is one entry here plus, for a new platform, one module in platforms/ (see
// platforms/index.ts). A client with a second community (Fjord Outdoor's support mailbox) has a second
// entry with `of` = the first entry's slug: it adds a source to that client, not another client.
import type { Platform } from '../../shared/domain/entities';

export type DemoClient = {
  slug: string;
  name: string;
  color: string;
  timezone: string;
  firstReplyMinutes: number;
  briefing: string;
  platform: Platform;
  /** The community's name (forum title, subreddit, server, Slack workspace, mailbox address). */
  community: string;
  /** Another community of the client with this slug (listed before it): its source joins that client. */
  of?: string;
  /** New conversations per hour on an ordinary day (before bursts). */
  perHour: number;
  /** Follow-ups on existing threads per hour. */
  followUpsPerHour: number;
  /** Reports, AutoMod holds and spam per hour (moderation work). */
  moderationPerHour: number;
  /** Private messages / DMs / modmail per hour. */
  privatePerHour: number;
};

export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    slug: 'northwind',
    name: 'Northwind Bank',
    color: '#2563eb',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
    platform: 'discourse',
    community: 'Northwind Community',
    perHour: 5,
    followUpsPerHour: 3,
    moderationPerHour: 0.5,
    privatePerHour: 0,
    briefing:
      'Fintech client. Never give financial advice or discuss individual accounts in public: move account questions to a private message. Formal: no emoji; sign off "Kind regards, Northwind Support". Escalate security reports to #security within 15 minutes.',
  },
  {
    slug: 'pixelforge',
    name: 'Pixel Forge Games',
    color: '#db2777',
    timezone: 'America/Los_Angeles',
    firstReplyMinutes: 240,
    platform: 'discourse',
    community: 'Pixel Forge Forums',
    perHour: 6,
    followUpsPerHour: 4,
    moderationPerHour: 1,
    privatePerHour: 0,
    briefing:
      'Gaming studio. Casual, friendly tone; emoji fine. Known issue: crash on launch with driver 551.x — link the pinned workaround. Remove spam and key resellers on sight.',
  },
  {
    slug: 'fjord',
    name: 'Fjord Outdoor',
    color: '#059669',
    timezone: 'Europe/Oslo',
    firstReplyMinutes: 60,
    platform: 'discourse',
    community: 'Fjord Outdoor Community',
    perHour: 4,
    followUpsPerHour: 2,
    moderationPerHour: 0.3,
    privatePerHour: 0,
    briefing:
      "Outdoor gear shop (Norway/Denmark). Answer in the member's language (Danish, Norwegian or English). Returns: 30 days, link the returns page. No discount codes in public.",
  },
  {
    slug: 'kite',
    name: 'Kite Health',
    color: '#d97706',
    timezone: 'Australia/Sydney',
    firstReplyMinutes: 480,
    platform: 'discourse',
    community: 'Kite Health Members',
    perHour: 3,
    followUpsPerHour: 1.5,
    moderationPerHour: 0.2,
    privatePerHour: 0,
    briefing:
      'Health-tracking app. Never interpret medical data. Privacy questions go to privacy@kite.example. Sign off with your first name.',
  },
  {
    slug: 'nebula',
    name: 'Nebula Arcade',
    color: '#7c3aed',
    timezone: 'Europe/Berlin',
    firstReplyMinutes: 30,
    platform: 'discord',
    community: 'Nebula Arcade Discord',
    perHour: 7,
    followUpsPerHour: 4,
    moderationPerHour: 1.5,
    privatePerHour: 0.5,
    briefing:
      'Gaming client (live-service shooter). Discord is their main channel: short, warm answers; gamer slang fine, no promises about release dates. Timeouts for slurs (1 day), bans for cheat sellers. Server status lives in #status.',
  },
  {
    slug: 'brewly',
    name: 'Brewly Coffee',
    color: '#b45309',
    timezone: 'America/New_York',
    firstReplyMinutes: 90,
    platform: 'reddit',
    community: 'r/brewly',
    perHour: 4,
    followUpsPerHour: 3,
    moderationPerHour: 1.5,
    privatePerHour: 0.5,
    briefing:
      'Consumer brand (coffee machines and subscriptions). Public answers on Reddit are read by thousands: no order numbers or addresses in public, move them to modmail. Remove competitor promotion; report warranty complaints to the brand team daily.',
  },
  {
    slug: 'loop',
    name: 'Loop Fitness',
    color: '#0891b2',
    timezone: 'America/Sao_Paulo',
    firstReplyMinutes: 45,
    platform: 'slack',
    community: 'Loop Fitness Members',
    perHour: 4,
    followUpsPerHour: 3,
    moderationPerHour: 0.4,
    privatePerHour: 0.6,
    briefing:
      'Fitness app with live classes; the member community is a Slack workspace. Upbeat and encouraging, first names, emoji fine. Never give medical advice: injuries and pain go to "talk to your doctor or physio". Billing and cancellations move to a DM. Remove spam and supplement promotion.',
  },
  {
    slug: 'fjord-mail',
    of: 'fjord',
    name: 'Fjord Outdoor',
    color: '#059669',
    timezone: 'Europe/Oslo',
    firstReplyMinutes: 60,
    platform: 'email',
    community: 'support@fjord.example',
    perHour: 2,
    followUpsPerHour: 1.5,
    moderationPerHour: 0.3,
    privatePerHour: 0,
    briefing: '',
  },
];
