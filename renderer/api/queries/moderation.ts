// renderer/api/queries: moderation — a conversation's moderation state and actions, acting and retrying.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModerationActInput } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';
import { conversationKeys } from './conversations';
import { queueKeys } from './queue';

export const moderationKeys = {
  all: ['moderation'] as const,
  list: (conversationId: number) => [...moderationKeys.all, 'list', conversationId] as const,
};

export const moderationListOptions = (api: ApiClient, conversationId: number) =>
  queryOptions({
    queryKey: moderationKeys.list(conversationId),
    queryFn: () => api['moderation.list']({ conversationId }),
    staleTime: 5_000,
  });

export function useModerationAct() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: ModerationActInput) => api['moderation.act'](v),
    onSuccess: (_d, v) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: moderationKeys.list(v.conversationId) }),
        qc.invalidateQueries({ queryKey: conversationKeys.detail(v.conversationId) }),
        qc.invalidateQueries({ queryKey: queueKeys.all }),
      ]),
  });
}

export function useModerationRetry() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { actionId: number; conversationId: number }) =>
      api['moderation.retry']({ actionId: v.actionId }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: moderationKeys.list(v.conversationId) }),
  });
}
