// electron/core/domains: what the rooms' handlers are given by the composition root.
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Clock, SecretStore } from '../ports';
import type { CommandRunner } from './audit/commands';
import type { ModerationSender } from './moderation/sender';
import type { OutboxSender } from './replies/outbox';
import type { Repos } from './repos';
import type { SlaEngine } from './sla/engine';
import type { SyncScheduler } from './sources/sync';

export type CoreInfo = {
  version: string;
  mode: 'desktop' | 'browser' | 'test';
  dataDir: string;
  demo: boolean;
  recovery: { detectedAt: string; backupAt: string | null; corruptFile: string } | null;
};

export type HandlerDeps = {
  db: Db;
  repos: Repos;
  clock: Clock;
  bus: EventBus;
  secrets: SecretStore;
  sla: SlaEngine;
  sync: SyncScheduler;
  outbox: OutboxSender;
  moderation: ModerationSender;
  commands: CommandRunner;
  info: () => CoreInfo;
  /** The current agent of this desktop (null until chosen at first start). */
  selfId: () => number | null;
  setSelf: (agentId: number) => void;
  /** Called after a source and its data were deleted. */
  onSourceRemoved?: (id: number) => void;
};

/** Both the conversation pane and the queue announce a change the same way. */
export function conversationChanged(bus: EventBus, id: number, reason: string): void {
  bus.emit('conversation.changed', { id });
  bus.emit('queue.changed', { reason, conversationIds: [id] });
}
