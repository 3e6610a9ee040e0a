// electron/core/domains: every repository, built once per connection. Each domain owns its
// repositories (all SQL lives in them); this only instantiates them for the composition root.
import { platformInfo } from '../connectors/registry';
import type { Db } from '../db/open';
import { createAgentsRepo } from './agents/repo';
import { createAuditRepo } from './audit/repo';
import { createClientsRepo } from './clients/repo';
import { createGuidelinesRepo } from './guidelines/repo';
import { createDraftsRepo } from './conversations/draftsRepo';
import { createMessagesRepo } from './conversations/messagesRepo';
import { createConversationsRepo } from './conversations/repo';
import { createModerationRepo } from './moderation/repo';
import { createOutboxRepo } from './replies/outboxRepo';
import { createReportsRepo } from './reports/repo';
import { createQuarantineRepo } from './sources/quarantineRepo';
import { createSourcesRepo } from './sources/repo';
import { createTagsRepo } from './tags/repo';
import { createTimeRepo } from './time/repo';
import { createResponsesRepo } from './responses/repo';

export type Repos = ReturnType<typeof createRepos>;
export function createRepos(db: Db) {
  return {
    clients: createClientsRepo(db),
    agents: createAgentsRepo(db),
    sources: createSourcesRepo(db, platformInfo),
    conversations: createConversationsRepo(db),
    messages: createMessagesRepo(db),
    outbox: createOutboxRepo(db),
    drafts: createDraftsRepo(db),
    audit: createAuditRepo(db),
    quarantine: createQuarantineRepo(db),
    time: createTimeRepo(db),
    moderation: createModerationRepo(db),
    responses: createResponsesRepo(db),
    guidelines: createGuidelinesRepo(db),
    reports: createReportsRepo(db),
    tags: createTagsRepo(db),
  };
}
