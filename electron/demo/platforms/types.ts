// electron/demo/platforms: what one demo platform module provides. Each platform (Discourse, Reddit,
// Discord, Slack, e-mail) is one module that starts its simulator(s) for the demo's
// communities on that platform, says how to add each community as a source, and performs the
// director's member actions there. Modules run wherever the simulators run (a worker thread in the
// hosts, in-process in tests), so they receive and return plain data only.
import type { Platform } from '../../../shared/domain/entities';
import type { DemoCommunity, DemoSourceSetup, MemberAction } from '../types';

export type DemoPlatformSims = {
  /** The ports it listens on, by a key of the module's choosing (given back as `ports` on the next start). */
  ports: Record<string, number>;
  setups: Record<string, DemoSourceSetup>;
  /** Performs one member action; a module whose content is composed asynchronously (e-mail) returns a promise. */
  act(a: MemberAction): void | Promise<void>;
  close(): Promise<void>;
};

export type DemoPlatformModule = {
  platform: Platform;
  /** Starts this platform's simulator(s) for `communities` (all of this platform), preferring the `ports` of the last run. */
  start(o: {
    stateDir: string;
    ports: Record<string, number>;
    communities: DemoCommunity[];
    seedHistory: boolean;
    seed: number;
  }): Promise<DemoPlatformSims>;
};

/** Starts on the preferred port when it is free, else on any free port (the sources are then repointed). */
export async function onPreferredPort<T>(
  port: number | undefined,
  start: (port: number | undefined) => Promise<T>,
): Promise<T> {
  if (port) {
    try {
      return await start(port);
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException)?.code !== 'EADDRINUSE' &&
        (err as NodeJS.ErrnoException)?.code !== 'EACCES'
      )
        throw err;
    }
  }
  return start(undefined);
}
