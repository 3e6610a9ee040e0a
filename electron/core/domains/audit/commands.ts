// electron/core/domains/audit: the one path every change an agent makes goes through. A command
// has a name (`conversation.status`, `reply.queue`, …), runs in one durable transaction together
// with its audit event, and records the acting agent's id — never free text. This is the seam a
// team server will replicate (see ARCHITECTURE.md, "Team mode").
import type { Agent } from '../../../../shared/domain/entities';
import type { CallContext } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { durable, type Db } from '../../db/open';
import type { Clock } from '../../ports';
import type { AgentsRepo } from '../agents/repo';
import type { AuditRepo } from './repo';

export type CommandScope = { actor: Agent; at: number };
export type Target = { entity: string; id: number | string };

export function createCommandRunner(d: {
  db: Db;
  audit: AuditRepo;
  agents: AgentsRepo;
  clock: Clock;
}) {
  /** The acting agent of a call; a command without one is refused (choose who you are first). */
  function actorOf(call: CallContext): Agent {
    if (call.agentId == null)
      throw new AppError(
        'unauthorized',
        'No agent is set up yet: choose your name and e-mail first',
      );
    const a = d.agents.get(call.agentId);
    if (!a) throw new AppError('unauthorized', `Agent ${call.agentId} does not exist`);
    return a;
  }

  /**
   * Runs `apply` and appends the audit event in ONE durable transaction (all or nothing). `data`
   * describes the change for the log (never secrets); it may use apply's result.
   */
  function run<T>(
    call: CallContext,
    command: string,
    target: Target,
    apply: (s: CommandScope) => T,
    data?: (result: T) => Record<string, unknown>,
    opts: { coalesceMs?: number } = {},
  ): T {
    const actor = actorOf(call);
    return durable(d.db, () => {
      const at = d.clock.now();
      const result = apply({ actor, at });
      // High-frequency commands (draft autosave) log one event per agent, command and target per window.
      const last = opts.coalesceMs
        ? d.audit.lastAt({
            actorId: actor.id,
            action: command,
            entity: target.entity,
            entityId: target.id,
          })
        : null;
      if (last == null || at - last >= opts.coalesceMs!) {
        d.audit.add({
          at,
          actorId: actor.id,
          actor: actor.name,
          action: command,
          entity: target.entity,
          entityId: target.id,
          data: data?.(result) ?? {},
        });
      }
      return result;
    });
  }

  return { run, actorOf };
}
export type CommandRunner = ReturnType<typeof createCommandRunner>;
