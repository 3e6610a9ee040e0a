// electron/core/connectors: platform -> connector.
import type { Platform } from '../../../shared/domain/entities';
import { discourseConnector } from './discourse';
import type { Connector } from './types';

const connectors: Record<Platform, Connector> = {
  discourse: discourseConnector,
};

export function getConnector(platform: Platform): Connector {
  const c = connectors[platform];
  if (!c) throw new Error(`No connector for platform "${platform}"`);
  return c;
}
