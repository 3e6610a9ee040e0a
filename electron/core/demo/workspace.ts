// electron/core/demo: the clearly labelled demo agency created on first start with an empty data
// folder: four clients in different time zones with different first-reply targets, each with a
// Discourse source served by the local Discourse simulator, which keeps posting member traffic.
import { join } from 'node:path';
import type { Db } from '../db/open';
import type { Repos } from '../domains';
import type { Clock, Logger, SecretStore } from '../ports';
import { startDiscourseSimulator, type DiscourseSimulator } from './simulator';

export type DemoWorkspace = { simulator: DiscourseSimulator; close(): Promise<void> };

export const DEMO_CLIENTS = [
  { slug: 'northwind', name: 'Northwind Bank', color: '#2563eb', timezone: 'Europe/Copenhagen', firstReplyMinutes: 120, forum: 'Northwind Community',
    briefing: 'Fintech client. Never give financial advice or discuss individual accounts in public: move account questions to a private message. Sign off "— The Northwind team". Escalate security reports to #security within 15 minutes.' },
  { slug: 'pixelforge', name: 'Pixel Forge Games', color: '#db2777', timezone: 'America/Los_Angeles', firstReplyMinutes: 240, forum: 'Pixel Forge Forums',
    briefing: 'Gaming studio. Casual, friendly tone; emoji fine. Known issue: crash on launch with driver 551.x — link the pinned workaround. Remove spam and key resellers on sight.' },
  { slug: 'fjord', name: 'Fjord Outdoor', color: '#059669', timezone: 'Europe/Oslo', firstReplyMinutes: 60, forum: 'Fjord Outdoor Community',
    briefing: 'Outdoor gear shop (Norway/Denmark). Answer in the member\'s language (Danish, Norwegian or English). Returns: 30 days, link the returns page. No discount codes in public.' },
  { slug: 'kite', name: 'Kite Health', color: '#d97706', timezone: 'Australia/Sydney', firstReplyMinutes: 480, forum: 'Kite Health Members',
    briefing: 'Health-tracking app. Never interpret medical data. Privacy questions go to privacy@kite.example. Sign off with your first name.' },
] as const;

const DEMO_USER = 'steward_agent';

export async function createDemoWorkspace(o: {
  dataDir: string; db: Db; repos: Repos; secrets: SecretStore; clock: Clock; trafficMs: number; logger: Logger;
}): Promise<DemoWorkspace> {
  const sim = await startDiscourseSimulator({ stateFile: join(o.dataDir, 'demo-discourse.json') });
  const existing = o.repos.sources.records().filter((s) => typeof s.config.demoSite === 'string');
  const fresh = o.repos.clients.count() === 0;

  for (const c of DEMO_CLIENTS) {
    const keyRef = `demo-key:${c.slug}`;
    let apiKey = o.secrets.get(keyRef);
    if (!apiKey) {
      apiKey = `demo-${c.slug}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
      o.secrets.set(keyRef, apiKey);
    }
    if (!sim.hasSite?.(c.slug)) {
      sim.addSite({ slug: c.slug, apiKey, apiUsername: DEMO_USER, title: c.forum });
      if (fresh) sim.seed(c.slug, { topics: 14 });
    }
    const src = existing.find((s) => s.config.demoSite === c.slug);
    if (src) {
      // The simulator listens on a new port each launch: point the demo source at it.
      o.repos.sources.setBaseUrl(src.id, sim.siteUrl(c.slug));
    } else if (fresh) {
      const client = o.repos.clients.insert(
        { name: c.name, color: c.color, timezone: c.timezone, firstReplyMinutes: c.firstReplyMinutes, briefing: c.briefing, isDemo: true },
        o.clock.now(),
      );
      o.repos.sources.insert(
        { clientId: client.id, platform: 'discourse', name: c.forum, baseUrl: sim.siteUrl(c.slug), config: { apiUsername: DEMO_USER, demoSite: c.slug }, secretRef: keyRef },
        o.clock.now(),
      );
    }
  }
  if (o.trafficMs > 0) sim.startTraffic({ intervalMs: o.trafficMs });
  o.logger.info('demo workspace ready', { simulator: sim.url });
  return { simulator: sim, close: () => sim.close() };
}
