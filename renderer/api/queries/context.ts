// renderer/api/queries: the API client for the component tree (set once by the providers).
import { createContext, useContext } from 'react';
import type { ApiClient } from '../client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('ApiContext missing: render inside <Providers>');
  return api;
}
