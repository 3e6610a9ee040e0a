// renderer/app: the providers — the API client (chosen transport), TanStack Query with
// networkMode 'always' (the core is local), core events -> query invalidation + notifications.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { CoreEvent } from '../../shared/ipc/contract';
import { createApiClient, type ApiClient } from '../api/client';
import { ApiContext, applyEvent } from '../api/queries';
import type { Transport } from '../api/transport';
import { useUiStore } from '../store/useUiStore';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: 2_000, refetchOnWindowFocus: false, retry: 1 },
      mutations: { networkMode: 'always' },
    },
  });
}

type Toast = { id: number; kind: string; title: string; body: string };

function notifyBrowser(e: Extract<CoreEvent, { name: 'notify' }>, desktop: boolean) {
  // In the desktop app the main process shows native notifications itself.
  if (desktop || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(e.payload.title, { body: e.payload.body, tag: `steward-${e.payload.conversationId ?? e.payload.title}` });
  n.onclick = () => {
    window.focus();
    if (e.payload.conversationId) useUiStore.getState().select(-1, e.payload.conversationId);
  };
}

export function Providers({ transport, children, queryClient }: { transport: Transport; children: ReactNode; queryClient?: QueryClient }) {
  const [qc] = useState(() => queryClient ?? makeQueryClient());
  const [api] = useState<ApiClient>(() => createApiClient(transport));
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    let seq = 0;
    return transport.subscribe(
      (e) => {
        applyEvent(qc, e);
        if (e.name === 'notify') {
          notifyBrowser(e, transport.kind === 'ipc');
          const id = ++seq;
          setToasts((t) => [...t.slice(-3), { id, kind: e.payload.kind, title: e.payload.title, body: e.payload.body }]);
          setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 8000);
        }
      },
      () => void qc.invalidateQueries(),
    );
  }, [transport, qc]);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={qc}>
        {children}
        <div className="toasts" aria-live="polite">
          {toasts.map((t) => (
            <div key={t.id} className={`toast ${t.kind}`}>
              <strong>{t.title}</strong>
              <div>{t.body}</div>
            </div>
          ))}
        </div>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
