// renderer/api/queries: core events -> query invalidation by domain prefix.
import type { QueryClient } from '@tanstack/react-query';
import type { CoreEvent } from '../../../shared/ipc/contract';
import { conversationKeys } from './conversations';
import { queueKeys } from './queue';
import { slaKeys } from './sla';
import { sourceKeys } from './sources';
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
    case 'sources.changed':
      void qc.invalidateQueries({ queryKey: sourceKeys.all });
      break;
    case 'sync.progress':
      if (e.payload.phase === 'done' || e.payload.phase === 'failed') void qc.invalidateQueries({ queryKey: sourceKeys.all });
      break;
    case 'responses.changed':
      void qc.invalidateQueries({ queryKey: voiceKeys.responses });
      break;
    case 'guidelines.changed':
      void qc.invalidateQueries({ queryKey: voiceKeys.guideline(e.payload.clientId) });
      break;
    case 'notify':
      // Shown as a toast (and a browser notification) by the providers.
      break;
  }
}
