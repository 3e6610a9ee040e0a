// electron/core/connectors: platform id -> connector (the registry is the source of truth for platforms).
import { discordConnector } from './discord';
import { discourseConnector } from './discourse';
import { emailConnector } from './email';
import { redditConnector } from './reddit';
import { slackConnector } from './slack';
import type { Connector, PlatformId } from './types';

const connectors: Record<PlatformId, Connector> = {
  discourse: discourseConnector,
  discord: discordConnector,
  email: emailConnector,
  reddit: redditConnector,
  slack: slackConnector,
};

export function getConnector(platform: PlatformId): Connector {
  const c = Object.hasOwn(connectors, platform) ? connectors[platform] : undefined;
  if (!c) throw new Error(`No connector for platform "${platform}"`);
  return c;
}

/** Every registered connector, in a stable order (setup forms, replay). */
export function allConnectors(): Connector[] {
  return Object.values(connectors).sort((a, b) => a.platform.localeCompare(b.platform));
}

const UNKNOWN_CAPS = {
  reply: false,
  platformNotes: false,
  moderation: [] as string[],
  push: false,
  replyFormat: 'text',
  maxReplyLength: 0,
};

/** A platform's label and capabilities for the domain (an unknown platform: no capabilities). */
export function platformInfo(platform: string): {
  platformLabel: Connector['label'];
  capabilities: typeof UNKNOWN_CAPS;
} {
  const c = Object.hasOwn(connectors, platform) ? connectors[platform] : undefined;
  if (!c)
    return {
      platformLabel: { en: platform, da: platform, ru: platform },
      capabilities: UNKNOWN_CAPS,
    };
  const k = c.capabilities;
  return {
    platformLabel: c.label,
    capabilities: {
      reply: k.reply,
      platformNotes: k.platformNotes,
      moderation: [...k.moderation],
      push: k.push,
      replyFormat: k.replyFormat,
      maxReplyLength: k.maxReplyLength,
    },
  };
}
