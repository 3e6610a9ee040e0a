// renderer/api: how the renderer reaches the core. Desktop: window.app (the sandboxed preload's
// bridge over Electron IPC). Browser mode: HTTP POST /rpc/<method> + server-sent events, with the
// per-launch token read once from the URL, kept in sessionStorage and removed from the address bar.
import type { AppBridge } from '../../shared/ipc/bridge';
import type { CoreEvent } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

export type Transport = {
  kind: 'ipc' | 'http';
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (e: CoreEvent) => void, onReconnect?: () => void): () => void;
};

declare global {
  interface Window {
    app?: AppBridge;
  }
}

export function ipcTransport(bridge: AppBridge): Transport {
  return { kind: 'ipc', invoke: (m, i) => bridge.invoke(m, i), subscribe: (l) => bridge.on(l) };
}

const TOKEN_KEY = 'steward.token';

/** Reads the token from ?token= (first load) or sessionStorage, and cleans the address bar. */
export function takeToken(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function httpTransport(token: string, base = ''): Transport {
  return {
    kind: 'http',
    async invoke(method, input) {
      let res: Response;
      try {
        res = await fetch(`${base}/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Steward-Token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: 'Steward is not reachable (is the server still running?)',
          },
        };
      }
      if (res.status === 401 || res.status === 403) {
        return {
          ok: false,
          error: {
            code: 'unauthorized',
            message: 'This page lost its session: open the URL Steward printed again.',
          },
        };
      }
      try {
        return (await res.json()) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: `Unexpected response (${res.status})` },
        };
      }
    },
    subscribe(listener, onReconnect) {
      const es = new EventSource(`${base}/events?token=${encodeURIComponent(token)}`);
      let opened = false;
      es.onopen = () => {
        if (opened) onReconnect?.();
        opened = true;
      };
      es.onmessage = (m) => {
        try {
          listener(JSON.parse(m.data as string) as CoreEvent);
        } catch {
          // ignore malformed frames
        }
      };
      return () => es.close();
    },
  };
}

export function pickTransport(): Transport | null {
  if (typeof window !== 'undefined' && window.app) return ipcTransport(window.app);
  const token = takeToken();
  return token ? httpTransport(token) : null;
}
