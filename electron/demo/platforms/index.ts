// electron/demo/platforms: the registry of demo platform modules — the extension point for new demo
// sources. A platform joins the demo with one module (simulator start, source setup with the secrets
// the connector declares, member actions; see types.ts) and one line here, plus its demo client in
// ../clients.ts. A module must keep its simulator's state (ids, tokens) under `stateDir`, so a restart
// keeps the sources valid: the restart only repoints base URLs, it never re-enters secrets.
import type { Platform } from '../../../shared/domain/entities';
import { discordPlatform } from './discord';
import { discoursePlatform } from './discourse';
import { emailPlatform } from './email';
import { redditPlatform } from './reddit';
import { slackPlatform } from './slack';
import type { DemoPlatformModule } from './types';

export const DEMO_PLATFORMS: readonly DemoPlatformModule[] = [
  discoursePlatform,
  redditPlatform,
  discordPlatform,
  slackPlatform,
  emailPlatform,
];

export function demoPlatform(p: Platform): DemoPlatformModule | undefined {
  return DEMO_PLATFORMS.find((m) => m.platform === p);
}
