// electron/core/connectors: platform id -> connector (the registry is the source of truth for platforms).
import { discordConnector } from './discord';
import { discourseConnector } from './discourse';
import { redditConnector } from './reddit';
import type { Connector, PlatformId } from './types';

const connectors: Record<PlatformId, Connector> = {
  discourse: discourseConnector,
  discord: discordConnector,
  reddit: redditConnector,
};

export function getConnector(platform: PlatformId): Connector {
  const c = Object.hasOwn(connectors, platform) ? connectors[platform] : undefined;
  if (!c) throw new Error(`No connector for platform "${platform}"`);
  return c;
}
