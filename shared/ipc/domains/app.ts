// shared/ipc/domains: the app room of the contract — the app itself and the agents (who is acting).
import { z } from 'zod';
import { Agent, Id } from '../../domain/entities';
import { SlaMetric } from '../../domain/sla';
import { defineEvents, defineMethods } from '../define';

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'test']),
  dataDir: z.string(),
  demo: z.boolean(),
  /**
   * Set when the database was found corrupted at start: it was moved aside and the newest intact
   * backup restored (`backupAt`; null when there was none). Work done since `backupAt` should be
   * re-checked.
   */
  recovery: z
    .object({ detectedAt: z.string(), backupAt: z.string().nullable(), corruptFile: z.string() })
    .nullable(),
  /** The current agent of this desktop; null until chosen at first start (agents.setupSelf). */
  agent: Agent.nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AgentProfile = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254),
});
export type AgentProfile = z.input<typeof AgentProfile>;

export const methods = defineMethods({
  'app.info': { input: z.object({}), output: AppInfo },
  'agents.list': { read: true, input: z.object({}), output: z.array(Agent) },
  /**
   * First start: who is using this desktop (name, e-mail). Creates the agent (or adopts the one
   * with that e-mail) and makes it the current agent; later calls update the profile.
   */
  'agents.setupSelf': { input: AgentProfile, output: Agent },
  /** Adds a colleague to the workspace (or returns the agent that already has this e-mail). */
  'agents.add': { input: AgentProfile, output: Agent },
});

export const events = defineEvents({
  /** The host restarted the core after it died (`restarts` so far); the renderer refetches and says so. */
  'app.reconnected': z.object({ restarts: z.number().int(), at: z.string() }),
  /** Desktop: the agent clicked a native notification; the window opens that conversation. */
  'notification.clicked': z.object({ conversationId: Id }),
  /** `title` is English (native notifications); renderers translate from `metric` and `client`. */
  notify: z.object({
    kind: z.enum(['info', 'warning', 'breach']),
    title: z.string(),
    body: z.string(),
    conversationId: Id.optional(),
    metric: SlaMetric.optional(),
    client: z.string().optional(),
  }),
});
