// renderer/api/queries: one conversation (thread, client, member, draft) and everything the agent
// does to it: status, priority, assignment, replies through the outbox, notes, drafts.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConversationStatus, Priority } from '../../../shared/domain/entities';
import type { ConversationDetail } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';
import { queueKeys } from './queue';

export const conversationKeys = {
  all: ['conversation'] as const,
  detail: (id: number) => [...conversationKeys.all, id] as const,
};

export const conversationOptions = (api: ApiClient, id: number) =>
  queryOptions({
    queryKey: conversationKeys.detail(id),
    queryFn: () => api['conversations.get']({ id }),
    staleTime: 5_000,
  });

/** A change to one conversation: its detail, the queue rows and the SLA views that show it. */
const invalidateConversation = (qc: QueryClient, id: number) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: conversationKeys.detail(id) }),
    qc.invalidateQueries({ queryKey: queueKeys.all }),
    qc.invalidateQueries({ queryKey: ['sla'] }),
  ]);

export function useSetStatus() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; status: ConversationStatus }) =>
      api['conversations.setStatus'](v),
    onSuccess: (_d, v) => invalidateConversation(qc, v.id),
  });
}

export function useSetPriority() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; priority: Priority }) => api['conversations.setPriority'](v),
    onSuccess: (_d, v) => invalidateConversation(qc, v.id),
  });
}

export function useSetTags() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; tags: string[] }) => api['conversations.setTags'](v),
    onSuccess: (_d, v) => invalidateConversation(qc, v.id),
  });
}

export function useAssign() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; assigneeId: number | null }) => api['conversations.assign'](v),
    onSuccess: (_d, v) => invalidateConversation(qc, v.id),
  });
}

export function useSendReply() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      conversationId: number;
      body: string;
      idempotencyKey: string;
      thenStatus?: ConversationStatus;
      override?: { reason: string };
    }) => api['replies.send'](v),
    onSuccess: (_d, v) => invalidateConversation(qc, v.conversationId),
  });
}

export function useRetryReply() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { messageId: number; conversationId: number }) =>
      api['replies.retry']({ messageId: v.messageId }),
    onSuccess: (_d, v) =>
      qc.invalidateQueries({ queryKey: conversationKeys.detail(v.conversationId) }),
  });
}

export function useAddNote() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { conversationId: number; body: string }) => api['notes.add'](v),
    onSuccess: (_d, v) =>
      qc.invalidateQueries({ queryKey: conversationKeys.detail(v.conversationId) }),
  });
}

/**
 * Saves a draft. The cached detail gets the new draft at once, so coming back to the
 * conversation (within its stale time) shows what was typed, not the draft it was opened with.
 */
export function saveDraft(api: ApiClient, qc: QueryClient, conversationId: number, body: string) {
  qc.setQueryData<ConversationDetail>(conversationKeys.detail(conversationId), (d) =>
    d ? { ...d, draft: body } : d,
  );
  return api['drafts.save']({ conversationId, body });
}
