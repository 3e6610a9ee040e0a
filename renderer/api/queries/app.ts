// renderer/api/queries: app info (mode, demo flag, the current agent) and the agent list.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ApiClient } from '../client';
import { useApi } from './context';

export const appKeys = {
  info: ['app'] as const,
  agents: ['agents'] as const,
};

export const appInfoOptions = (api: ApiClient) =>
  queryOptions({ queryKey: appKeys.info, queryFn: () => api['app.info']({}), staleTime: Infinity });
export const agentsOptions = (api: ApiClient) =>
  queryOptions({ queryKey: appKeys.agents, queryFn: () => api['agents.list']({}) });

/** First start: who is using this desktop. Refreshes app info (the top bar shows the agent). */
export function useSetupSelf() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Input<'agents.setupSelf'>) => api['agents.setupSelf'](v),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: appKeys.info }),
        qc.invalidateQueries({ queryKey: appKeys.agents }),
      ]),
  });
}
