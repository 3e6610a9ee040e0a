// renderer/api/queries: core events -> query invalidation by domain prefix.
import type { QueryClient } from '@tanstack/react-query';
import type { CoreEvent } from '../../../shared/ipc/contract';
import { coreStatus } from '../coreStatus';
import { conversationKeys } from './conversations';
import { tagKeys } from './feedback';
import { moderationKeys } from './moderation';
import { queueKeys } from './queue';
import { slaKeys } from './sla';
import { sourceKeys } from './sources';
import { timeKeys } from './time';
import { voiceKeys } from './voice';

export function applyEvent(qc: QueryClient, e: CoreEvent): void {
  switch (e.name) {
    case 'queue.changed':
      void qc.invalidateQueries({ queryKey: queueKeys.all });
      void qc.invalidateQueries({ queryKey: slaKeys.all });
      break;
    case 'conversation.changed':
      void qc.invalidateQueries({ queryKey: conversationKeys.detail(e.payload.id) });
      void qc.invalidateQueries({ queryKey: slaKeys.clocks(e.payload.id) });
      break;
    case 'outbox.changed':
      // The delivery state shows in the thread; a sent reply also moves the conversation in the queue.
      void qc.invalidateQueries({ queryKey: conversationKeys.detail(e.payload.conversationId) });
      void qc.invalidateQueries({ queryKey: queueKeys.all });
      break;
    case 'moderation.changed':
      // An action's state shows in the pane; a done action may solve the item (queue).
      void qc.invalidateQueries({ queryKey: moderationKeys.list(e.payload.conversationId) });
      void qc.invalidateQueries({ queryKey: conversationKeys.detail(e.payload.conversationId) });
      void qc.invalidateQueries({ queryKey: queueKeys.all });
      break;
    case 'sources.changed':
      void qc.invalidateQueries({ queryKey: sourceKeys.all });
      break;
    case 'sync.progress':
      if (e.payload.phase === 'done' || e.payload.phase === 'failed')
        void qc.invalidateQueries({ queryKey: sourceKeys.all });
      break;
    case 'time.changed':
      void qc.invalidateQueries({ queryKey: timeKeys.all });
      break;
    case 'time.exportProgress':
      qc.setQueryData(timeKeys.exportProgress(e.payload.exportId), e.payload);
      break;
    case 'responses.changed':
      void qc.invalidateQueries({ queryKey: voiceKeys.responses });
      break;
    case 'tags.changed':
      void qc.invalidateQueries({ queryKey: tagKeys.catalogue(e.payload.clientId) });
      break;
    case 'guidelines.changed':
      void qc.invalidateQueries({ queryKey: voiceKeys.guideline(e.payload.clientId) });
      break;
    case 'app.reconnected':
      // The core was restarted: events may have been lost while it was down, so refetch everything.
      coreStatus.reconnected(Date.parse(e.payload.at) || Date.now());
      void qc.invalidateQueries();
      break;
    case 'notify':
      // Shown as a toast (and a browser notification) by the providers.
      break;
  }
}
