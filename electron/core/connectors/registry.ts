// electron/core/connectors: platform -> connector.
import type { Platform } from '../../../shared/domain/entities';
import { discordConnector } from './discord';
import { discourseConnector } from './discourse';
import type { Connector, PlatformId } from './types';

const connectors: Record<PlatformId, Connector> = {
  discourse: discourseConnector,
  discord: discordConnector,
};

export function getConnector(platform: Platform): Connector {
  const c = connectors[platform];
  if (!c) throw new Error(`No connector for platform "${platform}"`);
  return c;
}
