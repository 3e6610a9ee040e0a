// renderer/api/queries: the client report (PDF) — the hook the Reports tab's "Export client report"
// button uses (`useClientReport`: writes the PDF into the data folder's exports/ and returns its path,
// page count and language), its progress (set from `reports.clientReportProgress` events), and the
// account manager's choices: notable conversations and the client's report language.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const clientReportKeys = {
  all: ['clientReport'] as const,
  notable: (clientId: number, month: string) =>
    ['clientReport', 'notable', clientId, month] as const,
  language: (clientId: number) => ['clientReport', 'language', clientId] as const,
  /** Generation progress {step, steps, done} (set from core events; not under `all`, so a refetch never clears it). */
  progress: (reportId: string) => ['clientReportProgress', reportId] as const,
};

export const notableOptions = (api: ApiClient, clientId: number, month: string) =>
  queryOptions({
    queryKey: clientReportKeys.notable(clientId, month),
    queryFn: () => api['reports.notable']({ clientId, month }),
  });
export const reportLanguageOptions = (api: ApiClient, clientId: number) =>
  queryOptions({
    queryKey: clientReportKeys.language(clientId),
    queryFn: () => api['reports.language']({ clientId }),
  });

/**
 * Export client report: `mutate({ clientId, month, paper?, language?, reportId })`; watch progress
 * with `useQuery({ queryKey: clientReportKeys.progress(reportId), enabled: false })`.
 */
export function useClientReport() {
  const api = useApi();
  return useMutation({
    mutationFn: (v: Input<'reports.clientReport'>) => api['reports.clientReport'](v),
  });
}

/** Sets the notable conversations or the report language; refreshes those queries. */
export function useClientReportCommand<M extends 'reports.setNotable' | 'reports.setLanguage'>(
  method: M,
) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<M>) => (api[method] as (v: Input<M>) => Promise<unknown>)(v),
    onSuccess: () => qc.invalidateQueries({ queryKey: clientReportKeys.all }),
  });
}
