// renderer/api/queries: connected communities (sources), their health and quarantined payloads.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddDiscourseSource } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const sourceKeys = {
  all: ['sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
  quarantine: () => [...sourceKeys.all, 'quarantine'] as const,
};

export const sourcesOptions = (api: ApiClient) =>
  queryOptions({ queryKey: sourceKeys.list(), queryFn: () => api['sources.list']({}) });
export const quarantineOptions = (api: ApiClient) =>
  queryOptions({ queryKey: sourceKeys.quarantine(), queryFn: () => api['sources.quarantine']({ limit: 100 }) });

export function useAddDiscourse() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: AddDiscourseSource) => api['sources.addDiscourse'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: sourceKeys.all }),
  });
}

export function useRemoveSource() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api['sources.remove']({ id }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: sourceKeys.all }), qc.invalidateQueries({ queryKey: ['queue'] })]),
  });
}

export function useSyncSource() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api['sources.syncNow']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: sourceKeys.all }),
  });
}
