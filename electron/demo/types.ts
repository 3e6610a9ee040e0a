// electron/demo: the types the demo room shares between its host side (which drives the workspace
// through the contract) and its simulator side (which may run in a worker thread). Plain data only,
// so every value here can cross a worker boundary with postMessage.
import type { Platform } from '../../shared/domain/entities';
import type { CallMeta } from '../../shared/ipc/dispatch';
import type { Result } from '../../shared/ipc/result';

/** The contract's dispatcher as the host offers it (the core in-process, or a relay to its worker). */
export type DemoDispatch = (
  method: string,
  input: unknown,
  meta?: CallMeta,
) => Promise<Result<unknown>>;

/** The host's logger, reduced to what the demo uses (the core's Logger port fits). */
export type DemoLogger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
};

/** One demo client as the simulators see it: which platform hosts its community, under which slug. */
export type DemoCommunity = { slug: string; platform: Platform; title: string };

/** What `sources.add` needs for one demo community (the secrets are the simulator's own, generated per data folder). */
export type DemoSourceSetup = {
  baseUrl: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
};

/** Something a member (or the platform's own moderation) does on a community; `seed` makes its content reproducible. */
export type MemberAction = {
  slug: string;
  kind: 'conversation' | 'followUp' | 'moderation' | 'private';
  seed: number;
};

/** The simulators' side, wherever it runs: setups for the sources, the member traffic, and shutdown. */
export type SimulatorHandle = {
  /** Per community slug: how to add (or repoint) its source. */
  setups: Record<string, DemoSourceSetup>;
  /** The ports the simulators listen on (kept in the demo state so a restart reuses them). */
  ports: Record<string, number>;
  act(actions: MemberAction[]): Promise<void>;
  close(): Promise<void>;
};

export type SimulatorStartOptions = {
  /** Folder for the simulators' state files (inside the data folder). */
  stateDir: string;
  communities: DemoCommunity[];
  /** Ports to try first (a restart on the same ports keeps the sources' URLs valid). */
  ports: Record<string, number>;
  /** Seed a believable backlog into communities that have no history yet. */
  seedHistory: boolean;
  seed: number;
};
