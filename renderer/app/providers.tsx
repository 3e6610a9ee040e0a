// renderer/app: the providers — the API client over the chosen transport, TanStack Query with
// networkMode 'always' (the core is local: never pause for "offline"), and core events -> query
// invalidation by domain prefix + notifications (toasts, see ./toasts; browser Notification outside Electron).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { CoreEvent } from '../../shared/ipc/contract';
import { createApiClient, type ApiClient } from '../api/client';
import { ApiContext, applyEvent } from '../api/queries';
import type { Transport } from '../api/transport';
import { useUiStore } from '../store/useUiStore';
import i18n from '../i18n';
import { Toasts, useToasts } from './toasts';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: 2_000, refetchOnWindowFocus: false, retry: 1 },
      mutations: { networkMode: 'always' },
    },
  });
}

type NotifyEvent = Extract<CoreEvent, { name: 'notify' }>;

function openConversation(id: number) {
  const s = useUiStore.getState();
  s.setView('queue');
  s.select(-1, id);
}

/** The notification title in the agent's language (SLA events carry the metric and client). */
export function notifyTitle(p: NotifyEvent['payload']): string {
  if (!p.metric || p.kind === 'info') return p.title;
  return i18n.t(p.kind === 'breach' ? 'sla.notifyBreach' : 'sla.notifyWarning', {
    metric: i18n.t(`sla.metric.${p.metric}`),
    client: p.client ?? '',
  });
}

/** Browser mode only: in the desktop app the main process shows native notifications itself. */
function notifyBrowser(e: NotifyEvent, desktop: boolean) {
  if (desktop || typeof Notification === 'undefined' || Notification.permission !== 'granted')
    return;
  const n = new Notification(notifyTitle(e.payload), {
    body: e.payload.body,
    tag: `steward-${e.payload.conversationId ?? e.payload.title}`,
  });
  n.onclick = () => {
    window.focus();
    if (e.payload.conversationId) openConversation(e.payload.conversationId);
  };
}

export function Providers({
  transport,
  children,
  queryClient,
}: {
  transport: Transport;
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [qc] = useState(() => queryClient ?? makeQueryClient());
  const [api] = useState<ApiClient>(() => createApiClient(transport));
  const { toasts, push, dismiss, dismissAll } = useToasts();
  useEffect(() => {
    const unsubscribe = transport.subscribe(
      (e) => {
        applyEvent(qc, e);
        if (e.name === 'notification.clicked') return openConversation(e.payload.conversationId);
        if (e.name !== 'notify') return;
        notifyBrowser(e, transport.kind === 'ipc');
        push({ ...e.payload, title: notifyTitle(e.payload) });
      },
      // Events may have been missed while the stream was down: refetch everything.
      () => void qc.invalidateQueries(),
    );
    return unsubscribe;
  }, [transport, qc, push]);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={qc}>
        {children}
        <Toasts toasts={toasts} dismiss={dismiss} dismissAll={dismissAll} open={openConversation} />
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
