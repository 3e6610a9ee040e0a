// shared/ipc: THE contract between renderer and core. Every method: zod input -> zod output.
// Three transports speak it (Electron IPC, HTTP for browser mode, direct calls in tests); one
// dispatcher (dispatch.ts) validates every call. The contract is composed from one module per
// domain (shared/ipc/domains/*), merged here into one typed map, as Actual Budget composes its
// handlers: a feature adds its own room and one line below. Adding a method: see ARCHITECTURE.md.
import * as app from './domains/app';
import * as audit from './domains/audit';
import * as clients from './domains/clients';
import * as conversations from './domains/conversations';
import * as moderation from './domains/moderation';
import * as guidelines from './domains/guidelines';
import * as queue from './domains/queue';
import * as replies from './domains/replies';
import * as reports from './domains/reports';
import * as responses from './domains/responses';
import * as sla from './domains/sla';
import * as sources from './domains/sources';
import * as tags from './domains/tags';
import * as time from './domains/time';
import type { z } from 'zod';
import type { MethodSpec } from './define';

export { AgentProfile, AppInfo } from './domains/app';
export {
  ConnectorField,
  ConnectorInfo,
  SourceSetup,
  SourceTestInput,
  SourceTestResult,
  SourceUpdate,
  SourceWithSecrets,
} from './domains/sources';
export { QueueQuery, QueuePage } from './domains/queue';
export { ConversationDetail } from './domains/conversations';
export { ModerationActInput, ModerationCount } from './domains/moderation';
export { SlaBoardRow, SlaMetricReport } from './domains/sla';
export { ResponseRecord, ResponseDraft } from './domains/responses';
export { ClientGuideline, FindingRecord } from './domains/guidelines';

/** The rooms, in the order their methods are listed. */
const rooms = [
  app,
  clients,
  sources,
  queue,
  conversations,
  replies,
  moderation,
  sla,
  audit,
  time,
  responses,
  guidelines,
  reports,
  tags,
] as const;

/** The method map: name -> { input, output, read? }. Names are `domain.verbNoun`. */
export const contract = {
  ...app.methods,
  ...clients.methods,
  ...sources.methods,
  ...queue.methods,
  ...conversations.methods,
  ...replies.methods,
  ...moderation.methods,
  ...sla.methods,
  ...audit.methods,
  ...time.methods,
  ...responses.methods,
  ...guidelines.methods,
  ...reports.methods,
  ...tags.methods,
} as const satisfies Record<string, MethodSpec>;

/** Events pushed core -> renderer (names are `domain.pastTense`). */
export const events = {
  ...app.events,
  ...sources.events,
  ...queue.events,
  ...conversations.events,
  ...replies.events,
  ...time.events,
  ...moderation.events,
  ...responses.events,
  ...guidelines.events,
  ...reports.events,
  ...tags.events,
} as const;

// A method or event name declared by two rooms would silently shadow one: refuse at load.
{
  const seen = new Set<string>();
  for (const r of rooms) {
    for (const name of [...Object.keys(r.methods), ...Object.keys(r.events)]) {
      if (seen.has(name)) throw new Error(`contract: ${name} is declared twice`);
      seen.add(name);
    }
  }
}

/** Methods that are pure reads (hosts may serve them from a reader connection). */
export function isReadMethod(name: Method): boolean {
  return (contract[name] as MethodSpec).read === true;
}

/** The two IPC channels the preload forwards; adding a method never touches the preload. */
export { CHANNELS } from './channels';

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
/** The parsed (defaults applied) input a core implementation receives. */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export type CoreEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** What the renderer calls: one async function per method. */
export type CoreApi = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };
/** Who acts: the agent the core resolved for this call (null only before the first agent exists). */
export type CallContext = { agentId: number | null };
/** What the core implements: receives validated input and who is calling. */
export type CoreHandlers = {
  [M in Method]: (input: ParsedInput<M>, call: CallContext) => Output<M> | Promise<Output<M>>;
};
/** The handlers of one room (a subset of the methods), e.g. `RoomHandlers<'clients.list' | 'clients.create'>`. */
export type RoomHandlers<M extends Method> = Pick<CoreHandlers, M>;
/** The method names one room declares. */
export type MethodsOf<R extends Record<string, unknown>> = Extract<keyof R, Method>;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
