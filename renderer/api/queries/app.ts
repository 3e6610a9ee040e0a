// renderer/api/queries: app info (mode, demo flag, the current agent) and the agent list.
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client';

export const appKeys = {
  info: ['app'] as const,
  agents: ['agents'] as const,
};

export const appInfoOptions = (api: ApiClient) =>
  queryOptions({ queryKey: appKeys.info, queryFn: () => api['app.info']({}), staleTime: Infinity });
export const agentsOptions = (api: ApiClient) =>
  queryOptions({ queryKey: appKeys.agents, queryFn: () => api['agents.list']({}) });
