// electron/demo/platforms: the registry of demo platform modules — the extension point for new demo
// sources. A Slack or e-mail demo adds one module (simulator start, source setup, member actions;
// see types.ts) and one line here, plus its demo client in ../clients.ts.
import type { Platform } from '../../../shared/domain/entities';
import { discordPlatform } from './discord';
import { discoursePlatform } from './discourse';
import { redditPlatform } from './reddit';
import type { DemoPlatformModule } from './types';

export const DEMO_PLATFORMS: readonly DemoPlatformModule[] = [
  discoursePlatform,
  redditPlatform,
  discordPlatform,
];

export function demoPlatform(p: Platform): DemoPlatformModule | undefined {
  return DEMO_PLATFORMS.find((m) => m.platform === p);
}
