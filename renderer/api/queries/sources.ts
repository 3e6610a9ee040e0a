// renderer/api/queries: connected communities (sources), the connectors that can set one up, their
// health and quarantined payloads; add / update / test connection / remove through the generic setup.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SourceSetup, SourceTestInput, SourceUpdate } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';
import { localized } from '../../components/domain';

export const sourceKeys = {
  all: ['sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
  connectors: () => [...sourceKeys.all, 'connectors'] as const,
  quarantine: () => [...sourceKeys.all, 'quarantine'] as const,
};

export const sourcesOptions = (api: ApiClient) =>
  queryOptions({ queryKey: sourceKeys.list(), queryFn: () => api['sources.list']({}) });
/** Connectors never change while the app runs. */
export const connectorsOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: sourceKeys.connectors(),
    queryFn: () => api['sources.connectors']({}),
    staleTime: Infinity,
  });
export const quarantineOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: sourceKeys.quarantine(),
    queryFn: () => api['sources.quarantine']({ limit: 100 }),
  });

/** Source id -> its platform's name in the UI language (from the connector, never from i18n files). */
export function usePlatformLabels(lang: string | undefined): ReadonlyMap<number, string> {
  const api = useApi();
  const sources = useQuery(sourcesOptions(api));
  return useMemo(
    () => new Map((sources.data ?? []).map((s) => [s.id, localized(s.platformLabel, lang)])),
    [sources.data, lang],
  );
}

export function useAddSource() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: SourceSetup) => api['sources.add'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: sourceKeys.all }),
  });
}

export function useUpdateSource() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: SourceUpdate) => api['sources.update'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: sourceKeys.all }),
  });
}

export function useTestSource() {
  const api = useApi();
  return useMutation({ mutationFn: (v: SourceTestInput) => api['sources.test'](v) });
}

export function useRemoveSource() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api['sources.remove']({ id }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: sourceKeys.all }),
        qc.invalidateQueries({ queryKey: ['queue'] }),
      ]),
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
