// renderer/api/queries: canned responses (a client's library with this agent's use counts, one
// library as stored, the 90-day list) and brand guidelines; responses.changed / guidelines.changed
// events refresh them.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const voiceKeys = {
  responses: ['responses'] as const,
  library: (clientId: number) => [...voiceKeys.responses, 'library', clientId] as const,
  list: (clientId: number | null) => [...voiceKeys.responses, 'list', clientId] as const,
  stale: (clientId: number) => [...voiceKeys.responses, 'stale', clientId] as const,
  guidelines: ['guidelines'] as const,
  guideline: (clientId: number) => [...voiceKeys.guidelines, clientId] as const,
};

export const libraryOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: voiceKeys.library(clientId),
    queryFn: () => api['responses.library']({ clientId }),
    staleTime: 60_000,
  });
export const responsesOptions = (api: ApiClient, clientId: number | null) =>
  queryOptions({
    queryKey: voiceKeys.list(clientId),
    queryFn: () => api['responses.list']({ clientId }),
  });
export const staleOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: voiceKeys.stale(clientId),
    queryFn: () => api['responses.stale']({ clientId, days: 90 }),
  });
export const guidelineOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: voiceKeys.guideline(clientId),
    queryFn: () => api['guidelines.get']({ clientId }),
    staleTime: 60_000,
  });

export function useSaveResponse() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'responses.save'>) => api['responses.save'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: voiceKeys.responses }),
  });
}
export function useDeleteResponse() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api['responses.delete']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: voiceKeys.responses }),
  });
}
export function useImportResponses() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'responses.import'>) => api['responses.import'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: voiceKeys.responses }),
  });
}
/** Counts one use of a canned response (its weight in this agent's picker for this client). */
export function useResponseUsed() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { responseId: string; conversationId: number; clientId: number }) =>
      api['responses.used']({ responseId: v.responseId, conversationId: v.conversationId }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: voiceKeys.library(v.clientId) }),
  });
}
export function useSetGuideline() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'guidelines.set'> & { via?: 'import' }) =>
      (v.via === 'import' ? api['guidelines.import'] : api['guidelines.set'])({
        clientId: v.clientId,
        source: v.source,
        format: v.format,
      }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: voiceKeys.guideline(v.clientId) }),
  });
}
