// renderer/api/queries: a client's tag catalogue and the feedback items of a conversation (tagging
// member messages as feedback from the conversation pane).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FeedbackKind } from '../../../shared/domain/tags';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';
import { conversationKeys } from './conversations';

export const tagKeys = {
  all: ['tags'] as const,
  catalogue: (clientId: number) => [...tagKeys.all, clientId] as const,
};
/** Under the conversation's detail key, so a `conversation.changed` event refreshes it too. */
export const feedbackKey = (conversationId: number) =>
  [...conversationKeys.detail(conversationId), 'feedback'] as const;

export const tagsOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: tagKeys.catalogue(clientId),
    queryFn: () => api['tags.list']({ clientId }),
    staleTime: 30_000,
  });

export const feedbackOptions = (api: ApiClient, conversationId: number) =>
  queryOptions({
    queryKey: feedbackKey(conversationId),
    queryFn: () => api['feedback.forConversation']({ conversationId }),
    staleTime: 5_000,
  });

/** Tags a member message; with `create`, first adds the theme to the client's catalogue. */
export function useTagFeedback() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      conversationId: number;
      messageId: number;
      tagId?: number;
      create?: { clientId: number; name: string; kind: FeedbackKind };
    }) => {
      const tagId = v.create ? (await api['tags.create'](v.create)).id : v.tagId!;
      return api['feedback.tag']({ messageId: v.messageId, tagId });
    },
    onSuccess: (_d, v) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: feedbackKey(v.conversationId) }),
        qc.invalidateQueries({ queryKey: tagKeys.all }),
      ]),
  });
}

export function useUntagFeedback() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; conversationId: number }) => api['feedback.untag']({ id: v.id }),
    onSuccess: (_d, v) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: feedbackKey(v.conversationId) }),
        qc.invalidateQueries({ queryKey: tagKeys.all }),
      ]),
  });
}

/** The catalogue's commands (create, rename, kind, merge, archive); each refreshes every tag query. */
export function useTagCommand<
  M extends 'tags.create' | 'tags.rename' | 'tags.setKind' | 'tags.merge' | 'tags.archive',
>(method: M) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<M>) => (api[method] as (v: Input<M>) => Promise<unknown>)(v),
    onSuccess: () => qc.invalidateQueries({ queryKey: tagKeys.all }),
  });
}
