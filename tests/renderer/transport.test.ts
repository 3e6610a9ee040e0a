// @vitest-environment jsdom
// Transports: IPC through window.app, browser mode over HTTP + server-sent events; the typed client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppBridge } from '../../shared/ipc/bridge';
import type { CoreEvent } from '../../shared/ipc/contract';
import { RpcCallError } from '../../shared/ipc/result';
import { createApiClient } from '../../renderer/api/client';
import { httpTransport, pickTransport, takeToken } from '../../renderer/api/transport';

beforeEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  delete window.app;
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  delete window.app;
});

describe('browser-mode transport', () => {
  it('reads the token from the URL once, keeps it in sessionStorage and cleans the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#h');
    expect(takeToken()).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    expect(window.location.href).not.toContain('abc123');
    expect(sessionStorage.getItem('steward.token')).toBe('abc123');
    // A reload (no token in the URL any more) keeps the session.
    window.history.replaceState(null, '', '/');
    expect(takeToken()).toBe('abc123');
  });

  it('without a token in the URL or the session there is no transport', () => {
    expect(pickTransport()).toBeNull();
  });

  it('sends the token as a header and returns the envelope', async () => {
    window.history.replaceState(null, '', '/?token=tok');
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ ok: true, value: { total: 0 } }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const t = pickTransport()!;
    expect(t.kind).toBe('http');
    const r = await t.invoke('queue.list', { limit: 5 });
    expect(r).toEqual({ ok: true, value: { total: 0 } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/rpc/queue.list');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-Steward-Token']).toBe('tok');
    expect(init.body).toBe('{"limit":5}');
  });

  it('passes domain errors through and turns 401/403 and network failures into error envelopes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({ ok: false, error: { code: 'not_found', message: 'nope' } }),
            { status: 200 },
          ),
      ),
    );
    expect(await httpTransport('t').invoke('conversations.get', { id: 9 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'nope' },
    });
    for (const status of [401, 403]) {
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response('{}', { status })),
      );
      expect(await httpTransport('bad').invoke('queue.list', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect(await httpTransport('t').invoke('queue.list', {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('events come from /events?token=…; a reconnect asks for everything to be refetched', () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      onopen: (() => void) | null = null;
      onmessage: ((m: { data: string }) => void) | null = null;
      closed = false;
      constructor(public url: string) {
        sources.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    const got: CoreEvent[] = [];
    const reconnects = vi.fn();
    const off = httpTransport('t k').subscribe((e) => got.push(e), reconnects);
    const es = sources[0]!;
    expect(es.url).toBe('/events?token=t%20k');
    es.onopen!();
    es.onmessage!({ data: JSON.stringify({ name: 'queue.changed', payload: { reason: 'sync' } }) });
    es.onmessage!({ data: 'not json' });
    expect(got).toEqual([{ name: 'queue.changed', payload: { reason: 'sync' } }]);
    expect(reconnects).not.toHaveBeenCalled();
    es.onopen!(); // the browser reconnected after a drop
    expect(reconnects).toHaveBeenCalledTimes(1);
    off();
    expect(es.closed).toBe(true);
  });
});

describe('desktop transport', () => {
  it('uses window.app when the preload exposed it', async () => {
    window.history.replaceState(null, '', '/?token=ignored');
    const listeners: ((e: CoreEvent) => void)[] = [];
    const bridge: AppBridge = {
      platform: 'linux',
      invoke: vi.fn(async () => ({ ok: true as const, value: { open: 1, breached: 0, mine: 0 } })),
      on: (l) => {
        listeners.push(l);
        return () => undefined;
      },
    };
    window.app = bridge;
    const t = pickTransport()!;
    expect(t.kind).toBe('ipc');
    expect(await t.invoke('queue.counts', {})).toEqual({
      ok: true,
      value: { open: 1, breached: 0, mine: 0 },
    });
    expect(bridge.invoke).toHaveBeenCalledWith('queue.counts', {});
    const got: CoreEvent[] = [];
    t.subscribe((e) => got.push(e));
    listeners[0]!({ name: 'sources.changed', payload: { sourceId: 1 } });
    expect(got).toHaveLength(1);
  });
});

describe('api client', () => {
  it('one typed function per method; ok:false throws RpcCallError with the code', async () => {
    const invoke = vi.fn(async (method: string) =>
      method === 'app.info'
        ? { ok: true as const, value: { version: '1' } }
        : {
            ok: false as const,
            error: {
              code: 'invalid_input' as const,
              message: 'bad',
              issues: [{ path: 'id', message: 'Required' }],
            },
          },
    );
    const api = createApiClient({ kind: 'http', invoke, subscribe: () => () => undefined });
    expect(await api['app.info']({})).toEqual({ version: '1' });
    const err = await api['conversations.get']({ id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcCallError);
    expect((err as RpcCallError).code).toBe('invalid_input');
    expect((err as RpcCallError).issues).toEqual([{ path: 'id', message: 'Required' }]);
    expect(invoke).toHaveBeenLastCalledWith('conversations.get', { id: 1 });
  });
});
