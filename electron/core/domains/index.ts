// electron/core/domains: the rooms' handlers merged into the one typed map the dispatcher serves.
// A new room adds its module and one line here; TypeScript fails until every contract method has
// exactly one handler.
import type { CoreHandlers } from '../../../shared/ipc/contract';
import { createAppHandlers } from './app/handlers';
import { createAuditHandlers } from './audit/handlers';
import { createClientsHandlers } from './clients/handlers';
import { createConversationsHandlers } from './conversations/handlers';
import { createGuidelinesHandlers } from './guidelines/handlers';
import type { HandlerDeps } from './deps';
import { createModerationHandlers } from './moderation/handlers';
import { createQueueHandlers } from './queue/handlers';
import { createReportsHandlers } from './reports/handlers';
import { createRepliesHandlers } from './replies/handlers';
import { createResponsesHandlers } from './responses/handlers';
import { createSlaHandlers } from './sla/handlers';
import { createSourcesHandlers } from './sources/handlers';
import { createTagsHandlers } from './tags/handlers';
import { createTimeHandlers } from './time/handlers';

export type { HandlerDeps } from './deps';
export { createRepos, type Repos } from './repos';

export function createHandlers(d: HandlerDeps): CoreHandlers {
  return {
    ...createAppHandlers(d),
    ...createClientsHandlers(d),
    ...createSourcesHandlers(d),
    ...createQueueHandlers(d),
    ...createConversationsHandlers(d),
    ...createRepliesHandlers(d),
    ...createModerationHandlers(d),
    ...createSlaHandlers(d),
    ...createAuditHandlers(d),
    ...createTimeHandlers(d),
    ...createResponsesHandlers(d),
    ...createGuidelinesHandlers(d),
    ...createReportsHandlers(d),
    ...createTagsHandlers(d),
  };
}
