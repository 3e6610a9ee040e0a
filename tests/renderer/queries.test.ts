// @vitest-environment jsdom
// Core events invalidate queries by domain prefix.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../shared/ipc/contract';
import {
  applyEvent,
  conversationKeys,
  queueKeys,
  slaKeys,
  sourceKeys,
} from '../../renderer/api/queries';

function invalidated(e: CoreEvent): unknown[] {
  const qc = new QueryClient();
  const spy = vi.spyOn(qc, 'invalidateQueries').mockResolvedValue();
  applyEvent(qc, e);
  return spy.mock.calls.map((c) => (c[0] as { queryKey: unknown }).queryKey);
}

describe('applyEvent', () => {
  it('maps each core event to the query prefixes it makes stale', () => {
    expect(invalidated({ name: 'queue.changed', payload: { reason: 'sync' } })).toEqual([
      queueKeys.all,
      slaKeys.all,
    ]);
    expect(invalidated({ name: 'conversation.changed', payload: { id: 7 } })).toEqual([
      ['conversation', 7],
      ['sla', 'clocks', 7],
    ]);
    expect(
      invalidated({
        name: 'outbox.changed',
        payload: { messageId: 1, conversationId: 7, state: 'sent', error: null },
      }),
    ).toEqual([conversationKeys.detail(7), ['queue']]);
    expect(invalidated({ name: 'sources.changed', payload: { sourceId: 2 } })).toEqual([
      sourceKeys.all,
    ]);
    expect(
      invalidated({ name: 'notify', payload: { kind: 'info', title: 't', body: 'b' } }),
    ).toEqual([]);
  });

  it('page keys live under the queue prefix, keyed by filters and page index', () => {
    const f = { assignee: 'any' as const };
    expect(queueKeys.page(f, 3)).toEqual(['queue', 'page', f, 3]);
    expect(queueKeys.counts()).toEqual(['queue', 'counts']);
  });
});
